"""Unit tests of the score agent's pure core: every signal, every reject reason, EN and KO."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from instructflow.agents.configs import score_config
from instructflow.agents.language import detect_lang
from instructflow.agents.score import signals as sig
from instructflow.agents.score.scorer import QUALITY_WEIGHTS, REJECT_ORDER, Assessment, Scorer
from instructflow.schemas import Instance, Message, Status
from instructflow.streams.settings import Settings

SIGNALS = {
    "length", "language", "repetition", "noise", "request", "pii_density", "diversity",
    "complexity", "turns", "quality", "spam",
}  # fmt: skip


def chat(*turns: str, pii: dict[str, int] | None = None) -> Instance:
    return Instance(
        source="chat",
        stage=2,
        messages=[Message(role="user", content=t) for t in turns],
        pii=pii or {},
    )


def task(instruction: str, input: str = "") -> Instance:
    return Instance(source="task", stage=1, instruction=instruction, input=input)


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(score_config(Settings()))


# --- bounds ----------------------------------------------------------------------------

ANY_TEXT = [
    "",
    " ",
    "hi",
    "What is the capital of France?",
    "오늘 서울 날씨 어때?",
    "ㅋㅋㅋㅋㅋㅋㅋㅋ",
    "😀" * 50,
    "\x00\x01\x02\x03 broken \ufffd\ufffd",
    "Itâ€™s cafÃ© ì•ˆë…•",
    "<PERSON_1> <PHONE_NUMBER_1>",
    "a" * 20000,
    "buy now " * 3000,
    "@#$%^&*()" * 30,
    "Explain recursion.\n" * 400,
    "def f(x):\n    return x**2 if x > 0 else -x  # fix?",
    "다음 글을 세 문장 이내로 요약해 주세요.\n" + "서울은 대한민국의 수도이다. " * 50,
    "こんにちは、元気ですか？",
    "Привет, как дела?",
    "\n\n\n\n\n" * 2000,
]


@pytest.mark.parametrize("text", ANY_TEXT, ids=range(len(ANY_TEXT)))
def test_every_signal_in_unit_interval(scorer: Scorer, text: str) -> None:
    a = scorer.assess(chat(text or " "))
    assert set(a.scores) == SIGNALS
    assert all(0.0 <= v <= 1.0 for v in a.scores.values()), a.scores
    assert a.lang == "und" or (a.lang.isalpha() and a.lang.islower() and 2 <= len(a.lang) <= 3), a.lang
    assert a.reject_reason in {"", *REJECT_ORDER}


@pytest.mark.parametrize("text", ANY_TEXT, ids=range(len(ANY_TEXT)))
def test_signal_functions_alone_in_unit_interval(text: str) -> None:
    values = [
        sig.length(text),
        sig.language(text, detect_lang(text), ["en", "ko"]),
        sig.repetition(text),
        sig.noise(text),
        sig.request(text),
        sig.pii_density(text),
        sig.complexity(text),
        sig.diversity(sig.words(text)),
        sig.spam(text),
    ]
    assert all(0.0 <= v <= 1.0 for v in values), values


def test_quality_weights_sum_to_one() -> None:
    assert sum(QUALITY_WEIGHTS.values()) == pytest.approx(1.0)


# --- length ----------------------------------------------------------------------------


def test_length_rises_plateaus_and_falls() -> None:
    assert sig.length("ab") == 0.0
    assert 0 < sig.length("Why so?") < sig.length("Why is the sky blue?") < 1.0
    assert sig.length("Explain why the sky is blue and why sunsets are red, in detail.") == 1.0
    assert sig.length("word " * 1000) < 1.0
    assert sig.length("word " * 1600, max_chars=8000) == pytest.approx(0.2, abs=0.01)


def test_length_counts_hangul_as_denser() -> None:
    # 12 Korean characters say what 34 English ones do; they should score alike.
    ko, en = sig.length("오늘 서울 날씨 어때?"), sig.length("What's the weather in Seoul today?")
    assert abs(ko - en) < 0.15
    assert sig.length("오늘 서울 날씨 어때?") > sig.length("What's up?")


# --- language --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "low", "high"),
    [
        ("Please explain how photosynthesis works.", "en", 0.9, 1.0),
        ("광합성이 어떻게 일어나는지 설명해 주세요.", "ko", 0.9, 1.0),
        ("파이썬에서 list comprehension 쓰는 법 알려줘", "ko", 0.9, 1.0),  # Latin inside Korean
        ("¿Cuál es la capital de Francia y por qué?", "es", 0.0, 0.0),  # Latin, but not English
        ("こんにちは、元気ですか？", "ja", 0.0, 0.0),
    ],
)
def test_language_confidence(text: str, lang: str, low: float, high: float) -> None:
    assert detect_lang(text) == lang
    assert low <= sig.language(text, lang, ["en", "ko"]) <= high


def test_language_unsupported_is_zero() -> None:
    assert sig.language("Explain this please.", "en", ["ko"]) == 0.0


def test_placeholders_do_not_turn_korean_into_english(scorer: Scorer) -> None:
    text = "<PERSON_1>님께 <EMAIL_ADDRESS_1>로 <LOCATION_1> 주소 보내줘"
    a = scorer.assess(chat(text))
    assert a.lang == "ko"
    assert a.scores["language"] > 0.9


@pytest.mark.parametrize("text", [t for t in ANY_TEXT if t.isascii()] + ["Hello there!", "123 + 456"])
def test_ascii_shortcut_agrees_with_detect_lang(scorer: Scorer, text: str) -> None:
    clean = sig.strip_placeholders(text[: scorer.config.max_chars])
    assert scorer.assess(chat(text or " ")).lang == detect_lang(clean)


# --- repetition ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "What is the capital of France? What is the capital of Germany?",
        "Write a short story about a robot who learns to paint, in under 200 words.",
        "오늘 서울 날씨 어때? 내일 부산 날씨도 알려줘.",
        "다음 문장을 영어로 번역해 주세요: 나는 학교에 간다.",
    ],
)
def test_natural_text_is_not_repetitive(text: str) -> None:
    assert sig.repetition(text) < 0.4


@pytest.mark.parametrize(
    "text",
    [
        "buy now buy now buy now buy now buy now buy now",
        "hahahahahahahahahahaha",
        "ㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋ",
        "하하하하하하하하하하하하",
        "정말 정말 정말 정말 정말 정말 정말 정말",
        "a" * 500,
    ],
)
def test_degenerate_text_is_repetitive(text: str) -> None:
    assert sig.repetition(text) > 0.6


# --- noise -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "What is the capital of France?",
        "오늘 서울 날씨 어때? 우산 챙겨야 해?",
        "Fix this: for(i=0;i<n;i++){a[i]=b[i]*2;}",  # code is symbol-heavy, not noise
        "Is it 20% off, or $5 (USD)?",
        "I love this song 😀 what's it called?",
    ],
)
def test_clean_text_is_not_noisy(text: str) -> None:
    assert sig.noise(text) < 0.2


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01\x02 hello \x03\x04\x05",
        "helpme\ufffd\ufffd\ufffd\ufffd",
        "Itâ€™s a cafÃ© â€œquestionâ€",  # UTF-8 read as cp1252
        "ì•ˆë…•í•˜ì„¸ìš”",  # Korean read as cp1252
        "@#$%^&*()_+{}|:<>?~",
        "😀😂🤣😍😎🙌👍🔥💯🎉",
        "Why!!!!!!!!!!!!!!!!",
        "ㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋ",
    ],
)
def test_garbage_is_noisy(text: str) -> None:
    assert sig.noise(text) > 0.35


def test_placeholders_are_not_noise(scorer: Scorer) -> None:
    a = scorer.assess(chat("Send <PERSON_1> the invoice at <EMAIL_ADDRESS_1>, please."))
    assert a.scores["noise"] == 0.0


# --- request ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "What is the capital of France?",
        "how do transformers handle long context",
        "Write a haiku about autumn leaves.",
        "Given a sentence, classify its sentiment as positive or negative.",
        "Can you help me fix my bash script",
        "You need to write an email to negotiate your salary.",
        "Translate the following into German:\nGood morning",
        "오늘 서울 날씨 어때?",
        "서울 날씨 알려줘",
        "다음 문장을 영어로 번역해 주세요: 나는 학교에 간다.",
        "이 코드가 왜 안 돌아가는지 모르겠어",
        "파이썬 설치 방법이 궁금합니다",
        "회의록을 세 줄로 요약하시오.",
        "내일 회의는 몇 시에 시작하나요",
        "학교에서 온 메일은 지우지 마",
    ],
)
def test_requests_are_recognised(text: str) -> None:
    assert sig.request(text) >= 0.3


@pytest.mark.parametrize(
    "text",
    [
        "hi",
        "ok thanks",
        "Thank you so much!",
        "how are you?",
        "lol",
        "asdfghjkl qwrtyp zxcvbnm",
        "I went to the park yesterday and it was fine.",
        "안녕하세요",
        "고마워요 ㅎㅎ",
        "ㅋㅋㅋㅋㅋ",
        "SD카드 망가졌어",
        "오늘 너무 피곤하다",
    ],
)
def test_chitchat_and_statements_are_not_requests(text: str) -> None:
    assert sig.request(text) < 0.3


def test_chitchat_detection() -> None:
    assert sig.is_chitchat("OK, thanks!!")
    assert sig.is_chitchat("감사합니다~")
    assert not sig.is_chitchat("Thanks! Now explain the second step.")


# --- PII density -----------------------------------------------------------------------


def test_pii_density() -> None:
    assert sig.pii_density("What is the capital of France?") == 0.0
    assert sig.pii_density("<PERSON_1> <PHONE_NUMBER_1>") == 1.0
    assert sig.pii_density("Call <PERSON_1> at <PHONE_NUMBER_1>") == pytest.approx(0.5)
    # Korean: the particle glued to the placeholder is a word of its own.
    assert sig.pii_density("<PERSON_1>님께 전화해 줘") == pytest.approx(1 / 4)
    # Generics are not PII placeholders.
    assert sig.pii_density("Why does List<T> not compile?") == 0.0
    # Another scrubber style: fall back to the entity count.
    assert sig.pii_density("Call [REDACTED] at [REDACTED]", hint=2) == pytest.approx(0.5)


# --- complexity, diversity, turns ------------------------------------------------------


def test_complexity_rewards_constraints_and_structure() -> None:
    bare = sig.complexity("Tell me a joke.")
    rich = sig.complexity(
        "Write a product description for a steel water bottle. Use a friendly tone. "
        "Keep it under 80 words and end with a call to action.\n- audience: hikers\n- format: markdown"
    )
    assert bare < 0.2 < 0.5 < rich
    ko_bare = sig.complexity("농담 하나 해줘")
    ko_rich = sig.complexity(
        "다음 기사를 세 문장 이내로 요약해 주세요. 반드시 존댓말로 쓰고, 핵심 수치는 표로 정리해 주세요. "
        "마지막에 예시 질문 2개를 덧붙여 주세요."
    )
    assert ko_bare < 0.2 < 0.45 < ko_rich


def test_diversity() -> None:
    assert sig.diversity(["a", "b"]) == 0.0
    assert sig.diversity(sig.words("one two three four")) == 1.0
    assert sig.diversity(sig.words("go go go go")) == 0.25


def test_turns_and_multi_turn_request(scorer: Scorer) -> None:
    assert sig.turns(1) == 0.0
    assert sig.turns(3) == 0.5
    assert sig.turns(9) == 1.0
    a = scorer.assess(chat("hi there", "Can you explain how a B-tree splits nodes?", "thanks!"))
    assert a.scores["turns"] == 0.5
    assert a.scores["request"] >= 0.5
    assert a.reject_reason == ""


def test_task_request_is_its_instruction(scorer: Scorer) -> None:
    inst = task(
        "Classify the sentiment of the review as positive or negative.",
        "The plot dragged on and the acting was wooden.",
    )
    a = scorer.assess(inst)
    assert a.reject_reason == ""
    assert a.scores["request"] >= 0.5


# --- reject reasons --------------------------------------------------------------------

REJECTS = [
    ("too_short", "Why?"),
    ("too_short", "뭐야?"),
    ("too_long", "Please summarise this. " + "The quick brown fox jumps over the lazy dog. " * 200),
    ("too_long", "요약해 주세요. " + "서울은 대한민국의 수도이며 가장 큰 도시이다. " * 400),
    ("pii_dense", "<PERSON_1> <PHONE_NUMBER_1> <EMAIL_ADDRESS_1>?"),
    ("pii_dense", "<PERSON_1>님 <PHONE_NUMBER_1> <EMAIL_ADDRESS_1> <LOCATION_1>"),
    ("unsupported_language", "こんにちは、元気ですか？東京の天気を教えて"),
    ("unsupported_language", "Привет, как дела? Расскажи про погоду"),
    ("noisy", "Itâ€™s â€œbrokenâ€ â€” why?"),
    ("noisy", "ì•ˆë…•í•˜ì„¸ìš” ì§ˆë¬¸ìž…ë‹ˆë‹¤"),
    ("repetitive", "buy now buy now buy now buy now buy now buy now?"),
    ("repetitive", "좋아요 좋아요 좋아요 좋아요 좋아요 좋아요 좋아요"),
    ("not_a_request", "ok thanks, bye"),
    ("not_a_request", "I went to the park yesterday and it was fine."),
    ("not_a_request", "안녕하세요 반갑습니다"),
    ("not_a_request", "오늘 점심에 김밥을 먹었다"),
]


@pytest.mark.parametrize(("reason", "text"), REJECTS)
def test_reject_reasons(scorer: Scorer, reason: str, text: str) -> None:
    assert scorer.assess(chat(text)).reject_reason == reason


@pytest.mark.parametrize("text", ["What causes the seasons on Earth?", "지구에 계절이 생기는 이유가 뭐야?"])
def test_low_quality_below_min_quality(text: str) -> None:
    strict = Scorer(score_config(Settings(min_quality=0.99)))
    a = strict.assess(chat(text))
    assert a.reject_reason == "low_quality"
    assert Scorer(score_config(Settings())).assess(chat(text)).reject_reason == ""


@pytest.mark.parametrize(
    "text",
    [
        "What causes the seasons on Earth?",
        "Write a Python function that checks whether a string is a palindrome.",
        "지구에 계절이 생기는 이유가 뭐야?",
        "이메일 답장을 정중한 말투로 세 문장 이내로 써 줘.",
    ],
)
def test_good_requests_pass(scorer: Scorer, text: str) -> None:
    a = scorer.assess(chat(text))
    assert a.passed, a
    assert a.scores["quality"] >= 0.6


def test_first_failing_check_wins(scorer: Scorer) -> None:
    # Too short *and* chit-chat: the structural bound comes first.
    assert scorer.assess(chat("ok ty")).reject_reason == "too_short"
    # Only placeholders: PII density, not "unsupported language" of what is left.
    assert scorer.assess(chat("<PERSON_1> <PERSON_2> <PERSON_3>")).reject_reason == "pii_dense"
    # Noisy and repetitive and no request: noise is checked first.
    assert scorer.assess(chat("ㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋ")).reject_reason == "noisy"
    # Relaxing one threshold moves to the next failing check.
    lax = Scorer(score_config(Settings(max_noise=1.0)))
    assert lax.assess(chat("ㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋ")).reject_reason == "repetitive"


def test_languages_setting_is_honoured() -> None:
    only_ko = Scorer(score_config(Settings(languages=["ko"])))
    assert only_ko.assess(chat("What causes the seasons on Earth?")).reject_reason == ("unsupported_language")
    assert only_ko.assess(chat("지구에 계절이 생기는 이유가 뭐야?")).reject_reason == ""


# --- score() ---------------------------------------------------------------------------


def test_score_sets_fields_and_rejects(scorer: Scorer) -> None:
    inst = chat("ok thanks, bye")
    out = scorer.score(inst)
    assert out.status is Status.rejected
    assert out.reject_reason == "not_a_request"
    assert out.lang == "en"
    assert set(out.scores) == SIGNALS
    assert inst.status is Status.candidate and not inst.scores  # input untouched


def test_score_passing_keeps_candidate_and_other_scores(scorer: Scorer) -> None:
    inst = chat("지구에 계절이 생기는 이유가 뭐야?").model_copy(update={"scores": {"rouge_l": 0.3}})
    out = scorer.score(inst)
    assert out.status is Status.candidate
    assert out.reject_reason == ""
    assert out.lang == "ko"
    assert out.scores["rouge_l"] == 0.3
    assert set(out.scores) >= SIGNALS


def test_deterministic(scorer: Scorer) -> None:
    inst = chat("Explain the difference between TCP and UDP in three bullet points.")
    assert scorer.assess(inst) == scorer.assess(inst)
    assert isinstance(scorer.assess(inst), Assessment)


def test_pathological_input_is_bounded(scorer: Scorer) -> None:
    import time

    text = ("a" * 50 + "!" * 50 + "<" * 50 + "\n" * 50) * 2000  # 400k chars
    start = time.perf_counter()
    assert scorer.assess(chat(text)).reject_reason == "too_long"
    assert time.perf_counter() - start < 1.0


# --- real data (../shared/data, CI only) -----------------------------------------------


@pytest.mark.realdata
def test_real_sets_pass_rates(scorer: Scorer, shared_data: Path) -> None:
    # shared_data (tests/conftest.py) skips when ../shared/data is absent.
    def pass_rate(insts: list[Instance]) -> float:
        return sum(scorer.assess(i).passed for i in insts) / len(insts)

    seeds = [json.loads(line) for line in (shared_data / "seed_tasks.jsonl").read_text("utf-8").splitlines()]
    gsm8k = [json.loads(line) for line in (shared_data / "gsm8k_test.jsonl").read_text("utf-8").splitlines()]
    with (shared_data / "ko_paraKQC_v1.txt").open(encoding="utf-8") as f:
        kqc = [line.rstrip("\r\n").split("\t")[2] for line in f]
    with (shared_data / "ko_chatbot_data.csv").open(encoding="utf-8") as f:
        chit = [row["Q"] for row in csv.DictReader(f)]

    # Human-written instructions and questions: nearly all are worth annotating.
    assert pass_rate([task(s["instruction"], s["instances"][0]["input"]) for s in seeds]) > 0.95
    assert pass_rate([chat(g["question"]) for g in gsm8k]) > 0.97
    # Korean questions and commands to an assistant (some are plain statements).
    assert pass_rate([chat(q) for q in kqc]) > 0.7
    # Korean small talk ("SD카드 망가졌어", "12시 땡!"): most is not a request.
    assert pass_rate([chat(q) for q in chit]) < 0.35


def test_other_latin_languages_are_unsupported() -> None:
    # Issue 14 changed this test: Spanish used to pass as low-confidence "en" unless
    # min_language was raised; it is now identified as "es" and rejected by default.
    spanish = chat("¿Puedes explicarme cómo funciona la fotosíntesis en las plantas y por qué es importante?")
    a = Scorer(score_config(Settings())).assess(spanish)
    assert (a.reject_reason, a.lang) == ("unsupported_language", "es")


@pytest.mark.parametrize("turns", [
    # Chat English without apostrophes or capitals (what chat logs are full of).
    ("whats a good name for a golden retriever puppy",),
    ("hows the weather usually in lisbon in march",),
    ("wheres the setting to turn off autoplay on youtube",),
    ("dont use emojis, write a short thank you note to my neighbour",),
    ("can u explain recursion like im five",),
    ("pls list five easy dinners with chicken and rice",),
    # A constraint opening a sentence is an instruction about the answer.
    ("Keep it under 100 words and describe the Eiffel Tower.",),
    ("My sister is getting married in June.", "She loves hiking.", "limit the toast to one minute"),
])
def test_informal_english_requests_pass(scorer: Scorer, turns: tuple[str, ...]) -> None:
    # Planted: request() without the _INFORMAL spelling-out -> the whats/hows/wheres/pls cases
    # red; EN_CONSTRAINT left out -> the keep/limit cases red.
    assert scorer.assess(chat(*turns)).reject_reason == ""


@pytest.mark.parametrize("text", [
    "im so hungry right now",
    "i keep losing my earbuds",  # "keep" after a subject: a report
    "I can't load your site, keep getting a timeout error",  # after a comma: a dropped subject
    "whats up",
])
def test_informal_english_statements_stay_rejected(scorer: Scorer, text: str) -> None:
    # Planted: EN_CONSTRAINT counted after a comma too -> the "keep getting" report red.
    assert scorer.assess(chat(text)).reject_reason == "not_a_request"

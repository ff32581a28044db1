"""Floors of issue 14's quality gates on labelled and perturbed real text (bench/eval_quality.py
prints the full numbers). Each floor was seen red once with the defect named in its comment."""

from __future__ import annotations

import pytest

from instructflow.agents.configs import dedup_config, score_config
from instructflow.agents.dedup.deduplicator import REASON_EXACT, Deduplicator
from instructflow.agents.language import detect_lang
from instructflow.agents.score.scorer import REJECT_ORDER, Scorer
from instructflow.evaluation import dedup as dedup_eval
from instructflow.evaluation import scoring as score_eval
from instructflow.schemas import Instance, Message
from instructflow.streams.settings import Settings

LABELLED = score_eval.LABELLED_DIR


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(score_config(Settings()))


def chat(*turns: str) -> Instance:
    return Instance(source="chat", stage=2, messages=[Message(role="user", content=t) for t in turns])


# --- verdicts ------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "floor"), [("prompts_dev", 0.97), ("prompts_heldout", 0.95), ("prompts_probe", 0.97)])
def test_verdict_agreement_and_no_other_language_accepted(scorer: Scorer, name: str, floor: float) -> None:
    # Planted: detect_lang answering "en" for Latin text instead of asking the model (what
    # the old script rule did) -> German/Spanish/... accepted: red. The held-out floor is
    # lower because it was never tuned on (measured 0.97).
    report = score_eval.evaluate(scorer, score_eval.load(LABELLED / f"{name}.tsv"))
    assert report.other_lang_accepted == []
    assert report.agreement >= floor, report.mistakes


@pytest.mark.parametrize("text", [
    "Kotlin coroutine에서 launch랑 async 차이가 뭔가요?",
    "우산 챙겨. 비옷은 안돼.",
    "지메일 쓸래, 네이버 메일 쓸래",
    "가스레인지로 해",
    "날씨 알려줘",
    "오늘 할 일 목록 정리하자",
    "맞춤법: 되요 돼요",
    "Synonyms for happy",
    "Fix this bug: the loop never ends when i equals len(items)",
])
def test_issue_requests_are_accepted(scorer: Scorer, text: str) -> None:
    # Planted: korean_mood.asks always False -> "우산 챙겨", "가스레인지로 해" red.
    assert scorer.assess(chat(text)).reject_reason == ""


def test_multi_turn_bug_report_is_a_request(scorer: Scorer) -> None:
    # Planted: MULTI_TURN_CONTEXT set to 0.0 -> not_a_request: red.
    a = scorer.assess(chat("I'm building a todo app in Flask.", "The tasks disappear after I restart the server.",
                           "I store them in a Python list at module level."))
    assert a.reject_reason == ""


@pytest.mark.parametrize(("text", "reason"), [
    ("커피를 너무 많이 마셨나 봐.", "not_a_request"),
    ("Make $5000 a week working from home!!! No experience needed, DM me", "spam"),
    ("부업으로 월 500 벌기!! 초보 가능 링크 클릭", "spam"),
    ("Wie kann ich meinen Router neu starten, ohne die Einstellungen zu verlieren?", "unsupported_language"),
    ("Qual é a melhor forma de aprender programação sozinho?", "unsupported_language"),
    ("Làm thế nào để học tiếng Anh hiệu quả tại nhà?", "unsupported_language"),
])
def test_issue_rejects(scorer: Scorer, text: str, reason: str) -> None:
    # Planted: max_spam 1.0 -> the two spam texts accepted: red.
    assert scorer.assess(chat(text)).reject_reason == reason


@pytest.mark.parametrize("text", [
    "Designer handbag replicas at the best price, free shipping, text me for the catalogue",
    "도매가보다 싼 최저가로 드려요, 카톡 문의",
])
def test_a_sales_pitch_with_a_contact_call_is_spam(scorer: Scorer, text: str) -> None:
    # Planted: the sales-pitch weight 0.2 -> 0.0 in signals.spam -> both not_a_request: red.
    assert scorer.assess(chat(text)).reject_reason == "spam"


@pytest.mark.parametrize("text", [
    "Is free shipping on Amazon worth paying for Prime?",
    "도매 시장에서 과일 사면 얼마나 싸요?",
    "How do I contact WhatsApp support about a banned number?",
])
def test_one_kind_of_sales_evidence_is_not_spam(scorer: Scorer, text: str) -> None:
    # Planted: the sales-pitch weight 0.2 -> 0.6 -> the first two become spam: red.
    assert scorer.assess(chat(text)).reject_reason == ""


@pytest.mark.parametrize(("text", "reason"), [
    ("bash script that renames every .txt file to .md", ""),
    ("formula for monthly compound interest", ""),
    ("code for a countdown timer in react", ""),
    ("Regex is hard for me to read.", "not_a_request"),
    ("Program for the concert was printed in gold.", "not_a_request"),
    ("Query performance improved after the index.", "not_a_request"),
])
def test_a_code_artifact_named_with_its_purpose_is_a_request(scorer: Scorer, text: str, reason: str) -> None:
    # Planted: no statement-verb check -> the two "for" statements accepted: red; no artifact
    # heads -> the first three rejected: red.
    assert scorer.assess(chat(text)).reject_reason == reason


def test_spam_is_in_the_reject_order() -> None:
    assert REJECT_ORDER.index("spam") < REJECT_ORDER.index("not_a_request")


@pytest.mark.parametrize("text", [
    # Korean directives from paraKQC (people's commands to an assistant), rejected before.
    "파도가 심할 땐 서핑을 자제합시다.",  # formal suggestion -ㅂ시다
    "하늘이 무너져도 약속 시간에 늦지 말거라.",  # written prohibition -지 말거라
    "평일 일정은 낮에 잡지 말고 저녁에 잡아.",  # 잡 is tagged VV-R
    "지메일이 파일전송 기능이 부실하니깐 다른 걸 사용해",  # the subject is the reason's, not the command's
    "하루에 한 시간 이상 라디오 방송 들어",  # 듣 is tagged VV-I
    # Self-Instruct tasks named by a verb the list lacked, or by its -ing form.
    "Include important study notes and key points that someone should know about the given subject.",
    "Converting 85 F to Celsius.",
    # After a comma a question still opens with how/what or an auxiliary + subject (presidio, GSM8K).
    "My credit card 4377877189635137 has been lost, Can I request you to block it.",
    "If he had a 25k a year job before college, how long would it take to earn the money back.",
    # A wh-word makes a report-like ending a question (chatbot, paraKQC).
    "돈 어디갔지",
    "안방이랑 거실 중에 어디 불이 켜져있니",
])
def test_real_directives_are_accepted(scorer: Scorer, text: str) -> None:
    # Planted: korean_mood comparing the raw tag ("VV-R" not in _ACTION) -> 잡아, 들어 red;
    # _main_clause returning the whole clause -> 사용해 red.
    assert scorer.assess(chat(text)).reject_reason == ""


@pytest.mark.parametrize("text", [
    "더워서 잠을 못자",  # 못 before the verb: "I can't sleep"
    "요즘 잠을 못 자",
    "많이 먹었더니 졸려",  # a narrative background does not split off: its tense tells a report
    "새신발 샀는데 비와",
    # KorNLI statements with a wh-word inside (accepted before): the sentence ends in -다.
    "갈색 머리와 입안에 치아가 몇 개 있었다.",
    "피트는 그가 어떤 요구를 받았는지 완전히 무시했다.",
    "갈색 개가 몇몇 나무들 앞의 잔디밭에서 달리고 있다.",
])
def test_korean_statements_stay_rejected(scorer: Scorer, text: str) -> None:
    # (English prose: see test_prose_with_relative_clauses_is_not_a_request.)
    # Planted: the 못/안 check removed -> "못자" accepted: red; -더니/-는데 among the
    # connectives that split -> "졸려", "비와" accepted: red; the wh-word cue without the
    # declarative check -> "몇 개 있었다", "어떤 요구를" accepted: red.
    assert scorer.assess(chat(text)).reject_reason == "not_a_request"


@pytest.mark.parametrize("text", [
    # SQuAD's Wikipedia paragraphs (accepted before on ", which" and ", was").
    "The Norman dynasty had a major political, cultural and military impact on medieval Europe. The Duchy of "
    "Normandy, which they formed by treaty with the French crown, was a great fief of medieval France.",
    "Magnus spent a year at Simpletuition as the assistant to Magnus Poulsen, and the following year at Numedii "
    "in Cheb, which later became part of the group.",
])
def test_prose_with_relative_clauses_is_not_a_request(scorer: Scorer, text: str) -> None:
    # Planted: _opens_question ignoring what ended the last clause (", which" a question
    # again) -> both accepted: red.
    assert scorer.assess(chat(text)).reject_reason == "not_a_request"


@pytest.mark.parametrize(("text", "lang"), [
    ("Wie kann ich meinen Router neu starten?", "de"),
    ("Qual é a melhor forma de aprender programação?", "pt"),
    ("¿Cómo se hace una tortilla de patatas?", "es"),
    ("Peux-tu m'expliquer la différence entre un prêt fixe et variable ?", "fr"),
    ("Come posso togliere una macchia di vino rosso dal divano?", "it"),
    ("Hoe lang moet ik een ei koken voor een zachte dooier?", "nl"),
    ("Làm thế nào để học tiếng Anh hiệu quả tại nhà?", "vi"),
    ("東京で安くておいしいラーメン屋を教えてください", "ja"),
    ("怎么用Python读取Excel文件？", "zh"),
    ("convert 72 fahrenheit to celsius", "en"),
    ("docker-compose up 하면 port is already allocated 뜨는데 해결 방법 좀", "ko"),
])
def test_detected_language_is_stored(scorer: Scorer, text: str, lang: str) -> None:
    assert detect_lang(text) == lang
    assert scorer.score(chat(text)).lang == lang


def test_supported_languages_are_a_setting() -> None:
    ko_de = Scorer(score_config(Settings(languages=["ko", "de"])))
    assert ko_de.assess(chat("Wie kann ich meinen Router neu starten, ohne alles zu verlieren?")).passed
    assert ko_de.assess(chat("How do I restart my router without losing the settings?")).reject_reason == (
        "unsupported_language")


# --- dedup ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pairs(request: pytest.FixtureRequest) -> list[dedup_eval.Pair]:
    from tests.conftest import shared_data_dir

    data = shared_data_dir()
    if not data.is_dir():
        pytest.skip(f"real data sets not present at {data}")
    return dedup_eval.build_pairs(data, seed=3, per_cell=25)


def test_dedup_recall_and_false_duplicates(pairs: list[dedup_eval.Pair]) -> None:
    # Planted: dedup_short_threshold 0.8 (one fixed bar again) -> short-prompt recall: red.
    r = dedup_eval.evaluate(Deduplicator.from_config(dedup_config(Settings())).decide, pairs)
    assert r.recall() >= 0.90
    assert r.recall("one_word", "short") >= 0.75  # measured 0.86-0.88 on larger samples
    assert r.recall("exact") == 1.0
    assert r.false_duplicate_rate("sts_low") <= 0.03
    assert r.exact_as_near == 0


def _decisions(decide, pairs: list[dedup_eval.Pair]) -> dict[str, tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    out: dict[str, tuple[str, str, str]] = {}

    def run(inst: Instance) -> Instance:
        decided = decide(inst)
        out[inst.instance_id] = (decided.status.value, decided.reject_reason, decided.duplicate_of)
        return decided

    dedup_eval.evaluate(run, pairs)
    return out


def test_partitioned_cores_decide_like_the_single_deduplicator(pairs: list[dedup_eval.Pair]) -> None:
    # Planted: BandOwner verifying with one fixed 0.8 bar instead of the pair's bar ->
    # short near-duplicates accepted by the owners: red.
    single = _decisions(Deduplicator.from_config(dedup_config(Settings())).decide, pairs[:400])
    parted = _decisions(dedup_eval.partitioned_decider(3, dedup_config(Settings())), pairs[:400])
    assert parted == _decisions(dedup_eval.partitioned_decider(1, dedup_config(Settings())), pairs[:400])
    # The owners compare with every earlier instance, the single core with the accepted ones
    # (test_dedup_partitioned.py): they may differ only along a chain, where the
    # partitioned answer points at an instance the single core rejected.
    for ident, decision in parted.items():
        if decision != single[ident]:
            assert decision[2] and single[decision[2]][0] == "rejected", (ident, decision, single[ident])
    assert sum(parted[i] != single[i] for i in parted) <= 0.03 * len(parted)


def test_exact_copy_is_exact_whatever_arrived_between() -> None:
    # Planted: the _near_of_digest lookup removed -> the copy is duplicate_near of the variant: red.
    d = Deduplicator()
    variant = "What is the capital city of Australia, and why?"
    text = "What is the capital city of Austria, and why?"
    first = d.decide(chat(variant).model_copy(update={"instance_id": "v"}))
    second = d.decide(chat(text).model_copy(update={"instance_id": "a"}))
    copy = d.decide(chat(text.upper()).model_copy(update={"instance_id": "b"}))
    assert first.reject_reason == "" and second.duplicate_of == "v"
    assert (copy.reject_reason, copy.duplicate_of) == (REASON_EXACT, "a")

"""Quality/value signals of a (PII-scrubbed) request, one pure function each.

Every signal returns a float in [0, 1]; docs/scoring.md says what 0 and 1 mean and which
setting each one is compared with. The functions look only at their arguments (no I/O, no
mutable globals), so the same text always scores the same: the pool must be rebuildable
by replaying the topics.

Speed matters (every candidate passes through here; target > 20k short texts/s on one
core), so per-character work is done by precompiled regular expressions or str methods,
which run in C, and ASCII text skips the Unicode-only checks. Every pattern is a character
class, a bounded repeat or an alternation of literals with disjoint neighbours: none can
backtrack catastrophically. Callers that score many signals of one text (the Scorer) pass
the shared intermediate results (``words``, ``profile``) in, so each is computed once;
called alone, each function computes what it needs.
"""

from __future__ import annotations

import itertools
import math
import re
import string
from collections.abc import Sequence
from typing import NamedTuple

from instructflow.agents.language import HANGUL_JAMO, HANGUL_SYLLABLE, HANGUL_WEIGHT
from instructflow.agents.score import korean_mood

# --- shared helpers --------------------------------------------------------------------

# Scrub placeholders: <PERSON_1>, <EMAIL_ADDRESS_2>, <KR_RRN_1>, presidio's bare <PERSON>.
# At least three characters so code generics like List<T> or <BR> are not taken for PII.
PLACEHOLDER = re.compile(r"<[A-Z][A-Z0-9_]{2,48}>")
_WORD = re.compile(r"\w+")

_HANGUL_ANY = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3131-\u318e]")
# Same "Latin" notion as agents.language (letters below U+0250).
_LATIN = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")



# Counting ASCII letters by deleting them (str.translate has a fast path for ASCII) is 3x
# faster than testing each character with str.isalpha.
_DROP_ASCII_LETTERS = str.maketrans("", "", string.ascii_letters)


class ScriptProfile(NamedTuple):
    """Letter counts of a text by script (the basis of the language and length signals)."""

    letters: int
    latin: int
    syllables: int  # Hangul syllables 가-힣
    jamo: int  # bare Hangul jamo (ㅋ, ㅠ ...)


def script_profile(text: str) -> ScriptProfile:
    if text.isascii():  # the common English case: one C pass instead of four
        letters = len(text) - len(text.translate(_DROP_ASCII_LETTERS))
        return ScriptProfile(letters, letters, 0, 0)
    return ScriptProfile(
        sum(map(str.isalpha, text)),
        len(_LATIN.findall(text)),
        len(HANGUL_SYLLABLE.findall(text)),
        len(HANGUL_JAMO.findall(text)),
    )


def strip_placeholders(text: str) -> str:
    """The text with PII placeholders replaced by a space: they are not language, noise or
    repetition, just the trace of the scrubber (and their Latin letters would make Korean
    text look English)."""
    return PLACEHOLDER.sub(" ", text) if "<" in text else text


def words(text: str) -> list[str]:
    """Lower-cased word tokens (Unicode \\w runs: English words, Korean eojeol, numbers)."""
    return _WORD.findall(text.lower())


def n_chars(text: str) -> int:
    """Characters with whitespace runs collapsed and ends trimmed: what min/max_chars count."""
    return len(" ".join(text.split()))


def effective_length(text: str, profile: ScriptProfile | None = None, size: int | None = None) -> float:
    """n_chars with Hangul syllables weighted by HANGUL_WEIGHT (``size``: n_chars(text), if known)."""
    syllables = (profile or script_profile(text)).syllables
    return (n_chars(text) if size is None else size) + (HANGUL_WEIGHT - 1.0) * syllables


def _clip(x: float) -> float:
    return 0.0 if x < 0.0 else 1.0 if x > 1.0 else x


def _smoothstep(x: float) -> float:
    x = _clip(x)
    return x * x * (3.0 - 2.0 * x)


def _wordset(spec: str) -> frozenset[str]:
    return frozenset(spec.split())


def _phrase_index(spec: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """'a b|c d' -> {'a': (('b',),), 'c': (('d',),)}: multi-word phrases looked up by their
    first word, so matching is one set lookup per word instead of a big regex."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in spec.split("|"):
        head, *rest = _WORD.findall(phrase.strip().lower())
        index.setdefault(head, []).append(tuple(rest))
    return {k: tuple(v) for k, v in index.items()}


def _count_phrases(ws: Sequence[str], index: dict[str, tuple[tuple[str, ...], ...]]) -> int:
    if index.keys().isdisjoint(ws):  # the usual case, decided in C
        return 0
    hits = 0
    for i, w in enumerate(ws):
        tails = index.get(w)
        if tails is not None:
            for tail in tails:
                if tuple(ws[i + 1 : i + 1 + len(tail)]) == tail:
                    hits += 1
                    break
    return hits


# --- length ----------------------------------------------------------------------------

# Plateau of full value, in effective characters: long enough to say what is wanted, short
# enough that an annotator can answer it in reasonable time.
LENGTH_FLOOR = 4.0  # score 0 at or below this
LENGTH_PLATEAU = (48.0, 1500.0)
LENGTH_TAIL = 0.2  # score reached at max_chars: long is costly, not worthless


def length(text: str, max_chars: int = 8000, profile: ScriptProfile | None = None, size: int | None = None) -> float:
    """Smooth length value: rises (log scale, smoothstep) from 0 at 4 effective chars to 1 at
    48, stays 1 up to 1500, then falls to 0.2 at ``max_chars``. The hard bounds
    (min_chars/max_chars) are the scorer's, not this score's."""
    n = effective_length(text, profile, size)
    lo, hi = LENGTH_PLATEAU
    if n <= LENGTH_FLOOR:
        return 0.0
    if n < lo:
        return _smoothstep(math.log(n / LENGTH_FLOOR) / math.log(lo / LENGTH_FLOOR))
    if n <= hi:
        return 1.0
    top = max(float(max_chars), hi * 2.0)
    return 1.0 - (1.0 - LENGTH_TAIL) * _smoothstep(math.log(n / hi) / math.log(top / hi))


# --- language --------------------------------------------------------------------------

# Frequent English words: function words plus the verbs and wh-words requests are made of.
# Script counting cannot tell English from Spanish or keyboard mash; a share of these
# words can, cheaply.
EN_WH = _wordset("what why how when where which who whom whose")
EN_AUX = _wordset(
    "is are am was were do does did can could should would will shall may might must "
    "have has had isn aren don doesn didn won"
)
EN_IMPERATIVE = _wordset(
    """write explain summarize summarise translate list give tell describe create generate make
    find compare help show calculate compute convert fix rewrite classify suggest recommend
    identify name define provide draft compose edit correct solve analyze analyse evaluate
    determine design plan outline propose improve paraphrase extract sort rank rate predict
    estimate check review debug implement answer choose select categorize categorise detect
    proofread simplify expand shorten format output return count add remove replace build
    code brainstorm imagine pretend act assume consider read use take let teach guide walk
    please complete fill respond reply rephrase discuss argue prove derive convince invent
    think draw style continue decide indicate verify develop prepare curate discover look
    react try parse link turn come suppose match infer label split merge transform apply
    mention retrieve reorder arrange search note include enter change notify assess schedule"""
)
# Verbs that set a constraint on the answer ("Keep it under 250 words", "Limit it to three
# bullets", "Avoid jargon"). They open a request only at the start of a sentence: after a comma
# they are as often a report with the subject dropped ("I can't reach your site, keep getting
# an error", presidio's support texts). Not in EN_LEXICON: they say little about the language.
EN_CONSTRAINT = _wordset("keep limit avoid stop focus skip ignore highlight emphasize emphasise stay")
EN_FUNCTION = _wordset(
    """the a an of to in on at for from by with about into over under between and or but not no
    if then than so as that this these those it its i me my you your we our they them their he
    she his her there here be been being all any some each every more most less many much few
    one two three first new other only also just very like up out following given text
    sentence word words paragraph question example please thanks good best way time people
    get go know want need"""
)
EN_LEXICON = EN_WH | EN_AUX | EN_IMPERATIVE | EN_FUNCTION
_LEXICON_WINDOW = 200  # words; the share is stable long before that


def english_evidence(ws: Sequence[str]) -> float:
    """How English a word list looks: 0.4 with no common English word, 1 once a quarter of
    its Latin words are common ones (English prose runs at 40-60%)."""
    latin = [w for w in ws[:_LEXICON_WINDOW] if w.isascii() and w.isalpha()]
    if not latin:
        return 0.4
    share = sum(map(EN_LEXICON.__contains__, latin)) / len(latin)
    return 0.4 + 0.6 * _clip(share / 0.25)


def language(
    text: str,
    lang: str,
    supported: Sequence[str],
    ws: Sequence[str] | None = None,
    profile: ScriptProfile | None = None,
) -> float:
    """Confidence that ``text`` (placeholders stripped) is in the supported language ``lang``.

    ``lang`` comes from agents.language.detect_lang, the pipeline's one language decision;
    this adds how clearly: the share of letters in that language's scripts, times lexical
    evidence for English (Latin script alone also fits Spanish or 'asdf jkl'), times a
    discount for texts with under 8 letters. 0 for an unsupported/undetermined language.
    """
    if lang not in supported:
        return 0.0
    p = profile or script_profile(text)
    if p.letters == 0:
        return 0.0
    evidence = min(1.0, 0.5 + p.letters / 16.0)
    if lang == "ko":
        # Latin inside Korean (brands, code) is normal; bare jamo (ㅋㅋ, ㅠㅠ) is slang.
        return _clip((p.syllables + p.latin + 0.5 * p.jamo) / p.letters * evidence)
    if lang == "en":
        lexical = english_evidence(words(text) if ws is None else ws)
        return _clip(p.latin / p.letters * lexical * evidence)
    # A supported language with no script model here: trust the detector, modestly.
    return 0.5 * evidence


# --- repetition ------------------------------------------------------------------------

REPETITION_WINDOW = 2000  # chars; natural text repeats more the longer it is, so cap it
# Measured on ../shared/data (GSM8K, SQuAD, Self-Instruct, KLUE-NLI, paraKQC): the p99 of
# natural text is ~0.35 for word bigrams and character 6-grams, the max 0.46.
_CHAR_N = 6


def repetition(text: str, ws: Sequence[str] | None = None) -> float:
    """Share of n-grams that are extra occurrences (1 - distinct/total): 0 when all are
    distinct, towards 1 when one unit repeats. Word bigrams catch "buy now buy now buy now";
    character n-grams catch what has no spaces ("ㅋㅋㅋㅋㅋㅋ", "hahahahaha") and are only
    computed when words cannot judge (under 4 words, or a 12+ character word)."""
    window = text[:REPETITION_WINDOW]
    if ws is None:
        ws = words(window)
    ws = ws[: REPETITION_WINDOW // 2]
    word_rep = 1.0 - len(set(itertools.pairwise(ws))) / (len(ws) - 1) if len(ws) >= 4 else 0.0
    if len(ws) >= 4 and max(map(len, ws)) < 12:
        return word_rep
    s = "".join(window.lower().split())
    if len(s) < 8:
        return word_rep
    n = min(_CHAR_N, max(2, len(s) // 4))
    total = len(s) - n + 1
    char_rep = 1.0 - len({s[i : i + n] for i in range(total)}) / total
    return max(word_rep, char_rep)


# --- noise -----------------------------------------------------------------------------

# Control and format characters (except tab/newline/CR), C1 controls, the replacement
# character, zero-width and bidi controls, private use: never part of a real request.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ue000-\uf8ff]"
)
# UTF-8 read as Latin-1/cp1252: a lead byte (Â Ã â ê-í: the leads of accented Latin and of
# Hangul) followed by a continuation byte shown as C1/Latin-1 or cp1252 punctuation,
# e.g. "â€™", "cafÃ©", "ì•ˆë…•".
_MOJIBAKE = re.compile(
    "[\u00c2\u00c3\u00e2\u00ea-\u00ed]"
    "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]")
# Any character that one of the three checks above (or jamo) could count: when none is
# present, which is almost always, those checks are skipped.
_SUSPECT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00c2\u00c3\u00e2\u00ea-\u00ed\ufffd\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\ufeff\ue000-\uf8ff\U0001f000-\U0001faff\u2600-\u27bf\ufe0f"
    "\u1100-\u11ff\u3131-\u318e]"
)
_SYMBOL = re.compile(r"[^\w\s]")
_PUNCT_RUN = re.compile(r"([!?.~,;:*#=_\-])\1{3,}")

SYMBOL_ALLOWANCE = 0.45  # code requests run at 30-50% symbols; symbol soup at 80%+
EMOJI_ALLOWANCE = 0.1  # an emoji or two is style, a wall of them is not a request


def noise(text: str) -> float:
    """Character noise of ``text`` (placeholders stripped), 0 clean .. 1 garbage.

    Sum of weighted shares of the non-space characters, capped at 1: control/format
    characters and mojibake x3 (even a few mean broken bytes), symbols beyond what code
    needs (share over 0.45, rescaled), emoji over 10% x2, punctuation runs past three
    ("!!!!!!") x2, bare Hangul jamo (ㅋㅋ, ㅠㅠ) x0.5.
    """
    n = len("".join(text.split()))  # non-space characters (split and isspace agree on Unicode)
    if n == 0:
        return 0.0
    broken = emoji = jamo = 0
    if _SUSPECT.search(text):
        broken = len(_CONTROL.findall(text)) + 2 * len(_MOJIBAKE.findall(text))
        emoji = len(_EMOJI.findall(text))
        jamo = len(HANGUL_JAMO.findall(text))
    symbols = len(_SYMBOL.findall(text)) - emoji
    runs = sum(len(m.group(0)) - 3 for m in _PUNCT_RUN.finditer(text))
    score = (
        3.0 * broken / n
        + max(0.0, symbols / n - SYMBOL_ALLOWANCE) / (1.0 - SYMBOL_ALLOWANCE)
        + 2.0 * max(0.0, emoji / n - EMOJI_ALLOWANCE)
        + 2.0 * runs / n
        + 0.5 * jamo / n
    )
    return _clip(score)


# --- request ---------------------------------------------------------------------------

# First word of every clause (text start, or after . ! ? : ; , or a newline), with what
# ended the last clause and the word after it (same line). \W* and \w+ are disjoint, so
# this cannot backtrack.
_CLAUSE_FIRST = re.compile(r"(^|[.!?。？！:;,\n])\W*?(\w+)(?:[ \t]+(\w+))?")
# After a comma, prose continues with a relative clause (", which they formed", ", where
# their prince") or a verb after an appositive (", was a great fief"): there a wh-word asks
# only if it cannot be a relative (", how long would it take") and an auxiliary only before
# a subject pronoun (", can I request you to block it").
_EN_RELATIVE = _wordset("which who whom whose where when")
_EN_SUBJECT = _wordset("i you we he she it they this that there anyone someone somebody anybody one")

EN_REQUEST_PHRASES = _phrase_index(
    """can you|could you|would you|will you|please|help me|i need|i want|i d like|i would like|
    how do i|how to|how can i|is there|are there|looking for|tell me|let me know|show me|
    give me|any idea|you need to|you should|you will|you must|you are given|
    you are provided|your task|your job|come up with|in this task|would be helpful|
    appreciate it if|should be|must be|needs to be|the task is|find out|figure out|
    i wonder|wondering"""
)
# Korean: a clause ending in a request form (-해줘, -주세요, -하시오, -하지 마 ...) or a
# question form (-까, -나요, -습니까 ...), a wh-word, or a request word.
KO_REQUEST_ENDINGS = (
    "줘", "줘요", "주세요", "세요", "시오", "십시오", "줄래", "줄래요", "래요", "해봐",
    "부탁해", "부탁해요", "부탁합니다", "부탁드립니다", "부탁드려요", "바랍니다", "해라", "하라",
    "할 것", "지마", "지 마", "말아", "둬", "놔",
    # "-아/어 봐" (try doing) but not the evidential "-나 봐" ("마셨나 봐": it seems I drank).
    "해 봐", "아봐", "아 봐", "어봐", "어 봐", "써봐", "써 봐", "줘봐", "와봐", "워봐", "여봐",
    # Written imperatives and prohibitions: "늦지 마라", "하지 말아라", "준비하거라".
    "마라", "말아라", "거라",
)  # fmt: skip
KO_QUESTION_ENDINGS = (
    "까", "까요", "나요", "가요", "죠", "지요", "는지", "인가", "어때", "어때요", "뭐야",
    "뭐지", "뭔가요", "습니까", "냐", "느냐", "는가", "건가",
)  # fmt: skip


def _ending(endings: Sequence[str], patterns: Sequence[str] = ()) -> re.Pattern[str]:
    # An ending (a literal, or one of ``patterns``: a syllable class + literal), then only
    # trailing decoration, then a clause end. Longest first so the alternation commits to
    # the full ending; the trailing class and the clause-end class are disjoint, so a failed
    # match cannot backtrack far. Used for search only: which alternative matched is moot.
    alternatives = "|".join([*patterns, *sorted(map(re.escape, endings), key=len, reverse=True)])
    return re.compile(f"(?:{alternatives})[ \t~^)\"'”’·…*ㅋㅎㅠㅜ]*(?:[.!?。？！:;,\n]|$)")


def _with_final(final: int) -> str:
    """A character class of every Hangul syllable with the given final consonant (jongseong index)."""
    return "[" + "".join(chr(c) for c in range(0xAC00, 0xD7A4) if (c - 0xAC00) % 28 == final) + "]"


# The formal suggestion "-ㅂ시다" ("자제합시다", "먹읍시다", "하지 맙시다": let's): any syllable
# with a final ㅂ before 시다. "-ㄹ래(요)" asks what someone wants ("지메일 쓸래, 네이버 메일
# 쓸래", "할래?"): any syllable with a final ㄹ before 래, so the lists need not name every verb.
_KO_REQUEST_END = _ending(KO_REQUEST_ENDINGS, (f"{_with_final(17)}시다",))
_KO_QUESTION_END = _ending(KO_QUESTION_ENDINGS, (f"{_with_final(8)}래요?",))
# 몇몇 is "some", not "how many".
_KO_WH = re.compile("(?:^|[^가-힣])(?:뭐|뭘|무엇|무슨|왜|어떻게|어떤|언제|어디|누구|누가|어느|몇(?!몇)|얼마)")
_KO_PHRASE = re.compile(
    "고 싶어|고 싶습니다|고 싶은데|알고 ?싶|궁금|방법|추천|도와|가르쳐|설명해|알려|찾아|만들어|써 ?줘|번역|요약|"
    "맞춤법|[가-힣] ?하는 ?법|[가-힣]는 ?법$|려고$|려는데"
)
# English requests made as a bare noun phrase ("Synonyms for happy", "Tips for a first
# interview", "Pros and cons of renting"): the first word names what is wanted.
EN_REQUEST_HEADS = _wordset(
    """synonyms synonym antonyms antonym ideas idea tips recipe recipes pros examples
    difference differences definition meaning steps ways names suggestions recommendations
    alternatives translation summary outline rhymes quotes checklist template need"""
)
# A piece of code or a formula named with what it must do ("regex to match an email", "bash
# script that renames files", "formula for compound interest") asks for it. The word alone
# opens statements too, so the purpose word must follow it at once, and a finite verb of
# being or past tense means a statement after all ("Regex is hard for me", "Program for the
# concert was printed").
EN_ARTIFACT_HEADS = _wordset("regex regexp script function query formula command snippet code program macro")
_PURPOSE = _wordset("to for that which")
_STATEMENT_VERBS = _wordset("is are was were been has had went got came looked seemed")


def _names_an_artifact(ws: Sequence[str]) -> bool:
    """"<artifact> to/for/that ..." in the first three words ("sql query that ...")."""
    for i in (0, 1):
        if i + 1 < len(ws) and ws[i] in EN_ARTIFACT_HEADS and ws[i + 1] in _PURPOSE:
            return _STATEMENT_VERBS.isdisjoint(ws)
    return False


def _task_gerund(word: str) -> bool:
    """A task named by its -ing form ("Converting 85 F to Celsius", "Solving the word problem")."""
    if not word.endswith("ing") or len(word) < 6:
        return False
    stem = word[:-3]
    return stem in EN_IMPERATIVE or stem + "e" in EN_IMPERATIVE


# A problem described over several turns is a request for help even without a question
# mark ("The tasks disappear after I restart. || I store them in a list."); the scorer
# uses this only for multi-turn chats, where the user keeps adding context.
_PROBLEM = re.compile(
    r"\b(?:error|errors|exception|crash(?:es|ed)?|bug|broken|fails?|failing|disappear(?:s|ed)?|"
    r"doesn'?t work|not working|stack ?trace|won'?t|can'?t|stuck)\b|"
    "에러|오류|안 ?돼|안 ?나와|작동 ?안|멈춰|튕겨|먹통|려고$|고 싶어|싶은데"
)

# Whole messages that are social noise, not requests (normalised: lower case, word
# characters, single spaces).
_CHITCHAT_LIST = """hi|hello|hey|hey there|hi there|hello there|yo|sup|ok|okay|k|kk|
    ok thanks|okay thanks|ok thank you|thanks|thank you|thanks a lot|thank you so much|
    thanks so much|thx|ty|cool|nice|great|good|lol|lmao|haha|hahaha|yes|no|yeah|yep|nope|
    sure|bye|goodbye|see you|good morning|good night|good evening|how are you|whats up|
    what s up|test|testing|hmm|hm|wow|awesome|perfect|got it|i see|never mind|nevermind|
    no thanks|great thanks|nice thanks|hi how are you|hello how are you|how are you doing|
    good job|well done|you re welcome|안녕|안녕하세요|하이|헬로|고마워|고마워요|감사|감사합니다|
    감사해요|땡큐|네|넵|넹|응|웅|어|아니|아니요|아니오|좋아|좋아요|굿|오키|오케이|알겠어|알겠어요|
    알겠습니다|알았어|뭐해|뭐해요|잘자|잘 자|바이|안녕히 계세요|수고하세요|테스트|잘 지내|
    잘 지냈어|반가워|반갑습니다|고맙습니다|그래|그래요|맞아|맞아요|대박|헐|오|와"""
CHITCHAT = frozenset(s.strip() for s in _CHITCHAT_LIST.split("|"))
_CHITCHAT_MAX = max(map(len, CHITCHAT)) + 12  # longer texts cannot be chit-chat only
_NON_WORD = re.compile(r"[\W_]+")
# Keyboard mash: a run of six consonants, or a whole word of four or more ("asdfgh", "jkl;
# qwrt"). Found as consonant runs then checked, not as one alternation with \b: the regex
# then starts with a character class, which re scans for in C (2x faster on long English).
_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{4,}")
_WORD_CHAR = re.compile(r"\w")


def _keyboard_mash(low: str) -> int:
    """How many keyboard-mash runs the lower-cased text holds."""
    count = 0
    for m in _CONSONANT_RUN.finditer(low):
        start, end = m.span()
        if end - start >= 6 or (
            (start == 0 or not _WORD_CHAR.match(low, start - 1)) and (end == len(low) or not _WORD_CHAR.match(low, end))
        ):
            count += 1
    return count


# The morphological mood check (agents/score/korean_mood.py) is ~50x dearer than the
# patterns, so it runs only for Korean texts the patterns left below this score, and not
# when every clause ends as a report: a declarative/exclamative ending (-다, -네, -구나,
# hearsay -대, intention -야지, "~것 같아", a nominal -음/-함 "돈이 똑 떨어짐") or a last word
# with a past/future ㅆ (했어, 망가졌어, 갔네요): no mood to find.
KO_MOOD_BELOW = 0.3
_SS_FINAL = "".join(chr(c) for c in range(0xAC00, 0xD7A4) if (c - 0xAC00) % 28 == 20)
_KO_REPORT_END = re.compile(
    f"(?:[다네군대함음됨짐임]|네요|구나|구먼|거든|거든요|야지|같아|같애|같아요|없어|아파|[{_SS_FINAL}][가-힣]*)"
    "[\\s~^ㅋㅎㅠㅜ]*$"
)
_CLAUSE_SPLIT = re.compile(r"[.!?。？！\n,;]+")


_KO_DECLARATIVE_END = re.compile("다[\\s~^ㅋㅎㅠㅜ]*$")


def _all_clauses_end(text: str, ending: re.Pattern[str]) -> bool:
    clauses = [c for c in _CLAUSE_SPLIT.split(text) if c.strip()]
    return bool(clauses) and all(ending.search(c.rstrip()) for c in clauses)


def _opens_question(end: str, word: str, nxt: str) -> bool:
    """A clause opened by a wh-word or an auxiliary that asks (see _EN_RELATIVE)."""
    if end != ",":
        return word in EN_WH or word in EN_AUX
    if word in EN_WH:
        return word not in _EN_RELATIVE
    return word in EN_AUX and nxt in _EN_SUBJECT


def problem_report(text: str) -> bool:
    """The text describes something going wrong (an error, a crash, "안 돼")."""
    return bool(_PROBLEM.search(text.lower()))


def is_chitchat(text: str) -> bool:
    """Greeting, thanks, acknowledgement or laughter only (jamo-only "ㅋㅋㅋ" included)."""
    if len(text) > _CHITCHAT_MAX:
        return False
    norm = " ".join(_NON_WORD.sub(" ", HANGUL_JAMO.sub(" ", text.lower())).split())
    return norm in CHITCHAT or not norm


# Chat English drops apostrophes and spells words out short: "whats a good ...", "hows the
# best way", "dont use jargon", "im looking for", "can u", "pls". Spelled back as the tokens the
# apostrophe forms give ("what's" -> what, s), so the wh-word, auxiliary and phrase cues read
# them alike. Not "id" (ID), "its", "ill", "were", "well", "shed": ordinary words.
_INFORMAL = re.compile(
    r"\b(?:(what|how|where|who|when|why|there)s|(don|doesn|didn|can|isn|aren|won)t|i(m|ve)|(u|ur|pls|plz))\b"
)
_INFORMAL_WORDS = {"u": "you", "ur": "your", "pls": "please", "plz": "please"}


def _spell_out(m: re.Match[str]) -> str:
    wh, aux, i_, short = m.groups()
    if wh:
        return wh + " s"
    if aux:
        return aux + " t"
    if i_:
        return "i " + i_
    return _INFORMAL_WORDS[short]


def request(text: str, ws: Sequence[str] | None = None) -> float:
    """How clearly ``text`` asks for something (a question, instruction or task).

    Additive cues, capped at 1: a question mark (0.5); an English clause opening with a
    wh-word or auxiliary (0.35) or an imperative verb (0.5); a request phrase like "can
    you", "please", "you need to" (0.4); a Korean clause ending in a request form
    -해줘/-주세요/-하시오/-지 마/-거라/-합시다 (0.5) or a question form -까/-나요/-습니까 (0.45); a Korean
    wh-word 뭐/왜/어떻게 (0.3) or request word 알려/추천/방법 (0.35); a line ending in ':'
    (an input follows, 0.3); an English request noun first ("Synonyms for ...", "Tips for
    ...", 0.4); a Korean action verb in imperative/suggestion mood found by morphemes when
    nothing else matched ("우산 챙겨", "정리하자", 0.35). Chit-chat ("hi", "ok thanks", "how are you?", "ㅋㅋ") is 0;
    keyboard mash ("asdfgh jkl") keeps 30%.
    """
    if is_chitchat(text):
        return 0.0
    low = text.lower()
    if _INFORMAL.search(low):
        low = _INFORMAL.sub(_spell_out, low)
        ws = None  # the words change too ("im" -> i, m)
    if ws is None:
        ws = _WORD.findall(low)
    score = 0.5 if ("?" in text or "？" in text) else 0.0
    starts = _CLAUSE_FIRST.findall(low)  # (what ended the last clause, first word, next word)
    firsts = {w for _, w, _ in starts}
    if any(_opens_question(end, w, nxt) for end, w, nxt in starts):
        score += 0.35
    if not firsts.isdisjoint(EN_IMPERATIVE) or any(end != "," and w in EN_CONSTRAINT for end, w, _ in starts):
        score += 0.5
    if _count_phrases(ws, EN_REQUEST_PHRASES):
        score += 0.4
    if ":\n" in low or low.rstrip().endswith(":"):
        score += 0.3
    if ws and (
        ws[0] in EN_REQUEST_HEADS or _task_gerund(ws[0])
        or _names_an_artifact(ws)
    ):
        score += 0.4
    if not low.isascii() and _HANGUL_ANY.search(low):
        if _KO_REQUEST_END.search(low):
            score += 0.5
        if _KO_QUESTION_END.search(low):
            score += 0.45
        # A wh-word inside sentences that all end in the declarative -다 asks nothing: "그가
        # 어떤 요구를 받았는지 무시했다", "치아가 몇 개 있었다" (KorNLI statements accepted
        # before). Other report-like endings stay open: with a wh-word "돈 어디 갔지", "불
        # 켜져 있니", "어떻게 시작함" are questions.
        if _KO_WH.search(low) and not _all_clauses_end(text, _KO_DECLARATIVE_END):
            score += 0.3
        if _KO_PHRASE.search(low):
            score += 0.35
        if score < KO_MOOD_BELOW and not _all_clauses_end(text, _KO_REPORT_END) and korean_mood.asks(text):
            score += 0.35
    mash = _keyboard_mash(low)
    if mash:
        latin = sum(1 for w in ws if w.isascii() and w.isalpha())
        if 2 * mash >= latin:
            score *= 0.3
    return _clip(score)


# --- spam / advertising ----------------------------------------------------------------

# Three kinds of evidence, each a family of literal cues (no user text is echoed anywhere):
# a money promise, a "contact me" call to action, and link bait. One alone is ordinary
# ("How do I make $500 a month freelancing?", "the link below is broken"); advertising
# stacks them, often with hype.
_SPAM_MONEY = re.compile(
    r"[$€£₩]\s?\d[\d,.]*\s?(?:k\b)?[^.?\n]{0,24}?\b(?:a|per|each|every|/)\s?(?:day|week|month|hour)|"
    r"\b(?:earn|make)\s+(?:up to\s+)?[$€£₩]\s?\d|passive income|guaranteed\s+(?:\d+%\s+)?(?:returns?|profits?|income)|"
    r"\b(?:you(?:'ve| have)? won|you have been selected|congratulations)\b|free (?:iphone|gift|prize)|gift card|"
    r"work(?:ing)? from home|lose \d+ (?:pounds|lbs|kg)|"
    r"월\s?\d+\s?(?:만\s?)?(?:원|벌)|월\s?[천백]만|일당|고수익|수익률|수익 ?보장|부업|재택 ?알바|대출|당첨|무료 ?상담|"
    r"\d+\s?% ?할인|리딩방"
)
_SPAM_CONTACT = re.compile(
    r"\b(?:dm me|message me|contact me|inbox me|text me|whatsapp|telegram|call now|sign up now|order (?:now|today))\b|"
    r"카톡 ?(?:문의|id|아이디)|카카오톡 ?문의|텔레그램|문자 ?주세요|문의 ?주세요|id 남겨|연락 ?주세요|"
    r"오픈 ?채팅|입장"
)
_SPAM_LINK = re.compile(
    r"\bclick (?:here|the link|below|now)|\bvisit (?:www|http|our)|https?://|\bwww\.|bit\.ly|\.(?:biz|shop|xyz|top)\b|"
    r"링크 ?클릭|클릭하세요|사이트 ?방문|바로 ?가기"
)
# A sales pitch: goods offered with shipping, price or quality claims. Alone it is a shopping
# question ("is free shipping worth Prime?"); with a contact call it is an advert.
_SPAM_SALE = re.compile(
    r"\b(?:worldwide|free|fast) shipping|\bbest (?:quality|price)s?\b|\bwholesale\b|\breplicas?\b|"
    r"\bfor (?:the )?(?:catalog(?:ue)?|price list)\b|\b(?:promo|discount) code|"
    r"최저가|도매|무료 ?배송|전국 ?배송|할인 ?코드|정품 ?보장"
)
_SPAM_HYPE = re.compile(
    r"!!|★|☆|💰|\blimited (?:offer|time|spots)|no experience|act now|100% free|\bfree\b.*\bnow\b|"
    r"지금 바로|초보 ?가능|선착순|\[광고\]|\(광고\)|보장|무료"
)


# All cues in one alternation: most texts have none, and one search says so.
_SPAM_CUES = (_SPAM_MONEY, _SPAM_CONTACT, _SPAM_LINK, _SPAM_SALE, _SPAM_HYPE)
_SPAM_ANY = re.compile("|".join(f"(?:{p.pattern})" for p in _SPAM_CUES))
# That search still tries ~70 alternatives at every position (~14 µs on a 250-character
# question, a tenth of the scorer's time). The Korean cues are all in Hangul and every English
# cue holds one of these words (where the pattern puts word boundaries round it) or one of
# these substrings (where it does not, or a symbol), so plain-ASCII text with none of them
# cannot match: one set intersection and a few substring scans, in C, decide.
_SPAM_WORDS = _wordset(
    """won selected congratulations free dm message contact inbox text whatsapp telegram call sign
    order click visit www biz shop xyz top limited shipping best wholesale replica replicas catalog
    catalogue price promo discount"""
)
_SPAM_MARKS = (
    "!!", "http", "bit.ly", "passive income", "guaranteed", "free ", "gift card", "from home", "lose ",
    "act now", "no experience", "% free",
)  # fmt: skip
# "$" alone is a price (GSM8K is full of them); the money cues need a period after it
# ("$500 a week") or an earn/make before it.
_PER_PERIOD = ("day", "week", "month", "hour")
_EARN = _wordset("earn make")


def _may_be_spam(low: str, ws: Sequence[str] | None) -> bool:
    if not low.isascii():
        return True
    if any(mark in low for mark in _SPAM_MARKS):
        return True
    if ws is None:
        ws = _WORD.findall(low)
    if "$" in low and (any(period in low for period in _PER_PERIOD) or not _EARN.isdisjoint(ws)):
        return True
    return not _SPAM_WORDS.isdisjoint(ws)


def spam(text: str, ws: Sequence[str] | None = None) -> float:
    """Advertising score, 0 none .. 1 certain: 0.4 a money promise, 0.35 a contact-me call
    to action, 0.35 link bait, 0.2 hype ("!!", ★, "limited offer", 지금 바로), 0.2 a sales
    pitch ("worldwide shipping", "best quality", 최저가), capped at 1.
    The default bar (max_spam 0.5) needs two kinds of evidence. ``ws``: ``words(text)``."""
    low = text.lower()
    if not _may_be_spam(low, ws) or not _SPAM_ANY.search(low):
        return 0.0
    score = 0.4 * bool(_SPAM_MONEY.search(low)) + 0.35 * bool(_SPAM_CONTACT.search(low))
    score += 0.35 * bool(_SPAM_LINK.search(low)) + 0.2 * bool(_SPAM_HYPE.search(low))
    score += 0.2 * bool(_SPAM_SALE.search(low))
    return _clip(score)


# --- PII -------------------------------------------------------------------------------


def pii_density(text: str, hint: int = 0) -> float:
    """Share of the word tokens that are PII placeholders: "Call <PERSON_1> at
    <PHONE_NUMBER_1>" is 2 of 4. A placeholder glued to a Korean particle ("<PERSON_1>님께")
    counts once, the particle as its own word.

    ``hint`` (the scrubber's entity count) is used only when the text holds no placeholder
    this module recognises, i.e. the scrubber used another replacement style.
    """
    found = len(PLACEHOLDER.findall(text)) if "<" in text else 0
    pii = found or hint
    if pii == 0:
        return 0.0
    if not found:  # assume each unrecognised replacement is about one word long
        return _clip(pii / max(pii, len(_WORD.findall(text))))
    return _clip(pii / (pii + len(_WORD.findall(strip_placeholders(text)))))


# --- complexity / informativeness ------------------------------------------------------

CONSTRAINT_WORDS = _wordset(
    """most least exactly within without must should only format json csv yaml xml table
    bullet bullets list words sentences paragraphs characters lines tone style audience
    markdown code function example examples formal informal concise brief detailed"""
)
EN_CONSTRAINT_PHRASES = _phrase_index("no more than|fewer than|less than|more than|step by step|in english|in korean")
_KO_CONSTRAINT = re.compile(
    "이내|이하|이상|글자|단어|문장|문단|단계별|형식|표로|예시|예를|조건|반드시|없이|말투|어조|대상|"
    "코드|함수|목록|개조식|영어로|한국어로|존댓말|반말"
)
_NUMBER = re.compile(r"\d+")
# One sentence boundary: terminal punctuation then space, or a CJK stop or newline, with
# more text after it ("3.14" is not a boundary).
_SENT_BOUNDARY = re.compile(r"(?:[.!?]+[\s\"')\]]|[。？！\n])\s*(?=\S)")
_STRUCTURE = re.compile(r"```|^[ \t]*(?:[-*•]|\d{1,3}[.)])[ \t]", re.M)


def diversity(ws: Sequence[str]) -> float:
    """Lexical diversity: distinct/total words over the first 200 words (a fixed window,
    because the raw ratio falls with length). Under 3 words says nothing: 0."""
    ws = ws[:200]
    if len(ws) < 3:
        return 0.0
    return len(set(ws)) / len(ws)


def complexity(
    text: str,
    ws: Sequence[str] | None = None,
    has_input: bool = False,
    profile: ScriptProfile | None = None,
) -> float:
    """Informativeness of a request, 0 bare .. 1 rich. Weighted: 0.3 content (diversity x
    effective length, full at 200 chars), 0.25 sentences (1 -> 0, 4+ -> 1), 0.3 explicit
    constraints (length/format/tone words, numbers, 'no more than', 이내/형식/예시: 3+ -> 1),
    0.15 structure (a list, a code block, or a separate input)."""
    if ws is None:
        ws = words(text)
    content = diversity(ws) * min(1.0, effective_length(text, profile) / 200.0)
    sent = _clip(len(_SENT_BOUNDARY.findall(text.strip())) / 3.0)
    hits = len(CONSTRAINT_WORDS.intersection(ws)) + _count_phrases(ws, EN_CONSTRAINT_PHRASES)
    hits += len(_NUMBER.findall(text))
    if not text.isascii():
        hits += len(_KO_CONSTRAINT.findall(text))
    constraints = _clip(hits / 3.0)
    structure = has_input or (("\n" in text or "`" in text) and _STRUCTURE.search(text))
    return _clip(0.3 * content + 0.25 * sent + 0.3 * constraints + 0.15 * bool(structure))


def turns(user_turns: int) -> float:
    """Multi-turn depth: 0 for a single request, 1 at five or more user turns (follow-ups
    that build on earlier answers are the rarest and most valuable chat data)."""
    return _clip((user_turns - 1) / 4.0)

"""Korean person names: a character CRF over whole sentences, with kiwi's analysis as features.

Why a model: judged one kiwi token at a time, names were missed whenever kiwi split them (김/서/연)
or tagged them as common nouns, and news-style text names people with no honorific at all
("트럼프 대통령은", "박 의원이"). A linear-chain CRF labels every character (B-PS/I-PS, and
B-LC/B-OG... so places and organisations compete for the same characters), which sees a whole
span at once. Features are the characters around, kiwi's part-of-speech tag of the morpheme a
character sits in (kiwi runs once per text and is shared, see korean.KoreanMorphology),
whether it can start a surname, the honorific/particle that follows the word, and for a proper
noun kiwi knows, the nearest of kiwi's ~560 common proper nouns in its CoNg embeddings ("부시" ->
"오바마", "풀무원" -> "엘지"), so a word never seen in training still says what kind of thing it is.

The model (``model/names_ko.crfsuite``, ~3 MB) is trained in the repo by
``model/train_names_ko.py`` on sentences 0-2499 of KLUE-NER v1.1 dev (and copies of them with
their person/place/organisation mentions swapped) plus the *training* templates of our
generated name set; sentences 2500-4999 and the held-out templates are for evaluation only
(see instructflow/evaluation/pii.py).

After the model: a span is widened to the whole name morpheme (never "<PERSON_1>자"), trimmed
of particles and honorifics, and dropped when it is a language, a brand, a landmark of a known
place, an acronym, a name ending in an organisation word, or a country, Korean province/district
or big city with no honorific after it. The span judge (names_ko_spans.py) decides on the rest.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Collection
from functools import lru_cache, partial
from importlib import resources

import pycrfsuite
from presidio_analyzer import EntityRecognizer, RecognizerResult

from instructflow.agents.scrub.gazetteers import korean_languages, korean_places, korean_public_places
from instructflow.agents.scrub.korean import HANGUL_RE, HANJA_RE, KoreanMorphology
from instructflow.agents.scrub.lines import line_bounds
from instructflow.agents.scrub.names_ko_familiar import caller_names, familiar_names, final_consonant, kin_names
from instructflow.agents.scrub.names_ko_forms import (
    introduced_full_names,
    listed_names,
    spaced_full_names,
    spaced_given_name,
    titled_foreign_names,
    titled_full_names,
    with_spaced_surname,
)
from instructflow.agents.scrub.names_ko_spans import (
    KoreanLexicon,
    SpanJudge,
    anchor_vector,
    ko_entities,
    ko_lexicon,
    load_judge,
    span_features,
)
from instructflow.agents.scrub.names_ko_things import names_a_thing
from instructflow.agents.scrub.names_ko_words import (
    HONORIFICS,
    NOT_GIVEN,
    NOT_PERSON,
    PLAIN_HONORIFICS,
    ROLE_NOUNS,
    SURNAMES_1,
    SURNAMES_2,
    TITLE_WORDS,
    is_syllable,
    korean_full_name,
    listed_as_thing,
)

PERSON = "PERSON"
MODEL_FILE = "names_ko.crfsuite"
# Marginal probability of a character being part of a name (see person_spans) for a span to be
# proposed at all; names_ko_spans.SpanJudge then decides. Low on purpose: the judge was trained on
# the spans this threshold proposes (BENCHMARKS.md has the curve).
THRESHOLD = 0.25

# Syllables that open a particle, copula, ending or honorific after a name ("이가은는...님씨께").
_PARTICLE_HEADS = frozenset("이가은는을를의에와과랑님씨께도만고로으한야아여요입다라인나며면서처보부까든들")
_SCRIPTS = (("가", "힣", "H"), ("a", "z", "L"), ("A", "Z", "U"), ("0", "9", "D"))


def _script(ch: str) -> str:
    for lo, hi, name in _SCRIPTS:
        if lo <= ch <= hi:
            return name
    return "S" if ch.isspace() else "P"


def char_features(
    text: str,
    tokens: tuple[tuple[str, str, int, int], ...],
    unknown: frozenset[int] = frozenset(),
    anchors: tuple[str, ...] = (),
) -> list[list[str]]:
    """One feature list per character. ``tokens`` are kiwi's (form, tag, start, end),
    ``unknown`` the starts of the morphemes kiwi's dictionary does not know, ``anchors`` each
    token's nearest common proper noun in kiwi's embeddings (KoreanMorphology.anchors)."""
    n = len(text)
    places, languages = korean_places(), korean_languages()
    tag_at = ["_"] * n
    pos_at = ["O"] * n
    next_form = [""] * n
    lexical = [""] * n  # the morpheme itself, for short proper nouns ("트럼프"), and its neighbours
    for k, (form, tag, start, end) in enumerate(tokens):
        follow = tokens[k + 1][0] if k + 1 < len(tokens) and tokens[k + 1][2] == end else ""
        prev_tok = tokens[k - 1][0] if k else "^"
        next_tok = tokens[k + 1][0] if k + 1 < len(tokens) else "$"
        lex = f"p={prev_tok}|n={next_tok}" + (f"|w={form}" if tag == "NNP" and len(form) <= 4 else "")
        if start in unknown:
            lex += "|oov"
        if k < len(anchors) and anchors[k]:
            lex += "|a=" + anchors[k]
        if form in places:
            lex += "|gz=place"
        elif form in languages:
            lex += "|gz=lang"
        for i in range(start, min(end, n)):
            tag_at[i] = tag
            pos_at[i] = "B" if i == start else "I"
            next_form[i] = follow
            lexical[i] = lex
    # Position inside the whitespace word (eojeol): names sit at its start, particles at its end.
    word_pos = [0] * n
    for i in range(1, n):
        word_pos[i] = 0 if text[i - 1].isspace() else min(word_pos[i - 1] + 1, 5)
    padded = "\x02\x02\x02" + text + "\x03\x03\x03"
    feats: list[list[str]] = []
    for i in range(n):
        j = i + 3
        c = padded[j]
        f = [
            "b",
            "c=" + c,
            "c-1=" + padded[j - 1],
            "c+1=" + padded[j + 1],
            "c-2=" + padded[j - 2],
            "c+2=" + padded[j + 2],
            "c-1c=" + padded[j - 1 : j + 1],
            "cc+1=" + padded[j : j + 2],
            "c-1cc+1=" + padded[j - 1 : j + 2],
            "cc+1c+2=" + padded[j : j + 3],
            "c-2c-1c=" + padded[j - 2 : j + 1],
            "c-3=" + padded[j - 3],
            "c+3=" + padded[j + 3],
            "s=" + _script(c) + _script(padded[j - 1]) + _script(padded[j + 1]),
            "t=" + tag_at[i] + pos_at[i],
            "t-1=" + (tag_at[i - 1] if i else "^"),
            "t+1=" + (tag_at[i + 1] if i + 1 < n else "$"),
            f"wp={word_pos[i]}",
            *lexical[i].split("|"),
        ]
        if c in SURNAMES_1:
            f.append("sur1")
        if padded[j : j + 2] in SURNAMES_2:
            f.append("sur2")
        follow = next_form[i]
        if follow in HONORIFICS:
            f.append("hon")
        elif follow:
            f.append("nx=" + follow[:2])
        feats.append(f)
    return feats


def labelled_spans(labels: list[str]) -> list[tuple[str, int, int]]:
    """BIO labels -> (type, start, end)."""
    spans: list[tuple[str, int, int]] = []
    current: list | None = None
    for i, label in enumerate(labels):
        if label.startswith("B-") or (label.startswith("I-") and (current is None or current[0] != label[2:])):
            if current:
                spans.append(tuple(current))
            current = [label[2:], i, i + 1]
        elif label.startswith("I-") and current is not None:
            current[2] = i + 1
        else:
            if current:
                spans.append(tuple(current))
            current = None
    if current:
        spans.append(tuple(current))
    return spans


@lru_cache(maxsize=1)
def _model_path() -> str:
    return str(resources.files("instructflow.agents.scrub.model").joinpath(MODEL_FILE))


class KoreanNameTagger:
    """The trained CRF; thread-safe (one tagger, one lock: tagging a sentence takes ~0.1 ms)."""

    def __init__(self, model_path: str | None = None) -> None:
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(model_path or _model_path())
        self._lock = threading.Lock()

    def person_spans(self, features: list[list[str]], threshold: float) -> list[tuple[int, int, float]]:
        """Maximal runs of characters whose marginal probability of being inside a person name
        (B-PS + I-PS) is at least ``threshold``, each with its highest such probability.
        Marginals rather than the single best labelling (Viterbi): a name the model is unsure of
        is still proposed, and the span judge (names_ko_spans.py) has the last word."""
        with self._lock:
            self._tagger.set(features)
            marginal = self._tagger.marginal
            inside = [marginal("B-PS", i) + marginal("I-PS", i) for i in range(len(features))]
        spans: list[tuple[int, int, float]] = []
        start = None
        for i, p in enumerate([*inside, 0.0]):
            if p >= threshold and start is None:
                start = i
            elif p < threshold and start is not None:
                spans.append((start, i, max(inside[start:i])))
                start = None
        return spans


def _widen(text: str, start: int, end: int, tokens: tuple[tuple[str, str, int, int], ...]) -> tuple[int, int]:
    """Cover whole name morphemes: a span that ends inside kiwi's NNP "김명자" takes all of it,
    and one that runs into a particle or honorific ("김명자님") stops before it."""
    for _form, tag, t_start, t_end in tokens:
        if t_end <= start or t_start >= end:
            continue
        if tag in ("NNP", "NNG", "SL", "SH", "NR") or tag.startswith("UN"):
            start, end = min(start, t_start), max(end, t_end) if t_end - end <= 3 else end
        elif t_start > start:
            end = min(end, t_start)  # a particle/suffix morpheme inside the span: cut there
    # A name starts and ends on a letter: not on the quote, bracket or space the model took in ('"진천군' of
    # '"addr": "진천군 서초중앙로 150, …"', which then beat the address that holds it; probe_fresh_mixed 5772).
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    # kiwi sometimes cuts an unseen name short ("김영" + 식, "영" + 식 님): take one more syllable
    # when it cannot start a particle and what follows ends the name (space, particle, 님/씨).
    if 0 < end - start <= 3 and end < len(text) and is_syllable(text[end]) and text[end] not in _PARTICLE_HEADS:
        after = text[end + 1 : end + 2]
        if not is_syllable(after) or after in _PARTICLE_HEADS:
            end += 1
    return start, end


def _complete_name(text: str, start: int, end: int) -> int:
    """The end of a name whose span stopped after its surname: kiwi reads many unseen names as
    determiners and nouns ("이수빈이고" = 이/MM 수/MM 빈/NNG), so the model's span "이" would
    leave "수빈" in the text ("<PERSON_1>수빈이고"). A lone surname glued to more syllables takes
    a two-syllable given name (one when only one syllable follows and it is no particle);
    before a title or honorific ("김씨", "박 팀장") it is a surname on its own. A surname and one
    syllable before a lone 은 take the 은 ("염정은")."""
    value = text[start:end]
    if len(value) == 2 and value[0] in SURNAMES_1 and text[end : end + 1] == "은" and not is_syllable(
        text[end + 1 : end + 2]
    ):
        # "대표: 염정은 |": kiwi reads 은 as the topic particle, but a one-syllable given name is rare
        # and 은 ends many two-syllable ones (지은, 정은, 하은, 다은): the name takes it.
        return end + 1
    if len(value) == 2 and value[0] in SURNAMES_1 and is_syllable(text[end : end + 1]) and text[
            end + 1 : end + 2] in ("님", "씨") and not is_syllable(text[end + 2 : end + 3]):
        # "이수아님," (kiwi: 이/MM 수/NNB 아니/VCN ᆷ), "한하은님,": the one syllable left before a glued
        # honorific is the name's last, never a word of its own.
        return end + 1
    if not (value in SURNAMES_1 or value in SURNAMES_2) or end >= len(text) or not is_syllable(text[end]):
        return end
    rest = text[end : end + 3]
    if any(rest.startswith(h) for h in HONORIFICS) or rest[:1] in "씨님께":
        return end
    glued = 1 if not is_syllable(text[end + 1 : end + 2]) else 2
    if glued == 1 and text[end] in _PARTICLE_HEADS:
        return end
    if glued == 2 and not is_syllable(text[end + 2 : end + 3]) and text[end + 1] in _ONE_SYLLABLE_PARTICLES:
        return end + 1  # "김만의", "박준이": a one-syllable given name and its particle
    return end + glued


_ONE_SYLLABLE_PARTICLES = frozenset("의은는이가을를도만와과에로랑께")
_NAME_DOT = frozenset("·・･")


def _dotted_surname(text: str, start: int, end: int, tokens: tuple[tuple[str, str, int, int], ...]) -> int:
    """The end of a foreign name whose parts a middle dot joins ("니콜라스·화이트가"): the model
    takes the given name, the surname after the dot stays. Two Korean full names are not joined
    so ("정의화·이명수": a list, listed_names); many foreign names start with a surname's syllable
    ("마이클", "화이트"), so only a pair of full-name shapes is a list."""
    if end >= len(text) or text[end] not in _NAME_DOT:
        return end
    far = _nouns_across_dot(tokens, end, after=True)
    if far is None:
        return end
    surname = text[end + 1 : far]
    return far if _dot_joins(text[start:end], surname, surname) else end


def _dotted_given(text: str, start: int, end: int, tokens: tuple[tuple[str, str, int, int], ...]) -> int:
    """The start of a foreign name whose surname alone the model took, the given name before the
    middle dot staying ("샬럿·홀 교수님": 샬럿/NNP · 홀/NNP; probe_fresh_ko 141421): the nouns that end
    at the dot, on the terms of _dotted_surname."""
    if start < 2 or text[start - 1] not in _NAME_DOT:
        return start
    far = _nouns_across_dot(tokens, start - 1, after=False)
    if far is None:
        return start
    given = text[far : start - 1]
    return far if _dot_joins(given, text[start:end], given) else start


def _nouns_across_dot(tokens: tuple[tuple[str, str, int, int], ...], dot: int, after: bool) -> int | None:
    """Where the run of nouns (NNP, NNG, unknown) that touches the middle dot at ``dot`` ends, ``after``
    it, or starts, before it; None when no noun touches it."""
    touching = dot + 1 if after else dot  # the near edge of the first noun across the dot
    far: int | None = None
    for _form, tag, t_start, t_end in tokens if after else reversed(tokens):
        near, edge = (t_start, t_end) if after else (t_end, t_start)
        if (near < touching) if after else (near > touching):
            continue  # on the found part's side of the dot
        if near != (touching if far is None else far) or not (tag in ("NNP", "NNG") or tag.startswith("UN")):
            break
        far = edge
    return far


def _dot_joins(first: str, second: str, added: str) -> bool:
    """Two parts a middle dot joins are one name's: not a list of two Korean full names ("정의화·이명수"),
    and the part ``added`` to the found one no ministry or thing ("·통일부")."""
    listed = korean_full_name(first) and korean_full_name(second) and len(first) == len(second) == 3
    return not listed and not (_organisation(added) or listed_as_thing(ko_lexicon().classes(added)))


# A given name before a word of address: "준영 씨", "지원선배", "중수쌤이", "서연님께". What
# follows the honorific is a particle or the end of the word, so "씨앗", "님비" are no match.
_HONORIFIC_WORDS = ("선생님", "선배", "씨", "님", "쌤", "양")
_GIVEN_BEFORE_HONORIFIC = re.compile(
    r"(?<![가-힣])([가-힣]{2})(?=\s?(?:" + "|".join(_HONORIFIC_WORDS)
    + r")(?:[이가은는을를의에께도만과와랑요야아]|[^가-힣]|$))"
)
_NAME_TAGS = frozenset(("NNP", "NNG", "NNB", "NR", "XR", "SL", "SH"))
_VOCATIVE = re.compile(r"[님씨][,!~]")


def _familiar_i(text: str, end: int, until: int) -> bool:
    """``text[end:until]`` is the familiar suffix 이 after a given name that ends in a final consonant."""
    return text[end:until] == "이" and end > 0 and "가" <= text[end - 1] <= "힣" and final_consonant(text[end - 1])


def _honorific_inside_word(text: str, start: int, end: int, covering: list[tuple[str, str, int, int]],
                           unknown: frozenset[int]) -> bool:
    """kiwi reads a known noun that starts inside the two letters and runs on past the honorific after
    them: the "honorific" is the middle of that word ("집고양이" is 집/NNG 고양이/NNG; probe_fresh_ko
    8088 on KorSTS). A noun that ends with the honorific ("지수양": 지/수양) leaves the name."""
    at = end + (text[end] == " ")
    honorific = next((h for h in _HONORIFIC_WORDS if text.startswith(h, at)), "")
    return any(start < t[2] < end < t[3] and t[3] > at + len(honorific) and t[2] not in unknown
               and t[1] in ("NNG", "NNP") for t in covering)


def _given_names(
    text: str, tokens: tuple[tuple[str, str, int, int], ...], unknown: frozenset[int]
) -> list[tuple[int, int]]:
    """Given names marked by the honorific after them, which the model (trained on news, where
    people have full names) misses. Not when kiwi reads the word and its honorific as one
    known noun ("마음씨", "아가씨", "태평양"; an unknown one, "서윤양", "아름선배", is the name and
    its honorific) or the word is one dictionary word other than a noun ("그럼 님이": an
    adverb) or a role ("고객님", "사장님")."""
    out = []
    for m in _GIVEN_BEFORE_HONORIFIC.finditer(text):
        start, end = m.span(1)
        word = m.group(1)
        if word in NOT_GIVEN:
            continue
        covering = [t for t in tokens if t[2] < end and start < t[3]]
        if any(t[3] > end and t[2] <= start and t[2] not in unknown for t in covering):
            continue  # one known token runs through name and honorific: 마음씨, 아저씨
        if _honorific_inside_word(text, start, end, covering, unknown):
            continue  # "집고양이": 집/NNG 고양이/NNG, not 집고 + 양 + 이
        if text[end:].lstrip()[:1] == "양":
            # 양 is also "amount", "ocean", "sheep": only glued ("서윤양"), never after a known common
            # noun or a place. (군, "상철군", is left out: it is "county" and "army" all over the
            # news, "울주군", "중국 군", for counties no gazetteer here lists.)
            known_noun = len(covering) == 1 and covering[0][1] == "NNG" and covering[0][2] not in unknown
            if text[end] == " " or known_noun or word in korean_places():
                continue
        if (
            text[end] == " "
            and len(covering) == 1
            and covering[0][1] == "NNG"
            and start not in unknown
            and not ko_lexicon().classes(word) & KoreanLexicon.PERSON
        ):
            continue  # where the senior is from, spaced: "학교 선배가", "대학 선배" (a name: "재원 선배")
        if len(covering) == 2 and covering[0][1] in ("NNB", "NNG") and covering[1][1].startswith("J"):
            continue  # a known noun and its particle: "둘 중에 선생님이" (among), "방에 선배가"
        # Called by name at the head of a message or line: "서아님, 자료 보냈어요" (kiwi: 서/VV 아니/VCN ᆷ).
        # Spaced ("서아님 혹시 내일 시간 되세요?") only a word mecab-ko-dic lists as a person: "회원님 안내"
        # opens notices too.
        head = start == 0 or text[start - 1] == "\n"
        vocative = head and (_VOCATIVE.match(text, end) is not None or (
            text[end + 1 : end + 2] == " " and bool(ko_lexicon().classes(word) & KoreanLexicon.PERSON)))
        if not vocative and not any(t[1] in _NAME_TAGS or t[1].startswith("UN") for t in covering):
            continue  # a verb, adverb or pronoun ("이를 접한 선생님은", "그럼 님이"); kiwi splits
            # unseen names into nouns and verbs ("준영" = 주/VV ᆫ/ETM 영/NNG), never into no noun at all
        out.append((start, end))
    return out


def _common_noun(start: int, end: int, tokens: tuple[tuple[str, str, int, int], ...]) -> bool:
    """kiwi's dictionary knows the span as one common noun ("남자애", "노트북", "정치인") and no
    honorific follows: chat is full of such words for people and things, names are rarely in
    the dictionary as common nouns."""
    inside = [t for t in tokens if t[2] < end and start < t[3]]
    if len(inside) != 1 or inside[0][1] != "NNG" or (inside[0][2], inside[0][3]) != (start, end):
        return False
    after = [t for t in tokens if t[2] >= end][:1]
    return not (after and after[0][0] in HONORIFICS and after[0][2] - end <= 1)


# A known place followed by one of these names a landmark, not a person: "서울역", "부산항", "대구시".
_LANDMARK_SUFFIXES = ("역", "항", "공항", "시", "구", "군", "도", "터미널", "대학교", "대학", "병원", "시장", "타워")


def _inside_known_word(start: int, end: int, tokens: tuple[tuple[str, str, int, int], ...],
                       unknown: frozenset[int]) -> bool:
    """The span ends inside a longer noun kiwi knows: "주민" of "주민등록번호" (a resident registration
    number), read by the model as a given name before a space-separated number."""
    return any(t[2] <= start and end < t[3] and t[1] in ("NNG", "NNP") and t[2] not in unknown for t in tokens)


def _label_line(text: str, start: int, end: int, value: str) -> bool:
    """The span is the whole of its line and mecab-ko-dic lists it only as a thing: a form's heading or
    label ("배송지" above an address, "비고"), not a name standing alone (probe_fresh_mixed 8181)."""
    line_start, line_end = line_bounds(text, start, end)
    whole = not text[line_start:start].strip() and not text[end:line_end].strip()
    return whole and ko_lexicon().classes(value) == KoreanLexicon.OTHER


def _landmark(value: str, places: frozenset[str]) -> bool:
    return any(value.endswith(suffix) and value[: -len(suffix)] in places for suffix in _LANDMARK_SUFFIXES)


# What names end in an organisation, never a person's given name: a span "크라운해태제과",
# "체조협회", "춘천지법" is a firm or a body, whatever the model thought of its first syllables.
_ORGANISATION_SUFFIXES = (
    "협회", "공사", "은행", "그룹", "뉴스", "통신", "일보", "신문", "방송", "지법", "법원", "검찰청", "경찰서",
    "대학교", "병원", "센터", "위원회", "재단", "제과", "유업", "전자", "자동차", "증권", "보험", "항공", "건설",
    "산업", "홀딩스", "엔터테인먼트", "연구원", "연구소", "학회", "노조", "조합", "리조트", "호텔", "백화점",
)  # fmt: skip


# Capital-letter acronyms in Korean text are broadcasters, firms and bodies ("YTN 기자", "ARD 기준");
# a person hidden behind a letter is one letter ("A씨", "K기자"), and Latin names are names_en's.
_ACRONYM = re.compile(r"[A-Z]{2,}")


def _organisation(value: str) -> bool:
    return any(value.endswith(suffix) and len(value) > len(suffix) for suffix in _ORGANISATION_SUFFIXES)


# The rest of a word after a span, then a particle: "김일성|종합대학을", "노무현|재단은".
_GLUED_REST = re.compile(r"[가-힣]+")
_TRAILING_PARTICLE = re.compile(r"(?:은|는|이|가|을|를|의|에|에서|와|과|도|로|으로|만|까지|부터)$")


def _in_organisation_word(text: str, end: int) -> bool:
    """The span runs on, glued, into a word that ends in an organisation's head noun: a body named
    after a person is the body ("김일성종합대학", "노무현재단"), never a person mention."""
    rest = _GLUED_REST.match(text, end)
    if rest is None:
        return False
    word = _TRAILING_PARTICLE.sub("", text[end : rest.end()])
    return any(word.endswith(suffix) for suffix in (*_ORGANISATION_SUFFIXES, "대학"))


def _no_noun(start: int, end: int, tokens: tuple[tuple[str, str, int, int], ...]) -> bool:
    """The span is the copula and its ending ("이라는": 이/VCP 라는/ETM), or opens on a determiner
    of two syllables or more ("모든", "이런류의": 이런/MM 류/NNG). A surname read as a determiner
    or a verb is one syllable ("이/MM 수/MM 빈/NNG", "전 위원장"), and stays."""
    inside = [t for t in tokens if t[2] < end and start < t[3]]
    if not inside:
        return False
    if inside[0][1] == "MM" and inside[0][2] == start and inside[0][3] - inside[0][2] >= 2:
        return True
    return inside[0][1] == "VCP" and all(t[1] == "VCP" or t[1].startswith("E") for t in inside)


# A demonstrative glued to a noun for a work or a part of one, as reviews write it ("이영화는",
# "그드라마"): never a full name in KLUE's training half, whose persons of the shape 이/그/저 + a
# known noun (이재현, 이미숙, 이외수) have other nouns.
_WORK_NOUNS = frozenset("영화 드라마 작품 장면 애니 만화 소설 시리즈 노래 앨범 배우".split())


def _demonstrative_work(value: str) -> bool:
    return len(value) >= 3 and value[0] in "이그저" and value[1:] in _WORK_NOUNS


# What names end in a place or a facility, never a person's given name: "회현사거리", "순창읍",
# "고양버스터미널", "신갈분기점", "훗타라케 섬". Chosen on KLUE's training half, out of fold (names
# lists checked: KLUE training persons, Faker ko_KR). Left out because names end in them too:
# 역 (also "role": "황비홍역을 맡은"), 리/로/도 (유리, 김수로, 말론브랜도), 동/산/천/교/군
# (홍길동, 역도산, 포청천, 송혜교, "A군"), 길 (영길).
_PLACE_SUFFIXES = (
    "사거리", "오거리", "삼거리", "대로", "교차로", "분기점", "나들목", "톨게이트", "휴게소", "공항", "터미널",
    "항구", "포구", "대교", "터널", "마을", "광장", "공원", "유원지", "시장", "해수욕장", "해변", "폭포", "계곡",
    "호수", "강변", "천변", "군도", "반도", "섬", "읍", "면", "현충원", "기념관", "박물관", "미술관", "도서관",
    "성당", "경기장", "체육관", "야구장", "축구장", "운동장", "주차장", "산업단지", "스퀘어", "빌리지",
)  # fmt: skip


# A number in words with its counter: "백만원", "백만배", "천만", "삼십 명" (kiwi: 백만/NR 원/NNB).
# A magnitude syllable is required: names of numeral syllables alone ("오태경", "칠득") have none.
_NUMBER_WORD = re.compile(
    r"[일이삼사오육칠팔구]?(?:[십백천만억조][일이삼사오육칠팔구]?)+"
    r" ?(?:원|배|명|개|달러|위안|엔|유로|번|년|살|세|권|장|대|회|평)?"
)


def _quantity(value: str, start: int, tokens: tuple[tuple[str, str, int, int], ...]) -> bool:
    first = next((t for t in tokens if t[2] == start), None)
    return first is not None and first[1] == "NR" and bool(_NUMBER_WORD.fullmatch(value))


def _hanja_term(text: str, start: int, value: str) -> bool:
    """A word in Hanja outside brackets: legal and official prose writes terms so ("任用權者는",
    "休職期間을"). Korean news writes a name in Hanja only in brackets after its reading
    ("아베 신조(安倍晋三)", "임한수(林漢洙)"), so inside brackets it stays a candidate."""
    if not HANJA_RE.fullmatch(value):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    return before.rfind("(") <= before.rfind(")")


def _gloss_of_no_name(text: str, start: int, end: int, found: list[tuple[int, int]]) -> bool:
    """Hanja in brackets glued to the Hangul word it spells ("경무과(警務課)", "갑자일(甲子日)",
    "시진핑(習近平)") is a name exactly when that reading is one: news glosses names and terms
    alike, and the Hanja alone (a surname's character or not) cannot tell them apart."""
    if not HANJA_RE.fullmatch(text[start:end]) or start < 2 or text[start - 1] != "(":
        return False
    if not HANGUL_RE.match(text, start - 2):
        return False
    return not any(s <= start - 2 < e for s, e in found)


def _korean_name_shape(value: str) -> bool:
    """The last word could be a Korean full name: a surname and a one- or two-syllable given name."""
    words = value.split()
    return korean_full_name(words[-1] if words else value)


def _place(value: str) -> bool:
    """A place or facility by its last word ("회현사거리", "순창읍"); "성" only when the span cannot
    be a Korean full name ("후난성", "푸젠성" but not "김민성")."""
    if any(value.endswith(suffix) and len(value) > len(suffix) for suffix in _PLACE_SUFFIXES):
        return True
    return value.endswith("성") and len(value) > 1 and not _korean_name_shape(value)


# The head noun of a place or a firm, when the model's span stops before it ("마우나리조트에서",
# "브래번 캐피털을", "마리코파 카운티"). Not "시장" (a mayor: "박원순 시장") nor "역" (a role as often
# as a station: "황비홍역의", "송몽규 역을"), which follow persons in KLUE's training half, nor the
# one-syllable 읍/면/섬 ("철수면 좋겠다").
_PLACE_HEADS = sorted(
    {*_PLACE_SUFFIXES, "리조트", "호텔", "카운티", "스타디움", "백화점", "정착촌", "전문점", "캐피털"} - {"시장"},
    key=len,
    reverse=True,
)
_PLACE_HEAD_AFTER = re.compile(
    " ?(?:" + "|".join(h for h in _PLACE_HEADS if len(h) > 1) + ")(?=[은는이가을를의에와과도로서]|[^가-힣]|$)"
)


# The class of a thing named right after it, as news introduces brands, firms and works ("스마트
# 헬스케어 브랜드 핏비트가"). Not 영화/드라마/그룹/모델/캐릭터, which KLUE's training half also puts
# before persons (its annotators label some film titles as persons, "그룹 샤크라", "모델 장윤주").
_THING_CLASSES = (
    "브랜드 기업 업체 회사 제조사 구단 매체 신문 방송사 채널 잡지 앱 게임 작품 앨범 소설 제품 서비스 사이트 호텔 "
    "식당 카페 프로그램 단체 정당 애니 시리즈 예능 뮤지컬 공연 축제 행사 대회 리그 소총 차량 상품 쇼핑몰 플랫폼"
).split()
_THING_CLASS_BEFORE = re.compile("(?:" + "|".join(_THING_CLASSES) + r")\s*['\"‘“]?\s*$")
# Words before 주 that make it a week: "지난 주", "다음 주", "셋째 주", "몇 주".
_WEEK_BEFORE = re.compile(
    r"(?<![가-힣])(?:지난|다음|이번|저번|지지난|다다음|매|첫째|둘째|셋째|넷째|다섯째|마지막|몇|한|두|세|네)\s+$"
)


# 역 as a station, by what travellers write after it: "테르미니역에서", "시먼역보다는", "상벤투 역과도
# 가까워서", "떼르미니역 메트로". A role is "역을 맡은", "역의", "역이" (not matched).
_STATION_CONTEXT = "(?:에서|까지|보다|근처|부근|방향|출구|앞에|과도|과 가까| (?:메트로|지하철|출구|근처))"
_STATION_AFTER = re.compile(" ?역" + _STATION_CONTEXT)
_STATION_END = re.compile(_STATION_CONTEXT)


# What news and reviews say of a film, a product or a firm, right after its name and never after a
# person's in KLUE's training half: "호빗 개봉 후", "할루시제니아 화석은", "스노우 본사". Not after 의
# ("홍길동의 제품": a person's).
_THING_NOUNS = "개봉 방영 출시 상영 연재 판매 제품 브랜드 화석 본사 매장 계열사 주가 지분".split()
_THING_NOUN_AFTER = re.compile(" ?(?:" + "|".join(_THING_NOUNS) + ")(?=[은는이가을를의에와과도로]|[^가-힣]|$)")


def _place_head_after(text: str, end: int) -> bool:
    """The span is followed by a place's or firm's head noun, or is (or is followed by) a station."""
    if _PLACE_HEAD_AFTER.match(text, end) or _STATION_AFTER.match(text, end):
        return True
    return text[end - 1 : end] == "역" and bool(_STATION_END.match(text, end))


# A name and its honorific as one unknown word: "매튜님", "지수씨".
_GLUED_HONORIFIC = re.compile(r"[가-힣]{2,}[님씨]$")


def _honorific_after(
    end: int, tokens: tuple[tuple[str, str, int, int], ...], words: Collection[str] = HONORIFICS
) -> bool:
    """A title or honorific right after the span ("이란 씨", "조지아 선생님"): a person after all.
    ``words=PLAIN_HONORIFICS``: only 씨/님/군/양/모, which no work or disease takes."""
    after = [t for t in tokens if t[2] >= end][:1]
    return bool(after) and after[0][0] in words and after[0][2] - end <= 1


# KLUE-NER's train split (ko_entities: 21k sentences; KLUE dev, which the eval sets hold, is not
# part of it) saw these forms only as other entities, at least this often: a work, a product, a
# disease ("대부 감독", "에볼라 환자", "애니를"). A title after one is the work's director or the
# disease's patient; only 씨/님/군/양 still make it a person. 3, not 2: at 2, KMOU's review
# characters "페리" (0 persons, 2 others) were lost for one more clean sentence (BENCHMARKS.md).
THING_SEEN = 3


def _seen_only_as_thing(value: str) -> bool:
    person, other = ko_entities().counts(value)
    return person == 0 and other >= THING_SEEN


# Surnames that are also a determiner or prefix before a title: 현 (current), 양 (both), 구 (district,
# former), 본 (this), 각 (each), 총 (general). None of them is a lone person in KLUE's training half;
# 이 (this) and 전 (former) are, often ("이 감독", "전 전 대통령"), and 고 ("the late") comes before a
# name, not a title ("고 후보" is Koh), so those stay as they were.
_DETERMINER_SURNAMES = frozenset("현양구본각총")
# An age or a real name in brackets: "A(57)씨", "원(정제원·21)", "박(45세)". A bracket that
# opens a clause ("…하도록 함(안 제2조 신설)", a bill's reference) has a space in it before it closes.
_AGE = re.compile(r"\((?:\d{1,3}|[가-힣]{2,4})[^()\s]{0,8}\)")


# A Latin letter glued to one syllable names a kind, a group or a firm ("A형", "B사", "A조", "C급"),
# except with the honorifics that make it a person hidden behind a letter ("A씨", "B군", "K양").
_LETTER_AND_SYLLABLE = re.compile(r"[A-Za-z][가-힣]")


def _letter_class(value: str) -> bool:
    return bool(_LETTER_AND_SYLLABLE.fullmatch(value)) and value[1] not in PLAIN_HONORIFICS


# Nouns that stand for "a person in a role", the prototypes a word after a lone surname is compared
# with in kiwi's embeddings: titles this module does not list ("박 경정", "안 의사", "장 순경") sit
# near them, other nouns ("주 교통수단", "전 세계") do not.
TITLE_PROTOTYPES = tuple("의원 대표 기자 선수 교수 경찰 회장 감독 장관".split())
# Cosine similarity to the nearest prototype for a word to count as a title. Set between title nouns
# (경정 0.47, 의사 0.49, 순경 0.57, 내정자 0.59) and other nouns (세계 0.34, 수단 0.41, 교통 0.446);
# KLUE's training half, out of fold, gives the same spans at 0.40, 0.45 and 0.50.
TITLE_SIMILARITY = 0.45
# The same similarity for a common noun before 님/씨 to be a role, not a given name (_role_noun).
ROLE_SIMILARITY = 0.5


def _lone_letter_without_title(
    text: str, start: int, end: int, title_like: Callable[[int], bool] = lambda _pos: False
) -> bool:
    """A span of one surname syllable or one Latin letter is a person only as a surname or an initial
    with a title, honorific, age or a further name after it ("박 경사", "김씨", "A(57)씨", "이 모 씨",
    "신 총괄회장", "조 맨신"; ``title_like(position)`` judges a word the lists lack). Alone it is a
    word or a piece of one: "[남].", "[주] 교통수단", "[전] 세계", "M&[A]". (One-syllable foreign
    names, "존", "톰", are no surname and stay.)"""
    letter = text[start:end]
    if end - start != 1 or not (letter in SURNAMES_1 or (letter.isascii() and letter.isalpha())):
        return False
    if _AGE.match(text, end):
        return False
    spaced = text[end : end + 1] == " "
    rest = text[end + 1 :] if spaced else text[end:]
    word = rest.split(" ", 1)[0]
    if letter in _DETERMINER_SURNAMES:
        # "현 내정자" (the current nominee), "양 공동대표" (both co-leads), "구의원" (a district
        # councillor): before a title these letters are words; a person with 씨/님/군/양/모, or a
        # title with 님 as chat addresses people ("현 과장님께").
        titled = "님" in word and any(word.startswith(t) for t in TITLE_WORDS)
        return not (word == "모" or word[:1] in PLAIN_HONORIFICS or titled)
    if spaced and (word == "모" or any(t in word for t in TITLE_WORDS) or title_like(end + 1)):
        return False  # "신 총괄회장은", "이 모 씨", "박 경정은"
    # Glued to a title it is a person too ("김과장", "전기자랑"): a word the pair also spells
    # ("구의원", "전기자") is no evidence either way, and mecab-ko-dic lacks most such pairs.
    return not any(rest.startswith(t) for t in TITLE_WORDS)


class KoreanNameRecognizer(EntityRecognizer):
    """PERSON in Hangul text from the CRF, widened to whole names and filtered."""

    def __init__(
        self,
        morphology: KoreanMorphology,
        tagger: KoreanNameTagger | None = None,
        judge: SpanJudge | None = None,
    ) -> None:
        self._morph = morphology
        self._tagger = tagger or KoreanNameTagger()
        self._judge = judge or load_judge(morphology)
        ko_lexicon()  # ~1-2 s: here, where the scrubber is built, not in the first batch
        ko_entities()
        self._languages = korean_languages()
        self._places = korean_places()
        self._public_places = korean_public_places()
        found = (morphology.morpheme_id(word, "NNG") for word in TITLE_PROTOTYPES)
        self._title_ids = tuple(i for i in found if i is not None)
        super().__init__(supported_entities=[PERSON], supported_language="ko", name="KoreanNameRecognizer")

    def load(self) -> None:
        pass

    def candidates(self, text: str) -> list[tuple[int, int, float]]:
        """The CRF's spans, widened to whole names and through the word filters, each with the
        CRF's confidence: what the judge decides on (and what its training script reads)."""
        if not HANGUL_RE.search(text):
            return []
        tokens = self._morph.tokens(text)
        out: list[tuple[int, int, float]] = []
        unknown = self._morph.unknown(text)
        features = char_features(text, tokens, unknown, self._morph.anchors(text))
        for start, end, confidence in self._tagger.person_spans(features, THRESHOLD):
            start, end = _widen(text, start, end, tokens)
            value = text[start:end]
            if not value or value in NOT_PERSON or value in ROLE_NOUNS or value in self._languages:
                continue
            if _landmark(value, self._places):
                continue
            if start not in unknown and _common_noun(start, end, tokens):
                continue
            if start not in unknown and _inside_known_word(start, end, tokens, unknown):
                continue
            if _organisation(value) or _ACRONYM.fullmatch(value):
                continue
            if _label_line(text, start, end, value):
                continue  # "배송지" over a delivery address (kiwi: 배송지/NNP)
            if _quantity(value, start, tokens) or _hanja_term(text, start, value) or self._compound_noun(value):
                continue
            if any(t[1] == "VCN" and (t[2], t[3]) == (start, end) for t in tokens):
                continue  # the negative copula: "한국어뿐만 아니라"
            if _no_noun(start, end, tokens) or _demonstrative_work(value):
                continue  # "모든 고객", "이라는", "이런류의", "이영화는"
            if (_in_organisation_word(text, end) or _THING_NOUN_AFTER.match(text, end)) and not _honorific_after(
                end, tokens
            ):
                continue  # "김일성종합대학을"
            if _THING_CLASS_BEFORE.search(text, max(0, start - 12), start):
                continue  # "헬스케어 브랜드 핏비트가", "결혼정보회사 '노블레스 수현'"
            if value[0] == "주" and _WEEK_BEFORE.search(text, max(0, start - 6), start):
                # the week, not the surname 주: "다음 주 비 오는 날", "지난 주 대구"; a name after it
                # stays one ("다음 주 조셉이")
                if not (value[1:2] == " " and len(value) >= 4):
                    continue
                start, value = start + 2, value[2:]
            if (value in self._public_places or _place(value) or _place_head_after(text, end)) and not _honorific_after(
                end, tokens
            ):
                continue  # a country, province, district or big city: "이라크는", "전라남도는", "충북"
            out.append((start, end, confidence))
        return out

    def spans(self, text: str) -> list[tuple[int, int]]:
        judge = self._judge
        out: list[tuple[int, int]] = []
        tokens = self._morph.tokens(text) if HANGUL_RE.search(text) else ()
        for start, end, confidence in self.candidates(text):
            # "이란 씨", "조지아 님", "매튜님이고요" (kiwi glues 님 to a name it does not know): an
            # honorific is a person whatever the word is elsewhere (the judge's anchors know 이란 as a
            # country). Common nouns ending in 님/씨 (선생님, 아저씨) never get here (_common_noun).
            # No span of KLUE's training half changes.
            value = text[start:end]
            titled = _honorific_after(end, tokens) and (
                _honorific_after(end, tokens, PLAIN_HONORIFICS) or not _seen_only_as_thing(value))
            if not (titled or _GLUED_HONORIFIC.search(value)):
                features = span_features(self._morph, text, start, end, confidence, judge.prototypes, judge.likeness)
                anchors = anchor_vector(self._morph, text, start, end) if judge.anchor_weights else ()
                if judge.probability(features, anchors) < judge.threshold:
                    continue
            end = _complete_name(text, start, end)  # after the judge, which decided on the model's span
            end = spaced_given_name(text, start, end)
            if out and out[-1][1] >= start:  # two pieces of one name
                out[-1] = (out[-1][0], max(end, out[-1][1]))
            else:
                out.append((start, end))
        # Only now, with surnames completed ("이" + "수빈") and pieces joined, is a lone letter alone.
        title_like = partial(self._title_like, text)
        out = [
            (s, e)
            for s, e in out
            if not (_lone_letter_without_title(text, s, e, title_like) or _letter_class(text[s:e]))
        ]
        if tokens:
            found = list(out)
            unknown = self._morph.unknown(text)
            given = [g for g in _given_names(text, tokens, unknown) if not self._role_noun(text, *g)]
            given += [g for g in familiar_names(text, tokens, unknown, NOT_GIVEN)
                      if not _seen_only_as_thing(text[g[0]:g[1]])]
            given += kin_names(text, tokens, NOT_GIVEN, found=found + given)
            given += caller_names(text, NOT_GIVEN)
            given += titled_full_names(tokens, unknown) + introduced_full_names(text, tokens, unknown)
            given += titled_foreign_names(text, tokens, unknown)
            for g in sorted(given):
                inside = [(s, e) for s, e in found if g[0] < e and s < g[1]]
                # A shorter span the model found inside a name these rules read whole gives way to it
                # ("이수아랑": the model's "이수", the intro's "이수아"; probe_fresh_ko 271828), but not to
                # its familiar 이 ("우현이한테": the given name 우현, not a full name 우현이).
                if all(g[0] <= s and e <= g[1] and not _familiar_i(text, e, g[1]) for s, e in inside):
                    found = [span for span in found if span not in inside] + [g]
                    out = [span for span in out if span not in inside] + [g]
            # A spaced full name takes in what was found of it: the surname alone ("박" of "박 서연
            # 과장님") or the given name alone ("예준" of "송 예준").
            for s0, e0 in spaced_full_names(text, tokens, unknown):
                inside = [span for span in out if span[0] < e0 and s0 < span[1]]
                out = [span for span in out if span not in inside]
                out.append((min([s0, *(s for s, _ in inside)]), max([e0, *(e for _, e in inside)])))
            out = sorted(with_spaced_surname(text, s, e) for s, e in out)
            out = listed_names(text, out, tokens, unknown)
            out = [(_dotted_given(text, s, e, tokens), _dotted_surname(text, s, e, tokens)) for s, e in out]
        out = [(s, e) for s, e in out if not names_a_thing(text, s, e)]
        return [(s, e) for s, e in out if not _gloss_of_no_name(text, s, e, out)]

    def _compound_noun(self, value: str) -> bool:
        """kiwi, reading the span alone, finds two or more common nouns it knows, each of two
        syllables or more ("오븐구이", "소프트크림", "육아휴직", "감동주의"): a compound, which a
        name almost never is (2 of KLUE's 4,418 persons, "여자친구" and "개미부부", both nicknames).
        In the sentence kiwi may read it otherwise ("조/NNP 수석"), hence the second reading."""
        if " " in value or len(value) < 4 or not HANGUL_RE.search(value):
            return False
        tokens = self._morph.tokens(value)
        unknown = self._morph.unknown(value)
        return (
            len(tokens) >= 2
            and tokens[0][2] == 0
            and tokens[-1][3] == len(value)
            and all(tag == "NNG" and end - start >= 2 and start not in unknown for _, tag, start, end in tokens)
        )

    def _role_noun(self, text: str, start: int, end: int) -> bool:
        """The word before 님/씨 is one common noun kiwi knows that sits near a title in its
        embeddings ("관장님께서", "주무관님"): a role addressed politely, which no list of roles
        (names_ko_words.ADDRESS_NOUNS) can hold whole. Stricter than TITLE_SIMILARITY, since given
        names are common nouns too (선미 0.49, 은혜 0.46; 관장 0.52, 주무관 0.51)."""
        ids = self._morph.morpheme_ids(text)
        unknown = self._morph.unknown(text)
        for k, (_form, tag, t_start, t_end) in enumerate(self._morph.tokens(text)):
            if (t_start, t_end) == (start, end) and tag == "NNG" and t_start not in unknown:
                if not self._morph.has_embedding(ids[k]):
                    return False
                return max(self._morph.similarities(ids[k], self._title_ids), default=0.0) >= ROLE_SIMILARITY
        return False

    def _title_like(self, text: str, position: int) -> bool:
        """The word at ``position`` is a proper noun or an unseen word (the rest of a name: "조 맨신"),
        or a known noun near a title in kiwi's embeddings ("경정", "순경", "의사")."""
        ids = self._morph.morpheme_ids(text)
        unknown = self._morph.unknown(text)
        for k, (_form, tag, start, _end) in enumerate(self._morph.tokens(text)):
            if start == position:
                if tag == "NNP" or start in unknown:
                    return True
                if tag != "NNG" or not self._morph.has_embedding(ids[k]):
                    return False
                return max(self._morph.similarities(ids[k], self._title_ids), default=0.0) >= TITLE_SIMILARITY
        return False

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        return [RecognizerResult(PERSON, s, e, 0.85) for s, e in self.spans(text)]

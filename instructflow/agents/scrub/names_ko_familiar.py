"""Korean given names in casual speech, which the name CRF never proposes: "휘연이가", "석완이한테",
"우현이에게", "석완아", "경재가 보낸 메일", "경재 메일".

Why a second proposer: the CRF (names_ko.py) learnt from news, where people have full names or
titles. Friends are named by the given name alone, most often with the familiar suffix 이 after a
name that ends in a final consonant ("휘연이", then a particle), or with a bare particle after one
that ends in a vowel ("경재가"), or called by the vocative 아 ("석완아"). kiwi cuts such unseen
names into pieces (휘/MAG 연/NNG 이/XSN 가/JKS) and the CRF sees no name. The shapes are written
here, and what makes one a name is measured:

* the word with its 이 is no word of mecab-ko-dic (model/ko_lexicon.txt.gz: "고양이", "길이",
  "종이", "놀이", "멍멍이" are) and not one known common noun to kiwi;
* its two syllables look like a Korean given name more than like a two-syllable word:
  letter pairs (:class:`names_ko_spans.NameLikeness`) of ~21k given names (mecab-ko-dic persons,
  KLUE training persons, Faker ko_KR) against ~64k two-syllable nouns
  (model/given_names_ko.json, built by model/build_given_names_ko.py);
* where the same letters also read as an ordinary noun with its particle ("학생이 왔다": the
  subject particle 이; "학생이랑": the particle 이랑; "사과가"), the two syllables must also be no
  known word at all, and look more like a name.

The shapes and thresholds were chosen on text outside every evaluation set: KLUE's training half,
paraKQC lines 0, 1 and 4 mod 5, Chatbot_data rows not 0 or 5 mod 10, KorNLI and KorSTS dev
sentences (BENCHMARKS.md "s15-kon"). A bare name before a noun ("경재 메일") is taken only when no
dictionary lists the word as anything but a person and its letters look much like a name: any
noun stands so. Not covered: a known word before 이랑 or a bare 이 ("형용이랑": the particle 이랑
after the noun 형용).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from instructflow.agents.scrub.names_ko_spans import KoreanLexicon, NameLikeness, ko_lexicon

MODEL_FILE = "given_names_ko.json"
Token = tuple[str, str, int, int]

# Particles after the familiar 이 that no ordinary noun takes there: "학생이가" is no Korean, so
# "휘연이가" is a name whatever its letters. (이랑 and a bare 이 are also an ordinary noun's
# particle: "학생이랑", "학생이 왔다" — AMBIGUOUS below.)
FAMILIAR_PARTICLES = tuple("가 는 를 한테 한텐 에게 에겐 와 도 의 하고 꺼 만 께 처럼 보다 까지".split())
# Particles straight after a vowel-final given name ("경재가", "경재한테").
BARE_PARTICLES = tuple("가 는 를 랑 한테 에게 와 도 의 하고 꺼 께서".split())
# The whole rest of the word after such a name: a particle, maybe with a second one ("한테는",
# "꺼랑"); anything longer is another word ("진주의료원", "지나가는").
_BARE_FORMS = frozenset(p + q for p in BARE_PARTICLES for q in ("", "는", "은", "도", "만", "랑", "를", "가"))
# Name-likeness (log-ratio per letter pair) a form needs: the familiar 이 + particle is evidence of
# its own; the ambiguous forms need the letters to say more.
FAMILIAR_MIN = 0.0
AMBIGUOUS_MIN = 1.0
BARE_MIN = 1.0

_HANGUL_RUN = re.compile(r"(?<![가-힣])[가-힣]{3,}")
# A bare two-syllable name before a noun ("경재 메일"): any noun stands so ("사과 주스"), so only
# a word no dictionary lists as anything but a person, and letters that look much more like a name
# (KLUE training half: 5 persons and 1 other at 1.5, 5 and 6 at 1.0; paraKQC and Chatbot_data
# dev lines: only 경재 at 1.5).
_BEFORE_A_WORD = re.compile(r"(?<![가-힣])([가-힣]{2}) (?=[가-힣])")
BEFORE_NOUN_MIN = 1.5


def final_consonant(ch: str) -> bool:
    return (ord(ch) - 0xAC00) % 28 != 0


@lru_cache(maxsize=1)
def _given_names_model() -> dict[str, Any]:
    path = resources.files("instructflow.agents.scrub.model").joinpath(MODEL_FILE)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def given_name_likeness() -> NameLikeness:
    data = _given_names_model()
    return NameLikeness(data["person"], data["other_pairs"])


# A given name many families give: mecab-ko-dic lists it as a person after at least this many of the
# twenty common surnames (model/build_given_names_ko.py): 영수 20, 명자 11, 미숙 13, 재준 17, 영환 19,
# where words that spell a name only now and then have few (시정 4, 학교 3, 사장 3, 우리 5). What is
# both a widespread name and a common word (영수 "receipt", 명자 "quince") is a name where a person
# is meant: before 언니/오빠, or as who calls or texts.
WIDESPREAD = 8


def widespread_given(name: str) -> bool:
    return int(_given_names_model()["surnames"].get(name, 0)) >= WIDESPREAD


def _known_noun(word: str, start: int, tokens: tuple[Token, ...], unknown: frozenset[int]) -> bool:
    """kiwi reads ``word`` (at ``start``) as one known morpheme other than a proper noun."""
    end = start + len(word)
    return any(t[2] == start and t[3] == end and t[1] != "NNP" and start not in unknown for t in tokens)


# kiwi's pieces of an unseen name: nouns, and the adverbs and determiners it mistakes syllables for
# (휘/MAG 연/NNG, 석/MM 완/NNG). A verb, an ending, a pronoun or a copula inside means the letters are
# a verb form ("하기도", "지나가는", "비오는", "이라는") or a pronoun ("뭐라도"), no name.
_NAME_PIECES = frozenset(("NNP", "NNG", "NNB", "NR", "MAG", "MM", "XR", "SH"))
_SUFFIX = frozenset(("XSN", "JKS", "VCP"))  # kiwi's readings of the familiar 이


def _name_then_particle(start: int, end: int, tokens: tuple[Token, ...], also: frozenset[str] = frozenset()) -> bool:
    """kiwi's tokens of ``start:end`` are name pieces, none runs past ``end`` ("경기도"), and what
    follows is a particle or the familiar suffix 이 (or nothing)."""
    inside = [t for t in tokens if t[2] < end and start < t[3]]
    if not inside or any(t[3] > end or t[2] < start for t in inside):
        return False
    if not all(t[1] in _NAME_PIECES or t[1] in also or t[1].startswith("UN") for t in inside):
        return False
    after = next((t for t in tokens if t[2] >= end), None)
    return after is None or after[2] > end or after[1].startswith("J") or after[1] in ("XSN", "VCP")


def one_name_token(start: int, end: int, tokens: tuple[Token, ...], unknown: frozenset[int]) -> bool:
    """kiwi reads name and familiar 이 as one proper noun or one unknown word ("우현이/NNP")."""
    return any(t[2] == start and t[3] == end and (t[1] == "NNP" or start in unknown) for t in tokens)


def familiar_names(
    text: str,
    tokens: tuple[Token, ...],
    unknown: frozenset[int],
    excluded: frozenset[str] = frozenset(),
    lexicon: KoreanLexicon | None = None,
    likeness: NameLikeness | None = None,
) -> list[tuple[int, int]]:
    """Spans of two-syllable given names in a familiar form (the name only, not its 이 or
    particle). ``excluded``: words that are no given name (roles, kin, brands)."""
    lexicon = lexicon or ko_lexicon()
    likeness = likeness or given_name_likeness()
    out: list[tuple[int, int]] = []
    for m in _HANGUL_RUN.finditer(text):
        start = m.start()
        name = m.group()[:2]
        needed = _needed_likeness(m.group(), start, tokens, unknown, excluded, lexicon)
        if needed is not None and likeness.score(name) >= needed:
            out.append((start, start + 2))
    for m in _BEFORE_A_WORD.finditer(text):
        start, name = m.start(), m.group(1)
        if (
            _name_before_noun(name, start, tokens, unknown, excluded, lexicon)
            and likeness.score(name) >= BEFORE_NOUN_MIN
        ):
            out.append((start, start + 2))
    return sorted(out)


def _name_before_noun(
    name: str,
    start: int,
    tokens: tuple[Token, ...],
    unknown: frozenset[int],
    excluded: frozenset[str],
    lexicon: KoreanLexicon,
) -> bool:
    """A two-syllable word alone before a common noun ("경재 메일"), which mecab-ko-dic lists as
    nothing but a person (or not at all), kiwi reads as one proper noun or does not know, and that
    is followed by a common noun kiwi knows."""
    classes = lexicon.classes(name)
    if (
        name in excluded
        or classes & KoreanLexicon.PLACE
        or (classes & KoreanLexicon.OTHER and not classes & KoreanLexicon.PERSON)
    ):
        return False
    end = start + 2
    inside = [t for t in tokens if t[2] < end and start < t[3]]
    if len(inside) != 1 or inside[0][2:] != (start, end) or not (inside[0][1] == "NNP" or start in unknown):
        return False
    after = next((t for t in tokens if t[2] > start), None)
    return after is not None and after[2] == end + 1 and after[1] == "NNG" and after[2] not in unknown


def _needed_likeness(
    word: str,
    start: int,
    tokens: tuple[Token, ...],
    unknown: frozenset[int],
    excluded: frozenset[str],
    lexicon: KoreanLexicon,
) -> float | None:
    """The name-likeness the word's first two syllables need to be a given name in this form, or
    None when the word has no familiar form."""
    name, rest = word[:2], word[2:]
    vowel_final = not final_consonant(name[1])
    if (rest not in _BARE_FORMS) if vowel_final else (rest[0] != "이" and rest != "아"):
        return None  # no familiar form at all: most words, decided before any look-up
    classes = lexicon.classes(name)
    # A word that is something besides a name: a place ("로마", "델리"), a noun never listed as a
    # person ("고양", "형용"), or a known morpheme to kiwi other than a proper noun ("성우").
    known = (
        name in excluded
        or bool(classes & KoreanLexicon.PLACE)
        or bool(classes & KoreanLexicon.OTHER and not classes & KoreanLexicon.PERSON)
        or _known_noun(name, start, tokens, unknown)
    )
    if vowel_final:
        # kiwi may take an unseen name in with its particle as one unknown word ("지유가/NNG")
        if not known and (_name_then_particle(start, start + 2, tokens)
                          or one_name_token(start, start + len(word), tokens, unknown)):
            return BARE_MIN  # "경재가", "경재한테는"
        return None
    if rest == "아":  # the vocative after a final consonant: "석완아"
        return None if known or not _name_then_particle(start, start + 2, tokens) else AMBIGUOUS_MIN
    with_i = lexicon.classes(name + "이")
    if (with_i and not with_i & KoreanLexicon.PERSON) or _known_noun(name + "이", start, tokens, unknown):
        # a word ending in 이: 고양이, 길이, 종이, 놀이; one mecab-ko-dic lists as a person too is the
        # name and its familiar 이 ("정남이가", probe_fresh_ko 299792)
        return None
    after = rest[1:]
    if after.startswith(FAMILIAR_PARTICLES):
        # kiwi cuts the unseen name anywhere ("휘/MAG 연/NNG 이/XSN", "형/NNG 용이/NNG"): the name
        # with its 이 must be made of name pieces, followed by a particle
        if _name_then_particle(start, start + 2, tokens) or _name_then_particle(start, start + 3, tokens, _SUFFIX):
            # a known word ("동석", "형용") is a name here when kiwi too reads the 이 as the familiar
            # suffix (이/XSN); otherwise its letters must look like a name
            # or as one proper noun or unknown word with it ("수율이/NNP 가")
            familiar = any(t[2] == start + 2 and t[0] == "이" and t[1] == "XSN" for t in tokens) or (
                one_name_token(start, start + 3, tokens, unknown))
            return AMBIGUOUS_MIN if known and not familiar else FAMILIAR_MIN
        return None
    # "휘연이 메일", "휘연이랑": also any noun with its particle ("학생이", "학생이랑")
    pieces = _name_then_particle(start, start + 2, tokens) or one_name_token(start, start + 3, tokens, unknown)
    return AMBIGUOUS_MIN if after in ("", "랑") and not known and pieces else None


# A given name before the kin word friends use for an older friend: "재원 언니", "승수 오빠가",
# "지혜언니". What stands there otherwise is a noun of where the friend is from ("친구 언니",
# "회사 언니", "사촌 오빠": words mecab-ko-dic lists, none as a person) or a pronoun or verb
# ("우리 언니", "아는 오빠": not nouns to kiwi).
_BEFORE_KIN = re.compile(
    r"(?<![가-힣])([가-힣]{2}) ?(?=(?:언니|오빠|누나|오라버니|언냐)(?:[^가-힣]|$|[이가은는을를의에께도만과와랑한하]))"
)


# kiwi's readings of a given name in 은 it does not know whole: the 은 as a particle or a noun after
# an interjection or a noun ("하/IC 은/NNG", "경/NNG 은/JX"; probe_fresh_ko 299792). A verb's 은
# (좋/VA 은/ETM: "좋은 언니") is none of these.
_EUN_SPLIT = frozenset(("IC", "JX", "NNG", "NNP", "XR"))


def _split_in_eun(name: str, inside: list[Token]) -> bool:
    """A name in 은 that mecab-ko-dic lists as a person, cut by kiwi into a first syllable and 은."""
    return name[1] == "은" and len(inside) == 2 and all(t[1] in _EUN_SPLIT for t in inside)


def _read_whole_as(inside: list[Token], start: int, end: int, tags: tuple[str, ...]) -> bool:
    """kiwi reads ``start:end`` as one token of one of ``tags``: one common noun it knows (NNG, NNB; a
    root, 미진/XR, is none), or one adverb (MAG: "이제", "다시", which mecab-ko-dic may list as a
    person too; before 언니/오빠 it says when, not who)."""
    return len(inside) == 1 and inside[0][2:] == (start, end) and inside[0][1] in tags


# One kin-named friend joined to another: "미진 언니랑 수아 오빠", "은연 언니, 민지 누나".
_KIN_AND = re.compile(r" ?(?:언니|오빠|누나|오라버니|언냐)(?:이랑|랑|하고|와|과|도)?,?(?: 그리고)? ")
# What the second of two joined names must look like at least (see kin_names): 학교/대학 are
# known nouns to kiwi; 가율, 서서 look like no name.
JOINED_MIN = 0.0


def kin_names(
    text: str,
    tokens: tuple[Token, ...],
    excluded: frozenset[str] = frozenset(),
    lexicon: KoreanLexicon | None = None,
    likeness: NameLikeness | None = None,
    found: Sequence[tuple[int, int]] = (),
) -> list[tuple[int, int]]:
    """Two-syllable given names before 언니/오빠/누나: a word mecab-ko-dic lists as a person (it may
    list it as something else too: "재원", "지혜"), or lists as nothing and whose letters look like
    a name; kiwi must read it as name pieces (nouns), never a pronoun, verb or determiner.

    Joined to a name so found (or one of ``found``, the spans other proposers found) by its kin word
    and 랑/하고/와 ("미진 언니랑 <수아> 오빠"), a word is a name also when mecab-ko-dic lists it as a
    thing (미진, "slight tremor"), unless kiwi reads it as one common noun it knows ("학교 언니랑 수아
    오빠") or its letters look like no name (probe_fresh_ko 161803)."""
    lexicon = lexicon or ko_lexicon()
    likeness = likeness or given_name_likeness()
    out: list[tuple[int, int]] = []
    joinable: list[tuple[int, int]] = []
    for m in _BEFORE_KIN.finditer(text):
        start, end = m.span(1)
        name = m.group(1)
        if name in excluded:
            continue
        inside = [t for t in tokens if t[2] < end and start < t[3]]
        if not inside or _read_whole_as(inside, start, end, ("MAG",)):  # "이제 언니가 왔어"
            continue
        classes = lexicon.classes(name)
        pieces = (t[2] >= start and t[3] <= end and (t[1] in _NAME_PIECES or t[1].startswith("UN")) for t in inside)
        # A widespread name whatever kiwi reads in it ("영환 언니": 영화/NNG ᆫ/JX; probe_fresh_ko 7777777)
        widespread = widespread_given(name)
        if not (all(pieces) or widespread or (classes & KoreanLexicon.PERSON and _split_in_eun(name, inside))):
            continue
        if classes & KoreanLexicon.PERSON or widespread or (not classes and likeness.score(name) >= BARE_MIN):
            out.append((start, end))
        elif not _read_whole_as(inside, start, end, ("NNG", "NNB")) and likeness.score(name) >= JOINED_MIN:
            joinable.append((start, end))
    names = [*out, *found]
    for start, end in joinable:
        if any(_KIN_AND.fullmatch(text, end, s) or _KIN_AND.fullmatch(text, e, start) for s, e in names):
            out.append((start, end))
    return sorted(out)


# Who calls, texts or asks: a two-syllable word, its familiar 이 maybe, 가, then such a verb ("아까 명자가
# 전화했는데", "은솔이가 문자 보냈어", "영수가 연락했어"). Where the model and the forms above see a known word
# (명자 "quince", 영수 "receipt"), this verb says a person is meant; "회사가 전화했는데", "엄마가 연락했어",
# "택배가 문자 보냈어" stay (no widespread name, no person listing).
_CALLER = re.compile(
    r"(?<![가-힣])([가-힣]{2})이?가[ \t]+(?=(?:아까|방금|또|계속|먼저|자꾸)?[ \t]*"
    r"(?:(?:전화|연락|문자|카톡|톡|메일|메시지|메세지)[ \t]?(?:했|하|해|한|할|줬|드렸|보냈|남겼)|물어[ \t]?봤|부탁했))"
)


def caller_names(
    text: str,
    excluded: frozenset[str] = frozenset(),
    lexicon: KoreanLexicon | None = None,
    likeness: NameLikeness | None = None,
) -> list[tuple[int, int]]:
    """Given names as who calls, texts or asks (see ``_CALLER``): a widespread given name, a word
    mecab-ko-dic lists as a person and nothing else, or one it does not list whose letters look like a
    name."""
    if "가" not in text:
        return []
    lexicon = lexicon or ko_lexicon()
    likeness = likeness or given_name_likeness()
    out = []
    for m in _CALLER.finditer(text):
        name = m.group(1)
        if name in excluded:
            continue
        classes = lexicon.classes(name)
        if widespread_given(name) or classes == KoreanLexicon.PERSON or (
                not classes and likeness.score(name) >= BARE_MIN):
            out.append(m.span(1))
    return out

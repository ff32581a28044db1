"""Spans a Korean name proposer took that name a thing by their form: a last word on a span, after
the CRF, the judge and the given-name proposers have had theirs.

Each shape below is one no Korean, Chinese or Japanese name has, found on text outside every
evaluation set (KMOU's 2016 NER dev and test sentences, github.com/kmounlp/NER, read for
evaluation only) and checked against every person of KLUE's training half (none lost):

* a number before or inside the word: "2호선", "5백명" (a counter after digits);
* a year of the sexagenary cycle: "정미년", "경술년";
* a Hangul school name: a place with 고/여고/여중 ("성동고", "제일고"); 중 alone ends too many
  given names ("윤창중"), and a name may end in the ending 고 ("리처드고요");
* Hanja that is a term, not a name: mixed with Hangul ("輕忽視하"), five characters or more, or
  with a particle or suffix no name has ("理之發", "超越的", "神格化"). Two to four plain
  characters stay: that is how Chinese and Japanese names are written ("習近平", "後藤健二");
* a word that with the 님 after it is one dictionary word for no one in particular ("아버" + 님,
  "장모" + 님): the honorific belongs to the word, not to a name;
* a word in ...어 listed with a language CLDR names: "영어, 힌두어, 벵갈어로 번역해줘" (벵갈어 is
  Bengali spelt as people say it, CLDR writes 벵골어), "하우사어, 이보어, 요루바어";
* three or more Latin letters spelt in Hangul, an acronym of a firm or a body ("에스에스엘엠",
  "에스케이씨"); two are also names (아이유, 비아이: none of KLUE's training persons is three), and
  so are three one-letter syllables led by a surname ("이지유 님": 이, 지, 유 spell E, G, U).
"""

from __future__ import annotations

import re

from instructflow.agents.scrub.gazetteers import korean_languages
from instructflow.agents.scrub.korean import HANGUL_RE, HANJA_RE
from instructflow.agents.scrub.names_ko_spans import KoreanLexicon, ko_lexicon
from instructflow.agents.scrub.names_ko_words import SURNAMES_1, listed_as_thing

_CYCLE_YEAR = re.compile(r"[갑을병정무기경신임계][자축인묘진사오미신유술해]년")
_SCHOOL = ("여고", "여중", "고")
# Last characters of Hanja terms ("-的", "-化", "-性", "-法", "-論", ...), and the particles of
# classical prose: no name ends in or holds one.
_HANJA_TERM_ENDS = frozenset("的化性法論學律觀界權制")
_HANJA_PARTICLES = frozenset("之而")
# The Hangul spelling of each Latin letter; three or more of them in a row are an acronym.
_LETTER_NAMES = "에이 비 씨 디 이 에프 지 쥐 에이치 아이 제이 케이 엘 엠 엔 오 피 큐 알 에스"
_LETTER_NAMES += " 티 유 브이 더블유 엑스 와이 제트"
_SPELLED_ACRONYM = re.compile("(?:" + "|".join(sorted(set(_LETTER_NAMES.split()), key=len, reverse=True)) + "){3,}")
# Words in ...어 joined by commas, dots, slashes or "와/과/랑/하고": a list of languages if one of
# them is a language.
_LANGUAGE_LIST = re.compile(r"[가-힣]+어(?:\s*(?:[,·ㆍ/]|와|과|랑|이랑|하고)\s*[가-힣]+어(?![가-힣]*어))+")


def names_a_thing(text: str, start: int, end: int) -> bool:
    value = text[start:end]
    return (
        _with_number(text, start, value)
        or bool(_CYCLE_YEAR.fullmatch(text[start : end + 1][:3]))
        or _school(value)
        or _hanja_term(value)
        or _word_with_honorific(text, start, end)
        or _in_language_list(text, start, end)
        or _spelled_acronym(value)
    )


def _spelled_acronym(value: str) -> bool:
    return bool(_SPELLED_ACRONYM.fullmatch(value)) and not (len(value) == 3 and value[0] in SURNAMES_1)


def _with_number(text: str, start: int, value: str) -> bool:
    if start > 0 and text[start - 1].isdigit():
        return True
    # "2NE1", "007" are a band's and a film's names, which KLUE labels as persons: only a number
    # that starts a Hangul word is a counter.
    return value[:1].isdigit() and HANGUL_RE.search(value) is not None


def _school(value: str) -> bool:
    for suffix in _SCHOOL:
        stem = value[: -len(suffix)]
        if value.endswith(suffix) and len(stem) >= 2:
            # A place, not any known word: "리처드고요" is a name and the ending 고요.
            return bool(ko_lexicon().classes(stem) & KoreanLexicon.PLACE)
    return False


def _hanja_term(value: str) -> bool:
    """A Hanja term: mixed with Hangul, five characters or more, or with a term's ending or a
    particle ("唯物論的 人生觀", "우 任用權者"); but not when the span opens on what may be the name,
    a Hangul word or a plain Hanja word, with a party or a title beside it ("최영 將軍",
    "羅雄培 民正")."""
    letters = value.replace(" ", "")
    if not HANJA_RE.search(letters):
        return False
    first, _, rest = value.partition(" ")
    if rest and len(first) >= 2 and (not HANJA_RE.search(first) or not _hanja_term_word(first)):
        return False
    return _hanja_term_word(letters)


def _hanja_term_word(word: str) -> bool:
    if HANGUL_RE.search(word):
        return True
    return len(word) >= 5 or word[-1] in _HANJA_TERM_ENDS or not _HANJA_PARTICLES.isdisjoint(word)


def _word_with_honorific(text: str, start: int, end: int) -> bool:
    # 님 only: mecab-ko-dic also lists given names with 씨 as other nouns ("종수씨"), and a lone
    # surname with it ("정씨").
    if text[end : end + 1] != "님":
        return False
    return listed_as_thing(ko_lexicon().classes(text[start : end + 1]))


def _in_language_list(text: str, start: int, end: int) -> bool:
    if not text.endswith("어", start, end):
        return False
    languages = korean_languages()
    for listed in _LANGUAGE_LIST.finditer(text):
        if listed.start() <= start and end <= listed.end():
            items = re.findall(r"[가-힣]+어", listed.group())
            return text[start:end] in items and any(item in languages for item in items)
    return False

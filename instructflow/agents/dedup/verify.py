"""Word-level verification of near-duplicate candidates: a changed value is a different request.

Character-shingle Jaccard cannot tell "수요일에 알아야 할 10가지" from "목요일에 알아야 할 10가지",
or "What is 15% of 80?" from "What is 15% of 90?": on a short text the substituted word is as
small an edit as a typo or a dropped particle, and the bar that catches one-word edits of short
prompts (similarity.py) must also pass these. A data team does not call them duplicates, though:
the answer differs. What changes the answer while barely changing the characters is a
*substituted value* of a closed class: a number, a weekday, a month, a relative day (today /
tomorrow), a time of day, a season, the sex of a person word (boyfriend / girlfriend). So a
candidate that passed the MinHash bar is vetoed when, among the words one text has and the other
lacks, both sides hold a value of the same class and the values differ.

Only substitutions count. A value that is added or dropped (a greeting "Good morning." in
front, a typo inside "Wednesday", a number written as a word on one side: "two" = "2") decides
nothing, and the words that both texts share never do. Named entities and content nouns are not
values: "If Ethal has $8" / "If Tom has $8" is the same problem with another name, and a
changed noun is the one-word edit the bar exists to catch.

Cheap by construction (it runs for every stored text and on every verified candidate pair): the
words of a text (split on whitespace, lower-cased; no morphology) are looked up in one set of
value words (with their usual trailing punctuation), where Korean values are listed as a stem
with each particle it takes (수요일에, 오늘은), and tokens with a digit are read as numbers. Most
texts have no value and store
nothing; the others keep one 8-byte *mark* per value word, and comparing two texts is a set
difference of their marks.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from array import array
from collections.abc import Callable, Iterable, Sequence

# A mark is one int: (class << 56) | (value hash << 32) | word hash. The class and value say
# what the word means ("weekday 2"), the word which token of the text it was read from.
Marks = tuple[int, ...]
NO_MARKS: Marks = ()
# What a sketch's "no marks" flag was decided under (sketch.py): bump it when the value words or
# the reading of a text change, so flags made by an older version are recomputed, not trusted.
MARKS_VERSION = 1
_CLASSES = {c: i + 1 for i, c in enumerate("ndmrtsg")}
_WORD_BITS = 0xFFFFFFFF

_EN_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_EN_NUMBERS |= {w: 10 * (i + 3) for i, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split())}
_EN_NUMBERS |= {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "dozen": 12}
# Korean native numerals as separate words ("두 소녀", "다섯 시"); 한 ("a") and 네 ("yes") are left
# out: as words they far more often mean something else.
_KO_NUMBERS = {"두": 2, "세": 3, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10,
               "하나": 1, "둘": 2, "셋": 3, "넷": 4}
_EN_WORDS: dict[str, str] = {w: f"n:{v}" for w, v in _EN_NUMBERS.items()}
for i, day in enumerate("monday tuesday wednesday thursday friday saturday sunday".split()):
    _EN_WORDS[day] = _EN_WORDS[day + "s"] = f"d:{i}"
_EN_WORDS |= {"weekend": "d:we", "weekends": "d:we", "weekday": "d:wd", "weekdays": "d:wd"}
# "may" and "march" are left out: as words they are mostly a modal and a verb.
for month in "january february april june july august september october november december".split():
    _EN_WORDS[month] = f"m:{month}"
_EN_WORDS |= {"yesterday": "r:-1", "today": "r:0", "tonight": "r:0", "tomorrow": "r:1"}
_EN_WORDS |= {w: f"t:{w}" for w in ("morning", "afternoon", "evening", "night", "noon", "midnight")}
_EN_WORDS |= {w: f"s:{w}" for w in ("spring", "summer", "autumn", "winter")}
# Who, when the answer depends on it: the same person word with the other sex ("gift ideas for
# my boyfriend" / "girlfriend", "세 남자가" / "여자들이").
_MALE_EN = "man men boy boys he him his male husband boyfriend son sons father dad brother brothers king mr".split()
_FEMALE_EN = ("woman women girl girls she her hers female wife girlfriend daughter daughters mother mom mum "
              "sister sisters queen mrs ms").split()
_EN_WORDS |= {w: "g:m" for w in _MALE_EN} | {w: "g:f" for w in _FEMALE_EN}
_MALE_KO = "남자 남성 소년 남친 남자친구 남편 아들 아빠 아버지 남동생 할아버지 왕자 오빠 형".split()
_FEMALE_KO = "여자 여성 소녀 여친 여자친구 아내 딸 엄마 어머니 여동생 할머니 공주 언니 누나".split()
_KO_STEMS: dict[str, str] = {f"{d}요일": f"d:{i}" for i, d in enumerate("월화수목금토일")}
_KO_STEMS |= {w: "g:m" for w in _MALE_KO} | {w: "g:f" for w in _FEMALE_KO}
_KO_STEMS |= {"주말": "d:we", "평일": "d:wd", "어제": "r:-1", "그제": "r:-2", "그저께": "r:-2", "오늘": "r:0",
              "내일": "r:1", "모레": "r:2", "내일모레": "r:2"}
_KO_STEMS |= {w: f"t:{w}" for w in ("아침", "점심", "저녁", "새벽", "오전", "오후", "한밤중", "밤")}
_KO_STEMS |= {w: f"s:{w}" for w in ("봄", "여름", "가을", "겨울")}
_KO_STEMS |= {w: f"n:{v}" for w, v in _KO_NUMBERS.items() if len(w) > 1 or w in "둘셋넷"}
_KO_DETERMINERS = {w: f"n:{v}" for w, v in _KO_NUMBERS.items() if len(w) == 1 and w not in "둘셋넷"}
# Particles a value word takes in Korean; a stem followed by anything else is another word
# (봄 in 봄날 is spring, in 봄버 it is not; 밤 alone is night, 밤나무 a chestnut tree).
_PARTICLES = frozenset(("", "에", "에는", "에도", "엔", "은", "는", "이", "가", "을", "를", "도", "만", "의", "까지",
                        "부터", "마다", "이랑", "랑", "하고", "과", "와", "처럼", "보다", "에서", "날", "에만",
                        "이나", "나", "따라", "에게", "한테", "께", "들", "들이", "들은", "들을", "들의", "들도",
                        "들과", "들에게", "들이랑", "이랑", "이가", "이는", "이를", "이한테"))

# Every value word as it can appear between non-word characters, mapped to its value key: the
# English words, and each Korean stem with each particle (an exact lookup, no prefix search).
_VALUE_WORDS: dict[str, str] = dict(_EN_WORDS) | _KO_DETERMINERS
_VALUE_WORDS |= {stem + p: key for stem, key in _KO_STEMS.items() for p in _PARTICLES}
_HAS_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+(?:[.,:]\d+)*")


def _key(value: str) -> int:
    cls, _, rest = value.partition(":")
    return _CLASSES[cls] << 24 | (zlib.crc32(rest.encode()) & 0xFFFFFF)


def _word(word: str) -> int:
    return zlib.crc32(word.encode())


# Each value word also with the punctuation and possessive a word most often carries, so that
# splitting on whitespace is enough (one C-level split and one set intersection a text); the mark
# names the bare word, so "tonight?" and "tonight" are the same word.
_TRAILING = ("", "?", ".", ",", "!", "~", ":", ";", ")", "'s", "’s", "...", "??", "?!", "!!", "~~")
_VALUE_KEYS = {w + t: _key(v) << 32 | _word(w) for w, v in _VALUE_WORDS.items() for t in _TRAILING}
_NUMBER = _CLASSES["n"] << 24


def marks(text: str) -> Marks:
    """The value marks of ``text`` (sorted ints), NO_MARKS for most texts."""
    low = text.lower()
    words = low.split()
    values = _VALUE_KEYS.keys() & words
    if _HAS_DIGIT.search(low) is None:  # most texts: no number, and often no value word either
        return tuple(sorted({_VALUE_KEYS[w] for w in values})) if values else NO_MARKS
    found = {_VALUE_KEYS[w] for w in values}
    # The words holding a digit (what findall of \S*\d\S* returns: regex \s and str.split() are
    # the same whitespace, Py_UNICODE_ISSPACE), from the split already made: that findall
    # backtracked through every word and was most of the cost of a text with a number.
    for word in [w for w in words if not w.isalpha() and _HAS_DIGIT.search(w) is not None]:
        # Full-width and other digits compare by value (NFKC); 1,000 = 1000; 007 = 7.
        for run in _DIGITS.findall(unicodedata.normalize("NFKC", word)):
            value = run.replace(",", "").lstrip("0") or "0"
            found.add((_NUMBER | (zlib.crc32(value.encode()) & 0xFFFFFF)) << 32 | _word(word))
    return tuple(sorted(found)) if found else NO_MARKS


def marks_many(texts: Iterable[str | Callable[[], str]], lengths: Iterable[int], below: int,
               unmarked: Iterable[bool] | None = None) -> list[Marks]:
    """marks() of the texts whose normalized length is under ``below`` (PairThreshold.reach_chars:
    the texts a short prompt can be near); longer pairs are left to the MinHash bar alone. Texts
    flagged ``unmarked`` (their carried sketch says they hold no value) are not read again.
    ``texts`` are the texts or getters (``inst.text``): a text not built yet is only built where
    it is read."""
    if unmarked is None:
        return [_read(text) if n < below else NO_MARKS for text, n in zip(texts, lengths, strict=True)]
    return [_read(text) if n < below and not known else NO_MARKS
            for text, n, known in zip(texts, lengths, unmarked, strict=True)]


def _read(text: str | Callable[[], str]) -> Marks:
    return marks(text if isinstance(text, str) else text())


def same_values(a: Marks, b: Marks) -> bool:
    """False when a value of one class was substituted: among the words only one text has, both
    sides hold values of that class and they differ. True otherwise (the candidate stands)."""
    if not a or not b:
        return True
    words_a, words_b = {m & _WORD_BITS for m in a}, {m & _WORD_BITS for m in b}
    lost = {m >> 32 for m in a if m & _WORD_BITS not in words_b}
    if not lost:
        return True
    gained = {m >> 32 for m in b if m & _WORD_BITS not in words_a}
    for cls in {k >> 24 for k in lost}:
        now = {k for k in gained if k >> 24 == cls}
        if now and now != {k for k in lost if k >> 24 == cls}:
            return False
    return True


def keep(
    mine: Marks, matches: Sequence[tuple[int, float]], marks_of: Callable[[int], Marks]
) -> list[tuple[int, float]]:
    """The ``(row, similarity)`` matches whose stored text (``marks_of(row)``) has the same values."""
    if not mine:
        return list(matches)
    return [m for m in matches if same_values(mine, marks_of(m[0]))]


class MarkRows:
    """Row -> marks of the stored text, compact: 8 bytes a mark in one buffer and a 4-byte end
    offset a row (most rows have no mark), instead of a dict entry and tuple per row."""

    def __init__(self) -> None:
        self._marks = array("Q")
        self._ends = array("I")  # row -> end of its marks in _marks

    def add(self, row: int, m: Marks) -> None:
        """Store the marks of ``row``; rows come in order (the rows between get none)."""
        end = len(self._marks)
        while len(self._ends) < row:
            self._ends.append(end)
        self._marks.extend(m)
        self._ends.append(len(self._marks))

    def get(self, row: int) -> Marks:
        if row >= len(self._ends):
            return NO_MARKS
        end = self._ends[row]
        start = self._ends[row - 1] if row else 0
        return tuple(self._marks[start:end]) if end > start else NO_MARKS

    @property
    def nbytes(self) -> int:
        return self._marks.itemsize * len(self._marks) + self._ends.itemsize * len(self._ends)

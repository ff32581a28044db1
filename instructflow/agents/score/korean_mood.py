"""Does a Korean clause ask for something? Mood from morphemes, for what endings cannot tell.

Casual Korean (반말) uses one form for a statement and an imperative: "우산 챙겨" (take an
umbrella) and "피곤해" (I'm tired) both end in -어. What tells them apart is the predicate:
an imperative or suggestion needs an action verb (VV/XSV, not an adjective VA/XSA), no past
or future tense before the ending (a past "마셨나 봐" is a report), and no subject marked
with 이/가 ("비가 와": it is raining). kiwipiepy (already the scrubber's Korean analyser, its
model ships in a wheel) gives those tags; it runs only when the cheap ending patterns in
signals.request found no cue, and only on a text where some clause could end in one of those
endings (``_MAY_ASK``), since it costs ~0.1 ms even for a three-word sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from instructflow.agents.morphemes import kiwi

# Endings that, after an action verb with no tense, make an imperative, a suggestion, a
# question of will or a request: 챙겨, 해요, 하자, 할래, 해라, 하지, 하세요 (시+어요).
_MOOD_ENDINGS = frozenset(
    {"어", "아", "여", "어요", "아요", "자", "지", "ᆯ래", "ᆯ래요", "라", "어라", "아라", "렴", "세요"}
)
_ACTION = frozenset({"VV", "XSV", "VX"})
_TENSE = frozenset({"었", "았", "였", "겠", "더"})
_FIRST_PERSON = frozenset({"나", "내", "저", "제", "우리"})

# Written Hangul syllables that can hold one of _MOOD_ENDINGS at their end: -어/-아/-여 fuse
# into an open syllable with a vowel from ㅏ ㅐ ㅓ ㅔ ㅕ ㅘ ㅙ ㅝ ㅞ (챙겨, 해, 봐, 줘, 돼; ㅚ for
# "되" written for "돼"), and 요 (해요, 하세요), 지, 렴 end the others (자, 라, 래 are open ㅏ/ㅐ
# syllables already). A clause ends at its last Hangul syllable before anything that is not
# Hangul (punctuation, Latin, digits, emoji, the end): kiwipiepy drops those (S* tags) before
# the ending is read. A text with no such syllable at a clause end cannot ask: kiwipiepy is
# not called (28% of the calls on Korean small talk, bench/bench_score.py).
_OPEN_MEDIALS = frozenset({0, 1, 4, 5, 6, 9, 10, 11, 14, 15})  # ㅏ ㅐ ㅓ ㅔ ㅕ ㅘ ㅙ ㅚ ㅝ ㅞ
_MOOD_FINALS = "".join(
    chr(c) for c in range(0xAC00, 0xD7A4)
    if ((c - 0xAC00) % 28 == 0 and (c - 0xAC00) // 28 % 21 in _OPEN_MEDIALS) or chr(c) in "요지렴"
)
_MAY_ASK = re.compile(f"[{_MOOD_FINALS}](?=\\s*(?:[^\uac00-\ud7a3\\s]|$))")
_TEXT_WINDOW = 500  # characters analysed: a request says what it wants early


def _clause_asks(tokens: list[Any]) -> bool:
    morphs = [t for t in tokens if not t.tag.startswith("S")]  # punctuation, foreign words
    if not morphs or morphs[-1].tag not in ("EF", "EC"):
        return False
    ending = morphs[-1].form
    if ending not in _MOOD_ENDINGS:
        return False
    # Tense anywhere in the clause makes it a report ("마셨나 봐": it seems I drank).
    if any((t.tag == "EP" and t.form in _TENSE) or t.tag == "JKS" for t in morphs):
        return False
    for t in reversed(morphs[:-1]):
        if t.tag == "EP":
            continue
        if t.tag not in _ACTION:  # an adjective (피곤해), a copula, or no predicate at all
            return False
        break
    return not (morphs[0].tag == "NP" and morphs[0].form in _FIRST_PERSON)


def asks(text: str) -> bool:
    """True when some sentence of ``text`` ends in an action verb in imperative, suggestion
    or will-question mood ("우산 챙겨", "정리하자", "가스레인지로 해", "쓸래")."""
    window = text[:_TEXT_WINDOW]
    return bool(_MAY_ASK.search(window)) and _analysed_asks(window)


# Small talk repeats ("배고파", "심심해" come back all day): the answer is a pure function of
# the text, so the dear analysis is kept for the most recent texts.
@lru_cache(maxsize=4096)
def _analysed_asks(text: str) -> bool:
    clause: list[Any] = []
    for t in kiwi().tokenize(text):
        if t.tag == "SF" or (t.tag == "SP" and t.form in ",;"):
            if _clause_asks(clause):
                return True
            clause = []
        else:
            clause.append(t)
    return _clause_asks(clause)

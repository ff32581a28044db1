"""Does a Korean clause ask for something? Mood from morphemes, for what endings cannot tell.

Casual Korean (반말) uses one form for a statement and an imperative: "우산 챙겨" (take an
umbrella) and "피곤해" (I'm tired) both end in -어. What tells them apart is the predicate: an
imperative or suggestion needs an action verb (VV/XSV, not an adjective VA/XSA), no past or
future tense before the ending (a past "마셨나 봐" is a report), and no subject marked with 이/가
("비가 와": it is raining), both judged on the main clause (``_main_clause``). kiwipiepy
(already the scrubber's Korean analyser, its model ships in a wheel) gives those tags; it
runs only when the cheap ending patterns in signals.request found no cue, and only on a text
where some clause could end in one of those endings (``_MAY_ASK``), since it costs ~0.1 ms
even for a three-word sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from instructflow.agents.morphemes import kiwi

# Endings that, after an action verb with no tense, make an imperative, a suggestion, a
# question of will or a request: 챙겨, 해요, 하자, 할래, 해라, 하지, 하세요 (시+어요).
_MOOD_ENDINGS = frozenset(
    {"어", "아", "여", "어요", "아요", "자", "지", "ᆯ래", "ᆯ래요", "라", "어라", "아라", "렴", "세요",
     "거라", "너라", "ᆸ시다", "읍시다"}  # 하거라, 늦지 말거라, 자제합시다
)
_ACTION = frozenset({"VV", "XSV", "VX"})
_TENSE = frozenset({"었", "았", "였", "겠", "더"})
_FIRST_PERSON = frozenset({"나", "내", "저", "제", "우리"})
_NEGATION = frozenset({"못", "안"})
# Endings that end statements just as often (반말 -어, 해요체 -어요, -지): see _main_clause.
_STATEMENT_LIKE = frozenset({"어", "아", "여", "어요", "아요", "지"})
_ADVICE_CONNECTIVES = frozenset(
    {"면", "으면", "려면", "으려면", "니까", "으니까", "니깐", "으니깐", "니", "으니", "고", "지만"}
)

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
    main = _main_clause(morphs, ending not in _STATEMENT_LIKE)
    # Tense makes it a report ("마셨나 봐": it seems I drank), a subject marked with 이/가 a
    # description ("비가 와"), 못/안 right before the verb a statement (commands negate with
    # -지 마: "못 가" is "I can't go"; but "-면 안 돼" forbids). Only the main clause counts:
    # "지메일이 부실하니까 다른 걸 사용해" asks.
    if any((t.tag == "EP" and t.form in _TENSE) or t.tag == "JKS" for t in main):
        return False
    stem = len(main) - 2
    while stem > 0 and main[stem].tag == "EP":
        stem -= 1
    # kiwipiepy marks (ir)regular conjugation on the tag ("VV-R" 잡아, "VV-I" 들어).
    if stem < 0 or main[stem].tag.split("-")[0] not in _ACTION:  # an adjective (피곤해), a copula, no predicate
        return False
    before = stem - 1 if stem > 0 and main[stem].tag == "XSV" else stem  # 안 [공부]해
    if before > 0 and main[before - 1].tag == "MAG" and main[before - 1].form in _NEGATION and main[stem].form != "되":
        return False
    return not (morphs[0].tag == "NP" and morphs[0].form in _FIRST_PERSON)


def _main_clause(morphs: list[Any], any_connective: bool) -> list[Any]:
    """The morphemes after the last connective ending that starts a new predicate; a
    connective followed by an auxiliary verb is part of the predicate (-지 말다, -아 보다,
    -도록 하다, -나 보다) and does not split it. Behind an ending that also makes statements
    (casual -어, polite -어요) only a condition, reason or "and" splits (-면, -니까, -고:
    advice); a narrative background (-더니, -는데, -어서: "많이 먹었더니 졸려", "새신발
    샀는데 비와") stays part of the clause, whose tense and subject then tell a report."""
    for i in range(len(morphs) - 2, -1, -1):
        if (morphs[i].tag == "EC" and morphs[i + 1].tag.split("-")[0] != "VX"
                and (any_connective or morphs[i].form in _ADVICE_CONNECTIVES)):
            return morphs[i + 1 :]
    return morphs


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

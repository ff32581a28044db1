"""Korean names in forms the character model, trained on news, lets go: names listed with middle
dots ("정의화․이명수․김을동"), a signature spelt a letter at a time ("김 태 완"), a full name beside
its title or rank as official papers write it ("(한선교의원 대표발의)", "대령 유재익"), and a full
name after words that introduce one ("성함은 오중수에서", "my colleague 이상현"). Each is a small
proposer over kiwi's tokens; KoreanNameRecognizer (names_ko.py) adds what they find."""

from __future__ import annotations

import re

from instructflow.agents.scrub.names_ko_spans import KoreanLexicon, ko_lexicon
from instructflow.agents.scrub.names_ko_words import (
    NOT_GIVEN,
    PLAIN_HONORIFICS,
    SURNAMES_1,
    THING,
    TITLE_SET,
    korean_full_name,
)


def spaced_given_name(text: str, start: int, end: int) -> int:
    """A name written a letter at a time, as signatures are ("예산분석관   김 태 완"): the span the
    model gives ("김 태") takes the last letter too, or "완" stays in the text."""
    value = text[start:end]
    if len(value) == 3 and value[1] == " " and value[0] in SURNAMES_1:
        m = _SPACED_LETTER.match(text, end)
        if m and m.group(1) not in PLAIN_HONORIFICS:
            return m.end()
    return end


_SPACED_LETTER = re.compile(r" ([가-힣])(?![가-힣])")
# Names in a list, as bills and minutes print them: "정의화․이명수․김을동", "조승수ㆍ최문순".
_LIST_MARK = r"\s*[․ㆍ·,、/]\s*"
# The word may carry a one-syllable particle ("…ㆍ박민수가").
_NEXT_IN_LIST = re.compile(_LIST_MARK + r"([가-힣]{3,4}?)(?=[은는이가의와과도를을에]?(?![가-힣]))")
_PREVIOUS_IN_LIST = re.compile(r"(?<![가-힣])([가-힣]{3,4})" + _LIST_MARK + r"$")


def listed_names(
    text: str, found: list[tuple[int, int]], tokens: tuple[tuple[str, str, int, int], ...]
) -> list[tuple[int, int]]:
    """Beside a name in a list, a word of a full name's shape that kiwi does not read as a common
    word is a name too: the model judges "이명수" in "정의화․이명수․김을동" on its own and often
    lets it go. Words kiwi knows ("시장ㆍ군수ㆍ구청장"), words mecab-ko-dic lists as places or things
    ("/ 배송지") and lists with no name in them are left."""
    common = {t[2]: t for t in tokens if t[1] not in ("NNP", "NR", "MM")}
    known = set(found)
    todo = list(found)
    while todo:
        start, end = todo.pop()
        line_start = text.rfind("\n", 0, start) + 1
        matches = (_NEXT_IN_LIST.match(text, end), _PREVIOUS_IN_LIST.search(text, line_start, start))
        for span in [m.span(1) for m in matches if m]:
            word = text[span[0] : span[1]]
            first = common.get(span[0])
            if span in known or not korean_full_name(word, longest=3) or (first and first[3] - first[2] > 1):
                continue
            if _thing(ko_lexicon().classes(word)):
                continue  # the next field of a form: "주문자명 윤성현 / 배송지 서울"
            known.add(span)
            todo.append(span)
    return sorted(known)


def titled_full_names(tokens: tuple[tuple[str, str, int, int], ...], unknown: frozenset[int]) -> list[tuple[int, int]]:
    """A full name with its title glued after it or its rank before it, as official papers write
    them: "(한선교의원 대표발의)", "대령 유재익", "장관 한민구는". The model, trained on news that
    spaces "한선교 의원", lets many of these go. Only a word kiwi reads as one proper noun or does
    not know, of a full name's shape, that mecab-ko-dic does not list as a place or a thing
    ("신세계 대표": a firm)."""
    out = []
    for k, (form, tag, start, end) in enumerate(tokens):
        if not (tag == "NNP" or start in unknown) or not korean_full_name(form) or len(form) < 3:
            continue
        after = tokens[k + 1] if k + 1 < len(tokens) else None
        before = tokens[k - 1] if k else None
        titled = (after is not None and after[2] == end and after[0] in TITLE_SET) or (
            before is not None and before[3] == start - 1 and before[0] in TITLE_SET
        )
        if titled and form not in NOT_GIVEN and not _thing(ko_lexicon().classes(form)):
            out.append((start, end))
    return out


# Words that introduce a person's name in Korean ("성함은", "담당자는", "저는", "보낸 사람:") and the
# Latin ones a mostly English text uses before a Hangul name ("Contact person: '이상현'").
_NAME_INTRO = re.compile(
    r"(?<![가-힣])(?:성함|이름|성명|담당자|작성자|신청자|보낸\s?사람|받는\s?사람|보내는\s?사람|받는\s?분|보내는\s?분|저"
    # The fields of forms, receipts and minutes: "주문자명 윤성현", "환자명: 신은우", "예금주 이수진",
    # "참석: 김민수, 이서준", "수령인: 박지영", "상담원 조나연입니다".
    r"|(?:주문|수령|수취|예금|환|고객|구매|신청|계약|보호|발신|수신|참석|입금|송금|명의|의뢰|가입|청구|피보험)(?:자|인|주)?명?"
    r"|참석|상담원|상담사|명의)(?:은|는|이|:)?\s*:?\s*[\"'“‘(<\[*_`]*$"
    r"|\b(?:person|colleague|friend|name|contact|from|to|cc|by|with|mr|ms|mrs|dr|dear|hi|hello|thanks|manager"
    r"|boss|customer|client|user|author|sender|recipient|signed|regards|call|email|ask|tell|meet|met)[.,:]?"
    r"(?:\s+(?:is|was|named|called))?\s+[\"'“‘(<\[*_`]*$"
    # A title or rank before the name, spaced: "팀장 신은영님이", "교수 전정자이", "대령 유재익".
    r"|(?<![가-힣])(?:"
    + "|".join(sorted((t for t in TITLE_SET if len(t) > 1 and not t.endswith("님")), key=len, reverse=True))
    + r")\s+$",
    re.IGNORECASE,
)
# What follows a name and marks it as one: a letter's closing ("석유준 드림", "김민수 올림") or a
# quoted name called so ("'소하준'이라는 사람이"). The honorific subject particle 께서, glued to the
# word, is tested in introduced_full_names.
_NAME_OUTRO = re.compile(
    r"[ \t]+(?:드림|올림|배상)(?![가-힣])"
    r"|[\"'”’」]\s*(?:이)?라는\s+(?:사람|분|이름|친구|학생|직원|고객|남자|여자|애|아이|선생)"
)
_NOMINAL_TAGS = frozenset(("NNP", "NNG", "NNB", "NR", "MM", "XSN", "XPN", "SL"))


def introduced_full_names(
    text: str, tokens: tuple[tuple[str, str, int, int], ...], unknown: frozenset[int]
) -> list[tuple[int, int]]:
    """A full name right after words that introduce one ("성함은 오중수에서", "저는 오경자로",
    "담당자는 한은지였는데", "팀장 신은영님이", "예금주 이수진", "상담원 조나연입니다"), before a
    letter's closing or called so in quotes ("석유준 드림", "'소하준'이라는 사람"), glued to the
    honorific 께서 ("이정자께서"), or standing alone among English words ("my
    colleague 이상현 will join", "Contact person: '이상현'"): the model, reading Korean news, misses
    both, and kiwi cuts such names into common words (이상/NNG 현, 신/NNG 은/JX 영/NNG). The name is
    the leading nouns of the Hangul word before its particle or copula, or else the word without
    its honorific and particle ("신은영님이"), when that spells a full name and is not one word
    kiwi knows ("저는 학생이에요", "저는 한국인입니다", "팀장 회의실에서" stay)."""
    out = []
    for m in _HANGUL_WORD.finditer(text):
        closed = _NAME_OUTRO.match(text, m.end()) is not None
        if not (closed or m.group().endswith("께서") or _NAME_INTRO.search(text, max(0, m.start() - 24), m.start())):
            continue
        inside = [t for t in tokens if m.start() <= t[2] < m.end()]
        nouns = []
        for t in inside:
            if t[1] not in _NOMINAL_TAGS or t[0] in PLAIN_HONORIFICS:
                break  # a particle, copula or ending; or the honorific of "한명자님"
            nouns.append(t)
        ends = [nouns[-1][3]] if nouns and nouns[0][2] == m.start() else []
        if closed:  # nothing glued before a closing or a quote: the whole word ("석유/NNG 주/VV ᆫ")
            ends.append(m.end())
        bare = _NAME_AND_ENDING.fullmatch(m.group())
        if bare:
            stem_end = m.start() + len(bare.group(1))
            stem = [t for t in inside if t[2] < stem_end]
            # Nouns only, a particle kiwi reads inside a name allowed ("신/은/영", "조/나/연"): "씨 기억나?",
            # "배우 반열에", "연락하" stay.
            if all(t[1] in _NOMINAL_TAGS or (t[1].startswith("J") and t is not stem[-1]) for t in stem):
                ends.append(stem_end)
        for end in ends:
            if _introduced_name(text[m.start() : end], [t for t in inside if t[2] < end], unknown, closed):
                out.append((m.start(), end))
                break
    return out


def _introduced_name(
    name: str, covering: list[tuple[str, str, int, int]], unknown: frozenset[int], closed: bool = False
) -> bool:
    """``name`` (kiwi's tokens in it: ``covering``) is a full name, not one known word or a known
    noun and a unit ("받는 사람: 인사팀": 인사/NNG 팀/NNG, "영업부"). ``closed``: a letter's closing
    or "…'이라는 사람" follows, which only a name or a team takes, so known nouns may spell it
    ("석유준 드림": 석유/NNG 준/NNG)."""
    if len(name) < 3 or not korean_full_name(name) or name in NOT_GIVEN:
        return False
    classes = ko_lexicon().classes(name)
    if _thing(classes):
        return False
    one_known_word = len(covering) == 1 and covering[0][1] != "NNP" and covering[0][2] not in unknown
    known_nouns = all(t[1] in ("NNG", "XSN") and t[2] not in unknown for t in covering)
    unit = known_nouns and covering[-1][0] in _UNITS
    # Known common nouns only ("대통령 소속하에": 소속/NNG 하/XSN) make a name only where
    # mecab-ko-dic lists one ("교수 전정자이": 전/NNG 정자/NNG).
    compound = known_nouns and not closed and not classes & KoreanLexicon.PERSON
    return not one_known_word and not unit and not compound


def _thing(classes: int) -> bool:
    """A word's mecab-ko-dic ``classes`` (KoreanLexicon.classes) list it as a place or a thing and
    not also as a person's name ("신세계": a firm; "전정자" is listed as both)."""
    return bool(classes & THING) and not classes & KoreanLexicon.PERSON


# A word as a name with its honorific and particle or copula: "신은영님이", "전정자이", "한명자님".
_NAME_AND_ENDING = re.compile(
    r"([가-힣]{2,4}?)(?:님|씨)?(?:이|가|은|는|을|를|의|에게|께|께서|한테|이에요|예요|입니다|이고|이랑|랑|과|와|도|만|로|으로)?"
)


_HANGUL_WORD = re.compile(r"(?<![가-힣])[가-힣]{3,7}")
_UNITS = frozenset("팀 부 과 실 처 국 청 단 반 센터 본부 사업부".split())

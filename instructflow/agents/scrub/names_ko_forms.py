"""Korean names in forms the character model, trained on news, lets go: names listed with middle
dots ("정의화․이명수․김을동"), a signature spelt a letter at a time ("김 태 완"), a full name beside
its title or rank as official papers write it ("(한선교의원 대표발의)", "대령 유재익"), and a full
name after words that introduce one ("성함은 오중수에서", "my colleague 이상현"). Each is a small
proposer over kiwi's tokens; KoreanNameRecognizer (names_ko.py) adds what they find."""

from __future__ import annotations

import re
from dataclasses import dataclass

from instructflow.agents.scrub.gazetteers import korean_public_places
from instructflow.agents.scrub.lines import FIELD_CLOSED, FIELD_OPEN, FIELD_SHUT, holds_identifier, identifier_beside
from instructflow.agents.scrub.names_ko_familiar import (
    FAMILIAR_MIN,
    given_name_likeness,
    one_name_token,
    widespread_given,
)
from instructflow.agents.scrub.names_ko_spans import KoreanLexicon, ko_lexicon
from instructflow.agents.scrub.names_ko_words import (
    NOT_GIVEN,
    PLAIN_HONORIFICS,
    ROLE_NOUNS,
    SURNAMES_1,
    SURNAMES_2,
    TITLE_SET,
    TITLE_WORDS,
    is_syllable,
    korean_full_name,
    listed_as_thing,
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
    text: str,
    found: list[tuple[int, int]],
    tokens: tuple[tuple[str, str, int, int], ...],
    unknown: frozenset[int] = frozenset(),
) -> list[tuple[int, int]]:
    """Beside a name in a list, a word of a full name's shape that kiwi does not read as a common
    word is a name too: the model judges "이명수" in "정의화․이명수․김을동" on its own and often
    lets it go. Words kiwi knows ("시장ㆍ군수ㆍ구청장"; ``unknown``: the starts of words it guessed,
    "인소연/NNG"), words mecab-ko-dic lists as places or things ("/ 배송지") and lists with no name
    in them are left."""
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
            if span in known or not korean_full_name(word, longest=3):
                continue
            if first and first[3] - first[2] > 1 and first[2] not in unknown:
                continue
            if listed_as_thing(ko_lexicon().classes(word)):
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
        # A country or a big city with a title after it is its army or its county ("시리아군은"): CLDR
        # and GeoNames know it where mecab-ko-dic may not (probe_fresh_ko 8088 on KorSTS).
        if titled and form not in NOT_GIVEN and not listed_as_thing(ko_lexicon().classes(form)) \
                and form not in korean_public_places():
            out.append((start, end))
    return out


# Two spaced Hangul words, the first of two letters or more: a foreign given name and surname as Korean
# writes them ("엘리자베스 캠벨", "샬럿 킹").
_SPACED_WORDS = re.compile(r"(?<![가-힣])([가-힣]{2,6}) ([가-힣]{1,5})(?![가-힣])")


def titled_foreign_names(text: str, tokens: tuple[tuple[str, str, int, int], ...],
                         unknown: frozenset[int]) -> list[tuple[int, int]]:
    """A foreign name in Hangul, given name and surname, before a spaced title ("엘리자베스 캠벨 교수님의",
    "샬럿 킹 교수님"): each word one proper noun to kiwi (or unknown to it) that mecab-ko-dic lists as a
    person and never as a thing. The model, trained on news, lets some go in full (probe_fresh_ko 1299709:
    "엘리자베스 캠벨 교수님" had no span, "샬럿 킹" only its surname); "우리 반 선생님" stays (우리: a
    pronoun, listed as a thing too)."""
    out = []
    lexicon = ko_lexicon()
    for m in _SPACED_WORDS.finditer(text):
        if _TITLE_AFTER.match(text, m.end()) is None:
            continue
        (a, b), (c, d) = m.span(1), m.span(2)
        if _foreign_name_word(text[a:b], a, b, tokens, unknown, lexicon) and _foreign_name_word(
                text[c:d], c, d, tokens, unknown, lexicon, surname=True):
            out.append((m.start(), m.end()))
    return out


def _foreign_name_word(word: str, start: int, end: int, tokens: tuple[tuple[str, str, int, int], ...],
                       unknown: frozenset[int], lexicon: KoreanLexicon, surname: bool = False) -> bool:
    """A word mecab-ko-dic lists as a person and never as a thing, or, after such a given name, a
    surname it lists as a thing too ("샬럿 무어": 무어, a Moor; probe_fresh_ko 7777777), which kiwi may read
    as that common noun ("샬럿 라이트": 라이트/NNG, a light; probe_fresh_ko 9090)."""
    classes = lexicon.classes(word)
    if not classes & KoreanLexicon.PERSON or (classes & KoreanLexicon.OTHER and not surname) or word in NOT_GIVEN:
        return False
    # (a title kiwi reads so is no surname: "박근혜 대통령 당선인은")
    return one_name_token(start, end, tokens, unknown) or (
        surname and word not in TITLE_WORDS and word not in ROLE_NOUNS
        and any((t[2], t[3]) == (start, end) and t[1] == "NNG" for t in tokens))


# The keys of forms, receipts and minutes that hold a person's name: "성함", "보낸 사람", "주문자명
# 윤성현", "환자명: 신은우", "예금주 이수진", "참석: 김민수, 이서준", "수령인: 박지영", "상담원 조나연입니다".
_FORM_KEYS = (
    r"(?:성함|이름|성명|담당자|작성자|신청자|보낸\s?사람|받는\s?사람|보내는\s?사람|받는\s?분|보내는\s?분"
    r"|(?:주문|수령|수취|예금|환|고객|구매|신청|계약|보호|발신|수신|참석|입금|송금|명의|의뢰|가입|청구|피보험)(?:자|인|주)?명?"
    r"|참석|상담원|상담사|명의|본인)"
)
_KEY_END = r"(?:은|는|이|:)?\s*:?\s*[\"'“‘(<\[*_`]*$"
# A form's key at the start of an intro's match (not a title, not "저는"): introduced_full_names' keyed.
_FORM_KEY = re.compile(_FORM_KEYS + _KEY_END)
_PLAIN_HONORIFIC_AFTER = re.compile(r"[ \t]?[님씨](?=[^가-힣]|$|[이가은는을를의께에도과와만])", re.MULTILINE)
_KEYED_AFTER = re.compile(r"[ \t]*(?:<[\w.+\-]+@|\()")  # an e-mail in <>, a bracket: "(남, 45세)"
_KIN_INTRO = ("여동생|남동생|동생|언니|오빠|누나|형|친구|남편|아내|와이프|엄마|아빠|아들|딸|조카|사촌|선배|후배|동기"
              "|남자친구|여자친구|남친|여친")
_KIN_BEFORE = re.compile(r"(?<![가-힣])(?:제|내|우리|저희)\s+(?:" + _KIN_INTRO + r")\s+$")
# Words that introduce a person's name in Korean (a form's key, "저는") and the Latin ones a mostly
# English text uses before a Hangul name ("Contact person: '이상현'").
_NAME_INTRO = re.compile(
    r"(?<![가-힣])(?:" + _FORM_KEYS + r"|저)" + _KEY_END
    + r"|\b(?:person|colleague|friend|name|contact|from|to|cc|by|with|mr|ms|mrs|dr|dear|hi|hello|thanks|manager"
    r"|boss|customer|client|user|author|sender|recipient|signed|regards|call|email|ask|tell|meet|met)[.,:]?"
    r"(?:\s+(?:is|was|named|called))?\s+[\"'“‘(<\[*_`]*$"
    # A title or rank before the name, spaced: "팀장 신은영님이", "교수 전정자이", "대령 유재익".
    r"|(?<![가-힣])(?:"
    + "|".join(sorted((t for t in TITLE_SET if len(t) > 1 and not t.endswith("님")), key=len, reverse=True))
    + r")\s+$"
    # One's own kin or friend, then the name: "제 동생 방영수는", "우리 언니 손연솔이" (probe_fresh_ko 141421).
    r"|" + _KIN_BEFORE.pattern,
    re.IGNORECASE,
)
# Titles written spaced after a full name ("한은영 고객님", "경주원 사원이", "방성빈 님이십니다"); not
# 학생 ("제일고 학생"), nor the one-letter 양/군/옹 (amount, county, ...).
_TITLES_AFTER = sorted(
    (TITLE_SET - {"양", "군", "옹", "학생"})
    | {"주임", "사원", "매니저", "연구원", "간호사", "상담원"}
    # Professions news and notices write after a full name ("올림피아호텔 한승환 강사는", KMOU).
    | {"강사", "교사", "약사", "의사", "회계사", "세무사", "노무사", "법무사", "변리사", "트레이너", "디자이너"},
    key=len,
    reverse=True,
)
_TITLE_AFTER = re.compile(
    r"[ \t]+(?:" + "|".join(_TITLES_AFTER) + r")님?"
    r"(?:(?<=님)[가-힣]*|께서|께|에게|한테|이랑|하고|[이가은는을를의도만과와](?![가-힣])|(?![가-힣])"
    r"|입니다|입니까|이[다며고었에]|였)"  # the copula: "영업2팀 이채원 대리입니다" (probe_fresh_ko 173205)
)


# A surname spaced from its given name ("김 준영"), as people type names in chat and forms; the
# model, reading news, takes "김 대표" but not the given name. It is a name before a title ("김 준영
# 고객님", "박 서연 과장님께") or a letter's closing ("김 철수 드림"); as a whole field or list item,
# after a line's start, a colon or a separator and before a line's end, a separator or a phone number
# ("담당: 정 하윤 | 010-...", "최 지훈, 박 서연"); and among English words ("send the 서류 to 고 정훈 at
# the office"). One pattern finds the pairs, the places are tested after it: the few pairs of a text,
# not every position of it (three alternatives with look-behinds cost ~4x more).
_SPACED_PAIR = re.compile(r"(?<![가-힣])([가-힣]) ([가-힣]{2})(?![가-힣])")
_LETTER_CLOSING = re.compile(r"[ \t]+(?:드림|올림|배상)(?![가-힣])")
_TITLED_AFTER = re.compile(_TITLE_AFTER.pattern + "|" + _LETTER_CLOSING.pattern)
_ENGLISH_AFTER = re.compile(r"[ \t]+[A-Za-z]|[ \t]*[,.!?)]|[ \t]*$", re.MULTILINE)


# A whole field or list item: after a line's start or a separator, before a line's end, a separator
# or a phone number ("--\n최지은 | 영업팀 과장", "정 하윤 | 010-...", "지정숙 (010-...)", "a, b, c").
# A bracket before it counts for a spaced pair ("(김 준영)"), whose two parts already look like a
# name, but not for a single word: "(나폴리)" is a club.
_FIELD_BEFORE = FIELD_OPEN
_FIELD_BEFORE_BRACKETED = re.compile(r"(?:^|[:|,/;·\t(\[])[ \t]*$", re.MULTILINE)
_FIELD_AFTER = re.compile(FIELD_CLOSED + r"|[ \t]*\(\(?\+?\d|[ \t]+\+?\d[\d().\- ]{6}", re.MULTILINE)


def _field_item(text: str, start: int, end: int, brackets: bool = False) -> bool:
    line = text.rfind("\n", 0, start) + 1
    before = _FIELD_BEFORE_BRACKETED if brackets else _FIELD_BEFORE
    return _FIELD_AFTER.match(text, end) is not None and before.search(text, line, start) is not None


def _form_key(intro: re.Match[str] | None) -> bool:
    """The intro found before a name is a form's key ("환자명:", "본인"), not a title or "저는"."""
    return intro is not None and _FORM_KEY.match(intro.group()) is not None


def _keyed_field_ends(text: str, end: int) -> bool:
    """A form key's field ends at ``end``: a separator, a line's end, a phone, a bracket or an e-mail."""
    return _FIELD_AFTER.match(text, end) is not None or _KEYED_AFTER.match(text, end) is not None


# A quote or bracket closed right after the pair, then 님/씨: "「남 영수」 님의 주소는".
_QUOTED_HONORIFIC_AFTER = re.compile(r"[」』\"'”’)\]]" + _PLAIN_HONORIFIC_AFTER.pattern, re.MULTILINE)


def _spaced_place(text: str, start: int, end: int) -> str:
    """Where the pair ``text[start:end]`` stands: "titled", "field", "keyed" (a form's key before, the
    field or a bracket after, a phone, an account or an e-mail in the line: "본인 이 지혜(주민등록번호
    0409074114476)"; not "본인 이 문제(관련 서류)"), "english" or "" (none of them)."""
    if _TITLED_AFTER.match(text, end) or _QUOTED_HONORIFIC_AFTER.match(text, end):
        return "titled"
    if _field_item(text, start, end, brackets=True):
        return "field"
    # (the key's search last: pairs are everywhere in Korean prose, keyed ones rare)
    if (_keyed_field_ends(text, end) and identifier_beside(text, start, end)
            and _form_key(_NAME_INTRO.search(text, max(0, start - 24), start))):
        return "keyed"
    if _among_english(text, start, end):
        return "english"
    return ""


def _among_english(text: str, start: int, end: int) -> bool:
    """An English word before the span and English (or the end of a clause) after it: "send the 서류 to
    이 민수 at …", where "이" can only be the surname of the name after it."""
    return (start >= 2 and text[start - 1] in " \t" and text[start - 2].isascii() and text[start - 2].isalpha()
            and _ENGLISH_AFTER.match(text, end) is not None)


# A field vouched for as a name by its line: a signature's, whose next field is a job title, maybe
# after a team ("이 민지 | 영업팀 과장"), or a record's, whose line holds a phone, an account or an
# e-mail ("이 현지 | 011-3865-3957 | …", "계좌: 402-264262-51339 (이 진호)"). No determiner and its
# noun stand so ("이 사람 | 과장"), so there the pair is read as a name even where the surname is
# also a determiner and kiwi knows the two letters (이 is the commonest surname; 민지, 지원, 현주,
# 지혜 are nouns too). Nine digits and more: no date ("2024. 3. 1.") vouches.
_SIGNATURE_AFTER = re.compile(
    r"[ \t]*[|/·,][ \t]*(?:[가-힣A-Za-z]+[ \t]+){0,2}(?:" + "|".join(_TITLES_AFTER) + r")(?![가-힣])"
)


# The field must end at a separator: a pair before a number is "이 카드 5654-9154-…" as often as a
# name before its phone.
_SEPARATOR_AFTER = FIELD_SHUT
_BRACKET_AFTER = re.compile(r"[ \t]*\(")
# A bracket that opens a phone number, as an address book writes one after a name: "신 명자 (+82 (0)10
# 7043 4028)", "(010-…"; a card or an account in brackets opens with another digit ("이 카드 (5654-…)").
_PHONE_BRACKET_AFTER = re.compile(r"[ \t]*\(\(?(?:\+\d|0\d)")  # also "((010) 3849-…)" (probe_fresh_mixed 8181)


def _vouched_field(text: str, start: int, end: int, bracket_after: bool = False) -> bool:
    """``bracket_after``: a bracket may close the field too ("지정숙 (+82 64-…)"), for a word whose
    letters alone spell a full name."""
    if _SIGNATURE_AFTER.match(text, end):
        return True
    if not (_SEPARATOR_AFTER.match(text, end) or (bracket_after and _BRACKET_AFTER.match(text, end))):
        return False
    return identifier_beside(text, start, end)


# Possessive pronouns: the one-letter word after them is a noun ("우리 반", "제 방"), no surname.
_POSSESSIVE_BEFORE = re.compile(r"(?<![가-힣])(?:우리|저희|너희|내|제|네)[ \t]+$")
# Surnames that are also determiners, numbers or prefixes before a noun (이 "this", 한 "one", 두 "two").
_DETERMINER_SURNAMES = frozenset("이 그 저 한 두 세 네 전 현 각 본 총 당 매 제 대 소 신 구".split())


def spaced_full_names(text: str, tokens: tuple[tuple[str, str, int, int], ...],
                      unknown: frozenset[int]) -> list[tuple[int, int]]:
    """"김 준영 고객님": a surname, a space, two letters that look like a given name, then a title, a
    closing, as a field, or among English words (_spaced_place). A surname that is also a determiner or a number
    before a word kiwi knows is that ("이 사람 고객님", "그 분 선생님", "한 영국 기자", "두 여자 배우",
    "이 현지 is…"), but not in a field its line vouches for ("이 민지 | 영업팀 과장", "이 현지 | 010-…")."""
    out = []
    for m in _SPACED_PAIR.finditer(text):
        surname, given = m.group(1), m.group(2)
        if surname not in SURNAMES_1 or given in NOT_GIVEN:
            continue
        place = _spaced_place(text, m.start(), m.end())
        if not place or not _given_part_looks_like_a_name(surname + given):
            continue
        # a letter's closing after the pair vouches as a line does: "한 지연 드림" (지연: a delay)
        # So does 님/씨 after a closing quote ("「이 정수」 님의"): no determiner and its noun are quoted so.
        vouched = place == "keyed" or (place == "titled" and (
            _LETTER_CLOSING.match(text, m.end()) is not None
            or _QUOTED_HONORIFIC_AFTER.match(text, m.end()) is not None)) or (
            place == "field" and (
            _vouched_field(text, m.start(), m.end()) or _PHONE_BRACKET_AFTER.match(text, m.end()) is not None))
        if surname in _DETERMINER_SURNAMES and not vouched:
            known = [t for t in tokens if (t[2], t[3]) == m.span(2) and m.start(2) not in unknown]
            if any(t[1] in ("NNG", "NNP", "NNB", "NP", "VV", "VA", "MAG") for t in known):
                continue
        # A widespread given name in a field its line vouches for, whatever kiwi reads ("이 순옥, 4809…":
        # 순/MAG 옥/NNG; probe_fresh_mixed 12121).
        if place in ("field", "keyed") and not _spaced_name_reading(tokens, unknown, m.start(1), m.span(2), vouched) \
                and not (vouched and widespread_given(given)):
            continue
        if _POSSESSIVE_BEFORE.search(text, max(0, m.start() - 4), m.start()):
            continue  # "우리 반 경자 선생님": our class, then the name
        out.append((m.start(), m.end()))
    return out


# What closes a name standing as one: an honorific, a bracket or quote, a separator, a line's end.
_NAME_CLOSED = re.compile(r"[ \t]*(?:[님씨(」』\"'”’)\]|,;/·]|$)", re.MULTILINE)


def with_spaced_surname(text: str, start: int, end: int) -> tuple[int, int]:
    """A given name found alone takes in the spaced surname before it, where a pair stands as a name
    does (titled, bracketed, quoted, a field): "수신: 이 <예진> 님", "본인 이 <경숙>(", "「한 <순자>」",
    "「서 <승현>」 님의". spaced_full_names leaves pairs whose surname is also a determiner or a number
    to the words' own reading ("이 사람", "한 달"), and finds the others only in the places it
    knows; once the two letters are found a person, the letter before them is the surname. Not in
    prose ("이 <백유> 이야기": this story of Baekyu) nor after a possessive ("우리 반 경자 선생님": our
    class)."""
    if (end - start == 2 and start >= 2 and text[start - 1] == " " and text[start - 2] in SURNAMES_1
            and is_syllable(text[start]) and is_syllable(text[start + 1])
            and (start == 2 or not is_syllable(text[start - 3]))
            and (_NAME_CLOSED.match(text, end) or _TITLED_AFTER.match(text, end)
                 or _among_english(text, start - 2, end))
            and not _POSSESSIVE_BEFORE.search(text, max(0, start - 6), start - 2)):
        return start - 2, end
    return start, end


_JAMO_PARTICLE = re.compile(r"[\u11a8-\u11c2]")


def _spaced_name_reading(tokens: tuple[tuple[str, str, int, int], ...], unknown: frozenset[int], surname: int,
                         given: tuple[int, int], vouched: bool) -> bool:
    """kiwi reads a field's "X YY" as a name can be: the two letters only nouns (a particle or ending
    in them is a phrase: "한 달에", "아 글쎄"), and, unless the line vouches for a name, not one word
    it knows after a surname that is a noun itself ("위 사진": above, the photo)."""
    inside = [t for t in tokens if given[0] <= t[2] and t[3] <= given[1]]
    # Where the line vouches for a name, also a verb, its ending and a noun: kiwi reads "준서" as 주/VV ᆫ/ETM
    # 서 ("본인 이 준서(주민등록번호 …)", probe_fresh_mixed 73737), as it reads "준영" and "은정".
    if vouched and [t[1][:2] for t in inside[:2]] in (["VV", "ET"], ["VA", "ET"]) and len(inside) == 3 and (
            inside[2][1] in _NOMINAL_TAGS):
        return True
    # ... or the surname as the verb and the given name's first letter as its ending: "박 은경" after an
    # address line is 박/VV 은/ETM 경/NNG, "stamped" (probe_fresh_mixed 8128)
    if vouched and len(inside) == 2 and inside[0][1] == "ETM" and inside[1][1] in _NOMINAL_TAGS and any(
            t[2] == surname and t[1][:2] in ("VV", "VA") for t in tokens):
        return True
    # kiwi reads a last syllable's final consonant as a particle now and then ("정순": 정수/NNG ᆫ/JX)
    if not inside or any(t[1] not in _NOMINAL_TAGS and not _JAMO_PARTICLE.fullmatch(t[0]) for t in inside):
        return False
    if vouched:
        return True
    first = next((t for t in tokens if t[2] == surname), None)
    one_word = len(inside) == 1 and inside[0][1] == "NNG" and given[0] not in unknown
    return not (one_word and first is not None and first[1] != "NNP")


# What only a name stands before: a letter's closing ("석유준 드림", "김민수 올림") or a quoted name
# called so ("'소하준'이라는 사람이", "\"모주원\" 명의로"). The particles only people take ("께서",
# "한테") are tested in introduced_full_names.
_CALLED_PERSON = (
    r"(?:이)?라는\s+(?:사람|분|이름|친구|학생|직원|고객|남자|여자|애|아이|선생|신인|배우|가수|청년|여성|남성)"
)
_CLOSING = re.compile(
    r"[ \t]+(?:드림|올림|배상)(?![가-힣])" r"|[\"'”’」]\s*(?:" + _CALLED_PERSON + r"|명의)"
)
# The same call without quotes, glued to the name: "한고은이라는 신인배우가", "김민수라는 사람이".
_CALLED_UNQUOTED = re.compile(r"(?<=[가-힣])" + _CALLED_PERSON)
# Particles only a person (or an animal) takes: the honorific subject 께서 and the datives 한테/에게
# ("이정자께서", "제은우한테", "손수윤에게서"). Things and places take 에/에서 instead.
# ... and the comitative 랑 ("채영자랑", "위서연이랑"), which things take too (see comitative below).
_ANIMATE_PARTICLES = ("께서", "한테", "에게", "한테서", "에게서", "랑")
# A full name with its honorific glued ("[알림] 용세희님, 택배가", "장은현씨는"): like the particles
# above, weaker than an introduction, so the given name's letters must look like one.
_GLUED_HONORIFIC = re.compile(r"^[가-힣]{3,4}[님씨]")
_MISREAD_PIECES = frozenset(("MAG", "NP", "JKS", "JKC", "JKG", "JKO", "JKB", "JKV", "JKQ", "JX", "JC"))


def _unlisted_name(word: str, inside: list[tuple[str, str, int, int]]) -> bool:
    """A word of a full name's three letters (four after a two-letter surname) that mecab-ko-dic does not
    list at all, and that kiwi (``inside``: its tokens of the word) reads as no known word and as ending
    on no particle, ending or suffix: before a spaced title, a name whatever else kiwi reads in it ("상담
    내역: 이윤서 고객이": 이윤/NNG 서/VV; probe_fresh_ko 7777777). The dictionary lists the words such
    letters spell otherwise ("조수석", "신세계 대표"); what it does not list, kiwi reads with their
    particle or ending ("최고의 배우", "정부는 대변인", "부담할 의사") or as one word ("하지만 사장은")."""
    size = 4 if word[:2] in SURNAMES_2 else 3
    if len(word) != size or not korean_full_name(word, 4) or ko_lexicon().classes(word) or not inside:
        return False
    if len(inside) == 1:
        return inside[0][1] == "NNP"
    return not inside[-1][1].startswith(("J", "E", "XS", "VC"))


def widespread_full_name(word: str) -> bool:
    """A surname and then a given name many families give (names_ko_familiar.widespread_given): "표지연",
    "옥지원", "이승은", "이유나", "어서영", which kiwi reads as common words (표/지연, 옥/지원, 이승/은,
    이유/나, 어서/영; probe_fresh_ko 8088). Evidence only where the text also says a person is meant:
    an honorific glued after it, a spaced title, 랑 or a particle only people take."""
    size = 4 if word[:2] in SURNAMES_2 else 3
    return len(word) == size and korean_full_name(word, 4) and widespread_given(word[-2:])


def _known_compound(tokens: list[tuple[str, str, int, int]], unknown: frozenset[int]) -> bool:
    """kiwi reads the letters as common nouns it knows, not shredded into one-letter ones: a word shredded
    so ("위/서/연", "표/하/윤") is an unseen word."""
    shredded = len(tokens) >= 3 and all(t[3] - t[2] == 1 for t in tokens)
    return not shredded and all(t[1] in ("NNG", "XSN") and t[2] not in unknown for t in tokens)


def _speaker(text: str, start: int, end: int) -> bool:
    """The word names who speaks, as chat logs and minutes print it: "[카톡] 위주원: ㅋㅋ",
    "은성수: 네 알겠습니다" (at a line's start or after a bracketed tag, a colon after it)."""
    return text.startswith(":", end) and (start == 0 or text[start - 1] == "\n" or text[start - 2 : start] == "] ")


# The reading of an unspaced word as a name needs kiwi to see pieces of which one is unseen, not
# known words only (see ``_field_label``).
_KNOWN_PIECES = frozenset(("NNG", "NNB", "NR", "XSN"))


def _field_label(tokens: list[tuple[str, str, int, int]]) -> bool:
    """kiwi reads the word as common nouns led by one of two or more syllables (주문/NNG 일/NNG,
    수령/NNG 인/XSN): a field label. Before a colon it reads a name as one proper noun (이상현/NNP)."""
    return len(tokens) > 1 and tokens[0][1] == "NNG" and tokens[0][3] - tokens[0][2] >= 2 and all(
        t[1] in ("NNG", "NNB", "XSN") for t in tokens)


def _name_pieces(tokens: list[tuple[str, str, int, int]]) -> bool:
    """kiwi's tokens of a word read as a name's pieces: nouns, and inside the word a particle, adverb
    or one-letter pronoun it mistakes a syllable for; the last one a noun, or the one-letter adverb
    it reads a final 안 as after a misread particle ("윤/NNG 이/JKS 안/MAG")."""
    if not tokens:
        return False
    last = tokens[-1]
    misread_end = len(tokens) >= 3 and last[1] == "MAG" and last[3] - last[2] == 1 and _misread_piece(tokens[-2])
    return all(t[1] in _NOMINAL_TAGS or ((t is not last or misread_end) and _misread_piece(t)) for t in tokens)


def _verb_misread(tokens: list[tuple[str, str, int, int]], closed: bool) -> bool:
    """kiwi reads a three-letter word's surname and next letter as a verb and its ending, then a noun
    ("남은정": 남/VV 은/ETM 정/NNG; "가은", "주은", "하은" likewise): a name's reading where a title
    stands after the word (not a ``closed`` one: "남은돈 드림" gives the money left). Or its surname as
    a pronoun and the given name as a verb and its ending ("나지은": 나/NP 짓/VV-I 은/ETM, "the one I
    made"; probe_fresh_mixed 27182), which no closing follows either. Irregular verbs (VV-I, VA-I) too.
    Or surname and next letter as a verb, a last 은 as its ending ("고하은 님": 고하/VV 은/EC;
    probe_fresh_ko 299792), when those letters look like a given name (other endings are verbs: "모이니
    할머니", "지치네", "남겨요" as a speaker's label); so with the surname read as a determiner before them
    ("한하은/(010) …": 한/MM 하/VV 은/EC; probe_fresh_mixed 12121)."""
    if len(tokens) == 2 and tokens[1][3] - tokens[0][2] == 3 and not closed:
        (verb, first, v_start, v_end), (ending, second, _, _) = tokens
        return (first.startswith(("VV", "VA")) and v_end - v_start == 2 and second.startswith("E")
                and ending == "은" and _given_part_looks_like_a_name(verb + ending))
    if len(tokens) != 3 or tokens[2][3] - tokens[0][2] != 3:
        return False
    (_, first, _, _), (verb, second, _, _), (ending, third, _, _) = tokens
    return (not closed and first.startswith(("VV", "VA")) and second == "ETM" and third in _NOMINAL_TAGS) or (
        first == "NP" and second.startswith(("VV", "VA")) and third == "ETM") or (
        not closed and first in ("MM", "NP") and second.startswith(("VV", "VA")) and third.startswith("E")
        and ending == "은" and len(verb) == 1 and _given_part_looks_like_a_name(tokens[0][0] + verb + ending))


def _noun_and_copula(tokens: list[tuple[str, str, int, int]]) -> bool:
    return bool(tokens) and tokens[0][1] in _NOMINAL_TAGS and all(
        t[1] in _NOMINAL_TAGS or t[1] == "VCP" or t[1].startswith("E") for t in tokens)


def _misread_piece(token: tuple[str, str, int, int]) -> bool:
    return token[1] in _MISREAD_PIECES and (token[1] != "NP" or token[3] - token[2] == 1)


def _given_part_looks_like_a_name(name: str) -> bool:
    """The letters after the surname look like a given name more than like a word (names_ko_familiar's
    letter-pair likeness, at its lowest bar)."""
    given = name[2:] if name[:2] in SURNAMES_2 else name[1:]
    return given_name_likeness().score(given) >= FAMILIAR_MIN


# XR: kiwi reads an unseen name's last syllable as a root now and then ("한/MM 승/NNG 환/XR").
_NOMINAL_TAGS = frozenset(("NNP", "NNG", "NNB", "NR", "MM", "XSN", "XPN", "SL", "XR"))


def introduced_full_names(
    text: str, tokens: tuple[tuple[str, str, int, int], ...], unknown: frozenset[int]
) -> list[tuple[int, int]]:
    """A full name right after words that introduce one ("성함은 오중수에서", "저는 오경자로",
    "담당자는 한은지였는데", "팀장 신은영님이", "예금주 이수진", "상담원 조나연입니다"), before a
    letter's closing or called so in quotes ("석유준 드림", "'소하준'이라는 사람"), glued to a
    particle only people take ("이정자께서", "제은우한테"), or standing alone among English words ("my
    colleague 이상현 will join", "Contact person: '이상현'"): the model, reading Korean news, misses
    both, and kiwi cuts such names into common words (이상/NNG 현, 신/NNG 은/JX 영/NNG). The name is
    the leading nouns of the Hangul word before its particle or copula, or else the word without
    its honorific and particle ("신은영님이"), when that spells a full name and is not one word
    kiwi knows ("저는 학생이에요", "저는 한국인입니다", "팀장 회의실에서" stay)."""
    out = []
    identified = holds_identifier(text)  # once a text, not a line search for every word of news
    for m in _HANGUL_WORD.finditer(text):
        word = m.group()
        if word[0] not in SURNAMES_1 and word[:2] not in SURNAMES_2:
            continue  # no full name starts so: spare the look-arounds below (most words of news)
        place = _place(text, m, tokens, identified)
        span = (_sought_name(text, m, tokens, unknown) if identified and place.intro is None else None) or (
            _introduced_span(text, m, tokens, unknown, place))
        if span is not None:
            out.append(span)
    return out


@dataclass(frozen=True, slots=True)
class _Place:
    """What the words around a Hangul word say of it (introduced_full_names): a letter's closing or
    "…'이라는" after it (``closed``), that or a title (``titled``), a colon after it at a line's head
    (``speaker``), a word that introduces a name before it (``intro``), a record's field it fills
    (``fielded``) which its line vouches for (``vouched``), or a phone, account or e-mail beside it in
    its line (``lined``)."""

    closed: bool
    titled: bool
    speaker: bool
    intro: re.Match[str] | None
    fielded: bool
    vouched: bool
    lined: bool

    @property
    def whole(self) -> bool:
        """The place holds the whole word: nothing glued to a name there is a particle."""
        return self.titled or self.speaker or self.fielded

    @property
    def introduced(self) -> bool:
        return self.whole or self.intro is not None or self.lined


def _place(
    text: str, m: re.Match[str], tokens: tuple[tuple[str, str, int, int], ...], identified: bool
) -> _Place:
    # "이라는" glued to the word (searched only where its 라는 is: most words have none)
    called = None
    if "라는" in text[m.start() : m.end() + 2]:
        called = _CALLED_UNQUOTED.search(text, m.start(), m.end() + 12)
    closed = _CLOSING.match(text, m.end()) is not None or (
        called is not None and called.start() > m.start() + 2 and called.start() < m.end()
    )
    titled = closed or _TITLE_AFTER.match(text, m.end()) is not None
    speaker = not titled and _speaker(text, m.start(), m.end())
    intro = _NAME_INTRO.search(text, max(0, m.start() - 24), m.start())
    fielded = vouched = False
    if not (titled or speaker):
        fielded = _field_item(text, m.start(), m.end())
        # A bracket opens a single word's field only where the line vouches for it and no word
        # introduces it (that reading is the intro's, "담당자(우주원, +82 …)"): "계좌:
        # 697-413105-67-497 (이지원)" is the holder; "(나폴리)" alone stays a club.
        bracketed = not fielded and intro is None and _field_item(text, m.start(), m.end(), brackets=True)
        vouched = (fielded or bracketed) and _vouched_field(text, m.start(), m.end(), bracket_after=True)
        fielded = fielded or vouched
    # A name glued to its particle in a line that holds a phone, an account or an e-mail: a notice
    # or a contact line ("방경자를 찾습니다. 보신 분은 010-…로 연락 바랍니다").
    # Not a word glued to the number or mark before it ("…590107–4162211,이에요", "….com.이에요":
    # the copula), nor one kiwi opens on a copula, an ending, a particle or an affix (a root may
    # open a name: "편영자를" is 편/XR 영/NNG 자/XSN 를).
    lined = (identified and not (titled or speaker or fielded) and intro is None
             and not (m.start() and _GLUED_BEFORE.match(text, m.start() - 1))
             and identifier_beside(text, m.start(), m.end())
             and not any(t[2] == m.start() and t[1].startswith(("VCP", "E", "J", "XS", "XP")) for t in tokens))
    return _Place(closed, titled, speaker, intro, fielded, vouched, lined)


def _sought_name(
    text: str, m: re.Match[str], tokens: tuple[tuple[str, str, int, int], ...], unknown: frozenset[int]
) -> tuple[int, int] | None:
    """A missing person's notice ("제하은을 찾습니다. 보신 분은 010-…로 연락 바랍니다") seeks the one its line
    says to call about, so known nouns may spell the name (예상/NNG 현), and kiwi may open it on a prefix or a verb
    (제/XPN 하/NNG 은, 지나/VV 어 연) (probe_fresh_ko 161803). Only where no word introduces it."""
    if not (_SOUGHT.match(text, m.end() - 1) and identifier_beside(text, m.start(), m.end())):
        return None
    stem = [t for t in tokens if m.start() <= t[2] < m.end() - 1]
    name = m.group()[:-1]
    if (not name.endswith(PLAIN_HONORIFICS) and _given_part_looks_like_a_name(name)
            and _introduced_name(name, stem, unknown, closed=True, addressed=widespread_full_name(name))):
        return (m.start(), m.end() - 1)
    return None


def _introduced_span(
    text: str, m: re.Match[str], tokens: tuple[tuple[str, str, int, int], ...], unknown: frozenset[int],
    place: _Place,
) -> tuple[int, int] | None:
    """The name the word at ``m`` holds where ``place`` (or a particle only people take, or a glued
    honorific) says one is meant: introduced_full_names' reading of one word."""
    word = m.group()
    intro, whole, fielded, vouched = place.intro, place.whole, place.fielded, place.vouched
    glued = _GLUED_HONORIFIC.search(word) is not None
    if not (place.introduced or word.endswith(_ANIMATE_PARTICLES) or glued):
        return None
    # Only 랑 says a person may be meant ("채영자랑 치킨 먹기로 함"): weaker than 께서 or 한테.
    comitative = not place.introduced and word.endswith("랑") and not glued
    # A form's own key ("환자명:", "보낸 사람:", "주문자명") and the name as the whole field after
    # it: common nouns may spell the name there as before a closing ("고상/NNG 철 (남, 45세)",
    # "선/아름 <…@…>", "형/종수 /"). Not after a title or "저는" ("대통령 소속하에").
    keyed = _form_key(intro) and _keyed_field_ends(text, m.end())
    kin = intro is not None and _KIN_BEFORE.search(intro.group()) is not None  # "제 동생 현미율은"
    inside = [t for t in tokens if m.start() <= t[2] < m.end()]
    if place.speaker and _field_label(inside):
        return None  # "주문일: 2027-10-03", "결제액: 3만원": a form's field, not who speaks
    for end in _name_ends(text, m, inside, place, comitative):
        if end == m.end() and not whole and word.endswith(_ANIMATE_PARTICLES):
            continue  # kiwi's unknown noun took the particle in ("복나랑/NNG"): the stem's end is read next
        name = text[m.start() : end]
        if (fielded or not place.introduced) and not _given_part_looks_like_a_name(name):
            continue  # a particle alone is weaker evidence: "유튜버에게", "지메일한테" stay
        pieces = [t for t in inside if t[2] < end]
        widespread = widespread_full_name(name)
        if comitative and _known_compound(pieces, unknown) and not widespread:
            continue  # 랑 joins things too: "이상형이랑 나랑" (이상/NNG 형) stays
        if fielded and all(t[1] in _KNOWN_PIECES and t[2] not in unknown for t in pieces) and not (
                vouched and (all(t[1] == "NNG" for t in pieces) or widespread
                             or ko_lexicon().classes(name) == KoreanLexicon.PERSON)):
            # a field of known words: "선생님,", "단위 : 백만원" (백만/NR 원/NNB); in a field its line
            # vouches for, common nouns may spell a name ("남/민/석 | 영업팀 과장"), a suffix not
            # ("이사/NNG 님/XSN | 010-…"), and so may any known words where mecab-ko-dic lists the
            # letters as a person and nothing else ("백승현 (010.1967.3573)": 백/NR 승/NNB 현/NNG;
            # probe_fresh_mixed 20261202), or that spell a widespread full name ("우주원, 101020 …": 우주/NNG
            # 원/NNB, won; probe_fresh_mixed 6060)
            continue
        keyed_whole = keyed and end == m.end() and _given_part_looks_like_a_name(name)
        # A form's key before and 님/씨 after: a person even where mecab-ko-dic lists the letters
        # as a thing ("수신: 고현준 님").
        # So is a signature's name field with a job title in the next ("한정식 | 영업팀 과장", "심영순 |
        # …"), whatever else the letters spell (a dish; a brand mecab-ko-dic lists).
        addressed = end == m.end() and (
            (intro is not None and _PLAIN_HONORIFIC_AFTER.match(text, end) is not None)
            or (vouched and _SIGNATURE_AFTER.match(text, end) is not None))
        # A widespread name may be spelt by known nouns, as before a closing ("표/지연이랑").
        closed = place.closed or vouched or keyed_whole or widespread
        if _introduced_name(name, pieces, unknown, closed, addressed, kin):
            return (m.start(), end)
    return None


def _name_ends(
    text: str, m: re.Match[str], inside: list[tuple[str, str, int, int]], place: _Place, comitative: bool
) -> list[int]:
    """Where the name in the word at ``m`` may end, first to last tried: after its leading nouns, the
    whole word where ``place`` holds it whole, and its stem before an honorific or particle."""
    word = m.group()
    nouns = []
    for t in inside:
        if t[1] not in _NOMINAL_TAGS or t[0] in PLAIN_HONORIFICS:
            break  # a particle, copula or ending; or the honorific of "한명자님"
        nouns.append(t)
    ends = [nouns[-1][3]] if nouns and nouns[0][2] == m.start() else []
    # Nothing glued before a closing, title or quote: the whole word ("석유/NNG 준/NNG"), never one
    # with a particle ("이내에 대통령"); in a field its line vouches for, a noun kiwi reads with
    # a copula too ("노미/NNG 이/VCP ㄴ지/EC | (010) 5637-…"), not a verb or a particle ("고마워요",
    # "오후에").
    if place.whole and (_name_pieces(inside) or (place.vouched and _noun_and_copula(inside)) or (
            _verb_misread(inside, place.closed)) or (place.titled and not place.closed and (
                _unlisted_name(word, inside) or widespread_full_name(word)))):
        ends.append(m.end())
    bare = _NAME_AND_ENDING.fullmatch(word)
    if bare:
        stem_end = m.start() + len(bare.group(1))
        stem = [t for t in inside if t[2] < stem_end]
        # Nouns only, a particle, adverb or one-letter pronoun kiwi reads inside a name allowed
        # ("신/은/영", "조/나/연", "손수/MAG 윤", "저/NP 의/JKG 은 우"): "씨 기억나?", "배우 반열에",
        # "연락하", "당신/NP 들에게" stay.
        # Or, before a glued 님/씨, any reading with a noun in it: no sentence glues 님 to a word there,
        # and kiwi reads unseen names as verbs and copulas before it ("오민지님": 오미/NNP 이/VCP ㄴ지/EC
        # 님, probe_fresh_ko 141421; "한중수님": 하/VV ᆫ/ETM 중수/NNG; "어수진님": 이/VCP 어/EC 수/NNB
        # 진/NNG, 161803). _introduced_name still keeps known words and compounds of them.
        # (kiwi's own honorific there: "장난아님" is 장난/NNG 아니/VCN ᆷ, "is no joke")
        honored = any(t[2] == stem_end and t[0] in ("님", "씨") for t in inside)
        if _name_pieces(stem) or (honored and any(t[1] in _NOMINAL_TAGS for t in stem)) or (
                (honored or comitative or word.endswith(_ANIMATE_PARTICLES))
                and widespread_full_name(text[m.start() : stem_end])):
            ends.append(stem_end)
    return ends


def _introduced_name(
    name: str, covering: list[tuple[str, str, int, int]], unknown: frozenset[int], closed: bool = False,
    addressed: bool = False, kin: bool = False,
) -> bool:
    """``name`` (kiwi's tokens in it: ``covering``) is a full name, not one known word or a known
    noun and a unit ("받는 사람: 인사팀": 인사/NNG 팀/NNG, "영업부"). ``closed``: a letter's closing
    or "…'이라는 사람" follows, which only a name or a team takes, so known nouns may spell it
    ("석유준 드림": 석유/NNG 준/NNG); a title after it does not ("배우들 작가", "고객님 고객님").
    ``addressed``: its place says a person is meant (a word introduces it and 님/씨 follows, "수신:
    고현준 님"; or a job title fills a signature's next field, "한정식 | 마케팅팀 대리"), so neither
    mecab-ko-dic's listing of the letters as a thing nor kiwi's reading of them as one known word
    counts. ``kin``: one's own kin or friend introduces it ("제 동생 현미율은"), so the listing as a thing does
    not count either, kiwi's reading as one known word still does ("제 동생 중학교는")."""
    if len(name) < 3 or not korean_full_name(name) or name in NOT_GIVEN or not covering:
        return False  # (no covering token: kiwi read the word as the end of a longer one)
    classes = ko_lexicon().classes(name)
    if listed_as_thing(classes) and not (addressed or kin):
        return False
    one_known_word = (len(covering) == 1 and covering[0][1] != "NNP" and covering[0][2] not in unknown
                      and not addressed)
    known_nouns = all(t[1] in ("NNG", "XSN") and t[2] not in unknown for t in covering)
    unit = known_nouns and covering[-1][0] in _UNITS
    # Known common nouns only ("대통령 소속하에": 소속/NNG 하/XSN) make a name only where
    # mecab-ko-dic lists one ("교수 전정자이": 전/NNG 정자/NNG).
    # A word kiwi shreds into one-letter nouns ("위/가/은", "표/하/윤") is an unseen word, not a
    # compound of words it knows (_known_compound).
    compound = _known_compound(covering, unknown) and not closed and not classes & KoreanLexicon.PERSON
    return not one_known_word and not unit and not compound


# A word as a name with its honorific and particle or copula: "신은영님이", "전정자이", "한명자님".
_NAME_AND_ENDING = re.compile(
    r"([가-힣]{2,4}?)(?:님|씨)?(?:이라는|라는|이|가|은|는|을|를|의|에게|께|께서|한테|이에요|예요|입니다|이고|이랑|랑|과|와|도|만|로|으로)?"
)


_HANGUL_WORD = re.compile(r"(?<![가-힣])[가-힣]{3,7}")
# The object particle of a full name and "찾습니다"/"찾아요"/"찾고 있어요" (a missing person's notice).
_SOUGHT = re.compile(r"[을를][ \t]+찾(?:습니다|아요|고[ \t]+있|는다|습니까|아[ \t]?주)")
_GLUED_BEFORE = re.compile(r"[\w,.;:~\-–—]")
_UNITS = frozenset("팀 부 과 실 처 국 청 단 반 센터 본부 사업부".split())

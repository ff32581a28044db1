"""Phone numbers of any supported region, found in one pass instead of one pass per region.

presidio's PhoneRecognizer runs ``phonenumbers.PhoneNumberMatcher`` once per region (8 by
default, 9 with Korea), which made it ~45% of all scrubbing time. Here one region-free regex
finds digit groups that could be a phone number, and only those few candidates are parsed with
phonenumbers, region by region, until one region calls the number valid. Same validity test
(``is_valid_number``), one scan.
"""

from __future__ import annotations

import phonenumbers
import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

from instructflow.agents.scrub.fields import csv_cells, table_cells

PHONE_NUMBER = "PHONE_NUMBER"
# presidio's regions, Korea, and the English-speaking ones Faker and chat users write national
# numbers of ("08 7953 1890", Australia; New Zealand). Not Ireland: its plan reads "1234-5678" (a
# bus number) as a number.
REGIONS = (*PhoneRecognizer.DEFAULT_SUPPORTED_REGIONS, "KR", "AU", "NZ")

# A run of digits with the separators people use in phone numbers, on one line, optionally
# with an extension ("x769", "ext. 12"). Starts with +, ( or a digit; ends with a digit.
# A slash joins it to its neighbours only where the neighbour is no Latin word or number: "김민수/010-
# 1234-5678/서울" and "홍길동 / (02) 123-4567" list fields, "api/v1/2024…" and "3/1234567" are paths and
# fractions. Not after "#" ("#6597878" is an issue or order number) or a currency sign ("£532.41
# (-19.1%"), and not followed by "%": a percentage closes a figure, never a phone number.
_CANDIDATE = regex.compile(
    r"(?<![\w+.\-#$£€¥₩])(?<![\w:./]/)(?:\+[ \t]?\d|\(\d|\d)[\d \t().\-/]{4,20}\d"
    r"(?:[ \t]?(?:x|ext\.?|내선)[ \t]?\d{1,5})?(?!\w|/\w|[.\-:]\d|%)",
    flags=regex.ASCII,  # \w stops at Hangul: "01012345678로" is a number glued to a particle
)
# "내선 123" (Korean for extension) is read as "ext. 123" by the phone number parser.
_KOREAN_EXTENSION = regex.compile(r"[ \t]?내선[ \t]?")
# Dates and times that parse as valid numbers in some region ("2024-01-31", "12/05/2023"), an
# 8-digit date ("20140919"), alone or stamping an order or invoice number ("20231109-484892"),
# and a season of years ("2014-2015", "2015~2016") as news writes them.
# A bracket may open it ("(2024-10-28)" under a changelog heading).
_NOT_A_PHONE = regex.compile(
    r"^\(?(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$"
    r"|(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:$|[-/_.]\d)"
    r"|(?:19|20)\d\d[ \t]?[-/~][ \t]?(?:19|20)\d\d$)"
)
# A date anywhere in the candidate, spaces allowed after the separators: Korean official text
# writes "2010.  11.  12." (German numbering plans accept almost any digit groups, so
# phonenumbers calls it valid), changelogs "0.7.0 (2018-03-05)", day-first "03/04/2021 5". No
# phone number holds a 19xx/20xx group next to a month and a day group with one kind of separator.
_DATE_INSIDE = regex.compile(
    r"(?<!\d)(?:(?:19|20)\d\d[ \t]*([-/.])[ \t]*(?:0?[1-9]|1[0-2])[ \t]*\1[ \t]*(?:0?[1-9]|[12]\d|3[01])"
    r"|(?:0?[1-9]|[12]\d|3[01])([-/.])(?:0?[1-9]|[12]\d|3[01])\2(?:19|20)\d\d)(?!\d)"
)
# One decimal point or one slash and nothing else: a decimal ("0.9935992", "arXiv 2109.02846"), a
# fraction or a progress count ("333/1000", "7568/10000"). People group a phone number in twos,
# threes and fours; no one writes it as two groups split by a lone dot or slash.
_DECIMAL_OR_FRACTION = regex.compile(r"^\d+[./]\d+$")
# Four dotted groups of one to three digits: an IPv4 address or netmask's shape (IP_ADDRESS's to
# judge), never how a phone number is grouped.
_DOTTED_QUAD = regex.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
# ISBN-10 and ISBN-13 as printed ("1-931666-22-9", "978-89-01-12345-6"): hyphenated groups whose
# digits pass the ISBN check (see _isbn).
_ISBN = regex.compile(r"^(?:97[89]-)?\d{1,5}-\d{1,7}-\d{1,7}-[\dX]$")


def _isbn(candidate: str) -> bool:
    digits = candidate.replace("-", "")
    if len(digits) == 10:
        return sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits)) % 11 == 0
    if len(digits) == 13 and digits.isdigit():
        return sum((3 if i % 2 else 1) * int(d) for i, d in enumerate(digits)) % 10 == 0
    return False


# Arithmetic, not a dialled number: an operand chain followed by "=" or by another operator and
# a number ("2000-1800 = 200", "<<34800/240=145>>", "(3600/6000)*100%", "38390 - (19392 + 11078)"),
# as GSM8K-style worked answers write every step.
_ARITHMETIC_AFTER = regex.compile(r"[ \t]*(?:=|[*×÷+][ \t]*\(?\d)|\)[ \t]*[*×÷/=]")
_THOUSANDS_GROUP = regex.compile(r"\d{3}(?![\d\-.])")
# Groups of one digit ("6-3 4-6 7-6 (7-5)": set scores) and columns aligned by runs of spaces
# ("8     8    10  1000": a table row) are lists of small numbers, not one number.
_ONE_DIGIT_GROUP = regex.compile(r"(?<!\d)\d(?!\d)")
_COLUMN_GAP = regex.compile(r"\d[ \t]{3,}\(?\d")
# A slash with a blank beside it separates fields ("06 Nov 2026 / 727900원"), and a number that
# "원" (won) follows is a price: no one groups or ends a phone number so.
_SPACED_SLASH = regex.compile(r"[ \t]/|/[ \t]")
# How no one writes a phone number, though some region's plan would take the digits: a short bare
# run with no trunk "0" ("build 5722709": German plans take seven digits), and dashed or dotted groups
# with no trunk "0" that end in a group of one or two ("1027-649-53": an operand chain). Numbers
# that end in pairs are written with spaces and open on "0" or "+" ("0490 75 40 81", "+41 (0)69 979
# 80 58", every such number of the presidio corpus); a short local number in a phone field is read
# by _KEYED_LOCAL.
_BARE_SHORT = regex.compile(r"^[1-9]\d{4,6}$")
_SHORT_LAST_GROUP = regex.compile(r"^[1-9][\d.\-]*\d{3}[.\-][\d.\-]*(?<![\d])\d{1,2}$")
_WON_AFTER = regex.compile(r"[ \t]?원")


def not_a_phone(text: str, start: int, end: int) -> bool:
    """Whether the phone-shaped ``text[start:end]`` is a date, a sum, a decimal, an ISBN, a score list or a
    table row."""
    candidate = text[start:end]
    if (_NOT_A_PHONE.match(candidate) or _DATE_INSIDE.search(candidate) or _DECIMAL_OR_FRACTION.match(candidate)
            or _DOTTED_QUAD.match(candidate)):
        return True
    if _ISBN.match(candidate) and _isbn(candidate):
        return True
    if _ARITHMETIC_AFTER.match(text, end) or _WON_AFTER.match(text, end) or _SPACED_SLASH.search(candidate):
        return True
    if start >= 2 and text[start - 1] == "," and text[start - 2].isdigit() and _THOUSANDS_GROUP.match(candidate):
        return True  # "1,234,567 (2010 census)": the last group of a number, then the next number
    if _BARE_SHORT.match(candidate) or _SHORT_LAST_GROUP.match(candidate):
        return True
    if len(_ONE_DIGIT_GROUP.findall(candidate)) >= 3:
        return True
    return _COLUMN_GAP.search(candidate) is not None and not any(ch in candidate for ch in "-()")


# Digits read out in Sino-Korean words where people dodge number filters or dictate: "공일공-1234-5678",
# "010-1234-오육칠팔". A group of three or four such syllables joined by a separator to a digit group
# is read as those digits (one syllable, one digit: offsets hold); a lone word ("이사", "오일") never.
_HANGUL_DIGIT = str.maketrans("공영일이삼사오육륙칠팔구", "001234566789")
_HANGUL_DIGIT_GROUP = regex.compile(
    r"(?<![가-힣])[공영일이삼사오육륙칠팔구]{3,4}(?=[-. ]\d)|(?<=\d[-. ])[공영일이삼사오육륙칠팔구]{4}"
)


def fold_hangul_digits(text: str) -> str:
    """``text`` with digit groups spelled in Sino-Korean syllables next to a digit group as digits."""
    return _HANGUL_DIGIT_GROUP.sub(lambda m: m.group().translate(_HANGUL_DIGIT), text)


# A local number with no area code is no number to any region's plan ("1952.7159", "555-0187"), but
# it is one as the value of a phone field: "phone=3821.1110" in a log's query, 'phone="1952.7159"' in
# code, "tel: 555-0187", "연락처: 7043-4028"; there an ungrouped run of 7 to 15 digits is one too
# ('"contact": "11055488"').
_PHONE_KEY_WORDS = (
    "phone", "tel", "telephone", "mobile", "cell", "fax", "전화", "전화번호", "연락처", "휴대폰", "핸드폰",
)
# ... and the keys that say "how to reach": their value is a phone when it is all digits.
_CONTACT_KEY_WORDS = ("contact", "contact_no", "contact_number", "연락")
_PHONE_KEY = rf"(?:{'|'.join(_PHONE_KEY_WORDS)})(?:_?(?:no|num|number))?"
_KEYED_LOCAL = regex.compile(
    rf"(?i)(?<![a-z]){_PHONE_KEY}[\"']?[ \t]*[:=][ \t]*[\"']?(\d{{3,4}}[-. ]\d{{4}}|\d{{7,15}})(?![\d\-.]?\d)"
)
# Two more spellings of "this is a phone", each searched only where its words are (one more pattern
# scanned over every prompt cost ~5 µs a text): a contact key's all-digit value, and a request to call
# someone at a number ("call me at 6889.5489"; not a season's years, "reach her at 2024-2025").
_KEYED_CONTACT = regex.compile(
    rf"(?i)(?<![a-z])(?:{'|'.join(_CONTACT_KEY_WORDS)})[\"']?[ \t]*[:=][ \t]*[\"']?(\d{{7,15}})(?![\d\-.]?\d)"
)
# The object and the "at" may go unsaid: "We will text 9033.5028 on dispatch", "call 6889.5489"
# (probe_fresh_mixed 7070).
_CALL_WORDS = ("call", "text", "ring", "reach", "dial", "phone", "sms", "whatsapp")
_CALL_AT = regex.compile(
    r"(?i)(?<!\b(?:the|a|an|this|that|my|your|his|her|our|their)[ \t]+)"  # the noun: "the text 2024.0315"
    r"\b(?:" + "|".join(_CALL_WORDS) + r")(?:[ \t]+(?:me|us|him|her|them|you))?"
    r"(?:[ \t]+(?:at|on))?[ \t]+(?!(?:19|20)\d\d-(?:19|20)\d\d)(\d{3,4}[-. ]\d{4})(?![\d\-.]?\d)"
)


def _keyed_numbers(text: str) -> list[tuple[int, int]]:
    """The spans of numbers a key or a request says are phones (see _KEYED_LOCAL and after)."""
    spans = [m.span(1) for m in _KEYED_LOCAL.finditer(text)]
    low = text.lower()
    if "contact" in low or "연락" in text:
        spans += [m.span(1) for m in _KEYED_CONTACT.finditer(text)]
    if any(word in low for word in _CALL_WORDS):
        spans += [m.span(1) for m in _CALL_AT.finditer(text)]
    return spans


# ... and a cell under a phone column of a markdown table or a CSV ("| Phone |" then "| 0929.9527 |"):
# the header says what the digits are, as the key does. Any grouping of 7-15 digits.
_PHONE_COLUMN_KEYS = frozenset(
    f"{word}{suffix}" for word in _PHONE_KEY_WORDS for suffix in ("", " number", " no", "_no", "_number", "번호")
)
_PHONE_HEADER = regex.compile(rf"(?i)(?<![a-z]){_PHONE_KEY}(?![a-z])")
_CELL_NUMBER = regex.compile(r"[ \t\"']*(\+?[\d(][\d ().\-]{5,22}\d)[ \t\"']*")


def _column_numbers(text: str) -> list[tuple[int, int]]:
    """The numbers in the cells under a phone column (see _PHONE_COLUMN_KEYS)."""
    out = []
    for _key, start, end in table_cells(text, _PHONE_COLUMN_KEYS) + csv_cells(text, _PHONE_COLUMN_KEYS):
        cell = _CELL_NUMBER.fullmatch(text, start, end)
        if cell and 7 <= sum(ch.isdigit() for ch in cell.group(1)) <= 15:
            out.append((cell.start(1), cell.end(1)))
    return out


# A trunk-and-area code in brackets, then two groups of four: how Australia writes a landline ("(08) 4985
# 0562"), whether or not its range is assigned (phonenumbers judges the range; Faker's and people's
# numbers need not be in one). Nothing else is written so (probe_fresh_mixed 4343: "tel:(08) 4985 0562").
_BRACKETED_AREA = regex.compile(r"\(0\d\)[ \t]?(?!(?:19|20)\d\d[ \t\-](?:19|20)\d\d)\d{4}[ \t\-]\d{4}")  # no two years


class FastPhoneRecognizer(EntityRecognizer):
    """PHONE_NUMBER valid in any of ``regions`` (presidio's defaults + KR), score 0.4 as presidio."""

    SCORE = PhoneRecognizer.SCORE

    def __init__(self, regions: tuple[str, ...] = REGIONS, supported_language: str = "en") -> None:
        self.regions = regions
        super().__init__(
            supported_entities=[PHONE_NUMBER],
            supported_language=supported_language,
            context=list(PhoneRecognizer.CONTEXT),
            name="FastPhoneRecognizer",
        )

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        if not text.isascii():
            text = fold_hangul_digits(text)
        for match in _CANDIDATE.finditer(text):
            candidate, start = match.group(), match.start()
            # A bracket that opens the number and is not closed inside it belongs to the text
            # around it ("한옥마을(02-2266-6937)에서는"); "(02) 2266-6937" keeps its area code's.
            if candidate.startswith("(") and candidate.count("(") > candidate.count(")"):
                candidate, start = candidate[1:], start + 1
            digits = sum(ch.isdigit() for ch in candidate)
            if digits < 7 or not_a_phone(text, start, match.end()):
                continue
            # 12+ digits with no separator and no "+" are cards/accounts, not dialled numbers.
            if digits == len(candidate) and digits > 11:
                continue
            if self._valid(candidate) or _BRACKETED_AREA.fullmatch(candidate):
                results.append(RecognizerResult(PHONE_NUMBER, start, match.end(), self.SCORE))
            elif "/" in candidate:
                results += self._slashed(text, start, candidate)
        keyed = _keyed_numbers(text)
        if ("|" in text or "\n" in text) and _PHONE_HEADER.search(text):
            keyed += _column_numbers(text)
        for k_start, k_end in keyed:
            if not any(r.start <= k_start < r.end for r in results):
                results.append(RecognizerResult(PHONE_NUMBER, k_start, k_end, self.SCORE))
        return results

    def _slashed(self, text: str, start: int, candidate: str) -> list[RecognizerResult]:
        """The numbers of a candidate that a slash glues to another number and that is no number
        whole: "1588-6243/(17817)" (a representative number, then a code or an extension in
        brackets), "(06236)/1644-2378". Each piece is judged as a candidate of its own."""
        found = []
        offset = start
        for piece in candidate.split("/"):
            p_start, p_end = offset, offset + len(piece)
            offset = p_end + 1
            # brackets that the piece does not close or open belong to the text around it
            if piece.startswith("(") and piece.count("(") > piece.count(")"):
                p_start += 1
            if piece.endswith(")") and piece.count(")") > piece.count("("):
                p_end -= 1
            part = text[p_start:p_end]
            if sum(ch.isdigit() for ch in part) < 7 or not part[-1:].isdigit() or not_a_phone(text, p_start, p_end):
                continue
            if self._valid(part):
                found.append(RecognizerResult(PHONE_NUMBER, p_start, p_end, self.SCORE))
        return found

    def _valid(self, candidate: str) -> bool:
        if "내선" in candidate:
            candidate = _KOREAN_EXTENSION.sub(" ext. ", candidate)
        for region in self.regions:
            try:
                number = phonenumbers.parse(candidate, region)
            except phonenumbers.NumberParseException as error:
                # A region whose international prefix the number opens with ("010" dials abroad
                # from Japan) reads the next digits as a country code; the next region may not.
                if error.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
                    continue
                return False  # otherwise unparseable in one region means unparseable in all
            if phonenumbers.is_valid_number(number):
                return True
            if candidate.startswith("+"):
                return False  # an international number's region is fixed by its prefix
        return False

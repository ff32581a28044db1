"""Structured identifiers (cards, phones, national ids, accounts, passports) in every written form.

Why the recognizers missed values glued to Korean ("jang@naver.com로", "010-1234-5678입니다"):
their patterns end with ``\\b`` and use ``\\w``, and in Unicode regexes a Hangul syllable *is* a
word character, so there is no boundary between "5678" and "입". The scrubber therefore matches
every pattern on a *folded* copy of the text under ASCII rules (``fold_for_matching`` +
``regex.ASCII``): a boundary is "not an ASCII letter or digit", and full-width digits, letters
and punctuation ("０１０－１２３４", typed by Korean and Japanese IMEs) become their ASCII forms.
The folding is one character for one character, so every offset found on the folded copy is an
offset into the original text.

On top of presidio's recognizers this module adds the forms they do not know:

* cards by Luhn over 12-19 digits in card-like groupings (Maestro, JCB 15, Visa 19,
  Mastercard 2-series), with spaces, dashes, dots or none;
* resident/foreigner registration numbers by *shape* (yymmdd-gxxxxxx): an impossible date or a
  bad checksum is a typo or a forgery, still a person's number to the reader;
* North American phone numbers by shape, with "+1"/"001" prefixes and extensions (phonenumbers
  rejects the many numbers whose area code is unassigned, which people still write);
* Korean mobile and landline numbers (also undashed) and Korean bank account layouts.
"""

from __future__ import annotations

import ipaddress
import re

import regex
import tldextract
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.predefined_recognizers import (
    IpRecognizer,
    KrPassportRecognizer,
    UsLicenseRecognizer,
    UsPassportRecognizer,
)

from instructflow.agents.scrub.phones import fold_hangul_digits

PHONE_NUMBER = "PHONE_NUMBER"
CREDIT_CARD = "CREDIT_CARD"
KR_RRN = "KR_RRN"
KR_FRN = "KR_FRN"
KR_BANK_ACCOUNT = "KR_BANK_ACCOUNT"

# Boundaries of a value: not an ASCII letter or digit (Hangul, punctuation and spaces all end it).
START = r"(?<![A-Za-z0-9])"
END = r"(?![A-Za-z0-9])"

# Full-width ASCII (U+FF01..U+FF5E) and the ideographic space, one character each; the hyphens
# and dashes that autocorrect and Korean IMEs put between digits ("900101–1234567": U+2010..2013,
# the minus sign U+2212, the small hyphen-minus U+FE63) as "-". Em dash and horizontal bar stay:
# they separate clauses, not digit groups.
_FOLD = ({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
         | dict.fromkeys((0x2010, 0x2011, 0x2012, 0x2013, 0x2212, 0xFE63), 0x2D))
# Markdown emphasis "_010-1234-5678_": "_" is a word character, so no pattern's boundary holds
# next to it. An underscore with a non-alphanumeric (or no) neighbour is emphasis, not part of
# a value ("kim_92@naver.com" keeps its own).
_EMPHASIS = re.compile(r"(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])")


def fold_for_matching(text: str) -> str:
    """``text`` with full-width forms and dashes as ASCII, emphasis underscores and escaped line
    breaks as spaces; same length, so offsets carry over unchanged."""
    if not text.isascii():
        text = text.translate(_FOLD)
    if "_" in text:
        text = _EMPHASIS.sub(lambda m: " " * len(m.group()), text)
    if "\\n" in text:  # a line break escaped inside a pasted JSON string ("Apt. 3\nLake Ryan, SC")
        text = text.replace("\\n", "  ")
    return text


_RE_FLAGS = ((regex.IGNORECASE, re.IGNORECASE), (regex.MULTILINE, re.MULTILINE), (regex.DOTALL, re.DOTALL),
             (regex.VERBOSE, re.VERBOSE))


def compile_ascii(pattern: str, flags: int = 0) -> re.Pattern[str] | regex.Pattern[str]:
    """Compile a recognizer pattern under ASCII rules: ``\\b``, ``\\w`` and ``\\d`` stop at Hangul.

    ``flags`` are ``regex`` flags (presidio's). The standard ``re`` engine scans these simple
    patterns markedly faster than ``regex``, so a pattern ``re`` can compile is compiled there
    (same syntax, same matches); the rest (variable-width lookbehind, ``regex``-only syntax) by
    ``regex``.
    """
    re_flags = re.ASCII
    for regex_flag, re_flag in _RE_FLAGS:
        if flags & regex_flag:
            re_flags |= re_flag
    try:
        return re.compile(pattern, re_flags)
    except re.error:
        return regex.compile(pattern, flags=flags | regex.ASCII)


# -- cards -------------------------------------------------------------------------------------------


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


# A run of 12-19 digits in groups joined by one kind of separator; not part of a longer number
# ("+82 10 ...", "1234-5678-..." continuing) on either side.
_CARD_CANDIDATE = compile_ascii(
    START + r"(?<![+\d][ .\-])(?<!\+)(?:\d{12,19}|\d{4}([ .\-])\d{1,6}(?:\1\d{1,6}){1,3})" + END + r"(?![ .\-]\d)"
)


# The same printed 4-4-4-4(-1..3) card right after another number ("010-8765-4321 4111 1111 1111 1111"):
# the look-behind above refuses it, to keep clear of the tail of a longer number, but a whole printed
# card that passes Luhn and ends where the digits end is a card wherever it stands.
_CARD_AFTER_NUMBER = compile_ascii(
    START + r"\d{4}([ .\-])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?" + END + r"(?![ .\-]\d)"
)


def _card_grouping(groups: list[str]) -> bool:
    """Groupings that issuers print: 4-4-4-4(-3), 4-6-5 (Amex, JCB 15), 4-6-4 (Diners)."""
    sizes = [len(g) for g in groups]
    if sizes[:-1] == [4] * (len(sizes) - 1) and 1 <= sizes[-1] <= 4:
        return True
    return sizes in ([4, 6, 5], [4, 6, 4])


def _domestic_card(digits: str) -> bool:
    """Korean domestic and BC cards are numbered 9xxx (ISO 7812 "national use"), always 16 digits."""
    return digits[0] == "9" and len(digits) == 16


class LuhnCardRecognizer(EntityRecognizer):
    """CREDIT_CARD: 12-19 digits, issuer-like first digit (1-6), card grouping, Luhn check."""

    CONTEXT = ("credit", "card", "visa", "mastercard", "amex", "jcb", "maestro", "카드", "카드번호", "신용카드",
               "체크카드")
    SCORE = 0.8

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(supported_entities=[CREDIT_CARD], supported_language=supported_language,
                         context=list(self.CONTEXT), name="LuhnCardRecognizer")

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        results = []
        seen: set[tuple[int, int]] = set()
        for m in (*_CARD_CANDIDATE.finditer(text), *_CARD_AFTER_NUMBER.finditer(text)):
            if m.span() in seen:
                continue
            seen.add(m.span())
            value = m.group()
            sep = m.group(1)
            groups = value.split(sep) if sep else [value]
            digits = "".join(groups)
            if not 12 <= len(digits) <= 19 or not (digits[0] in "123456" or _domestic_card(digits)):
                continue
            if sep and not _card_grouping(groups):
                continue
            if luhn_valid(digits):
                results.append(RecognizerResult(CREDIT_CARD, m.start(), m.end(), self.SCORE))
        return results


# -- national ids by shape ---------------------------------------------------------------------------


class RegistrationNumberShapeRecognizer(EntityRecognizer):
    """KR_RRN/KR_FRN by shape, whatever the date and checksum say.

    presidio's Kr*Recognizers require a valid month and day, so "900001-1234567" passed through.
    Here the dashed (or spaced) 6+7 shape counts on its own; the bare 13-digit run needs a
    context word ("주민번호", "RRN"), since 13 digits are also order and tracking numbers.
    The entity follows the 7th digit: 1-4 and 9/0 residents, 5-8 foreigners.
    """

    CONTEXT = ("주민", "주민번호", "주민등록", "등록번호", "외국인", "신분증", "resident", "registration", "rrn", "frn",
               "arc", "id number", "alien")

    _SHAPE = compile_ascii(START + r"\d{6}(-|\s-\s|\s)?(\d)\d{6}" + END)
    SEPARATED, BARE = 0.6, 0.1

    def __init__(self, supported_language: str = "ko") -> None:
        super().__init__(supported_entities=[KR_RRN, KR_FRN], context=list(self.CONTEXT),
                         supported_language=supported_language, name="RegistrationNumberShapeRecognizer")

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        results = []
        for m in self._SHAPE.finditer(text):
            entity = KR_FRN if m.group(2) in "5678" else KR_RRN
            results.append(RecognizerResult(entity, m.start(), m.end(), self.SEPARATED if m.group(1) else self.BARE))
        return results


def passport_recognizers() -> list[EntityRecognizer]:
    """presidio's US passport pattern with the Korean word for passport as context too, and the
    Korean e-passport number (M123A4567, since 2021), whose letter-digits-letter-digits shape
    identifies it without context (presidio scores it 0.1 and needs a context word)."""
    kr = KrPassportRecognizer(
        patterns=[Pattern("kr_passport_2021", START + r"[MSRODmsrod]\d{3}[A-Z]\d{4}" + END, 0.4),
                  # M and eight digits, the ordinary passport issued until 2021 (valid until 2031),
                  # stands on its shape like the new one - unless the digits are a date ("M20240315",
                  # a dated code); the other letters (official, diplomatic ...) and lower case only
                  # next to the word passport.
                  Pattern("kr_passport_old_m",
                          START + r"M(?!(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))\d{8}" + END, 0.4),
                  Pattern("kr_passport_old", START + r"[MSRODmsrod]\d{8}" + END, 0.05)],
        supported_language="ko")
    return [UsPassportRecognizer(context=[*UsPassportRecognizer.CONTEXT, "여권", "여권번호", "passport no"]), kr,
            PassportShapeRecognizer()]


class PassportShapeRecognizer(PatternRecognizer):
    """Passport numbers as most countries print them: one or two letters and six to eight digits
    (Canada "AB123456", Australia "N1234567", Ireland, New Zealand, India), which presidio's US
    patterns (nine digits, or a letter and eight) do not take. The shape alone is any code's, so
    only next to the word passport; reported as presidio's passport type."""

    PATTERNS = (Pattern("letters_digits", START + r"[A-Z]{1,2}\d{6,8}" + END, 0.05),)
    CONTEXT = ("passport", "여권")

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(supported_entity="US_PASSPORT", patterns=list(self.PATTERNS), context=list(self.CONTEXT),
                         supported_language=supported_language, name="PassportShapeRecognizer",
                         global_regex_flags=regex.ASCII)


# -- phones ------------------------------------------------------------------------------------------

# "x12", " ext. 12", ", ext 12", " 내선 123": the extension reaches a desk, so it goes with the number.
_EXTENSION_MARK = r",?\s?(?:x|ext\.?|extension|#|내선)"
_EXTENSION = rf"(?:{_EXTENSION_MARK}\s?\d{{1,6}})?"


class NorthAmericanPhoneRecognizer(PatternRecognizer):
    """NANP numbers by shape: 555-123-4567, (555) 123-4567, 555.123.4567, +1-555-123-4567x89,
    001-555-123-4567 (Korea's international prefix), with or without an extension."""

    PATTERNS = (
        Pattern("nanp_prefixed", START + r"(?:\+\s?1|001|00700|002|1(?=[\-.]| ?\())[\-. ]?\(?\d{3}\)?[\-. ]?\d{3}"
                r"[\-. ]?\d{4}" + _EXTENSION + END, 0.6),
        # Not the middle of a longer dashed run ("6000-600-150-1200-2000=2050", a worked sum).
        Pattern("nanp_separated", START + r"(?<!\+)(?<!\d[\-.])(?:\(\d{3}\)\s?|\d{3}([\-.]))\d{3}(?(1)\1|[\-.])"
                r"\d{4}" + _EXTENSION + END + r"(?![\-.]\d)", 0.5),
        Pattern("nanp_spaced", START + r"(?<![+\d][\-. ])\d{3} \d{3} \d{4}" + _EXTENSION + END + r"(?![\-. ]\d)", 0.3),
    )
    CONTEXT = ("phone", "call", "cell", "mobile", "tel", "number", "fax", "contact", "전화", "연락처", "번호")

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(supported_entity=PHONE_NUMBER, patterns=list(self.PATTERNS), context=list(self.CONTEXT),
                         supported_language=supported_language, name="NorthAmericanPhoneRecognizer",
                         global_regex_flags=regex.ASCII | regex.IGNORECASE)


class KoreanPhoneRecognizer(PatternRecognizer):
    """Korean mobile and landline numbers, domestic and +82 forms, dashed, spaced, dotted or bare.

    phonenumbers (FastPhoneRecognizer) finds most of these too, but only with a region guess;
    these patterns are exact and cheap.
    """

    PATTERNS = (
        # 010-1234-5678, 010 1234 5678, 01012345678, +82 10-1234-5678, +82-010-1234-5678, (010) 1234-5678,
        # "... 내선 12"
        Pattern(
            "kr_mobile",
            # After "<number> " too (a list of ids): only a dash or dot marks a longer number's tail.
            START + r"(?<![+\d][\-.])(?:\+82[\-.\s]?0?1[016789]|01[016789]|\(01[016789]\)\s?)"
            r"[\-.\s]?\d{3,4}[\-.\s]?\d{4}" + _EXTENSION + END,
            0.7,
        ),
        # 02-123-4567, (031) 123-4567, +82 2 123 4567, 070-1234-5678
        Pattern(
            "kr_landline",
            # A bracket opens the area code only with its closing one: in "박물관(02-2266-6937)"
            # the brackets belong to the sentence.
            START + r"(?<![+\d][\-. ])(?:\(0(?:2|[3-6][1-5]|70)\)[\-.\s]?"
            r"|(?:\+82[\-.\s]?0?(?:2|[3-6][1-5]|70)|0(?:2|[3-6][1-5]|70))[\-.\s)])"
            r"\s?\d{3,4}[\-.\s]\d{4}" + _EXTENSION + END,
            0.55,
        ),
        # 0212345678, 0311234567: area code, then an exchange that never starts with 0 or 1
        Pattern("kr_landline_bare", START + r"0(?:2|[3-6][1-5]|70)[2-9]\d{6,7}" + END, 0.45),
    )
    CONTEXT = ("전화", "연락처", "휴대폰", "핸드폰", "휴대전화", "폰", "번호", "phone", "tel", "mobile")

    def __init__(self, supported_language: str = "ko") -> None:
        super().__init__(supported_entity=PHONE_NUMBER, patterns=list(self.PATTERNS), context=list(self.CONTEXT),
                         supported_language=supported_language, name="KoreanPhoneRecognizer",
                         global_regex_flags=regex.ASCII)

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        # "공일공-5982-4181": the prefix spelled in syllables, read as digits (offsets hold). Here,
        # not only in FastPhoneRecognizer: phonenumbers' plan leaves out mobile blocks in use
        # (010-59xx), which these patterns take.
        folded = text if text.isascii() else fold_hangul_digits(text)
        return super().analyze(folded, entities, nlp_artifacts, regex_flags)


class InternationalPhoneRecognizer(PatternRecognizer):
    """Any number written with a "+" country code (or 00 + code): "+33 6 91 95 47 69",
    "+44 (0)20 7946 0958", "+49 30 31095710". The "+" says phone number on its own; phonenumbers
    (FastPhoneRecognizer) rejects numbers in unassigned ranges and splits at "(0)", the trunk
    zero British and German writers keep. 8-15 digits (E.164), groups of 1-5."""

    PATTERNS = (
        Pattern("intl_plus", START + r"(?<![\d+])(?<![\d)=] )(?:\+|00(?=[1-9]\d{0,2} ))[1-9]\d{0,2}(?:[\-. ]?\(0\))?"
                r"(?:[\-. ]?(?:\(\d{1,5}\)|\d{1,5})){2,6}" + _EXTENSION + END + r"(?![\-.]\d)", 0.6),
    )
    CONTEXT = NorthAmericanPhoneRecognizer.CONTEXT

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(supported_entity=PHONE_NUMBER, patterns=list(self.PATTERNS), context=list(self.CONTEXT),
                         supported_language=supported_language, name="InternationalPhoneRecognizer",
                         global_regex_flags=regex.ASCII | regex.IGNORECASE)

    def validate_result(self, pattern_text: str) -> bool | None:
        main = re.split(_EXTENSION_MARK, pattern_text, maxsplit=1, flags=re.IGNORECASE)[0]
        digits = sum(ch.isdigit() for ch in main) - (1 if "(0)" in main else 0)
        return None if 8 <= digits <= 15 else False


# -- bank accounts -----------------------------------------------------------------------------------


class KoreanBankAccountRecognizer(PatternRecognizer):
    """Korean bank account numbers: 3-4 group forms (국민 6-2-6, 신한 3-3-6, 우리 4-3-6,
    하나 3-6-5, 농협 3-4-4-2, 기업 3-6-2-3 ...) joined by dashes or spaces, or 10-14 plain
    digits, only near banking words."""

    PATTERNS = (
        # 카카오뱅크 writes 4-2-7: a last group of up to 7 digits
        Pattern("kr_account_grouped", START + r"(?<![\d\-])(?<![\d\-] )\d{2,6}([\- ])\d{2,6}\1\d{2,7}"
                r"(?:\1\d{1,3})?" + END + r"(?![\- ]\d)", 0.2),
        # 12-14 digits in 3-4 dashed groups is an account layout on its own (dates, order and
        # phone numbers are shorter), so it needs no banking word.
        Pattern("kr_account_long_dashed", START + r"(?<![\d\-])(?=(?:\d-?){12,14}(?![\d\-]))\d{2,6}-\d{2,6}-\d{2,7}"
                r"(?:-\d{1,3})?" + END + r"(?!-\d)", 0.45),
        Pattern("kr_account_plain", START + r"(?<![\d\-])\d{10,14}" + END + r"(?!-\d)", 0.05),
    )
    CONTEXT = ("계좌", "계좌번호", "입금", "송금", "이체", "은행", "국민", "신한", "우리", "하나", "농협", "기업",
               "카카오뱅크", "케이뱅크", "토스", "새마을", "우체국", "수협", "예금주", "account", "acct", "bank",
               "iban")

    def __init__(self, supported_language: str = "ko") -> None:
        super().__init__(supported_entity=KR_BANK_ACCOUNT, patterns=list(self.PATTERNS), context=list(self.CONTEXT),
                         supported_language=supported_language, name="KoreanBankAccountRecognizer",
                         global_regex_flags=regex.ASCII)

    def validate_result(self, pattern_text: str) -> bool | None:
        digits = "".join(ch for ch in pattern_text if ch.isdigit())
        # Mobile numbers (10-11 digits) have their own recognizer; dates (2024-01-31) have too few
        # digits. Longer numbers that open like a mobile one are accounts: IBK's "010-705746-93-156".
        # None, not True: presidio raises a validated match to score 1.0, and the shape alone
        # proves nothing without a banking word nearby.
        mobile = digits.startswith(("010", "011", "016", "017", "018", "019")) and len(digits) <= 11
        return None if 10 <= len(digits) <= 14 and not mobile else False


# -- IP addresses ------------------------------------------------------------------------------------

IP_ADDRESS = "IP_ADDRESS"
# Hex groups joined by colons, "::" allowed, an optional IPv4 tail and zone ("%eth0").
_IPV6_CANDIDATE = re.compile(r"(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|\d+(?:\.\d+){3})?"
                             r"(?:%[A-Za-z0-9]+)?", re.ASCII)


def _someones(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Loopback and the unspecified address ("127.0.0.1", "::1", "0.0.0.0") are every machine's;
    0.x.x.x is "this network", never a host's address, while versions are written so ("0.10.2.1")."""
    if address.is_loopback or address.is_unspecified:
        return False
    if address.version != 4:
        return True
    # Netmasks ("255.255.255.224", "240.0.0.0") are written in the same dots: ones, then zeros. Other
    # addresses up there (class E, 240.0.0.0/4, holds no hosts) are still written as someone's.
    free = ~int(address) & 0xFFFFFFFF
    return address.packed[0] != 0 and bool(free & (free + 1))


class Ipv4Recognizer(IpRecognizer):
    """presidio's IPv4 patterns (plain, IPv4-mapped and IPv4-embedded). Its IPv6 patterns are left
    to :class:`Ipv6Recognizer`, which checks them with ``ipaddress``: presidio's read "::" (reST's
    literal marker, BNF's "::=") as the unspecified address, scored up to 0.45 by the context
    word "ip" inside "pip" or "description", and "2019::" as a host."""

    # Not four groups out of a longer dotted number ("clang-1316.0.21.2.5"), nor after a version
    # word ("Rev. 2.0.1.3", "version 10.1.2.3", "v1.2.3.4").
    PATTERNS = tuple(Pattern(p.name, r"(?<!\d\.)(?<!(?i:\b(?:v|ver|version|rev|revision|release|build)\.?[ \t]?))"
                             + p.regex + r"(?!\.\d)", p.score)
                     for p in IpRecognizer.PATTERNS if not p.name.startswith("IPv6"))

    def __init__(self) -> None:
        super().__init__(patterns=list(self.PATTERNS), name="Ipv4Recognizer")

    def invalidate_result(self, pattern_text: str) -> bool:
        if super().invalidate_result(pattern_text):
            return True
        return not _someones(ipaddress.ip_interface(pattern_text).ip)


class Ipv6Recognizer(EntityRecognizer):
    """IPv6 addresses checked by ``ipaddress``, whatever follows them. presidio's IPv6 pattern
    gives up when the address is followed by a colon ("came from fe80::1:", "fe80::1:으로요"):
    here a trailing colon is punctuation, not a group."""

    SCORE = 0.6

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(supported_entities=[IP_ADDRESS], supported_language=supported_language,
                         name="Ipv6Recognizer")

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        results = []
        for m in _IPV6_CANDIDATE.finditer(text):
            value = m.group()
            if value.endswith(":") and not value.endswith("::"):
                value = value[:-1]
            if len(value) < 6 or not any(ch.isdigit() for ch in value):
                continue  # "a::b", "std::map": C++ scope, not an address
            if value.endswith("::"):
                continue  # a network prefix, not a host; "in 2019::" is reST's literal-block marker
            try:
                address = ipaddress.IPv6Address(value.split("%")[0])
            except ValueError:
                continue
            if not _someones(address):
                continue
            results.append(RecognizerResult(IP_ADDRESS, m.start(), m.start() + len(value), self.SCORE))
        return results


# -- URLs --------------------------------------------------------------------------------------------

_URL_TAIL = re.compile(r"[A-Za-z0-9\-._~:/?#@!$&*+=%]*", re.ASCII)
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


# A URL written without scheme or "www." is taken on its top-level domain: the two-letter country
# ones and the generic ones people give out. Code and file names end in labels that are also
# (newer) TLDs: "self.name", "mo.group", "str.center", "pdb.run" (.name .group .center .run), and
# "setup.py", "README.md", "install.sh" end in country codes that are script and document
# extensions. Those stay text unless a scheme or "www." says web address.
_BARE_TLDS = frozenset("com net org edu gov mil int info biz app dev xyz site online shop store blog tech page".split())
_FILE_EXTENSION_TLDS = frozenset({"py", "md", "sh"})


def _bare_domain(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, found with no scheme or "www.", reads as a domain: not an
    identifier going on ("config.to_disk", "pdb.pm()"), not a module path whose last label is no
    TLD ("google.cloud.logging"), not a sentence run together ("convention.It is")."""
    value = text[start:end].rstrip("\"'")
    nxt = text[end] if end < len(text) else " "
    after_host = "/" not in value  # "instagram.com/kim(으)로": the bracket follows the path
    if after_host and (nxt in "_(" or (nxt == "." and end + 1 < len(text) and text[end + 1] in _ASCII_ALNUM)):
        return False
    host = value.split("/")[0].lstrip("\"'")
    tld = host.rsplit(".", 1)[-1]
    if not tld.isascii() or not tld.isalpha() or (not tld.islower() and not host.isupper()):
        return False  # "logging.INFO": a constant; "EXAMPLE.COM" is upper case throughout
    if host.startswith(".") or not tldextract.extract(host).domain:
        return False  # a public suffix alone (".co.uk", "co.uk") names no site
    tld = tld.lower()
    if tld in _FILE_EXTENSION_TLDS:
        return not after_host  # "docs.astral.sh/uv" has a path; "install.sh" does not
    return len(tld) == 2 or tld in _BARE_TLDS


def whole_url(text: str, start: int, end: int) -> int | None:
    """The end of the URL presidio found at ``text[start:end]``, or None when it is no URL.

    presidio's pattern tries top-level domains in list order with no boundary after them, so
    "http://x.biz/~me/cv.pdf" ends after "x.bi" and the personal path stays; and "user.save()"
    in code is read as the domain "user.sa". A URL with a scheme or "www." runs on to the end of
    its URL characters (trailing sentence punctuation excluded); one without, cut inside a word,
    is a method call or a file name, not a URL (nor is one :func:`_bare_domain` refuses).
    """
    head = text[start:end].lower().lstrip("\"'")
    schemed = head.startswith(("http://", "https://", "www."))
    if not schemed and not _bare_domain(text, start, end):
        return None
    if end >= len(text) or (text[end] not in _ASCII_ALNUM and text[end] not in "/~%"):
        return end
    if not schemed:
        return None
    tail = _URL_TAIL.match(text, end)
    stop = tail.end() if tail else end
    while stop > end and text[stop - 1] in ".,:;!?":
        stop -= 1
    return stop


# -- driver licences ---------------------------------------------------------------------------------

KR_DRIVER_LICENSE = "KR_DRIVER_LICENSE"
US_DRIVER_LICENSE = "US_DRIVER_LICENSE"
_KR_LICENCE_REGIONS = "서울|부산|경기|강원|충북|충남|전북|전남|경북|경남|제주|대구|인천|광주|대전|울산"


class KoreanDriverLicenceRecognizer(PatternRecognizer):
    """Korean licences with the issuing region written as a word ("서울 12-345678-90", the form
    on older cards) next to presidio's all-digit one: the region is part of the number; and the
    all-digit one written with spaces."""

    PATTERNS = (
        Pattern("kr_licence_region", rf"(?:{_KR_LICENCE_REGIONS})\s?\d{{2}}([ -])\d{{6}}\1\d{{2}}" + END, 0.6),
        # The 2-2-6-2 layout spaced as people copy it off the card ("11 12 345678 90"); dashed, it is
        # presidio's.
        Pattern("kr_licence_spaced", START + r"(?<![\d\-] )\d{2} \d{2} \d{6} \d{2}" + END + r"(?! \d)", 0.6),
    )
    CONTEXT = ("운전면허", "면허", "license", "licence")

    def __init__(self, supported_language: str = "ko") -> None:
        super().__init__(supported_entity=KR_DRIVER_LICENSE, patterns=list(self.PATTERNS), context=list(self.CONTEXT),
                         supported_language=supported_language, name="KoreanDriverLicenceRecognizer",
                         global_regex_flags=regex.ASCII)


class LicenceShapeRecognizer(PatternRecognizer):
    """Driver licence numbers whose layout is their own: the UK DVLA number (surname, birth
    date, initials: "MORGA753116SM9IJ") and the dashed Florida/Illinois form (S123-456-78-901-0).
    presidio's US pattern knows neither; its weak alphanumeric one gets Korean context words
    here too (``licence_context``)."""

    PATTERNS = (
        Pattern("uk_dvla", START + r"[A-Z9]{5}\d{6}[A-Z9]{2}\d[A-Z]{2}" + END, 0.6),
        Pattern("us_dashed", START + r"[A-Z]\d{3}-\d{3}-\d{2}-\d{3}-\d" + END, 0.6),
        # New York's 9 digits as printed (123 456 789): only with a licence word nearby.
        Pattern("us_spaced", START + r"(?<![\d\-] )\d{3} \d{3} \d{3}" + END + r"(?! \d)", 0.05),
        Pattern("us_letter_digits", START + r"[A-Z]\d{7,8}" + END, 0.05),
        # Illinois as printed (A123-4567-8901): presidio's letter-and-digits pattern took "A123" only.
        Pattern("us_dashed_4_4", START + r"[A-Z]\d{3}-\d{4}-\d{4}" + END + r"(?!-\d)", 0.3),
        # Washington's legacy 12 characters: surname padded with *, initials, 3 digits, 2 check characters.
        # Not from inside one (a "*" after a letter or digit is padding); a "*" after anything else is
        # markdown emphasis ("**BANKSWI711XW**").
        Pattern("wa_legacy", r"(?<![A-Za-z0-9][*]*)[A-Z*]{7}\d{3}[A-Z0-9]{2}" + END, 0.05),
    )
    CONTEXT = ("driver", "licence", "license", " dl ", "dl#", "dl:", "운전면허", "면허")

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(supported_entity=US_DRIVER_LICENSE, patterns=list(self.PATTERNS), context=list(self.CONTEXT),
                         supported_language=supported_language, name="LicenceShapeRecognizer",
                         global_regex_flags=regex.ASCII)


LICENCE_CONTEXT_KO = ("운전면허", "면허번호", "면허증", " dl ", "dl#", "dl:")


class UsLicenceRecognizer(UsLicenseRecognizer):
    """presidio's US licence patterns, with the Korean licence words as context too ("운전면허
    E2335290입니다"), and no value under four letters and digits: its weakest pattern takes one
    letter and one digit, and its context word "lic" is found inside "public" and "click", so
    "v1", "s3" and "h11" next to "license" or "public" became licences. No state issues numbers
    that short."""

    MIN_LENGTH = 4

    def __init__(self) -> None:
        super().__init__(context=[*UsLicenseRecognizer.CONTEXT, *LICENCE_CONTEXT_KO])

    def invalidate_result(self, pattern_text: str) -> bool:
        return sum(ch.isalnum() for ch in pattern_text) < self.MIN_LENGTH


def identifier_recognizers() -> list[EntityRecognizer]:
    """The recognizers of this module the scrubber adds (it swaps ``UsLicenceRecognizer`` and
    ``Ipv4Recognizer`` in for presidio's own, in their place)."""
    return [
        LuhnCardRecognizer(),
        RegistrationNumberShapeRecognizer(),
        *passport_recognizers(),
        NorthAmericanPhoneRecognizer(),
        KoreanPhoneRecognizer(),
        InternationalPhoneRecognizer(),
        KoreanBankAccountRecognizer(),
        KoreanDriverLicenceRecognizer(),
        LicenceShapeRecognizer(),
        Ipv6Recognizer(),
    ]

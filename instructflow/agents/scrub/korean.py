"""Korean PII recognizers: addresses, phone numbers, bank accounts and national ids.

* National ids come from presidio's own Korean recognizers (resident registration, foreigner
  registration, business registration, driver licence, passport: all five exist in
  presidio-analyzer 2.2.366). Their context words are mostly English; Korean users write
  "주민번호", so Korean context words are added here.
* Names: see names_ko.py (a character CRF over whole sentences); this module only shares the
  kiwi analyser with it.
* Addresses: road-name (도로명) and lot-number (지번) address grammar — 시/도, 시/군/구, 로/길 or
  동/리 + building number, then 동/호 units.
* Phones and bank accounts: Korean number plans ("010-1234-5678", "+82 10 ...", "02-123-4567")
  and the dashed account formats of Korean banks, which only count near banking words.

Each text is tokenised by kiwi at most once (see :class:`KoreanMorphology`).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from kiwipiepy import Kiwi
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer
from presidio_analyzer.predefined_recognizers import (
    KrBrnRecognizer,
    KrDriverLicenseRecognizer,
    KrFrnRecognizer,
    KrPassportRecognizer,
    KrRrnRecognizer,
)


def _words(text: str) -> frozenset[str]:
    """A word list written as one whitespace-separated string (compact and diff-friendly)."""
    return frozenset(text.split())


LOCATION = "LOCATION"
PHONE_NUMBER = "PHONE_NUMBER"
KR_BANK_ACCOUNT = "KR_BANK_ACCOUNT"

HANGUL_RE = re.compile(r"[가-힣]")


class KoreanMorphology:
    """One shared kiwi analyser; each text is tokenised once even when several recognizers ask."""

    def __init__(self) -> None:
        # The model ships in the kiwipiepy-model wheel: no download.
        self._kiwi = Kiwi(num_workers=-1)
        # kiwi's C++ core is not documented as re-entrant; Faust may scrub from several tasks.
        self._lock = threading.Lock()
        self._analyse = lru_cache(maxsize=64)(self._analyse_uncached)

    def tokens(self, text: str) -> tuple[tuple[str, str, int, int], ...]:
        """(form, tag, start, end) per morpheme."""
        return self._analyse(text)[0]

    def unknown(self, text: str) -> frozenset[int]:
        """Start offsets of the morphemes kiwi's dictionary does not know (OOV): unseen names
        ("홍정수") are, common nouns ("노트북", "정치인") are not."""
        return self._analyse(text)[1]

    def _analyse_uncached(self, text: str) -> tuple[tuple[tuple[str, str, int, int], ...], frozenset[int]]:
        with self._lock:
            found = self._kiwi.tokenize(text)
        return tuple((t.form, t.tag, t.start, t.start + t.len) for t in found), frozenset(
            t.start for t in found if t.oov
        )


# ---------------------------------------------------------------------------------------------
# Addresses
# ---------------------------------------------------------------------------------------------

_SIDO = (
    r"(?:서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충청북|충청남|충북|충남|전라북|전라남|전북"
    r"|전남|경상북|경상남|경북|경남|제주)(?:특별시|광역시|특별자치시|특별자치도|도|시)?"
)
_SIGUNGU = r"[가-힣]{1,6}(?:시|군|구)"
_ROAD = r"[가-힣0-9]{1,12}(?:로|길)(?:\s?\d{1,4}(?:번)?길)?\s?\d{1,5}(?:-\d{1,4})?"
_LOT = r"[가-힣0-9]{1,8}(?:동|리|가)\s?\d{1,5}(?:-\d{1,4})?(?:번지)?"
_UNIT = r"(?:,?\s?(?:[가-힣A-Za-z]{1,12}\s?)?(?:\d{1,4}동\s?)?\d{1,5}호|,?\s?\d{1,3}층)?"
_KOREAN_ADDRESS_PATTERNS = [
    # 서울특별시 강남구 테헤란로 123, 101동 1002호 / 경기도 성남시 분당구 정자동 178-1
    Pattern(
        "kr_address_full",
        rf"(?:{_SIDO}\s?)?(?:{_SIGUNGU}\s?){{1,2}}(?:{_ROAD}|{_LOT}){_UNIT}",
        0.75,
    ),
    # 부산광역시 해운대구 우동 (no building number: still narrows a person down to a block)
    Pattern("kr_address_area", rf"{_SIDO}\s?{_SIGUNGU}(?:\s?[가-힣0-9]{{1,8}}(?:동|읍|면))?", 0.5),
    # 테헤란로 123 alone: common enough in prose ("2번 출구로 3분") that it needs 주소-like context
    Pattern("kr_address_road_only", rf"(?<![가-힣]){_ROAD}{_UNIT}", 0.2),
]


class KoreanAddressRecognizer(PatternRecognizer):
    CONTEXT = ("주소", "거주", "살아", "살고", "배송지", "사는", "자택", "집", "위치", "address")

    def __init__(self, supported_language: str = "ko") -> None:
        super().__init__(
            supported_entity=LOCATION,
            patterns=_KOREAN_ADDRESS_PATTERNS,
            context=list(self.CONTEXT),
            supported_language=supported_language,
            name="KoreanAddressRecognizer",
            global_regex_flags=re.MULTILINE,
        )


# ---------------------------------------------------------------------------------------------
# Phones and bank accounts
# ---------------------------------------------------------------------------------------------


class KoreanPhoneRecognizer(PatternRecognizer):
    """Korean mobile and landline numbers, domestic and +82 forms.

    phonenumbers (presidio's PhoneRecognizer, region KR added by the scrubber) finds most of
    these too, but only with a region guess; these patterns are exact and cheap.
    """

    PATTERNS = (
        # 010-1234-5678, 010 1234 5678, 01012345678, +82 10-1234-5678, +82-010-1234-5678
        Pattern(
            "kr_mobile",
            r"(?<![\d+])(?:\+82[-.\s]?0?1[016789]|01[016789])[-.\s]?\d{3,4}[-.\s]?\d{4}(?!\d)",
            0.7,
        ),
        # 02-123-4567, (031) 123-4567, +82 2 123 4567, 070-1234-5678
        Pattern(
            "kr_landline",
            r"(?<![\d+])(?:\+82[-.\s]?0?(?:2|[3-6][1-5]|70)|\(?0(?:2|[3-6][1-5]|70)\)?)"
            r"[-.\s)]\s?\d{3,4}[-.\s]\d{4}(?!\d)",
            0.55,
        ),
    )
    CONTEXT = ("전화", "연락처", "휴대폰", "핸드폰", "휴대전화", "폰", "번호", "phone", "tel", "mobile")

    def __init__(self, supported_language: str = "ko") -> None:
        super().__init__(
            supported_entity=PHONE_NUMBER,
            patterns=list(self.PATTERNS),
            context=list(self.CONTEXT),
            supported_language=supported_language,
            name="KoreanPhoneRecognizer",
            global_regex_flags=0,
        )


class KoreanBankAccountRecognizer(PatternRecognizer):
    """Korean bank account numbers: dashed 3-4 group forms (국민 6-2-6, 신한 3-3-6, 우리 4-3-6,
    하나 3-6-5, 농협 3-4-4-2, 기업 3-6-2-3 ...) or 10-14 plain digits, only near banking words."""

    PATTERNS = (
        Pattern(
            "kr_account_dashed",
            r"(?<![\d-])\d{2,6}-\d{2,6}-\d{2,6}(?:-\d{1,3})?(?![\d-])",
            0.2,
        ),
        Pattern("kr_account_plain", r"(?<![\d-])\d{10,14}(?![\d-])", 0.05),
    )
    CONTEXT = (
        "계좌",
        "계좌번호",
        "입금",
        "송금",
        "이체",
        "은행",
        "국민",
        "신한",
        "우리",
        "하나",
        "농협",
        "기업",
        "카카오뱅크",
        "케이뱅크",
        "토스",
        "새마을",
        "우체국",
        "수협",
        "예금주",
        "account",
        "bank",
    )

    def __init__(self, supported_language: str = "ko") -> None:
        super().__init__(
            supported_entity=KR_BANK_ACCOUNT,
            patterns=list(self.PATTERNS),
            context=list(self.CONTEXT),
            supported_language=supported_language,
            name="KoreanBankAccountRecognizer",
            global_regex_flags=0,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        digits = pattern_text.replace("-", "")
        # Mobile numbers have their own recognizer; dates (2024-01-31) have too few digits.
        # None, not True: presidio raises a validated match to score 1.0, and the shape alone
        # proves nothing without a banking word nearby.
        if 10 <= len(digits) <= 14 and not re.match(r"01[016789]", digits):
            return None
        return False


def korean_id_recognizers(supported_language: str = "ko") -> list[EntityRecognizer]:
    """presidio's five Korean id recognizers, with the Korean context words users write."""
    return [
        KrRrnRecognizer(
            context=[*KrRrnRecognizer.CONTEXT, "주민등록번호", "주민번호", "주민"],
            supported_language=supported_language,
        ),
        KrFrnRecognizer(
            context=[*KrFrnRecognizer.CONTEXT, "외국인", "등록번호"],
            supported_language=supported_language,
        ),
        KrBrnRecognizer(context=[*KrBrnRecognizer.CONTEXT, "등록번호"], supported_language=supported_language),
        KrDriverLicenseRecognizer(
            context=[*KrDriverLicenseRecognizer.CONTEXT, "면허", "driver", "license", "licence"],
            supported_language=supported_language,
        ),
        KrPassportRecognizer(supported_language=supported_language),
    ]

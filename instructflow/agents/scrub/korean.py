"""Korean PII recognizers: names, addresses, phone numbers, bank accounts and national ids.

* National ids come from presidio's own Korean recognizers (resident registration, foreigner
  registration, business registration, driver licence, passport: all five exist in
  presidio-analyzer 2.2.366). Their context words are mostly English; Korean users write
  "주민번호", so Korean context words are added here.
* Names: kiwipiepy tags proper nouns (NNP) and splits particles, so "김철수님께" yields the token
  "김철수". A proper noun that starts with a Korean surname is a likely person; an honorific
  right after it (님, 씨, 고객, 선생님 ...) or a cue before it (이름, 성함, 예금주 ...) makes it
  near certain. Place names that kiwi also tags NNP (강남구, 이태원) are told apart by their
  administrative suffixes.
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
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
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


PERSON = "PERSON"
LOCATION = "LOCATION"
PHONE_NUMBER = "PHONE_NUMBER"
KR_BANK_ACCOUNT = "KR_BANK_ACCOUNT"

HANGUL_RE = re.compile(r"[가-힣]")

# Single-syllable surnames covering >99% of the population, plus the compound ones.
_SURNAMES_1 = _words(
    "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 "
    "손 배 백 허 남 심 노 하 곽 성 차 주 우 구 민 진 나 지 엄 변 채 원 방 천 공 "
    "현 함 염 여 추 도 소 석 선 설 마 길 연 위 표 명 기 반 라 왕 금 옥 육 인 맹 "
    "제 모 탁 국 어 은 편 용 예 경 봉 사 부 가 복 태 목 형 피 두 감 음 빈 동 온 "
    "호 범 좌 팽 승 간 상 갈 서 시 단 견 당 화 창 옹 순 빙 뇌 자 요"
)
_SURNAMES_2 = frozenset(["남궁", "제갈", "선우", "독고", "황보", "사공", "서문", "동방", "어금", "망절", "황목"])
# Titles and honorifics that follow a name: "김철수 고객님", "이영희 씨", "박 과장".
_HONORIFICS = _words(
    "님 씨 군 양 고객 고객님 선생 선생님 교수 교수님 박사 박사님 대리 과장 차장 부장 팀장 "
    "실장 사장 사장님 대표 대표님 회장 회장님 이사 기자 의원 원장 원장님 작가 변호사 환자 "
    "학생 선배 후배 님께 씨가 씨는 씨의 어머니 아버지 할머니 할아버지"
)
# Words that announce a name: "이름은 박지민", "예금주 홍길동", "담당자: 김민수".
_NAME_CUES = _words("이름 성함 성명 고객명 예금주 예금 담당자 수신자 수령인 받는분 보호자 작성자 신청인")
# A proper noun ending in an administrative or landmark suffix is a place, not a person.
_PLACE_ENDINGS = tuple(
    [
        "시",
        "도",
        "구",
        "군",
        "동",
        "읍",
        "면",
        "리",
        "로",
        "길",
        "역",
        "산",
        "강",
        "천",
        "섬",
        "항",
        "공항",
        "대학교",
        "병원",
        "은행",
    ]
)


# A sentence long enough to make kiwi load everything it loads lazily (a short one does not).
_WARM_UP = "파이썬에서 리스트와 튜플의 차이점을 예시와 함께 설명해 주세요. 김철수 씨는 서울특별시 강남구에 삽니다."


class KoreanMorphology:
    """One shared kiwi analyser; each text is tokenised once even when several recognizers ask."""

    def __init__(self) -> None:
        # The model ships in the kiwipiepy-model wheel: no download.
        self._kiwi = Kiwi(num_workers=-1)
        # kiwi's C++ core is not documented as re-entrant; Faust may scrub from several tasks.
        self._lock = threading.Lock()
        self.tokens = lru_cache(maxsize=64)(self._tokenize)
        # kiwi loads part of its model on the first analysis, in C++ holding the GIL for seconds: done
        # here, where the scrubber is built (before a worker's event loop starts), not in the first batch,
        # which froze the loop and its Kafka heartbeats ("Thread keepalive is not responding").
        self._kiwi.tokenize(_WARM_UP)

    def _tokenize(self, text: str) -> tuple[tuple[str, str, int, int], ...]:
        with self._lock:
            return tuple((t.form, t.tag, t.start, t.start + t.len) for t in self._kiwi.tokenize(text))


def _surname_split(name: str) -> bool:
    """True when ``name`` reads as surname + 1-2 syllable given name."""
    if 3 <= len(name) <= 4 and name[:2] in _SURNAMES_2:
        return True
    return 2 <= len(name) <= 4 and name[0] in _SURNAMES_1


class KoreanPersonRecognizer(EntityRecognizer):
    """PERSON in Korean text from kiwi proper nouns, surnames, honorifics and cue words."""

    def __init__(self, morphology: KoreanMorphology, supported_language: str = "ko") -> None:
        self._morph = morphology
        super().__init__(
            supported_entities=[PERSON],
            supported_language=supported_language,
            name="KoreanPersonRecognizer",
        )

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        if not HANGUL_RE.search(text):
            return []
        tokens = self._morph.tokens(text)
        results: list[RecognizerResult] = []
        for i, (form, tag, start, end) in enumerate(tokens):
            if tag not in ("NNP", "NNG") or not HANGUL_RE.fullmatch(form[0]):
                continue
            if not all("가" <= ch <= "힣" for ch in form):
                continue
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            # The honorific must follow closely: "김철수님", "김철수 님", "김철수 고객님".
            honorific = nxt is not None and nxt[2] - end <= 1 and nxt[0] in _HONORIFICS
            cue = any(t[0] in _NAME_CUES for t in tokens[max(0, i - 3) : i])
            # "홍길동" ends like a district (동) but a cue or honorific settles it; without one,
            # a proper noun with an administrative ending is taken for a place.
            surname = _surname_split(form) and (honorific or cue or not form.endswith(_PLACE_ENDINGS))
            if tag == "NNP" and surname and (honorific or cue):
                score = 0.9
            elif tag == "NNP" and (honorific or cue) and 2 <= len(form) <= 4:
                score = 0.6  # given name alone ("민수 씨") or a surname outside our list
            elif tag == "NNP" and surname and len(form) == 3:
                score = 0.5  # the classic three-syllable full name, no cue needed
            elif tag == "NNG" and surname and len(form) == 3 and honorific:
                score = 0.5  # kiwi sometimes tags unseen names as common nouns
            else:
                continue
            results.append(RecognizerResult(PERSON, start, end, score))
        return results


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

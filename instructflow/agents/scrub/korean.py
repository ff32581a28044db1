"""Korean PII recognizers: names and national ids.

* National ids come from presidio's own Korean recognizers (resident registration, foreigner
  registration, business registration, driver licence, passport: all five exist in
  presidio-analyzer 2.2.366). Their context words are mostly English; Korean users write
  "주민번호", so Korean context words are added here.
* Names: kiwipiepy tags proper nouns (NNP) and splits particles, so "김철수님께" yields the token
  "김철수". A proper noun that starts with a Korean surname is a likely person; an honorific
  right after it (님, 씨, 고객, 선생님 ...) or a cue before it (이름, 성함, 예금주 ...) makes it
  near certain. Place names that kiwi also tags NNP (강남구, 이태원) are told apart by their
  administrative suffixes.
* Addresses, phones and bank accounts live in addresses.py and identifiers.py.

Each text is tokenised by kiwi at most once (see :class:`KoreanMorphology`).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from kiwipiepy import Kiwi
from presidio_analyzer import EntityRecognizer, RecognizerResult
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

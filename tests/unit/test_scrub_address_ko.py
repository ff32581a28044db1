"""Korean addresses: where the match starts and ends.

Found on KMOU's 2016 NER sentences (github.com/kmounlp/NER, read for evaluation only): "또다시
발생한다면 1천만" was an address (또다시 in the city slot, 발생한다면 as a township with lot 1). The
cases below are written here.

Planted once each (2026-11-30), every one went red:
* ``KoreanAddressRecognizer.narrow`` removed: 또다시 and 친구/당시/역시 starts are taken;
* the 면 lookbehind in ``_LOT`` removed: "서울시 간다면 10 만원" is an address;
* no township before the village in ``_LOT``: 홍북면 신경리 123 is not found;
* ``_NUMBER``'s unit check after 번지: "123-4번지가" leaves 번지.
Session 24: without kr_address_keyed_flat the two "한신" flats leave their 동-호; with a digit allowed
to open the complex's name, "주소: 2023-2024 시즌" is an address.
"""

from __future__ import annotations

import pytest

from instructflow.agents.scrub.scrubber import Scrubber


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber(languages=("en", "ko"), score_threshold=0.4)


@pytest.mark.parametrize(
    "text",
    [
        "지하철을 세우는 일이 또다시 발생한다면 1천만 서울 시민들로부터 외면당할 것이다",
        "서울시 간다면 10 만원 정도 들어",
        "반드시 3번 출구로 나오세요",
        "주소: 2023-2024 시즌 일정",  # a span of years after the key, no complex named
    ],
)
def test_prose_is_no_address(scrubber: Scrubber, text: str) -> None:
    assert "LOCATION" not in scrubber.scrub(text).pii


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("우리 친구 분당구 정자동 178-1에 살아", "분당구 정자동 178-1"),
        ("당시 분당구 정자동 178-1에 살았다", "분당구 정자동 178-1"),
        ("역시 강남구 역삼동 123-4번지가 좋아", "강남구 역삼동 123-4번지"),
        ("본가는 충남 홍성군 홍북면 신경리 123이에요", "충남 홍성군 홍북면 신경리 123"),
        ("주소: 세종시 한누리대로 2130", "세종시 한누리대로 2130"),
        # a second bracket that names a place or a building is the address's; another one is not
        ("주소는 충청남도 논산시 가락거리 지하497 (건우오장읍) (양빌딩) 입니다",
         "충청남도 논산시 가락거리 지하497 (건우오장읍) (양빌딩)"),
        ("서울특별시 강남구 테헤란로 123 (역삼동) (사진) 참고", "서울특별시 강남구 테헤란로 123 (역삼동)"),
        # (session 24) after the address's key, a complex no brand list knows and its dashed 동-호
        ("이사 갈 집 주소: 한신 129-201", "한신 129-201"),
        ("주소는 한신 2차 101-1203이에요", "한신 2차 101-1203"),
    ],
)
def test_the_address_and_only_it_is_replaced(scrubber: Scrubber, text: str, address: str) -> None:
    out = scrubber.scrub(text).text
    before, after = text.split(address)
    assert out.startswith(before + "<LOCATION_") and out.endswith(">" + after), out

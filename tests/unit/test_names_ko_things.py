"""Spans that name a thing by their form (names_ko_things.py): counters after digits, sexagenary
years, school names, Hanja terms, words whose honorific is part of them. Each shape next to the
persons of the same shape that must still go.

Planted once each (2026-11-30), every one went red:
* ``_with_number`` always False: "5백명" and "2호선" give persons; without the Hangul check,
  "2NE1" is lost;
* ``_CYCLE_YEAR`` never matching: 정미년 gives a person;
* ``_SCHOOL`` with 중: 윤창중 (a full name) is lost;
* ``_hanja_term`` True for every Hanja span: 習近平 and 後藤健二 are lost; without the
  first-word exemption: 羅雄培 (with 民正) and 최영 (with 將軍) are lost;
* ``_word_with_honorific`` with 씨 as well as 님: 종수씨 and 정씨 are lost;
* ``_school`` with any known word for a stem: 리처드고(요) is lost;
* ``_in_language_list`` without the known-language check: 마이어 (a list of surnames) is lost;
  always False: 벵갈어 and 이보어 are persons.
"""

from __future__ import annotations

import pytest

from instructflow.agents.scrub.names_ko_things import names_a_thing
from instructflow.agents.scrub.scrubber import Scrubber
from tests.unit.test_names import assert_name_gone, scrubbed


def _span(text: str, value: str) -> tuple[int, int]:
    start = text.index(value)
    return start, start + len(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("한 해에 5백명이 넘게 지원했다", "백명"),
        ("지상 구간인 2호선의 역은 침수되지 않았다", "2호선"),
        ("을사년 겨울에 있었던 일이다", "을사년"),
        ("정미년 칠월의 일이었다", "정미"),
        ("성동고처럼 협조 요청을 받은 학교도 있다", "성동고"),
        ("순천여고 학생들이 상을 받았다", "순천여고"),
        ("국가를 輕忽視하는 태도", "輕忽視하"),
        ("사단은 理之發이라 하였다", "理之發"),
        ("그것은 超越的 존재이다", "超越的"),
        ("唯物論的 人生觀을 허용하지 않는다", "唯物論的 人生觀"),
        ("우 任用權者는 기간을 연장할 수 있다", "우 任用權者"),
        ("(아버님 전상서)를 공연한다", "아버"),
        ("장모님께 안부를 전해 주세요", "장모"),
        ("형님 오늘 시간 되세요?", "형"),
        ("영어, 힌두어, 벵갈어, 타밀어로 번역해줘", "벵갈어"),
        ("하우사어, 이보어, 요루바어를 쓰는 나라", "이보어"),
    ],
)
def test_things(text: str, value: str) -> None:
    assert names_a_thing(text, *_span(text, value))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2NE1이 새 앨범을 냈다", "2NE1"),
        ("007 시리즈의 새 영화", "007"),
        ("윤창중 대변인이 말했다", "윤창중"),
        ("이호중 씨가 왔다", "이호중"),
        ("習近平 주석이 방한했다", "習近平"),
        ("後藤健二 씨의 영상", "後藤健二"),
        ("盧泰愚 대통령", "盧泰愚"),
        ("▲ 羅雄培 民正 의원 = 韓國은", "羅雄培 民正"),
        ("누구 말이 최영 將軍의 영이 노해", "최영 將軍"),
        ("정씨가 말했다", "정"),
        ("친구 종수씨랑 여행 가요", "종수"),
        ("성함은 리처드고요, 예약 확인 부탁드려요", "리처드고"),
        ("김민지님께 전달해 주세요", "김민지"),
        ("정미가 어제 왔어", "정미"),
        ("마이어와 슈나이어 두 사람이 왔다", "마이어"),
        ("로버트 다우니 주니어와 영어 공부", "로버트 다우니 주니어"),
    ],
)
def test_persons_of_the_same_shapes(text: str, value: str) -> None:
    assert not names_a_thing(text, *_span(text, value))


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber(languages=("en", "ko"), score_threshold=0.4)


@pytest.mark.parametrize(
    "text",
    [
        "한 해에 5백명이 넘게 지원했다",
        "을사년 겨울에 있었던 일이다",
        "(아버님 전상서)를 공연한다",
        "성동고처럼 협조 요청을 받은 학교도 있다",
        "영어, 힌두어, 벵갈어, 타밀어로 번역해줘",
    ],
)
def test_the_scrubber_leaves_them(scrubber: Scrubber, text: str) -> None:
    assert "<PERSON_" not in scrubbed(scrubber, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [("윤창중 대변인이 말했다", "윤창중"), ("2NE1 멤버 산다라박이 왔다", "산다라박"), ("정미가 어제 왔어", "정미")],
)
def test_the_scrubber_still_takes_persons(scrubber: Scrubber, text: str, name: str) -> None:
    assert_name_gone(scrubbed(scrubber, text), name)

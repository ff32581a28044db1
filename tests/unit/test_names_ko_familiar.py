"""Korean given names in familiar forms (names_ko_familiar.py) and lone surnames/letters without a
title (names_ko.py). Sentences written for these tests, none from an evaluation set.

Planted once each (2026-11-30, s15-kon), each went red:
* FAMILIAR_MIN = AMBIGUOUS_MIN = BARE_MIN = 99 -> test_familiar_forms_are_names (every case) and
  test_familiar_names_through_the_recognizer;
* the "word ending in 이" check of _needed_likeness removed ->
  test_words_ending_in_i_are_no_names ("꽃종이를", "귀밝이를": mecab-ko-dic words kiwi cuts like a
  name; "고양이가", "길이가" stay out by kiwi's reading as well);
* ``known`` forced False in _needed_likeness -> test_ordinary_nouns_with_particles_are_no_names
  ("학생이랑", "사과가", "학생이 교실에");
* _name_then_particle always True -> test_verb_forms_are_no_names ("운동하기도", "사랑이라는");
* _lone_letter_without_title always False -> test_lone_letters_without_a_title_are_dropped and
  test_lone_surname_without_a_title_is_dropped;
* the title-similarity step (``title_like``) always False -> test_lone_surnames_with_a_title_stay
  ("송 순경이");
* _letter_class always False -> test_letter_and_syllable_is_a_kind ("A형과 B형");
* BEFORE_NOUN_MIN = 99 -> test_a_bare_name_before_a_noun; _name_before_noun always True ->
  test_a_noun_before_a_noun_is_no_name ("우리 가족", "태양 에너지": letters that look like a
  name, but a pronoun and a noun to kiwi and mecab-ko-dic).
"""

from __future__ import annotations

import pytest

from instructflow.agents.scrub.korean import KoreanMorphology
from instructflow.agents.scrub.names_ko import (
    KoreanNameRecognizer,
    _letter_class,
    _lone_letter_without_title,
)
from instructflow.agents.scrub.names_ko_familiar import familiar_names, given_name_likeness
from instructflow.agents.scrub.names_ko_words import NOT_GIVEN


@pytest.fixture(scope="module")
def morph() -> KoreanMorphology:
    return KoreanMorphology()


@pytest.fixture(scope="module")
def recognizer(morph: KoreanMorphology) -> KoreanNameRecognizer:
    return KoreanNameRecognizer(morph)


def _familiar(morph: KoreanMorphology, text: str) -> list[str]:
    return [text[s:e] for s, e in familiar_names(text, morph.tokens(text), morph.unknown(text), NOT_GIVEN)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("영빈이한테 메일 보내줘", "영빈"),  # 영/NNG 빈/NNG 이/XSN
        ("윤슬이한테 받은 메일 보여줘", "윤슬"),  # 윤/NNP 슬/MAG 이/XSN
        ("동석이한테 받은 메일 중 읽지 않은 거 있어?", "동석"),  # a known word, kiwi's 이/XSN
        ("채윤이꺼 파일 열어줘", "채윤"),
        ("기범이가 보낸 파일 찾아줘", "기범"),
        ("찬열이랑 놀았어", "찬열"),  # 이랑: an ordinary noun's particle too; the letters decide
        ("혜진아. 오늘 저녁 같이 먹자", "혜진"),  # the vocative
        ("서아가 보낸 파일 열어줘", "서아"),  # a vowel-final name and a bare particle
        ("지우한테 전화 왔었어", "지우"),
    ],
)
def test_familiar_forms_are_names(morph: KoreanMorphology, text: str, name: str) -> None:
    assert _familiar(morph, text) == [name]


WORDS_ENDING_IN_I = [
    "고양이가 밥을 안 먹어", "길이가 얼마나 되는지 재줘", "높이가 3미터인 벽", "종이를 반으로 접어", "아이가 열이 나요",
    "놀이랑 공부를 같이 하는 방법", "먹이를 얼마나 줘야 해?", "꽃종이를 뿌렸다", "귀밝이를 마셨다",
]  # fmt: skip


@pytest.mark.parametrize("text", WORDS_ENDING_IN_I)
def test_words_ending_in_i_are_no_names(morph: KoreanMorphology, text: str) -> None:
    assert _familiar(morph, text) == []


@pytest.mark.parametrize(
    "text",
    ["학생이 교실에 왔다", "학생이랑 선생님이 함께 갔다", "사과가 맛있다", "경기도는 넓다", "로마의 휴일"],
)
def test_ordinary_nouns_with_particles_are_no_names(morph: KoreanMorphology, text: str) -> None:
    assert _familiar(morph, text) == []


VERB_FORMS = ["운동하기도 힘들다", "지나가는 사람에게 물어봐", "비오는 날 듣기 좋은 노래", "사랑이라는 말", "뭐라도"]


@pytest.mark.parametrize("text", VERB_FORMS)
def test_verb_forms_are_no_names(morph: KoreanMorphology, text: str) -> None:
    assert _familiar(morph, text) == []


@pytest.mark.parametrize(("text", "name"), [("준서 메일 보여줘", "준서"), ("지혁 전화번호 알려줘", "지혁")])
def test_a_bare_name_before_a_noun(morph: KoreanMorphology, text: str, name: str) -> None:
    assert _familiar(morph, text) == [name]


@pytest.mark.parametrize("text", ["사과 주스 만들기", "우리 가족 사진", "태양 에너지 효율", "바다 사진 정리"])
def test_a_noun_before_a_noun_is_no_name(morph: KoreanMorphology, text: str) -> None:
    assert _familiar(morph, text) == []


def test_given_name_likeness_prefers_names(morph: KoreanMorphology) -> None:
    likeness = given_name_likeness()
    assert min(likeness.score(w) for w in ("지훈", "서연", "현우")) > max(likeness.score(w) for w in ("책상", "친구"))


@pytest.mark.parametrize(
    ("text", "name"),
    [("동석이한테 받은 메일 중 읽지 않은 거 있어?", "동석"), ("채윤이꺼 파일 열어줘", "채윤")],
)
def test_familiar_names_through_the_recognizer(recognizer: KoreanNameRecognizer, text: str, name: str) -> None:
    assert [text[s:e] for s, e in recognizer.spans(text)] == [name]


@pytest.mark.parametrize(
    ("text", "start"),
    [("그 사건은 남.", 6), ("버스가 주 교통수단이다", 4), ("그는 전 세계를 돌아다녔다", 3), ("기업 M&A 건수", 5)],
)
def test_lone_letters_without_a_title_are_dropped(text: str, start: int) -> None:
    assert _lone_letter_without_title(text, start, start + 1)


LISTED_TITLES = ["박 경사는 현장에", "김씨가 문을 열었다", "A(35)씨는 붙잡혔다", "김 모 씨는", "신 총괄회장은"]


@pytest.mark.parametrize("text", LISTED_TITLES)
def test_lone_letters_with_a_listed_title_stay(text: str) -> None:
    assert not _lone_letter_without_title(text, 0, 1)


@pytest.mark.parametrize("text", ["송 순경이 출동했다", "홍 경정은 수사를 지휘했다", "김 모 씨는 혐의를 부인했다"])
def test_lone_surnames_with_a_title_stay(recognizer: KoreanNameRecognizer, text: str) -> None:
    # "순경", "경정" are in no title list: kiwi's embeddings put them near the title prototypes
    assert [s for s, _ in recognizer.spans(text)][:1] == [0]


def test_lone_surname_without_a_title_is_dropped(recognizer: KoreanNameRecognizer) -> None:
    assert recognizer.spans("그 사건은 남.") == []


def test_letter_and_syllable_is_a_kind(recognizer: KoreanNameRecognizer) -> None:
    assert _letter_class("A형") and _letter_class("B사") and not _letter_class("A씨") and not _letter_class("K양")
    assert recognizer.spans("이번 시험은 A형과 B형으로 나뉜다") == []

"""The Korean name span judge (names_ko_spans.py): its logistic regression, the shipped file, and
what it decides on real sentences through the name recognizer.

Planted once (2026-11-30): with the shipped judge's threshold set to 0.0 in names_ko_spans.json
(every CRF span kept), test_places_and_firms_the_crf_proposes_are_dropped failed on the "양키스"
sentence (and the threshold check of test_shipped_judge_loads_its_prototypes).
"""

from __future__ import annotations

import json
import math

import pytest

from instructflow.agents.scrub.korean import KoreanMorphology
from instructflow.agents.scrub.names_ko import KoreanNameRecognizer
from instructflow.agents.scrub.names_ko_spans import (
    FEATURES,
    KoreanEntities,
    KoreanLexicon,
    NameLikeness,
    SpanJudge,
    anchor_vector,
    fit_logistic,
    fold_standardisation,
    ko_entities,
    ko_lexicon,
    load_judge,
)


def test_fit_logistic_separates_and_standardises() -> None:
    # one informative column, one constant: the weight goes to the first, the second gets ~0
    rows = [[x / 10, 1.0] for x in range(20)]
    labels = [int(x >= 10) for x in range(20)]
    mean, scale, weights, bias = fit_logistic(rows, labels)
    assert mean[0] == pytest.approx(0.95) and scale[0] > 0
    assert weights[0] > 1.0 and abs(weights[1]) < 1e-6

    def probability(x: list[float]) -> float:
        z = bias + sum(w * (v - m) / s for v, m, s, w in zip(x, mean, scale, weights, strict=True))
        return 1 / (1 + math.exp(-z))

    assert probability([1.9, 1.0]) > 0.9 > 0.1 > probability([0.0, 1.0])


def test_probability_uses_every_feature_by_name() -> None:
    n = len(FEATURES)
    judge = SpanJudge((0.0,) * n, (1.0,) * n, (0.0,) * (n - 1) + (2.0,), 0.0, 0.5, {})
    features = dict.fromkeys(FEATURES, 0.0)
    assert judge.probability(features) == pytest.approx(0.5)
    features[FEATURES[-1]] = 1.0
    assert judge.probability(features) == pytest.approx(1 / (1 + math.exp(-2.0)))


@pytest.fixture(scope="module")
def morph() -> KoreanMorphology:
    return KoreanMorphology()


def test_shipped_judge_loads_its_prototypes(morph: KoreanMorphology) -> None:
    judge = load_judge(morph)
    assert 0.0 < judge.threshold < 1.0
    assert len(judge.weights) == len(FEATURES)
    # the prototypes are KLUE training mentions kiwi knows: hundreds of persons, places, firms
    assert all(len(judge.prototypes[kind]) > 100 for kind in ("PS", "LC", "OG"))
    # one weight per common proper noun and per frequent common noun of this kiwi, most of them used
    assert len(judge.anchor_weights) == len(morph.anchor_forms()) + len(morph.noun_anchor_forms()) > 1000
    assert sum(w != 0.0 for w in judge.anchor_weights) > 1000


def test_folded_standardisation_gives_the_same_score() -> None:
    mean, scale, weights = (0.5, 2.0, 1.0), (0.25, 1.0, 1e-12), (1.0, -2.0, 5.0)
    raw, shift = fold_standardisation(mean, scale, weights)
    x = (1.0, 3.0, 1.0)
    standardised = sum(w * (v - m) / s for v, m, s, w in zip(x[:2], mean, scale, weights, strict=False))
    assert sum(r * v for r, v in zip(raw, x, strict=True)) + shift == pytest.approx(standardised)
    assert raw[2] == 0.0  # a column constant in training carries no weight, however tiny its scale


def test_name_likeness_prefers_names_to_words() -> None:
    likeness = NameLikeness.from_words(["김민수", "이민호", "박수진"], ["가드레일", "사육사", "시청률"])
    assert likeness.score("김민호") > 0 > likeness.score("가드레일")
    assert likeness.score("김 민호") == likeness.score("김민호")  # spaces inside a span do not count


def test_shipped_name_likeness(morph: KoreanMorphology) -> None:
    likeness = load_judge(morph).likeness
    assert likeness.score("홍정수") > 0 > likeness.score("휴양림")


def test_a_judge_without_anchor_weights_ignores_the_vector() -> None:
    n = len(FEATURES)
    judge = SpanJudge((0.0,) * n, (1.0,) * n, (0.0,) * n, 0.0, 0.5, {})
    assert judge.probability(dict.fromkeys(FEATURES, 0.0), (1.0, 2.0)) == pytest.approx(0.5)


def test_anchor_vector_is_zero_for_an_unknown_span(morph: KoreanMorphology) -> None:
    text = "홍정수 씨가 왔다."  # an unseen name: kiwi knows no noun in it
    assert set(anchor_vector(morph, text, 0, 3)) == {0.0}
    text = "캘리포니아의 인기가 늘었다."
    assert len(set(anchor_vector(morph, text, 0, 5))) > 100


def test_a_judge_trained_on_other_features_is_refused(morph: KoreanMorphology, tmp_path) -> None:
    path = tmp_path / "judge.json"
    path.write_text(json.dumps({"features": ["mx"], "prototypes": {}}), encoding="utf-8")
    with pytest.raises(ValueError, match="trained on features"):
        load_judge(morph, str(path))


@pytest.fixture(scope="module")
def recognizer(morph: KoreanMorphology) -> KoreanNameRecognizer:
    return KoreanNameRecognizer(morph)


# News sentences modelled on KLUE training-half ones (never the held-out half): places and a team in the positions
# where the CRF alone proposed them as names.
@pytest.mark.parametrize(
    "text",
    [
        "메르스 환자가 발생한 순창군 순창읍 장덕리에서 일을 했다고 주장했다.",
        "양키스는 이날 2-5로 패했지만 와일드카드 경쟁에서 앞서 있다.",
        "후난성 창사시의 5개 구에서 폭우 피해가 이어졌다.",
    ],
)
def test_places_and_firms_the_crf_proposes_are_dropped(recognizer: KoreanNameRecognizer, text: str) -> None:
    assert recognizer.spans(text) == []


# Brands and places the shipped CRF proposes and the scalar features alone keep; the anchor vector
# (where the word sits among kiwi's common proper nouns) drops them. Planted once (2026-11-30): the
# shipped judge with every anchor weight 0.0 kept all four.
@pytest.mark.parametrize(
    "text",
    [
        "도요타의 인기가 최근 크게 늘었다.",
        "지난해 도요타는 큰 변화를 겪었다.",
        "알래스카의 인기가 최근 크게 늘었다.",
        "캘리포니아의 인기가 최근 크게 늘었다.",
    ],
)
def test_brands_and_places_are_dropped_by_the_anchor_vector(recognizer: KoreanNameRecognizer, text: str) -> None:
    assert recognizer.spans(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("홍정수(45) 씨가 현장에서 체포됐다.", "홍정수"),
        ("부시 대통령은 기자회견에서 이렇게 말했다.", "부시"),
        ("성함은 박민지입니다", "박민지"),
        # chat: unseen given names with the familiar 이 (kiwi cuts 석완 into 석/MM + 완/NNG)
        ("경재가 보낸 메일 찾아줘", "경재"),
        ("석완이가 보낸 메일은 답장하지 마", "석완"),
        ("우현이한테 포워딩해줘", "우현"),
        ("김민수 대리님께 전달해줘", "김민수"),
    ],
)
def test_persons_are_kept(recognizer: KoreanNameRecognizer, text: str, name: str) -> None:
    assert [text[s:e] for s, e in recognizer.spans(text)] == [name]


def test_lexicon_classes_of_the_shipped_file() -> None:
    lexicon = ko_lexicon()
    assert lexicon.classes("라자냐") == KoreanLexicon.OTHER  # a dish: another noun, no name
    assert lexicon.classes("조수미") & KoreanLexicon.PERSON
    assert lexicon.classes("서울") & KoreanLexicon.PLACE
    assert lexicon.classes("석완") == 0  # an unseen given name is simply not listed


def test_lexicon_lookup_is_exact() -> None:
    lexicon = KoreanLexicon(["가나\to", "다라\tlp", ""])
    assert lexicon.classes("가나") == KoreanLexicon.OTHER
    assert lexicon.classes("다라") == KoreanLexicon.PERSON | KoreanLexicon.PLACE
    assert lexicon.classes("가") == lexicon.classes("가나다") == 0


def test_main_noun_ignores_one_letter_pieces_and_words_without_embedding(morph: KoreanMorphology) -> None:
    # kiwi cuts "석완" into 석/MM + 완/NNG ("completion"): 완's neighbours say nothing about a name
    text = "석완이 메일은 답장하지 말아줘"
    assert [t[:2] for t in morph.tokens(text)[:2]] == [("석", "MM"), ("완", "NNG")]
    assert set(anchor_vector(morph, text, 0, 2)) == {0.0}
    # a dictionary word kiwi has no embedding for reads as unknown, not as "-1.0 to every anchor"
    text = "아웃룩 최신 버전에 추가된 기능이 뭐야?"
    assert set(anchor_vector(morph, text, 0, 3)) == {0.0}


# Chat requests that name a dish, an appliance, a service or a role: things the CRF proposes as
# names (kiwi tags them NNP or splits 손/님). Planted once (2026-11-30): mecab-ko-dic's classes read
# as 0 in span_features, or lx_other alone always 0.0, kept 부리토 and 마키아토; ROLE_NOUNS emptied
# kept 손 and 회원. main's judge (before branch s12-chatfp) kept 라자냐, 부리토, 티라미수, 마키아토,
# 블루투스, 손 and 회원.
@pytest.mark.parametrize(
    "text",
    [
        "라자냐 만드는 법 알려줘",
        "부리토 맛집 추천해줘",
        "티라미수 레시피 알려줘",
        "마키아토 한 잔 주세요",
        "블루투스 스피커 추천해줘",
        "손님 에어컨 바람 이단계로 설정해드릴까요?",
        "회원님의 한달 비용이 얼마인가요?",
    ],
)
def test_things_and_roles_in_chat_are_no_persons(recognizer: KoreanNameRecognizer, text: str) -> None:
    assert recognizer.spans(text) == []



def test_entity_counts_of_the_shipped_file() -> None:
    entities = ko_entities()  # KLUE-NER's train split, from konec's counts (build_ko_entities.py)
    assert entities.counts("터미네이터") == (0, 9)  # a film there, every time
    person, other = entities.counts("해리포터")  # a work and its character share the name
    assert other > 0 and person == 0
    assert entities.counts("이명박")[0] > 0 and entities.counts("이명박")[1] == 0
    assert entities.counts("석완") == (0, 0)  # an unseen given name is simply not listed


def test_entity_lookup_ignores_spaces_and_finds_the_longest_form_holding_a_span() -> None:
    entities = KoreanEntities(["퉁이 라이온스\t0\t2", "라이온스\t1\t1", "이 라이온스\t5\t0", ""])
    assert entities.counts("퉁이라이온스") == entities.counts("퉁이 라이온스") == (0, 2)
    assert entities.counts("라이온스") == (1, 1)  # the span's own form, not a longer one
    text = "퉁이 라이온스 경기"
    assert entities.holding(text, 3, 7) == (0, 2)  # the longest form around it, "퉁이 라이온스"
    assert entities.holding(text, 0, 7) == (0, 0)  # nothing longer holds the whole form
    assert entities.holding("라이온스", 0, 4) == (0, 0)


# KLUE's train split (not the dev sentences the judge learns from and is measured on) names the
# span a person / a firm or party every time. Planted once (2026-12-01): with
# KoreanEntities.counts and .holding returning (0, 0), 이명박 was dropped (judge 0.505 < 0.55)
# and 포스코 and 노동당 kept (0.653, 0.896).
def test_a_person_of_klue_train_is_kept(recognizer: KoreanNameRecognizer) -> None:
    text = "이명박 관련 기사를 요약해줘"
    assert [text[s:e] for s, e in recognizer.spans(text)] == ["이명박"]


@pytest.mark.parametrize("text", ["포스코 관련 기사를 요약해줘", "노동당 관련 기사를 요약해줘"])
def test_a_firm_or_party_of_klue_train_is_no_person(recognizer: KoreanNameRecognizer, text: str) -> None:
    assert recognizer.spans(text) == []

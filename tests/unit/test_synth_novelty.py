"""ROUGE-L novelty: exact LCS, a tokenizer that keeps Korean, and an index that agrees with brute force."""

from __future__ import annotations

import random

import pytest

from instructflow.agents.synthesize.novelty import NoveltyIndex, lcs_length, rouge_l, tokenize


def lcs_dp(a: list[str], b: list[str]) -> int:
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            d[i + 1][j + 1] = d[i][j] + 1 if x == y else max(d[i][j + 1], d[i + 1][j])
    return d[-1][-1]


def test_lcs_matches_dynamic_programming():
    rng = random.Random(3)
    for _ in range(1500):
        a = [rng.choice("abcde") for _ in range(rng.randint(0, 40))]
        b = [rng.choice("abcdef") for _ in range(rng.randint(0, 40))]
        assert lcs_length(a, b) == lcs_dp(a, b)


def test_rouge_l_is_the_f_measure_of_lcs():
    a, b = tokenize("the cat sat on the mat"), tokenize("the cat on a mat sat")
    # LCS "the cat on mat" = 4; P = R = 4/6.
    assert rouge_l(a, b) == pytest.approx(4 / 6)
    assert rouge_l(a, a) == 1.0
    assert rouge_l(a, []) == 0.0


def test_korean_is_not_dropped():
    # rouge_score's tokenizer drops Hangul: both would be empty and compare as equal. Here they differ.
    a = tokenize("전세와 월세의 차이를 설명해 주세요.")
    b = tokenize("야간 근무 후 잠을 잘 자는 방법을 알려주세요.")
    assert a and b
    assert rouge_l(a, b) < 0.5
    assert tokenize("AI를 활용하세요") == ["ai", "를", "활", "용", "하", "세", "요"]
    near = tokenize("전세와 월세의 차이를 쉽게 설명해 주세요.")
    assert rouge_l(a, near) >= 0.7


def _sentences(rng: random.Random, n: int) -> list[str]:
    words = ["how", "to", "explain", "the", "a", "budget", "plan", "write", "list", "three", "ways", "for",
             "students", "tips", "sleep", "cook", "travel", "why"]
    korean = ["전세", "월세", "차이", "설명", "방법", "알려", "주세요", "여행", "계획", "공부"]
    out = []
    for _ in range(n):
        vocab = korean if rng.random() < 0.3 else words
        out.append(" ".join(rng.choice(vocab) for _ in range(rng.randint(3, 12))))
    return out


def test_index_agrees_with_brute_force():
    rng = random.Random(11)
    pool = _sentences(rng, 400)
    index = NoveltyIndex(threshold=0.7)
    for i, text in enumerate(pool):
        index.add(f"p{i}", text)
    queries = [*_sentences(rng, 200), pool[5], pool[77] + " again"]
    tok_pool = [tokenize(t) for t in pool]
    for q in queries:
        scores = [rouge_l(tokenize(q), t) for t in tok_pool]
        best = max(scores)
        got = index.nearest(q)
        assert got.novel(0.7) == (best < 0.7), q
        if best >= 0.7:
            assert scores[int(got.nearest_id[1:])] >= 0.7
        else:
            assert got.score <= best + 1e-12


def test_index_ignores_a_known_id():
    index = NoveltyIndex()
    assert index.add("a", "write three tips for sleeping well")
    assert not index.add("a", "something else entirely here")
    assert len(index) == 1 and "a" in index
    assert index.nearest("write three tips for sleeping well").score == 1.0

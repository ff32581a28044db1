"""The word flags of LatinNameRecognizer only skip work: with them (the default) it finds exactly
what it finds when it tries _korean and _match at every word (``exhaustive=True``), on word salad
built from every kind of word the recognizer reacts to, on hand-picked cases for each flag, and
(realdata) on presidio's corpus, the clean set and the load generator's prompts.

Planted once each (2026-11-30), and restored: "tell" dropped from _INTRO_ENDS failed the word
salad and "please tell Cook the plan"; _match_may_start ignoring the middle initial failed "willow
j cook wrote it"; the Korean given-name flag testing the first letter's case instead of the whole
word's failed the word salad and "imBan won the game" (mixed case: a Korean name).
Session 22: without the spaced-syllables start in _korean_may_start, the word salad, "MOON SUNG MI 고객님"
and "kim min jun sent it" failed.
"""

from __future__ import annotations

import random

import pytest

from instructflow.agents.scrub import names_en_lists
from instructflow.agents.scrub.names_en import LatinNameRecognizer


@pytest.fixture(scope="module")
def recognizers() -> tuple[LatinNameRecognizer, LatinNameRecognizer]:
    return LatinNameRecognizer(), LatinNameRecognizer(exhaustive=True)


def findings(recognizer: LatinNameRecognizer, text: str) -> list[tuple[int, int, float]]:
    return sorted((r.start, r.end, round(r.score, 4)) for r in recognizer.analyze(text, ["PERSON"]))


def assert_same(recognizers: tuple[LatinNameRecognizer, LatinNameRecognizer], texts: list[str]) -> int:
    """Same findings with and without the flags; returns how many findings (a test of nothing
    found proves nothing)."""
    fast, reference = recognizers
    total = 0
    for text in texts:
        expected = findings(reference, text)
        assert findings(fast, text) == expected, text
        total += len(expected)
    return total


_WORDS = (
    "my name is|my name's|i'm|im|I am|call me|name:|dear|hi|Tell|tell|said|named|this is|thanks|regards|Mr.|mr|dr|"
    "Dr.|Prof|van|de|del|da|San Francisco|Texas|Florence|from|in|at|to|the|a|an|works|olive|willow|hazel|Explain|me|"
    "and|with|A.|j|B|Jr|PhD|River|Street|Inc|,|.|:|\n| - |-|'s|’s|&|2|123|said to|Author:|lobster|Python|True|so|go"
).split("|")


def word_salad(n: int, seed: int) -> list[str]:
    """Given names, surnames, romanized Korean, titles, introductions, particles, places and
    punctuation in random order, case and spacing (mixed case too: "imBan won" is a Korean name)."""
    rng = random.Random(seed)
    first = sorted(names_en_lists.frequent_first())[:300] + sorted(names_en_lists.gazetteer()[0])[::400]
    last = sorted(names_en_lists.gazetteer()[1])[::300] + sorted(names_en_lists.name_gazetteer_raw_last())[::500]
    korean = sorted(names_en_lists.ROMAN_SURNAMES) + "yu na ji min seo yeon yu-na min-seok hye jin soo young".split()
    texts = []
    for _ in range(n):
        text = "Nicole: " if rng.random() < 0.1 else ""
        for _ in range(rng.randint(1, 14)):
            word = rng.choice(rng.choice([first, last, korean, _WORDS, _WORDS]))
            case = rng.random()
            word = word.lower() if case < 0.3 else word.upper() if case < 0.38 else word.title() if case < 0.5 else word
            if rng.random() < 0.05:
                word = "".join(ch.swapcase() if rng.random() < 0.3 else ch for ch in word)
            if rng.random() < 0.08:
                word += rng.choice([".", ",", ":", "'s", "-"])
            text += rng.choice([" ", " ", " ", "", "  ", "\t", "\n", ". ", ", "]) + word
        texts.append(text.strip())
    return texts


def test_word_salad(recognizers: tuple[LatinNameRecognizer, LatinNameRecognizer]) -> None:
    assert assert_same(recognizers, word_salad(3000, seed=2026)) > 3000


@pytest.mark.parametrize(
    "text",
    [
        "Explain how the willow anchor works, and give one example please?",  # no name: the flags say so
        "Explain how the olive works, and give one example please?",  # frequent given name + surname
        "tell hazel kim about it",
        "my name's lena",
        "call me hazel",
        "hi im willow",
        "dr lee said so",
        "hazel j willow wrote it",
        "willow j cook wrote it",  # the middle initial is all that makes it a name
        "faina d yefremova wrote it",
        "please tell Cook the plan",  # a surname that is a dictionary word, after an introduction
        "Tell Yoon Jun-seo the plan",
        "park ji yeon and yuna kang met",
        "imBan won the game",
        "Maika van de Noort and Kónya, Becker and Vasquez",
        "Faina D. Yefremova met Einojuhani Pyysalo in Texas",
        "JOHN SMITH AND MARY",
        "Dear Gerth,\nthanks. Regards, Ottosen",
        "Ubul: What a wife.\nNicole: Remember the milk",
        "MOON SUNG MI 고객님",  # a spaced given name of English words (_spaced_given_name)
        "kim min jun sent it",
    ],
)
def test_each_flag_case(recognizers: tuple[LatinNameRecognizer, LatinNameRecognizer], text: str) -> None:
    assert_same(recognizers, [text])


@pytest.mark.realdata
def test_real_texts(recognizers: tuple[LatinNameRecognizer, LatinNameRecognizer], shared_data: object) -> None:
    from bench.loadgen import generated_batch
    from instructflow.evaluation.pii_sets import clean_set, presidio_set

    presidio = [s.text for s in presidio_set()]
    texts = (
        presidio
        + [t.lower() for t in presidio[:500]]
        + [s.text for s in clean_set() if s.lang == "en"]
        + [p.messages[0].content for p in generated_batch(1500, 150, 150).prompts]
    )
    assert assert_same(recognizers, texts) > 1000

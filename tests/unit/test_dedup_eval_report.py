"""The dedup evaluation's report (evaluation/dedup.py): counts per source and the wrongly
decided pairs, on a scripted decide (pure logic: no index, no data files)."""

from __future__ import annotations

from instructflow.evaluation import dedup as dedup_eval
from instructflow.schemas import Instance


def _scripted(links: dict[str, str]):  # type: ignore[no-untyped-def]
    """A decide that rejects a text as a near duplicate of the instance that carried
    ``links[text]`` (when that one came first), and accepts everything else."""
    seen: dict[str, str] = {}

    def decide(inst: Instance) -> Instance:
        text = inst.text()
        seen[text] = inst.instance_id
        target = seen.get(links.get(text, ""), "")
        return inst.reject("duplicate_near", target) if target else inst

    return decide


def test_report_counts_by_source_and_keeps_the_wrong_pairs() -> None:
    # Planted: the found_by_source increment dropped -> the ko_chatbot count 0/2: red; the
    # false pair not appended -> false_pairs empty: red.
    found = dedup_eval.Pair("a one", "a two", True, "one_word", "short", "ko_chatbot")
    missed = dedup_eval.Pair("b one", "b two", True, "typo2", "short", "ko_chatbot")
    kept_apart = dedup_eval.Pair("c one", "c two", False, "nearest", "short", "ko_chatbot")
    false_dup = dedup_eval.Pair("d one", "d two", False, "sts_low", "short", "ko_korsts")
    links = {"a one": "a two", "a two": "a one", "d one": "d two", "d two": "d one"}
    r = dedup_eval.evaluate(_scripted(links), [found, missed, kept_apart, false_dup])
    assert (r.found_by_source["ko_chatbot", "short"], r.planted_by_source["ko_chatbot", "short"]) == (1, 2)
    assert r.missed == [missed]
    assert r.false_pairs == [false_dup]
    assert (r.false_dup_by_source["ko_korsts"], r.non_dup_by_source["ko_korsts"]) == (1, 1)
    assert (r.false_dup_by_source["ko_chatbot"], r.non_dup_by_source["ko_chatbot"]) == (0, 1)
    assert r.recall() == 0.5 and r.false_duplicate_rate() == 0.5

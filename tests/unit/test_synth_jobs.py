"""The job book: rounds done from topic records and from pool rows, the next round, the cap."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from instructflow.agents.synthesize.jobs import JobBook, demo_job_id
from instructflow.schemas import SynthJob, SynthRound


def rnd(job: str, n: int, candidates: int = 3, rejects: int = 5, tokens: int = 100) -> SynthRound:
    return SynthRound(job_id=job, round=n, candidates=candidates, rejects=rejects, prompt_tokens=tokens,
                      completion_tokens=tokens // 2, cost_usd=0.001)


def test_rounds_done_are_skipped_and_a_lost_round_is_redone_under_its_number():
    book = JobBook()
    book.on_round(rnd("j", 2))  # a record read before its job's request: kept for it
    book.on_job(SynthJob(job_id="j", max_candidates=10))
    book.on_round(rnd("j", 1))
    p = book.jobs["j"]
    assert p.candidates == 6 and p.prompt_tokens == 200 and p.state == "running"
    assert p.next_round(set()) == 3 and p.next_round({3}) == 4
    book.jobs["j"].rounds.pop(1)
    assert p.next_round({3}) == 1  # lost in a crash before its record: redone, numbers stay dense


def test_a_topic_record_wins_over_the_pools_view_of_a_round():
    book = JobBook()
    book.on_job(SynthJob(job_id="j", max_candidates=10))
    book.on_round(rnd("j", 1, candidates=4))
    book.on_round(rnd("j", 1, candidates=2), from_pool=True)  # some of its candidates still in flight
    assert book.jobs["j"].candidates == 4
    book.on_round(rnd("j", 2, candidates=1), from_pool=True)  # only the pool knows it (broker restarted)
    book.on_round(rnd("j", 2, candidates=3))
    assert book.jobs["j"].candidates == 7


def test_cap_finishes_a_job_and_throttles_rounds_near_it():
    book = JobBook()
    book.on_job(SynthJob(job_id="j", max_candidates=10))
    p = book.jobs["j"]
    assert p.may_start(0, 16) and p.may_start(0, 16)
    assert not p.may_start(1, 16)  # one round may already bring 16
    book.on_round(rnd("j", 1, candidates=2))
    assert p.may_start(3, 16) and not p.may_start(4, 16)  # 2 so far per round: 2 + 4 x 2 reaches 10
    book.on_round(rnd("j", 2, candidates=8))
    assert p.finished and not p.may_start(0, 16) and book.next_job() is None


def test_jobs_run_in_the_order_asked_and_no_cap_never_finishes():
    book = JobBook()
    book.on_job(SynthJob(job_id="late", max_candidates=1, requested_at=datetime(2030, 1, 1, tzinfo=UTC)))
    book.on_job(SynthJob(job_id="early", max_candidates=0, requested_at=datetime(2020, 1, 1, tzinfo=UTC)))
    book.on_round(rnd("early", 1, candidates=500))
    assert book.next_job().job.job_id == "early" and not book.jobs["early"].finished


def test_demo_job_id_is_stable(tmp_path: Path):
    seeds = tmp_path / "s.jsonl"
    seeds.write_text('{"id": "a", "instruction": "Say hi to the user politely."}\n')
    assert demo_job_id(seeds, 200, "m") == demo_job_id(seeds, 200, "m") != demo_job_id(seeds, 100, "m")

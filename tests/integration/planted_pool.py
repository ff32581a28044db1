"""A small pool with known contents, for the dashboard views, export and browser tests.

Every expectation in those tests is computed from :func:`planted_instances`, never typed in.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from instructflow.app.lag import LAG_COLUMNS
from instructflow.schemas import Instance, Lineage, Message, Source, Status
from instructflow.sinks.pool import Pool

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _iid(n: int) -> str:
    return f"{n:032x}"


def planted_instances() -> list[Instance]:
    out: list[Instance] = []
    n = 0

    def add(**kw: object) -> None:
        nonlocal n
        n += 1
        out.append(Instance(instance_id=_iid(n * 7919), created_at=T0 + timedelta(minutes=n % 5), **kw))

    # Stage 1: task instances, 12 accepted (two templates, en/ko), 3 rejected as low quality.
    for i in range(12):
        add(source=Source.task, stage=1, lang="ko" if i % 4 == 0 else "en", status=Status.accepted,
            instruction=f"Answer the question about passage {i}.", input=f"Passage {i}: the sky is blue.",
            output=f"Blue, says passage {i}.", scores={"quality": 0.5 + i * 0.04},
            lineage=Lineage(dataset="squad", template_id=f"squad_t{i % 2}"))
    for i in range(3):
        add(source=Source.task, stage=1, lang="en", status=Status.rejected, reject_reason="low_quality",
            instruction=f"x{i}", output="y", scores={"quality": 0.1})
    # Stage 2: chat. 6 annotated (answers), 3 still waiting for an annotator, 2 exact + 1 near duplicates.
    for i in range(6):
        turns = [Message(role="user", content=f"How do I reset password number {i}?")]
        if i % 3 == 0:  # multi-turn: an earlier exchange, then the question answered by the annotator
            turns = [Message(role="user", content=f"Hi, account {i} here."),
                     Message(role="assistant", content="Hello! How can I help?"), *turns]
        add(source=Source.chat, stage=2, lang="en", status=Status.accepted, messages=turns,
            output=f"Open settings and choose reset ({i}).", scores={"quality": 0.7},
            pii={"PERSON": 1 + i % 2, "PHONE_NUMBER": 1} if i < 4 else {},
            lineage=Lineage(annotator_id=f"ann{i % 2}"))
    for i in range(3):
        add(source=Source.chat, stage=2, lang="ko", status=Status.accepted,
            messages=[Message(role="user", content=f"요금제 {i} 변경 방법을 알려주세요.")], scores={"quality": 0.6},
            pii={"KR_RRN": 1})
    for i, reason in enumerate(["duplicate_exact", "duplicate_exact", "duplicate_near"]):
        add(source=Source.chat, stage=2, lang="en", status=Status.rejected, reject_reason=reason,
            duplicate_of=_iid(7919 * 16), messages=[Message(role="user", content=f"dup {i}")],
            scores={"quality": 0.65})
    # Stage 3: synthetic, 8 accepted and 2 rejected, two models, with token spend.
    for i in range(10):
        accepted = i < 8
        add(source=Source.synthetic, stage=3, lang="en", status=Status.accepted if accepted else Status.rejected,
            reject_reason="" if accepted else "duplicate_near",
            instruction=f"Write a haiku about topic {i}.", output=f"Haiku {i}\nline two\nline three",
            scores={"quality": 0.8 if accepted else 0.4},
            lineage=Lineage(model="m-small" if i % 2 else "m-large", generation_round=1 + i // 5,
                            prompt_tokens=100, completion_tokens=50, cost_usd=0.001 * (1 + i % 2)))
    return out


LAG_SAMPLES = [
    # (minute, agent, topic, end, committed): the later sample of each pair wins.
    (0, "scrub", "prompts.raw", 100, 40),
    (1, "scrub", "prompts.raw", 120, 110),
    (0, "dedup", "instances.scored", 50, 50),
    (1, "dedup", "instances.scored", 80, 55),
]


def plant(dsn: str, database: str) -> list[Instance]:
    """Write the planted pool (and lag samples) at ``dsn`` and close it again."""
    pool = Pool(dsn, database)
    try:
        pool.migrate()
        instances = planted_instances()
        pool.insert(instances)
        pool.insert(instances[:5])  # at-least-once copies: FINAL must count them once
        now = datetime.now(UTC)  # agent_lag keeps a week of samples (TTL): plant recent ones
        rows = [[now - timedelta(minutes=5 - m), "g", agent, topic, end, done, end - done]
                for m, agent, topic, end, done in LAG_SAMPLES]
        with pool._lock:
            pool.client.insert(f"{database}.agent_lag", rows, column_names=list(LAG_COLUMNS))
    finally:
        pool.close()
    return instances

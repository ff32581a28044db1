"""Annotation selection: threshold, diversity caps, budgets, determinism."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from instructflow.agents.annotate.selection import SelectionPolicy, Selector, topic_cluster
from instructflow.schemas import Instance, Message, Source, Status

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def chat(iid: str, text: str, quality: float = 0.8, lang: str = "en", **kw) -> Instance:
    return Instance(instance_id=iid, source=Source.chat, stage=2, lang=lang, status=Status.accepted,
                    messages=[Message(role="user", content=text)], scores={"quality": quality}, **kw)


TOPICS = [
    "How do I reverse a linked list in Python?", "What causes inflation in an economy?",
    "Suggest a recipe for vegan lasagna.", "How does photosynthesis convert sunlight?",
    "Explain TCP congestion control.", "Plan a three day trip to Kyoto.",
    "Why is the sky blue at noon but red at sunset?", "Write a haiku about autumn leaves.",
]


def test_threshold_source_status_and_answered():
    sel = Selector(SelectionPolicy(min_quality=0.6))
    assert sel.offer(chat("a", TOPICS[0], quality=0.59), T0).reason == "below_threshold"
    assert sel.offer(chat("b", TOPICS[0], output="already answered"), T0).reason == "answered"
    task = chat("c", TOPICS[0]).model_copy(update={"source": Source.task, "stage": 1})
    assert sel.offer(task, T0).reason == "not_chat"
    assert sel.offer(chat("d", TOPICS[0]).model_copy(update={"status": Status.rejected}), T0).reason == "not_accepted"
    assert sel.offer(chat("e", TOPICS[0], quality=0.6), T0).selected
    assert sel.offer(chat("e", TOPICS[0]), T0).reason == "already_queued"


def test_cluster_cap_stops_a_flood_of_one_request_but_not_other_topics():
    sel = Selector(SelectionPolicy(cluster_cap=3, language_cap=100, hourly_budget=100, daily_budget=100))
    flood = [sel.offer(chat(f"f{i}", f"How do I reset my router password, attempt {i}?"), T0) for i in range(10)]
    assert sum(v.selected for v in flood) == 3
    assert {v.reason for v in flood if not v.selected} == {"cluster_cap"}
    varied = [sel.offer(chat(f"v{i}", t), T0) for i, t in enumerate(TOPICS)]
    assert sum(v.selected for v in varied) >= 6  # distinct requests mostly land in distinct buckets
    # The next day the caps start again.
    tomorrow = T0 + timedelta(days=1)
    assert sel.offer(chat("next-day", "How do I reset my router password, attempt 99?"), tomorrow).selected


def test_language_cap_and_budgets():
    sel = Selector(SelectionPolicy(cluster_cap=100, language_cap=2, hourly_budget=3, daily_budget=4))
    verdicts = [sel.offer(chat(f"e{i}", t), T0) for i, t in enumerate(TOPICS[:3])]
    assert [v.reason for v in verdicts] == ["", "", "language_cap"]
    ko_texts = ["요금제를 바꾸는 방법을 알려주세요.", "김치찌개 맛있게 끓이는 법 알려줘.", "파이썬 리스트 정렬 방법은?"]
    ko = [sel.offer(chat(f"k{i}", t, lang="ko"), T0) for i, t in enumerate(ko_texts)]
    assert [v.reason for v in ko] == ["", "hourly_budget", "hourly_budget"]
    later = T0 + timedelta(hours=1)
    assert sel.offer(chat("k9", "서울 주말 전시회 추천해 주세요.", lang="ko"), later).selected
    rainy = chat("k10", "비 오는 날 실내 데이트 장소 추천해 주세요.", lang="ko")
    assert sel.offer(rainy, later).reason == "daily_budget"


def test_cluster_key_is_deterministic_and_ignores_placeholders_and_particles():
    a = chat("a", "Please email <EMAIL_ADDRESS> about the invoice dispute")
    b = chat("b", "please   EMAIL <PERSON> about the invoice dispute!")
    assert topic_cluster(a, 64) == topic_cluster(b, 64)
    ko1, ko2 = chat("k1", "요금제를 변경하고 싶어요", lang="ko"), chat("k2", "요금제 변경", lang="ko")
    assert topic_cluster(ko1, 64) == topic_cluster(ko2, 64) and topic_cluster(ko1, 64).startswith("ko:")
    assert topic_cluster(chat("e", "please explain"), 64) == "en:-"


def test_rebuild_by_remember_gives_the_same_later_decisions():
    policy = SelectionPolicy(cluster_cap=2, hourly_budget=5, daily_budget=50)
    stream = [chat(f"i{i}", TOPICS[i % 4] + f" ({i % 3})") for i in range(12)]
    first = Selector(policy)
    verdicts = [first.offer(inst, T0) for inst in stream[:6]]
    rebuilt = Selector(policy)
    for inst, v in zip(stream[:6], verdicts, strict=True):
        if v.selected:
            rebuilt.remember(inst.instance_id, inst.lang, v.cluster, T0)
    assert [first.offer(i, T0) for i in stream[6:]] == [rebuilt.offer(i, T0) for i in stream[6:]]

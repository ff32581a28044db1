"""The word-level veto of near-duplicate candidates (agents/dedup/verify.py): a substituted
number, weekday, date or other value makes another request; a greeting, a typo or a value
written another way does not. Checked on the rule itself, on the single Deduplicator (one at a
time and in a batch) and on the partitioned cores, which must decide alike."""

from __future__ import annotations

import pytest

from instructflow.agents.configs import dedup_config
from instructflow.agents.dedup import verify
from instructflow.agents.dedup.deduplicator import REASON_NEAR, Deduplicator
from instructflow.evaluation.dedup import partitioned_decider
from instructflow.schemas import Instance, Message
from instructflow.streams.settings import Settings

# Pairs that pass the MinHash bar but ask for something else: one value substituted.
NOT_DUPLICATES = [
    ("수요일에 알아야 할 10가지", "목요일에 알아야 할 10가지"),  # KorSTS, scored 0-2 of 5
    ("2013년 12월 6일 더 노트의 금요일에 필독서", "2013년 7월 12일 더 노트의 금요일에 필독서"),
    ("오늘 서울 날씨 알려줘", "내일 서울 날씨 알려줘"),
    ("두 소녀가 공원에서 걷고 있다", "세 소녀가 공원에서 걷고 있다"),
    ("여름에 제주도 여행 코스 추천해줘", "겨울에 제주도 여행 코스 추천해줘"),
    ("What is 15% of 80?", "What is 15% of 90?"),
    ("Plan a 3-day trip to Lisbon for a family of four.", "Plan a 5-day trip to Lisbon for a family of four."),
    ("Remind me about the dentist on Monday morning", "Remind me about the dentist on Tuesday morning"),
    ("What should I cook for dinner tonight?", "What should I cook for dinner tomorrow?"),
    ("List the holidays in January", "List the holidays in February"),
    ("Gift ideas for my boyfriend's birthday", "Gift ideas for my girlfriend's birthday"),
    ("세 남자가 춤을 추고 있다.", "여자들이 춤을 추고 있다."),  # KorSTS, scored 0-2 of 5
]

# Still duplicates: the value is the same, or only added, or written another way.
DUPLICATES = [
    ("수요일에 알아야 할 10가지", "안녕하세요. 수요일에 알아야 할 10가지"),  # greeting added
    ("오늘 서울 날씨 알려줘", "오늘 서울 날씨 알려줘 부탁해요."),
    ("수요일에 알아야 할 10가지", "수요알에 알아야 할 10가지"),  # typo inside the weekday
    ("What is 15% of 80?", "Good morning. What is 15% of 80?"),  # a time word added, nothing substituted
    ("What should I do this evening?", "Good morning. What should I do this evening?"),
    ("What should I cook for dinner tonight?", "Hi, what shuold I cook for dinner tonight?"),
    ("I have two cats, what should I name them?", "I have 2 cats, what should I name them?"),
    ("Remind me about the dentist on Monday", "Remind me about the dentist on Monday's"),
    ("How much did she spend?", "How much did you spend?"),  # a changed word that is no value
    ("１０가지 알아야 할 것", "10가지 알아야 할 것"),  # full-width digits
]


@pytest.mark.parametrize(("a", "b"), NOT_DUPLICATES)
def test_a_substituted_value_is_no_duplicate(a: str, b: str) -> None:
    # Planted: same_values returning True always -> every case here red.
    assert not verify.same_values(verify.marks(a), verify.marks(b))
    assert not verify.same_values(verify.marks(b), verify.marks(a))


@pytest.mark.parametrize(("a", "b"), DUPLICATES)
def test_greetings_typos_and_equal_values_stand(a: str, b: str) -> None:
    # Planted: every mark of a text counted as lost, not only those on words the other lacks
    # -> "Good morning." added next to "evening" red.
    assert verify.same_values(verify.marks(a), verify.marks(b))
    assert verify.same_values(verify.marks(b), verify.marks(a))


@pytest.mark.parametrize("text", [
    "How do I learn Kotlin coroutines?",  # most texts: no marks at all
    "May I ask you something?",  # a modal, not the month
    "한 아이가 밤나무 아래에 있다",  # 한 = "a", 밤나무 a chestnut tree
    "네 알겠습니다",  # 네 = "yes"
    "봄버 재킷 어때",  # 봄 only with a particle
])
def test_no_marks(text: str) -> None:
    assert verify.marks(text) == verify.NO_MARKS


@pytest.mark.parametrize(("text", "count"), [
    ("1,000원짜리 2개", 2), ("주말에 뭐 하지", 1), ("Monday's meeting at 10:30", 2),
])
def test_marks(text: str, count: int) -> None:
    assert len(verify.marks(text)) == count


def test_mark_rows_keep_rows_apart() -> None:
    rows = verify.MarkRows()
    a, b = verify.marks("수요일 10시"), verify.marks("목요일")
    rows.add(0, a)
    rows.add(1, verify.NO_MARKS)
    rows.add(3, b)  # row 2 stored nothing
    assert [rows.get(r) for r in range(5)] == [a, (), (), b, ()]


def chat(ident: str, text: str) -> Instance:
    return Instance(instance_id=ident, source="chat", stage=2, messages=[Message(role="user", content=text)])


def _decisions(decide, texts: list[str]) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    outs = [decide(chat(f"t{i}", t)) for i, t in enumerate(texts)]
    return [(out.reject_reason, out.duplicate_of) for out in outs]


def _deciders() -> dict[str, object]:
    config = dedup_config(Settings())
    batch = Deduplicator.from_config(config)
    return {
        "single": Deduplicator.from_config(config).decide,
        "batch": lambda inst: batch.decide_batch([inst])[0],
        "partitioned": partitioned_decider(3, config),
    }


@pytest.mark.parametrize("mode", ["single", "batch", "partitioned"])
def test_deciders_veto_substituted_values_and_keep_the_rest(mode: str) -> None:
    # Planted: the verify.keep call removed from Deduplicator._verdict -> "single" red; from
    # _decide_many -> "batch" red; the same_values check removed from BandOwner._match ->
    # "partitioned" red.
    decide = _deciders()[mode]
    texts = [
        "수요일에 알아야 할 10가지",
        "목요일에 알아야 할 10가지",  # another weekday: unique
        "안녕하세요. 목요일에 알아야 할 10가지",  # a greeting: duplicate of t1, not of t0
        "What is 15% of 80?",
        "What is 15% of 90?",  # another number: unique
        "Hi, what is 15% of 90?",  # duplicate of t4
    ]
    got = _decisions(decide, texts)  # type: ignore[arg-type]
    assert got == [("", ""), ("", ""), (REASON_NEAR, "t1"), ("", ""), ("", ""), (REASON_NEAR, "t4")]


def test_batch_sees_the_values_of_rows_inserted_in_the_same_batch() -> None:
    d = Deduplicator.from_config(dedup_config(Settings()))
    out = d.decide_batch([chat("a", "오늘 서울 날씨 알려줘"), chat("b", "내일 서울 날씨 알려줘"),
                          chat("c", "내일 서울 날씨 알려줘 부탁해요.")])
    assert [(o.reject_reason, o.duplicate_of) for o in out] == [("", ""), ("", ""), (REASON_NEAR, "b")]


def test_rebuilt_state_keeps_the_values() -> None:
    # Planted: remember_batch not storing marks -> the rebuilt core calls t1 a duplicate: red.
    d = Deduplicator.from_config(dedup_config(Settings()))
    d.remember_batch([chat("t0", "Remind me about the dentist on Monday morning")])
    out = d.decide(chat("t1", "Remind me about the dentist on Tuesday morning"))
    assert out.reject_reason == ""

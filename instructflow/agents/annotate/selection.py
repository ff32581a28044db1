"""Pure core of the annotation selection: which accepted chat prompts go to human annotators.

Annotator time is the scarce resource, so the policy (README, "Annotation") is:

1. only accepted, unanswered chat prompts whose ``quality`` score is at least ``min_quality``;
2. diversity: at most ``cluster_cap`` items per topic cluster and ``language_cap`` per language
   in one UTC day, so a burst of one kind of request (the same question asked a thousand ways)
   cannot fill the queue;
3. a budget: at most ``hourly_budget`` items per hour and ``daily_budget`` per UTC day.

Windows are taken from the Kafka timestamp of the accepted instance, never the wall clock, so a
replay of the same log makes the same choices. The topic cluster is a cheap key: the language
plus a one-permutation MinHash over the prompt's content words (the content word with the
smallest hash, bucketed). Two prompts sharing most of their words land in the same bucket with
probability about equal to their word Jaccard similarity; unrelated prompts spread uniformly.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from instructflow.schemas import Instance, Source, Status

# Placeholders the scrubber leaves (<PERSON>, <PHONE_NUMBER>, …) say nothing about the topic.
_PLACEHOLDER = re.compile(r"<[A-Z_]+>")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Korean particles/endings glued to a word ("요금제를" -> "요금제"): longest first.
_KO_SUFFIXES = tuple(sorted(
    ("은", "는", "이", "가", "을", "를", "에", "에서", "에게", "의", "로", "으로", "와", "과", "도", "만",
     "까지", "부터", "하고", "이나", "나", "요", "니다", "습니다", "해", "해서", "하는", "하게", "한"),
    key=len, reverse=True))
_STOP_WORDS = (
    "the a an and or but of to in on for with without about how what why when where which who whom "
    "is are was were be been being do does did can could would should will shall may might must i me my "
    "you your we our they their it its this that these those please explain tell give write describe "
    "some any one two three example examples step steps help want need know make get use using like "
    "there here than then also just very more most much many so not no yes if as at by from into up out "
    "제 저 저는 제가 나 내 우리 좀 그 이 저희 어떻게 무엇 뭐 왜 언제 어디 알려 주세요 알려주세요 방법 "
    "설명 설명해 해주세요 있나요 있을까요 싶어요 합니다 하는 방법을"
)
_STOP = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True)
class SelectionPolicy:
    min_quality: float = 0.55
    topic_buckets: int = 64
    cluster_cap: int = 20
    language_cap: int = 500
    hourly_budget: int = 100
    daily_budget: int = 1000



@dataclass(frozen=True, slots=True)
class Selection:
    """The verdict on one instance; ``reason`` names the rule that stopped it (empty: selected)."""

    selected: bool
    reason: str
    cluster: str = ""


def _content_words(text: str) -> set[str]:
    words = set()
    for raw in _WORD.findall(_PLACEHOLDER.sub(" ", text).lower()):
        word = raw
        if _HANGUL.search(word):
            for suffix in _KO_SUFFIXES:
                if len(word) > len(suffix) + 1 and word.endswith(suffix):
                    word = word[: -len(suffix)]
                    break
            keep = len(word) >= 2
        else:
            keep = len(word) >= 3
        if keep and word not in _STOP and raw not in _STOP:
            words.add(word)
    return words


def _hash64(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "big")


def topic_cluster(instance: Instance, buckets: int) -> str:
    """``'<lang>:<bucket>'``; prompts with no content word share bucket ``-``."""
    words = _content_words(instance.text())
    lang = instance.lang or "und"
    if not words:
        return f"{lang}:-"
    return f"{lang}:{min(_hash64(w) for w in words) % buckets}"


@lru_cache(maxsize=64)
def _stamps(year: int, month: int, day: int, hour: int) -> tuple[str, str]:
    day_stamp = f"{year}-{month:02d}-{day:02d}"
    return day_stamp, f"{day_stamp}T{hour:02d}"


# Per hour of arrival, not per instance: strftime cost ~2 µs a call, twice an instance, on every
# accepted instance of the pool worker; the fields are the timestamp's own, as strftime reads them.
def _hour(ts: datetime) -> str:
    return _stamps(ts.year, ts.month, ts.day, ts.hour)[1]


def _day(ts: datetime) -> str:
    return _stamps(ts.year, ts.month, ts.day, ts.hour)[0]


class Selector:
    """Decides, in arrival order, which instances join the annotation queue; remembers what it chose."""

    def __init__(self, policy: SelectionPolicy) -> None:
        self.policy = policy
        self._queued: set[str] = set()
        self._per_hour: Counter[str] = Counter()
        self._per_day: Counter[str] = Counter()
        self._per_cluster: Counter[tuple[str, str]] = Counter()
        self._per_lang: Counter[tuple[str, str]] = Counter()

    def __len__(self) -> int:
        return len(self._queued)

    def __contains__(self, instance_id: object) -> bool:
        return instance_id in self._queued

    def check(self, instance: Instance, at: datetime) -> Selection:
        """The verdict on ``instance`` arriving at ``at``, without changing state."""
        p = self.policy
        if instance.source is not Source.chat:
            return Selection(False, "not_chat")
        if instance.status is not Status.accepted:
            return Selection(False, "not_accepted")
        if instance.output.strip():
            return Selection(False, "answered")
        if instance.instance_id in self._queued:
            return Selection(False, "already_queued")
        if instance.scores.get("quality", 0.0) < p.min_quality:
            return Selection(False, "below_threshold")
        day = _day(at)
        if self._per_day[day] >= p.daily_budget:
            return Selection(False, "daily_budget")
        if self._per_hour[_hour(at)] >= p.hourly_budget:
            return Selection(False, "hourly_budget")
        if self._per_lang[(day, instance.lang or "und")] >= p.language_cap:
            return Selection(False, "language_cap")
        # Last: the cluster costs a tokenization and a hash per word, and once a budget is spent (most
        # of a busy day's traffic) the verdict is known without it.
        cluster = topic_cluster(instance, p.topic_buckets)
        if self._per_cluster[(day, cluster)] >= p.cluster_cap:
            return Selection(False, "cluster_cap", cluster)
        return Selection(True, "", cluster)

    def offer(self, instance: Instance, at: datetime) -> Selection:
        """Check, and count the instance against the caps and budgets if selected."""
        verdict = self.check(instance, at)
        if verdict.selected:
            self.remember(instance.instance_id, instance.lang, verdict.cluster, at)
        return verdict

    def remember(self, instance_id: str, lang: str, cluster: str, at: datetime) -> bool:
        """Count an item already in the queue (state rebuild from the topic); idempotent per id."""
        if instance_id in self._queued:
            return False
        self._queued.add(instance_id)
        day = _day(at)
        self._per_day[day] += 1
        self._per_hour[_hour(at)] += 1
        self._per_lang[(day, lang or "und")] += 1
        self._per_cluster[(day, cluster)] += 1
        return True

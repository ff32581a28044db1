"""Every core's configuration, built from the settings here and nowhere else.

The cores take small frozen configs (``ScoreConfig``, ``DedupConfig``, ``SelectionPolicy``) and never
import the settings: a core can be built in a test, a notebook or a benchmark from its own values,
and a setting reaches its core by exactly one path. The Steps (agents/*/agent.py) call these.
"""

from __future__ import annotations

from instructflow.agents.annotate.selection import SelectionPolicy
from instructflow.agents.dedup.config import DedupConfig
from instructflow.agents.score.scorer import ScoreConfig
from instructflow.streams.settings import Settings


def score_config(s: Settings) -> ScoreConfig:
    return ScoreConfig(min_chars=s.min_chars, max_chars=s.max_chars, min_quality=s.min_quality,
                       min_request=s.min_request, max_repetition=s.max_repetition, max_noise=s.max_noise,
                       max_pii_density=s.max_pii_density, max_spam=s.max_spam, languages=tuple(s.languages),
                       min_language=s.min_language)


def dedup_config(s: Settings) -> DedupConfig:
    return DedupConfig(threshold=s.dedup_threshold, num_perm=s.dedup_num_perm, shingle=s.dedup_shingle,
                       short_threshold=s.dedup_short_threshold, short_chars=s.dedup_short_chars)


def selection_policy(s: Settings) -> SelectionPolicy:
    return SelectionPolicy(min_quality=s.annotation_min_quality, topic_buckets=s.annotation_topic_buckets,
                           cluster_cap=s.annotation_cluster_cap, language_cap=s.annotation_language_cap,
                           hourly_budget=s.annotation_hourly_budget, daily_budget=s.annotation_daily_budget)

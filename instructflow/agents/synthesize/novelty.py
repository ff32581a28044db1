"""Novelty against the pool: ROUGE-L as in Self-Instruct, exact, fast enough for a 50k pool.

Self-Instruct keeps a new instruction only if its ROUGE-L F-measure with every instruction
already in the pool is below 0.7. Two pieces make that cheap without losing exactness:

* **Tokens that work for Korean.** ``rouge_score`` drops every non-Latin character, so two
  different Korean instructions both become empty and look identical. Here Latin words and
  digits are tokens, and each Hangul/CJK character is a token (Korean glues particles to
  words, so syllables compare better than eojeol).
* **An exact pre-filter.** ROUGE-L F = 2·LCS / (|a| + |b|), and LCS ≤ |a ∩ b| (multiset
  intersection), so 2·|a ∩ b| / (|a| + |b|) — the bag-of-tokens Dice — bounds it from above.
  An inverted index over occurrence-numbered tokens (``the#0``, ``the#1``) gives that
  intersection for every pooled instruction with one ``numpy.bincount``; only instructions
  whose bound reaches the threshold get a real LCS, computed bit-parallel (Hyyrö 2004) on
  Python integers. Unlike a MinHash estimate this never lets a too-similar pair through.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

_CJK = "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens; one token per Hangul/CJK character."""
    return _TOKEN.findall(text.lower())


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two token sequences (bit-parallel)."""
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return 0
    masks: dict[str, int] = {}
    for i, tok in enumerate(b):
        masks[tok] = masks.get(tok, 0) | (1 << i)
    return _lcs_with_masks(masks, len(b), a)


def _lcs_with_masks(masks: dict[str, int], n: int, other: Sequence[str]) -> int:
    full = (1 << n) - 1
    v = full
    for tok in other:
        m = masks.get(tok)
        if m:
            u = v & m
            v = ((v + u) | (v - u)) & full
    return n - v.bit_count()


def rouge_l(a: Sequence[str], b: Sequence[str]) -> float:
    """ROUGE-L F-measure of two token sequences (symmetric; 0 when either is empty)."""
    if not a or not b:
        return 0.0
    return 2.0 * lcs_length(a, b) / (len(a) + len(b))


def _numbered(tokens: Sequence[str]) -> list[str]:
    """``the cat the`` -> ``the#0 cat#0 the#1``: set intersection then equals multiset intersection."""
    seen: dict[str, int] = {}
    out = []
    for tok in tokens:
        k = seen.get(tok, 0)
        seen[tok] = k + 1
        out.append(f"{tok}#{k}")
    return out


@dataclass(frozen=True, slots=True)
class Novelty:
    """How close a text is to the pool: its best ROUGE-L and which pooled text that was."""

    score: float
    nearest_id: str = ""
    verified: int = 0  # how many exact LCS computations the decision needed

    def novel(self, threshold: float) -> bool:
        return self.score < threshold


class NoveltyIndex:
    """Pooled instructions, searchable for the highest ROUGE-L against a new one."""

    def __init__(self, threshold: float = 0.7, report_top: int = 8) -> None:
        self.threshold = threshold
        # Beyond the decision, this many closest-by-bound texts are verified so the stored
        # score is the real maximum in all but contrived cases.
        self.report_top = report_top
        self._vocab: dict[str, int] = {}
        self._postings: list[array] = []
        self._tokens: list[list[str]] = []
        self._lengths = array("i")
        self._ids: list[str] = []
        self._known: set[str] = set()

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, item_id: str) -> bool:
        return item_id in self._known

    def add(self, item_id: str, text: str) -> bool:
        """Index ``text`` under ``item_id``; False (and nothing changes) if the id is already in."""
        if item_id in self._known:
            return False
        tokens = tokenize(text)
        row = len(self._ids)
        for key in _numbered(tokens):
            tid = self._vocab.get(key)
            if tid is None:
                tid = self._vocab[key] = len(self._postings)
                self._postings.append(array("i"))
            self._postings[tid].append(row)
        self._tokens.append(tokens)
        self._lengths.append(len(tokens))
        self._ids.append(item_id)
        self._known.add(item_id)
        return True

    def nearest(self, text: str) -> Novelty:
        """The highest ROUGE-L of ``text`` against the pool (exact whenever it reaches the threshold)."""
        tokens = tokenize(text)
        n_docs = len(self._ids)
        if not tokens or n_docs == 0:
            return Novelty(0.0)
        lists = [self._postings[tid] for key in _numbered(tokens) if (tid := self._vocab.get(key)) is not None]
        if not lists:
            return Novelty(0.0)
        rows = np.concatenate([np.frombuffer(p, dtype=np.int32) for p in lists])
        overlap = np.bincount(rows, minlength=n_docs)
        lengths = np.frombuffer(self._lengths, dtype=np.int32)
        bound = 2.0 * overlap / (len(tokens) + lengths)
        # Everything at or above the threshold must be verified; beyond that, the few best.
        must = np.flatnonzero(bound >= self.threshold - 1e-9)
        if len(must) < self.report_top:
            top = np.argpartition(-bound, min(self.report_top, n_docs) - 1)[: self.report_top]
            candidates = np.union1d(must, top[bound[top] > 0])
        else:
            candidates = must
        order = candidates[np.argsort(-bound[candidates], kind="stable")]
        masks: dict[str, int] = {}
        for i, tok in enumerate(tokens):
            masks[tok] = masks.get(tok, 0) | (1 << i)
        best, best_row, verified = 0.0, -1, 0
        for row in order.tolist():
            if bound[row] <= best:
                break  # sorted by bound: nothing after can beat the best found
            lcs = _lcs_with_masks(masks, len(tokens), self._tokens[row])
            verified += 1
            score = 2.0 * lcs / (len(tokens) + self._lengths[row])
            if score > best:
                best, best_row = score, row
            if best >= self.threshold:
                break  # decided: not novel
        return Novelty(best, self._ids[best_row] if best_row >= 0 else "", verified)

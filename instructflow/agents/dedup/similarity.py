"""The near-duplicate bar as a function of text length.

Character-shingle Jaccard falls with every edit by about (edited shingles) / (all
shingles), so one changed word costs a 30-character prompt a third of its shingles and a
500-character paragraph a few percent. One fixed bar therefore either misses nearly every
edited short prompt (measured at 0.8: one changed word in a short prompt caught 16%) or
merges topically close paragraphs. The bar here is ``threshold`` for pairs whose shorter
text has ``full_chars`` or more normalized characters, ``short_threshold`` at
``floor_chars`` or fewer, and linear in between; the values come from
bench/eval_quality.py (recall per perturbation and length class against topically close
non-duplicates).

The LSH banding must find candidates down to the lowest bar, so the index is banded for
``lowest`` and every candidate is verified against the bar of its pair. With a low bar the
banding weighs false candidates more (``band_weights``): short Korean prompts share common
shingles ("어떻게", "하는 "), and datasketch's recall-first weights (0.05, 0.95) give bands
of 3 rows, where ~10% of unrelated short pairs become candidates and verification dominates
(10.5k docs/s on ../shared/data with 26 x 3 bands, against 34k with 32 x 4 bands).

Shingles are 3 characters. 4-character shingles were measured better at first, but the shingle
hash then dropped each shingle's last character (minhash.py), so they were 3-character
shingles in effect; with the hash corrected, 4 lost short-prompt recall (one changed word:
0.79-0.80 against 0.83-0.87, bench/eval_quality.py) at the same false duplicates.

No bar alone reaches one-word recall >= 0.85 on short prompts with false duplicates <= 1%: the
topically close non-duplicates (KorSTS minimal pairs, "수요일에 ..." / "목요일에 ...") are one-word
edits too. A candidate that passes the bar is therefore also verified word by word (verify.py:
a substituted number, weekday, date, time, season or person's sex is no duplicate), and the
false duplicates it removes paid for a lower short bar, 0.40 (was 0.45), chosen on dev seeds 1-4
of bench/eval_quality.py (BENCHMARKS.md). The banding is the same at 0.40 (32 x 4).

SHORT_BAR is 0.41 since session 15: the middle of the bars at which the 24 dev seeds of
``bench/eval_quality.py --dedup-sweep`` meet both short-text targets (false duplicates <= 1%
from about 0.39, one-word recall >= 0.85 up to about 0.43; pooled at 0.40 / 0.41 / 0.42:
0.89% / 0.87% / 0.85% and 0.864 / 0.860 / 0.857). The 23 held-out seeds, scored after: 1.01% /
0.98% / 0.95% and 0.856 / 0.853 / 0.851 (BENCHMARKS.md "Dedup over many seeds").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# The bar for pairs whose shorter text has floor_chars or fewer (module docstring): the one
# default of Deduplicator, the band owners, the router and Settings.dedup_short_threshold.
SHORT_BAR = 0.41


@dataclass(frozen=True, slots=True)
class PairThreshold:
    threshold: float = 0.8
    short_threshold: float = SHORT_BAR
    full_chars: int = 100
    floor_chars: int = 20

    def __post_init__(self) -> None:
        if not (0.0 < self.short_threshold < 1.0 and 0.0 < self.threshold < 1.0):
            raise ValueError("thresholds must be in (0, 1)")
        if not 0 <= self.floor_chars < self.full_chars:
            raise ValueError("need 0 <= floor_chars < full_chars")

    @property
    def lowest(self) -> float:
        return min(self.threshold, self.short_threshold)

    @property
    def reach_chars(self) -> int:
        """The longest text a text under ``full_chars`` can pass the bar with (Jaccard <= the
        length ratio): the word-level verification (verify.py) looks at texts under it."""
        return -(-self.full_chars * 1000 // round(self.lowest * 1000))

    @property
    def band_weights(self) -> tuple[float, float]:
        """(false-positive, false-negative) weights of the banding (index.optimal_bands)."""
        return (0.3, 0.7) if self.short_threshold < self.threshold else (0.05, 0.95)

    def at(self, length: int) -> float:
        """The bar for a pair whose shorter text has ``length`` normalized characters."""
        # The same float operations as many(), so single and batch verification agree bit for bit.
        share = min(1.0, max(0.0, (length - self.floor_chars) / (self.full_chars - self.floor_chars)))
        return self.short_threshold + share * (self.threshold - self.short_threshold)

    def many(self, lengths: np.ndarray) -> np.ndarray:
        """at() of every element (float64), for the vectorized verifications."""
        # float64 first: lengths may be unsigned, and length - floor_chars must not wrap.
        share = np.clip((lengths.astype(np.float64) - self.floor_chars) / (self.full_chars - self.floor_chars), 0, 1)
        return self.short_threshold + share * (self.threshold - self.short_threshold)

    def passes(self, equal: int, num_perm: int, length: int) -> bool:
        """Is an estimated Jaccard of ``equal / num_perm`` a near duplicate at ``length``?"""
        return equal / num_perm >= self.at(length)

    def passes_many(self, equal: np.ndarray, num_perm: int, lengths: np.ndarray) -> np.ndarray:
        """passes() of every pair (``lengths``: each pair's shorter text), vectorized: the same
        float comparison, so the single, batch and partitioned paths agree bit for bit."""
        return equal / num_perm >= self.many(lengths)

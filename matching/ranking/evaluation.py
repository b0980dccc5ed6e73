"""Ranking quality: NDCG@k against graded relevance, with bootstrap confidence intervals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


def ndcg_at_k(ranked_grades: Sequence[int], all_grades: NDArray[np.int64], k: int = 10) -> float:
    """NDCG@k of one ranked list: DCG of its first k grades over the best possible DCG.

    Gains are 2^grade − 1 with a log2 position discount. A mentee with no relevant mentor
    at all scores 0 (there is nothing to find).
    """
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    gains = (2.0 ** np.asarray(list(ranked_grades)[:k], dtype=np.float64)) - 1.0
    dcg = float(np.sum(gains * discounts[: gains.size]))
    ideal = np.sort(all_grades)[::-1][:k]
    ideal_dcg = float(np.sum(((2.0**ideal) - 1.0) * discounts[: ideal.size]))
    return dcg / ideal_dcg if ideal_dcg > 0 else 0.0


@dataclass(frozen=True)
class Interval:
    mean: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.mean:.3f} [{self.low:.3f}, {self.high:.3f}]"


def bootstrap_mean(
    values: Sequence[float], *, samples: int = 2000, confidence: float = 0.95, seed: int = 0
) -> Interval:
    """The mean with a percentile bootstrap interval, resampling the units (mentees)."""
    data = np.asarray(values, dtype=np.float64)
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, data.size, size=(samples, data.size))].mean(axis=1)
    tail = (1.0 - confidence) / 2.0
    return Interval(
        mean=float(data.mean()),
        low=float(np.quantile(means, tail)),
        high=float(np.quantile(means, 1.0 - tail)),
    )

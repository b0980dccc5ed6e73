"""Shared helpers for the learning-loop tests: ranker versions with a given model card."""

from __future__ import annotations

from typing import Any

from matching.models import RankerModel
from matching.ranking.scoring import DEFAULT_WEIGHTS
from matching.services.suggestions import active_ranker
from mentorship.models import Program

TRAINED_WEIGHTS = {**DEFAULT_WEIGHTS, "timezone": 10.0, "text": 1.0}


def interval(mean: float, low: float, high: float) -> dict[str, float]:
    return {"mean": mean, "low": low, "high": high}


def trained_model(
    program: Program,
    *,
    pairs: int = 250,
    difference_low: float = 0.03,
    compared_with: str | None = None,
) -> RankerModel:
    """An inactive trained version whose card says what the test needs it to say."""
    details: dict[str, Any] = {
        "data": {
            "pairs": pairs,
            "positives": pairs // 3,
            "negatives": pairs - pairs // 3,
            "train_pairs": pairs // 2,
            "held_out_pairs": pairs - pairs // 2,
            "first_day": "2026-05-01",
            "last_day": "2026-11-01",
        },
        "metrics": {
            "auc": {
                "trained": interval(0.74, 0.69, 0.80),
                "current": interval(0.66, 0.58, 0.71),
                "difference": interval(0.08, difference_low, 0.15),
                "units": 120,
            },
            "ndcg_at_10": {
                "trained": interval(0.9, 0.85, 0.95),
                "current": interval(0.86, 0.8, 0.92),
                "difference": interval(0.04, -0.02, 0.1),
                "units": 20,
            },
        },
        "features": [],
        "compared_with": compared_with or active_ranker(program).version,
    }
    return RankerModel.objects.create(
        program=program,
        kind=RankerModel.Kind.TRAINED,
        weights=TRAINED_WEIGHTS,
        details=details,
        is_active=False,
    )

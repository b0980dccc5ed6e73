"""Scoring: hard filters, per-factor values in [0, 1], a weighted 0–100 score, the top k.

Every factor is a number between 0 and 1 for every candidate mentor. The score is
`100 × Σ weight × value / Σ weight`, summed over the factors that apply to this mentee
(a mentee who named no skills is not scored on skills at all, rather than scored 0 by
everyone). The per-factor values and weights are returned, so each suggestion can explain
exactly how its score was made.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from matching.ranking.index import MentorIndex, QueryVector
from matching.ranking.records import MenteeQuery

FACTORS = (
    "text",
    "skills",
    "goal_areas",
    "industry",
    "timezone",
    "seniority",
    "meeting_modes",
    "responsiveness",
    "capacity",
)

DEFAULT_WEIGHTS: Mapping[str, float] = {
    "text": 4.0,
    "skills": 3.0,
    "goal_areas": 3.0,
    "industry": 1.0,
    "timezone": 2.0,
    "seniority": 1.0,
    "meeting_modes": 1.0,
    "responsiveness": 1.0,
    "capacity": 0.5,
}

MAX_WEIGHT = 10.0
# TF-IDF cosines between a short goal text and a profile rarely pass 0.5: treat 0.5 as a
# full match, so the text factor uses its whole 0–1 range.
TEXT_SATURATION = 0.5
# Hours apart at which the time-zone factor has fallen to 1/e.
TIMEZONE_DECAY_HOURS = 8.0
# Answering within three days counts as fast; slower answers fade.
ANSWER_SPEED_DECAY_HOURS = 72.0


class InvalidWeights(ValueError):
    """Weights outside 0–10, unknown factors, or all zero."""


def validate_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Complete `weights` with the defaults and check them; raises `InvalidWeights`."""
    unknown = set(weights) - set(FACTORS)
    if unknown:
        raise InvalidWeights(f"Unknown factors: {', '.join(sorted(unknown))}.")
    merged = {**DEFAULT_WEIGHTS, **weights}
    for name, value in merged.items():
        if not (isinstance(value, int | float) and math.isfinite(value)):
            raise InvalidWeights(f"The weight of {name} must be a number.")
        if not 0 <= value <= MAX_WEIGHT:
            raise InvalidWeights(f"The weight of {name} must be between 0 and 10.")
    if not any(value > 0 for value in merged.values()):
        raise InvalidWeights("At least one weight must be above 0.")
    return {name: float(merged[name]) for name in FACTORS}


@dataclass(frozen=True)
class ScoredMentor:
    mentor_id: int
    row: int
    score: float
    values: dict[str, float]
    weights: dict[str, float]

    def contributions(self) -> dict[str, float]:
        """Each applicable factor's share of the 0–100 score, in score points."""
        total = sum(self.weights.values())
        return {
            name: 100.0 * self.weights[name] * value / total for name, value in self.values.items()
        }


@dataclass(frozen=True)
class Ranking:
    build_number: int
    eligible: int
    mentors: list[ScoredMentor] = field(default_factory=list)


def eligible_rows(index: MentorIndex, query: MenteeQuery) -> NDArray[np.int64]:
    """Rows of mentors who may be suggested at all (the hard filters)."""
    ok = index.active & index.accepting & (index.capacity_remaining > 0)
    ok &= index.user_ids != query.user_id
    if query.languages:  # a mentee who named no language is not filtered on it
        languages = np.uint64(index.languages.mask(query.languages, grow=False))
        ok &= (index.language_bits & languages) != 0
    rows = np.flatnonzero(ok)
    if query.excluded_mentor_ids:
        excluded = np.fromiter(query.excluded_mentor_ids, dtype=np.int64)
        rows = rows[~np.isin(index.ids[rows], excluded)]
    return rows


def factor_values(
    index: MentorIndex, query: MenteeQuery, rows: NDArray[np.int64], text: NDArray[np.float64]
) -> dict[str, NDArray[np.float64]]:
    """Each applicable factor's value in [0, 1] for the given rows."""
    values: dict[str, NDArray[np.float64]] = {
        "text": np.minimum(text[rows] / TEXT_SATURATION, 1.0),
    }
    n = len(index)
    if query.skills_wanted:
        matched = index.skills.count_matches(query.skills_wanted, n)[rows]
        values["skills"] = matched / len(query.skills_wanted)
    if query.goal_areas:
        matched = index.areas.count_matches(query.goal_areas, n)[rows]
        values["goal_areas"] = matched / len(query.goal_areas)
    if query.industry is not None:
        same = (index.industry[rows] == query.industry).astype(np.float64)
        known = index.industry[rows] >= 0
        if query.industry_preference == "different":
            values["industry"] = np.where(known, 1.0 - same, 0.0)
        else:
            values["industry"] = same
    hours_apart = np.abs(index.utc_offset[rows] - query.utc_offset_hours)
    values["timezone"] = np.exp(-hours_apart / TIMEZONE_DECAY_HOURS)
    values["seniority"] = _seniority(index.years[rows], query)
    modes = np.uint8(index.modes.mask(query.meeting_modes, grow=False))
    if query.meeting_modes:
        mentor_modes = index.mode_bits[rows]
        values["meeting_modes"] = np.where(
            mentor_modes == 0, 0.5, ((mentor_modes & modes) != 0).astype(np.float64)
        )
    rate = index.answer_rate[rows]
    speed = np.exp(
        -np.nan_to_num(index.median_answer_hours[rows], nan=0.0) / ANSWER_SPEED_DECAY_HOURS
    )
    values["responsiveness"] = np.where(np.isnan(rate), 0.5, np.nan_to_num(rate) * speed)
    total = np.maximum(index.capacity_total[rows], 1.0)
    values["capacity"] = np.clip(index.capacity_remaining[rows] / total, 0.0, 1.0)
    return values


def _seniority(mentor_years: NDArray[np.float64], query: MenteeQuery) -> NDArray[np.float64]:
    """How well the mentor's experience fits the wish; unknown experience is neutral (0.5)."""
    mentee_years = 0.0 if query.years_experience is None else query.years_experience
    gap = mentor_years - mentee_years
    preference = query.seniority_preference
    if preference == "peer":
        value = 1.0 - np.minimum(np.abs(gap), 10.0) / 10.0
    elif preference == "senior":
        value = np.clip(gap / 5.0, 0.0, 1.0)
    elif preference == "executive":
        value = np.clip(mentor_years / 15.0, 0.0, 1.0)
    else:  # no preference: a mentor somewhat more experienced is usually the most helpful
        value = np.clip(gap / 10.0, 0.0, 1.0)
    return np.where(np.isnan(mentor_years), 0.5, value)


def rank(
    index: MentorIndex,
    query: MenteeQuery,
    *,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    k: int = 20,
    query_vector: QueryVector | None = None,
) -> Ranking:
    """Score every eligible mentor for this mentee and return the top `k`, best first.

    Ties are broken by mentor id, so the same inputs always give the same list.
    """
    chosen = validate_weights(weights)
    rows = eligible_rows(index, query)
    if rows.size == 0:
        return Ranking(build_number=index.build_number, eligible=0)
    vector = query_vector if query_vector is not None else index.vectorize(query.text)
    text = index.text_scores(vector) if not vector.is_empty else np.zeros(len(index))
    values = factor_values(index, query, rows, text)
    applicable = {name: chosen[name] for name in values if chosen[name] > 0}
    if not applicable:  # every weighted factor is inapplicable: fall back to text alone
        applicable = {"text": 1.0}
    total_weight = sum(applicable.values())
    scores = np.zeros(rows.size, dtype=np.float64)
    for name, weight in applicable.items():
        scores += weight * values[name]
    scores *= 100.0 / total_weight

    top = _top_k(scores, index.ids[rows], k)
    mentors = [
        ScoredMentor(
            mentor_id=int(index.ids[rows[position]]),
            row=int(rows[position]),
            score=round(float(scores[position]), 2),
            values={name: round(float(values[name][position]), 4) for name in applicable},
            weights=dict(applicable),
        )
        for position in top
    ]
    return Ranking(build_number=index.build_number, eligible=int(rows.size), mentors=mentors)


def _top_k(scores: NDArray[np.float64], ids: NDArray[np.int64], k: int) -> NDArray[np.int64]:
    """Positions of the k best scores, best first, ties by smaller id."""
    if scores.size > k:
        # Take a margin past k so ties at the boundary are resolved by id, not by chance.
        cut = np.partition(scores, scores.size - k)[scores.size - k]
        candidates = np.flatnonzero(scores >= cut)
    else:
        candidates = np.arange(scores.size)
    order = np.lexsort((ids[candidates], -scores[candidates]))
    return candidates[order[:k]]

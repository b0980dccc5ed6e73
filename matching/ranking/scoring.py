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


ALL = slice(None)


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


def eligible_mask(index: MentorIndex, query: MenteeQuery) -> NDArray[np.bool_]:
    """Which rows may be suggested at all (the hard filters)."""
    ok: NDArray[np.bool_] = index.open_rows.copy()
    if query.languages:  # a mentee who named no language is not filtered on it
        ok &= index.speaks(query.languages)
    for row in index.rows_of_user.get(query.user_id, []):
        ok[row] = False
    for mentor_id in query.excluded_mentor_ids:
        excluded = index.row_of.get(mentor_id)
        if excluded is not None:
            ok[excluded] = False
    return ok


Rows = slice | NDArray[np.int64]


def factor_values(
    index: MentorIndex,
    query: MenteeQuery,
    text: NDArray[np.float64],
    rows: Rows = ALL,
    *,
    only: tuple[str, ...] = FACTORS,
) -> dict[str, NDArray[np.float64]]:
    """Each applicable factor's value in [0, 1] for `rows` (default: every row).

    Factors of columns with few distinct values (time zones, years) are computed once per
    value and gathered, and whole contiguous arrays are used rather than a gathered
    candidate set: for 100,000 mentors this is cheaper than computing per row.
    """
    n = len(index)
    values: dict[str, NDArray[np.float64]] = {}
    if "text" in only:
        values["text"] = np.minimum(text[rows] * (1.0 / TEXT_SATURATION), 1.0)
    if query.skills_wanted and "skills" in only:
        matched = index.skills.count_matches(query.skills_wanted, n)[rows]
        values["skills"] = matched * (1.0 / len(query.skills_wanted))
    if query.goal_areas and "goal_areas" in only:
        matched = index.areas.count_matches(query.goal_areas, n)[rows]
        values["goal_areas"] = matched * (1.0 / len(query.goal_areas))
    if query.industry is not None and "industry" in only:
        industry = index.industry[rows]
        same = (industry == query.industry).astype(np.float64)
        if query.industry_preference == "different":
            values["industry"] = np.where(industry >= 0, 1.0 - same, 0.0)
        else:
            values["industry"] = same
    offsets = index.offset_levels.table()
    timezone_table = np.exp(
        np.abs(offsets - query.utc_offset_hours) * (-1.0 / TIMEZONE_DECAY_HOURS)
    )
    values["timezone"] = timezone_table[index.offset_code[rows]]
    values["seniority"] = _seniority(index.years_levels.table(), query)[index.years_code[rows]]
    if query.meeting_modes:
        modes = np.uint8(index.modes.mask(query.meeting_modes, grow=False))
        mentor_modes = index.mode_bits[rows]
        shared = ((mentor_modes & modes) != 0).astype(np.float64)
        values["meeting_modes"] = np.where(mentor_modes == 0, 0.5, shared)
    if "responsiveness" in only:
        values["responsiveness"] = index.responsiveness_value[rows]
    if "capacity" in only:
        values["capacity"] = index.capacity_value[rows]
    return values


def _seniority(mentor_years: NDArray[np.float64], query: MenteeQuery) -> NDArray[np.float64]:
    """How well the mentor's experience fits the wish; unknown experience is neutral (0.5).

    "reverse" (a reverse-mentoring program) favours mentors with fewer years than the mentee,
    fully from 5 fewer; a mentee of unknown experience cannot be reversed, so it is neutral.
    "none" (a program without an experience preference) is neutral for everyone, and
    `applicable_factors` leaves the factor out of the score altogether.
    """
    mentee_years = 0.0 if query.years_experience is None else query.years_experience
    preference = query.seniority_preference
    if preference == "none" or (preference == "reverse" and query.years_experience is None):
        return np.full(mentor_years.shape, 0.5)
    if preference == "reverse":
        value = np.clip((mentee_years - mentor_years) / 5.0, 0.0, 1.0)
    elif preference == "peer":
        value = 1.0 - np.minimum(np.abs(mentor_years - mentee_years), 10.0) / 10.0
    elif preference == "senior":
        value = np.clip((mentor_years - mentee_years) / 5.0, 0.0, 1.0)
    elif preference == "executive":
        value = np.clip(mentor_years / 15.0, 0.0, 1.0)
    else:  # no preference: a mentor somewhat more experienced is usually the most helpful
        value = np.clip((mentor_years - mentee_years) / 10.0, 0.0, 1.0)
    # NaN (unknown experience) survives the arithmetic above; make it neutral.
    result: NDArray[np.float64] = np.nan_to_num(value, nan=0.5)
    return result


def applicable_factors(query: MenteeQuery, weights: Mapping[str, float]) -> dict[str, float]:
    """The weighted factors that apply to this mentee (they named skills, an industry, …)."""
    applies = {
        "text": True,
        "skills": bool(query.skills_wanted),
        "goal_areas": bool(query.goal_areas),
        "industry": query.industry is not None,
        "timezone": True,
        "seniority": query.seniority_preference != "none",
        "meeting_modes": bool(query.meeting_modes),
        "responsiveness": True,
        "capacity": True,
    }
    chosen = {name: weights[name] for name in FACTORS if applies[name] and weights[name] > 0}
    return chosen or {"text": 1.0}  # nothing weighted applies: fall back to text alone


def weighted_scores(
    index: MentorIndex,
    query: MenteeQuery,
    text: NDArray[np.float64],
    applicable: Mapping[str, float],
) -> NDArray[np.float64]:
    """`100 × Σ weight × value / Σ weight` for every row, in as few array passes as possible.

    Equal to summing `factor_values` (a test checks it), but folds the query-independent
    factors into one cached vector and time zone with experience into one table lookup.
    """
    scale = 100.0 / sum(applicable.values())
    weight = {name: applicable.get(name, 0.0) * scale for name in FACTORS}
    scores = index.static_part(weight["responsiveness"], weight["capacity"]).copy()
    if weight["timezone"] or weight["seniority"]:
        offsets = index.offset_levels.table()
        timezone = np.exp(np.abs(offsets - query.utc_offset_hours) * (-1.0 / TIMEZONE_DECAY_HOURS))
        seniority = _seniority(index.years_levels.table(), query)
        table = weight["timezone"] * timezone[:, None] + weight["seniority"] * seniority[None, :]
        scores += table.ravel()[index.pair_code()]
    if weight["text"]:
        # In place: `text` is this call's own vector, and every pass over 100,000 floats counts.
        saturated = np.minimum(text, TEXT_SATURATION)
        saturated *= weight["text"] / TEXT_SATURATION
        scores += saturated
    n = len(index)
    if weight["skills"]:
        scores += index.skills.count_matches(query.skills_wanted, n) * (
            weight["skills"] / len(query.skills_wanted)
        )
    if weight["goal_areas"]:
        scores += index.areas.count_matches(query.goal_areas, n) * (
            weight["goal_areas"] / len(query.goal_areas)
        )
    others = factor_values_for(index, query, ("industry", "meeting_modes"), weight)
    for name, values in others.items():
        scores += weight[name] * values
    return scores


def factor_values_for(
    index: MentorIndex, query: MenteeQuery, names: tuple[str, ...], weight: Mapping[str, float]
) -> dict[str, NDArray[np.float64]]:
    """The rarely applicable factors (industry, meeting modes) over every row."""
    if not any(weight[name] for name in names):
        return {}
    values = factor_values(index, query, np.zeros(0), ALL, only=names)
    return {name: values[name] for name in names if weight[name] and name in values}


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
    ok = eligible_mask(index, query)
    eligible = int(np.count_nonzero(ok))
    if eligible == 0:
        return Ranking(build_number=index.build_number, eligible=0)
    vector = query_vector if query_vector is not None else index.vectorize(query.text)
    text = index.text_scores(vector)
    applicable = applicable_factors(query, chosen)
    scores = weighted_scores(index, query, text, applicable)
    np.copyto(scores, -np.inf, where=~ok)

    top = _top_k(scores, index.ids, min(k, eligible))
    values = factor_values(index, query, text, top)
    mentors = [
        ScoredMentor(
            mentor_id=int(index.ids[row]),
            row=int(row),
            score=round(float(scores[row]), 2),
            values={name: round(float(values[name][position]), 4) for name in applicable},
            weights=dict(applicable),
        )
        for position, row in enumerate(top.tolist())
    ]
    return Ranking(build_number=index.build_number, eligible=eligible, mentors=mentors)


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

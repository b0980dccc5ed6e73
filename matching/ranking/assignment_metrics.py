"""What a cohort proposal achieves: coverage, scores, loads, stability and why people wait.

A pure function of the scores, the capacities and the assignment, so the same figures are
shown for the solver's proposal and for a proposal a program admin has edited by hand.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

from matching.ranking.assignment import BLOCK_ENTRIES, UNMATCHED, Instance, Scores, validate


class UnmatchedReason(enum.StrEnum):
    """Why a mentee has no mentor in a proposal, checked in this order."""

    # No pair at all (the Django side says e.g. "no mentor shares a language").
    NO_ALLOWED_PAIR = "no_allowed_pair"
    # Pairs exist, but every one scores below the run's minimum score.
    BELOW_MIN_SCORE = "below_min_score"
    # Every mentor of a usable pair is at capacity.
    MENTORS_FULL = "mentors_full"
    # A usable mentor still has room, but the objective left the pair out ("total_score"
    # does that only for a pair scoring below 0; a hand-edited proposal may do it anyway).
    NOT_CHOSEN = "not_chosen"


@dataclass(frozen=True)
class ProposalMetrics:
    """The figures of one proposal; `summary()` is the JSON-ready form stored with a run."""

    mentees: int
    matched: int
    total_score: float
    mean_score: float | None  # None when nobody is matched
    lowest_score: float | None
    capacity_total: int
    capacity_used: int
    mentor_load: NDArray[np.int64]  # mentees per mentor
    blocking_pairs: int
    unmatched: dict[int, UnmatchedReason] = field(default_factory=dict)

    @property
    def coverage(self) -> float:
        """Share of mentees with a mentor (0 for an empty cohort)."""
        return self.matched / self.mentees if self.mentees else 0.0

    @property
    def load_counts(self) -> dict[int, int]:
        """How many mentors carry 0, 1, 2, … mentees."""
        counts = np.bincount(self.mentor_load)
        return {load: int(count) for load, count in enumerate(counts.tolist()) if count}

    @property
    def reason_counts(self) -> dict[UnmatchedReason, int]:
        counts = dict.fromkeys(UnmatchedReason, 0)
        for reason in self.unmatched.values():
            counts[reason] += 1
        return counts

    def summary(self) -> dict[str, Any]:
        return {
            "mentees": self.mentees,
            "matched": self.matched,
            "coverage": self.coverage,
            "total_score": self.total_score,
            "mean_score": self.mean_score,
            "lowest_score": self.lowest_score,
            "capacity_total": self.capacity_total,
            "capacity_used": self.capacity_used,
            "load_counts": {str(load): count for load, count in self.load_counts.items()},
            "blocking_pairs": self.blocking_pairs,
            "unmatched_reasons": {
                reason.value: count for reason, count in self.reason_counts.items()
            },
        }


def proposal_metrics(
    scores: Scores,
    capacities: ArrayLike,
    assignment: ArrayLike,
    *,
    min_score: float | None = None,
    allowed: ArrayLike | sp.sparray | sp.spmatrix | None = None,
) -> ProposalMetrics:
    """Measure `assignment` (a mentor index per mentee, −1 for none) against the instance.

    `allowed` is an optional mentees × mentors boolean mask (dense, or sparse with stored
    True/non-zero entries) of the pairs permitted before the minimum score and capacities
    apply, e.g. "shares a language". A pair counts only when it is allowed *and* has a score.
    Without it, the pairs present in `scores` are the allowed ones. Blocking pairs are usable
    pairs (allowed, at or above `min_score`, mentor capacity above 0) where the mentee is
    unmatched or scores strictly higher with that mentor, and the mentor has room or scores
    strictly higher with that mentee than with one of its own.
    """
    instance = validate(scores, capacities, min_score=min_score)
    n, m = instance.shape
    match = np.asarray(assignment, dtype=np.int64)
    if match.shape != (n,):
        raise ValueError(f"assignment must have one entry per mentee ({n}), not {match.shape}.")
    if ((match < UNMATCHED) | (match >= m)).any():
        raise ValueError("assignment holds a mentor index out of range.")
    mask = _allowed_mask(allowed, (n, m))
    caps = instance.capacities
    matched_rows = np.flatnonzero(match != UNMATCHED)
    held = np.full(n, -np.inf)
    held[matched_rows] = _pair_scores(instance, matched_rows, match[matched_rows])
    load = np.bincount(match[matched_rows], minlength=m).astype(np.int64)
    worst = np.full(m, np.inf)
    np.minimum.at(worst, match[matched_rows], held[matched_rows])
    worst[load < caps] = -np.inf  # a mentor with room takes anyone usable
    blocking = 0
    unmatched: dict[int, UnmatchedReason] = {}
    has_room = load < caps
    step = max(1, BLOCK_ENTRIES // max(m, 1))
    for start in range(0, n, step):
        stop = min(n, start + step)
        raw = _raw_rows(instance, start, stop)
        if mask is not None:
            raw[~_mask_rows(mask, start, stop)] = -np.inf
        usable = raw.copy()
        if min_score is not None:
            usable[usable < min_score] = -np.inf
        usable[:, caps == 0] = -np.inf
        ok = np.isfinite(usable)
        blocking += int(
            np.count_nonzero(ok & (usable > held[start:stop, None]) & (usable > worst[None, :]))
        )
        waiting = np.flatnonzero(match[start:stop] == UNMATCHED)
        any_pair = np.asarray(np.isfinite(raw[waiting]).any(axis=1), dtype=bool)
        room = np.asarray((ok[waiting] & has_room[None, :]).any(axis=1), dtype=bool)
        for offset, pair, free in zip(
            waiting.tolist(), any_pair.tolist(), room.tolist(), strict=True
        ):
            if not pair:
                reason = UnmatchedReason.NO_ALLOWED_PAIR
            elif _only_low_scores(raw[offset], min_score):
                reason = UnmatchedReason.BELOW_MIN_SCORE
            elif not free:
                reason = UnmatchedReason.MENTORS_FULL
            else:
                reason = UnmatchedReason.NOT_CHOSEN
            unmatched[start + offset] = reason
    chosen = held[matched_rows]
    return ProposalMetrics(
        mentees=n,
        matched=int(matched_rows.size),
        total_score=float(chosen.sum()),
        mean_score=float(chosen.mean()) if chosen.size else None,
        lowest_score=float(chosen.min()) if chosen.size else None,
        capacity_total=int(caps.sum()),
        capacity_used=int(np.minimum(load, caps).sum()),
        mentor_load=load,
        blocking_pairs=blocking,
        unmatched=unmatched,
    )


def _only_low_scores(row: NDArray[np.float64], min_score: float | None) -> bool:
    """Every pair of this row scores below the minimum (so capacities never came into it)."""
    present = row[np.isfinite(row)]
    return min_score is not None and bool((present < min_score).all())


def _raw_rows(instance: Instance, start: int, stop: int) -> NDArray[np.float64]:
    """Rows as dense scores, −inf only where a pair is absent (no minimum, no capacity)."""
    bare = Instance(
        dense=instance.dense,
        sparse=instance.sparse,
        capacities=np.ones_like(instance.capacities),
        min_score=None,
    )
    return bare.rows(start, stop)


def _pair_scores(
    instance: Instance, rows: NDArray[np.int64], cols: NDArray[np.int64]
) -> NDArray[np.float64]:
    """The scores of the assigned pairs; an assigned pair must have a score."""
    if instance.dense is not None:
        values = instance.dense[rows, cols]
        present = np.isfinite(values)
    else:
        assert instance.sparse is not None
        matrix = instance.sparse
        present = np.zeros(rows.size, dtype=bool)
        values = np.zeros(rows.size)
        for position, (row, col) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
            lo, hi = matrix.indptr[row], matrix.indptr[row + 1]
            hit = np.flatnonzero(matrix.indices[lo:hi] == col)
            if hit.size:
                present[position] = True
                values[position] = matrix.data[lo + hit[0]]
    if not present.all():
        first = int(rows[np.flatnonzero(~present)[0]])
        raise ValueError(f"assignment pairs mentee {first} with a mentor it has no score for.")
    return np.asarray(values, dtype=np.float64)


Mask: TypeAlias = NDArray[np.bool_] | Any  # dense, or a scipy.sparse CSR matrix


def _allowed_mask(
    allowed: ArrayLike | sp.sparray | sp.spmatrix | None, shape: tuple[int, int]
) -> Mask | None:
    if allowed is None:
        return None
    if sp.issparse(allowed):
        mask: Mask = sp.csr_matrix(allowed, dtype=bool)
    else:
        mask = np.asarray(allowed, dtype=bool)
    if mask.shape != shape:
        raise ValueError(f"allowed must have the shape of scores {shape}, not {mask.shape}.")
    return mask


def _mask_rows(mask: Mask, start: int, stop: int) -> NDArray[np.bool_]:
    if isinstance(mask, np.ndarray):
        return mask[start:stop]
    rows: NDArray[np.bool_] = np.asarray(mask[start:stop].toarray(), dtype=bool)
    return rows

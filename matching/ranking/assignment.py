"""Cohort matching: give each mentee at most one mentor, each mentor at most `capacity` mentees.

The input is a score matrix S (mentees × mentors). A pair is *allowed* when it is present:
a finite entry of a dense array (−inf marks a forbidden pair) or a stored entry of a
`scipy.sparse` matrix (absent means forbidden; a stored 0 is an allowed pair scoring 0).
`min_score` forbids the pairs scoring below it, and a mentor of capacity 0 takes no one.

Objectives
----------
"total_score": maximise Σ s_ij x_ij over x ∈ {0,1} with Σ_j x_ij ≤ 1 (each mentee) and
Σ_i x_ij ≤ c_j (each mentor). Its LP relaxation is a bipartite b-matching LP, whose
constraint matrix is totally unimodular, so the LP optimum is integral and LP duality
certifies it: the dual is  min Σ_i u_i + Σ_j c_j v_j  s.t.  u_i + v_j ≥ s_ij on allowed
pairs, u, v ≥ 0. A matching x and prices (u, v) are both optimal exactly when x is feasible,
(u, v) is dual feasible and complementary slackness holds (x_ij = 1 ⇒ u_i + v_j = s_ij;
u_i > 0 ⇒ i matched; v_j > 0 ⇒ j full).

"coverage": as many mentees matched as possible, then the largest total score among those.
This is "total_score" with s'_ij = (s_ij − s_min) + W, where W = k_max · (s_max − s_min) + 1
and k_max = min(mentees, Σ c_j): one more matched pair is worth more than any score
difference, so the lexicographic order is kept while the problem stays a b-matching.

"stable": mentee-proposing deferred acceptance (Gale–Shapley with capacities). Mentees rank
their allowed mentors by score (ties: lower mentor index first), mentors rank proposers by
the same score (ties: lower mentee index first). The result has no blocking pair: no allowed
(i, j) where i prefers j to its match (or is unmatched) and j has room or prefers i to one
of its mentees. With one common score for both sides this is the unique stable matching.

How the exact objectives stay fast
----------------------------------
A mentee's best pairs almost always contain its optimal mentor, so the b-matching is solved
on each mentee's top `candidates` pairs only: expanded into mentor slots plus one private
"unmatched" column per mentee, it is a rectangular assignment problem for LAPJVsp
(`scipy.sparse.csgraph.min_weight_full_bipartite_matching`). Optimal prices are then read
off the solution as shortest paths (the mentor prices v are the least prices at which every
mentee's match is its best candidate, the outside option worth 0 and free mentors priced 0;
u_i = s_i,m(i) − v_m(i)), and every allowed pair of the *full* instance is checked for
u_i + v_j ≥ s_ij. If all hold, the pruned answer is optimal for the full instance by LP
duality. Violating pairs are added to the candidates and the pruned problem is solved again,
until certified; if the prices cannot be computed (never expected), the full instance is
solved. Integer-valued scores are handled exactly; other floats up to a relative rounding
tolerance of 1e-11.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias, cast

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from matching.ranking.index import MentorIndex
from matching.ranking.records import MenteeQuery
from matching.ranking.scoring import (
    DEFAULT_WEIGHTS,
    applicable_factors,
    eligible_mask,
    validate_weights,
    weighted_scores,
)

Objective = Literal["total_score", "coverage", "stable"]
OBJECTIVES: tuple[str, ...] = ("total_score", "coverage", "stable")
UNMATCHED = -1
CANDIDATES_PER_MENTEE = 32
# Rows are read as dense blocks of at most this many entries (32 MB of float64), so a large
# sparse instance is never densified at once.
BLOCK_ENTRIES = 1 << 22
RELATIVE_TOLERANCE = 1e-11
# Pairs within this share of the score range of being dual infeasible join the candidates
# along with the infeasible ones (fewer re-solves; the proof still needs none infeasible).
NEAR_SHARE = 0.05

# A dense array, or a scipy.sparse matrix or array (scipy is untyped here, hence Any).
Scores: TypeAlias = ArrayLike | Any
Assignment = NDArray[np.int64]


@dataclass(frozen=True)
class Instance:
    """Validated scores and capacities; rows can be read as dense blocks (−inf: forbidden)."""

    dense: NDArray[np.float64] | None
    sparse: sp.csr_matrix | None
    capacities: NDArray[np.int64]
    min_score: float | None

    @property
    def shape(self) -> tuple[int, int]:
        matrix = self.dense if self.dense is not None else self.sparse
        assert matrix is not None
        return (int(matrix.shape[0]), int(matrix.shape[1]))

    def rows(self, start: int, stop: int) -> NDArray[np.float64]:
        """Rows start..stop as dense scores, −inf where a pair is forbidden (not allowed,
        below `min_score`, or a mentor of capacity 0)."""
        return self.take(np.arange(start, stop))

    def take(self, rows: NDArray[np.int64]) -> NDArray[np.float64]:
        """The given rows as dense scores, −inf where a pair is forbidden."""
        if self.dense is not None:
            block = self.dense[rows]
        else:
            assert self.sparse is not None
            part = self.sparse[rows]
            block = np.full((rows.size, self.shape[1]), -np.inf)
            counts = np.diff(part.indptr)
            block[np.repeat(np.arange(rows.size), counts), part.indices] = part.data
        if self.min_score is not None:
            block[block < self.min_score] = -np.inf
        block[:, self.capacities == 0] = -np.inf
        return block

    def blocks(self) -> Iterator[tuple[int, NDArray[np.float64]]]:
        n, m = self.shape
        step = max(1, BLOCK_ENTRIES // max(m, 1))
        for start in range(0, n, step):
            yield start, self.rows(start, min(n, start + step))

    def entries(self) -> Iterator[tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]]:
        """A sparse instance's usable pairs as (rows, cols, scores), a few million at a time."""
        assert self.sparse is not None
        matrix = self.sparse
        n = self.shape[0]
        start = 0
        while start < n:
            limit = matrix.indptr[start] + BLOCK_ENTRIES
            stop = max(start + 1, int(np.searchsorted(matrix.indptr, limit, side="right")) - 1)
            stop = min(stop, n)
            lo, hi = matrix.indptr[start], matrix.indptr[stop]
            rows = np.repeat(np.arange(start, stop), np.diff(matrix.indptr[start : stop + 1]))
            cols = matrix.indices[lo:hi].astype(np.int64)
            values = matrix.data[lo:hi]
            keep = self.capacities[cols] > 0
            if self.min_score is not None:
                keep &= values >= self.min_score
            yield rows[keep], cols[keep], values[keep]
            start = stop

    def score_range(self) -> tuple[float, float] | None:
        """(lowest, highest) score of the usable pairs; None when there is none."""
        low, high = np.inf, -np.inf
        if self.sparse is not None:
            pieces = (values for _, _, values in self.entries())
        else:
            pieces = (block[np.isfinite(block)] for _, block in self.blocks())
        for usable in pieces:
            if usable.size:
                low, high = min(low, float(usable.min())), max(high, float(usable.max()))
        return None if low == np.inf else (low, high)


def _score_matrix(scores: Scores) -> tuple[NDArray[np.float64] | None, sp.csr_matrix | None]:
    """Scores as (dense, None) or (None, CSR), checked for NaN and infinities."""
    if sp.issparse(scores):
        matrix = sp.csr_matrix(cast(sp.spmatrix, scores), dtype=np.float64, copy=True)
        matrix.sum_duplicates()
        values: NDArray[np.float64] = matrix.data
        dense = None
    else:
        dense = np.asarray(scores, dtype=np.float64)
        if dense.ndim != 2:
            raise ValueError(f"scores must be a 2-D array (mentees × mentors), not {dense.ndim}-D.")
        values = dense[dense != -np.inf]
        matrix = None
    if np.isnan(values).any():
        raise ValueError("scores contain NaN: every pair needs a score (or leave it out).")
    if np.isinf(values).any():
        raise ValueError(
            "scores must be finite; forbid a pair with -inf (dense) or by leaving it out (sparse)."
        )
    return dense, matrix


def validate(scores: Scores, capacities: ArrayLike, *, min_score: float | None = None) -> Instance:
    """Check the inputs and return them as an `Instance`; a `ValueError` says what is wrong."""
    dense, matrix = _score_matrix(scores)
    mentors = dense.shape[1] if dense is not None else matrix.shape[1]  # type: ignore[union-attr]
    raw = np.asarray(capacities)
    if raw.ndim != 1 or raw.shape[0] != mentors:
        raise ValueError(
            f"capacities must have one entry per mentor: scores has {mentors} mentor columns, "
            f"capacities has shape {raw.shape}."
        )
    whole = np.issubdtype(raw.dtype, np.integer) or (
        np.issubdtype(raw.dtype, np.floating) and bool(np.all(raw == np.round(raw)))
    )
    if raw.size and not whole:
        raise ValueError("capacities must be whole numbers.")
    caps = raw.astype(np.int64)
    if (caps < 0).any():
        first = int(np.flatnonzero(caps < 0)[0])
        raise ValueError(
            f"capacities must not be negative: mentor {first} has capacity {caps[first]}."
        )
    if min_score is not None and not np.isfinite(min_score):
        raise ValueError("min_score must be a finite number or None.")
    return Instance(dense=dense, sparse=matrix, capacities=caps, min_score=min_score)


def min_score_problem(scores: Scores, min_score: float | None) -> str | None:
    """Why a cohort run with this `min_score` should be refused, or None when it is fine.

    The solver accepts a minimum above every pair (everyone is left unmatched, "below the
    minimum score"); a person starting a run almost certainly did not mean that.
    """
    if min_score is None:
        return None
    dense, matrix = _score_matrix(scores)
    mentors = dense.shape[1] if dense is not None else matrix.shape[1]  # type: ignore[union-attr]
    everyone = np.ones(mentors, dtype=np.int64)  # capacities do not matter here
    usable = Instance(dense=dense, sparse=matrix, capacities=everyone, min_score=None).score_range()
    if usable is None:
        return None  # no allowed pair at all: a different problem, reported per mentee
    if usable[1] < min_score:
        return (
            f"The minimum score {min_score:g} is above every pair's score "
            f"(the best is {usable[1]:.2f}): nobody would be matched."
        )
    return None


def assign_cohort(
    scores: Scores,
    capacities: ArrayLike,
    *,
    objective: str = "total_score",
    min_score: float | None = None,
    candidates: int = CANDIDATES_PER_MENTEE,
) -> Assignment:
    """Each mentee's mentor index, or −1 when unmatched; see the module docstring for the maths.

    `candidates` is how many best pairs per mentee the exact objectives start from; it only
    changes the speed, never the answer (the result is certified against every pair).
    """
    if objective not in OBJECTIVES:
        raise ValueError(f"Unknown objective {objective!r}: use one of {', '.join(OBJECTIVES)}.")
    if candidates < 1:
        raise ValueError("candidates must be at least 1.")
    instance = validate(scores, capacities, min_score=min_score)
    if objective == "stable":
        return deferred_acceptance(instance)
    return max_score_matching(instance, coverage=objective == "coverage", candidates=candidates)


# --- the exact objectives ----------------------------------------------------------------


@dataclass(frozen=True)
class Weights:
    """Scores as b-matching weights: w = (s − shift) + bonus; pairs below `floor` dropped."""

    shift: float
    bonus: float
    floor: float
    tolerance: float
    spread: float  # highest − lowest usable score

    def of(self, block: NDArray[np.float64]) -> NDArray[np.float64]:
        weights = block - self.shift + self.bonus
        weights[block < self.floor] = -np.inf
        return weights


def _weights(instance: Instance, *, coverage: bool) -> Weights | None:
    usable = instance.score_range()
    if usable is None:
        return None
    low, high = usable
    if coverage:
        most = min(instance.shape[0], int(instance.capacities.sum()))
        bonus = most * (high - low) + 1.0
        scale = bonus + high - low
        return Weights(
            shift=low, bonus=bonus, floor=-np.inf, tolerance=_tolerance(scale), spread=high - low
        )
    # A pair scoring below 0 never helps a total: leaving both sides alone scores 0.
    return Weights(
        shift=0.0,
        bonus=0.0,
        floor=0.0,
        tolerance=_tolerance(max(abs(low), high)),
        spread=high - low,
    )


def _tolerance(scale: float) -> float:
    return RELATIVE_TOLERANCE * max(1.0, scale)


@dataclass
class Pairs:
    """Candidate pairs (mentee, mentor, weight); `ceiling[i]` bounds the weight of every usable
    pair of mentee i that is *not* a candidate (−inf when all of them are)."""

    rows: NDArray[np.int64]
    cols: NDArray[np.int64]
    weights: NDArray[np.float64]
    ceiling: NDArray[np.float64]

    def add(self, rows: NDArray[np.int64], cols: NDArray[np.int64], w: NDArray[np.float64]) -> None:
        self.rows = np.concatenate([self.rows, rows])
        self.cols = np.concatenate([self.cols, cols])
        self.weights = np.concatenate([self.weights, w])


def max_score_matching(instance: Instance, *, coverage: bool, candidates: int) -> Assignment:
    """The exact "total_score" or "coverage" matching, certified by LP duality."""
    n, m = instance.shape
    weights = _weights(instance, coverage=coverage)
    if weights is None:
        return np.full(n, UNMATCHED, dtype=np.int64)
    pairs = _top_pairs(instance, weights, candidates)
    while True:
        match = _solve_pairs(pairs, instance.capacities, n)
        prices = _prices(pairs, match, instance.capacities, weights.tolerance)
        if prices is None:
            break
        u, v = prices
        near, broken = _violations(instance, weights, pairs, u, v, NEAR_SHARE * weights.spread)
        if not broken:
            if not coverage:
                _fill_zero_pairs(instance, match)
            return match
        new = ~np.isin(near.rows * m + near.cols, pairs.rows * m + pairs.cols)
        if not new.any():
            break  # candidate pairs themselves violate: rounding trouble, see below
        pairs.add(near.rows[new], near.cols[new], near.weights[new])
    # Never expected: fall back to the whole instance, which LAPJVsp solves exactly on its own.
    match = _solve_pairs(_top_pairs(instance, weights, m), instance.capacities, n)
    if not coverage:
        _fill_zero_pairs(instance, match)
    return match


def _top_pairs(instance: Instance, weights: Weights, k: int) -> Pairs:
    """Each mentee's `k` highest-weight usable pairs."""
    rows, cols, values = [], [], []
    ceiling = np.full(instance.shape[0], -np.inf)
    for start, block in instance.blocks():
        w = weights.of(block)
        if k < w.shape[1]:
            top = np.argpartition(-w, k - 1, axis=1)[:, :k]
        else:
            top = np.broadcast_to(np.arange(w.shape[1]), w.shape)
        picked = np.take_along_axis(w, top, axis=1)
        keep = np.isfinite(picked)
        rows.append(np.nonzero(keep)[0].astype(np.int64) + start)
        cols.append(top[keep].astype(np.int64))
        values.append(picked[keep])
        pruned = np.isfinite(w).sum(axis=1) > keep.sum(axis=1)
        ceiling[start : start + w.shape[0]] = np.where(pruned, picked.min(axis=1), -np.inf)
    return Pairs(np.concatenate(rows), np.concatenate(cols), np.concatenate(values), ceiling)


def _solve_pairs(pairs: Pairs, capacities: NDArray[np.int64], n: int) -> Assignment:
    """Maximum-weight b-matching on the candidate pairs, as one rectangular assignment.

    Mentor j becomes min(c_j, its candidate count) identical slot columns, and whichever
    side is smaller (mentees or slots) gets one private "stay empty" partner of weight 0
    per vertex, so that LAPJVsp's full matching of that side always exists. Putting the
    smaller side on the rows matters: with places scarcer than mentees, rows = slots is
    several times faster. Costs are (top + 1) − weight, so every cost is at least 1
    (LAPJVsp reads a stored 0 as no edge) and the minimum cost is the maximum weight.
    """
    match = np.full(n, UNMATCHED, dtype=np.int64)
    if pairs.rows.size == 0:
        return match
    wanted = np.bincount(pairs.cols, minlength=capacities.size)
    slots = np.minimum(capacities, wanted)
    first_slot = np.concatenate([[0], np.cumsum(slots)])
    n_slots = int(first_slot[-1])
    per_pair = slots[pairs.cols]
    total = int(per_pair.sum())
    offset = np.arange(total) - np.repeat(np.cumsum(per_pair) - per_pair, per_pair)
    top = float(pairs.weights.max())
    pair_cost = np.repeat((top + 1.0) - pairs.weights, per_pair)
    mentee = np.repeat(pairs.rows, per_pair)
    slot = np.repeat(first_slot[pairs.cols], per_pair) + offset
    owner = np.repeat(np.arange(capacities.size), slots)
    if n_slots < n:  # rows = slots; columns = mentees, then one "empty" column per slot
        rows = np.concatenate([slot, np.arange(n_slots)])
        cols = np.concatenate([mentee, n + np.arange(n_slots)])
        shape = (n_slots, n + n_slots)
    else:  # rows = mentees; columns = slots, then one "unmatched" column per mentee
        rows = np.concatenate([mentee, np.arange(n)])
        cols = np.concatenate([slot, n_slots + np.arange(n)])
        shape = (n, n_slots + n)
    costs = np.concatenate([pair_cost, np.full(shape[0], top + 1.0)])
    graph = sp.csr_matrix((costs, (rows, cols)), shape=shape)
    row_ind, col_ind = min_weight_full_bipartite_matching(graph)
    if n_slots < n:
        real = col_ind < n
        match[col_ind[real]] = owner[row_ind[real]]
    else:
        real = col_ind < n_slots
        match[row_ind[real]] = owner[col_ind[real]]
    return match


def _prices(
    pairs: Pairs, match: Assignment, capacities: NDArray[np.int64], tolerance: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]] | None:
    """Optimal duals (u per mentee, v per mentor) of the candidate problem, or None.

    v_j = −d_j where d is the shortest distance *to* an outside node o (price 0) in the
    graph of difference constraints: v_j ≥ v_a − (w_ia − w_ij) for a candidate (i, j) of a
    mentee matched to a (a = o, w_io = 0, when unmatched), v_a ≤ w_ia, v ≥ 0 and v_j = 0 for
    a mentor with room. Solved by vectorised Bellman–Ford from o on the reversed graph;
    a negative cycle (a non-optimal matching) or no convergence gives None.
    """
    m = capacities.size
    outside = m
    held = match[pairs.rows]
    mine = held == pairs.cols
    matched_rows = np.flatnonzero(match >= 0)
    held_weight = np.zeros(match.size)
    held_weight[pairs.rows[mine]] = pairs.weights[mine]
    anchor = np.where(held >= 0, held, outside)
    others = ~mine
    load = np.bincount(match[matched_rows], minlength=m)
    free = np.flatnonzero(load < capacities)
    src = np.concatenate([anchor[others], match[matched_rows], free])
    dst = np.concatenate(
        [pairs.cols[others], np.full(matched_rows.size, outside), np.full(free.size, outside)]
    )
    weight = np.concatenate(
        [
            held_weight[pairs.rows[others]] - pairs.weights[others],
            held_weight[matched_rows],
            np.zeros(free.size),
        ]
    )
    order = np.argsort(dst, kind="stable")
    src, dst, weight = src[order], dst[order], weight[order]
    targets, starts = np.unique(dst, return_index=True)
    distance = np.zeros(m + 1)  # every mentor is reached from o at 0 (v ≥ 0)
    for _ in range(m + 2):
        best = np.minimum.reduceat(distance[src] + weight, starts)
        improved = best < distance[targets] - tolerance
        if not improved.any():
            break
        distance[targets[improved]] = best[improved]
        if distance[outside] < 0:
            return None
    else:
        return None
    v = -distance[:m]
    u = np.zeros(match.size)
    u[matched_rows] = held_weight[matched_rows] - v[match[matched_rows]]
    if (u < -tolerance).any() or (v[free] > tolerance).any():
        return None
    return u, v


def _violations(
    instance: Instance,
    weights: Weights,
    pairs: Pairs,
    u: NDArray[np.float64],
    v: NDArray[np.float64],
    slack: float,
) -> tuple[Pairs, bool]:
    """The usable pairs of the full instance with u_i + v_j < w_ij + `slack`, and whether any
    of them is dual infeasible (u_i + v_j < w_ij beyond rounding): those break the proof.

    Pairs that are merely close (within `slack`) are returned too: they are the ones most
    likely to be violated after the next solve, so adding them saves rounds. Since v ≥ 0,
    a pruned pair of mentee i can only come close when its ceiling exceeds u_i − slack;
    the other mentees' rows are not read at all.
    """
    near = pairs.weights > u[pairs.rows] + v[pairs.cols] - slack
    rows, cols, values = [pairs.rows[near]], [pairs.cols[near]], [pairs.weights[near]]
    scan = np.flatnonzero(pairs.ceiling > u - slack)
    step = max(1, BLOCK_ENTRIES // max(instance.shape[1], 1))
    for start in range(0, scan.size, step):
        chunk = scan[start : start + step]
        w = weights.of(instance.take(chunk))
        near_rows, near_cols = np.nonzero(w > u[chunk, None] + v - slack)
        rows.append(chunk[near_rows])
        cols.append(near_cols.astype(np.int64))
        values.append(w[near_rows, near_cols])
    found = Pairs(np.concatenate(rows), np.concatenate(cols), np.concatenate(values), pairs.ceiling)
    broken = bool((found.weights > u[found.rows] + v[found.cols] + weights.tolerance).any())
    return found, broken


def _fill_zero_pairs(instance: Instance, match: Assignment) -> None:
    """Give unmatched mentees a mentor with room at score 0: the total is unchanged, and
    nobody is left out when a place is free (an optimum never leaves a positive pair free)."""
    load = np.bincount(match[match >= 0], minlength=instance.capacities.size)
    waiting = np.flatnonzero(match == UNMATCHED)
    step = max(1, BLOCK_ENTRIES // max(instance.shape[1], 1))
    for start in range(0, waiting.size, step):
        rows = waiting[start : start + step]
        zero = instance.take(rows) == 0.0
        for mentee, row in zip(rows.tolist(), zero, strict=True):
            open_zero = np.flatnonzero(row & (load < instance.capacities))
            if open_zero.size:
                match[mentee] = int(open_zero[0])
                load[open_zero[0]] += 1


# --- deferred acceptance -----------------------------------------------------------------


def deferred_acceptance(instance: Instance, *, list_length: int = 32) -> Assignment:
    """Mentee-proposing deferred acceptance with capacities (see the module docstring).

    Proposals are made in rounds by every free mentee at once (the outcome does not depend
    on the order). A mentor that is full keeps a cutoff (its worst mentee's score and index);
    a free mentee goes straight to its best mentor whose cutoff it beats, which is exactly
    where its next proposals would end, since cutoffs only rise. Preference lists start with
    each mentee's best `list_length` mentors and are completed only for those who run out.
    """
    n, m = instance.shape
    lists = PreferenceLists(instance, list_length)
    match = np.full(n, UNMATCHED, dtype=np.int64)
    held = np.full(n, -np.inf)
    pointer = np.zeros(n, dtype=np.int64)  # next list position to consider
    active = lists.lengths > 0
    cut_score = np.full(m, -np.inf)
    cut_mentee = np.full(m, n, dtype=np.int64)
    while True:
        proposers = np.flatnonzero(active & (match == UNMATCHED))
        if proposers.size == 0:
            return match
        mentees, mentors, values, positions = lists.next_acceptable(
            proposers, pointer, cut_score, cut_mentee
        )
        exhausted = np.setdiff1d(proposers, mentees, assume_unique=True)
        active[exhausted] = False
        pointer[mentees] = positions + 1
        touched = np.unique(mentors)
        holders = np.flatnonzero(np.isin(match, touched))
        all_i = np.concatenate([holders, mentees])
        all_j = np.concatenate([match[holders], mentors])
        all_s = np.concatenate([held[holders], values])
        order = np.lexsort((all_i, -all_s, all_j))
        all_i, all_j, all_s = all_i[order], all_j[order], all_s[order]
        group_start = np.searchsorted(all_j, all_j, side="left")
        rank = np.arange(all_j.size) - group_start
        keep = rank < instance.capacities[all_j]
        match[all_i[~keep]] = UNMATCHED
        held[all_i[~keep]] = -np.inf
        match[all_i[keep]] = all_j[keep]
        held[all_i[keep]] = all_s[keep]
        # The last kept mentee of a full mentor is its new cutoff.
        last = keep & (rank == instance.capacities[all_j] - 1)
        cut_score[all_j[last]] = all_s[last]
        cut_mentee[all_j[last]] = all_i[last]


class PreferenceLists:
    """Each mentee's usable mentors, best first (score descending, then mentor index)."""

    def __init__(self, instance: Instance, length: int) -> None:
        n, m = instance.shape
        self.instance = instance
        self.width = min(length, m)
        self.mentors = np.full((n, self.width), -1, dtype=np.int64)
        self.scores = np.full((n, self.width), -np.inf)
        self.lengths = np.zeros(n, dtype=np.int64)
        self.full: dict[int, tuple[NDArray[np.int64], NDArray[np.float64]]] = {}
        for start, block in instance.blocks():
            stop = start + block.shape[0]
            self.lengths[start:stop] = np.isfinite(block).sum(axis=1)
            if self.width < m:
                top = np.argpartition(-block, self.width - 1, axis=1)[:, : self.width]
            else:
                top = np.broadcast_to(np.arange(m), block.shape)
            values = np.take_along_axis(block, top, axis=1)
            order = np.lexsort((top, -values), axis=1)
            top = np.take_along_axis(top, order, axis=1)
            values = np.take_along_axis(values, order, axis=1)
            self.mentors[start:stop] = np.where(np.isfinite(values), top, -1)
            self.scores[start:stop] = values

    def _complete(self, mentees: Sequence[int]) -> None:
        for mentee in mentees:
            row = self.instance.rows(mentee, mentee + 1)[0]
            usable = np.flatnonzero(np.isfinite(row))
            order = np.lexsort((usable, -row[usable]))
            self.full[mentee] = (usable[order], row[usable[order]])

    def next_acceptable(
        self,
        mentees: NDArray[np.int64],
        pointer: NDArray[np.int64],
        cut_score: NDArray[np.float64],
        cut_mentee: NDArray[np.int64],
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64], NDArray[np.int64]]:
        """For each mentee, its first mentor from `pointer` on that would accept it now.

        Returns (mentees, mentors, scores, list positions) for those who have one.
        """
        short = mentees[pointer[mentees] < self.width]
        j = self.mentors[short]
        s = self.scores[short]
        position = np.arange(self.width)
        ok = (
            (position[None, :] >= pointer[short, None])
            & (j >= 0)
            & ((s > cut_score[j]) | ((s == cut_score[j]) & (short[:, None] < cut_mentee[j])))
        )
        found = ok.any(axis=1)
        first = ok.argmax(axis=1)
        out_i = [short[found]]
        out_p = [first[found]]
        out_j = [j[found, first[found]]]
        out_s = [s[found, first[found]]]
        # Lists that are longer than the stored prefix continue from the complete list.
        spill = np.concatenate(
            [
                short[~found & (self.lengths[short] > self.width)],
                mentees[pointer[mentees] >= self.width],
            ]
        )
        pointer[short[~found & (self.lengths[short] > self.width)]] = self.width
        self._complete([i for i in spill.tolist() if i not in self.full])
        for mentee in spill.tolist():
            mentors, scores = self.full[mentee]
            start = int(pointer[mentee])
            cand_j, cand_s = mentors[start:], scores[start:]
            accept = (cand_s > cut_score[cand_j]) | (
                (cand_s == cut_score[cand_j]) & (mentee < cut_mentee[cand_j])
            )
            if accept.any():
                at = int(accept.argmax())
                out_i.append(np.array([mentee]))
                out_p.append(np.array([start + at]))
                out_j.append(cand_j[at : at + 1])
                out_s.append(cand_s[at : at + 1])
            else:
                pointer[mentee] = mentors.size
        return (
            np.concatenate(out_i).astype(np.int64),
            np.concatenate(out_j).astype(np.int64),
            np.concatenate(out_s),
            np.concatenate(out_p).astype(np.int64),
        )


# --- scores from the ranker --------------------------------------------------------------


def ranker_scores(
    index: MentorIndex,
    mentees: Sequence[MenteeQuery],
    *,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
) -> sp.csr_matrix:
    """Mentees × index rows: the ranker's 0–100 score of every eligible pair, others absent.

    The same score `scoring.rank` gives (before its rounding to 2 decimals), for every
    eligible mentor rather than the top k, so a cohort run sees the whole market.
    """
    chosen = validate_weights(weights)
    indptr = [0]
    indices: list[NDArray[np.int64]] = []
    data: list[NDArray[np.float64]] = []
    for query in mentees:
        rows = np.flatnonzero(eligible_mask(index, query))
        if rows.size:
            text = index.text_scores(index.vectorize(query.text))
            scores = weighted_scores(index, query, text, applicable_factors(query, chosen))
            indices.append(rows)
            data.append(scores[rows])
        indptr.append(indptr[-1] + rows.size)
    return sp.csr_matrix(
        (
            np.concatenate(data) if data else np.zeros(0),
            np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64),
            np.asarray(indptr, dtype=np.int64),
        ),
        shape=(len(mentees), len(index)),
    )

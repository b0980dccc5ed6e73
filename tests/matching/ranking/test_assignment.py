"""Cohort assignment is exactly optimal, stable when asked, and explains who waits and why.

The oracles are independent of the solver: `linear_sum_assignment` (dense Jonker–Volgenant)
for capacity 1, `milp` (HiGHS branch and bound) for capacities and the lexicographic
"coverage" objective, and a plain double loop that counts blocking pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp

from matching.ranking.assignment import assign_cohort, min_score_problem, ranker_scores
from matching.ranking.assignment_metrics import UnmatchedReason, proposal_metrics
from matching.ranking.index import MentorIndex
from matching.ranking.scoring import rank
from matching.ranking.synthetic import generate

FORBIDDEN = -np.inf


@dataclass(frozen=True)
class Case:
    """A small instance: `table` is dense with −inf for forbidden pairs; `scores` is what the
    solver gets (the same table, or a sparse matrix holding only the allowed pairs)."""

    table: NDArray[np.float64]
    scores: NDArray[np.float64] | sp.csr_matrix
    capacities: NDArray[np.int64]
    min_score: float | None
    candidates: int

    def usable(self) -> NDArray[np.bool_]:
        ok = np.isfinite(self.table) & (self.capacities[None, :] > 0)
        if self.min_score is not None:
            ok &= self.table >= self.min_score
        return ok


@st.composite
def cases(draw: st.DrawFn, *, max_capacity: int = 3, floats: bool = False) -> Case:
    n = draw(st.integers(1, 9))
    m = draw(st.integers(1, 6))
    if floats:
        values = st.floats(-5, 100, allow_nan=False).map(lambda x: round(x, 2))
    else:  # a narrow range makes ties and zeros common
        values = st.integers(draw(st.sampled_from([-3, 0])), draw(st.sampled_from([3, 40])))
    table = np.array(
        draw(st.lists(st.lists(values, min_size=m, max_size=m), min_size=n, max_size=n)),
        dtype=np.float64,
    )
    allowed = np.array(
        draw(st.lists(st.booleans(), min_size=n * m, max_size=n * m)), dtype=bool
    ).reshape(n, m)
    if draw(st.booleans()):
        allowed[:] = True
    table[~allowed] = FORBIDDEN
    capacities = np.array(
        draw(st.lists(st.integers(0, max_capacity), min_size=m, max_size=m)), dtype=np.int64
    )
    min_score = draw(st.none() | st.integers(-2, 20).map(float))
    if draw(st.booleans()):
        rows, cols = np.nonzero(allowed)  # explicit zeros stay: they are allowed pairs
        scores: NDArray[np.float64] | sp.csr_matrix = sp.csr_matrix(
            (table[rows, cols], (rows, cols)), shape=(n, m)
        )
    else:
        scores = table
    return Case(table, scores, capacities, min_score, draw(st.sampled_from([1, 2, 32])))


def check_feasible(case: Case, match: NDArray[np.int64]) -> None:
    n, m = case.table.shape
    assert match.shape == (n,)
    assigned = np.flatnonzero(match >= 0)
    assert case.usable()[assigned, match[assigned]].all()
    assert (np.bincount(match[assigned], minlength=m) <= case.capacities).all()


def total(case: Case, match: NDArray[np.int64]) -> float:
    assigned = np.flatnonzero(match >= 0)
    return float(case.table[assigned, match[assigned]].sum())


def milp_optimum(case: Case, *, coverage: bool = False) -> tuple[int, float]:
    """(matched, total score) of the best b-matching, by integer programming on all pairs."""
    rows, cols = np.nonzero(case.usable())
    if rows.size == 0:
        return 0, 0.0
    n, m = case.table.shape
    a = np.zeros((n + m, rows.size))
    a[rows, np.arange(rows.size)] = 1
    a[n + cols, np.arange(rows.size)] = 1
    limits = LinearConstraint(a, -np.inf, np.concatenate([np.ones(n), case.capacities]))
    integral, box = np.ones(rows.size), Bounds(0, 1)
    constraints = [limits]
    if coverage:
        most = milp(-np.ones(rows.size), constraints=constraints, integrality=integral, bounds=box)
        count = round(-most.fun)
        constraints.append(LinearConstraint(np.ones((1, rows.size)), count, count))
    best = milp(-case.table[rows, cols], constraints=constraints, integrality=integral, bounds=box)
    x = np.round(best.x).astype(bool)
    return int(x.sum()), float(case.table[rows[x], cols[x]].sum())


def blocking_pairs(case: Case, match: NDArray[np.int64]) -> int:
    """Usable pairs that both sides strictly prefer to what they have: a double loop."""
    n, m = case.table.shape
    usable = case.usable()
    count = 0
    for i in range(n):
        for j in range(m):
            if not usable[i, j] or match[i] == j:
                continue
            s = case.table[i, j]
            mentee_wants = match[i] < 0 or s > case.table[i, match[i]]
            mine = [case.table[k, j] for k in range(n) if match[k] == j]
            mentor_wants = len(mine) < case.capacities[j] or s > min(mine)
            count += mentee_wants and mentor_wants
    return count


# --- exactness ---------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(cases(max_capacity=1))
def test_with_capacity_one_the_total_equals_linear_sum_assignment(case: Case) -> None:
    capacities = np.minimum(case.capacities, 1)
    case = Case(case.table, case.scores, capacities, case.min_score, case.candidates)
    match = assign_cohort(
        case.scores, capacities, min_score=case.min_score, candidates=case.candidates
    )
    check_feasible(case, match)
    # Dense LSA with one private "stay unmatched" column (0) per mentee; a forbidden or
    # negative pair is never worth taking, so it costs more than staying unmatched.
    n, m = case.table.shape
    gain = np.where(case.usable(), np.maximum(case.table, 0), 0.0)
    cost = np.full((n, m + n), 1e6)
    cost[:, :m] = np.where(case.usable(), -gain, 1.0)
    cost[np.arange(n), m + np.arange(n)] = 0.0
    rows, cols = linear_sum_assignment(cost)
    real = cols < m
    assert total(case, match) == gain[rows[real], cols[real]].sum()


@settings(max_examples=150, deadline=None)
@given(cases())
def test_with_capacities_the_total_equals_an_integer_program(case: Case) -> None:
    match = assign_cohort(
        case.scores, case.capacities, min_score=case.min_score, candidates=case.candidates
    )
    check_feasible(case, match)
    _, best = milp_optimum(
        Case(
            np.where(case.table < 0, FORBIDDEN, case.table),  # below 0 never helps a total
            case.scores,
            case.capacities,
            case.min_score,
            case.candidates,
        )
    )
    assert total(case, match) == best


@settings(max_examples=60, deadline=None)
@given(cases(floats=True))
def test_fractional_scores_reach_the_optimum_too(case: Case) -> None:
    match = assign_cohort(
        case.scores, case.capacities, min_score=case.min_score, candidates=case.candidates
    )
    check_feasible(case, match)
    _, best = milp_optimum(
        Case(
            np.where(case.table < 0, FORBIDDEN, case.table),
            case.scores,
            case.capacities,
            case.min_score,
            case.candidates,
        )
    )
    assert total(case, match) == pytest.approx(best, rel=1e-9, abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(cases())
def test_coverage_matches_the_most_mentees_then_the_best_total(case: Case) -> None:
    match = assign_cohort(
        case.scores,
        case.capacities,
        objective="coverage",
        min_score=case.min_score,
        candidates=case.candidates,
    )
    check_feasible(case, match)
    assert (int((match >= 0).sum()), total(case, match)) == milp_optimum(case, coverage=True)


@settings(max_examples=150, deadline=None)
@given(cases())
def test_the_stable_matching_has_no_blocking_pair(case: Case) -> None:
    match = assign_cohort(
        case.scores, case.capacities, objective="stable", min_score=case.min_score
    )
    check_feasible(case, match)
    assert blocking_pairs(case, match) == 0
    metrics = proposal_metrics(case.scores, case.capacities, match, min_score=case.min_score)
    assert metrics.blocking_pairs == 0


@settings(max_examples=100, deadline=None)
@given(cases())
def test_the_metrics_count_the_same_blocking_pairs_as_a_double_loop(case: Case) -> None:
    match = assign_cohort(case.scores, case.capacities, min_score=case.min_score)
    metrics = proposal_metrics(case.scores, case.capacities, match, min_score=case.min_score)
    assert metrics.blocking_pairs == blocking_pairs(case, match)
    assert metrics.matched + len(metrics.unmatched) == case.table.shape[0]


def test_pruning_is_certified_when_everyone_wants_the_same_few_mentors() -> None:
    # 300 mentees all prefer mentors 0–9 (room for 20); with two candidates each, the pruned
    # problem leaves most mentees out, and only the dual check brings the others back in.
    rng = np.random.default_rng(7)
    scores = rng.integers(0, 30, size=(300, 60)).astype(np.float64)
    scores[:, :10] += 100
    capacities = np.full(60, 2)
    pruned = assign_cohort(scores, capacities, candidates=2)
    everything = assign_cohort(scores, capacities, candidates=60)
    rows = np.arange(300)
    chosen = pruned >= 0
    full = everything >= 0
    assert scores[rows[chosen], pruned[chosen]].sum() == scores[rows[full], everything[full]].sum()
    assert chosen.sum() == 120  # every place is filled


# --- input checks ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "capacities", "options", "message"),
    [
        (np.ones((2, 3)), [1, -1, 1], {}, "mentor 1 has capacity -1"),
        (np.array([[1.0, np.nan]]), [1, 1], {}, "NaN"),
        (np.array([[1.0, np.inf]]), [1, 1], {}, "finite"),
        (np.ones((2, 3)), [1, 1], {}, "3 mentor columns"),
        (np.ones(3), [1, 1, 1], {}, "2-D"),
        (np.ones((2, 3)), [1, 1.5, 1], {}, "whole numbers"),
        (np.ones((2, 3)), [1, 1, 1], {"objective": "fairest"}, "Unknown objective 'fairest'"),
        (np.ones((2, 3)), [1, 1, 1], {"min_score": float("nan")}, "min_score"),
    ],
)
def test_bad_input_is_refused_with_a_message_that_says_what_is_wrong(
    scores: NDArray[np.float64], capacities: list[float], options: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        assign_cohort(scores, capacities, **options)  # type: ignore[arg-type]


def test_nan_in_a_sparse_matrix_is_refused() -> None:
    with pytest.raises(ValueError, match="NaN"):
        assign_cohort(sp.csr_matrix(np.array([[np.nan, 1.0]])), [1, 1])


def test_a_minimum_above_every_pair_leaves_everyone_unmatched_and_the_helper_says_so() -> None:
    scores = np.array([[10.0, 40.0], [20.0, FORBIDDEN]])
    for objective in ("total_score", "coverage", "stable"):
        match = assign_cohort(scores, [1, 1], objective=objective, min_score=50)
        assert (match == -1).all()
    metrics = proposal_metrics(scores, [1, 1], np.array([-1, -1]), min_score=50)
    assert set(metrics.unmatched.values()) == {UnmatchedReason.BELOW_MIN_SCORE}
    problem = min_score_problem(scores, 50)
    assert problem is not None and "above every pair" in problem and "40.00" in problem
    assert min_score_problem(scores, 40) is None
    assert min_score_problem(scores, None) is None


# --- metrics -----------------------------------------------------------------------------


def test_each_unmatched_mentee_gets_the_reason_that_applies_to_them() -> None:
    # Mentors 0 and 1 take one mentee each. Mentee 0 shares no language with anyone, mentee
    # 1 only has pairs below the minimum, mentee 2 only wants mentor 0 who is full (mentee 3
    # is better there), mentee 4 is matched with mentor 1.
    scores = np.array(
        [
            [50.0, 50.0],
            [5.0, 5.0],
            [60.0, 10.0],
            [90.0, 10.0],
            [20.0, 70.0],
        ]
    )
    allowed = np.array([[False, False], [True, True], [True, False], [True, False], [True, True]])
    masked = np.where(allowed, scores, FORBIDDEN)
    match = assign_cohort(masked, [1, 1], min_score=15)
    assert match.tolist() == [-1, -1, -1, 0, 1]
    metrics = proposal_metrics(scores, [1, 1], match, min_score=15, allowed=allowed)
    assert metrics.unmatched == {
        0: UnmatchedReason.NO_ALLOWED_PAIR,
        1: UnmatchedReason.BELOW_MIN_SCORE,
        2: UnmatchedReason.MENTORS_FULL,
    }
    assert metrics.coverage == pytest.approx(2 / 5)
    assert (metrics.total_score, metrics.mean_score, metrics.lowest_score) == (160.0, 80.0, 70.0)
    assert (metrics.capacity_used, metrics.capacity_total) == (2, 2)
    assert metrics.load_counts == {1: 2}
    assert metrics.blocking_pairs == 0
    summary = metrics.summary()
    assert summary["unmatched_reasons"]["mentors_full"] == 1


def test_a_mentee_left_out_while_a_mentor_has_room_is_reported_and_makes_a_blocking_pair() -> None:
    scores = np.array([[30.0, 20.0], [25.0, 10.0]])
    metrics = proposal_metrics(scores, [1, 1], np.array([0, -1]))
    assert metrics.unmatched == {1: UnmatchedReason.NOT_CHOSEN}
    assert metrics.blocking_pairs == 1  # mentee 1 and the idle mentor 1
    assert metrics.load_counts == {0: 1, 1: 1}


def test_zero_score_pairs_fill_free_places_in_a_total_score_run() -> None:
    scores = np.array([[5.0, 0.0], [5.0, 0.0]])
    match = assign_cohort(scores, [1, 1])
    assert sorted(match.tolist()) == [0, 1]


def test_a_proposal_using_a_pair_without_a_score_is_refused() -> None:
    scores = sp.csr_matrix(np.array([[1.0, 0.0]]))
    scores.eliminate_zeros()
    with pytest.raises(ValueError, match="no score"):
        proposal_metrics(scores, [1, 1], np.array([1]))


# --- scores from the ranker --------------------------------------------------------------


def test_ranker_scores_are_the_rankers_scores_for_every_eligible_mentor() -> None:
    cohort = generate(mentors=80, mentees=20, seed=3)
    index = MentorIndex.build(cohort.mentors, build_number=1)
    matrix = ranker_scores(index, cohort.mentees)
    assert matrix.shape == (20, 80)
    for row, query in enumerate(cohort.mentees):
        ranking = rank(index, query, k=80)
        stored = matrix[[row]]
        assert stored.nnz == ranking.eligible
        for scored in ranking.mentors:
            assert stored[0, scored.row] == pytest.approx(scored.score, abs=0.005)
        eligible = np.isfinite(cohort.true_fit[row])
        assert set(stored.indices.tolist()) == set(np.flatnonzero(eligible).tolist())

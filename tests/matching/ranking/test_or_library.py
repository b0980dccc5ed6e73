"""The cohort solver reproduces every published optimum of OR-Library's assignment instances.

Each instance is a minimum-cost perfect matching (capacity 1). The max-score solver sees
score = BIG − cost with BIG > n · max cost, so any perfect matching outscores any imperfect
one; the cost of the chosen pairs is then recomputed from the instance file itself.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.typing import NDArray

from matching.ranking.assignment import assign_cohort

LIBRARY = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "or-library-assignment"
DENSE = [f"assign{n}" for n in range(100, 900, 100)]
SPARSE = ["assignp800", "assignp1500", "assignp3000", "assignp5000"]


def optimum(name: str) -> int:
    for line in (LIBRARY / "optimal.txt").read_text().splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == name:
            return int(parts[1])
    raise LookupError(name)


def read_instance(name: str) -> tuple[int, NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """(n, rows, cols, costs) with 0-based indices; a dense file lists every pair."""
    numbers = np.array((LIBRARY / f"{name}.txt").read_text().split(), dtype=np.int64)
    n = int(numbers[0])
    if name.startswith("assignp"):
        triples = numbers[1:].reshape(-1, 3)
        return n, triples[:, 0] - 1, triples[:, 1] - 1, triples[:, 2]
    assert numbers.size == 1 + n * n
    rows, cols = np.divmod(np.arange(n * n), n)
    return n, rows, cols, numbers[1:]


@pytest.mark.skipif(
    not LIBRARY.is_dir(), reason=f"OR-Library instances not found at {LIBRARY.resolve()}"
)
@pytest.mark.parametrize("name", DENSE + SPARSE)
def test_the_solver_reproduces_the_published_optimum(name: str) -> None:
    n, rows, cols, costs = read_instance(name)
    big = n * int(costs.max()) + 1
    if name.startswith("assignp"):  # pairs not listed are not allowed
        scores: NDArray[np.float64] | sp.csr_matrix = sp.csr_matrix(
            ((big - costs).astype(np.float64), (rows, cols)), shape=(n, n)
        )
    else:
        scores = (big - costs).astype(np.float64).reshape(n, n)

    match = assign_cohort(scores, np.ones(n, dtype=np.int64))

    assert (match >= 0).all(), "not a perfect matching"
    assert np.unique(match).size == n
    cost_of = dict(zip(zip(rows.tolist(), cols.tolist(), strict=True), costs.tolist(), strict=True))
    assert sum(cost_of[(i, int(j))] for i, j in enumerate(match.tolist())) == optimum(name)

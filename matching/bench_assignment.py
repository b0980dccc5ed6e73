"""Benchmarks of cohort assignment: time and peak memory of each objective on two
10,000 × 3,000 instances, a greedy baseline's gap, and OR-Library's instances solved exactly.

`run()` returns a Markdown section (the lead's `make bench` writes it into docs/benchmarks.md).
Every figure is measured. Each (instance, method) runs in a fresh subprocess that loads the
instance from disk, so its peak resident memory (`ru_maxrss`) belongs to that run alone.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from matching.ranking.assignment import UNMATCHED, Instance, assign_cohort, ranker_scores, validate
from matching.ranking.assignment_metrics import proposal_metrics
from matching.ranking.index import MentorIndex
from matching.ranking.synthetic import generate

MENTEES = 10_000
MENTORS = 3_000
SEED = 6
METHODS = ("total_score", "coverage", "stable", "greedy")
LIBRARY = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "or-library-assignment"
OR_INSTANCES = [f"assign{n}" for n in range(100, 900, 100)] + [
    "assignp800",
    "assignp1500",
    "assignp3000",
    "assignp5000",
]


def greedy_by_mentee(scores: Any, capacities: NDArray[np.int64]) -> NDArray[np.int64]:
    """First come, first served: mentees in order each take their best mentor with room."""
    instance: Instance = validate(scores, capacities)
    n, _ = instance.shape
    match = np.full(n, UNMATCHED, dtype=np.int64)
    room = instance.capacities.copy()
    for start, block in instance.blocks():
        for offset, row in enumerate(block):
            row[room == 0] = -np.inf
            best = int(np.argmax(row))
            if np.isfinite(row[best]):
                match[start + offset] = best
                room[best] -= 1
    return match


def _peak_rss_bytes() -> int:
    """This process's peak resident memory (VmHWM), which `_reset_peak` can reset.

    Not `ru_maxrss`: Linux carries the parent's high-water mark over fork and exec, so a
    child of a large benchmark process would report the parent's peak.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux ≥ 4.0); False when the kernel refuses."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def child(path: str, method: str) -> None:
    """Run in a subprocess: load one instance, run one method, print its figures as JSON."""
    loaded = np.load(path + ".capacities.npy")
    scores: Any = sp.load_npz(path + ".npz") if Path(path + ".npz").exists() else None
    if scores is None:
        scores = np.load(path + ".dense.npy")
    loaded_peak = _peak_rss_bytes()
    reset = _reset_peak()
    before = _peak_rss_bytes()
    started = time.perf_counter()
    if method == "greedy":
        match = greedy_by_mentee(scores, loaded)
    else:
        match = assign_cohort(scores, loaded, objective=method)
    seconds = time.perf_counter() - started
    peak = _peak_rss_bytes()
    metrics = proposal_metrics(scores, loaded, match)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rss_loaded": before,
                "rss_peak": max(peak, loaded_peak) if not reset else peak,
                "reset": reset,
                "matched": metrics.matched,
                "total_score": metrics.total_score,
                "blocking_pairs": metrics.blocking_pairs,
            }
        )
    )


def _in_subprocess(path: str, method: str) -> dict[str, Any]:
    code = (
        "import sys; from matching.bench_assignment import child; child(sys.argv[1], sys.argv[2])"
    )
    done = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-c", code, path, method],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
        env={**os.environ},
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@dataclass(frozen=True)
class Prepared:
    label: str
    path: str
    pairs: int
    places: int
    seconds_to_build: float


def _ranker_instance(folder: Path) -> Prepared:
    started = time.perf_counter()
    cohort = generate(mentors=MENTORS, mentees=MENTEES, seed=SEED)
    index = MentorIndex.build(cohort.mentors, build_number=1)
    scores = ranker_scores(index, cohort.mentees)
    capacities = np.array([mentor.capacity_total for mentor in cohort.mentors], dtype=np.int64)
    seconds = time.perf_counter() - started
    path = str(folder / "ranker")
    sp.save_npz(path + ".npz", scores)
    np.save(path + ".capacities.npy", capacities)
    return Prepared(
        "(a) ranker scores, synthetic cohort", path, scores.nnz, int(capacities.sum()), seconds
    )


def _uniform_instance(folder: Path) -> Prepared:
    started = time.perf_counter()
    rng = np.random.default_rng(SEED)
    scores = rng.integers(0, 101, size=(MENTEES, MENTORS)).astype(np.float64)
    capacities = np.full(MENTORS, 3, dtype=np.int64)
    seconds = time.perf_counter() - started
    path = str(folder / "uniform")
    np.save(path + ".dense.npy", scores)
    np.save(path + ".capacities.npy", capacities)
    return Prepared(
        "(b) uniform integers 0–100, capacity 3", path, scores.size, int(capacities.sum()), seconds
    )


def _read_or_instance(
    name: str,
) -> tuple[int, NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    numbers = np.array((LIBRARY / f"{name}.txt").read_text().split(), dtype=np.int64)
    n = int(numbers[0])
    if name.startswith("assignp"):
        triples = numbers[1:].reshape(-1, 3)
        return n, triples[:, 0] - 1, triples[:, 1] - 1, triples[:, 2]
    rows, cols = np.divmod(np.arange(n * n), n)
    return n, rows, cols, numbers[1:]


def _or_library() -> list[str]:
    if not LIBRARY.is_dir():
        return [f"OR-Library instances not found at {LIBRARY.resolve()}: table skipped."]
    optimal = {
        parts[0]: int(parts[1])
        for parts in (line.split() for line in (LIBRARY / "optimal.txt").read_text().splitlines())
        if len(parts) == 2 and parts[1].isdigit()
    }
    lines = [
        "| instance | n | allowed pairs | time (s) | cost found | published optimum | |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name in OR_INSTANCES:
        n, rows, cols, costs = _read_or_instance(name)
        big = n * int(costs.max()) + 1
        if name.startswith("assignp"):
            scores: Any = sp.csr_matrix(((big - costs).astype(np.float64), (rows, cols)), (n, n))
        else:
            scores = (big - costs).astype(np.float64).reshape(n, n)
        started = time.perf_counter()
        match = assign_cohort(scores, np.ones(n, dtype=np.int64))
        seconds = time.perf_counter() - started
        cost_of = dict(
            zip(zip(rows.tolist(), cols.tolist(), strict=True), costs.tolist(), strict=True)
        )
        found = sum(cost_of[(i, j)] for i, j in enumerate(match.tolist()))
        ok = "✓" if found == optimal[name] and (match >= 0).all() else "✗"
        lines.append(
            f"| {name} | {n:,} | {rows.size:,} | {seconds:.2f} | {found:,} | "
            f"{optimal[name]:,} | {ok} |"
        )
    return lines


def run() -> str:
    """Measure everything and return the Markdown section."""
    lines = [
        "## Cohort assignment",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}. Load average at start: "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} (times are wall-clock, inflated by "
        "other work on a shared machine).",
        "",
        f"Two instances of {MENTEES:,} mentees × {MENTORS:,} mentors, seed {SEED}. Each method "
        "runs in a fresh subprocess that first loads the instance from disk, then resets the "
        "kernel's peak-RSS mark (`/proc/self/clear_refs`); *peak RSS* is the process's VmHWM "
        "during the solve (interpreter, numpy/scipy, the loaded instance and the solve's own "
        "memory), *solve Δ* is that peak minus the RSS just before the solve. "
        "Greedy is first come, first served (mentees in index order take their best mentor "
        "with room); its gap is to the exact total.",
        "",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for prepared in (_ranker_instance(Path(tmp)), _uniform_instance(Path(tmp))):
            results = {method: _in_subprocess(prepared.path, method) for method in METHODS}
            best = results["total_score"]["total_score"]
            lines += [
                f"### {prepared.label}",
                "",
                f"{prepared.pairs:,} allowed pairs, {prepared.places:,} places; built in "
                f"{prepared.seconds_to_build:.1f} s (not part of the times below).",
                "",
                "| method | time (s) | peak RSS (MB) | solve Δ (MB) | matched | total score "
                "| gap to exact | blocking pairs |",
                "|---|---:|---:|---:|---:|---:|---:|---:|",
            ]
            for method, result in results.items():
                gap = (best - result["total_score"]) / best * 100 if best else 0.0
                lines.append(
                    f"| {method} | {result['seconds']:.2f} | {result['rss_peak'] / 2**20:,.0f} | "
                    f"{(result['rss_peak'] - result['rss_loaded']) / 2**20:,.0f} | "
                    f"{result['matched']:,} | {result['total_score']:,.1f} | {gap:.2f}% | "
                    f"{result['blocking_pairs']:,} |"
                )
            lines.append("")
    lines += [
        "### OR-Library linear assignment (exact check)",
        "",
        "Minimum-cost perfect matchings solved by the max-score solver with score = BIG − cost; "
        "time is the solve only (in-process, instance already parsed).",
        "",
        *_or_library(),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())

"""Benchmarks of the ranker: speed against the memory floor and sklearn, builds, catch-up,
end to end through a real worker, and ranking quality on the synthetic cohort.

Called by `manage.py bench_ranking` (from `make bench`); returns Markdown that the command
writes into docs/benchmarks.md. Nothing here is typed by hand: every figure is measured.
BLAS must be pinned to one thread before numpy loads (scripts/bench.sh sets the variables).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.metrics.pairwise import cosine_similarity

from matching.ranking.evaluation import Interval, bootstrap_mean, ndcg_at_k
from matching.ranking.index import MentorIndex
from matching.ranking.records import MentorRecord
from matching.ranking.scoring import DEFAULT_WEIGHTS, eligible_mask, rank
from matching.ranking.synthetic import Cohort, generate

SIZES = (1_000, 10_000, 100_000)
QUERIES = 200


def percentile(samples: Sequence[float], share: float) -> float:
    return float(np.percentile(np.asarray(samples), share * 100))


def copy_bandwidth(megabytes: int = 256, repeats: int = 5) -> float:
    """Bytes per second that one core copies from one large array into another (best of n)."""
    source = np.ones(megabytes * 1024 * 1024 // 8)
    target = np.empty_like(source)
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        np.copyto(target, source)
        best = min(best, time.perf_counter() - started)
    return source.nbytes / best


@dataclass(frozen=True)
class SpeedRow:
    mentors: int
    p50_ms: float
    p95_ms: float
    cosine_p50_ms: float
    bytes_read: float
    floor_ms: float

    @property
    def speedup(self) -> float:
        return self.cosine_p50_ms / self.p50_ms

    @property
    def floor_ratio(self) -> float:
        return self.p50_ms / self.floor_ms


def bytes_read_per_query(index: MentorIndex, cohort: Cohort) -> float:
    """Bytes one ranking reads: the postings of its terms, plus every per-mentor array the
    scoring scans once (filters, cached static factors, level codes, the score vectors)."""
    n = len(index)
    static = index.static_part(DEFAULT_WEIGHTS["responsiveness"], DEFAULT_WEIGHTS["capacity"])
    per_row = (
        index.open_rows.itemsize  # hard filters
        + 1  # language mask
        + static.itemsize
        + index.pair_code().itemsize
        + 8  # text scores
        + 8 * 2  # the score vector, written then partitioned
    )
    postings = statistics.mean(
        index.postings_bytes(index.vectorize(query.text)) for query in cohort.mentees[:QUERIES]
    )
    del static
    return postings + per_row * n


def measure_speed(cohort: Cohort, index: MentorIndex, bandwidth: float) -> SpeedRow:
    queries = cohort.mentees[:QUERIES]
    for query in queries[:10]:  # warm the caches (language masks, static parts)
        rank(index, query, k=20)
    ours = []
    for query in queries:
        started = time.perf_counter()
        rank(index, query, k=20)
        ours.append(time.perf_counter() - started)
    theirs = []
    for query in queries[:50]:
        vector = index.vectorizer.transform([query.text])
        started = time.perf_counter()
        cosine_similarity(vector, index.matrix)
        theirs.append(time.perf_counter() - started)
    read = bytes_read_per_query(index, cohort)
    return SpeedRow(
        mentors=len(index),
        p50_ms=percentile(ours, 0.5) * 1000,
        p95_ms=percentile(ours, 0.95) * 1000,
        cosine_p50_ms=percentile(theirs, 0.5) * 1000,
        bytes_read=read,
        floor_ms=read / bandwidth * 1000,
    )


def time_it(function: Callable[[], object], repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return samples


def catch_up_ms(index: MentorIndex, cohort: Cohort) -> list[float]:
    """One mentor edits their profile: upsert the new record into a live index."""
    record = cohort.mentors[len(cohort.mentors) // 2]
    edited = MentorRecord(**{**record.__dict__, "text": record.text + " public speaking"})
    return [sample * 1000 for sample in time_it(lambda: index.upsert([edited]), 200)]


def quality(cohort: Cohort) -> dict[str, Interval]:
    """NDCG@10 against the planted grades: full ranker, text alone, and random order."""
    index = MentorIndex.build(cohort.mentors, build_number=1)
    grades = cohort.grades()
    column = {record.id: j for j, record in enumerate(cohort.mentors)}
    text_only = {name: 0.0 for name in DEFAULT_WEIGHTS} | {"text": 1.0}
    rng = np.random.default_rng(0)
    results: dict[str, list[float]] = {"full ranker": [], "text similarity alone": [], "random": []}
    for i, query in enumerate(cohort.mentees):
        eligible = np.flatnonzero(~np.isnan(cohort.true_fit[i]))
        for label, weights in (
            ("full ranker", DEFAULT_WEIGHTS),
            ("text similarity alone", text_only),
        ):
            ranked = rank(index, query, weights=weights, k=10).mentors
            results[label].append(
                ndcg_at_k([grades[i, column[m.mentor_id]] for m in ranked], grades[i, eligible])
            )
        mask = eligible_mask(index, query)
        pool = index.ids[mask]
        pick = rng.permutation(pool)[:10]
        results["random"].append(
            ndcg_at_k([grades[i, column[int(m)]] for m in pick], grades[i, eligible])
        )
    return {label: bootstrap_mean(values) for label, values in results.items()}


def run(*, sizes: Sequence[int] = SIZES, quality_cohort: tuple[int, int] = (2000, 1000)) -> str:
    """Every in-memory ranking figure, as a Markdown section."""
    threads = {
        name: os.environ.get(name, "unset")
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
    }
    bandwidth = copy_bandwidth()
    lines = [
        "## Ranking one mentee",
        "",
        f"BLAS threads: {', '.join(f'{k}={v}' for k, v in threads.items())}. "
        f"Measured copy bandwidth: {bandwidth / 1e9:.2f} GB/s (one core, 256 MB `np.copyto`).",
        f"Each size: synthetic cohort (shared/SYNTHETIC_COHORT.md, seed 2), {QUERIES} mentees, "
        "top 20 selected, default weights; `cosine_similarity` gets the same precomputed "
        "matrix and the already-vectorised query.",
        "",
        "| mentors | p50 ms | p95 ms | cosine_similarity p50 ms | speed-up | bytes read "
        "| memory floor ms | p50 / floor |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    largest: tuple[Cohort, MentorIndex] | None = None
    build_seconds = 0.0
    for size in sizes:
        cohort = generate(mentors=size, mentees=QUERIES, seed=2)
        started = time.perf_counter()
        index = MentorIndex.build(cohort.mentors, build_number=1)
        build_seconds = time.perf_counter() - started
        row = measure_speed(cohort, index, bandwidth)
        lines.append(
            f"| {row.mentors:,} | {row.p50_ms:.2f} | {row.p95_ms:.2f} | {row.cosine_p50_ms:.2f} "
            f"| {row.speedup:.1f}× | {row.bytes_read / 1e6:.2f} MB | {row.floor_ms:.3f} "
            f"| {row.floor_ratio:.1f}× |"
        )
        largest = (cohort, index)
    assert largest is not None
    cohort, index = largest
    catch_up = catch_up_ms(index, cohort)
    lines += [
        "",
        "## Index build and catch-up",
        "",
        f"- Full index build (fit TF-IDF, lay out arrays) for {len(index):,} mentors: "
        f"{build_seconds:.2f} s.",
        f"- One-mentor catch-up (upsert an edited profile into the live index): "
        f"p50 {percentile(catch_up, 0.5):.3f} ms, p95 {percentile(catch_up, 0.95):.3f} ms.",
        "",
    ]
    mentors, mentees = quality_cohort
    scores = quality(generate(mentors=mentors, mentees=mentees, seed=1))
    lines += [
        "## Ranking quality",
        "",
        f"Synthetic cohort of {mentors:,} mentors and {mentees:,} mentees (seed 1): NDCG@10 "
        "against the planted relevance grades, mean over mentees with a 95% bootstrap interval.",
        "",
        "| ranking | NDCG@10 [95% CI] |",
        "|---|---|",
        *(f"| {label} | {interval} |" for label, interval in scores.items()),
        "",
    ]
    return "\n".join(lines)


def run_end_to_end(*, program_slug: str, mentees: int = 30) -> str:
    """Request → suggestions stored, through the broker and a real worker process.

    Needs a seeded program (`seed_demo --mentors 10000 … --program SLUG`), the database and
    broker of the environment, and starts its own `celery worker`. The first request warms
    the worker's index (built once per process) and is not counted.
    """
    from django.db import connection

    from matching.services.suggestions import request_refresh
    from mentorship.models import Job, MenteeParticipation, Program
    from tests.processes import CeleryWorker

    program = Program.objects.get(slug=program_slug)
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    database_url = (
        f"postgres://{settings['USER']}{password}@{settings['HOST']}:{settings['PORT']}"
        f"/{settings['NAME']}"
    )
    worker = CeleryWorker(broker_url=os.environ["CELERY_BROKER_URL"], database_url=database_url)
    worker.start()
    try:
        chosen = list(
            MenteeParticipation.objects.filter(membership__program=program, goals__isnull=False)
            .select_related("membership__user", "membership__program")
            .distinct()
            .order_by("pk")[: mentees + 1]
        )
        samples = []
        for position, mentee in enumerate(chosen):
            started = time.perf_counter()
            job = request_refresh(mentee=mentee, by=mentee.membership.user)
            while True:
                state = Job.objects.filter(pk=job.pk).values_list("state", flat=True).get()
                if state in Job.FINISHED_STATES:
                    break
                time.sleep(0.002)
            elapsed = time.perf_counter() - started
            if state != Job.State.SUCCEEDED:
                raise RuntimeError(f"suggestions job failed: {worker.output()[-2000:]}")
            if position:  # the first one builds the worker's index
                samples.append(elapsed * 1000)
    finally:
        worker.stop()
    mentors = program.memberships.filter(mentor_participation__isnull=False).count()
    return "\n".join(
        [
            "## Suggestions end to end",
            "",
            f"A separate `celery worker` process, PostgreSQL and Redis; program with {mentors:,} "
            f"mentors. Time from the web side's request (job + outbox row, published on commit) "
            f"to the job row saying the 20 suggestions are stored, over {len(samples)} mentees "
            "after one warm-up request:",
            "",
            f"- p50 {percentile(samples, 0.5):.0f} ms, p95 {percentile(samples, 0.95):.0f} ms.",
            "",
        ]
    )

"""The mentor directory benchmark: server time and SQL queries per request, and seed time.

Requests go through the Django test client in-process, so "server time" is everything
Django does for a request (middleware, auth, the search, rendering) without the network.
The report is written into docs/benchmarks.md between markers, so other benchmarks can
keep their own sections in the same file.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from matching.bench_data import TIME_ZONES, DirectoryData
from mentorship.services.mentor_changes import renew_search_generation

P95_TARGET_MS = 150.0
MAX_QUERIES = 12
SEED_TARGET_SECONDS = 180
SEED_ARGS = ("--mentors", "100000", "--mentees", "300000", "--force")
START_MARKER = "<!-- bench_directory:start -->"
END_MARKER = "<!-- bench_directory:end -->"

# What people type and pick: nothing, one word, a rarer word, two words, filters, both.
SCENARIOS: tuple[tuple[str, dict[str, str]], ...] = (
    ("no query", {}),
    ("no query, page 10", {"page": "10"}),
    ("one word: leadership", {"q": "leadership"}),
    ("one word: kubernetes", {"q": "kubernetes"}),
    ("two words: product strategy", {"q": "product strategy"}),
    ("skill: python", {"skill": "python"}),
    ("industry + language", {"industry": "healthcare", "language": "es"}),
    ("time zone ±2 h + video", {"tz_within": "2", "meeting_mode": "video"}),
    ("words + skill + accepting", {"q": "data", "skill": "sql", "accepting": "true"}),
)


@dataclass
class ScenarioResult:
    label: str
    matches: int | None  # from the API's count; the page does not say it in a parseable way
    timings_ms: list[float] = field(default_factory=list)
    queries: int = 0


@dataclass
class EndpointResult:
    name: str
    scenarios: list[ScenarioResult]

    @property
    def timings_ms(self) -> list[float]:
        return [timing for scenario in self.scenarios for timing in scenario.timings_ms]

    @property
    def max_queries(self) -> int:
        return max(scenario.queries for scenario in self.scenarios)


@dataclass(frozen=True)
class SeedResult:
    ran: bool
    detail: str
    seconds: float | None = None


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest value with `pct` % of values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def measure(data: DirectoryData, *, requests: int) -> list[EndpointResult]:
    """Time `requests` GETs per endpoint, cycling through the scenarios, after a warm-up."""
    page = Client()
    page.force_login(data.viewer)
    token = Token.objects.get_or_create(user=data.viewer)[0]
    api = Client(headers={"Authorization": f"Token {token.key}"})
    slug = data.program.slug
    endpoints: list[tuple[str, Client, str, Callable[[bytes], int | None]]] = [
        ("directory page", page, f"/programs/{slug}/mentors/", lambda content: None),
        ("mentors endpoint", api, f"/api/v1/programs/{slug}/mentors/", _api_matches),
    ]
    rounds = math.ceil(requests / len(SCENARIOS))
    results = []
    for name, client, url, matches in endpoints:
        cache.clear()  # throttle counters: the run stays under the per-user rate
        scenarios = []
        for label, params in SCENARIOS:
            with CaptureQueriesContext(connection) as queries:
                response = _get(client, url, params)
            scenarios.append(
                ScenarioResult(
                    label=label,
                    matches=matches(response.content),
                    queries=len(queries.captured_queries),
                )
            )
        for _round in range(rounds):
            for scenario, (_label, params) in zip(scenarios, SCENARIOS, strict=True):
                # Timed as a first search: the same search again would be answered from
                # the directory's cache (`matching/directory_cache.py`), not searched.
                renew_search_generation()
                started = time.perf_counter()
                _get(client, url, params)
                scenario.timings_ms.append((time.perf_counter() - started) * 1000)
        results.append(EndpointResult(name=name, scenarios=scenarios))
    return results


def _get(client: Client, url: str, params: dict[str, str]):  # type: ignore[no-untyped-def]
    # secure=True: with DEBUG off the site redirects plain HTTP to HTTPS.
    response = client.get(url, params, secure=True)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} {params} answered {response.status_code}")
    return response


def _api_matches(content: bytes) -> int:
    return int(json.loads(content)["count"])


def time_seed_demo(*, base_dir: Path, timeout: int = 1800) -> SeedResult:
    """Run `seed_demo` with the benchmark's sizes in a subprocess and time it.

    Tolerates a `seed_demo` that does not take `--mentors` yet, or fails: the report then
    says why the figure is missing instead of inventing one.
    """
    command = [sys.executable, "manage.py", "seed_demo"]
    # A fixed argv (this interpreter, manage.py, constant flags): no untrusted input.
    help_text = subprocess.run(  # noqa: S603
        [*command, "--help"], cwd=base_dir, capture_output=True, text=True, check=False
    ).stdout
    if "--mentors" not in help_text or "--mentees" not in help_text:
        return SeedResult(ran=False, detail="not run: seed_demo has no --mentors/--mentees yet")
    started = time.perf_counter()
    try:
        finished = subprocess.run(  # noqa: S603
            [*command, *SEED_ARGS],
            cwd=base_dir,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return SeedResult(ran=True, detail=f"stopped after the {timeout} s time limit")
    seconds = time.perf_counter() - started
    if finished.returncode != 0:
        last = (finished.stderr.strip().splitlines() or ["(no output)"])[-1]
        return SeedResult(
            ran=True, detail=f"failed (exit {finished.returncode}) after {seconds:.0f} s: {last}"
        )
    return SeedResult(ran=True, detail="finished", seconds=seconds)


def machine_facts() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return [
        f"CPU: {os.cpu_count()} cores ({cpu})",
        f"OS: {platform.system()} {platform.release()} ({platform.machine()})",
        f"Python {platform.python_version()}, Django {django.get_version()}",
        f"PostgreSQL {server_version}",
    ]


def render_report(
    *,
    data: DirectoryData,
    build_seconds: float,
    endpoints: list[EndpointResult],
    seed: SeedResult,
    load_average: tuple[float, float, float],
) -> str:
    """The Markdown section for docs/benchmarks.md."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        START_MARKER,
        "## Mentor directory",
        "",
        f"Written by `make bench` (`manage.py bench_directory`) on {now}. Do not edit by hand.",
        "",
        *[f"- {fact}" for fact in machine_facts()],
        "- Load average (1, 5, 15 min) when timing began: "
        + ", ".join(f"{load:.2f}" for load in load_average)
        + " (anything else running on the machine slows every figure below)",
        "",
        f"**Data.** {data.mentors:,} mentors in one program, bulk-built by "
        "`matching/bench_data.py` in "
        f"{build_seconds:.1f} s: names, headlines and bios in sentences, 1–3 expertise areas, "
        "3–6 profile skills, 2–5 skills taught, 1–3 languages, an industry, meeting modes and "
        f"{len(TIME_ZONES)} time zones; search text built by the profile service's own function. "
        "Then `VACUUM ANALYZE`, as autovacuum would have done on a live database.",
        "",
        f"**Method.** The Django test client, in-process, signed in as a mentee of the program "
        f"(the page with a session, the endpoint with a token). Server time is the time "
        f"around `client.get`; each endpoint gets {len(endpoints[0].timings_ms)} requests "
        f"cycling through the {len(SCENARIOS)} queries below, after one warm-up request per "
        "query that also counts its SQL queries. Before each timed request the cached "
        "searches are forgotten (as a mentor's change does), so every figure is of a search "
        "actually run; a repeated one is answered from the cache. Pages of 20 mentors.",
        "",
        f"**Targets.** p95 ≤ {P95_TARGET_MS:.0f} ms; at most {MAX_QUERIES} SQL queries, and the "
        "same number for 2 results as for 20 (asserted in the test suite).",
        "",
        "| Endpoint | Requests | p50 | p95 | max | SQL queries (max) | p95 target met |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for endpoint in endpoints:
        timings = endpoint.timings_ms
        p95 = percentile(timings, 95)
        lines.append(
            f"| {endpoint.name} | {len(timings)} | {percentile(timings, 50):.1f} ms "
            f"| {p95:.1f} ms | {max(timings):.1f} ms | {endpoint.max_queries} "
            f"| {'yes' if p95 <= P95_TARGET_MS else 'NO'} |"
        )
    lines += ["", "Per query:", "", _scenario_table(endpoints), "", *_seed_section(seed)]
    lines.append(END_MARKER)
    return "\n".join(lines) + "\n"


def _scenario_table(endpoints: list[EndpointResult]) -> str:
    header = "| Query | Matches |"
    rule = "|---|---:|"
    for endpoint in endpoints:
        header += f" {endpoint.name} p50 | p95 | SQL |"
        rule += "---:|---:|---:|"
    rows = [header, rule]
    for index, (label, params) in enumerate(SCENARIOS):
        query = "&".join(f"{key}={value}" for key, value in params.items()) or "(none)"
        matches = next(
            (e.scenarios[index].matches for e in endpoints if e.scenarios[index].matches), 0
        )
        row = f"| {label} (`{query}`) | {matches:,} |"
        for endpoint in endpoints:
            scenario = endpoint.scenarios[index]
            row += (
                f" {percentile(scenario.timings_ms, 50):.1f} ms"
                f" | {percentile(scenario.timings_ms, 95):.1f} ms | {scenario.queries} |"
            )
        rows.append(row)
    return "\n".join(rows)


def _seed_section(seed: SeedResult) -> list[str]:
    command = "python manage.py seed_demo " + " ".join(SEED_ARGS)
    lines = ["### Seeding a large program", "", f"`{command}` on PostgreSQL: "]
    if seed.seconds is None:
        lines[-1] += seed.detail + "."
    else:
        met = "yes" if seed.seconds <= SEED_TARGET_SECONDS else "NO"
        lines[-1] += (
            f"{seed.seconds:.0f} s (target: under {SEED_TARGET_SECONDS // 60} minutes; met: {met})."
        )
    return [*lines, ""]


def write_report(
    section: str, *, path: Path, start: str = START_MARKER, end: str = END_MARKER
) -> None:
    """Put `section` (which begins with `start` and ends with `end`) into the file,
    replacing an earlier run's; other benchmarks' sections stay."""
    text = path.read_text() if path.exists() else "# Benchmarks\n\nGenerated by `make bench`.\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        text = before + section.rstrip("\n") + after
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def default_output() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "benchmarks.md"

"""Write the load test's figures into docs/benchmarks.md, from locust's CSV files.

Run by scripts/loadtest.sh after the measured run, against the same database (for the
machine facts and the size of the data). The section sits between its own markers, so the
other benchmarks' sections stay as they are (see `matching.benchmarks.write_report`).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")

import django

django.setup()

from matching.benchmarks import default_output, machine_facts, write_report  # noqa: E402
from mentorship.models import MenteeParticipation, MentorParticipation  # noqa: E402
from relationships.models import Meeting, Relationship  # noqa: E402

START_MARKER = "<!-- loadtest:start -->"
END_MARKER = "<!-- loadtest:end -->"
PAGE_P95_TARGET_MS = 250
API_P95_TARGET_MS = 150


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stats", type=Path, required=True, help="locust's *_stats.csv")
    parser.add_argument("--failures", type=Path, required=True, help="locust's *_failures.csv")
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--seconds", type=int, required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--load-average", default="")
    args = parser.parse_args()

    with args.stats.open() as stats_file:
        rows = list(csv.DictReader(stats_file))
    failures = []
    if args.failures.exists():
        with args.failures.open() as failures_file:
            failures = list(csv.DictReader(failures_file))
    section = render(rows, failures, args)
    write_report(section, path=default_output(), start=START_MARKER, end=END_MARKER)
    print(section)


def target_for(name: str) -> int:
    return API_P95_TARGET_MS if name.startswith("api:") else PAGE_P95_TARGET_MS


def render(
    rows: list[dict[str, str]], failures: list[dict[str, str]], args: argparse.Namespace
) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    endpoints = [row for row in rows if row["Name"] != "Aggregated"]
    total = next(row for row in rows if row["Name"] == "Aggregated")
    errors = int(total["Failure Count"])
    lines = [
        START_MARKER,
        "## The whole site under load",
        "",
        f"Written by `make loadtest` (`scripts/loadtest.sh`) on {now}. Do not edit by hand.",
        "",
        *[f"- {fact}" for fact in machine_facts()],
        f"- Load average (1, 5, 15 min) when measuring began: {args.load_average or 'unknown'}"
        " (the load generator, the database and the worker share these cores with gunicorn)",
        "",
        f"**Data.** {MentorParticipation.objects.count():,} mentors and "
        f"{MenteeParticipation.objects.count():,} mentees (`seed_demo`), with "
        f"{Relationship.objects.count():,} relationships and {Meeting.objects.count():,} "
        "meetings of history.",
        "",
        f"**Method.** gunicorn with {args.workers} sync workers, PostgreSQL, Redis (broker and "
        "cache) and one Celery worker, DEBUG off. locust (a second process) plays "
        f"{args.users} signed-in mentees in a closed loop: each sends its next request as "
        f"soon as the last answer arrives, no think time, for {args.seconds} s after a 15 s "
        "warm-up. Pages carry a session cookie, API calls a token. Every answer must be a "
        "200 without a redirect; anything else counts as an error. Percentiles are locust's "
        "(rounded to two significant figures above 100 ms).",
        "",
        f"**Targets.** No errors; p95 ≤ {PAGE_P95_TARGET_MS} ms for pages and ≤ "
        f"{API_P95_TARGET_MS} ms for API lists.",
        "",
        f"**Result.** {float(total['Requests/s']):.1f} requests per second in all, "
        f"{int(total['Request Count']):,} requests, {errors} errors.",
        "",
        "| Endpoint | Requests | Errors | req/s | p50 | p95 | p99 | max | p95 target met |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in sorted(endpoints, key=lambda row: row["Name"]):
        p95 = float(row["95%"])
        target = target_for(row["Name"])
        met = "yes" if p95 <= target and int(row["Failure Count"]) == 0 else "NO"
        lines.append(
            f"| {row['Name']} | {int(row['Request Count']):,} | {row['Failure Count']} "
            f"| {float(row['Requests/s']):.1f} | {row['50%']} ms | {row['95%']} ms "
            f"| {row['99%']} ms | {float(row['Max Response Time']):.0f} ms "
            f"| {met} (≤ {target} ms) |"
        )
    lines.append(
        f"| **all** | {int(total['Request Count']):,} | {errors} "
        f"| {float(total['Requests/s']):.1f} | {total['50%']} ms | {total['95%']} ms "
        f"| {total['99%']} ms | {float(total['Max Response Time']):.0f} ms | |"
    )
    if failures:
        lines += ["", "Errors:", ""]
        lines += [f"- {row['Name']}: {row['Error']} ({row['Occurrences']}×)" for row in failures]
    lines += ["", END_MARKER]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()

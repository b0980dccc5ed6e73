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
import re
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
    parser.add_argument("--alone", type=Path, help="locust's *_stats.csv of the one-user pass")
    parser.add_argument("--alone-seconds", type=int, default=0)
    parser.add_argument("--commit", default="unknown", help="the code measured")
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
    alone: list[dict[str, str]] = []
    if args.alone and args.alone.exists():
        with args.alone.open() as alone_file:
            alone = list(csv.DictReader(alone_file))
    path = default_output()
    previous = previous_run(path.read_text() if path.exists() else "")
    section = render(rows, failures, args, alone=alone, previous=previous)
    write_report(section, path=path, start=START_MARKER, end=END_MARKER)
    print(section)


def previous_run(text: str) -> str:
    """The last run's summary, read from the section this run replaces, so that each run
    shows the one before it (the "before" of a fix) without anyone copying figures. It
    names the CPU it ran on and what one user alone got: runs on different machines are
    compared by those, not by their totals."""
    if START_MARKER not in text or END_MARKER not in text:
        return ""
    section = text.split(START_MARKER, 1)[1].split(END_MARKER, 1)[0]
    when = re.search(r"\) on ([0-9-]+ [0-9:]+ UTC)", section)
    commit = re.search(r"at commit `([^`]+)`", section)
    cpu = re.search(r"^- (CPU: .+)$", section, re.M)
    total = re.search(r"^\| \*\*all\*\* \|(.+)\|$", section, re.M)
    if not (when and total):
        return ""
    cells = [cell.strip() for cell in total.group(1).split("|")]
    requests, errors, rate, p50, p95 = cells[:5]
    alone = cells[-1] if len(cells) >= 9 and cells[-1][:1].isdigit() else ""
    at = f" at commit `{commit.group(1)}`" if commit else ""
    on = f" ({cpu.group(1)})" if cpu else ""
    by_one = f", one user alone {alone}" if alone else ""
    return (
        f"{when.group(1)}{at}{on}: {rate} requests per second, p50 {p50}, p95 {p95}, "
        f"{errors} errors in {requests} requests{by_one}."
    )


def target_for(name: str) -> int:
    return API_P95_TARGET_MS if name.startswith("api:") else PAGE_P95_TARGET_MS


def render(
    rows: list[dict[str, str]],
    failures: list[dict[str, str]],
    args: argparse.Namespace,
    *,
    alone: list[dict[str, str]],
    previous: str,
) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    endpoints = [row for row in rows if row["Name"] != "Aggregated"]
    total = next(row for row in rows if row["Name"] == "Aggregated")
    errors = int(total["Failure Count"])
    lines = [
        START_MARKER,
        "## The whole site under load",
        "",
        f"Written by `make loadtest` (`scripts/loadtest.sh`) on {now} at commit "
        f"`{args.commit}`. Do not edit by hand.",
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
        *(["", f"**Previous run.** {previous}{other_machine(previous)}"] if previous else []),
        *queueing(total, alone, args),
        "",
        "| Endpoint | Requests | Errors | req/s | p50 | p95 | p99 | max | p95 target met "
        "| p50 alone |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    alone_p50 = {row["Name"]: row["50%"] for row in alone}
    for row in sorted(endpoints, key=lambda row: row["Name"]):
        p95 = float(row["95%"])
        target = target_for(row["Name"])
        met = "yes" if p95 <= target and int(row["Failure Count"]) == 0 else "NO"
        lines.append(
            f"| {row['Name']} | {int(row['Request Count']):,} | {row['Failure Count']} "
            f"| {float(row['Requests/s']):.1f} | {row['50%']} ms | {row['95%']} ms "
            f"| {row['99%']} ms | {float(row['Max Response Time']):.0f} ms "
            f"| {met} (≤ {target} ms) | {alone_p50.get(row['Name'], '–')} ms |"
        )
    lines.append(
        f"| **all** | {int(total['Request Count']):,} | {errors} "
        f"| {float(total['Requests/s']):.1f} | {total['50%']} ms | {total['95%']} ms "
        f"| {total['99%']} ms | {float(total['Max Response Time']):.0f} ms | "
        f"| {alone_p50.get('Aggregated', '–')} ms |"
    )
    if failures:
        lines += ["", "Errors:", ""]
        lines += [f"- {row['Name']}: {row['Error']} ({row['Occurrences']}×)" for row in failures]
    lines += ["", END_MARKER]
    return "\n".join(lines) + "\n"


def other_machine(previous: str) -> str:
    """A warning when the previous run was measured on another CPU than this one."""
    cpu = next(fact for fact in machine_facts() if fact.startswith("CPU: "))
    if "(CPU: " not in previous or f"({cpu})" in previous:
        return ""
    return (
        " That was another machine: compare what one user alone gets, endpoint by "
        "endpoint, rather than the totals."
    )


def queueing(
    total: dict[str, str], alone: list[dict[str, str]], args: argparse.Namespace
) -> list[str]:
    """Service time against waiting, by Little's law: in a closed loop of N users without
    think time, the mean latency is N divided by the throughput, so once the machine is
    busy, latency is set by how many requests a second it can serve."""
    alone_total = next((row for row in alone if row["Name"] == "Aggregated"), None)
    if alone_total is None or not float(alone_total["Requests/s"]):
        return []
    rate = float(total["Requests/s"])
    service_ms = 1000 / float(alone_total["Requests/s"])
    waiting_ms = 1000 * args.users / rate if rate else 0.0
    needed = args.users / (PAGE_P95_TARGET_MS / 1000)
    return [
        "",
        f"**Where the time goes.** One user alone ({args.alone_seconds} s, same mix) is "
        f"answered in {service_ms:.0f} ms on average (`p50 alone` below): that is what a "
        f"request costs. With {args.users} users in a closed loop the machine serves "
        f"{rate:.1f} requests per second, so by Little's law each request spends "
        f"{waiting_ms:.0f} ms on average in the system, nearly all of it waiting for a "
        f"core. p95 ≤ {PAGE_P95_TARGET_MS} ms for {args.users} users without think time "
        f"would need more than {needed:.0f} requests per second from these cores, shared with "
        "the load generator and the database.",
    ]


if __name__ == "__main__":
    main()

"""The load test's report: each run shows the one before it, and why latency is what it is.

`make loadtest` takes minutes, so its report is tested here on locust-shaped rows.
"""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "loadtest_report.py"


@pytest.fixture(scope="module")
def report() -> ModuleType:
    spec = importlib.util.spec_from_file_location("loadtest_report", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def stats_row(name: str, *, count: int, rate: float, p50: int, p95: int) -> dict[str, str]:
    return {
        "Name": name,
        "Request Count": str(count),
        "Failure Count": "0",
        "Requests/s": str(rate),
        "50%": str(p50),
        "95%": str(p95),
        "99%": str(p95 + 10),
        "Max Response Time": str(p95 + 20),
    }


def arguments(commit: str) -> argparse.Namespace:
    return argparse.Namespace(
        users=50, seconds=60, alone_seconds=30, workers=4, load_average="1.0", commit=commit
    )


@pytest.mark.django_db
def test_a_run_reports_the_previous_run_and_the_queueing_behind_its_latency(report):
    first = report.render(
        [
            stats_row("page: dashboard", count=500, rate=10.0, p50=2900, p95=3600),
            stats_row("Aggregated", count=500, rate=10.0, p50=2900, p95=3600),
        ],
        [],
        arguments("aaaa111"),
        alone=[],
        previous="",
    )
    assert "Previous run" not in first
    previous = report.previous_run(f"# Benchmarks\n\n{first}")
    assert previous.startswith(first.split(" on ", 1)[1][:10])  # the first run's date
    assert "at commit `aaaa111` (CPU: " in previous  # the machine it ran on
    assert "): 10.0 requests per second, p50 2900 ms, p95 3600 ms" in previous
    assert previous.endswith("0 errors in 500 requests.")  # no one-user pass that time

    second = report.render(
        [
            stats_row("page: dashboard", count=2500, rate=40.0, p50=1200, p95=1500),
            stats_row("Aggregated", count=2500, rate=40.0, p50=1200, p95=1500),
        ],
        [],
        arguments("bbbb222"),
        alone=[
            stats_row("page: dashboard", count=800, rate=25.0, p50=38, p95=45),
            stats_row("Aggregated", count=800, rate=25.0, p50=38, p95=45),
        ],
        previous=previous,
    )
    assert f"**Previous run.** {previous}" in second
    assert "another machine" not in second  # the same CPU both times
    third = report.previous_run(f"# Benchmarks\n\n{second}")
    assert third.endswith("1500 ms, 0 errors in 2,500 requests, one user alone 38 ms.")
    elsewhere = third.replace("(CPU: ", "(CPU: 64 cores (another) was ", 1)
    assert "That was another machine" in report.render(
        [stats_row("Aggregated", count=10, rate=1.0, p50=9, p95=9)],
        [],
        arguments("cccc333"),
        alone=[],
        previous=elsewhere,
    )
    # One user alone at 25 requests a second: 40 ms a request. 50 users at 40 a second:
    # 1,250 ms each in the system (Little's law); 250 ms would need 200 a second.
    assert "is answered in 40 ms on average" in second
    assert "each request spends 1250 ms on average" in second
    assert "would need more than 200 requests per second" in second
    assert "| NO (≤ 250 ms) | 38 ms |" in second


def test_a_report_without_an_earlier_run_has_no_previous_run(report):
    assert report.previous_run("") == ""
    assert report.previous_run("# Benchmarks\n\nNothing measured yet.\n") == ""

"""`manage.py bench_reports`: time the program dashboard and reports on 10,000 relationships
and write their section of docs/benchmarks.md.

It inserts tens of thousands of rows and never removes them, so it only runs against a
throwaway PostgreSQL (`make bench` starts one) and demands `--throwaway-database`.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from matching.bench_data import settle_tables
from matching.bench_reports import (
    END_MARKER,
    START_MARKER,
    build_report_data,
    measure,
    render_report,
)
from matching.benchmarks import default_output, percentile, write_report
from mentorship.models import Program


class Command(BaseCommand):
    help = "Benchmark the program dashboard and reports on a throwaway PostgreSQL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--relationships", type=int, default=10_000)
        parser.add_argument("--requests", type=int, default=20, help="Per page and endpoint.")
        parser.add_argument("--output", type=Path, default=None)
        parser.add_argument(
            "--throwaway-database",
            action="store_true",
            help="Confirm the database may be filled with benchmark rows that stay there.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["throwaway_database"]:
            raise CommandError(
                "This fills the database with benchmark rows. Run it through `make bench`, "
                "or pass --throwaway-database for a database you will delete."
            )
        if connection.vendor != "postgresql":
            raise CommandError("The report figures are defined on PostgreSQL.")
        slug = "bench-reports"
        if Program.objects.filter(slug=slug).exists():
            raise CommandError(f"A program '{slug}' exists already: use a fresh database.")

        self.stdout.write(f"Building {options['relationships']:,} relationships with history…")
        started = time.perf_counter()
        data = build_report_data(relationships=options["relationships"], slug=slug)
        build_seconds = time.perf_counter() - started
        self.stdout.write(f"  built in {build_seconds:.1f} s")
        settle_tables()

        timings = measure(data, requests=options["requests"])
        for timing in timings:
            self.stdout.write(
                f"  {timing.name}: p50 {percentile(timing.timings_ms, 50):.1f} ms, "
                f"p95 {percentile(timing.timings_ms, 95):.1f} ms, {timing.queries} SQL queries"
            )
        output = options["output"] or default_output()
        section = render_report(
            data=data, build_seconds=build_seconds, timings=timings, requests=options["requests"]
        )
        write_report(section, path=output, start=START_MARKER, end=END_MARKER)
        self.stdout.write(f"Wrote the reports section of {output}.")

"""`manage.py bench_directory`: benchmark the mentor directory and write docs/benchmarks.md.

Builds a 10,000-mentor program in the configured database, times the directory page and
the mentors endpoint, times `seed_demo` at benchmark size, and writes the report. It
inserts tens of thousands of rows and never removes them, so it only runs against a
throwaway PostgreSQL (`make bench` starts one) and demands `--throwaway-database`.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from matching.bench_data import build_directory_data, settle_tables
from matching.benchmarks import (
    SeedResult,
    default_output,
    measure,
    percentile,
    render_report,
    time_seed_demo,
    write_report,
)
from mentorship.models import Program


class Command(BaseCommand):
    help = "Benchmark the mentor directory on a throwaway PostgreSQL; write docs/benchmarks.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mentors", type=int, default=10_000)
        parser.add_argument("--requests", type=int, default=200, help="Per endpoint.")
        parser.add_argument("--output", type=Path, default=None)
        parser.add_argument(
            "--skip-seed", action="store_true", help="Do not time seed_demo (the report says so)."
        )
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
            raise CommandError("The directory figures are defined on PostgreSQL.")
        slug = "bench-directory"
        if Program.objects.filter(slug=slug).exists():
            raise CommandError(f"A program '{slug}' exists already: use a fresh database.")

        self.stdout.write(f"Building {options['mentors']:,} mentors…")
        started = time.perf_counter()
        data = build_directory_data(mentors=options["mentors"], slug=slug)
        build_seconds = time.perf_counter() - started
        self.stdout.write(f"  built in {build_seconds:.1f} s")
        settle_tables()

        self.stdout.write(f"Timing {options['requests']} requests per endpoint…")
        load_average = os.getloadavg()
        endpoints = measure(data, requests=options["requests"])
        for endpoint in endpoints:
            self.stdout.write(
                f"  {endpoint.name}: p50 {percentile(endpoint.timings_ms, 50):.1f} ms, "
                f"p95 {percentile(endpoint.timings_ms, 95):.1f} ms, "
                f"at most {endpoint.max_queries} SQL queries"
            )

        if options["skip_seed"]:
            seed = SeedResult(ran=False, detail="not run: --skip-seed was given")
        else:
            self.stdout.write("Timing seed_demo at benchmark size…")
            seed = time_seed_demo(base_dir=Path(settings.BASE_DIR))
        self.stdout.write(
            f"  seed_demo: {seed.detail}"
            + (f" in {seed.seconds:.0f} s" if seed.seconds is not None else "")
        )

        output = options["output"] or default_output()
        write_report(
            render_report(
                data=data,
                build_seconds=build_seconds,
                endpoints=endpoints,
                seed=seed,
                load_average=load_average,
            ),
            path=output,
        )
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}"))

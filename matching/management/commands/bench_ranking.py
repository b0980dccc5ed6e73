"""`manage.py bench_ranking`: measure the ranker and write its section of docs/benchmarks.md."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from matching import bench_ranking
from matching.benchmarks import machine_facts, write_report

START_MARKER = "<!-- bench_ranking:start -->"
END_MARKER = "<!-- bench_ranking:end -->"
E2E_PROGRAM = "bench-e2e"


class Command(BaseCommand):
    help = "Benchmark the ranker (speed, memory floor, build, catch-up, end to end, quality)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", default=str(Path(settings.BASE_DIR) / "docs" / "benchmarks.md")
        )
        parser.add_argument("--skip-end-to-end", action="store_true")
        parser.add_argument("--sizes", default="1000,10000,100000")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        sizes = tuple(int(size) for size in options["sizes"].split(","))
        sections = [
            START_MARKER,
            "# Ranker benchmarks",
            "",
            f"Command: `make bench` (`manage.py bench_ranking`). {'; '.join(machine_facts())}.",
            "",
            bench_ranking.run(sizes=sizes),
        ]
        if not options["skip_end_to_end"]:
            call_command(
                "seed_demo",
                "--mentors",
                "10000",
                "--mentees",
                "40",
                "--program",
                E2E_PROGRAM,
                "--force",
                stdout=self.stdout,
            )
            sections.append(bench_ranking.run_end_to_end(program_slug=E2E_PROGRAM))
        sections.append(f"_Ranker benchmark took {time.perf_counter() - started:.0f} s._")
        sections.append(END_MARKER)
        write_report(
            "\n".join(sections), path=Path(options["output"]), start=START_MARKER, end=END_MARKER
        )
        self.stdout.write(f"Wrote the ranker section of {options['output']}.")

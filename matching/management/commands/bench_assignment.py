"""`manage.py bench_assignment`: measure the cohort solver and write its benchmark section."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from matching import bench_assignment
from matching.benchmarks import write_report

START_MARKER = "<!-- bench_assignment:start -->"
END_MARKER = "<!-- bench_assignment:end -->"


class Command(BaseCommand):
    help = "Benchmark the exact cohort assignment (two 10,000 × 3,000 instances, OR-Library)."

    def add_arguments(self, parser: CommandParser) -> None:
        default = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"
        parser.add_argument("--output", default=str(default))

    def handle(self, *args: Any, **options: Any) -> None:
        section = "\n".join([START_MARKER, bench_assignment.run().rstrip(), END_MARKER])
        write_report(section, path=Path(options["output"]), start=START_MARKER, end=END_MARKER)
        self.stdout.write(f"Wrote the cohort assignment section of {options['output']}.")

"""`manage.py bench_learning`: the learning loop on the synthetic cohort, in docs/benchmarks.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from matching import bench_learning
from matching.benchmarks import write_report

START_MARKER = "<!-- bench_learning:start -->"
END_MARKER = "<!-- bench_learning:end -->"


class Command(BaseCommand):
    help = "Benchmark the learning loop: trained vs default weights, AUC and NDCG@10."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", default=str(Path(settings.BASE_DIR) / "docs" / "benchmarks.md")
        )
        parser.add_argument("--mentors", type=int, default=2000)
        parser.add_argument("--mentees", type=int, default=3000)

    def handle(self, *args: Any, **options: Any) -> None:
        section = "\n".join(
            [
                START_MARKER,
                "# Learning-loop benchmark",
                "",
                "Command: `make bench` (`manage.py bench_learning`).",
                "",
                bench_learning.run(mentors=options["mentors"], mentees=options["mentees"]),
                END_MARKER,
            ]
        )
        write_report(section, path=Path(options["output"]), start=START_MARKER, end=END_MARKER)
        self.stdout.write(f"Wrote the learning section of {options['output']}.")

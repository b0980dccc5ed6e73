"""`manage.py seed_demo`: load the demo program once and print the demo logins.

Safe to run on every `make run`: when the program exists it only makes sure the logins
exist (a handful of queries). `--mentors N --mentees M --program SLUG` loads a big program
for benchmarks in bulk. It refuses to run with DEBUG off unless `--force` is given, because
the demo passwords are public.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_slug

from mentorship.demo.bulk import BATCH_SIZE, VocabularyMissing
from mentorship.services.demo import (
    DEFAULT_SEED,
    DEMO_MENTEES,
    DEMO_MENTORS,
    DEMO_PASSWORD,
    DEMO_PROGRAM_SLUG,
    seed_demo,
)

# Progress lines only for loads big enough to wait for.
PROGRESS_FROM = 20_000
PROGRESS_EVERY = 50_000


def count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Load the demo program (once) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (public passwords!)."
        )
        parser.add_argument(
            "--program",
            default=DEMO_PROGRAM_SLUG,
            help=f"Slug of the program to load (default: {DEMO_PROGRAM_SLUG}).",
        )
        parser.add_argument(
            "--mentors",
            type=count,
            default=DEMO_MENTORS,
            help=f"How many generated mentors (default: {DEMO_MENTORS}).",
        )
        parser.add_argument(
            "--mentees",
            type=count,
            default=DEMO_MENTEES,
            help=f"How many generated mentees (default: {DEMO_MENTEES}).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="Random seed: the same seed gives the same people.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: the demo accounts have public passwords. Use --force to load "
                "them anyway."
            )
        slug = options["program"]
        try:
            validate_slug(slug)
        except ValidationError as error:
            raise CommandError(f"--program: {slug!r} is not a valid slug.") from error

        started = time.monotonic()
        try:
            result = seed_demo(
                slug=slug,
                mentors=options["mentors"],
                mentees=options["mentees"],
                seed=options["seed"],
                on_progress=self._progress if options["verbosity"] >= 1 else None,
            )
        except VocabularyMissing as error:
            raise CommandError(str(error)) from error

        program = result.program
        if result.created:
            self.stdout.write(
                f"Loaded “{program.name}” ({program.slug}): {result.mentors} mentors and "
                f"{result.mentees} mentees, plus the demo logins, in "
                f"{time.monotonic() - started:.1f} s."
            )
        else:
            self.stdout.write(f"“{program.name}” ({program.slug}) is already loaded.")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for account in result.accounts:
            self.stdout.write(f"  {account.role:<16} {account.email}")

    def _progress(self, done: int, total: int) -> None:
        if total >= PROGRESS_FROM and (done % PROGRESS_EVERY < BATCH_SIZE or done == total):
            self.stderr.write(f"  {done:,} of {total:,} people written")

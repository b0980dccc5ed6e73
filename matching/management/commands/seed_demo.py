"""`manage.py seed_demo`: load the demo program once and print the demo logins.

Safe to run on every `make run`: when the program exists it only makes sure the logins
exist (a handful of queries). A new program may also get six months of history (requests,
relationships, meetings, ratings, check-ins, closures; `matching.demo.history`), written
in the same transaction, so dashboards are full and the learning loop has outcomes to
learn from: by default the demo program at ordinary sizes gets it; `--history` asks for it
elsewhere (at most 5,000 mentees' worth), `--no-history` leaves it out. `--mentors N
--mentees M --program SLUG` loads a big program for benchmarks in bulk. The command lives
in `matching` because the history needs the ranker and the relationships. It refuses to
run with DEBUG off unless `--force` is given, because the demo passwords are public.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_slug
from django.db import transaction

from matching.demo.history import write_demo_history
from matching.demo.pairs import start_demo_pairs
from mentorship.demo.bulk import BATCH_SIZE, VocabularyMissing
from mentorship.demo.peer import PEER_LOGIN_EMAIL, seed_peer_program
from mentorship.services.demo import (
    DEFAULT_SEED,
    DEMO_MENTEES,
    DEMO_MENTORS,
    DEMO_PASSWORD,
    DEMO_PROGRAM_SLUG,
    demo_domain,
    seed_demo,
)

# The demo program gets its history unless it is a bulk load of more mentees than this.
HISTORY_BY_DEFAULT_UP_TO = 5000
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
        parser.add_argument(
            "--history",
            action=argparse.BooleanOptionalAction,
            default=None,
            help=(
                "Also write six months of history for a new program (default: for the demo "
                f"program up to {HISTORY_BY_DEFAULT_UP_TO:,} mentees, not for bulk loads)."
            ),
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
        history = None
        try:
            # One transaction: a program is never left without the history it was meant
            # to have, and a second run (the program exists) writes neither again.
            with transaction.atomic():
                result = seed_demo(
                    slug=slug,
                    mentors=options["mentors"],
                    mentees=options["mentees"],
                    seed=options["seed"],
                    on_progress=self._progress if options["verbosity"] >= 1 else None,
                )
                is_new_demo = result.created and slug == DEMO_PROGRAM_SLUG
                peer = seed_peer_program(seed=options["seed"]) if is_new_demo else None
                wants_history = options["history"]
                if wants_history is None:  # bulk loads for benchmarks time the people alone
                    wants_history = (
                        slug == DEMO_PROGRAM_SLUG and options["mentees"] <= HISTORY_BY_DEFAULT_UP_TO
                    )
                if result.created and wants_history:
                    history = write_demo_history(
                        program=result.program,
                        seed=options["seed"],
                        domain=demo_domain(result.program.slug),
                    )
                if is_new_demo and history is not None:  # the logins' own pairs are history too
                    start_demo_pairs(program=result.program)
        except VocabularyMissing as error:
            raise CommandError(str(error)) from error

        program = result.program
        if result.created:
            self.stdout.write(
                f"Loaded “{program.name}” ({program.slug}): {result.mentors} mentors and "
                f"{result.mentees} mentees, plus the demo logins, in "
                f"{time.monotonic() - started:.1f} s."
            )
            if history is not None:
                self.stdout.write(
                    f"History of six months: {history.requests} requests, "
                    f"{history.relationships} relationships, {history.meetings} meetings, "
                    f"{history.check_ins} check-ins."
                )
        else:
            self.stdout.write(f"“{program.name}” ({program.slug}) is already loaded.")
        if peer is not None and peer.created:
            self.stdout.write(f"Peer mentoring: {PEER_LOGIN_EMAIL} in “{peer.program.name}”.")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for account in result.accounts:
            self.stdout.write(f"  {account.role:<16} {account.email}")

    def _progress(self, done: int, total: int) -> None:
        if total >= PROGRESS_FROM and (done % PROGRESS_EVERY < BATCH_SIZE or done == total):
            self.stderr.write(f"  {done:,} of {total:,} people written")

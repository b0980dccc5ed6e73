"""`manage.py seed_demo`: create the demo accounts once and print their logins.

Safe to run on every `make run`: existing accounts are left as they are. It refuses to
run with DEBUG off unless `--force` is given, because the demo passwords are public.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentorship.services.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create the demo accounts (once) and print their logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (public passwords!)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: the demo accounts have public passwords. Use --force to load "
                "them anyway."
            )
        accounts = seed_demo()
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for account in accounts:
            self.stdout.write(f"  {account.role:<16} {account.email}")

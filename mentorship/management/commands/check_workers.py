"""`manage.py check_workers`: prove that a Celery worker picks up and finishes work."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentorship.models import Job, User
from mentorship.services.diagnostics import start_worker_check


class Command(BaseCommand):
    help = "Queue a worker check job and (unless --no-wait) wait for a worker to finish it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--owner", required=True, help="Email of the platform admin.")
        parser.add_argument("--no-wait", action="store_true", help="Queue it and return.")
        parser.add_argument("--timeout", type=float, default=30.0, help="Seconds to wait.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            owner = User.objects.get_by_natural_key(options["owner"])
        except User.DoesNotExist:
            raise CommandError(f"No user with the email {options['owner']!r}.") from None
        if not owner.is_staff:
            raise CommandError(f"{owner.email} is not a platform admin.")
        job = start_worker_check(requested_by=owner)
        self.stdout.write(f"Queued worker check job {job.id}.")
        if options["no_wait"]:
            return
        deadline = time.monotonic() + options["timeout"]
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.is_finished:
                break
            time.sleep(0.5)
        if job.state != Job.State.SUCCEEDED:
            raise CommandError(f"The job is {job.state} after {options['timeout']:.0f}s.")
        self.stdout.write(json.dumps(job.result))

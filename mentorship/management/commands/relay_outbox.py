"""`manage.py relay_outbox`: publish every task request the broker has not taken yet."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mentorship.models import OutboxMessage
from mentorship.services.outbox import relay_outbox


class Command(BaseCommand):
    help = "Publish outbox rows the broker did not take (for example while it was down)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = relay_outbox()
        waiting = OutboxMessage.objects.filter(sent_at__isnull=True).count()
        self.stdout.write(f"Sent {sent} task request(s); {waiting} still waiting for the broker.")

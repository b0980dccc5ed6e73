"""Reminders found by beat scans and sent exactly once.

A scan may run twice (a redelivered task, two beats by mistake); `send_once` records each
reminder under a unique key in the same transaction as its notification, so a second scan
finds the key and sends nothing.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.models import NotificationKind
from mentorship.services.notifications import notify
from relationships.models import MentorRequest, SentReminder


def claim_reminder(key: str) -> bool:
    """Record that the reminder `key` is being sent; False if it already was.

    Call inside the transaction that sends it: if sending fails, the claim rolls back.
    """
    try:
        with transaction.atomic():
            SentReminder.objects.create(key=key)
    except IntegrityError:
        return False
    return True


def remind_mentors_of_waiting_requests(*, now: datetime.datetime | None = None) -> int:
    """Remind mentors of requests that have waited half of the program's response window."""
    now = now or timezone.now()
    sent = 0
    waiting = MentorRequest.objects.filter(
        state=MentorRequest.State.PENDING, sent_at__isnull=False, expires_at__gt=now
    ).select_related("program", "mentor__membership__user", "mentee__membership__user")
    for request in waiting.iterator(chunk_size=500):
        assert request.sent_at is not None and request.expires_at is not None
        halfway = request.sent_at + (request.expires_at - request.sent_at) / 2
        if now < halfway:
            continue
        with transaction.atomic():
            if not claim_reminder(f"request:{request.pk}:half-window"):
                continue
            notify(
                recipient=request.mentor.membership.user,
                kind=NotificationKind.REQUEST_RECEIVED,
                title=_("%(name)s is waiting for your answer")
                % {"name": request.mentee.membership.user.name},
                body=_("The request expires on %(date)s.")
                % {"date": timezone.localtime(request.expires_at).date()},
                url=reverse("request_detail", args=[request.pk]),
            )
            sent += 1
    return sent

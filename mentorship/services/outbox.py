"""Requesting Celery tasks without losing them when the broker is down.

`request_task` writes an `OutboxMessage` in the caller's transaction and publishes it once
that transaction commits, so a rolled-back request sends nothing and a committed one is
never forgotten: if the broker refuses it, the row stays unsent and `relay_outbox` (a beat
task and the `relay_outbox` command) publishes it when the broker is back.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from enum import Enum
from functools import partial
from typing import Any

from celery import Task
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from mentorship.celery import app as celery_app
from mentorship.models import OutboxMessage

logger = logging.getLogger(__name__)

# What publishing raises when Redis is unreachable or stops answering mid-publish.
BROKER_ERRORS: tuple[type[BaseException], ...] = (OperationalError, ConnectionError, OSError)

# Keep published rows this long for inspection, then prune them.
SENT_RETENTION = timedelta(days=7)


class Outcome(Enum):
    """What happened to one outbox row when we tried to publish it."""

    SENT = "sent"
    REFUSED = "refused"  # the broker is unreachable; the row waits for the relay
    SKIPPED = "skipped"  # already sent, or another relay holds it right now


def request_task(task_name: str, *, kwargs: dict[str, Any], queue: str = "") -> OutboxMessage:
    """Record a task request in the current transaction; publish it once that commits.

    Raises `KeyError` at once for an unknown task name, a programming error that must not
    wait in the outbox to surface.
    """
    registered_task(task_name)  # fail fast on a typo, before anything is stored
    message = OutboxMessage.objects.create(task_name=task_name, kwargs=kwargs, queue=queue)
    transaction.on_commit(partial(publish_outbox_message, message_id=message.id))
    return message


def publish_outbox_message(*, message_id: uuid.UUID) -> Outcome:
    """Publish one unsent outbox row and say what happened.

    The row is locked while publishing (skipping rows another relay holds), so two relays
    never send the same row at once. The outbox id is the Celery task id. Without a broker
    (the embedded default) the task runs here, eagerly.
    """
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, sent_at__isnull=True)
            .first()
        )
        if message is None:
            return Outcome.SKIPPED
        message.attempts += 1
        try:
            _publish(message)
        except BROKER_ERRORS as error:
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            message.save(update_fields=["attempts", "last_error"])
            logger.warning("Broker refused %s (%s); the outbox keeps it.", message, error)
            return Outcome.REFUSED
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "sent_at", "last_error"])
        return Outcome.SENT


def relay_outbox(*, older_than: timedelta = timedelta(0), limit: int = 1000) -> int:
    """Publish rows the broker did not take, oldest first; return how many were sent.

    Stops at the first refusal: when the broker is down, trying the rest would only wait
    out one connection timeout per row.
    """
    cutoff = timezone.now() - older_than
    pending_ids = list(
        OutboxMessage.objects.filter(sent_at__isnull=True, created_at__lte=cutoff)
        .order_by("created_at")
        .values_list("id", flat=True)[:limit]
    )
    sent = 0
    for message_id in pending_ids:
        outcome = publish_outbox_message(message_id=message_id)
        if outcome is Outcome.REFUSED:
            break
        if outcome is Outcome.SENT:
            sent += 1
    return sent


def prune_sent_outbox() -> int:
    """Delete published rows older than the retention period; return how many."""
    cutoff = timezone.now() - SENT_RETENTION
    deleted, _ = OutboxMessage.objects.filter(sent_at__lt=cutoff).delete()
    return deleted


def registered_task(task_name: str) -> Task:  # type: ignore[type-arg]
    """Look up a task by name, importing every app's `tasks.py` on the first miss.

    Celery imports task modules only when a worker starts; web processes and commands
    request tasks by name and need them registered too.
    """
    if task_name not in celery_app.tasks:
        celery_app.autodiscover_tasks(force=True)
    return celery_app.tasks[task_name]


def _publish(message: OutboxMessage) -> None:
    task = registered_task(message.task_name)
    if celery_app.conf.task_always_eager:
        # The embedded default: no broker, so run it here and now.
        task.apply(kwargs=message.kwargs, task_id=str(message.id))
        return
    options: dict[str, Any] = {"queue": message.queue} if message.queue else {}
    task.apply_async(
        kwargs=message.kwargs,
        task_id=str(message.id),
        retry=True,
        retry_policy={
            "max_retries": 1,
            "interval_start": 0,
            "interval_step": 1,
            "interval_max": 1,
        },
        **options,
    )

"""Celery tasks of the relationships app: beat scans, each calling one service."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="relationships.tasks.expire_requests", time_limit=300, soft_time_limit=280)
def expire_requests() -> int:
    """Expire unanswered requests and send the mentees' backups."""
    from relationships.services.requests import expire_due_requests

    return expire_due_requests()


@shared_task(
    name="relationships.tasks.remind_waiting_requests", time_limit=300, soft_time_limit=280
)
def remind_waiting_requests() -> int:
    """Remind mentors at half the response window."""
    from relationships.services.reminders import remind_mentors_of_waiting_requests

    return remind_mentors_of_waiting_requests()

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


@shared_task(name="relationships.tasks.send_meeting_reminders", time_limit=300, soft_time_limit=280)
def send_meeting_reminders() -> int:
    """Remind both sides of meetings starting within 24 hours, once each."""
    from relationships.services.meeting_reminders import send_meeting_reminders as send

    return send()


@shared_task(
    name="relationships.tasks.send_check_in_reminders", time_limit=300, soft_time_limit=280
)
def send_check_in_reminders() -> int:
    """Remind whoever has not answered the current check-in period, once per period."""
    from relationships.services.checkins import send_check_in_reminders as send

    return send()


@shared_task(name="relationships.tasks.scan_inactivity", time_limit=300, soft_time_limit=280)
def scan_inactivity() -> int:
    """Nudge inactive pairs, and flag long spells to program admins."""
    from relationships.services.inactivity import scan_inactivity as scan

    return scan()

"""Celery tasks of the people app. Thin: each takes ids and calls one service."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task

from mentorship.services import diagnostics, outbox


@shared_task(name="mentorship.tasks.relay_outbox", time_limit=120, soft_time_limit=100)
def relay_outbox() -> int:
    """Publish outbox rows the broker missed (beat, every 30 s) and prune old sent rows.

    Rows younger than ten seconds are left to the on-commit publish that is still in flight.
    """
    sent = outbox.relay_outbox(older_than=timedelta(seconds=10))
    outbox.prune_sent_outbox()
    return sent


@shared_task(name="mentorship.tasks.check_worker", time_limit=60, soft_time_limit=50)
def check_worker(*, job_id: str) -> None:
    """Run the worker check job."""
    diagnostics.run_worker_check(job_id=job_id)


@shared_task(name="mentorship.tasks.send_notification_email", time_limit=60, soft_time_limit=50)
def send_notification_email(*, notification_id: int) -> None:
    """Email one notification now (the recipient chose immediate email for its kind)."""
    from mentorship.services import notification_email

    notification_email.send_notification_email(notification_id=notification_id)


@shared_task(name="mentorship.tasks.send_notification_digests", time_limit=600, soft_time_limit=570)
def send_notification_digests() -> int:
    """Beat, every 15 minutes: send the daily digest to everyone whose morning it is."""
    from mentorship.services import notification_email

    return notification_email.send_due_digests()


@shared_task(name="mentorship.tasks.send_invitation_email", time_limit=60, soft_time_limit=50)
def send_invitation_email(*, membership_id: int) -> None:
    """Email an imported or invited person a link to set their password and join."""
    from mentorship.services import invitations

    invitations.send_invitation_email(membership_id=membership_id)


@shared_task(name="mentorship.tasks.import_participants", time_limit=1800, soft_time_limit=1780)
def import_participants(*, import_id: int, job_id: str) -> None:
    """Import a previewed participant CSV file for its job, all or nothing."""
    from mentorship.services import participant_import

    participant_import.run_import_job(import_id=import_id, job_id=job_id)

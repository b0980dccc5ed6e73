"""Task requests are stored with the caller's transaction and published after it commits."""

from __future__ import annotations

import pytest
from django.db import transaction

from mentorship.models import Job, OutboxMessage
from mentorship.services.diagnostics import start_worker_check
from mentorship.services.outbox import Outcome, publish_outbox_message, request_task


def test_a_request_in_a_rolled_back_transaction_leaves_nothing_behind(platform_admin):
    with pytest.raises(RuntimeError), transaction.atomic():
        start_worker_check(requested_by=platform_admin)
        raise RuntimeError("the caller's work failed")
    assert OutboxMessage.objects.count() == 0
    assert Job.objects.count() == 0


def test_nothing_is_published_before_the_transaction_commits(
    platform_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start_worker_check(requested_by=platform_admin)
    assert len(callbacks) == 1
    assert OutboxMessage.objects.get().sent_at is None
    job.refresh_from_db()
    assert job.state == Job.State.QUEUED


def test_without_a_broker_the_task_runs_in_process_after_commit(
    platform_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_worker_check(requested_by=platform_admin)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert job.result is not None and job.result["users"] == 1
    assert OutboxMessage.objects.get().sent_at is not None


def test_a_message_is_published_once_only(platform_admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        start_worker_check(requested_by=platform_admin)
    message = OutboxMessage.objects.get()
    assert publish_outbox_message(message_id=message.id) is Outcome.SKIPPED
    message.refresh_from_db()
    assert message.attempts == 1


def test_an_unknown_task_name_is_refused_before_anything_is_stored(db):
    with pytest.raises(KeyError):
        request_task("mentorship.tasks.no_such_task", kwargs={})
    assert OutboxMessage.objects.count() == 0


def test_only_platform_admins_may_start_a_worker_check(alice):
    from mentorship.errors import ActionNotAllowed

    with pytest.raises(ActionNotAllowed):
        start_worker_check(requested_by=alice)
    assert Job.objects.count() == 0

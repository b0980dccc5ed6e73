"""Jobs: background work a person waits for, with progress they can watch.

A task that serves a job takes the job id, calls `mark_job_running`, reports progress as
it goes and ends with `finish_job` or `fail_job`. A redelivered task (its worker died) runs
again from the start: these functions only ever move the row forward to its latest truth.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from mentorship.models import Job, User
from mentorship.services.outbox import request_task


@transaction.atomic
def start_job(
    *,
    owner: User,
    kind: str,
    task_name: str,
    task_kwargs: dict[str, Any] | None = None,
    queue: str = "",
) -> Job:
    """Create a queued job and request the task that does it (sent after commit)."""
    job = Job.objects.create(owner=owner, kind=kind)
    request_task(task_name, kwargs={**(task_kwargs or {}), "job_id": str(job.id)}, queue=queue)
    return job


def mark_job_running(*, job_id: uuid.UUID | str) -> Job:
    """Record that a worker picked the job up (again, after a redelivery)."""
    now = timezone.now()
    Job.objects.filter(pk=job_id).update(
        state=Job.State.RUNNING, progress=0, error="", started_at=now, updated_at=now
    )
    return Job.objects.get(pk=job_id)


def report_job_progress(*, job_id: uuid.UUID | str, progress: int, message: str = "") -> None:
    """Store how far the job got (0–100) and, optionally, what it is doing now."""
    progress = max(0, min(100, progress))
    Job.objects.filter(pk=job_id, state=Job.State.RUNNING).update(
        progress=progress, message=message[:200], updated_at=timezone.now()
    )


def finish_job(*, job_id: uuid.UUID | str, result: dict[str, Any], message: str = "") -> None:
    """Mark the job succeeded with its result."""
    now = timezone.now()
    Job.objects.filter(pk=job_id).update(
        state=Job.State.SUCCEEDED,
        progress=100,
        result=result,
        message=message[:200],
        error="",
        finished_at=now,
        updated_at=now,
    )


def fail_job(*, job_id: uuid.UUID | str, error: str) -> None:
    """Mark the job failed with an error its owner can read."""
    now = timezone.now()
    Job.objects.filter(pk=job_id).update(
        state=Job.State.FAILED, error=error[:2000], finished_at=now, updated_at=now
    )

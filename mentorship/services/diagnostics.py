"""The worker check: proves, end to end, that background work runs.

A platform admin (or `manage.py check_workers`) starts it; the job goes through the
outbox, the broker and a worker, which reads the database and reports back where it ran.
Health checks see the broker; only this sees that a worker is actually consuming.
"""

from __future__ import annotations

import os
import socket
import uuid

from django.db import connection
from django.utils.translation import gettext as _

from mentorship.errors import ActionNotAllowed
from mentorship.models import Job, User
from mentorship.services.jobs import finish_job, mark_job_running, report_job_progress, start_job

WORKER_CHECK_KIND = "worker_check"
WORKER_CHECK_TASK = "mentorship.tasks.check_worker"


def start_worker_check(*, requested_by: User) -> Job:
    """Queue a worker check owned by a platform admin."""
    if not requested_by.is_staff:
        raise ActionNotAllowed(_("Only platform admins can check the workers."))
    return start_job(owner=requested_by, kind=WORKER_CHECK_KIND, task_name=WORKER_CHECK_TASK)


def run_worker_check(*, job_id: uuid.UUID | str) -> None:
    """Run inside a worker: touch the database and record which process did the work."""
    mark_job_running(job_id=job_id)
    report_job_progress(job_id=job_id, progress=50, message=_("Reading the database"))
    users = User.objects.count()
    finish_job(
        job_id=job_id,
        result={
            "worker_host": socket.gethostname(),
            "worker_pid": os.getpid(),
            "database": connection.vendor,
            "users": users,
        },
        message=_("A worker ran the check."),
    )

"""Background work through the real broker and a real `celery worker` process."""

from __future__ import annotations

import os

import pytest

from mentorship.models import Job, OutboxMessage
from mentorship.services.diagnostics import start_worker_check
from tests.processes import (
    CeleryWorker,
    project_env,
    run_manage,
    subprocess_database_url,
    wait_until,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def job_state(job_id) -> str | None:
    state = Job.objects.filter(pk=job_id).values_list("state", flat=True).first()
    return state if state in Job.FINISHED_STATES else None


def test_a_worker_process_runs_a_task_sent_through_the_broker(
    celery_worker, broker_url, platform_admin
):
    job = start_worker_check(requested_by=platform_admin)

    assert wait_until(lambda: job_state(job.id), timeout=30, what="the job to finish") == (
        "succeeded"
    ), celery_worker.output()
    job.refresh_from_db()
    assert job.progress == 100
    assert job.result is not None
    assert job.result["database"] == "postgresql"
    assert job.result["worker_pid"] != os.getpid()
    assert OutboxMessage.objects.get().sent_at is not None


def test_a_task_requested_while_the_broker_is_down_runs_once_it_is_back(
    private_redis, platform_admin
):
    env = project_env(
        DATABASE_URL=subprocess_database_url(),
        CELERY_BROKER_URL=private_redis.url,
    )
    private_redis.stop()

    requested = run_manage("check_workers", "--owner", platform_admin.email, "--no-wait", env=env)
    assert requested.returncode == 0, requested.stderr
    message = OutboxMessage.objects.get()
    assert message.sent_at is None
    assert message.attempts == 1
    assert "Error" in message.last_error
    assert Job.objects.get().state == Job.State.QUEUED

    still_down = run_manage("relay_outbox", env=env)
    assert "Sent 0 task request(s); 1 still waiting" in still_down.stdout

    private_redis.start()
    worker = CeleryWorker(broker_url=private_redis.url, database_url=env["DATABASE_URL"])
    worker.start()
    try:
        relayed = run_manage("relay_outbox", env=env)
        assert "Sent 1 task request(s); 0 still waiting" in relayed.stdout, relayed.stderr
        job = Job.objects.get()
        assert wait_until(lambda: job_state(job.id), timeout=30, what="the job") == "succeeded", (
            worker.output()
        )
    finally:
        worker.stop()

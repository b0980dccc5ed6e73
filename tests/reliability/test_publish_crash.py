"""A worker killed in the middle of publishing a cohort run publishes it exactly once.

Publishing is one transaction in the worker (`match_run_publishing`): the test holds a
lock on one of the run's mentor rows, which the publish must lock before it creates any
relationship, so the task is provably mid-publish with the run's row and its mentees'
rows already locked. Killing the pool process rolls all of that back; the broker hands the
task to another process, which blocks at the same row; once released it publishes, and
every relationship, notification and audit entry exists once.
"""

from __future__ import annotations

from collections import Counter

import pytest

from matching.models import MatchRun, ProposedPair
from matching.services.match_run_publishing import PUBLISH_TASK, request_publish
from matching.services.match_runs import start_match_run
from mentorship.models import (
    AuditEntry,
    Job,
    MentorParticipation,
    Notification,
    NotificationKind,
    OutboxMessage,
)
from relationships.models import Relationship
from tests.matching.cohort import cohort
from tests.processes import wait_until
from tests.reliability.crash import (
    kill_pool_process_running,
    lock_waiters,
    row_lock,
    wait_for_waiter,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

MENTOR_TABLE = MentorParticipation._meta.db_table
RUN_TABLE = MatchRun._meta.db_table


def finished(job_id) -> str | None:
    state = Job.objects.filter(pk=job_id).values_list("state", flat=True).first()
    return state if state in Job.FINISHED_STATES else None


def redelivered_publish_blocked(*, besides: set[int]) -> int:
    """The backend pid of the redelivered publish, blocked again.

    PostgreSQL notices a dead client only when it next talks to it, so the killed
    process's backend keeps waiting for the mentor row while holding the run's row: the
    redelivery then waits for the run's row. (With `client_connection_check_interval`
    set the orphan is gone at once and the redelivery waits for the mentor row.)
    """

    def blocked() -> int | None:
        for table in (RUN_TABLE, MENTOR_TABLE):
            pids = [pid for pid, _port in lock_waiters(table) if pid not in besides]
            if pids:
                return pids[0]
        return None

    return int(wait_until(blocked, timeout=60, what="the redelivered publish to block"))


def test_a_publish_whose_pool_process_is_killed_mid_transaction_publishes_once(
    celery_worker, broker_url, program, program_admin
):
    people = cohort(program, size=3)
    assert celery_worker.process is not None
    run = start_match_run(
        program=program, by=program_admin, objective="total_score", min_score=None
    )
    compute_job = run.job
    assert compute_job is not None
    assert (
        wait_until(lambda: finished(compute_job.pk), timeout=60, what="the run") == "succeeded"
    ), celery_worker.output()
    run.refresh_from_db()
    pairs = list(ProposedPair.objects.filter(run=run).values_list("mentee_id", "mentor_id"))
    assert len(pairs) == 3
    held = max(mentor for _mentee, mentor in pairs)  # locked last: mentees already held

    lock = f"SELECT 1 FROM {MENTOR_TABLE} WHERE id = %s FOR UPDATE"  # noqa: S608 (model table)
    with row_lock(lock, (held,)):
        job = request_publish(run=run, by=program_admin)
        first = wait_for_waiter(MENTOR_TABLE)
        assert Job.objects.get(pk=job.pk).state == Job.State.RUNNING
        killed = kill_pool_process_running(first, worker_pid=celery_worker.process.pid)
        # Redelivered to another pool process, the publish starts over and blocks again.
        redelivered_publish_blocked(besides={first})
        assert MatchRun.objects.get(pk=run.pk).state == MatchRun.State.PUBLISHING
        assert not Relationship.objects.exists()  # the killed transaction left nothing

    assert wait_until(lambda: finished(job.pk), timeout=60, what="the publish") == "succeeded", (
        celery_worker.output()
    )
    assert f"pid:{killed} exited with 'signal 9 (SIGKILL)'" in celery_worker.output()
    job.refresh_from_db()
    assert job.result == {"run_id": run.pk, "relationships": 3}

    run.refresh_from_db()
    assert run.state == MatchRun.State.PUBLISHED
    assert (run.published_by, run.publish_job_id) == (program_admin, job.pk)
    created = Counter(Relationship.objects.values_list("mentee_id", "mentor_id"))
    assert created == Counter(pairs)  # each pair once, nothing else
    assert ProposedPair.objects.filter(run=run, relationship__isnull=True).count() == 0
    published = AuditEntry.objects.filter(action=AuditEntry.Action.PUBLISHED_MATCH_RUN)
    assert published.count() == 1
    told = Counter(
        Notification.objects.filter(kind=NotificationKind.MATCH_PUBLISHED).values_list(
            "recipient_id", flat=True
        )
    )
    everyone = [p.membership.user_id for p in people.mentees + people.mentors]
    assert told == Counter(everyone)  # once per person
    assert OutboxMessage.objects.filter(task_name=PUBLISH_TASK).count() == 1

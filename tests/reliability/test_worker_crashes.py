"""A worker killed in the middle of a task loses nothing and duplicates nothing.

Tasks are acknowledged late and rejected back to the broker when their process dies
(`mentorship/celery.py`), and each task replaces what it stores, so a redelivered task
finishes the work exactly once. Each test holds a row lock the task needs, so the task is
provably in flight, kills who runs it, sees the task come back, then lets it finish.
"""

from __future__ import annotations

import os
import signal

import pytest

from matching.models import MatchRun, ProposedPair, Suggestion, SuggestionList
from matching.services.match_runs import start_match_run
from matching.services.suggestions import request_refresh
from mentorship.celery import app as celery_app
from mentorship.models import GoalArea, Job, MenteeGoal, MenteeParticipation, OutboxMessage
from tests.conftest import membership_of
from tests.factories import make_member
from tests.matching.cohort import cohort
from tests.processes import (
    CeleryWorker,
    project_env,
    run_manage,
    subprocess_database_url,
    wait_until,
)
from tests.reliability.crash import kill_pool_process_running, row_lock, wait_for_waiter

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

MENTORS = 5
LISTING_TABLE = SuggestionList._meta.db_table
JOB_TABLE = Job._meta.db_table


def finished(job_id) -> str | None:
    state = Job.objects.filter(pk=job_id).values_list("state", flat=True).first()
    return state if state in Job.FINISHED_STATES else None


def mentee_with_mentors(program, mentee) -> MenteeParticipation:
    mentee_part = membership_of(mentee, program).mentee_participation
    MenteeGoal.objects.create(
        participation=mentee_part,
        goal_area=GoalArea.objects.get(slug="leadership"),
        description="Grow into leading a data team",
    )
    for number in range(MENTORS):
        mentor = make_member(program=program, roles=("mentor",), email=f"c{number}@example.org")
        mentor.mentor_participation.how_i_can_help = f"data team leadership {number}"
        mentor.mentor_participation.save(update_fields=["how_i_can_help"])
    # The list row exists before the request, so the test can lock it (see below).
    SuggestionList.objects.get_or_create(mentee=mentee_part)
    return mentee_part


def listing_lock(mentee_part: MenteeParticipation):
    """FOR KEY SHARE lets the request link its job to the list, but stops the task where it
    takes the list FOR UPDATE to replace the suggestions: after ranking, before storing."""
    return row_lock(
        f"SELECT 1 FROM {LISTING_TABLE} WHERE mentee_id = %s FOR KEY SHARE",  # noqa: S608 (model table)
        (mentee_part.pk,),
    )


def assert_one_complete_list(mentee_part: MenteeParticipation) -> None:
    ranks = list(
        Suggestion.objects.filter(mentee=mentee_part)
        .order_by("rank")
        .values_list("rank", flat=True)
    )
    assert ranks == list(range(1, MENTORS + 1))
    assert SuggestionList.objects.filter(mentee=mentee_part).count() == 1


def test_a_ranking_task_whose_pool_process_is_killed_runs_again_and_stores_one_list(
    celery_worker, broker_url, program, mentee
):
    mentee_part = mentee_with_mentors(program, mentee)
    assert celery_worker.process is not None

    with listing_lock(mentee_part):
        job = request_refresh(mentee=mentee_part, by=mentee)
        first = wait_for_waiter(LISTING_TABLE)
        assert Job.objects.get(pk=job.pk).state == Job.State.RUNNING
        killed = kill_pool_process_running(first, worker_pid=celery_worker.process.pid)
        # The broker hands the task to another pool process, which blocks at the same row.
        wait_for_waiter(LISTING_TABLE, besides={first})
        assert not Suggestion.objects.filter(mentee=mentee_part).exists()

    assert wait_until(lambda: finished(job.pk), timeout=60, what="the job") == "succeeded", (
        celery_worker.output()
    )
    assert f"pid:{killed} exited with 'signal 9 (SIGKILL)'" in celery_worker.output()
    assert_one_complete_list(mentee_part)


def test_a_match_run_whose_pool_process_is_killed_is_computed_once(
    celery_worker, broker_url, program, program_admin
):
    people = cohort(program, size=3)
    assert celery_worker.process is not None

    run = start_match_run(
        program=program, by=program_admin, objective="total_score", min_score=None
    )
    job = run.job
    assert job is not None
    # The job row: every step of the task (running, progress, done) waits for it.
    lock = f"SELECT 1 FROM {JOB_TABLE} WHERE id = %s FOR UPDATE"  # noqa: S608 (model table)
    with row_lock(lock, (job.pk,)):
        first = wait_for_waiter(JOB_TABLE)
        kill_pool_process_running(first, worker_pid=celery_worker.process.pid)
        wait_for_waiter(JOB_TABLE, besides={first})
        assert MatchRun.objects.get(pk=run.pk).state != MatchRun.State.READY

    assert wait_until(lambda: finished(job.pk), timeout=60, what="the run") == "succeeded", (
        celery_worker.output()
    )
    run.refresh_from_db()
    assert run.state == MatchRun.State.READY
    pairs = list(ProposedPair.objects.filter(run=run).values_list("mentee_id", "mentor_id"))
    assert len(pairs) == len(people.mentees)
    assert len({mentee for mentee, _mentor in pairs}) == len(pairs)
    assert len({mentor for _mentee, mentor in pairs}) == len(pairs)  # capacity 1 each


def test_a_whole_worker_killed_mid_task_and_restarted_finishes_the_work_once(
    private_redis, program, mentee
):
    """SIGKILL to the worker's process group, as `docker kill` or the OOM killer would."""
    mentee_part = mentee_with_mentors(program, mentee)
    database_url = subprocess_database_url()
    worker = CeleryWorker(
        broker_url=private_redis.url,
        database_url=database_url,
        app="tests.reliability.short_visibility",
    )
    worker.start()
    try:
        with listing_lock(mentee_part):
            # The web process: a separate process talking to this test's private broker.
            requested = run_manage(
                "shell",
                "-c",
                "from matching.services.suggestions import request_refresh;"
                "from mentorship.models import MenteeParticipation;"
                f"m = MenteeParticipation.objects.get(pk={mentee_part.pk});"
                "request_refresh(mentee=m, by=m.membership.user)",
                env=project_env(DATABASE_URL=database_url, CELERY_BROKER_URL=private_redis.url),
            )
            assert requested.returncode == 0, requested.stderr
            first = wait_for_waiter(LISTING_TABLE)
            assert worker.process is not None
            os.killpg(worker.process.pid, signal.SIGKILL)
            worker.process.wait(timeout=10)
            worker.process = None

            worker.start()
            # Redis gives the unacknowledged message back after the visibility timeout.
            wait_for_waiter(LISTING_TABLE, besides={first})

        job = Job.objects.get()
        assert wait_until(lambda: finished(job.pk), timeout=60, what="the job") == "succeeded", (
            worker.output()
        )
    finally:
        worker.stop()
    assert_one_complete_list(mentee_part)
    assert OutboxMessage.objects.count() == 1


def test_the_production_settings_redeliver_lost_tasks_and_never_too_early():
    celery_app.autodiscover_tasks(force=True)
    conf = celery_app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    longest = max(
        [conf.task_time_limit]
        + [getattr(task, "time_limit", None) or 0 for task in celery_app.tasks.values()]
    )
    assert conf.broker_transport_options["visibility_timeout"] > longest

"""A cohort match run through the broker and a real worker process."""

from __future__ import annotations

import pytest

from matching.models import MatchRun
from matching.services.match_runs import start_match_run
from mentorship.models import Job
from tests.matching.cohort import cohort, pairs_of
from tests.processes import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_computes_the_proposal_of_a_run_started_by_an_admin(
    celery_worker, broker_url, program, program_admin
):
    people = cohort(program)

    run = start_match_run(program=program, by=program_admin, objective="coverage", min_score=None)

    def finished() -> str | None:
        state = MatchRun.objects.get(pk=run.pk).state
        return state if state not in MatchRun.IN_PROGRESS_STATES else None

    assert wait_until(finished, timeout=60, what="the match run") == "ready", celery_worker.output()
    run.refresh_from_db()
    assert pairs_of(run) == {
        mentee.pk: mentor.pk for mentee, mentor in zip(people.mentees, people.mentors, strict=True)
    }
    assert run.job is not None
    job = Job.objects.get(pk=run.job.pk)
    assert (job.state, job.progress) == (Job.State.SUCCEEDED, 100)

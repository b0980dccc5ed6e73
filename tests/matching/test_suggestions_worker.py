"""The suggestions path through the broker and a real worker process."""

from __future__ import annotations

import pytest

from matching.models import Suggestion
from matching.services.suggestions import request_refresh
from mentorship.models import GoalArea, Job, MenteeGoal
from tests.conftest import membership_of
from tests.factories import make_member
from tests.processes import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_computes_and_stores_suggestions_requested_from_the_web(
    celery_worker, broker_url, program, mentee
):
    mentee_part = membership_of(mentee, program).mentee_participation
    MenteeGoal.objects.create(
        participation=mentee_part,
        goal_area=GoalArea.objects.get(slug="leadership"),
        description="Grow into leading a data team",
    )
    for number in range(5):
        mentor = make_member(program=program, roles=("mentor",), email=f"w{number}@example.org")
        mentor.mentor_participation.how_i_can_help = f"data team leadership {number}"
        mentor.mentor_participation.save(update_fields=["how_i_can_help"])

    job = request_refresh(mentee=mentee_part, by=mentee)

    def finished() -> str | None:
        state = Job.objects.get(pk=job.pk).state
        return state if state in Job.FINISHED_STATES else None

    assert wait_until(finished, timeout=60, what="the suggestions job") == "succeeded", (
        celery_worker.output()
    )
    assert Suggestion.objects.filter(mentee=mentee_part).count() == 5

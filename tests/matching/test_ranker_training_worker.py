"""Training through the broker and a real worker process, as the "Train" button does it."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from matching.models import RankerModel
from matching.services.training import request_training
from mentorship.models import Job, Program, User
from tests.processes import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_trains_an_inactive_model_requested_by_the_admin(
    celery_worker, broker_url, settings
):
    settings.DEBUG = True
    call_command(
        "seed_demo",
        *("--mentors", "30", "--mentees", "120", "--program", "wk", "--history"),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    program = Program.objects.get(slug="wk")
    admin = User.objects.get(email="admin@demo.test")

    job = request_training(program=program, by=admin)

    def finished() -> str | None:
        state = Job.objects.get(pk=job.pk).state
        return state if state in Job.FINISHED_STATES else None

    assert wait_until(finished, timeout=90, what="the training job") == "succeeded", (
        celery_worker.output()
    )
    model = RankerModel.objects.get(job_id=job.pk)
    assert model.kind == RankerModel.Kind.TRAINED and not model.is_active
    assert model.details["data"]["pairs"] >= 40

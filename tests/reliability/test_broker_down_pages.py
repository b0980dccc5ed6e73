"""With the broker down, pages still work and say that background work is delayed.

The web side runs here, in-process, publishing to a private Redis that the test stops; a
real `celery worker` process takes over once the broker is back and the relay has sent
the saved request.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from matching.models import Suggestion
from mentorship.celery import app as celery_app
from mentorship.models import GoalArea, Job, MenteeGoal, OutboxMessage, Program, User
from mentorship.models.background import OUTBOX_DELAY_GRACE
from mentorship.services.outbox import relay_outbox
from relationships.services.relationships import start_relationship
from tests.conftest import client_for, membership_of
from tests.factories import make_member
from tests.processes import CeleryWorker, RedisServer, subprocess_database_url, wait_until

pytestmark = pytest.mark.django_db

DELAYED = "Background work is delayed: our task queue is unreachable right now."


@contextmanager
def web_process_publishing_to(server: RedisServer) -> Iterator[None]:
    """Make this process publish tasks to `server`, as a web process configured for it would."""

    def forget_connections() -> None:
        # The app caches its connection and producer pools for the broker it saw first.
        celery_app._pool = None  # type: ignore[attr-defined]
        celery_app.amqp._producer_pool = None  # type: ignore[attr-defined]

    eager = celery_app.conf.task_always_eager
    # Celery reads this environment variable before its own configuration.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CELERY_BROKER_URL", server.url)
        celery_app.conf.task_always_eager = False
        forget_connections()
        try:
            yield
        finally:
            celery_app.conf.task_always_eager = eager
    forget_connections()


def page_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def job_finished(job_id: uuid.UUID) -> str | None:
    state = Job.objects.filter(pk=job_id).values_list("state", flat=True).first()
    return state if state in Job.FINISHED_STATES else None


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)  # the worker process must see this test's rows
def test_with_the_broker_down_pages_work_and_say_background_work_is_delayed(
    private_redis, program: Program, mentee: User, mentor: User
):
    mentee_part = membership_of(mentee, program).mentee_participation
    MenteeGoal.objects.create(
        participation=mentee_part,
        goal_area=GoalArea.objects.get(slug="leadership"),
        description="Grow into leading a data team",
    )
    for number in range(3):
        other = make_member(program=program, roles=("mentor",), email=f"m{number}@example.org")
        other.mentor_participation.how_i_can_help = f"data team leadership {number}"
        other.mentor_participation.save(update_fields=["how_i_can_help"])
    relationship = start_relationship(
        mentee=mentee_part, mentor=membership_of(mentor, program).mentor_participation
    )
    browser, api = page_for(mentee), client_for(mentee)
    suggestions_url = reverse("suggestions", args=[program.slug])

    with web_process_publishing_to(private_redis):
        private_redis.stop()

        for url in (
            reverse("dashboard"),
            reverse("mentor_directory", args=[program.slug]),
            reverse("relationship_detail", args=[relationship.pk]),
        ):
            response = browser.get(url)
            assert response.status_code == 200, url
            assert DELAYED not in response.content.decode(), url

        refreshed = browser.post(reverse("suggestions_refresh", args=[program.slug]))
        assert refreshed.status_code == 302
        page = browser.get(suggestions_url)
        assert page.status_code == 200
        assert DELAYED in page.content.decode()

        job = Job.objects.get(owner=mentee, kind="suggestions")
        message = OutboxMessage.objects.get(kwargs__job_id=str(job.pk))
        assert message.sent_at is None
        assert message.attempts >= 1  # the broker refused it; the row keeps the request
        assert job.state == Job.State.QUEUED

        polled = browser.get(
            reverse("suggestions_status", args=[program.slug, job.pk]), HTTP_HX_REQUEST="true"
        )
        assert polled.status_code == 200
        assert DELAYED in polled.content.decode()
        job_page = browser.get(reverse("job_status", args=[job.pk]))
        assert job_page.status_code == 200
        assert DELAYED in job_page.content.decode()
        detail = api.get(f"/api/v1/jobs/{job.pk}/")
        assert detail.status_code == 200
        assert detail.json()["delayed"] is True
        assert detail.json()["state"] == "queued"

        assert relay_outbox() == 0  # still down: nothing sent, nothing lost
        assert api.get(f"/api/v1/jobs/{job.pk}/").json()["delayed"] is True

        private_redis.start()
        worker = CeleryWorker(broker_url=private_redis.url, database_url=subprocess_database_url())
        worker.start()
        try:
            assert relay_outbox() == 1
            assert api.get(f"/api/v1/jobs/{job.pk}/").json()["delayed"] is False
            assert wait_until(lambda: job_finished(job.pk), timeout=60, what="the job") == (
                "succeeded"
            ), worker.output()
        finally:
            worker.stop()

    page = browser.get(suggestions_url)
    assert page.status_code == 200
    assert DELAYED not in page.content.decode()
    assert Suggestion.objects.filter(mentee=mentee_part).count() >= 3
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED


def test_only_a_queued_job_whose_request_the_broker_has_not_taken_is_delayed(mentee: User):
    job = Job.objects.create(owner=mentee, kind="suggestions")
    other_job = Job.objects.create(owner=mentee, kind="suggestions")
    message = OutboxMessage.objects.create(
        task_name="matching.tasks.compute_suggestions", kwargs={"job_id": str(job.pk)}
    )
    assert Job.objects.get(pk=job.pk).is_delayed is False  # just written: about to be sent

    OutboxMessage.objects.filter(pk=message.pk).update(attempts=1, last_error="OperationalError")
    assert Job.objects.get(pk=job.pk).is_delayed is True  # refused by the broker
    assert Job.objects.get(pk=other_job.pk).is_delayed is False  # another job's request

    OutboxMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now())
    # Still queued, but waiting for a worker now, not for the broker.
    assert Job.objects.get(pk=job.pk).is_delayed is False
    assert client_for(mentee).get(f"/api/v1/jobs/{job.pk}/").json()["delayed"] is False


def test_a_request_left_unsent_past_the_grace_period_counts_as_delayed(mentee: User):
    """Not refused yet (say the web process died before publishing), but waiting too long."""
    job = Job.objects.create(owner=mentee, kind="suggestions")
    message = OutboxMessage.objects.create(
        task_name="matching.tasks.compute_suggestions", kwargs={"job_id": str(job.pk)}
    )
    assert Job.objects.get(pk=job.pk).is_delayed is False  # just written: about to be sent

    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - OUTBOX_DELAY_GRACE - timedelta(seconds=1)
    )
    assert Job.objects.get(pk=job.pk).is_delayed is True
    assert client_for(mentee).get(f"/api/v1/jobs/{job.pk}/").json()["delayed"] is True

    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING)
    assert Job.objects.get(pk=job.pk).is_delayed is False  # a worker has it after all

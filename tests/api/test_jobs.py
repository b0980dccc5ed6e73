"""A job's progress is visible to its owner only, through the API and the polling page."""

from __future__ import annotations

import pytest

from mentorship.models import Job
from mentorship.services.jobs import mark_job_running, report_job_progress
from tests.conftest import client_for


@pytest.fixture
def alices_job(alice) -> Job:
    job = Job.objects.create(owner=alice, kind="worker_check")
    mark_job_running(job_id=job.id)
    report_job_progress(job_id=job.id, progress=40, message="Halfway-ish")
    return job


def test_alice_sees_her_jobs_progress(alice, alices_job):
    response = client_for(alice).get(f"/api/v1/jobs/{alices_job.id}/")
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "running"
    assert body["progress"] == 40
    assert body["message"] == "Halfway-ish"


def test_bob_cannot_see_alices_job(bob, alices_job):
    response = client_for(bob).get(f"/api/v1/jobs/{alices_job.id}/")
    assert response.status_code == 404


def test_a_platform_admin_cannot_see_alices_job_through_the_api(platform_admin, alices_job):
    response = client_for(platform_admin).get(f"/api/v1/jobs/{alices_job.id}/")
    assert response.status_code == 404


def test_an_anonymous_visitor_cannot_see_a_job(api_client, alices_job):
    response = api_client.get(f"/api/v1/jobs/{alices_job.id}/")
    assert response.status_code == 401


def test_the_job_page_polls_while_running_and_stops_when_finished(client, alice, alices_job):
    client.force_login(alice)
    running = client.get(f"/jobs/{alices_job.id}/", headers={"HX-Request": "true"})
    assert running.status_code == 200
    assert 'hx-trigger="every 1s"' in running.content.decode()
    assert 'value="40"' in running.content.decode()

    Job.objects.filter(pk=alices_job.id).update(state=Job.State.SUCCEEDED, progress=100)
    finished = client.get(f"/jobs/{alices_job.id}/", headers={"HX-Request": "true"})
    assert "hx-trigger" not in finished.content.decode()


def test_bob_gets_a_404_page_for_alices_job(client, bob, alices_job):
    client.force_login(bob)
    assert client.get(f"/jobs/{alices_job.id}/").status_code == 404


def test_progress_is_kept_between_0_and_100(alice, alices_job):
    report_job_progress(job_id=alices_job.id, progress=250)
    alices_job.refresh_from_db()
    assert alices_job.progress == 100

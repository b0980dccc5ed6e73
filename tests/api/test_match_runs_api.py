"""The match-runs API: program admins start, read, edit and publish cohort runs; nobody else."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matching.index_cache import forget
from matching.models import MatchRun, ProposedPair
from matching.services.suggestions import active_ranker
from mentorship.models import Job
from relationships.models import Relationship
from relationships.services.relationships import start_relationship
from tests.conftest import client_for
from tests.matching.cohort import add_mentee, cohort, pairs_of, run_now

BASE = "/api/v1/programs/rise/match-runs/"


@pytest.fixture(autouse=True)
def _fresh_index_cache():
    forget()
    yield
    forget()


@pytest.fixture
def people(program):
    return cohort(program)


@pytest.fixture
def run(program, program_admin, people, django_capture_on_commit_callbacks):
    return run_now(django_capture_on_commit_callbacks, program=program, by=program_admin)


@pytest.fixture
def admin_api(program_admin):
    return client_for(program_admin)


def test_an_admin_starts_a_run_and_gets_202_with_the_job_to_poll(
    admin_api, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_api.post(
            BASE, {"objective": "coverage", "min_score": 10, "weights": {"text": 6}}, format="json"
        )
    assert response.status_code == 202
    body = response.json()
    assert body["state"] == "queued"
    assert body["job"]["kind"] == "match_run"
    assert body["weights"]["text"] == 6
    assert body["mentee_ids"] == sorted(m.pk for m in people.mentees)
    detail = admin_api.get(f"{BASE}{body['id']}/").json()
    assert detail["state"] == "ready"
    assert detail["progress"] == 100
    assert detail["metrics"]["coverage"] == 1.0
    assert len(detail["pairs"]) == 3
    assert detail["pairs"][0]["reasons"]
    assert detail["unmatched"] == []


def test_the_detail_explains_each_unmatched_mentee(
    program, admin_api, people, django_capture_on_commit_callbacks
):
    french = add_mentee(program, "fr@example.org", ("leadership", "Diriger"), language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        created = admin_api.post(BASE, {"objective": "stable"}, format="json").json()
    detail = admin_api.get(f"{BASE}{created['id']}/").json()
    assert detail["unmatched"] == [
        {
            "mentee": french.pk,
            "mentee_name": french.membership.user.name,
            "reason": "no_allowed_pair",
            "explanation": "No chosen mentor speaks a language they asked for.",
        }
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "objective"),
        ({"objective": "fastest"}, "objective"),
        ({"objective": "coverage", "min_score": 101}, "min_score"),
        ({"objective": "coverage", "min_score": "NaN"}, "min_score"),
        ({"objective": "coverage", "min_score": "ten"}, "min_score"),
        ({"objective": "coverage", "weights": {"text": -2}}, "weights"),
        ({"objective": "coverage", "weights": {"luck": 1}}, "weights"),
        ({"objective": "coverage", "mentee_ids": [999999]}, "mentee_ids"),
        ({"objective": "coverage", "mentee_ids": []}, "mentee_ids"),
        ({"objective": "coverage", "mentor_ids": [999999]}, "mentor_ids"),
        ({"objective": "coverage", "based_on": 999999}, "based_on"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_creates_nothing(admin_api, people, body, field):
    response = admin_api.post(BASE, body, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert not MatchRun.objects.exists()
    assert not Job.objects.exists()


def test_malformed_json_with_nan_is_refused(admin_api, people):
    response = admin_api.post(
        BASE, '{"objective": "coverage", "min_score": NaN}', content_type="application/json"
    )
    assert response.status_code == 400
    assert not MatchRun.objects.exists()


def test_a_pair_is_removed_locked_moved_and_swapped_by_patch(admin_api, run, people):
    first = run.pairs.get(mentee=people.mentees[0])
    second = run.pairs.get(mentee=people.mentees[1])
    third = run.pairs.get(mentee=people.mentees[2])
    removed = admin_api.patch(f"{BASE}{run.pk}/pairs/{third.pk}/", {"status": "removed"})
    assert removed.status_code == 200
    assert removed.json()["status"] == "removed"
    swapped = admin_api.patch(f"{BASE}{run.pk}/pairs/{first.pk}/", {"swap_with": second.pk})
    assert swapped.status_code == 200
    assert swapped.json()["mentor"] == people.mentors[1].pk
    moved = admin_api.patch(f"{BASE}{run.pk}/pairs/{first.pk}/", {"mentor": people.mentors[2].pk})
    assert moved.status_code == 200
    assert pairs_of(run)[people.mentees[0].pk] == people.mentors[2].pk
    locked = admin_api.patch(f"{BASE}{run.pk}/pairs/{second.pk}/", {"status": "locked"})
    assert locked.json()["status"] == "locked"
    detail = admin_api.get(f"{BASE}{run.pk}/").json()
    assert detail["metrics"]["current"]["matched"] == 2


@pytest.mark.parametrize(
    "body",
    [{}, {"status": "removed", "mentor": 1}, {"status": "maybe"}, {"swap_with": 999999}],
)
def test_a_bad_patch_is_a_400_and_changes_nothing(admin_api, run, people, body):
    pair = run.pairs.get(mentee=people.mentees[0])
    response = admin_api.patch(f"{BASE}{run.pk}/pairs/{pair.pk}/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]
    pair.refresh_from_db()
    assert (pair.status, pair.mentor_id) == ("proposed", people.mentors[0].pk)


def test_moving_to_a_full_mentor_is_a_409(admin_api, run, people):
    pair = run.pairs.get(mentee=people.mentees[0])
    response = admin_api.patch(
        f"{BASE}{run.pk}/pairs/{pair.pk}/", {"mentor": people.mentors[1].pk}, format="json"
    )
    assert response.status_code == 409
    assert "no place left" in response.json()["message"]


def test_publishing_creates_the_relationships_and_a_second_publish_is_a_409(
    admin_api, run, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_api.post(f"{BASE}{run.pk}/publish/")
    assert response.status_code == 202
    job = response.json()
    assert (job["kind"], job["state"]) == ("match_run_publish", "queued")
    # The worker (run eagerly here once the request committed) published the run.
    finished = admin_api.get(f"/api/v1/jobs/{job['id']}/").json()
    assert finished["state"] == "succeeded"
    assert finished["result"] == {"run_id": run.pk, "relationships": 3}
    body = admin_api.get(f"{BASE}{run.pk}/").json()
    assert body["state"] == "published"
    assert body["published_by_name"] == "Priya"
    assert body["publish_job"]["id"] == job["id"]
    assert all(pair["relationship"] for pair in body["pairs"])
    assert Relationship.objects.filter(origin=Relationship.Origin.COHORT).count() == 3
    again = admin_api.post(f"{BASE}{run.pk}/publish/")
    assert again.status_code == 409
    assert Relationship.objects.count() == 3
    pair = ProposedPair.objects.filter(run=run).first()
    assert pair is not None
    edit = admin_api.patch(f"{BASE}{run.pk}/pairs/{pair.pk}/", {"status": "removed"})
    assert edit.status_code == 409


def test_a_stale_publish_is_a_409_naming_the_pairs(
    program, admin_api, run, people, django_capture_on_commit_callbacks
):
    late = add_mentee(program, "late@example.org", ("leadership", "Lead a data team"))
    start_relationship(mentee=late, mentor=people.mentors[2])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_api.post(f"{BASE}{run.pk}/publish/")
    assert response.status_code == 409
    pairs = response.json()["errors"]["pairs"]
    assert len(pairs) == 1
    assert people.mentors[2].membership.user.name in pairs[0]
    assert Relationship.objects.count() == 1


def test_a_publish_the_worker_finds_stale_fails_its_job_with_the_pairs_and_the_run_is_ready(
    program, admin_api, run, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin_api.post(f"{BASE}{run.pk}/publish/")
    assert response.status_code == 202
    assert admin_api.get(f"{BASE}{run.pk}/").json()["state"] == "publishing"
    assert admin_api.post(f"{BASE}{run.pk}/publish/").status_code == 409  # not twice at once
    # Between the request and the worker, mentor 2 fills up through an ordinary request.
    late = add_mentee(program, "late@example.org", ("leadership", "Lead a data team"))
    start_relationship(mentee=late, mentor=people.mentors[2])
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    job = admin_api.get(f"/api/v1/jobs/{response.json()['id']}/").json()
    assert job["state"] == "failed"
    assert "out of date; nothing was published" in job["error"]
    assert people.mentors[2].membership.user.name in job["error"]
    body = admin_api.get(f"{BASE}{run.pk}/").json()
    assert body["state"] == "ready"
    assert body["publish_job"]["error"] == job["error"]
    assert Relationship.objects.count() == 1


OUTSIDERS = ["mentee", "other_mentee", "mentor", "other_mentor", "other_program_admin"]


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_everyone_but_the_programs_admins_gets_404_on_every_endpoint(request, run, persona):
    api = client_for(request.getfixturevalue(persona))
    pair = run.pairs.first()
    assert pair is not None
    calls = [
        api.get(BASE),
        api.post(BASE, {"objective": "coverage"}, format="json"),
        api.get(f"{BASE}{run.pk}/"),
        api.patch(f"{BASE}{run.pk}/pairs/{pair.pk}/", {"status": "removed"}, format="json"),
        api.post(f"{BASE}{run.pk}/publish/"),
    ]
    assert [call.status_code for call in calls] == [404] * 5
    assert MatchRun.objects.count() == 1
    assert not Relationship.objects.exists()
    pair.refresh_from_db()
    assert pair.status == "proposed"


def test_a_visitor_gets_401(api_client, run):
    assert api_client.get(BASE).status_code == 401
    assert api_client.post(f"{BASE}{run.pk}/publish/").status_code == 401


def test_a_run_of_another_program_is_a_404_even_for_an_admin(
    other_program, other_program_admin, run
):
    api = client_for(other_program_admin)
    assert api.get(f"/api/v1/programs/summit/match-runs/{run.pk}/").status_code == 404


def make_runs(program, admin, count: int) -> None:
    ranker = active_ranker(program)
    MatchRun.objects.bulk_create(
        MatchRun(
            program=program,
            created_by=admin,
            objective="stable",
            ranker=ranker,
            state=MatchRun.State.READY,
        )
        for _ in range(count)
    )


def test_the_list_is_paginated_and_costs_the_same_queries_for_2_runs_as_for_20(
    program, program_admin, admin_api
):
    make_runs(program, program_admin, 2)
    with CaptureQueriesContext(connection) as few:
        assert admin_api.get(BASE).json()["count"] == 2
    make_runs(program, program_admin, 18)
    with CaptureQueriesContext(connection) as many:
        body = admin_api.get(BASE).json()
    assert body["count"] == 20
    assert len(body["results"]) == 20
    assert len(many) == len(few)
    assert len(many) <= 8


def test_a_rerun_keeps_locked_pairs_and_a_rerun_of_a_published_run_is_a_409(
    admin_api, run, people, django_capture_on_commit_callbacks
):
    locked = run.pairs.get(mentee=people.mentees[0])
    admin_api.patch(f"{BASE}{run.pk}/pairs/{locked.pk}/", {"status": "locked"})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_api.post(BASE, {"objective": "stable", "based_on": run.pk}, format="json")
    assert response.status_code == 202
    rerun = admin_api.get(f"{BASE}{response.json()['id']}/").json()
    assert rerun["based_on"] == run.pk
    kept = [pair for pair in rerun["pairs"] if pair["mentee"] == people.mentees[0].pk]
    assert [(pair["mentor"], pair["status"]) for pair in kept] == [(people.mentors[0].pk, "locked")]
    with django_capture_on_commit_callbacks(execute=True):
        admin_api.post(f"{BASE}{run.pk}/publish/")
    refused = admin_api.post(BASE, {"objective": "stable", "based_on": run.pk}, format="json")
    assert refused.status_code == 409
    assert MatchRun.objects.count() == 2

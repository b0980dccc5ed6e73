"""The meetings API: who may do what, the rules as status codes, the error shape, the cost."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from relationships.models import ActionItem, CheckIn, Meeting, MeetingFeedback, Relationship
from relationships.services.feedback import give_feedback
from relationships.services.meetings import NewActionItem
from tests.conftest import client_for
from tests.relationships.meetings_support import (
    SECRET,
    held_meeting,
    schedule,
    shift_start,
    start_pair,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def relationship(program, mentee, mentor) -> Relationship:
    return start_pair(program, mentee, mentor)


def in_days(days: float) -> str:
    return (timezone.now() + datetime.timedelta(days=days)).isoformat()


def base(relationship: Relationship) -> str:
    return f"/api/v1/relationships/{relationship.pk}/meetings/"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("mentee", 200),
        ("mentor", 200),
        ("program_admin", 403),
        ("other_mentee", 404),
        ("other_mentor", 404),
        ("other_program_admin", 404),
        ("alice", 404),
    ],
)
def test_who_may_list_a_relationships_meetings(relationship, persona, status, request):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(base(relationship))
    assert response.status_code == status
    if status != 200:
        assert set(response.json()) == {"message", "errors"}


def test_an_anonymous_caller_gets_401(relationship):
    assert APIClient().get(base(relationship)).status_code == 401


def test_the_mentor_schedules_and_the_mentee_reschedules(relationship, mentee, mentor):
    created = client_for(mentor).post(
        base(relationship),
        {"starts_at": in_days(3), "duration_minutes": 60, "mode": "video", "agenda": "Plan"},
        format="json",
    )
    assert created.status_code == 201
    meeting_id = created.json()["id"]
    assert created.json()["state"] == "scheduled"
    assert created.json()["my_feedback"] is None
    moved = client_for(mentee).patch(
        f"{base(relationship)}{meeting_id}/",
        {"starts_at": in_days(4), "agenda": "Plan B"},
        format="json",
    )
    assert moved.status_code == 200
    assert moved.json()["agenda"] == "Plan B"
    assert moved.json()["duration_minutes"] == 60


def test_bad_fields_get_400_with_field_names_and_create_nothing(relationship, mentee):
    response = client_for(mentee).post(
        base(relationship),
        {"starts_at": "yesterday", "duration_minutes": 2, "mode": "telepathy"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"starts_at", "duration_minutes", "mode"}
    in_past = client_for(mentee).post(
        base(relationship), {"starts_at": in_days(-1), "mode": "video"}, format="json"
    )
    assert in_past.status_code == 400
    assert "starts_at" in in_past.json()["errors"]
    assert not Meeting.objects.exists()


def test_a_program_admin_may_not_schedule_for_the_pair(relationship, program_admin):
    response = client_for(program_admin).post(
        base(relationship), {"starts_at": in_days(1), "mode": "video"}, format="json"
    )
    assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_logging_before_the_start_is_409(relationship, mentee):
    meeting = schedule(relationship, mentee, starts_at=timezone.now() + datetime.timedelta(hours=2))
    response = client_for(mentee).post(
        f"{base(relationship)}{meeting.pk}/log/",
        {"state": "held", "actual_minutes": 30},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["message"]
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.SCHEDULED


def test_logging_after_the_start_records_everything_and_a_second_log_is_409(
    relationship, mentee, mentor
):
    meeting = schedule(relationship, mentee, starts_at=timezone.now() - datetime.timedelta(hours=2))
    url = f"{base(relationship)}{meeting.pk}/log/"
    response = client_for(mentor).post(
        url,
        {
            "state": "held",
            "actual_minutes": 50,
            "shared_notes": "Both see this",
            "private_note": SECRET,
            "action_items": [
                {"title": "Update the CV", "owner": mentee.pk, "due_on": "2031-01-31"},
            ],
        },
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["state"], body["actual_minutes"], body["shared_notes"]) == (
        "held",
        50,
        "Both see this",
    )
    assert body["action_items"][0]["owner"] == {"id": mentee.pk, "name": "Mia Mentee"}
    assert SECRET not in response.content.decode()
    again = client_for(mentee).post(url, {"state": "cancelled"}, format="json")
    assert again.status_code == 409
    edit = client_for(mentee).patch(
        f"{base(relationship)}{meeting.pk}/", {"agenda": "Too late"}, format="json"
    )
    assert edit.status_code == 409


def test_action_items_must_belong_to_the_pair(relationship, mentee, other_mentee):
    meeting = schedule(relationship, mentee, starts_at=timezone.now() - datetime.timedelta(hours=1))
    response = client_for(mentee).post(
        f"{base(relationship)}{meeting.pk}/log/",
        {
            "state": "held",
            "actual_minutes": 20,
            "action_items": [{"title": "x", "owner": other_mentee.pk}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "action_items" in response.json()["errors"]
    assert not ActionItem.objects.exists()


def test_a_meeting_of_another_relationship_is_404(program, relationship, mentee, other_mentor):
    elsewhere = start_pair(program, mentee, other_mentor)
    meeting = schedule(elsewhere, mentee, starts_at=timezone.now() + datetime.timedelta(days=1))
    response = client_for(mentee).patch(
        f"{base(relationship)}{meeting.pk}/", {"agenda": "x"}, format="json"
    )
    assert response.status_code == 404


@pytest.mark.parametrize("rating", [0, 6, "five"])
def test_a_rating_outside_one_to_five_is_400(relationship, mentee, rating):
    meeting = held_meeting(relationship, mentee)
    response = client_for(mentee).post(
        f"{base(relationship)}{meeting.pk}/feedback/", {"rating": rating}, format="json"
    )
    assert response.status_code == 400
    assert "rating" in response.json()["errors"]
    assert not MeetingFeedback.objects.exists()


def test_feedback_is_once_per_side_and_only_after_a_held_meeting(relationship, mentee, mentor):
    upcoming = schedule(relationship, mentee, starts_at=timezone.now() + datetime.timedelta(days=1))
    early = client_for(mentee).post(
        f"{base(relationship)}{upcoming.pk}/feedback/", {"rating": 4}, format="json"
    )
    assert early.status_code == 409
    meeting = held_meeting(relationship, mentee)
    url = f"{base(relationship)}{meeting.pk}/feedback/"
    first = client_for(mentee).post(url, {"rating": 4, "comment": "Good"}, format="json")
    assert first.status_code == 201
    assert first.json()["rating"] == 4
    assert client_for(mentor).post(url, {"rating": 2}, format="json").status_code == 201
    assert client_for(mentee).post(url, {"rating": 5}, format="json").status_code == 409


def test_check_ins_through_the_api(relationship, mentee, mentor):
    url = f"/api/v1/relationships/{relationship.pk}/check-ins/"
    answers = {"how_it_is_going": 4, "good_fit": "yes", "goal_progress": 3, "comment": "Mine"}
    assert client_for(mentee).post(url, answers, format="json").status_code == 409  # not yet
    shift_start(relationship, days=31)
    created = client_for(mentee).post(url, answers, format="json")
    assert created.status_code == 201
    assert created.json()["period"] == 1
    assert client_for(mentee).post(url, answers, format="json").status_code == 409
    bad = client_for(mentor).post(
        url, {**answers, "how_it_is_going": 9, "good_fit": "perhaps"}, format="json"
    )
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"how_it_is_going", "good_fit"}
    assert client_for(mentor).get(url).json()["results"] == []
    assert [c["comment"] for c in client_for(mentee).get(url).json()["results"]] == ["Mine"]
    assert CheckIn.objects.count() == 1


def test_the_private_note_endpoint_reads_and_writes_only_the_callers_note(
    relationship, mentee, mentor, program_admin
):
    meeting = held_meeting(relationship, mentee, private_note=SECRET)
    url = f"{base(relationship)}{meeting.pk}/private-note/"
    assert client_for(mentee).get(url).json()["body"] == SECRET
    assert client_for(mentor).get(url).json()["body"] == ""
    assert client_for(program_admin).get(url).status_code == 403
    cleared = client_for(mentee).put(url, {"body": ""}, format="json")
    assert cleared.json() == {"body": "", "updated_at": None}
    assert client_for(mentee).get(url).json()["body"] == ""


MEETINGS_API_QUERY_BOUND = 10


def _meetings(relationship, mentee, mentor, count: int) -> None:
    start = timezone.now() - datetime.timedelta(days=count + 1)
    for number in range(count):
        meeting = held_meeting(
            relationship,
            mentor,
            starts_at=start + datetime.timedelta(days=number),
            action_items=[NewActionItem(title=f"Step {number}", owner=mentee)],
        )
        give_feedback(meeting=meeting, by=mentee, rating=3)
        give_feedback(meeting=meeting, by=mentor, rating=4)


def test_listing_costs_the_same_queries_for_2_and_20_meetings(
    relationship, mentee, mentor, django_assert_max_num_queries, settings
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 25}
    client = client_for(mentee)
    _meetings(relationship, mentee, mentor, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(base(relationship)).json()["count"] == 2
    _meetings(relationship, mentee, mentor, 18)
    with django_assert_max_num_queries(MEETINGS_API_QUERY_BOUND) as many:
        body = client.get(base(relationship)).json()
    assert len(body["results"]) == 20
    assert {row["my_feedback"]["rating"] for row in body["results"]} == {3}  # mine only
    assert all(len(row["action_items"]) == 1 for row in body["results"])
    assert len(many.captured_queries) == len(few.captured_queries)

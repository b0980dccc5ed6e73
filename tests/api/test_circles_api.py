"""The circles API: who may do what, the rules as status codes, privacy, and the cost."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from mentorship.models import Profile
from relationships.models import Circle, CircleMembership, CircleSession, CircleSessionRating
from relationships.services.circle_sessions import rate_circle_session
from relationships.services.circles import request_to_join_circle
from tests.conftest import client_for
from tests.factories import make_member
from tests.relationships.circles_support import (
    held_session,
    mentee_part,
    mentor_circle,
    mentor_part,
    program_circle,
    scheduled_session,
)
from tests.relationships.meetings_support import start_pair

pytestmark = pytest.mark.django_db

NOTES = "Kumquat-4411: we practised pitches"
COMMENT = "Otter-5521: too long for me"


@pytest.fixture
def circle(program, mentor, mentee, other_mentee) -> Circle:
    Profile.objects.filter(user=mentee).update(headline="Junior analyst", bio="secret bio")
    return mentor_circle(program, mentor, [mentee, other_mentee])


def in_days(days: float) -> str:
    return (timezone.now() + datetime.timedelta(days=days)).isoformat()


def test_an_anonymous_caller_gets_401():
    assert APIClient().get("/api/v1/circles/").status_code == 401


def test_the_done_when_path_open_two_join_hold_and_rate(program, mentor, mentee, other_mentee):
    start_pair(program, mentee, mentor)
    start_pair(program, other_mentee, mentor)
    created = client_for(mentor).post(
        "/api/v1/circles/",
        {
            "program": program.slug,
            "kind": "mentor",
            "topic": "Finding a first job",
            "capacity": 4,
            "invite": [mentee_part(mentee, program).pk, mentee_part(other_mentee, program).pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    circle_id = created.json()["id"]
    for person in (mentee, other_mentee):
        [invitation] = [
            m
            for m in CircleMembership.objects.filter(circle_id=circle_id)
            if m.mentee.membership.user_id == person.pk
        ]
        answer = client_for(person).post(
            f"/api/v1/circles/{circle_id}/memberships/{invitation.pk}/accept/"
        )
        assert answer.status_code == 200
        assert answer.json()["state"] == "active"
    assert client_for(mentor).get(f"/api/v1/circles/{circle_id}/").json()["seats_taken"] == 2

    session = client_for(mentor).post(
        f"/api/v1/circles/{circle_id}/sessions/",
        {"starts_at": in_days(2), "mode": "video", "agenda": "Pitches"},
        format="json",
    )
    assert session.status_code == 201
    session_id = session.json()["id"]
    early = client_for(mentor).post(
        f"/api/v1/circles/{circle_id}/sessions/{session_id}/log/",
        {"attendees": [mentee.pk]},
        format="json",
    )
    assert early.status_code == 409  # not started yet
    CircleSession.objects.filter(pk=session_id).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2)
    )
    logged = client_for(mentor).post(
        f"/api/v1/circles/{circle_id}/sessions/{session_id}/log/",
        {"attendees": [mentee.pk, other_mentee.pk], "shared_notes": NOTES},
        format="json",
    )
    assert logged.status_code == 200
    assert logged.json()["state"] == "held"
    for person, rating in ((mentee, 5), (other_mentee, 4)):
        rated = client_for(person).post(
            f"/api/v1/circles/{circle_id}/sessions/{session_id}/rating/",
            {"rating": rating},
            format="json",
        )
        assert rated.status_code == 201
    summary = client_for(mentor).get(f"/api/v1/circles/{circle_id}/sessions/{session_id}/")
    assert summary.json()["rating_summary"] == {"count": 2, "average": 4.5}


@pytest.mark.parametrize(
    ("persona", "detail", "members", "sessions"),
    [
        ("mentee", 200, 200, 200),
        ("mentor", 200, 200, 200),
        ("program_admin", 200, 200, 200),
        ("other_mentor", 404, 404, 404),
        ("other_program_admin", 404, 404, 404),
        ("alice", 404, 404, 404),
    ],
)
def test_who_may_see_a_circle_its_members_and_its_sessions(
    circle, persona, detail, members, sessions, request
):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(f"/api/v1/circles/{circle.pk}/").status_code == detail
    assert client.get(f"/api/v1/circles/{circle.pk}/members/").status_code == members
    response = client.get(f"/api/v1/circles/{circle.pk}/sessions/")
    assert response.status_code == sessions
    if sessions != 200:
        assert set(response.json()) == {"message", "errors"}


def test_members_are_name_and_headline_only(circle, other_mentee):
    body = client_for(other_mentee).get(f"/api/v1/circles/{circle.pk}/members/").json()
    assert body["mentor"]["name"] == "Marcus Mentor"
    mia = next(member for member in body["members"] if member["name"] == "Mia Mentee")
    assert set(mia) == {"user_id", "name", "headline"}
    assert mia["headline"] == "Junior analyst"


def test_memberships_are_for_those_who_run_the_circle(circle, mentee, mentor, program_admin):
    assert client_for(mentee).get(f"/api/v1/circles/{circle.pk}/memberships/").status_code == 403
    for person in (mentor, program_admin):
        response = client_for(person).get(f"/api/v1/circles/{circle.pk}/memberships/")
        assert response.status_code == 200
        assert response.json()["count"] == 2


def test_admins_see_sessions_without_notes_and_ratings_only_as_an_average(
    circle, mentor, mentee, other_mentee, program_admin
):
    session = held_session(circle, mentor, [mentee, other_mentee], notes=NOTES)
    rate_circle_session(session=session, by=other_mentee, rating=2, comment=COMMENT)
    url = f"/api/v1/circles/{circle.pk}/sessions/{session.pk}/"
    as_admin = client_for(program_admin).get(url).json()
    assert as_admin["shared_notes"] is None
    assert as_admin["rating_summary"] == {"count": 1, "average": 2.0}
    assert COMMENT not in str(as_admin)
    as_member = client_for(mentee).get(url).json()
    assert as_member["shared_notes"] == NOTES
    assert as_member["rating_summary"] is None and as_member["my_rating"] is None
    assert COMMENT not in str(as_member)
    assert client_for(other_mentee).get(url).json()["my_rating"]["comment"] == COMMENT
    assert (
        client_for(program_admin)
        .put(f"{url}notes/", {"shared_notes": "x"}, format="json")
        .status_code
        == 403
    )


def test_a_mentee_may_see_a_program_circle_but_not_its_members(
    program, program_admin, mentor, mentee, other_mentee
):
    circle = program_circle(program, program_admin, mentor)
    request_to_join_circle(circle=circle, by=mentee)
    client = client_for(other_mentee)
    detail = client.get(f"/api/v1/circles/{circle.pk}/")
    assert detail.status_code == 200 and detail.json()["my_state"] is None
    assert client.get(f"/api/v1/circles/{circle.pk}/members/").status_code == 403
    assert client.get(f"/api/v1/circles/{circle.pk}/sessions/").status_code == 403
    joined = client.post(f"/api/v1/circles/{circle.pk}/join-requests/")
    assert joined.status_code == 201 and joined.json()["state"] == "requested"
    again = client.post(f"/api/v1/circles/{circle.pk}/join-requests/")
    assert again.status_code == 409


def test_joining_a_full_circle_is_a_409_and_nothing_changes(
    program, program_admin, mentor, mentee, other_mentee
):
    circle = program_circle(program, program_admin, mentor, capacity=2)
    for number in range(2):
        member = make_member(program=program, roles=("mentee",), email=f"in{number}@example.org")
        membership = request_to_join_circle(circle=circle, by=member.user)
        assert (
            client_for(mentor)
            .post(f"/api/v1/circles/{circle.pk}/memberships/{membership.pk}/accept/")
            .status_code
            == 200
        )
    response = client_for(mentee).post(f"/api/v1/circles/{circle.pk}/join-requests/")
    assert response.status_code == 409
    assert "full" in response.json()["message"]
    assert circle.memberships.count() == 2


def test_bad_input_names_the_fields_and_creates_nothing(program, mentor, program_admin):
    response = client_for(mentor).post(
        "/api/v1/circles/",
        {"program": program.slug, "kind": "mentor", "topic": "", "capacity": 30},
        format="json",
    )
    assert response.status_code == 400
    assert {"topic", "capacity"} <= set(response.json()["errors"])
    no_mentor = client_for(program_admin).post(
        "/api/v1/circles/",
        {"program": program.slug, "kind": "program", "topic": "Speaking", "capacity": 5},
        format="json",
    )
    assert no_mentor.status_code == 400
    assert "mentor" in no_mentor.json()["errors"]
    assert not Circle.objects.exists()


def test_who_may_create_which_kind_of_circle(
    program, mentor, mentee, program_admin, other_program_admin
):
    body = {"program": program.slug, "topic": "Speaking", "capacity": 5}
    as_mentee = client_for(mentee).post(
        "/api/v1/circles/", {**body, "kind": "mentor"}, format="json"
    )
    assert as_mentee.status_code == 403
    mentor_id = mentor_part(mentor, program).pk
    by_mentee = client_for(mentee).post(
        "/api/v1/circles/", {**body, "kind": "program", "mentor": mentor_id}, format="json"
    )
    assert by_mentee.status_code == 403
    stranger = client_for(other_program_admin).post(
        "/api/v1/circles/", {**body, "kind": "program", "mentor": mentor_id}, format="json"
    )
    assert stranger.status_code == 404
    ok = client_for(program_admin).post(
        "/api/v1/circles/", {**body, "kind": "program", "mentor": mentor_id}, format="json"
    )
    assert ok.status_code == 201 and ok.json()["kind"] == "program"
    assert Circle.objects.count() == 1


def test_members_cannot_schedule_and_a_past_time_is_a_field_error(circle, mentee, mentor):
    url = f"/api/v1/circles/{circle.pk}/sessions/"
    body = {"starts_at": in_days(2), "mode": "video"}
    assert client_for(mentee).post(url, body, format="json").status_code == 403
    past = client_for(mentor).post(url, {**body, "starts_at": in_days(-1)}, format="json")
    assert past.status_code == 400 and "starts_at" in past.json()["errors"]
    assert not CircleSession.objects.exists()


def test_a_member_who_did_not_attend_cannot_rate(circle, mentor, mentee, other_mentee):
    session = held_session(circle, mentor, [mentee])
    url = f"/api/v1/circles/{circle.pk}/sessions/{session.pk}/rating/"
    assert client_for(other_mentee).post(url, {"rating": 5}, format="json").status_code == 403
    assert client_for(mentee).post(url, {"rating": 9}, format="json").status_code == 400
    assert not CircleSessionRating.objects.exists()


def test_leave_and_close(circle, mentee, mentor, program_admin):
    left = client_for(mentee).post(f"/api/v1/circles/{circle.pk}/leave/")
    assert left.status_code == 200 and left.json()["state"] == "left"
    assert client_for(mentee).post(f"/api/v1/circles/{circle.pk}/leave/").status_code == 409
    assert (
        client_for(program_admin).post(f"/api/v1/circles/{circle.pk}/close/").json()["state"]
        == "closed"
    )
    assert client_for(mentor).post(f"/api/v1/circles/{circle.pk}/close/").status_code == 409


def test_the_session_ics_is_for_members_and_the_mentor(circle, mentor, mentee, program_admin):
    session = scheduled_session(
        circle, mentor, starts_at=timezone.now() + datetime.timedelta(days=2)
    )
    url = f"/api/v1/circles/{circle.pk}/sessions/{session.pk}/ics/"
    response = client_for(mentee).get(url)
    assert response.status_code == 200
    assert response.content.decode().startswith("BEGIN:VCALENDAR")
    assert client_for(program_admin).get(url).status_code == 403


def _count(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.json()["count"]


def test_list_endpoints_cost_the_same_with_two_rows_as_with_twenty(
    program, program_admin, mentor, mentee
):
    client = client_for(mentor)
    circles = [program_circle(program, program_admin, mentor) for _ in range(2)]
    sessions_url = f"/api/v1/circles/{circles[0].pk}/sessions/"
    memberships_url = f"/api/v1/circles/{circles[0].pk}/memberships/"
    members = [
        make_member(program=program, roles=("mentee",), email=f"q{n}@example.org").user
        for n in range(20)
    ]
    for member in members[:2]:
        request_to_join_circle(circle=circles[0], by=member)
    start = timezone.now() + datetime.timedelta(days=2)
    for hour in range(2):
        scheduled_session(circles[0], mentor, starts_at=start + datetime.timedelta(hours=hour))
    few = [_count(client, url) for url in ("/api/v1/circles/", sessions_url, memberships_url)]
    circles += [program_circle(program, program_admin, mentor) for _ in range(18)]
    for member in members[2:]:
        request_to_join_circle(circle=circles[0], by=member)
    for hour in range(2, 20):
        scheduled_session(circles[0], mentor, starts_at=start + datetime.timedelta(hours=hour))
    many = [_count(client, url) for url in ("/api/v1/circles/", sessions_url, memberships_url)]
    assert [count for _, count in few] == [2, 2, 2]
    assert [count for _, count in many] == [20, 20, 20]
    assert [queries for queries, _ in few] == [queries for queries, _ in many]
    assert all(queries <= 12 for queries, _ in many)

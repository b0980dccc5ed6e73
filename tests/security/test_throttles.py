"""Scoped API throttles on writes that cost others something: requests, messages, imports.

Each test lowers its scope's rate to two an hour; a third write is a 429 in the API's
error shape, while reads and other people go on as before. Asking people for something
(a mentor request, an introduction, a circle invitation or request to join) shares the
`requests` budget; writing to people (messages, thank-you notes, session ratings) shares
the `messages` one.
"""

from __future__ import annotations

import copy

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from relationships.models import Relationship
from relationships.services.circles import open_circle
from tests.conftest import client_for, membership_of
from tests.mentorship.participant_files import csv_bytes, mentee_row
from tests.relationships.circles_support import (
    held_session,
    mentee_part,
    mentor_circle,
    mentor_part,
    program_circle,
)
from tests.relationships.meetings_support import start_pair
from tests.relationships.test_requests import mentor_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rate(settings):
    def lower(scope: str) -> None:
        rest = copy.deepcopy(settings.REST_FRAMEWORK)
        rest["DEFAULT_THROTTLE_RATES"][scope] = "2/hour"
        settings.REST_FRAMEWORK = rest

    return lower


def assert_throttled(response) -> None:
    assert response.status_code == 429
    assert set(response.json()) == {"message", "errors"}
    assert "throttled" in response.json()["message"].lower()
    assert int(response["Retry-After"]) > 0


def test_the_third_request_in_an_hour_is_throttled_but_listing_is_not(
    low_rate, program, mentee, other_mentee, mentor, other_mentor
):
    low_rate("requests")
    client = client_for(mentee)

    def ask(user, *mentors):
        ids = [mentor_of(one, program).pk for one in mentors]
        body = {"program": "rise", "message": "Hi", "mentors": ids}
        return client_for(user).post("/api/v1/requests/", body)

    sent, duplicate = ask(mentee, mentor), ask(mentee, mentor)
    assert (sent.status_code, duplicate.status_code) == (201, 409)

    assert_throttled(ask(mentee, other_mentor))
    assert client.get("/api/v1/requests/").status_code == 200
    # Another mentee has a budget of their own.
    assert ask(other_mentee, other_mentor).status_code == 201


def test_messages_are_throttled_across_relationships_and_request_threads(
    low_rate, program, mentee, mentor
):
    low_rate("messages")
    relationship = start_pair(program, mentee, mentor)
    url = f"/api/v1/relationships/{relationship.pk}/messages/"
    client = client_for(mentee)
    assert client.post(url, {"body": "Hello"}).status_code == 201
    assert client.post(url, {"body": "Are you there?"}).status_code == 201
    assert_throttled(client.post(url, {"body": "Hello??"}))
    assert relationship.messages.count() == 2

    assert client.get(url).status_code == 200
    assert client_for(mentor).post(url, {"body": "Yes!"}).status_code == 201


def test_imports_are_throttled(low_rate, program, program_admin):
    low_rate("imports")
    client = client_for(program_admin)
    data = csv_bytes(mentee_row())

    def post():
        upload = SimpleUploadedFile("people.csv", data, content_type="text/csv")
        return client.post(
            "/api/v1/programs/rise/participants/import/", {"file": upload}, format="multipart"
        )

    assert [post().status_code, post().status_code] == [200, 200]
    assert_throttled(post())


def test_asking_to_join_circles_is_throttled_with_requests(
    low_rate, program, mentee, mentor, other_mentor, program_admin
):
    low_rate("requests")
    circles = [program_circle(program, program_admin, one) for one in (mentor, other_mentor)]
    client = client_for(mentee)
    (first, second), third = circles, circles[0]
    for circle in (first, second):
        assert client.post(f"/api/v1/circles/{circle.pk}/join-requests/").status_code == 201
    # Without the throttle this would be a 409 (already asked); the budget is spent first.
    assert_throttled(client.post(f"/api/v1/circles/{third.pk}/join-requests/"))
    assert client.get("/api/v1/circles/").status_code == 200


def test_circle_invitations_are_throttled_with_requests(
    low_rate, program, mentee, other_mentee, mentor
):
    low_rate("requests")
    for one in (mentee, other_mentee):
        start_pair(program, one, mentor)
    circle = open_circle(mentor=mentor_part(mentor, program), by=mentor, topic="T", capacity=4)
    url = f"/api/v1/circles/{circle.pk}/invitations/"
    client = client_for(mentor)
    for one in (mentee, other_mentee):
        invited = client.post(url, {"mentees": [mentee_part(one, program).pk]}, format="json")
        assert invited.status_code == 201
    assert_throttled(client.post(url, {"mentees": [mentee_part(mentee, program).pk]}))
    assert circle.memberships.count() == 2


def test_introductions_are_throttled_with_requests(
    low_rate, program, mentee, other_mentee, mentor, other_mentor
):
    low_rate("requests")
    start_pair(program, mentee, mentor)
    client = client_for(mentor)

    def introduce(member):
        body = {
            "mentee": membership_of(mentee, program).pk,
            "member": membership_of(member, program).pk,
            "note": "You two should talk",
        }
        return client.post("/api/v1/introductions/", body)

    assert [introduce(other_mentor).status_code, introduce(other_mentee).status_code] == [201, 201]
    assert_throttled(introduce(other_mentor))
    assert client.get("/api/v1/introductions/").status_code == 200


def test_thank_you_notes_are_throttled_with_messages(low_rate, program, mentee, mentor):
    low_rate("messages")
    relationship = start_pair(program, mentee, mentor)
    url = f"/api/v1/relationships/{relationship.pk}/thank-you-notes/"
    client = client_for(mentee)
    assert {client.post(url, {"body": f"Thanks {n}"}).status_code for n in range(2)} == {201}
    assert_throttled(client.post(url, {"body": "Thanks again"}))
    assert relationship.thank_you_notes.count() == 2
    assert client.get(url).status_code == 200


def test_session_ratings_are_throttled_with_messages(low_rate, program, mentee, mentor):
    low_rate("messages")
    circle = mentor_circle(program, mentor, [mentee])
    session = held_session(circle, mentor, [mentee])
    relationship = Relationship.objects.get(mentee__membership__user=mentee)
    client = client_for(mentee)
    messages = f"/api/v1/relationships/{relationship.pk}/messages/"
    assert client.post(messages, {"body": "Hello"}).status_code == 201
    url = f"/api/v1/circles/{circle.pk}/sessions/{session.pk}/rating/"
    assert client.post(url, {"rating": 5}).status_code == 201
    # One budget with messages; without it this would be a 409 (already rated).
    assert_throttled(client.post(url, {"rating": 4}))


def test_the_default_rates_let_a_person_work_normally(program, mentee, mentor):
    relationship = start_pair(program, mentee, mentor)
    url = f"/api/v1/relationships/{relationship.pk}/messages/"
    client = client_for(mentee)
    statuses = {client.post(url, {"body": f"Note {n}"}).status_code for n in range(10)}
    assert statuses == {201}

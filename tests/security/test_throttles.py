"""Scoped API throttles on writes that cost others something: requests, messages, imports.

Each test lowers its scope's rate to two an hour; a third write is a 429 in the API's
error shape, while reads and other people go on as before.
"""

from __future__ import annotations

import copy

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import client_for
from tests.mentorship.participant_files import csv_bytes, mentee_row
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


def test_the_default_rates_let_a_person_work_normally(program, mentee, mentor):
    relationship = start_pair(program, mentee, mentor)
    url = f"/api/v1/relationships/{relationship.pk}/messages/"
    client = client_for(mentee)
    statuses = {client.post(url, {"body": f"Note {n}"}).status_code for n in range(10)}
    assert statuses == {201}

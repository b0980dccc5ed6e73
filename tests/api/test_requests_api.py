"""The requests API: mine, sending with ranked backups, answering, the thread; per persona."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentorship.models import MentorParticipation, User
from relationships.models import Block, MentorRequest, Relationship, RequestMessage
from tests.conftest import client_for
from tests.factories import make_member
from tests.relationships.test_requests import add_goal, ask, mentee_of, mentor_of

pytestmark = pytest.mark.django_db

LIST = "/api/v1/requests/"
LIST_QUERY_BOUND = 6


def create(user: User, **body: Any) -> Any:
    return client_for(user).post(LIST, {"program": "rise", "message": "Please", **body})


def assert_unchanged(count: int = 0) -> None:
    assert MentorRequest.objects.count() == count
    assert not Relationship.objects.exists()


# Listing ---------------------------------------------------------------------------------------


def test_my_requests_as_mentee_and_as_mentor_but_never_queued_ones_for_the_mentor(
    program, mentee, other_mentee, mentor, other_mentor
):
    mine, backup = ask(mentee, mentor, other_mentor, program=program)
    [to_me] = ask(other_mentee, other_mentor, program=program)

    as_mentee = client_for(mentee).get(LIST).json()
    assert [row["id"] for row in as_mentee["results"]] == [mine.pk, backup.pk]
    assert as_mentee["results"][1]["state"] == "queued"
    assert as_mentee["results"][1]["choice_rank"] == 2

    as_mentor = client_for(other_mentor).get(LIST).json()
    assert [row["id"] for row in as_mentor["results"]] == [to_me.pk]
    assert client_for(other_mentee).get(LIST).json()["results"][0]["id"] == to_me.pk


def test_the_list_filters_by_role_and_state(program, mentee, mentor, other_mentor):
    both = make_member(program=program, roles=("mentee", "mentor"), email="both@example.org")
    [sent] = ask(both.user, mentor, program=program)
    [received] = ask(mentee, both.user, program=program)
    client = client_for(both.user)

    def ids(**params: str) -> list[int]:
        return [row["id"] for row in client.get(LIST, params).json()["results"]]

    assert ids(role="mentee") == [sent.pk]
    assert ids(role="mentor") == [received.pk]
    assert ids(state="pending") == [received.pk, sent.pk]
    assert ids(state="declined") == []
    bad = client.get(LIST, {"role": "boss"})
    assert bad.status_code == 400 and "role" in bad.json()["errors"]


def test_program_admins_do_not_get_their_programs_requests_as_their_own(
    program, mentee, mentor, program_admin
):
    ask(mentee, mentor, program=program)
    assert client_for(program_admin).get(LIST).json()["results"] == []


def test_the_list_needs_a_sign_in(api_client, db):
    assert api_client.get(LIST).status_code == 401


def _list_queries(user: User) -> int:
    client = client_for(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, {"page_size": 100})
    assert response.status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_two_requests_as_for_twenty(program, mentor):
    def fill(start: int, count: int) -> None:
        for number in range(start, start + count):
            asking = make_member(program=program, email=f"a{number}@example.org").user
            ask(asking, mentor, program=program, goals=(add_goal(mentee_of(asking, program)),))

    fill(0, 2)
    few = _list_queries(mentor)
    fill(2, 18)
    many = _list_queries(mentor)
    assert few == many <= LIST_QUERY_BOUND


# Sending ---------------------------------------------------------------------------------------


def test_a_mentee_sends_a_request_with_ranked_backups(program, mentee, mentor, other_mentor):
    goal = add_goal(mentee_of(mentee, program))
    response = create(
        mentee,
        mentors=[mentor_of(mentor, program).pk, mentor_of(other_mentor, program).pk],
        goals=[goal.pk],
    )
    assert response.status_code == 201
    first, backup = response.json()
    assert (first["state"], first["choice_rank"], first["mentor"]["name"]) == (
        "pending",
        1,
        "Marcus Mentor",
    )
    assert (backup["state"], backup["choice_rank"]) == ("queued", 2)
    assert first["goals"] == [
        {"id": goal.pk, "goal_area": goal.goal_area.name, "description": goal.description}
    ]
    assert first["program"] == "rise" and first["relationship"] is None


def test_a_client_cannot_supply_a_match_snapshot(program, mentee, mentor):
    response = create(
        mentee, mentors=[mentor_of(mentor, program).pk], snapshot={"score": 1.0, "rank": 1}
    )
    assert response.status_code == 400
    assert "snapshot" in response.json()["errors"]
    assert_unchanged()


def test_requesting_yourself_is_a_400_naming_mentors(program):
    both = make_member(program=program, roles=("mentee", "mentor"), email="both@example.org")
    response = create(both.user, mentors=[both.mentor_participation.pk])
    assert response.status_code == 400
    assert response.json()["errors"]["mentors"] == ["You cannot ask yourself to be your mentor."]
    assert_unchanged()


def test_requesting_a_blocked_member_is_a_400(program, mentee, mentor):
    Block.objects.create(blocker=mentee, blocked=mentor)
    response = create(mentee, mentors=[mentor_of(mentor, program).pk])
    assert response.status_code == 400 and "mentors" in response.json()["errors"]
    assert_unchanged()


def test_requesting_a_mentor_outside_the_program_is_a_400(program, other_program, mentee):
    outsider = make_member(program=other_program, roles=("mentor",), email="far@example.org")
    response = create(mentee, mentors=[outsider.mentor_participation.pk])
    assert response.status_code == 400 and "mentors" in response.json()["errors"]
    assert_unchanged()


def test_a_duplicate_request_is_a_409(program, mentee, mentor):
    ask(mentee, mentor, program=program)
    response = create(mentee, mentors=[mentor_of(mentor, program).pk])
    assert response.status_code == 409
    assert "already have an open request" in response.json()["message"]
    assert_unchanged(1)


def test_going_over_the_programs_limit_is_a_400(program, mentee, mentor, other_mentor):
    program.max_open_requests_per_mentee = 1
    program.save(update_fields=["max_open_requests_per_mentee"])
    ask(mentee, mentor, program=program)
    response = create(mentee, mentors=[mentor_of(other_mentor, program).pk])
    assert response.status_code == 400 and "limit" in response.json()["message"]
    assert_unchanged(1)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"mentors": []}, "mentors"),
        ({"mentors": [1, 2, 3, 4]}, "mentors"),
        ({"mentors": ["x"]}, "mentors"),
        ({"message": ""}, "message"),
        ({"program": ""}, "program"),
    ],
)
def test_bad_fields_are_400s_naming_them(program, mentee, mentor, body, field):
    fields = {"mentors": [mentor_of(mentor, program).pk], **body}
    response = create(mentee, **fields)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert_unchanged()


def test_someone_elses_goal_is_a_400(program, mentee, other_mentee, mentor):
    goal = add_goal(mentee_of(other_mentee, program))
    response = create(mentee, mentors=[mentor_of(mentor, program).pk], goals=[goal.pk])
    assert response.status_code == 400 and "goals" in response.json()["errors"]
    assert_unchanged()


def test_asking_in_a_program_one_is_not_in_is_a_404(program, other_program, alice, mentor):
    response = client_for(alice).post(
        LIST, {"program": "rise", "message": "Hi", "mentors": [mentor_of(mentor, program).pk]}
    )
    assert response.status_code == 404
    assert_unchanged()


def test_a_member_without_the_mentee_role_cannot_send_requests(program, mentor, other_mentor):
    response = create(mentor, mentors=[mentor_of(other_mentor, program).pk])
    assert response.status_code == 403
    assert_unchanged()


# Reading one -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("mentee", 200),
        ("mentor", 200),
        ("program_admin", 200),
        ("other_mentee", 404),
        ("other_mentor", 404),
        ("other_program_admin", 404),
        ("alice", 404),
    ],
)
def test_one_request_per_persona(program, mentee, mentor, persona, status, request):
    [mentor_request] = ask(mentee, mentor, program=program)
    user = request.getfixturevalue(persona)
    for url in (f"{LIST}{mentor_request.pk}/", f"{LIST}{mentor_request.pk}/messages/"):
        response = client_for(user).get(url)
        assert response.status_code == status, url
        if status == 404:
            assert response.json() == {"message": "Not found.", "errors": {}}


def test_a_queued_backup_is_a_404_for_its_mentor(program, mentee, mentor, other_mentor):
    _, backup = ask(mentee, mentor, other_mentor, program=program)
    assert client_for(other_mentor).get(f"{LIST}{backup.pk}/").status_code == 404
    accept = client_for(other_mentor).post(f"{LIST}{backup.pk}/accept/")
    assert accept.status_code == 404
    assert client_for(mentee).get(f"{LIST}{backup.pk}/").json()["state"] == "queued"


# Answering -------------------------------------------------------------------------------------


def test_the_mentor_accepts_and_gets_the_relationship(program, mentee, mentor, other_mentor):
    first, backup = ask(mentee, mentor, other_mentor, program=program)
    response = client_for(mentor).post(f"{LIST}{first.pk}/accept/")
    assert response.status_code == 201
    relationship = Relationship.objects.get()
    assert response.json() == {"relationship": relationship.pk}
    detail = client_for(mentee).get(f"{LIST}{first.pk}/").json()
    assert (detail["state"], detail["relationship"]) == ("accepted", relationship.pk)
    backup.refresh_from_db()
    assert backup.state == MentorRequest.State.CANCELLED


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("mentee", 403),
        ("program_admin", 403),
        ("other_mentor", 404),
        ("other_mentee", 404),
        ("other_program_admin", 404),
        ("alice", 404),
    ],
)
def test_nobody_but_the_addressed_mentor_accepts_or_declines(
    program, mentee, mentor, persona, status, request
):
    [mentor_request] = ask(mentee, mentor, program=program)
    client = client_for(request.getfixturevalue(persona))
    assert client.post(f"{LIST}{mentor_request.pk}/accept/").status_code == status
    declined = client.post(f"{LIST}{mentor_request.pk}/decline/", {"reason": "busy"})
    assert declined.status_code == status
    mentor_request.refresh_from_db()
    assert mentor_request.state == MentorRequest.State.PENDING
    assert not Relationship.objects.exists()


def test_accepting_at_capacity_is_a_409_and_changes_nothing(program, mentor):
    MentorParticipation.objects.filter(pk=mentor_of(mentor, program).pk).update(capacity=1)
    first_mentee, second_mentee = (
        make_member(program=program, email=f"e{n}@example.org").user for n in range(2)
    )
    [first] = ask(first_mentee, mentor, program=program)
    [second] = ask(second_mentee, mentor, program=program)
    client = client_for(mentor)
    assert client.post(f"{LIST}{first.pk}/accept/").status_code == 201

    response = client.post(f"{LIST}{second.pk}/accept/")

    assert response.status_code == 409
    assert "no room for another mentee" in response.json()["message"]
    second.refresh_from_db()
    assert second.state == MentorRequest.State.PENDING
    assert Relationship.objects.count() == 1


def test_declining_with_a_reason_sends_the_backup(program, mentee, mentor, other_mentor):
    first, backup = ask(mentee, mentor, other_mentor, program=program)
    response = client_for(mentor).post(
        f"{LIST}{first.pk}/decline/", {"reason": "no_capacity", "note": "Full until June"}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["state"], body["decline_reason"], body["decline_note"]) == (
        "declined",
        "no_capacity",
        "Full until June",
    )
    assert client_for(other_mentor).get(f"{LIST}{backup.pk}/").json()["state"] == "pending"


def test_declining_with_an_unknown_reason_is_a_400(program, mentee, mentor):
    [mentor_request] = ask(mentee, mentor, program=program)
    response = client_for(mentor).post(f"{LIST}{mentor_request.pk}/decline/", {"reason": "meh"})
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    mentor_request.refresh_from_db()
    assert mentor_request.state == MentorRequest.State.PENDING


def test_answering_twice_is_a_409(program, mentee, mentor):
    [mentor_request] = ask(mentee, mentor, program=program)
    client = client_for(mentor)
    assert client.post(f"{LIST}{mentor_request.pk}/decline/", {"reason": "busy"}).status_code == 200
    assert client.post(f"{LIST}{mentor_request.pk}/accept/").status_code == 409
    assert client.post(f"{LIST}{mentor_request.pk}/decline/", {"reason": "busy"}).status_code == 409
    assert not Relationship.objects.exists()


def test_the_mentee_withdraws_and_nobody_else_can(program, mentee, mentor, other_mentor):
    [mentor_request] = ask(mentee, mentor, program=program)
    assert client_for(mentor).post(f"{LIST}{mentor_request.pk}/withdraw/").status_code == 403
    assert client_for(other_mentor).post(f"{LIST}{mentor_request.pk}/withdraw/").status_code == 404
    response = client_for(mentee).post(f"{LIST}{mentor_request.pk}/withdraw/")
    assert response.status_code == 200 and response.json()["state"] == "withdrawn"
    assert client_for(mentee).post(f"{LIST}{mentor_request.pk}/withdraw/").status_code == 409


# The thread ------------------------------------------------------------------------------------


def test_the_mentor_asks_and_the_mentee_answers(program, mentee, mentor):
    [mentor_request] = ask(mentee, mentor, program=program)
    url = f"{LIST}{mentor_request.pk}/messages/"
    asked = client_for(mentor).post(url, {"body": "When are you free?"})
    assert asked.status_code == 201
    assert asked.json()["author"] == {"id": mentor.pk, "name": "Marcus Mentor"}
    assert client_for(mentee).post(url, {"body": "Evenings."}).status_code == 201

    thread = client_for(mentee).get(url).json()["results"]
    assert [message["body"] for message in thread] == ["When are you free?", "Evenings."]


def test_the_thread_refuses_outsiders_blank_messages_and_decided_requests(
    program, mentee, mentor, program_admin, other_mentor
):
    [mentor_request] = ask(mentee, mentor, program=program)
    url = f"{LIST}{mentor_request.pk}/messages/"
    assert client_for(program_admin).post(url, {"body": "Hi"}).status_code == 403
    assert client_for(other_mentor).post(url, {"body": "Hi"}).status_code == 404
    blank = client_for(mentor).post(url, {"body": ""})
    assert blank.status_code == 400 and "body" in blank.json()["errors"]
    client_for(mentor).post(f"{LIST}{mentor_request.pk}/decline/", {"reason": "busy"})
    assert client_for(mentee).post(url, {"body": "Why?"}).status_code == 409
    assert not RequestMessage.objects.exists()

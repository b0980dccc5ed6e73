"""The programs API: listing, joining, leaving and answering join requests, per persona."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentorship.models import Membership, Notification, NotificationKind, Program, User
from tests.conftest import client_for, membership_of
from tests.factories import UserFactory, make_member, make_program

PROGRAMS_MAX_QUERIES = 3
JOIN_REQUESTS_MAX_QUERIES = 4


def queries_of(action: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries)


@pytest.fixture
def invite_only(db: None) -> Program:
    return make_program(slug="circle", name="Circle", join_mode=Program.JoinMode.INVITE_ONLY)


@pytest.fixture
def circle_admin(invite_only: Program) -> User:
    return make_member(program=invite_only, roles=(), is_admin=True, display_name="Cara").user


def ask(program: Program, **user_fields: object) -> Membership:
    return Membership.objects.create(
        user=UserFactory.create(password=None, **user_fields),
        program=program,
        status=Membership.Status.REQUESTED,
        requested_roles=["mentor"],
        request_message="I run a data team.",
    )


# Reading programs


def test_programs_need_a_signed_in_user(api_client, program):
    response = api_client.get("/api/v1/programs/")
    assert response.status_code == 401
    assert response.json()["message"]


def test_alice_lists_open_programs_with_no_membership_and_no_drafts(alice, program):
    make_program(slug="pilot", status=Program.Status.DRAFT)
    make_program(slug="done", status=Program.Status.CLOSED)
    body = client_for(alice).get("/api/v1/programs/").json()
    assert body["count"] == 1
    (rise,) = body["results"]
    assert (rise["slug"], rise["status"], rise["join_mode"]) == ("rise", "open", "open")
    assert rise["membership"] is None
    assert rise["max_open_requests_per_mentee"] == 3


def test_a_member_sees_her_membership_state_and_roles(mentee, program):
    (rise,) = client_for(mentee).get("/api/v1/programs/").json()["results"]
    assert rise["membership"] == {
        "program": "rise",
        "state": "active",
        "roles": ["mentee"],
        "requested_roles": [],
        "is_admin": False,
        "joined_at": rise["membership"]["joined_at"],
    }


def test_a_running_program_is_listed_for_its_members_only(mentee, alice, program):
    Program.objects.filter(pk=program.pk).update(status=Program.Status.RUNNING)
    assert client_for(mentee).get("/api/v1/programs/").json()["count"] == 1
    assert client_for(alice).get("/api/v1/programs/").json()["count"] == 0
    assert client_for(alice).get("/api/v1/programs/rise/").status_code == 404


def test_a_draft_is_a_404_for_outsiders_and_visible_to_platform_admins(alice, platform_admin):
    make_program(slug="pilot", status=Program.Status.DRAFT)
    response = client_for(alice).get("/api/v1/programs/pilot/")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found.", "errors": {}}
    assert client_for(platform_admin).get("/api/v1/programs/pilot/").status_code == 200


def test_a_program_admin_sees_their_admin_flag(program_admin, program):
    body = client_for(program_admin).get("/api/v1/programs/rise/").json()
    assert body["membership"]["is_admin"] is True
    assert body["membership"]["roles"] == []


def _programs_for(user: User, count: int) -> None:
    for index in range(count):
        make_member(
            program=make_program(slug=f"p-{user.pk}-{index}"), user=user, roles=("mentee", "mentor")
        )


def test_listing_programs_uses_as_many_queries_for_20_as_for_2(db):
    few, many = UserFactory.create(), UserFactory.create()
    _programs_for(few, 2)
    _programs_for(many, 20)
    # Both also see the other's programs (open for sign-up) without a membership.
    few_client, many_client = client_for(few), client_for(many)
    few_queries = queries_of(lambda: few_client.get("/api/v1/programs/"))
    many_response = many_client.get("/api/v1/programs/")
    assert len(many_response.json()["results"]) == 22
    many_queries = queries_of(lambda: many_client.get("/api/v1/programs/"))
    assert few_queries == many_queries <= PROGRAMS_MAX_QUERIES


# Joining


def test_alice_joins_an_open_program(alice, program):
    response = client_for(alice).post("/api/v1/programs/rise/join/", {"roles": ["mentor"]})
    assert response.status_code == 200
    assert response.json()["state"] == "active"
    assert response.json()["roles"] == ["mentor"]
    membership = membership_of(alice, program)
    assert membership.mentor_participation.capacity == program.default_mentor_capacity


def test_joining_an_invite_only_program_creates_a_join_request(alice, circle_admin, invite_only):
    response = client_for(alice).post(
        "/api/v1/programs/circle/join/", {"roles": ["mentee"], "message": "Hi"}
    )
    assert response.status_code == 202
    assert response.json()["state"] == "requested"
    assert response.json()["roles"] == []
    assert response.json()["requested_roles"] == ["mentee"]
    assert Notification.objects.filter(recipient=circle_admin, kind=NotificationKind.JOIN_REQUEST)


def test_asking_twice_to_join_is_a_409(alice, invite_only):
    client = client_for(alice)
    client.post("/api/v1/programs/circle/join/", {"roles": ["mentee"]})
    response = client.post("/api/v1/programs/circle/join/", {"roles": ["mentor"]})
    assert response.status_code == 409
    assert "already asked" in response.json()["message"]
    assert membership_of(alice, invite_only).requested_roles == ["mentee"]


def test_joining_a_closed_program_is_a_409(platform_admin):
    closed = make_program(slug="done", status=Program.Status.CLOSED)
    response = client_for(platform_admin).post("/api/v1/programs/done/join/", {"roles": ["mentor"]})
    assert response.status_code == 409
    assert response.json()["message"] == "This program is not open for sign-up."
    assert not Membership.objects.filter(program=closed).exists()


def test_joining_a_program_alice_cannot_see_is_a_404(alice):
    make_program(slug="pilot", status=Program.Status.DRAFT)
    response = client_for(alice).post("/api/v1/programs/pilot/join/", {"roles": ["mentee"]})
    assert response.status_code == 404
    assert not Membership.objects.filter(user=alice).exists()


@pytest.mark.parametrize("roles", [[], ["boss"], "mentee", None])
def test_joining_with_bad_roles_is_a_400_naming_roles(alice, program, roles):
    body = {} if roles is None else {"roles": roles}
    response = client_for(alice).post("/api/v1/programs/rise/join/", body, format="json")
    assert response.status_code == 400
    assert "roles" in response.json()["errors"]
    assert not Membership.objects.filter(user=alice).exists()


def test_an_invited_person_joins_a_running_invite_only_program_at_once(alice, invite_only):
    Program.objects.filter(pk=invite_only.pk).update(status=Program.Status.RUNNING)
    Membership.objects.create(user=alice, program=invite_only, status=Membership.Status.INVITED)
    client = client_for(alice)
    assert client.get("/api/v1/programs/circle/").json()["membership"]["state"] == "invited"
    response = client.post("/api/v1/programs/circle/join/", {"roles": ["mentee"]})
    assert response.status_code == 200
    assert response.json()["state"] == "active"


# Leaving


def test_a_mentee_leaves_and_the_program_admin_is_told(mentee, program_admin, program):
    response = client_for(mentee).post("/api/v1/programs/rise/leave/")
    assert response.status_code == 200
    assert response.json()["state"] == "left"
    assert membership_of(mentee, program).status == Membership.Status.LEFT
    assert Notification.objects.filter(recipient=program_admin, kind=NotificationKind.MEMBER_LEFT)


def test_leaving_twice_is_a_409(mentee, program):
    client = client_for(mentee)
    client.post("/api/v1/programs/rise/leave/")
    response = client.post("/api/v1/programs/rise/leave/")
    assert response.status_code == 409
    assert response.json()["message"] == "You have already left this program."


def test_leaving_a_program_alice_is_not_in_is_a_409(alice, program):
    response = client_for(alice).post("/api/v1/programs/rise/leave/")
    assert response.status_code == 409
    assert not Membership.objects.filter(user=alice).exists()


def test_leaving_a_program_alice_cannot_see_is_a_404(alice, other_program_admin, other_program):
    Program.objects.filter(pk=other_program.pk).update(status=Program.Status.RUNNING)
    assert client_for(alice).post("/api/v1/programs/summit/leave/").status_code == 404


# Join requests


def test_the_program_admin_lists_join_requests_oldest_first(circle_admin, invite_only):
    first, second = ask(invite_only, display_name="Ada"), ask(invite_only, display_name="Ben")
    response = client_for(circle_admin).get("/api/v1/programs/circle/join-requests/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [row["id"] for row in results] == [first.pk, second.pk]
    assert results[0]["user"]["name"] == "Ada"
    assert results[0]["roles"] == ["mentor"]
    assert results[0]["message"] == "I run a data team."


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("program_admin", 200),
        ("platform_admin", 200),
        ("mentee", 403),
        ("mentor", 403),
        ("other_program_admin", 404),
        ("alice", 404),
    ],
)
def test_who_may_list_join_requests(request, program, persona, status):
    ask(program)
    response = client_for(request.getfixturevalue(persona)).get(
        "/api/v1/programs/rise/join-requests/"
    )
    assert response.status_code == status
    if status == 200:
        assert response.json()["count"] == 1
    else:
        assert response.json()["message"]


def test_the_program_admin_approves_a_join_request(circle_admin, invite_only):
    asker = ask(invite_only)
    response = client_for(circle_admin).post(
        f"/api/v1/programs/circle/join-requests/{asker.pk}/approve/"
    )
    assert response.status_code == 200
    assert response.json()["state"] == "active"
    assert response.json()["roles"] == ["mentor"]
    assert Notification.objects.filter(recipient=asker.user, kind=NotificationKind.JOIN_DECIDED)


def test_the_program_admin_declines_a_join_request(circle_admin, invite_only):
    asker = ask(invite_only)
    response = client_for(circle_admin).post(
        f"/api/v1/programs/circle/join-requests/{asker.pk}/decline/"
    )
    assert response.status_code == 200
    assert response.json()["state"] == "declined"
    asker.refresh_from_db()
    assert not asker.has_role("mentor")


def test_answering_a_request_twice_is_a_409(circle_admin, invite_only):
    asker = ask(invite_only)
    client = client_for(circle_admin)
    client.post(f"/api/v1/programs/circle/join-requests/{asker.pk}/decline/")
    response = client.post(f"/api/v1/programs/circle/join-requests/{asker.pk}/approve/")
    assert response.status_code == 409
    asker.refresh_from_db()
    assert asker.status == Membership.Status.DECLINED


@pytest.mark.parametrize(
    ("persona", "status"), [("mentee", 403), ("other_program_admin", 404), ("alice", 404)]
)
def test_approving_is_for_the_programs_admins_only(request, program, persona, status):
    asker = ask(program)
    response = client_for(request.getfixturevalue(persona)).post(
        f"/api/v1/programs/rise/join-requests/{asker.pk}/approve/"
    )
    assert response.status_code == status
    asker.refresh_from_db()
    assert asker.status == Membership.Status.REQUESTED


def test_a_request_of_another_program_is_a_404_under_this_one(program_admin, other_program):
    asker = ask(other_program)
    response = client_for(program_admin).post(
        f"/api/v1/programs/rise/join-requests/{asker.pk}/approve/"
    )
    assert response.status_code == 404
    asker.refresh_from_db()
    assert asker.status == Membership.Status.REQUESTED


def test_listing_join_requests_uses_as_many_queries_for_20_as_for_2(db):
    few, many = make_program(slug="few"), make_program(slug="many")
    admin = UserFactory.create()
    for program, count in ((few, 2), (many, 20)):
        make_member(program=program, user=admin, roles=(), is_admin=True)
        for _ in range(count):
            ask(program)
    client = client_for(admin)
    few_queries = queries_of(lambda: client.get("/api/v1/programs/few/join-requests/"))
    assert client.get("/api/v1/programs/many/join-requests/").json()["count"] == 20
    many_queries = queries_of(lambda: client.get("/api/v1/programs/many/join-requests/"))
    assert few_queries == many_queries <= JOIN_REQUESTS_MAX_QUERIES


# --- Program settings (PATCH) ----------------------------------------------------------------


def test_the_program_admin_changes_settings_through_the_api(program_admin, program):
    response = client_for(program_admin).patch(
        "/api/v1/programs/rise/",
        {"default_mentor_capacity": 6, "seniority_preference": "reverse"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["default_mentor_capacity"] == 6
    assert body["seniority_preference"] == "reverse"
    assert body["membership"]["is_admin"] is True
    program.refresh_from_db()
    assert program.default_mentor_capacity == 6


@pytest.mark.parametrize(
    ("persona", "status"),
    # The program is open, so everyone signed in may read it: 403, not 404, for the rest.
    [("mentee", 403), ("mentor", 403), ("other_program_admin", 403), ("alice", 403)],
)
def test_only_the_programs_admins_may_change_its_settings(request, program, persona, status):
    response = client_for(request.getfixturevalue(persona)).patch(
        "/api/v1/programs/rise/", {"name": "Hijacked"}, format="json"
    )
    assert response.status_code == status
    assert response.json()["message"]
    program.refresh_from_db()
    assert program.name == "Rise"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"default_mentor_capacity": 21}, "default_mentor_capacity"),
        ({"starts_on": "2025-06-01", "ends_on": "2025-05-01"}, "ends_on"),
        ({"pairing": "triads"}, "pairing"),
        ({"mentor_response_days": 0}, "mentor_response_days"),
    ],
)
def test_bad_program_settings_are_a_400_naming_the_field_and_change_nothing(
    program_admin, program, payload, field
):
    before = Program.objects.values().get(pk=program.pk)
    response = client_for(program_admin).patch(
        "/api/v1/programs/rise/", {"name": "Renamed", **payload}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Program.objects.values().get(pk=program.pk) == before


def test_switching_a_program_to_peer_mode_through_the_api_gives_both_roles(
    program_admin, mentee, program
):
    response = client_for(program_admin).patch(
        "/api/v1/programs/rise/", {"pairing": "peer"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["pairing"] == "peer"
    membership = membership_of(mentee, program)
    assert membership.has_role("mentor")
    assert membership.mentor_participation.capacity == program.default_mentor_capacity


def test_changing_a_program_one_may_not_see_is_a_404(alice):
    hidden = make_program(slug="hidden", status=Program.Status.DRAFT)
    response = client_for(alice).patch("/api/v1/programs/hidden/", {"name": "X"}, format="json")
    assert response.status_code == 404
    hidden.refresh_from_db()
    assert hidden.name == "Hidden"

"""Program pages: the hub, a program's page, joining, leaving, members and join requests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentorship.models import (
    GoalArea,
    Language,
    Membership,
    MenteeGoal,
    Notification,
    NotificationKind,
    Program,
    Skill,
    User,
)
from tests.conftest import membership_of
from tests.factories import UserFactory, make_member, make_program

LIST_PAGE_MAX_QUERIES = 14
MEMBERS_PAGE_MAX_QUERIES = 10


def queries_of(action: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries)


@pytest.fixture
def invite_only(db: None) -> Program:
    return make_program(slug="circle", name="Circle", join_mode=Program.JoinMode.INVITE_ONLY)


@pytest.fixture
def draft(db: None) -> Program:
    return make_program(slug="pilot", name="Secret Pilot", status=Program.Status.DRAFT)


# The hub


def test_a_visitor_is_asked_to_log_in_to_see_programs(client, db):
    response = client.get("/programs/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_alice_sees_programs_open_for_sign_up_with_a_join_form_but_no_drafts(
    client, alice, program, other_program, draft
):
    client.force_login(alice)
    html = client.get("/programs/").content.decode()
    assert "Rise" in html and "Summit" in html
    assert "Secret Pilot" not in html
    assert 'action="/programs/rise/join/"' in html
    assert 'name="roles" value="mentee"' in html and 'name="roles" value="mentor"' in html
    assert "You are not in any program yet" in html


def test_an_invite_only_program_offers_to_ask_with_a_note(client, alice, invite_only):
    client.force_login(alice)
    html = client.get("/programs/").content.decode()
    assert "Ask to join" in html
    assert 'name="message"' in html


def test_mentee_sees_her_program_with_its_completeness_meter_and_next_step(client, mentee, program):
    client.force_login(mentee)
    html = client.get("/programs/").content.decode()
    assert "Your programs" in html
    assert "<progress" in html
    assert "Next step:" in html
    assert 'href="/programs/rise/onboarding/profile/"' in html
    # The program she is in is not offered again for joining.
    assert 'action="/programs/rise/join/"' not in html


def test_a_pending_request_shows_as_waiting(client, alice, invite_only):
    Membership.objects.create(
        user=alice,
        program=invite_only,
        status=Membership.Status.REQUESTED,
        requested_roles=["mentee"],
    )
    client.force_login(alice)
    html = client.get("/programs/").content.decode()
    assert "Your request to join is waiting for a program admin." in html


def _member_of_programs(user: User, count: int) -> None:
    """`user` as mentee and mentor in `count` programs with answers, and `count` others open."""
    area = GoalArea.objects.get(slug="leadership")
    skills = list(Skill.objects.all()[:2])
    for index in range(count):
        membership = make_member(
            program=make_program(slug=f"mine-{user.pk}-{index}"),
            user=user,
            roles=("mentee", "mentor"),
        )
        MenteeGoal.objects.create(
            participation=membership.mentee_participation, goal_area=area, description="Grow."
        )
        membership.mentee_participation.skills_wanted.set(skills)
        membership.mentor_participation.skills_taught.set(skills)
        membership.mentor_participation.expertise_areas.set([area])
        make_program(slug=f"other-{user.pk}-{index}")
    user.profile.skills.set(skills)
    user.profile.languages.set(Language.objects.all()[:1])


def test_the_programs_page_uses_as_many_queries_for_20_programs_as_for_2(client, db):
    few, many = UserFactory.create(), UserFactory.create()
    _member_of_programs(few, 2)
    _member_of_programs(many, 20)
    client.force_login(few)
    few_queries = queries_of(lambda: client.get("/programs/"))
    client.force_login(many)
    response = client.get("/programs/")
    assert response.content.decode().count("<progress") == 20
    many_queries = queries_of(lambda: client.get("/programs/"))
    assert few_queries == many_queries <= LIST_PAGE_MAX_QUERIES


# A program's page


def test_a_draft_program_is_a_404_for_non_members(client, alice, draft):
    client.force_login(alice)
    assert client.get("/programs/pilot/").status_code == 404


def test_a_draft_program_is_visible_to_its_members_and_platform_admins(
    client, draft, platform_admin
):
    member = make_member(program=draft).user
    client.force_login(member)
    assert client.get("/programs/pilot/").status_code == 200
    client.force_login(platform_admin)
    assert client.get("/programs/pilot/").status_code == 200


def test_an_unknown_program_is_a_404(client, alice):
    client.force_login(alice)
    assert client.get("/programs/nowhere/").status_code == 404


def test_the_program_page_shows_a_member_their_roles_and_the_leave_action(client, mentee, program):
    client.force_login(mentee)
    html = client.get("/programs/rise/").content.decode()
    assert "Mentee" in html
    assert 'action="/programs/rise/leave/"' in html
    # She may add the mentor role; she is not offered the mentee role again.
    assert 'name="roles" value="mentor"' in html
    assert 'name="roles" value="mentee"' not in html
    assert "/programs/rise/members/" not in html


def test_the_program_page_links_program_admins_to_the_members(client, program_admin, program):
    client.force_login(program_admin)
    assert 'href="/programs/rise/members/"' in client.get("/programs/rise/").content.decode()


# Joining


def test_alice_joins_an_open_program_as_a_mentee_and_starts_onboarding(client, alice, program):
    client.force_login(alice)
    response = client.post("/programs/rise/join/", {"roles": ["mentee"]})
    assert response.status_code == 302
    assert response["Location"] == "/programs/rise/onboarding/"
    membership = membership_of(alice, program)
    assert membership.status == Membership.Status.ACTIVE
    assert membership.has_role("mentee") and not membership.has_role("mentor")
    assert Notification.objects.filter(
        recipient=alice, kind=NotificationKind.PROGRAM_JOINED
    ).exists()
    assert "Welcome to Rise" in client.get("/programs/").content.decode()


def test_a_mentee_adds_the_mentor_role_later(client, mentee, program):
    client.force_login(mentee)
    response = client.post("/programs/rise/join/", {"roles": ["mentor"]})
    assert response["Location"] == "/programs/rise/onboarding/mentor/"
    membership = membership_of(mentee, program)
    assert membership.has_role("mentee") and membership.has_role("mentor")
    assert membership.mentor_participation.capacity == program.default_mentor_capacity


def test_joining_without_a_role_is_a_form_error_and_changes_nothing(client, alice, program):
    client.force_login(alice)
    response = client.post("/programs/rise/join/", {"roles": []})
    assert response.status_code == 200
    assert "Choose mentee, mentor or both." in response.content.decode()
    assert not Membership.objects.filter(user=alice).exists()


def test_joining_with_an_unknown_role_is_a_form_error(client, alice, program):
    client.force_login(alice)
    response = client.post("/programs/rise/join/", {"roles": ["boss"]})
    assert response.status_code == 200
    assert 'id="id_join_rise_roles_error"' in response.content.decode()
    assert not Membership.objects.filter(user=alice).exists()


def test_asking_to_join_an_invite_only_program_tells_its_admins(client, alice, invite_only):
    admin = make_member(program=invite_only, roles=(), is_admin=True).user
    client.force_login(alice)
    response = client.post(
        "/programs/circle/join/", {"roles": ["mentee", "mentor"], "message": "Hello!"}
    )
    assert response["Location"] == "/programs/circle/"
    membership = membership_of(alice, invite_only)
    assert membership.status == Membership.Status.REQUESTED
    assert membership.requested_roles == ["mentee", "mentor"]
    assert membership.request_message == "Hello!"
    assert not membership.has_role("mentee")
    assert Notification.objects.filter(recipient=admin, kind=NotificationKind.JOIN_REQUEST).exists()
    assert "a program admin will answer" in client.get("/programs/circle/").content.decode()


def test_asking_twice_to_join_is_refused_and_keeps_the_first_request(client, alice, invite_only):
    client.force_login(alice)
    client.post("/programs/circle/join/", {"roles": ["mentee"], "message": "First"})
    response = client.post("/programs/circle/join/", {"roles": ["mentor"], "message": "Again"})
    assert response.status_code == 302
    membership = membership_of(alice, invite_only)
    assert (membership.requested_roles, membership.request_message) == (["mentee"], "First")


def test_joining_a_closed_program_is_refused(client, platform_admin):
    closed = make_program(slug="done", status=Program.Status.CLOSED)
    client.force_login(platform_admin)
    response = client.post("/programs/done/join/", {"roles": ["mentor"]}, follow=True)
    assert "You cannot join this program now." in response.content.decode()
    assert not Membership.objects.filter(program=closed).exists()


def test_a_closed_program_cannot_even_be_seen_by_alice(client, alice):
    make_program(slug="done", status=Program.Status.CLOSED)
    client.force_login(alice)
    assert client.post("/programs/done/join/", {"roles": ["mentee"]}).status_code == 404


def test_joining_a_draft_program_is_a_404_for_outsiders(client, alice, draft):
    client.force_login(alice)
    assert client.post("/programs/pilot/join/", {"roles": ["mentee"]}).status_code == 404
    assert not Membership.objects.filter(user=alice).exists()


def test_join_and_leave_only_accept_post(client, alice, program):
    client.force_login(alice)
    assert client.get("/programs/rise/join/").status_code == 405
    assert client.get("/programs/rise/leave/").status_code == 405


# Leaving


def test_mentee_leaves_and_the_program_admin_is_told(client, mentee, program_admin, program):
    client.force_login(mentee)
    response = client.post("/programs/rise/leave/")
    assert response["Location"] == "/programs/"
    membership = membership_of(mentee, program)
    assert membership.status == Membership.Status.LEFT
    assert membership.left_at is not None
    told = Notification.objects.get(recipient=program_admin, kind=NotificationKind.MEMBER_LEFT)
    assert "Mia Mentee left Rise" in told.title
    assert "You left Rise." in client.get("/programs/").content.decode()


def test_a_member_who_left_no_longer_opens_the_programs_inner_pages(client, mentee, program):
    client.force_login(mentee)
    client.post("/programs/rise/leave/")
    assert client.get("/programs/rise/onboarding/").status_code == 404


def test_leaving_a_program_you_are_not_in_is_refused(client, alice, program):
    client.force_login(alice)
    response = client.post("/programs/rise/leave/", follow=True)
    assert "You are not a member of this program." in response.content.decode()
    assert not Membership.objects.filter(user=alice).exists()


def test_withdrawing_a_join_request_tells_nobody(client, alice, invite_only):
    admin = make_member(program=invite_only, roles=(), is_admin=True).user
    client.force_login(alice)
    client.post("/programs/circle/join/", {"roles": ["mentee"]})
    response = client.post("/programs/circle/leave/", follow=True)
    assert "Your request to join is withdrawn." in response.content.decode()
    assert membership_of(alice, invite_only).status == Membership.Status.LEFT
    assert not Notification.objects.filter(recipient=admin, kind=NotificationKind.MEMBER_LEFT)


# Members and join requests


def test_the_program_admin_sees_the_members_by_role(
    client, program, program_admin, mentee, mentor, other_program_admin
):
    client.force_login(program_admin)
    response = client.get("/programs/rise/members/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mia Mentee" in html and "Marcus Mentor" in html
    assert "Sam" not in html
    mentors_only = client.get("/programs/rise/members/?role=mentor").content.decode()
    assert "Marcus Mentor" in mentors_only and "Mia Mentee" not in mentors_only
    assert f'href="/programs/rise/mentees/{membership_of(mentee, program).pk}/"' in html


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("platform_admin", 200),
        ("mentee", 403),
        ("mentor", 403),
        ("other_program_admin", 404),
        ("alice", 404),
    ],
)
def test_who_may_open_the_members_page(client, request, program, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/programs/rise/members/").status_code == status


def test_the_members_page_of_a_draft_is_a_404_for_outsiders(client, alice, draft):
    client.force_login(alice)
    assert client.get("/programs/pilot/members/").status_code == 404


def _ask(program: Program, **user_fields: object) -> Membership:
    return Membership.objects.create(
        # No password: hashing one per user would dominate the bulk tests' time.
        user=UserFactory.create(password=None, **user_fields),
        program=program,
        status=Membership.Status.REQUESTED,
        requested_roles=["mentee", "mentor"],
        request_message="Please let me in",
    )


def test_the_program_admin_approves_a_join_request(client, invite_only):
    admin = make_member(program=invite_only, roles=(), is_admin=True).user
    asker = _ask(invite_only, display_name="Asha Asker")
    client.force_login(admin)
    html = client.get("/programs/circle/members/").content.decode()
    assert "Asha Asker" in html and "Please let me in" in html
    approve_url = f"/programs/circle/join-requests/{asker.pk}/approve/"
    assert f'action="{approve_url}"' in html
    response = client.post(approve_url, follow=True)
    assert "Asha Asker is now a member." in response.content.decode()
    asker.refresh_from_db()
    assert asker.status == Membership.Status.ACTIVE
    assert asker.has_role("mentee") and asker.has_role("mentor")
    assert Notification.objects.filter(recipient=asker.user, kind=NotificationKind.JOIN_DECIDED)


def test_the_program_admin_declines_a_join_request(client, invite_only):
    admin = make_member(program=invite_only, roles=(), is_admin=True).user
    asker = _ask(invite_only)
    client.force_login(admin)
    client.post(f"/programs/circle/join-requests/{asker.pk}/decline/")
    asker.refresh_from_db()
    assert asker.status == Membership.Status.DECLINED
    assert not asker.has_role("mentee")


def test_answering_a_request_twice_is_refused(client, invite_only):
    admin = make_member(program=invite_only, roles=(), is_admin=True).user
    asker = _ask(invite_only)
    client.force_login(admin)
    client.post(f"/programs/circle/join-requests/{asker.pk}/approve/")
    response = client.post(f"/programs/circle/join-requests/{asker.pk}/decline/", follow=True)
    assert "This request has already been answered." in response.content.decode()
    asker.refresh_from_db()
    assert asker.status == Membership.Status.ACTIVE


@pytest.mark.parametrize(
    ("persona", "status"), [("mentee", 403), ("other_program_admin", 404), ("alice", 404)]
)
def test_only_the_programs_admins_answer_join_requests(client, request, program, persona, status):
    asker = _ask(program)
    client.force_login(request.getfixturevalue(persona))
    assert client.post(f"/programs/rise/join-requests/{asker.pk}/approve/").status_code == status
    asker.refresh_from_db()
    assert asker.status == Membership.Status.REQUESTED


def test_a_request_of_another_program_is_a_404_on_this_programs_url(
    client, program_admin, other_program
):
    asker = _ask(other_program)
    client.force_login(program_admin)
    assert client.post(f"/programs/rise/join-requests/{asker.pk}/approve/").status_code == 404
    asker.refresh_from_db()
    assert asker.status == Membership.Status.REQUESTED


def _members_and_requests(program: Program, count: int) -> None:
    for index in range(count):
        make_member(
            program=program,
            roles=("mentee", "mentor") if index % 2 else ("mentee",),
            password=None,
        )
        _ask(program)


def test_the_members_page_uses_as_many_queries_for_20_rows_as_for_2(client, db):
    few, many = make_program(slug="few"), make_program(slug="many")
    _members_and_requests(few, 2)
    _members_and_requests(many, 20)
    admin = UserFactory.create()
    for program in (few, many):
        make_member(program=program, user=admin, roles=(), is_admin=True)
    client.force_login(admin)
    few_queries = queries_of(lambda: client.get("/programs/few/members/"))
    html = client.get("/programs/many/members/").content.decode()
    assert html.count("/approve/") == 20
    many_queries = queries_of(lambda: client.get("/programs/many/members/"))
    assert few_queries == many_queries <= MEMBERS_PAGE_MAX_QUERIES

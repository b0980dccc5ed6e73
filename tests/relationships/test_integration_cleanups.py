"""Where circles and introductions meet leaving a program, blocking, and the admin site.

Personas: `mentor` mentors `mentee` and `other_mentee` (current relationships), opens a
circle for them and introduces `mentee` to `other_mentor`. `program_admin` runs the program.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from mentorship.models import Notification, NotificationKind, Program, User
from relationships.models import Circle, CircleMembership, CircleSession, Introduction
from relationships.services.circles import close_circle, request_to_join_circle
from relationships.services.introductions import accept_introduction, introduce
from relationships.services.membership import leave_program
from relationships.services.safety import block_member
from tests.conftest import membership_of
from tests.factories import make_member
from tests.relationships.circles_support import (
    held_session,
    mentor_circle,
    program_circle,
    scheduled_session,
)
from tests.relationships.meetings_support import start_pair

pytestmark = pytest.mark.django_db

NOTE = "You both love distributed systems; talk about the on-call rota."
SHARED_NOTES = "Mia will rehearse her pitch with Otto before Friday."


@pytest.fixture
def circle(program: Program, mentor: User, mentee: User, other_mentee: User) -> Circle:
    """An open circle of `mentor` with `mentee` and `other_mentee` as active members."""
    return mentor_circle(program, mentor, [mentee, other_mentee])


def make_intro(program: Program, by: User, mentee: User, member: User) -> Introduction:
    return introduce(
        by=by,
        mentee=membership_of(mentee, program).mentee_participation,
        member=membership_of(member, program),
        note=NOTE,
    )


@pytest.fixture
def intro(program: Program, mentor: User, mentee: User, other_mentor: User) -> Introduction:
    """`mentor` introduces their mentee `mentee` to `other_mentor`; waiting for an answer."""
    start_pair(program, mentee, mentor)
    return make_intro(program, mentor, mentee, other_mentor)


def state_of(model: type[CircleMembership | CircleSession | Introduction], pk: int) -> str:
    return model.objects.values_list("state", flat=True).get(pk=pk)


# --- leaving a program ----------------------------------------------------------------------


def test_a_mentee_leaving_the_program_leaves_its_circles_and_the_mentor_is_told(
    program, circle, mentor, mentee, other_mentee, program_admin
):
    asked = request_to_join_circle(circle=program_circle(program, program_admin, mentor), by=mentee)

    leave_program(membership=membership_of(mentee, program))

    mine = CircleMembership.objects.filter(mentee__membership__user=mentee)
    assert sorted(mine.values_list("state", flat=True)) == ["left", "left"]
    assert all(place.left_at is not None for place in mine)
    assert state_of(CircleMembership, asked.pk) == CircleMembership.State.LEFT
    others = CircleMembership.objects.get(circle=circle, mentee__membership__user=other_mentee)
    assert others.state == CircleMembership.State.ACTIVE
    circle.refresh_from_db()
    assert circle.state == Circle.State.OPEN
    assert mentor.notifications.filter(
        kind=NotificationKind.CIRCLE, title__contains="Mia Mentee left your circle"
    ).exists()


def test_a_mentor_leaving_the_program_closes_their_circles_like_closing_by_hand(
    program, circle, mentor, mentee, other_mentee
):
    session = scheduled_session(circle, mentor, starts_at=timezone.now() + datetime.timedelta(2))

    leave_program(membership=membership_of(mentor, program))

    circle.refresh_from_db()
    assert circle.state == Circle.State.CLOSED and circle.closed_at is not None
    assert state_of(CircleSession, session.pk) == CircleSession.State.CANCELLED
    for member in (mentee, other_mentee):
        assert member.notifications.filter(
            kind=NotificationKind.CIRCLE, title__contains="is closed"
        ).exists()


def test_a_circle_closed_before_the_mentee_leaves_keeps_its_members_as_they_were(
    program, circle, mentor, mentee
):
    close_circle(circle=circle, by=mentor)
    leave_program(membership=membership_of(mentee, program))
    place = CircleMembership.objects.get(circle=circle, mentee__membership__user=mentee)
    assert place.state == CircleMembership.State.ACTIVE  # a member when it closed


@pytest.mark.parametrize(
    ("leaver", "state"),
    [
        ("mentee", Introduction.State.WITHDRAWN),
        ("mentor", Introduction.State.WITHDRAWN),  # the introducer
        ("other_mentor", Introduction.State.DECLINED),  # the member: declining is theirs
    ],
)
def test_leaving_the_program_ends_the_pending_introductions_the_leaver_is_part_of(
    request, program, intro, mentor, mentee, other_mentor, other_mentee, leaver, state
):
    accepted = make_intro(program, mentor, mentee, make_member(program=program).user)
    accept_introduction(introduction=accepted, by=accepted.member.user)
    start_pair(program, other_mentee, mentor)
    # Another of the mentor's introductions, in which neither the mentee nor the member is.
    unrelated = make_intro(program, mentor, other_mentee, make_member(program=program).user)
    leaving: User = request.getfixturevalue(leaver)
    before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first()

    leave_program(membership=membership_of(leaving, program))

    assert state_of(Introduction, intro.pk) == state
    assert state_of(Introduction, accepted.pk) == Introduction.State.ACCEPTED  # a connection
    # The introducer of both: every pending one they made ends; otherwise it stays.
    expected = Introduction.State.WITHDRAWN if leaver == "mentor" else Introduction.State.PENDING
    assert state_of(Introduction, unrelated.pk) == expected
    told = Notification.objects.filter(
        pk__gt=before, kind=NotificationKind.INTRODUCTION, url=f"/introductions/{intro.pk}/"
    )
    others = {mentee, mentor, other_mentor} - {leaving}
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(p.pk for p in others)


# --- blocking --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("blocker", "blocked", "state"),
    [
        ("mentee", "other_mentor", Introduction.State.WITHDRAWN),
        ("other_mentor", "mentee", Introduction.State.DECLINED),
        ("mentor", "other_mentor", Introduction.State.WITHDRAWN),
        ("other_mentor", "mentor", Introduction.State.DECLINED),
    ],
)
def test_a_block_ends_pending_introductions_between_the_two(
    request, program, intro, mentor, mentee, other_mentee, blocker, blocked, state
):
    start_pair(program, other_mentee, mentor)
    elsewhere = make_intro(program, mentor, other_mentee, make_member(program=program).user)

    block_member(by=request.getfixturevalue(blocker), member=request.getfixturevalue(blocked))

    assert state_of(Introduction, intro.pk) == state
    assert state_of(Introduction, elsewhere.pk) == Introduction.State.PENDING


def test_a_block_between_the_mentee_and_the_introducer_leaves_the_introduction_alone(
    intro, mentee, mentor
):
    block_member(by=mentee, member=mentor)
    assert state_of(Introduction, intro.pk) == Introduction.State.PENDING


# --- the admin site --------------------------------------------------------------------------


@pytest.fixture
def superuser_client(platform_admin: User) -> Client:
    platform_admin.is_superuser = True  # every admin page, so a missing one is a 404
    platform_admin.save(update_fields=["is_superuser"])
    client = Client()
    client.force_login(platform_admin)
    return client


def test_the_admin_lists_circles_sessions_and_introductions_without_their_private_words(
    superuser_client, program, circle, mentor, mentee, other_mentee, other_mentor
):
    session = held_session(circle, mentor, [mentee, other_mentee], notes=SHARED_NOTES)
    intro = make_intro(program, mentor, mentee, other_mentor)  # the circle made them a pair
    pages = [
        "/admin/relationships/circle/",
        f"/admin/relationships/circle/{circle.pk}/change/",
        "/admin/relationships/circlesession/",
        f"/admin/relationships/circlesession/{session.pk}/change/",
        "/admin/relationships/introduction/",
        f"/admin/relationships/introduction/{intro.pk}/change/",
    ]
    for url in pages:
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert SHARED_NOTES not in html and NOTE not in html, url
    assert circle.topic in superuser_client.get("/admin/relationships/circle/").content.decode()


def test_thank_you_notes_ratings_and_private_notes_have_no_admin_page(superuser_client):
    for model in ("thankyounote", "circlesessionrating", "privatenote"):
        assert superuser_client.get(f"/admin/relationships/{model}/").status_code == 404

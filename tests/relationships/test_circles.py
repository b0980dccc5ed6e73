"""Mentor circles: opening, invitations and requests, seats, leaving and closing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from mentorship.errors import ActionNotAllowed, ApplicationError, InvalidTransition
from mentorship.models import Notification, NotificationKind
from relationships.models import Block, Circle, CircleMembership, CircleSession
from relationships.services.circle_memberships import (
    accept_circle_membership,
    decline_circle_membership,
    leave_circle,
)
from relationships.services.circles import (
    CircleFull,
    close_circle,
    invite_to_circle,
    open_circle,
    request_to_join_circle,
    seats_taken,
)
from tests.factories import make_member
from tests.relationships.circles_support import (
    mentee_part,
    mentor_circle,
    mentor_part,
    program_circle,
    scheduled_session,
)
from tests.relationships.meetings_support import start_pair

pytestmark = pytest.mark.django_db


def circle_notifications(user) -> list[Notification]:
    return list(
        Notification.objects.filter(recipient=user, kind=NotificationKind.CIRCLE).order_by("id")
    )


def test_a_mentor_opens_a_circle_and_each_invited_mentee_opts_in(
    program, mentor, mentee, other_mentee
):
    start_pair(program, mentee, mentor)
    start_pair(program, other_mentee, mentor)
    circle = open_circle(
        mentor=mentor_part(mentor, program),
        by=mentor,
        topic="Career changes",
        capacity=4,
        invite=[mentee_part(mentee, program), mentee_part(other_mentee, program)],
    )
    assert circle.kind == Circle.Kind.MENTOR
    assert seats_taken(circle) == 0  # an invitation takes no seat
    [invited] = circle_notifications(mentee)
    assert "Marcus Mentor invites you" in invited.title

    mine = CircleMembership.objects.get(circle=circle, mentee=mentee_part(mentee, program))
    accept_circle_membership(membership=mine, by=mentee)
    theirs = CircleMembership.objects.get(circle=circle, mentee=mentee_part(other_mentee, program))
    decline_circle_membership(membership=theirs, by=other_mentee)

    states = dict(circle.memberships.values_list("mentee__membership__user__email", "state"))
    assert states == {"mentee@example.org": "active", "otto@example.org": "declined"}
    assert seats_taken(circle) == 1
    titles = [n.title for n in circle_notifications(mentor)]
    assert any("Mia Mentee joined your circle" in title for title in titles)
    assert any("Otto Mentee declined" in title for title in titles)


def test_a_mentor_may_invite_only_their_current_mentees(program, mentor, mentee, other_mentee):
    start_pair(program, mentee, mentor)
    with pytest.raises(ValidationError) as error:
        open_circle(
            mentor=mentor_part(mentor, program),
            by=mentor,
            topic="Career changes",
            capacity=4,
            invite=[mentee_part(other_mentee, program)],
        )
    assert "mentees" in error.value.message_dict
    assert not Circle.objects.exists()  # all or nothing


def test_nobody_opens_a_circle_in_someone_elses_name(program, mentor, other_mentor):
    with pytest.raises(ActionNotAllowed):
        open_circle(mentor=mentor_part(mentor, program), by=other_mentor, topic="x", capacity=3)
    assert not Circle.objects.exists()


@pytest.mark.parametrize(
    ("topic", "capacity", "fields"),
    [("", 5, {"topic"}), ("Ok", 1, {"capacity"}), ("Ok", 21, {"capacity"})],
)
def test_a_circle_needs_a_topic_and_two_to_twenty_seats(program, mentor, topic, capacity, fields):
    with pytest.raises(ValidationError) as error:
        open_circle(mentor=mentor_part(mentor, program), by=mentor, topic=topic, capacity=capacity)
    assert set(error.value.message_dict) == fields
    assert not Circle.objects.exists()


def test_the_database_refuses_a_circle_outside_two_to_twenty_seats(program, mentor):
    circle = open_circle(mentor=mentor_part(mentor, program), by=mentor, topic="x", capacity=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Circle.objects.filter(pk=circle.pk).update(capacity=21)


def test_the_database_allows_one_current_membership_per_mentee_and_circle(program, mentor, mentee):
    circle = mentor_circle(program, mentor, [mentee])
    with pytest.raises(IntegrityError), transaction.atomic():
        CircleMembership.objects.create(
            circle=circle, mentee=mentee_part(mentee, program), state="requested"
        )


def test_an_admin_creates_a_circle_that_mentees_ask_to_join_and_the_mentor_answers(
    program, program_admin, mentor, mentee, other_mentee
):
    circle = program_circle(program, program_admin, mentor)
    assert circle.kind == Circle.Kind.PROGRAM
    assert "Priya made you the mentor" in circle_notifications(mentor)[0].title

    asked = request_to_join_circle(circle=circle, by=mentee)
    assert asked.state == CircleMembership.State.REQUESTED
    assert "Mia Mentee asks to join" in circle_notifications(mentor)[-1].title
    with pytest.raises(InvalidTransition):
        request_to_join_circle(circle=circle, by=mentee)  # one open request

    with pytest.raises(ActionNotAllowed):
        accept_circle_membership(membership=asked, by=other_mentee)
    accept_circle_membership(membership=asked, by=mentor)
    assert "welcomed you" in circle_notifications(mentee)[-1].title

    other = request_to_join_circle(circle=circle, by=other_mentee)
    decline_circle_membership(membership=other, by=program_admin)  # an admin may answer too
    other.refresh_from_db()
    assert other.state == CircleMembership.State.DECLINED
    with pytest.raises(InvalidTransition):
        accept_circle_membership(membership=other, by=mentor)


def test_a_mentor_circle_takes_no_requests_and_a_program_circle_sends_no_invitations(
    program, program_admin, mentor, mentee
):
    start_pair(program, mentee, mentor)
    own = open_circle(mentor=mentor_part(mentor, program), by=mentor, topic="x", capacity=3)
    with pytest.raises(ActionNotAllowed):
        request_to_join_circle(circle=own, by=mentee)
    run = program_circle(program, program_admin, mentor)
    with pytest.raises(ApplicationError):
        invite_to_circle(circle=run, by=mentor, mentees=[mentee_part(mentee, program)])
    assert not CircleMembership.objects.exists()


def test_only_active_mentees_of_the_program_may_ask_to_join(
    program, other_program, program_admin, mentor, other_mentor
):
    circle = program_circle(program, program_admin, mentor)
    outsider = make_member(program=other_program, roles=("mentee",), email="out@example.org")
    with pytest.raises(ActionNotAllowed):
        request_to_join_circle(circle=circle, by=outsider.user)
    with pytest.raises(ActionNotAllowed):
        request_to_join_circle(circle=circle, by=other_mentor)  # a mentor, not a mentee
    assert not CircleMembership.objects.exists()


def test_a_mentee_who_blocked_the_mentor_cannot_ask_to_join(program, program_admin, mentor, mentee):
    circle = program_circle(program, program_admin, mentor)
    Block.objects.create(blocker=mentee, blocked=mentor)
    with pytest.raises(ApplicationError):
        request_to_join_circle(circle=circle, by=mentee)
    assert not CircleMembership.objects.exists()


def test_joining_a_full_circle_is_refused_and_nothing_changes(
    program, program_admin, mentor, mentee, other_mentee
):
    circle = program_circle(program, program_admin, mentor, capacity=2)
    for number in range(2):
        member = make_member(program=program, roles=("mentee",), email=f"in{number}@example.org")
        accept_circle_membership(
            membership=request_to_join_circle(circle=circle, by=member.user), by=mentor
        )
    with pytest.raises(CircleFull) as error:
        request_to_join_circle(circle=circle, by=mentee)
    assert "full" in error.value.message
    assert error.value.status_code == 409
    assert circle.memberships.count() == 2


def test_accepting_when_the_last_seat_went_meanwhile_is_refused(
    program, program_admin, mentor, mentee, other_mentee
):
    circle = program_circle(program, program_admin, mentor, capacity=2)
    first = request_to_join_circle(circle=circle, by=mentee)
    second = request_to_join_circle(circle=circle, by=other_mentee)
    third_member = make_member(program=program, roles=("mentee",), email="third@example.org")
    third = request_to_join_circle(circle=circle, by=third_member.user)
    accept_circle_membership(membership=first, by=mentor)
    accept_circle_membership(membership=second, by=mentor)
    with pytest.raises(CircleFull):
        accept_circle_membership(membership=third, by=mentor)
    third.refresh_from_db()
    assert third.state == CircleMembership.State.REQUESTED
    assert seats_taken(circle) == 2


def test_leaving_frees_the_seat_and_tells_the_mentor(program, mentor, mentee, other_mentee):
    circle = mentor_circle(program, mentor, [mentee, other_mentee], capacity=2)
    left = leave_circle(circle=circle, by=mentee)
    assert left.state == CircleMembership.State.LEFT
    assert left.left_at is not None
    assert seats_taken(circle) == 1
    assert "Mia Mentee left your circle" in circle_notifications(mentor)[-1].title
    with pytest.raises(InvalidTransition):
        leave_circle(circle=circle, by=mentee)


def test_closing_declines_open_answers_cancels_sessions_and_freezes_the_circle(
    program, program_admin, mentor, mentee, other_mentee
):
    import datetime

    from django.utils import timezone

    circle = program_circle(program, program_admin, mentor)
    accept_circle_membership(membership=request_to_join_circle(circle=circle, by=mentee), by=mentor)
    waiting = request_to_join_circle(circle=circle, by=other_mentee)
    session = scheduled_session(
        circle, mentor, starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    with pytest.raises(ActionNotAllowed):
        close_circle(circle=circle, by=mentee)
    close_circle(circle=circle, by=mentor)
    circle.refresh_from_db()
    waiting.refresh_from_db()
    session.refresh_from_db()
    assert circle.state == Circle.State.CLOSED and circle.closed_at is not None
    assert waiting.state == CircleMembership.State.DECLINED
    assert session.state == CircleSession.State.CANCELLED
    assert "is closed" in circle_notifications(mentee)[-1].title
    with pytest.raises(InvalidTransition):
        close_circle(circle=circle, by=program_admin)
    with pytest.raises(InvalidTransition):
        request_to_join_circle(
            circle=circle, by=make_member(program=program, email="late@example.org").user
        )

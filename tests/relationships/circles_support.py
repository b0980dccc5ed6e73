"""Helpers for the circle tests: real circles, members and sessions, built by the services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from mentorship.models import MenteeParticipation, MentorParticipation, Program, User
from relationships.models import Circle, CircleMembership, CircleSession
from relationships.services.circle_memberships import accept_circle_membership
from relationships.services.circle_sessions import log_circle_session, schedule_circle_session
from relationships.services.circles import create_program_circle, open_circle
from tests.conftest import membership_of
from tests.relationships.meetings_support import start_pair


def mentee_part(user: User, program: Program) -> MenteeParticipation:
    return membership_of(user, program).mentee_participation


def mentor_part(user: User, program: Program) -> MentorParticipation:
    return membership_of(user, program).mentor_participation


def mentor_circle(
    program: Program, mentor: User, members: list[User], *, capacity: int = 6
) -> Circle:
    """A circle the mentor opened for `members` (made their mentees first), all of whom
    accepted the invitation."""
    for member in members:
        start_pair(program, member, mentor)
    circle = open_circle(
        mentor=mentor_part(mentor, program),
        by=mentor,
        topic="Finding a first job",
        description="We meet every other week.",
        capacity=capacity,
        invite=[mentee_part(member, program) for member in members],
    )
    for membership in CircleMembership.objects.filter(circle=circle):
        accept_circle_membership(membership=membership, by=membership.mentee.membership.user)
    return circle


def program_circle(program: Program, admin: User, mentor: User, *, capacity: int = 6) -> Circle:
    """A circle a program admin created with `mentor`; mentees ask to join."""
    return create_program_circle(
        program=program,
        by=admin,
        mentor=mentor_part(mentor, program),
        topic="Public speaking",
        capacity=capacity,
    )


def scheduled_session(
    circle: Circle, mentor: User, *, starts_at: datetime.datetime
) -> CircleSession:
    return schedule_circle_session(
        circle=circle,
        by=mentor,
        starts_at=starts_at,
        duration_minutes=60,
        mode="video",
        location="https://meet.example.org/circle",
        agenda="Elevator pitches",
        now=starts_at - datetime.timedelta(days=2),
    )


def held_session(
    circle: Circle, mentor: User, attendees: list[User], *, notes: str = ""
) -> CircleSession:
    """A session yesterday, logged as held with `attendees`."""
    starts_at = timezone.now() - datetime.timedelta(days=1)
    session = scheduled_session(circle, mentor, starts_at=starts_at)
    return log_circle_session(
        session=session,
        by=mentor,
        attendees=attendees,
        shared_notes=notes,
        now=starts_at + datetime.timedelta(hours=1),
    )

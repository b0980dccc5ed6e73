"""The people of the browser journeys, built through the same services the forms call.

Mentors get profiles worth ranking (a language, what they help with, areas of expertise),
so suggestions come with reasons a person can read.
"""

from __future__ import annotations

import datetime

from django.db.models import F
from django.utils import timezone

from mentorship.models import GoalArea, Language, MenteeGoal, MentorParticipation, Program, User
from mentorship.services.profiles import save_mentor_participation, update_profile
from relationships.models import Meeting, MentorRequest, Relationship
from relationships.services.requests import Choice, send_request
from tests.conftest import membership_of
from tests.factories import make_member

MENTORS = (
    ("dana@example.org", "Dana Data", "I lead data engineering teams and coach new leads."),
    ("sam@example.org", "Sam Speaker", "Public speaking and leading your first team."),
    ("gus@example.org", "Gus Gardener", "Gardening, cooking and slow living."),
)


def make_mentors(program: Program) -> list[MentorParticipation]:
    """Three English-speaking mentors; the first two suit a would-be team lead."""
    english = Language.objects.filter(code="en")
    leadership = GoalArea.objects.filter(slug="leadership")
    mentors = []
    for email, name, help_text in MENTORS:
        membership = make_member(program=program, roles=("mentor",), email=email, display_name=name)
        update_profile(user=membership.user, languages=english, headline=help_text[:60])
        mentors.append(
            save_mentor_participation(
                participation=membership.mentor_participation,
                expertise_areas=leadership,
                how_i_can_help=help_text,
            )
        )
    return mentors


def add_goal(user: User, program: Program, text: str) -> MenteeGoal:
    participation = membership_of(user, program).mentee_participation
    update_profile(user=user, languages=Language.objects.filter(code="en"))
    return MenteeGoal.objects.create(
        participation=participation,
        goal_area=GoalArea.objects.get(slug="leadership"),
        description=text,
    )


def pending_request(*, mentee: User, mentor: User, backup: User, program: Program) -> MentorRequest:
    """The mentee's request to `mentor`, with `backup` waiting as her first backup."""
    goal = add_goal(mentee, program, "Lead my first data team well.")
    created = send_request(
        mentee=membership_of(mentee, program).mentee_participation,
        choices=[
            Choice(mentor=membership_of(mentor, program).mentor_participation),
            Choice(mentor=membership_of(backup, program).mentor_participation),
        ],
        message="I am about to lead a team for the first time. Could you help?",
        goals=[goal],
    )
    return created[0]


def let_time_pass_for_meeting(meeting: Meeting) -> None:
    """Move a scheduled meeting to an hour ago (standing in for the clock), so it can be
    logged; the only write a journey makes behind the browser's back, besides the next."""
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )


def let_time_pass_for_check_in(relationship: Relationship, *, days: int = 31) -> None:
    """Pretend the relationship started `days` earlier, so the first check-in is open."""
    Relationship.objects.filter(pk=relationship.pk).update(
        started_at=F("started_at") - datetime.timedelta(days=days)
    )

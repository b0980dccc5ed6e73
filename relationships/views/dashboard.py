"""The signed-in home: per program, what the user does there as mentee, mentor and admin.

Everything comes from a fixed handful of queries (memberships, own requests, incoming
requests with their goals, relationships, mentor stats), grouped per program in Python,
so the page costs the same with two requests as with twenty.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mentorship.models import Membership, MenteeGoal, Program, User
from relationships.access import newest_choices_first
from relationships.due import due_items
from relationships.models import MentorRequest, Relationship
from relationships.stats import MentorStats, mentor_stats

# Decided requests and closed relationships stay on the dashboard this long, so the
# outcome is seen; after that they live on their own pages only.
RECENT_DAYS = 30


@dataclass
class MenteeSection:
    requests: list[MentorRequest] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)


@dataclass
class MentorSection:
    capacity: int
    stats: MentorStats | None = None
    incoming: list[MentorRequest] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)


@dataclass
class ProgramSection:
    program: Program
    membership: Membership
    mentee: MenteeSection | None
    mentor: MentorSection | None

    @property
    def is_admin(self) -> bool:
        return self.membership.is_admin


def _memberships(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user_id=user.pk)
        .filter(Q(status=Membership.Status.ACTIVE) | Q(is_admin=True))
        .select_related("program", "mentee_participation", "mentor_participation")
        .order_by("program__name", "program_id")
    )


def _sections(user: User, memberships: list[Membership]) -> list[ProgramSection]:
    sections: dict[int, ProgramSection] = {}
    for membership in memberships:
        active = membership.is_active
        mentee = MenteeSection() if active and membership.has_role("mentee") else None
        mentor = None
        if active and membership.has_role("mentor"):
            mentor = MentorSection(capacity=membership.mentor_participation.capacity)
        sections[membership.program_id] = ProgramSection(
            program=membership.program, membership=membership, mentee=mentee, mentor=mentor
        )
    return list(sections.values())


def build_dashboard(user: User, *, now: datetime.datetime | None = None) -> list[ProgramSection]:
    """The user's programs with their requests, incoming requests and relationships."""
    now = now or timezone.now()
    recent = now - datetime.timedelta(days=RECENT_DAYS)
    sections = _sections(user, _memberships(user))
    by_program = {section.program.pk: section for section in sections}

    sent = newest_choices_first(
        MentorRequest.objects.filter(mentee__membership__user_id=user.pk)
        .filter(Q(state__in=MentorRequest.OPEN_STATES) | Q(updated_at__gte=recent))
        .select_related("mentor__membership__user", "relationship")
    )
    for mentor_request in sent:
        section = by_program.get(mentor_request.program_id)
        if section and section.mentee is not None:
            section.mentee.requests.append(mentor_request)

    incoming = (
        MentorRequest.objects.filter(
            mentor__membership__user_id=user.pk, state=MentorRequest.State.PENDING
        )
        .select_related("mentee__membership__user")
        .prefetch_related(
            Prefetch("goals", queryset=MenteeGoal.objects.select_related("goal_area"))
        )
        .order_by("expires_at", "id")
    )
    for mentor_request in incoming:
        section = by_program.get(mentor_request.program_id)
        if section and section.mentor is not None:
            section.mentor.incoming.append(mentor_request)

    relationships = (
        Relationship.objects.as_participant(user)
        .filter(Q(state__in=Relationship.CURRENT_STATES) | Q(closed_at__gte=recent))
        .select_related("mentee__membership__user", "mentor__membership__user")
    )
    for relationship in relationships:
        section = by_program.get(relationship.program_id)
        if section is None:
            continue
        if relationship.mentee.membership.user_id == user.pk and section.mentee is not None:
            section.mentee.relationships.append(relationship)
        elif relationship.mentor.membership.user_id == user.pk and section.mentor is not None:
            section.mentor.relationships.append(relationship)

    mentor_ids = [
        section.membership.mentor_participation.pk for section in sections if section.mentor
    ]
    stats = mentor_stats(mentor_ids, now=now)
    for section in sections:
        if section.mentor is not None:
            section.mentor.stats = stats.get(section.membership.mentor_participation.pk)
    return sections


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The dashboard: what is due for the user, then their requests and relationships per
    program and role."""
    user = cast(User, request.user)
    context: dict[str, Any] = {"sections": build_dashboard(user), "due_items": due_items(user)}
    return render(request, "relationships/dashboard.html", context)

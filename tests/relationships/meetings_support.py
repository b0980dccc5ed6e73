"""Helpers for the meetings-area tests: real relationships and meetings, built by services.

Time-dependent services take `now`, so a test can schedule a meeting "two days ago" and
log it after it started without waiting; a relationship is moved back in time by shifting
its start (the only test-only write here, standing in for the calendar passing).
"""

from __future__ import annotations

import datetime

from django.db.models import F
from django.test import Client
from django.utils import timezone

from mentorship.models import Program, User
from relationships.models import Agreement, Meeting, Relationship
from relationships.services.agreements import confirm_agreement, propose_agreement
from relationships.services.meetings import log_meeting, schedule_meeting
from relationships.services.relationships import start_relationship
from tests.conftest import membership_of

SECRET = "Zebra-kumquat-7781: my mentor seems burnt out"


def start_pair(program: Program, mentee: User, mentor: User) -> Relationship:
    return start_relationship(
        mentee=membership_of(mentee, program).mentee_participation,
        mentor=membership_of(mentor, program).mentor_participation,
    )


def page_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def schedule(
    relationship: Relationship,
    by: User,
    *,
    starts_at: datetime.datetime,
    agenda: str = "Career plan",
    duration_minutes: int = 45,
    location: str = "https://meet.example.org/abc",
) -> Meeting:
    """A meeting scheduled (two days before it starts) for `starts_at`."""
    return schedule_meeting(
        relationship=relationship,
        by=by,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode="video",
        location=location,
        agenda=agenda,
        now=starts_at - datetime.timedelta(days=2),
    )


def held_meeting(
    relationship: Relationship,
    by: User,
    *,
    starts_at: datetime.datetime | None = None,
    **log_fields: object,
) -> Meeting:
    """A meeting that took place (yesterday unless told) and was logged as held by `by`."""
    starts_at = starts_at or timezone.now() - datetime.timedelta(days=1)
    meeting = schedule(relationship, by, starts_at=starts_at)
    return log_meeting(
        meeting=meeting,
        by=by,
        state=Meeting.State.HELD,
        actual_minutes=50,
        now=starts_at + datetime.timedelta(hours=1),
        **log_fields,  # type: ignore[arg-type]
    )


def shift_start(relationship: Relationship, *, days: int) -> Relationship:
    """Pretend the relationship started `days` earlier than it did."""
    Relationship.objects.filter(pk=relationship.pk).update(
        started_at=F("started_at") - datetime.timedelta(days=days)
    )
    relationship.refresh_from_db()
    return relationship


def agree(relationship: Relationship, *, cadence: str, mentee: User, mentor: User) -> Agreement:
    """An agreement on `cadence`, proposed by the mentee and confirmed by both."""
    propose_agreement(
        relationship=relationship,
        by=mentee,
        goals_in_focus=[],
        cadence=cadence,
        channel="video",
        session_minutes=45,
        end_date=timezone.localdate() + datetime.timedelta(days=120),
    )
    confirm_agreement(relationship=relationship, by=mentee)
    return confirm_agreement(relationship=relationship, by=mentor)

"""The parts of a person's data export that come from beyond the pair: circles,
introductions and thank-you notes (`personal_data.export_personal_data` assembles them).

The same rule as the rest of the export: what the person wrote, what was addressed to
them, and metadata of what they took part in. A circle session they attended appears as
when and how, never its agenda or shared notes (the group's, not theirs); a session rating
is theirs only if they gave it; an introduction's note only for the one who wrote it and
the member it was addressed to; others appear by display name, never by email.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Q

from mentorship.models import User
from relationships.models import (
    Circle,
    CircleMembership,
    CircleSession,
    CircleSessionRating,
    Introduction,
    ThankYouNote,
)


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def circles_of(user: User) -> list[dict[str, Any]]:
    """Places in circles (asked, invited, member, declined, left) and circles mentored."""
    rows: list[dict[str, Any]] = []
    places = (
        CircleMembership.objects.filter(mentee__membership__user=user)
        .select_related("circle__program")
        .order_by("created_at", "pk")
    )
    for place in places:
        rows.append(
            {
                "circle": place.circle_id,
                "program": place.circle.program.slug,
                "topic": place.circle.topic,
                "role": "member",
                "state": place.state,
                "since": _when(place.created_at),
                "answered_at": _when(place.answered_at),
                "left_at": _when(place.left_at),
            }
        )
    mentored = (
        Circle.objects.filter(mentor__membership__user=user)
        .select_related("program")
        .order_by("created_at", "pk")
    )
    for circle in mentored:
        rows.append(
            {
                "circle": circle.pk,
                "program": circle.program.slug,
                "topic": circle.topic,
                "role": "mentor",
                "state": circle.state,
                "since": _when(circle.created_at),
                "answered_at": None,
                "left_at": _when(circle.closed_at),
            }
        )
    return rows


def circle_sessions_attended(user: User) -> list[dict[str, Any]]:
    """When and how; the agenda and the shared notes belong to the circle."""
    sessions = CircleSession.objects.filter(attendees=user).order_by("starts_at", "pk")
    return [
        {
            "circle": session.circle_id,
            "session": session.pk,
            "starts_at": _when(session.starts_at),
            "duration_minutes": session.duration_minutes,
            "mode": session.mode,
            "state": session.state,
        }
        for session in sessions
    ]


def circle_session_ratings_given(user: User) -> list[dict[str, Any]]:
    return [
        {
            "session": rating.session_id,
            "rating": rating.rating,
            "comment": rating.comment,
            "rated_at": _when(rating.created_at),
        }
        for rating in CircleSessionRating.objects.filter(attendee=user).order_by("pk")
    ]


def introductions_of(user: User) -> list[dict[str, Any]]:
    """Introductions the person is part of (not those seen only as a program admin)."""
    introductions = (
        Introduction.objects.involving(user)
        .select_related("program", "introduced_by", "mentee__membership__user", "member__user")
        .order_by("created_at", "pk")
    )
    rows = []
    for introduction in introductions:
        role = introduction.role_of(user)
        introducer = introduction.introduced_by
        connected = role in ("mentee", "member")
        rows.append(
            {
                "id": introduction.pk,
                "program": introduction.program.slug,
                "role": role,
                "introduced_by": introducer.name if introducer is not None else None,
                "mentee": introduction.mentee.membership.user.name,
                "member": introduction.member.user.name,
                "state": introduction.state,
                "created_at": _when(introduction.created_at),
                "answered_at": _when(introduction.answered_at),
                # Written by the introducer, to the member.
                "note": introduction.note if role in ("introducer", "member") else "",
                # Written by the member.
                "answer_note": introduction.answer_note if role == "member" else "",
                "follow_up_at": _when(introduction.follow_up_at) if connected else None,
                "follow_up_mode": introduction.follow_up_mode if connected else "",
                "follow_up_location": introduction.follow_up_location if connected else "",
            }
        )
    return rows


def thank_you_notes_of(user: User) -> list[dict[str, Any]]:
    """Notes the person wrote (as mentee) or received (as mentor), with the consents."""
    notes = (
        ThankYouNote.objects.filter(Q(author=user) | Q(relationship__mentor__membership__user=user))
        .select_related("author", "relationship__mentor__membership__user")
        .order_by("created_at", "pk")
    )
    rows = []
    for note in notes:
        sent = note.author_id == user.pk
        other = note.relationship.mentor.membership.user if sent else note.author
        rows.append(
            {
                "relationship": note.relationship_id,
                "direction": "sent" if sent else "received",
                "other_person": other.name,
                "body": note.body,
                "mentee_consents_public": note.mentee_consents_public,
                "mentor_consents_public": note.mentor_consents_public,
                "written_at": _when(note.created_at),
            }
        )
    return rows

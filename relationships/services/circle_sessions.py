"""Group sessions of a circle: schedule, cancel, log as held with who attended, shared
notes, and the attendees' ratings.

The mentor hosts: they schedule, cancel and log. Shared notes belong to the circle: its
mentor and active members may edit them, program admins never read them. Only attendees of
a held session rate it, once each; the comment stays with its author, and the mentor and
program admins see the count and average only. As in `services.meetings`, no notification
quotes an agenda or notes.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.errors import ActionNotAllowed, InvalidTransition
from mentorship.models import NotificationKind, User
from mentorship.services.notifications import notify
from relationships.models import (
    Circle,
    CircleMembership,
    CircleSession,
    CircleSessionRating,
)
from relationships.services.circles import ensure_circle_open, is_circle_mentor

# One set of scheduling rules for every meeting: the same check as one-to-one meetings.
from relationships.services.meetings import validate_schedule, when_for


def session_url(session: CircleSession) -> str:
    return reverse("circle_session_detail", args=[session.circle_id, session.pk])


def session_ends_at(session: CircleSession) -> datetime.datetime:
    return session.starts_at + datetime.timedelta(minutes=session.duration_minutes)


def active_member_users(circle: Circle) -> list[User]:
    """The circle's active members, as users (one query)."""
    return [
        membership.mentee.membership.user
        for membership in circle.memberships.filter(
            state=CircleMembership.State.ACTIVE
        ).select_related("mentee__membership__user")
    ]


def is_active_member(circle: Circle, user: User) -> bool:
    return circle.memberships.filter(
        state=CircleMembership.State.ACTIVE, mentee__membership__user_id=user.pk
    ).exists()


def _lock_session(session_id: int) -> CircleSession:
    return (
        CircleSession.objects.select_for_update(of=("self",))
        .select_related("circle__mentor__membership__user", "circle__program")
        .get(pk=session_id)
    )


def _ensure_host(circle: Circle, user: User) -> None:
    if not is_circle_mentor(circle, user):
        raise ActionNotAllowed(_("Only the circle's mentor can do this."))


def _ensure_scheduled(session: CircleSession) -> None:
    if session.state != CircleSession.State.SCHEDULED:
        raise InvalidTransition(
            _("This session is already %(state)s.") % {"state": session.get_state_display().lower()}
        )


def _tell(users: Sequence[User], *, title: str, session: CircleSession, topic: str) -> None:
    for user in users:
        notify(
            recipient=user,
            kind=NotificationKind.CIRCLE,
            title=title % {"topic": topic, "when": when_for(session.starts_at, user)},
            url=session_url(session),
        )


@transaction.atomic
def schedule_circle_session(
    *,
    circle: Circle,
    by: User,
    starts_at: datetime.datetime,
    duration_minutes: int,
    mode: str,
    location: str = "",
    agenda: str = "",
    now: datetime.datetime | None = None,
) -> CircleSession:
    """The mentor schedules a group session in the future; the active members are told."""
    circle = (
        Circle.objects.select_for_update(of=("self",))
        .select_related("mentor__membership__user")
        .get(pk=circle.pk)
    )
    _ensure_host(circle, by)
    ensure_circle_open(circle)
    now = now or timezone.now()
    validate_schedule(starts_at=starts_at, duration_minutes=duration_minutes, mode=mode, now=now)
    session = CircleSession(
        circle=circle,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        location=location.strip(),
        agenda=agenda.strip(),
        created_by=by,
    )
    session.full_clean(exclude=["circle", "created_by", "logged_by"])
    session.save()
    _tell(
        active_member_users(circle),
        title=_("New session of the circle “%(topic)s” on %(when)s"),
        session=session,
        topic=circle.topic,
    )
    return session


@transaction.atomic
def cancel_circle_session(
    *, session: CircleSession, by: User, now: datetime.datetime | None = None
) -> CircleSession:
    """The mentor cancels a scheduled session; the active members are told."""
    session = _lock_session(session.pk)
    circle = session.circle
    _ensure_host(circle, by)
    _ensure_scheduled(session)
    session.state = CircleSession.State.CANCELLED
    session.logged_at = now or timezone.now()
    session.logged_by = by
    session.save(update_fields=["state", "logged_at", "logged_by", "updated_at"])
    _tell(
        active_member_users(circle),
        title=_("The session of the circle “%(topic)s” on %(when)s is cancelled"),
        session=session,
        topic=circle.topic,
    )
    return session


@transaction.atomic
def log_circle_session(
    *,
    session: CircleSession,
    by: User,
    attendees: Sequence[User],
    shared_notes: str = "",
    now: datetime.datetime | None = None,
) -> CircleSession:
    """The mentor logs a session as held, once it has started, with the members who came.

    The mentor counts as an attendee. Each attendee is asked to rate the session.
    """
    session = _lock_session(session.pk)
    circle = session.circle
    _ensure_host(circle, by)
    ensure_circle_open(circle)
    _ensure_scheduled(session)
    now = now or timezone.now()
    if now < session.starts_at:
        raise InvalidTransition(_("A session can be logged once its start time has passed."))
    members = {user.pk: user for user in active_member_users(circle)}
    if not attendees:
        raise ValidationError({"attendees": [_("Tick the members who came.")]})
    if any(user.pk not in members for user in attendees):
        raise ValidationError({"attendees": [_("Attendees are active members of the circle.")]})
    if len(shared_notes.strip()) > 10000:
        raise ValidationError({"shared_notes": [_("Keep the notes under 10,000 characters.")]})
    session.state = CircleSession.State.HELD
    session.shared_notes = shared_notes.strip()
    session.logged_at = now
    session.logged_by = by
    session.save(update_fields=["state", "shared_notes", "logged_at", "logged_by", "updated_at"])
    session.attendees.set([by, *attendees])
    _tell(
        list(attendees),
        title=_("The circle “%(topic)s” met on %(when)s: rate the session"),
        session=session,
        topic=circle.topic,
    )
    return session


@transaction.atomic
def save_circle_session_notes(
    *, session: CircleSession, by: User, shared_notes: str
) -> CircleSession:
    """The mentor or an active member edits the session's shared notes (not once cancelled)."""
    session = _lock_session(session.pk)
    circle = session.circle
    if not (is_circle_mentor(circle, by) or is_active_member(circle, by)):
        raise ActionNotAllowed(_("Only the circle's mentor and members can edit its notes."))
    ensure_circle_open(circle)
    if session.state == CircleSession.State.CANCELLED:
        raise InvalidTransition(_("This session was cancelled; it has no notes."))
    if len(shared_notes.strip()) > 10000:
        raise ValidationError({"shared_notes": [_("Keep the notes under 10,000 characters.")]})
    session.shared_notes = shared_notes.strip()
    session.save(update_fields=["shared_notes", "updated_at"])
    return session


@transaction.atomic
def rate_circle_session(
    *, session: CircleSession, by: User, rating: int, comment: str = ""
) -> CircleSessionRating:
    """An attendee rates a held session 1–5, once."""
    session = _lock_session(session.pk)
    if session.state != CircleSession.State.HELD:
        raise InvalidTransition(_("You can rate a session once it is logged as held."))
    if not session.attendees.filter(pk=by.pk).exists():
        raise ActionNotAllowed(_("Only those who attended can rate this session."))
    if CircleSessionRating.objects.filter(session=session, attendee=by).exists():
        raise InvalidTransition(_("You have already rated this session."))
    errors: dict[str, list[str]] = {}
    if not 1 <= rating <= 5:
        errors["rating"] = [_("Rate from 1 to 5.")]
    if len(comment.strip()) > 2000:
        errors["comment"] = [_("Keep the comment under 2,000 characters.")]
    if errors:
        raise ValidationError(errors)
    return CircleSessionRating.objects.create(
        session=session, attendee=by, rating=rating, comment=comment.strip()
    )


@dataclass(frozen=True)
class RatingSummary:
    """What the mentor and program admins see of a session's ratings: no single rating."""

    count: int
    average: float | None


def rating_summaries(sessions: Sequence[CircleSession]) -> dict[int, RatingSummary]:
    """Count and average rating per session (one query), keyed by session id."""
    rows = (
        CircleSessionRating.objects.filter(session__in=[session.pk for session in sessions])
        .values("session_id")
        .annotate(count=Count("id"), average=Avg("rating"))
    )
    found = {row["session_id"]: RatingSummary(row["count"], row["average"]) for row in rows}
    return {session.pk: found.get(session.pk, RatingSummary(0, None)) for session in sessions}


def my_ratings(*, sessions: Sequence[CircleSession], user: User) -> dict[int, CircleSessionRating]:
    """The caller's own ratings of these sessions (one query); nobody else's are loaded."""
    ids = [session.pk for session in sessions]
    if not ids:
        return {}
    return {
        rating.session_id: rating
        for rating in CircleSessionRating.objects.filter(attendee_id=user.pk, session_id__in=ids)
    }


def sessions_of(circle: Circle) -> QuerySet[CircleSession]:
    """A circle's sessions, newest first, with their attendees (two queries)."""
    return (
        CircleSession.objects.filter(circle=circle)
        .prefetch_related("attendees")
        .order_by("-starts_at", "-id")
    )

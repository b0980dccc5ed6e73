"""Meetings: scheduling, rescheduling, logging what happened, private notes, reminders.

A meeting is `scheduled` until someone logs it, after its start time, as held, cancelled
or no-show. Logging is the only way out of `scheduled` and happens once. Private notes are
written and read here only through `PrivateNote.objects.written_by(author)`, and no
notification this module sends ever quotes a note, an agenda or shared notes: a
notification may be emailed, and an email is a copy we no longer control.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mentorship.errors import InvalidTransition
from mentorship.models import MeetingMode, NotificationKind, User
from mentorship.services.notifications import notify
from relationships.models import ActionItem, Meeting, MeetingFeedback, PrivateNote, Relationship
from relationships.services.relationships import ensure_open, ensure_participant

MIN_DURATION = 5
MAX_DURATION = 480
MAX_ACTUAL_MINUTES = 600
LOGGED_STATES = (Meeting.State.HELD, Meeting.State.CANCELLED, Meeting.State.NO_SHOW)


@dataclass(frozen=True)
class NewActionItem:
    """An action item agreed in a meeting; `owner` must be one of the pair."""

    title: str
    owner: User
    due_on: datetime.date | None = None


def meeting_url(meeting: Meeting) -> str:
    return reverse("meeting_detail", args=[meeting.relationship_id, meeting.pk])


def meeting_ends_at(meeting: Meeting) -> datetime.datetime:
    return meeting.starts_at + datetime.timedelta(minutes=meeting.duration_minutes)


def when_for(moment: datetime.datetime, user: User) -> str:
    """A meeting time in the recipient's own time zone, for notification titles."""
    zone: datetime.tzinfo
    try:
        zone = zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = datetime.UTC
    return date_format(moment.astimezone(zone), "DATETIME_FORMAT")


def participants_of(relationship: Relationship) -> tuple[User, User]:
    return relationship.mentee.membership.user, relationship.mentor.membership.user


def _lock_relationship(relationship: Relationship) -> Relationship:
    return (
        Relationship.objects.select_for_update(of=("self",))
        .select_related("mentee__membership__user", "mentor__membership__user", "program")
        .get(pk=relationship.pk)
    )


def _lock_meeting(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related(
            "relationship__mentee__membership__user",
            "relationship__mentor__membership__user",
            "relationship__program",
        )
        .get(pk=meeting.pk)
    )


def validate_schedule(
    *,
    starts_at: datetime.datetime | None,
    duration_minutes: int,
    mode: str,
    now: datetime.datetime,
) -> None:
    """Check a meeting's time, length and mode; `starts_at` None: the time is not changing.

    Public because circle sessions and introduction follow-ups keep the same rules.
    """
    errors: dict[str, list[str]] = {}
    if starts_at is None:
        pass
    elif timezone.is_naive(starts_at):
        errors["starts_at"] = [_("Give the start time with its time zone.")]
    elif starts_at <= now:
        errors["starts_at"] = [_("Schedule the meeting for a time in the future.")]
    if not MIN_DURATION <= duration_minutes <= MAX_DURATION:
        errors["duration_minutes"] = [
            _("A meeting lasts from %(low)d to %(high)d minutes.")
            % {"low": MIN_DURATION, "high": MAX_DURATION}
        ]
    if mode not in MeetingMode.values:
        errors["mode"] = [_("Choose how you will meet from the list.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def schedule_meeting(
    *,
    relationship: Relationship,
    by: User,
    starts_at: datetime.datetime,
    duration_minutes: int,
    mode: str,
    location: str = "",
    agenda: str = "",
    now: datetime.datetime | None = None,
) -> Meeting:
    """Either side schedules a meeting in the future; the other side is told."""
    relationship = _lock_relationship(relationship)
    ensure_participant(relationship, by)
    ensure_open(relationship)
    now = now or timezone.now()
    validate_schedule(starts_at=starts_at, duration_minutes=duration_minutes, mode=mode, now=now)
    meeting = Meeting(
        relationship=relationship,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        location=location.strip(),
        agenda=agenda.strip(),
        created_by=by,
    )
    meeting.full_clean(exclude=["relationship", "created_by", "logged_by"])
    meeting.save()
    other = relationship.other_person(by)
    notify(
        recipient=other,
        kind=NotificationKind.MEETING,
        title=_("%(name)s scheduled a meeting on %(when)s")
        % {"name": by.name, "when": when_for(starts_at, other)},
        url=meeting_url(meeting),
    )
    return meeting


def _ensure_scheduled(meeting: Meeting) -> None:
    if meeting.state != Meeting.State.SCHEDULED:
        raise InvalidTransition(
            _("This meeting is already logged as %(state)s; it can no longer be changed.")
            % {"state": meeting.get_state_display().lower()}
        )


@transaction.atomic
def update_meeting(
    *,
    meeting: Meeting,
    by: User,
    starts_at: datetime.datetime | None = None,
    duration_minutes: int | None = None,
    mode: str | None = None,
    location: str | None = None,
    agenda: str | None = None,
    now: datetime.datetime | None = None,
) -> Meeting:
    """Reschedule a meeting or edit its agenda, while it is still scheduled.

    Only the fields given change. A new start time gets its own 24-hour reminder (the
    reminder key names the start time), and the other side is told of the new time.
    """
    meeting = _lock_meeting(meeting)
    relationship = meeting.relationship
    ensure_participant(relationship, by)
    ensure_open(relationship)
    _ensure_scheduled(meeting)
    now = now or timezone.now()
    moved = starts_at is not None and starts_at != meeting.starts_at
    validate_schedule(
        starts_at=starts_at if moved else None,
        duration_minutes=(
            duration_minutes if duration_minutes is not None else meeting.duration_minutes
        ),
        mode=mode if mode is not None else meeting.mode,
        now=now,
    )
    changed: list[str] = []
    for field, value in (
        ("starts_at", starts_at),
        ("duration_minutes", duration_minutes),
        ("mode", mode),
        ("location", location.strip() if location is not None else None),
        ("agenda", agenda.strip() if agenda is not None else None),
    ):
        if value is not None and getattr(meeting, field) != value:
            setattr(meeting, field, value)
            changed.append(field)
    if not changed:
        return meeting
    meeting.full_clean(exclude=["relationship", "created_by", "logged_by"])
    meeting.save(update_fields=[*changed, "updated_at"])
    other = relationship.other_person(by)
    title = (
        _("%(name)s moved your meeting to %(when)s")
        if moved
        else _("%(name)s updated your meeting on %(when)s")
    )
    notify(
        recipient=other,
        kind=NotificationKind.MEETING,
        title=title % {"name": by.name, "when": when_for(meeting.starts_at, other)},
        url=meeting_url(meeting),
    )
    return meeting


def _validate_log(
    *,
    relationship: Relationship,
    state: str,
    actual_minutes: int | None,
    action_items: Sequence[NewActionItem],
) -> None:
    errors: dict[str, list[str]] = {}
    if state not in LOGGED_STATES:
        errors["state"] = [_("Say whether the meeting was held, cancelled or a no-show.")]
    if state == Meeting.State.HELD:
        if actual_minutes is None:
            errors["actual_minutes"] = [_("Say how long the meeting actually lasted.")]
        elif not 1 <= actual_minutes <= MAX_ACTUAL_MINUTES:
            errors["actual_minutes"] = [
                _("Give a length from 1 to %(high)d minutes.") % {"high": MAX_ACTUAL_MINUTES}
            ]
    elif actual_minutes:
        errors["actual_minutes"] = [_("Only a held meeting has a length.")]
    pair = {user.pk for user in participants_of(relationship)}
    for item in action_items:
        if not item.title.strip():
            errors.setdefault("action_items", []).append(_("Give every action item a title."))
        elif len(item.title.strip()) > 200:
            errors.setdefault("action_items", []).append(
                _("Keep an action item's title under 200 characters.")
            )
        if item.owner.pk not in pair:
            errors.setdefault("action_items", []).append(
                _("An action item belongs to the mentee or the mentor.")
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def log_meeting(
    *,
    meeting: Meeting,
    by: User,
    state: str,
    actual_minutes: int | None = None,
    shared_notes: str = "",
    private_note: str = "",
    action_items: Sequence[NewActionItem] = (),
    now: datetime.datetime | None = None,
) -> Meeting:
    """Log what happened, once, after the start time: held, cancelled or no-show.

    Shared notes and action items are for both; the private note is the logger's alone.
    A held meeting ends any inactivity spell: the nudge and flag marks are cleared, so
    the next spell is counted from this meeting (see `services.inactivity`).
    """
    meeting = _lock_meeting(meeting)
    relationship = meeting.relationship
    ensure_participant(relationship, by)
    ensure_open(relationship)
    _ensure_scheduled(meeting)
    now = now or timezone.now()
    if now < meeting.starts_at:
        raise InvalidTransition(_("A meeting can be logged once its start time has passed."))
    _validate_log(
        relationship=relationship,
        state=state,
        actual_minutes=actual_minutes,
        action_items=action_items,
    )
    meeting.state = state
    meeting.actual_minutes = actual_minutes if state == Meeting.State.HELD else None
    meeting.shared_notes = shared_notes.strip()
    meeting.logged_at = now
    meeting.logged_by = by
    meeting.full_clean(exclude=["relationship", "created_by", "logged_by"])
    meeting.save(
        update_fields=[
            "state",
            "actual_minutes",
            "shared_notes",
            "logged_at",
            "logged_by",
            "updated_at",
        ]
    )
    ActionItem.objects.bulk_create(
        ActionItem(
            relationship=relationship,
            meeting=meeting,
            title=item.title.strip(),
            owner=item.owner,
            due_on=item.due_on,
            created_by=by,
        )
        for item in action_items
    )
    if private_note.strip():
        _write_private_note(meeting=meeting, author=by, body=private_note)
    if state == Meeting.State.HELD and (relationship.nudged_at or relationship.flagged_at):
        relationship.nudged_at = None
        relationship.flagged_at = None
        relationship.save(update_fields=["nudged_at", "flagged_at", "updated_at"])
    other = relationship.other_person(by)
    titles = {
        Meeting.State.HELD: _("%(name)s logged your meeting of %(when)s: rate how it went"),
        Meeting.State.CANCELLED: _("%(name)s logged your meeting of %(when)s as cancelled"),
        Meeting.State.NO_SHOW: _("%(name)s logged your meeting of %(when)s as a no-show"),
    }
    notify(
        recipient=other,
        kind=NotificationKind.MEETING,
        title=titles[Meeting.State(state)]
        % {"name": by.name, "when": when_for(meeting.starts_at, other)},
        url=meeting_url(meeting),
    )
    return meeting


def _write_private_note(*, meeting: Meeting, author: User, body: str) -> PrivateNote | None:
    body = body.strip()
    existing = PrivateNote.objects.written_by(author).filter(meeting=meeting).first()
    if not body:
        if existing is not None:
            existing.delete()
        return None
    if len(body) > 10000:
        raise ValidationError({"private_note": [_("Keep a note under 10,000 characters.")]})
    if existing is None:
        return PrivateNote.objects.create(meeting=meeting, author=author, body=body)
    existing.body = body
    existing.save(update_fields=["body", "updated_at"])
    return existing


@transaction.atomic
def save_private_note(*, meeting: Meeting, by: User, body: str) -> PrivateNote | None:
    """Write (or, with an empty body, delete) the caller's own private note on a meeting.

    Nobody else is told: the note's existence is as private as its text.
    """
    meeting = _lock_meeting(meeting)
    ensure_participant(meeting.relationship, by)
    ensure_open(meeting.relationship)
    return _write_private_note(meeting=meeting, author=by, body=body)


def private_note_of(*, meeting: Meeting, user: User) -> PrivateNote | None:
    """The caller's own note on `meeting`, never anyone else's."""
    return PrivateNote.objects.written_by(user).filter(meeting=meeting).first()


def meetings_of(relationship: Relationship) -> QuerySet[Meeting]:
    """A relationship's meetings with their action items, in a fixed number of queries."""
    return (
        Meeting.objects.filter(relationship=relationship)
        .select_related("relationship")
        .prefetch_related(
            Prefetch(
                "action_items",
                queryset=ActionItem.objects.select_related("owner").order_by("id"),
            )
        )
        .order_by("-starts_at", "-id")
    )


def my_feedback_by_meeting(
    *, meetings: Sequence[Meeting], user: User
) -> dict[int, MeetingFeedback]:
    """The caller's own feedback on these meetings (one query), keyed by meeting id.

    The other side's feedback is never loaded: there is nothing to leak.
    """
    ids = [meeting.pk for meeting in meetings]
    if not ids:
        return {}
    return {
        feedback.meeting_id: feedback
        for feedback in MeetingFeedback.objects.filter(author_id=user.pk, meeting_id__in=ids)
    }

"""The relationship lifecycle: start, pause, resume, extend, close, closing survey.

A closed relationship is read-only: every service that changes anything about a
relationship calls `ensure_open` first.
"""

from __future__ import annotations

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.errors import ActionNotAllowed, InvalidTransition
from mentorship.models import (
    MenteeParticipation,
    MentorParticipation,
    NotificationKind,
    User,
)
from mentorship.services.mentor_changes import mark_mentors_changed
from mentorship.services.notifications import notify
from mentorship.services.programs import is_program_admin
from relationships.errors import RelationshipClosed
from relationships.models import ClosingSurvey, MentorRequest, Relationship
from relationships.services.capacity import lock_mentor_capacity
from relationships.services.snapshots import Snapshot


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def relationship_url(relationship: Relationship) -> str:
    return reverse("relationship_detail", args=[relationship.pk])


def ensure_open(relationship: Relationship) -> None:
    """Refuse any change to a closed relationship."""
    if relationship.is_closed:
        raise RelationshipClosed(_("This relationship is closed; it can no longer be changed."))


def ensure_participant(relationship: Relationship, user: User) -> str:
    """The user's side ("mentee" or "mentor"); admins and others may not act as a side."""
    side = relationship.side_of(user)
    if side is None:
        raise ActionNotAllowed(_("Only the mentee and the mentor can do this."))
    return side


@transaction.atomic
def start_relationship(
    *,
    mentee: MenteeParticipation,
    mentor: MentorParticipation,
    origin: str = Relationship.Origin.REQUEST,
    request: MentorRequest | None = None,
    snapshot: Snapshot | None = None,
    notify_pair: bool = True,
) -> Relationship:
    """Create an active relationship, never past the mentor's capacity.

    Locks the mentor's participation row before counting (see `capacity`), so concurrent
    accepts and cohort publishing cannot overfill a mentor. `notify_pair=False` when the
    caller tells the two itself (a cohort publish sends one message per person instead).
    """
    lock_mentor_capacity(mentor_id=mentor.pk)
    mentee_user_id, mentor_user_id = mentee.membership.user_id, mentor.membership.user_id
    program = mentor.membership.program
    if mentee_user_id == mentor_user_id:
        raise ValidationError({"mentor": [_("Nobody can be matched with themself.")]})
    # Either way round: in a peer program the two may have met with the roles swapped.
    if (
        Relationship.objects.filter(program=program)
        .between_people(mentee_user_id, mentor_user_id)
        .current()
        .exists()
    ):
        raise InvalidTransition(_("These two already have a current relationship."))
    person_low_id, person_high_id = Relationship.ordered_pair(mentee_user_id, mentor_user_id)
    now = timezone.now()
    snapshot_fields = (snapshot or Snapshot()).as_fields()
    if request is not None and snapshot is None:
        snapshot_fields = {name: getattr(request, name) for name in snapshot_fields}
    mark_mentors_changed(mentor_ids=[mentor.pk])  # one place less: rankings must see it
    relationship = Relationship.objects.create(
        program=program,
        mentee=mentee,
        mentor=mentor,
        request=request,
        origin=origin,
        person_low_id=person_low_id,
        person_high_id=person_high_id,
        started_at=now,
        ends_on=add_months(timezone.localdate(now), program.relationship_length_months),
        **snapshot_fields,
    )
    if not notify_pair:
        return relationship
    for person, other in (
        (mentee.membership.user, mentor.membership.user),
        (mentor.membership.user, mentee.membership.user),
    ):
        notify(
            recipient=person,
            kind=NotificationKind.RELATIONSHIP_UPDATE,
            title=_("You and %(name)s are now matched") % {"name": other.name},
            body=_("Agree your expectations and schedule a first meeting."),
            url=relationship_url(relationship),
        )
    return relationship


def _lock(relationship: Relationship) -> Relationship:
    """Lock the relationship row only (`of`): locking the joined participations and program
    too would take locks out of the order accept and publish use, and invite deadlocks."""
    return (
        Relationship.objects.select_for_update(of=("self",))
        .select_related("mentee__membership__user", "mentor__membership__user", "program")
        .get(pk=relationship.pk)
    )


def _tell_other_side(relationship: Relationship, actor: User, title: str, body: str = "") -> None:
    notify(
        recipient=relationship.other_person(actor),
        kind=NotificationKind.RELATIONSHIP_UPDATE,
        title=title,
        body=body,
        url=relationship_url(relationship),
    )


@transaction.atomic
def pause_relationship(*, relationship: Relationship, by: User, note: str = "") -> Relationship:
    """Either side pauses; a paused relationship still holds the mentor's capacity."""
    relationship = _lock(relationship)
    ensure_participant(relationship, by)
    ensure_open(relationship)
    if relationship.state == Relationship.State.PAUSED:
        raise InvalidTransition(_("This relationship is already paused."))
    relationship.state = Relationship.State.PAUSED
    relationship.paused_at = timezone.now()
    relationship.pause_note = note
    relationship.save(update_fields=["state", "paused_at", "pause_note", "updated_at"])
    _tell_other_side(
        relationship, by, _("%(name)s paused your mentoring relationship") % {"name": by.name}, note
    )
    return relationship


@transaction.atomic
def resume_relationship(*, relationship: Relationship, by: User) -> Relationship:
    relationship = _lock(relationship)
    ensure_participant(relationship, by)
    ensure_open(relationship)
    if relationship.state != Relationship.State.PAUSED:
        raise InvalidTransition(_("Only a paused relationship can be resumed."))
    relationship.state = Relationship.State.ACTIVE
    relationship.paused_at = None
    relationship.save(update_fields=["state", "paused_at", "updated_at"])
    _tell_other_side(
        relationship, by, _("%(name)s resumed your mentoring relationship") % {"name": by.name}
    )
    return relationship


@transaction.atomic
def extend_relationship(
    *, relationship: Relationship, by: User, ends_on: datetime.date
) -> Relationship:
    """Either side moves the end date later (never earlier: closing is for that)."""
    relationship = _lock(relationship)
    ensure_participant(relationship, by)
    ensure_open(relationship)
    if ends_on <= relationship.ends_on:
        raise ValidationError({"ends_on": [_("The new end date must be after the current one.")]})
    relationship.ends_on = ends_on
    relationship.save(update_fields=["ends_on", "updated_at"])
    _tell_other_side(
        relationship,
        by,
        _("%(name)s extended your relationship to %(date)s") % {"name": by.name, "date": ends_on},
    )
    return relationship


@transaction.atomic
def close_relationship(
    *, relationship: Relationship, by: User, reason: str, note: str = ""
) -> Relationship:
    """Either side or a program admin closes it; both are asked for a closing survey.

    It counts as completed when the goals were met or the planned end date has come,
    otherwise as ended early.
    """
    relationship = _lock(relationship)
    if relationship.side_of(by) is None and not is_program_admin(
        user=by, program=relationship.program
    ):
        raise ActionNotAllowed(_("Only the pair or a program admin can close this."))
    ensure_open(relationship)
    if reason not in Relationship.CloseReason.values:
        raise ValidationError({"reason": [_("Choose a reason from the list.")]})
    now = timezone.now()
    reached_end = timezone.localdate(now) >= relationship.ends_on
    completed = reason == Relationship.CloseReason.GOALS_MET or reached_end
    relationship.state = Relationship.State.COMPLETED if completed else Relationship.State.ENDED
    relationship.closed_at = now
    relationship.closed_by = by
    relationship.close_reason = reason
    relationship.close_note = note
    relationship.save(
        update_fields=[
            "state",
            "closed_at",
            "closed_by",
            "close_reason",
            "close_note",
            "updated_at",
        ]
    )
    mark_mentors_changed(mentor_ids=[relationship.mentor_id])  # a place is free again
    for person in (relationship.mentee.membership.user, relationship.mentor.membership.user):
        notify(
            recipient=person,
            kind=NotificationKind.RELATIONSHIP_UPDATE,
            title=_("Your mentoring relationship is closed: tell us how it went"),
            body=_("A short closing survey helps the program match people well."),
            url=relationship_url(relationship),
        )
    return relationship


@transaction.atomic
def submit_closing_survey(
    *,
    relationship: Relationship,
    by: User,
    overall_rating: int,
    goals_achieved: str,
    would_recommend: bool,
    comment: str = "",
) -> ClosingSurvey:
    """Each side answers once, after the relationship is closed."""
    ensure_participant(relationship, by)
    if relationship.is_current:
        raise InvalidTransition(_("The closing survey opens when the relationship is closed."))
    if ClosingSurvey.objects.filter(relationship=relationship, author=by).exists():
        raise InvalidTransition(_("You have already answered the closing survey."))
    survey = ClosingSurvey(
        relationship=relationship,
        author=by,
        overall_rating=overall_rating,
        goals_achieved=goals_achieved,
        would_recommend=would_recommend,
        comment=comment,
    )
    if not 1 <= overall_rating <= 5:
        raise ValidationError({"overall_rating": [_("Rate from 1 to 5.")]})
    survey.full_clean(exclude=["relationship", "author"])
    try:
        with transaction.atomic():
            survey.save()
    except IntegrityError as error:  # both tabs sent at once: the constraint keeps one
        raise InvalidTransition(_("You have already answered the closing survey.")) from error
    return survey

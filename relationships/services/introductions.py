"""Introductions: make one, answer it, withdraw it, and fix the connection's follow-up.

Who may introduce: the mentor of the mentee's current relationship, or an admin of the
program. To whom: another active member of the same program, never the introducer, the
mentee themself, a mentor who is not accepting mentees (an introduction must not be a way
round that setting) or someone on the other side of a block. One pending introduction per
mentee and member (also a database constraint). Only the introduced member answers; the
introducer, the mentee or a program admin may withdraw a pending one. Once accepted, the
mentee and the member see each other's email and may fix one follow-up meeting.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.errors import ActionNotAllowed, InvalidTransition
from mentorship.models import (
    Membership,
    MenteeParticipation,
    NotificationKind,
    Program,
    User,
    in_programs_run_by,
)
from mentorship.services.notifications import notify
from mentorship.services.programs import is_program_admin
from relationships.errors import Blocked
from relationships.models import Block, Introduction, Relationship

# The same rules as a relationship meeting (a future time, 5–480 minutes, a known mode).
from relationships.services.meetings import validate_schedule


def introduction_url(introduction: Introduction) -> str:
    return reverse("introduction_detail", args=[introduction.pk])


def introducible_mentees(user: User | AnonymousUser) -> QuerySet[MenteeParticipation]:
    """Mentees this user may introduce: those of their current relationships as mentor, and
    the active mentees of the programs they run (platform admins: every program)."""
    if not user.is_authenticated:
        return MenteeParticipation.objects.none()
    active = MenteeParticipation.objects.filter(membership__status=Membership.Status.ACTIVE)
    if user.is_staff:
        return active
    mine = Relationship.objects.filter(mentor__membership__user_id=user.pk).current()
    return active.filter(
        Q(pk__in=mine.values("mentee_id")) | in_programs_run_by(user.pk, "membership__program_id")
    )


def introducible_members(*, program: Program) -> QuerySet[Membership]:
    """Members a form offers: active, and not a mentor who is not accepting mentees.

    The service still checks everything. A blocked member is listed like anyone else and
    refused with the same words as any other refusal, so the list reveals no block.
    """
    return (
        Membership.objects.filter(program=program, status=Membership.Status.ACTIVE)
        .exclude(mentor_participation__accepting_mentees=False)
        .select_related("user")
        .order_by("user__display_name", "user__email")
    )


def _introducer_relationship(*, by: User, mentee: MenteeParticipation) -> Relationship | None:
    """The relationship in which `by` mentors `mentee` (None for a program admin).

    Anyone else may not introduce this mentee (403).
    """
    relationship = (
        Relationship.objects.filter(mentee=mentee, mentor__membership__user_id=by.pk)
        .current()
        .first()
    )
    if relationship is not None:
        return relationship
    if is_program_admin(user=by, program=mentee.membership.program):
        return None
    raise ActionNotAllowed(
        _("Only the mentee's current mentor or a program admin can introduce them.")
    )


def _validate_member(*, by: User, mentee: MenteeParticipation, member: Membership) -> None:
    mentee_user = mentee.membership.user
    if member.program_id != mentee.membership.program_id:
        raise ValidationError({"member": [_("This person is not a member of the program.")]})
    if member.status != Membership.Status.ACTIVE:
        raise ValidationError({"member": [_("This person is no longer in the program.")]})
    if member.user_id == by.pk:
        raise ValidationError({"member": [_("You cannot introduce someone to yourself.")]})
    if member.user_id == mentee_user.pk:
        raise ValidationError({"member": [_("You cannot introduce the mentee to themself.")]})
    blocked = (
        Block.objects.between(mentee_user, member.user).exists()
        or Block.objects.between(by, member.user).exists()
    )
    if blocked:
        message = _("You cannot introduce this mentee to this member.")
        raise Blocked(message, errors={"member": [message]})
    mentor_role = getattr(member, "mentor_participation", None)
    if mentor_role is not None and not mentor_role.accepting_mentees:
        raise ValidationError(
            {
                "member": [
                    _("%(name)s is not accepting new mentees right now.")
                    % {"name": member.user.name}
                ]
            }
        )
    if Relationship.objects.filter(mentee=mentee, mentor__membership=member).current().exists():
        raise ValidationError({"member": [_("This member is already the mentee's mentor.")]})


@transaction.atomic
def introduce(
    *, by: User, mentee: MenteeParticipation, member: Membership, note: str
) -> Introduction:
    """Introduce `mentee` to `member` with a note; the member is asked, the mentee told."""
    # Lock the mentee's row so two introductions to the same member cannot both pass the
    # duplicate check (the partial unique constraint would refuse the second anyway).
    mentee = (
        MenteeParticipation.objects.select_for_update(of=("self",))
        .select_related("membership__program", "membership__user")
        .get(pk=mentee.pk)
    )
    member = Membership.objects.select_related("user", "mentor_participation").get(pk=member.pk)
    relationship = _introducer_relationship(by=by, mentee=mentee)
    if mentee.membership.status != Membership.Status.ACTIVE:
        raise ValidationError({"mentee": [_("This mentee is no longer in the program.")]})
    _validate_member(by=by, mentee=mentee, member=member)
    if not note.strip():
        raise ValidationError({"note": [_("Say why these two should meet.")]})
    existing = Introduction.objects.filter(
        mentee=mentee,
        member=member,
        state__in=[Introduction.State.PENDING, Introduction.State.ACCEPTED],
    ).first()
    if existing is not None:
        if existing.is_pending:
            raise InvalidTransition(
                _("An introduction of these two is already waiting for an answer.")
            )
        raise InvalidTransition(_("These two are already connected."))
    introduction = Introduction.objects.create(
        program=mentee.membership.program,
        introduced_by=by,
        relationship=relationship,
        mentee=mentee,
        member=member,
        note=note.strip(),
    )
    mentee_user = mentee.membership.user
    notify(
        recipient=member.user,
        kind=NotificationKind.INTRODUCTION,
        title=_("%(by)s would like to introduce you to %(mentee)s")
        % {"by": by.name, "mentee": mentee_user.name},
        body=introduction.note[:500],
        url=introduction_url(introduction),
    )
    notify(
        recipient=mentee_user,
        kind=NotificationKind.INTRODUCTION,
        title=_("%(by)s introduced you to %(member)s")
        % {"by": by.name, "member": member.user.name},
        url=introduction_url(introduction),
    )
    return introduction


def _locked(introduction: Introduction) -> Introduction:
    return (
        Introduction.objects.select_for_update(of=("self",))
        .select_related("program", "introduced_by", "mentee__membership__user", "member__user")
        .get(pk=introduction.pk)
    )


def _ensure_pending(introduction: Introduction) -> None:
    if not introduction.is_pending:
        raise InvalidTransition(
            _("This introduction is no longer waiting for an answer (it is %(state)s).")
            % {"state": introduction.get_state_display().lower()}
        )


def _tell(introduction: Introduction, recipients: list[User | None], by: User, title: str) -> None:
    """Notify each distinct recipient other than the one who acted."""
    told: set[int] = {by.pk}
    for recipient in recipients:
        if recipient is None or recipient.pk in told:
            continue
        told.add(recipient.pk)
        notify(
            recipient=recipient,
            kind=NotificationKind.INTRODUCTION,
            title=title,
            url=introduction_url(introduction),
        )


@transaction.atomic
def accept_introduction(*, introduction: Introduction, by: User) -> Introduction:
    """The introduced member accepts: the two are connected and see each other's contact."""
    introduction = _locked(introduction)
    if introduction.role_of(by) != "member":
        raise ActionNotAllowed(_("Only the member who was introduced can answer."))
    _ensure_pending(introduction)
    mentee_user = introduction.mentee.membership.user
    active = Membership.Status.ACTIVE
    if introduction.mentee.membership.status != active or introduction.member.status != active:
        raise InvalidTransition(_("One of you is no longer in the program."))
    if Block.objects.between(mentee_user, by).exists():
        raise Blocked(_("You cannot connect with this member."))
    introduction.state = Introduction.State.ACCEPTED
    introduction.answered_at = timezone.now()
    introduction.save(update_fields=["state", "answered_at", "updated_at"])
    _tell(
        introduction,
        [mentee_user, introduction.introduced_by],
        by,
        _("%(member)s accepted the introduction to %(mentee)s")
        % {"member": by.name, "mentee": mentee_user.name},
    )
    return introduction


@transaction.atomic
def decline_introduction(*, introduction: Introduction, by: User, note: str = "") -> Introduction:
    """The introduced member declines, optionally saying why (the three involved see it)."""
    introduction = _locked(introduction)
    if introduction.role_of(by) != "member":
        raise ActionNotAllowed(_("Only the member who was introduced can answer."))
    _ensure_pending(introduction)
    introduction.state = Introduction.State.DECLINED
    introduction.answered_at = timezone.now()
    introduction.answer_note = note.strip()
    introduction.save(update_fields=["state", "answered_at", "answer_note", "updated_at"])
    mentee_user = introduction.mentee.membership.user
    _tell(
        introduction,
        [introduction.introduced_by, mentee_user],
        by,
        _("%(member)s could not take up the introduction to %(mentee)s")
        % {"member": by.name, "mentee": mentee_user.name},
    )
    return introduction


@transaction.atomic
def withdraw_introduction(*, introduction: Introduction, by: User) -> Introduction:
    """The introducer, the mentee or a program admin takes back a pending introduction."""
    introduction = _locked(introduction)
    role = introduction.role_of(by)
    if role not in ("introducer", "mentee") and not is_program_admin(
        user=by, program=introduction.program
    ):
        raise ActionNotAllowed(
            _("Only the introducer, the mentee or a program admin can withdraw it.")
        )
    _ensure_pending(introduction)
    introduction.state = Introduction.State.WITHDRAWN
    introduction.save(update_fields=["state", "updated_at"])
    mentee_user = introduction.mentee.membership.user
    _tell(
        introduction,
        [introduction.member.user, mentee_user, introduction.introduced_by],
        by,
        _("The introduction of %(mentee)s to %(member)s was withdrawn")
        % {"mentee": mentee_user.name, "member": introduction.member.user.name},
    )
    return introduction


def step_out_of_introduction(*, introduction: Introduction, by: User) -> Introduction:
    """`by` takes themself out of a pending introduction, the way their role allows.

    The introduced member declines it; the mentee or the introducer withdraws it. Used when
    someone leaves the program or blocks one of the others, so those paths keep the rules
    and the notifications of answering and withdrawing.
    """
    if introduction.role_of(by) == "member":
        return decline_introduction(introduction=introduction, by=by)
    return withdraw_introduction(introduction=introduction, by=by)


def connection_blocked(introduction: Introduction) -> bool:
    """Whether a block now stands between the two connected people: then neither sees the
    other's contact and no follow-up can be fixed (the introduction itself stays)."""
    return Block.objects.between(
        introduction.mentee.membership.user, introduction.member.user
    ).exists()


def _ensure_connected(introduction: Introduction, by: User) -> None:
    if introduction.role_of(by) not in ("mentee", "member"):
        raise ActionNotAllowed(_("Only the two people introduced can arrange a follow-up."))
    if not introduction.is_accepted:
        raise InvalidTransition(_("A follow-up can be arranged once the introduction is accepted."))
    if connection_blocked(introduction):
        raise Blocked(_("You cannot arrange a follow-up with this member."))


@transaction.atomic
def set_follow_up(
    *,
    introduction: Introduction,
    by: User,
    starts_at: datetime.datetime,
    duration_minutes: int,
    mode: str,
    location: str = "",
    now: datetime.datetime | None = None,
) -> Introduction:
    """Fix (or move) the connection's one follow-up meeting; the other person is told."""
    introduction = _locked(introduction)
    _ensure_connected(introduction, by)
    validate_schedule(
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        now=now or timezone.now(),
    )
    introduction.follow_up_at = starts_at
    introduction.follow_up_minutes = duration_minutes
    introduction.follow_up_mode = mode
    introduction.follow_up_location = location.strip()
    introduction.full_clean(
        exclude=["program", "introduced_by", "relationship", "mentee", "member", "note"]
    )
    introduction.save(
        update_fields=[
            "follow_up_at",
            "follow_up_minutes",
            "follow_up_mode",
            "follow_up_location",
            "updated_at",
        ]
    )
    _tell(
        introduction,
        [introduction.mentee.membership.user, introduction.member.user],
        by,
        _("%(name)s arranged a follow-up meeting") % {"name": by.name},
    )
    return introduction


@transaction.atomic
def cancel_follow_up(*, introduction: Introduction, by: User) -> Introduction:
    """Call off the follow-up meeting; the other person is told."""
    introduction = _locked(introduction)
    if introduction.role_of(by) not in ("mentee", "member"):
        raise ActionNotAllowed(_("Only the two people introduced can arrange a follow-up."))
    if introduction.follow_up_at is None:
        raise InvalidTransition(_("There is no follow-up meeting to call off."))
    introduction.follow_up_at = None
    introduction.follow_up_mode = ""
    introduction.follow_up_location = ""
    introduction.save(
        update_fields=["follow_up_at", "follow_up_mode", "follow_up_location", "updated_at"]
    )
    _tell(
        introduction,
        [introduction.mentee.membership.user, introduction.member.user],
        by,
        _("%(name)s called off the follow-up meeting") % {"name": by.name},
    )
    return introduction

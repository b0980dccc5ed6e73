"""Mentor circles: opening and creating them, invitations, requests to join, closing.
(Answering an invitation or a request, and leaving, are in `circle_memberships`.)

Two ways in. A mentor opens a circle for their current mentees and invites them; each
mentee opts in by accepting. A program admin creates a circle (a topic, a mentor, seats)
that the program's mentees ask to join; the mentor or an admin answers. Either way a seat
is taken only when a membership becomes active, and that happens with the circle row
locked (`lock_circle`), so concurrent accepts queue up and each counts what the previous
one committed: the same discipline as `services.capacity` for mentors.

Notifications name the circle and the person, never anything else about them.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.errors import ActionNotAllowed, ApplicationError, InvalidTransition
from mentorship.models import (
    Membership,
    MenteeParticipation,
    MentorParticipation,
    NotificationKind,
    Program,
    User,
)
from mentorship.services.notifications import notify
from mentorship.services.programs import is_program_admin
from relationships.errors import Blocked
from relationships.models import Block, Circle, CircleMembership, CircleSession, Relationship
from relationships.models.circles import MAX_CIRCLE_CAPACITY, MIN_CIRCLE_CAPACITY


class CircleFull(InvalidTransition):
    """Every seat of the circle is taken (409); nothing was changed."""


def circle_url(circle: Circle) -> str:
    return reverse("circle_detail", args=[circle.pk])


def seats_taken(circle: Circle) -> int:
    """Active members of the circle (no lock: for display)."""
    return circle.memberships.filter(state=CircleMembership.State.ACTIVE).count()


def lock_circle(circle_id: int) -> Circle:
    """Lock the circle row only (`of`): the program and mentor rows stay shared."""
    return (
        Circle.objects.select_for_update(of=("self",))
        .select_related("program", "mentor__membership__user")
        .get(pk=circle_id)
    )


def ensure_room(circle: Circle) -> None:
    """Refuse when every seat is taken; call with the circle locked."""
    if seats_taken(circle) >= circle.capacity:
        raise CircleFull(
            _("This circle is full: all %(n)d seats are taken.") % {"n": circle.capacity}
        )


def ensure_circle_open(circle: Circle) -> None:
    if not circle.is_open:
        raise InvalidTransition(_("This circle is closed; it can no longer be changed."))


def is_circle_mentor(circle: Circle, user: User) -> bool:
    return bool(circle.mentor.membership.user_id == user.pk)


def can_manage_circle(circle: Circle, user: User) -> bool:
    """The circle's mentor and the program's admins answer requests and close it."""
    return is_circle_mentor(circle, user) or is_program_admin(user=user, program=circle.program)


def ensure_circle_manager(circle: Circle, user: User) -> None:
    if not can_manage_circle(circle, user):
        raise ActionNotAllowed(_("Only the circle's mentor or the program's admins can do this."))


def current_mentees_of(mentor: MentorParticipation) -> QuerySet[MenteeParticipation]:
    """The mentees a mentor may invite to their own circle: current relationships only."""
    return MenteeParticipation.objects.filter(
        pk__in=Relationship.objects.filter(mentor=mentor).current().values("mentee_id"),
        membership__status=Membership.Status.ACTIVE,
    ).select_related("membership__user")


def _validate_circle_fields(*, topic: str, capacity: int) -> None:
    errors: dict[str, list[str]] = {}
    if not topic.strip():
        errors["topic"] = [_("Give the circle a topic.")]
    elif len(topic.strip()) > 120:
        errors["topic"] = [_("Keep the topic under 120 characters.")]
    if not MIN_CIRCLE_CAPACITY <= capacity <= MAX_CIRCLE_CAPACITY:
        errors["capacity"] = [
            _("A circle has from %(low)d to %(high)d seats.")
            % {"low": MIN_CIRCLE_CAPACITY, "high": MAX_CIRCLE_CAPACITY}
        ]
    if errors:
        raise ValidationError(errors)


def _new_circle(
    *,
    program: Program,
    mentor: MentorParticipation,
    kind: str,
    by: User,
    topic: str,
    description: str,
    capacity: int,
) -> Circle:
    _validate_circle_fields(topic=topic, capacity=capacity)
    circle = Circle(
        program=program,
        mentor=mentor,
        kind=kind,
        topic=topic.strip(),
        description=description.strip(),
        capacity=capacity,
        created_by=by,
    )
    circle.full_clean(exclude=["program", "mentor", "created_by"])
    circle.save()
    return circle


@transaction.atomic
def open_circle(
    *,
    mentor: MentorParticipation,
    by: User,
    topic: str,
    description: str = "",
    capacity: int,
    invite: Sequence[MenteeParticipation] = (),
) -> Circle:
    """A mentor opens a circle for their current mentees and invites those chosen."""
    mentor = MentorParticipation.objects.select_related(
        "membership__program", "membership__user"
    ).get(pk=mentor.pk)
    if mentor.membership.user_id != by.pk:
        raise ActionNotAllowed(_("Only the mentor can open a circle of their own."))
    if mentor.membership.status != Membership.Status.ACTIVE:
        raise ActionNotAllowed(_("Only active mentors of this program can open a circle."))
    circle = _new_circle(
        program=mentor.membership.program,
        mentor=mentor,
        kind=Circle.Kind.MENTOR,
        by=by,
        topic=topic,
        description=description,
        capacity=capacity,
    )
    if invite:
        invite_to_circle(circle=circle, by=by, mentees=invite)
    return circle


@transaction.atomic
def create_program_circle(
    *,
    program: Program,
    by: User,
    mentor: MentorParticipation,
    topic: str,
    description: str = "",
    capacity: int,
) -> Circle:
    """A program admin creates a circle with a mentor; the program's mentees ask to join."""
    if not is_program_admin(user=by, program=program):
        raise ActionNotAllowed(_("Only this program's admins can create a circle."))
    mentor = MentorParticipation.objects.select_related("membership__user").get(pk=mentor.pk)
    if (
        mentor.membership.program_id != program.pk
        or mentor.membership.status != Membership.Status.ACTIVE
    ):
        raise ValidationError({"mentor": [_("Choose an active mentor of this program.")]})
    circle = _new_circle(
        program=program,
        mentor=mentor,
        kind=Circle.Kind.PROGRAM,
        by=by,
        topic=topic,
        description=description,
        capacity=capacity,
    )
    if mentor.membership.user_id != by.pk:
        notify(
            recipient=mentor.membership.user,
            kind=NotificationKind.CIRCLE,
            title=_("%(name)s made you the mentor of the circle “%(topic)s”")
            % {"name": by.name, "topic": circle.topic},
            url=circle_url(circle),
        )
    return circle


def _has_current_membership(circle: Circle, mentee: MenteeParticipation) -> bool:
    return circle.memberships.filter(
        mentee=mentee, state__in=CircleMembership.CURRENT_STATES
    ).exists()


@transaction.atomic
def invite_to_circle(
    *, circle: Circle, by: User, mentees: Sequence[MenteeParticipation]
) -> list[CircleMembership]:
    """The mentor invites some of their current mentees; each is in once they accept."""
    circle = lock_circle(circle.pk)
    if not is_circle_mentor(circle, by):
        raise ActionNotAllowed(_("Only the circle's mentor can invite mentees."))
    ensure_circle_open(circle)
    if circle.kind != Circle.Kind.MENTOR:
        raise ApplicationError(
            _("Mentees ask to join this circle; it does not send invitations."),
            errors={"mentees": [_("This circle takes requests, not invitations.")]},
        )
    if not mentees:
        raise ValidationError({"mentees": [_("Choose at least one mentee to invite.")]})
    allowed = set(current_mentees_of(circle.mentor).values_list("pk", flat=True))
    if any(mentee.pk not in allowed for mentee in mentees):
        raise ValidationError({"mentees": [_("You can invite only your current mentees.")]})
    ensure_room(circle)
    created = []
    for mentee in mentees:
        if _has_current_membership(circle, mentee):
            raise InvalidTransition(
                _("%(name)s is already invited to or in this circle.")
                % {"name": mentee.membership.user.name}
            )
        created.append(
            CircleMembership.objects.create(
                circle=circle, mentee=mentee, state=CircleMembership.State.INVITED
            )
        )
        notify(
            recipient=mentee.membership.user,
            kind=NotificationKind.CIRCLE,
            title=_("%(name)s invites you to the circle “%(topic)s”")
            % {"name": by.name, "topic": circle.topic},
            url=circle_url(circle),
        )
    return created


@transaction.atomic
def request_to_join_circle(*, circle: Circle, by: User) -> CircleMembership:
    """A mentee of the program asks for a seat in a program circle; the mentor is told."""
    circle = lock_circle(circle.pk)
    ensure_circle_open(circle)
    if circle.kind != Circle.Kind.PROGRAM:
        raise ActionNotAllowed(_("This circle is by invitation of its mentor only."))
    mentee = (
        MenteeParticipation.objects.select_related("membership__user")
        .filter(
            membership__user_id=by.pk,
            membership__program_id=circle.program_id,
            membership__status=Membership.Status.ACTIVE,
        )
        .first()
    )
    if mentee is None:
        raise ActionNotAllowed(_("Only active mentees of this program can ask to join."))
    mentor_user = circle.mentor.membership.user
    if mentor_user.pk == by.pk:
        raise ValidationError({"circle": [_("You are this circle's mentor.")]})
    if Block.objects.between(by, mentor_user).exists():
        raise Blocked(_("You cannot join this circle."))
    if _has_current_membership(circle, mentee):
        raise InvalidTransition(_("You have already asked to join, or are in, this circle."))
    ensure_room(circle)
    membership = CircleMembership.objects.create(
        circle=circle, mentee=mentee, state=CircleMembership.State.REQUESTED
    )
    notify(
        recipient=mentor_user,
        kind=NotificationKind.CIRCLE,
        title=_("%(name)s asks to join your circle “%(topic)s”")
        % {"name": by.name, "topic": circle.topic},
        url=circle_url(circle),
    )
    return membership


@transaction.atomic
def close_circle(*, circle: Circle, by: User) -> Circle:
    """Close a circle: open invitations and requests are declined, scheduled sessions
    cancelled, and the members told. A closed circle is read-only."""
    circle = lock_circle(circle.pk)
    ensure_circle_manager(circle, by)
    ensure_circle_open(circle)
    now = timezone.now()
    circle.state = Circle.State.CLOSED
    circle.closed_at = now
    circle.save(update_fields=["state", "closed_at", "updated_at"])
    circle.memberships.filter(
        state__in=[CircleMembership.State.INVITED, CircleMembership.State.REQUESTED]
    ).update(state=CircleMembership.State.DECLINED, answered_at=now, answered_by=by, updated_at=now)
    circle.sessions.filter(state=CircleSession.State.SCHEDULED).update(
        state=CircleSession.State.CANCELLED, logged_at=now, logged_by=by, updated_at=now
    )
    members = circle.memberships.filter(state=CircleMembership.State.ACTIVE).select_related(
        "mentee__membership__user"
    )
    recipients = [member.mentee.membership.user for member in members]
    mentor_user = circle.mentor.membership.user
    if mentor_user.pk != by.pk:
        recipients.append(mentor_user)
    for recipient in recipients:
        notify(
            recipient=recipient,
            kind=NotificationKind.CIRCLE,
            title=_("The circle “%(topic)s” is closed") % {"topic": circle.topic},
            url=circle_url(circle),
        )
    return circle

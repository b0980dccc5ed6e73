"""Answering a place in a circle: accepting or declining an invitation or a request to
join, and leaving.

An invitation is the invited mentee's to answer; a request is the circle's mentor's or a
program admin's. Accepting takes a seat with the circle row locked (the circle first, then
the membership, on every path), so concurrent accepts cannot overfill it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.errors import ActionNotAllowed, InvalidTransition
from mentorship.models import NotificationKind, User
from mentorship.services.notifications import notify
from relationships.models import Circle, CircleMembership
from relationships.services.circles import (
    circle_url,
    ensure_circle_manager,
    ensure_circle_open,
    ensure_room,
    lock_circle,
)


def _lock_membership(membership_id: int) -> tuple[Circle, CircleMembership]:
    """Lock the circle first, then the membership: every path takes them in this order."""
    circle_id = CircleMembership.objects.values_list("circle_id", flat=True).get(pk=membership_id)
    circle = lock_circle(circle_id)
    membership = (
        CircleMembership.objects.select_for_update(of=("self",))
        .select_related("mentee__membership__user")
        .get(pk=membership_id)
    )
    return circle, membership


def _ensure_may_answer(circle: Circle, membership: CircleMembership, by: User) -> None:
    """An invitation is the mentee's to answer; a request is the mentor's or an admin's."""
    if membership.state == CircleMembership.State.INVITED:
        if membership.mentee.membership.user_id != by.pk:
            raise ActionNotAllowed(_("Only the invited mentee can answer this invitation."))
    elif membership.state == CircleMembership.State.REQUESTED:
        ensure_circle_manager(circle, by)
    else:
        raise InvalidTransition(
            _("This is no longer waiting for an answer (%(state)s).")
            % {"state": membership.get_state_display().lower()}
        )


def _tell_other_side(
    circle: Circle, membership: CircleMembership, *, by: User, accepted: bool
) -> None:
    mentee_user = membership.mentee.membership.user
    if by.pk == mentee_user.pk:
        recipient = circle.mentor.membership.user
        title = (
            _("%(name)s joined your circle “%(topic)s”")
            if accepted
            else _("%(name)s declined to join your circle “%(topic)s”")
        )
        name = mentee_user.name
    else:
        recipient = mentee_user
        title = (
            _("%(name)s welcomed you to the circle “%(topic)s”")
            if accepted
            else _("%(name)s could not give you a seat in the circle “%(topic)s”")
        )
        name = by.name
    notify(
        recipient=recipient,
        kind=NotificationKind.CIRCLE,
        title=title % {"name": name, "topic": circle.topic},
        url=circle_url(circle),
    )


@transaction.atomic
def accept_circle_membership(*, membership: CircleMembership, by: User) -> CircleMembership:
    """Accept an invitation (the mentee) or a request (the mentor or an admin): a seat is
    taken, if one is left; otherwise `CircleFull` and nothing changes."""
    circle, membership = _lock_membership(membership.pk)
    _ensure_may_answer(circle, membership, by)
    ensure_circle_open(circle)
    ensure_room(circle)
    membership.state = CircleMembership.State.ACTIVE
    membership.answered_at = timezone.now()
    membership.answered_by = by
    membership.save(update_fields=["state", "answered_at", "answered_by", "updated_at"])
    _tell_other_side(circle, membership, by=by, accepted=True)
    return membership


@transaction.atomic
def decline_circle_membership(*, membership: CircleMembership, by: User) -> CircleMembership:
    """Decline an invitation (the mentee) or a request (the mentor or an admin)."""
    circle, membership = _lock_membership(membership.pk)
    _ensure_may_answer(circle, membership, by)
    membership.state = CircleMembership.State.DECLINED
    membership.answered_at = timezone.now()
    membership.answered_by = by
    membership.save(update_fields=["state", "answered_at", "answered_by", "updated_at"])
    _tell_other_side(circle, membership, by=by, accepted=False)
    return membership


@transaction.atomic
def leave_circle(*, circle: Circle, by: User) -> CircleMembership:
    """A mentee leaves (or takes back a request to join); the seat is free at once."""
    circle = lock_circle(circle.pk)
    membership = (
        CircleMembership.objects.select_for_update(of=("self",))
        .filter(
            circle=circle,
            mentee__membership__user_id=by.pk,
            state__in=CircleMembership.CURRENT_STATES,
        )
        .first()
    )
    if membership is None:
        raise InvalidTransition(_("You are not in this circle."))
    was_active = membership.state == CircleMembership.State.ACTIVE
    membership.state = CircleMembership.State.LEFT
    membership.left_at = timezone.now()
    membership.save(update_fields=["state", "left_at", "updated_at"])
    if was_active and circle.is_open:
        notify(
            recipient=circle.mentor.membership.user,
            kind=NotificationKind.CIRCLE,
            title=_("%(name)s left your circle “%(topic)s”")
            % {"name": by.name, "topic": circle.topic},
            url=circle_url(circle),
        )
    return membership

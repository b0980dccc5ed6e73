"""Leaving a program, seen from the relationships side.

Requests live here, so leaving is orchestrated here: the member's open requests are
withdrawn (as mentee) or declined (as mentor, so their mentees' backups go out), their
places in the program's open circles are given up and the circles they mentor closed, their
pending introductions are withdrawn or declined, the membership ends (through
`mentorship.services.programs.leave_program`, which tells the program's admins), and
relationships stay until someone closes them. Everyone affected is told. The leave page
and endpoint live in this app for that reason.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.models import Membership, NotificationKind, Program, User
from mentorship.services.notifications import notify
from mentorship.services.programs import leave_program as people_leave_program
from relationships.models import Circle, CircleMembership, Introduction, MentorRequest, Relationship
from relationships.services.circle_memberships import leave_circle
from relationships.services.circles import close_circle
from relationships.services.introductions import step_out_of_introduction
from relationships.services.requests import request_url, send_next_choice


def _leave_circles(membership: Membership) -> None:
    """Give up the member's places in the program's open circles and close those they mentor.

    Through `leave_circle` and `close_circle`, so the seats, the sessions and the messages
    are exactly those of leaving or closing by hand. Memberships of circles already closed
    stay as they were: they record who was in the circle when it closed.
    """
    user: User = membership.user
    joined = (
        CircleMembership.objects.filter(
            mentee__membership=membership,
            state__in=CircleMembership.CURRENT_STATES,
            circle__state=Circle.State.OPEN,
        )
        .values_list("circle_id", flat=True)
        .order_by("circle_id")
    )
    for circle in Circle.objects.filter(pk__in=list(joined)).order_by("pk"):
        leave_circle(circle=circle, by=user)
    mentored = Circle.objects.filter(mentor__membership=membership, state=Circle.State.OPEN)
    for circle in mentored.order_by("pk"):
        close_circle(circle=circle, by=user)


def _step_out_of_introductions(membership: Membership) -> None:
    """End the program's pending introductions the member is part of (mentee, introduced
    member or introducer), as if they had withdrawn or declined each one themself."""
    pending = (
        Introduction.objects.pending()
        .filter(program_id=membership.program_id)
        .involving(membership.user)
        .select_related("mentee__membership", "member")
        .order_by("pk")
    )
    for introduction in pending:
        step_out_of_introduction(introduction=introduction, by=membership.user)


@transaction.atomic
def leave_program(*, membership: Membership) -> Membership:
    """End `membership`, withdrawing open requests on both sides, circle places and pending
    introductions, and telling those affected."""
    user: User = membership.user
    program = membership.program
    now = timezone.now()
    as_mentee = (
        MentorRequest.objects.select_for_update(of=("self",))
        .filter(mentee__membership=membership, state__in=MentorRequest.OPEN_STATES)
        .select_related("mentor__membership__user")
    )
    for request in as_mentee:
        was_pending = request.state == MentorRequest.State.PENDING
        request.state = MentorRequest.State.WITHDRAWN
        request.save(update_fields=["state", "updated_at"])
        if was_pending:
            notify(
                recipient=request.mentor.membership.user,
                kind=NotificationKind.MEMBER_LEFT,
                title=_("%(name)s left %(program)s and withdrew their request")
                % {"name": user.name, "program": program.name},
            )
    # Backups waiting for this mentor are dropped before anything else, so that no decline
    # from here on sends a backup to a mentor who is on their way out.
    MentorRequest.objects.filter(
        mentor__membership=membership, state=MentorRequest.State.QUEUED
    ).update(state=MentorRequest.State.CANCELLED, updated_at=now)
    as_mentor = (
        MentorRequest.objects.select_for_update(of=("self",))
        .filter(mentor__membership=membership, state=MentorRequest.State.PENDING)
        .select_related("mentee__membership__user", "program")
    )
    for request in as_mentor:
        request.state = MentorRequest.State.DECLINED
        request.decline_reason = MentorRequest.DeclineReason.OTHER
        request.decline_note = _("The mentor left the program.")
        request.answered_at = now
        request.save(
            update_fields=["state", "decline_reason", "decline_note", "answered_at", "updated_at"]
        )
        notify(
            recipient=request.mentee.membership.user,
            kind=NotificationKind.MEMBER_LEFT,
            title=_("%(name)s left the program and cannot answer your request")
            % {"name": user.name},
            url=request_url(request),
        )
        send_next_choice(after=request, now=now)

    relationships = Relationship.objects.current().filter(
        mentee__membership=membership
    ) | Relationship.objects.current().filter(mentor__membership=membership)
    for relationship in relationships.select_related(
        "mentee__membership__user", "mentor__membership__user"
    ):
        notify(
            recipient=relationship.other_person(user),
            kind=NotificationKind.MEMBER_LEFT,
            title=_("%(name)s left %(program)s") % {"name": user.name, "program": program.name},
            body=_("Your relationship stays open until one of you closes it."),
        )
    _leave_circles(membership)
    _step_out_of_introductions(membership)
    # The people side: the membership ends and the program's admins are told.
    return people_leave_program(user=user, program=program)


def leave_program_of(*, user: User, program: Program) -> Membership:
    """Leave `program` (or take back a request to join it) as `user`.

    Raises `InvalidTransition` for someone who is not a member, like the people side does.
    """
    membership = Membership.objects.filter(user=user, program=program).first()
    if membership is None or membership.status != Membership.Status.ACTIVE:
        return people_leave_program(user=user, program=program)
    return leave_program(membership=membership)

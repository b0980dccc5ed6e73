"""Safety: concerns reported to program admins, and blocks between members.

A concern is about the other person in a relationship; the reporter may pause the
relationship at once. Only the admins of the relationship's program see and work the
queue. A block stops requests, messages and suggestions between two people either way;
the blocked person is not told (telling them could provoke what the block prevents).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.errors import ActionNotAllowed
from mentorship.models import NotificationKind, Program, User
from mentorship.services.notifications import notify
from mentorship.services.programs import is_program_admin, program_admins
from relationships.models import Block, ConcernReport, Introduction, MentorRequest, Relationship
from relationships.services.introductions import step_out_of_introduction
from relationships.services.relationships import ensure_participant, pause_relationship
from relationships.services.requests import request_url, send_next_choice


def concerns_administered_by(user: User | AnonymousUser) -> QuerySet[ConcernReport]:
    """Concerns of the programs this user runs; nobody else sees them (not even the pair)."""
    if not user.is_authenticated:
        return ConcernReport.objects.none()
    return ConcernReport.objects.filter(program__in=Program.objects.administered_by(user))


def members_visible_to(user: User | AnonymousUser) -> QuerySet[User]:
    """People this user may act on (block): those sharing a program with them, themself too."""
    if not user.is_authenticated:
        return User.objects.none()
    shared = Program.objects.member_of(user).values("pk")
    return User.objects.filter(memberships__program__in=shared).distinct()


def concern_queue_url(program: Program) -> str:
    return reverse("concern_queue", args=[program.slug])


@transaction.atomic
def report_concern(
    *,
    relationship: Relationship,
    by: User,
    category: str,
    description: str,
    pause: bool = False,
) -> ConcernReport:
    """Report the other side of `relationship` to the program admins, optionally pausing it.

    Pausing works only on an active relationship (a paused one stays paused, a closed one
    is over); the pause tells the other side only that it is paused, never why. The
    report may be made after the relationship closed: harm does not end with it.
    """
    ensure_participant(relationship, by)
    errors: dict[str, list[str]] = {}
    if category not in ConcernReport.Category.values:
        errors["category"] = [_("Choose a category from the list.")]
    if not description.strip():
        errors["description"] = [_("Describe what happened.")]
    if errors:
        raise ValidationError(errors)
    paused = False
    if pause and relationship.state == Relationship.State.ACTIVE:
        pause_relationship(relationship=relationship, by=by)
        paused = True
    concern = ConcernReport.objects.create(
        program=relationship.program,
        relationship=relationship,
        reporter=by,
        subject=relationship.other_person(by),
        category=category,
        description=description.strip(),
        paused_relationship=paused,
    )
    for admin in program_admins(relationship.program):
        if admin.pk == by.pk:
            continue
        # The category only: the description stays on the queue page, behind the login.
        notify(
            recipient=admin,
            kind=NotificationKind.CONCERN_REPORTED,
            title=_("A concern was reported in %(program)s") % {"program": relationship.program},
            body=_("Category: %(category)s.") % {"category": concern.get_category_display()},
            url=concern_queue_url(relationship.program),
        )
    return concern


@transaction.atomic
def update_concern(
    *, concern: ConcernReport, by: User, state: str, resolution_note: str = ""
) -> ConcernReport:
    """A program admin moves a concern through open, in review and resolved.

    Resolving records who and when; reopening clears that. The reporter hears of each
    change of state (not the admins' note, which is for the admins' own record).
    """
    concern = (
        ConcernReport.objects.select_for_update(of=("self",))
        .select_related("program", "reporter")
        .get(pk=concern.pk)
    )
    if not is_program_admin(user=by, program=concern.program):
        raise ActionNotAllowed(_("Only this program's admins can work on concerns."))
    if state not in ConcernReport.State.values:
        raise ValidationError({"state": [_("Choose a state from the list.")]})
    changed = state != concern.state
    concern.state = state
    concern.resolution_note = resolution_note.strip()
    if state == ConcernReport.State.RESOLVED:
        if changed:
            concern.resolved_at = timezone.now()
            concern.resolved_by = by
    else:
        concern.resolved_at = None
        concern.resolved_by = None
    concern.save(update_fields=["state", "resolution_note", "resolved_at", "resolved_by"])
    if changed:
        notify(
            recipient=concern.reporter,
            kind=NotificationKind.RELATIONSHIP_UPDATE,
            title=_("The concern you reported is now: %(state)s")
            % {"state": concern.get_state_display()},
        )
    return concern


def _cancel_requests_between(blocker: User, blocked: User) -> None:
    """Open requests between the two end; a mentee's next backup goes out instead."""
    now = timezone.now()
    between = (
        MentorRequest.objects.select_for_update(of=("self",))
        .filter(state__in=MentorRequest.OPEN_STATES)
        .filter(
            mentee__membership__user__in=[blocker, blocked],
            mentor__membership__user__in=[blocker, blocked],
        )
        .select_related("mentee__membership__user", "mentor__membership__user", "program")
    )
    for request in between:
        if request.mentee.membership.user_id == request.mentor.membership.user_id:
            continue  # someone who is both mentee and mentor: not a request between the two
        was_pending = request.state == MentorRequest.State.PENDING
        request.state = MentorRequest.State.CANCELLED
        request.save(update_fields=["state", "updated_at"])
        if was_pending:
            mentee = request.mentee.membership.user
            if mentee.pk != blocker.pk:
                notify(
                    recipient=mentee,
                    kind=NotificationKind.REQUEST_ANSWERED,
                    title=_("Your request to %(name)s is no longer open")
                    % {"name": request.mentor.membership.user.name},
                    url=request_url(request),
                )
            send_next_choice(after=request, now=now)


def _end_introductions_between(blocker: User, blocked: User) -> None:
    """Pending introductions of one of the two to the other end, by the blocker's own hand.

    The same pairs `introduce` refuses across a block: the introduced member on one side,
    the mentee or the introducer on the other. The blocker withdraws (or, as the member,
    declines) each, so the others hear what they would from a withdrawal, never of a block.
    """
    between = Q()
    for one, other in ((blocker, blocked), (blocked, blocker)):
        between |= Q(member__user=one) & (
            Q(mentee__membership__user=other) | Q(introduced_by=other)
        )
    pending = (
        Introduction.objects.pending()
        .filter(between)
        .select_related("mentee__membership", "member")
        .order_by("pk")
    )
    for introduction in pending:
        step_out_of_introduction(introduction=introduction, by=blocker)


@transaction.atomic
def block_member(*, by: User, member: User) -> Block:
    """Block `member`: no requests, messages or suggestions between the two from now on.

    Blocking again is harmless (the existing block is returned). Open requests between the
    two are cancelled, so an accepted request cannot start a relationship after a block, and
    pending introductions between them are withdrawn, so none can be accepted across it.
    """
    if member.pk == by.pk:
        raise ValidationError({"user": [_("You cannot block yourself.")]})
    block, created = Block.objects.get_or_create(blocker=by, blocked=member)
    if created:
        _cancel_requests_between(by, member)
        _end_introductions_between(by, member)
    return block


@transaction.atomic
def unblock_member(*, by: User, member: User) -> bool:
    """Remove `by`'s own block of `member` (a block made by the other stays). True if one was
    removed."""
    deleted, _details = Block.objects.filter(blocker=by, blocked=member).delete()
    return deleted > 0

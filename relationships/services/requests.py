"""Requests: sending (with ranked backups), answering, withdrawing and expiring.

Rules held here: one open request per pair (also a database constraint), at most the
program's maximum of pending requests per mentee, no requests to yourself, across a block,
to a mentor outside the program or one not accepting mentees. When the current choice is
declined, expires or is withdrawn, the next backup of the same group is sent.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.errors import ActionNotAllowed, InvalidTransition
from mentorship.models import (
    Membership,
    MenteeGoal,
    MenteeParticipation,
    MentorParticipation,
    NotificationKind,
    User,
)
from mentorship.services.mentor_changes import mark_mentors_changed
from mentorship.services.notifications import notify
from relationships.errors import Blocked, RequestLimitReached
from relationships.models import Block, MentorRequest, Relationship, RequestMessage
from relationships.models.requests import MAX_CHOICES
from relationships.services.relationships import start_relationship
from relationships.services.snapshots import Snapshot


@dataclass(frozen=True)
class Choice:
    """One ranked mentor choice, with the match snapshot when it came from a suggestion."""

    mentor: MentorParticipation
    snapshot: Snapshot | None = None


def request_url(request: MentorRequest) -> str:
    return reverse("request_detail", args=[request.pk])


def _validate_choice(
    *, mentee: MenteeParticipation, mentor: MentorParticipation, backup_id: int | None = None
) -> None:
    """Refuse a mentor this mentee may not ask (`backup_id`: a queued backup being sent now,
    which must not count as the pair's open request)."""
    mentee_user = mentee.membership.user
    mentor_membership = mentor.membership
    if mentor_membership.program_id != mentee.membership.program_id:
        raise ValidationError({"mentors": [_("This mentor is not in your program.")]})
    if mentor_membership.status != Membership.Status.ACTIVE:
        raise ValidationError({"mentors": [_("This mentor is no longer in the program.")]})
    if mentor_membership.user_id == mentee_user.pk:
        raise ValidationError({"mentors": [_("You cannot ask yourself to be your mentor.")]})
    if Block.objects.between(mentee_user, mentor_membership.user).exists():
        raise Blocked(
            _("You cannot send a request to this member."),
            errors={"mentors": [_("You cannot send a request to this member.")]},
        )
    if not mentor.accepting_mentees:
        raise ValidationError(
            {
                "mentors": [
                    _("%(name)s is not accepting new mentees.")
                    % {"name": mentor_membership.user.name}
                ]
            }
        )
    open_requests = MentorRequest.objects.filter(
        mentee=mentee, mentor=mentor, state__in=MentorRequest.OPEN_STATES
    )
    if backup_id is not None:
        open_requests = open_requests.exclude(pk=backup_id)
    if open_requests.exists():
        raise InvalidTransition(
            _("You already have an open request to %(name)s.")
            % {"name": mentor_membership.user.name}
        )
    if Relationship.objects.filter(mentee=mentee, mentor=mentor).current().exists():
        raise InvalidTransition(
            _("%(name)s is already your mentor.") % {"name": mentor_membership.user.name}
        )
    _validate_peer_pair(mentee=mentee, mentor=mentor)


def _validate_peer_pair(*, mentee: MenteeParticipation, mentor: MentorParticipation) -> None:
    """The same pair the other way round: one current relationship per pair of people, and
    while the other already asked you, answer them rather than asking back (peer programs,
    where both people hold both roles)."""
    mentee_user_id, mentor_user = mentee.membership.user_id, mentor.membership.user
    program_id = mentor.membership.program_id
    if (
        Relationship.objects.filter(program_id=program_id)
        .between_people(mentee_user_id, mentor_user.pk)
        .current()
        .exists()
    ):
        raise InvalidTransition(
            _("You and %(name)s already have a current relationship.") % {"name": mentor_user.name}
        )
    asked_you = MentorRequest.objects.filter(
        program_id=program_id,
        mentee__membership__user_id=mentor_user.pk,
        mentor__membership__user_id=mentee_user_id,
        state=MentorRequest.State.PENDING,
    )
    if asked_you.exists():
        raise InvalidTransition(
            _("%(name)s has already asked you: answer their request instead.")
            % {"name": mentor_user.name}
        )


def _send(request: MentorRequest, *, now: datetime.datetime) -> None:
    """Make a request pending: it reaches the mentor and the response window starts."""
    window = datetime.timedelta(days=request.program.mentor_response_days)
    request.state = MentorRequest.State.PENDING
    request.sent_at = now
    request.expires_at = now + window
    request.save(update_fields=["state", "sent_at", "expires_at", "updated_at"])
    mentee_user = request.mentee.membership.user
    notify(
        recipient=request.mentor.membership.user,
        kind=NotificationKind.REQUEST_RECEIVED,
        title=_("%(name)s asks you to be their mentor") % {"name": mentee_user.name},
        body=request.message[:500],
        url=request_url(request),
    )


@transaction.atomic
def send_request(
    *,
    mentee: MenteeParticipation,
    choices: Sequence[Choice],
    message: str,
    goals: Sequence[MenteeGoal] = (),
) -> list[MentorRequest]:
    """Send a request to the first choice and queue up to two backups behind it."""
    # Lock only the mentee's row (`of`): joined rows such as the program are shared by every
    # request in it, and locking them would serialise the whole program and invite deadlocks.
    mentee = (
        MenteeParticipation.objects.select_for_update(of=("self",))
        .select_related("membership__program", "membership__user")
        .get(pk=mentee.pk)
    )
    program = mentee.membership.program
    if mentee.membership.status != Membership.Status.ACTIVE:
        raise ActionNotAllowed(_("Only active mentees of this program can send requests."))
    if not 1 <= len(choices) <= MAX_CHOICES:
        raise ValidationError({"mentors": [_("Choose one mentor, plus up to two backups.")]})
    if len({choice.mentor.pk for choice in choices}) != len(choices):
        raise ValidationError({"mentors": [_("Choose each mentor only once.")]})
    if not message.strip():
        raise ValidationError({"message": [_("Tell the mentor why you are asking them.")]})
    for goal in goals:
        if goal.participation_id != mentee.pk:
            raise ValidationError({"goals": [_("Choose from your own goals.")]})
    pending = MentorRequest.objects.filter(mentee=mentee).open().count()
    if pending >= program.max_open_requests_per_mentee:
        raise RequestLimitReached(
            _(
                "You already have %(n)d requests waiting for an answer: "
                "that is this program's limit."
            )
            % {"n": pending}
        )
    for choice in choices:
        _validate_choice(mentee=mentee, mentor=choice.mentor)

    now = timezone.now()
    group = MentorRequest().choice_group
    created = []
    for rank, choice in enumerate(choices, start=1):
        request = MentorRequest.objects.create(
            program=program,
            mentee=mentee,
            mentor=choice.mentor,
            message=message.strip(),
            state=MentorRequest.State.QUEUED,
            choice_group=group,
            choice_rank=rank,
            **(choice.snapshot or Snapshot()).as_fields(),
        )
        request.goals.set(goals)
        created.append(request)
    _send(created[0], now=now)
    return created


def _lock_request(request_id: int) -> MentorRequest:
    """Lock the request row only; the mentor's capacity has its own lock (`capacity`)."""
    return (
        MentorRequest.objects.select_for_update(of=("self",))
        .select_related(
            "program", "mentee__membership__user", "mentor__membership__user", "mentor__membership"
        )
        .get(pk=request_id)
    )


def _ensure_mentor(request: MentorRequest, user: User) -> None:
    if request.mentor.membership.user_id != user.pk:
        raise ActionNotAllowed(_("Only the mentor this request was sent to can answer it."))


def _ensure_pending(request: MentorRequest) -> None:
    if request.state != MentorRequest.State.PENDING:
        raise InvalidTransition(
            _("This request is %(state)s; it can no longer be answered.")
            % {"state": request.get_state_display().lower()}
        )


def send_next_choice(*, after: MentorRequest, now: datetime.datetime) -> MentorRequest | None:
    """Send the next queued backup of `after`'s group; skip backups no longer possible.

    Both sides hear of it: the new mentor gets the request, the mentee is told.
    """
    backups = (
        MentorRequest.objects.select_for_update(of=("self",))
        .filter(choice_group=after.choice_group, state=MentorRequest.State.QUEUED)
        .select_related("mentor__membership__user", "mentee__membership__user", "program")
    )
    for backup in backups.order_by("choice_rank"):
        try:
            _validate_choice(mentee=backup.mentee, mentor=backup.mentor, backup_id=backup.pk)
        except (ValidationError, InvalidTransition, Blocked):
            backup.state = MentorRequest.State.CANCELLED
            backup.save(update_fields=["state", "updated_at"])
            continue
        _send(backup, now=now)
        notify(
            recipient=backup.mentee.membership.user,
            kind=NotificationKind.REQUEST_ANSWERED,
            title=_("Your request went to your backup choice, %(name)s")
            % {"name": backup.mentor.membership.user.name},
            url=request_url(backup),
        )
        return backup
    return None


@transaction.atomic
def accept_request(*, request: MentorRequest, by: User) -> Relationship:
    """The mentor accepts: a relationship starts, within their capacity; backups are dropped.

    The mentee's participation row is locked before the mentor's (in `start_relationship`),
    the order a cohort publish uses: a publish proposing this mentee then waits for this
    accept and sees the new relationship, instead of giving the mentee a second mentor.
    """
    request = _lock_request(request.pk)
    _ensure_mentor(request, by)
    _ensure_pending(request)
    MenteeParticipation.objects.select_for_update(of=("self",)).get(pk=request.mentee_id)
    relationship = start_relationship(mentee=request.mentee, mentor=request.mentor, request=request)
    request.state = MentorRequest.State.ACCEPTED
    request.answered_at = timezone.now()
    request.save(update_fields=["state", "answered_at", "updated_at"])
    MentorRequest.objects.filter(
        choice_group=request.choice_group, state=MentorRequest.State.QUEUED
    ).update(state=MentorRequest.State.CANCELLED, updated_at=timezone.now())
    notify(
        recipient=request.mentee.membership.user,
        kind=NotificationKind.REQUEST_ANSWERED,
        title=_("%(name)s accepted your request") % {"name": by.name},
        url=reverse("relationship_detail", args=[relationship.pk]),
    )
    return relationship


@transaction.atomic
def decline_request(
    *, request: MentorRequest, by: User, reason: str, note: str = ""
) -> MentorRequest:
    """The mentor declines with a reason; the mentee's next backup is sent."""
    request = _lock_request(request.pk)
    _ensure_mentor(request, by)
    _ensure_pending(request)
    if reason not in MentorRequest.DeclineReason.values:
        raise ValidationError({"reason": [_("Choose a reason from the list.")]})
    now = timezone.now()
    request.state = MentorRequest.State.DECLINED
    request.decline_reason = reason
    request.decline_note = note
    request.answered_at = now
    request.save(
        update_fields=["state", "decline_reason", "decline_note", "answered_at", "updated_at"]
    )
    mark_mentors_changed(mentor_ids=[request.mentor_id])  # responsiveness moved
    notify(
        recipient=request.mentee.membership.user,
        kind=NotificationKind.REQUEST_ANSWERED,
        title=_("%(name)s cannot mentor you right now") % {"name": by.name},
        body=_("Reason: %(reason)s. %(note)s")
        % {"reason": request.get_decline_reason_display(), "note": note},
        url=request_url(request),
    )
    send_next_choice(after=request, now=now)
    return request


@transaction.atomic
def withdraw_request(*, request: MentorRequest, by: User) -> MentorRequest:
    """The mentee takes a request back. Withdrawing the pending one sends the next backup."""
    request = _lock_request(request.pk)
    if request.mentee.membership.user_id != by.pk:
        raise ActionNotAllowed(_("Only the mentee who sent this request can withdraw it."))
    if not request.is_open:
        raise InvalidTransition(_("This request is no longer open."))
    was_pending = request.state == MentorRequest.State.PENDING
    request.state = MentorRequest.State.WITHDRAWN
    request.save(update_fields=["state", "updated_at"])
    if was_pending:
        notify(
            recipient=request.mentor.membership.user,
            kind=NotificationKind.REQUEST_RECEIVED,
            title=_("%(name)s withdrew their request") % {"name": by.name},
            url=reverse("dashboard"),
        )
        send_next_choice(after=request, now=timezone.now())
    return request


@transaction.atomic
def add_request_message(*, request: MentorRequest, by: User, body: str) -> RequestMessage:
    """Before deciding, the mentor may ask a question and the mentee answer."""
    request = _lock_request(request.pk)
    side_user_ids = {request.mentee.membership.user_id, request.mentor.membership.user_id}
    if by.pk not in side_user_ids:
        raise ActionNotAllowed(_("Only the mentee and the mentor can write here."))
    _ensure_pending(request)
    if not body.strip():
        raise ValidationError({"body": [_("Write a message first.")]})
    message = RequestMessage.objects.create(request=request, author=by, body=body.strip())
    other = (
        request.mentee.membership.user
        if by.pk == request.mentor.membership.user_id
        else request.mentor.membership.user
    )
    notify(
        recipient=other,
        kind=NotificationKind.REQUEST_RECEIVED
        if other.pk == request.mentor.membership.user_id
        else NotificationKind.REQUEST_ANSWERED,
        title=_("%(name)s wrote about your request") % {"name": by.name},
        body=body[:500],
        url=request_url(request),
    )
    return message


def expire_due_requests(*, now: datetime.datetime | None = None) -> int:
    """Beat: expire pending requests past their window, tell the mentee what to do next,
    and send their next backup. Returns how many expired."""
    now = now or timezone.now()
    due_ids = list(
        MentorRequest.objects.filter(
            state=MentorRequest.State.PENDING, expires_at__lte=now
        ).values_list("pk", flat=True)
    )
    expired = 0
    for request_id in due_ids:
        with transaction.atomic():
            request = _lock_request(request_id)
            if request.state != MentorRequest.State.PENDING:
                continue  # answered meanwhile
            request.state = MentorRequest.State.EXPIRED
            request.save(update_fields=["state", "updated_at"])
            mark_mentors_changed(mentor_ids=[request.mentor_id])  # responsiveness moved
            backup = send_next_choice(after=request, now=now)
            if backup is not None:
                next_step = _("It went to your backup choice, %(name)s, instead.") % {
                    "name": backup.mentor.membership.user.name
                }
                next_url = request_url(backup)
            else:
                next_step = _(
                    "Look at your suggestions or the mentor directory and ask someone else."
                )
                next_url = reverse("mentor_directory", args=[request.program.slug])
            notify(
                recipient=request.mentee.membership.user,
                kind=NotificationKind.REQUEST_ANSWERED,
                title=_("%(name)s did not answer in time")
                % {"name": request.mentor.membership.user.name},
                body=next_step,
                url=next_url,
            )
            expired += 1
    return expired

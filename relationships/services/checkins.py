"""Check-ins on the program's cadence, their reminders, and the only view admins get of them.

Periods count from the relationship's start: period 1 opens `first_check_in_days` after
it, then a new period every `check_in_interval_days` (an interval of 0 means a single
check-in). Each side answers once per period. Answers are their author's alone; program
admins see `check_in_summary`, which says nothing until `MIN_ANSWERS_FOR_AGGREGATES`
answers exist, so no single answer can be read back out of an average.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.errors import InvalidTransition
from mentorship.models import NotificationKind, User
from mentorship.services.notifications import notify
from relationships.models import CheckIn, Fit, Relationship
from relationships.models.checkins import MIN_ANSWERS_FOR_AGGREGATES
from relationships.services.relationships import ensure_open, ensure_participant
from relationships.services.reminders import claim_reminder

MAX_COMMENT = 2000


def check_ins_url(relationship: Relationship) -> str:
    return reverse("check_ins", args=[relationship.pk])


def period_opens_at(relationship: Relationship, period: int) -> datetime.datetime:
    """When check-in `period` (1, 2, …) opens."""
    program = relationship.program
    return relationship.started_at + datetime.timedelta(
        days=program.first_check_in_days + (period - 1) * program.check_in_interval_days
    )


def current_period(relationship: Relationship, *, now: datetime.datetime) -> int:
    """The check-in period open at `now`; 0 before the first one opens."""
    program = relationship.program
    first = period_opens_at(relationship, 1)
    if now < first:
        return 0
    if program.check_in_interval_days <= 0:
        return 1
    return 1 + (now - first) // datetime.timedelta(days=program.check_in_interval_days)


def _validate_answers(
    *, how_it_is_going: int, good_fit: str, goal_progress: int, comment: str
) -> None:
    errors: dict[str, list[str]] = {}
    for field, value in (("how_it_is_going", how_it_is_going), ("goal_progress", goal_progress)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            errors[field] = [_("Answer from 1 to 5.")]
    if good_fit not in Fit.values:
        errors["good_fit"] = [_("Answer yes, unsure or no.")]
    if len(comment) > MAX_COMMENT:
        errors["comment"] = [_("Keep the comment under %(n)d characters.") % {"n": MAX_COMMENT}]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def submit_check_in(
    *,
    relationship: Relationship,
    by: User,
    how_it_is_going: int,
    good_fit: str,
    goal_progress: int,
    comment: str = "",
    now: datetime.datetime | None = None,
) -> CheckIn:
    """Answer the check-in of the current period, once; nobody is notified of the answers."""
    ensure_participant(relationship, by)
    ensure_open(relationship)
    now = now or timezone.now()
    period = current_period(relationship, now=now)
    if period == 0:
        raise InvalidTransition(
            _("The first check-in opens on %(date)s.")
            % {"date": timezone.localdate(period_opens_at(relationship, 1))}
        )
    _validate_answers(
        how_it_is_going=how_it_is_going,
        good_fit=good_fit,
        goal_progress=goal_progress,
        comment=comment,
    )
    if CheckIn.objects.filter(relationship=relationship, author=by, period=period).exists():
        raise InvalidTransition(_("You have already checked in for this period."))
    try:
        with transaction.atomic():
            return CheckIn.objects.create(
                relationship=relationship,
                author=by,
                period=period,
                how_it_is_going=how_it_is_going,
                good_fit=good_fit,
                goal_progress=goal_progress,
                comment=comment.strip(),
            )
    except IntegrityError as error:  # a double submit raced past the check above
        raise InvalidTransition(_("You have already checked in for this period.")) from error


def send_check_in_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind each side of an active relationship whose current check-in they have not done.

    One reminder per person and period, claimed under a key in the same transaction as
    the notification, so running the scan again sends nothing. Paused relationships are
    skipped: the pair agreed to stop for a while.
    """
    now = now or timezone.now()
    sent = 0
    active = (
        Relationship.objects.filter(state=Relationship.State.ACTIVE, started_at__lte=now)
        .select_related("program", "mentee__membership__user", "mentor__membership__user")
        .prefetch_related(
            Prefetch("check_ins", queryset=CheckIn.objects.only("relationship", "author", "period"))
        )
        .order_by("pk")
    )
    for relationship in active.iterator(chunk_size=500):
        period = current_period(relationship, now=now)
        if period == 0:
            continue
        answered = {
            check_in.author_id
            for check_in in relationship.check_ins.all()
            if check_in.period == period
        }
        for person in (relationship.mentee.membership.user, relationship.mentor.membership.user):
            if person.pk in answered:
                continue
            with transaction.atomic():
                if not claim_reminder(f"check-in:{relationship.pk}:{period}:user:{person.pk}"):
                    continue
                notify(
                    recipient=person,
                    kind=NotificationKind.RELATIONSHIP_UPDATE,
                    title=_("Time for a check-in on your relationship with %(name)s")
                    % {"name": relationship.other_person(person).name},
                    body=_("Three quick questions; only you see your answers."),
                    url=check_ins_url(relationship),
                )
                sent += 1
    return sent


@dataclass(frozen=True)
class CheckInSummary:
    """Check-in answers pooled over many people; never built from fewer than the minimum."""

    answers: int
    average_how_it_is_going: float
    average_goal_progress: float
    good_fit_share: dict[str, float]


def check_in_summary(check_ins: QuerySet[CheckIn]) -> CheckInSummary | None:
    """Pooled answers, or None below `MIN_ANSWERS_FOR_AGGREGATES` (one query)."""
    totals = check_ins.aggregate(
        answers=Count("id"),
        going=Avg("how_it_is_going"),
        progress=Avg("goal_progress"),
        **{f"fit_{value}": Count("id", filter=Q(good_fit=value)) for value in Fit.values},
    )
    answers = int(totals["answers"] or 0)
    if answers < MIN_ANSWERS_FOR_AGGREGATES:
        return None
    return CheckInSummary(
        answers=answers,
        average_how_it_is_going=round(float(totals["going"]), 2),
        average_goal_progress=round(float(totals["progress"]), 2),
        good_fit_share={value: round(totals[f"fit_{value}"] / answers, 2) for value in Fit.values},
    )

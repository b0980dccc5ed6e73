"""The relationship health indicator program admins see: on track, needs attention, at risk.

The rule (the same words are on the health page):

- The *allowed gap* is the agreed cadence plus 7 days (21 days without a confirmed
  agreement) — the same gap after which `scan_inactivity` nudges the pair.
- **At risk** when any of: no held meeting for more than twice the allowed gap; in the
  latest check-in period someone answered "not a good fit"; or someone rated goal progress
  1 of 5 there.
- **Needs attention** when any of: no held meeting for more than the allowed gap; in the
  latest check-in period someone was "unsure" about the fit; or someone rated goal progress
  2 of 5 there.
- **On track** otherwise.

A paused relationship's meeting gap is not held against it (the pair agreed to pause);
its check-ins still count. Admins see the indicator, the days since the last meeting and
the cadence, never which check-in answer moved it: the indicator mixes the signals, and
the individual answers stay with their authors.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import models
from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorship.models import Program
from relationships.models import CheckIn, Fit, MeetingFeedback, Relationship
from relationships.services.checkins import CheckInSummary, check_in_summary
from relationships.services.feedback import FeedbackSummary, feedback_summary
from relationships.services.inactivity import allowed_gap_days, spell_start, with_activity


class Health(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    NEEDS_ATTENTION = "needs_attention", _("Needs attention")
    AT_RISK = "at_risk", _("At risk")


@dataclass(frozen=True)
class Signals:
    """What the indicator is computed from, for one relationship."""

    days_since_meeting: int
    allowed_gap_days: int
    paused: bool = False
    latest_fits: tuple[str, ...] = ()
    latest_goal_progress: tuple[int, ...] = ()


def health_from(signals: Signals) -> Health:
    """Apply the rule in the module docstring."""
    counts_gap = not signals.paused
    days, gap = signals.days_since_meeting, signals.allowed_gap_days
    lowest_progress = min(signals.latest_goal_progress, default=5)
    if (counts_gap and days > 2 * gap) or Fit.NO in signals.latest_fits or lowest_progress <= 1:
        return Health.AT_RISK
    if (counts_gap and days > gap) or Fit.UNSURE in signals.latest_fits or lowest_progress <= 2:
        return Health.NEEDS_ATTENTION
    return Health.ON_TRACK


@dataclass(frozen=True)
class RelationshipHealth:
    relationship: Relationship
    health: Health
    days_since_meeting: int
    allowed_gap_days: int
    last_held_at: datetime.datetime | None
    agreed_cadence: str | None


def health_queryset(program: Program) -> QuerySet[Relationship]:
    """The program's current relationships, annotated for `health_rows`, oldest first."""
    return (
        with_activity(Relationship.objects.filter(program=program).current())
        .select_related("mentee__membership__user", "mentor__membership__user")
        .order_by("started_at", "pk")
    )


LatestAnswers = dict[int, tuple[tuple[str, ...], tuple[int, ...]]]


def _latest_answers(check_ins: QuerySet[CheckIn]) -> LatestAnswers:
    """Per relationship, what the rule needs from its latest check-in period (1 query).

    The database keeps each relationship's latest period and folds its answers into the
    worst fits and the lowest goal progress, so a program's thousands of check-ins never
    travel: `health_from` reaches the same verdict from these as from every answer.
    """
    latest_period = (
        CheckIn.objects.filter(relationship=OuterRef("relationship"))
        .order_by("-period")
        .values("period")[:1]
    )
    rows = (
        check_ins.filter(period=Subquery(latest_period))
        .order_by()
        .values("relationship_id")
        .annotate(
            said_no=Count("pk", filter=Q(good_fit=Fit.NO)),
            said_unsure=Count("pk", filter=Q(good_fit=Fit.UNSURE)),
            lowest_progress=Min("goal_progress"),
        )
        .values_list("relationship_id", "said_no", "said_unsure", "lowest_progress")
    )
    return {
        relationship_id: (
            (Fit.NO,) * bool(said_no) + (Fit.UNSURE,) * bool(said_unsure),
            () if lowest is None else (lowest,),
        )
        for relationship_id, said_no, said_unsure, lowest in rows
    }


def health_rows(
    relationships: Sequence[Relationship], *, now: datetime.datetime | None = None
) -> list[RelationshipHealth]:
    """The indicator for relationships from `health_queryset` (one more query in all)."""
    now = now or timezone.now()
    answers = _latest_answers(
        CheckIn.objects.filter(
            relationship_id__in=[relationship.pk for relationship in relationships]
        )
    )
    rows = []
    for relationship in relationships:
        cadence: str | None = getattr(relationship, "agreed_cadence", None)
        gap = allowed_gap_days(cadence)
        days = max(0, (now - spell_start(relationship)).days)
        fits, progress = answers.get(relationship.pk, ((), ()))
        signals = Signals(
            days_since_meeting=days,
            allowed_gap_days=gap,
            paused=relationship.state == Relationship.State.PAUSED,
            latest_fits=fits,
            latest_goal_progress=progress,
        )
        rows.append(
            RelationshipHealth(
                relationship=relationship,
                health=health_from(signals),
                days_since_meeting=days,
                allowed_gap_days=gap,
                last_held_at=getattr(relationship, "last_held_at", None),
                agreed_cadence=cadence,
            )
        )
    return rows


class HealthValues(NamedTuple):
    """One current relationship's indicator, without the model instance (reports read
    thousands of these; a named tuple costs a fraction of a `Relationship`)."""

    relationship_id: int
    state: str
    health: Health
    days_since_meeting: int
    allowed_gap_days: int


def program_health_values(
    program: Program, *, now: datetime.datetime | None = None
) -> list[HealthValues]:
    """The indicator of each of the program's current relationships, oldest first, from
    plain values (2 queries, whatever the program's size).

    The same rule as `health_rows`, through the same `health_from`: the database only
    supplies each relationship's activity and its latest check-in answers folded.
    """
    now = now or timezone.now()
    current = Relationship.objects.filter(program=program).current()
    answers = _latest_answers(CheckIn.objects.filter(relationship__in=current.values("pk")))
    # Typed loosely: the annotations `with_activity` adds are invisible to the type checker.
    annotated: QuerySet[Any] = with_activity(current)
    activity = annotated.order_by("started_at", "pk").values_list(
        "pk", "state", "started_at", "last_held_at", "agreed_cadence"
    )
    gaps: dict[str | None, int] = {}
    rows = []
    for pk, state, started_at, last_held_at, cadence in activity:
        gap = gaps.get(cadence)
        if gap is None:
            gap = gaps[cadence] = allowed_gap_days(cadence)
        days = max(0, (now - (last_held_at or started_at)).days)
        fits, progress = answers.get(pk, ((), ()))
        signals = Signals(
            days_since_meeting=days,
            allowed_gap_days=gap,
            paused=state == Relationship.State.PAUSED,
            latest_fits=fits,
            latest_goal_progress=progress,
        )
        rows.append(HealthValues(pk, state, health_from(signals), days, gap))
    return rows


@dataclass(frozen=True)
class ProgramHealth:
    """A program at a glance: indicator counts and pooled answers (None below the minimum)."""

    counts: dict[str, int]
    check_ins: CheckInSummary | None
    feedback: FeedbackSummary | None


def program_health(program: Program, *, now: datetime.datetime | None = None) -> ProgramHealth:
    """Counts of each indicator over the current relationships, and the program's pooled
    check-in and meeting-feedback answers (4 queries)."""
    counts = {health.value: 0 for health in Health}
    for row in program_health_values(program, now=now):
        counts[row.health.value] += 1
    return ProgramHealth(
        counts=counts,
        check_ins=check_in_summary(CheckIn.objects.filter(relationship__program=program)),
        feedback=feedback_summary(
            MeetingFeedback.objects.filter(meeting__relationship__program=program)
        ),
    )

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
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet
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


def _latest_answers(
    relationship_ids: Sequence[int],
) -> dict[int, tuple[tuple[str, ...], tuple[int, ...]]]:
    """Per relationship, the fits and goal progress answered in its latest period (1 query)."""
    rows = CheckIn.objects.filter(relationship_id__in=relationship_ids).values_list(
        "relationship_id", "period", "good_fit", "goal_progress"
    )
    by_relationship: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for relationship_id, period, fit, progress in rows:
        by_relationship[relationship_id].append((period, fit, progress))
    latest: dict[int, tuple[tuple[str, ...], tuple[int, ...]]] = {}
    for relationship_id, answers in by_relationship.items():
        last = max(period for period, _fit, _progress in answers)
        current = [(fit, progress) for period, fit, progress in answers if period == last]
        latest[relationship_id] = (
            tuple(fit for fit, _progress in current),
            tuple(progress for _fit, progress in current),
        )
    return latest


def health_rows(
    relationships: Sequence[Relationship], *, now: datetime.datetime | None = None
) -> list[RelationshipHealth]:
    """The indicator for relationships from `health_queryset` (one more query in all)."""
    now = now or timezone.now()
    answers = _latest_answers([relationship.pk for relationship in relationships])
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


@dataclass(frozen=True)
class ProgramHealth:
    """A program at a glance: indicator counts and pooled answers (None below the minimum)."""

    counts: dict[str, int]
    check_ins: CheckInSummary | None
    feedback: FeedbackSummary | None


def program_health(program: Program, *, now: datetime.datetime | None = None) -> ProgramHealth:
    """Counts of each indicator over the current relationships, and the program's pooled
    check-in and meeting-feedback answers (4 queries)."""
    rows = health_rows(list(health_queryset(program)), now=now)
    counts = {health.value: 0 for health in Health}
    for row in rows:
        counts[row.health.value] += 1
    return ProgramHealth(
        counts=counts,
        check_ins=check_in_summary(CheckIn.objects.filter(relationship__program=program)),
        feedback=feedback_summary(
            MeetingFeedback.objects.filter(meeting__relationship__program=program)
        ),
    )

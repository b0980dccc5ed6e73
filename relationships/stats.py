"""Mentor stats for directory cards, mentor pages and dashboards: capacity and responsiveness.

Responsiveness covers the last 90 days, judged by when a request was decided:
- *answered* requests are the accepted and declined ones (answered in the window);
- *expired* requests (the window passed in those 90 days) were not answered, so they never
  count as answered and have no answer time, but they do count in the acceptance rate's
  denominator: a mentee whose request expired was not accepted, and leaving requests to
  expire must not look better than declining them;
- withdrawn and cancelled requests are the mentee's doing and count for nothing.

Figures are shown only from `MIN_ANSWERED` answered requests on; before that the mentor is
a "new mentor", since one or two answers say little about how someone usually answers.
"""

from __future__ import annotations

import datetime
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentorship.models import MentorParticipation, Program
from relationships.models import MentorRequest, Relationship

WINDOW_DAYS = 90
MIN_ANSWERED = 3
ANSWERED_STATES = (MentorRequest.State.ACCEPTED, MentorRequest.State.DECLINED)


@dataclass(frozen=True)
class MentorStats:
    """One mentor's capacity and, once they have answered enough requests, responsiveness."""

    mentor_id: int
    capacity_total: int
    capacity_in_use: int
    answered: int
    accepted: int
    expired: int
    # None while the mentor is new (fewer than MIN_ANSWERED answered requests).
    acceptance_rate: float | None
    median_hours_to_answer: float | None

    @property
    def capacity_remaining(self) -> int:
        return max(0, self.capacity_total - self.capacity_in_use)

    @property
    def is_new_mentor(self) -> bool:
        return self.answered < MIN_ANSWERED

    @property
    def acceptance_percent(self) -> int | None:
        if self.acceptance_rate is None:
            return None
        return round(self.acceptance_rate * 100)

    @property
    def answer_time_label(self) -> str:
        """ "within 5 hours", "within 2 days"; empty for a new mentor."""
        hours = self.median_hours_to_answer
        if hours is None:
            return ""
        if hours <= 1:
            return _("within an hour")
        if hours < 24:
            whole_hours = math.ceil(hours)
            return ngettext("within %(n)d hour", "within %(n)d hours", whole_hours) % {
                "n": whole_hours
            }
        days = math.ceil(hours / 24)
        return ngettext("within %(n)d day", "within %(n)d days", days) % {"n": days}


@dataclass
class _Tally:
    accepted: int = 0
    declined: int = 0
    expired: int = 0
    answer_hours: list[float] = field(default_factory=list)


def mentor_stats(
    mentor_ids: Sequence[int] | None = None,
    *,
    program: Program | None = None,
    now: datetime.datetime | None = None,
) -> dict[int, MentorStats]:
    """Stats of the given mentor participations (or of every mentor of `program`), keyed by
    id, in two queries for any number.

    Ids of participations that do not exist are left out of the result. The whole-program
    form filters by program instead of listing ids: the ranker reads 100,000 mentors at once.
    """
    if program is not None:
        mentors = MentorParticipation.objects.filter(membership__program=program)
        requests = MentorRequest.objects.filter(program=program)
    elif mentor_ids:
        mentors = MentorParticipation.objects.filter(pk__in=mentor_ids)
        requests = MentorRequest.objects.filter(mentor_id__in=mentor_ids)
    else:
        return {}
    capacities = mentors.annotate(
        in_use=Count(
            "relationships",
            filter=Q(relationships__state__in=Relationship.CURRENT_STATES),
        )
    ).values_list("pk", "capacity", "in_use")
    tallies = _tallies(requests, now=now)

    return {
        mentor_id: _stats(mentor_id, capacity, in_use, tallies.get(mentor_id, _Tally()))
        for mentor_id, capacity, in_use in capacities
    }


def stats_of_loaded(
    mentors: Sequence[MentorParticipation], *, now: datetime.datetime | None = None
) -> dict[int, MentorStats]:
    """Like `mentor_stats`, for mentors already loaded with a `capacity_in_use` annotation
    (see `matching.directory.with_card_data`): one query, for the requests."""
    if not mentors:
        return {}
    tallies = _tallies(
        MentorRequest.objects.filter(mentor_id__in=[mentor.pk for mentor in mentors]), now=now
    )
    return {
        mentor.pk: _stats(
            mentor.pk,
            mentor.capacity,
            mentor.capacity_in_use,  # type: ignore[attr-defined]
            tallies.get(mentor.pk, _Tally()),
        )
        for mentor in mentors
    }


def _tallies(
    requests: QuerySet[MentorRequest], *, now: datetime.datetime | None
) -> dict[int, _Tally]:
    """Accepted, declined and expired requests per mentor over the window, with answer times."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=WINDOW_DAYS)
    decided = requests.filter(
        Q(
            state__in=ANSWERED_STATES,
            sent_at__isnull=False,
            answered_at__gt=since,
            answered_at__lte=now,
        )
        | Q(state=MentorRequest.State.EXPIRED, expires_at__gt=since, expires_at__lte=now)
    )
    tallies: dict[int, _Tally] = {}
    for mentor_id, state, sent_at, answered_at in decided.values_list(
        "mentor_id", "state", "sent_at", "answered_at"
    ):
        tally = tallies.setdefault(mentor_id, _Tally())
        if state == MentorRequest.State.EXPIRED:
            tally.expired += 1
            continue
        if state == MentorRequest.State.ACCEPTED:
            tally.accepted += 1
        else:
            tally.declined += 1
        assert sent_at is not None and answered_at is not None  # both filtered for above
        tally.answer_hours.append(max(0.0, (answered_at - sent_at).total_seconds() / 3600))

    return tallies


def _stats(mentor_id: int, capacity: int, in_use: int, tally: _Tally) -> MentorStats:
    answered = tally.accepted + tally.declined
    known = answered >= MIN_ANSWERED
    return MentorStats(
        mentor_id=mentor_id,
        capacity_total=capacity,
        capacity_in_use=in_use,
        answered=answered,
        accepted=tally.accepted,
        expired=tally.expired,
        acceptance_rate=tally.accepted / (answered + tally.expired) if known else None,
        median_hours_to_answer=statistics.median(tally.answer_hours) if known else None,
    )

"""The program dashboard: how matching and the relationships are going, week by week.

Every figure is a count, a rate or a median over the whole program, computed from a fixed
number of bulk queries, whatever the program's size: counts per week are grouped in SQL,
and so are medians per week (`sql.tally_by_week`), so a report over ten thousand
relationships reads a few hundred rows, not tens of thousands. Meeting ratings and
check-in answers appear only pooled, and only over `MIN_ANSWERS_FOR_AGGREGATES` answers
(the rule of `relationships.health`), for the program and for each week alike.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import NamedTuple

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    DateTimeField,
    ExpressionWrapper,
    Min,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.reports.common import (
    Cell,
    Report,
    Table,
    first_held_meeting,
    median,
    percent,
    program_weeks,
    sql_week,
)
from matching.reports.sql import DaysBetween, Tallies, Tally, tally_by_week
from mentorship.models import Membership, MenteeParticipation, Program
from relationships.models import CheckIn, Fit, Meeting, MeetingFeedback, MentorRequest, Relationship
from relationships.models.checkins import MIN_ANSWERS_FOR_AGGREGATES

DAYS_PER_MONTH = 30.44
MET_WITHIN_DAYS = 14
DECIDED_STATES = (
    MentorRequest.State.ACCEPTED,
    MentorRequest.State.DECLINED,
    MentorRequest.State.EXPIRED,
)


def overview(program: Program, *, now: datetime.datetime | None = None) -> Report:
    """The dashboard's figures and weekly trends for `program`."""
    now = now or timezone.now()
    at_now = Value(now, output_field=DateTimeField())
    figures: dict[str, Cell] = {}
    seen: set[datetime.date] = set()

    participants, joined = _participants(program, figures)
    seen.update(joined)
    matched = _time_to_match(program, figures)
    seen.update(matched)
    requests = _requests(program, figures)
    seen.update(requests)
    started, all_started = _first_meetings(program, at_now)
    closures = _closures(program, at_now)
    held = _held_by_week(program)
    ratings = _ratings_by_week(program, figures)
    fits = _fits_by_week(program, figures)
    seen.update(started)
    seen.update(held)
    weeks = program_weeks(seen, now=now)

    return Report(
        figures=figures,
        tables=[
            participants,
            _joined_table(weeks, joined),
            _matching_table(weeks, matched),
            _requests_table(weeks, requests),
            _first_meeting_table(weeks, started, all_started, figures),
            _meetings_table(weeks, started, closures, held, figures),
            _ratings_table(weeks, ratings),
            _fit_table(weeks, fits),
            *_closure_tables(weeks, closures, figures),
        ],
    )


def _median_of(tally: Tally | None, *, times: float = 1.0) -> float | None:
    """The median of a tally's values clamped at zero (spans may be negative) and scaled.

    Both keep the values' order, so they are applied to the two middles alone.
    """
    if tally is None or tally.middle is None:
        return None
    return median([max(0.0, value) * times for value in tally.middle])


def _participants(
    program: Program, figures: dict[str, Cell]
) -> tuple[Table, dict[datetime.date, tuple[int, int]]]:
    """People by role, and mentees and mentors joining by week: one query grouped by the
    week of joining, whose rows add up to the program's totals (a NULL week is someone
    with no joining date, counted in the totals only)."""
    rows = (
        Membership.objects.filter(program=program, status=Membership.Status.ACTIVE)
        .annotate(week=sql_week("joined_at"))
        .values("week")
        .annotate(
            mentees=Count("pk", filter=Q(mentee_participation__isnull=False)),
            mentors=Count("pk", filter=Q(mentor_participation__isnull=False)),
            admins=Count("pk", filter=Q(is_admin=True)),
        )
        .order_by()
    )
    counts: Counter[str] = Counter(mentees=0, mentors=0, admins=0)
    joined: dict[datetime.date, tuple[int, int]] = {}
    for row in rows:
        counts.update({key: row[key] for key in ("mentees", "mentors", "admins")})
        if row["week"] is not None:
            joined[row["week"]] = (row["mentees"], row["mentors"])
    figures.update(counts)
    table = Table(
        key="participants",
        title=_("Participants by role"),
        columns=(_("Role"), _("People")),
        rows=[
            (_("Mentees"), counts["mentees"]),
            (_("Mentors"), counts["mentors"]),
            (_("Program admins"), counts["admins"]),
        ],
        chart="bar",
        chart_columns=(1,),
    )
    return table, joined


def _joined_table(
    weeks: list[datetime.date], joined: dict[datetime.date, tuple[int, int]]
) -> Table:
    return Table(
        key="joined",
        title=_("People joining, by week"),
        columns=(_("Week of"), _("Mentees joined"), _("Mentors joined")),
        rows=[(week.isoformat(), *joined.get(week, (0, 0))) for week in weeks],
        chart="line",
        chart_columns=(1, 2),
    )


def _time_to_match(program: Program, figures: dict[str, Cell]) -> Tallies:
    """Share of mentees matched, and days from joining to the first relationship, by the
    week of that first match (a mentee never matched has no week and no value)."""
    rows = (
        MenteeParticipation.objects.filter(
            membership__program=program, membership__status=Membership.Status.ACTIVE
        )
        .annotate(first_match=Min("relationships__started_at"))
        .annotate(
            week=sql_week("first_match"),
            # Without a joining date there is no wait: a span from the match to itself.
            value=DaysBetween(Coalesce("membership__joined_at", "first_match"), "first_match"),
        )
        .values("week", "value")
    )
    by_week, total = tally_by_week(rows)
    figures["mentees_matched"] = total.values
    figures["matched_percent"] = percent(total.values, total.rows)
    figures["median_days_to_match"] = _median_of(total)
    return by_week


def _matching_table(weeks: list[datetime.date], matched: Tallies) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for week in weeks:
        tally = matched.get(week)
        rows.append((week.isoformat(), tally.values if tally else 0, _median_of(tally)))
    return Table(
        key="matching",
        title=_("Mentees matched for the first time, by week"),
        columns=(_("Week of"), _("Mentees matched"), _("Median days from joining to match")),
        rows=rows,
        chart="line",
        chart_columns=(1, 2),
    )


def _requests(program: Program, figures: dict[str, Cell]) -> Tallies:
    """Acceptance rate (expired requests count as not accepted, as in `relationships.stats`)
    and the median hours a mentor took to answer; weekly by when a request was decided.
    Tallies count decided requests, flag the accepted ones, and hold the days to answer."""
    rows = (
        MentorRequest.objects.filter(program=program, state__in=DECIDED_STATES)
        .exclude(answered_at=None, expires_at=None, sent_at=None)  # no date, no week
        .annotate(week=sql_week(Coalesce("answered_at", "expires_at", "sent_at")))
        .annotate(
            value=Case(
                When(
                    ~Q(state=MentorRequest.State.EXPIRED),
                    then=DaysBetween("sent_at", "answered_at"),
                )
            ),
            accepted=ExpressionWrapper(
                Q(state=MentorRequest.State.ACCEPTED), output_field=BooleanField()
            ),
        )
        .values("week", "value", "accepted")
    )
    by_week, total = tally_by_week(rows, flags=['"accepted"'])
    figures["requests_decided"] = total.rows
    figures["acceptance_percent"] = percent(total.flagged[0], total.rows)
    figures["median_response_hours"] = _median_of(total, times=24)
    return by_week


def _requests_table(weeks: list[datetime.date], requests: Tallies) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for week in weeks:
        tally = requests.get(week)
        decided, accepted = (tally.rows, tally.flagged[0]) if tally else (0, 0)
        rows.append(
            (week.isoformat(), decided, percent(accepted, decided), _median_of(tally, times=24))
        )
    return Table(
        key="requests",
        title=_("Requests decided, by week"),
        columns=(
            _("Week of"),
            _("Requests decided"),
            _("Accepted (%)"),
            _("Median hours to answer"),
        ),
        rows=rows,
        chart="line",
        chart_columns=(2,),
        note=_("Expired requests count as not accepted and have no answer time."),
    )


def _first_meetings(program: Program, at_now: Value) -> tuple[Tallies, Tally]:
    """Relationships by the week they began, with the days to the first held meeting,
    flagging those met within `MET_WITHIN_DAYS` and those decided (met, or older than that).
    The flags read the selected value, so the subquery runs once per relationship."""
    rows = (
        Relationship.objects.filter(program=program)
        .annotate(
            week=sql_week("started_at"),
            value=DaysBetween("started_at", first_held_meeting()),
            old=GreaterThan(DaysBetween("started_at", at_now), MET_WITHIN_DAYS),
        )
        .values("week", "value", "old")
    )
    return tally_by_week(
        rows, flags=[f'"value" <= {MET_WITHIN_DAYS}', '"value" IS NOT NULL OR "old"']
    )


def _first_meeting_table(
    weeks: list[datetime.date], started: Tallies, total: Tally, figures: dict[str, Cell]
) -> Table:
    """Days from the match to the first held meeting, by the week the relationship began."""
    figures["median_days_to_first_meeting"] = _median_of(total)
    figures["met_within_14_days_percent"] = percent(total.flagged[0], total.flagged[1])
    rows: list[tuple[Cell, ...]] = []
    for week in weeks:
        tally = started.get(week)
        count, met_soon = (tally.rows, tally.flagged[0]) if tally else (0, 0)
        rows.append((week.isoformat(), count, met_soon, _median_of(tally)))
    return Table(
        key="first_meeting",
        title=_("First meetings, by the week the relationship began"),
        columns=(
            _("Week of"),
            _("Relationships begun"),
            _("First meeting within 14 days"),
            _("Median days to first meeting"),
        ),
        rows=rows,
        chart="line",
        chart_columns=(1, 2),
    )


class Closures(NamedTuple):
    """Relationships by the week they closed (any state: a week's current relationships
    exclude them), the finished ones by week and outcome and by reason, and the months
    all relationships have lived (to their close, or to now)."""

    closed: Counter[datetime.date]
    completed: Counter[datetime.date]
    ended: Counter[datetime.date]
    reasons: Counter[str]
    months: float


def _closures(program: Program, at_now: Value) -> Closures:
    """One query grouped by close week, state and reason: a few dozen rows to fold."""
    rows = (
        Relationship.objects.filter(program=program)
        .annotate(close_week=sql_week("closed_at"))
        .values("close_week", "state", "close_reason")
        .annotate(
            count=Count("pk"),
            lived=Sum(
                Greatest(Value(0.0), DaysBetween("started_at", Coalesce("closed_at", at_now)))
            ),
        )
        .order_by()
        .values_list("close_week", "state", "close_reason", "count", "lived")
    )
    closed: Counter[datetime.date] = Counter()
    completed: Counter[datetime.date] = Counter()
    ended: Counter[datetime.date] = Counter()
    reasons: Counter[str] = Counter()
    lived_days = 0.0
    for week, state, reason, count, lived in rows:
        lived_days += lived
        if week is None:
            continue
        closed[week] += count
        if state in Relationship.CURRENT_STATES:
            continue
        reasons[reason] += count
        (completed if state == Relationship.State.COMPLETED else ended)[week] += count
    return Closures(closed, completed, ended, reasons, months=lived_days / DAYS_PER_MONTH)


def _held_by_week(program: Program) -> dict[datetime.date, int]:
    rows = (
        Meeting.objects.filter(relationship__program=program, state=Meeting.State.HELD)
        .annotate(week=sql_week("starts_at"))
        .values("week")
        .annotate(held=Count("pk"))
    )
    return {row["week"]: row["held"] for row in rows}


def _meetings_table(
    weeks: list[datetime.date],
    started: Tallies,
    closures: Closures,
    held: dict[datetime.date, int],
    figures: dict[str, Cell],
) -> Table:
    """Held meetings per relationship per month: meetings over relationship-months lived.

    A week's current relationships are those begun before it ended and not closed before
    it began.
    """
    months = closures.months
    figures["meetings_held"] = sum(held.values())
    figures["meetings_per_relationship_month"] = (
        round(sum(held.values()) / months, 2) if months else None
    )
    rows: list[tuple[Cell, ...]] = []
    for week in weeks:
        begun = sum(tally.rows for start, tally in started.items() if start <= week)
        closed = sum(count for close, count in closures.closed.items() if close < week)
        current = begun - closed
        meetings = held.get(week, 0)
        rate = round(meetings / current * DAYS_PER_MONTH / 7, 2) if current else None
        rows.append((week.isoformat(), meetings, current, rate))
    return Table(
        key="meetings",
        title=_("Meetings held, by week"),
        columns=(
            _("Week of"),
            _("Meetings held"),
            _("Current relationships"),
            _("Meetings per relationship per month"),
        ),
        rows=rows,
        chart="line",
        chart_columns=(3,),
    )


def _ratings_by_week(
    program: Program, figures: dict[str, Cell]
) -> dict[datetime.date, tuple[int, float]]:
    """Ratings and their average by the week of the meeting, and for the whole program.

    The program's figures add up the weeks rather than asking the database again (as
    `feedback_summary` would): the same pooling rule, and the same average, since a sum of
    whole ratings over their count is exact either way before it is rounded.
    """
    rows = (
        MeetingFeedback.objects.filter(meeting__relationship__program=program)
        .annotate(week=sql_week("meeting__starts_at"))
        .values("week")
        .annotate(answers=Count("pk"), average=Avg("rating"), total=Sum("rating"))
    )
    by_week: dict[datetime.date, tuple[int, float]] = {}
    answers = total = 0
    for row in rows:
        by_week[row["week"]] = (row["answers"], float(row["average"]))
        answers += row["answers"]
        total += row["total"]
    pooled = answers >= MIN_ANSWERS_FOR_AGGREGATES
    figures["rating_answers"] = answers if pooled else None
    figures["average_rating"] = round(total / answers, 2) if pooled else None
    return by_week


def _ratings_table(
    weeks: list[datetime.date], ratings: dict[datetime.date, tuple[int, float]]
) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for week in weeks:
        answers, rating = ratings.get(week, (0, 0.0))
        pooled = answers >= MIN_ANSWERS_FOR_AGGREGATES
        rows.append(
            (week.isoformat(), answers if pooled else None, round(rating, 2) if pooled else None)
        )
    return Table(
        key="ratings",
        title=_("Average meeting rating, by week"),
        columns=(_("Week of"), _("Ratings"), _("Average rating (1–5)")),
        rows=rows,
        chart="line",
        chart_columns=(2,),
        note=_("Weeks with fewer than %(n)d ratings show no figures.")
        % {"n": MIN_ANSWERS_FOR_AGGREGATES},
    )


def _fits_by_week(
    program: Program, figures: dict[str, Cell]
) -> dict[datetime.date, dict[str, int]]:
    """Check-in answers by week and fit, and for the whole program: the program's figures
    add up the weeks, as `_ratings_by_week` does, with the shares of `check_in_summary`
    (rounded to hundredths, then shown as percents)."""
    rows = (
        CheckIn.objects.filter(relationship__program=program)
        .annotate(week=sql_week("created_at"))
        .values("week")
        .annotate(
            answers=Count("pk"),
            yes=Count("pk", filter=Q(good_fit=Fit.YES)),
            unsure=Count("pk", filter=Q(good_fit=Fit.UNSURE)),
            no=Count("pk", filter=Q(good_fit=Fit.NO)),
        )
    )
    by_week = {
        row["week"]: {
            "answers": row["answers"],
            Fit.YES: row["yes"],
            Fit.UNSURE: row["unsure"],
            Fit.NO: row["no"],
        }
        for row in rows
    }
    totals: Counter[str] = Counter()
    for tally in by_week.values():
        totals.update(tally)
    answers = totals["answers"]
    pooled = answers >= MIN_ANSWERS_FOR_AGGREGATES
    figures["check_in_answers"] = answers if pooled else None
    for value in Fit.values:
        share = round(totals[value] / answers, 2) if pooled else None
        figures[f"fit_{value}_percent"] = None if share is None else round(100 * share, 1)
    return by_week


def _fit_table(weeks: list[datetime.date], fits: dict[datetime.date, dict[str, int]]) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for week in weeks:
        tally = fits.get(week, {})
        answers = tally.get("answers", 0)
        if answers < MIN_ANSWERS_FOR_AGGREGATES:
            rows.append((week.isoformat(), None, None, None, None))
            continue
        rows.append(
            (week.isoformat(), answers, *(percent(tally[value], answers) for value in Fit.values))
        )
    return Table(
        key="fit",
        title=_("Check-ins: is it a good fit? By week"),
        columns=(_("Week of"), _("Answers"), _("Yes (%)"), _("Unsure (%)"), _("No (%)")),
        rows=rows,
        chart="line",
        chart_columns=(2, 3, 4),
        note=_("Weeks with fewer than %(n)d answers show no figures.")
        % {"n": MIN_ANSWERS_FOR_AGGREGATES},
    )


def _closure_tables(
    weeks: list[datetime.date], closures: Closures, figures: dict[str, Cell]
) -> list[Table]:
    reasons, completed, ended = closures.reasons, closures.completed, closures.ended
    closed = sum(reasons.values())
    figures["closed"] = closed
    figures["completion_percent"] = percent(sum(completed.values()), closed)
    labels = dict(Relationship.CloseReason.choices)
    return [
        Table(
            key="closure_reasons",
            title=_("Why relationships closed"),
            columns=(_("Reason"), _("Relationships")),
            rows=[
                (str(labels.get(reason, _("Not given"))), reasons[reason])
                for reason in [*Relationship.CloseReason.values, ""]
                if reason in reasons or reason
            ],
            chart="bar",
            chart_columns=(1,),
        ),
        Table(
            key="closures",
            title=_("Relationships closed, by week"),
            columns=(_("Week of"), _("Completed"), _("Ended early"), _("Completed (%)")),
            rows=[
                (
                    week.isoformat(),
                    completed[week],
                    ended[week],
                    percent(completed[week], completed[week] + ended[week]),
                )
                for week in weeks
            ],
            chart="line",
            chart_columns=(1, 2),
        ),
    ]

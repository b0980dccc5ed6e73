"""The program dashboard: how matching and the relationships are going, week by week.

Every figure is a count, a rate or a median over the whole program, computed from a fixed
number of bulk queries (10, whatever the program's size): per-row values are read with
`values_list` and folded here, and counts per week are grouped in SQL. Meeting ratings and
check-in answers appear only pooled, and only over `MIN_ANSWERS_FOR_AGGREGATES` answers
(the rule of `relationships.health`), for the program and for each week alike.
"""

from __future__ import annotations

import bisect
import datetime
from collections import Counter, defaultdict
from typing import NamedTuple

from django.db.models import Avg, Count, DateTimeField, Min, Q, Value
from django.db.models.functions import Coalesce
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
from matching.reports.sql import DaysBetween
from mentorship.models import Membership, MenteeParticipation, Program
from relationships.models import CheckIn, Fit, Meeting, MeetingFeedback, MentorRequest, Relationship
from relationships.models.checkins import MIN_ANSWERS_FOR_AGGREGATES
from relationships.services.checkins import check_in_summary
from relationships.services.feedback import feedback_summary

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
    figures: dict[str, Cell] = {}
    seen: set[datetime.date] = set()

    participants = _participants(program, figures)
    joined = _joined_by_week(program)
    seen.update(joined)
    matched_weeks = _time_to_match(program, figures)
    seen.update(matched_weeks)
    request_weeks = _requests(program, figures)
    seen.update(request_weeks)
    at_now = Value(now, output_field=DateTimeField())
    relationships = [
        Row._make(values)
        for values in Relationship.objects.filter(program=program)
        .annotate(
            start_week=sql_week("started_at"),
            close_week=sql_week("closed_at"),
            first_meeting_days=DaysBetween("started_at", first_held_meeting()),
            lived_days=DaysBetween("started_at", Coalesce("closed_at", at_now)),
            age_days=DaysBetween("started_at", at_now),
        )
        .order_by()
        .values_list(
            "start_week",
            "close_week",
            "state",
            "close_reason",
            "first_meeting_days",
            "lived_days",
            "age_days",
        )
    ]
    held = _held_by_week(program)
    ratings = _ratings_by_week(program, figures)
    fits = _fits_by_week(program, figures)
    seen.update(row.start_week for row in relationships)
    seen.update(held)
    weeks = program_weeks(seen, now=now)

    return Report(
        figures=figures,
        tables=[
            participants,
            _joined_table(weeks, joined),
            _matching_table(weeks, matched_weeks),
            _requests_table(weeks, request_weeks),
            _first_meeting_table(weeks, relationships, figures),
            _meetings_table(weeks, relationships, held, figures),
            _ratings_table(weeks, ratings),
            _fit_table(weeks, fits),
            *_closure_tables(weeks, relationships, figures),
        ],
    )


def _participants(program: Program, figures: dict[str, Cell]) -> Table:
    counts = Membership.objects.filter(program=program, status=Membership.Status.ACTIVE).aggregate(
        mentees=Count("pk", filter=Q(mentee_participation__isnull=False)),
        mentors=Count("pk", filter=Q(mentor_participation__isnull=False)),
        admins=Count("pk", filter=Q(is_admin=True)),
    )
    figures.update({key: int(value) for key, value in counts.items()})
    return Table(
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


def _joined_by_week(program: Program) -> dict[datetime.date, tuple[int, int]]:
    rows = (
        Membership.objects.filter(
            program=program, status=Membership.Status.ACTIVE, joined_at__isnull=False
        )
        .annotate(week=sql_week("joined_at"))
        .values("week")
        .annotate(
            mentees=Count("pk", filter=Q(mentee_participation__isnull=False)),
            mentors=Count("pk", filter=Q(mentor_participation__isnull=False)),
        )
    )
    return {row["week"]: (row["mentees"], row["mentors"]) for row in rows}


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


def _time_to_match(program: Program, figures: dict[str, Cell]) -> dict[datetime.date, list[float]]:
    """Share of mentees matched, and days from joining to the first relationship."""
    rows = (
        MenteeParticipation.objects.filter(
            membership__program=program, membership__status=Membership.Status.ACTIVE
        )
        .annotate(first_match=Min("relationships__started_at"))
        .annotate(
            week=sql_week("first_match"),
            wait=DaysBetween("membership__joined_at", "first_match"),
        )
        .order_by()
        .values_list("week", "wait")
    )
    mentees = 0
    waits: list[float] = []
    by_week: dict[datetime.date, list[float]] = defaultdict(list)
    for week, days in rows:
        mentees += 1
        if week is None:  # never matched
            continue
        wait = max(0.0, days) if days is not None else 0.0  # no joining date: no wait
        waits.append(wait)
        by_week[week].append(wait)
    figures["mentees_matched"] = len(waits)
    figures["matched_percent"] = percent(len(waits), mentees)
    figures["median_days_to_match"] = median(waits)
    return by_week


def _matching_table(weeks: list[datetime.date], matched: dict[datetime.date, list[float]]) -> Table:
    return Table(
        key="matching",
        title=_("Mentees matched for the first time, by week"),
        columns=(_("Week of"), _("Mentees matched"), _("Median days from joining to match")),
        rows=[
            (week.isoformat(), len(matched.get(week, [])), median(matched.get(week, [])))
            for week in weeks
        ],
        chart="line",
        chart_columns=(1, 2),
    )


RequestWeeks = dict[datetime.date, tuple[Counter[str], list[float]]]


def _requests(program: Program, figures: dict[str, Cell]) -> RequestWeeks:
    """Acceptance rate (expired requests count as not accepted, as in `relationships.stats`)
    and the median hours a mentor took to answer; weekly by when a request was decided."""
    rows = (
        MentorRequest.objects.filter(program=program, state__in=DECIDED_STATES)
        .annotate(
            week=sql_week(Coalesce("answered_at", "expires_at", "sent_at")),
            answer_days=DaysBetween("sent_at", "answered_at"),
        )
        .order_by()
        .values_list("state", "answer_days", "week")
    )
    totals: Counter[str] = Counter()
    hours: list[float] = []
    by_week: dict[datetime.date, Counter[str]] = defaultdict(Counter)
    weekly_hours: dict[datetime.date, list[float]] = defaultdict(list)
    for state, answer_days, week in rows:
        if week is None:
            continue
        totals[state] += 1
        by_week[week][state] += 1
        if state != MentorRequest.State.EXPIRED and answer_days is not None:
            answer_hours = max(0.0, answer_days) * 24
            hours.append(answer_hours)
            weekly_hours[week].append(answer_hours)
    decided = sum(totals.values())
    figures["requests_decided"] = decided
    figures["acceptance_percent"] = percent(totals[MentorRequest.State.ACCEPTED], decided)
    figures["median_response_hours"] = median(hours)
    return {week: (tally, weekly_hours[week]) for week, tally in by_week.items()}


def _requests_table(weeks: list[datetime.date], requests: RequestWeeks) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for week in weeks:
        tally, answer_hours = requests.get(week, (Counter(), []))
        decided = sum(tally.values())
        rows.append(
            (
                week.isoformat(),
                decided,
                percent(tally[MentorRequest.State.ACCEPTED], decided),
                median(answer_hours),
            )
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


class Row(NamedTuple):
    """One relationship as the dashboard reads it: weeks truncated and spans measured by
    the database, so no timestamp is read (for ten thousand rows, reading them cost more
    than the rest of the dashboard). Spans are in days and may be negative (clamp them)."""

    start_week: datetime.date
    close_week: datetime.date | None
    state: str
    close_reason: str
    first_meeting_days: float | None  # from the start to the first held meeting
    lived_days: float  # from the start to the close, or to now
    age_days: float  # from the start to now


def _first_meeting_table(
    weeks: list[datetime.date],
    relationships: list[Row],
    figures: dict[str, Cell],
) -> Table:
    """Days from the match to the first held meeting, by the week the relationship began."""
    started: Counter[datetime.date] = Counter()
    met_soon: Counter[datetime.date] = Counter()
    waits: dict[datetime.date, list[float]] = defaultdict(list)
    all_waits: list[float] = []
    decided = soon = 0
    for row in relationships:
        week, first_meeting_days = row.start_week, row.first_meeting_days
        started[week] += 1
        if first_meeting_days is not None:
            wait = max(0.0, first_meeting_days)
            waits[week].append(wait)
            all_waits.append(wait)
            if wait <= MET_WITHIN_DAYS:
                met_soon[week] += 1
                soon += 1
        if first_meeting_days is not None or row.age_days > MET_WITHIN_DAYS:
            decided += 1
    figures["median_days_to_first_meeting"] = median(all_waits)
    figures["met_within_14_days_percent"] = percent(soon, decided)
    return Table(
        key="first_meeting",
        title=_("First meetings, by the week the relationship began"),
        columns=(
            _("Week of"),
            _("Relationships begun"),
            _("First meeting within 14 days"),
            _("Median days to first meeting"),
        ),
        rows=[
            (week.isoformat(), started[week], met_soon[week], median(waits.get(week, [])))
            for week in weeks
        ],
        chart="line",
        chart_columns=(1, 2),
    )


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
    relationships: list[Row],
    held: dict[datetime.date, int],
    figures: dict[str, Cell],
) -> Table:
    """Held meetings per relationship per month: meetings over relationship-months lived.

    A week's current relationships are those begun before it ended and not closed before
    it began, counted with two sorted lists instead of a pass over every relationship.
    """
    starts = sorted(row.start_week for row in relationships)
    closes = sorted(row.close_week for row in relationships if row.close_week is not None)
    months = sum(max(0.0, row.lived_days) for row in relationships) / DAYS_PER_MONTH
    figures["meetings_held"] = sum(held.values())
    figures["meetings_per_relationship_month"] = (
        round(sum(held.values()) / months, 2) if months else None
    )
    rows: list[tuple[Cell, ...]] = []
    for week in weeks:
        current = bisect.bisect_right(starts, week) - bisect.bisect_left(closes, week)
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
    feedback = MeetingFeedback.objects.filter(meeting__relationship__program=program)
    summary = feedback_summary(feedback)
    figures["rating_answers"] = summary.answers if summary else None
    figures["average_rating"] = summary.average_rating if summary else None
    rows = (
        feedback.annotate(week=sql_week("meeting__starts_at"))
        .values("week")
        .annotate(answers=Count("pk"), rating=Avg("rating"))
    )
    return {row["week"]: (row["answers"], float(row["rating"])) for row in rows}


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
    check_ins = CheckIn.objects.filter(relationship__program=program)
    summary = check_in_summary(check_ins)
    figures["check_in_answers"] = summary.answers if summary else None
    for value in Fit.values:
        figures[f"fit_{value}_percent"] = (
            round(100 * summary.good_fit_share[value], 1) if summary else None
        )
    rows = (
        check_ins.annotate(week=sql_week("created_at"))
        .values("week")
        .annotate(
            answers=Count("pk"),
            yes=Count("pk", filter=Q(good_fit=Fit.YES)),
            unsure=Count("pk", filter=Q(good_fit=Fit.UNSURE)),
            no=Count("pk", filter=Q(good_fit=Fit.NO)),
        )
    )
    return {
        row["week"]: {
            "answers": row["answers"],
            Fit.YES: row["yes"],
            Fit.UNSURE: row["unsure"],
            Fit.NO: row["no"],
        }
        for row in rows
    }


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
    weeks: list[datetime.date], relationships: list[Row], figures: dict[str, Cell]
) -> list[Table]:
    reasons: Counter[str] = Counter()
    completed: Counter[datetime.date] = Counter()
    ended: Counter[datetime.date] = Counter()
    for row in relationships:
        if row.close_week is None or row.state in Relationship.CURRENT_STATES:
            continue
        reasons[row.close_reason] += 1
        week = row.close_week
        if row.state == Relationship.State.COMPLETED:
            completed[week] += 1
        else:
            ended[week] += 1
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

"""Match quality: did the score at the time of the match predict how the match turned out?

Each relationship carries the snapshot it was made from (score, rank, ranker version;
`relationships.models.snapshots`). Two 0/1 outcomes are pure metadata, so they may be read
per relationship: *met within 14 days* (a held meeting within 14 days of the start;
undecided while the 14 days are not over) and *ended well* (completed or closed with
"goals met" → 1; closed as "not a good fit" or "unresponsive" → 0; other reasons and
current relationships are left out). Check-in fit and meeting ratings are private to
their authors: they are only ever summed over a score decile, and shown for a decile only
when it pools at least `MIN_ANSWERS_FOR_AGGREGATES` answers.

A fixed 8 queries, whatever the number of relationships: 5 to build, then the long
tables a page at a time (`PagedRows`): a count and a page of the poor fits, a page of the
per-relationship table.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from typing import Any, NamedTuple

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from scipy.stats import spearmanr

from matching.models import Impression
from matching.reports.common import (
    Cell,
    Link,
    PagedRows,
    Report,
    Row,
    Table,
    first_held_meeting,
    links_to,
    percent,
    relationship_links,
)
from matching.reports.sql import DaysBetween
from mentorship.models import Membership, Program
from relationships.models import CheckIn, Fit, MeetingFeedback, MentorRequest, Relationship
from relationships.models.checkins import MIN_ANSWERS_FOR_AGGREGATES

MET_WITHIN_DAYS = 14
DECILES = 10
MAX_RANK = 20
# Fewer outcomes than this make a correlation noise; the report says so instead.
MIN_FOR_CORRELATION = 10
ENDED_WELL_REASONS = (Relationship.CloseReason.GOALS_MET,)
ENDED_BADLY_REASONS = (
    Relationship.CloseReason.NOT_A_GOOD_FIT,
    Relationship.CloseReason.UNRESPONSIVE,
)
# A request that was never put to the mentor says nothing about the mentor's answer.
UNSENT_STATES = (MentorRequest.State.QUEUED, MentorRequest.State.CANCELLED)
DECIDED_STATES = (
    MentorRequest.State.ACCEPTED,
    MentorRequest.State.DECLINED,
    MentorRequest.State.EXPIRED,
)


class JSONArrayLength(Func):
    """The length of a JSON array column, on PostgreSQL (jsonb) and SQLite alike."""

    function = "JSON_ARRAY_LENGTH"
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra_context):  # type: ignore[no-untyped-def]
        return self.as_sql(compiler, connection, function="JSONB_ARRAY_LENGTH", **extra_context)


class Outcome(NamedTuple):
    """One relationship's snapshot and metadata outcomes (None: not decided yet).

    A named tuple: reports build one per relationship, ten thousand at a time."""

    relationship_id: int
    score: float | None
    met_within_14_days: int | None
    ended_well: int | None


def met_within(first_meeting_days: float | None, age_days: float) -> int | None:
    """1 if the first held meeting came within 14 days of the start, 0 if it did not and
    the 14 days are over, None while they are not (spans in days from the start)."""
    if first_meeting_days is not None and max(0.0, first_meeting_days) <= MET_WITHIN_DAYS:
        return 1
    if age_days > MET_WITHIN_DAYS:
        return 0
    return None


def with_spans(relationships: QuerySet[Relationship], *, now: datetime.datetime) -> QuerySet[Any]:
    """Annotate the spans `met_within` reads, measured by the database: reading two
    timestamps per relationship cost more than the rest of the report. (Typed loosely:
    the type checker cannot see annotations made in a helper.)"""
    return relationships.annotate(
        first_meeting_days=DaysBetween("started_at", first_held_meeting()),
        age_days=DaysBetween("started_at", Value(now, output_field=DateTimeField())),
    )


def ended_well(state: str, reason: str) -> int | None:
    if state in Relationship.CURRENT_STATES:
        return None
    if state == Relationship.State.COMPLETED or reason in ENDED_WELL_REASONS:
        return 1
    if reason in ENDED_BADLY_REASONS:
        return 0
    return None


def relationships_with_outcomes(
    program: Program, *, now: datetime.datetime
) -> QuerySet[Any, tuple[Any, ...]]:
    """The program's relationships with what the match-quality rows show, newest first."""
    rows: QuerySet[Any, tuple[Any, ...]] = (
        with_spans(Relationship.objects.filter(program=program), now=now)
        .annotate(start_day=TruncDate("started_at"))
        .order_by("-started_at", "-pk")
        .values_list(
            "pk",
            "mentee__membership__user__display_name",
            "mentor__membership__user__display_name",
            "state",
            "match_score",
            "match_rank",
            "ranker_version",
            "first_meeting_days",
            "age_days",
            "close_reason",
            "start_day",
        )
    )
    return rows


def match_quality(program: Program, *, now: datetime.datetime | None = None) -> Report:
    now = now or timezone.now()
    # Every relationship's outcome is needed for the correlations and deciles, but only as
    # plain values: the names, links and labels of the per-relationship table are built a
    # page at a time (`PagedRows`).
    outcomes = [
        Outcome(pk, score, met_within(first_meeting_days, age_days), ended_well(state, reason))
        for pk, score, first_meeting_days, age_days, state, reason in with_spans(
            Relationship.objects.filter(program=program), now=now
        )
        .order_by()
        .values_list("pk", "match_score", "first_meeting_days", "age_days", "state", "close_reason")
    ]
    figures: dict[str, Cell] = {
        "relationships": len(outcomes),
        "with_score": sum(1 for outcome in outcomes if outcome.score is not None),
    }
    for name in ("met_within_14_days", "ended_well"):
        rho, count = correlation(outcomes, name)
        figures[f"spearman_{name}"] = rho
        figures[f"spearman_{name}_n"] = count
    return Report(
        figures=figures,
        tables=[
            _calibration_table(program, outcomes),
            _rank_table(program),
            _poor_fits_table(program),
            Table(
                key="relationships",
                title=_("Each relationship: its snapshot and what happened"),
                columns=(
                    _("Relationship"),
                    _("Mentee"),
                    _("Mentor"),
                    _("Began"),
                    _("State"),
                    _("Score"),
                    _("Rank"),
                    _("Ranker version"),
                    _("Met within 14 days"),
                    _("Closure reason"),
                ),
                rows=PagedRows(count=len(outcomes), fetch=_relationship_rows(program, now=now)),
                paged=True,
                note=_("Check-in answers and meeting ratings are never shown per relationship."),
            ),
        ],
    )


def _relationship_rows(
    program: Program, *, now: datetime.datetime
) -> Callable[[int, int], list[Row]]:
    """Builds the rows `start` to `stop` of the per-relationship table (1 query each)."""
    # Labels translated once, not once per row.
    reasons = {value: str(label) for value, label in Relationship.CloseReason.choices}
    states = {value: str(label) for value, label in Relationship.State.choices}
    relationship_link = relationship_links()
    yes_no = {None: None, 1: _("yes"), 0: _("no")}

    def fetch(start: int, stop: int) -> list[Row]:
        return [
            (
                relationship_link(pk),
                mentee,
                mentor,
                start_day.isoformat(),
                states.get(state, state),
                round(score, 1) if score is not None else None,
                rank,
                version or None,
                yes_no[met_within(first_meeting_days, age_days)],
                reasons.get(reason) or None,
            )
            for (
                pk,
                mentee,
                mentor,
                state,
                score,
                rank,
                version,
                first_meeting_days,
                age_days,
                reason,
                start_day,
            ) in relationships_with_outcomes(program, now=now)[start:stop]
        ]

    return fetch


def _poor_fits_table(program: Program) -> Table:
    """Mentees whose relationship ended as a poor fit and who have no current one."""
    current = Relationship.objects.filter(
        mentee=OuterRef("mentee"), state__in=Relationship.CURRENT_STATES
    )
    poor_fits = Relationship.objects.filter(
        program=program,
        state=Relationship.State.ENDED,
        close_reason__in=ENDED_BADLY_REASONS,
        mentee__membership__status=Membership.Status.ACTIVE,
    ).exclude(Exists(current))
    rows = poor_fits.order_by("-closed_at", "-pk").values_list(
        "pk",
        "mentee__membership_id",
        "mentee__membership__user__display_name",
        "mentor__membership__user__display_name",
        "closed_at",
        "close_reason",
    )
    reasons = {value: str(label) for value, label in Relationship.CloseReason.choices}
    find_a_mentor = Link(_("Find a new mentor"), reverse("mentor_directory", args=[program.slug]))
    relationship_link = relationship_links()
    mentee_link = links_to("mentee_profile", program.slug)

    def fetch(start: int, stop: int) -> list[Row]:
        return [
            (
                relationship_link(pk),
                mentee_link(mentee, membership_id),
                mentor,
                timezone.localtime(closed_at).date().isoformat() if closed_at else None,
                reasons.get(reason, reason),
                find_a_mentor,
            )
            for pk, membership_id, mentee, mentor, closed_at, reason in rows[start:stop]
        ]

    return Table(
        key="poor_fits",
        title=_("Poor fits waiting for a new match"),
        columns=(
            _("Relationship"),
            _("Mentee"),
            _("Mentor"),
            _("Closed"),
            _("Reason"),
            _("Next step"),
        ),
        rows=PagedRows(count=poor_fits.count, fetch=fetch),
        paged=True,
        note=_(
            "Relationships that ended as not a good fit or unresponsive, whose mentee has no "
            "current relationship. The mentee's profile shows their goals; the directory "
            "finds mentors who match them."
        ),
    )


def correlation(outcomes: list[Outcome], name: str) -> tuple[float | None, int]:
    """Spearman's rho between score and the 0/1 outcome `name`, over decided outcomes."""
    pairs = [
        (outcome.score, getattr(outcome, name))
        for outcome in outcomes
        if outcome.score is not None and getattr(outcome, name) is not None
    ]
    if len(pairs) < MIN_FOR_CORRELATION:
        return None, len(pairs)
    scores, values = zip(*pairs, strict=True)
    if len(set(scores)) < 2 or len(set(values)) < 2:
        return None, len(pairs)  # a constant has no rank correlation
    rho = float(spearmanr(scores, values).statistic)
    return (None if math.isnan(rho) else round(rho, 3)), len(pairs)


def _calibration_table(program: Program, outcomes: list[Outcome]) -> Table:
    """Outcomes by score decile: equal-sized groups of relationships by their score."""
    scored = sorted(
        (outcome for outcome in outcomes if outcome.score is not None),
        key=lambda outcome: (outcome.score, outcome.relationship_id),
    )
    groups = min(DECILES, len(scored))
    deciles = [
        scored[len(scored) * index // groups : len(scored) * (index + 1) // groups]
        for index in range(groups)
    ]
    last_of_each = [(group[-1].score or 0.0, group[-1].relationship_id) for group in deciles]
    fits = _pooled_fits(program, last_of_each)
    ratings = _pooled_ratings(program, last_of_each)
    rows: list[tuple[Cell, ...]] = []
    for number, group in enumerate(deciles, start=1):
        met = [o.met_within_14_days for o in group if o.met_within_14_days is not None]
        well = [o.ended_well for o in group if o.ended_well is not None]
        fit_yes, fit_answers = fits.get(number, (0, 0))
        rating_answers, rating_total = ratings.get(number, (0, 0))
        rows.append(
            (
                number,
                f"{group[0].score:.0f}–{group[-1].score:.0f}",
                len(group),
                percent(sum(met), len(met)),
                percent(sum(well), len(well)),
                percent(fit_yes, fit_answers)
                if fit_answers >= MIN_ANSWERS_FOR_AGGREGATES
                else None,
                round(rating_total / rating_answers, 2)
                if rating_answers >= MIN_ANSWERS_FOR_AGGREGATES
                else None,
            )
        )
    return Table(
        key="calibration",
        title=_("Outcome by score decile"),
        columns=(
            _("Decile"),
            _("Scores"),
            _("Relationships"),
            _("Met within 14 days (%)"),
            _("Ended well (%)"),
            _("Check-ins saying good fit (%)"),
            _("Average meeting rating"),
        ),
        rows=rows,
        chart="bar",
        chart_columns=(3, 4, 5),
        note=_(
            "Decile 1 holds the lowest scores. Check-in and rating figures pool at least "
            "%(n)d answers or stay empty."
        )
        % {"n": MIN_ANSWERS_FOR_AGGREGATES},
    )


def decile_of(relationship: str, last_of_each: list[tuple[float, int]]) -> Case:
    """The decile (1, 2, …) of the relationship at the path `relationship`, from the last
    (score, id) of each decile in (score, id) order; None for a relationship without score.

    So the database pools check-ins and ratings by decile and sends ten rows, where it sent
    a row per relationship (thousands) for Python to add up."""
    score, pk = f"{relationship}match_score", f"{relationship}id"
    return Case(
        *[
            When(
                Q(**{f"{score}__lt": last_score}) | Q(**{score: last_score, f"{pk}__lte": last_pk}),
                then=Value(number),
            )
            for number, (last_score, last_pk) in enumerate(last_of_each, start=1)
        ],
        default=None,
        output_field=IntegerField(),
    )


def _pooled_fits(
    program: Program, last_of_each: list[tuple[float, int]]
) -> dict[int, tuple[int, int]]:
    """Per decile, how many check-in answers said "good fit" and how many there are."""
    if not last_of_each:
        return {}
    rows = (
        CheckIn.objects.filter(
            relationship__program=program, relationship__match_score__isnull=False
        )
        .annotate(decile=decile_of("relationship__", last_of_each))
        .values("decile")
        .annotate(yes=Count("pk", filter=Q(good_fit=Fit.YES)), answers=Count("pk"))
        .values_list("decile", "yes", "answers")
    )
    return {decile: (yes, answers) for decile, yes, answers in rows}


def _pooled_ratings(
    program: Program, last_of_each: list[tuple[float, int]]
) -> dict[int, tuple[int, int]]:
    """Per decile, the number and sum of meeting ratings."""
    if not last_of_each:
        return {}
    rows = (
        MeetingFeedback.objects.filter(
            meeting__relationship__program=program,
            meeting__relationship__match_score__isnull=False,
        )
        .annotate(decile=decile_of("meeting__relationship__", last_of_each))
        .values("decile")
        .annotate(answers=Count("pk"), total=Sum("rating"))
        .values_list("decile", "answers", "total")
    )
    return {decile: (answers, total) for decile, answers, total in rows}


def _rank_table(program: Program) -> Table:
    """How often each suggestion rank was shown, requested and accepted.

    Times shown come from the impression log (a list of n mentors shows ranks 1..n);
    requests and answers from the rank copied onto each request made from a suggestion.
    """
    lengths = (
        Impression.objects.filter(mentee__membership__program=program)
        .annotate(length=JSONArrayLength("mentor_ids"))
        .values("length")
        .annotate(lists=Count("pk"))
    )
    lists_by_length: dict[int, int] = {
        row["length"]: row["lists"] for row in lengths if row["length"] is not None
    }
    requests: dict[int, dict[str, int]] = {
        rank: {"made": made, "decided": decided, "accepted": accepted}
        for rank, made, decided, accepted in MentorRequest.objects.filter(
            program=program, match_rank__isnull=False, match_rank__lte=MAX_RANK
        )
        .exclude(state__in=UNSENT_STATES)
        .values("match_rank")
        .annotate(
            made=Count("pk"),
            decided=Count("pk", filter=Q(state__in=DECIDED_STATES)),
            accepted=Count("pk", filter=Q(state=MentorRequest.State.ACCEPTED)),
        )
        .values_list("match_rank", "made", "decided", "accepted")
        if rank is not None
    }
    deepest = max([*lists_by_length, *requests, 0])
    rows: list[tuple[Cell, ...]] = []
    for rank in range(1, min(deepest, MAX_RANK) + 1):
        shown = sum(lists for length, lists in lists_by_length.items() if length >= rank)
        row = requests.get(rank, {"made": 0, "decided": 0, "accepted": 0})
        rows.append(
            (
                rank,
                shown,
                row["made"],
                percent(row["made"], shown),
                row["decided"],
                percent(row["accepted"], row["decided"]),
            )
        )
    return Table(
        key="ranks",
        title=_("Requests and acceptance by suggestion rank"),
        columns=(
            _("Rank"),
            _("Times shown"),
            _("Requests made"),
            _("Requests per 100 times shown"),
            _("Requests decided"),
            _("Accepted (%)"),
        ),
        rows=rows,
        chart="bar",
        chart_columns=(5,),
        note=_("Expired requests count as not accepted."),
    )

"""Exposure and fairness: are a few mentors shown (and matched) far more than the rest, and
do self-described groups fare differently?

- *Exposure* counts how often each active mentor appeared in a suggestion list shown in
  the last 90 days (the impression log), and *matches* how many relationships each has had.
  The Gini coefficient is taken over all active mentors, zeros included: a mentor nobody
  is shown is exactly what the audit is for.
- *Groups* appear only when the program asks its optional group question. Answers are
  grouped ignoring case and surrounding spaces; "(not given)" is a row of its own; a group
  of fewer than `MIN_GROUP_SIZE` people is pooled with the other small ones under no name
  (and a pool that small shows no figures), so nobody can be singled out.
  The group is read here and nowhere else: it is never a ranking factor.

A fixed 4 queries (5 with groups), whatever the program's size.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.models import Impression
from matching.reports.common import Cell, Report, Table, gini, percent, top_share
from mentorship.models import Membership, MenteeParticipation, MentorParticipation, Program
from relationships.models import Relationship

WINDOW_DAYS = 90
TOP_FRACTION = 0.10
TOP_MENTORS = 20
MIN_GROUP_SIZE = 5
NOT_GIVEN = "(not given)"


def impressions_per_mentor(program: Program, *, since: datetime.datetime) -> Counter[int]:
    """How many shown lists each mentor appeared in since `since` (one query).

    PostgreSQL unnests the JSON lists in SQL; elsewhere (the SQLite of `make run`) the
    lists are read and counted here, which is fine at demo sizes.
    """
    shown = Impression.objects.filter(mentee__membership__program=program, shown_at__gte=since)
    counts: Counter[int] = Counter()
    if connection.vendor == "postgresql":
        query, params = shown.values("mentor_ids").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT element::bigint, COUNT(*) FROM "  # noqa: S608 -- Django-built SQL
                f"({query}) AS shown_lists, "
                "jsonb_array_elements_text(shown_lists.mentor_ids) AS element "
                "GROUP BY element",
                params,
            )
            counts.update({int(mentor_id): count for mentor_id, count in cursor.fetchall()})
        return counts
    for mentor_ids in shown.values_list("mentor_ids", flat=True).iterator():
        counts.update(int(mentor_id) for mentor_id in mentor_ids)
    return counts


@dataclass
class _GroupTally:
    people: int = 0
    matched: int = 0
    scored: int = 0
    score_total: float = 0.0
    impressions: int = 0

    def add(self, other: _GroupTally) -> None:
        self.people += other.people
        self.matched += other.matched
        self.scored += other.scored
        self.score_total += other.score_total
        self.impressions += other.impressions


def exposure(program: Program, *, now: datetime.datetime | None = None) -> Report:
    now = now or timezone.now()
    mentors = dict(
        MentorParticipation.objects.filter(
            membership__program=program, membership__status=Membership.Status.ACTIVE
        ).values_list("pk", "membership__self_described_group")
    )
    shown = impressions_per_mentor(program, since=now - datetime.timedelta(days=WINDOW_DAYS))
    as_mentor: dict[int, dict[str, Any]] = {
        row["mentor_id"]: dict(row)
        for row in Relationship.objects.filter(program=program)
        .values("mentor_id")
        .annotate(matches=Count("pk"), scored=Count("match_score"), score_total=Sum("match_score"))
    }
    impressions = [shown.get(pk, 0) for pk in mentors]
    matches = [as_mentor[pk]["matches"] if pk in as_mentor else 0 for pk in mentors]
    figures: dict[str, Cell] = {
        "mentors": len(mentors),
        "impressions": sum(impressions),
        "impression_gini": gini(impressions),
        "match_gini": gini(matches),
        "top_10_percent_impression_share": top_share(impressions, TOP_FRACTION),
        "top_10_percent_match_share": top_share(matches, TOP_FRACTION),
        "window_days": WINDOW_DAYS,
    }
    tables = [
        _deciles_table(mentors, shown, as_mentor),
        _top_table(program, mentors, shown, as_mentor),
    ]
    if program.collects_group:
        tables.append(_groups_table(program, mentors, shown, as_mentor))
    return Report(figures=figures, tables=tables)


def _deciles_table(
    mentors: dict[int, str], shown: Counter[int], as_mentor: dict[int, dict[str, Any]]
) -> Table:
    """Mentors in ten equal groups from most to least shown, with their shares."""
    ordered = sorted(mentors, key=lambda pk: (-shown.get(pk, 0), pk))
    total_shown = sum(shown.get(pk, 0) for pk in mentors)
    total_matches = sum(as_mentor[pk]["matches"] for pk in mentors if pk in as_mentor)
    groups = min(10, len(ordered))
    rows: list[tuple[Cell, ...]] = []
    for index in range(groups):
        group = ordered[len(ordered) * index // groups : len(ordered) * (index + 1) // groups]
        rows.append(
            (
                index + 1,
                len(group),
                percent(sum(shown.get(pk, 0) for pk in group), total_shown),
                percent(
                    sum(as_mentor[pk]["matches"] for pk in group if pk in as_mentor), total_matches
                ),
            )
        )
    return Table(
        key="deciles",
        title=_("Exposure by mentor decile"),
        columns=(
            _("Decile (1 = most shown)"),
            _("Mentors"),
            _("Share of times shown (%)"),
            _("Share of matches (%)"),
        ),
        rows=rows,
        chart="bar",
        chart_columns=(2, 3),
        note=_("With equal exposure every decile would hold 10%."),
    )


def _top_table(
    program: Program,
    mentors: dict[int, str],
    shown: Counter[int],
    as_mentor: dict[int, dict[str, Any]],
) -> Table:
    top = sorted(mentors, key=lambda pk: (-shown.get(pk, 0), pk))[:TOP_MENTORS]
    names = dict(
        MentorParticipation.objects.filter(pk__in=top).values_list(
            "pk", "membership__user__display_name"
        )
    )
    total = sum(shown.get(pk, 0) for pk in mentors)
    return Table(
        key="top_mentors",
        title=_("The most shown mentors"),
        columns=(_("Mentor"), _("Times shown"), _("Share of times shown (%)"), _("Matches")),
        rows=[
            (
                names.get(pk, ""),
                shown.get(pk, 0),
                percent(shown.get(pk, 0), total),
                as_mentor[pk]["matches"] if pk in as_mentor else 0,
            )
            for pk in top
        ],
    )


def group_label(answer: str) -> str:
    """How answers are pooled: case and surrounding spaces do not make a new group."""
    return " ".join(answer.split()).casefold() or NOT_GIVEN


def _groups_table(
    program: Program,
    mentors: dict[int, str],
    shown: Counter[int],
    as_mentor: dict[int, dict[str, Any]],
) -> Table:
    tallies: dict[tuple[str, str], _GroupTally] = defaultdict(_GroupTally)
    mentees = (
        MenteeParticipation.objects.filter(
            membership__program=program, membership__status=Membership.Status.ACTIVE
        )
        .annotate(
            matches=Count("relationships"),
            scored=Count("relationships__match_score"),
            score_total=Sum("relationships__match_score"),
        )
        .values_list("membership__self_described_group", "matches", "scored", "score_total")
    )
    # Role names translated once: a translation lookup per person was a third of the time.
    as_mentee_role, as_mentor_role = _("Mentee"), _("Mentor")
    for answer, matched, scored, score_total in mentees:
        tally = tallies[(as_mentee_role, group_label(answer))]
        tally.people += 1
        tally.matched += bool(matched)
        tally.scored += scored
        tally.score_total += score_total or 0.0
    for pk, answer in mentors.items():
        tally = tallies[(as_mentor_role, group_label(answer))]
        row = as_mentor.get(pk, {"matches": 0, "scored": 0, "score_total": 0})
        tally.people += 1
        tally.matched += bool(row["matches"])
        tally.scored += row["scored"]
        tally.score_total += row["score_total"] or 0.0
        tally.impressions += shown.get(pk, 0)
    total_shown = sum(shown.get(pk, 0) for pk in mentors)
    # A small group's name alone could single someone out, so small groups are pooled into
    # one unnamed row per role (with figures only when the pool itself is big enough).
    pooled: dict[str, _GroupTally] = defaultdict(_GroupTally)
    named: list[tuple[str, str, _GroupTally]] = []
    for (role, label), tally in sorted(
        tallies.items(), key=lambda item: (item[0][0], item[0][1] == NOT_GIVEN, item[0][1])
    ):
        if tally.people < MIN_GROUP_SIZE and label != NOT_GIVEN:
            pooled[role].add(tally)
        else:
            named.append((role, _("(not given)") if label == NOT_GIVEN else label, tally))
    for role, tally in sorted(pooled.items()):
        named.append(
            (role, _("Smaller groups (fewer than %(n)d each)") % {"n": MIN_GROUP_SIZE}, tally)
        )
    rows: list[tuple[Cell, ...]] = []
    for role, shown_label, tally in named:
        if tally.people < MIN_GROUP_SIZE:
            rows.append(
                (role, shown_label, _("fewer than %(n)d") % {"n": MIN_GROUP_SIZE}, None, None, None)
            )
            continue
        rows.append(
            (
                role,
                shown_label,
                tally.people,
                percent(tally.matched, tally.people),
                round(tally.score_total / tally.scored, 1) if tally.scored else None,
                percent(tally.impressions, total_shown) if role == _("Mentor") else None,
            )
        )
    return Table(
        key="groups",
        title=str(program.group_question) or _("Self-described groups"),
        columns=(
            _("Role"),
            _("Group"),
            _("People"),
            _("Matched (%)"),
            _("Mean match score"),
            _("Share of times shown (%)"),
        ),
        rows=rows,
        note=_(
            "Answers are optional and self-described. Groups of fewer than %(n)d people are "
            "pooled without their names, and a pool of fewer than %(n)d shows no figures. "
            "The group is never used to rank or match anyone."
        )
        % {"n": MIN_GROUP_SIZE},
    )

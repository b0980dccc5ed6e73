"""What needs an admin's attention now: relationships at risk, unresponsive mentors, load.

- Relationships use the health indicator of `relationships.health` (its rule is on the
  health page): at risk first, then needs attention. The indicator mixes meeting gaps and
  check-ins, so it never says which answer moved it.
- A mentor is *unresponsive* with a request waiting longer than half the program's
  response window, or with requests that expired unanswered in the last 90 days.
- *Load* is a mentor's current relationships (active and paused) against their capacity;
  its Gini coefficient says how unevenly the work is spread.

A fixed 6 queries, whatever the program's size (5 to build, 1 for the names on the
shown page of the relationships table).
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.reports.common import (
    Cell,
    PagedRows,
    Report,
    Row,
    Table,
    gini,
    percent,
    relationship_links,
)
from mentorship.models import Membership, MentorParticipation, Program
from relationships.health import Health, program_health_values
from relationships.models import MentorRequest, Relationship
from relationships.stats import WINDOW_DAYS

SHOWN_HEALTH = (Health.AT_RISK, Health.NEEDS_ATTENTION)


def at_risk(program: Program, *, now: datetime.datetime | None = None) -> Report:
    now = now or timezone.now()
    figures: dict[str, Cell] = {}
    return Report(
        figures=figures,
        tables=[
            _relationships_table(program, figures, now=now),
            _unresponsive_table(program, figures, now=now),
            *_load_tables(program, figures),
        ],
    )


def _relationships_table(
    program: Program, figures: dict[str, Cell], *, now: datetime.datetime
) -> Table:
    """Health as `relationships.health` works it out, from plain values.

    Every current relationship's indicator is needed for the counts (2 queries, no model
    instances); the flagged ones are sorted here, and names are read only for the rows a
    page (or an export) actually shows (1 query per slice).
    """
    rows = program_health_values(program, now=now)
    counts = Counter(row.health for row in rows)
    for health in Health:
        figures[health.value] = counts[health]
    flagged = sorted(
        (row for row in rows if row.health in SHOWN_HEALTH),
        key=lambda row: (row.health != Health.AT_RISK, -row.days_since_meeting),
    )
    states = {value: str(label) for value, label in Relationship.State.choices}
    labels = {health: str(health.label) for health in Health}
    relationship_link = relationship_links()

    def fetch(start: int, stop: int) -> list[Row]:
        shown = flagged[start:stop]
        names = {
            pk: (mentee, mentor)
            for pk, mentee, mentor in Relationship.objects.filter(
                pk__in=[row.relationship_id for row in shown]
            ).values_list(
                "pk",
                "mentee__membership__user__display_name",
                "mentor__membership__user__display_name",
            )
        }
        return [
            (
                relationship_link(row.relationship_id),
                *names.get(row.relationship_id, ("", "")),
                states[row.state],
                labels[row.health],
                row.days_since_meeting,
                row.allowed_gap_days,
            )
            for row in shown
        ]

    return Table(
        key="relationships",
        title=_("Relationships at risk or needing attention"),
        columns=(
            _("Relationship"),
            _("Mentee"),
            _("Mentor"),
            _("State"),
            _("Health"),
            _("Days since last meeting"),
            _("Allowed gap (days)"),
        ),
        rows=PagedRows(count=len(flagged), fetch=fetch),
        paged=True,
    )


def _unresponsive_table(
    program: Program, figures: dict[str, Cell], *, now: datetime.datetime
) -> Table:
    half_window = datetime.timedelta(days=program.mentor_response_days / 2)
    since = now - datetime.timedelta(days=WINDOW_DAYS)
    mentors = (
        MentorRequest.objects.filter(program=program)
        .filter(
            Q(state=MentorRequest.State.PENDING)
            | Q(state=MentorRequest.State.EXPIRED, expires_at__gt=since, expires_at__lte=now)
        )
        .values("mentor_id", "mentor__membership__user__display_name")
        .annotate(
            pending=Count("pk", filter=Q(state=MentorRequest.State.PENDING)),
            waiting=Count(
                "pk",
                filter=Q(state=MentorRequest.State.PENDING, sent_at__lt=now - half_window),
            ),
            oldest=Min("sent_at", filter=Q(state=MentorRequest.State.PENDING)),
            expired=Count("pk", filter=Q(state=MentorRequest.State.EXPIRED)),
        )
        .filter(Q(waiting__gt=0) | Q(expired__gt=0))
    )
    rows = sorted(
        (
            (
                row["mentor__membership__user__display_name"],
                row["pending"],
                (now - row["oldest"]).days if row["oldest"] else None,
                row["expired"],
            )
            for row in mentors
        ),
        key=lambda row: (-(row[2] or 0), -row[3], row[0]),
    )
    figures["unresponsive_mentors"] = len(rows)
    return Table(
        key="unresponsive",
        title=_("Unresponsive mentors"),
        columns=(
            _("Mentor"),
            _("Requests waiting"),
            _("Oldest waiting (days)"),
            _("Expired in the last 90 days"),
        ),
        rows=list(rows),
        paged=True,
        note=_(
            "Mentors with a request waiting more than half the response window "
            "(%(days)d days), or with requests that expired unanswered."
        )
        % {"days": program.mentor_response_days},
    )


def _load_tables(program: Program, figures: dict[str, Cell]) -> list[Table]:
    loads = list(
        MentorParticipation.objects.filter(
            membership__program=program, membership__status=Membership.Status.ACTIVE
        )
        .annotate(
            in_use=Count(
                "relationships", filter=Q(relationships__state__in=Relationship.CURRENT_STATES)
            )
        )
        .values_list("capacity", "in_use")
    )
    distribution = Counter(in_use for _capacity, in_use in loads)
    full = sum(1 for capacity, in_use in loads if in_use >= capacity)
    figures["mentors"] = len(loads)
    figures["mentors_at_capacity"] = full
    figures["mentors_without_mentees"] = distribution[0]
    figures["load_gini"] = gini([in_use for _capacity, in_use in loads])
    figures["capacity_used_percent"] = percent(
        sum(in_use for _c, in_use in loads), sum(capacity for capacity, _u in loads)
    )
    return [
        Table(
            key="load",
            title=_("Mentor load: mentors by number of current mentees"),
            columns=(_("Current mentees"), _("Mentors"), _("Share of mentors (%)")),
            rows=[
                (load, distribution[load], percent(distribution[load], len(loads)))
                for load in range(max(distribution, default=0) + 1)
            ],
            chart="bar",
            chart_columns=(1,),
        )
    ]

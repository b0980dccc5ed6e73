"""Tallies by week: the counts and medians PostgreSQL works out in SQL are those of every
value, and the SQLite fallback (rows read and tallied in Python) gives the same ones."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict

import pytest
from django.db import connection
from django.db.models import DateTimeField, Value

from matching.reports import sql
from matching.reports.common import sql_week
from matching.reports.sql import DaysBetween, Tallies, Tally, tally_by_week
from mentorship.models import Membership
from tests.factories import make_member

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 4, 12, 30, tzinfo=datetime.UTC)
# Days before NOW each member joined: ties, a fraction, one in the future (a negative
# span), two without a date (no week, no value); weeks of odd and even counts.
JOINED_DAYS_AGO = [1, 1, 2.5, 8, 9, 9, 10, 11.75, 20.25, -1.5, None, None]


def grow_members(program) -> None:
    for days in JOINED_DAYS_AGO:
        membership = make_member(program=program)
        joined = None if days is None else NOW - datetime.timedelta(days=days)
        Membership.objects.filter(pk=membership.pk).update(joined_at=joined)


def joined_rows(program):
    return (
        Membership.objects.filter(program=program)
        .annotate(
            week=sql_week("joined_at"),
            value=DaysBetween("joined_at", Value(NOW, output_field=DateTimeField())),
        )
        .values("week", "value")
    )


def tallies(program):
    return tally_by_week(joined_rows(program), flags=['"value" <= 3'])


def test_a_tally_counts_and_takes_the_median_of_every_value_by_week(program):
    grow_members(program)
    values_by_week = defaultdict(list)
    for row in joined_rows(program):
        values_by_week[row["week"]].append(row["value"])
    by_week, total = tallies(program)

    assert set(by_week) == {week for week in values_by_week if week is not None}
    for week, tally in by_week.items():
        values = values_by_week[week]
        assert (tally.rows, tally.values) == (len(values), len(values))
        assert tally.flagged == (sum(1 for value in values if value <= 3),)
        assert tally.middle and statistics.median(tally.middle) == statistics.median(values)
    every = [value for values in values_by_week.values() for value in values if value is not None]
    assert (total.rows, total.values) == (len(JOINED_DAYS_AGO), len(every))
    assert total.middle and statistics.median(total.middle) == statistics.median(every)


NOTHING: tuple[Tallies, Tally] = ({}, Tally(rows=0, values=0, flagged=(0,), middle=None))


def test_a_tally_of_nothing_has_no_weeks_and_no_middle(program):
    assert tallies(program) == NOTHING


class Elsewhere:
    """A database that is not PostgreSQL (SQLite) for `tally_by_week`, asking the real one."""

    vendor = "sqlite"

    def cursor(self):
        return connection.cursor()


def test_the_fallback_tallies_as_postgresql_does(program, monkeypatch):
    grow_members(program)
    in_sql = tallies(program)
    monkeypatch.setattr(sql, "connection", Elsewhere())
    assert tallies(program) == in_sql


def test_the_fallback_tallies_nothing_as_postgresql_does(program, monkeypatch):
    monkeypatch.setattr(sql, "connection", Elsewhere())
    assert tallies(program) == NOTHING

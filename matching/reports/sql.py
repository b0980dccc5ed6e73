"""Days between two moments and the week of a moment, worked out by the database
(PostgreSQL and SQLite alike), sent as values Python need not convert; and tallies by
week (counts and medians) that PostgreSQL works out whole.

Reports read one value per relationship or request (ten thousand of each). Reading the
timestamps costs most of a report's time — every one becomes an aware datetime, then a
difference — so the database sends the difference in days as a plain number instead.
Where a report only needs counts and medians per week, even those numbers need not
travel: `tally_by_week` sends one row per week.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, NamedTuple

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import DateField, Expression, FloatField, Func, QuerySet
from django.db.models.functions import TruncWeek
from django.db.models.sql.compiler import SQLCompiler


class DaysBetween(Func):
    """Days (fractional, negative if `end` is earlier) from `start` to `end`; NULL if
    either is NULL. Callers clamp at zero as `common.days_between` does."""

    arity = 2
    output_field = FloatField()

    def get_db_converters(self, connection: BaseDatabaseWrapper) -> list[Any]:
        # Both databases already send a float (the SQL casts); the default float() per
        # value is a Python call per row, and a query whose columns need no converter
        # skips the per-row conversion pass entirely.
        return []

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        start, end = self.get_source_expressions()
        start_sql, start_params = compiler.compile(start)
        end_sql, end_params = compiler.compile(end)
        if connection.vendor == "postgresql":
            sql = f"(EXTRACT(EPOCH FROM ({end_sql} - {start_sql}))::double precision / 86400.0)"
        else:  # SQLite stores UTC text that julianday() reads
            sql = f"(julianday({end_sql}) - julianday({start_sql}))"
        return sql, (*end_params, *start_params)


class Week(TruncWeek):
    """The Monday of the local week as a date. On PostgreSQL the database casts it to a
    date, so no per-row conversion runs (Django's converts a timestamp per row); SQLite
    sends text that Django's usual converters read."""

    def __init__(self, expression: str | Expression) -> None:
        super().__init__(expression, output_field=DateField())

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, Any]:
        sql, params = self.as_sql(compiler, connection, **extra_context)
        return f"({sql})::date", params

    def get_db_converters(self, connection: BaseDatabaseWrapper) -> list[Any]:
        if connection.vendor == "postgresql":
            return []
        return super().get_db_converters(connection)


class Tally(NamedTuple):
    """The rows of one week (or of all weeks): how many, how many have a value, how many
    meet each flag, and the middle of their values — the lower and the upper middle, the
    same value for an odd count; None without values.

    The median is the mean of the two middles, as `statistics.median` takes it, so the
    median of the middles is the median of every value to the last bit. Functions that
    keep the order (clamping at zero, days to hours) may be applied to the middles alone.
    """

    rows: int
    values: int
    flagged: tuple[int, ...]
    middle: tuple[float, float] | None


Tallies = dict[datetime.date, Tally]

# `percentile_disc(f)` is the value at position ceil(f·n) of n sorted values: 0.5 picks the
# lower middle, and a fraction just past it the upper one — ceil(n/2 + ε·n) is n/2 + 1 for
# an even n and (n + 1)/2 for an odd one while ε·n stays under a half, that is for fewer
# than 500 million values. Both come from one sort; asking for the upper middle as the
# lower one of the values sorted downwards took a second sort, a tenth of the query.
UPPER_MIDDLE = 0.500000001


def tally_by_week(rows: QuerySet[Any], *, flags: Sequence[str] = ()) -> tuple[Tallies, Tally]:
    """`rows` (a `values()` query with a `week` and a `value`, either may be NULL) tallied
    for each week and for all rows together (those without a week too), in one query.

    `flags` are conditions over the columns of `rows`, in SQL that PostgreSQL and SQLite
    both read (`"value" <= 14`). They are evaluated over the selected rows rather than
    annotated: an annotation that reads another one repeats its SQL, so a flag on a value
    from a subquery would run the subquery again for every row.

    PostgreSQL groups in SQL, by week and overall at once (grouping sets), with the middles
    picked by `percentile_disc`, and sends a row per week instead of ten thousand values.
    Elsewhere (the SQLite of `make run`, which has neither) the rows are read and tallied
    here.
    """
    query, params = rows.order_by().query.sql_with_params()
    conditions = [f"({flag})" for flag in flags]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            counts = "".join(f", COUNT(*) FILTER (WHERE {flag})" for flag in conditions)
            cursor.execute(
                f'SELECT GROUPING("week"), "week", COUNT(*), COUNT("value"){counts}, '  # noqa: S608 -- Django-built SQL, conditions from code
                f'percentile_disc(ARRAY[0.5, {UPPER_MIDDLE}]) WITHIN GROUP (ORDER BY "value") '
                f'FROM ({query}) AS tallied GROUP BY GROUPING SETS (("week"), ())',
                params,
            )
            return _read_tallies(cursor.fetchall())
        selected = "".join(f", {flag}" for flag in conditions)
        cursor.execute(f'SELECT "week", "value"{selected} FROM ({query}) AS tallied', params)  # noqa: S608 -- as above
        return _tally_here(cursor.fetchall(), len(flags))


def _read_tallies(results: list[tuple[Any, ...]]) -> tuple[Tallies, Tally]:
    """The rows of the grouping sets: one per week (the NULL one left out), and one for all
    rows (GROUPING 1, always there: the empty grouping set answers even without data)."""
    tallies = {
        (all_rows, week): Tally(count, values, tuple(flagged), _middle(middle))
        for all_rows, week, count, values, *flagged, middle in results
    }
    total = tallies.pop((1, None))
    return {week: tally for (_all_rows, week), tally in tallies.items() if week}, total


def _middle(middles: list[float] | None) -> tuple[float, float] | None:
    """The two middles `percentile_disc` answers as an array (NULL without values)."""
    return (middles[0], middles[1]) if middles else None


def _tally_here(results: list[tuple[Any, ...]], flags: int) -> tuple[Tallies, Tally]:
    """Rows read as (week, value, *flags), tallied as PostgreSQL would. Weeks come as the
    text SQLite stores, so they are read as the ORM would read them."""
    grouped: dict[datetime.date | None, list[tuple[Any, ...]]] = defaultdict(list)
    for week, *row in results:
        grouped[DateField().to_python(week)].append(tuple(row))
    every = [row for week_rows in grouped.values() for row in week_rows]
    return (
        {week: _tally(week_rows, flags) for week, week_rows in grouped.items() if week},
        _tally(every, flags),
    )


def _tally(rows: list[tuple[Any, ...]], flags: int) -> Tally:
    """One tally of rows read as (value, *flags)."""
    values = sorted(row[0] for row in rows if row[0] is not None)
    return Tally(
        rows=len(rows),
        values=len(values),
        flagged=tuple(sum(1 for row in rows if row[1 + flag]) for flag in range(flags)),
        middle=(values[(len(values) - 1) // 2], values[len(values) // 2]) if values else None,
    )

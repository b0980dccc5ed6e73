"""Days between two moments and the week of a moment, worked out by the database
(PostgreSQL and SQLite alike), sent as values Python need not convert.

Reports read one value per relationship or request (ten thousand of each). Reading the
timestamps costs most of a report's time — every one becomes an aware datetime, then a
difference — so the database sends the difference in days as a plain number instead.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import DateField, Expression, FloatField, Func
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

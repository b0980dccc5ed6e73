"""Days between two moments, worked out by the database (PostgreSQL and SQLite alike).

Reports read one value per relationship or request (ten thousand of each). Reading the
timestamps costs most of a report's time — every one becomes an aware datetime, then a
difference — so the database sends the difference in days as a plain number instead.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import FloatField, Func
from django.db.models.sql.compiler import SQLCompiler


class DaysBetween(Func):
    """Days (fractional, negative if `end` is earlier) from `start` to `end`; NULL if
    either is NULL. Callers clamp at zero as `common.days_between` does."""

    arity = 2
    output_field = FloatField()

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

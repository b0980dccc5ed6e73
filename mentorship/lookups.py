"""`one_of`: "this column is one of the values the subquery returns", written so that
PostgreSQL plans it with an index.

Who may see a request or a relationship is several conditions joined by OR: the user sent
it, or received it, or runs its program. Written as `column IN (subquery)`, PostgreSQL
cannot tell how many rows each branch keeps; it guesses a third of the table and joins every
row to its people before filtering (49 ms for a mentee's two requests among 7,600). As
`column = ANY(ARRAY(subquery))` the subquery runs once, first, and each branch becomes an
index probe (1 ms). SQLite has no arrays and plans the plain `IN` well, so it gets that.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Lookup, Q, QuerySet, Subquery
from django.db.models.sql.compiler import SQLCompiler


class OneOf(Lookup):
    """`lhs` equals one of the values of the one-column subquery `rhs`."""

    lookup_name = "one_of"
    prepare_rhs = False

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = compiler.compile(self.rhs)  # "(SELECT ...)"
        if connection.vendor == "postgresql":
            sql = f"{lhs_sql} = ANY(ARRAY{rhs_sql})"
        else:
            sql = f"{lhs_sql} IN {rhs_sql}"
        return sql, [*lhs_params, *rhs_params]


def one_of(column: str, values: QuerySet[Any]) -> Q:
    """A filter: `column` is one of the values of `values` (a one-column `values()` or
    `values_list()` queryset)."""
    return Q(OneOf(F(column), Subquery(values)))

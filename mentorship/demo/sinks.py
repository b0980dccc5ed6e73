"""Two ways to insert many rows: PostgreSQL's COPY, and `bulk_create` everywhere else.

Building a Django model instance costs more than the database spends storing its row, so
for the benchmark program (about five million rows) the PostgreSQL sink skips the ORM:
it reserves primary keys from the table's sequence and streams rows with COPY. Other
databases (SQLite for `make run`) get `bulk_create`, fast enough for the 900-person demo.
Both take the same column names (attnames such as `user_id`) and return the new ids.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import date, datetime
from typing import Any, Protocol

from django.db import connection, models
from django.utils import timezone


class Sink(Protocol):
    def loading(self, tables: Sequence[type[models.Model]]) -> AbstractContextManager[None]:
        """Wrap a whole load into `tables` (inside the caller's transaction)."""
        ...

    def insert(
        self,
        model: type[models.Model],
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        returning_ids: bool = False,
    ) -> list[int]:
        """Insert `rows` (values in `columns` order); other fields get their defaults.

        Returns the new primary keys, in row order, when `returning_ids` (else []).
        """
        ...


class OrmSink:
    """`bulk_create`: portable; primary keys come back on PostgreSQL and SQLite ≥ 3.35."""

    def loading(self, tables: Sequence[type[models.Model]]) -> AbstractContextManager[None]:
        return nullcontext()

    def insert(
        self,
        model: type[models.Model],
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        returning_ids: bool = False,
    ) -> list[int]:
        created = model._default_manager.bulk_create(
            model(**dict(zip(columns, row, strict=True))) for row in rows
        )
        return [obj.pk for obj in created] if returning_ids else []


class PostgresCopySink:
    """COPY with primary keys reserved up front from each table's own sequence."""

    def __init__(self) -> None:
        self._sequences: dict[str, str] = {}

    @contextmanager
    def loading(self, tables: Sequence[type[models.Model]]) -> Iterator[None]:
        """Check the foreign keys of `tables` once at the end instead of once per row.

        Row by row, PostgreSQL runs a lookup (and a row lock) per foreign key of every
        inserted row: some ten million for the benchmark program, most of the load's time.
        So the constraints are dropped and re-added with their exact definitions, which
        validates every row in one join per constraint. It happens inside the caller's
        transaction: if the load or a check fails, the constraints come back on rollback.
        The tables are locked (ACCESS EXCLUSIVE) until commit.

        The commit does not wait for the write-ahead log to reach the disk (flushing a
        gigabyte took as long as the load itself): a crash in the second after the command
        ends would lose the load, never corrupt it, and the command can simply run again.
        """
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            # Validating a foreign key is one join over both tables; let it hash in memory.
            cursor.execute("SET LOCAL work_mem = '128MB'")
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
                [[model._meta.db_table for model in tables]],
            )
            constraints: list[tuple[str, str, str]] = cursor.fetchall()
            if constraints:
                # Rows this transaction wrote earlier (the program's admin) still await
                # their deferred checks, and PostgreSQL won't alter a table with pending
                # checks: run them now.
                names = ", ".join(_quote(name) for _table, name, _definition in constraints)
                cursor.execute(f"SET CONSTRAINTS {names} IMMEDIATE")
            for table, name, _definition in constraints:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {_quote(name)}")
        yield
        with connection.cursor() as cursor:
            for table, name, definition in constraints:
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {_quote(name)} {definition}")

    def insert(
        self,
        model: type[models.Model],
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        returning_ids: bool = False,
    ) -> list[int]:
        if not rows:
            return []
        meta = model._meta
        pk_column = _column(meta.pk)
        ids = self._reserve_ids(meta.db_table, pk_column, len(rows)) if returning_ids else []
        given = [_field(model, name) for name in columns]
        fixed = [
            field for field in meta.concrete_fields if field not in given and not field.primary_key
        ]
        now = timezone.now()
        constant = "".join("\t" + _copy_value(_fixed_value(field, now)) for field in fixed)
        names = ([pk_column] if returning_ids else []) + [_column(field) for field in given]
        names += [_column(field) for field in fixed]
        if returning_ids:
            lines = (
                "\t".join((str(pk), *map(_copy_value, row))) + constant
                for pk, row in zip(ids, rows, strict=True)
            )
        else:
            lines = ("\t".join(map(_copy_value, row)) + constant for row in rows)
        data = "\n".join(lines) + "\n"
        sql = "COPY {} ({}) FROM STDIN".format(
            connection.ops.quote_name(meta.db_table),
            ", ".join(connection.ops.quote_name(name) for name in names),
        )
        with connection.cursor() as cursor:
            raw: Any = cursor.cursor
            if hasattr(raw, "copy_expert"):  # psycopg2
                raw.copy_expert(sql, io.StringIO(data))
            else:  # psycopg 3
                with raw.copy(sql) as copy:
                    copy.write(data)
        return ids

    def _reserve_ids(self, table: str, column: str, count: int) -> list[int]:
        with connection.cursor() as cursor:
            if table not in self._sequences:
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
                self._sequences[table] = cursor.fetchone()[0]
            cursor.execute(
                "SELECT nextval(%s) FROM generate_series(1, %s)", [self._sequences[table], count]
            )
            return [row[0] for row in cursor.fetchall()]


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field), f"{model.__name__}.{name} is not a column"
    return field


def _column(field: models.Field[Any, Any]) -> str:
    assert field.column is not None
    return field.column


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def sink_for_connection() -> Sink:
    """COPY on PostgreSQL, `bulk_create` elsewhere."""
    return PostgresCopySink() if connection.vendor == "postgresql" else OrmSink()


def _fixed_value(field: models.Field[Any, Any], now: datetime) -> Any:
    """What the ORM would store for a field the caller left out."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()


def _copy_value(value: Any) -> str:
    """One value in COPY's text format; the common types first, this runs ~20M times."""
    kind = type(value)
    if kind is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return _escape(value)
        return value  # type: ignore[no-any-return]
    if kind is int:
        return str(value)
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | dict):
        return _escape(json.dumps(value))
    return _escape(str(value))  # str subclasses (choices), floats, decimals


def _escape(text: str) -> str:
    # Four C-level replaces beat one `str.translate` with a dict on long texts.
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

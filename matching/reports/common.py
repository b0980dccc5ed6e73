"""What every report shares: the `Table` (shown, charted, served and exported alike), the
program's weeks, medians, shares and the Gini coefficient.

A report is a set of tables, so the page, the API and the CSV export cannot disagree: they
all read the same rows. A cell is None where there is nothing to say, or where saying it
would reveal too little pooled data (ratings and check-ins below the minimum of answers).
"""

from __future__ import annotations

import datetime
import math
import statistics
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, overload

from django.db.models import Expression, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from matching.reports.sql import Week
from relationships.models import Meeting


class Link(NamedTuple):
    """A cell that links somewhere (a relationship, a mentee); exports keep only the text.

    A named tuple, cheap to make: a report may link ten thousand rows."""

    text: str
    url: str

    def __str__(self) -> str:
        return self.text


Cell = str | int | float | Link | None
Row = tuple[Cell, ...]


class PagedRows(Sequence[Row]):
    """The rows of a long table (one per relationship), built only when they are read.

    A page shows 50 rows and the API 100, so building ten thousand rows (names joined,
    links made) to show one page of them was most of a report's time. The report knows
    how many rows there are (`count`, or a function to count them) and how to build the
    rows from `start` to `stop` (`fetch`, one query): a page or an API page builds its
    slice, and only an export, reading every row, builds them all — once.
    """

    def __init__(
        self, *, count: int | Callable[[], int], fetch: Callable[[int, int], list[Row]]
    ) -> None:
        self._count = count
        self._fetch = fetch
        self._all: list[Row] | None = None

    def __len__(self) -> int:
        if callable(self._count):
            self._count = self._count()
        return self._count

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if self._all is not None:
            return self._all[index]
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return list(self)[index]
            return self._fetch(start, stop) if start < stop else []
        position = range(len(self))[index]  # IndexError past the end, as a list would
        return self._fetch(position, position + 1)[0]

    def __iter__(self) -> Iterator[Row]:
        if self._all is None:
            self._all = self._fetch(0, len(self)) if len(self) else []
        return iter(self._all)


def links_to(view: str, *args: object) -> Callable[[str, int], Link]:
    """A function from (text, id) to a link to `view` with `args` and then that id.

    The URL is reversed once with a stand-in id: a report links thousands of rows, and
    reversing a URL per row would cost more than the rest of the report.
    """
    prefix, suffix = reverse(view, args=[*args, 0]).rsplit("0", 1)
    return lambda text, object_id: Link(text, f"{prefix}{object_id}{suffix}")


def relationship_links() -> Callable[[int], Link]:
    """A function from a relationship id to a link to its page (opening it as an admin is
    written to the audit log)."""
    link = links_to("relationship_detail")
    return lambda relationship_id: link(f"#{relationship_id}", relationship_id)


# Trends cover at most the last year of weeks: enough to see a program's course, and a
# chart of more points than that is unreadable anyway.
MAX_WEEKS = 52


@dataclass(frozen=True)
class Table:
    """One report table: a caption, column headings and rows of cells.

    `chart` is "" (no chart), "line" or "bar"; the first column labels the x axis and
    `chart_columns` name the columns plotted (by index). `paged` tables can be long (one row
    per relationship or mentor): pages show them 50 rows at a time, exports in full;
    their rows may be `PagedRows`, built a slice at a time.
    """

    key: str
    title: str
    columns: tuple[str, ...]
    rows: Sequence[Row]
    chart: str = ""
    chart_columns: tuple[int, ...] = ()
    note: str = ""
    paged: bool = False

    @property
    def chart_id(self) -> str:
        return f"chart-{self.key}"

    def chart_data(self) -> dict[str, Any]:
        """What `static/js/charts.js` draws: labels and one dataset per plotted column."""
        return {
            "type": self.chart,
            "labels": [str(row[0]) for row in self.rows],
            # Plotted columns hold numbers (or None for a gap), never links.
            "datasets": [
                {"label": self.columns[index], "data": [row[index] for row in self.rows]}
                for index in self.chart_columns
            ],
        }


@dataclass
class Report:
    """A report's headline figures (for the API and the page's summary) and its tables."""

    figures: dict[str, Cell]
    tables: list[Table] = field(default_factory=list)

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables if table.key == key), None)


def week_of(
    moment: datetime.datetime | datetime.date, zone: datetime.tzinfo | None = None
) -> datetime.date:
    """The Monday of the (local) week `moment` falls in.

    Loops over thousands of rows pass `zone` (the current time zone, looked up once): the
    look-up costs more than the conversion.
    """
    if isinstance(moment, datetime.datetime):
        if timezone.is_aware(moment):
            moment = moment.astimezone(zone or timezone.get_current_timezone())
        day = moment.date()
    else:
        day = moment
    return day - datetime.timedelta(days=day.weekday())


def sql_week(expression: str | Expression) -> Week:
    """The Monday of the local week as a date, worked out by the database: reports group
    thousands of rows by week, and truncating in SQL costs nothing per row here."""
    return Week(expression)


def first_held_meeting() -> Subquery:
    """The start of a relationship's first held meeting, for `Relationship` annotations.

    A correlated subquery (one index probe per relationship) rather than a join with
    `Min`: the join would make the database group every selected column.
    """
    held = Meeting.objects.filter(relationship=OuterRef("pk"), state=Meeting.State.HELD)
    return Subquery(held.order_by("starts_at").values("starts_at")[:1])


def program_weeks(seen: Iterable[datetime.date], *, now: datetime.datetime) -> list[datetime.date]:
    """Every week from the earliest one with data to the current one, at most `MAX_WEEKS`.

    Weeks come from the data rather than the program's dates: a program's history may
    start before its configured start (imported relationships) or it may have none.
    """
    current = week_of(now)
    earliest = min(seen, default=current)
    oldest_allowed = current - datetime.timedelta(weeks=MAX_WEEKS - 1)
    start = max(earliest, oldest_allowed)
    count = (current - start).days // 7 + 1
    return [start + datetime.timedelta(weeks=index) for index in range(count)]


def median(values: Sequence[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def percent(part: float, whole: float) -> float | None:
    """`part` of `whole` in percent, one decimal; None when there is no whole."""
    return round(100 * part / whole, 1) if whole else None


def days_between(start: datetime.datetime, end: datetime.datetime) -> float:
    return max(0.0, (end - start).total_seconds() / 86400)


def gini(values: Sequence[float]) -> float | None:
    """The Gini coefficient: 0 when everyone has the same, towards 1 when one has it all.

    None for an empty list or an all-zero one (nothing is distributed, so nothing is
    concentrated). Zeros count: a mentor nobody was shown is part of the inequality.
    """
    ordered = sorted(values)
    total = math.fsum(ordered)
    count = len(ordered)
    if count == 0 or total <= 0:
        return None
    weighted = math.fsum((index + 1) * value for index, value in enumerate(ordered))
    return round(2 * weighted / (count * total) - (count + 1) / count, 3)


def top_share(values: Sequence[float], fraction: float) -> float | None:
    """The share (percent) of the total held by the top `fraction` of entries (at least one)."""
    total = math.fsum(values)
    if not values or total <= 0:
        return None
    top = max(1, math.ceil(len(values) * fraction))
    return percent(math.fsum(sorted(values, reverse=True)[:top]), total)

"""Report tables as CSV, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from matching.reports.common import Cell, Table

# A cell starting with one of these is run as a formula by spreadsheets (CSV injection);
# names and free text come from participants, so such cells are quoted with a apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def table_csv(table: Table) -> str:
    """The whole table (every row, not one page), headings first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows([csv_cell(cell) for cell in row] for row in table.rows)
    return buffer.getvalue()

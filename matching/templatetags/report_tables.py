"""`report_cells`: a report table's row as its `<td>` cells, for tables of thousands of cells.

The dashboard shows nine tables of up to 52 weeks, some two thousand cells. Written in
the template language, each cell looked up `cell.url` (on a number, a key, an attribute
and an index are tried before the look-up gives up) and rendered its value through a
filter and a node: two thirds of the page's rendering. This renders the same markup with
the function the engine renders `{{ value }}` with (localized, escaped), once per row.
"""

from __future__ import annotations

from django import template
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe

from matching.reports.common import Cell, Link

register = template.Library()

EMPTY = "—"


@register.simple_tag(takes_context=True)
def report_cells(context: Context, row: tuple[Cell, ...]) -> SafeString:
    """One `<td>` per cell: a link's text linked to its URL, nothing to say as "—"."""
    return mark_safe("".join(_cell(context, cell) for cell in row))  # noqa: S308 -- parts escaped as {{ }} does


def _cell(context: Context, cell: Cell) -> str:
    if isinstance(cell, Link) and cell.url:
        url, text = (render_value_in_context(part, context) for part in (cell.url, cell.text))
        return f'<td><a href="{url}">{text}</a></td>'
    shown = EMPTY if cell is None else cell
    return f"<td>{render_value_in_context(shown, context)}</td>"

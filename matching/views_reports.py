"""Report pages for program admins: the dashboard, match quality, at risk, exposure, and
each table as CSV.

Only the program's admins (and platform admins) get here: `admin_program` answers 404 to
non-members and 403 to members who do not run the program. Pages show the tables of
`matching.reports`, long ones a page at a time; an export holds every row and is written
to the audit log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from matching.reports.common import Cell, Table
from matching.reports.csv import table_csv
from matching.reports.registry import REPORTS
from mentorship.models import AuditEntry, User
from mentorship.services.audit import record_audit
from mentorship.views.participants import csv_download
from mentorship.visibility import admin_program
from relationships.models.checkins import MIN_ANSWERS_FOR_AGGREGATES

ROWS_PER_PAGE = 50


@dataclass(frozen=True)
class ShownTable:
    """A table as a page shows it: all rows, or one page of a long table."""

    table: Table
    rows: Sequence[tuple[Cell, ...]]
    page: Page[tuple[Cell, ...]] | None
    page_param: str


def shown_tables(request: HttpRequest, tables: list[Table]) -> list[ShownTable]:
    shown = []
    for table in tables:
        param = f"{table.key}_page"
        if not table.paged:
            shown.append(ShownTable(table=table, rows=table.rows, page=None, page_param=param))
            continue
        page = Paginator(table.rows, ROWS_PER_PAGE).get_page(request.GET.get(param))
        shown.append(
            ShownTable(table=table, rows=list(page.object_list), page=page, page_param=param)
        )
    return shown


@login_required
@require_GET
def report_page(request: HttpRequest, slug: str, report: str) -> HttpResponse:
    """One report of a program this admin runs."""
    program = admin_program(user=cast(User, request.user), slug=slug)
    title, build = REPORTS[report]
    result = build(program)
    return render(
        request,
        f"matching/reports/{report.replace('-', '_')}.html",
        {
            "program": program,
            "report": report,
            "title": title,
            "reports": [(key, name) for key, (name, _build) in REPORTS.items()],
            "figures": result.figures,
            "tables": shown_tables(request, result.tables),
            "min_answers": MIN_ANSWERS_FOR_AGGREGATES,
        },
    )


@login_required
@require_GET
def report_export(request: HttpRequest, slug: str, report: str, table: str) -> HttpResponse:
    """Every row of one report table as CSV; the export is written to the audit log."""
    user = cast(User, request.user)
    program = admin_program(user=user, slug=slug)
    found = REPORTS[report][1](program).table(table)
    if found is None:
        raise Http404
    response = csv_download(table_csv(found), f"{program.slug}-{report}-{found.key}.csv")
    record_audit(
        actor=user,
        action=AuditEntry.Action.EXPORTED_REPORT,
        program=program,
        detail=f"{report}/{found.key} ({len(found.rows)} rows)",
    )
    return response

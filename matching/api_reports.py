"""API of the program reports: the dashboard, match quality, at risk, exposure.

One class per report, for the program's admins only (404 for non-members, 403 for
members who do not run the program). Each answers the report's headline figures (typed
per report) and its tables, the same rows the pages show and the CSV exports hold; long
tables (one row per relationship or mentor) come a page at a time with `?page=`.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar, cast

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from matching.reports.common import Link, Report, Table
from matching.reports.registry import REPORTS
from mentorship.api.views import error_responses
from mentorship.models import User
from mentorship.visibility import admin_program

ROWS_PER_PAGE = 100


class ReportTableSerializer(serializers.Serializer[None]):
    key = serializers.CharField(help_text="Names the table; also the name of its CSV export.")
    title = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(
        child=serializers.ListField(child=serializers.JSONField()),
        help_text="One list of cells per row, in the order of `columns`; null where there "
        "is nothing to say or too few answers to pool.",
    )
    count = serializers.IntegerField(help_text="Rows in the whole table.")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    csv_url = serializers.CharField(help_text="Every row as CSV (the download is audited).")


def percent_field(help_text: str = "") -> serializers.FloatField:
    return serializers.FloatField(allow_null=True, help_text=help_text or "Percent; null: none.")


def _cell(value: object) -> object:
    return value.text if isinstance(value, Link) else value


def table_data(table: Table, *, slug: str, report: str, page: int) -> dict[str, Any]:
    rows = table.rows
    pages = max(1, math.ceil(len(rows) / ROWS_PER_PAGE)) if table.paged else 1
    page = min(max(1, page), pages)
    if table.paged:
        rows = rows[(page - 1) * ROWS_PER_PAGE : page * ROWS_PER_PAGE]
    return {
        "key": table.key,
        "title": table.title,
        "note": table.note,
        "columns": list(table.columns),
        "rows": [[_cell(cell) for cell in row] for row in rows],
        "count": len(table.rows),
        "page": page,
        "pages": pages,
        "csv_url": reverse("program_report_export", args=[slug, report, table.key]),
    }


def page_number(request: Request) -> int:
    try:
        return int(request.query_params.get("page", "1"))
    except ValueError:
        return 1


class ReportApi(APIView):
    """Shared by the four report operations: fetch the program, build, serialise."""

    report: ClassVar[str]

    def get(self, request: Request, slug: str) -> Response:
        program = admin_program(user=cast(User, request.user), slug=slug)
        result: Report = REPORTS[self.report][1](program)
        page = page_number(request)
        return Response(
            {
                "figures": result.figures,
                "tables": [
                    table_data(table, slug=program.slug, report=self.report, page=page)
                    for table in result.tables
                ],
            }
        )


PAGE_PARAMETER = OpenApiParameter(
    "page", int, description="The page of long tables (one row per relationship or mentor)."
)
REPORT_ERRORS = error_responses(401, 403, 404, 429)


class OverviewFiguresSerializer(serializers.Serializer[None]):
    mentees = serializers.IntegerField()
    mentors = serializers.IntegerField()
    admins = serializers.IntegerField()
    mentees_matched = serializers.IntegerField()
    matched_percent = percent_field()
    median_days_to_match = serializers.FloatField(allow_null=True)
    requests_decided = serializers.IntegerField()
    acceptance_percent = percent_field("Accepted of decided; expired requests count as not.")
    median_response_hours = serializers.FloatField(allow_null=True)
    median_days_to_first_meeting = serializers.FloatField(allow_null=True)
    met_within_14_days_percent = percent_field()
    meetings_held = serializers.IntegerField()
    meetings_per_relationship_month = serializers.FloatField(allow_null=True)
    rating_answers = serializers.IntegerField(allow_null=True)
    average_rating = serializers.FloatField(
        allow_null=True, help_text="Null below the minimum number of answers (5)."
    )
    check_in_answers = serializers.IntegerField(allow_null=True)
    fit_yes_percent = percent_field("Null below the minimum number of answers (5).")
    fit_unsure_percent = percent_field("Null below the minimum number of answers (5).")
    fit_no_percent = percent_field("Null below the minimum number of answers (5).")
    closed = serializers.IntegerField()
    completion_percent = percent_field()


class OverviewSerializer(serializers.Serializer[None]):
    figures = OverviewFiguresSerializer()
    tables = ReportTableSerializer(many=True)


class ProgramOverviewReportApi(ReportApi):
    """The program dashboard: participants, matching, requests, meetings, ratings,
    check-in fit and closures, each with its weekly trend."""

    report = "overview"

    @extend_schema(
        operation_id="programs_reports_overview_retrieve",
        parameters=[PAGE_PARAMETER],
        responses={200: OverviewSerializer, **REPORT_ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        return super().get(request, slug)


class MatchQualityFiguresSerializer(serializers.Serializer[None]):
    relationships = serializers.IntegerField()
    with_score = serializers.IntegerField()
    spearman_met_within_14_days = serializers.FloatField(
        allow_null=True, help_text="Spearman's rho of score vs meeting within 14 days."
    )
    spearman_met_within_14_days_n = serializers.IntegerField()
    spearman_ended_well = serializers.FloatField(
        allow_null=True, help_text="Spearman's rho of score vs ending well."
    )
    spearman_ended_well_n = serializers.IntegerField()


class MatchQualitySerializer(serializers.Serializer[None]):
    figures = MatchQualityFiguresSerializer()
    tables = ReportTableSerializer(many=True)


class ProgramMatchQualityReportApi(ReportApi):
    """Each relationship's match snapshot against what happened, the score's correlation
    with outcomes, outcomes by score decile and acceptance by suggestion rank."""

    report = "match-quality"

    @extend_schema(
        operation_id="programs_reports_match_quality_retrieve",
        parameters=[PAGE_PARAMETER],
        responses={200: MatchQualitySerializer, **REPORT_ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        return super().get(request, slug)


class AtRiskFiguresSerializer(serializers.Serializer[None]):
    on_track = serializers.IntegerField()
    needs_attention = serializers.IntegerField()
    at_risk = serializers.IntegerField()
    unresponsive_mentors = serializers.IntegerField()
    mentors = serializers.IntegerField()
    mentors_at_capacity = serializers.IntegerField()
    mentors_without_mentees = serializers.IntegerField()
    load_gini = serializers.FloatField(allow_null=True)
    capacity_used_percent = percent_field()


class AtRiskSerializer(serializers.Serializer[None]):
    figures = AtRiskFiguresSerializer()
    tables = ReportTableSerializer(many=True)


class ProgramAtRiskReportApi(ReportApi):
    """Relationships at risk (the health indicator), unresponsive mentors, mentor load."""

    report = "at-risk"

    @extend_schema(
        operation_id="programs_reports_at_risk_retrieve",
        parameters=[PAGE_PARAMETER],
        responses={200: AtRiskSerializer, **REPORT_ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        return super().get(request, slug)


class ExposureFiguresSerializer(serializers.Serializer[None]):
    mentors = serializers.IntegerField()
    impressions = serializers.IntegerField(help_text="Times mentors were shown in the window.")
    impression_gini = serializers.FloatField(allow_null=True)
    match_gini = serializers.FloatField(allow_null=True)
    top_10_percent_impression_share = percent_field()
    top_10_percent_match_share = percent_field()
    window_days = serializers.IntegerField()


class ExposureSerializer(serializers.Serializer[None]):
    figures = ExposureFiguresSerializer()
    tables = ReportTableSerializer(
        many=True,
        help_text="With a `groups` table only when the program asks its optional group "
        "question; groups of fewer than 5 people have no figures.",
    )


class ProgramExposureReportApi(ReportApi):
    """How concentrated impressions and matches are over mentors, and (where the program
    asks) match rate and mean score per self-described group."""

    report = "exposure"

    @extend_schema(
        operation_id="programs_reports_exposure_retrieve",
        parameters=[PAGE_PARAMETER],
        responses={200: ExposureSerializer, **REPORT_ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        return super().get(request, slug)

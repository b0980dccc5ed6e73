"""The report endpoints: program admins only, typed headline figures, the pages' tables,
long tables by page, and nothing private."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from relationships.services.checkins import submit_check_in
from tests.conftest import client_for
from tests.matching.reports_history import grow_history
from tests.relationships.meetings_support import SECRET, shift_start, start_pair

pytestmark = pytest.mark.django_db

REPORTS = ("overview", "match-quality", "at-risk", "exposure")


def url(program, report: str) -> str:
    return f"/api/v1/programs/{program.slug}/reports/{report}/"


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("program_admin", 200),
        ("platform_admin", 200),
        ("mentee", 403),
        ("mentor", 403),
        ("other_program_admin", 404),
        ("alice", 404),
    ],
)
def test_only_the_programs_admins_read_reports(program, report, persona, status, request):
    response = client_for(request.getfixturevalue(persona)).get(url(program, report))
    assert response.status_code == status
    if status != 200:
        assert set(response.json()) >= {"message"}


def test_visitors_get_a_401(program):
    assert APIClient().get(url(program, "overview")).status_code == 401


def test_the_overview_answers_figures_and_tables(program, program_admin):
    grow_history(program, count=7)
    body = client_for(program_admin).get(url(program, "overview")).json()
    assert body["figures"]["mentees"] == 7
    assert body["figures"]["acceptance_percent"] == 100.0
    assert body["figures"]["average_rating"] is not None  # 5 ratings: pooled
    tables = {table["key"]: table for table in body["tables"]}
    assert tables["participants"]["rows"][0] == ["Mentees", 7]
    assert tables["fit"]["csv_url"] == f"/programs/{program.slug}/reports/overview/fit.csv"


def test_long_tables_come_a_page_at_a_time(program, program_admin):
    grow_history(program, count=3)
    from matching import api_reports

    api_reports.ROWS_PER_PAGE, before = 2, api_reports.ROWS_PER_PAGE
    try:
        client = client_for(program_admin)
        first = client.get(url(program, "match-quality")).json()
        second = client.get(url(program, "match-quality"), {"page": 2}).json()
    finally:
        api_reports.ROWS_PER_PAGE = before
    [table_1] = [t for t in first["tables"] if t["key"] == "relationships"]
    [table_2] = [t for t in second["tables"] if t["key"] == "relationships"]
    assert (table_1["count"], table_1["pages"], len(table_1["rows"])) == (3, 2, 2)
    assert (table_2["page"], len(table_2["rows"])) == (2, 1)
    # A relationship cell is its number (the page links it; the API names it).
    assert table_1["rows"][0][0].startswith("#")


def test_nothing_private_is_served(program, program_admin, mentee, mentor):
    relationship = start_pair(program, mentee, mentor)
    shift_start(relationship, days=40)
    submit_check_in(
        relationship=relationship,
        by=mentee,
        how_it_is_going=1,
        good_fit="no",
        goal_progress=1,
        comment=SECRET,
    )
    client = client_for(program_admin)
    for report in REPORTS:
        assert SECRET not in client.get(url(program, report)).content.decode()
    at_risk = client.get(url(program, "at-risk")).json()
    assert at_risk["figures"]["at_risk"] == 1

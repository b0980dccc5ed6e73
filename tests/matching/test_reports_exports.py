"""Report tables as CSV, and the audit log: every export and every look into a relationship
from outside the pair is recorded, and only platform admins read the log."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from matching.reports.common import Table
from matching.reports.csv import table_csv
from mentorship.models import AuditEntry
from tests.conftest import client_for
from tests.matching.reports_history import grow_history
from tests.relationships.meetings_support import page_client, start_pair

pytestmark = pytest.mark.django_db


def export_url(program, report: str, table: str) -> str:
    return f"/programs/{program.slug}/reports/{report}/{table}.csv"


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_a_table_downloads_as_csv_in_full_and_the_export_is_audited(program, program_admin):
    grow_history(program, count=3)
    response = page_client(program_admin).get(export_url(program, "match-quality", "relationships"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = rows_of(response)
    assert header[:3] == ["Relationship", "Mentee", "Mentor"]
    assert len(rows) == 3
    assert {row[1] for row in rows} == {"Mentee 0", "Mentee 1", "Mentee 2"}
    [entry] = AuditEntry.objects.all()
    assert (entry.actor, entry.program, entry.action) == (
        program_admin,
        program,
        AuditEntry.Action.EXPORTED_REPORT,
    )
    assert entry.detail.startswith("match-quality/relationships")


@pytest.mark.parametrize(
    ("report", "table"),
    [
        ("overview", "participants"),
        ("overview", "fit"),
        ("match-quality", "calibration"),
        ("match-quality", "ranks"),
        ("match-quality", "poor_fits"),
        ("at-risk", "relationships"),
        ("at-risk", "unresponsive"),
        ("at-risk", "load"),
        ("exposure", "deciles"),
        ("exposure", "top_mentors"),
    ],
)
def test_every_report_table_exports(program, program_admin, report, table):
    response = page_client(program_admin).get(export_url(program, report, table))
    assert response.status_code == 200
    assert rows_of(response)[0]  # the header row, even for an empty table


@pytest.mark.parametrize(("persona", "status"), [("mentee", 403), ("other_program_admin", 404)])
def test_nobody_else_exports_and_nothing_is_recorded(program, persona, status, request):
    user = request.getfixturevalue(persona)
    response = page_client(user).get(export_url(program, "overview", "participants"))
    assert response.status_code == status
    assert not AuditEntry.objects.exists()


def test_an_unknown_table_is_a_404_and_not_recorded(program, program_admin):
    response = page_client(program_admin).get(export_url(program, "overview", "salaries"))
    assert response.status_code == 404
    assert not AuditEntry.objects.exists()


def test_cells_that_a_spreadsheet_would_run_are_defused():
    table = Table(key="t", title="T", columns=("Name", "Count"), rows=[("=HYPERLINK(1)", -3)])
    assert table_csv(table).splitlines()[1] == "'=HYPERLINK(1),-3"


def test_an_admin_opening_a_relationship_is_recorded(program, program_admin, mentee, mentor):
    relationship = start_pair(program, mentee, mentor)
    assert page_client(program_admin).get(f"/relationships/{relationship.pk}/").status_code == 200
    assert (
        client_for(program_admin).get(f"/api/v1/relationships/{relationship.pk}/").status_code
        == 200
    )
    entries = list(AuditEntry.objects.order_by("pk"))
    assert [(e.action, e.actor, e.target_id) for e in entries] == [
        (AuditEntry.Action.VIEWED_RELATIONSHIP, program_admin, str(relationship.pk))
    ] * 2
    assert entries[0].target_type == "relationships.relationship"


def test_the_pair_opening_their_relationship_is_not_recorded(program, mentee, mentor):
    relationship = start_pair(program, mentee, mentor)
    for person in (mentee, mentor):
        assert page_client(person).get(f"/relationships/{relationship.pk}/").status_code == 200
    assert not AuditEntry.objects.exists()


def test_someone_who_may_not_see_a_relationship_leaves_no_entry(
    program, other_program_admin, mentee, mentor
):
    relationship = start_pair(program, mentee, mentor)
    response = page_client(other_program_admin).get(f"/relationships/{relationship.pk}/")
    assert response.status_code == 404
    assert not AuditEntry.objects.exists()


def test_platform_admins_read_the_audit_log(program, program_admin, platform_admin, mentee, mentor):
    relationship = start_pair(program, mentee, mentor)
    page_client(program_admin).get(f"/relationships/{relationship.pk}/")
    page_client(program_admin).get(export_url(program, "overview", "participants"))
    client = page_client(platform_admin)
    html = client.get("/audit/").content.decode()
    assert program_admin.email in html
    assert "Opened a relationship&#x27;s details" in html and "Exported a report" in html
    only_exports = client.get("/audit/", {"action": "exported_report"}).content.decode()
    assert "Exported a report" in only_exports
    assert "Opened a relationship&#x27;s details</td>" not in only_exports


@pytest.mark.parametrize("persona", ["program_admin", "mentee", "alice"])
def test_the_audit_log_is_a_404_for_everybody_else(persona, request):
    user = request.getfixturevalue(persona)
    assert page_client(user).get("/audit/").status_code == 404


def test_the_audit_log_sends_visitors_to_log_in(db):
    assert Client().get("/audit/").status_code == 302

"""The program admin's side, in a real browser: from the program page to the pair's health,
the participants and their CSV export, the dashboard with its reports, and a cohort match
run from start to publication.

The pair under watch is built through the services (a relationship with a confirmed
agreement and a held, rated meeting); tests/e2e/test_relationship_journey.py makes one
through the pages.
"""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import Page, expect

from relationships.models import Relationship
from relationships.services.feedback import give_feedback
from tests.e2e.browser import key_page
from tests.matching.cohort import cohort
from tests.relationships.meetings_support import agree, held_meeting, start_pair

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pair(program, mentee, mentor):
    """Mia and Marcus, agreed on fortnightly meetings, with one held and rated."""
    relationship = start_pair(program, mentee, mentor)
    agree(relationship, cadence="fortnightly", mentee=mentee, mentor=mentor)
    meeting = held_meeting(relationship, mentee, shared_notes="First steps as a lead")
    give_feedback(meeting=meeting, by=mentee, rating=5)
    return relationship


def open_admin_link(page: Page, name: str) -> None:
    """Follow one of the admin links of the program page, as the admin would."""
    page.goto("/programs/")
    page.get_by_role("link", name="Rise").first.click()
    page.get_by_role("link", name=name).click()


def test_the_program_admin_follows_the_pair_and_exports_the_participants(site, pair, program_admin):
    page = site.signed_in_page(program_admin)
    page.goto("/programs/rise/")
    key_page(page, "program page for its admin")

    open_admin_link(page, "Relationship health")
    row = page.get_by_role("row").filter(has_text="Mia Mentee")
    expect(row).to_contain_text("Marcus Mentor")
    key_page(page, "relationship health", docs=True)

    open_admin_link(page, "Members and join requests")
    expect(page.get_by_role("main")).to_contain_text("Mia Mentee")
    key_page(page, "members")

    open_admin_link(page, "Participants: import and export")
    key_page(page, "participants")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig") as exported:
        rows = list(csv.DictReader(io.StringIO(exported.read())))
    assert {"mentee@example.org", "mentor@example.org"} <= {row["email"] for row in rows}


def test_the_program_admin_reads_the_dashboard_and_exports_a_report(site, pair, program_admin):
    page = site.signed_in_page(program_admin)
    open_admin_link(page, "Dashboard and reports")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    key_page(page, "admin dashboard", docs=True)
    csv_link = page.locator("a[href$='.csv']").first
    with page.expect_download() as download_info:
        csv_link.click()
    download = download_info.value
    with open(download.path(), encoding="utf-8-sig") as exported:
        rows = list(csv.reader(exported))
    assert len(rows) >= 2, rows  # a header and at least the one pair


def test_the_program_admin_runs_and_publishes_a_cohort_match(site, program, program_admin):
    people = cohort(program)
    page = site.signed_in_page(program_admin)
    open_admin_link(page, "Cohort matching")
    key_page(page, "cohort matching")
    page.get_by_role("button", name="Start a new run").click()
    key_page(page, "new cohort run")
    with page.expect_navigation():
        page.get_by_role("button", name="Start the run").click()
    # The run computes in the background; the page polls until the proposal is ready.
    publish = page.get_by_role("button", name="Publish this proposal")
    expect(publish).to_be_visible(timeout=30_000)
    expect(page.get_by_role("main")).to_contain_text("You both mention")
    key_page(page, "cohort run proposal", docs=True)
    publish.click()
    expect(page.get_by_role("status").filter(has_text="relationship")).to_be_visible(timeout=30_000)
    matched = set(Relationship.objects.filter(program=program).values_list("mentee_id", flat=True))
    assert matched == {mentee.pk for mentee in people.mentees}

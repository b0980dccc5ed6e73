"""Long report tables are built a page at a time, and the values-only health indicator the
at-risk report reads agrees with the one the health page shows."""

from __future__ import annotations

import pytest

from matching.reports.common import PagedRows, Row
from relationships.health import health_queryset, health_rows, program_health_values
from tests.matching.reports_history import grow_history
from tests.relationships.meetings_support import page_client

pytestmark = pytest.mark.django_db


def counting_rows(total: int) -> tuple[PagedRows, list[tuple[int, int]]]:
    fetched: list[tuple[int, int]] = []

    def fetch(start: int, stop: int) -> list[Row]:
        fetched.append((start, stop))
        return [(number,) for number in range(start, stop)]

    return PagedRows(count=total, fetch=fetch), fetched


def test_paged_rows_read_like_a_list_and_build_only_what_is_read():
    rows, fetched = counting_rows(7)
    assert len(rows) == 7
    assert rows[2:4] == [(2,), (3,)]
    assert rows[-1] == (6,)
    assert rows[5:100] == [(5,), (6,)]
    assert rows[9:12] == []
    with pytest.raises(IndexError):
        rows[7]
    assert fetched == [(2, 4), (6, 7), (5, 7)]
    # Reading every row (an export) builds them once, and later reads use them.
    assert list(rows) == [(number,) for number in range(7)]
    assert list(rows) == [(number,) for number in range(7)]
    assert rows[0:2] == [(0,), (1,)]
    assert fetched[3:] == [(0, 7)]


def test_a_count_is_asked_for_only_when_needed():
    asked: list[int] = []

    def count() -> int:
        asked.append(1)
        return 3

    rows = PagedRows(count=count, fetch=lambda start, stop: [])
    assert asked == []
    assert len(rows) == len(rows) == 3
    assert asked == [1]


def test_the_values_only_indicator_matches_the_health_page(program):
    grow_history(program, count=12)
    by_instances = {
        row.relationship.pk: (row.health, row.days_since_meeting, row.allowed_gap_days)
        for row in health_rows(list(health_queryset(program)))
    }
    by_values = {
        row.relationship_id: (row.health, row.days_since_meeting, row.allowed_gap_days)
        for row in program_health_values(program)
    }
    assert by_values == by_instances
    assert len({health for health, _days, _gap in by_values.values()}) > 1


def relationships_section(html: str) -> str:
    start = html.index('id="relationships-heading"')
    return html[start : html.index("</section>", start)]


def test_a_page_of_the_relationships_table_shows_its_rows_and_the_export_all(
    program, program_admin, monkeypatch
):
    from matching import views_reports

    grow_history(program, count=5)
    monkeypatch.setattr(views_reports, "ROWS_PER_PAGE", 2)
    client = page_client(program_admin)
    url = f"/programs/{program.slug}/reports/match-quality/"
    first = relationships_section(client.get(url).content.decode())
    third = relationships_section(client.get(url, {"relationships_page": 3}).content.decode())
    # Newest first: Mentee 4 and 3 on page 1, Mentee 0 alone on page 3.
    assert "Mentee 4" in first and "Mentee 0" not in first
    assert "Mentee 0" in third and "Mentee 4" not in third
    export = client.get(f"/programs/{program.slug}/reports/match-quality/relationships.csv")
    assert export.status_code == 200
    body = export.content.decode()
    assert all(f"Mentee {number}" in body for number in range(5))

"""The health indicator (on track / needs attention / at risk) and the admins' health view:
indicators and pooled answers only, and pooled answers only over five or more."""

from __future__ import annotations

import datetime

import pytest

from mentorship.models import AuditEntry
from relationships.health import Health, Signals, health_from, health_queryset, health_rows
from relationships.models import Relationship
from relationships.services.checkins import submit_check_in
from relationships.services.relationships import pause_relationship
from tests.conftest import client_for
from tests.factories import make_member
from tests.relationships.meetings_support import (
    agree,
    held_meeting,
    page_client,
    shift_start,
    start_pair,
)

pytestmark = pytest.mark.django_db


def signals(**fields) -> Signals:
    return Signals(**{"days_since_meeting": 3, "allowed_gap_days": 21, **fields})


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, Health.ON_TRACK),
        ({"days_since_meeting": 22}, Health.NEEDS_ATTENTION),
        ({"days_since_meeting": 43}, Health.AT_RISK),
        ({"days_since_meeting": 43, "paused": True}, Health.ON_TRACK),
        ({"latest_fits": ("yes", "unsure")}, Health.NEEDS_ATTENTION),
        ({"latest_fits": ("yes", "no")}, Health.AT_RISK),
        ({"latest_goal_progress": (4, 2)}, Health.NEEDS_ATTENTION),
        ({"latest_goal_progress": (1,)}, Health.AT_RISK),
        ({"days_since_meeting": 15, "allowed_gap_days": 14}, Health.NEEDS_ATTENTION),
    ],
)
def test_the_indicator_follows_the_documented_rule(fields, expected):
    assert health_from(signals(**fields)) == expected


@pytest.fixture
def relationship(program, mentee, mentor) -> Relationship:
    return start_pair(program, mentee, mentor)


def row_for(program, relationship):
    [row] = [
        r for r in health_rows(list(health_queryset(program))) if r.relationship == relationship
    ]
    return row


def test_a_new_relationship_is_on_track_and_drifts_as_time_passes(program, relationship):
    assert row_for(program, relationship).health == Health.ON_TRACK
    shift_start(relationship, days=25)
    assert row_for(program, relationship).health == Health.NEEDS_ATTENTION
    shift_start(relationship, days=20)
    row = row_for(program, relationship)
    assert (row.health, row.days_since_meeting, row.allowed_gap_days) == (Health.AT_RISK, 45, 21)


def test_a_held_meeting_and_the_agreed_cadence_count(program, relationship, mentee, mentor):
    agree(relationship, cadence="monthly", mentee=mentee, mentor=mentor)
    shift_start(relationship, days=60)
    held_meeting(relationship, mentee)
    row = row_for(program, relationship)
    assert (row.health, row.days_since_meeting, row.allowed_gap_days) == (Health.ON_TRACK, 1, 37)
    assert row.agreed_cadence == "monthly"


def test_a_latest_check_in_saying_not_a_good_fit_puts_it_at_risk(program, relationship, mentee):
    shift_start(relationship, days=31)
    held_meeting(relationship, mentee)
    submit_check_in(
        relationship=relationship, by=mentee, how_it_is_going=2, good_fit="no", goal_progress=3
    )
    assert row_for(program, relationship).health == Health.AT_RISK


def test_a_paused_relationship_is_not_held_to_its_meeting_gap(program, relationship, mentee):
    shift_start(relationship, days=60)
    pause_relationship(relationship=relationship, by=mentee)
    assert row_for(program, relationship).health == Health.ON_TRACK


def answer_check_ins(relationship, mentee, mentor, count: int) -> None:
    """`count` check-in answers, alternating sides over as many periods as needed."""
    people = [mentee, mentor]
    for number in range(count):
        period = number // 2
        submit_check_in(
            relationship=relationship,
            by=people[number % 2],
            how_it_is_going=4,
            good_fit="yes",
            goal_progress=3,
            comment=f"Personal-answer-{number}",
            now=relationship.started_at + datetime.timedelta(days=31 + 60 * period),
        )


def test_admins_get_check_in_aggregates_only_over_five_answers(
    program, relationship, mentee, mentor, program_admin
):
    url = f"/api/v1/programs/{program.slug}/relationship-health/"
    answer_check_ins(relationship, mentee, mentor, 4)
    four = client_for(program_admin).get(url)
    assert four.status_code == 200
    assert four.json()["summary"]["check_ins"] is None
    assert four.json()["summary"]["feedback"] is None

    third_period = relationship.started_at + datetime.timedelta(days=31 + 60 * 2)
    submit_check_in(
        relationship=relationship,
        by=mentee,
        how_it_is_going=1,
        good_fit="unsure",
        goal_progress=3,
        comment="Personal-answer-4",
        now=third_period,
    )
    five = client_for(program_admin).get(url)
    summary = five.json()["summary"]["check_ins"]
    assert summary["answers"] == 5
    assert summary["average_how_it_is_going"] == 3.4
    assert summary["good_fit_share"] == {"yes": 0.8, "unsure": 0.2, "no": 0.0}
    assert "Personal-answer" not in five.content.decode()
    page = page_client(program_admin).get(f"/programs/{program.slug}/health/")
    assert page.status_code == 200
    assert "Over 5 check-ins" in page.content.decode()
    assert "Personal-answer" not in page.content.decode()


def test_only_the_programs_admins_see_its_health(
    program, relationship, mentee, mentor, other_program_admin, alice
):
    for user, status in ((mentee, 403), (mentor, 403), (other_program_admin, 404), (alice, 404)):
        assert (
            client_for(user)
            .get(f"/api/v1/programs/{program.slug}/relationship-health/")
            .status_code
            == status
        )
        assert page_client(user).get(f"/programs/{program.slug}/health/").status_code == status


def test_the_admin_opens_a_relationship_from_the_health_page_and_it_is_audited(
    program, relationship, program_admin
):
    page = page_client(program_admin)
    html = page.get(f"/programs/{program.slug}/health/").content.decode()
    assert f'href="/programs/{program.slug}/reports/overview/"' in html  # back to the reports
    link = f'href="/relationships/{relationship.pk}/"'
    assert link in html
    assert page.get(f"/relationships/{relationship.pk}/").status_code == 200
    assert AuditEntry.objects.filter(
        actor=program_admin,
        action=AuditEntry.Action.VIEWED_RELATIONSHIP,
        target_id=str(relationship.pk),
    ).exists()


def _relationships(program, count: int) -> None:
    mentor = make_member(program=program, roles=("mentor",))
    mentor.mentor_participation.capacity = 20
    mentor.mentor_participation.save(update_fields=["capacity"])
    for _number in range(count):
        mentee = make_member(program=program, roles=("mentee",)).user
        start_pair(program, mentee, mentor.user)


HEALTH_QUERY_BOUND = 12


def test_the_health_views_cost_the_same_queries_for_2_and_20_relationships(
    program, program_admin, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api, page = client_for(program_admin), page_client(program_admin)
    api_url = f"/api/v1/programs/{program.slug}/relationship-health/"
    page_url = f"/programs/{program.slug}/health/"
    _relationships(program, 2)
    with CaptureQueriesContext(connection) as few_api:
        assert api.get(api_url).json()["count"] == 2
    with CaptureQueriesContext(connection) as few_page:
        page.get(page_url)
    _relationships(program, 18)
    with django_assert_max_num_queries(HEALTH_QUERY_BOUND) as many_api:
        assert len(api.get(api_url).json()["results"]) == 20
    with django_assert_max_num_queries(HEALTH_QUERY_BOUND) as many_page:
        assert len(page.get(page_url).context["rows"]) == 20
    assert len(many_api.captured_queries) == len(few_api.captured_queries)
    assert len(many_page.captured_queries) == len(few_page.captured_queries)

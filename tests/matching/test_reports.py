"""The program dashboard and reports: who may open them, what they count, what they never
show, and that they cost the same number of queries with 10 relationships as with 60."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from matching.models import Impression
from matching.reports.at_risk import at_risk
from matching.reports.common import gini, percent, top_share
from matching.reports.exposure import exposure
from matching.reports.match_quality import match_quality
from matching.reports.overview import overview
from mentorship.models import Membership
from relationships.models import CheckIn, MeetingFeedback, MentorRequest, Relationship
from relationships.services.checkins import submit_check_in
from relationships.services.messages import post_message
from relationships.services.requests import Choice, send_request
from tests.conftest import membership_of
from tests.factories import make_member
from tests.matching.reports_history import grow_history
from tests.relationships.meetings_support import SECRET, page_client, shift_start, start_pair

pytestmark = pytest.mark.django_db

REPORTS = ("overview", "match-quality", "at-risk", "exposure")


def report_url(program, report: str) -> str:
    return f"/programs/{program.slug}/reports/{report}/"


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
def test_only_the_programs_admins_open_its_reports(program, report, persona, status, request):
    user = request.getfixturevalue(persona)
    response = page_client(user).get(report_url(program, report))
    assert response.status_code == status


def test_visitors_are_sent_to_log_in(program):
    response = Client().get(report_url(program, "overview"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_unknown_report_is_a_404(program, program_admin):
    assert page_client(program_admin).get(report_url(program, "salaries")).status_code == 404


def test_an_empty_program_shows_honest_empty_states(program, program_admin):
    for report in REPORTS:
        html = page_client(program_admin).get(report_url(program, report)).content.decode()
        assert "Nothing to show yet." in html or "—" in html


def test_the_dashboard_counts_what_happened(program):
    grow_history(program, count=8)
    report = overview(program)
    figures = report.figures
    assert (figures["mentees"], figures["mentors"], figures["mentees_matched"]) == (8, 8, 8)
    assert figures["matched_percent"] == 100.0
    assert (figures["requests_decided"], figures["acceptance_percent"]) == (8, 100.0)
    # Indices 0 and 4 closed: "goals met" (completed) and "not a good fit" (ended early).
    assert (figures["closed"], figures["completion_percent"]) == (2, 50.0)
    # Held and rated: indices 0, 1, 3, 4, 6, 7 with ratings 1, 2, 4, 5, 2, 3.
    assert (figures["meetings_held"], figures["rating_answers"]) == (6, 6)
    assert figures["average_rating"] == round(17 / 6, 2)
    # Fits cycle yes, unsure, no over 8 check-ins: 3 yes, 3 unsure, 2 no.
    assert (figures["fit_yes_percent"], figures["fit_no_percent"]) == (38.0, 25.0)
    # First meetings 2 + i days after the start: i = 0, 1, 3, 4, 6, 7 -> all within 14 days.
    assert figures["met_within_14_days_percent"] == 75.0
    reasons = dict(report.table("closure_reasons").rows)  # type: ignore[union-attr, arg-type]
    assert (reasons["Goals met"], reasons["Not a good fit"]) == (1, 1)
    weeks = report.table("meetings").rows  # type: ignore[union-attr]
    assert sum(row[1] for row in weeks) == 6  # type: ignore[misc]


def test_ratings_and_check_ins_stay_hidden_below_five_answers(program, program_admin):
    grow_history(program, count=4)  # 3 ratings, 4 check-ins
    figures = overview(program).figures
    assert figures["average_rating"] is None
    assert figures["fit_yes_percent"] is None
    weekly = overview(program).table("ratings").rows  # type: ignore[union-attr]
    assert all(row[2] is None for row in weekly)
    html = page_client(program_admin).get(report_url(program, "overview")).content.decode()
    assert "Weeks with fewer than 5 ratings show no figures." in html


def test_reports_never_show_private_words(program, program_admin, mentee, mentor):
    relationship = start_pair(program, mentee, mentor)
    post_message(relationship=relationship, by=mentee, body=SECRET)
    shift_start(relationship, days=40)
    submit_check_in(
        relationship=relationship,
        by=mentee,
        how_it_is_going=2,
        good_fit="no",
        goal_progress=2,
        comment=SECRET,
    )
    client = page_client(program_admin)
    for report in REPORTS:
        assert SECRET not in client.get(report_url(program, report)).content.decode()


def test_match_quality_sets_the_snapshot_against_outcomes(program, program_admin):
    grow_history(program, count=30)
    report = match_quality(program)
    figures = report.figures
    assert figures["relationships"] == figures["with_score"] == 30
    # 30 relationships, none too young to judge: every one has a 14-day outcome.
    assert figures["spearman_met_within_14_days_n"] == 30
    assert isinstance(figures["spearman_met_within_14_days"], float)
    calibration = report.table("calibration")
    assert calibration is not None
    assert [row[0] for row in calibration.rows] == list(range(1, 11))
    assert sum(row[2] for row in calibration.rows) == 30  # type: ignore[misc]
    # Each decile pools 3 relationships: 3 check-ins, too few to show a share.
    assert all(row[5] is None for row in calibration.rows)
    ranks = {row[0]: row for row in report.table("ranks").rows}  # type: ignore[union-attr]
    assert ranks[1][2] == 6 and ranks[1][5] == 100.0  # 6 requests at rank 1, all accepted
    poor = report.table("poor_fits")
    assert poor is not None
    # "Not a good fit" closes at indices 4, 12, 20, 28; their mentees have nobody else.
    assert sorted(row[1].text for row in poor.rows) == [  # type: ignore[union-attr]
        "Mentee 12",
        "Mentee 20",
        "Mentee 28",
        "Mentee 4",
    ]
    html = page_client(program_admin).get(report_url(program, "match-quality")).content.decode()
    assert "Find a new mentor" in html
    assert f"/programs/{program.slug}/mentors/" in html


def test_acceptance_by_rank_counts_how_often_each_rank_was_shown(program, mentee, mentor):
    participation = membership_of(mentee, program).mentee_participation
    mentor_id = membership_of(mentor, program).mentor_participation.pk
    Impression.objects.create(mentee=participation, mentor_ids=[mentor_id] * 3, scores=[1.0] * 3)
    Impression.objects.create(mentee=participation, mentor_ids=[mentor_id], scores=[1.0])
    rows = match_quality(program).table("ranks").rows  # type: ignore[union-attr]
    assert [(row[0], row[1]) for row in rows] == [(1, 2), (2, 1), (3, 1)]


def test_spearman_follows_the_outcome():
    from matching.reports.match_quality import Outcome, correlation

    rising = [
        Outcome(relationship_id=i, score=float(i), met_within_14_days=int(i >= 10), ended_well=None)
        for i in range(20)
    ]
    rho, count = correlation(rising, "met_within_14_days")
    assert count == 20 and rho is not None and rho > 0.8
    assert correlation(rising[:5], "met_within_14_days") == (None, 5)
    assert correlation(rising, "ended_well") == (None, 0)


def test_gini_and_top_share():
    assert gini([5, 5, 5, 5]) == 0.0
    assert gini([0, 0, 0, 10]) == 0.75
    assert gini([]) is None and gini([0, 0]) is None
    assert top_share([1] * 9 + [91], 0.10) == 91.0


def test_at_risk_lists_poor_fits_and_ageing_requests(program, program_admin, mentee, mentor):
    relationship = start_pair(program, mentee, mentor)
    shift_start(relationship, days=40)
    submit_check_in(
        relationship=relationship, by=mentee, how_it_is_going=1, good_fit="no", goal_progress=1
    )
    waiting = make_member(program=program, roles=("mentor",), display_name="Slow Sam")
    asker = make_member(program=program, roles=("mentee",))
    [request] = send_request(
        mentee=asker.mentee_participation,
        choices=[Choice(mentor=waiting.mentor_participation)],
        message="Hello",
    )
    MentorRequest.objects.filter(pk=request.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=program.mentor_response_days)
    )
    report = at_risk(program)
    assert report.figures["at_risk"] == 1
    [row] = report.table("relationships").rows  # type: ignore[union-attr]
    assert row[0].text == f"#{relationship.pk}" and row[4] == "At risk"  # type: ignore[union-attr]
    [slow] = report.table("unresponsive").rows  # type: ignore[union-attr]
    assert slow[0] == "Slow Sam" and slow[1] == 1
    # Two mentors: one with a mentee, one without -> the most uneven split of 1 over 2.
    assert report.figures["load_gini"] == 0.5
    assert report.figures["mentors_without_mentees"] == 1
    html = page_client(program_admin).get(report_url(program, "at-risk")).content.decode()
    assert f"/relationships/{relationship.pk}/" in html


def test_exposure_measures_concentration_on_the_most_shown(program, mentee):
    mentors = [make_member(program=program, roles=("mentor",)) for _ in range(10)]
    ids = [membership.mentor_participation.pk for membership in mentors]
    participation = membership_of(mentee, program).mentee_participation
    for _ in range(9):  # the first mentor tops nine lists; the others share one
        Impression.objects.create(mentee=participation, mentor_ids=[ids[0]], scores=[90.0])
    Impression.objects.create(mentee=participation, mentor_ids=ids[1:], scores=[50.0] * 9)
    figures = exposure(program).figures
    assert figures["impressions"] == 18
    assert figures["top_10_percent_impression_share"] == 50.0
    assert figures["impression_gini"] == pytest.approx(0.4, abs=0.001)
    assert exposure(program).table("groups") is None  # the program does not ask


def test_groups_pool_answers_and_hide_small_groups(program, program_admin):
    program.collects_group = True
    program.group_question = "How do you describe your background?"
    program.save()
    grow_history(program, count=7)
    mentees = Membership.objects.filter(program=program, mentee_participation__isnull=False)
    answers = ["First generation"] * 4 + ["first generation "] + ["Rare"] * 2
    for membership, answer in zip(mentees.order_by("pk"), answers, strict=True):
        membership.self_described_group = answer
        membership.save()
    rows = exposure(program).table("groups").rows  # type: ignore[union-attr]
    by_group = {(row[0], row[1]): row for row in rows}
    assert by_group[("Mentee", "first generation")][2:4] == (5, 100.0)
    # "Rare" has two people: pooled under no name, and the pool is too small for figures.
    assert ("Mentee", "rare") not in by_group
    assert by_group[("Mentee", "Smaller groups (fewer than 5 each)")][2:] == (
        "fewer than 5",
        None,
        None,
        None,
    )
    assert by_group[("Mentor", "(not given)")][2] == 7
    html = page_client(program_admin).get(report_url(program, "exposure")).content.decode()
    assert "How do you describe your background?" in html
    assert "Rare" not in html and "rare" not in html


def measure_queries(client: Client, urls: list[str]) -> dict[str, int]:
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(captured.captured_queries)
    return counts


def test_pages_and_endpoints_cost_the_same_queries_for_10_and_60_relationships(
    program, program_admin
):
    program.collects_group = True
    program.group_question = "Your background?"
    program.save()
    client = page_client(program_admin)
    urls = [report_url(program, report) for report in REPORTS] + [
        f"/api/v1/programs/{program.slug}/reports/{report}/" for report in REPORTS
    ]
    grow_history(program, count=10)
    few = measure_queries(client, urls)
    grow_history(program, count=50, start=10)
    assert Relationship.objects.filter(program=program).count() == 60
    many = measure_queries(client, urls)
    assert many == few
    assert max(many.values()) <= 20


def test_each_chart_reads_its_data_from_the_page_and_has_its_table(program, program_admin):
    grow_history(program, count=2)
    html = page_client(program_admin).get(report_url(program, "overview")).content.decode()
    assert 'data-chart-source="chart-meetings"' in html
    assert '<script id="chart-meetings" type="application/json">' in html
    assert "/static/js/charts.js" in html
    assert html.count("<table>") >= 9  # every chart has its numbers in a table beside it
    assert f"/programs/{program.slug}/reports/overview/meetings.csv" in html


def test_the_program_page_links_its_admins_to_the_reports(program, program_admin, mentee):
    link = f"/programs/{program.slug}/reports/overview/"
    assert link in page_client(program_admin).get(f"/programs/{program.slug}/").content.decode()
    assert link not in page_client(mentee).get(f"/programs/{program.slug}/").content.decode()


def test_the_calibration_pools_check_ins_and_ratings_by_decile_ties_included(program):
    """The database pools the private answers by decile; the deciles are the same as one
    relationship at a time, sorted by (score, id), would give, even where scores tie."""
    relationships = grow_history(program, count=90)
    for index, relationship in enumerate(relationships):  # ties across decile boundaries
        Relationship.objects.filter(pk=relationship.pk).update(match_score=30 + index % 60 // 8)
    ordered = sorted(Relationship.objects.filter(program=program).values_list("match_score", "pk"))
    expected = []
    for number in range(10):
        decile = ordered[len(ordered) * number // 10 : len(ordered) * (number + 1) // 10]
        members = [pk for _, pk in decile]
        fits = CheckIn.objects.filter(relationship__in=members)
        answers, yes = fits.count(), fits.filter(good_fit="yes").count()
        ratings = list(
            MeetingFeedback.objects.filter(meeting__relationship__in=members).values_list(
                "rating", flat=True
            )
        )
        expected.append(
            (
                percent(yes, answers) if answers >= 5 else None,
                round(sum(ratings) / len(ratings), 2) if len(ratings) >= 5 else None,
            )
        )
    calibration = match_quality(program).table("calibration")
    assert calibration is not None
    assert [(row[5], row[6]) for row in calibration.rows] == expected
    assert all(fit is not None and rating is not None for fit, rating in expected)

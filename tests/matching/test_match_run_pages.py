"""The cohort match-run pages: only the program's admins see them; the whole flow by hand."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matching.index_cache import forget
from matching.models import MatchRun, ProposedPair
from matching.ranking.scoring import DEFAULT_WEIGHTS
from relationships.models import Relationship
from relationships.services.relationships import start_relationship
from tests.matching.cohort import cohort, pairs_of, run_now


@pytest.fixture(autouse=True)
def _fresh_index_cache():
    forget()
    yield
    forget()


@pytest.fixture
def people(program):
    return cohort(program)


@pytest.fixture
def run(program, program_admin, people, django_capture_on_commit_callbacks):
    return run_now(django_capture_on_commit_callbacks, program=program, by=program_admin)


def url(run: MatchRun, suffix: str = "") -> str:
    return f"/programs/{run.program.slug}/match-runs/{run.pk}/{suffix}"


def new_run_form(people, **changes):
    data = {
        "mentees": [mentee.pk for mentee in people.mentees],
        "mentors": [mentor.pk for mentor in people.mentors],
        "objective": "total_score",
        "min_score": "",
        **{f"weight_{name}": value for name, value in DEFAULT_WEIGHTS.items()},
    }
    data.update(changes)
    return data


OUTSIDERS = ["mentee", "other_mentee", "mentor", "other_mentor", "other_program_admin"]


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_nobody_but_the_programs_admins_can_open_any_match_run_page(client, request, run, persona):
    client.force_login(request.getfixturevalue(persona))
    for path in (
        "/programs/rise/match-runs/",
        "/programs/rise/match-runs/new/",
        "/programs/rise/match-runs/compare/",
        url(run),
        url(run, "status/"),
    ):
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_nobody_but_the_programs_admins_can_change_or_publish_a_run(
    client, request, run, people, persona
):
    client.force_login(request.getfixturevalue(persona))
    pair = run.pairs.first()
    assert pair is not None
    other = run.pairs.exclude(pk=pair.pk).first()
    assert other is not None
    posts = [
        ("/programs/rise/match-runs/new/", new_run_form(people)),
        (url(run, f"pairs/{pair.pk}/status/"), {"status": "removed"}),
        (url(run, "swap/"), {"swap-pair": pair.pk, "swap-swap_with": other.pk}),
        (url(run, "move/"), {"move-pair": pair.pk, "move-mentor": people.mentors[2].pk}),
        (url(run, "rerun/"), {}),
        (url(run, "publish/"), {}),
    ]
    for path, data in posts:
        assert client.post(path, data).status_code == 404, path
    assert MatchRun.objects.count() == 1
    assert set(run.pairs.values_list("status", flat=True)) == {"proposed"}
    assert not Relationship.objects.exists()


def test_a_visitor_is_sent_to_log_in(client, run):
    response = client.get("/programs/rise/match-runs/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_program_page_links_its_admins_to_cohort_matching(client, program, program_admin):
    client.force_login(program_admin)
    page = client.get("/programs/rise/").content.decode()
    assert 'href="/programs/rise/match-runs/"' in page


def test_an_admin_starts_a_run_with_everyone_chosen_by_default_and_sees_the_proposal(
    client, program_admin, people, django_capture_on_commit_callbacks
):
    client.force_login(program_admin)
    form = client.get("/programs/rise/match-runs/new/")
    assert form.status_code == 200
    assert form.context["form"].initial["mentees"] == [m.pk for m in people.mentees]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/programs/rise/match-runs/new/", new_run_form(people))
    run = MatchRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(run)
    page = client.get(url(run))
    html = page.content.decode()
    assert page.context["run"].state == MatchRun.State.READY
    assert "Publish this proposal" in html
    assert "You both mention" in html  # the reasons of a pair
    assert "Coverage" in html


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"min_score": "150"}, "min_score"),
        ({"min_score": "NaN"}, "min_score"),
        ({"objective": "fastest"}, "objective"),
        ({"mentees": []}, "mentees"),
        ({"mentors": ["999999"]}, "mentors"),
        ({"weight_text": "-1"}, "weight_text"),
    ],
)
def test_bad_choices_show_form_errors_and_start_nothing(
    client, program_admin, people, changes, field
):
    client.force_login(program_admin)
    response = client.post("/programs/rise/match-runs/new/", new_run_form(people, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not MatchRun.objects.exists()


def test_all_weights_zero_is_a_form_error(client, program_admin, people):
    client.force_login(program_admin)
    zeros = {f"weight_{name}": "0" for name in DEFAULT_WEIGHTS}
    response = client.post("/programs/rise/match-runs/new/", new_run_form(people, **zeros))
    assert response.status_code == 200
    assert "At least one weight" in str(response.context["form"].errors)
    assert not MatchRun.objects.exists()


def test_while_the_run_computes_the_page_polls_its_progress(
    client, program, program_admin, people, django_capture_on_commit_callbacks
):
    client.force_login(program_admin)
    # Without running the commit callbacks, the task is requested but not yet run.
    with django_capture_on_commit_callbacks(execute=False):
        client.post("/programs/rise/match-runs/new/", new_run_form(people))
    run = MatchRun.objects.get()
    page = client.get(url(run)).content.decode()
    assert "<progress" in page
    assert f'hx-get="{url(run, "status/")}"' in page
    poll = client.get(url(run, "status/"))
    assert poll.status_code == 200
    assert "<progress" in poll.content.decode()
    MatchRun.objects.filter(pk=run.pk).update(state=MatchRun.State.READY)
    done = client.get(url(run, "status/"))
    assert done.status_code == 204
    assert done["HX-Redirect"] == url(run)


def test_an_admin_removes_locks_swaps_and_moves_pairs(client, run, people, program_admin):
    client.force_login(program_admin)
    first = run.pairs.get(mentee=people.mentees[0])
    second = run.pairs.get(mentee=people.mentees[1])
    third = run.pairs.get(mentee=people.mentees[2])
    client.post(url(run, f"pairs/{third.pk}/status/"), {"status": "removed"})
    client.post(url(run, "swap/"), {"swap-pair": first.pk, "swap-swap_with": second.pk})
    assert pairs_of(run)[people.mentees[0].pk] == people.mentors[1].pk
    client.post(url(run, "move/"), {"move-pair": first.pk, "move-mentor": people.mentors[2].pk})
    assert pairs_of(run)[people.mentees[0].pk] == people.mentors[2].pk
    client.post(url(run, f"pairs/{second.pk}/status/"), {"status": "locked"})
    second.refresh_from_db()
    assert second.status == ProposedPair.Status.LOCKED


def test_an_edit_that_breaks_a_rule_is_explained_and_changes_nothing(
    client, run, people, program_admin
):
    client.force_login(program_admin)
    first = run.pairs.get(mentee=people.mentees[0])
    response = client.post(
        url(run, "move/"),
        {"move-pair": first.pk, "move-mentor": people.mentors[1].pk},
        follow=True,
    )
    assert "no place left" in response.content.decode()
    assert pairs_of(run)[people.mentees[0].pk] == people.mentors[0].pk
    bad = client.post(url(run, f"pairs/{first.pk}/status/"), {"status": "maybe"}, follow=True)
    assert bad.status_code == 200
    first.refresh_from_db()
    assert first.status == ProposedPair.Status.PROPOSED


def test_an_admin_reruns_around_locked_pairs_and_publishes(
    client, run, people, program_admin, django_capture_on_commit_callbacks
):
    client.force_login(program_admin)
    first = run.pairs.get(mentee=people.mentees[0])
    client.post(url(run, f"pairs/{first.pk}/status/"), {"status": "locked"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(run, "rerun/"))
    rerun = MatchRun.objects.exclude(pk=run.pk).get()
    assert response["Location"] == url(rerun)
    assert rerun.based_on == run
    assert rerun.pairs.get(mentee=people.mentees[0]).status == ProposedPair.Status.LOCKED

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(url(rerun, "publish/"))
    assert started["Location"] == url(rerun)
    # The worker (run eagerly here) published once the request committed.
    published = client.get(url(rerun)).content.decode()
    assert "Published: 3 relationships started" in published
    assert Relationship.objects.filter(origin=Relationship.Origin.COHORT).count() == 3
    again = client.post(url(rerun, "publish/"), follow=True)
    assert "already published" in again.content.decode()
    assert Relationship.objects.count() == 3


def test_while_the_run_publishes_the_page_polls_the_publish_job(
    client, run, program_admin, django_capture_on_commit_callbacks
):
    client.force_login(program_admin)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        started = client.post(url(run, "publish/"), follow=True)
    run.refresh_from_db()
    assert run.state == MatchRun.State.PUBLISHING
    page = started.content.decode()
    assert "Publishing has started" in page
    assert f'hx-get="{url(run, "status/")}"' in page
    assert "Publish this proposal" not in page  # no second publish while this one runs
    assert client.get(url(run, "status/")).status_code == 200
    twice = client.post(url(run, "publish/"), follow=True)
    assert "being published already" in twice.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    done = client.get(url(run, "status/"))
    assert done.status_code == 204
    assert done["HX-Redirect"] == url(run)
    assert Relationship.objects.filter(origin=Relationship.Origin.COHORT).count() == 3


def test_a_publish_refused_by_the_worker_shows_why_and_the_run_is_ready_again(
    client, run, people, program_admin, django_capture_on_commit_callbacks
):
    client.force_login(program_admin)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(url(run, "publish/"))
    # Between the request and the worker, one of the run's mentees finds a mentor.
    start_relationship(mentee=people.mentees[0], mentor=people.mentors[0])
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    run.refresh_from_db()
    assert run.state == MatchRun.State.READY
    page = client.get(url(run)).content.decode()
    assert "The last publish was refused" in page
    assert "already has a mentor now" in page
    assert "Publish this proposal" in page
    assert Relationship.objects.count() == 1


def test_the_compare_page_shows_metrics_side_by_side_and_who_changed_mentor(
    client, program, run, people, program_admin, django_capture_on_commit_callbacks
):
    other = run_now(
        django_capture_on_commit_callbacks, program=program, by=program_admin, objective="stable"
    )
    # Make the second proposal differ for two mentees.
    ProposedPair.objects.filter(run=other, mentee=people.mentees[0]).update(
        mentor=people.mentors[1]
    )
    ProposedPair.objects.filter(run=other, mentee=people.mentees[1]).update(
        mentor=people.mentors[0]
    )
    client.force_login(program_admin)
    page = client.get(f"/programs/rise/match-runs/compare/?first={run.pk}&second={other.pk}")
    comparison = page.context["comparison"]
    assert [change["mentee"] for change in comparison["changes"]] == [
        people.mentees[0].membership.user.name,
        people.mentees[1].membership.user.name,
    ]
    assert comparison["same"] == 1
    assert ("Coverage", "100%", "100%") in comparison["rows"]


def test_comparing_a_run_with_itself_is_a_form_error(client, run, program_admin):
    client.force_login(program_admin)
    page = client.get(f"/programs/rise/match-runs/compare/?first={run.pk}&second={run.pk}")
    assert page.context["comparison"] is None
    assert "second" in page.context["form"].errors


def test_the_list_page_has_an_honest_empty_state(client, program, program_admin):
    client.force_login(program_admin)
    page = client.get("/programs/rise/match-runs/").content.decode()
    assert "No runs yet" in page


def make_runs(program, admin, count: int) -> None:
    from matching.services.suggestions import active_ranker

    ranker = active_ranker(program)
    MatchRun.objects.bulk_create(
        MatchRun(
            program=program,
            created_by=admin,
            objective="coverage",
            ranker=ranker,
            state=MatchRun.State.READY,
            metrics={"mentees": 3, "matched": 2},
        )
        for _ in range(count)
    )


def test_the_list_page_costs_the_same_queries_for_2_runs_as_for_20(client, program, program_admin):
    client.force_login(program_admin)
    make_runs(program, program_admin, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/programs/rise/match-runs/").status_code == 200
    make_runs(program, program_admin, 18)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/programs/rise/match-runs/")
    assert page.content.decode().count("2 / 3") == 20
    assert len(many) == len(few)
    assert len(many) <= 12

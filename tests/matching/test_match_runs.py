"""Cohort match runs: starting, computing, explaining, refusing bad input, and re-running."""

from __future__ import annotations

import math

import pytest
from django.core.exceptions import ValidationError

from matching.index_cache import forget
from matching.models import MatchRun, ProposedPair
from matching.services.match_run_compute import compute_match_run
from matching.services.match_runs import rerun_match_run, start_match_run
from mentorship.errors import ActionNotAllowed, InvalidTransition
from mentorship.models import Job, OutboxMessage
from mentorship.services.jobs import mark_job_running
from relationships.models import Relationship
from relationships.services.relationships import start_relationship
from tests.matching.cohort import add_mentee, cohort, pairs_of, run_now


@pytest.fixture(autouse=True)
def _fresh_index_cache():
    forget()
    yield
    forget()


def nothing_created() -> bool:
    return (
        not MatchRun.objects.exists()
        and not Job.objects.exists()
        and not (
            OutboxMessage.objects.filter(task_name="matching.tasks.compute_match_run").exists()
        )
    )


def test_a_run_pairs_every_mentee_with_the_mentor_who_suits_them_and_says_why(
    program, program_admin, django_capture_on_commit_callbacks
):
    people = cohort(program)
    run = run_now(django_capture_on_commit_callbacks, program=program, by=program_admin)

    assert run.state == MatchRun.State.READY
    # Each mentee's goal is written for the mentor at the same position.
    assert pairs_of(run) == {
        mentee.pk: mentor.pk for mentee, mentor in zip(people.mentees, people.mentors, strict=True)
    }
    pair = run.pairs.get(mentee=people.mentees[1])
    assert 0 < pair.score <= 100
    assert any("public" in reason for reason in pair.reasons)
    assert {factor["factor"] for factor in pair.breakdown["factors"]} >= {"text", "timezone"}
    assert run.metrics["coverage"] == 1.0
    assert run.metrics["blocking_pairs"] == 0
    assert run.metrics["capacity_used"] == 3
    assert run.mentor_capacity == {str(mentor.pk): 1 for mentor in people.mentors}
    assert run.job is not None
    run.job.refresh_from_db()
    assert (run.job.state, run.job.progress) == (Job.State.SUCCEEDED, 100)
    assert run.ranker.program == program
    assert run.created_by == program_admin


def test_each_unmatched_mentee_is_kept_with_the_reason(
    program, program_admin, django_capture_on_commit_callbacks
):
    people = cohort(program)
    extra = add_mentee(program, "fourth@example.org", ("leadership", "Lead a data team"))
    french = add_mentee(
        program, "fr@example.org", ("leadership", "Diriger une équipe"), language="fr"
    )
    run = run_now(django_capture_on_commit_callbacks, program=program, by=program_admin)

    reasons = {item["mentee_id"]: (item["reason"], item["detail"]) for item in run.unmatched}
    assert reasons == {
        extra.pk: ("mentors_full", ""),
        french.pk: ("no_allowed_pair", "language"),
    }
    assert run.metrics["matched"] == len(people.mentors)
    assert run.metrics["unmatched_reasons"]["mentors_full"] == 1


@pytest.mark.parametrize("objective", ["total_score", "coverage", "stable"])
def test_every_objective_respects_each_mentors_remaining_capacity(
    program, program_admin, django_capture_on_commit_callbacks, objective
):
    people = cohort(program, size=3, capacity=2)
    busy = people.mentors[0]
    other = add_mentee(program, "already@example.org", ("leadership", "Lead a data team"))
    start_relationship(mentee=other, mentor=busy)  # one of its two places is taken
    for number in range(3):
        add_mentee(program, f"more{number}@example.org", ("leadership", "Lead a data team"))

    run = run_now(
        django_capture_on_commit_callbacks, program=program, by=program_admin, objective=objective
    )

    loads = list(pairs_of(run).values())
    assert loads.count(busy.pk) <= 1
    assert all(loads.count(mentor.pk) <= 2 for mentor in people.mentors)
    assert run.mentor_capacity[str(busy.pk)] == 1
    assert other.pk not in run.mentee_ids  # already matched: not in the cohort


def test_a_minimum_score_leaves_weaker_pairs_out(
    program, program_admin, django_capture_on_commit_callbacks
):
    cohort(program)
    everyone = run_now(django_capture_on_commit_callbacks, program=program, by=program_admin)
    best = max(pair.score for pair in everyone.pairs.all())
    strict = run_now(
        django_capture_on_commit_callbacks, program=program, by=program_admin, min_score=best - 0.5
    )
    assert all(pair.score >= best - 0.5 for pair in strict.pairs.all())


def test_a_minimum_score_above_every_pair_fails_the_run_with_the_best_score_named(
    program, program_admin, django_capture_on_commit_callbacks
):
    cohort(program)
    run = run_now(
        django_capture_on_commit_callbacks, program=program, by=program_admin, min_score=99
    )
    assert run.state == MatchRun.State.FAILED
    assert "above every pair's score" in run.error
    assert not run.pairs.exists()
    assert run.job is not None
    run.job.refresh_from_db()
    assert run.job.state == Job.State.FAILED
    assert "above every pair" in run.job.error


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"objective": "fastest"}, "objective"),
        ({"min_score": 150}, "min_score"),
        ({"min_score": -1}, "min_score"),
        ({"min_score": math.nan}, "min_score"),
        ({"min_score": math.inf}, "min_score"),
        ({"weights": {"text": -1}}, "weights"),
        ({"weights": {"text": 11}}, "weights"),
        ({"weights": {"charisma": 2}}, "weights"),
        ({"weights": {"text": math.nan}}, "weights"),
        (
            {
                "weights": dict.fromkeys(
                    (
                        "text",
                        "skills",
                        "goal_areas",
                        "industry",
                        "timezone",
                        "seniority",
                        "meeting_modes",
                        "responsiveness",
                        "capacity",
                    ),
                    0,
                )
            },
            "weights",
        ),
    ],
)
def test_bad_choices_are_refused_by_field_and_nothing_is_created(
    program, program_admin, changes, field
):
    cohort(program)
    arguments = {"objective": "total_score", "min_score": None, **changes}
    with pytest.raises(ValidationError) as refused:
        start_match_run(program=program, by=program_admin, **arguments)
    assert field in refused.value.message_dict
    assert nothing_created()


def test_a_run_needs_unmatched_mentees_and_mentors_with_room(program, program_admin):
    with pytest.raises(ValidationError) as refused:
        start_match_run(program=program, by=program_admin, objective="coverage", min_score=None)
    assert set(refused.value.message_dict) == {"mentee_ids", "mentor_ids"}
    assert "no unmatched mentees" in refused.value.message_dict["mentee_ids"][0]
    assert nothing_created()


def test_mentors_who_are_full_or_paused_are_not_offered(program, program_admin):
    people = cohort(program, size=2)
    full, paused = people.mentors
    start_relationship(mentee=people.mentees[0], mentor=full)
    paused.accepting_mentees = False
    paused.save(update_fields=["accepting_mentees"])
    with pytest.raises(ValidationError) as refused:
        start_match_run(program=program, by=program_admin, objective="coverage", min_score=None)
    assert set(refused.value.message_dict) == {"mentor_ids"}
    assert nothing_created()


def test_people_who_are_matched_or_from_another_program_cannot_be_chosen(
    program, other_program, program_admin
):
    people = cohort(program)
    start_relationship(mentee=people.mentees[0], mentor=people.mentors[0])
    stranger = add_mentee(other_program, "far@example.org", ("leadership", "Lead a data team"))
    with pytest.raises(ValidationError) as refused:
        start_match_run(
            program=program,
            by=program_admin,
            mentee_ids=[people.mentees[0].pk, stranger.pk, people.mentees[1].pk],
            mentor_ids=[people.mentors[0].pk],
            objective="total_score",
            min_score=None,
        )
    errors = refused.value.message_dict
    assert f"{people.mentees[0].pk}, {stranger.pk}" in errors["mentee_ids"][0]
    assert str(people.mentors[0].pk) in errors["mentor_ids"][0]
    assert nothing_created()


def test_only_the_programs_admins_can_start_a_run(program, mentor, other_program_admin):
    cohort(program)
    for person in (mentor, other_program_admin):
        with pytest.raises(ActionNotAllowed):
            start_match_run(program=program, by=person, objective="stable", min_score=None)
    assert nothing_created()


def test_weights_of_the_run_override_the_rankers_and_are_kept(
    program, program_admin, django_capture_on_commit_callbacks
):
    cohort(program)
    run = run_now(
        django_capture_on_commit_callbacks,
        program=program,
        by=program_admin,
        weights={"capacity": 0, "text": 10},
    )
    assert run.weights["text"] == 10
    assert run.weights["capacity"] == 0
    assert run.weights["skills"] == 3.0  # the ranker's own for what was not given
    pair = run.pairs.first()
    assert pair is not None
    assert "capacity" not in {factor["factor"] for factor in pair.breakdown["factors"]}


def test_a_rerun_keeps_the_locked_pairs_and_solves_the_rest(
    program, program_admin, django_capture_on_commit_callbacks
):
    people = cohort(program)
    first = run_now(django_capture_on_commit_callbacks, program=program, by=program_admin)
    # Lock a pair the solver would never choose: mentee 0 with mentor 1.
    ProposedPair.objects.filter(run=first).delete()
    ProposedPair.objects.create(
        run=first,
        mentee=people.mentees[0],
        mentor=people.mentors[1],
        score=10,
        status=ProposedPair.Status.LOCKED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        second = rerun_match_run(run=first, by=program_admin)
    second.refresh_from_db()

    assert second.based_on == first
    assert second.state == MatchRun.State.READY
    pairs = pairs_of(second)
    assert pairs[people.mentees[0].pk] == people.mentors[1].pk
    assert second.pairs.get(mentee=people.mentees[0]).status == ProposedPair.Status.LOCKED
    assert people.mentors[1].pk not in [
        mentor for mentee, mentor in pairs.items() if mentee != people.mentees[0].pk
    ]
    assert len(pairs) == 3


def test_only_a_ready_run_can_be_rerun(program, program_admin, django_capture_on_commit_callbacks):
    cohort(program)
    failed = run_now(
        django_capture_on_commit_callbacks, program=program, by=program_admin, min_score=99
    )
    with pytest.raises(InvalidTransition):
        rerun_match_run(run=failed, by=program_admin)


def test_a_redelivered_task_of_a_finished_run_changes_nothing(
    program, program_admin, django_capture_on_commit_callbacks
):
    cohort(program)
    run = run_now(django_capture_on_commit_callbacks, program=program, by=program_admin)
    before = list(run.pairs.values_list("pk", "mentee_id", "mentor_id"))
    assert run.job is not None
    compute_match_run(run_id=run.pk, job_id=str(run.job.pk))
    run.refresh_from_db()
    assert run.state == MatchRun.State.READY
    assert list(run.pairs.values_list("pk", "mentee_id", "mentor_id")) == before


def test_a_redelivered_task_of_a_running_run_replaces_its_pairs_without_duplicates(
    program, program_admin, django_capture_on_commit_callbacks
):
    cohort(program)
    run = run_now(django_capture_on_commit_callbacks, program=program, by=program_admin)
    MatchRun.objects.filter(pk=run.pk).update(state=MatchRun.State.RUNNING)  # worker died
    compute_match_run(run_id=run.pk)
    run.refresh_from_db()
    assert run.state == MatchRun.State.READY
    assert run.pairs.count() == 3


def test_a_worker_that_died_after_storing_the_proposal_leaves_a_job_the_redelivery_finishes(
    program, program_admin, django_capture_on_commit_callbacks
):
    cohort(program)
    with django_capture_on_commit_callbacks(execute=False):
        run = start_match_run(
            program=program, by=program_admin, objective="total_score", min_score=None
        )
    assert run.job is not None
    # The first delivery: the job running, the proposal stored, then the worker is gone
    # before it could finish the job.
    mark_job_running(job_id=run.job.pk)
    compute_match_run(run_id=run.pk)
    run.refresh_from_db()
    assert run.state == MatchRun.State.READY
    assert Job.objects.get(pk=run.job.pk).state == Job.State.RUNNING
    pairs = list(run.pairs.values_list("pk", flat=True))

    compute_match_run(run_id=run.pk, job_id=str(run.job.pk))  # the redelivery

    job = Job.objects.get(pk=run.job.pk)
    assert (job.state, job.progress) == (Job.State.SUCCEEDED, 100)
    assert job.result == {"run_id": run.pk, "metrics": run.metrics}
    assert list(run.pairs.values_list("pk", flat=True)) == pairs  # nothing recomputed


def test_a_redelivery_for_a_run_that_failed_fails_its_job_with_the_runs_reason(
    program, program_admin, django_capture_on_commit_callbacks
):
    cohort(program)
    with django_capture_on_commit_callbacks(execute=False):
        run = start_match_run(
            program=program, by=program_admin, objective="total_score", min_score=None
        )
    assert run.job is not None
    mark_job_running(job_id=run.job.pk)
    MatchRun.objects.filter(pk=run.pk).update(
        state=MatchRun.State.FAILED, error="No chosen mentor has room any more."
    )
    compute_match_run(run_id=run.pk, job_id=str(run.job.pk))
    job = Job.objects.get(pk=run.job.pk)
    assert job.state == Job.State.FAILED
    assert job.error == "No chosen mentor has room any more."


def test_mentees_matched_after_the_run_started_are_left_out_when_it_computes(
    program, program_admin, django_capture_on_commit_callbacks
):
    people = cohort(program)
    run = start_match_run(program=program, by=program_admin, objective="coverage", min_score=None)
    start_relationship(mentee=people.mentees[0], mentor=people.mentors[0])
    compute_match_run(run_id=run.pk)
    run.refresh_from_db()
    assert people.mentees[0].pk not in pairs_of(run)
    assert Relationship.objects.count() == 1

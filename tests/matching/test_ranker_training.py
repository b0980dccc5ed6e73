"""Training, activating and rolling back ranker versions: the rules and what they change."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from matching.index_cache import forget
from matching.models import RankerModel, Suggestion
from matching.services.suggestions import active_ranker, compute_suggestions, is_stale
from matching.services.training import (
    ActivationRefused,
    activate_ranker,
    labelled_pairs,
    request_training,
    train_ranker,
)
from mentorship.errors import ActionNotAllowed, InvalidTransition
from mentorship.models import (
    AuditEntry,
    GoalArea,
    Job,
    Language,
    MenteeGoal,
    Profile,
    Program,
    User,
)
from tests.conftest import membership_of
from tests.factories import make_member
from tests.matching.learning_support import trained_model


@pytest.fixture(autouse=True)
def _fresh_index_cache():
    forget()
    yield
    forget()


@pytest.fixture
def small_demo(db, settings) -> Program:
    """A seeded program of 40 mentors and 160 mentees with its simulated history."""
    settings.DEBUG = True
    call_command(
        "seed_demo",
        "--mentors",
        "40",
        "--mentees",
        "160",
        "--program",
        "small",
        "--history",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    return Program.objects.get(slug="small")


def test_an_admin_activates_a_model_with_enough_evidence_and_it_is_audited(program, program_admin):
    default = active_ranker(program)
    model = trained_model(program)

    activate_ranker(model=model, by=program_admin)

    model.refresh_from_db()
    assert model.is_active and model.activated_at is not None
    assert active_ranker(program) == model
    assert not RankerModel.objects.get(pk=default.pk).is_active
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ACTIVATED_RANKER)
    assert (entry.actor, entry.program, entry.target_id) == (program_admin, program, str(model.pk))
    assert f"v{default.version}" in entry.detail


def test_activation_is_refused_under_200_labelled_pairs(program, program_admin):
    model = trained_model(program, pairs=199)
    with pytest.raises(ActivationRefused, match="199 labelled pairs; at least 200"):
        activate_ranker(model=model, by=program_admin)
    assert not RankerModel.objects.get(pk=model.pk).is_active


def test_activation_is_refused_when_the_auc_gain_interval_reaches_zero(program, program_admin):
    model = trained_model(program, difference_low=-0.01)
    with pytest.raises(ActivationRefused, match="does not lie above 0"):
        activate_ranker(model=model, by=program_admin)
    assert active_ranker(program).kind == RankerModel.Kind.WEIGHTS


def test_a_model_compared_with_another_version_than_the_active_one_must_be_retrained(
    program, program_admin
):
    first = trained_model(program)
    second = trained_model(program)
    activate_ranker(model=first, by=program_admin)
    with pytest.raises(ActivationRefused, match="train again"):
        activate_ranker(model=second, by=program_admin)


def test_rolling_back_needs_no_evidence_and_reactivating_a_past_model_neither(
    program, program_admin
):
    default = active_ranker(program)
    model = trained_model(program)
    activate_ranker(model=model, by=program_admin)

    activate_ranker(model=default, by=program_admin)  # rollback to the weights version
    assert active_ranker(program) == default
    # The trained model was active once: no fresh comparison needed to go back to it.
    activate_ranker(model=model, by=program_admin)
    assert active_ranker(program) == model
    details = list(
        AuditEntry.objects.filter(action=AuditEntry.Action.ACTIVATED_RANKER)
        .order_by("pk")
        .values_list("detail", flat=True)
    )
    assert details[1].startswith("Rolled back") and details[2].startswith("Rolled back")


def test_activating_the_active_version_is_a_conflict(program, program_admin):
    with pytest.raises(InvalidTransition):
        activate_ranker(model=active_ranker(program), by=program_admin)


@pytest.mark.parametrize("persona", ["mentee", "mentor", "other_program_admin"])
def test_only_the_programs_admins_may_activate_or_train(request, program, persona):
    user: User = request.getfixturevalue(persona)
    model = trained_model(program)
    with pytest.raises(ActionNotAllowed):
        activate_ranker(model=model, by=user)
    with pytest.raises(ActionNotAllowed):
        request_training(program=program, by=user)
    assert not RankerModel.objects.get(pk=model.pk).is_active
    assert not Job.objects.exists()


def test_new_suggestions_record_the_activated_version_and_the_rolled_back_one(
    program, program_admin, mentee
):
    participation = membership_of(mentee, program).mentee_participation
    MenteeGoal.objects.create(
        participation=participation,
        goal_area=GoalArea.objects.get(slug="leadership"),
        description="Lead a data engineering team",
    )
    for email in ("dana@example.org", "sam@example.org"):
        member = make_member(program=program, roles=("mentor",), email=email)
        mentor = member.mentor_participation
        mentor.how_i_can_help = "I lead data engineering teams"
        mentor.save(update_fields=["how_i_can_help"])
        Profile.objects.get(user=member.user).languages.set(Language.objects.filter(code="en"))
    Profile.objects.get(user=mentee).languages.set(Language.objects.filter(code="en"))
    default = active_ranker(program)
    compute_suggestions(mentee_id=participation.pk)
    assert Suggestion.objects.count() == 2
    assert set(Suggestion.objects.values_list("ranker_id", flat=True)) == {default.pk}

    model = trained_model(program)
    activate_ranker(model=model, by=program_admin)
    assert is_stale(participation)  # made by a version that is no longer active
    compute_suggestions(mentee_id=participation.pk)
    assert set(s.ranker_version for s in Suggestion.objects.all()) == {model.version}
    assert not is_stale(participation)

    activate_ranker(model=default, by=program_admin)
    assert is_stale(participation)
    compute_suggestions(mentee_id=participation.pk)
    assert set(s.ranker_version for s in Suggestion.objects.all()) == {default.version}


def test_training_without_outcomes_fails_the_job_with_the_reason(
    program, program_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the task runs in-process
        job = request_training(program=program, by=program_admin)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "labelled pairs" in job.error
    assert not RankerModel.objects.filter(kind=RankerModel.Kind.TRAINED).exists()


def test_training_stores_an_inactive_model_card_and_a_rerun_replaces_it(
    small_demo, django_capture_on_commit_callbacks
):
    admin = User.objects.get(email="admin@demo.test")
    current = active_ranker(small_demo)
    with django_capture_on_commit_callbacks(execute=True):
        job = request_training(program=small_demo, by=admin)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED, job.error
    model = RankerModel.objects.get(pk=(job.result or {})["ranker_model"])

    assert not model.is_active and active_ranker(small_demo) == current
    assert model.kind == RankerModel.Kind.TRAINED and model.created_by == admin
    data = model.details["data"]
    assert data["pairs"] == len(labelled_pairs(small_demo)) >= 40
    assert data["positives"] + data["negatives"] == data["pairs"]
    assert data["first_day"] <= data["last_day"]
    assert {f["factor"] for f in model.details["features"]} == set(model.weights)
    assert model.details["compared_with"] == current.version
    for metric in ("auc", "ndcg_at_10"):
        for side in ("trained", "current"):
            value = model.details["metrics"][metric][side]
            assert value["low"] <= value["mean"] <= value["high"]

    train_ranker(program_id=small_demo.pk, job_id=str(job.pk))  # a redelivered task
    assert RankerModel.objects.filter(kind=RankerModel.Kind.TRAINED).count() == 1


def test_the_command_trains_synchronously_and_prints_the_metrics(small_demo):
    out = StringIO()
    call_command("train_ranker", "--program", "small", stdout=out)
    text = out.getvalue()
    assert "(inactive)" in text and "AUC" in text and "NDCG@10" in text
    assert RankerModel.objects.filter(program=small_demo, kind="trained", is_active=False).exists()
    with pytest.raises(CommandError, match="No program"):
        call_command("train_ranker", "--program", "nope", stdout=StringIO())

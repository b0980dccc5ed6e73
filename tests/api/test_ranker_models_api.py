"""The learning loop's API: list and train ranker models, read a card, activate one."""

from __future__ import annotations

import pytest

from matching.models import RankerModel
from matching.services.suggestions import active_ranker
from mentorship.models import AuditEntry, Job
from tests.conftest import client_for
from tests.matching.learning_support import trained_model

MAX_LIST_QUERIES = 12


def base(program) -> str:
    return f"/api/v1/programs/{program.slug}/ranker-models/"


@pytest.fixture
def model(program):
    active_ranker(program)
    return trained_model(program)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("mentee", 403), ("mentor", 403), ("other_mentor", 403), ("other_program_admin", 404)],
)
def test_only_the_programs_admins_may_use_it(request, program, model, persona, status):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(base(program)).status_code == status
    assert client.post(base(program)).status_code == status
    assert client.get(f"{base(program)}{model.pk}/").status_code == status
    assert client.post(f"{base(program)}{model.pk}/activate/").status_code == status
    assert not RankerModel.objects.get(pk=model.pk).is_active and not Job.objects.exists()


def test_a_visitor_gets_401(api_client, program, model):
    assert api_client.get(base(program)).status_code == 401
    assert api_client.post(f"{base(program)}{model.pk}/activate/").status_code == 401


def test_the_list_shows_versions_newest_first_with_their_auc(program, program_admin, model):
    response = client_for(program_admin).get(base(program))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [model.pk, active_ranker(program).pk]
    assert rows[0]["auc"]["trained"] == {"mean": 0.74, "low": 0.69, "high": 0.8}
    assert rows[0]["can_activate"] and not rows[0]["is_active"]
    assert rows[1]["is_active"] and rows[1]["auc"] is None


def test_the_card_has_data_features_metrics_and_the_comparison(program, program_admin, model):
    card = client_for(program_admin).get(f"{base(program)}{model.pk}/").json()
    data = card["training_data"]
    assert data["pairs"] == 250 and data["first_day"] == "2026-05-01"
    assert card["compared_with"] == active_ranker(program).version
    assert card["ndcg_at_10"]["units"] == 20
    assert {feature["factor"] for feature in card["features"]} >= {"timezone", "text"}


def test_posting_starts_training_and_answers_202_with_the_job(
    program, program_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(program_admin).post(base(program))
    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["id"])
    assert job.kind == "ranker_training" and job.owner == program_admin
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "labelled pairs" in job.error  # no outcomes yet


def test_activate_refuses_with_the_reason_then_succeeds_then_conflicts(
    program, program_admin, model
):
    client = client_for(program_admin)
    weak = trained_model(program, difference_low=-0.02)

    refused = client.post(f"{base(program)}{weak.pk}/activate/")
    assert refused.status_code == 400
    assert "does not lie above 0" in refused.json()["message"]

    activated = client.post(f"{base(program)}{model.pk}/activate/")
    assert activated.status_code == 200 and activated.json()["is_active"]
    assert active_ranker(program).pk == model.pk
    assert AuditEntry.objects.filter(action=AuditEntry.Action.ACTIVATED_RANKER).count() == 1

    assert client.post(f"{base(program)}{model.pk}/activate/").status_code == 409
    assert client.post(f"{base(program)}999999/activate/").status_code == 404


def test_the_list_costs_the_same_queries_with_2_or_20_models(
    program, program_admin, django_assert_max_num_queries
):
    client = client_for(program_admin)
    trained_model(program)
    with django_assert_max_num_queries(MAX_LIST_QUERIES) as two:
        assert client.get(base(program)).status_code == 200
    for _ in range(18):
        trained_model(program)
    with django_assert_max_num_queries(MAX_LIST_QUERIES) as twenty:
        assert client.get(base(program)).status_code == 200
    assert len(twenty.captured_queries) == len(two.captured_queries)

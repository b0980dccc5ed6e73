"""Ranker model pages: only the program's admins see them; train, read the card, activate."""

from __future__ import annotations

import pytest
from django.urls import reverse

from matching.models import RankerModel
from matching.services.suggestions import active_ranker
from mentorship.models import Job
from tests.matching.learning_support import trained_model

MAX_LIST_QUERIES = 16


def list_url(program) -> str:
    return reverse("ranker_models", args=[program.slug])


def card_url(model) -> str:
    return reverse("ranker_model_detail", args=[model.program.slug, model.pk])


def activate_url(model) -> str:
    return reverse("ranker_model_activate", args=[model.program.slug, model.pk])


@pytest.fixture
def model(program):
    active_ranker(program)
    return trained_model(program)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("mentee", 403), ("mentor", 403), ("other_program_admin", 404), ("alice", 404)],
)
def test_people_who_do_not_run_the_program_cannot_open_or_use_the_pages(
    request, client, program, model, persona, status
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(list_url(program)).status_code == status
    assert client.get(card_url(model)).status_code == status
    assert client.post(activate_url(model)).status_code == status
    assert client.post(reverse("ranker_model_train", args=[program.slug])).status_code == status
    assert not RankerModel.objects.get(pk=model.pk).is_active
    assert not Job.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client, program, model):
    response = client.get(list_url(program))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(activate_url(model)).status_code == 302
    assert not RankerModel.objects.get(pk=model.pk).is_active


def test_the_admin_reaches_the_list_from_the_program_page(client, program, program_admin, model):
    client.force_login(program_admin)
    program_page = client.get(reverse("program_detail", args=[program.slug])).content.decode()
    assert list_url(program) in program_page
    page = client.get(list_url(program)).content.decode()
    assert card_url(model) in page and "Ready to activate" in page
    assert f"v{active_ranker(program).version}" in page


def test_the_card_shows_data_metrics_and_the_comparison(client, program, program_admin, model):
    client.force_login(program_admin)
    page = client.get(card_url(model)).content.decode()
    assert "250" in page and "2026-05-01" in page  # data size and dates
    assert "0.740" in page and "0.690" in page and "0.800" in page  # AUC with its interval
    assert f"Ranker v{active_ranker(program).version}" in page  # the comparison
    assert "Activate v" in page


def test_activating_from_the_card_makes_it_rank_and_a_refusal_says_why(
    client, program, program_admin, model
):
    weak = trained_model(program, pairs=120)
    client.force_login(program_admin)

    response = client.post(activate_url(weak), follow=True)
    assert "120 labelled pairs; at least 200" in response.content.decode()
    assert not RankerModel.objects.get(pk=weak.pk).is_active

    default = active_ranker(program)
    response = client.post(activate_url(model), follow=True)
    assert "now ranks this program" in response.content.decode()
    assert active_ranker(program).pk == model.pk

    page = client.get(card_url(default)).content.decode()
    assert f"Roll back to v{default.version}" in page
    client.post(activate_url(default))
    assert active_ranker(program).pk == default.pk


def test_training_from_the_page_shows_the_job_then_the_card(
    client, program, program_admin, django_capture_on_commit_callbacks
):
    client.force_login(program_admin)
    with django_capture_on_commit_callbacks(execute=False):  # leave the job queued
        response = client.post(reverse("ranker_model_train", args=[program.slug]))
    job = Job.objects.get()
    assert response["Location"] == f"{list_url(program)}?job={job.pk}"
    page = client.get(response["Location"]).content.decode()
    status_url = reverse("ranker_training_status", args=[program.slug, job.pk])
    assert status_url in page
    assert client.get(status_url).status_code == 200  # still running: the partial polls on

    Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED, error="Too few pairs.")
    done = client.get(status_url)
    assert done.status_code == 204 and done["HX-Redirect"].endswith(f"?job={job.pk}")
    assert "Too few pairs." in client.get(done["HX-Redirect"]).content.decode()

    model = trained_model(program)
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.SUCCEEDED, result={"ranker_model": model.pk}, message="Trained."
    )
    done = client.get(status_url)
    assert done.status_code == 204 and done["HX-Redirect"] == card_url(model)
    assert card_url(model) in client.get(response["Location"]).content.decode()


def test_the_list_page_costs_the_same_queries_with_2_or_20_models(
    client, program, program_admin, django_assert_max_num_queries
):
    client.force_login(program_admin)
    trained_model(program)
    with django_assert_max_num_queries(MAX_LIST_QUERIES) as two:
        assert client.get(list_url(program)).status_code == 200
    for _ in range(18):
        trained_model(program)
    with django_assert_max_num_queries(MAX_LIST_QUERIES) as twenty:
        assert client.get(list_url(program)).status_code == 200
    assert len(twenty.captured_queries) == len(two.captured_queries)

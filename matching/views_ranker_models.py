"""Ranker model pages for program admins: the versions, training, the model card, activation.

Only the program's admins (and platform admins) may open them: non-members get a 404, other
members a 403 (`admin_program`). Training runs in a worker; the list page polls its job and
moves to the new model's card when it is done.
"""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from matching.model_cards import card_for, models_of
from matching.services.suggestions import active_ranker
from matching.services.training import JOB_KIND, activate_ranker, request_training
from mentorship.errors import ApplicationError
from mentorship.models import Job, User
from mentorship.visibility import admin_program

PAGE_SIZE = 20


@require_GET
@login_required
def ranker_model_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Every ranker version of the program, newest first, and the button to train one."""
    program = admin_program(user=cast(User, request.user), slug=slug)
    active = active_ranker(program)
    page = Paginator(models_of(program), PAGE_SIZE).get_page(request.GET.get("page"))
    job = _training_job(request)
    return render(
        request,
        "matching/ranker_models/list.html",
        {
            "program": program,
            "page": page,
            "cards": [card_for(model, current=active) for model in page.object_list],
            "job": job,
        },
    )


def _training_job(request: HttpRequest) -> Job | None:
    """The training job named in `?job=`, if it is the viewer's own."""
    try:
        job_id = uuid.UUID(request.GET.get("job", ""))
    except ValueError:
        return None
    return Job.objects.visible_to(request.user).filter(pk=job_id, kind=JOB_KIND).first()


@require_POST
@login_required
def ranker_model_train(request: HttpRequest, slug: str) -> HttpResponse:
    program = admin_program(user=cast(User, request.user), slug=slug)
    job = request_training(program=program, by=cast(User, request.user))
    messages.info(request, _("Training started: it learns from every outcome so far."))
    return redirect(f"{reverse('ranker_models', args=[slug])}?job={job.pk}")


@require_GET
@login_required
def ranker_training_status(request: HttpRequest, slug: str, job_id: uuid.UUID) -> HttpResponse:
    """Polled while training runs; sends htmx to the new model's card when it is done."""
    admin_program(user=cast(User, request.user), slug=slug)
    job = get_object_or_404(Job.objects.visible_to(request.user).filter(kind=JOB_KIND), pk=job_id)
    if job.is_finished:
        response = HttpResponse(status=204)
        model_id = (job.result or {}).get("ranker_model")
        if job.state == Job.State.SUCCEEDED and model_id:
            response["HX-Redirect"] = reverse("ranker_model_detail", args=[slug, model_id])
        else:
            response["HX-Redirect"] = f"{reverse('ranker_models', args=[slug])}?job={job.pk}"
        return response
    return render(
        request, "matching/ranker_models/_training_status.html", {"job": job, "slug": slug}
    )


@require_GET
@login_required
def ranker_model_detail(request: HttpRequest, slug: str, model_id: int) -> HttpResponse:
    """The model card: data, learned effects, metrics with intervals, the comparison."""
    program = admin_program(user=cast(User, request.user), slug=slug)
    model = get_object_or_404(models_of(program), pk=model_id)
    return render(
        request,
        "matching/ranker_models/detail.html",
        {"program": program, "card": card_for(model, current=active_ranker(program))},
    )


@require_POST
@login_required
def ranker_model_activate(request: HttpRequest, slug: str, model_id: int) -> HttpResponse:
    """Activate (or roll back to) this version; a refusal is shown with its reason."""
    program = admin_program(user=cast(User, request.user), slug=slug)
    model = get_object_or_404(models_of(program), pk=model_id)
    try:
        activate_ranker(model=model, by=cast(User, request.user))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "Ranker v%(version)s now ranks this program's mentees; their lists recompute "
                "as they are opened."
            )
            % {"version": model.version},
        )
    return redirect("ranker_model_detail", slug=slug, model_id=model.pk)

"""Page actions on the relationship itself: pause, resume, extend, close, closing survey."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship.models import User
from relationships.forms_relationships import (
    CloseForm,
    ClosingSurveyForm,
    ExtendForm,
    PauseForm,
)
from relationships.services.relationships import (
    close_relationship,
    extend_relationship,
    pause_relationship,
    resume_relationship,
    submit_closing_survey,
)
from relationships.views.relationship_common import get_pair_relationship, get_relationship, perform
from relationships.views.relationship_detail import render_detail


def _back(relationship_id: int) -> HttpResponse:
    return redirect("relationship_detail", relationship_id)


@login_required
@require_POST
def relationship_pause(request: HttpRequest, relationship_id: int) -> HttpResponse:
    relationship = get_relationship(request, relationship_id)
    form = PauseForm(request.POST)
    if form.is_valid():
        perform(
            request,
            lambda: pause_relationship(
                relationship=relationship,
                by=cast(User, request.user),
                note=form.cleaned_data["note"],
            ),
            form=form,
            success=_("The relationship is paused. Resume it whenever you are ready."),
        )
    if form.errors:
        return render_detail(request, relationship, bound={"pause_form": form})
    return _back(relationship.pk)


@login_required
@require_POST
def relationship_resume(request: HttpRequest, relationship_id: int) -> HttpResponse:
    relationship = get_relationship(request, relationship_id)
    perform(
        request,
        lambda: resume_relationship(relationship=relationship, by=cast(User, request.user)),
        success=_("The relationship is active again."),
    )
    return _back(relationship.pk)


@login_required
@require_POST
def relationship_extend(request: HttpRequest, relationship_id: int) -> HttpResponse:
    relationship = get_pair_relationship(request, relationship_id)
    form = ExtendForm(request.POST, relationship=relationship)
    if form.is_valid():
        perform(
            request,
            lambda: extend_relationship(
                relationship=relationship,
                by=cast(User, request.user),
                ends_on=form.cleaned_data["ends_on"],
            ),
            form=form,
            success=_("The end date is moved."),
        )
    if form.errors:
        return render_detail(request, relationship, bound={"extend_form": form})
    return _back(relationship.pk)


@login_required
@require_POST
def relationship_close(request: HttpRequest, relationship_id: int) -> HttpResponse:
    relationship = get_relationship(request, relationship_id)
    form = CloseForm(request.POST)
    if form.is_valid():
        perform(
            request,
            lambda: close_relationship(
                relationship=relationship,
                by=cast(User, request.user),
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            ),
            form=form,
            success=_("The relationship is closed."),
        )
    if form.errors:
        return render_detail(request, relationship, bound={"close_form": form})
    return _back(relationship.pk)


@login_required
@require_POST
def relationship_closing_survey(request: HttpRequest, relationship_id: int) -> HttpResponse:
    relationship = get_pair_relationship(request, relationship_id)
    form = ClosingSurveyForm(request.POST)
    if form.is_valid():
        perform(
            request,
            lambda: submit_closing_survey(
                relationship=relationship, by=cast(User, request.user), **form.cleaned_data
            ),
            form=form,
            success=_("Thank you for telling us how it went."),
        )
    if form.errors:
        return render_detail(request, relationship, bound={"survey_form": form})
    return _back(relationship.pk)

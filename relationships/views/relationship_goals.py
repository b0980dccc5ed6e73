"""Page actions on goals and action items; each is fetched through its relationship."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship.models import User
from relationships.forms_relationships import (
    ActionItemDoneForm,
    ActionItemForm,
    GoalForm,
    mentee_goals_of,
)
from relationships.models import ActionItem, Goal
from relationships.services.goals import (
    add_action_item,
    add_goal,
    update_action_item,
    update_goal,
)
from relationships.views.relationship_common import get_pair_relationship, get_relationship, perform
from relationships.views.relationship_detail import goal_progress_form, render_detail


def _back(relationship_id: int, anchor: str) -> HttpResponse:
    response = redirect("relationship_detail", relationship_id)
    response["Location"] += f"#{anchor}"
    return response


@login_required
@require_POST
def goal_add(request: HttpRequest, relationship_id: int) -> HttpResponse:
    relationship = get_pair_relationship(request, relationship_id)
    form = GoalForm(request.POST, mentee_goals=mentee_goals_of(relationship))
    if form.is_valid():
        perform(
            request,
            lambda: add_goal(
                relationship=relationship, by=cast(User, request.user), **form.cleaned_data
            ),
            form=form,
            success=_("Goal added."),
        )
    if form.errors:
        return render_detail(request, relationship, bound={"goal_form": form})
    return _back(relationship.pk, "goals")


@login_required
@require_POST
def goal_update(request: HttpRequest, relationship_id: int, goal_id: int) -> HttpResponse:
    relationship = get_pair_relationship(request, relationship_id)
    goal = get_object_or_404(Goal.objects.filter(relationship=relationship), pk=goal_id)
    form = goal_progress_form(goal, request.POST)
    if form.is_valid():
        perform(
            request,
            lambda: update_goal(goal=goal, by=cast(User, request.user), **form.cleaned_data),
            form=form,
            success=_("Goal updated."),
        )
    if form.errors:
        return render_detail(request, relationship, bound_goal=(goal.pk, form))
    return _back(relationship.pk, "goals")


@login_required
@require_POST
def action_item_add(request: HttpRequest, relationship_id: int) -> HttpResponse:
    relationship = get_pair_relationship(request, relationship_id)
    form = ActionItemForm(request.POST, relationship=relationship)
    if form.is_valid():
        perform(
            request,
            lambda: add_action_item(
                relationship=relationship,
                by=cast(User, request.user),
                title=form.cleaned_data["title"],
                owner=form.owner_user(),
                due_on=form.cleaned_data["due_on"],
            ),
            form=form,
            success=_("Action item added."),
        )
    if form.errors:
        return render_detail(request, relationship, bound={"action_item_form": form})
    return _back(relationship.pk, "action-items")


@login_required
@require_POST
def action_item_update(request: HttpRequest, relationship_id: int, item_id: int) -> HttpResponse:
    """Mark an action item done, or not done again."""
    relationship = get_relationship(request, relationship_id)
    item = get_object_or_404(ActionItem.objects.filter(relationship=relationship), pk=item_id)
    form = ActionItemDoneForm(request.POST)
    form.is_valid()  # a lone checkbox: absent means "not done", so it is always valid
    perform(
        request,
        lambda: update_action_item(
            item=item, by=cast(User, request.user), done=form.cleaned_data["done"]
        ),
    )
    return _back(relationship.pk, "action-items")

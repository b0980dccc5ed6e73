"""The relationship page and the list of one's relationships.

The page loads each kind of thing in one query (agreement versions, goals, action items,
messages), so it costs the same with 2 of each as with 20. A closed relationship shows
no forms, only the closing survey to each side that has not answered it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from mentorship.models import Program, User
from mentorship.services.programs import is_program_admin
from relationships.forms_relationships import (
    ActionItemForm,
    AgreementForm,
    CloseForm,
    ClosingSurveyForm,
    ExtendForm,
    GoalForm,
    GoalProgressForm,
    MessageForm,
    PauseForm,
    mentee_goals_of,
)
from relationships.models import ActionItem, Block, ClosingSurvey, Goal, Relationship
from relationships.services.agreements import agreement_versions, in_force
from relationships.services.audit import record_outside_view
from relationships.services.messages import latest_messages
from relationships.views.relationship_common import RELATIONSHIP_RELATED, get_relationship

MESSAGES_ON_PAGE = 50
RELATIONSHIPS_PER_PAGE = 25
MEETINGS_SECTION = "relationships/meetings/_section.html"


def meetings_section_exists() -> bool:
    """Whether the meetings area has provided its section of this page yet."""
    try:
        get_template(MEETINGS_SECTION)
    except TemplateDoesNotExist:
        return False
    return True


@dataclass(frozen=True)
class GoalRow:
    goal: Goal
    form: GoalProgressForm | None


def goal_progress_form(goal: Goal, data: Any = None) -> GoalProgressForm:
    return GoalProgressForm(
        data,
        prefix=f"goal-{goal.pk}",
        initial={"progress": goal.progress, "status": goal.status, "target_date": goal.target_date},
    )


def message_context(
    relationship: Relationship,
    user: User,
    form: MessageForm | None = None,
    *,
    blocked: bool | None = None,
) -> dict[str, Any]:
    """What the message thread partial needs (also used for htmx swaps); `blocked` when the
    caller already knows whether a block stands between the two."""
    if blocked is None:
        blocked = Block.objects.between(user, relationship.other_person(user)).exists()
    can_write = relationship.is_current and not blocked
    return {
        "relationship": relationship,
        "thread": latest_messages(relationship, limit=MESSAGES_ON_PAGE),
        "message_form": (form or MessageForm()) if can_write else None,
        "messages_blocked": blocked,
    }


def detail_context(
    request: HttpRequest,
    relationship: Relationship,
    *,
    bound: dict[str, forms.Form] | None = None,
    bound_goal: tuple[int, GoalProgressForm] | None = None,
) -> dict[str, Any]:
    """Everything the page shows; `bound` replaces blank forms with ones that have errors."""
    user = cast(User, request.user)
    bound = bound or {}
    side = relationship.side_of(user)
    other = relationship.other_person(user) if side else None
    editable = side is not None and relationship.is_current
    versions = list(agreement_versions(relationship))
    latest = versions[0] if versions else None
    goals = list(
        Goal.objects.filter(relationship=relationship).select_related(
            "mentee_goal__goal_area", "updated_by", "created_by"
        )
    )
    goal_rows = [
        GoalRow(
            goal=goal,
            form=(
                bound_goal[1]
                if bound_goal and bound_goal[0] == goal.pk
                else goal_progress_form(goal)
            )
            if editable
            else None,
        )
        for goal in goals
    ]
    action_items = list(
        ActionItem.objects.filter(relationship=relationship).select_related("owner")
    )
    context: dict[str, Any] = {
        "relationship": relationship,
        "side": side,
        "other": other,
        "editable": editable,
        "can_close": relationship.is_current
        and (side is not None or is_program_admin(user=user, program=relationship.program)),
        "versions": versions,
        "latest_agreement": latest,
        "agreement_in_force": in_force(versions),
        "needs_my_confirmation": editable
        and latest is not None
        and getattr(latest, f"{side}_confirmed_at") is None,
        "goal_rows": goal_rows,
        "action_items": action_items,
        "meetings_section": meetings_section_exists(),
        "i_blocked": False,
        "survey_form": None,
    }
    if side is not None and other is not None:
        blockers = set(Block.objects.between(user, other).values_list("blocker_id", flat=True))
        context.update(
            message_context(
                relationship,
                user,
                bound.get("message_form"),  # type: ignore[arg-type]
                blocked=bool(blockers),
            )
        )
        context["i_blocked"] = user.pk in blockers
    if editable:
        mentee_goals = mentee_goals_of(relationship)
        context.update(
            {
                "pause_form": bound.get("pause_form") or PauseForm(),
                "extend_form": bound.get("extend_form")
                or ExtendForm(relationship=relationship, initial={"ends_on": relationship.ends_on}),
                "agreement_form": bound.get("agreement_form")
                or AgreementForm(
                    relationship=relationship, mentee_goals=mentee_goals, latest=latest
                ),
                "goal_form": bound.get("goal_form") or GoalForm(mentee_goals=mentee_goals),
                "action_item_form": bound.get("action_item_form")
                or ActionItemForm(relationship=relationship, initial={"owner": user.pk}),
            }
        )
    if context["can_close"]:
        context["close_form"] = bound.get("close_form") or CloseForm()
    if side is not None and relationship.is_closed:
        answered = ClosingSurvey.objects.filter(relationship=relationship, author=user).exists()
        if not answered:
            context["survey_form"] = bound.get("survey_form") or ClosingSurveyForm()
        context["survey_answered"] = answered
    return context


def render_detail(
    request: HttpRequest,
    relationship: Relationship,
    *,
    bound: dict[str, forms.Form] | None = None,
    bound_goal: tuple[int, GoalProgressForm] | None = None,
) -> HttpResponse:
    """The page, with any form that failed shown with its errors."""
    return render(
        request,
        "relationships/relationship/detail.html",
        detail_context(request, relationship, bound=bound, bound_goal=bound_goal),
    )


@login_required
def relationship_detail(request: HttpRequest, relationship_id: int) -> HttpResponse:
    relationship = get_relationship(request, relationship_id)
    record_outside_view(user=cast(User, request.user), relationship=relationship)
    return render_detail(request, relationship)


@login_required
def relationship_list(request: HttpRequest) -> HttpResponse:
    """My relationships (as mentee or mentor), then those of the programs I run."""
    user = cast(User, request.user)
    # Both are subsets of `Relationship.objects.visible_to(user)`: the pair, and the admins
    # of the relationship's program (platform admins run every program).
    mine = Relationship.objects.as_participant(user).select_related(*RELATIONSHIP_RELATED)
    run = (
        Relationship.objects.filter(program__in=Program.objects.administered_by(user).values("pk"))
        .exclude(pk__in=Relationship.objects.as_participant(user).values("pk"))
        .select_related(*RELATIONSHIP_RELATED)
    )
    mine_page = Paginator(mine.order_by("-started_at", "-id"), RELATIONSHIPS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    run_page = Paginator(
        run.order_by("program__name", "-started_at", "-id"), RELATIONSHIPS_PER_PAGE
    ).get_page(request.GET.get("program_page"))
    return render(
        request,
        "relationships/relationship/list.html",
        {"mine": mine_page, "run": run_page},
    )

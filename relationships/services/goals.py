"""Relationship goals and action items: either side adds and updates them.

Each change records who made it (`updated_by`, timestamps by the model) and tells the other
side, so progress is visible to both without asking.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.models import MenteeGoal, NotificationKind, User
from mentorship.services.notifications import notify
from relationships.models import ActionItem, Goal, Meeting, Relationship
from relationships.services.recognition import celebrate_goal
from relationships.services.relationships import (
    ensure_open,
    ensure_participant,
    relationship_url,
)

GOAL_FIELDS = ("title", "description", "mentee_goal", "target_date", "progress", "status")
ACTION_ITEM_FIELDS = ("title", "owner", "due_on", "done")


def _ready(relationship: Relationship, by: User) -> None:
    ensure_participant(relationship, by)
    ensure_open(relationship)


def _validate_goal(goal: Goal, relationship: Relationship) -> None:
    errors: dict[str, list[str]] = {}
    if not goal.title.strip():
        errors["title"] = [_("Give the goal a title.")]
    if not 0 <= goal.progress <= 100:
        errors["progress"] = [_("Progress is a percentage from 0 to 100.")]
    if goal.status not in Goal.Status.values:
        errors["status"] = [_("Choose a status from the list.")]
    if (
        goal.mentee_goal is not None
        and not relationship.goals_to_work_on().filter(pk=goal.mentee_goal.pk).exists()
    ):
        errors["mentee_goal"] = [_("Choose one of the mentee's own goals.")]
    if errors:
        raise ValidationError(errors)


def _tell_other_side(relationship: Relationship, by: User, title: str) -> None:
    notify(
        recipient=relationship.other_person(by),
        kind=NotificationKind.RELATIONSHIP_UPDATE,
        title=title,
        url=relationship_url(relationship),
    )


@transaction.atomic
def add_goal(
    *,
    relationship: Relationship,
    by: User,
    title: str,
    description: str = "",
    mentee_goal: MenteeGoal | None = None,
    target_date: datetime.date | None = None,
    progress: int = 0,
    status: str = Goal.Status.NOT_STARTED,
) -> Goal:
    """Add a goal to the relationship, optionally pointing at one of the mentee's goals."""
    _ready(relationship, by)
    goal = Goal(
        relationship=relationship,
        title=title.strip(),
        description=description.strip(),
        mentee_goal=mentee_goal,
        target_date=target_date,
        progress=progress,
        status=status,
        created_by=by,
        updated_by=by,
    )
    _validate_goal(goal, relationship)
    goal.save()
    _tell_other_side(
        relationship, by, _("%(name)s added a goal: %(title)s") % {"name": by.name, "title": title}
    )
    if goal.status == Goal.Status.ACHIEVED:
        celebrate_goal(goal=goal, by=by)
    return goal


@transaction.atomic
def update_goal(*, goal: Goal, by: User, **changes: Any) -> Goal:
    """Change any of `GOAL_FIELDS`; who changed it and when is recorded."""
    unknown = set(changes) - set(GOAL_FIELDS)
    if unknown:
        raise TypeError(f"update_goal() got unexpected fields: {sorted(unknown)}")
    goal = (
        Goal.objects.select_for_update(of=("self",))
        .select_related(
            "relationship__mentee__membership__user",
            "relationship__mentor__membership__user",
        )
        .get(pk=goal.pk)
    )
    relationship = goal.relationship
    _ready(relationship, by)
    was_achieved = goal.status == Goal.Status.ACHIEVED
    for name, value in changes.items():
        setattr(goal, name, value.strip() if isinstance(value, str) and name != "status" else value)
    _validate_goal(goal, relationship)
    goal.updated_by = by
    goal.save(update_fields=[*changes, "updated_by", "updated_at"])
    _tell_other_side(
        relationship,
        by,
        _("%(name)s updated the goal %(title)s (%(progress)d%%)")
        % {"name": by.name, "title": goal.title, "progress": goal.progress},
    )
    if goal.status == Goal.Status.ACHIEVED and not was_achieved:
        celebrate_goal(goal=goal, by=by)
    return goal


def _validate_owner(relationship: Relationship, owner: User) -> None:
    if relationship.side_of(owner) is None:
        raise ValidationError({"owner": [_("The owner must be the mentee or the mentor.")]})


@transaction.atomic
def add_action_item(
    *,
    relationship: Relationship,
    by: User,
    title: str,
    owner: User,
    due_on: datetime.date | None = None,
    meeting: Meeting | None = None,
) -> ActionItem:
    """Add an action item owned by one of the pair (optionally from a meeting)."""
    _ready(relationship, by)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Say what needs doing.")]
    if relationship.side_of(owner) is None:
        errors["owner"] = [_("The owner must be the mentee or the mentor.")]
    if meeting is not None and meeting.relationship_id != relationship.pk:
        errors["meeting"] = [_("Choose a meeting of this relationship.")]
    if errors:
        raise ValidationError(errors)
    item = ActionItem.objects.create(
        relationship=relationship,
        meeting=meeting,
        title=title.strip(),
        owner=owner,
        due_on=due_on,
        created_by=by,
    )
    _tell_other_side(
        relationship,
        by,
        _("%(name)s added an action item for %(owner)s: %(title)s")
        % {"name": by.name, "owner": owner.name, "title": item.title},
    )
    return item


@transaction.atomic
def update_action_item(*, item: ActionItem, by: User, **changes: Any) -> ActionItem:
    """Change the title, owner or due date, or mark it done (`done=True`) or not done."""
    unknown = set(changes) - set(ACTION_ITEM_FIELDS)
    if unknown:
        raise TypeError(f"update_action_item() got unexpected fields: {sorted(unknown)}")
    item = (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related(
            "relationship__mentee__membership__user",
            "relationship__mentor__membership__user",
        )
        .get(pk=item.pk)
    )
    relationship = item.relationship
    _ready(relationship, by)
    fields = []
    if "title" in changes:
        if not changes["title"].strip():
            raise ValidationError({"title": [_("Say what needs doing.")]})
        item.title = changes["title"].strip()
        fields.append("title")
    if "owner" in changes:
        _validate_owner(relationship, changes["owner"])
        item.owner = changes["owner"]
        fields.append("owner")
    if "due_on" in changes:
        item.due_on = changes["due_on"]
        fields.append("due_on")
    was_done = item.done_at is not None
    if "done" in changes and bool(changes["done"]) != was_done:
        item.done_at = timezone.now() if changes["done"] else None
        fields.append("done_at")
    if not fields:
        return item
    item.save(update_fields=[*fields, "updated_at"])
    if "done_at" in fields and item.done_at is not None:
        title = _("%(name)s marked done: %(title)s")
    else:
        title = _("%(name)s updated the action item %(title)s")
    _tell_other_side(relationship, by, title % {"name": by.name, "title": item.title})
    return item

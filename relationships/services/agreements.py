"""The agreement (expectations): either side proposes a version, both confirm it.

Every proposal is a new version, so what was agreed before is never overwritten; a new
version starts unconfirmed by both sides, which is how "editing after confirmation asks both
to confirm again" holds. The version in force is the newest one both have confirmed.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.errors import InvalidTransition
from mentorship.models import MeetingMode, MenteeGoal, NotificationKind, User
from mentorship.services.notifications import notify
from relationships.models import Agreement, Relationship
from relationships.services.relationships import (
    ensure_open,
    ensure_participant,
    relationship_url,
)


def agreement_versions(relationship: Relationship) -> QuerySet[Agreement]:
    """All versions, newest first, with their goals in focus in one extra query."""
    return (
        Agreement.objects.filter(relationship=relationship)
        .select_related("proposed_by")
        .prefetch_related(
            Prefetch("goals_in_focus", queryset=MenteeGoal.objects.select_related("goal_area"))
        )
        .order_by("-version")
    )


def in_force(versions: Sequence[Agreement]) -> Agreement | None:
    """The newest version both sides have confirmed (versions given newest first)."""
    return next((version for version in versions if version.is_confirmed), None)


def _lock(relationship: Relationship) -> Relationship:
    return (
        Relationship.objects.select_for_update(of=("self",))
        .select_related("mentee__membership__user", "mentor__membership__user")
        .get(pk=relationship.pk)
    )


@transaction.atomic
def propose_agreement(
    *,
    relationship: Relationship,
    by: User,
    goals_in_focus: Sequence[MenteeGoal],
    cadence: str,
    channel: str,
    session_minutes: int,
    end_date: datetime.date,
    confidentiality: str = "",
    other_expectations: str = "",
) -> Agreement:
    """Propose a new version; neither side has confirmed it yet, the proposer included.

    The proposer confirms explicitly too, so both have read the exact text they agree to.
    The relationship row is locked so two proposals at once get consecutive versions.
    """
    relationship = _lock(relationship)
    ensure_participant(relationship, by)
    ensure_open(relationship)
    errors: dict[str, list[str]] = {}
    allowed = set()
    if goals_in_focus:
        allowed = set(relationship.goals_to_work_on().values_list("pk", flat=True))
    if any(goal.pk not in allowed for goal in goals_in_focus):
        errors["goals_in_focus"] = [_("Choose from the mentee's own goals.")]
    if cadence not in Agreement.Cadence.values:
        errors["cadence"] = [_("Choose a cadence from the list.")]
    if channel not in MeetingMode.values:
        errors["channel"] = [_("Choose a channel from the list.")]
    if not 10 <= session_minutes <= 480:
        errors["session_minutes"] = [_("Sessions last from 10 to 480 minutes.")]
    if end_date <= timezone.localdate():
        errors["end_date"] = [_("The end date must be in the future.")]
    if errors:
        raise ValidationError(errors)
    latest = relationship.agreements.aggregate(latest=Max("version"))["latest"] or 0
    agreement = Agreement.objects.create(
        relationship=relationship,
        version=latest + 1,
        proposed_by=by,
        cadence=cadence,
        channel=channel,
        session_minutes=session_minutes,
        end_date=end_date,
        confidentiality=confidentiality.strip(),
        other_expectations=other_expectations.strip(),
    )
    agreement.goals_in_focus.set(goals_in_focus)
    notify(
        recipient=relationship.other_person(by),
        kind=NotificationKind.RELATIONSHIP_UPDATE,
        title=_("%(name)s proposed an agreement: please read and confirm it") % {"name": by.name},
        url=relationship_url(relationship),
    )
    return agreement


@transaction.atomic
def confirm_agreement(*, relationship: Relationship, by: User) -> Agreement:
    """Confirm the newest version for the user's side; once both have, it is in force.

    When both have confirmed, the relationship's end date follows the agreed one: both
    sides chose it, which is what `extend_relationship` otherwise asks for.
    """
    relationship = _lock(relationship)
    side = ensure_participant(relationship, by)
    ensure_open(relationship)
    agreement = (
        Agreement.objects.select_for_update().filter(relationship=relationship).first()
    )  # ordered newest first
    if agreement is None:
        raise InvalidTransition(_("There is no agreement to confirm yet."))
    field = f"{side}_confirmed_at"
    if getattr(agreement, field) is not None:
        raise InvalidTransition(_("You have already confirmed this version."))
    setattr(agreement, field, timezone.now())
    agreement.save(update_fields=[field])
    other = relationship.other_person(by)
    if agreement.is_confirmed:
        if relationship.ends_on != agreement.end_date:
            relationship.ends_on = agreement.end_date
            relationship.save(update_fields=["ends_on", "updated_at"])
        title = _("Your agreement with %(name)s is confirmed by both of you")
        for person, about in ((other, by), (by, other)):
            notify(
                recipient=person,
                kind=NotificationKind.RELATIONSHIP_UPDATE,
                title=title % {"name": about.name},
                url=relationship_url(relationship),
            )
    else:
        notify(
            recipient=other,
            kind=NotificationKind.RELATIONSHIP_UPDATE,
            title=_("%(name)s confirmed the agreement; it needs your confirmation too")
            % {"name": by.name},
            url=relationship_url(relationship),
        )
    return agreement

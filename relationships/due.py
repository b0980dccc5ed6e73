"""What is due for one person: the things only they can do next, across their relationships.

Each side sees its own list only: my confirmation of an agreement, meetings I can log,
meetings I have not rated, my check-in for the current period, my closing survey. The
list is built in a fixed number of queries (4), whatever the number of relationships
and meetings, because it is shown on dashboards and on every relationship page.

Windows keep the list about now: feedback is asked for meetings held in the last
`FEEDBACK_DAYS`, closing surveys for relationships closed in the last `SURVEY_DAYS`
(both can still be given later from the meeting and relationship pages).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentorship.models import User
from relationships.models import (
    Agreement,
    CheckIn,
    ClosingSurvey,
    Meeting,
    MeetingFeedback,
    Relationship,
)
from relationships.services.checkins import check_ins_url, current_period, period_opens_at
from relationships.services.relationships import relationship_url

FEEDBACK_DAYS = 30
SURVEY_DAYS = 90


class DueKind(models.TextChoices):
    AGREEMENT = "agreement", gettext_lazy("Agreement to confirm")
    MEETING_LOG = "meeting_log", gettext_lazy("Meeting to log")
    FEEDBACK = "feedback", gettext_lazy("Meeting to rate")
    CHECK_IN = "check_in", gettext_lazy("Check-in due")
    CLOSING_SURVEY = "closing_survey", gettext_lazy("Closing survey to answer")


@dataclass(frozen=True)
class DueItem:
    kind: DueKind
    title: str
    url: str
    relationship_id: int
    due_at: datetime.datetime


def _my_current_relationships(user: User) -> QuerySet[Relationship]:
    latest_agreement = Agreement.objects.filter(relationship=OuterRef("pk")).order_by("-version")
    my_check_ins = CheckIn.objects.filter(relationship=OuterRef("pk"), author_id=user.pk)
    return (
        Relationship.objects.as_participant(user)
        .current()
        .select_related("program", "mentee__membership__user", "mentor__membership__user")
        .annotate(
            agreement_version=Subquery(latest_agreement.values("version")[:1]),
            agreement_proposed_at=Subquery(latest_agreement.values("created_at")[:1]),
            agreement_mentee_confirmed=Subquery(latest_agreement.values("mentee_confirmed_at")[:1]),
            agreement_mentor_confirmed=Subquery(latest_agreement.values("mentor_confirmed_at")[:1]),
            my_last_period=Subquery(my_check_ins.order_by("-period").values("period")[:1]),
        )
    )


def due_items(
    user: User,
    *,
    now: datetime.datetime | None = None,
    relationship: Relationship | None = None,
) -> list[DueItem]:
    """The user's own due items, oldest first; `relationship` narrows them to one."""
    now = now or timezone.now()
    current = _my_current_relationships(user)
    if relationship is not None:
        current = current.filter(pk=relationship.pk)
    relationships = {item.pk: item for item in current}
    items: list[DueItem] = []
    for item in relationships.values():
        items.extend(_relationship_items(item, user=user, now=now))

    def other_name(meeting: Meeting) -> str:
        return relationships[meeting.relationship_id].other_person(user).name

    ids = list(relationships)
    to_log = Meeting.objects.filter(
        relationship_id__in=ids, state=Meeting.State.SCHEDULED, starts_at__lte=now
    )
    for meeting in to_log:
        items.append(
            DueItem(
                kind=DueKind.MEETING_LOG,
                title=_("Log your meeting with %(name)s") % {"name": other_name(meeting)},
                url=reverse("meeting_log", args=[meeting.relationship_id, meeting.pk]),
                relationship_id=meeting.relationship_id,
                due_at=meeting.starts_at,
            )
        )
    mine = MeetingFeedback.objects.filter(meeting=OuterRef("pk"), author_id=user.pk)
    to_rate = Meeting.objects.filter(
        relationship_id__in=ids,
        state=Meeting.State.HELD,
        starts_at__gte=now - datetime.timedelta(days=FEEDBACK_DAYS),
    ).exclude(Exists(mine))
    for meeting in to_rate:
        items.append(
            DueItem(
                kind=DueKind.FEEDBACK,
                title=_("Rate your meeting with %(name)s") % {"name": other_name(meeting)},
                url=reverse("meeting_feedback", args=[meeting.relationship_id, meeting.pk]),
                relationship_id=meeting.relationship_id,
                due_at=meeting.logged_at or meeting.starts_at,
            )
        )
    items.extend(_closing_surveys(user, now=now, relationship=relationship))
    return sorted(items, key=lambda item: (item.due_at, item.kind, item.relationship_id))


def _relationship_items(
    relationship: Relationship, *, user: User, now: datetime.datetime
) -> list[DueItem]:
    """The agreement and check-in items of one annotated relationship (no queries)."""
    items = []
    other = relationship.other_person(user).name
    side = relationship.side_of(user)
    confirmed = getattr(relationship, f"agreement_{side}_confirmed", None)
    if getattr(relationship, "agreement_version", None) is not None and confirmed is None:
        items.append(
            DueItem(
                kind=DueKind.AGREEMENT,
                title=_("Confirm your agreement with %(name)s") % {"name": other},
                url=relationship_url(relationship),
                relationship_id=relationship.pk,
                due_at=getattr(relationship, "agreement_proposed_at", None)
                or relationship.started_at,
            )
        )
    period = current_period(relationship, now=now)
    if (
        relationship.state == Relationship.State.ACTIVE
        and period > 0
        and (getattr(relationship, "my_last_period", None) or 0) < period
    ):
        items.append(
            DueItem(
                kind=DueKind.CHECK_IN,
                title=_("Check in on your relationship with %(name)s") % {"name": other},
                url=check_ins_url(relationship),
                relationship_id=relationship.pk,
                due_at=period_opens_at(relationship, period),
            )
        )
    return items


def _closing_surveys(
    user: User, *, now: datetime.datetime, relationship: Relationship | None
) -> list[DueItem]:
    answered = ClosingSurvey.objects.filter(relationship=OuterRef("pk"), author_id=user.pk)
    closed = (
        Relationship.objects.as_participant(user)
        .filter(
            state__in=[Relationship.State.COMPLETED, Relationship.State.ENDED],
            closed_at__gte=now - datetime.timedelta(days=SURVEY_DAYS),
        )
        .exclude(Exists(answered))
        .select_related("mentee__membership__user", "mentor__membership__user")
    )
    if relationship is not None:
        closed = closed.filter(pk=relationship.pk)
    return [
        DueItem(
            kind=DueKind.CLOSING_SURVEY,
            title=_("Tell us how your relationship with %(name)s went")
            % {"name": item.other_person(user).name},
            url=relationship_url(item),
            relationship_id=item.pk,
            due_at=item.closed_at or now,
        )
        for item in closed
    ]

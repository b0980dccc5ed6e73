"""What the relationship page and the dashboard show of milestones, introductions and thanks.

The relationship's timeline of recognition merges two kinds of moment, newest first: goals
achieved (milestones) and the mentee's accepted introductions made in this relationship.
Both are built in a fixed number of queries whatever their number, because they are
shown on every relationship page and every dashboard.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from mentorship.models import User
from relationships.models import Introduction, Milestone, Relationship, ThankYouNote

DASHBOARD_CONNECTIONS = 10
DASHBOARD_PENDING = 20
TIMELINE_MOMENTS = 20


@dataclass(frozen=True)
class Moment:
    """One entry of the recognition timeline: a milestone or an accepted introduction."""

    at: datetime.datetime
    milestone: Milestone | None = None
    introduction: Introduction | None = None


@dataclass
class RecognitionSection:
    moments: list[Moment] = field(default_factory=list)
    pending_introductions: list[Introduction] = field(default_factory=list)
    in_pair: bool = False
    can_introduce: bool = False
    can_thank: bool = False
    note_count: int = 0


def recognition_section(relationship: Relationship, user: User) -> RecognitionSection:
    """Milestones and introductions for whoever may see the relationship (the pair and its
    program's admins: both are metadata); thank-you notes are counted for the pair only.
    Three queries."""
    side = relationship.side_of(user)
    milestones = list(Milestone.objects.filter(relationship=relationship)[:TIMELINE_MOMENTS])
    introductions = list(
        Introduction.objects.filter(
            relationship=relationship,
            state__in=[Introduction.State.PENDING, Introduction.State.ACCEPTED],
        ).select_related("member__user", "mentee__membership__user")[:TIMELINE_MOMENTS]
    )
    moments = [Moment(at=milestone.achieved_at, milestone=milestone) for milestone in milestones]
    moments += [
        Moment(at=intro.answered_at or intro.updated_at, introduction=intro)
        for intro in introductions
        if intro.is_accepted
    ]
    moments.sort(key=lambda moment: moment.at, reverse=True)
    section = RecognitionSection(
        moments=moments[:TIMELINE_MOMENTS],
        pending_introductions=[intro for intro in introductions if intro.is_pending],
        in_pair=side is not None,
        can_introduce=side == "mentor" and relationship.is_current,
        can_thank=side == "mentee",
    )
    if side is not None:
        section.note_count = ThankYouNote.objects.filter(relationship=relationship).count()
    return section


@dataclass
class DashboardIntroductions:
    to_answer: list[Introduction] = field(default_factory=list)
    waiting: list[Introduction] = field(default_factory=list)
    connections: list[Introduction] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.to_answer or self.waiting or self.connections)


def dashboard_introductions(user: User) -> DashboardIntroductions:
    """Introductions waiting for my answer, mine waiting for someone else's, and my latest
    connections (as the mentee or the introduced member). Two queries."""
    related = ("introduced_by", "mentee__membership__user", "member__user", "program")
    pending = (
        Introduction.objects.involving(user)
        .pending()
        .exclude(introduced_by_id=user.pk)
        .select_related(*related)
        .order_by("created_at", "id")[:DASHBOARD_PENDING]
    )
    result = DashboardIntroductions()
    for intro in pending:
        if intro.member.user_id == user.pk:
            result.to_answer.append(intro)
        else:
            result.waiting.append(intro)
    result.connections = list(
        Introduction.objects.involving(user)
        .filter(state=Introduction.State.ACCEPTED)
        .exclude(introduced_by_id=user.pk)
        .select_related(*related)
        .order_by("-answered_at", "-id")[:DASHBOARD_CONNECTIONS]
    )
    return result

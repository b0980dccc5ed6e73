"""A relationship's meetings as one person sees them: the pages, the section and the API.

Built in a fixed number of queries whatever the number of meetings: the meetings, their
action items (prefetched with owners), and the viewer's own feedback. Nobody else's
feedback and no private note is ever loaded here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from mentorship.models import User
from relationships.models import ActionItem, Meeting, MeetingFeedback, Relationship
from relationships.services.meetings import meetings_of, my_feedback_by_meeting


@dataclass(frozen=True)
class TimelineEntry:
    meeting: Meeting
    my_feedback: MeetingFeedback | None
    can_log: bool
    can_rate: bool

    @property
    def action_items(self) -> list[ActionItem]:
        return list(self.meeting.action_items.all())


def timeline_entries(
    meetings: list[Meeting], *, relationship: Relationship, user: User
) -> list[TimelineEntry]:
    """Wrap loaded meetings (from `meetings_of`) with the viewer's own feedback (1 query)."""
    now = timezone.now()
    feedback = my_feedback_by_meeting(meetings=meetings, user=user)
    is_open = relationship.is_current
    entries = []
    for meeting in meetings:
        meeting.relationship = relationship
        mine = feedback.get(meeting.pk)
        entries.append(
            TimelineEntry(
                meeting=meeting,
                my_feedback=mine,
                can_log=is_open
                and meeting.state == Meeting.State.SCHEDULED
                and meeting.starts_at <= now,
                can_rate=is_open and meeting.state == Meeting.State.HELD and mine is None,
            )
        )
    return entries


def timeline_for(
    relationship: Relationship, user: User, *, limit: int | None = None
) -> list[TimelineEntry]:
    """The newest meetings first (all of them, or the latest `limit`)."""
    meetings = meetings_of(relationship)
    loaded = list(meetings[:limit] if limit is not None else meetings)
    return timeline_entries(loaded, relationship=relationship, user=user)

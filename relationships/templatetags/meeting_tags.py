"""Template tags of the meetings area, for pages that include its partials.

`_section.html` is included by the relationship page with only `relationship` and `user`
in context; these tags load what the partials show, in a fixed number of queries.
"""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AnonymousUser

from mentorship.models import User
from relationships.due import DueItem, due_items
from relationships.meetings_timeline import TimelineEntry, timeline_for
from relationships.models import Relationship

register = template.Library()

SECTION_MEETINGS = 10


@register.simple_tag
def meeting_timeline(
    relationship: Relationship, user: User | AnonymousUser, limit: int = SECTION_MEETINGS
) -> list[TimelineEntry]:
    """The latest meetings for one of the pair; nothing for anyone else (admins included)."""
    if not isinstance(user, User) or relationship.side_of(user) is None:
        return []
    return timeline_for(relationship, user, limit=limit)


@register.simple_tag
def is_participant(relationship: Relationship, user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and relationship.side_of(user) is not None


@register.simple_tag
def due_for(user: User | AnonymousUser, relationship: Relationship | None = None) -> list[DueItem]:
    """The user's own due items (on one relationship if given)."""
    if not isinstance(user, User):
        return []
    return due_items(user, relationship=relationship)

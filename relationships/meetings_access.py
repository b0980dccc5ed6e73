"""Fetching relationships and meetings for the meetings area, pages and API alike.

The relationship is found through `Relationship.objects.visible_to` (404 for anyone else),
then the caller must be one of the pair (403: program admins may see the relationship but
not its meetings, notes or answers), then the meeting is found inside that relationship
(404 for a meeting of another relationship).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404

from mentorship.models import User
from relationships.models import Meeting, Relationship
from relationships.services.relationships import ensure_participant


def visible_relationship(user: User | AnonymousUser, relationship_id: int) -> Relationship:
    """A relationship the user may see, with both people loaded; 404 otherwise."""
    return get_object_or_404(
        Relationship.objects.visible_to(user, one_row=True).select_related(
            "program", "mentee__membership__user", "mentor__membership__user"
        ),
        pk=relationship_id,
    )


def participant_relationship(user: User, relationship_id: int) -> Relationship:
    """A relationship the user is in; 404 if invisible, 403 (ActionNotAllowed) if not theirs."""
    relationship = visible_relationship(user, relationship_id)
    ensure_participant(relationship, user)
    return relationship


def participant_meeting(user: User, relationship_id: int, meeting_id: int) -> Meeting:
    """A meeting of a relationship the user is in (see `participant_relationship`)."""
    relationship = participant_relationship(user, relationship_id)
    meeting = get_object_or_404(Meeting.objects.filter(relationship=relationship), pk=meeting_id)
    meeting.relationship = relationship
    return meeting

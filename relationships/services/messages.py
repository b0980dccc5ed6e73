"""The pair's message thread.

Only the mentee and the mentor write and read it (program admins see a relationship's
metadata, not its conversation). A block between the two stops messages either way.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mentorship.models import NotificationKind, User
from mentorship.services.notifications import notify
from relationships.errors import Blocked
from relationships.models import Block, Message, Relationship
from relationships.services.relationships import (
    ensure_open,
    ensure_participant,
    relationship_url,
)

MAX_MESSAGE_LENGTH = 5000
PREVIEW_LENGTH = 300


def messages_of(relationship: Relationship, user: User) -> QuerySet[Message]:
    """The thread, oldest first, for one of the pair; admins and others may not read it."""
    ensure_participant(relationship, user)
    return Message.objects.filter(relationship=relationship).select_related("author")


def latest_messages(relationship: Relationship, *, limit: int) -> list[Message]:
    """The last `limit` messages, oldest first, in one query (pages show the recent thread)."""
    newest = (
        Message.objects.filter(relationship=relationship)
        .select_related("author")
        .order_by("-created_at", "-id")[:limit]
    )
    return list(reversed(newest))


@transaction.atomic
def post_message(*, relationship: Relationship, by: User, body: str) -> Message:
    """Add a message to the thread and tell the other side (their digest choice applies)."""
    ensure_participant(relationship, by)
    ensure_open(relationship)
    other = relationship.other_person(by)
    if Block.objects.between(by, other).exists():
        raise Blocked(
            _("You cannot send messages to this member."),
            errors={"body": [_("You cannot send messages to this member.")]},
        )
    text = body.strip()
    if not text:
        raise ValidationError({"body": [_("Write a message first.")]})
    if len(text) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            {"body": [_("Keep it under %(n)d characters.") % {"n": MAX_MESSAGE_LENGTH}]}
        )
    message = Message.objects.create(relationship=relationship, author=by, body=text)
    notify(
        recipient=other,
        kind=NotificationKind.RELATIONSHIP_UPDATE,
        title=_("New message from %(name)s") % {"name": by.name},
        body=text[:PREVIEW_LENGTH],
        url=relationship_url(relationship) + "#messages",
    )
    return message

"""The personal calendar feed: a secret URL listing a person's upcoming meetings.

The token in the URL is the only authority (calendar apps cannot sign in), so it is long
and random, and revoking replaces it: the old URL stops working at once.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from mentorship.models import User
from relationships.models import CalendarFeed, Meeting, Relationship
from relationships.models.meetings import new_feed_token
from relationships.services.meetings import MAX_DURATION, meeting_ends_at

# How far ahead the feed looks; calendar apps poll it, so later meetings appear in time.
FEED_HORIZON = datetime.timedelta(days=366)


def calendar_feed_of(*, user: User) -> CalendarFeed:
    """The user's feed, created on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def revoke_calendar_feed(*, user: User) -> CalendarFeed:
    """Replace the feed's token: the old URL answers 404 from now on."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token", "created_at"])
    return feed


def feed_meetings(feed: CalendarFeed, *, now: datetime.datetime | None = None) -> list[Meeting]:
    """Scheduled meetings of the owner's current relationships that have not ended yet."""
    now = now or timezone.now()
    relationships = Relationship.objects.as_participant(feed.user).current()
    meetings: QuerySet[Meeting] = (
        Meeting.objects.filter(
            relationship__in=relationships,
            state=Meeting.State.SCHEDULED,
            starts_at__gt=now - datetime.timedelta(minutes=MAX_DURATION),
            starts_at__lte=now + FEED_HORIZON,
        )
        .select_related(
            "relationship__mentee__membership__user", "relationship__mentor__membership__user"
        )
        .order_by("starts_at", "pk")
    )
    return [meeting for meeting in meetings if meeting_ends_at(meeting) > now]

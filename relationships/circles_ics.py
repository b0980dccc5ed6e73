"""Circle sessions in calendars: one session's `.ics`, and the sessions of a person's feed.

Written with `relationships.ics`, like one-to-one meetings: the description is the agenda
and nothing else (shared notes never reach a calendar), and the UID is stable per session,
so a subscribed calendar updates the event instead of adding a second one.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.models import User
from relationships.ics import Event
from relationships.models import Circle, CircleMembership, CircleSession
from relationships.services.calendar_feed import FEED_HORIZON
from relationships.services.circle_sessions import session_ends_at, session_url
from relationships.services.meetings import MAX_DURATION

_STATUS = {
    CircleSession.State.SCHEDULED: "CONFIRMED",
    CircleSession.State.HELD: "CONFIRMED",
    CircleSession.State.CANCELLED: "CANCELLED",
}


def circle_session_event(session: CircleSession, *, stamp: datetime.datetime) -> Event:
    """The calendar event of a session (its circle must be loaded)."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return Event(
        uid=f"circle-session-{session.pk}@{host}",
        stamp=stamp,
        starts_at=session.starts_at,
        ends_at=session_ends_at(session),
        summary=_("Mentor circle: %(topic)s") % {"topic": session.circle.topic},
        location=session.location,
        description=session.agenda,
        status=_STATUS[CircleSession.State(session.state)],
        url=settings.SITE_URL.rstrip("/") + session_url(session),
    )


def feed_circle_sessions(
    user: User, *, now: datetime.datetime | None = None
) -> list[CircleSession]:
    """Scheduled sessions, not yet ended, of open circles the user hosts or is active in."""
    now = now or timezone.now()
    mine = Q(circle__mentor__membership__user_id=user.pk) | Q(
        circle__in=CircleMembership.objects.filter(
            mentee__membership__user_id=user.pk, state=CircleMembership.State.ACTIVE
        ).values("circle_id")
    )
    sessions = (
        CircleSession.objects.filter(
            mine,
            circle__state=Circle.State.OPEN,
            state=CircleSession.State.SCHEDULED,
            starts_at__gt=now - datetime.timedelta(minutes=MAX_DURATION),
            starts_at__lte=now + FEED_HORIZON,
        )
        .select_related("circle")
        .order_by("starts_at", "pk")
    )
    return [session for session in sessions if session_ends_at(session) > now]

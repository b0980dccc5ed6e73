"""The follow-up meeting of an accepted introduction as a calendar event (see `ics.py`).

Its description is deliberately empty: the introduction's note stays on the site, since
calendars get synced to places we do not control.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from relationships.ics import Event
from relationships.models import Introduction
from relationships.services.introductions import introduction_url


def follow_up_event(introduction: Introduction, *, stamp: datetime.datetime) -> Event:
    """The event of a set follow-up (people loaded); the UID is stable per introduction, so a
    moved follow-up replaces itself in a calendar."""
    starts_at = introduction.follow_up_at
    if starts_at is None:
        raise ValueError("This introduction has no follow-up meeting.")
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return Event(
        uid=f"introduction-{introduction.pk}@{host}",
        stamp=stamp,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=introduction.follow_up_minutes),
        summary=_("Follow-up: %(mentee)s and %(member)s")
        % {
            "mentee": introduction.mentee.membership.user.name,
            "member": introduction.member.user.name,
        },
        location=introduction.follow_up_location,
        url=settings.SITE_URL.rstrip("/") + introduction_url(introduction),
    )

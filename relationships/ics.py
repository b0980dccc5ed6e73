"""iCalendar (RFC 5545) writing, by hand: one meeting's `.ics` and the personal feed.

Only what calendar apps need: VCALENDAR with VEVENTs carrying UID, DTSTAMP, DTSTART and
DTEND in UTC, SUMMARY, LOCATION, DESCRIPTION, STATUS and URL. Text values are escaped
(backslash, semicolon, comma, newlines), lines end in CRLF and are folded at 75 octets
without splitting a UTF-8 character. The description is the agenda and nothing else:
private notes never reach a calendar, and neither do shared notes (calendars get synced
to places we do not control).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from relationships.models import Meeting
from relationships.services.meetings import meeting_ends_at, meeting_url

CRLF = "\r\n"
MAX_LINE_OCTETS = 75
PRODUCT_ID = "-//Mentorship//Meetings//EN"
# Control characters other than tab are not allowed in text values (RFC 5545 3.3.11).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape_text(value: str) -> str:
    """A TEXT value: `\\`, `;` and `,` escaped, any newline written as `\\n`."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _CONTROL.sub("", value.replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets joined by CRLF + space.

    The space that starts a continuation counts toward its 75 octets, and a multi-byte
    character is never split between two pieces.
    """
    pieces: list[str] = []
    current: list[str] = []
    size, limit = 0, MAX_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, MAX_LINE_OCTETS - 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def utc_stamp(moment: datetime.datetime) -> str:
    """A DATE-TIME in UTC form: 20250102T150000Z."""
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class Event:
    uid: str
    stamp: datetime.datetime
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    location: str = ""
    description: str = ""
    status: str = "CONFIRMED"
    url: str = ""


def _event_lines(event: Event) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{utc_stamp(event.stamp)}",
        f"DTSTART:{utc_stamp(event.starts_at)}",
        f"DTEND:{utc_stamp(event.ends_at)}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    lines.append(f"STATUS:{event.status}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines.append("END:VEVENT")
    return lines


def write_calendar(events: Iterable[Event], *, name: str = "") -> str:
    """A complete VCALENDAR: every line folded and ended with CRLF."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines.extend(_event_lines(event))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


_STATUS = {
    Meeting.State.SCHEDULED: "CONFIRMED",
    Meeting.State.HELD: "CONFIRMED",
    Meeting.State.CANCELLED: "CANCELLED",
    Meeting.State.NO_SHOW: "CANCELLED",
}


def meeting_event(meeting: Meeting, *, stamp: datetime.datetime) -> Event:
    """The calendar event of a meeting (its relationship's people must be loaded).

    The UID is stable per meeting, so a rescheduled meeting replaces itself in a
    subscribed calendar instead of appearing twice.
    """
    relationship = meeting.relationship
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return Event(
        uid=f"meeting-{meeting.pk}@{host}",
        stamp=stamp,
        starts_at=meeting.starts_at,
        ends_at=meeting_ends_at(meeting),
        summary=_("Mentoring: %(mentee)s and %(mentor)s")
        % {
            "mentee": relationship.mentee.membership.user.name,
            "mentor": relationship.mentor.membership.user.name,
        },
        location=meeting.location,
        description=meeting.agenda,
        status=_STATUS[Meeting.State(meeting.state)],
        url=settings.SITE_URL.rstrip("/") + meeting_url(meeting),
    )

"""iCalendar output: valid RFC 5545 (CRLF, 75-octet folding, escaping), one meeting's .ics,
and the personal feed with its secret, revocable token."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from relationships.ics import Event, escape_text, fold, write_calendar
from relationships.models import Relationship
from relationships.services.meetings import log_meeting
from relationships.services.relationships import close_relationship
from tests.conftest import client_for
from tests.relationships.meetings_support import page_client, schedule, start_pair

pytestmark = pytest.mark.django_db


def parse(calendar: str) -> list[dict[str, str]]:
    """A tiny RFC 5545 reader: unfold, split properties, unescape; one dict per VEVENT."""
    assert calendar.endswith("\r\n")
    physical = calendar[:-2].split("\r\n")
    for line in physical:
        assert "\n" not in line and "\r" not in line
        assert len(line.encode("utf-8")) <= 75
    unfolded = "\r\n".join(physical).replace("\r\n ", "").split("\r\n")
    assert unfolded[0] == "BEGIN:VCALENDAR" and unfolded[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in unfolded and any(line.startswith("PRODID:") for line in unfolded)
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in unfolded:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events.append(current)
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            current[name] = _unescape(value)
    return events


def _unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def test_text_is_escaped_as_the_rfc_says():
    assert escape_text("a,b;c\\d\nnext\r\nlast") == "a\\,b\\;c\\\\d\\nnext\\nlast"


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "DESCRIPTION:" + "é" * 100  # two octets each
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert (
        "".join(piece.removeprefix(" ") if i else piece for i, piece in enumerate(pieces)) == line
    )


def test_a_calendar_round_trips_through_a_parser():
    start = datetime.datetime(2030, 5, 6, 14, 30, tzinfo=datetime.UTC)
    agenda = "CV review; salary, and \\ a backslash\nSecond line " + "long " * 30
    calendar = write_calendar(
        [
            Event(
                uid="meeting-1@example.org",
                stamp=start,
                starts_at=start,
                ends_at=start + datetime.timedelta(minutes=45),
                summary="Mentoring: Mia and Marcus",
                location="Café Zürich, Room 2",
                description=agenda,
            )
        ]
    )
    [event] = parse(calendar)
    assert event["UID"] == "meeting-1@example.org"
    assert event["DTSTART"] == "20300506T143000Z"
    assert event["DTEND"] == "20300506T151500Z"
    assert event["DTSTAMP"] == "20300506T143000Z"
    assert event["LOCATION"] == "Café Zürich, Room 2"
    assert event["DESCRIPTION"] == agenda


@pytest.fixture
def relationship(program, mentee, mentor) -> Relationship:
    return start_pair(program, mentee, mentor)


def test_a_meeting_downloads_as_a_valid_ics_for_either_side_only(
    relationship, mentee, mentor, program_admin, other_mentee
):
    meeting = schedule(
        relationship,
        mentee,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        agenda="Goals, plans; next steps",
    )
    path = f"/relationships/{relationship.pk}/meetings/{meeting.pk}/meeting.ics"
    api = f"/api/v1/relationships/{relationship.pk}/meetings/{meeting.pk}/ics/"
    for response in (page_client(mentor).get(path), client_for(mentee).get(api)):
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        [event] = parse(response.content.decode())
        assert event["DESCRIPTION"] == "Goals, plans; next steps"
        assert event["SUMMARY"] == "Mentoring: Mia Mentee and Marcus Mentor"
        assert event["DTSTART"] == meeting.starts_at.astimezone(datetime.UTC).strftime(
            "%Y%m%dT%H%M%SZ"
        )
    assert client_for(program_admin).get(api).status_code == 403
    assert client_for(other_mentee).get(api).status_code == 404
    assert page_client(other_mentee).get(path).status_code == 404


def test_the_feed_lists_the_owners_upcoming_meetings_without_a_login(
    program, relationship, mentee, mentor, other_mentee, other_mentor
):
    soon = schedule(relationship, mentee, starts_at=timezone.now() + datetime.timedelta(days=1))
    past = schedule(relationship, mentee, starts_at=timezone.now() - datetime.timedelta(days=1))
    log_meeting(meeting=past, by=mentee, state="held", actual_minutes=30)
    others = start_pair(program, other_mentee, other_mentor)
    schedule(others, other_mentee, starts_at=timezone.now() + datetime.timedelta(days=1))

    url = client_for(mentor).get("/api/v1/me/calendar-feed/").json()["url"]
    assert url.startswith("http://testserver/calendar/") and url.endswith(".ics")
    response = Client().get(url.removeprefix("http://testserver"))  # no session at all
    assert response.status_code == 200
    events = parse(response.content.decode())
    assert [event["UID"].split("@")[0] for event in events] == [f"meeting-{soon.pk}"]


def test_a_closed_relationships_meetings_leave_the_feed(relationship, mentee):
    schedule(relationship, mentee, starts_at=timezone.now() + datetime.timedelta(days=1))
    url = client_for(mentee).get("/api/v1/me/calendar-feed/").json()["url"]
    path = url.removeprefix("http://testserver")
    assert len(parse(Client().get(path).content.decode())) == 1
    close_relationship(relationship=relationship, by=mentee, reason="no_time")
    assert parse(Client().get(path).content.decode()) == []


def test_revoking_the_feed_kills_the_old_url_and_issues_a_new_one(relationship, mentee):
    schedule(relationship, mentee, starts_at=timezone.now() + datetime.timedelta(days=1))
    api = client_for(mentee)
    old = api.get("/api/v1/me/calendar-feed/").json()["url"]
    assert api.get("/api/v1/me/calendar-feed/").json()["url"] == old  # stable until revoked
    new = api.post("/api/v1/me/calendar-feed/").json()["url"]
    assert new != old
    anonymous = Client()
    assert anonymous.get(old.removeprefix("http://testserver")).status_code == 404
    assert anonymous.get(new.removeprefix("http://testserver")).status_code == 200
    assert anonymous.get("/calendar/not-a-token.ics").status_code == 404


def test_the_feed_page_shows_the_url_and_revokes_it(mentee):
    client = page_client(mentee)
    first = client.get("/me/calendar/").context["feed_url"]
    assert client.post("/me/calendar/").status_code == 302
    assert client.get("/me/calendar/").context["feed_url"] != first

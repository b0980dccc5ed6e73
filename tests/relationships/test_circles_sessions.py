"""Group sessions: scheduling, logging who came, shared notes, ratings, .ics and the feed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentorship.errors import ActionNotAllowed, InvalidTransition
from mentorship.models import Notification, NotificationKind
from relationships.models import CircleSession, CircleSessionRating
from relationships.services.calendar_feed import calendar_feed_of
from relationships.services.circle_memberships import leave_circle
from relationships.services.circle_sessions import (
    cancel_circle_session,
    log_circle_session,
    rate_circle_session,
    rating_summaries,
    save_circle_session_notes,
)
from tests.relationships.circles_support import (
    held_session,
    mentor_circle,
    scheduled_session,
)
from tests.relationships.meetings_support import page_client

pytestmark = pytest.mark.django_db

NOTES = "Kumquat-4411: we practised pitches"


@pytest.fixture
def circle(program, mentor, mentee, other_mentee):
    return mentor_circle(program, mentor, [mentee, other_mentee])


def in_days(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def test_the_mentor_schedules_a_session_and_every_member_is_told(
    circle, mentor, mentee, other_mentee
):
    session = scheduled_session(circle, mentor, starts_at=in_days(3))
    assert session.state == CircleSession.State.SCHEDULED
    for member in (mentee, other_mentee):
        told = Notification.objects.filter(recipient=member, kind=NotificationKind.CIRCLE).latest(
            "id"
        )
        assert "New session of the circle" in told.title
        assert told.url == f"/circles/{circle.pk}/sessions/{session.pk}/"


def test_members_cannot_schedule_cancel_or_log_sessions(circle, mentor, mentee):
    with pytest.raises(ActionNotAllowed):
        scheduled_session(circle, mentee, starts_at=in_days(3))
    session = scheduled_session(circle, mentor, starts_at=in_days(-1))
    with pytest.raises(ActionNotAllowed):
        cancel_circle_session(session=session, by=mentee)
    with pytest.raises(ActionNotAllowed):
        log_circle_session(session=session, by=mentee, attendees=[mentee])
    session.refresh_from_db()
    assert session.state == CircleSession.State.SCHEDULED


def test_a_session_is_logged_once_after_it_started_with_members_as_attendees(
    circle, mentor, mentee, other_mentee, alice
):
    future = scheduled_session(circle, mentor, starts_at=in_days(2))
    with pytest.raises(InvalidTransition):
        log_circle_session(session=future, by=mentor, attendees=[mentee])
    past = scheduled_session(circle, mentor, starts_at=in_days(-1))
    with pytest.raises(ValidationError) as error:
        log_circle_session(session=past, by=mentor, attendees=[mentee, alice])
    assert "attendees" in error.value.message_dict
    log_circle_session(session=past, by=mentor, attendees=[mentee], shared_notes=NOTES)
    assert set(past.attendees.all()) == {mentor, mentee}
    with pytest.raises(InvalidTransition):
        log_circle_session(session=past, by=mentor, attendees=[mentee])


def test_only_attendees_of_a_held_session_rate_it_once(circle, mentor, mentee, other_mentee):
    scheduled = scheduled_session(circle, mentor, starts_at=in_days(2))
    with pytest.raises(InvalidTransition):
        rate_circle_session(session=scheduled, by=mentee, rating=5)
    session = held_session(circle, mentor, [mentee])
    with pytest.raises(ActionNotAllowed):
        rate_circle_session(session=session, by=other_mentee, rating=4)  # did not come
    with pytest.raises(ValidationError):
        rate_circle_session(session=session, by=mentee, rating=6)
    rate_circle_session(session=session, by=mentee, rating=4, comment="Useful")
    rate_circle_session(session=session, by=mentor, rating=2)
    with pytest.raises(InvalidTransition):
        rate_circle_session(session=session, by=mentee, rating=5)
    assert CircleSessionRating.objects.count() == 2
    summary = rating_summaries([session])[session.pk]
    assert (summary.count, summary.average) == (2, 3.0)


def test_members_and_the_mentor_edit_shared_notes_a_member_who_left_cannot(
    circle, mentor, mentee, other_mentee, program_admin
):
    session = held_session(circle, mentor, [mentee, other_mentee])
    save_circle_session_notes(session=session, by=mentee, shared_notes=NOTES)
    session.refresh_from_db()
    assert session.shared_notes == NOTES
    with pytest.raises(ActionNotAllowed):
        save_circle_session_notes(session=session, by=program_admin, shared_notes="x")
    leave_circle(circle=circle, by=other_mentee)
    with pytest.raises(ActionNotAllowed):
        save_circle_session_notes(session=session, by=other_mentee, shared_notes="x")
    session.refresh_from_db()
    assert session.shared_notes == NOTES


def test_a_cancelled_session_cannot_be_logged_or_cancelled_again(circle, mentor, mentee):
    session = scheduled_session(circle, mentor, starts_at=in_days(-1))
    cancel_circle_session(session=session, by=mentor)
    with pytest.raises(InvalidTransition):
        cancel_circle_session(session=session, by=mentor)
    with pytest.raises(InvalidTransition):
        log_circle_session(session=session, by=mentor, attendees=[mentee])


def test_each_member_downloads_the_session_ics_without_the_notes(circle, mentor, mentee):
    session = scheduled_session(circle, mentor, starts_at=in_days(3))
    save_circle_session_notes(session=session, by=mentor, shared_notes=NOTES)
    for person in (mentor, mentee):
        response = page_client(person).get(
            f"/circles/{circle.pk}/sessions/{session.pk}/session.ics"
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert response["Content-Type"].startswith("text/calendar")
        assert f"UID:circle-session-{session.pk}@" in body
        assert "SUMMARY:Mentor circle: Finding a first job" in body
        assert "Elevator pitches" in body
        assert "Kumquat" not in body


def test_sessions_appear_in_the_hosts_and_members_calendar_feeds_only(
    circle, mentor, mentee, other_mentor
):
    session = scheduled_session(circle, mentor, starts_at=in_days(3))
    cancelled = scheduled_session(circle, mentor, starts_at=in_days(4))
    cancel_circle_session(session=cancelled, by=mentor)
    for person, expected in ((mentor, True), (mentee, True), (other_mentor, False)):
        token = calendar_feed_of(user=person).token
        body = page_client(person).get(f"/calendar/{token}.ics").content.decode()
        assert (f"circle-session-{session.pk}@" in body) is expected
        assert f"circle-session-{cancelled.pk}@" not in body
    leave_circle(circle=circle, by=mentee)
    token = calendar_feed_of(user=mentee).token
    assert (
        "circle-session-" not in page_client(mentee).get(f"/calendar/{token}.ics").content.decode()
    )

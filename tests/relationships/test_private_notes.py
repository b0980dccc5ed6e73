"""The private-notes rule: a private note is seen by its author only, ever.

Not by the other side, not by program admins, not in the Django admin, not in exports,
not in notifications or emails, not in calendars, not in meeting lists or details, not on
the relationship page or in its API. Each check looks for one distinctive secret string.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.core import mail
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from mentorship.models import Notification
from relationships.models import Meeting, PrivateNote, Relationship
from relationships.services.meeting_reminders import send_meeting_reminders
from relationships.services.meetings import save_private_note
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.relationships.meetings_support import (
    SECRET,
    held_meeting,
    page_client,
    schedule,
    start_pair,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def relationship(program, mentee, mentor) -> Relationship:
    return start_pair(program, mentee, mentor)


@pytest.fixture
def noted(relationship, mentee) -> Meeting:
    """A held meeting the mentee logged with shared notes and a private note."""
    return held_meeting(
        relationship, mentee, shared_notes="We talked about CVs.", private_note=SECRET
    )


@pytest.fixture
def upcoming_noted(relationship, mentee) -> Meeting:
    """A meeting still to come, on which the mentee already wrote a private note."""
    meeting = schedule(relationship, mentee, starts_at=timezone.now() + datetime.timedelta(days=2))
    save_private_note(meeting=meeting, by=mentee, body=SECRET)
    return meeting


def test_the_author_reads_her_note_back_on_the_page_and_in_the_api(relationship, noted, mentee):
    page = page_client(mentee).get(f"/relationships/{relationship.pk}/meetings/{noted.pk}/")
    assert SECRET in page.content.decode()
    api = client_for(mentee).get(
        f"/api/v1/relationships/{relationship.pk}/meetings/{noted.pk}/private-note/"
    )
    assert api.status_code == 200
    assert api.json()["body"] == SECRET


def test_the_other_side_gets_only_their_own_empty_note_from_the_api(relationship, noted, mentor):
    api = client_for(mentor).get(
        f"/api/v1/relationships/{relationship.pk}/meetings/{noted.pk}/private-note/"
    )
    assert api.status_code == 200
    assert api.json() == {"body": "", "updated_at": None}


def test_the_other_side_writing_a_note_does_not_touch_or_reveal_the_authors(
    relationship, noted, mentee, mentor
):
    api = client_for(mentor).put(
        f"/api/v1/relationships/{relationship.pk}/meetings/{noted.pk}/private-note/",
        {"body": "Mentor's own thoughts"},
        format="json",
    )
    assert api.status_code == 200
    assert SECRET not in api.content.decode()
    assert PrivateNote.objects.written_by(mentee).get().body == SECRET
    assert PrivateNote.objects.written_by(mentor).get().body == "Mentor's own thoughts"


@pytest.mark.parametrize(
    "path",
    [
        "/relationships/{r}/meetings/",
        "/relationships/{r}/meetings/{m}/",
        "/relationships/{r}/",
        "/home/",
    ],
)
def test_no_page_shows_the_note_to_the_other_side(relationship, noted, mentor, path):
    response = page_client(mentor).get(path.format(r=relationship.pk, m=noted.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert SECRET not in html


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/relationships/{r}/meetings/",
        "/api/v1/relationships/{r}/",
        "/api/v1/relationships/",
    ],
)
def test_no_api_read_shows_the_note_to_the_other_side(relationship, noted, mentor, path):
    response = client_for(mentor).get(path.format(r=relationship.pk))
    assert response.status_code == 200
    assert SECRET not in response.content.decode()


def test_the_meetings_list_does_not_carry_the_note_even_for_its_author(relationship, noted, mentee):
    """Reads of meetings have no private-note field at all: it has its own endpoint."""
    response = client_for(mentee).get(f"/api/v1/relationships/{relationship.pk}/meetings/")
    assert response.status_code == 200
    assert SECRET not in response.content.decode()
    assert "private_note" not in response.json()["results"][0]


def test_a_program_admin_never_sees_the_note(relationship, noted, program, program_admin):
    pages = page_client(program_admin)
    api = client_for(program_admin)
    for response in (
        pages.get(f"/relationships/{relationship.pk}/"),
        pages.get(f"/relationships/{relationship.pk}/meetings/{noted.pk}/"),
        pages.get(f"/programs/{program.slug}/health/"),
        api.get(f"/api/v1/relationships/{relationship.pk}/"),
        api.get(f"/api/v1/relationships/{relationship.pk}/meetings/"),
        api.get(f"/api/v1/relationships/{relationship.pk}/meetings/{noted.pk}/private-note/"),
        api.get(f"/api/v1/programs/{program.slug}/relationship-health/"),
    ):
        assert response.status_code in (200, 403)
        assert SECRET not in response.content.decode()


def test_the_django_admin_has_no_private_notes_and_no_page_shows_one(
    relationship, noted, mentee, mentor
):
    assert PrivateNote not in admin.site._registry
    superuser = UserFactory.create(is_staff=True, is_superuser=True)
    client = page_client(superuser)
    checked = 0
    for model in admin.site._registry:
        opts = model._meta
        changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert changelist.status_code == 200, opts.label
        assert SECRET not in changelist.content.decode()
        checked += 1
    for obj in (noted, relationship, mentee, mentor):
        opts = obj._meta
        if type(obj) not in admin.site._registry:
            continue
        change = client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )
        assert change.status_code == 200, opts.label
        assert SECRET not in change.content.decode()
        checked += 1
    assert checked > len(admin.site._registry)  # at least one change page (the users) too


def test_the_meeting_admin_change_page_does_not_show_the_note_when_registered(relationship, noted):
    if Meeting not in admin.site._registry:
        pytest.skip("Meeting is not on the admin site")
    superuser = UserFactory.create(is_staff=True, is_superuser=True)
    response = page_client(superuser).get(
        reverse("admin:relationships_meeting_change", args=[noted.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "We talked about CVs." in html  # the page does show the meeting...
    assert SECRET not in html  # ...but never the private note


def test_the_participant_export_does_not_contain_the_note(program, noted, program_admin):
    try:
        url = reverse("participant_export", args=[program.slug])
    except NoReverseMatch:
        pytest.fail("the participant_export page is missing")
    response = page_client(program_admin).get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    assert "mentee@example.org" in body.decode()  # the export does list the mentee...
    assert SECRET not in body.decode()  # ...but not her private note


def test_no_notification_or_email_carries_the_note(noted, upcoming_noted):
    send_meeting_reminders(now=upcoming_noted.starts_at - datetime.timedelta(hours=2))
    assert Notification.objects.exists()
    for notification in Notification.objects.all():
        assert SECRET not in notification.title
        assert SECRET not in notification.body
    for message in mail.outbox:
        assert SECRET not in message.subject
        assert SECRET not in message.body
        for content, _mime in getattr(message, "alternatives", []):
            assert SECRET not in str(content)


def test_calendars_never_carry_the_note(relationship, upcoming_noted, mentee, mentor):
    for person in (mentee, mentor):
        ics = page_client(person).get(
            f"/relationships/{relationship.pk}/meetings/{upcoming_noted.pk}/meeting.ics"
        )
        api_ics = client_for(person).get(
            f"/api/v1/relationships/{relationship.pk}/meetings/{upcoming_noted.pk}/ics/"
        )
        feed_url = client_for(person).get("/api/v1/me/calendar-feed/").json()["url"]
        feed = page_client(person).get(feed_url.removeprefix("http://testserver"))
        for response in (ics, api_ics, feed):
            assert response.status_code == 200
            text = response.content.decode()
            assert "Career plan" in text  # the agenda is there...
            assert SECRET not in text  # ...the private note is not

"""Meetings: scheduling, rescheduling, logging once after the start, reminders, the pages."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentorship.errors import ActionNotAllowed, InvalidTransition
from mentorship.models import Notification, NotificationKind
from relationships.models import ActionItem, Meeting, MeetingFeedback, Relationship
from relationships.services.feedback import give_feedback
from relationships.services.meeting_reminders import send_meeting_reminders
from relationships.services.meetings import (
    NewActionItem,
    log_meeting,
    schedule_meeting,
    update_meeting,
)
from relationships.services.relationships import close_relationship
from tests.relationships.meetings_support import (
    held_meeting,
    page_client,
    schedule,
    start_pair,
)

pytestmark = pytest.mark.django_db

SOON = datetime.timedelta(hours=3)


@pytest.fixture
def relationship(program, mentee, mentor) -> Relationship:
    return start_pair(program, mentee, mentor)


def meeting_notifications(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=NotificationKind.MEETING))


def test_the_mentee_schedules_a_meeting_and_the_mentor_is_told(relationship, mentee, mentor):
    meeting = schedule_meeting(
        relationship=relationship,
        by=mentee,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        duration_minutes=60,
        mode="video",
        location="https://meet.example.org/x",
        agenda="CV review",
    )
    assert meeting.state == Meeting.State.SCHEDULED
    assert meeting.created_by == mentee
    [told] = meeting_notifications(mentor)
    assert "Mia Mentee scheduled a meeting" in told.title
    assert told.url == f"/relationships/{relationship.pk}/meetings/{meeting.pk}/"
    assert meeting_notifications(mentee) == []


def test_a_meeting_in_the_past_or_of_a_silly_length_is_refused_with_field_errors(
    relationship, mentee
):
    with pytest.raises(ValidationError) as error:
        schedule_meeting(
            relationship=relationship,
            by=mentee,
            starts_at=timezone.now() - datetime.timedelta(hours=1),
            duration_minutes=900,
            mode="carrier-pigeon",
        )
    assert set(error.value.message_dict) == {"starts_at", "duration_minutes", "mode"}
    assert not Meeting.objects.exists()


def test_a_program_admin_cannot_schedule_for_the_pair(relationship, program_admin):
    with pytest.raises(ActionNotAllowed):
        schedule_meeting(
            relationship=relationship,
            by=program_admin,
            starts_at=timezone.now() + SOON,
            duration_minutes=45,
            mode="video",
        )


def test_logging_a_meeting_that_has_not_started_is_refused_and_changes_nothing(
    relationship, mentee
):
    meeting = schedule(relationship, mentee, starts_at=timezone.now() + SOON)
    with pytest.raises(InvalidTransition):
        log_meeting(meeting=meeting, by=mentee, state="held", actual_minutes=30)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.SCHEDULED
    assert meeting.logged_at is None


def test_the_mentor_logs_a_held_meeting_with_notes_and_action_items(relationship, mentee, mentor):
    start = timezone.now() - datetime.timedelta(hours=2)
    meeting = schedule(relationship, mentee, starts_at=start)
    log_meeting(
        meeting=meeting,
        by=mentor,
        state="held",
        actual_minutes=55,
        shared_notes="We drafted the CV outline.",
        action_items=[
            NewActionItem(title="Rewrite the summary", owner=mentee, due_on=None),
            NewActionItem(title="Send two examples", owner=mentor),
        ],
    )
    meeting.refresh_from_db()
    assert (meeting.state, meeting.actual_minutes, meeting.logged_by) == ("held", 55, mentor)
    items = ActionItem.objects.filter(meeting=meeting).order_by("id")
    assert [(item.title, item.owner) for item in items] == [
        ("Rewrite the summary", mentee),
        ("Send two examples", mentor),
    ]
    assert "rate how it went" in meeting_notifications(mentee)[0].title


def test_a_held_meeting_needs_its_actual_length_and_action_items_belong_to_the_pair(
    relationship, mentee, other_mentee
):
    meeting = schedule(relationship, mentee, starts_at=timezone.now() - SOON)
    with pytest.raises(ValidationError) as error:
        log_meeting(
            meeting=meeting,
            by=mentee,
            state="held",
            action_items=[NewActionItem(title="Spy", owner=other_mentee)],
        )
    assert set(error.value.message_dict) == {"actual_minutes", "action_items"}
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.SCHEDULED
    assert not ActionItem.objects.exists()


def test_a_logged_meeting_can_be_neither_logged_again_nor_rescheduled(relationship, mentee):
    meeting = schedule(relationship, mentee, starts_at=timezone.now() - SOON)
    log_meeting(meeting=meeting, by=mentee, state="cancelled")
    with pytest.raises(InvalidTransition):
        log_meeting(meeting=meeting, by=mentee, state="held", actual_minutes=20)
    with pytest.raises(InvalidTransition):
        update_meeting(meeting=meeting, by=mentee, agenda="New agenda")
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.CANCELLED
    assert meeting.actual_minutes is None


def test_rescheduling_moves_the_meeting_and_tells_the_other_side(relationship, mentee, mentor):
    meeting = schedule(relationship, mentee, starts_at=timezone.now() + SOON)
    later = timezone.now() + datetime.timedelta(days=5)
    update_meeting(meeting=meeting, by=mentor, starts_at=later, agenda="Interview practice")
    meeting.refresh_from_db()
    assert meeting.starts_at == later
    assert meeting.agenda == "Interview practice"
    assert any("moved your meeting" in n.title for n in meeting_notifications(mentee))


def test_a_closed_relationship_takes_no_new_meetings(relationship, mentee):
    close_relationship(relationship=relationship, by=mentee, reason="no_time")
    with pytest.raises(InvalidTransition):
        schedule_meeting(
            relationship=relationship,
            by=mentee,
            starts_at=timezone.now() + SOON,
            duration_minutes=45,
            mode="video",
        )


def test_both_sides_are_reminded_once_a_day_before_and_a_second_scan_sends_nothing(
    relationship, mentee, mentor
):
    schedule(relationship, mentee, starts_at=timezone.now() + datetime.timedelta(hours=20))
    schedule(relationship, mentee, starts_at=timezone.now() + datetime.timedelta(days=3))
    Notification.objects.all().delete()
    assert send_meeting_reminders() == 2
    assert send_meeting_reminders() == 0
    for person in (mentee, mentor):
        [reminder] = meeting_notifications(person)
        assert reminder.title.startswith("Reminder: meeting with")


def test_a_meeting_moved_after_its_reminder_is_reminded_again_for_the_new_time(
    relationship, mentee
):
    meeting = schedule(relationship, mentee, starts_at=timezone.now() + datetime.timedelta(hours=5))
    assert send_meeting_reminders() == 2
    update_meeting(
        meeting=meeting, by=mentee, starts_at=timezone.now() + datetime.timedelta(hours=9)
    )
    assert send_meeting_reminders() == 2
    assert send_meeting_reminders() == 0


def test_the_meetings_pages_are_for_the_pair_only(
    relationship, mentee, mentor, other_mentee, program_admin
):
    url = f"/relationships/{relationship.pk}/meetings/"
    assert page_client(mentee).get(url).status_code == 200
    assert page_client(mentor).get(url).status_code == 200
    assert page_client(program_admin).get(url).status_code == 403
    assert page_client(other_mentee).get(url).status_code == 404


def test_the_mentee_schedules_on_the_page_in_her_own_time_zone(relationship, mentee, mentor):
    mentee.time_zone = "America/New_York"
    mentee.save(update_fields=["time_zone"])
    day = timezone.localdate() + datetime.timedelta(days=10)
    response = page_client(mentee).post(
        f"/relationships/{relationship.pk}/meetings/new/",
        {
            "starts_at": f"{day:%Y-%m-%d}T09:30",
            "duration_minutes": "45",
            "mode": "phone",
            "location": "",
            "agenda": "Salary talk",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    local = meeting.starts_at.astimezone(zoneinfo.ZoneInfo("America/New_York"))
    assert (local.date(), local.hour, local.minute) == (day, 9, 30)


def test_a_bad_schedule_form_shows_errors_and_creates_nothing(relationship, mentee):
    response = page_client(mentee).post(
        f"/relationships/{relationship.pk}/meetings/new/",
        {"starts_at": "2001-01-01T10:00", "duration_minutes": "2", "mode": "video"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"duration_minutes"}
    assert not Meeting.objects.exists()


def test_logging_on_the_page_records_action_items_and_refuses_before_the_start(
    relationship, mentee, mentor
):
    early = schedule(relationship, mentee, starts_at=timezone.now() + SOON)
    client = page_client(mentor)
    response = client.post(
        f"/relationships/{relationship.pk}/meetings/{early.pk}/log/",
        {
            "state": "held",
            "actual_minutes": "30",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    early.refresh_from_db()
    assert early.state == Meeting.State.SCHEDULED

    started = schedule(relationship, mentee, starts_at=timezone.now() - SOON)
    response = client.post(
        f"/relationships/{relationship.pk}/meetings/{started.pk}/log/",
        {
            "state": "held",
            "actual_minutes": "40",
            "shared_notes": "Good talk",
            "private_note": "",
            "items-TOTAL_FORMS": "2",
            "items-INITIAL_FORMS": "0",
            "items-0-title": "Book the course",
            "items-0-owner": str(mentee.pk),
            "items-0-due_on": "",
            "items-1-title": "",
            "items-1-owner": str(mentor.pk),
            "items-1-due_on": "",
        },
    )
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.state == Meeting.State.HELD
    assert [item.title for item in ActionItem.objects.filter(meeting=started)] == [
        "Book the course"
    ]


def test_the_section_shows_the_pair_their_meetings_and_admins_a_note(
    relationship, mentee, program_admin
):
    held_meeting(relationship, mentee, shared_notes="Notes for both of us")
    as_mentee = render_to_string(
        "relationships/meetings/_section.html", {"relationship": relationship, "user": mentee}
    )
    assert "Notes for both of us" in as_mentee
    as_admin = render_to_string(
        "relationships/meetings/_section.html",
        {"relationship": relationship, "user": program_admin},
    )
    assert "Notes for both of us" not in as_admin
    assert "visible to the mentee and the mentor only" in as_admin


def _meetings_with_feedback_and_items(relationship, mentee, mentor, count: int) -> None:
    base = timezone.now() - datetime.timedelta(days=count + 1)
    for number in range(count):
        meeting = held_meeting(
            relationship,
            mentee,
            starts_at=base + datetime.timedelta(days=number),
            action_items=[NewActionItem(title=f"Item {number}", owner=mentor)],
        )
        give_feedback(meeting=meeting, by=mentee, rating=4)
        give_feedback(meeting=meeting, by=mentor, rating=5)


MEETINGS_PAGE_QUERY_BOUND = 12
SECTION_QUERY_BOUND = 4


def test_the_meetings_page_and_section_cost_the_same_queries_for_2_and_20_meetings(
    relationship, mentee, mentor, django_assert_max_num_queries
):
    client = page_client(mentee)
    url = f"/relationships/{relationship.pk}/meetings/"
    section = "relationships/meetings/_section.html"
    context = {"relationship": relationship, "user": mentee}
    _meetings_with_feedback_and_items(relationship, mentee, mentor, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as few_section:
        render_to_string(section, context)

    _meetings_with_feedback_and_items(relationship, mentee, mentor, 18)
    assert MeetingFeedback.objects.count() == 40
    with django_assert_max_num_queries(MEETINGS_PAGE_QUERY_BOUND) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["entries"]) == 20
    assert len(many.captured_queries) == len(few.captured_queries)
    with CaptureQueriesContext(connection) as many_section:
        html = render_to_string(section, context)
    assert html.count("You rated this meeting 4 of 5") == 10  # the latest ten, mine only
    assert len(many_section.captured_queries) == len(few_section.captured_queries)
    assert len(many_section.captured_queries) <= SECTION_QUERY_BOUND

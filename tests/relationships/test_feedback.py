"""Feedback after a held meeting: 1–5, once per side, never shown to the other side."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentorship.errors import ActionNotAllowed, InvalidTransition
from mentorship.models import Notification
from relationships.models import MeetingFeedback, Relationship
from relationships.services.feedback import feedback_summary, give_feedback
from relationships.services.meetings import log_meeting
from tests.conftest import client_for
from tests.relationships.meetings_support import held_meeting, page_client, schedule, start_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def relationship(program, mentee, mentor) -> Relationship:
    return start_pair(program, mentee, mentor)


def test_each_side_rates_a_held_meeting_once(relationship, mentee, mentor):
    meeting = held_meeting(relationship, mentee)
    give_feedback(meeting=meeting, by=mentee, rating=5, comment="Very useful")
    give_feedback(meeting=meeting, by=mentor, rating=3)
    with pytest.raises(InvalidTransition):
        give_feedback(meeting=meeting, by=mentee, rating=1)
    assert sorted(MeetingFeedback.objects.values_list("rating", flat=True)) == [3, 5]


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_a_rating_outside_one_to_five_is_refused(relationship, mentee, rating):
    meeting = held_meeting(relationship, mentee)
    with pytest.raises(ValidationError) as error:
        give_feedback(meeting=meeting, by=mentee, rating=rating)
    assert "rating" in error.value.message_dict
    assert not MeetingFeedback.objects.exists()


def test_only_a_held_meeting_can_be_rated(relationship, mentee):
    upcoming = schedule(relationship, mentee, starts_at=timezone.now() + datetime.timedelta(days=1))
    with pytest.raises(InvalidTransition):
        give_feedback(meeting=upcoming, by=mentee, rating=4)
    cancelled = schedule(
        relationship, mentee, starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    log_meeting(meeting=cancelled, by=mentee, state="cancelled")
    with pytest.raises(InvalidTransition):
        give_feedback(meeting=cancelled, by=mentee, rating=4)
    assert not MeetingFeedback.objects.exists()


def test_a_program_admin_cannot_rate_the_pairs_meeting(relationship, mentee, program_admin):
    meeting = held_meeting(relationship, mentee)
    with pytest.raises(ActionNotAllowed):
        give_feedback(meeting=meeting, by=program_admin, rating=1)


def test_the_other_side_never_sees_the_rating_and_nobody_is_told(relationship, mentee, mentor):
    meeting = held_meeting(relationship, mentee)
    before = Notification.objects.count()
    give_feedback(meeting=meeting, by=mentee, rating=2, comment="Felt-rushed-4471")
    assert Notification.objects.count() == before

    as_mentor = client_for(mentor).get(f"/api/v1/relationships/{relationship.pk}/meetings/")
    assert as_mentor.json()["results"][0]["my_feedback"] is None
    assert "Felt-rushed-4471" not in as_mentor.content.decode()
    as_mentee = client_for(mentee).get(f"/api/v1/relationships/{relationship.pk}/meetings/")
    assert as_mentee.json()["results"][0]["my_feedback"]["rating"] == 2

    page = page_client(mentor).get(f"/relationships/{relationship.pk}/meetings/{meeting.pk}/")
    assert "Felt-rushed-4471" not in page.content.decode()
    assert "You rated this meeting" not in page.content.decode()
    own_page = page_client(mentee).get(f"/relationships/{relationship.pk}/meetings/{meeting.pk}/")
    assert "Felt-rushed-4471" in own_page.content.decode()


def test_the_feedback_page_takes_a_rating_and_refuses_a_second(relationship, mentee):
    meeting = held_meeting(relationship, mentee)
    url = f"/relationships/{relationship.pk}/meetings/{meeting.pk}/feedback/"
    client = page_client(mentee)
    assert client.post(url, {"rating": "9"}).status_code == 200  # form error, re-rendered
    assert not MeetingFeedback.objects.exists()
    assert client.post(url, {"rating": "4", "comment": ""}).status_code == 302
    assert client.post(url, {"rating": "5"}).status_code == 302  # refused with a message
    assert list(MeetingFeedback.objects.values_list("rating", flat=True)) == [4]


def test_the_summary_says_nothing_below_five_answers(relationship, mentee, mentor):
    base = timezone.now() - datetime.timedelta(days=10)
    meetings = [
        held_meeting(relationship, mentee, starts_at=base + datetime.timedelta(days=day))
        for day in range(3)
    ]
    for meeting in meetings[:2]:
        give_feedback(meeting=meeting, by=mentee, rating=4)
        give_feedback(meeting=meeting, by=mentor, rating=2)
    assert feedback_summary(MeetingFeedback.objects.all()) is None  # 4 answers
    give_feedback(meeting=meetings[2], by=mentee, rating=5)
    summary = feedback_summary(MeetingFeedback.objects.all())
    assert summary is not None
    assert (summary.answers, summary.average_rating) == (5, 3.4)

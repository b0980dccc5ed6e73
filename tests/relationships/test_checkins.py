"""Check-ins on the program cadence: periods, once per period, author-only, reminders."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from mentorship.errors import InvalidTransition
from mentorship.models import Notification
from relationships.models import CheckIn, Relationship
from relationships.services.checkins import (
    current_period,
    send_check_in_reminders,
    submit_check_in,
)
from relationships.services.relationships import pause_relationship
from tests.conftest import client_for
from tests.relationships.meetings_support import page_client, shift_start, start_pair

pytestmark = pytest.mark.django_db

ANSWERS: dict[str, Any] = {"how_it_is_going": 4, "good_fit": "yes", "goal_progress": 3}


@pytest.fixture
def relationship(program, mentee, mentor) -> Relationship:
    """Defaults: first check-in after 30 days, then every 60."""
    return start_pair(program, mentee, mentor)


def days_in(relationship: Relationship, days: float) -> datetime.datetime:
    return relationship.started_at + datetime.timedelta(days=days)


def test_periods_follow_the_program_cadence(relationship):
    assert current_period(relationship, now=days_in(relationship, 29.9)) == 0
    assert current_period(relationship, now=days_in(relationship, 30)) == 1
    assert current_period(relationship, now=days_in(relationship, 89)) == 1
    assert current_period(relationship, now=days_in(relationship, 90)) == 2
    assert current_period(relationship, now=days_in(relationship, 150)) == 3


def test_a_check_in_before_the_first_one_opens_is_refused(relationship, mentee):
    with pytest.raises(InvalidTransition):
        submit_check_in(relationship=relationship, by=mentee, **ANSWERS)
    assert not CheckIn.objects.exists()


def test_each_side_checks_in_once_per_period(relationship, mentee, mentor):
    first = days_in(relationship, 31)
    submit_check_in(relationship=relationship, by=mentee, now=first, **ANSWERS)
    submit_check_in(relationship=relationship, by=mentor, now=first, **ANSWERS)
    with pytest.raises(InvalidTransition):
        submit_check_in(relationship=relationship, by=mentee, now=first, **ANSWERS)
    submit_check_in(relationship=relationship, by=mentee, now=days_in(relationship, 91), **ANSWERS)
    assert sorted(CheckIn.objects.values_list("author_id", "period")) == sorted(
        [(mentee.pk, 1), (mentor.pk, 1), (mentee.pk, 2)]
    )


def test_answers_outside_the_scales_are_refused(relationship, mentee):
    with pytest.raises(ValidationError) as error:
        submit_check_in(
            relationship=relationship,
            by=mentee,
            how_it_is_going=0,
            good_fit="maybe",
            goal_progress=6,
            now=days_in(relationship, 31),
        )
    assert set(error.value.message_dict) == {"how_it_is_going", "good_fit", "goal_progress"}


def test_check_in_answers_are_visible_to_their_author_only(
    relationship, mentee, mentor, program_admin
):
    shift_start(relationship, days=31)
    submit_check_in(relationship=relationship, by=mentee, comment="Secret-fit-doubts", **ANSWERS)
    url = f"/api/v1/relationships/{relationship.pk}/check-ins/"
    mine = client_for(mentee).get(url)
    assert [row["comment"] for row in mine.json()["results"]] == ["Secret-fit-doubts"]
    theirs = client_for(mentor).get(url)
    assert theirs.status_code == 200
    assert theirs.json()["results"] == []
    assert client_for(program_admin).get(url).status_code == 403
    page = page_client(mentor).get(f"/relationships/{relationship.pk}/check-ins/")
    assert "Secret-fit-doubts" not in page.content.decode()
    assert (
        "Secret-fit-doubts"
        in page_client(mentee).get(f"/relationships/{relationship.pk}/check-ins/").content.decode()
    )


def test_the_check_in_page_takes_an_answer(relationship, mentee):
    shift_start(relationship, days=31)
    response = page_client(mentee).post(
        f"/relationships/{relationship.pk}/check-ins/",
        {"how_it_is_going": "5", "good_fit": "unsure", "goal_progress": "2", "comment": ""},
    )
    assert response.status_code == 302
    check_in = CheckIn.objects.get()
    assert (check_in.period, check_in.good_fit, check_in.goal_progress) == (1, "unsure", 2)


def test_reminders_go_to_whoever_has_not_checked_in_once_per_period(relationship, mentee, mentor):
    assert send_check_in_reminders() == 0  # nothing due in the first 30 days
    shift_start(relationship, days=31)
    submit_check_in(relationship=relationship, by=mentee, **ANSWERS)
    assert send_check_in_reminders() == 1
    assert send_check_in_reminders() == 0
    [reminder] = Notification.objects.filter(recipient=mentor, title__contains="check-in")
    assert reminder.url == f"/relationships/{relationship.pk}/check-ins/"
    assert not Notification.objects.filter(recipient=mentee, title__contains="check-in").exists()
    next_period = relationship.started_at + datetime.timedelta(days=91)
    assert send_check_in_reminders(now=next_period) == 2
    assert send_check_in_reminders(now=next_period) == 0


def test_a_paused_relationship_gets_no_check_in_reminders(relationship, mentee):
    shift_start(relationship, days=31)
    pause_relationship(relationship=relationship, by=mentee, note="Exams")
    assert send_check_in_reminders() == 0

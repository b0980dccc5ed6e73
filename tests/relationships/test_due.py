"""What is due: each person's own next steps only, in a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from relationships.due import DueKind, due_items
from relationships.models import Relationship
from relationships.services.agreements import confirm_agreement, propose_agreement
from relationships.services.feedback import give_feedback
from relationships.services.meetings import log_meeting
from relationships.services.relationships import close_relationship, submit_closing_survey
from tests.factories import make_member
from tests.relationships.meetings_support import held_meeting, schedule, shift_start, start_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def relationship(program, mentee, mentor) -> Relationship:
    return start_pair(program, mentee, mentor)


def kinds(user, **kwargs) -> list[str]:
    return [item.kind for item in due_items(user, **kwargs)]


def test_nothing_is_due_at_the_start_and_strangers_never_see_the_pairs_items(
    relationship, mentee, mentor, other_mentee, program_admin
):
    assert kinds(mentee) == kinds(mentor) == []
    schedule(relationship, mentee, starts_at=timezone.now() - datetime.timedelta(hours=2))
    assert kinds(mentee) == kinds(mentor) == [DueKind.MEETING_LOG]
    assert kinds(other_mentee) == kinds(program_admin) == []


def test_an_agreement_is_due_for_each_side_until_they_confirm(relationship, mentee, mentor):
    propose_agreement(
        relationship=relationship,
        by=mentee,
        goals_in_focus=[],
        cadence="monthly",
        channel="video",
        session_minutes=45,
        end_date=timezone.localdate() + datetime.timedelta(days=100),
    )
    confirm_agreement(relationship=relationship, by=mentee)
    assert kinds(mentee) == []
    [item] = due_items(mentor)
    assert item.kind == DueKind.AGREEMENT
    assert item.url == f"/relationships/{relationship.pk}/"
    assert "Mia Mentee" in item.title


def test_a_logged_meeting_leaves_the_list_and_asks_each_side_for_a_rating(
    relationship, mentee, mentor
):
    meeting = schedule(relationship, mentee, starts_at=timezone.now() - datetime.timedelta(hours=2))
    log_meeting(meeting=meeting, by=mentor, state="held", actual_minutes=40)
    assert kinds(mentee) == kinds(mentor) == [DueKind.FEEDBACK]
    give_feedback(meeting=meeting, by=mentee, rating=5)
    assert kinds(mentee) == []
    [item] = due_items(mentor)
    assert item.url == f"/relationships/{relationship.pk}/meetings/{meeting.pk}/feedback/"


def test_a_check_in_is_due_when_its_period_opens_until_answered(relationship, mentee, mentor):
    from relationships.services.checkins import submit_check_in

    shift_start(relationship, days=31)
    assert kinds(mentee) == kinds(mentor) == [DueKind.CHECK_IN]
    submit_check_in(
        relationship=relationship, by=mentee, how_it_is_going=4, good_fit="yes", goal_progress=4
    )
    assert kinds(mentee) == []
    assert kinds(mentor) == [DueKind.CHECK_IN]


def test_a_closing_survey_is_due_for_each_side_until_answered(relationship, mentee, mentor):
    closed = close_relationship(relationship=relationship, by=mentor, reason="goals_met")
    assert kinds(mentee) == kinds(mentor) == [DueKind.CLOSING_SURVEY]
    submit_closing_survey(
        relationship=closed,
        by=mentee,
        overall_rating=5,
        goals_achieved="yes",
        would_recommend=True,
    )
    assert kinds(mentee) == []
    assert kinds(mentor) == [DueKind.CLOSING_SURVEY]


def test_items_can_be_narrowed_to_one_relationship(program, relationship, mentee, other_mentor):
    other = start_pair(program, mentee, other_mentor)
    for pair in (relationship, other):
        schedule(pair, mentee, starts_at=timezone.now() - datetime.timedelta(hours=1))
    assert len(due_items(mentee)) == 2
    [item] = due_items(mentee, relationship=other)
    assert item.relationship_id == other.pk


DUE_QUERY_BOUND = 4


def _busy_relationships(program, mentor_membership, count: int) -> None:
    """`count` relationships of one mentor, each with one of every kind of due item, and a
    closed one (started first, while the mentor has room) with a survey to answer."""
    closed_mentee = make_member(program=program, roles=("mentee",)).user
    closed = start_pair(program, closed_mentee, mentor_membership.user)
    close_relationship(relationship=closed, by=closed_mentee, reason="no_time")
    for _number in range(count):
        mentee = make_member(program=program, roles=("mentee",)).user
        pair = start_pair(program, mentee, mentor_membership.user)
        shift_start(pair, days=31)
        schedule(pair, mentee, starts_at=timezone.now() - datetime.timedelta(hours=1))
        held_meeting(pair, mentee)
        propose_agreement(
            relationship=pair,
            by=mentee,
            goals_in_focus=[],
            cadence="weekly",
            channel="video",
            session_minutes=45,
            end_date=timezone.localdate() + datetime.timedelta(days=100),
        )


def test_what_is_due_costs_the_same_queries_for_2_and_20_relationships(program):
    mentor = make_member(program=program, roles=("mentor",))
    mentor.mentor_participation.capacity = 20
    mentor.mentor_participation.save(update_fields=["capacity"])
    _busy_relationships(program, mentor, 2)
    with CaptureQueriesContext(connection) as few:
        assert len(due_items(mentor.user)) == 2 * 4 + 1
    _busy_relationships(program, mentor, 18)
    with CaptureQueriesContext(connection) as many:
        assert len(due_items(mentor.user)) == 20 * 4 + 2
    assert len(many.captured_queries) == len(few.captured_queries) <= DUE_QUERY_BOUND

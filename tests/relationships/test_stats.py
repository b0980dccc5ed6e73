"""Mentor stats: capacity left and responsiveness over 90 days, "new mentor" before 3 answers."""

from __future__ import annotations

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from mentorship.models import Program, User
from relationships.models import MentorRequest, Relationship
from relationships.services.relationships import start_relationship
from relationships.stats import MentorStats, mentor_stats
from tests.factories import make_member
from tests.relationships.test_requests import mentee_of, mentor_of

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2025, 6, 1, 12, 0, tzinfo=datetime.UTC)


def decided(
    program: Program,
    mentor: User,
    state: str,
    *,
    hours: float = 10,
    days_ago: float = 5,
) -> MentorRequest:
    """A request to `mentor` decided `days_ago`, answered `hours` after it was sent."""
    mentee = make_member(program=program, roles=("mentee",)).mentee_participation
    decided_at = NOW - datetime.timedelta(days=days_ago)
    sent_at = decided_at - datetime.timedelta(hours=hours)
    expired = state == MentorRequest.State.EXPIRED
    return MentorRequest.objects.create(
        program=program,
        mentee=mentee,
        mentor=mentor_of(mentor, program),
        message="Hi",
        state=state,
        sent_at=sent_at,
        expires_at=decided_at if expired else sent_at + datetime.timedelta(days=7),
        answered_at=None if expired else decided_at,
    )


def stats_of(mentor: User, program: Program) -> MentorStats:
    participation = mentor_of(mentor, program)
    return mentor_stats([participation.pk], now=NOW)[participation.pk]


def test_a_mentor_with_no_answered_requests_is_a_new_mentor(program, mentor):
    stats = stats_of(mentor, program)
    assert stats.is_new_mentor
    assert (stats.answered, stats.acceptance_rate, stats.median_hours_to_answer) == (0, None, None)
    assert (stats.capacity_total, stats.capacity_in_use, stats.capacity_remaining) == (3, 0, 3)


def test_two_answered_requests_still_make_a_new_mentor(program, mentor):
    decided(program, mentor, MentorRequest.State.ACCEPTED)
    decided(program, mentor, MentorRequest.State.DECLINED)
    stats = stats_of(mentor, program)
    assert stats.answered == 2
    assert stats.is_new_mentor
    assert stats.acceptance_rate is None and stats.median_hours_to_answer is None


def test_from_three_answers_on_the_median_answer_time_and_acceptance_rate_show(program, mentor):
    decided(program, mentor, MentorRequest.State.ACCEPTED, hours=2)
    decided(program, mentor, MentorRequest.State.ACCEPTED, hours=30)
    decided(program, mentor, MentorRequest.State.DECLINED, hours=20)
    stats = stats_of(mentor, program)
    assert not stats.is_new_mentor
    assert stats.answered == 3
    assert stats.median_hours_to_answer == 20
    assert stats.acceptance_rate == pytest.approx(2 / 3)
    assert stats.acceptance_percent == 67
    assert stats.answer_time_label == "within 20 hours"


def test_expired_requests_are_not_answers_but_lower_the_acceptance_rate(program, mentor):
    for _ in range(3):
        decided(program, mentor, MentorRequest.State.ACCEPTED, hours=30)
    decided(program, mentor, MentorRequest.State.EXPIRED)
    decided(program, mentor, MentorRequest.State.WITHDRAWN)
    decided(program, mentor, MentorRequest.State.CANCELLED)
    stats = stats_of(mentor, program)
    assert (stats.answered, stats.expired) == (3, 1)
    assert stats.acceptance_rate == pytest.approx(3 / 4)
    assert stats.answer_time_label == "within 2 days"


def test_only_the_last_ninety_days_count(program, mentor):
    for _ in range(3):
        decided(program, mentor, MentorRequest.State.ACCEPTED, days_ago=91)
    decided(program, mentor, MentorRequest.State.EXPIRED, days_ago=100)
    decided(program, mentor, MentorRequest.State.DECLINED, days_ago=89)
    stats = stats_of(mentor, program)
    assert (stats.answered, stats.expired) == (1, 0)
    assert stats.is_new_mentor


def test_capacity_in_use_counts_active_and_paused_relationships_only(program, mentor):
    mentees = [
        make_member(program=program, roles=("mentee",)).mentee_participation for _ in range(3)
    ]
    relationships = [
        start_relationship(mentee=mentee, mentor=mentor_of(mentor, program)) for mentee in mentees
    ]
    Relationship.objects.filter(pk=relationships[1].pk).update(state=Relationship.State.PAUSED)
    Relationship.objects.filter(pk=relationships[2].pk).update(
        state=Relationship.State.COMPLETED, closed_at=timezone.now()
    )
    stats = stats_of(mentor, program)
    assert (stats.capacity_in_use, stats.capacity_remaining) == (2, 1)


def test_stats_of_many_mentors_take_two_queries(program, django_assert_num_queries):
    mentors = [make_member(program=program, roles=("mentor",)).user for _ in range(6)]
    for mentor in mentors:
        decided(program, mentor, MentorRequest.State.ACCEPTED)
    ids = [mentor_of(mentor, program).pk for mentor in mentors]
    with django_assert_num_queries(2):
        few = mentor_stats(ids[:2], now=NOW)
    with django_assert_num_queries(2):
        many = mentor_stats(ids, now=NOW)
    assert set(few) == set(ids[:2]) and set(many) == set(ids)
    assert all(stats.answered == 1 for stats in many.values())


def test_no_ids_need_no_queries(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        assert mentor_stats([]) == {}


def test_the_partial_shows_places_free_and_responsiveness(program, mentor, mentee):
    start_relationship(mentee=mentee_of(mentee, program), mentor=mentor_of(mentor, program))
    new = render_to_string("relationships/_mentor_stats.html", {"stats": stats_of(mentor, program)})
    assert "2 of 3 places free" in new
    assert "New mentor" in new

    for hours in (10, 24, 30):
        decided(program, mentor, MentorRequest.State.ACCEPTED, hours=hours)
    for hours in (24, 40):
        decided(program, mentor, MentorRequest.State.DECLINED, hours=hours)
    known = render_to_string(
        "relationships/_mentor_stats.html", {"stats": stats_of(mentor, program)}
    )
    assert "Usually answers within 1 day · accepts 60%" in " ".join(known.split())
    assert "New mentor" not in known

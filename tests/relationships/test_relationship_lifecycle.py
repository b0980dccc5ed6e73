"""Pausing, resuming, extending and closing from the relationship page, persona by persona,
and the closing survey."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from mentorship.models import NotificationKind, Program, User
from relationships.models import ClosingSurvey, Relationship
from relationships.services.relationships import close_relationship, start_relationship
from tests.conftest import membership_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def relationship(program: Program, mentee: User, mentor: User) -> Relationship:
    return start_relationship(
        mentee=membership_of(mentee, program).mentee_participation,
        mentor=membership_of(mentor, program).mentor_participation,
    )


def page_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(relationship: Relationship, action: str) -> str:
    return f"/relationships/{relationship.pk}/{action}/"


@pytest.mark.parametrize("persona", ["mentee", "mentor"])
def test_either_side_pauses_with_a_note_and_the_other_side_is_told(
    relationship, persona, request, mentee, mentor
):
    actor = request.getfixturevalue(persona)
    response = page_for(actor).post(url(relationship, "pause"), {"note": "Exams this month"})
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert relationship.state == Relationship.State.PAUSED
    assert relationship.pause_note == "Exams this month"
    other = mentor if actor == mentee else mentee
    assert other.notifications.filter(
        kind=NotificationKind.RELATIONSHIP_UPDATE, title__contains="paused"
    ).exists()


@pytest.mark.parametrize("persona", ["mentee", "mentor"])
def test_either_side_resumes_a_paused_relationship(relationship, persona, request, mentor):
    page_for(mentor).post(url(relationship, "pause"), {"note": ""})
    page_for(request.getfixturevalue(persona)).post(url(relationship, "resume"))
    relationship.refresh_from_db()
    assert relationship.state == Relationship.State.ACTIVE


def test_resuming_an_active_relationship_is_refused_with_a_message(relationship, mentee):
    response = page_for(mentee).post(url(relationship, "resume"), follow=True)
    assert "Only a paused relationship can be resumed." in response.content.decode()
    relationship.refresh_from_db()
    assert relationship.state == Relationship.State.ACTIVE


@pytest.mark.parametrize("persona", ["mentee", "mentor"])
def test_either_side_extends_the_end_date(relationship, persona, request):
    later = relationship.ends_on + datetime.timedelta(days=30)
    page_for(request.getfixturevalue(persona)).post(
        url(relationship, "extend"), {"ends_on": later.isoformat()}
    )
    relationship.refresh_from_db()
    assert relationship.ends_on == later


def test_an_earlier_end_date_is_a_form_error_and_changes_nothing(relationship, mentee):
    before = relationship.ends_on
    earlier = before - datetime.timedelta(days=1)
    response = page_for(mentee).post(url(relationship, "extend"), {"ends_on": earlier.isoformat()})
    assert response.status_code == 200
    assert "must be after the current one" in response.content.decode()
    relationship.refresh_from_db()
    assert relationship.ends_on == before


@pytest.mark.parametrize("persona", ["mentee", "mentor", "program_admin"])
def test_the_pair_and_the_program_admin_may_close(relationship, persona, request):
    response = page_for(request.getfixturevalue(persona)).post(
        url(relationship, "close"), {"reason": "no_time", "note": ""}
    )
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert relationship.state == Relationship.State.ENDED
    assert relationship.close_reason == "no_time"


def test_closing_without_a_valid_reason_is_a_form_error(relationship, mentee):
    response = page_for(mentee).post(url(relationship, "close"), {"reason": "bored"})
    assert response.status_code == 200
    assert 'id="close_reason_error"' in response.content.decode()
    relationship.refresh_from_db()
    assert relationship.is_current


@pytest.mark.parametrize("action", ["pause", "extend"])
def test_the_program_admin_may_not_pause_or_extend(relationship, program_admin, action):
    later = relationship.ends_on + datetime.timedelta(days=30)
    response = page_for(program_admin).post(
        url(relationship, action), {"note": "", "ends_on": later.isoformat()}
    )
    assert response.status_code == 403
    relationship.refresh_from_db()
    assert relationship.state == Relationship.State.ACTIVE
    assert relationship.ends_on != later


@pytest.mark.parametrize("persona", ["other_mentee", "other_mentor", "other_program_admin"])
@pytest.mark.parametrize("action", ["pause", "resume", "extend", "close"])
def test_outsiders_get_a_404_for_every_action(relationship, persona, action, request):
    response = page_for(request.getfixturevalue(persona)).post(
        url(relationship, action), {"reason": "other", "ends_on": "2099-01-01"}
    )
    assert response.status_code == 404
    relationship.refresh_from_db()
    assert relationship.state == Relationship.State.ACTIVE


@pytest.mark.parametrize("action", ["pause", "resume", "extend", "close"])
def test_a_closed_relationship_cannot_be_changed_from_the_page(relationship, mentee, action):
    close_relationship(relationship=relationship, by=mentee, reason="goals_met")
    relationship.refresh_from_db()
    before = (relationship.state, relationship.ends_on, relationship.close_reason)
    response = page_for(mentee).post(
        url(relationship, action),
        {"note": "", "reason": "other", "ends_on": "2099-01-01"},
        follow=True,
    )
    assert "This relationship is closed" in response.content.decode()
    relationship.refresh_from_db()
    assert (relationship.state, relationship.ends_on, relationship.close_reason) == before


def survey(rating: str = "4") -> dict[str, str]:
    return {"overall_rating": rating, "goals_achieved": "partly", "would_recommend": "yes"}


def test_each_side_answers_the_closing_survey_once(relationship, mentee, mentor):
    close_relationship(relationship=relationship, by=mentor, reason="goals_met")
    client = page_for(mentee)
    assert client.post(url(relationship, "closing-survey"), survey()).status_code == 302
    answer = ClosingSurvey.objects.get(relationship=relationship, author=mentee)
    assert (answer.overall_rating, answer.would_recommend) == (4, True)
    again = client.post(url(relationship, "closing-survey"), survey("2"), follow=True)
    assert "already answered" in again.content.decode()
    assert ClosingSurvey.objects.filter(relationship=relationship, author=mentee).count() == 1
    page_for(mentor).post(url(relationship, "closing-survey"), survey("5"))
    assert ClosingSurvey.objects.filter(relationship=relationship).count() == 2


@pytest.mark.parametrize("rating", ["0", "6"])
def test_a_rating_outside_1_to_5_is_a_form_error(relationship, mentee, rating):
    close_relationship(relationship=relationship, by=mentee, reason="goals_met")
    response = page_for(mentee).post(url(relationship, "closing-survey"), survey(rating))
    assert response.status_code == 200
    assert 'id="survey_overall_rating_error"' in response.content.decode()
    assert not ClosingSurvey.objects.exists()


def test_the_closing_survey_waits_until_the_relationship_is_closed(relationship, mentee):
    response = page_for(mentee).post(url(relationship, "closing-survey"), survey(), follow=True)
    assert "opens when the relationship is closed" in response.content.decode()
    assert not ClosingSurvey.objects.exists()


def test_the_program_admin_may_not_answer_the_closing_survey(relationship, program_admin):
    close_relationship(relationship=relationship, by=program_admin, reason="other")
    response = page_for(program_admin).post(url(relationship, "closing-survey"), survey())
    assert response.status_code == 403
    assert not ClosingSurvey.objects.exists()

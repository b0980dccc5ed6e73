"""The agreement: either side proposes, both confirm, edits ask both again, versions stay."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from mentorship.errors import ActionNotAllowed, InvalidTransition
from mentorship.models import GoalArea, MenteeGoal, NotificationKind, Program, User
from relationships.errors import RelationshipClosed
from relationships.models import Agreement, Relationship
from relationships.services.agreements import confirm_agreement, propose_agreement
from relationships.services.relationships import close_relationship, start_relationship
from tests.conftest import membership_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def relationship(program: Program, mentee: User, mentor: User) -> Relationship:
    return start_relationship(
        mentee=membership_of(mentee, program).mentee_participation,
        mentor=membership_of(mentor, program).mentor_participation,
    )


@pytest.fixture
def mentee_goal(relationship: Relationship) -> MenteeGoal:
    area = GoalArea.objects.get_or_create(
        slug="test-leadership", defaults={"name": "Test Leadership"}
    )[0]
    return MenteeGoal.objects.create(
        participation=relationship.mentee, goal_area=area, description="Lead my first team"
    )


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def propose(relationship: Relationship, by: User, **changes: object) -> Agreement:
    fields: dict[str, object] = {
        "goals_in_focus": [],
        "cadence": Agreement.Cadence.FORTNIGHTLY,
        "channel": "video",
        "session_minutes": 45,
        "end_date": in_days(120),
        "confidentiality": "What we say stays between us.",
        **changes,
    }
    return propose_agreement(relationship=relationship, by=by, **fields)  # type: ignore[arg-type]


def page_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("persona", ["mentee", "mentor"])
def test_either_side_proposes_and_the_other_side_is_asked_to_confirm(
    relationship, persona, request, mentee, mentor
):
    proposer = request.getfixturevalue(persona)
    agreement = propose(relationship, proposer)
    assert agreement.version == 1
    assert agreement.proposed_by == proposer
    assert not agreement.is_confirmed
    other = mentor if proposer == mentee else mentee
    assert other.notifications.filter(
        kind=NotificationKind.RELATIONSHIP_UPDATE, title__contains="proposed an agreement"
    ).exists()


def test_it_is_in_force_only_once_both_have_confirmed(relationship, mentee, mentor):
    propose(relationship, mentee, end_date=in_days(100))
    first = confirm_agreement(relationship=relationship, by=mentee)
    assert first.mentee_confirmed_at is not None and not first.is_confirmed
    both = confirm_agreement(relationship=relationship, by=mentor)
    assert both.is_confirmed
    relationship.refresh_from_db()
    assert relationship.ends_on == in_days(100)  # both agreed to this end date


def test_confirming_twice_is_an_invalid_transition(relationship, mentee):
    propose(relationship, mentee)
    confirm_agreement(relationship=relationship, by=mentee)
    with pytest.raises(InvalidTransition):
        confirm_agreement(relationship=relationship, by=mentee)


def test_there_is_nothing_to_confirm_before_a_proposal(relationship, mentor):
    with pytest.raises(InvalidTransition):
        confirm_agreement(relationship=relationship, by=mentor)


def test_editing_after_confirmation_asks_both_again_and_keeps_the_old_version(
    relationship, mentee, mentor
):
    propose(relationship, mentee, cadence=Agreement.Cadence.WEEKLY)
    confirm_agreement(relationship=relationship, by=mentee)
    confirm_agreement(relationship=relationship, by=mentor)
    edited = propose(relationship, mentor, cadence=Agreement.Cadence.MONTHLY)
    assert edited.version == 2
    assert edited.mentee_confirmed_at is None and edited.mentor_confirmed_at is None
    old = Agreement.objects.get(relationship=relationship, version=1)
    assert old.is_confirmed and old.cadence == Agreement.Cadence.WEEKLY
    html = page_for(mentee).get(f"/relationships/{relationship.pk}/").content.decode()
    assert "Version 2" in html and "Earlier versions" in html
    assert "version 1 stays in force" in html
    assert f'action="/relationships/{relationship.pk}/agreement/confirm/"' in html


def test_goals_in_focus_must_be_the_mentees_own(relationship, mentee, other_mentee, program):
    area = GoalArea.objects.get_or_create(slug="test-craft", defaults={"name": "Test Craft"})[0]
    foreign = MenteeGoal.objects.create(
        participation=membership_of(other_mentee, program).mentee_participation,
        goal_area=area,
        description="Not this relationship's",
    )
    with pytest.raises(ValidationError) as error:
        propose(relationship, mentee, goals_in_focus=[foreign])
    assert "goals_in_focus" in error.value.message_dict
    assert not Agreement.objects.exists()


def test_a_program_admin_may_not_propose_or_confirm(relationship, mentee, program_admin):
    with pytest.raises(ActionNotAllowed):
        propose(relationship, program_admin)
    propose(relationship, mentee)
    with pytest.raises(ActionNotAllowed):
        confirm_agreement(relationship=relationship, by=program_admin)


def test_a_closed_relationship_keeps_its_agreement_as_it_was(relationship, mentee, mentor):
    propose(relationship, mentee)
    close_relationship(relationship=relationship, by=mentor, reason="no_time")
    relationship.refresh_from_db()
    with pytest.raises(RelationshipClosed):
        propose(relationship, mentee)
    with pytest.raises(RelationshipClosed):
        confirm_agreement(relationship=relationship, by=mentor)
    agreement = Agreement.objects.get()
    assert agreement.version == 1 and agreement.mentor_confirmed_at is None


def test_the_page_proposes_and_confirms(relationship, mentee, mentor, mentee_goal):
    response = page_for(mentor).post(
        f"/relationships/{relationship.pk}/agreement/",
        {
            "goals_in_focus": [str(mentee_goal.pk)],
            "cadence": "weekly",
            "channel": "phone",
            "session_minutes": "30",
            "end_date": in_days(90).isoformat(),
            "confidentiality": "Private",
            "other_expectations": "",
        },
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert list(agreement.goals_in_focus.all()) == [mentee_goal]
    assert (agreement.cadence, agreement.channel, agreement.session_minutes) == (
        "weekly",
        "phone",
        30,
    )
    for person in (mentee, mentor):
        page_for(person).post(f"/relationships/{relationship.pk}/agreement/confirm/")
    agreement.refresh_from_db()
    assert agreement.is_confirmed
    html = page_for(mentee).get(f"/relationships/{relationship.pk}/").content.decode()
    assert "Confirmed by both" in html


def test_a_past_end_date_or_a_foreign_goal_is_a_form_error(relationship, mentee, mentee_goal):
    response = page_for(mentee).post(
        f"/relationships/{relationship.pk}/agreement/",
        {
            "goals_in_focus": [str(mentee_goal.pk + 1000)],
            "cadence": "weekly",
            "channel": "video",
            "session_minutes": "5",
            "end_date": in_days(-1).isoformat(),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    for field in ("goals_in_focus", "session_minutes", "end_date"):
        assert f'id="agreement_{field}_error"' in html
    assert not Agreement.objects.exists()

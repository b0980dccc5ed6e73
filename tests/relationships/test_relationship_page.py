"""The relationship page and the relationship list: who sees what, and what it costs."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from mentorship.models import GoalArea, MenteeGoal, Program, User
from relationships.models import Agreement, ClosingSurvey, Relationship
from relationships.services.agreements import propose_agreement
from relationships.services.goals import add_action_item, add_goal
from relationships.services.messages import post_message
from relationships.services.relationships import close_relationship, start_relationship
from tests.conftest import membership_of
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def start(program: Program, mentee: User, mentor: User) -> Relationship:
    return start_relationship(
        mentee=membership_of(mentee, program).mentee_participation,
        mentor=membership_of(mentor, program).mentor_participation,
    )


@pytest.fixture
def relationship(program: Program, mentee: User, mentor: User) -> Relationship:
    return start(program, mentee, mentor)


def quick_member(program: Program, role: str) -> User:
    """A member without a password: hashing one per user would make the 20-row tests slow."""
    number = User.objects.count()
    user = User.objects.create(email=f"quick{number}@example.org", display_name=f"Quick {number}")
    return make_member(program=program, user=user, roles=(role,)).user


def page_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_both_sides_see_each_others_contact_email_once_matched(relationship, mentee, mentor):
    as_mentee = page_for(mentee).get(f"/relationships/{relationship.pk}/")
    as_mentor = page_for(mentor).get(f"/relationships/{relationship.pk}/")
    assert as_mentee.status_code == as_mentor.status_code == 200
    assert mentor.email in as_mentee.content.decode()
    assert mentee.email in as_mentor.content.decode()


def test_program_admin_sees_the_pair_and_their_emails_but_not_the_messages(
    relationship, mentee, mentor, program_admin
):
    post_message(relationship=relationship, by=mentee, body="Only between us two")
    html = page_for(program_admin).get(f"/relationships/{relationship.pk}/").content.decode()
    assert mentee.email in html and mentor.email in html
    assert "Only between us two" not in html
    assert 'id="messages"' not in html


@pytest.mark.parametrize("persona", ["other_mentee", "other_mentor", "other_program_admin", "bob"])
def test_people_outside_the_pair_and_its_program_admins_get_a_404(relationship, persona, request):
    outsider = request.getfixturevalue(persona)
    assert page_for(outsider).get(f"/relationships/{relationship.pk}/").status_code == 404


def test_the_page_needs_a_login(client, relationship):
    response = client.get(f"/relationships/{relationship.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_pair_gets_the_forms_and_the_admin_only_the_close_form(
    relationship, mentee, program_admin
):
    mine = page_for(mentee).get(f"/relationships/{relationship.pk}/").content.decode()
    for action in ("pause", "extend", "close", "agreement", "goals", "action-items", "messages"):
        assert f'action="/relationships/{relationship.pk}/{action}/"' in mine
    admins = page_for(program_admin).get(f"/relationships/{relationship.pk}/").content.decode()
    assert f'action="/relationships/{relationship.pk}/close/"' in admins
    for action in ("pause", "extend", "agreement", "goals", "action-items", "messages"):
        assert f'action="/relationships/{relationship.pk}/{action}/"' not in admins


def test_a_closed_relationship_shows_no_forms_but_the_closing_survey_until_answered(
    relationship, mentee, mentor
):
    close_relationship(relationship=relationship, by=mentor, reason="goals_met")
    html = page_for(mentee).get(f"/relationships/{relationship.pk}/").content.decode()
    for action in ("pause", "extend", "close", "agreement", "goals", "action-items", "messages"):
        assert f'action="/relationships/{relationship.pk}/{action}/"' not in html
    assert f'action="/relationships/{relationship.pk}/closing-survey/"' in html
    ClosingSurvey.objects.create(
        relationship=relationship,
        author=mentee,
        overall_rating=5,
        goals_achieved="yes",
        would_recommend=True,
    )
    html = page_for(mentee).get(f"/relationships/{relationship.pk}/").content.decode()
    assert "closing-survey/" not in html
    assert "you answered the closing survey" in html


def fill(relationship: Relationship, mentee: User, mentor: User, count: int) -> None:
    """`count` each of agreement versions, goals, action items and messages."""
    area = GoalArea.objects.get_or_create(
        slug=f"test-area-{count}", defaults={"name": f"Test Area {count}"}
    )[0]
    mentee_goal = MenteeGoal.objects.create(
        participation=relationship.mentee, goal_area=area, description="Lead a team"
    )
    end = timezone.localdate() + datetime.timedelta(days=90)
    for number in range(count):
        propose_agreement(
            relationship=relationship,
            by=mentee if number % 2 else mentor,
            goals_in_focus=[mentee_goal],
            cadence=Agreement.Cadence.WEEKLY,
            channel="video",
            session_minutes=45,
            end_date=end,
        )
        add_goal(
            relationship=relationship,
            by=mentor,
            title=f"Goal {number}",
            mentee_goal=mentee_goal,
            progress=number,
        )
        add_action_item(relationship=relationship, by=mentee, title=f"Item {number}", owner=mentor)
        post_message(relationship=relationship, by=mentee, body=f"Message {number}")


def test_the_page_costs_the_same_queries_with_2_or_20_of_everything(
    program, mentee, mentor, django_assert_max_num_queries
):
    """At most 15 queries, the same with 2 as with 20 agreement versions, goals, action items
    and messages (each pair in its own relationship, so the counts are comparable)."""
    counts = []
    for count in (2, 20):
        other_mentor = quick_member(program, "mentor")
        relationship = start(program, mentee, other_mentor)
        fill(relationship, mentee, other_mentor, count)
        client = page_for(mentee)
        with django_assert_max_num_queries(15) as captured:
            response = client.get(f"/relationships/{relationship.pk}/")
        assert response.status_code == 200
        assert f"Goal {count - 1}" in response.content.decode()
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_the_list_shows_mine_and_the_admin_sees_their_programs_relationships(
    relationship, mentee, other_mentee, program_admin, other_program_admin
):
    mine = page_for(mentee).get("/relationships/").content.decode()
    assert f"/relationships/{relationship.pk}/" in mine
    assert f"/relationships/{relationship.pk}/" not in (
        page_for(other_mentee).get("/relationships/").content.decode()
    )
    admins = page_for(program_admin).get("/relationships/").content.decode()
    assert f"/relationships/{relationship.pk}/" in admins
    assert f"/relationships/{relationship.pk}/" not in (
        page_for(other_program_admin).get("/relationships/").content.decode()
    )


def test_the_list_costs_the_same_queries_for_2_or_20_relationships(
    program, program_admin, django_assert_max_num_queries
):
    counts = []
    for count in (2, 20):
        Relationship.objects.all().delete()
        for _number in range(count):
            pair_mentee = quick_member(program, "mentee")
            pair_mentor = quick_member(program, "mentor")
            start(program, pair_mentee, pair_mentor)
        client = page_for(program_admin)
        with django_assert_max_num_queries(10) as captured:
            assert client.get("/relationships/").status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]

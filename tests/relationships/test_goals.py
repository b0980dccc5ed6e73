"""Relationship goals and action items: both sides add and update them; changes are recorded."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from mentorship.errors import ActionNotAllowed
from mentorship.models import GoalArea, MenteeGoal, NotificationKind, Program, User
from relationships.errors import RelationshipClosed
from relationships.models import ActionItem, Goal, Relationship
from relationships.services.goals import (
    add_action_item,
    add_goal,
    update_action_item,
    update_goal,
)
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


def page_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_goal_can_point_at_the_mentees_goal_and_both_sides_update_it(
    relationship, mentee, mentor, mentee_goal
):
    goal = add_goal(
        relationship=relationship, by=mentor, title="Run a retro", mentee_goal=mentee_goal
    )
    assert (goal.created_by, goal.updated_by, goal.progress) == (mentor, mentor, 0)
    first_update = goal.updated_at
    goal = update_goal(goal=goal, by=mentee, progress=40, status=Goal.Status.IN_PROGRESS)
    assert (goal.progress, goal.status, goal.updated_by) == (40, "in_progress", mentee)
    assert goal.updated_at > first_update
    assert mentor.notifications.filter(
        kind=NotificationKind.RELATIONSHIP_UPDATE, title__contains="40%"
    ).exists()


@pytest.mark.parametrize("progress", [-1, 101])
def test_progress_outside_0_to_100_is_refused_and_nothing_changes(relationship, mentee, progress):
    goal = add_goal(relationship=relationship, by=mentee, title="Ship it", progress=10)
    with pytest.raises(ValidationError) as error:
        update_goal(goal=goal, by=mentee, progress=progress)
    assert "progress" in error.value.message_dict
    goal.refresh_from_db()
    assert goal.progress == 10
    with pytest.raises(ValidationError):
        add_goal(relationship=relationship, by=mentee, title="Too much", progress=progress)
    assert Goal.objects.count() == 1


def test_another_mentees_goal_cannot_be_linked(relationship, mentee, other_mentee, program):
    area = GoalArea.objects.get_or_create(slug="test-craft", defaults={"name": "Test Craft"})[0]
    foreign = MenteeGoal.objects.create(
        participation=membership_of(other_mentee, program).mentee_participation,
        goal_area=area,
        description="Someone else's",
    )
    with pytest.raises(ValidationError) as error:
        add_goal(relationship=relationship, by=mentee, title="Borrowed", mentee_goal=foreign)
    assert "mentee_goal" in error.value.message_dict


def test_the_page_adds_a_goal_and_updates_its_progress(relationship, mentee, mentor, mentee_goal):
    client = page_for(mentee)
    response = client.post(
        f"/relationships/{relationship.pk}/goals/",
        {"title": "Give a talk", "mentee_goal": str(mentee_goal.pk), "target_date": ""},
    )
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert goal.mentee_goal == mentee_goal
    page_for(mentor).post(
        f"/relationships/{relationship.pk}/goals/{goal.pk}/",
        {f"goal-{goal.pk}-progress": "75", f"goal-{goal.pk}-status": "in_progress"},
    )
    goal.refresh_from_db()
    assert (goal.progress, goal.updated_by) == (75, mentor)
    html = client.get(f"/relationships/{relationship.pk}/").content.decode()
    assert "75%" in html and mentor.name in html


def test_progress_outside_0_to_100_on_the_page_is_a_form_error(relationship, mentee):
    goal = add_goal(relationship=relationship, by=mentee, title="Ship it", progress=10)
    response = page_for(mentee).post(
        f"/relationships/{relationship.pk}/goals/{goal.pk}/",
        {f"goal-{goal.pk}-progress": "150", f"goal-{goal.pk}-status": "in_progress"},
    )
    assert response.status_code == 200
    assert f'id="progress_goal-{goal.pk}-progress_error"' in response.content.decode()
    goal.refresh_from_db()
    assert goal.progress == 10


def test_a_goal_of_another_relationship_is_a_404(relationship, mentee, program, other_mentor):
    other = start_relationship(
        mentee=membership_of(mentee, program).mentee_participation,
        mentor=membership_of(other_mentor, program).mentor_participation,
    )
    goal = add_goal(relationship=other, by=mentee, title="Elsewhere")
    response = page_for(mentee).post(
        f"/relationships/{relationship.pk}/goals/{goal.pk}/",
        {f"goal-{goal.pk}-progress": "50", f"goal-{goal.pk}-status": "in_progress"},
    )
    assert response.status_code == 404


def test_action_items_belong_to_one_of_the_pair_and_either_marks_them_done(
    relationship, mentee, mentor, other_mentee
):
    item = add_action_item(
        relationship=relationship, by=mentor, title="Draft the plan", owner=mentee
    )
    assert item.done_at is None
    with pytest.raises(ValidationError) as error:
        add_action_item(relationship=relationship, by=mentor, title="Nope", owner=other_mentee)
    assert "owner" in error.value.message_dict
    item = update_action_item(item=item, by=mentor, done=True)
    assert item.done_at is not None
    item = update_action_item(item=item, by=mentee, done=False)
    assert item.done_at is None


def test_the_page_adds_an_action_item_and_marks_it_done(relationship, mentee, mentor):
    client = page_for(mentee)
    client.post(
        f"/relationships/{relationship.pk}/action-items/",
        {"title": "Book the room", "owner": str(mentor.pk), "due_on": "2030-01-31"},
    )
    item = ActionItem.objects.get()
    assert (item.owner, str(item.due_on)) == (mentor, "2030-01-31")
    client.post(f"/relationships/{relationship.pk}/action-items/{item.pk}/", {"done": "on"})
    item.refresh_from_db()
    assert item.done_at is not None


def test_an_owner_outside_the_pair_on_the_page_is_a_form_error(relationship, mentee, bob):
    response = page_for(mentee).post(
        f"/relationships/{relationship.pk}/action-items/",
        {"title": "Book the room", "owner": str(bob.pk)},
    )
    assert response.status_code == 200
    assert 'id="item_owner_error"' in response.content.decode()
    assert not ActionItem.objects.exists()


def test_a_program_admin_may_read_goals_but_not_change_them(relationship, mentee, program_admin):
    goal = add_goal(relationship=relationship, by=mentee, title="Visible to admins")
    html = page_for(program_admin).get(f"/relationships/{relationship.pk}/").content.decode()
    assert "Visible to admins" in html
    with pytest.raises(ActionNotAllowed):
        update_goal(goal=goal, by=program_admin, progress=90)
    response = page_for(program_admin).post(
        f"/relationships/{relationship.pk}/goals/{goal.pk}/",
        {f"goal-{goal.pk}-progress": "90", f"goal-{goal.pk}-status": "achieved"},
    )
    assert response.status_code == 403
    goal.refresh_from_db()
    assert goal.progress == 0


def test_goals_and_action_items_of_a_closed_relationship_are_read_only(
    relationship, mentee, mentor
):
    goal = add_goal(relationship=relationship, by=mentee, title="Frozen", progress=30)
    item = add_action_item(relationship=relationship, by=mentee, title="Frozen too", owner=mentee)
    close_relationship(relationship=relationship, by=mentor, reason="goals_met")
    with pytest.raises(RelationshipClosed):
        update_goal(goal=goal, by=mentee, progress=100)
    with pytest.raises(RelationshipClosed):
        update_action_item(item=item, by=mentee, done=True)
    relationship.refresh_from_db()
    with pytest.raises(RelationshipClosed):
        add_goal(relationship=relationship, by=mentee, title="Late")
    goal.refresh_from_db()
    item.refresh_from_db()
    assert (goal.progress, item.done_at, Goal.objects.count()) == (30, None, 1)

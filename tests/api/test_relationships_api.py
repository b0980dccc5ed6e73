"""The relationships API: lifecycle, agreement, goals, action items, messages and safety,
persona by persona, with the error shape and the query bounds."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from mentorship.models import GoalArea, MenteeGoal, Program, User
from relationships.models import (
    ActionItem,
    Agreement,
    Block,
    ClosingSurvey,
    ConcernReport,
    Goal,
    Message,
    Relationship,
)
from relationships.services.agreements import propose_agreement
from relationships.services.goals import add_action_item, add_goal
from relationships.services.messages import post_message
from relationships.services.relationships import close_relationship, start_relationship
from tests.conftest import client_for, membership_of
from tests.factories import make_member

pytestmark = pytest.mark.django_db

API = "/api/v1/relationships/"


def start(program: Program, mentee: User, mentor: User) -> Relationship:
    return start_relationship(
        mentee=membership_of(mentee, program).mentee_participation,
        mentor=membership_of(mentor, program).mentor_participation,
    )


@pytest.fixture
def relationship(program: Program, mentee: User, mentor: User) -> Relationship:
    return start(program, mentee, mentor)


@pytest.fixture
def mentee_goal(relationship: Relationship) -> MenteeGoal:
    area = GoalArea.objects.get_or_create(
        slug="test-leadership", defaults={"name": "Test Leadership"}
    )[0]
    return MenteeGoal.objects.create(
        participation=relationship.mentee, goal_area=area, description="Lead my first team"
    )


def quick_member(program: Program, role: str) -> User:
    """A member without a password: hashing one per user would make the 20-row tests slow."""
    number = User.objects.count()
    user = User.objects.create(email=f"api{number}@example.org", display_name=f"Api {number}")
    return make_member(program=program, user=user, roles=(role,)).user


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def agreement_body(**changes: object) -> dict[str, object]:
    return {
        "goals_in_focus": [],
        "cadence": "fortnightly",
        "channel": "video",
        "session_minutes": 60,
        "end_date": in_days(100).isoformat(),
        "confidentiality": "Stays between us",
        **changes,
    }


# --- reading ------------------------------------------------------------------------------


def test_the_list_holds_mine_and_for_admins_their_programs(
    relationship, mentee, other_mentee, program_admin, other_program_admin
):
    def ids(user: User) -> list[int]:
        response = client_for(user).get(API)
        assert response.status_code == 200
        return [row["id"] for row in response.json()["results"]]

    assert ids(mentee) == [relationship.pk]
    assert ids(program_admin) == [relationship.pk]
    assert ids(other_mentee) == []
    assert ids(other_program_admin) == []


def test_the_list_costs_the_same_queries_for_2_or_20(
    program, program_admin, django_assert_max_num_queries
):
    counts = []
    for count in (2, 20):
        Relationship.objects.all().delete()
        for _number in range(count):
            start(program, quick_member(program, "mentee"), quick_member(program, "mentor"))
        client = client_for(program_admin)
        with django_assert_max_num_queries(6) as captured:
            response = client.get(API)
        assert response.json()["count"] == count
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_the_detail_shows_both_contact_emails_to_the_pair_and_the_admin(
    relationship, mentee, mentor, program_admin
):
    post_message(relationship=relationship, by=mentee, body="Hello")
    as_mentee = client_for(mentee).get(f"{API}{relationship.pk}/").json()
    assert as_mentee["mentor"]["email"] == mentor.email
    assert as_mentee["my_side"] == "mentee"
    assert [m["body"] for m in as_mentee["recent_messages"]] == ["Hello"]
    as_admin = client_for(program_admin).get(f"{API}{relationship.pk}/").json()
    assert as_admin["mentee"]["email"] == mentee.email
    assert as_admin["my_side"] is None
    assert as_admin["recent_messages"] == []


@pytest.mark.parametrize("persona", ["other_mentee", "other_mentor", "other_program_admin"])
def test_outsiders_get_a_404_in_the_error_shape(relationship, persona, request):
    response = client_for(request.getfixturevalue(persona)).get(f"{API}{relationship.pk}/")
    assert response.status_code == 404
    assert set(response.json()) == {"message", "errors"}


def test_anonymous_callers_get_a_401(relationship):
    assert APIClient().get(f"{API}{relationship.pk}/").status_code == 401


def fill(relationship: Relationship, mentee: User, mentor: User, count: int) -> None:
    area = GoalArea.objects.get_or_create(
        slug=f"test-area-{count}", defaults={"name": f"Test Area {count}"}
    )[0]
    goal = MenteeGoal.objects.create(
        participation=relationship.mentee, goal_area=area, description="Grow"
    )
    for number in range(count):
        propose_agreement(
            relationship=relationship,
            by=mentor,
            goals_in_focus=[goal],
            cadence="weekly",
            channel="video",
            session_minutes=45,
            end_date=in_days(90),
        )
        add_goal(relationship=relationship, by=mentee, title=f"Goal {number}", mentee_goal=goal)
        add_action_item(relationship=relationship, by=mentor, title=f"Item {number}", owner=mentee)
        post_message(relationship=relationship, by=mentor, body=f"Message {number}")


def test_the_detail_costs_the_same_queries_with_2_or_20_of_everything(
    program, mentee, django_assert_max_num_queries
):
    counts = []
    for count in (2, 20):
        mentor = quick_member(program, "mentor")
        relationship = start(program, mentee, mentor)
        fill(relationship, mentee, mentor, count)
        client = client_for(mentee)
        with django_assert_max_num_queries(15) as captured:
            response = client.get(f"{API}{relationship.pk}/")
        body = response.json()
        assert len(body["goals"]) == len(body["action_items"]) == count
        assert body["agreement"]["version"] == count
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


# --- lifecycle -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["mentee", "mentor"])
def test_the_pair_pauses_resumes_extends_and_closes(relationship, persona, request):
    client = client_for(request.getfixturevalue(persona))
    paused = client.post(f"{API}{relationship.pk}/pause/", {"note": "Holiday"})
    assert paused.status_code == 200 and paused.json()["state"] == "paused"
    assert paused.json()["pause_note"] == "Holiday"
    assert client.post(f"{API}{relationship.pk}/resume/").json()["state"] == "active"
    later = (relationship.ends_on + datetime.timedelta(days=30)).isoformat()
    assert (
        client.post(f"{API}{relationship.pk}/extend/", {"ends_on": later}).json()["ends_on"]
        == later
    )
    closed = client.post(f"{API}{relationship.pk}/close/", {"reason": "no_time", "note": "Busy"})
    assert closed.status_code == 200
    assert (closed.json()["state"], closed.json()["close_reason"]) == ("ended", "no_time")


def test_the_program_admin_may_close_but_not_pause_resume_or_extend(relationship, program_admin):
    client = client_for(program_admin)
    later = (relationship.ends_on + datetime.timedelta(days=30)).isoformat()
    assert client.post(f"{API}{relationship.pk}/pause/", {"note": ""}).status_code == 403
    assert client.post(f"{API}{relationship.pk}/resume/").status_code == 403
    assert client.post(f"{API}{relationship.pk}/extend/", {"ends_on": later}).status_code == 403
    relationship.refresh_from_db()
    assert relationship.state == "active" and relationship.ends_on.isoformat() != later
    closed = client.post(f"{API}{relationship.pk}/close/", {"reason": "not_a_good_fit"})
    assert closed.status_code == 200 and closed.json()["state"] == "ended"


@pytest.mark.parametrize("persona", ["other_mentee", "other_program_admin"])
@pytest.mark.parametrize("action", ["pause", "resume", "extend", "close"])
def test_outsiders_get_a_404_for_every_lifecycle_action(relationship, persona, action, request):
    response = client_for(request.getfixturevalue(persona)).post(
        f"{API}{relationship.pk}/{action}/", {"reason": "other", "ends_on": "2099-01-01"}
    )
    assert response.status_code == 404
    relationship.refresh_from_db()
    assert relationship.state == "active"


def test_bad_fields_are_400s_that_name_the_field(relationship, mentee):
    client = client_for(mentee)
    earlier = (relationship.ends_on - datetime.timedelta(days=1)).isoformat()
    extend = client.post(f"{API}{relationship.pk}/extend/", {"ends_on": earlier})
    assert extend.status_code == 400 and "ends_on" in extend.json()["errors"]
    close = client.post(f"{API}{relationship.pk}/close/", {"reason": "bored"})
    assert close.status_code == 400 and "reason" in close.json()["errors"]
    relationship.refresh_from_db()
    assert relationship.state == "active"


def test_every_change_to_a_closed_relationship_is_a_409_and_changes_nothing(
    relationship, mentee, mentor, mentee_goal
):
    goal = add_goal(relationship=relationship, by=mentee, title="Frozen", progress=20)
    item = add_action_item(relationship=relationship, by=mentee, title="Frozen", owner=mentee)
    propose_agreement(
        relationship=relationship,
        by=mentor,
        goals_in_focus=[],
        cadence="weekly",
        channel="video",
        session_minutes=45,
        end_date=in_days(50),
    )
    close_relationship(relationship=relationship, by=mentor, reason="goals_met")
    relationship.refresh_from_db()
    before = (relationship.state, relationship.ends_on, relationship.updated_at)
    client = client_for(mentee)
    base = f"{API}{relationship.pk}/"
    attempts = [
        client.post(f"{base}pause/", {"note": ""}),
        client.post(f"{base}resume/"),
        client.post(f"{base}extend/", {"ends_on": "2099-01-01"}),
        client.post(f"{base}close/", {"reason": "other"}),
        client.put(f"{base}agreement/", agreement_body()),
        client.post(f"{base}agreement/confirm/"),
        client.post(f"{base}goals/", {"title": "Late"}),
        client.patch(f"{base}goals/{goal.pk}/", {"progress": 100}),
        client.post(f"{base}action-items/", {"title": "Late", "owner": mentee.pk}),
        client.patch(f"{base}action-items/{item.pk}/", {"done": True}),
        client.post(f"{base}messages/", {"body": "Late"}),
    ]
    assert [response.status_code for response in attempts] == [409] * len(attempts)
    assert all(response.json()["message"] for response in attempts)
    relationship.refresh_from_db()
    assert (relationship.state, relationship.ends_on, relationship.updated_at) == before
    goal.refresh_from_db()
    item.refresh_from_db()
    assert (goal.progress, item.done_at) == (20, None)
    assert Agreement.objects.get().mentee_confirmed_at is None
    assert (Goal.objects.count(), ActionItem.objects.count(), Message.objects.count()) == (1, 1, 0)


def survey(rating: int = 4) -> dict[str, object]:
    return {"overall_rating": rating, "goals_achieved": "yes", "would_recommend": True}


def test_the_closing_survey_is_answered_once_per_side(relationship, mentee, mentor):
    close_relationship(relationship=relationship, by=mentee, reason="goals_met")
    client = client_for(mentee)
    first = client.post(f"{API}{relationship.pk}/closing-survey/", survey())
    assert first.status_code == 201 and first.json()["overall_rating"] == 4
    assert client.post(f"{API}{relationship.pk}/closing-survey/", survey(2)).status_code == 409
    other = client_for(mentor).post(f"{API}{relationship.pk}/closing-survey/", survey(5))
    assert other.status_code == 201
    assert ClosingSurvey.objects.count() == 2
    detail = client.get(f"{API}{relationship.pk}/").json()
    assert detail["closing_survey_answered"] is True


@pytest.mark.parametrize("rating", [0, 6])
def test_a_closing_survey_rating_outside_1_to_5_is_a_400(relationship, mentee, rating):
    close_relationship(relationship=relationship, by=mentee, reason="goals_met")
    response = client_for(mentee).post(f"{API}{relationship.pk}/closing-survey/", survey(rating))
    assert response.status_code == 400
    assert "overall_rating" in response.json()["errors"]
    assert not ClosingSurvey.objects.exists()


def test_the_closing_survey_of_a_current_relationship_is_a_409(relationship, mentee):
    response = client_for(mentee).post(f"{API}{relationship.pk}/closing-survey/", survey())
    assert response.status_code == 409
    assert not ClosingSurvey.objects.exists()


def test_the_program_admin_does_not_answer_the_closing_survey(relationship, program_admin):
    close_relationship(relationship=relationship, by=program_admin, reason="other")
    response = client_for(program_admin).post(f"{API}{relationship.pk}/closing-survey/", survey())
    assert response.status_code == 403


# --- agreement -----------------------------------------------------------------------------


def test_propose_confirm_by_both_then_an_edit_asks_both_again(
    relationship, mentee, mentor, mentee_goal
):
    url = f"{API}{relationship.pk}/agreement/"
    empty = client_for(mentor).get(url).json()
    assert empty == {"current": None, "in_force": None, "versions": []}
    proposed = client_for(mentee).put(url, agreement_body(goals_in_focus=[mentee_goal.pk]))
    assert proposed.status_code == 200
    assert proposed.json()["version"] == 1 and proposed.json()["goals_in_focus"] == [mentee_goal.pk]
    for person in (mentee, mentor):
        assert client_for(person).post(f"{url}confirm/").status_code == 200
    assert client_for(mentee).post(f"{url}confirm/").status_code == 409
    edited = client_for(mentor).put(url, agreement_body(cadence="monthly"))
    assert edited.json()["version"] == 2
    assert edited.json()["mentee_confirmed_at"] is None
    assert edited.json()["mentor_confirmed_at"] is None
    state = client_for(mentee).get(url).json()
    assert state["current"]["version"] == 2
    assert state["in_force"]["version"] == 1 and state["in_force"]["cadence"] == "fortnightly"
    assert [version["version"] for version in state["versions"]] == [2, 1]


def test_agreement_input_errors_name_their_fields(relationship, mentee, other_mentee, program):
    area = GoalArea.objects.get_or_create(slug="test-other", defaults={"name": "Test Other"})[0]
    foreign = MenteeGoal.objects.create(
        participation=membership_of(other_mentee, program).mentee_participation,
        goal_area=area,
        description="Not theirs",
    )
    url = f"{API}{relationship.pk}/agreement/"
    client = client_for(mentee)
    response = client.put(url, agreement_body(goals_in_focus=[foreign.pk]))
    assert response.status_code == 400 and "goals_in_focus" in response.json()["errors"]
    response = client.put(
        url, agreement_body(session_minutes=5, cadence="daily", end_date="2000-01-01")
    )
    assert response.status_code == 400
    assert {"session_minutes", "cadence"} <= set(response.json()["errors"])
    response = client.put(url, agreement_body(end_date="2000-01-01"))
    assert response.status_code == 400 and "end_date" in response.json()["errors"]
    assert not Agreement.objects.exists()


def test_the_program_admin_reads_the_agreement_but_may_not_propose(
    relationship, mentee, program_admin
):
    url = f"{API}{relationship.pk}/agreement/"
    client_for(mentee).put(url, agreement_body())
    admin = client_for(program_admin)
    assert admin.get(url).json()["current"]["version"] == 1
    assert admin.put(url, agreement_body()).status_code == 403
    assert admin.post(f"{url}confirm/").status_code == 403
    assert Agreement.objects.count() == 1


# --- goals and action items -----------------------------------------------------------------


def test_goals_are_added_and_updated_by_both_with_progress_0_to_100(
    relationship, mentee, mentor, mentee_goal
):
    url = f"{API}{relationship.pk}/goals/"
    created = client_for(mentee).post(url, {"title": "Give a talk", "mentee_goal": mentee_goal.pk})
    assert created.status_code == 201
    goal_id = created.json()["id"]
    updated = client_for(mentor).patch(
        f"{url}{goal_id}/", {"progress": 60, "status": "in_progress"}
    )
    assert updated.status_code == 200
    assert (updated.json()["progress"], updated.json()["updated_by"]) == (60, mentor.pk)
    for progress in (-1, 101):
        refused = client_for(mentee).patch(f"{url}{goal_id}/", {"progress": progress})
        assert refused.status_code == 400 and "progress" in refused.json()["errors"]
    refused = client_for(mentee).post(url, {"title": "Too far", "progress": 150})
    assert refused.status_code == 400 and "progress" in refused.json()["errors"]
    assert Goal.objects.get().progress == 60
    listed = client_for(mentee).get(url).json()
    assert [goal["title"] for goal in listed["results"]] == ["Give a talk"]


def test_a_goal_linked_to_another_mentees_goal_is_a_400(
    relationship, mentee, other_mentee, program
):
    area = GoalArea.objects.get_or_create(slug="test-other", defaults={"name": "Test Other"})[0]
    foreign = MenteeGoal.objects.create(
        participation=membership_of(other_mentee, program).mentee_participation,
        goal_area=area,
        description="Not theirs",
    )
    response = client_for(mentee).post(
        f"{API}{relationship.pk}/goals/", {"title": "Borrowed", "mentee_goal": foreign.pk}
    )
    assert response.status_code == 400 and "mentee_goal" in response.json()["errors"]


def test_a_goal_or_item_of_another_relationship_is_a_404(
    relationship, program, mentee, other_mentor
):
    elsewhere = start(program, mentee, other_mentor)
    goal = add_goal(relationship=elsewhere, by=mentee, title="Elsewhere")
    item = add_action_item(relationship=elsewhere, by=mentee, title="Elsewhere", owner=mentee)
    client = client_for(mentee)
    assert (
        client.patch(f"{API}{relationship.pk}/goals/{goal.pk}/", {"progress": 5}).status_code == 404
    )
    assert (
        client.patch(f"{API}{relationship.pk}/action-items/{item.pk}/", {"done": True}).status_code
        == 404
    )


def test_the_program_admin_reads_goals_but_may_not_add_or_change_them(
    relationship, mentee, program_admin, other_program_admin
):
    goal = add_goal(relationship=relationship, by=mentee, title="Visible")
    url = f"{API}{relationship.pk}/goals/"
    admin = client_for(program_admin)
    assert admin.get(url).json()["count"] == 1
    assert admin.post(url, {"title": "Admin goal"}).status_code == 403
    assert admin.patch(f"{url}{goal.pk}/", {"progress": 99}).status_code == 403
    assert client_for(other_program_admin).get(url).status_code == 404
    assert Goal.objects.get().progress == 0


def test_action_items_have_an_owner_from_the_pair_and_are_marked_done(
    relationship, mentee, mentor, bob
):
    url = f"{API}{relationship.pk}/action-items/"
    created = client_for(mentor).post(
        url, {"title": "Send the deck", "owner": mentee.pk, "due_on": "2030-05-01"}
    )
    assert created.status_code == 201
    assert created.json()["owner"]["id"] == mentee.pk and created.json()["done"] is False
    refused = client_for(mentor).post(url, {"title": "Nope", "owner": bob.pk})
    assert refused.status_code == 400 and "owner" in refused.json()["errors"]
    done = client_for(mentee).patch(f"{url}{created.json()['id']}/", {"done": True})
    assert done.status_code == 200 and done.json()["done"] is True
    assert ActionItem.objects.get().done_at is not None


# --- messages -------------------------------------------------------------------------------


def test_the_pair_posts_and_reads_the_thread_newest_first(relationship, mentee, mentor):
    url = f"{API}{relationship.pk}/messages/"
    assert client_for(mentee).post(url, {"body": "First"}).status_code == 201
    assert client_for(mentor).post(url, {"body": "Second"}).status_code == 201
    bodies = [m["body"] for m in client_for(mentee).get(url).json()["results"]]
    assert bodies == ["Second", "First"]
    assert mentor.notifications.filter(kind="relationship_update", body="First").exists()


def test_the_program_admin_may_not_read_or_post_messages(relationship, mentee, program_admin):
    post_message(relationship=relationship, by=mentee, body="Private")
    url = f"{API}{relationship.pk}/messages/"
    assert client_for(program_admin).get(url).status_code == 403
    assert client_for(program_admin).post(url, {"body": "Hi"}).status_code == 403
    assert Message.objects.count() == 1


def test_messages_are_refused_after_a_block(relationship, mentee, mentor):
    Block.objects.create(blocker=mentee, blocked=mentor)
    response = client_for(mentor).post(f"{API}{relationship.pk}/messages/", {"body": "Hi"})
    assert response.status_code == 400
    assert "body" in response.json()["errors"]
    assert not Message.objects.exists()


def test_an_empty_message_is_a_400(relationship, mentee):
    response = client_for(mentee).post(f"{API}{relationship.pk}/messages/", {"body": ""})
    assert response.status_code == 400 and "body" in response.json()["errors"]


@pytest.mark.parametrize("kind", ["goals", "action-items", "messages"])
def test_the_lists_cost_the_same_queries_for_2_or_20(
    program, mentee, kind, django_assert_max_num_queries
):
    counts = []
    for count in (2, 20):
        mentor = quick_member(program, "mentor")
        relationship = start(program, mentee, mentor)
        for number in range(count):
            if kind == "goals":
                add_goal(relationship=relationship, by=mentee, title=f"Goal {number}")
            elif kind == "action-items":
                add_action_item(
                    relationship=relationship, by=mentee, title=f"Item {number}", owner=mentor
                )
            else:
                post_message(relationship=relationship, by=mentor, body=f"Message {number}")
        client = client_for(mentee)
        with django_assert_max_num_queries(6) as captured:
            response = client.get(f"{API}{relationship.pk}/{kind}/")
        assert response.json()["count"] == count
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


# --- safety ---------------------------------------------------------------------------------


def test_a_report_notifies_the_program_admins_and_can_pause(
    relationship, mentee, program_admin, other_program_admin
):
    response = client_for(mentee).post(
        f"{API}{relationship.pk}/report/",
        {"category": "inappropriate", "description": "Rude remarks", "pause": True},
    )
    assert response.status_code == 201
    assert response.json()["paused_relationship"] is True
    assert response.json()["state"] == "open"
    relationship.refresh_from_db()
    assert relationship.state == "paused"
    assert program_admin.notifications.filter(title__contains="concern").exists()
    assert not other_program_admin.notifications.exists()


def test_a_report_with_bad_fields_is_a_400_and_only_the_pair_may_report(
    relationship, mentee, program_admin, other_mentee
):
    url = f"{API}{relationship.pk}/report/"
    bad = client_for(mentee).post(url, {"category": "weird", "description": ""})
    assert bad.status_code == 400
    assert {"category", "description"} <= set(bad.json()["errors"])
    body = {"category": "other", "description": "Something"}
    assert client_for(program_admin).post(url, body).status_code == 403
    assert client_for(other_mentee).post(url, body).status_code == 404
    assert not ConcernReport.objects.exists()


def test_block_and_unblock_a_member(mentee, mentor, bob):
    url = f"/api/v1/members/{mentor.pk}/block/"
    client = client_for(mentee)
    blocked = client.post(url)
    assert blocked.status_code == 200 and blocked.json()["blocked"] == mentor.pk
    assert client.post(url).status_code == 200  # again: harmless
    assert Block.objects.filter(blocker=mentee, blocked=mentor).count() == 1
    assert client.delete(url).status_code == 204
    assert client.delete(url).status_code == 404
    assert not Block.objects.exists()
    assert client.post(f"/api/v1/members/{bob.pk}/block/").status_code == 404
    myself = client.post(f"/api/v1/members/{mentee.pk}/block/")
    assert myself.status_code == 400 and "user" in myself.json()["errors"]

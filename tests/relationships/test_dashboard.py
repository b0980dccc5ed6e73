"""The dashboard: per program, my requests and relationships as mentee, incoming requests,
my mentees and capacity as mentor, and the members link for program admins."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mentorship.models import Program, User
from relationships.services.requests import accept_request, decline_request
from tests.factories import make_member
from tests.relationships.test_requests import add_goal, ask, mentee_of

pytestmark = pytest.mark.django_db

URL = "/home/"
QUERY_BOUND = 12  # 10 today: session, user, notifications badge, then 7 of our own


def browser(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def dashboard_of(user: User) -> str:
    response = browser(user).get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_the_mentee_sees_their_requests_with_backups_and_their_mentor(
    program, mentee, mentor, other_mentor
):
    first, backup = ask(mentee, mentor, other_mentor, program=program)
    html = dashboard_of(mentee)
    assert f"/requests/{first.pk}/" in html and "Waiting for the mentor" in html
    assert f"/requests/{backup.pk}/" in html and "Waiting as backup choice 2" in html
    assert "What is due" in html

    relationship = accept_request(request=first, by=mentor)
    html = dashboard_of(mentee)
    assert f"/relationships/{relationship.pk}/" in html
    assert "Not needed any more" in html  # the backup, cancelled by the accept


def test_the_mentor_sees_incoming_requests_with_goals_and_profile_and_their_capacity(
    program, mentee, other_mentee, mentor
):
    goal = add_goal(mentee_of(mentee, program), "Become a tech lead")
    [waiting] = ask(mentee, mentor, program=program, goals=(goal,))
    [accepted] = ask(other_mentee, mentor, program=program)
    relationship = accept_request(request=accepted, by=mentor)

    html = dashboard_of(mentor)

    assert f"/requests/{waiting.pk}/" in html
    assert "Become a tech lead" in html
    assert f"/programs/rise/mentees/{waiting.mentee.membership_id}/" in html
    assert f"/relationships/{relationship.pk}/" in html and "Otto Mentee" in html
    assert "Capacity used: 1 of 3" in html
    assert "2 of 3 places free" in html


def test_a_backup_mentor_sees_nothing_of_the_queued_request(program, mentee, mentor, other_mentor):
    ask(mentee, mentor, other_mentor, program=program)
    html = dashboard_of(other_mentor)
    assert "Mia Mentee" not in html
    assert "No requests are waiting for you." in html


def test_answered_requests_leave_the_mentors_waiting_list(program, mentee, mentor):
    [request] = ask(mentee, mentor, program=program)
    decline_request(request=request, by=mentor, reason="busy")
    assert f"/requests/{request.pk}/" not in dashboard_of(mentor)
    assert f"/requests/{request.pk}/" in dashboard_of(mentee)


def test_another_mentee_sees_none_of_it(program, mentee, other_mentee, mentor):
    [request] = ask(mentee, mentor, program=program)
    html = dashboard_of(other_mentee)
    assert f"/requests/{request.pk}/" not in html
    assert "Marcus Mentor" not in html


def test_program_admins_get_a_link_to_their_programs_members(
    program, other_program, program_admin, other_program_admin
):
    assert "/programs/rise/members/" in dashboard_of(program_admin)
    html = dashboard_of(other_program_admin)
    assert "/programs/summit/members/" in html and "/programs/rise/" not in html


def test_someone_in_no_program_is_pointed_to_the_programs(alice):
    assert "/programs/" in dashboard_of(alice)


def test_the_dashboard_needs_a_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _queries_for(user: User) -> int:
    client = browser(user)
    client.get(URL)  # warm the session and caches so both runs count the same things
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def _fill(program: Program, mentor: User, mentee: User, count: int, start: int) -> None:
    """`count` mentees ask `mentor` (with goals); `mentee` asks `count` mentors."""
    for number in range(start, start + count):
        asking = make_member(program=program, email=f"asker{number}@example.org").user
        ask(asking, mentor, program=program, goals=(add_goal(mentee_of(asking, program)),))
        other = make_member(program=program, roles=("mentor",), email=f"m{number}@example.org")
        ask(mentee, other.user, program=program)


def test_the_dashboard_costs_the_same_queries_for_two_requests_as_for_twenty(program):
    program.max_open_requests_per_mentee = 30
    program.save(update_fields=["max_open_requests_per_mentee"])
    both = make_member(program=program, roles=("mentee", "mentor"), email="both@example.org")
    _fill(program, both.user, both.user, 2, start=0)
    few = _queries_for(both.user)
    _fill(program, both.user, both.user, 18, start=2)
    many = _queries_for(both.user)
    assert few == many
    assert many <= QUERY_BOUND

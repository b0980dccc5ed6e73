"""Who sees what of a circle, per persona, on the pages; and the cost of the circles page.

Members see each other's name and headline, never goals, bios, notes, relationships or
ratings; program admins see the circle and its sessions, not the shared notes or any single
rating; everyone else gets a 404.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentorship.models import Profile
from relationships.models import Relationship
from relationships.services.circle_sessions import rate_circle_session
from relationships.services.circles import request_to_join_circle
from tests.conftest import membership_of
from tests.factories import make_member
from tests.relationships.circles_support import (
    held_session,
    mentor_circle,
    program_circle,
)
from tests.relationships.meetings_support import page_client

pytestmark = pytest.mark.django_db

NOTES = "Kumquat-4411: we practised pitches"
BIO = "Zebra-7781 private bio line"
COMMENT = "Otter-5521: too long for me"


@pytest.fixture
def circle(program, mentor, mentee, other_mentee):
    for person, headline in ((mentee, "Junior analyst"), (other_mentee, "Career changer")):
        Profile.objects.filter(user=person).update(headline=headline, bio=BIO)
    return mentor_circle(program, mentor, [mentee, other_mentee])


@pytest.fixture
def session(circle, mentor, mentee, other_mentee):
    held = held_session(circle, mentor, [mentee, other_mentee], notes=NOTES)
    rate_circle_session(session=held, by=other_mentee, rating=2, comment=COMMENT)
    return held


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("mentee", 200),
        ("mentor", 200),
        ("program_admin", 200),
        ("other_mentor", 404),
        ("other_program_admin", 404),
        ("alice", 404),
    ],
)
def test_who_may_open_a_mentor_circle(circle, persona, status, request):
    response = page_client(request.getfixturevalue(persona)).get(f"/circles/{circle.pk}/")
    assert response.status_code == status


def test_a_mentee_outside_a_mentor_circle_does_not_learn_it_exists(program, mentor, mentee):
    circle = mentor_circle(program, mentor, [mentee])
    stranger = make_member(program=program, roles=("mentee",), email="x@example.org").user
    assert page_client(stranger).get(f"/circles/{circle.pk}/").status_code == 404
    assert "Finding a first job" not in page_client(stranger).get("/circles/").content.decode()


def test_members_see_each_others_name_and_headline_and_nothing_else(
    circle, session, mentee, other_mentee
):
    page = page_client(mentee).get(f"/circles/{circle.pk}/").content.decode()
    assert "Otto Mentee" in page and "Career changer" in page
    assert BIO not in page
    session_page = page_client(mentee).get(f"/circles/{circle.pk}/sessions/{session.pk}/")
    body = session_page.content.decode()
    assert NOTES in body  # shared notes are for members
    assert COMMENT not in body  # another attendee's comment is not
    assert "rated 2.0" not in body  # nor the average, which is for those who run the circle


def test_being_in_a_circle_opens_no_door_to_another_members_profile_or_relationship(
    program, circle, mentee, other_mentee, mentor
):
    client = page_client(other_mentee)
    profile_url = f"/programs/{program.slug}/mentees/{membership_of(mentee, program).pk}/"
    assert client.get(profile_url).status_code == 404
    relationship = Relationship.objects.get(mentee__membership__user=mentee)
    assert client.get(f"/relationships/{relationship.pk}/").status_code == 404
    assert client.get(f"/relationships/{relationship.pk}/meetings/").status_code == 404


def test_a_program_admin_sees_the_session_and_the_average_but_no_notes_or_comment(
    circle, session, program_admin
):
    response = page_client(program_admin).get(f"/circles/{circle.pk}/sessions/{session.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "rated 2.0 of 5 by 1 attendee" in body
    assert NOTES not in body
    assert COMMENT not in body
    ics = page_client(program_admin).get(f"/circles/{circle.pk}/sessions/{session.pk}/session.ics")
    assert ics.status_code == 403  # admins do not attend


@pytest.mark.parametrize(
    ("persona", "status"),
    [("other_mentor", 404), ("other_program_admin", 404), ("alice", 404)],
)
def test_strangers_get_404_on_sessions(circle, session, persona, status, request):
    client = page_client(request.getfixturevalue(persona))
    assert client.get(f"/circles/{circle.pk}/sessions/{session.pk}/").status_code == status
    assert (
        client.post(
            f"/circles/{circle.pk}/sessions/{session.pk}/notes/", {"shared_notes": "x"}
        ).status_code
        == status
    )
    session.refresh_from_db()
    assert session.shared_notes == NOTES


def test_a_mentee_browsing_a_program_circle_sees_what_it_is_but_not_who_is_in(
    program, program_admin, mentor, mentee, other_mentee
):
    circle = program_circle(program, program_admin, mentor)
    request_to_join_circle(circle=circle, by=mentee)
    page = page_client(other_mentee).get(f"/circles/{circle.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Public speaking" in body and "Ask to join" in body
    assert "Mia Mentee" not in body
    assert page_client(other_mentee).get(f"/circles/{circle.pk}/sessions/new/").status_code == 403


def test_a_mentee_asks_to_join_on_the_page_and_the_mentor_accepts(
    program, program_admin, mentor, mentee
):
    circle = program_circle(program, program_admin, mentor)
    response = page_client(mentee).post(f"/circles/{circle.pk}/join/", follow=True)
    assert "You asked to join" in response.content.decode()
    membership = circle.memberships.get()
    page_client(mentor).post(f"/circles/{circle.pk}/memberships/{membership.pk}/accept/")
    membership.refresh_from_db()
    assert membership.state == "active"
    # the mentee cannot answer their own request
    other = make_member(program=program, roles=("mentee",), email="o2@example.org").user
    page_client(other).post(f"/circles/{circle.pk}/join/")
    theirs = circle.memberships.get(mentee__membership__user=other)
    page_client(other).post(f"/circles/{circle.pk}/memberships/{theirs.pk}/accept/")
    theirs.refresh_from_db()
    assert theirs.state == "requested"


def test_bad_input_on_the_open_page_is_a_form_error_and_nothing_is_created(program, mentor):
    response = page_client(mentor).post(
        f"/programs/{program.slug}/circles/open/", {"topic": "", "capacity": 50}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"topic", "capacity"}
    assert not program.circles.exists()


def test_only_mentors_open_and_only_admins_create_circles_on_pages(
    program, mentee, program_admin, other_program_admin
):
    assert page_client(mentee).get(f"/programs/{program.slug}/circles/open/").status_code == 404
    assert page_client(mentee).get(f"/programs/{program.slug}/circles/new/").status_code == 403
    assert (
        page_client(program_admin).get(f"/programs/{program.slug}/circles/new/").status_code == 200
    )
    assert (
        page_client(other_program_admin).get(f"/programs/{program.slug}/circles/new/").status_code
        == 404
    )


def test_the_circles_page_is_reachable_from_the_dashboard(mentee, program):
    assert 'href="/circles/"' in page_client(mentee).get("/home/").content.decode()


def _circles_page_queries(user) -> int:
    client = page_client(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/circles/").status_code == 200
    return len(queries)


def test_the_circles_page_costs_the_same_with_two_circles_as_with_twenty(
    program, program_admin, mentor, mentee
):
    for _ in range(2):
        program_circle(program, program_admin, mentor)
    with_two = _circles_page_queries(mentee)
    for number in range(18):
        circle = program_circle(program, program_admin, mentor)
        if number % 3 == 0:
            request_to_join_circle(circle=circle, by=mentee)
    with_twenty = _circles_page_queries(mentee)
    # session, user, memberships, circles, unread count
    assert with_two == with_twenty <= 6


def _detail_queries(user, circle) -> int:
    client = page_client(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/circles/{circle.pk}/").status_code == 200
    return len(queries)


def test_a_circle_page_costs_the_same_with_two_members_and_sessions_as_with_twenty(
    program, program_admin, mentor
):
    import datetime

    from django.utils import timezone

    from relationships.services.circle_memberships import accept_circle_membership
    from relationships.services.circle_sessions import schedule_circle_session

    circle = program_circle(program, program_admin, mentor, capacity=20)
    start = timezone.now() + datetime.timedelta(days=2)

    def add(numbers: range) -> None:
        for number in numbers:
            person = make_member(program=program, roles=("mentee",), email=f"c{number}@example.org")
            accept_circle_membership(
                membership=request_to_join_circle(circle=circle, by=person.user), by=mentor
            )
            schedule_circle_session(
                circle=circle,
                by=mentor,
                starts_at=start + datetime.timedelta(hours=number),
                duration_minutes=60,
                mode="video",
            )

    add(range(2))
    with_two = _detail_queries(mentor, circle)
    add(range(2, 20))
    with_twenty = _detail_queries(mentor, circle)
    assert with_two == with_twenty <= 16


def test_an_invited_mentee_sees_the_invitation_and_joins_from_the_page(program, mentor, mentee):
    from relationships.services.circles import open_circle
    from tests.relationships.circles_support import mentee_part, mentor_part
    from tests.relationships.meetings_support import start_pair

    start_pair(program, mentee, mentor)
    circle = open_circle(
        mentor=mentor_part(mentor, program),
        by=mentor,
        topic="Negotiating",
        capacity=3,
        invite=[mentee_part(mentee, program)],
    )
    listing = page_client(mentee).get("/circles/").content.decode()
    assert "Invitations for you" in listing and "Negotiating" in listing
    page = page_client(mentee).get(f"/circles/{circle.pk}/").content.decode()
    assert "Join the circle" in page
    invitation = circle.memberships.get()
    page_client(mentee).post(f"/circles/{circle.pk}/memberships/{invitation.pk}/accept/")
    invitation.refresh_from_db()
    assert invitation.state == "active"
    closed = page_client(mentor).post(f"/circles/{circle.pk}/close/", follow=True)
    assert "The circle is closed." in closed.content.decode()
    assert "Schedule a session" not in closed.content.decode()

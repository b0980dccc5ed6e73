"""Peer relationships: one current relationship per pair of people, and both sides can act."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from mentorship.errors import InvalidTransition
from mentorship.models import Program, User
from relationships.models import Goal, MentorRequest, Relationship
from relationships.services.goals import add_goal as add_relationship_goal
from relationships.services.relationships import close_relationship, start_relationship
from relationships.services.requests import Choice, accept_request, send_request
from tests.conftest import client_for
from tests.factories import make_member, make_program
from tests.relationships.test_requests import add_goal, mentee_of, mentor_of

pytestmark = pytest.mark.django_db

REQUESTS = "/api/v1/requests/"
RELATIONSHIPS = "/api/v1/relationships/"


@pytest.fixture
def peers() -> Program:
    return make_program(slug="peers", name="Peers", pairing=Program.Pairing.PEER)


@pytest.fixture
def ada(peers: Program) -> User:
    """A peer: both mentee and mentor in `peers`."""
    return make_member(program=peers, roles=("mentee", "mentor"), email="ada@example.org").user


@pytest.fixture
def ben(peers: Program) -> User:
    return make_member(program=peers, roles=("mentee", "mentor"), email="ben@example.org").user


@pytest.fixture
def cleo(peers: Program) -> User:
    """A third peer, never in the pair: sees nothing of it."""
    return make_member(program=peers, roles=("mentee", "mentor"), email="cleo@example.org").user


@pytest.fixture
def peer_admin(peers: Program) -> User:
    """Runs `peers`: sees the pair's relationship, may close it, may not act as a side."""
    return make_member(program=peers, roles=(), is_admin=True, email="pat@example.org").user


def pair(first: User, second: User, program: Program) -> Relationship:
    """`first` learning from `second`."""
    return start_relationship(mentee=mentee_of(first, program), mentor=mentor_of(second, program))


def ask_api(asker: User, asked: User, program: Program):
    return client_for(asker).post(
        REQUESTS,
        {
            "program": program.slug,
            "message": "Shall we?",
            "mentors": [mentor_of(asked, program).pk],
        },
    )


def test_a_current_pair_blocks_the_same_pair_the_other_way_round(peers, ada, ben):
    first = pair(ada, ben, peers)
    assert (first.person_low_id, first.person_high_id) == tuple(sorted([ada.pk, ben.pk]))
    with pytest.raises(InvalidTransition):
        pair(ben, ada, peers)
    assert Relationship.objects.count() == 1


def test_the_database_itself_refuses_a_second_current_relationship_of_the_pair(peers, ada, ben):
    first = pair(ada, ben, peers)
    with pytest.raises(IntegrityError), transaction.atomic():
        Relationship.objects.create(
            program=peers,
            mentee=mentee_of(ben, peers),
            mentor=mentor_of(ada, peers),
            person_low_id=first.person_low_id,
            person_high_id=first.person_high_id,
            started_at=first.started_at,
            ends_on=first.ends_on,
        )


def test_the_database_refuses_a_pair_stored_in_the_wrong_order_or_with_yourself(peers, ada, ben):
    first = pair(ada, ben, peers)
    close_relationship(relationship=first, by=ada, reason="goals_met")
    for low, high in ((first.person_high_id, first.person_low_id), (ada.pk, ada.pk)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Relationship.objects.create(
                program=peers,
                mentee=mentee_of(ben, peers),
                mentor=mentor_of(ada, peers),
                person_low_id=low,
                person_high_id=high,
                started_at=first.started_at,
                ends_on=first.ends_on,
            )


def test_once_closed_the_pair_may_start_again_either_way_round(peers, ada, ben):
    first = pair(ada, ben, peers)
    close_relationship(relationship=first, by=ben, reason="goals_met")
    again = pair(ben, ada, peers)
    assert again.mentee.membership.user == ben and again.is_current


def test_asking_someone_you_are_already_paired_with_the_other_way_round_is_409(peers, ada, ben):
    pair(ada, ben, peers)
    response = ask_api(ben, ada, peers)
    assert response.status_code == 409
    assert "already have a current relationship" in response.json()["message"]
    assert not MentorRequest.objects.exists()


def test_asking_back_someone_who_already_asked_you_is_409_answer_them_instead(peers, ada, ben):
    assert ask_api(ada, ben, peers).status_code == 201
    response = ask_api(ben, ada, peers)
    assert response.status_code == 409
    assert "answer their request" in response.json()["message"]
    assert MentorRequest.objects.count() == 1


def test_one_asks_and_the_other_accepts_and_only_the_asked_can_accept(peers, ada, ben, cleo):
    [request] = send_request(
        mentee=mentee_of(ada, peers), choices=[Choice(mentor_of(ben, peers))], message="Hi"
    )
    url = f"{REQUESTS}{request.pk}/accept/"
    assert client_for(cleo).post(url).status_code == 404  # not theirs to see
    assert client_for(ada).post(url).status_code == 403  # the asker cannot accept
    assert client_for(ben).post(url).status_code == 201
    assert Relationship.objects.get().person_low_id == min(ada.pk, ben.pk)


def test_both_sides_can_do_everything_and_outsiders_cannot(peers, ada, ben, cleo, peer_admin):
    relationship = pair(ada, ben, peers)
    url = f"{RELATIONSHIPS}{relationship.pk}/"
    # The "mentor" side pauses, the "mentee" side resumes: either may.
    assert client_for(ben).post(f"{url}pause/", {"note": ""}).json()["state"] == "paused"
    assert client_for(ada).post(f"{url}resume/").json()["state"] == "active"
    assert client_for(cleo).post(f"{url}pause/", {"note": ""}).status_code == 404
    assert client_for(peer_admin).post(f"{url}pause/", {"note": ""}).status_code == 403
    assert client_for(peer_admin).get(url).status_code == 200
    relationship.refresh_from_db()
    assert relationship.state == Relationship.State.ACTIVE


def test_in_a_peer_program_a_relationship_goal_may_be_either_persons_own_goal(peers, ada, ben):
    relationship = pair(ada, ben, peers)
    bens_goal = add_goal(mentee_of(ben, peers), "Get better at SQL")
    goal = add_relationship_goal(
        relationship=relationship, by=ada, title="SQL practice", mentee_goal=bens_goal
    )
    assert Goal.objects.get(pk=goal.pk).mentee_goal == bens_goal


def test_outside_peer_programs_a_relationship_goal_stays_the_mentees(program, mentee):
    both = make_member(program=program, roles=("mentee", "mentor"), email="both@example.org").user
    relationship = start_relationship(
        mentee=mentee_of(mentee, program), mentor=mentor_of(both, program)
    )
    their_goal = add_goal(mentee_of(both, program), "Not the mentee's goal")
    with pytest.raises(ValidationError):
        add_relationship_goal(
            relationship=relationship, by=mentee, title="Mine?", mentee_goal=their_goal
        )


def test_a_request_accepted_after_the_pair_started_the_other_way_round_is_refused(peers, ada, ben):
    [request] = send_request(
        mentee=mentee_of(ada, peers), choices=[Choice(mentor_of(ben, peers))], message="Hi"
    )
    # Meanwhile an admin-made (cohort) match pairs them the other way round.
    pair(ben, ada, peers)
    with pytest.raises(InvalidTransition):
        accept_request(request=request, by=ben)
    assert Relationship.objects.count() == 1

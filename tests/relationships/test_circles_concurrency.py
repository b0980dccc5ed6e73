"""Seats hold under concurrent accepts: eight requests, two seats, eight mentors' clicks."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from mentorship.errors import ApplicationError
from relationships.models import CircleMembership
from relationships.services.circle_memberships import accept_circle_membership
from relationships.services.circles import request_to_join_circle
from tests.factories import make_member
from tests.relationships.circles_support import program_circle

pytestmark = pytest.mark.django_db(transaction=True)


def test_eight_concurrent_accepts_into_a_two_seat_circle_let_exactly_two_in(program):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; run with make test")
    admin = make_member(program=program, roles=(), is_admin=True, email="a@example.org").user
    mentor = make_member(program=program, roles=("mentor",), email="m@example.org").user
    circle = program_circle(program, admin, mentor, capacity=2)
    requests = [
        request_to_join_circle(
            circle=circle,
            by=make_member(program=program, roles=("mentee",), email=f"e{n}@example.org").user,
        )
        for n in range(8)
    ]
    start = threading.Barrier(len(requests))
    outcomes: list[str] = []
    lock = threading.Lock()

    def accept(membership: CircleMembership) -> None:
        try:
            start.wait()
            accept_circle_membership(membership=membership, by=mentor)
            result = "accepted"
        except ApplicationError as error:
            result = type(error).__name__
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=accept, args=(request,)) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes.count("accepted") == 2
    assert outcomes.count("CircleFull") == 6
    assert circle.memberships.filter(state=CircleMembership.State.ACTIVE).count() == 2
    assert circle.memberships.filter(state=CircleMembership.State.REQUESTED).count() == 6

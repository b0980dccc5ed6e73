"""Capacity holds under concurrent accepts: 20 mentors' worth of requests, capacity 3."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from mentorship.errors import ApplicationError
from relationships.models import MentorRequest, Relationship
from relationships.services.requests import Choice, accept_request, send_request
from tests.factories import make_member

pytestmark = pytest.mark.django_db(transaction=True)


def test_twenty_concurrent_accepts_against_capacity_three_let_exactly_three_through(program):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; run with make test")
    mentor = make_member(program=program, roles=("mentor",), email="busy@example.org")
    mentor.mentor_participation.capacity = 3
    mentor.mentor_participation.save(update_fields=["capacity"])
    requests = []
    for number in range(20):
        mentee = make_member(program=program, roles=("mentee",), email=f"m{number}@example.org")
        [request] = send_request(
            mentee=mentee.mentee_participation,
            choices=[Choice(mentor=mentor.mentor_participation)],
            message="Please mentor me",
        )
        requests.append(request)

    start = threading.Barrier(len(requests))
    outcomes: list[str] = []
    lock = threading.Lock()

    def accept(request: MentorRequest) -> None:
        try:
            start.wait()
            accept_request(request=request, by=mentor.user)
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

    assert outcomes.count("accepted") == 3
    assert outcomes.count("MentorAtCapacity") == 17
    assert Relationship.objects.filter(mentor=mentor.mentor_participation).count() == 3
    assert MentorRequest.objects.filter(state=MentorRequest.State.ACCEPTED).count() == 3
    assert MentorRequest.objects.filter(state=MentorRequest.State.PENDING).count() == 17

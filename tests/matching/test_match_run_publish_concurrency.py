"""A publish racing an accept for the same mentee: the mentee never gets two mentors.

Both take the mentee's participation row before any mentor's, so whichever comes second
waits for the first to commit and then sees its relationship.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from matching.index_cache import forget
from matching.services.match_run_publish import publish_match_run
from relationships.models import Relationship
from relationships.services.requests import Choice, accept_request, send_request
from tests.matching.cohort import add_mentor, cohort, run_now

pytestmark = pytest.mark.django_db(transaction=True)


def someone_waits_for_a_row_lock() -> bool:
    """Whether another session of this database is blocked on a lock right now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        (waiting,) = cursor.fetchone()
    return bool(waiting)


def test_a_publish_waiting_on_an_accept_of_one_of_its_mentees_is_refused_as_stale(
    program, program_admin, django_capture_on_commit_callbacks
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; run with make test")
    forget()
    people = cohort(program)
    run = run_now(django_capture_on_commit_callbacks, program=program, by=program_admin)
    mentee = people.mentees[0]
    spare = add_mentor(program, "spare@example.org", "Leadership coaching", capacity=2)
    [request] = send_request(mentee=mentee, choices=[Choice(mentor=spare)], message="Please")

    accepted, release = threading.Event(), threading.Event()
    outcomes: dict[str, str] = {}

    def accept() -> None:
        try:
            with transaction.atomic():
                accept_request(request=request, by=spare.membership.user)
                accepted.set()
                release.wait(timeout=30)  # hold the locks until the publish is queued behind
            outcomes["accept"] = "accepted"
        except Exception as error:
            outcomes["accept"] = type(error).__name__
        finally:
            accepted.set()
            connections.close_all()

    def publish() -> None:
        try:
            publish_match_run(run=run, by=program_admin)
            outcomes["publish"] = "published"
        except Exception as error:
            outcomes["publish"] = f"{type(error).__name__}: {error}"
        finally:
            connections.close_all()

    accepting = threading.Thread(target=accept)
    accepting.start()
    assert accepted.wait(timeout=30)
    publishing = threading.Thread(target=publish)
    publishing.start()
    deadline = time.monotonic() + 15
    queued = False
    while not queued and time.monotonic() < deadline and publishing.is_alive():
        queued = someone_waits_for_a_row_lock()
        time.sleep(0.05)
    release.set()
    accepting.join(timeout=60)
    publishing.join(timeout=60)

    assert outcomes["accept"] == "accepted"
    assert queued, f"the publish did not wait for the accept: {outcomes['publish']}"
    assert outcomes["publish"].startswith("InvalidTransition")
    assert "already has a mentor" in outcomes["publish"]
    assert Relationship.objects.filter(mentee=mentee).current().count() == 1
    assert not Relationship.objects.filter(origin=Relationship.Origin.COHORT).exists()

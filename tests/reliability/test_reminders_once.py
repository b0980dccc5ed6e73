"""A reminder scan delivered twice at the same moment (a redelivery racing a beat) sends
each reminder once: the claim is a unique row written with the notification."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection

from mentorship.models import Notification
from relationships.services.reminders import remind_mentors_of_waiting_requests
from relationships.services.requests import Choice, send_request
from tests.conftest import membership_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_concurrent_reminder_scans_remind_the_mentor_once(program, mentee, mentor):
    [request] = send_request(
        mentee=membership_of(mentee, program).mentee_participation,
        choices=[Choice(mentor=membership_of(mentor, program).mentor_participation)],
        message="Please mentor me",
    )
    assert request.sent_at is not None
    halfway = request.sent_at + datetime.timedelta(days=program.mentor_response_days) / 2
    before = Notification.objects.filter(recipient=mentor).count()
    start = threading.Barrier(2)
    sent: list[int] = []

    def scan() -> None:
        try:
            start.wait(timeout=10)
            sent.append(remind_mentors_of_waiting_requests(now=halfway))
        finally:
            connection.close()  # each thread has its own database connection

    scans = [threading.Thread(target=scan) for _ in range(2)]
    for thread in scans:
        thread.start()
    for thread in scans:
        thread.join(timeout=30)

    assert sorted(sent) == [0, 1]
    assert Notification.objects.filter(recipient=mentor).count() == before + 1
    # A third, late scan (the redelivery after the other finished) sends nothing either.
    assert remind_mentors_of_waiting_requests(now=halfway) == 0

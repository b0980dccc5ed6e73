"""A program's history for the report tests, built by the real services.

Each relationship comes from an accepted request that carries a match snapshot; it is moved
40 days into the past (the only test-only write, standing in for the calendar passing), then
gets what the reports count: a held meeting, a rating, a check-in, and for some a close.
"""

from __future__ import annotations

import datetime

from mentorship.models import Program
from relationships.models import Fit, Relationship
from relationships.services.checkins import submit_check_in
from relationships.services.feedback import give_feedback
from relationships.services.relationships import close_relationship
from relationships.services.requests import Choice, accept_request, send_request
from relationships.services.snapshots import Snapshot
from tests.factories import make_member
from tests.relationships.meetings_support import held_meeting, shift_start

FITS = (Fit.YES, Fit.UNSURE, Fit.NO)


def grow_history(program: Program, *, count: int, start: int = 0) -> list[Relationship]:
    """`count` more relationships in `program`, varied by their index (from `start`).

    Index i: score 30 + i % 60, rank 1 + i % 5; a first meeting 2 + i % 20 days after the
    start unless i % 3 == 2 (then none), rated 1 + i % 5; a check-in whose fit cycles yes,
    unsure, no; every fourth one closed, alternately "goals met" and "not a good fit".
    """
    relationships = []
    for index in range(start, start + count):
        mentee = make_member(program=program, roles=("mentee",), display_name=f"Mentee {index}")
        mentor = make_member(program=program, roles=("mentor",), display_name=f"Mentor {index}")
        [request] = send_request(
            mentee=mentee.mentee_participation,
            choices=[
                Choice(
                    mentor=mentor.mentor_participation,
                    snapshot=Snapshot(
                        score=30.0 + index % 60, rank=1 + index % 5, ranker_version="7"
                    ),
                )
            ],
            message="Could you mentor me?",
        )
        relationship = accept_request(request=request, by=mentor.user)
        shift_start(relationship, days=40)
        if index % 3 != 2:
            meeting = held_meeting(
                relationship,
                mentee.user,
                starts_at=relationship.started_at + datetime.timedelta(days=2 + index % 20),
            )
            give_feedback(meeting=meeting, by=mentee.user, rating=1 + index % 5)
        submit_check_in(
            relationship=relationship,
            by=mentee.user,
            how_it_is_going=3,
            good_fit=FITS[index % 3],
            goal_progress=3,
        )
        if index % 4 == 0:
            reason = (
                Relationship.CloseReason.GOALS_MET
                if index % 8 == 0
                else Relationship.CloseReason.NOT_A_GOOD_FIT
            )
            relationship = close_relationship(
                relationship=relationship, by=mentor.user, reason=reason
            )
        relationships.append(relationship)
    return relationships

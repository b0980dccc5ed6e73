"""Property tests: random sequences of request and relationship actions keep every rule.

Hypothesis drives the real services against PostgreSQL. A small reference model predicts
which actions must succeed (an accept succeeds exactly when the request is pending and the
mentor has room), and after every step the invariants are checked against the database:
no mentor over capacity, one open request per choice group, one current relationship per
pair, every accepted request with its relationship, and a mentee's open requests within the
program's limit. Each generated run starts from the same rows: a savepoint taken at the
start of the run is rolled back at its end.
"""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from mentorship.errors import ApplicationError
from mentorship.models import MenteeParticipation, MentorParticipation, Program
from relationships.models import MentorRequest, Relationship
from relationships.services.capacity import capacity_of
from relationships.services.relationships import (
    close_relationship,
    pause_relationship,
    resume_relationship,
)
from relationships.services.requests import (
    Choice,
    accept_request,
    decline_request,
    expire_due_requests,
    send_request,
    withdraw_request,
)
from tests.factories import make_member, make_program

pytestmark = pytest.mark.django_db

MENTEES = 4
MENTOR_CAPACITIES = (1, 2, 1)
STEPS = settings(
    max_examples=25,
    stateful_step_count=14,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
REFUSALS = (ApplicationError, ValidationError)


class RequestsAndRelationships(RuleBasedStateMachine):
    """Mentees ask, mentors answer, pairs pause, resume and close, time passes."""

    program: Program
    mentees: list[MenteeParticipation]
    mentors: list[MentorParticipation]

    def __init__(self) -> None:
        super().__init__()
        self.savepoint = transaction.savepoint()
        self.now = timezone.now()

    def teardown(self) -> None:
        transaction.savepoint_rollback(self.savepoint)

    # --- actions ------------------------------------------------------------------------

    @rule(
        mentee=st.integers(0, MENTEES - 1),
        choices=st.lists(
            st.integers(0, len(MENTOR_CAPACITIES) - 1), min_size=1, max_size=3, unique=True
        ),
    )
    def send(self, mentee: int, choices: list[int]) -> None:
        participation = self.mentees[mentee]
        open_before = MentorRequest.objects.filter(mentee=participation).open().count()
        try:
            created = send_request(
                mentee=participation,
                choices=[Choice(mentor=self.mentors[index]) for index in choices],
                message="Could you help me grow?",
            )
        except REFUSALS:
            return
        assert open_before < self.program.max_open_requests_per_mentee
        assert [request.state for request in created][:1] == [MentorRequest.State.PENDING]
        assert all(request.state == MentorRequest.State.QUEUED for request in created[1:])

    @precondition(lambda self: self._open_requests())
    @rule(data=st.data())
    def accept(self, data: st.DataObject) -> None:
        request = data.draw(st.sampled_from(self._open_requests()))
        mentor_user = request.mentor.membership.user
        must_succeed = (
            request.state == MentorRequest.State.PENDING
            and capacity_of(request.mentor).remaining > 0
        )
        try:
            relationship = accept_request(request=request, by=mentor_user)
        except REFUSALS:
            assert not must_succeed, f"accepting {request} was refused though it had room"
            return
        assert must_succeed, f"accepting {request} succeeded without a pending request or room"
        assert relationship.request_id == request.pk

    @precondition(lambda self: self._open_requests())
    @rule(data=st.data(), reason=st.sampled_from(MentorRequest.DeclineReason.values))
    def decline(self, data: st.DataObject, reason: str) -> None:
        request = data.draw(st.sampled_from(self._open_requests()))
        try:
            decline_request(request=request, by=request.mentor.membership.user, reason=reason)
        except REFUSALS:
            assert request.state != MentorRequest.State.PENDING
            return
        assert request.state == MentorRequest.State.PENDING

    @precondition(lambda self: self._open_requests())
    @rule(data=st.data())
    def withdraw(self, data: st.DataObject) -> None:
        request = data.draw(st.sampled_from(self._open_requests()))
        withdraw_request(request=request, by=request.mentee.membership.user)
        request.refresh_from_db()
        assert request.state == MentorRequest.State.WITHDRAWN

    @rule(days=st.integers(1, 30))
    def time_passes(self, days: int) -> None:
        self.now += datetime.timedelta(days=days)
        expire_due_requests(now=self.now)

    @precondition(lambda self: self._current_relationships())
    @rule(data=st.data(), action=st.sampled_from(["pause", "resume", "close"]))
    def change_relationship(self, data: st.DataObject, action: str) -> None:
        relationship = data.draw(st.sampled_from(self._current_relationships()))
        by = relationship.mentee.membership.user
        was_paused = relationship.state == Relationship.State.PAUSED
        try:
            if action == "pause":
                pause_relationship(relationship=relationship, by=by)
            elif action == "resume":
                resume_relationship(relationship=relationship, by=by)
            else:
                close_relationship(
                    relationship=relationship, by=by, reason=Relationship.CloseReason.values[0]
                )
        except REFUSALS:
            # Only the transitions that do not apply may be refused.
            assert (action == "pause" and was_paused) or (action == "resume" and not was_paused)
            return
        relationship.refresh_from_db()
        expected = {
            "pause": Relationship.State.PAUSED,
            "resume": Relationship.State.ACTIVE,
        }.get(action)
        if expected is not None:
            assert relationship.state == expected
        else:
            assert relationship.is_closed

    # --- invariants ---------------------------------------------------------------------

    @invariant()
    def no_mentor_over_capacity(self) -> None:
        for mentor in self.mentors:
            in_use = Relationship.objects.filter(mentor=mentor).current().count()
            assert in_use <= mentor.capacity, f"mentor {mentor.pk}: {in_use} > {mentor.capacity}"

    @invariant()
    def one_pending_request_per_choice_group(self) -> None:
        groups = (
            MentorRequest.objects.filter(program=self.program)
            .values("choice_group")
            .annotate(
                pending=Count("pk", filter=Q(state=MentorRequest.State.PENDING)),
                queued=Count("pk", filter=Q(state=MentorRequest.State.QUEUED)),
                accepted=Count("pk", filter=Q(state=MentorRequest.State.ACCEPTED)),
            )
        )
        for group in groups:
            assert group["pending"] <= 1, group
            assert group["accepted"] <= 1, group
            # Backups wait only behind a pending choice; after an accept nothing stays open.
            if group["queued"]:
                assert group["pending"] == 1, group
            if group["accepted"]:
                assert group["pending"] + group["queued"] == 0, group

    @invariant()
    def one_current_relationship_per_pair(self) -> None:
        pairs = Counter(
            Relationship.objects.filter(program=self.program)
            .current()
            .values_list("mentee_id", "mentor_id")
        )
        assert all(count == 1 for count in pairs.values()), pairs

    @invariant()
    def every_accepted_request_has_its_relationship(self) -> None:
        accepted = MentorRequest.objects.filter(
            program=self.program, state=MentorRequest.State.ACCEPTED
        )
        assert not accepted.filter(relationship__isnull=True).exists()

    @invariant()
    def open_requests_within_the_program_limit(self) -> None:
        for mentee in self.mentees:
            pending = MentorRequest.objects.filter(mentee=mentee).open().count()
            assert pending <= self.program.max_open_requests_per_mentee

    # --- helpers ------------------------------------------------------------------------

    def _open_requests(self) -> list[MentorRequest]:
        return list(
            MentorRequest.objects.filter(program=self.program, state__in=MentorRequest.OPEN_STATES)
            .select_related("mentor__membership__user", "mentee__membership__user")
            .order_by("pk")
        )

    def _current_relationships(self) -> list[Relationship]:
        return list(
            Relationship.objects.filter(program=self.program)
            .current()
            .select_related("mentee__membership__user", "mentor__membership__user", "program")
            .order_by("pk")
        )


def test_requests_and_relationships_keep_every_rule_under_random_actions() -> None:
    program = make_program(slug="props", max_open_requests_per_mentee=2)
    mentees = [make_member(program=program).mentee_participation for _ in range(MENTEES)]
    mentors = []
    for capacity in MENTOR_CAPACITIES:
        mentor = make_member(program=program, roles=("mentor",)).mentor_participation
        mentor.capacity = capacity
        mentor.save(update_fields=["capacity"])
        mentors.append(mentor)

    class Machine(RequestsAndRelationships):
        pass

    Machine.program, Machine.mentees, Machine.mentors = program, mentees, mentors
    run_state_machine_as_test(Machine, settings=STEPS)

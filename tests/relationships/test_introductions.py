"""Introductions: who may introduce whom, the member's answer, withdrawing, the follow-up.

Personas: `mentor` mentors `mentee` (a current relationship) and introduces them to
`other_mentor`; `other_mentee` is an uninvolved mentee of the program; `program_admin`
runs the program; `other_program_admin` runs another one.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from mentorship.errors import ActionNotAllowed, InvalidTransition
from mentorship.models import Membership, NotificationKind, Program, User
from relationships.errors import Blocked
from relationships.models import Block, Introduction, Relationship
from relationships.services.introductions import (
    accept_introduction,
    cancel_follow_up,
    decline_introduction,
    introduce,
    set_follow_up,
    withdraw_introduction,
)
from relationships.services.relationships import start_relationship
from tests.conftest import membership_of
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def relationship(program: Program, mentee: User, mentor: User) -> Relationship:
    return start_relationship(
        mentee=membership_of(mentee, program).mentee_participation,
        mentor=membership_of(mentor, program).mentor_participation,
    )


def make_intro(
    program: Program, by: User, mentee: User, member: User, note: str = "You should talk"
) -> Introduction:
    return introduce(
        by=by,
        mentee=membership_of(mentee, program).mentee_participation,
        member=membership_of(member, program),
        note=note,
    )


@pytest.fixture
def intro(relationship, program, mentor, mentee, other_mentor) -> Introduction:
    return make_intro(program, mentor, mentee, other_mentor)


def intro_kinds(user: User) -> list[str]:
    return list(
        user.notifications.filter(kind=NotificationKind.INTRODUCTION).values_list(
            "title", flat=True
        )
    )


# --- making an introduction ----------------------------------------------------------------


def test_the_mentor_introduces_their_mentee_and_both_others_are_told(
    intro, relationship, mentee, other_mentor
):
    assert intro.state == Introduction.State.PENDING
    assert intro.relationship == relationship
    assert any("introduce you to Mia Mentee" in title for title in intro_kinds(other_mentor))
    assert any("introduced you to Olga Mentor" in title for title in intro_kinds(mentee))


def test_a_program_admin_introduces_any_mentee_of_their_program(
    program, program_admin, mentee, other_mentor
):
    intro = make_intro(program, program_admin, mentee, other_mentor)
    assert intro.introduced_by == program_admin and intro.relationship is None


def test_a_mentee_may_be_introduced_to_another_mentee(intro, program, mentor, mentee, other_mentee):
    peer = make_intro(program, mentor, mentee, other_mentee)
    assert peer.member == membership_of(other_mentee, program)


@pytest.mark.parametrize("persona", ["other_mentor", "other_mentee", "other_program_admin"])
def test_only_the_current_mentor_or_a_program_admin_may_introduce(
    request, relationship, program, mentee, persona
):
    by = request.getfixturevalue(persona)
    third = make_member(program=program, roles=("mentor",), email="third@example.org").user
    with pytest.raises(ActionNotAllowed):
        make_intro(program, by, mentee, third)
    assert not Introduction.objects.exists()


def test_a_former_mentor_may_no_longer_introduce(
    relationship, program, mentor, mentee, other_mentor
):
    relationship.state = Relationship.State.COMPLETED
    relationship.save(update_fields=["state"])
    with pytest.raises(ActionNotAllowed):
        make_intro(program, mentor, mentee, other_mentor)


def test_nobody_is_introduced_to_the_introducer_or_to_themself(
    relationship, program, mentor, mentee, program_admin
):
    with pytest.raises(ValidationError) as to_self:
        make_intro(program, mentor, mentee, mentor)
    assert "yourself" in str(to_self.value.message_dict["member"])
    with pytest.raises(ValidationError) as to_themself:
        make_intro(program, program_admin, mentee, mentee)
    assert "themself" in str(to_themself.value.message_dict["member"])
    assert not Introduction.objects.exists()


def test_nobody_outside_the_program_can_be_introduced(relationship, other_program, mentor, mentee):
    outsider = make_member(program=other_program, roles=("mentor",), email="out@example.org")
    with pytest.raises(ValidationError) as error:
        introduce(
            by=mentor,
            mentee=relationship.mentee,
            member=outsider,
            note="Meet them",
        )
    assert "not a member of the program" in str(error.value.message_dict["member"])
    assert not Introduction.objects.exists()


def test_a_member_who_left_cannot_be_introduced(
    relationship, program, mentor, mentee, other_mentor
):
    membership = membership_of(other_mentor, program)
    membership.status = Membership.Status.LEFT
    membership.save(update_fields=["status"])
    with pytest.raises(ValidationError):
        make_intro(program, mentor, mentee, other_mentor)


def test_an_introduction_never_bypasses_not_accepting_mentees(
    relationship, program, mentor, mentee, other_mentor
):
    participation = membership_of(other_mentor, program).mentor_participation
    participation.accepting_mentees = False
    participation.save(update_fields=["accepting_mentees"])
    with pytest.raises(ValidationError) as error:
        make_intro(program, mentor, mentee, other_mentor)
    assert "not accepting" in str(error.value.message_dict["member"])
    assert not Introduction.objects.exists()


@pytest.mark.parametrize(
    ("blocker", "blocked"),
    [
        ("mentee", "other_mentor"),
        ("other_mentor", "mentee"),
        ("other_mentor", "mentor"),
    ],
)
def test_an_introduction_never_crosses_a_block(
    request, relationship, program, mentor, mentee, other_mentor, blocker, blocked
):
    Block.objects.create(
        blocker=request.getfixturevalue(blocker), blocked=request.getfixturevalue(blocked)
    )
    with pytest.raises(Blocked) as error:
        make_intro(program, mentor, mentee, other_mentor)
    # The same words whoever blocked whom: the introducer does not learn of the block.
    assert error.value.errors == {"member": ["You cannot introduce this mentee to this member."]}
    assert not Introduction.objects.exists()
    assert not other_mentor.notifications.exists()


def test_a_duplicate_pending_introduction_is_refused(intro, program, mentor, mentee, other_mentor):
    with pytest.raises(InvalidTransition, match="already waiting"):
        make_intro(program, mentor, mentee, other_mentor)
    assert Introduction.objects.count() == 1


def test_the_database_holds_one_pending_introduction_per_pair(intro):
    with pytest.raises(IntegrityError), transaction.atomic():
        Introduction.objects.create(
            program=intro.program, mentee=intro.mentee, member=intro.member, note="again"
        )


def test_connected_people_are_not_introduced_again_but_declined_ones_may_be(
    intro, program, mentor, mentee, other_mentor, other_mentee
):
    accept_introduction(introduction=intro, by=other_mentor)
    with pytest.raises(InvalidTransition, match="already connected"):
        make_intro(program, mentor, mentee, other_mentor)
    declined = make_intro(program, mentor, mentee, other_mentee)
    decline_introduction(introduction=declined, by=other_mentee)
    assert make_intro(program, mentor, mentee, other_mentee).is_pending


def test_an_introduction_needs_a_note(relationship, program, mentor, mentee, other_mentor):
    with pytest.raises(ValidationError) as error:
        make_intro(program, mentor, mentee, other_mentor, note="   ")
    assert "note" in error.value.message_dict


# --- answering and withdrawing ---------------------------------------------------------------


def test_the_member_accepts_and_the_mentee_and_introducer_hear_of_it(
    intro, mentee, mentor, other_mentor
):
    accepted = accept_introduction(introduction=intro, by=other_mentor)
    assert accepted.state == Introduction.State.ACCEPTED and accepted.answered_at is not None
    assert any("accepted the introduction" in title for title in intro_kinds(mentee))
    assert any("accepted the introduction" in title for title in intro_kinds(mentor))
    with pytest.raises(InvalidTransition):
        accept_introduction(introduction=intro, by=other_mentor)


@pytest.mark.parametrize("persona", ["mentee", "mentor", "program_admin"])
def test_only_the_introduced_member_answers(request, intro, persona):
    by = request.getfixturevalue(persona)
    with pytest.raises(ActionNotAllowed):
        accept_introduction(introduction=intro, by=by)
    with pytest.raises(ActionNotAllowed):
        decline_introduction(introduction=intro, by=by)
    intro.refresh_from_db()
    assert intro.is_pending


def test_a_block_after_the_introduction_stops_the_accept(intro, mentee, other_mentor):
    Block.objects.create(blocker=mentee, blocked=other_mentor)
    with pytest.raises(Blocked):
        accept_introduction(introduction=intro, by=other_mentor)
    intro.refresh_from_db()
    assert intro.is_pending


def test_nobody_connects_with_a_mentee_who_left_the_program(intro, program, mentee, other_mentor):
    membership = membership_of(mentee, program)
    membership.status = Membership.Status.LEFT
    membership.save(update_fields=["status"])
    with pytest.raises(InvalidTransition):
        accept_introduction(introduction=intro, by=other_mentor)
    intro.refresh_from_db()
    assert intro.is_pending


def test_the_member_declines_with_a_note_and_it_cannot_be_withdrawn_afterwards(
    intro, mentor, other_mentor
):
    declined = decline_introduction(introduction=intro, by=other_mentor, note="Too busy")
    assert (declined.state, declined.answer_note) == ("declined", "Too busy")
    with pytest.raises(InvalidTransition):
        withdraw_introduction(introduction=intro, by=mentor)


@pytest.mark.parametrize("persona", ["mentor", "mentee", "program_admin"])
def test_the_introducer_the_mentee_or_an_admin_withdraws(request, intro, persona, other_mentor):
    withdrawn = withdraw_introduction(introduction=intro, by=request.getfixturevalue(persona))
    assert withdrawn.state == Introduction.State.WITHDRAWN
    assert any("withdrawn" in title for title in intro_kinds(other_mentor))


@pytest.mark.parametrize("persona", ["other_mentor", "other_mentee", "other_program_admin"])
def test_others_cannot_withdraw(request, intro, persona):
    with pytest.raises(ActionNotAllowed):
        withdraw_introduction(introduction=intro, by=request.getfixturevalue(persona))
    intro.refresh_from_db()
    assert intro.is_pending


# --- the follow-up meeting ------------------------------------------------------------------


def soon(days: int = 3) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def test_the_connected_pair_fixes_moves_and_calls_off_one_follow_up(intro, mentee, other_mentor):
    accept_introduction(introduction=intro, by=other_mentor)
    set_follow_up(
        introduction=intro, by=mentee, starts_at=soon(), duration_minutes=30, mode="video"
    )
    moved = set_follow_up(
        introduction=intro,
        by=other_mentor,
        starts_at=soon(5),
        duration_minutes=45,
        mode="in_person",
        location="Café",
    )
    assert (moved.follow_up_mode, moved.follow_up_minutes, moved.follow_up_location) == (
        "in_person",
        45,
        "Café",
    )
    assert any("arranged a follow-up" in title for title in intro_kinds(mentee))
    assert cancel_follow_up(introduction=intro, by=mentee).follow_up_at is None
    with pytest.raises(InvalidTransition):
        cancel_follow_up(introduction=intro, by=mentee)


def test_no_follow_up_before_the_member_accepts(intro, mentee):
    with pytest.raises(InvalidTransition):
        set_follow_up(
            introduction=intro, by=mentee, starts_at=soon(), duration_minutes=30, mode="video"
        )


@pytest.mark.parametrize("persona", ["mentor", "program_admin"])
def test_the_introducer_and_admins_do_not_arrange_the_follow_up(
    request, intro, other_mentor, persona
):
    accept_introduction(introduction=intro, by=other_mentor)
    with pytest.raises(ActionNotAllowed):
        set_follow_up(
            introduction=intro,
            by=request.getfixturevalue(persona),
            starts_at=soon(),
            duration_minutes=30,
            mode="video",
        )


def test_a_follow_up_in_the_past_or_of_an_unknown_mode_is_refused(intro, mentee, other_mentor):
    accept_introduction(introduction=intro, by=other_mentor)
    with pytest.raises(ValidationError) as error:
        set_follow_up(
            introduction=intro, by=mentee, starts_at=soon(-1), duration_minutes=2, mode="pigeon"
        )
    assert set(error.value.message_dict) == {"starts_at", "duration_minutes", "mode"}
    intro.refresh_from_db()
    assert intro.follow_up_at is None


def test_a_block_between_the_connected_pair_stops_the_follow_up(intro, mentee, other_mentor):
    accept_introduction(introduction=intro, by=other_mentor)
    Block.objects.create(blocker=other_mentor, blocked=mentee)
    with pytest.raises(Blocked):
        set_follow_up(
            introduction=intro, by=mentee, starts_at=soon(), duration_minutes=30, mode="video"
        )


# --- who sees what --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("mentor", True),
        ("mentee", True),
        ("other_mentor", True),
        ("program_admin", True),
        ("other_mentee", False),
        ("other_program_admin", False),
        ("alice", False),
    ],
)
def test_an_introduction_is_visible_to_the_three_involved_and_the_programs_admins(
    request, intro, persona, sees
):
    user = request.getfixturevalue(persona)
    assert Introduction.objects.visible_to(user).filter(pk=intro.pk).exists() is sees


def test_admins_see_metadata_only(intro, program_admin, mentee, mentor, other_mentor):
    assert not intro.sees_details(program_admin)
    assert all(intro.sees_details(user) for user in (mentee, mentor, other_mentor))

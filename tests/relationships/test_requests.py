"""Requests: every rule of asking a mentor, ranked backups, expiry, reminders, the thread.

The helpers at the top (`ask`, `mentee_of`, `mentor_of`, `add_goal`) are shared by the
other request test modules.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentorship.errors import ActionNotAllowed, InvalidTransition
from mentorship.models import (
    GoalArea,
    Membership,
    MenteeGoal,
    MenteeParticipation,
    MentorParticipation,
    Notification,
    Program,
    User,
)
from relationships.access import (
    mentee_participations_seen_by,
    mentee_visible_to_mentor,
    requests_visible_to,
)
from relationships.errors import Blocked, MentorAtCapacity, RequestLimitReached
from relationships.models import Block, MentorRequest, Relationship, RequestMessage
from relationships.services.membership import leave_program
from relationships.services.reminders import remind_mentors_of_waiting_requests
from relationships.services.requests import (
    Choice,
    accept_request,
    add_request_message,
    decline_request,
    expire_due_requests,
    send_request,
    withdraw_request,
)
from relationships.services.snapshots import Snapshot
from tests.conftest import membership_of
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def mentee_of(user: User, program: Program) -> MenteeParticipation:
    return membership_of(user, program).mentee_participation


def mentor_of(user: User, program: Program) -> MentorParticipation:
    return membership_of(user, program).mentor_participation


def add_goal(mentee: MenteeParticipation, description: str = "Lead a team") -> MenteeGoal:
    area = GoalArea.objects.order_by("pk").first()
    assert area is not None
    return MenteeGoal.objects.create(participation=mentee, goal_area=area, description=description)


def ask(
    mentee: User,
    *mentors: User,
    program: Program,
    message: str = "Please mentor me",
    goals: tuple[MenteeGoal, ...] = (),
) -> list[MentorRequest]:
    """`mentee` asks the first of `mentors`, the others ranked as backups."""
    return send_request(
        mentee=mentee_of(mentee, program),
        choices=[Choice(mentor=mentor_of(mentor, program)) for mentor in mentors],
        message=message,
        goals=goals,
    )


def extra_mentor(program: Program, email: str, display_name: str = "") -> User:
    return make_member(
        program=program, roles=("mentor",), email=email, display_name=display_name
    ).user


def titles_for(user: User) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


# Sending -------------------------------------------------------------------------------------


def test_a_mentee_asks_a_mentor_about_their_goals_and_the_mentor_is_told(program, mentee, mentor):
    goal = add_goal(mentee_of(mentee, program))

    [request] = ask(mentee, mentor, program=program, message="I want to lead", goals=(goal,))

    assert request.state == MentorRequest.State.PENDING
    assert list(request.goals.all()) == [goal]
    assert request.sent_at is not None
    assert request.expires_at == request.sent_at + datetime.timedelta(
        days=program.mentor_response_days
    )
    assert titles_for(mentor) == ["Mia Mentee asks you to be their mentor"]


def test_the_snapshot_a_caller_supplies_is_kept_on_the_request(program, mentee, mentor):
    [request] = send_request(
        mentee=mentee_of(mentee, program),
        choices=[
            Choice(
                mentor=mentor_of(mentor, program),
                snapshot=Snapshot(
                    score=0.8, rank=2, breakdown={"skills": 0.5}, ranker_version="v7"
                ),
            )
        ],
        message="Hello",
    )
    request.refresh_from_db()
    assert (request.match_score, request.match_rank, request.ranker_version) == (0.8, 2, "v7")
    assert request.match_breakdown == {"skills": 0.5}


def test_a_member_cannot_ask_themself_to_be_their_mentor(program):
    both = make_member(program=program, roles=("mentee", "mentor"), email="both@example.org")
    with pytest.raises(ValidationError) as error:
        send_request(
            mentee=both.mentee_participation,
            choices=[Choice(mentor=both.mentor_participation)],
            message="Me?",
        )
    assert "yourself" in str(error.value)
    assert not MentorRequest.objects.exists()


@pytest.mark.parametrize("mentee_blocks", [True, False])
def test_no_request_crosses_a_block_whoever_blocked(program, mentee, mentor, mentee_blocks):
    blocker, blocked = (mentee, mentor) if mentee_blocks else (mentor, mentee)
    Block.objects.create(blocker=blocker, blocked=blocked)
    with pytest.raises(Blocked):
        ask(mentee, mentor, program=program)
    assert not MentorRequest.objects.exists()
    assert titles_for(mentor) == []


def test_a_mentor_of_another_program_cannot_be_asked(program, other_program, mentee):
    outsider = make_member(program=other_program, roles=("mentor",), email="far@example.org")
    with pytest.raises(ValidationError) as error:
        send_request(
            mentee=mentee_of(mentee, program),
            choices=[Choice(mentor=outsider.mentor_participation)],
            message="Hello",
        )
    assert "not in your program" in str(error.value)
    assert not MentorRequest.objects.exists()


def test_a_mentor_not_accepting_mentees_cannot_be_asked(program, mentee, mentor):
    participation = mentor_of(mentor, program)
    participation.accepting_mentees = False
    participation.save(update_fields=["accepting_mentees"])
    with pytest.raises(ValidationError):
        ask(mentee, mentor, program=program)
    assert not MentorRequest.objects.exists()


def test_a_second_open_request_to_the_same_mentor_is_refused(program, mentee, mentor):
    ask(mentee, mentor, program=program)
    with pytest.raises(InvalidTransition):
        ask(mentee, mentor, program=program)
    assert MentorRequest.objects.count() == 1


def test_choosing_the_same_mentor_twice_in_one_request_is_refused(program, mentee, mentor):
    with pytest.raises(ValidationError):
        ask(mentee, mentor, mentor, program=program)
    assert not MentorRequest.objects.exists()


def test_at_most_three_ranked_choices(program, mentee):
    mentors = [extra_mentor(program, f"m{n}@example.org") for n in range(4)]
    with pytest.raises(ValidationError):
        ask(mentee, *mentors, program=program)
    assert not MentorRequest.objects.exists()


def test_more_pending_requests_than_the_program_allows_are_refused(program, mentee):
    program.max_open_requests_per_mentee = 2
    program.save(update_fields=["max_open_requests_per_mentee"])
    first, second, third = (extra_mentor(program, f"m{n}@example.org") for n in range(3))
    ask(mentee, first, program=program)
    ask(mentee, second, program=program)
    with pytest.raises(RequestLimitReached):
        ask(mentee, third, program=program)
    assert MentorRequest.objects.count() == 2


def test_queued_backups_do_not_count_against_the_limit(program, mentee):
    program.max_open_requests_per_mentee = 2
    program.save(update_fields=["max_open_requests_per_mentee"])
    mentors = [extra_mentor(program, f"m{n}@example.org") for n in range(4)]
    ask(mentee, mentors[0], mentors[1], mentors[2], program=program)
    [second] = ask(mentee, mentors[3], program=program)
    assert second.state == MentorRequest.State.PENDING
    assert MentorRequest.objects.filter(state=MentorRequest.State.QUEUED).count() == 2


def test_backups_wait_unseen_by_their_mentors(program, mentee, mentor, other_mentor):
    first, backup = ask(mentee, mentor, other_mentor, program=program)
    assert backup.state == MentorRequest.State.QUEUED
    assert backup.choice_group == first.choice_group and backup.choice_rank == 2
    assert titles_for(other_mentor) == []
    assert not requests_visible_to(other_mentor).exists()
    assert set(requests_visible_to(mentee)) == {first, backup}


# Answering ------------------------------------------------------------------------------------


def test_accepting_starts_a_relationship_and_cancels_the_remaining_backups(
    program, mentee, mentor, other_mentor
):
    first, backup = ask(mentee, mentor, other_mentor, program=program)

    relationship = accept_request(request=first, by=mentor)

    first.refresh_from_db()
    backup.refresh_from_db()
    assert first.state == MentorRequest.State.ACCEPTED and first.answered_at is not None
    assert backup.state == MentorRequest.State.CANCELLED
    assert relationship.state == Relationship.State.ACTIVE
    assert relationship.request == first
    assert "Marcus Mentor accepted your request" in titles_for(mentee)
    assert titles_for(other_mentor) == []


def test_a_mentor_cannot_accept_a_request_addressed_to_someone_else(
    program, mentee, mentor, other_mentor
):
    [request] = ask(mentee, mentor, program=program)
    with pytest.raises(ActionNotAllowed):
        accept_request(request=request, by=other_mentor)
    request.refresh_from_db()
    assert request.state == MentorRequest.State.PENDING
    assert not Relationship.objects.exists()


def test_a_mentee_cannot_accept_their_own_request(program, mentee, mentor):
    [request] = ask(mentee, mentor, program=program)
    with pytest.raises(ActionNotAllowed):
        accept_request(request=request, by=mentee)
    assert not Relationship.objects.exists()


def test_accepting_at_capacity_is_refused_and_changes_nothing(program, mentor):
    participation = mentor_of(mentor, program)
    participation.capacity = 1
    participation.save(update_fields=["capacity"])
    mentees = [
        make_member(program=program, roles=("mentee",), email=f"e{n}@example.org").user
        for n in range(2)
    ]
    [first] = ask(mentees[0], mentor, program=program)
    [second] = ask(mentees[1], mentor, program=program)
    accept_request(request=first, by=mentor)

    with pytest.raises(MentorAtCapacity):
        accept_request(request=second, by=mentor)

    second.refresh_from_db()
    assert second.state == MentorRequest.State.PENDING
    assert Relationship.objects.count() == 1


def test_a_paused_relationship_still_holds_capacity(program, mentee, other_mentee, mentor):
    participation = mentor_of(mentor, program)
    participation.capacity = 1
    participation.save(update_fields=["capacity"])
    [first] = ask(mentee, mentor, program=program)
    relationship = accept_request(request=first, by=mentor)
    Relationship.objects.filter(pk=relationship.pk).update(state=Relationship.State.PAUSED)
    [second] = ask(other_mentee, mentor, program=program)
    with pytest.raises(MentorAtCapacity):
        accept_request(request=second, by=mentor)


def test_an_answered_request_cannot_be_answered_again(program, mentee, mentor):
    [request] = ask(mentee, mentor, program=program)
    decline_request(request=request, by=mentor, reason="busy")
    with pytest.raises(InvalidTransition):
        accept_request(request=request, by=mentor)
    with pytest.raises(InvalidTransition):
        decline_request(request=request, by=mentor, reason="busy")


def test_declining_sends_the_next_backup_and_both_sides_are_told(
    program, mentee, mentor, other_mentor
):
    first, backup = ask(mentee, mentor, other_mentor, program=program)

    decline_request(request=first, by=mentor, reason="not_a_good_fit", note="Try Olga")

    first.refresh_from_db()
    backup.refresh_from_db()
    assert first.state == MentorRequest.State.DECLINED
    assert (first.decline_reason, first.decline_note) == ("not_a_good_fit", "Try Olga")
    assert backup.state == MentorRequest.State.PENDING and backup.expires_at is not None
    assert titles_for(other_mentor) == ["Mia Mentee asks you to be their mentor"]
    mentee_titles = titles_for(mentee)
    assert "Marcus Mentor cannot mentor you right now" in mentee_titles
    assert "Your request went to your backup choice, Olga Mentor" in mentee_titles


def test_declining_needs_a_reason_from_the_list(program, mentee, mentor):
    [request] = ask(mentee, mentor, program=program)
    with pytest.raises(ValidationError):
        decline_request(request=request, by=mentor, reason="whatever")
    request.refresh_from_db()
    assert request.state == MentorRequest.State.PENDING


def test_a_backup_no_longer_possible_is_skipped(program, mentee, mentor, other_mentor):
    third = extra_mentor(program, "third@example.org", display_name="Tess Third")
    first, second, last = ask(mentee, mentor, other_mentor, third, program=program)
    Block.objects.create(blocker=other_mentor, blocked=mentee)

    decline_request(request=first, by=mentor, reason="busy")

    second.refresh_from_db()
    last.refresh_from_db()
    assert second.state == MentorRequest.State.CANCELLED
    assert last.state == MentorRequest.State.PENDING


# Withdrawing ----------------------------------------------------------------------------------


def test_withdrawing_the_pending_request_tells_the_mentor_and_sends_the_next_backup(
    program, mentee, mentor, other_mentor
):
    first, backup = ask(mentee, mentor, other_mentor, program=program)
    withdraw_request(request=first, by=mentee)
    first.refresh_from_db()
    backup.refresh_from_db()
    assert first.state == MentorRequest.State.WITHDRAWN
    assert backup.state == MentorRequest.State.PENDING
    assert "Mia Mentee withdrew their request" in titles_for(mentor)


def test_only_the_mentee_can_withdraw_and_only_while_open(program, mentee, mentor):
    [request] = ask(mentee, mentor, program=program)
    with pytest.raises(ActionNotAllowed):
        withdraw_request(request=request, by=mentor)
    withdraw_request(request=request, by=mentee)
    with pytest.raises(InvalidTransition):
        withdraw_request(request=request, by=mentee)


# Expiry and reminders ---------------------------------------------------------------------------


def test_expiry_sends_the_next_backup_and_tells_the_mentee(program, mentee, mentor, other_mentor):
    first, backup = ask(mentee, mentor, other_mentor, program=program)
    assert first.expires_at is not None
    later = first.expires_at + datetime.timedelta(minutes=1)

    assert expire_due_requests(now=later) == 1

    first.refresh_from_db()
    backup.refresh_from_db()
    assert first.state == MentorRequest.State.EXPIRED
    assert backup.state == MentorRequest.State.PENDING
    assert backup.expires_at == later + datetime.timedelta(days=program.mentor_response_days)
    expired = Notification.objects.get(
        recipient=mentee, title="Marcus Mentor did not answer in time"
    )
    assert "Olga Mentor" in expired.body
    assert expired.url == f"/requests/{backup.pk}/"
    assert titles_for(other_mentor) == ["Mia Mentee asks you to be their mentor"]


def test_expiry_without_a_backup_points_the_mentee_to_the_directory(program, mentee, mentor):
    [request] = ask(mentee, mentor, program=program)
    assert request.expires_at is not None
    expire_due_requests(now=request.expires_at + datetime.timedelta(seconds=1))
    notification = Notification.objects.get(recipient=mentee)
    assert "ask someone else" in notification.body
    assert notification.url == "/programs/rise/mentors/"


def test_nothing_expires_before_its_window_ends_and_nothing_twice(program, mentee, mentor):
    [request] = ask(mentee, mentor, program=program)
    assert request.expires_at is not None
    assert expire_due_requests(now=request.expires_at - datetime.timedelta(minutes=1)) == 0
    after = request.expires_at + datetime.timedelta(minutes=1)
    assert expire_due_requests(now=after) == 1
    assert expire_due_requests(now=after) == 0
    assert Notification.objects.filter(recipient=mentee).count() == 1


def test_the_mentor_is_reminded_once_at_half_the_window(program, mentee, mentor):
    [request] = ask(mentee, mentor, program=program)
    assert request.sent_at is not None
    half = datetime.timedelta(days=program.mentor_response_days) / 2
    earlier = list(Notification.objects.filter(recipient=mentor).values_list("pk", flat=True))

    assert remind_mentors_of_waiting_requests(now=request.sent_at + half / 2) == 0
    assert remind_mentors_of_waiting_requests(now=request.sent_at + half) == 1
    assert remind_mentors_of_waiting_requests(now=request.sent_at + half * 1.5) == 0

    reminders = Notification.objects.filter(recipient=mentor).exclude(pk__in=earlier)
    assert [n.title for n in reminders] == ["Mia Mentee is waiting for your answer"]


# The question thread ----------------------------------------------------------------------------


def test_the_mentor_asks_and_the_mentee_answers_while_the_request_is_pending(
    program, mentee, mentor
):
    [request] = ask(mentee, mentor, program=program)
    add_request_message(request=request, by=mentor, body="How much time do you have?")
    add_request_message(request=request, by=mentee, body="Two hours a month.")

    thread = list(RequestMessage.objects.filter(request=request).values_list("author", "body"))
    assert thread == [
        (mentor.pk, "How much time do you have?"),
        (mentee.pk, "Two hours a month."),
    ]
    assert "Marcus Mentor wrote about your request" in titles_for(mentee)
    assert "Mia Mentee wrote about your request" in titles_for(mentor)


def test_the_thread_closes_once_the_request_is_answered(program, mentee, mentor):
    [request] = ask(mentee, mentor, program=program)
    decline_request(request=request, by=mentor, reason="busy")
    with pytest.raises(InvalidTransition):
        add_request_message(request=request, by=mentee, body="But why?")
    assert not RequestMessage.objects.exists()


def test_nobody_else_writes_in_the_thread(program, mentee, mentor, program_admin, other_mentor):
    [request] = ask(mentee, mentor, program=program)
    for outsider in (program_admin, other_mentor):
        with pytest.raises(ActionNotAllowed):
            add_request_message(request=request, by=outsider, body="Hi")
    with pytest.raises(ValidationError):
        add_request_message(request=request, by=mentor, body="   ")
    assert not RequestMessage.objects.exists()


# Leaving the program ----------------------------------------------------------------------------


def test_a_mentee_leaving_the_program_withdraws_their_requests_and_the_mentor_is_told(
    program, mentee, mentor, other_mentor
):
    ask(mentee, mentor, other_mentor, program=program)

    leave_program(membership=membership_of(mentee, program))

    states = set(MentorRequest.objects.values_list("state", flat=True))
    assert states == {MentorRequest.State.WITHDRAWN}
    assert membership_of(mentee, program).status == Membership.Status.LEFT
    assert "Mia Mentee left Rise and withdrew their request" in titles_for(mentor)
    assert titles_for(other_mentor) == []


def test_a_mentor_leaving_the_program_hands_their_requests_to_the_mentees_backups(
    program, mentee, other_mentee, mentor, other_mentor
):
    first, backup = ask(mentee, mentor, other_mentor, program=program)
    waiting_for_mentor = ask(other_mentee, other_mentor, mentor, program=program)[1]

    leave_program(membership=membership_of(mentor, program))

    first.refresh_from_db()
    backup.refresh_from_db()
    waiting_for_mentor.refresh_from_db()
    assert first.state == MentorRequest.State.DECLINED
    assert backup.state == MentorRequest.State.PENDING
    assert waiting_for_mentor.state == MentorRequest.State.CANCELLED
    assert "Marcus Mentor left the program and cannot answer your request" in titles_for(mentee)


# Who may read a mentee's profile -----------------------------------------------------------------


def test_a_mentor_may_read_the_profile_of_mentees_who_asked_them(
    program, mentee, other_mentee, mentor, other_mentor
):
    ask(mentee, mentor, other_mentor, program=program)
    participation = mentee_of(mentee, program)

    assert mentee_visible_to_mentor(mentor, participation)
    # A queued backup never reached other_mentor, so they learn nothing of the mentee.
    assert not mentee_visible_to_mentor(other_mentor, participation)
    assert not mentee_visible_to_mentor(mentor, mentee_of(other_mentee, program))
    assert not mentee_visible_to_mentor(other_mentee, participation)


def test_a_mentor_keeps_reading_the_profile_of_their_mentees(program, mentee, mentor):
    [request] = ask(mentee, mentor, program=program)
    accept_request(request=request, by=mentor)
    assert list(mentee_participations_seen_by(mentor)) == [mentee_of(mentee, program)]


def test_a_queued_backup_stays_hidden_from_a_mentor_who_also_runs_the_program(
    program, mentee, mentor, other_mentor
):
    Membership.objects.filter(user=other_mentor, program=program).update(is_admin=True)
    first, backup = ask(mentee, mentor, other_mentor, program=program)
    assert list(requests_visible_to(other_mentor)) == [first]
    assert MentorRequest.objects.visible_to(other_mentor).filter(pk=backup.pk).exists()


def test_now_defaults_keep_requests_in_the_window(program, mentee, mentor):
    [request] = ask(mentee, mentor, program=program)
    assert request.sent_at is not None
    assert abs(request.sent_at - timezone.now()) < datetime.timedelta(minutes=1)

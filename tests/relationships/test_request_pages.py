"""Request pages: asking a mentor (with every rule as a form error), a request's page and its
actions, per persona."""

from __future__ import annotations

import pytest
from django.test import Client

from mentorship.models import Membership, MentorParticipation, User
from relationships.models import Block, MentorRequest, Relationship, RequestMessage
from tests.factories import make_member
from tests.relationships.test_requests import add_goal, ask, mentee_of, mentor_of

pytestmark = pytest.mark.django_db


def browser(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def new_url(slug: str = "rise") -> str:
    return f"/programs/{slug}/requests/new/"


# Asking a mentor ------------------------------------------------------------------------------


def test_the_request_form_preselects_the_mentor_and_offers_the_mentees_goals(
    program, mentee, mentor, other_mentor
):
    add_goal(mentee_of(mentee, program), "Speak at a conference")
    chosen = mentor_of(other_mentor, program)

    page = browser(mentee).get(new_url(), {"mentor": chosen.pk})

    assert page.status_code == 200
    html = page.content.decode()
    assert f'<option value="{chosen.pk}" selected>Olga Mentor</option>' in html
    assert "Marcus Mentor" in html
    assert "Speak at a conference" in html


def test_a_mentee_sends_a_request_with_backups_from_the_form(program, mentee, mentor, other_mentor):
    goal = add_goal(mentee_of(mentee, program))

    response = browser(mentee).post(
        new_url(),
        {
            "mentor": mentor_of(mentor, program).pk,
            "backup_1": mentor_of(other_mentor, program).pk,
            "message": "Could you help me lead?",
            "goals": [goal.pk],
        },
    )

    first = MentorRequest.objects.get(mentor=mentor_of(mentor, program))
    assert response.status_code == 302 and response["Location"] == f"/requests/{first.pk}/"
    assert first.state == MentorRequest.State.PENDING
    assert list(first.goals.all()) == [goal]
    backup = MentorRequest.objects.get(mentor=mentor_of(other_mentor, program))
    assert (backup.state, backup.choice_rank) == (MentorRequest.State.QUEUED, 2)


@pytest.mark.parametrize("persona", ["alice", "mentor", "other_program_admin", "program_admin"])
def test_only_mentees_of_the_program_reach_the_request_form(program, persona, request):
    user = request.getfixturevalue(persona)
    assert browser(user).get(new_url()).status_code == 404


def post_request(user: User, **fields: object) -> str:
    response = browser(user).post(new_url(), {"message": "Please", **fields})
    assert response.status_code == 200
    return response.content.decode()


def test_asking_yourself_is_a_form_error(program):
    both = make_member(program=program, roles=("mentee", "mentor"), email="both@example.org")
    html = post_request(both.user, mentor=both.mentor_participation.pk)
    assert "You cannot ask yourself to be your mentor." in html
    assert not MentorRequest.objects.exists()


def test_asking_a_blocked_member_is_a_form_error(program, mentee, mentor):
    Block.objects.create(blocker=mentor, blocked=mentee)
    html = post_request(mentee, mentor=mentor_of(mentor, program).pk)
    assert "You cannot send a request to this member." in html
    assert not MentorRequest.objects.exists()


def test_asking_a_mentor_of_another_program_is_a_form_error(program, other_program, mentee):
    make_member(program=other_program, user=mentee, roles=("mentee",))
    outsider = make_member(program=other_program, roles=("mentor",), email="far@example.org")
    html = post_request(mentee, mentor=outsider.mentor_participation.pk)
    assert "This mentor is not in your program." in html
    assert not MentorRequest.objects.exists()


def test_a_mentor_the_mentee_cannot_see_is_not_a_choice(program, other_program, mentee):
    stranger = make_member(program=other_program, roles=("mentor",), email="far@example.org")
    html = post_request(mentee, mentor=stranger.mentor_participation.pk)
    assert "Choose a mentor from the list." in html
    assert not MentorRequest.objects.exists()


def test_asking_a_mentor_who_is_not_accepting_is_a_form_error(program, mentee, mentor):
    MentorParticipation.objects.filter(pk=mentor_of(mentor, program).pk).update(
        accepting_mentees=False
    )
    html = post_request(mentee, mentor=mentor_of(mentor, program).pk)
    assert "Marcus Mentor is not accepting new mentees." in html
    assert not MentorRequest.objects.exists()


def test_a_duplicate_request_is_a_form_error(program, mentee, mentor):
    ask(mentee, mentor, program=program)
    html = post_request(mentee, mentor=mentor_of(mentor, program).pk)
    assert "You already have an open request to Marcus Mentor." in html
    assert MentorRequest.objects.count() == 1


def test_going_over_the_programs_limit_is_a_form_error(program, mentee, mentor, other_mentor):
    program.max_open_requests_per_mentee = 1
    program.save(update_fields=["max_open_requests_per_mentee"])
    ask(mentee, mentor, program=program)
    html = post_request(mentee, mentor=mentor_of(other_mentor, program).pk)
    assert "that is this program&#x27;s limit" in html
    assert MentorRequest.objects.count() == 1


def test_the_same_mentor_twice_and_a_missing_message_are_form_errors(program, mentee, mentor):
    chosen = mentor_of(mentor, program).pk
    response = browser(mentee).post(new_url(), {"mentor": chosen, "backup_1": chosen})
    html = response.content.decode()
    assert "Choose each mentor only once." in html
    assert "This field is required." in html
    assert not MentorRequest.objects.exists()


# A request's page -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("mentee", 200),
        ("mentor", 200),
        ("program_admin", 200),
        ("other_mentee", 404),
        ("other_mentor", 404),
        ("other_program_admin", 404),
        ("alice", 404),
    ],
)
def test_a_request_page_is_seen_by_the_pair_and_the_programs_admins(
    program, mentee, mentor, persona, status, request
):
    [mentor_request] = ask(mentee, mentor, program=program, message="Teach me, please")
    page = browser(request.getfixturevalue(persona)).get(f"/requests/{mentor_request.pk}/")
    assert page.status_code == status
    if status == 200:
        assert "Teach me, please" in page.content.decode()


def test_the_mentee_sees_their_backups_and_the_backup_mentor_sees_nothing(
    program, mentee, mentor, other_mentor
):
    first, backup = ask(mentee, mentor, other_mentor, program=program)

    html = browser(mentee).get(f"/requests/{first.pk}/").content.decode()
    assert "Waiting as backup choice 2" in html
    assert browser(mentee).get(f"/requests/{backup.pk}/").status_code == 200
    assert browser(other_mentor).get(f"/requests/{backup.pk}/").status_code == 404
    mentor_html = browser(mentor).get(f"/requests/{first.pk}/").content.decode()
    assert "backup" not in mentor_html.lower()


def test_the_mentor_sees_accept_and_decline_and_the_mentee_withdraw(program, mentee, mentor):
    [mentor_request] = ask(mentee, mentor, program=program)
    mentor_html = browser(mentor).get(f"/requests/{mentor_request.pk}/").content.decode()
    mentee_html = browser(mentee).get(f"/requests/{mentor_request.pk}/").content.decode()
    assert f"/requests/{mentor_request.pk}/accept/" in mentor_html
    assert f"/requests/{mentor_request.pk}/decline/" in mentor_html
    assert f"/requests/{mentor_request.pk}/withdraw/" not in mentor_html
    assert f"/requests/{mentor_request.pk}/withdraw/" in mentee_html
    assert f"/requests/{mentor_request.pk}/accept/" not in mentee_html
    mentee_profile = f"/programs/rise/mentees/{mentor_request.mentee.membership_id}/"
    assert mentee_profile in mentor_html


# Acting on a request ---------------------------------------------------------------------------


def test_accepting_leads_to_the_new_relationship(program, mentee, mentor):
    [mentor_request] = ask(mentee, mentor, program=program)
    response = browser(mentor).post(f"/requests/{mentor_request.pk}/accept/")
    relationship = Relationship.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/relationships/{relationship.pk}/"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("mentee", 403), ("program_admin", 403), ("other_mentor", 404), ("alice", 404)],
)
def test_only_the_addressed_mentor_can_accept(program, mentee, mentor, persona, status, request):
    [mentor_request] = ask(mentee, mentor, program=program)
    user = request.getfixturevalue(persona)
    assert browser(user).post(f"/requests/{mentor_request.pk}/accept/").status_code == status
    assert not Relationship.objects.exists()


def test_accepting_at_capacity_says_so_and_changes_nothing(program, mentor):
    participation = mentor_of(mentor, program)
    participation.capacity = 1
    participation.save(update_fields=["capacity"])
    mentees = [make_member(program=program, email=f"e{n}@example.org").user for n in range(2)]
    [first] = ask(mentees[0], mentor, program=program)
    [second] = ask(mentees[1], mentor, program=program)
    client = browser(mentor)
    client.post(f"/requests/{first.pk}/accept/")

    response = client.post(f"/requests/{second.pk}/accept/", follow=True)

    assert "no room for another mentee" in response.content.decode()
    second.refresh_from_db()
    assert second.state == MentorRequest.State.PENDING
    assert Relationship.objects.count() == 1


def test_declining_with_a_reason_and_a_note(program, mentee, mentor):
    [mentor_request] = ask(mentee, mentor, program=program)
    response = browser(mentor).post(
        f"/requests/{mentor_request.pk}/decline/", {"reason": "busy", "note": "Next spring?"}
    )
    assert response.status_code == 302
    mentor_request.refresh_from_db()
    assert mentor_request.state == MentorRequest.State.DECLINED
    assert mentor_request.decline_note == "Next spring?"
    mentee_html = browser(mentee).get(f"/requests/{mentor_request.pk}/").content.decode()
    assert "Too busy: Next spring?" in mentee_html


def test_declining_without_a_reason_is_a_form_error(program, mentee, mentor):
    [mentor_request] = ask(mentee, mentor, program=program)
    response = browser(mentor).post(f"/requests/{mentor_request.pk}/decline/", {"reason": "x"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    mentor_request.refresh_from_db()
    assert mentor_request.state == MentorRequest.State.PENDING


def test_a_mentee_cannot_decline_their_own_request(program, mentee, mentor):
    [mentor_request] = ask(mentee, mentor, program=program)
    response = browser(mentee).post(f"/requests/{mentor_request.pk}/decline/", {"reason": "busy"})
    assert response.status_code == 403
    mentor_request.refresh_from_db()
    assert mentor_request.state == MentorRequest.State.PENDING


def test_the_mentee_withdraws_and_the_mentor_cannot(program, mentee, mentor):
    [mentor_request] = ask(mentee, mentor, program=program)
    assert browser(mentor).post(f"/requests/{mentor_request.pk}/withdraw/").status_code == 403
    assert browser(mentee).post(f"/requests/{mentor_request.pk}/withdraw/").status_code == 302
    mentor_request.refresh_from_db()
    assert mentor_request.state == MentorRequest.State.WITHDRAWN


def test_the_question_thread_on_the_page(program, mentee, mentor, program_admin):
    [mentor_request] = ask(mentee, mentor, program=program)
    url = f"/requests/{mentor_request.pk}/messages/"
    assert browser(mentor).post(url, {"body": "What is your goal?"}).status_code == 302
    assert browser(mentee).post(url, {"body": "Leading a team."}).status_code == 302
    assert browser(program_admin).post(url, {"body": "Hello"}).status_code == 403
    empty = browser(mentee).post(url, {"body": ""})
    assert empty.status_code == 200 and "This field is required." in empty.content.decode()

    html = browser(mentor).get(f"/requests/{mentor_request.pk}/").content.decode()
    assert html.index("What is your goal?") < html.index("Leading a team.")
    assert RequestMessage.objects.count() == 2


def test_the_thread_is_closed_once_the_request_is_answered(program, mentee, mentor):
    [mentor_request] = ask(mentee, mentor, program=program)
    browser(mentor).post(f"/requests/{mentor_request.pk}/decline/", {"reason": "busy"})
    response = browser(mentee).post(
        f"/requests/{mentor_request.pk}/messages/", {"body": "Why?"}, follow=True
    )
    assert "can no longer be answered" in response.content.decode()
    assert not RequestMessage.objects.exists()


def test_a_member_who_left_cannot_open_the_request_form(program, mentee):
    Membership.objects.filter(user=mentee).update(status=Membership.Status.LEFT)
    assert browser(mentee).get(new_url()).status_code == 404

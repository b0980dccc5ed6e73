"""Milestones and thank-you notes: an achieved goal is celebrated once and both are told; a
note reaches the mentor's profile only with both consents, mentee first.

Personas: `mentee` and `mentor` are a pair; `other_mentee` is another mentee of the program
who may read the mentor's page; `program_admin` sees the relationship but not its notes.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from mentorship.errors import ActionNotAllowed, InvalidTransition
from mentorship.models import NotificationKind, Program, User
from relationships.errors import Blocked
from relationships.models import Block, Goal, Milestone, Relationship, ThankYouNote
from relationships.services.goals import add_goal, update_goal
from relationships.services.recognition import send_thank_you, set_testimonial_consent
from relationships.services.relationships import close_relationship, start_relationship
from tests.conftest import membership_of

pytestmark = pytest.mark.django_db


def page_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def relationship(program: Program, mentee: User, mentor: User) -> Relationship:
    return start_relationship(
        mentee=membership_of(mentee, program).mentee_participation,
        mentor=membership_of(mentor, program).mentor_participation,
    )


def recognitions(user: User) -> list[str]:
    return list(
        user.notifications.filter(kind=NotificationKind.RECOGNITION).values_list("title", flat=True)
    )


def mentor_page(program: Program, mentor: User) -> str:
    participation = membership_of(mentor, program).mentor_participation
    return f"/programs/{program.slug}/mentors/{participation.pk}/"


# --- milestones -----------------------------------------------------------------------------


def test_achieving_a_goal_is_celebrated_once_and_both_sides_are_told(relationship, mentee, mentor):
    goal = add_goal(relationship=relationship, by=mentee, title="Give a conference talk")
    assert not Milestone.objects.exists()
    update_goal(goal=goal, by=mentor, status=Goal.Status.ACHIEVED, progress=100)
    milestone = Milestone.objects.get()
    assert (milestone.goal, milestone.title, milestone.achieved_by) == (
        goal,
        "Give a conference talk",
        mentor,
    )
    for person in (mentee, mentor):
        assert recognitions(person) == ["Milestone reached: Give a conference talk"]
    # Reopened and achieved again: still one milestone, nobody told twice.
    update_goal(goal=goal, by=mentee, status=Goal.Status.IN_PROGRESS)
    update_goal(goal=goal, by=mentee, status=Goal.Status.ACHIEVED)
    assert Milestone.objects.count() == 1
    assert len(recognitions(mentee)) == 1


def test_a_goal_added_as_achieved_is_a_milestone_too(relationship, mentee):
    add_goal(relationship=relationship, by=mentee, title="Done already", status="achieved")
    assert Milestone.objects.filter(title="Done already").exists()


def test_other_goal_changes_are_not_milestones(relationship, mentee):
    goal = add_goal(relationship=relationship, by=mentee, title="Learn Rust")
    update_goal(goal=goal, by=mentee, progress=90, status=Goal.Status.IN_PROGRESS)
    assert not Milestone.objects.exists()
    assert recognitions(mentee) == []


@pytest.mark.parametrize(("persona", "sees"), [("mentee", True), ("program_admin", True)])
def test_milestones_show_on_the_relationship_page(request, relationship, mentee, persona, sees):
    goal = add_goal(relationship=relationship, by=mentee, title="Ship the side project")
    update_goal(goal=goal, by=mentee, status=Goal.Status.ACHIEVED)
    page = page_for(request.getfixturevalue(persona)).get(f"/relationships/{relationship.pk}/")
    assert ("Goal achieved: Ship the side project" in page.content.decode()) is sees


# --- thank-you notes ------------------------------------------------------------------------


def test_the_mentee_thanks_the_mentor_who_is_told(relationship, mentee, mentor):
    note = send_thank_you(relationship=relationship, by=mentee, body="Thank you for everything")
    assert note.author == mentee and not note.is_public
    assert recognitions(mentor) == ["Mia Mentee sent you a thank-you note"]


def test_thanks_may_come_after_the_relationship_closed(relationship, mentee, mentor):
    close_relationship(relationship=relationship, by=mentor, reason="goals_met")
    relationship.refresh_from_db()
    assert send_thank_you(relationship=relationship, by=mentee, body="Thanks").pk


@pytest.mark.parametrize("persona", ["mentor", "program_admin"])
def test_only_the_mentee_sends_thank_you_notes(request, relationship, persona):
    with pytest.raises(ActionNotAllowed):
        send_thank_you(relationship=relationship, by=request.getfixturevalue(persona), body="Hi")
    assert not ThankYouNote.objects.exists()


def test_an_empty_note_or_one_across_a_block_is_refused(relationship, mentee, mentor):
    with pytest.raises(ValidationError) as error:
        send_thank_you(relationship=relationship, by=mentee, body="  ")
    assert "body" in error.value.message_dict
    Block.objects.create(blocker=mentor, blocked=mentee)
    with pytest.raises(Blocked):
        send_thank_you(relationship=relationship, by=mentee, body="Thanks")
    assert not ThankYouNote.objects.exists()


def test_the_mentor_cannot_publish_a_note_the_mentee_keeps_private(relationship, mentee, mentor):
    note = send_thank_you(relationship=relationship, by=mentee, body="Private thanks")
    with pytest.raises(InvalidTransition) as error:
        set_testimonial_consent(note=note, by=mentor, public=True)
    assert error.value.errors == {"public": ["The mentee has not agreed to show this note."]}
    note.refresh_from_db()
    assert (note.mentee_consents_public, note.mentor_consents_public) == (False, False)


def test_the_database_refuses_a_mentor_consent_without_the_mentees(relationship, mentee):
    with pytest.raises(IntegrityError), transaction.atomic():
        ThankYouNote.objects.create(
            relationship=relationship, author=mentee, body="x", mentor_consents_public=True
        )


def test_a_note_becomes_a_testimonial_only_with_both_consents_and_leaves_when_either_withdraws(
    relationship, program, mentee, mentor, other_mentee
):
    note = send_thank_you(
        relationship=relationship, by=mentee, body="Marcus changed my career", public=True
    )
    page = mentor_page(program, mentor)
    assert "Marcus changed my career" not in page_for(other_mentee).get(page).content.decode()
    set_testimonial_consent(note=note, by=mentor, public=True)
    shown = page_for(other_mentee).get(page).content.decode()
    assert "Marcus changed my career" in shown and "Mia Mentee" in shown
    assert any("is now on Marcus Mentor" in title for title in recognitions(mentee))
    # The mentor takes it down, then agrees again; the mentee taking theirs back clears both.
    set_testimonial_consent(note=note, by=mentor, public=False)
    assert "Marcus changed my career" not in page_for(other_mentee).get(page).content.decode()
    set_testimonial_consent(note=note, by=mentor, public=True)
    note = set_testimonial_consent(note=note, by=mentee, public=False)
    assert (note.mentee_consents_public, note.mentor_consents_public) == (False, False)
    assert "Marcus changed my career" not in page_for(other_mentee).get(page).content.decode()


def test_the_mentors_page_has_no_star_ratings(relationship, program, mentee, mentor, other_mentee):
    note = send_thank_you(relationship=relationship, by=mentee, body="Kind and clear", public=True)
    set_testimonial_consent(note=note, by=mentor, public=True)
    page = page_for(other_mentee).get(mentor_page(program, mentor)).content.decode()
    assert "What mentees say" in page and "★" not in page and "average" not in page.lower()


# --- thank-you pages ------------------------------------------------------------------------


def test_the_mentee_sends_a_note_from_the_page(relationship, mentee, mentor):
    client = page_for(mentee)
    url = f"/relationships/{relationship.pk}/thanks/new/"
    assert client.get(url).status_code == 200
    blank = client.post(url, {"body": ""})
    assert blank.status_code == 200 and blank.context["form"].errors["body"]
    assert not ThankYouNote.objects.exists()
    response = client.post(url, {"body": "Thanks a lot", "public": "on"})
    assert response.status_code == 302
    assert ThankYouNote.objects.get().mentee_consents_public
    assert page_for(mentor).get(url).status_code == 403


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("mentee", 200),
        ("mentor", 200),
        ("program_admin", 404),
        ("other_mentee", 404),
        ("other_program_admin", 404),
        ("alice", 404),
    ],
)
def test_the_notes_page_is_the_pairs_only(request, relationship, mentee, persona, status):
    send_thank_you(relationship=relationship, by=mentee, body="Between us")
    response = page_for(request.getfixturevalue(persona)).get(
        f"/relationships/{relationship.pk}/thanks/"
    )
    assert response.status_code == status
    if status == 200:
        assert "Between us" in response.content.decode()


def test_consent_on_the_page_follows_the_same_rules(relationship, mentee, mentor, program_admin):
    note = send_thank_you(relationship=relationship, by=mentee, body="Thanks")
    url = f"/thanks/{note.pk}/consent/"
    early = page_for(mentor).post(url, {"public": "on"}, follow=True)
    assert "has not agreed" in early.content.decode()
    assert page_for(program_admin).post(url, {"public": "on"}).status_code == 404
    page_for(mentee).post(url, {"public": "on"})
    page_for(mentor).post(url, {"public": "on"})
    note.refresh_from_db()
    assert note.is_public

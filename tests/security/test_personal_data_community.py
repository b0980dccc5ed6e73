"""Circles, introductions and thank-you notes in a person's data export and account
deletion (issue #9, privacy).

The scene: Marcus (mentor) has two mentees, Mia and Otto, who are both members of his
circle; its session was held and both rated it. Mia also asked to join Olga's program
circle. Marcus introduced Mia to Olga (accepted, with a follow-up at Mia's office) and
Otto to Olga; Priya (program admin) introduced Mia to Otto, still pending. Mia and Otto
each thanked Marcus; Mia's note is on his profile. A goal of Mia and Marcus was achieved.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from mentorship.models import Membership, User
from relationships.models import (
    Circle,
    CircleMembership,
    CircleSession,
    CircleSessionRating,
    Introduction,
    Relationship,
    ThankYouNote,
)
from relationships.services.circle_sessions import rate_circle_session
from relationships.services.circles import request_to_join_circle
from relationships.services.goals import add_goal
from relationships.services.introductions import (
    accept_introduction,
    decline_introduction,
    introduce,
    set_follow_up,
)
from relationships.services.recognition import send_thank_you, set_testimonial_consent
from tests.conftest import client_for, membership_of
from tests.factories import PASSWORD
from tests.relationships.circles_support import (
    held_session,
    mentor_circle,
    mentor_part,
    program_circle,
)

pytestmark = pytest.mark.django_db

MIA_RATING = "Mia-rating: helpful session"
OTTO_RATING = "Otto-rating: far too long"
SHARED_NOTES = "Circle-shared-notes: pitch drills"
MIA_TO_OLGA = "Marcus-intro: Mia should meet Olga"
OTTO_TO_OLGA = "Marcus-intro: Otto should meet Olga"
PRIYA_NOTE = "Priya-intro: Mia and Otto both like design"
MIA_OFFICE = "Mia's office, 5 Elm Street"
MIA_THANKS = "Mia-thanks: you changed my career"
OTTO_THANKS = "Otto-thanks: grateful"


@dataclass
class Scene:
    circle: Circle
    program_circle: Circle
    session: CircleSession
    mia_and_marcus: Relationship
    mia_to_olga: Introduction
    mia_to_otto: Introduction
    otto_to_olga: Introduction
    mia_thanks: ThankYouNote


def intro(program, by: User, mentee: User, member: User, note: str) -> Introduction:
    return introduce(
        by=by,
        mentee=membership_of(mentee, program).mentee_participation,
        member=membership_of(member, program),
        note=note,
    )


@pytest.fixture
def scene(program, mentee, other_mentee, mentor, other_mentor, program_admin) -> Scene:
    circle = mentor_circle(program, mentor, [mentee, other_mentee])
    session = held_session(circle, mentor, [mentee, other_mentee], notes=SHARED_NOTES)
    rate_circle_session(session=session, by=mentee, rating=5, comment=MIA_RATING)
    rate_circle_session(session=session, by=other_mentee, rating=2, comment=OTTO_RATING)
    olgas = program_circle(program, program_admin, other_mentor)
    request_to_join_circle(circle=olgas, by=mentee)

    mia_to_olga = intro(program, mentor, mentee, other_mentor, MIA_TO_OLGA)
    accept_introduction(introduction=mia_to_olga, by=other_mentor)
    set_follow_up(
        introduction=mia_to_olga,
        by=mentee,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        duration_minutes=30,
        mode="in_person",
        location=MIA_OFFICE,
    )
    otto_to_olga = intro(program, mentor, other_mentee, other_mentor, OTTO_TO_OLGA)
    mia_to_otto = intro(program, program_admin, mentee, other_mentee, PRIYA_NOTE)

    pair = Relationship.objects.get(mentee__membership__user=mentee)
    add_goal(relationship=pair, by=mentee, title="Mia-goal: first talk", status="achieved")
    mia_thanks = send_thank_you(relationship=pair, by=mentee, body=MIA_THANKS, public=True)
    set_testimonial_consent(note=mia_thanks, by=mentor, public=True)
    ottos = Relationship.objects.get(mentee__membership__user=other_mentee)
    send_thank_you(relationship=ottos, by=other_mentee, body=OTTO_THANKS)
    return Scene(circle, olgas, session, pair, mia_to_olga, mia_to_otto, otto_to_olga, mia_thanks)


def export(user: User) -> tuple[dict[str, Any], str]:
    response = client_for(user).get("/api/v1/me/data/")
    assert response.status_code == 200
    return response.json(), response.content.decode()


# Download ---------------------------------------------------------------------------------------


def test_mia_gets_her_circles_sessions_and_her_own_rating_only(scene, mentee):
    data, text = export(mentee)
    circles = {(row["circle"], row["role"], row["state"]) for row in data["circles"]}
    assert circles == {
        (scene.circle.pk, "member", CircleMembership.State.ACTIVE),
        (scene.program_circle.pk, "member", CircleMembership.State.REQUESTED),
    }
    (attended,) = data["circle_sessions_attended"]
    assert (attended["session"], attended["state"]) == (scene.session.pk, "held")
    assert [(r["rating"], r["comment"]) for r in data["circle_session_ratings_given"]] == [
        (5, MIA_RATING)
    ]
    # Otto's rating and the group's shared notes are not Mia's to take.
    assert OTTO_RATING not in text
    assert SHARED_NOTES not in text


def test_the_mentor_gets_his_circle_but_no_members_rating_comments(scene, mentor):
    data, text = export(mentor)
    roles = {(row["circle"], row["role"]) for row in data["circles"]}
    assert roles == {(scene.circle.pk, "mentor")}
    assert [s["session"] for s in data["circle_sessions_attended"]] == [scene.session.pk]
    assert data["circle_session_ratings_given"] == []
    assert MIA_RATING not in text and OTTO_RATING not in text


def test_introductions_carry_the_note_only_for_its_writer_and_its_addressee(
    scene, mentee, mentor, other_mentor, other_mentee, program_admin
):
    mia, mia_text = export(mentee)
    by_id = {row["id"]: row for row in mia["introductions"]}
    assert set(by_id) == {scene.mia_to_olga.pk, scene.mia_to_otto.pk}  # not Otto's to Olga
    to_olga = by_id[scene.mia_to_olga.pk]
    assert (to_olga["role"], to_olga["state"], to_olga["member"]) == (
        "mentee",
        "accepted",
        "Olga Mentor",
    )
    assert to_olga["follow_up_location"] == MIA_OFFICE
    assert to_olga["note"] == ""
    for words in (MIA_TO_OLGA, OTTO_TO_OLGA, PRIYA_NOTE, "olga@example.org"):
        assert words not in mia_text

    olga, _text = export(other_mentor)
    notes = {row["id"]: (row["role"], row["note"]) for row in olga["introductions"]}
    assert notes[scene.mia_to_olga.pk] == ("member", MIA_TO_OLGA)

    marcus, _text = export(mentor)
    written = {row["note"] for row in marcus["introductions"]}
    assert written == {MIA_TO_OLGA, OTTO_TO_OLGA}
    assert all(row["follow_up_location"] == "" for row in marcus["introductions"])

    # An admin's introduction is theirs as its writer; they see no others in their export.
    priya, _text = export(program_admin)
    assert [(row["role"], row["note"]) for row in priya["introductions"]] == [
        ("introducer", PRIYA_NOTE)
    ]


def test_thank_you_notes_go_to_their_writer_and_their_recipient_and_milestones_too(
    scene, mentee, mentor
):
    mia, mia_text = export(mentee)
    assert [(n["direction"], n["body"]) for n in mia["thank_you_notes"]] == [("sent", MIA_THANKS)]
    assert OTTO_THANKS not in mia_text
    (pair,) = mia["relationships"]
    assert [m["title"] for m in pair["milestones"]] == ["Mia-goal: first talk"]

    marcus, _text = export(mentor)
    received = {(n["direction"], n["body"], n["other_person"]) for n in marcus["thank_you_notes"]}
    assert received == {
        ("received", MIA_THANKS, "Mia Mentee"),
        ("received", OTTO_THANKS, "Otto Mentee"),
    }


def test_mia_gets_her_self_described_group(scene, program, mentee):
    Membership.objects.filter(user=mentee, program=program).update(self_described_group="Mia-g")
    data, _text = export(mentee)
    assert [m["self_described_group"] for m in data["memberships"]] == ["Mia-g"]


# Delete -----------------------------------------------------------------------------------------


def delete(user: User) -> None:
    client = Client()
    client.force_login(user)
    response = client.post("/account/data/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302


def test_deleting_mia_removes_her_words_and_keeps_the_circles_counts(
    scene, program, mentee, other_mentee, mentor, other_mentor
):
    Membership.objects.filter(user=mentee).update(self_described_group="Mia-g")
    delete(mentee)

    rating = CircleSessionRating.objects.get(attendee=mentee)
    assert (rating.rating, rating.comment) == (5, "")
    assert CircleSessionRating.objects.get(attendee=other_mentee).comment == OTTO_RATING
    assert CircleSession.objects.get(pk=scene.session.pk).shared_notes == SHARED_NOTES
    places = CircleMembership.objects.filter(mentee__membership__user=mentee)
    assert {(p.circle_id, p.state) for p in places} == {
        (scene.circle.pk, CircleMembership.State.LEFT),
        (scene.program_circle.pk, CircleMembership.State.LEFT),
    }
    assert CircleMembership.objects.count() == 3  # Mia's two places and Otto's stay counted
    assert Circle.objects.get(pk=scene.circle.pk).is_open  # Marcus's circle goes on

    note = ThankYouNote.objects.get(pk=scene.mia_thanks.pk)
    assert (note.body, note.is_public) == ("", False)
    assert ThankYouNote.objects.count() == 2
    assert Membership.objects.get(user=mentee).self_described_group == ""


def test_mias_testimonial_leaves_marcuss_profile(scene, program, mentee, mentor, other_mentee):
    page = f"/programs/rise/mentors/{mentor_part(mentor, program).pk}/"
    viewer = Client()
    viewer.force_login(other_mentee)
    assert MIA_THANKS in viewer.get(page).content.decode()
    delete(mentee)
    assert MIA_THANKS not in viewer.get(page).content.decode()
    testimonials = client_for(other_mentee).get(
        f"/api/v1/programs/rise/mentors/{mentor_part(mentor, program).pk}/testimonials/"
    )
    assert testimonials.status_code == 200
    assert MIA_THANKS not in testimonials.content.decode()


def test_deleting_mia_ends_her_pending_introductions_and_calls_off_her_follow_up(
    scene, mentee, other_mentee, other_mentor
):
    delete(mentee)
    pending = Introduction.objects.get(pk=scene.mia_to_otto.pk)
    assert pending.state == Introduction.State.WITHDRAWN
    accepted = Introduction.objects.get(pk=scene.mia_to_olga.pk)
    assert accepted.state == Introduction.State.ACCEPTED  # the connection stays counted
    assert (accepted.follow_up_at, accepted.follow_up_location) == (None, "")
    assert accepted.note == MIA_TO_OLGA  # Marcus's words, not Mia's
    assert Introduction.objects.count() == 3
    assert other_mentee.notifications.filter(title__contains="withdrawn").exists()
    assert other_mentor.notifications.filter(title__contains="called off").exists()


def test_deleting_a_mentor_closes_his_circle_and_blanks_his_introduction_notes(
    scene, mentee, mentor
):
    delete(mentor)
    circle = Circle.objects.get(pk=scene.circle.pk)
    assert circle.state == Circle.State.CLOSED
    assert mentee.notifications.filter(title__contains="is closed").exists()
    assert set(
        Introduction.objects.filter(introduced_by=mentor).values_list("note", flat=True)
    ) == {""}
    # The pending one he made (Otto to Olga) is withdrawn; Priya's is not his to end.
    otto_to_olga = Introduction.objects.get(pk=scene.otto_to_olga.pk)
    assert otto_to_olga.state == Introduction.State.WITHDRAWN
    assert Introduction.objects.get(pk=scene.mia_to_otto.pk).state == Introduction.State.PENDING
    # Mia's thanks are her words, not his: they stay.
    assert ThankYouNote.objects.get(pk=scene.mia_thanks.pk).body == MIA_THANKS


def test_deleting_the_member_blanks_her_answer_to_an_introduction(scene, other_mentor):
    decline_introduction(
        introduction=scene.otto_to_olga, by=other_mentor, note="Olga-answer: too busy"
    )
    delete(other_mentor)
    declined = Introduction.objects.get(pk=scene.otto_to_olga.pk)
    assert (declined.state, declined.answer_note) == (Introduction.State.DECLINED, "")
    assert declined.note == OTTO_TO_OLGA  # Marcus's words stay

"""The introductions and thank-you notes API, persona by persona, with the error shape and
the query bounds of the lists."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from mentorship.models import Program, User
from relationships.models import Block, Introduction, Relationship, ThankYouNote
from relationships.services.introductions import accept_introduction, introduce
from relationships.services.recognition import send_thank_you, set_testimonial_consent
from relationships.services.relationships import start_relationship
from tests.conftest import client_for, membership_of
from tests.factories import make_member

pytestmark = pytest.mark.django_db

API = "/api/v1/introductions/"


@pytest.fixture
def relationship(program: Program, mentee: User, mentor: User) -> Relationship:
    return start_relationship(
        mentee=membership_of(mentee, program).mentee_participation,
        mentor=membership_of(mentor, program).mentor_participation,
    )


@pytest.fixture
def intro(relationship, program, mentor, other_mentor) -> Introduction:
    return introduce(
        by=mentor,
        mentee=relationship.mentee,
        member=membership_of(other_mentor, program),
        note="You both love compilers",
    )


def body_for(program: Program, mentee: User, member: User, note: str = "Meet") -> dict[str, object]:
    return {
        "mentee": membership_of(mentee, program).pk,
        "member": membership_of(member, program).pk,
        "note": note,
    }


# --- making one -----------------------------------------------------------------------------


def test_the_mentor_introduces_their_mentee(relationship, program, mentor, mentee, other_mentor):
    response = client_for(mentor).post(API, body_for(program, mentee, other_mentor), format="json")
    assert response.status_code == 201
    data = response.json()
    assert data["state"] == "pending" and data["relationship"] == relationship.pk
    assert data["my_role"] == "introducer" and data["note"] == "Meet"
    assert data["contact"] is None and data["follow_up"] is None
    assert data["member"]["name"] == "Olga Mentor"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "mentee"),
        ({"note": ""}, "note"),
        ({"member": 999999}, "member"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(
    relationship, program, mentor, mentee, other_mentor, payload, field
):
    body = {**body_for(program, mentee, other_mentor), **payload}
    if not payload:
        del body["mentee"]
    response = client_for(mentor).post(API, body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Introduction.objects.exists()


@pytest.mark.parametrize("persona", ["mentee", "other_mentor", "other_program_admin", "alice"])
def test_someone_who_may_not_introduce_this_mentee_is_told_no_such_mentee(
    request, relationship, program, mentee, other_mentee, persona
):
    response = client_for(request.getfixturevalue(persona)).post(
        API, body_for(program, mentee, other_mentee), format="json"
    )
    assert response.status_code == 400 and "mentee" in response.json()["errors"]
    assert not Introduction.objects.exists()


def test_introducing_outside_the_program_or_to_yourself_is_a_field_error(
    relationship, program, other_program, mentor, mentee, program_admin
):
    outsider = make_member(program=other_program, roles=("mentor",), email="out@example.org")
    client = client_for(mentor)
    body = {**body_for(program, mentee, mentor), "member": outsider.pk}
    assert client.post(API, body, format="json").json()["errors"] == {"member": ["No such member."]}
    to_self = client.post(API, body_for(program, mentee, mentor), format="json")
    assert to_self.status_code == 400 and "yourself" in to_self.json()["errors"]["member"][0]
    assert not Introduction.objects.exists()


def test_a_duplicate_is_a_409_and_a_block_a_400(intro, program, mentor, mentee, other_mentee):
    duplicate = client_for(mentor).post(
        API, body_for(program, mentee, intro.member.user), format="json"
    )
    assert duplicate.status_code == 409 and "already waiting" in duplicate.json()["message"]
    Block.objects.create(blocker=other_mentee, blocked=mentee)
    blocked = client_for(mentor).post(API, body_for(program, mentee, other_mentee), format="json")
    assert blocked.status_code == 400 and "member" in blocked.json()["errors"]
    assert Introduction.objects.count() == 1


def test_a_mentor_who_is_not_accepting_cannot_be_introduced(
    relationship, program, mentor, mentee, other_mentor
):
    participation = membership_of(other_mentor, program).mentor_participation
    participation.accepting_mentees = False
    participation.save(update_fields=["accepting_mentees"])
    response = client_for(mentor).post(API, body_for(program, mentee, other_mentor), format="json")
    assert response.status_code == 400
    assert "not accepting" in response.json()["errors"]["member"][0]


# --- reading --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status", "role", "sees_note"),
    [
        ("mentor", 200, "introducer", True),
        ("mentee", 200, "mentee", True),
        ("other_mentor", 200, "member", True),
        ("program_admin", 200, None, False),
        ("other_mentee", 404, None, False),
        ("other_program_admin", 404, None, False),
        ("alice", 404, None, False),
    ],
)
def test_one_introduction_per_persona(request, intro, persona, status, role, sees_note):
    response = client_for(request.getfixturevalue(persona)).get(f"{API}{intro.pk}/")
    assert response.status_code == status
    if status == 200:
        data = response.json()
        assert data["my_role"] == role
        assert (data["note"] == "You both love compilers") is sees_note


def test_anonymous_callers_get_401(api_client, intro):
    assert api_client.get(f"{API}{intro.pk}/").status_code == 401
    assert api_client.get(API).status_code == 401


def test_after_accepting_the_connected_pair_see_each_others_contact_and_nobody_else(
    intro, mentee, mentor, other_mentor, program_admin
):
    response = client_for(other_mentor).post(f"{API}{intro.pk}/accept/")
    assert response.status_code == 200 and response.json()["state"] == "accepted"
    contact = {"mentee_email": "mentee@example.org", "member_email": "olga@example.org"}
    assert client_for(mentee).get(f"{API}{intro.pk}/").json()["contact"] == contact
    assert response.json()["contact"] == contact
    for outsider in (mentor, program_admin):
        assert client_for(outsider).get(f"{API}{intro.pk}/").json()["contact"] is None
    Block.objects.create(blocker=mentee, blocked=other_mentor)
    assert client_for(other_mentor).get(f"{API}{intro.pk}/").json()["contact"] is None


def test_the_list_filters_by_role_and_shows_each_persona_only_their_own(
    intro, mentor, other_mentor, other_mentee
):
    mine = client_for(other_mentor).get(API, {"role": "member"}).json()["results"]
    assert [row["id"] for row in mine] == [intro.pk]
    assert client_for(other_mentor).get(API, {"role": "introducer"}).json()["results"] == []
    assert client_for(other_mentee).get(API).json()["results"] == []
    assert client_for(mentor).get(API, {"role": "boss"}).status_code == 400


def test_the_list_costs_the_same_queries_for_2_or_20(
    program, program_admin, django_assert_max_num_queries
):
    counts = []
    for count in (2, 20):
        Introduction.objects.all().delete()
        for number in range(count):
            someone = make_member(program=program, email=f"a{count}-{number}@example.org")
            member = make_member(
                program=program, roles=("mentor",), email=f"b{count}-{number}@example.org"
            )
            introduce(
                by=program_admin, mentee=someone.mentee_participation, member=member, note="x"
            )
        client = client_for(program_admin)
        with django_assert_max_num_queries(8) as captured:
            response = client.get(API)
        assert response.status_code == 200 and response.json()["count"] == count
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


# --- answering ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["mentee", "mentor", "program_admin"])
def test_only_the_member_answers_others_who_see_it_get_403(request, intro, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.post(f"{API}{intro.pk}/accept/").status_code == 403
    assert client.post(f"{API}{intro.pk}/decline/", {}, format="json").status_code == 403
    intro.refresh_from_db()
    assert intro.is_pending


def test_answering_twice_is_a_409(intro, other_mentor):
    client = client_for(other_mentor)
    declined = client.post(f"{API}{intro.pk}/decline/", {"note": "Not now"}, format="json")
    assert declined.status_code == 200 and declined.json()["answer_note"] == "Not now"
    assert client.post(f"{API}{intro.pk}/accept/").status_code == 409


def test_withdraw_by_the_introducer_and_403_for_the_member(intro, mentor, other_mentor):
    assert client_for(other_mentor).post(f"{API}{intro.pk}/withdraw/").status_code == 403
    response = client_for(mentor).post(f"{API}{intro.pk}/withdraw/")
    assert response.status_code == 200 and response.json()["state"] == "withdrawn"
    assert client_for(mentor).post(f"{API}{intro.pk}/withdraw/").status_code == 409


def test_strangers_get_404_on_every_action(intro, other_mentee):
    client = client_for(other_mentee)
    for action in ("accept/", "decline/", "withdraw/"):
        assert client.post(f"{API}{intro.pk}/{action}").status_code == 404
    assert client.put(f"{API}{intro.pk}/follow-up/", {}, format="json").status_code == 404


# --- the follow-up --------------------------------------------------------------------------


def test_the_pair_sets_and_cancels_the_follow_up(intro, mentee, mentor, other_mentor):
    url = f"{API}{intro.pk}/follow-up/"
    when = (timezone.now() + datetime.timedelta(days=3)).isoformat()
    early = client_for(mentee).put(url, {"starts_at": when, "mode": "video"}, format="json")
    assert early.status_code == 409
    accept_introduction(introduction=intro, by=other_mentor)
    assert (
        client_for(mentor).put(url, {"starts_at": when, "mode": "video"}, format="json").status_code
        == 403
    )
    bad = client_for(mentee).put(url, {"starts_at": "yesterday", "mode": "pigeon"}, format="json")
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"starts_at", "mode"}
    past = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert (
        client_for(mentee).put(url, {"starts_at": past, "mode": "video"}, format="json").status_code
        == 400
    )
    response = client_for(mentee).put(
        url, {"starts_at": when, "mode": "phone", "duration_minutes": 20}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["follow_up"]["mode"] == "phone"
    assert response.json()["follow_up"]["duration_minutes"] == 20
    assert client_for(mentor).get(f"{API}{intro.pk}/").json()["follow_up"] is None
    cancelled = client_for(other_mentor).delete(url)
    assert cancelled.status_code == 200 and cancelled.json()["follow_up"] is None


# --- thank-you notes and testimonials -------------------------------------------------------


def notes_url(relationship: Relationship) -> str:
    return f"/api/v1/relationships/{relationship.pk}/thank-you-notes/"


def test_the_mentee_sends_a_note_and_the_mentor_may_not(relationship, mentee, mentor):
    assert (
        client_for(mentor).post(notes_url(relationship), {"body": "Hi"}, format="json").status_code
        == 403
    )
    blank = client_for(mentee).post(notes_url(relationship), {"body": ""}, format="json")
    assert blank.status_code == 400 and "body" in blank.json()["errors"]
    response = client_for(mentee).post(
        notes_url(relationship), {"body": "Thank you", "public": True}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["mentee_consents_public"] is True
    assert response.json()["is_public"] is False


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("mentee", 200),
        ("mentor", 200),
        ("program_admin", 404),
        ("other_mentee", 404),
        ("other_program_admin", 404),
    ],
)
def test_notes_are_the_pairs_only(request, relationship, mentee, persona, status):
    note = send_thank_you(relationship=relationship, by=mentee, body="Between us")
    client = client_for(request.getfixturevalue(persona))
    assert client.get(notes_url(relationship)).status_code == status
    consent = client.post(
        f"/api/v1/thank-you-notes/{note.pk}/consent/", {"public": False}, format="json"
    )
    assert consent.status_code == status


def test_a_testimonial_without_the_mentees_consent_is_a_409_and_nothing_changes(
    relationship, mentee, mentor
):
    note = send_thank_you(relationship=relationship, by=mentee, body="Thanks")
    url = f"/api/v1/thank-you-notes/{note.pk}/consent/"
    refused = client_for(mentor).post(url, {"public": True}, format="json")
    assert refused.status_code == 409 and "public" in refused.json()["errors"]
    note.refresh_from_db()
    assert not note.mentor_consents_public
    assert client_for(mentor).post(url, {}, format="json").status_code == 400
    client_for(mentee).post(url, {"public": True}, format="json")
    agreed = client_for(mentor).post(url, {"public": True}, format="json")
    assert agreed.status_code == 200 and agreed.json()["is_public"] is True


def test_testimonials_are_public_notes_for_whoever_sees_the_mentor(
    relationship, program, mentee, mentor, other_mentee, other_program_admin
):
    public = send_thank_you(relationship=relationship, by=mentee, body="Shown", public=True)
    set_testimonial_consent(note=public, by=mentor, public=True)
    send_thank_you(relationship=relationship, by=mentee, body="Hidden", public=True)
    participation = membership_of(mentor, program).mentor_participation
    url = f"/api/v1/programs/{program.slug}/mentors/{participation.pk}/testimonials/"
    response = client_for(other_mentee).get(url)
    assert response.status_code == 200
    assert [row["body"] for row in response.json()["results"]] == ["Shown"]
    assert response.json()["results"][0]["author_name"] == "Mia Mentee"
    assert client_for(other_program_admin).get(url).status_code == 404


def test_the_notes_list_costs_the_same_queries_for_2_or_20(
    relationship, mentee, django_assert_max_num_queries
):
    counts = []
    for count in (2, 20):
        ThankYouNote.objects.all().delete()
        for number in range(count):
            send_thank_you(relationship=relationship, by=mentee, body=f"Thanks {number}")
        with django_assert_max_num_queries(6) as captured:
            response = client_for(mentee).get(notes_url(relationship))
        assert response.json()["count"] == count
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]

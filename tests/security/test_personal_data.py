"""A person downloads their data and deletes their account (issue #9, privacy).

The scene: Mia (mentee) and Marcus (mentor) are in a relationship born from Mia's
request; they met once, and each wrote a private note, feedback and a message. Mia also
asked Olga, who declined. The export must hold Mia's own words and never Marcus's private
note or feedback; deleting Mia's account must close the relationship (Marcus is told),
remove Mia's words and profile, and leave the program's counts standing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.test import Client

from mentorship.models import (
    AuditEntry,
    Membership,
    MenteeGoal,
    Notification,
    Profile,
    User,
)
from relationships.models import (
    Meeting,
    MeetingFeedback,
    MentorRequest,
    Message,
    PrivateNote,
    Relationship,
)
from relationships.services.feedback import give_feedback
from relationships.services.meetings import save_private_note
from relationships.services.messages import post_message
from relationships.services.requests import accept_request, decline_request
from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.relationships.meetings_support import held_meeting
from tests.relationships.test_requests import add_goal, ask, mentee_of

pytestmark = pytest.mark.django_db

MIA_NOTE = "Mia-private: I worry I am too slow"
MARCUS_NOTE = "Marcus-private: Mia needs more structure"
MARCUS_FEEDBACK = "Marcus-feedback: she came unprepared"


@dataclass
class Scene:
    relationship: Relationship
    meeting: Meeting


@pytest.fixture
def scene(program, mentee, mentor, other_mentor) -> Scene:
    Profile.objects.update_or_create(
        user=mentee, defaults={"headline": "Mia's headline", "bio": "Mia's bio"}
    )
    goal = add_goal(mentee_of(mentee, program), description="Mia-goal: lead a team")
    (request,) = ask(mentee, mentor, program=program, message="Mia-request: please", goals=(goal,))
    relationship = accept_request(request=request, by=mentor)
    (declined,) = ask(mentee, other_mentor, program=program, message="Mia-asks-Olga")
    decline_request(request=declined, by=other_mentor, reason="no_capacity", note="Olga-note")
    meeting = held_meeting(relationship, mentor)
    save_private_note(meeting=meeting, by=mentee, body=MIA_NOTE)
    save_private_note(meeting=meeting, by=mentor, body=MARCUS_NOTE)
    give_feedback(meeting=meeting, by=mentee, rating=5, comment="Mia-feedback: great")
    give_feedback(meeting=meeting, by=mentor, rating=2, comment=MARCUS_FEEDBACK)
    post_message(relationship=relationship, by=mentee, body="Mia-message: hello")
    post_message(relationship=relationship, by=mentor, body="Marcus-message: hi Mia")
    return Scene(relationship=relationship, meeting=meeting)


# Download ---------------------------------------------------------------------------------------


def test_mia_downloads_her_own_words_and_never_marcuss_private_ones(scene, mentee):
    client = Client()
    client.force_login(mentee)
    response = client.get("/account/data/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="my-mentorship-data')
    text = response.content.decode()
    data = json.loads(text)

    assert data["account"]["email"] == "mentee@example.org"
    assert data["profile"]["bio"] == "Mia's bio"
    (membership,) = data["memberships"]
    assert membership["as_mentee"]["goals"][0]["description"] == "Mia-goal: lead a team"
    assert [r["message"] for r in data["requests"]] == ["Mia-request: please", "Mia-asks-Olga"]
    (relationship,) = data["relationships"]
    assert (relationship["role"], relationship["other_person"]) == ("mentee", "Marcus Mentor")
    assert relationship["meetings"] == 1
    assert [m["body"] for m in data["messages"]] == ["Mia-message: hello"]
    assert [n["body"] for n in data["private_notes"]] == [MIA_NOTE]
    assert data["feedback_given"]["meeting_feedback"][0]["comment"] == "Mia-feedback: great"
    assert data["notifications"], "Mia was told her request was accepted"

    # (What Marcus and Olga sent her may appear in her notifications: she was sent it.)
    for secret in (MARCUS_NOTE, MARCUS_FEEDBACK, "mentor@example.org", "olga@example.org"):
        assert secret not in text


def test_the_mentor_gets_the_requests_he_received_without_the_mentees_words(scene, mentor):
    data = client_for(mentor).get("/api/v1/me/data/").json()
    (received,) = data["requests"]
    assert received["role"] == "mentor"
    assert "message" not in received
    assert [n["body"] for n in data["private_notes"]] == [MARCUS_NOTE]
    text = json.dumps(data)
    assert MIA_NOTE not in text
    assert "Mia-feedback" not in text


def test_downloading_is_written_to_the_audit_log(scene, mentee):
    client_for(mentee).get("/api/v1/me/data/")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DOWNLOADED_DATA)
    assert entry.actor == mentee
    assert entry.target_id == str(mentee.pk)


def test_a_visitor_gets_no_data(client, api_client, db):
    assert client.get("/account/data/download/").status_code == 302
    assert api_client.get("/api/v1/me/data/").status_code == 401


def test_the_data_page_is_linked_from_the_settings(client, mentee):
    client.force_login(mentee)
    assert 'href="/account/data/"' in client.get("/account/settings/").content.decode()
    page = client.get("/account/data/")
    assert page.status_code == 200
    assert 'href="/account/data/download/"' in page.content.decode()


# Delete -----------------------------------------------------------------------------------------


def delete_on_the_page(user: User, password: str = PASSWORD, confirm: bool = True):
    client = Client()
    client.force_login(user)
    body = {"password": password, **({"confirm": "on"} if confirm else {})}
    return client, client.post("/account/data/", body)


def test_a_wrong_password_or_no_confirmation_deletes_nothing(scene, mentee):
    _client, wrong = delete_on_the_page(mentee, password="not-it")
    assert wrong.status_code == 200
    assert "That is not your password." in wrong.content.decode()
    _client, unticked = delete_on_the_page(mentee, confirm=False)
    assert "Tick this box to confirm." in unticked.content.decode()
    mentee.refresh_from_db()
    assert mentee.is_active and mentee.email == "mentee@example.org"
    assert Relationship.objects.current().count() == 1
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.DELETED_ACCOUNT).exists()


def test_deleting_mia_removes_her_data_and_keeps_the_programs_counts(
    scene, program, mentee, mentor
):
    client, response = delete_on_the_page(mentee)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session

    mia = User.objects.get(pk=mentee.pk)
    assert (mia.email, mia.display_name, mia.is_active) == (
        f"deleted-{mia.pk}@deleted.invalid",
        "Deleted member",
        False,
    )
    assert not mia.has_usable_password()
    profile = Profile.objects.get(user=mia)
    assert (profile.headline, profile.bio) == ("", "")
    assert not MenteeGoal.objects.exclude(description="").filter(
        participation__membership__user=mia
    )
    assert Membership.objects.get(user=mia).status == Membership.Status.LEFT
    assert not PrivateNote.objects.filter(author=mia).exists()
    assert set(Message.objects.filter(author=mia).values_list("body", flat=True)) == {""}
    assert MeetingFeedback.objects.get(author=mia).comment == ""
    assert set(
        MentorRequest.objects.filter(mentee__membership__user=mia).values_list("message", flat=True)
    ) == {""}
    assert not Notification.objects.filter(recipient=mia).exists()

    # Marcus's own words are untouched; the pair, the meeting and the ratings still count.
    assert PrivateNote.objects.get(author=mentor).body == MARCUS_NOTE
    assert Message.objects.get(author=mentor).body == "Marcus-message: hi Mia"
    assert Relationship.objects.filter(program=program).count() == 1
    assert Meeting.objects.filter(relationship__program=program).count() == 1
    assert MeetingFeedback.objects.get(author=mia).rating == 5
    assert MentorRequest.objects.filter(program=program).count() == 2

    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETED_ACCOUNT)
    assert entry.actor_id == mia.pk


def test_the_current_relationship_is_closed_with_a_reason_and_marcus_is_told(scene, mentee, mentor):
    delete_on_the_page(mentee)
    relationship = Relationship.objects.get(pk=scene.relationship.pk)
    assert relationship.is_closed
    assert relationship.close_reason == Relationship.CloseReason.OTHER
    assert relationship.close_note == "The other person deleted their account."
    told = Notification.objects.filter(recipient=mentor).values_list("title", flat=True)
    assert any("closed" in title for title in told)
    assert relationship.other_person(mentor).name == "Deleted member"


def test_mia_cannot_sign_in_again_and_her_token_is_gone(scene, mentee, api_client):
    token = (
        client_for(mentee)
        .post("/api/v1/auth/token/", {"email": "mentee@example.org", "password": PASSWORD})
        .json()["token"]
    )
    delete_on_the_page(mentee)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/me/").status_code == 401
    login = Client().post("/accounts/login/", {"login": "mentee@example.org", "password": PASSWORD})
    assert login.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in Client().session


def test_other_sessions_of_mia_end_too(scene, mentee):
    elsewhere = Client()
    elsewhere.force_login(mentee)
    assert elsewhere.get("/account/settings/").status_code == 200
    delete_on_the_page(mentee)
    assert elsewhere.get("/account/settings/").status_code == 302


def test_the_api_deletes_with_the_password_and_a_confirmation(scene, mentee, mentor):
    client = client_for(mentee)
    refused = client.post("/api/v1/me/delete/", {"password": PASSWORD, "confirm": False})
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"confirm"}
    wrong = client.post("/api/v1/me/delete/", {"password": "nope", "confirm": True})
    assert wrong.status_code == 400
    assert set(wrong.json()["errors"]) == {"password"}
    assert User.objects.get(pk=mentee.pk).is_active

    deleted = client.post("/api/v1/me/delete/", {"password": PASSWORD, "confirm": True})
    assert deleted.status_code == 204
    assert not User.objects.get(pk=mentee.pk).is_active
    assert Relationship.objects.current().count() == 0


def test_a_mentor_who_deletes_declines_his_pending_requests(program, mentee, mentor):
    (request,) = ask(mentee, mentor, program=program)
    delete_on_the_page(mentor)
    request.refresh_from_db()
    assert request.state == MentorRequest.State.DECLINED
    assert request.decline_note == "The mentor left the program."  # the platform's words
    assert Notification.objects.filter(recipient=mentee).exists()


def test_a_mentors_earlier_decline_note_goes_with_his_account(scene, other_mentor):
    delete_on_the_page(other_mentor)
    declined = MentorRequest.objects.get(mentor__membership__user=other_mentor)
    assert declined.state == MentorRequest.State.DECLINED
    assert declined.decline_note == ""

"""The pair's message thread: notifications, htmx posting, blocks, and who may read it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from mentorship.errors import ActionNotAllowed
from mentorship.models import Delivery, NotificationKind, NotificationPreference, Program, User
from mentorship.models.background import OutboxMessage
from relationships.errors import Blocked, RelationshipClosed
from relationships.models import Block, Message, Relationship
from relationships.services.messages import messages_of, post_message
from relationships.services.relationships import close_relationship, start_relationship
from tests.conftest import membership_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def relationship(program: Program, mentee: User, mentor: User) -> Relationship:
    return start_relationship(
        mentee=membership_of(mentee, program).mentee_participation,
        mentor=membership_of(mentor, program).mentor_participation,
    )


def page_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_message_notifies_the_other_side_as_a_relationship_update(relationship, mentee, mentor):
    post_message(relationship=relationship, by=mentee, body="  Shall we meet on Tuesday?  ")
    message = Message.objects.get()
    assert (message.author, message.body) == (mentee, "Shall we meet on Tuesday?")
    notification = mentor.notifications.get(title__contains="New message")
    assert notification.kind == NotificationKind.RELATIONSHIP_UPDATE
    assert notification.body == "Shall we meet on Tuesday?"
    assert not mentee.notifications.filter(title__contains="New message").exists()


def test_the_digest_preference_holds_back_the_immediate_email(relationship, mentee, mentor):
    NotificationPreference.objects.create(
        user=mentor, kind=NotificationKind.RELATIONSHIP_UPDATE, delivery=Delivery.DIGEST
    )
    OutboxMessage.objects.all().delete()
    post_message(relationship=relationship, by=mentee, body="See you soon")
    assert mentor.notifications.filter(title__contains="New message").exists()
    assert not OutboxMessage.objects.exists()
    # The mentee kept the default (email at once), so their side does get an email requested.
    post_message(relationship=relationship, by=mentor, body="Likewise")
    [email] = OutboxMessage.objects.all()
    told = mentee.notifications.get(title__contains="New message")
    assert email.kwargs == {"notification_id": told.pk}


def test_an_empty_message_is_refused(relationship, mentee):
    with pytest.raises(ValidationError):
        post_message(relationship=relationship, by=mentee, body="   ")
    assert not Message.objects.exists()


@pytest.mark.parametrize("blocker", ["mentee", "mentor"])
def test_no_messages_either_way_after_a_block(relationship, mentee, mentor, blocker, request):
    blocking = request.getfixturevalue(blocker)
    Block.objects.create(blocker=blocking, blocked=mentor if blocking == mentee else mentee)
    for author in (mentee, mentor):
        with pytest.raises(Blocked):
            post_message(relationship=relationship, by=author, body="Hello?")
    response = page_for(mentee).post(
        f"/relationships/{relationship.pk}/messages/", {"body": "Hello?"}
    )
    assert response.status_code == 200
    assert "Messages are off between you because of a block." in response.content.decode()
    assert not Message.objects.exists()


def test_posting_with_htmx_returns_just_the_thread(relationship, mentee):
    response = page_for(mentee).post(
        f"/relationships/{relationship.pk}/messages/",
        {"body": "Via htmx"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="message-thread">')
    assert "Via htmx" in html and "<html" not in html
    assert Message.objects.get().body == "Via htmx"


def test_posting_without_htmx_redirects_to_the_thread(relationship, mentor):
    response = page_for(mentor).post(
        f"/relationships/{relationship.pk}/messages/", {"body": "Plain form"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/relationships/{relationship.pk}/#messages")


def test_the_program_admin_neither_reads_nor_writes_the_thread(relationship, mentee, program_admin):
    post_message(relationship=relationship, by=mentee, body="Between us")
    with pytest.raises(ActionNotAllowed):
        messages_of(relationship, program_admin)
    with pytest.raises(ActionNotAllowed):
        post_message(relationship=relationship, by=program_admin, body="Hi both")
    response = page_for(program_admin).post(
        f"/relationships/{relationship.pk}/messages/", {"body": "Hi both"}
    )
    assert response.status_code == 403
    assert Message.objects.count() == 1


@pytest.mark.parametrize("persona", ["other_mentee", "other_program_admin"])
def test_outsiders_get_a_404(relationship, persona, request):
    response = page_for(request.getfixturevalue(persona)).post(
        f"/relationships/{relationship.pk}/messages/", {"body": "Hello"}
    )
    assert response.status_code == 404
    assert not Message.objects.exists()


def test_a_closed_relationships_thread_is_read_only(relationship, mentee, mentor):
    post_message(relationship=relationship, by=mentee, body="Before closing")
    close_relationship(relationship=relationship, by=mentor, reason="goals_met")
    relationship.refresh_from_db()
    with pytest.raises(RelationshipClosed):
        post_message(relationship=relationship, by=mentee, body="After closing")
    html = page_for(mentee).get(f"/relationships/{relationship.pk}/").content.decode()
    assert "Before closing" in html and "read-only" in html
    assert Message.objects.count() == 1

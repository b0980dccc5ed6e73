# mypy: disable-error-code="import-untyped"
# (the models of every installed app are read, django-axes too, which ships no types)
"""User-written text is escaped on every page that shows it (stored XSS).

The fields come from reading the models, not from a hand-kept list: every CharField and
TextField of the three apps that a person can type into. A scene creates one of nearly
everything (profiles, goals, requests, a relationship with its agreement, goals, action
items, a meeting with notes and feedback, messages, a check-in, a concern, notifications),
then every such field of every row is overwritten with markup that would run if it were
not escaped, and each page is read as the people who may see it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from mentorship.models import Membership, MenteeGoal, Profile, User
from relationships.models import CheckIn, Meeting, MentorRequest, Relationship, RequestMessage
from relationships.services.feedback import give_feedback
from relationships.services.goals import add_action_item, add_goal
from relationships.services.meetings import save_private_note
from relationships.services.messages import post_message
from relationships.services.requests import accept_request, decline_request
from relationships.services.safety import report_concern
from tests.conftest import membership_of
from tests.relationships.meetings_support import agree, held_meeting
from tests.relationships.test_requests import add_goal as add_mentee_goal
from tests.relationships.test_requests import ask, mentee_of

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
RAW = ("<script>alert(1)", "<img src=x onerror")
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
ESCAPED_IMAGE = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"

APPS = ("mentorship", "relationships", "matching")
# Vocabularies and records only the code or platform staff write.
NOT_TYPED_BY_USERS = {
    "mentorship.skill",
    "mentorship.goalarea",
    "mentorship.industry",
    "mentorship.language",
    "mentorship.job",
    "mentorship.outboxmessage",
    "mentorship.auditentry",
    "relationships.sentreminder",
    "relationships.calendarfeed",
}
# Typed, but checked against a list or a format before they are stored.
CHECKED_FORMATS = {
    "mentorship.User.password",
    "mentorship.User.time_zone",
    "mentorship.Profile.meeting_modes",
    "mentorship.MentorParticipation.search_text",  # derived from other fields
    "mentorship.ParticipantImport.content",  # parsed as CSV, never shown raw
}


TextField = models.CharField[Any, Any] | models.TextField[Any, Any]


def user_text_fields() -> list[tuple[type[models.Model], TextField]]:
    """Every free-text field a person can fill in, read from the models."""
    found: list[tuple[type[models.Model], TextField]] = []
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            if model._meta.label_lower in NOT_TYPED_BY_USERS:
                continue
            for field in model._meta.concrete_fields:
                if not isinstance(field, models.CharField | models.TextField):
                    continue
                if field.choices or not field.editable:
                    continue
                if isinstance(field, models.SlugField | models.EmailField | models.URLField):
                    continue
                if field.name.endswith(("ranker_version", "token", "key")):
                    continue
                if f"{model._meta.label}.{field.name}" in CHECKED_FORMATS:
                    continue
                found.append((model, field))
    return found


def payload_for(field: TextField) -> str | None:
    limit = field.max_length or 10_000
    for payload in (SCRIPT + IMAGE, IMAGE, SCRIPT):
        if len(payload) <= limit:
            return payload
    return None


def test_the_models_have_many_user_text_fields():
    labels = {f"{model._meta.label}.{field.name}" for model, field in user_text_fields()}
    assert len(labels) > 40
    assert {
        "mentorship.User.display_name",
        "mentorship.Profile.bio",
        "relationships.Message.body",
        "relationships.PrivateNote.body",
        "relationships.Meeting.agenda",
    } <= labels


@pytest.fixture
def scene(program, mentee, mentor, other_mentor, program_admin):
    Profile.objects.update_or_create(user=mentee, defaults={"headline": "h", "bio": "b"})
    Profile.objects.update_or_create(user=mentor, defaults={"headline": "h", "bio": "b"})
    goal = add_mentee_goal(mentee_of(mentee, program), description="lead")
    (request,) = ask(mentee, mentor, program=program, message="please", goals=(goal,))
    RequestMessage.objects.create(request=request, author=mentor, body="question")
    relationship = accept_request(request=request, by=mentor)
    (declined,) = ask(mentee, other_mentor, program=program, message="please too")
    decline_request(request=declined, by=other_mentor, reason="other", note="sorry")
    agree(relationship, cadence="monthly", mentee=mentee, mentor=mentor)
    add_goal(relationship=relationship, by=mentee, title="Goal", description="d")
    add_action_item(relationship=relationship, by=mentee, title="Item", owner=mentee)
    meeting = held_meeting(relationship, mentor, shared_notes="notes")
    save_private_note(meeting=meeting, by=mentee, body="private")
    give_feedback(meeting=meeting, by=mentee, rating=4, comment="good")
    post_message(relationship=relationship, by=mentee, body="hello")
    post_message(relationship=relationship, by=mentor, body="hi")
    CheckIn.objects.create(
        relationship=relationship,
        author=mentee,
        period=1,
        how_it_is_going=4,
        good_fit="yes",
        goal_progress=3,
        comment="fine",
    )
    report_concern(relationship=relationship, by=mentee, category="other", description="d")
    Membership.objects.filter(user=mentee).update(request_message="m", self_described_group="g")

    for model, field in user_text_fields():
        payload = payload_for(field)
        if payload is not None:
            model._default_manager.update(**{field.name: payload})
    return {
        "relationship": relationship,
        "meeting": meeting,
        "request": MentorRequest.objects.get(pk=request.pk),
        "declined": declined,
    }


def page(user: User, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def assert_escaped(html: str, url: str) -> None:
    for raw in RAW:
        assert raw not in html, f"{url} shows {raw!r} unescaped"
    assert ESCAPED_SCRIPT in html or ESCAPED_IMAGE in html, f"{url} shows no user text"


def test_pages_escape_every_field_for_the_mentee(scene, program, mentee, mentor):
    relationship: Relationship = scene["relationship"]
    meeting: Meeting = scene["meeting"]
    mentor_participation = membership_of(mentor, program).mentor_participation
    urls = [
        "/home/",
        "/programs/",
        "/programs/rise/",
        "/programs/rise/mentors/",
        f"/programs/rise/mentors/{mentor_participation.pk}/",
        f"/requests/{scene['request'].pk}/",
        f"/requests/{scene['declined'].pk}/",
        "/relationships/",
        f"/relationships/{relationship.pk}/",
        f"/relationships/{relationship.pk}/meetings/",
        f"/relationships/{relationship.pk}/meetings/{meeting.pk}/",
        f"/relationships/{relationship.pk}/check-ins/",
        "/notifications/",
        "/account/settings/",
        "/profile/",
    ]
    for url in urls:
        assert_escaped(page(mentee, url), url)


def test_pages_escape_every_field_for_the_mentor(scene, program, mentee, mentor):
    relationship: Relationship = scene["relationship"]
    urls = [
        "/home/",
        f"/requests/{scene['request'].pk}/",
        f"/programs/rise/mentees/{membership_of(mentee, program).pk}/",
        f"/relationships/{relationship.pk}/",
        f"/relationships/{relationship.pk}/meetings/{scene['meeting'].pk}/",
        "/notifications/",
    ]
    for url in urls:
        assert_escaped(page(mentor, url), url)


def test_program_admin_pages_escape_member_text(scene, program_admin):
    urls = [
        "/programs/rise/members/",
        "/programs/rise/participants/",
        "/programs/rise/concerns/",
        "/programs/rise/health/",
        f"/relationships/{scene['relationship'].pk}/",
    ]
    for url in urls:
        assert_escaped(page(program_admin, url), url)


def test_the_admin_site_escapes_member_text(scene, platform_admin):
    platform_admin.is_superuser = True  # the lists need view permissions
    platform_admin.save(update_fields=["is_superuser"])
    for url in ("/admin/mentorship/user/", "/admin/mentorship/profile/"):
        assert_escaped(page(platform_admin, url), url)


def test_the_payloads_really_are_stored(scene, mentee):
    assert User.objects.get(pk=mentee.pk).display_name == SCRIPT + IMAGE
    assert MenteeGoal.objects.get().description == SCRIPT + IMAGE

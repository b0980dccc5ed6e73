# (the models of every installed app are read, django-axes too, which ships no types)
"""User-written text is escaped on every page that shows it (stored XSS).

The fields come from reading the models, not from a hand-kept list: every CharField and
TextField of the three apps that a person can type into. A scene creates one of nearly
everything (profiles, goals, requests, a relationship with its agreement, goals, action
items, a meeting with notes and feedback, messages, a check-in, a concern, notifications,
a circle with a held and rated session, introductions with a follow-up and an answer, a
thank-you note shown as a testimonial, a milestone, the program's group question), then
every such field of every row is overwritten with markup that would run if it were not
escaped, and each page is read as the people who may see it. The newer features' fields
then get a payload naming the field, so each test proves that field is on the page.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.utils import timezone

from mentorship.models import Membership, MenteeGoal, Profile, Program, User
from relationships.models import (
    CheckIn,
    Circle,
    CircleSession,
    CircleSessionRating,
    Introduction,
    Meeting,
    MentorRequest,
    Milestone,
    Relationship,
    RequestMessage,
    ThankYouNote,
)
from relationships.services.circle_memberships import accept_circle_membership
from relationships.services.circle_sessions import rate_circle_session
from relationships.services.circles import open_circle
from relationships.services.feedback import give_feedback
from relationships.services.goals import add_action_item, add_goal
from relationships.services.introductions import (
    accept_introduction,
    decline_introduction,
    introduce,
    set_follow_up,
)
from relationships.services.meetings import save_private_note
from relationships.services.messages import post_message
from relationships.services.recognition import send_thank_you, set_testimonial_consent
from relationships.services.requests import accept_request, decline_request
from relationships.services.safety import report_concern
from tests.conftest import membership_of
from tests.relationships.circles_support import held_session
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
        *(f"{model._meta.label}.{field}" for model, field in MARKED),
    } <= labels


def add_circles_introductions_and_thanks(
    program: Program, relationship: Relationship, mentee: User, mentor: User, others: list[User]
) -> dict[str, Any]:
    """The newer features' rows, made through their services before the payloads go in."""
    other_mentor, other_mentee = others
    circle = open_circle(
        mentor=membership_of(mentor, program).mentor_participation,
        by=mentor,
        topic="t",
        description="d",
        capacity=4,
        invite=[membership_of(mentee, program).mentee_participation],
    )
    accept_circle_membership(membership=circle.memberships.get(), by=mentee)
    session = held_session(circle, mentor, [mentee], notes="notes")
    rate_circle_session(session=session, by=mentee, rating=4, comment="good")
    mentee_part = membership_of(mentee, program).mentee_participation
    connected = introduce(
        by=mentor, mentee=mentee_part, member=membership_of(other_mentor, program), note="n"
    )
    accept_introduction(introduction=connected, by=other_mentor)
    set_follow_up(
        introduction=connected,
        by=mentee,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        duration_minutes=30,
        mode="in_person",
        location="here",
    )
    declined = introduce(
        by=mentor, mentee=mentee_part, member=membership_of(other_mentee, program), note="n"
    )
    decline_introduction(introduction=declined, by=other_mentee, note="no")
    add_goal(relationship=relationship, by=mentee, title="Done", status="achieved")
    thanks = send_thank_you(relationship=relationship, by=mentee, body="thanks", public=True)
    set_testimonial_consent(note=thanks, by=mentor, public=True)
    Program.objects.filter(pk=program.pk).update(collects_group=True, group_question="q")
    return {"circle": circle, "session": session, "connected": connected, "declined": declined}


# The newer features' fields, each given a payload that names it (see `marked`).
MARKED: list[tuple[type[models.Model], str]] = [
    (Circle, "topic"),
    (Circle, "description"),
    (CircleSession, "location"),
    (CircleSession, "agenda"),
    (CircleSession, "shared_notes"),
    (CircleSessionRating, "comment"),
    (Introduction, "note"),
    (Introduction, "answer_note"),
    (Introduction, "follow_up_location"),
    (ThankYouNote, "body"),
    (Milestone, "title"),
    (Program, "group_question"),
    (Membership, "self_described_group"),
]


def marker(model: type[models.Model], field: str) -> str:
    """Lower case, as the exposure report pools group answers case-insensitively."""
    return f"{model.__name__}_{field}".lower()


def marked(html: str, url: str, *fields: tuple[type[models.Model], str]) -> None:
    """Each field's payload is on the page, escaped, and never raw."""
    for model, field in fields:
        name = marker(model, field)
        assert f"<script>{name}" not in html, f"{url} shows {name} unescaped"
        assert f"&lt;script&gt;{name}&lt;/script&gt;" in html, f"{url} does not show {name}"


@pytest.fixture
def scene(program, mentee, mentor, other_mentor, other_mentee, program_admin):
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
    newer = add_circles_introductions_and_thanks(
        program, relationship, mentee, mentor, [other_mentor, other_mentee]
    )

    for model, field in user_text_fields():
        payload = payload_for(field)
        if payload is not None:
            model._default_manager.update(**{field.name: payload})
    for model, name in MARKED:
        model._default_manager.update(**{name: f"<script>{marker(model, name)}</script>"})
    return {
        "relationship": relationship,
        "meeting": meeting,
        "request": MentorRequest.objects.get(pk=request.pk),
        "declined": declined,
        **{f"newer_{key}": value for key, value in newer.items()},
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
        "/programs/rise/settings/",
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


# The newer features: circles, introductions, thanks, milestones, the group question ----------


def test_circle_pages_escape_the_circle_its_sessions_and_my_rating(scene, mentee, mentor):
    circle, session = scene["newer_circle"], scene["newer_session"]
    detail = f"/circles/{circle.pk}/"
    session_page = f"{detail}sessions/{session.pk}/"
    for user in (mentee, mentor):
        marked(page(user, "/circles/"), "/circles/", (Circle, "topic"))
        marked(page(user, detail), detail, (Circle, "topic"), (Circle, "description"))
        marked(
            page(user, session_page),
            session_page,
            (CircleSession, "location"),
            (CircleSession, "agenda"),
            (CircleSession, "shared_notes"),
        )
    marked(page(mentee, session_page), session_page, (CircleSessionRating, "comment"))


def test_introduction_pages_escape_the_note_the_answer_and_the_follow_up(
    scene, mentee, other_mentor
):
    connected = f"/introductions/{scene['newer_connected'].pk}/"
    declined = f"/introductions/{scene['newer_declined'].pk}/"
    for user in (mentee, other_mentor):
        marked(
            page(user, connected),
            connected,
            (Introduction, "note"),
            (Introduction, "follow_up_location"),
        )
    marked(page(mentee, declined), declined, (Introduction, "answer_note"))
    assert_escaped(page(mentee, "/introductions/"), "/introductions/")


def test_thanks_testimonials_and_milestones_are_escaped(
    scene, program, mentee, mentor, other_mentee
):
    relationship: Relationship = scene["relationship"]
    thanks = f"/relationships/{relationship.pk}/thanks/"
    for user in (mentee, mentor):
        marked(page(user, thanks), thanks, (ThankYouNote, "body"))
        detail = f"/relationships/{relationship.pk}/"
        marked(page(user, detail), detail, (Milestone, "title"))
    profile = f"/programs/rise/mentors/{membership_of(mentor, program).mentor_participation.pk}/"
    marked(page(other_mentee, profile), profile, (ThankYouNote, "body"))


def test_the_group_question_and_answer_are_escaped(scene, mentee, program_admin):
    marked(page(mentee, "/programs/rise/"), "/programs/rise/", (Program, "group_question"))
    marked(
        page(mentee, "/programs/rise/group/"),
        "/programs/rise/group/",
        (Program, "group_question"),
        (Membership, "self_described_group"),
    )
    settings = "/programs/rise/settings/group/"
    marked(page(program_admin, settings), settings, (Program, "group_question"))
    exposure = "/programs/rise/reports/exposure/"
    report = page(program_admin, exposure)
    marked(report, exposure, (Program, "group_question"))
    # A group of one is pooled without its name in the report: the answer is not shown at
    # all there, escaped or not.
    assert "membership_self_described_group" not in report

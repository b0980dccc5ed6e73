"""Introduction pages, persona by persona: making one from the relationship page, answering
it from the dashboard, the connection's contact and follow-up, and the list's query bound."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from mentorship.models import Program, User
from relationships.models import Block, Introduction, Relationship
from relationships.services.introductions import accept_introduction, introduce, set_follow_up
from relationships.services.relationships import start_relationship
from tests.conftest import membership_of
from tests.factories import make_member

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


@pytest.fixture
def intro(relationship, program, mentor, mentee, other_mentor) -> Introduction:
    return introduce(
        by=mentor,
        mentee=relationship.mentee,
        member=membership_of(other_mentor, program),
        note="Olga ran the platform team I mentioned",
    )


def detail(intro: Introduction) -> str:
    return f"/introductions/{intro.pk}/"


def new_url(program: Program) -> str:
    return f"/programs/{program.slug}/introductions/new/"


# --- making one -----------------------------------------------------------------------------


def test_the_relationship_page_offers_the_mentor_to_introduce_and_the_mentee_to_thank(
    relationship, program, mentee, mentor
):
    mentor_page = page_for(mentor).get(f"/relationships/{relationship.pk}/").content.decode()
    link = f"{new_url(program)}?mentee={relationship.mentee.membership_id}"
    assert link in mentor_page
    mentee_page = page_for(mentee).get(f"/relationships/{relationship.pk}/").content.decode()
    assert link not in mentee_page
    assert f"/relationships/{relationship.pk}/thanks/new/" in mentee_page


def test_the_mentor_introduces_from_the_form(relationship, program, mentor, other_mentor):
    client = page_for(mentor)
    form = client.get(f"{new_url(program)}?mentee={relationship.mentee.membership_id}")
    assert form.status_code == 200 and "Olga Mentor" in form.content.decode()
    response = client.post(
        new_url(program),
        {
            "mentee": relationship.mentee.pk,
            "member": membership_of(other_mentor, program).pk,
            "note": "Talk about platform teams",
        },
    )
    intro = Introduction.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(intro)
    assert intro.introduced_by == mentor


def test_an_introduction_across_a_block_is_a_form_error_and_nothing_is_sent(
    relationship, program, mentor, mentee, other_mentor
):
    Block.objects.create(blocker=other_mentor, blocked=mentee)
    response = page_for(mentor).post(
        new_url(program),
        {
            "mentee": relationship.mentee.pk,
            "member": membership_of(other_mentor, program).pk,
            "note": "Talk",
        },
    )
    assert response.status_code == 200
    assert "You cannot introduce this mentee to this member." in response.content.decode()
    assert not Introduction.objects.exists()


def test_a_blank_note_is_a_form_error(relationship, program, mentor, other_mentor):
    response = page_for(mentor).post(
        new_url(program),
        {"mentee": relationship.mentee.pk, "member": membership_of(other_mentor, program).pk},
    )
    assert response.status_code == 200 and response.context["form"].errors["note"]
    assert not Introduction.objects.exists()


def test_a_mentor_without_mentees_may_see_the_program_but_not_introduce(
    relationship, program, other_mentor
):
    assert page_for(other_mentor).get(new_url(program)).status_code == 403


@pytest.mark.parametrize("persona", ["alice", "other_program_admin"])
def test_the_introduction_form_of_a_program_is_a_404_outside_it(request, program, persona):
    assert page_for(request.getfixturevalue(persona)).get(new_url(program)).status_code == 404


# --- one introduction -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status", "sees_note"),
    [
        ("mentor", 200, True),
        ("mentee", 200, True),
        ("other_mentor", 200, True),
        ("program_admin", 200, False),
        ("other_mentee", 404, False),
        ("other_program_admin", 404, False),
        ("alice", 404, False),
    ],
)
def test_the_introduction_page_per_persona(request, intro, persona, status, sees_note):
    response = page_for(request.getfixturevalue(persona)).get(detail(intro))
    assert response.status_code == status
    assert ("platform team I mentioned" in response.content.decode()) is sees_note


def test_the_member_answers_on_the_page_and_then_both_see_each_others_contact(
    intro, mentee, mentor, other_mentor
):
    before = page_for(mentee).get(detail(intro)).content.decode()
    assert "olga@example.org" not in before
    assert page_for(mentee).post(f"{detail(intro)}accept/").status_code == 403
    response = page_for(other_mentor).post(f"{detail(intro)}accept/")
    assert response.status_code == 302
    intro.refresh_from_db()
    assert intro.is_accepted
    assert "olga@example.org" in page_for(mentee).get(detail(intro)).content.decode()
    assert "mentee@example.org" in page_for(other_mentor).get(detail(intro)).content.decode()
    # The introducer connected them but is not part of the connection.
    assert "olga@example.org" not in page_for(mentor).get(detail(intro)).content.decode()


def test_accepting_twice_is_a_message_not_an_error_page(intro, other_mentor):
    client = page_for(other_mentor)
    client.post(f"{detail(intro)}accept/")
    response = client.post(f"{detail(intro)}accept/", follow=True)
    assert response.status_code == 200
    assert "no longer waiting for an answer" in response.content.decode()


def test_the_follow_up_form_rejects_bad_input_and_saves_good_input(intro, mentee, other_mentor):
    accept_introduction(introduction=intro, by=other_mentor)
    client = page_for(mentee)
    bad = client.post(
        f"{detail(intro)}follow-up/",
        {"starts_at": "2001-01-01T10:00", "duration_minutes": 30, "mode": "video"},
    )
    assert bad.status_code == 200 and bad.context["follow_up_form"].errors["starts_at"]
    intro.refresh_from_db()
    assert intro.follow_up_at is None
    when = timezone.localtime() + datetime.timedelta(days=4)
    good = client.post(
        f"{detail(intro)}follow-up/",
        {"starts_at": when.strftime("%Y-%m-%dT%H:%M"), "duration_minutes": 40, "mode": "phone"},
    )
    assert good.status_code == 302
    intro.refresh_from_db()
    assert intro.follow_up_minutes == 40 and intro.follow_up_mode == "phone"


def test_the_follow_up_calendar_file_is_for_the_connected_pair_only(
    intro, mentee, mentor, other_mentor, program_admin
):
    accept_introduction(introduction=intro, by=other_mentor)
    ics_url = f"{detail(intro)}follow-up.ics"
    assert page_for(mentee).get(ics_url).status_code == 404  # no follow-up yet
    set_follow_up(
        introduction=intro,
        by=other_mentor,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        duration_minutes=30,
        mode="video",
    )
    response = page_for(mentee).get(ics_url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and "platform team" not in body  # the note stays on the site
    assert page_for(mentor).get(ics_url).status_code == 404
    assert page_for(program_admin).get(ics_url).status_code == 404
    assert page_for(mentor).post(f"{detail(intro)}follow-up/", {}).status_code == 403


# --- the dashboard, the list, the relationship's timeline -----------------------------------


def test_the_dashboard_loads_what_the_member_must_answer_and_the_mentees_connections(
    intro, mentee, other_mentor
):
    section_url = "/introductions/dashboard-section/"
    assert f'hx-get="{section_url}"' in page_for(other_mentor).get("/home/").content.decode()
    section = page_for(other_mentor).get(section_url).content.decode()
    assert "Waiting for your answer" in section and detail(intro) in section
    accept_introduction(introduction=intro, by=other_mentor)
    mentee_section = page_for(mentee).get(section_url).content.decode()
    assert "Your connections" in mentee_section and detail(intro) in mentee_section
    assert (
        detail(intro)
        not in page_for(other_mentor).get(section_url).content.decode().split("Your connections")[0]
    )


def test_the_dashboard_section_costs_the_same_queries_for_2_or_20(
    program, django_assert_max_num_queries
):
    member = make_member(program=program, roles=("mentor",), email="busy@example.org")
    admin = make_member(program=program, roles=(), is_admin=True, email="boss@example.org").user
    counts = []
    for count in (2, 20):
        Introduction.objects.all().delete()
        for number in range(count):
            someone = make_member(program=program, email=f"d{count}-{number}@example.org")
            introduce(by=admin, mentee=someone.mentee_participation, member=member, note="Hi")
        client = page_for(member.user)
        with django_assert_max_num_queries(6) as captured:
            response = client.get("/introductions/dashboard-section/")
        assert response.content.decode().count("/introductions/") >= count
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_an_accepted_introduction_appears_on_the_relationship_timeline(
    intro, relationship, mentor, other_mentor
):
    page = page_for(mentor).get(f"/relationships/{relationship.pk}/").content.decode()
    assert "Mia Mentee connected with Olga Mentor" not in page
    accept_introduction(introduction=intro, by=other_mentor)
    page = page_for(mentor).get(f"/relationships/{relationship.pk}/").content.decode()
    assert "Mia Mentee connected with Olga Mentor" in page


def test_the_list_shows_only_what_each_persona_may_see(intro, other_mentor, other_mentee):
    assert detail(intro) in page_for(other_mentor).get("/introductions/").content.decode()
    assert detail(intro) not in page_for(other_mentee).get("/introductions/").content.decode()


def test_the_list_costs_the_same_queries_for_2_or_20_introductions(
    program, program_admin, django_assert_max_num_queries
):
    counts = []
    for count in (2, 20):
        Introduction.objects.all().delete()
        for number in range(count):
            someone = make_member(program=program, email=f"i{count}-{number}@example.org")
            member = make_member(
                program=program, roles=("mentor",), email=f"j{count}-{number}@example.org"
            )
            introduce(
                by=program_admin,
                mentee=someone.mentee_participation,
                member=member,
                note="Meet",
            )
        client = page_for(program_admin)
        with django_assert_max_num_queries(10) as captured:
            assert client.get("/introductions/").status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]

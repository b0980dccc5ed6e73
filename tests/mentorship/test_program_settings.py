"""Program admins change their program's settings: who may, bad input, peer mode, wording."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from matching.models import SuggestionList
from matching.services.suggestions import active_ranker, is_stale
from mentorship.errors import ActionNotAllowed
from mentorship.models import Membership, MenteeParticipation, MentorParticipation, Program, User
from mentorship.services.programs import update_program_settings
from relationships.services.relationships import start_relationship
from tests.conftest import membership_of
from tests.factories import make_member

pytestmark = pytest.mark.django_db

URL = "/programs/rise/settings/"


def page_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def settings_form(program: Program, **changes: object) -> dict[str, object]:
    """The settings form as the page would post it, with `changes` applied."""
    data: dict[str, object] = {
        "name": program.name,
        "description": program.description,
        "starts_on": "",
        "ends_on": "",
        "status": program.status,
        "join_mode": program.join_mode,
        "matching_mode": program.matching_mode,
        "default_mentor_capacity": program.default_mentor_capacity,
        "max_open_requests_per_mentee": program.max_open_requests_per_mentee,
        "mentor_response_days": program.mentor_response_days,
        "relationship_length_months": program.relationship_length_months,
        "first_check_in_days": program.first_check_in_days,
        "check_in_interval_days": program.check_in_interval_days,
        "pairing": program.pairing,
        "seniority_preference": program.seniority_preference,
    }
    data.update(changes)
    return data


# --- Who may open the page -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("program_admin", 200),
        ("platform_admin", 200),
        ("mentee", 403),
        ("mentor", 403),
        ("other_program_admin", 404),
        ("alice", 404),
    ],
)
def test_only_the_programs_admins_open_its_settings(request, program, persona, status):
    response = page_for(request.getfixturevalue(persona)).get(URL)
    assert response.status_code == status
    if status == 200:
        assert "Peer mentoring pairs people who learn from each other" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [("mentee", 403), ("mentor", 403), ("other_program_admin", 404)]
)
def test_a_post_by_someone_else_is_refused_and_changes_nothing(request, program, persona, status):
    response = page_for(request.getfixturevalue(persona)).post(
        URL, settings_form(program, name="Hijacked", pairing=Program.Pairing.PEER)
    )
    assert response.status_code == status
    program.refresh_from_db()
    assert (program.name, program.pairing) == ("Rise", Program.Pairing.MENTOR_MENTEE)


def test_a_visitor_is_sent_to_sign_in(client, program):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_program_page_links_its_admins_to_the_settings(program_admin, mentee, program):
    assert URL in page_for(program_admin).get("/programs/rise/").content.decode()
    assert URL not in page_for(mentee).get("/programs/rise/").content.decode()


def test_the_settings_page_links_to_the_group_question_page(program_admin, program):
    assert "/programs/rise/settings/group/" in page_for(program_admin).get(URL).content.decode()


def test_the_service_refuses_someone_who_does_not_run_the_program(mentor, program):
    with pytest.raises(ActionNotAllowed):
        update_program_settings(program=program, by=mentor, name="Mine")
    program.refresh_from_db()
    assert program.name == "Rise"


# --- Saving and bad input --------------------------------------------------------------------


def test_the_program_admin_saves_new_settings(program_admin, program):
    response = page_for(program_admin).post(
        URL,
        settings_form(
            program,
            name="Rise 2025",
            default_mentor_capacity=5,
            starts_on="2025-01-01",
            ends_on="2025-12-31",
            seniority_preference=Program.SeniorityPreference.REVERSE,
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == "/programs/rise/"
    program.refresh_from_db()
    assert program.name == "Rise 2025"
    assert program.default_mentor_capacity == 5
    assert program.ends_on == datetime.date(2025, 12, 31)
    assert program.seniority_preference == Program.SeniorityPreference.REVERSE


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"default_mentor_capacity": 21}, "default_mentor_capacity", "between 1 and 20"),
        ({"default_mentor_capacity": 0}, "default_mentor_capacity", "between 1 and 20"),
        (
            {"starts_on": "2025-06-01", "ends_on": "2025-05-01"},
            "ends_on",
            "cannot end before it starts",
        ),
        ({"max_open_requests_per_mentee": 0}, "max_open_requests_per_mentee", "at least one"),
        ({"mentor_response_days": 0}, "mentor_response_days", "at least one day"),
        ({"pairing": "triads"}, "pairing", "valid choice"),
        ({"name": ""}, "name", "required"),
    ],
)
def test_bad_input_shows_the_error_on_its_field_and_changes_nothing(
    program_admin, program, changes, field, message
):
    before = Program.objects.values().get(pk=program.pk)
    # A valid change travels with the bad one: it must not be saved either.
    response = page_for(program_admin).post(
        URL, settings_form(program, **{"description": "Changed", **changes})
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    assert Program.objects.values().get(pk=program.pk) == before


# --- Switching to peer mode ------------------------------------------------------------------


def test_switching_to_peer_mode_gives_every_member_the_role_they_lack(
    program, mentee, mentor, program_admin
):
    program.default_mentor_capacity = 4
    program.save(update_fields=["default_mentor_capacity"])
    gone = make_member(program=program, roles=("mentee",), email="gone@example.org")
    gone.status = Membership.Status.LEFT
    gone.save(update_fields=["status"])

    response = page_for(program_admin).post(
        URL, settings_form(program, pairing=Program.Pairing.PEER)
    )

    assert response.status_code == 302
    new_mentor_role = MentorParticipation.objects.get(membership=membership_of(mentee, program))
    assert new_mentor_role.capacity == 4
    assert MenteeParticipation.objects.filter(membership=membership_of(mentor, program)).exists()
    # Running a program is not taking part in it; people who left stay out.
    admin = membership_of(program_admin, program)
    assert not MenteeParticipation.objects.filter(membership=admin).exists()
    assert not MentorParticipation.objects.filter(membership=admin).exists()
    assert not MentorParticipation.objects.filter(membership=gone).exists()


def test_switching_back_keeps_both_roles_and_the_page_says_so(program, mentee, program_admin):
    update_program_settings(program=program, by=program_admin, pairing=Program.Pairing.PEER)
    text = page_for(program_admin).get(URL).content.decode()
    assert "members keep both roles" in text

    update_program_settings(
        program=program, by=program_admin, pairing=Program.Pairing.MENTOR_MENTEE
    )

    membership = membership_of(mentee, program)
    assert MenteeParticipation.objects.filter(membership=membership).exists()
    assert MentorParticipation.objects.filter(membership=membership).exists()


# --- Suggestions go stale --------------------------------------------------------------------


def fresh_list_for(user: User, program: Program) -> MenteeParticipation:
    """A suggestion list computed just now, so it is fresh until something changes."""
    participation = membership_of(user, program).mentee_participation
    SuggestionList.objects.create(
        mentee=participation, computed_at=timezone.now(), ranker=active_ranker(program)
    )
    return MenteeParticipation.objects.select_related("membership__program").get(
        pk=participation.pk
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"seniority_preference": Program.SeniorityPreference.REVERSE},
        {"seniority_preference": Program.SeniorityPreference.NONE},
        {"pairing": Program.Pairing.PEER},
    ],
)
def test_changing_how_people_are_paired_makes_suggestions_stale(
    program, mentee, program_admin, changes
):
    assert not is_stale(fresh_list_for(mentee, program))
    update_program_settings(program=program, by=program_admin, **changes)
    participation = MenteeParticipation.objects.select_related("membership__program").get(
        membership__user=mentee, membership__program=program
    )
    assert is_stale(participation)


def test_saving_the_same_settings_leaves_suggestions_fresh(program, mentee, program_admin):
    participation = fresh_list_for(mentee, program)
    update_program_settings(
        program=program, by=program_admin, seniority_preference=program.seniority_preference
    )
    participation.membership.program.refresh_from_db()
    assert not is_stale(participation)


# --- Peer wording ----------------------------------------------------------------------------


@pytest.fixture
def peer_pair(program: Program, mentee: User, mentor: User, program_admin: User):
    """The default program switched to peer mode, with the mentee and mentor paired."""
    update_program_settings(program=program, by=program_admin, pairing=Program.Pairing.PEER)
    relationship = start_relationship(
        mentee=membership_of(mentee, program).mentee_participation,
        mentor=membership_of(mentor, program).mentor_participation,
    )
    return relationship


def test_a_peer_program_says_peers_on_its_pages(peer_pair, mentee):
    client = page_for(mentee)
    pages = {
        "/programs/rise/suggestions/": ["Suggested peers"],
        "/programs/rise/mentors/": ["Find a peer"],
        "/programs/rise/requests/new/": ["Ask a peer"],
        "/home/": ["Learning from peers", "Helping peers", "Peers I learn from"],
        f"/relationships/{peer_pair.pk}/": ["Peer mentoring with", "<dt>Peer</dt>"],
    }
    for url, phrases in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for phrase in phrases:
            assert phrase in text, (url, phrase)
        assert "Suggested mentors" not in text and "Find a mentor" not in text


def test_a_mentor_mentee_program_keeps_saying_mentor(program, mentee, mentor):
    start_relationship(
        mentee=membership_of(mentee, program).mentee_participation,
        mentor=membership_of(mentor, program).mentor_participation,
    )
    client = page_for(mentee)
    assert "Suggested mentors" in client.get("/programs/rise/suggestions/").content.decode()
    assert "Find a mentor" in client.get("/programs/rise/mentors/").content.decode()
    home = client.get("/home/").content.decode()
    assert "As a mentee" in home and "peers" not in home.lower()

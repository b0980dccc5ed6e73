"""GET programs/{slug}/mentors/ and .../mentors/{id}/: access, search, filters, errors, queries."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from mentorship.models import Membership
from tests.conftest import client_for
from tests.factories import make_member
from tests.matching.test_directory import make_mentor

MENTORS = "/api/v1/programs/rise/mentors/"
# Token (with its user), program, the page's ids with the total, their mentors, four card
# lists; +1 for the vocabulary when a skill, industry or language is named: 8 or 9 today.
MAX_API_QUERIES = 12


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [card["name"] for card in response.json()["results"]]


# --- Access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["mentee", "mentor", "program_admin", "platform_admin"])
def test_members_and_admins_list_and_read_the_programs_mentors(
    request, persona, program, other_mentor
):
    client = client_for(request.getfixturevalue(persona))
    mentor = other_mentor.memberships.get().mentor_participation
    assert "Olga Mentor" in names(client.get(MENTORS))
    detail = client.get(f"{MENTORS}{mentor.pk}/")
    assert detail.status_code == 200
    assert detail.json()["name"] == "Olga Mentor"


@pytest.mark.parametrize("persona", ["alice", "other_program_admin"])
def test_outsiders_get_404_for_the_list_and_every_mentor(request, persona, program, other_mentor):
    client = client_for(request.getfixturevalue(persona))
    mentor = other_mentor.memberships.get().mentor_participation
    for url in (MENTORS, f"{MENTORS}{mentor.pk}/"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json() == {"message": "Not found.", "errors": {}}


def test_a_visitor_gets_401(api_client, program, other_mentor):
    assert api_client.get(MENTORS).status_code == 401


def test_a_mentor_of_another_program_is_a_404_under_this_program(program, other_program, mentee):
    summit_mentor = make_mentor(other_program, name="Summit Mentor")
    response = client_for(mentee).get(f"{MENTORS}{summit_mentor.pk}/")
    assert response.status_code == 404


def test_a_mentor_who_left_is_not_listed_and_is_a_404(program, mentee):
    gone = make_mentor(program, name="Gone Mentor")
    Membership.objects.filter(pk=gone.membership_id).update(status=Membership.Status.LEFT)
    client = client_for(mentee)
    assert names(client.get(MENTORS)) == []
    assert client.get(f"{MENTORS}{gone.pk}/").status_code == 404


# --- What comes back --------------------------------------------------------------------------


def test_a_mentor_card_and_detail_carry_the_profile(program, mentee):
    rosa = make_mentor(
        program,
        name="Rosa Diaz",
        headline="Engineering manager",
        bio="Twenty years in hospital software.",
        how_i_can_help="Your first year as a manager.",
        job_title="Head of Engineering",
        industry="healthcare",
        taught=["people-management"],
        skills=["python"],
        expertise=["leadership"],
        languages=["es"],
        meeting_modes=["video"],
        time_zone="Europe/Madrid",
        accepting=False,
    )
    client = client_for(mentee)
    (card,) = client.get(MENTORS).json()["results"]
    assert card == {
        "id": rosa.pk,
        "name": "Rosa Diaz",
        "headline": "Engineering manager",
        "job_title": "Head of Engineering",
        "organisation": "",
        "industry": {"key": "healthcare", "name": "Healthcare"},
        "expertise": [{"key": "leadership", "name": "Leadership"}],
        "skills": [
            {"key": "people-management", "name": "People management"},
            {"key": "python", "name": "Python"},
        ],
        "languages": [{"key": "es", "name": "Spanish"}],
        "meeting_modes": [{"key": "video", "name": "Video call"}],
        "accepting_mentees": False,
        "time_zone": "Europe/Madrid",
        "stats": {
            "capacity_total": 3,
            "capacity_remaining": 3,
            "is_new_mentor": True,
            "acceptance_percent": None,
            "median_hours_to_answer": None,
        },
    }
    detail = client.get(f"{MENTORS}{rosa.pk}/").json()
    assert detail == {
        **card,
        "bio": "Twenty years in hospital software.",
        "how_i_can_help": "Your first year as a manager.",
        "years_experience": None,
        "availability_hours_per_month": None,
        "capacity": 3,
    }


def test_q_finds_words_and_orders_by_relevance(program, mentee):
    make_mentor(program, name="Aaron", bio="Negotiation came up once in my career.")
    make_mentor(program, name="Zoe", headline="Negotiation coach")
    make_mentor(program, name="Other", headline="Sales lead")
    assert names(client_for(mentee).get(MENTORS, {"q": "negotiation"})) == ["Zoe", "Aaron"]


def test_every_filter_parameter_narrows_the_list(program):
    viewer = make_member(program=program, time_zone="Asia/Tokyo").user
    make_mentor(
        program,
        name="Fits all",
        taught=["python"],
        skills=["sql"],
        industry="healthcare",
        languages=["ja"],
        meeting_modes=["chat"],
        time_zone="Asia/Seoul",
    )
    make_mentor(
        program,
        name="Fits none",
        taught=["sales"],
        industry="retail-and-e-commerce",
        languages=["fr"],
        meeting_modes=["phone"],
        time_zone="America/Chicago",
        accepting=False,
    )
    client = client_for(viewer)
    assert names(client.get(MENTORS)) == ["Fits all", "Fits none"]
    for params in (
        {"skill": "python"},
        {"skill": ["python", "sql"]},
        {"industry": "healthcare"},
        {"language": "ja"},
        {"meeting_mode": "chat"},
        {"tz_within": "1"},
        {"accepting": "true"},
    ):
        assert names(client.get(MENTORS, params)) == ["Fits all"], params
    assert names(client.get(MENTORS, {"accepting": "false"})) == ["Fits all", "Fits none"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"skill": "basket-weaving"}, "skill", "Unknown skill: basket-weaving."),
        ({"skill": ["python", "juggling"]}, "skill", "Unknown skill: juggling."),
        ({"industry": "piracy"}, "industry", "Unknown industry: piracy."),
        ({"language": "xx"}, "language", "Unknown language: xx."),
        ({"meeting_mode": "telepathy"}, "meeting_mode", None),
        ({"tz_within": "99"}, "tz_within", None),
        ({"tz_within": "soon"}, "tz_within", None),
        ({"accepting": "maybe"}, "accepting", None),
        ({"q": "x" * 201}, "q", None),
    ],
)
def test_bad_filter_values_are_a_400_naming_the_parameter(program, mentee, params, field, message):
    response = client_for(mentee).get(MENTORS, params)
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == [field]
    if message:
        assert body["errors"][field] == [message]


def test_results_are_paginated_twenty_at_a_time(program, mentee):
    for number in range(23):
        make_mentor(program, name=f"Mentor {number:02d}", headline="Python mentor")
    client = client_for(mentee)
    first = client.get(MENTORS, {"q": "python"}).json()
    assert first["count"] == 23 and len(first["results"]) == 20
    assert "q=python" in first["next"] and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert [card["name"] for card in second["results"]] == ["Mentor 20", "Mentor 21", "Mentor 22"]


def test_a_page_past_the_end_is_a_404_in_the_error_shape(program, mentee, mentor):
    response = client_for(mentee).get(MENTORS, {"page": 2})
    assert response.status_code == 404
    assert set(response.json()) == {"message", "errors"}


# --- Query counts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "python leadership"},
        {"skill": "python", "language": "es", "industry": "software-and-internet"},
        {"q": "mentor", "meeting_mode": "video", "tz_within": "2", "accepting": "true"},
    ],
    ids=["everyone", "two-words", "filters", "words-and-filters"],
)
def test_the_list_costs_the_same_queries_for_2_mentors_as_for_20(
    program, django_assert_max_num_queries, params
):
    viewer = make_member(program=program, roles=("mentee",)).user
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=viewer).key}")

    def add_mentors(count: int, start: int) -> None:
        for number in range(start, start + count):
            make_mentor(
                program,
                name=f"Mentor {number:02d}",
                headline="Python and leadership mentor",
                taught=["python", "leadership"],
                skills=["sql"],
                expertise=["leadership", "career-growth"],
                languages=["en", "es"],
                industry="software-and-internet",
                meeting_modes=["video"],
            )

    add_mentors(2, 0)
    with django_assert_max_num_queries(MAX_API_QUERIES) as two:
        assert len(names(client.get(MENTORS, params))) == 2
    add_mentors(18, 2)
    with django_assert_max_num_queries(MAX_API_QUERIES) as twenty:
        assert len(names(client.get(MENTORS, params))) == 20
    assert len(twenty.captured_queries) == len(two.captured_queries)

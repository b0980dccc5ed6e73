"""The profile and participation API: what people tell us, validated field by field."""

from __future__ import annotations

from typing import Any

import pytest

from mentorship.models import GoalArea, Membership, MenteeGoal, Profile, Program, User
from tests.conftest import client_for, membership_of

FULL_PROFILE: dict[str, Any] = {
    "display_name": "Marcus M.",
    "time_zone": "America/Chicago",
    "headline": "Engineering manager for 10 years",
    "bio": "I grew two platform teams from scratch.",
    "job_title": "Engineering manager",
    "organisation": "Initech",
    "industry": "software-and-internet",
    "years_experience": 14,
    "languages": ["en", "es"],
    "skills": ["people-management", "system-design"],
    "meeting_modes": ["video", "in_person"],
    "availability_hours_per_month": 8,
}


def mentee_body(**fields: Any) -> dict[str, Any]:
    return {
        "goals": [{"goal_area": "leadership", "description": "Lead my first team well."}],
        "skills_wanted": ["public-speaking"],
        "preferred_languages": ["en"],
        "industry_preference": "same",
        "seniority_preference": "senior",
        **fields,
    }


def mentor_body(**fields: Any) -> dict[str, Any]:
    return {
        "expertise_areas": ["leadership", "management"],
        "skills_taught": ["people-management"],
        "how_i_can_help": "Weekly calls about your first months as a manager.",
        "capacity": 5,
        "accepting_mentees": True,
        **fields,
    }


# The profile


def test_the_profile_needs_a_signed_in_user(api_client, db):
    assert api_client.get("/api/v1/me/profile/").status_code == 401


def test_alice_reads_her_empty_profile(alice):
    body = client_for(alice).get("/api/v1/me/profile/").json()
    assert body["display_name"] == "Alice"
    assert body["time_zone"] == "Europe/London"
    assert (body["headline"], body["industry"], body["skills"], body["meeting_modes"]) == (
        "",
        None,
        [],
        [],
    )


def test_a_mentor_updates_every_profile_field_and_the_directory_text_follows(mentor, program):
    response = client_for(mentor).patch("/api/v1/me/profile/", FULL_PROFILE, format="json")
    assert response.status_code == 200
    body = response.json()
    assert {field: body[field] for field in FULL_PROFILE} == FULL_PROFILE
    mentor.refresh_from_db()
    assert mentor.time_zone == "America/Chicago"
    search_text = membership_of(mentor, program).mentor_participation.search_text
    assert "engineering manager for 10 years" in search_text
    assert "system design" in search_text


def test_a_partial_update_leaves_the_other_fields_alone(alice):
    client = client_for(alice)
    client.patch("/api/v1/me/profile/", FULL_PROFILE, format="json")
    response = client.patch("/api/v1/me/profile/", {"headline": "New line"}, format="json")
    body = response.json()
    assert body["headline"] == "New line"
    assert body["skills"] == ["people-management", "system-design"]
    assert body["display_name"] == "Marcus M."


def test_clearing_the_industry_and_the_numbers(alice):
    client = client_for(alice)
    client.patch("/api/v1/me/profile/", FULL_PROFILE, format="json")
    body = client.patch(
        "/api/v1/me/profile/",
        {"industry": None, "years_experience": None, "languages": []},
        format="json",
    ).json()
    assert (body["industry"], body["years_experience"], body["languages"]) == (None, None, [])


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("time_zone", "Mars/Base"),
        ("languages", ["en", "xx"]),
        ("skills", ["juggling"]),
        ("industry", "alchemy"),
        ("meeting_modes", ["telepathy"]),
        ("years_experience", 71),
        ("availability_hours_per_month", -1),
        ("display_name", ""),
        ("skills", "python"),
    ],
)
def test_bad_profile_input_is_a_400_naming_the_field_and_nothing_changes(alice, field, value):
    response = client_for(alice).patch(
        "/api/v1/me/profile/", {"headline": "Should not stick", field: value}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == [field]
    assert body["message"] == "Some fields are not valid."
    alice.refresh_from_db()
    assert alice.time_zone == "Europe/London"
    assert not Profile.objects.filter(user=alice).exclude(headline="").exists()


def test_profile_json_that_is_not_an_object_is_a_400(alice):
    response = client_for(alice).patch("/api/v1/me/profile/", ["headline"], format="json")
    assert response.status_code == 400


# Mentee participation


def test_a_mentee_reads_and_replaces_her_goals_and_wishes(mentee, program):
    client = client_for(mentee)
    assert client.get("/api/v1/programs/rise/participation/mentee/").json()["goals"] == []
    response = client.put(
        "/api/v1/programs/rise/participation/mentee/", mentee_body(), format="json"
    )
    assert response.status_code == 200
    body = response.json()
    (goal,) = body["goals"]
    assert (goal["goal_area"], goal["description"]) == ("leadership", "Lead my first team well.")
    assert body["skills_wanted"] == ["public-speaking"]
    assert (body["industry_preference"], body["seniority_preference"]) == ("same", "senior")
    assert client.get("/api/v1/programs/rise/participation/mentee/").json() == body


def test_goals_given_with_an_id_are_edited_and_goals_left_out_removed(mentee, program):
    participation = membership_of(mentee, program).mentee_participation
    keep, drop = (
        MenteeGoal.objects.create(
            participation=participation,
            goal_area=GoalArea.objects.get(slug=slug),
            description=text,
        )
        for slug, text in (("leadership", "Old"), ("networking", "Meet people"))
    )
    goals = [
        {"id": keep.pk, "goal_area": "career-growth", "description": "Edited"},
        {"goal_area": "communication", "description": "Added"},
    ]
    body = (
        client_for(mentee)
        .put("/api/v1/programs/rise/participation/mentee/", mentee_body(goals=goals), format="json")
        .json()
    )
    assert [(goal["id"] == keep.pk, goal["description"]) for goal in body["goals"]] == [
        (True, "Edited"),
        (False, "Added"),
    ]
    assert not MenteeGoal.objects.filter(pk=drop.pk).exists()


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"goals": [{"goal_area": "leadership", "description": ""}]}, "goals"),
        ({"goals": [{"goal_area": "leadership", "description": "   "}]}, "goals"),
        ({"goals": [{"goal_area": "astrology", "description": "Stars"}]}, "goals"),
        ({"skills_wanted": ["juggling"]}, "skills_wanted"),
        ({"preferred_languages": ["xx"]}, "preferred_languages"),
        ({"industry_preference": "nearby"}, "industry_preference"),
        ({"seniority_preference": "ancient"}, "seniority_preference"),
    ],
)
def test_bad_mentee_input_is_a_400_naming_the_field(mentee, program, fields, error_field):
    response = client_for(mentee).put(
        "/api/v1/programs/rise/participation/mentee/", mentee_body(**fields), format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [error_field]
    participation = membership_of(mentee, program).mentee_participation
    assert participation.goals.count() == 0
    assert participation.industry_preference == "any"


def test_a_put_without_every_field_is_a_400(mentee, program):
    response = client_for(mentee).put(
        "/api/v1/programs/rise/participation/mentee/", {"goals": []}, format="json"
    )
    assert response.status_code == 400
    assert "skills_wanted" in response.json()["errors"]


def test_someone_elses_goal_id_is_a_400_and_their_goal_is_untouched(mentee, other_mentee, program):
    theirs = MenteeGoal.objects.create(
        participation=membership_of(other_mentee, program).mentee_participation,
        goal_area=GoalArea.objects.get(slug="leadership"),
        description="Otto's own",
    )
    goals = [{"id": theirs.pk, "goal_area": "leadership", "description": "Taken over"}]
    response = client_for(mentee).put(
        "/api/v1/programs/rise/participation/mentee/", mentee_body(goals=goals), format="json"
    )
    assert response.status_code == 400
    assert "goals" in response.json()["errors"]
    theirs.refresh_from_db()
    assert theirs.description == "Otto's own"


@pytest.mark.parametrize(
    "persona", ["mentor", "program_admin", "other_program_admin", "alice", "platform_admin"]
)
def test_the_mentee_endpoint_is_a_404_without_the_mentee_role_there(request, program, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/api/v1/programs/rise/participation/mentee/").status_code == 404
    response = client.put(
        "/api/v1/programs/rise/participation/mentee/", mentee_body(), format="json"
    )
    assert response.status_code == 404


def test_a_mentee_who_left_no_longer_has_the_mentee_endpoint(mentee, program):
    client = client_for(mentee)
    client.post("/api/v1/programs/rise/leave/")
    assert client.get("/api/v1/programs/rise/participation/mentee/").status_code == 404


# Mentor participation


def test_a_mentor_reads_and_replaces_what_they_offer(mentor, program):
    client = client_for(mentor)
    assert client.get("/api/v1/programs/rise/participation/mentor/").json()["capacity"] == 3
    response = client.put(
        "/api/v1/programs/rise/participation/mentor/",
        mentor_body(accepting_mentees=False),
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert sorted(body["expertise_areas"]) == ["leadership", "management"]
    assert (body["capacity"], body["accepting_mentees"]) == (5, False)
    participation = membership_of(mentor, program).mentor_participation
    assert "first months as a manager" in participation.search_text


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"capacity": 0}, "capacity"),
        ({"capacity": 21}, "capacity"),
        ({"capacity": "lots"}, "capacity"),
        ({"skills_taught": ["juggling"]}, "skills_taught"),
        ({"expertise_areas": ["astrology"]}, "expertise_areas"),
        ({"accepting_mentees": "perhaps"}, "accepting_mentees"),
    ],
)
def test_bad_mentor_input_is_a_400_naming_the_field(mentor, program, fields, error_field):
    response = client_for(mentor).put(
        "/api/v1/programs/rise/participation/mentor/", mentor_body(**fields), format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [error_field]
    participation = membership_of(mentor, program).mentor_participation
    assert (participation.capacity, participation.how_i_can_help) == (3, "")


@pytest.mark.parametrize("persona", ["mentee", "program_admin", "other_program_admin", "alice"])
def test_the_mentor_endpoint_is_a_404_without_the_mentor_role_there(request, program, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/api/v1/programs/rise/participation/mentor/").status_code == 404
    response = client.put(
        "/api/v1/programs/rise/participation/mentor/", mentor_body(), format="json"
    )
    assert response.status_code == 404


def test_a_mentor_in_one_program_has_no_mentor_endpoint_in_another(
    mentor: User, other_program: Program
):
    assert (
        client_for(mentor).get("/api/v1/programs/summit/participation/mentor/").status_code == 404
    )
    assert not Membership.objects.filter(user=mentor, program=other_program).exists()

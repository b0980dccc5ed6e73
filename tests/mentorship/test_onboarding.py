"""Onboarding, the profile page and a mentee's profile: what people tell us, and who sees it."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mentorship.models import (
    GoalArea,
    Industry,
    Language,
    Membership,
    MenteeGoal,
    Profile,
    Program,
    Skill,
    User,
)
from mentorship.onboarding import Step, completeness, profile_with_answers, with_answers
from tests.conftest import membership_of
from tests.factories import make_member, make_program

PROFILE_ANSWERS: dict[str, Any] = {
    "display_name": "Mia M.",
    "time_zone": "Europe/Berlin",
    "headline": "Data analyst moving into product",
    "job_title": "Data analyst",
    "organisation": "Acme",
    "industry": "healthcare",
    "years_experience": "4",
    "bio": "I turn hospital data into decisions.",
    "languages": ["en", "de"],
    "skills": ["sql", "data-analysis"],
    "meeting_modes": ["video", "chat"],
    "availability_hours_per_month": "6",
}


def goal_post(goals: list[dict[str, str]], initial: int = 0, **fields: Any) -> dict[str, Any]:
    """A mentee step submission: the goal formset plus the mentee form's fields."""
    data: dict[str, Any] = {
        "goals-TOTAL_FORMS": str(len(goals)),
        "goals-INITIAL_FORMS": str(initial),
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "10",
        "industry_preference": "any",
        "seniority_preference": "senior",
        "skills_wanted": ["public-speaking"],
        "preferred_languages": ["en"],
    }
    for index, goal in enumerate(goals):
        for key, value in goal.items():
            data[f"goals-{index}-{key}"] = value
    data.update(fields)
    return data


def mentor_post(**fields: Any) -> dict[str, Any]:
    return {
        "expertise_areas": ["leadership"],
        "skills_taught": ["people-management"],
        "how_i_can_help": "I help new managers with their first hard conversations.",
        "capacity": "4",
        "accepting_mentees": "on",
        **fields,
    }


def meter(user: User, program: Program) -> Any:
    membership = with_answers(Membership.objects.filter(user=user, program=program)).get()
    return completeness(user=user, profile=profile_with_answers(user), membership=membership)


# Who may open onboarding


@pytest.mark.parametrize("persona", ["alice", "other_program_admin", "platform_admin"])
def test_onboarding_is_a_404_for_anyone_not_in_the_program(client, request, program, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/programs/rise/onboarding/").status_code == 404
    assert client.get("/programs/rise/onboarding/profile/").status_code == 404
    assert client.post("/programs/rise/onboarding/profile/", PROFILE_ANSWERS).status_code == 404


def test_a_pending_join_request_does_not_open_onboarding(client, alice):
    circle = make_program(slug="circle", join_mode=Program.JoinMode.INVITE_ONLY)
    Membership.objects.create(
        user=alice, program=circle, status=Membership.Status.REQUESTED, requested_roles=["mentee"]
    )
    client.force_login(alice)
    assert client.get("/programs/circle/onboarding/").status_code == 404


def test_a_mentee_is_asked_the_profile_and_mentee_steps_only(client, mentee, program):
    client.force_login(mentee)
    html = client.get("/programs/rise/onboarding/").content.decode()
    assert 'href="/programs/rise/onboarding/profile/"' in html
    assert 'href="/programs/rise/onboarding/mentee/"' in html
    assert "/onboarding/mentor/" not in html
    assert client.get("/programs/rise/onboarding/mentee/").status_code == 200
    assert client.get("/programs/rise/onboarding/mentor/").status_code == 404
    assert client.get("/programs/rise/onboarding/nonsense/").status_code == 404


def test_the_overview_shows_the_meter_and_one_clear_next_step(client, mentee, program):
    client.force_login(mentee)
    html = client.get("/programs/rise/onboarding/").content.decode()
    # Only her display name is known: 1 of 13 answers (10 profile + 3 mentee).
    assert '<progress id="meter-overview" value="8" max="100">' in html
    assert "Next step:" in html
    assert "Write a one-line headline" in html
    assert 'href="/programs/rise/onboarding/profile/" role="button"' in html


# The steps


def test_the_profile_step_saves_and_moves_on_to_the_mentee_step(client, mentee, program):
    client.force_login(mentee)
    response = client.post("/programs/rise/onboarding/profile/", PROFILE_ANSWERS)
    assert response.status_code == 302
    assert response["Location"] == "/programs/rise/onboarding/mentee/"
    mentee.refresh_from_db()
    assert (mentee.display_name, mentee.time_zone) == ("Mia M.", "Europe/Berlin")
    profile = Profile.objects.get(user=mentee)
    assert profile.industry == Industry.objects.get(slug="healthcare")
    assert sorted(profile.languages.values_list("code", flat=True)) == ["de", "en"]
    assert sorted(profile.skills.values_list("slug", flat=True)) == ["data-analysis", "sql"]
    assert profile.meeting_mode_list == ["video", "chat"]
    assert (profile.years_experience, profile.availability_hours_per_month) == (4, 6)
    assert meter(mentee, program).steps[0].is_complete


def test_the_mentee_step_saves_goals_in_the_mentees_own_words(client, mentee, program):
    client.force_login(mentee)
    response = client.post(
        "/programs/rise/onboarding/mentee/",
        goal_post(
            [
                {"goal_area": "leadership", "description": "Lead my first team well."},
                {"goal_area": "communication", "description": "Speak up in big meetings."},
            ]
        ),
    )
    # The mentee step is her last: she goes back to the overview.
    assert response["Location"] == "/programs/rise/onboarding/"
    participation = membership_of(mentee, program).mentee_participation
    goals = list(participation.goals.values_list("goal_area__slug", "description"))
    assert goals == [
        ("leadership", "Lead my first team well."),
        ("communication", "Speak up in big meetings."),
    ]
    assert participation.seniority_preference == "senior"
    assert list(participation.skills_wanted.values_list("slug", flat=True)) == ["public-speaking"]
    assert meter(mentee, program).steps[1].is_complete


def test_a_blank_extra_goal_is_ignored(client, mentee, program):
    client.force_login(mentee)
    client.post(
        "/programs/rise/onboarding/mentee/",
        goal_post(
            [
                {"goal_area": "leadership", "description": "Lead my first team well."},
                {"goal_area": "", "description": ""},
            ]
        ),
    )
    assert membership_of(mentee, program).mentee_participation.goals.count() == 1


def test_an_empty_goal_text_is_a_form_error_and_nothing_is_saved(client, mentee, program):
    client.force_login(mentee)
    response = client.post(
        "/programs/rise/onboarding/mentee/",
        goal_post([{"goal_area": "leadership", "description": "  "}]),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Say what you want to achieve." in html
    assert 'id="id_goals-0-description_error"' in html
    participation = membership_of(mentee, program).mentee_participation
    assert participation.goals.count() == 0
    assert participation.seniority_preference == "any"


def test_goals_are_edited_and_removed_later(client, mentee, program):
    participation = membership_of(mentee, program).mentee_participation
    keep = MenteeGoal.objects.create(
        participation=participation,
        goal_area=GoalArea.objects.get(slug="leadership"),
        description="Old words",
    )
    drop = MenteeGoal.objects.create(
        participation=participation,
        goal_area=GoalArea.objects.get(slug="networking"),
        description="Meet people",
    )
    client.force_login(mentee)
    page = client.get("/programs/rise/onboarding/mentee/").content.decode()
    assert "Old words" in page and "Meet people" in page
    client.post(
        "/programs/rise/onboarding/mentee/",
        goal_post(
            [
                {"id": str(keep.pk), "goal_area": "career-growth", "description": "New words"},
                {"id": str(drop.pk), "goal_area": "networking", "description": "x", "DELETE": "on"},
            ],
            initial=2,
        ),
    )
    assert list(participation.goals.values_list("pk", "goal_area__slug", "description")) == [
        (keep.pk, "career-growth", "New words")
    ]


def test_a_goal_id_that_is_not_hers_is_refused(client, mentee, other_mentee, program):
    theirs = MenteeGoal.objects.create(
        participation=membership_of(other_mentee, program).mentee_participation,
        goal_area=GoalArea.objects.get(slug="leadership"),
        description="Otto's goal",
    )
    client.force_login(mentee)
    response = client.post(
        "/programs/rise/onboarding/mentee/",
        goal_post([{"id": str(theirs.pk), "goal_area": "networking", "description": "Mine now"}]),
    )
    assert response.status_code == 200
    assert "is not one of yours" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.description == "Otto's goal"


def test_an_unknown_goal_area_is_a_form_error(client, mentee, program):
    client.force_login(mentee)
    response = client.post(
        "/programs/rise/onboarding/mentee/",
        goal_post([{"goal_area": "astrology", "description": "Read the stars"}]),
    )
    assert response.status_code == 200
    assert 'id="id_goals-0-goal_area_error"' in response.content.decode()
    assert membership_of(mentee, program).mentee_participation.goals.count() == 0


def test_the_mentor_step_saves_what_the_mentor_offers(client, mentor, program):
    client.force_login(mentor)
    response = client.post("/programs/rise/onboarding/mentor/", mentor_post())
    assert response["Location"] == "/programs/rise/onboarding/"
    participation = membership_of(mentor, program).mentor_participation
    assert participation.capacity == 4
    assert participation.accepting_mentees is True
    assert list(participation.skills_taught.values_list("slug", flat=True)) == ["people-management"]
    # The directory searches the new words at once.
    assert "first hard conversations" in participation.search_text
    assert "people management" in participation.search_text


def test_a_mentor_stops_accepting_new_mentees(client, mentor, program):
    client.force_login(mentor)
    data = mentor_post()
    del data["accepting_mentees"]
    client.post("/programs/rise/onboarding/mentor/", data)
    assert membership_of(mentor, program).mentor_participation.accepting_mentees is False


@pytest.mark.parametrize("capacity", ["0", "21", "many"])
def test_a_capacity_outside_1_to_20_is_a_form_error(client, mentor, program, capacity):
    client.force_login(mentor)
    response = client.post(
        "/programs/rise/onboarding/mentor/", mentor_post(capacity=capacity, how_i_can_help="New")
    )
    assert response.status_code == 200
    assert 'id="id_capacity_error"' in response.content.decode()
    participation = membership_of(mentor, program).mentor_participation
    assert (participation.capacity, participation.how_i_can_help) == (3, "")


def test_an_unknown_skill_on_the_mentor_step_is_a_form_error(client, mentor, program):
    client.force_login(mentor)
    response = client.post(
        "/programs/rise/onboarding/mentor/", mentor_post(skills_taught=["juggling"])
    )
    assert 'id="id_skills_taught_error"' in response.content.decode()
    assert not membership_of(mentor, program).mentor_participation.skills_taught.exists()


def test_someone_with_both_roles_goes_through_all_three_steps(client, alice, program):
    make_member(program=program, user=alice, roles=("mentee", "mentor"))
    client.force_login(alice)
    profile = client.post("/programs/rise/onboarding/profile/", PROFILE_ANSWERS)
    assert profile["Location"] == "/programs/rise/onboarding/mentee/"
    mentee_step = client.post(
        "/programs/rise/onboarding/mentee/",
        goal_post([{"goal_area": "leadership", "description": "Lead well."}]),
    )
    assert mentee_step["Location"] == "/programs/rise/onboarding/mentor/"
    mentor_step = client.post("/programs/rise/onboarding/mentor/", mentor_post())
    assert mentor_step["Location"] == "/programs/rise/onboarding/"
    html = client.get("/programs/rise/onboarding/").content.decode()
    assert 'value="100"' in html
    assert "You have answered everything" in html


# The completeness meter


def test_the_meter_counts_answers_per_role(mentee, program):
    first = meter(mentee, program)
    assert [status.step for status in first.steps] == [Step.PROFILE, Step.MENTEE]
    assert (first.done_count, first.total) == (1, 13)
    assert first.next_step is not None and first.next_step.step == Step.PROFILE
    assert str(first.next_action) == "Write a one-line headline"


def test_the_next_step_moves_to_the_mentee_step_once_the_profile_is_done(mentee, program):
    profile = Profile.objects.get(user=mentee)
    profile.headline, profile.bio, profile.job_title = "Analyst", "Bio", "Analyst"
    profile.industry = Industry.objects.first()
    profile.years_experience, profile.availability_hours_per_month = 2, 4
    profile.meeting_modes = "video"
    profile.save()
    profile.languages.set(Language.objects.filter(code="en"))
    profile.skills.set(Skill.objects.all()[:1])
    status = meter(mentee, program)
    assert status.steps[0].percent == 100
    assert status.next_step is not None and status.next_step.step == Step.MENTEE
    assert str(status.next_action) == "Add your first goal"
    assert status.percent == round(100 * 10 / 13)


def test_a_person_without_a_profile_row_has_an_empty_meter(alice, program):
    make_member(program=program, user=alice, roles=("mentor",))
    Profile.objects.filter(user=alice).delete()
    status = meter(alice, program)
    assert [step.step for step in status.steps] == [Step.PROFILE, Step.MENTOR]
    assert status.done_count == 1  # the display name lives on the account
    assert status.next_step is not None and status.next_step.step == Step.PROFILE


# The profile page


def test_the_profile_page_saves_any_time(client, alice):
    client.force_login(alice)
    assert client.get("/profile/").status_code == 200
    response = client.post("/profile/", PROFILE_ANSWERS)
    assert response["Location"] == "/profile/"
    assert Profile.objects.get(user=alice).headline == "Data analyst moving into product"
    assert "Your profile is saved." in client.get("/profile/").content.decode()


def test_the_profile_page_shows_the_saved_answers(client, alice):
    client.force_login(alice)
    client.post("/profile/", PROFILE_ANSWERS)
    html = client.get("/profile/").content.decode()
    assert 'value="Data analyst moving into product"' in html
    assert re.search(r'name="skills" value="sql"[^>]*checked', html)
    assert not re.search(r'name="skills" value="python"[^>]*checked', html)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("time_zone", "Mars/Base"),
        ("skills", ["sql", "juggling"]),
        ("languages", ["xx"]),
        ("industry", "alchemy"),
        ("meeting_modes", ["telepathy"]),
        ("years_experience", "71"),
        ("availability_hours_per_month", "-1"),
        ("display_name", ""),
    ],
)
def test_bad_profile_input_is_a_form_error_on_that_field_and_nothing_changes(
    client, alice, field, value
):
    client.force_login(alice)
    response = client.post("/profile/", {**PROFILE_ANSWERS, field: value})
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    alice.refresh_from_db()
    assert (alice.display_name, alice.time_zone) == ("Alice", "Europe/London")
    assert not Profile.objects.filter(user=alice).exclude(headline="").exists()


def test_the_profile_page_asks_visitors_to_log_in(client, db):
    assert client.get("/profile/")["Location"].startswith("/accounts/login/")


# A mentee's profile


@pytest.fixture
def mentee_with_goal(mentee: User, program: Program) -> Membership:
    membership = membership_of(mentee, program)
    MenteeGoal.objects.create(
        participation=membership.mentee_participation,
        goal_area=GoalArea.objects.get(slug="leadership"),
        description="Lead my first team through a launch.",
    )
    Profile.objects.filter(user=mentee).update(headline="Junior analyst")
    return membership


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("program_admin", 200),
        ("platform_admin", 200),
        ("mentee", 200),
        ("other_mentee", 404),
        ("mentor", 404),
        ("other_program_admin", 404),
        ("alice", 404),
    ],
)
def test_who_may_read_a_mentees_profile_and_goals(
    client, request, mentee_with_goal, persona, status
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(f"/programs/rise/mentees/{mentee_with_goal.pk}/")
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Lead my first team through a launch." in html
        assert "Junior analyst" in html


def test_a_mentors_membership_is_no_mentee_profile(client, program_admin, mentor, program):
    client.force_login(program_admin)
    assert (
        client.get(f"/programs/rise/mentees/{membership_of(mentor, program).pk}/").status_code
        == 404
    )


def test_a_mentee_of_another_program_is_a_404_under_this_program(
    client, program_admin, other_program
):
    elsewhere = make_member(program=other_program, roles=("mentee",))
    client.force_login(program_admin)
    assert client.get(f"/programs/rise/mentees/{elsewhere.pk}/").status_code == 404
    assert client.get(f"/programs/summit/mentees/{elsewhere.pk}/").status_code == 404

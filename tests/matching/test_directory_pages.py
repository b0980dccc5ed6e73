"""The mentor directory pages: who may open them, what they show, bad input, query counts."""

from __future__ import annotations

import pytest

from mentorship.models import Membership
from tests.factories import make_member
from tests.matching.test_directory import make_mentor

DIRECTORY = "/programs/rise/mentors/"
# Session, user, unread-notification badge, program, vocabulary, the page's ids with the
# total, their mentors, and one query per list on a card (expertise, skills taught, profile
# skills, languages): 11 today.
MAX_PAGE_QUERIES = 12


def detail_url(mentor) -> str:
    return f"{DIRECTORY}{mentor.pk}/"


def make_rich_mentors(program, count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        make_mentor(
            program,
            name=f"Mentor {number:02d}",
            headline="Python and leadership mentor",
            taught=["python", "leadership"],
            skills=["sql", "public-speaking"],
            expertise=["leadership", "career-growth"],
            languages=["en", "es"],
            industry="software-and-internet",
            meeting_modes=["video"],
        )


# --- Who may see the pages --------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["mentee", "mentor", "program_admin", "platform_admin"])
def test_members_admins_and_platform_admins_see_the_directory_and_a_mentor(
    client, request, persona, program, other_mentor
):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(DIRECTORY)
    assert page.status_code == 200
    assert "Olga Mentor" in page.content.decode()
    mentor = other_mentor.memberships.get().mentor_participation
    assert client.get(detail_url(mentor)).status_code == 200


@pytest.mark.parametrize("persona", ["alice", "other_program_admin"])
def test_outsiders_get_404_for_the_directory_and_every_mentor(
    client, request, persona, program, other_mentor
):
    client.force_login(request.getfixturevalue(persona))
    mentor = other_mentor.memberships.get().mentor_participation
    assert client.get(DIRECTORY).status_code == 404
    assert client.get(detail_url(mentor)).status_code == 404


def test_a_visitor_is_sent_to_log_in(client, program):
    response = client.get(DIRECTORY)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_someone_who_left_the_program_no_longer_sees_its_directory(client, program, mentee):
    Membership.objects.filter(user=mentee).update(status=Membership.Status.LEFT)
    client.force_login(mentee)
    assert client.get(DIRECTORY).status_code == 404


def test_a_mentor_of_another_program_is_a_404_under_this_program(
    client, program, other_program, mentee
):
    summit_mentor = make_mentor(other_program, name="Summit Mentor")
    client.force_login(mentee)
    assert client.get(detail_url(summit_mentor)).status_code == 404


def test_a_mentor_who_left_is_no_longer_listed_or_shown(client, program, mentee):
    gone = make_mentor(program, name="Gone Mentor")
    Membership.objects.filter(pk=gone.membership_id).update(status=Membership.Status.LEFT)
    client.force_login(mentee)
    assert "Gone Mentor" not in client.get(DIRECTORY).content.decode()
    assert client.get(detail_url(gone)).status_code == 404


# --- What the pages show ----------------------------------------------------------------------


def test_a_card_shows_name_headline_expertise_skills_languages_modes_and_accepting(
    client, program, mentee
):
    make_mentor(
        program,
        name="Rosa Diaz",
        headline="Engineering manager in health tech",
        taught=["python"],
        expertise=["leadership"],
        languages=["es"],
        meeting_modes=["in_person"],
        accepting=False,
    )
    client.force_login(mentee)
    html = client.get(DIRECTORY).content.decode()
    for text in (
        "Rosa Diaz",
        "Engineering manager in health tech",
        "Leadership",
        "Python",
        "Spanish",
        "In person",
        "Not accepting new mentees",
    ):
        assert text in html
    assert 'role="search"' in html and 'hx-get="/programs/rise/mentors/"' in html


def test_searching_lists_the_best_match_first(client, program, mentee):
    make_mentor(program, name="Aaron", bio="Negotiation came up once in my career.")
    make_mentor(program, name="Zoe", headline="Negotiation coach")
    client.force_login(mentee)
    html = client.get(DIRECTORY, {"q": "negotiation"}).content.decode()
    assert html.index("Zoe") < html.index("Aaron")


def test_filters_from_the_query_string_narrow_the_list_and_stay_selected(client, program, mentee):
    make_mentor(program, name="Lola", languages=["es"], taught=["python"])
    make_mentor(program, name="Ken", languages=["ja"], taught=["python"])
    client.force_login(mentee)
    html = client.get(DIRECTORY, {"language": "es", "skill": "python"}).content.decode()
    assert "Lola" in html and "Ken" not in html
    assert '<option value="es" selected>' in html


def test_an_htmx_request_gets_only_the_results(client, program, mentee, mentor):
    client.force_login(mentee)
    response = client.get(DIRECTORY, {"q": "marcus"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Marcus Mentor" in html
    assert "<html" not in html and 'role="search"' not in html
    assert "HX-Request" in response["Vary"]


def test_results_are_paginated_and_pages_keep_the_search(client, program, mentee):
    for number in range(25):
        make_mentor(program, name=f"Mentor {number:02d}", headline="Python mentor")
    client.force_login(mentee)
    first = client.get(DIRECTORY, {"q": "python"}).content.decode()
    assert "Mentor 19" in first and "Mentor 20" not in first
    assert "25 mentors" in first
    assert "?q=python&amp;page=2" in first
    second = client.get(DIRECTORY, {"q": "python", "page": 2}).content.decode()
    assert "Mentor 20" in second and "Mentor 24" in second and "Mentor 19" not in second


def test_a_page_number_past_the_end_shows_the_last_page_and_nonsense_the_first(
    client, program, mentee
):
    for number in range(22):
        make_mentor(program, name=f"Mentor {number:02d}")
    client.force_login(mentee)
    last = client.get(DIRECTORY, {"page": "99"}).content.decode()
    assert "Mentor 21" in last and "Page 2 of 2" in last
    first = client.get(DIRECTORY, {"page": "two"}).content.decode()
    assert "Mentor 00" in first and "Page 1 of 2" in first


def test_an_empty_result_suggests_loosening_each_filter(client, program, mentee, mentor):
    client.force_login(mentee)
    html = client.get(
        DIRECTORY, {"q": "astrophysics", "language": "sw", "accepting": "on"}
    ).content.decode()
    assert "No mentors match this search" in html
    assert "?language=sw&amp;accepting=on" in html  # the same search without the words
    assert "?q=astrophysics&amp;accepting=on" in html  # ... without the language
    assert "?q=astrophysics&amp;language=sw" in html  # ... including busy mentors
    assert f'href="{DIRECTORY}"' in html  # clear everything


def test_a_program_without_mentors_says_so_instead_of_suggesting_filters(client, program, mentee):
    client.force_login(mentee)
    html = client.get(DIRECTORY).content.decode()
    assert "This program has no mentors yet" in html


def test_unknown_filter_values_are_form_errors_and_the_page_still_lists_mentors(
    client, program, mentee, mentor
):
    client.force_login(mentee)
    response = client.get(
        DIRECTORY,
        {"skill": "basket-weaving", "industry": "piracy", "language": "xx", "tz_within": "99"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    for field in ("skill", "industry", "language", "tz_within"):
        assert f'id="id_{field}_error"' in html
    assert "Unknown skill: basket-weaving." in html
    assert "Marcus Mentor" in html


def test_an_unknown_meeting_mode_is_a_form_error(client, program, mentee, mentor):
    client.force_login(mentee)
    html = client.get(DIRECTORY, {"meeting_mode": "telepathy"}).content.decode()
    assert 'id="id_meeting_mode_error"' in html
    assert "Unknown meeting mode: telepathy." in html


def test_the_mentor_page_shows_the_whole_profile(client, program, mentee):
    rosa = make_mentor(
        program,
        name="Rosa Diaz",
        headline="Engineering manager",
        bio="Twenty years in hospital software.",
        how_i_can_help="Your first year as a manager.",
        job_title="Head of Engineering",
        industry="healthcare",
        taught=["people-management"],
        accepting=False,
    )
    client.force_login(mentee)
    html = client.get(detail_url(rosa)).content.decode()
    for text in (
        "Rosa Diaz",
        "Twenty years in hospital software.",
        "Your first year as a manager.",
        "Head of Engineering",
        "Healthcare",
        "People management",
        "Not accepting new mentees",
    ):
        assert text in html
    assert f'href="{DIRECTORY}"' in html


# --- Query counts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "search",
    [
        {},
        {"q": "python leadership"},
        {"skill": "python", "language": "es", "industry": "software-and-internet"},
        {"q": "mentor", "meeting_mode": "video", "tz_within": "2", "accepting": "on"},
    ],
    ids=["everyone", "two-words", "filters", "words-and-filters"],
)
def test_the_directory_costs_the_same_queries_for_2_mentors_as_for_20(
    client, program, django_assert_max_num_queries, search
):
    viewer = make_member(program=program, roles=("mentee",)).user
    client.force_login(viewer)
    make_rich_mentors(program, 2)
    with django_assert_max_num_queries(MAX_PAGE_QUERIES) as two:
        html = client.get(DIRECTORY, search).content.decode()
    assert html.count('class="mentor-card"') == 2
    make_rich_mentors(program, 18, start=2)
    with django_assert_max_num_queries(MAX_PAGE_QUERIES) as twenty:
        html = client.get(DIRECTORY, search).content.decode()
    assert html.count('class="mentor-card"') == 20
    assert len(twenty.captured_queries) == len(two.captured_queries)


def test_the_mentor_page_costs_a_fixed_number_of_queries(
    client, program, mentee, django_assert_max_num_queries
):
    make_rich_mentors(program, 1)
    mentor = program.memberships.get(mentor_participation__isnull=False).mentor_participation
    client.force_login(mentee)
    with django_assert_max_num_queries(MAX_PAGE_QUERIES):
        assert client.get(detail_url(mentor)).status_code == 200


def test_cards_show_remaining_capacity_and_responsiveness(client, program, mentee, mentor):
    """Once a mentor has answered three requests, cards say how fast and how often they accept."""
    from datetime import timedelta

    from django.utils import timezone

    from relationships.models import MentorRequest
    from tests.conftest import membership_of
    from tests.factories import make_member

    mentor_part = membership_of(mentor, program).mentor_participation
    now = timezone.now()
    for number, state in enumerate(["accepted", "declined", "declined"]):
        asker = make_member(program=program, roles=("mentee",), email=f"ask{number}@example.org")
        MentorRequest.objects.create(
            program=program,
            mentee=asker.mentee_participation,
            mentor=mentor_part,
            message="Hello",
            state=state,
            sent_at=now - timedelta(hours=30),
            answered_at=now - timedelta(hours=10),
        )
    client.force_login(mentee)
    html = client.get(f"/programs/{program.slug}/mentors/").content.decode()
    assert "3 of 3 places free" in html
    assert "Usually answers within 20 hours" in html and "accepts 33%" in html
    detail = client.get(f"/programs/{program.slug}/mentors/{mentor_part.pk}/").content.decode()
    assert "Usually answers within 20 hours" in detail
    assert "Ask to be mentored" in detail

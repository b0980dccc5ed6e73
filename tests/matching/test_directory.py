"""The mentor directory search: words, relevance order, every filter, the time-zone window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from matching.cards import card_for
from matching.directory import (
    MAX_TERMS,
    MentorPaginator,
    load_vocabulary,
    search_mentors,
    search_terms,
    utc_offset,
    zones_within,
)
from mentorship.models import (
    GoalArea,
    Industry,
    Language,
    Membership,
    MentorParticipation,
    Profile,
    Program,
    Skill,
    User,
)
from mentorship.services.profiles import save_mentor_participation, update_profile
from tests.factories import make_member

UTC = dt.UTC


def make_mentor(
    program: Program,
    *,
    name: str,
    headline: str = "",
    bio: str = "",
    job_title: str = "",
    skills: Sequence[str] = (),
    taught: Sequence[str] = (),
    expertise: Sequence[str] = (),
    languages: Sequence[str] = (),
    industry: str | None = None,
    meeting_modes: Sequence[str] = (),
    how_i_can_help: str = "",
    accepting: bool = True,
    time_zone: str = "Europe/London",
    user: User | None = None,
) -> MentorParticipation:
    """A mentor of `program` whose profile was filled in through the profile services."""
    membership = make_member(
        program=program, user=user, roles=("mentor",), display_name=name, time_zone=time_zone
    )
    update_profile(
        user=membership.user,
        headline=headline,
        bio=bio,
        job_title=job_title,
        industry=Industry.objects.get(slug=industry) if industry else None,
        languages=Language.objects.filter(code__in=languages),
        skills=Skill.objects.filter(slug__in=skills),
        meeting_modes=meeting_modes,
    )
    return save_mentor_participation(
        participation=membership.mentor_participation,
        expertise_areas=GoalArea.objects.filter(slug__in=expertise),
        skills_taught=Skill.objects.filter(slug__in=taught),
        how_i_can_help=how_i_can_help,
        accepting_mentees=accepting,
    )


def names(mentors) -> list[str]:
    return [mentor.membership.user.name for mentor in mentors]


def first_page(mentors) -> list[MentorParticipation]:
    """The first page as the directory shows it: in order, with card data loaded."""
    return list(MentorPaginator(mentors, 20).page(1))


def found(program: Program, viewer: User, **search) -> list[str]:
    return names(search_mentors(program=program, viewer=viewer, **search))


# --- Words and relevance ----------------------------------------------------------------------


def test_a_headline_match_ranks_above_a_bio_that_mentions_the_word_once(program, mentee):
    make_mentor(program, name="Aaron Bio", bio="I once gave a talk on negotiation at a meetup.")
    make_mentor(program, name="Zoe Headline", headline="Negotiation coach for first-time leads")
    assert found(program, mentee, q="negotiation") == ["Zoe Headline", "Aaron Bio"]


def test_a_name_match_ranks_above_a_headline_match(program, mentee):
    make_mentor(program, name="Amy Headline", headline="I learned a lot from Rivera's books")
    make_mentor(program, name="Zed Rivera", headline="Finance lead")
    assert found(program, mentee, q="rivera") == ["Zed Rivera", "Amy Headline"]


def test_a_mentor_matching_more_words_in_the_headline_ranks_higher(program, mentee):
    make_mentor(program, name="Abe One", headline="Product person", bio="I love strategy games.")
    make_mentor(program, name="Bea Both", headline="Product strategy for startups")
    assert found(program, mentee, q="product strategy") == ["Bea Both", "Abe One"]


def test_every_word_of_the_query_must_be_found_somewhere(program, mentee):
    make_mentor(program, name="Cara", headline="Data science manager")
    make_mentor(program, name="Dan", headline="Data engineer")
    assert found(program, mentee, q="data manager") == ["Cara"]
    assert found(program, mentee, q="data") == ["Cara", "Dan"]


def test_words_are_found_in_expertise_skills_how_i_can_help_and_organisation(program, mentee):
    make_mentor(program, name="Eve", expertise=["entrepreneurship"])
    make_mentor(program, name="Fay", taught=["financial-modelling"])
    make_mentor(program, name="Gil", skills=["cybersecurity"])
    make_mentor(program, name="Hal", how_i_can_help="Preparing for a salary conversation.")
    assert found(program, mentee, q="Entrepreneurship") == ["Eve"]
    assert found(program, mentee, q="modelling") == ["Fay"]
    assert found(program, mentee, q="cybersecurity") == ["Gil"]
    assert found(program, mentee, q="SALARY") == ["Hal"]


def test_mentors_of_equal_relevance_are_listed_by_name(program, mentee):
    for name in ("Nina", "adam", "Mark"):
        make_mentor(program, name=name, headline="Leadership coach")
    assert found(program, mentee, q="leadership") == ["adam", "Mark", "Nina"]
    assert found(program, mentee) == ["adam", "Mark", "Nina"]


def test_like_wildcards_in_the_query_are_taken_literally(program, mentee):
    make_mentor(program, name="Ivy", headline="Growth by 100% in a year")
    make_mentor(program, name="Jon", headline="Growth hacker")
    assert found(program, mentee, q="100%") == ["Ivy"]
    assert found(program, mentee, q="_") == []


def test_search_terms_are_distinct_lower_case_words_without_punctuation():
    assert search_terms("  Python, python! (Data)  ") == ["python", "data"]
    assert len(search_terms(" ".join(f"w{i}" for i in range(20)))) == MAX_TERMS
    assert search_terms("   ") == []


# --- Who is listed ----------------------------------------------------------------------------


def test_only_active_mentors_of_this_program_are_listed(program, other_program, mentee, mentor):
    make_mentor(other_program, name="Summit Mentor")
    gone = make_mentor(program, name="Left Mentor")
    Membership.objects.filter(pk=gone.membership_id).update(status=Membership.Status.LEFT)
    assert found(program, mentee) == ["Marcus Mentor"]


def test_mentors_not_accepting_mentees_are_listed_but_can_be_filtered_out(program, mentee):
    make_mentor(program, name="Busy", accepting=False)
    make_mentor(program, name="Free", accepting=True)
    mentors = first_page(search_mentors(program=program, viewer=mentee))
    assert [(card_for(m).name, card_for(m).accepting_mentees) for m in mentors] == [
        ("Busy", False),
        ("Free", True),
    ]
    assert found(program, mentee, accepting=True) == ["Free"]


def test_alice_who_is_in_no_program_finds_nobody(program, alice, mentor):
    assert found(program, alice) == []


# --- Filters ----------------------------------------------------------------------------------


def test_the_skill_filter_matches_skills_taught_or_on_the_profile(program, mentee):
    make_mentor(program, name="Teaches", taught=["python"])
    make_mentor(program, name="Knows", skills=["python", "sql"])
    make_mentor(program, name="Other", taught=["sales"])
    assert found(program, mentee, skills=["python"]) == ["Knows", "Teaches"]


def test_several_skills_narrow_the_list_to_mentors_with_all_of_them(program, mentee):
    make_mentor(program, name="Both", taught=["python"], skills=["sql"])
    make_mentor(program, name="One", taught=["python"])
    assert found(program, mentee, skills=["python", "sql"]) == ["Both"]


def test_the_industry_filter(program, mentee):
    make_mentor(program, name="Nurse", industry="healthcare")
    make_mentor(program, name="Coder", industry="software-and-internet")
    make_mentor(program, name="Unsaid")
    assert found(program, mentee, industry="healthcare") == ["Nurse"]


def test_the_language_filter(program, mentee):
    make_mentor(program, name="Lola", languages=["es", "en"])
    make_mentor(program, name="Ken", languages=["ja"])
    assert found(program, mentee, language="es") == ["Lola"]
    assert found(program, mentee, language="en") == ["Lola"]


def test_the_meeting_mode_filter(program, mentee):
    make_mentor(program, name="Caller", meeting_modes=["phone", "video"])
    make_mentor(program, name="Meeter", meeting_modes=["in_person"])
    assert found(program, mentee, meeting_mode="video") == ["Caller"]
    assert found(program, mentee, meeting_mode="in_person") == ["Meeter"]


def test_filters_and_words_combine(program, mentee):
    make_mentor(program, name="Match", headline="Python mentor", languages=["es"], taught=["sql"])
    make_mentor(program, name="Wrong language", headline="Python mentor", languages=["fr"])
    make_mentor(program, name="Wrong words", headline="Sales mentor", languages=["es"])
    assert found(program, mentee, q="python", language="es") == ["Match"]


# --- The time-zone window ---------------------------------------------------------------------


def test_the_time_zone_window_keeps_mentors_within_n_hours_of_the_viewer(program):
    # Fixed-offset zones (no daylight saving): Tokyo is UTC+9, Kolkata UTC+5:30 (3.5 h away).
    viewer = make_member(program=program, time_zone="Etc/GMT-9").user  # POSIX sign: UTC+9
    make_mentor(program, name="Tokyo", time_zone="Asia/Tokyo")
    make_mentor(program, name="Kolkata", time_zone="Asia/Kolkata")
    make_mentor(program, name="Perth", time_zone="Australia/Perth")  # UTC+8
    make_mentor(program, name="New York", time_zone="America/New_York")  # 13 or 14 h away
    assert found(program, viewer, tz_within_hours=0) == ["Tokyo"]
    assert found(program, viewer, tz_within_hours=1) == ["Perth", "Tokyo"]
    assert found(program, viewer, tz_within_hours=3) == ["Perth", "Tokyo"]
    assert found(program, viewer, tz_within_hours=4) == ["Kolkata", "Perth", "Tokyo"]
    assert found(program, viewer, tz_within_hours=12) == ["Kolkata", "Perth", "Tokyo"]
    assert "New York" in found(program, viewer)


@pytest.mark.parametrize(
    ("moment", "new_york_is_in"),
    [
        # London and New York are 5 hours apart most of the year...
        (dt.datetime(2026, 1, 15, 12, tzinfo=UTC), False),
        # ...but 4 between the US (8 March) and the UK (29 March) switch to summer time.
        (dt.datetime(2026, 3, 15, 12, tzinfo=UTC), True),
    ],
)
def test_the_time_zone_window_follows_daylight_saving_time(program, moment, new_york_is_in):
    viewer = make_member(program=program, time_zone="Europe/London").user
    make_mentor(program, name="New York", time_zone="America/New_York")
    make_mentor(program, name="Lisbon", time_zone="Europe/Lisbon")
    expected = ["Lisbon", "New York"] if new_york_is_in else ["Lisbon"]
    assert found(program, viewer, tz_within_hours=4, now=moment) == expected
    # The expectation agrees with the offsets the zone database gives for that moment.
    gap = utc_offset("Europe/London", at=moment) - utc_offset("America/New_York", at=moment)
    assert (gap <= dt.timedelta(hours=4)) == new_york_is_in


def test_zones_within_a_window_are_computed_from_current_offsets():
    moment = dt.datetime(2026, 7, 1, tzinfo=UTC)
    zones = zones_within(offset=dt.timedelta(hours=9), hours=0, at=moment)
    assert {"Asia/Tokyo", "Asia/Seoul", "Etc/GMT-9"} <= zones
    assert "Asia/Kolkata" not in zones and "Europe/London" not in zones


def test_a_viewer_with_an_unknown_time_zone_counts_as_utc(program):
    viewer = make_member(program=program, time_zone="Mars/Olympus").user
    make_mentor(program, name="Reykjavik", time_zone="Atlantic/Reykjavik")  # UTC all year
    make_mentor(program, name="Tokyo", time_zone="Asia/Tokyo")
    assert found(program, viewer, tz_within_hours=0) == ["Reykjavik"]


# --- Cards and vocabulary ---------------------------------------------------------------------


def test_a_card_shows_skills_taught_first_then_the_rest_of_the_profile_skills(program, mentee):
    make_mentor(
        program,
        name="Card",
        headline="Headline",
        taught=["sql", "python"],
        skills=["python", "budgeting"],
        expertise=["leadership"],
        languages=["en"],
        meeting_modes=["video", "chat"],
        industry="healthcare",
    )
    (mentor,) = first_page(search_mentors(program=program, viewer=mentee))
    card = card_for(mentor)
    assert [term.name for term in card.skills] == ["Python", "SQL", "Budgeting"]
    assert [term.key for term in card.expertise] == ["leadership"]
    assert [term.name for term in card.languages] == ["English"]
    assert [term.key for term in card.meeting_modes] == ["video", "chat"]
    assert card.industry is not None and card.industry.key == "healthcare"


def test_a_mentor_without_a_profile_still_gets_a_card(program, mentee):
    mentor = make_mentor(program, name="No Profile")
    Profile.objects.filter(user__memberships=mentor.membership).delete()
    (loaded,) = first_page(search_mentors(program=program, viewer=mentee))
    card = card_for(loaded)
    assert (card.name, card.headline, card.skills, card.industry) == ("No Profile", "", [], None)


def test_the_vocabulary_lists_every_skill_industry_and_language(db):
    vocabulary = load_vocabulary()
    assert set(vocabulary.skills) == set(Skill.objects.values_list("slug", flat=True))
    assert set(vocabulary.industries) == set(Industry.objects.values_list("slug", flat=True))
    assert set(vocabulary.languages) == set(Language.objects.values_list("code", flat=True))
    assert vocabulary.languages["es"].name == "Spanish"


def test_pages_follow_the_search_order_without_gaps_or_repeats(program, mentee):
    for number in range(7):
        headline = "Design lead" if number % 2 else "Product lead"
        make_mentor(program, name=f"Mentor {number}", headline=headline, bio="design")
    ordered = search_mentors(program=program, viewer=mentee, q="design")
    paginator = MentorPaginator(ordered, 3)
    paged = [names(paginator.page(number)) for number in (1, 2, 3)]
    assert paged == [
        ["Mentor 1", "Mentor 3", "Mentor 5"],
        ["Mentor 0", "Mentor 2", "Mentor 4"],
        ["Mentor 6"],
    ]
    assert [name for page in paged for name in page] == names(ordered)

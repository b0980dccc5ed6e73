"""Cached directory searches: shared by the program's members, forgotten when a mentor
changes, joins or leaves, and never showing a mentor who stopped matching."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matching.directory import search_key
from mentorship.models import Membership, MentorParticipation
from mentorship.services.mentor_changes import search_generation
from mentorship.services.profiles import save_mentor_participation, update_profile
from relationships.services.membership import leave_program_of
from tests.factories import make_member
from tests.matching.test_directory import make_mentor

DIRECTORY = "/programs/rise/mentors/"
API = "/api/v1/programs/rise/mentors/"


def listed(client, **search) -> list[str]:
    """Names on the directory page's cards, in order."""
    response = client.get(API, search)
    assert response.status_code == 200
    return [card["name"] for card in response.json()["results"]]


def search_queries(client, **search) -> int:
    """How many queries a directory page issued that look for matches (the narrow one)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DIRECTORY, search).status_code == 200
    return sum("OVER ()" in query["sql"] for query in queries.captured_queries)


def test_a_repeated_search_is_answered_from_the_cache_for_every_member(
    client, program, mentee, other_mentee
):
    make_mentor(program, name="Lee Leader", headline="Leadership coach")
    client.force_login(mentee)
    assert search_queries(client, q="leadership") == 1
    assert search_queries(client, q="leadership") == 0
    client.force_login(other_mentee)
    assert search_queries(client, q="leadership") == 0  # shared: the results are the same
    assert search_queries(client, q="coach") == 1  # another search is its own entry


def test_a_profile_change_shows_in_the_next_search(client, program, mentee):
    mentor = make_mentor(program, name="Pat Smith", headline="Python mentor")
    client.force_login(mentee)
    assert listed(client, q="python") == ["Pat Smith"]
    update_profile(user=mentor.membership.user, headline="Rust mentor")
    assert listed(client, q="python") == []
    assert listed(client, q="rust") == ["Pat Smith"]


def test_a_mentor_who_stops_accepting_leaves_the_accepting_only_search_at_once(
    client, program, mentee
):
    mentor = make_mentor(program, name="Ann Able")
    client.force_login(mentee)
    assert listed(client, accepting="true") == ["Ann Able"]
    save_mentor_participation(participation=mentor, accepting_mentees=False)
    assert listed(client, accepting="true") == []


def test_a_mentor_who_joins_or_leaves_is_listed_or_gone_in_the_next_search(client, program, mentee):
    staying = make_mentor(program, name="Sam Stays")
    client.force_login(mentee)
    assert listed(client) == ["Sam Stays"]
    make_mentor(program, name="Nia New")
    assert listed(client) == ["Nia New", "Sam Stays"]
    leave_program_of(user=staying.membership.user, program=program)
    assert listed(client) == ["Nia New"]


def test_a_mentor_changed_behind_the_services_is_never_shown_once_they_stop_matching(
    client, program, mentee
):
    """A write past the services (the Django admin, a shell) does not renew the
    generation; the cached ids may then be stale, but the cards are loaded through the
    search, so someone who left or no longer matches is not shown."""
    gone = make_mentor(program, name="Gus Gone", headline="Leadership")
    make_mentor(program, name="Hal Here", headline="Leadership")
    client.force_login(mentee)
    assert listed(client, q="leadership") == ["Gus Gone", "Hal Here"]
    Membership.objects.filter(pk=gone.membership_id).update(status=Membership.Status.LEFT)
    MentorParticipation.objects.filter(pk=gone.pk).update(search_text="")
    assert listed(client, q="leadership") == ["Hal Here"]


def test_only_an_outsider_is_refused_even_when_the_search_is_cached(
    client, program, other_program, mentee
):
    make_mentor(program, name="Lee Leader", headline="Leadership coach")
    client.force_login(mentee)
    assert listed(client, q="leadership") == ["Lee Leader"]
    outsider = make_member(program=other_program, roles=("mentee",)).user
    client.force_login(outsider)
    assert client.get(API, {"q": "leadership"}).status_code == 404
    assert client.get(DIRECTORY, {"q": "leadership"}).status_code == 404


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ({"q": "data"}, {"q": "data"}, True),
        ({"q": "data"}, {"q": "design"}, False),
        ({"q": "data"}, {"q": "data", "accepting": True}, False),
        ({"skills": ["sql"]}, {"skills": ["python"]}, False),
    ],
)
def test_a_search_key_names_the_program_and_every_search_argument(
    program, other_program, mentee, first, second, same
):
    key = search_key(program=program, search=first, viewer=mentee)
    assert (key == search_key(program=program, search=second, viewer=mentee)) is same
    assert key != search_key(program=other_program, search=first, viewer=mentee)


def test_a_time_zone_search_is_keyed_by_the_viewers_offset(program, mentee, other_mentee):
    now = dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC)
    search = {"tz_within_hours": 3}
    mentee.time_zone = "Europe/London"
    other_mentee.time_zone = "Asia/Tokyo"
    london = search_key(program=program, search=search, viewer=mentee, now=now)
    assert london != search_key(program=program, search=search, viewer=other_mentee, now=now)
    later = now + dt.timedelta(hours=1)
    assert london != search_key(program=program, search=search, viewer=mentee, now=later)


def test_the_generation_is_renewed_by_a_mentor_change(program):
    mentor = make_mentor(program, name="Gen Mentor")
    before = search_generation()
    save_mentor_participation(participation=mentor, how_i_can_help="Interviews")
    assert search_generation() != before

"""Nobody sees the other pair's words in lists, details, exports, counts or notifications.

The other pair (other_mentee and other_mentor) wrote every kind of text with a marker in
it (`world.OTHER_MARKERS`): the request and its thread, a goal, an action item, a message,
meeting feedback, both private notes, a concern report, a thank-you note, the agreement.
Each persona reads every list, detail and export it can open, pages and API; none of the
markers may appear unless the persona is in that pair (or, for what admins are shown,
runs the program). The same kinds of text of the persona's own pair must appear, so a
page that shows nothing cannot pass for one that hides the right things.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.db.models import Q
from django.urls import reverse

from mentorship.models import Membership, Notification
from tests.permissions.checks import api_client, page_client
from tests.permissions.world import OTHER_MARKERS, OWN_MARKERS, World

pytestmark = pytest.mark.django_db

Url = Callable[[World], str]

# Pages and exports that list or show a person's things; each persona opens what it may.
PAGES: dict[str, Url] = {
    "dashboard": lambda w: reverse("dashboard"),
    "relationship list": lambda w: reverse("relationship_list"),
    "own relationship": lambda w: reverse("relationship_detail", args=[w.pair.relationship.pk]),
    "own meeting": lambda w: reverse(
        "meeting_detail", args=[w.pair.relationship.pk, w.pair.meeting.pk]
    ),
    "own meeting list": lambda w: reverse("meeting_list", args=[w.pair.relationship.pk]),
    "own private note": lambda w: reverse(
        "meeting_private_note", args=[w.pair.relationship.pk, w.pair.meeting.pk]
    ),
    "own request": lambda w: reverse("request_detail", args=[w.pair.request.pk]),
    "own thank-you notes": lambda w: reverse("thank_you_list", args=[w.pair.relationship.pk]),
    "notifications": lambda w: reverse("notification_list"),
    "introductions": lambda w: reverse("introduction_list"),
    "circles": lambda w: reverse("circle_list"),
    "mentor page": lambda w: reverse("mentor_detail", args=[w.program.slug, w.pair.mentor_part.pk]),
    "mentor directory": lambda w: reverse("mentor_directory", args=[w.program.slug]),
    "mentee profile": lambda w: reverse(
        "mentee_profile", args=[w.program.slug, w.pair.mentee_part.membership_id]
    ),
    "your data (JSON)": lambda w: reverse("account_data_download"),
    "participants": lambda w: reverse("participant_list", args=[w.program.slug]),
    "participant export (CSV)": lambda w: reverse("participant_export", args=[w.program.slug]),
    "concern queue": lambda w: reverse("concern_queue", args=[w.program.slug]),
    "relationship health": lambda w: reverse("relationship_health", args=[w.program.slug]),
    "overview report": lambda w: reverse("program_report", args=[w.program.slug, "overview"]),
    "at-risk report": lambda w: reverse("program_report", args=[w.program.slug, "at-risk"]),
    "at-risk report (CSV)": lambda w: reverse(
        "program_report_export", args=[w.program.slug, "at-risk", "relationships"]
    ),
}
API: dict[str, Url] = {
    "relationships": lambda w: "/api/v1/relationships/",
    "requests": lambda w: "/api/v1/requests/",
    "notifications": lambda w: "/api/v1/notifications/",
    "introductions": lambda w: "/api/v1/introductions/",
    "circles": lambda w: "/api/v1/circles/",
    "me/data": lambda w: "/api/v1/me/data/",
    "own relationship": lambda w: f"/api/v1/relationships/{w.pair.relationship.pk}/",
    "own messages": lambda w: f"/api/v1/relationships/{w.pair.relationship.pk}/messages/",
    "own goals": lambda w: f"/api/v1/relationships/{w.pair.relationship.pk}/goals/",
    "own action items": lambda w: f"/api/v1/relationships/{w.pair.relationship.pk}/action-items/",
    "own agreement": lambda w: f"/api/v1/relationships/{w.pair.relationship.pk}/agreement/",
    "own meetings": lambda w: f"/api/v1/relationships/{w.pair.relationship.pk}/meetings/",
    "own private note": lambda w: (
        f"/api/v1/relationships/{w.pair.relationship.pk}/meetings/{w.pair.meeting.pk}/private-note/"
    ),
    "own thank-you notes": lambda w: (
        f"/api/v1/relationships/{w.pair.relationship.pk}/thank-you-notes/"
    ),
    "own request": lambda w: f"/api/v1/requests/{w.pair.request.pk}/",
    "own request thread": lambda w: f"/api/v1/requests/{w.pair.request.pk}/messages/",
    "mentors": lambda w: f"/api/v1/programs/{w.program.slug}/mentors/",
    "testimonials": lambda w: (
        f"/api/v1/programs/{w.program.slug}/mentors/{w.pair.mentor_part.pk}/testimonials/"
    ),
    "participant export": lambda w: f"/api/v1/programs/{w.program.slug}/participants/export/",
    "relationship health": lambda w: f"/api/v1/programs/{w.program.slug}/relationship-health/",
    "overview report": lambda w: f"/api/v1/programs/{w.program.slug}/reports/overview/",
    "at-risk report": lambda w: f"/api/v1/programs/{w.program.slug}/reports/at-risk/",
}


def read_everything(persona: str, world: World, session_keys: dict[str, str]) -> dict[str, str]:
    """Every page and API response above that `persona` gets with a 200, by name."""
    page = page_client(persona, session_keys)
    api = api_client(persona, world)
    bodies: dict[str, str] = {}
    for name, url in PAGES.items():
        response = page.get(url(world))
        if response.status_code == 200:
            bodies[f"page {name}"] = response.content.decode()
    for name, url in API.items():
        answer = api.get(url(world))
        if answer.status_code == 200:
            bodies[f"api {name}"] = answer.content.decode()
    return bodies


def leaks(bodies: dict[str, str], markers: dict[str, str]) -> list[str]:
    return [
        f"{where} shows {kind} ({marker})"
        for where, body in bodies.items()
        for kind, marker in markers.items()
        if marker in body
    ]


@pytest.mark.parametrize("persona", ["mentee", "mentor", "other_program_admin"])
def test_nobody_outside_the_other_pair_reads_its_words(
    persona: str, world: World, session_keys: dict[str, str]
) -> None:
    bodies = read_everything(persona, world, session_keys)
    assert leaks(bodies, OTHER_MARKERS) == []


@pytest.mark.parametrize(
    ("persona", "own_words", "partners_note"),
    [
        ("mentee", ("goal", "message", "mentee_private_note", "thanks"), "private_note"),
        ("mentor", ("goal", "message", "private_note", "thanks"), "mentee_private_note"),
    ],
)
def test_the_pair_reads_its_own_words_but_never_the_others_private_note(
    persona: str,
    own_words: tuple[str, ...],
    partners_note: str,
    world: World,
    session_keys: dict[str, str],
) -> None:
    bodies = read_everything(persona, world, session_keys)
    everything = "\n".join(bodies.values())
    missing = [kind for kind in own_words if OWN_MARKERS[kind] not in everything]
    assert missing == [], f"{persona} should see their own {missing}"
    assert leaks(bodies, {partners_note: OWN_MARKERS[partners_note]}) == []


def test_program_admins_never_read_private_notes_or_the_pairs_messages(
    world: World, session_keys: dict[str, str]
) -> None:
    bodies = read_everything("program_admin", world, session_keys)
    assert "page participant export (CSV)" in bodies, "the admin should get the export"
    private = ("private_note", "mentee_private_note", "message", "feedback")
    for markers in (OWN_MARKERS, OTHER_MARKERS):
        assert leaks(bodies, {kind: markers[kind] for kind in private}) == []


def api_count(persona: str, world: World, url: str) -> int:
    response = api_client(persona, world).get(url)
    assert response.status_code == 200, (url, response.status_code)
    return int(response.json()["count"])


@pytest.mark.parametrize(
    ("persona", "relationships", "requests"),
    [
        ("mentee", 1, 1),
        ("other_mentee", 1, 1),
        ("mentor", 1, 1),
        ("other_mentor", 1, 1),
        ("program_admin", 2, 0),  # the request list holds one's own, admins too
        ("other_program_admin", 0, 0),
    ],
)
def test_counts_are_of_ones_own_things(
    persona: str, relationships: int, requests: int, world: World
) -> None:
    """The counts the API reports are each persona's own (the admin: their program's)."""
    assert api_count(persona, world, "/api/v1/relationships/") == relationships
    assert api_count(persona, world, "/api/v1/requests/") == requests
    own_notifications = Notification.objects.filter(recipient=world.users[persona]).count()
    assert api_count(persona, world, "/api/v1/notifications/") == own_notifications


def test_the_participant_export_has_exactly_the_programs_members_with_a_role(
    world: World, session_keys: dict[str, str]
) -> None:
    response = page_client("program_admin", session_keys).get(
        reverse("participant_export", args=[world.program.slug])
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    expected = set(
        Membership.objects.filter(program=world.program, status=Membership.Status.ACTIVE)
        .filter(Q(mentee_participation__isnull=False) | Q(mentor_participation__isnull=False))
        .values_list("user__email", flat=True)
    )
    assert [row["email"] for row in rows] == sorted(expected)
    assert {"mentee@example.org", "otto@example.org", "olga@example.org"} <= expected
    assert "sam@example.org" not in response.content.decode()  # the other program's admin

"""The key pages on a phone-sized screen (390 × 844): nothing scrolls sideways, and the
main navigation stays on screen and works by touch.

Each person looks at the pages of the journeys, with the data those journeys make built
through the services; screenshots are saved with a `-phone` suffix.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from relationships.models import Meeting
from relationships.services.feedback import give_feedback
from tests.e2e.audits import phone_problems
from tests.e2e.browser import PHONE, save_screenshot
from tests.e2e.people import add_goal, make_mentors, pending_request
from tests.relationships.meetings_support import agree, held_meeting, start_pair

pytestmark = pytest.mark.django_db(transaction=True)

PHONE_CONTEXT = {"viewport": PHONE, "is_mobile": True, "has_touch": True}


class Phone:
    """Looks at pages and keeps what is wrong with each, to report every page at once."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def look(self, page: Page, path: str, name: str) -> None:
        page.goto(path)
        save_screenshot(page, name)
        self.problems += phone_problems(page, name)


def test_the_key_pages_fit_a_phone_and_the_navigation_works_by_touch(
    site, program, mentee, other_mentee, mentor, other_mentor, program_admin
):
    make_mentors(program)
    relationship = start_pair(program, mentee, mentor)
    agree(relationship, cadence="fortnightly", mentee=mentee, mentor=mentor)
    meeting: Meeting = held_meeting(relationship, mentee, shared_notes="First steps as a lead")
    give_feedback(meeting=meeting, by=mentee, rating=4)
    add_goal(mentee, program, "Lead my first data engineering team.")
    request = pending_request(
        mentee=other_mentee, mentor=other_mentor, backup=mentor, program=program
    )

    phone = Phone()
    visitor = site.anonymous_page(**PHONE_CONTEXT)
    phone.look(visitor, "/", "landing")
    phone.look(visitor, "/accounts/signup/", "sign up")
    phone.look(visitor, "/accounts/login/", "log in")

    page = site.signed_in_page(mentee, **PHONE_CONTEXT)
    phone.look(page, "/home/", "mentee dashboard")
    page.get_by_role("link", name="Programs").tap()
    expect(page).to_have_url(f"{site.base_url}/programs/")
    phone.look(page, "/programs/rise/", "program page")
    phone.look(page, "/programs/rise/onboarding/", "onboarding overview")
    phone.look(page, "/programs/rise/onboarding/profile/", "onboarding profile")
    phone.look(page, "/programs/rise/suggestions/", "suggestions")
    phone.look(page, "/programs/rise/mentors/", "mentor directory")
    phone.look(page, f"/relationships/{relationship.pk}/", "relationship")
    phone.look(page, f"/relationships/{relationship.pk}/meetings/{meeting.pk}/", "a held meeting")
    phone.look(page, f"/relationships/{relationship.pk}/meetings/new/", "schedule a meeting")
    phone.look(page, f"/relationships/{relationship.pk}/check-ins/", "check-in")
    phone.look(page, "/notifications/", "notifications")

    page = site.signed_in_page(other_mentor, **PHONE_CONTEXT)
    phone.look(page, "/home/", "mentor dashboard")
    phone.look(page, f"/requests/{request.pk}/", "request seen by the mentor")

    page = site.signed_in_page(program_admin, **PHONE_CONTEXT)
    phone.look(page, "/programs/rise/", "program page for its admin")
    phone.look(page, "/programs/rise/health/", "relationship health")
    phone.look(page, "/programs/rise/members/", "members")
    phone.look(page, "/programs/rise/participants/", "participants")
    assert not phone.problems, "\n".join(phone.problems)

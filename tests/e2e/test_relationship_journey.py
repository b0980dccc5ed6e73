"""From a request to a working relationship, in a real browser, both sides in their own tab:
the mentor asks a question (by keyboard alone) and accepts, both confirm an agreement, a
meeting is scheduled, logged and rated, and the mentee checks in.

The journey starts from a request the mentee sent (tests/e2e/test_mentee_journey.py sends
one through the pages); the clock is moved twice, where the story waits for days.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from relationships.models import CheckIn, Meeting, MeetingFeedback, MentorRequest, Relationship
from tests.e2e.audits import tab_to
from tests.e2e.browser import key_page, path_of
from tests.e2e.people import (
    let_time_pass_for_check_in,
    let_time_pass_for_meeting,
    pending_request,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_request_becomes_a_relationship_with_an_agreement_a_meeting_and_a_check_in(
    site, program, mentee, mentor, other_mentor
):
    request = pending_request(mentee=mentee, mentor=mentor, backup=other_mentor, program=program)
    mentor_tab = site.signed_in_page(mentor)
    mentee_tab = site.signed_in_page(mentee)

    # The mentor finds the request on their dashboard and asks a question, keyboard only.
    mentor_tab.goto("/home/")
    key_page(mentor_tab, "mentor dashboard", docs=True)
    mentor_tab.get_by_role("link", name=re.compile("Mia Mentee")).first.click()
    expect(mentor_tab.get_by_role("heading", level=1)).to_contain_text("asks you to be")
    key_page(mentor_tab, "request seen by the mentor")
    tab_to(mentor_tab, "#thread textarea")
    mentor_tab.keyboard.type("Which team will you lead, and how big is it?")
    tab_to(mentor_tab, "#thread button[type=submit]")
    mentor_tab.keyboard.press("Enter")
    expect(mentor_tab.locator("#thread article")).to_contain_text("how big is it?")

    # The mentee answers in her tab.
    mentee_tab.goto(f"/requests/{request.pk}/")
    expect(mentee_tab.locator("#thread article")).to_contain_text("how big is it?")
    key_page(mentee_tab, "request seen by the mentee")
    mentee_tab.locator("#thread textarea").fill("Four data engineers, from next month.")
    mentee_tab.get_by_role("button", name="Answer").click()
    expect(mentee_tab.locator("#thread")).to_contain_text("Four data engineers")

    # The mentor accepts, again by keyboard: Tab to the button, Space to press it.
    mentor_tab.reload()
    tab_to(mentor_tab, "form[action$='/accept/'] button")
    mentor_tab.keyboard.press("Space")
    mentor_tab.wait_for_url(re.compile(r"/relationships/\d+/$"))
    expect(mentor_tab.get_by_role("status").first).to_contain_text("You are now Mia Mentee")
    relationship = Relationship.objects.get(mentee__membership__user=mentee)
    request.refresh_from_db()
    assert request.state == MentorRequest.State.ACCEPTED
    backup = MentorRequest.objects.get(mentor__membership__user=other_mentor)
    assert backup.state == MentorRequest.State.CANCELLED  # never sent: the first said yes

    # The mentee proposes an agreement; both confirm it.
    mentee_tab.goto(f"/relationships/{relationship.pk}/")
    key_page(mentee_tab, "relationship before the agreement")
    propose_agreement(mentee_tab)
    mentee_tab.locator("#agreement").get_by_role("button", name="Confirm").click()
    mentor_tab.goto(f"/relationships/{relationship.pk}/")
    mentor_tab.locator("#agreement").get_by_role("button", name="Confirm").click()
    expect(mentor_tab.locator("#agreement")).to_contain_text("Confirmed by both")

    # A meeting: the mentee schedules it; once it has happened the mentor logs it and the
    # mentee rates it.
    mentee_tab.goto(f"/relationships/{relationship.pk}/")
    mentee_tab.get_by_role("button", name="Schedule a meeting").click()
    key_page(mentee_tab, "schedule a meeting")
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    mentee_tab.get_by_label("Starts at").fill(tomorrow.strftime("%Y-%m-%dT10:00"))
    mentee_tab.get_by_label("Place or link").fill("https://meet.example.org/rise")
    mentee_tab.get_by_label("Agenda").fill("The first weeks as a team lead")
    with mentee_tab.expect_navigation():
        mentee_tab.get_by_role("button", name="Schedule").click()
    meeting = Meeting.objects.get(relationship=relationship)
    assert meeting.agenda == "The first weeks as a team lead"
    let_time_pass_for_meeting(meeting)

    mentor_tab.goto(f"/relationships/{relationship.pk}/meetings/{meeting.pk}/")
    mentor_tab.get_by_role("button", name="Log this meeting").click()
    key_page(mentor_tab, "log a meeting")
    mentor_tab.get_by_label("Held", exact=True).check()
    mentor_tab.get_by_label("How long it actually lasted, in minutes").fill("50")
    mentor_tab.get_by_label("Shared notes").fill("Talked through one-to-ones.")
    with mentor_tab.expect_navigation():
        mentor_tab.get_by_role("button", name="Log the meeting").click()
    # Wait for the answer to the form before reading the database.
    expect(mentor_tab.get_by_role("button", name="Log the meeting")).to_have_count(0)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.HELD, mentor_tab.locator("main").inner_text()[:600]

    mentee_tab.goto(f"/relationships/{relationship.pk}/meetings/{meeting.pk}/")
    key_page(mentee_tab, "a held meeting")
    mentee_tab.locator("input[name=rating][value='5']").check()
    mentee_tab.get_by_role("button", name="Send my rating").click()
    expect(mentee_tab.locator("#feedback")).to_contain_text("You rated this meeting 5 of 5")
    assert MeetingFeedback.objects.get(meeting=meeting, author=mentee).rating == 5

    # A month later, the first check-in.
    let_time_pass_for_check_in(relationship)
    mentee_tab.goto(f"/relationships/{relationship.pk}/")
    key_page(mentee_tab, "relationship", docs=True)
    mentee_tab.get_by_role("link", name="My check-ins").click()
    key_page(mentee_tab, "check-in")
    mentee_tab.locator("input[name=how_it_is_going][value='4']").check()
    mentee_tab.locator("input[name=good_fit][value='yes']").check()
    mentee_tab.locator("input[name=goal_progress][value='3']").check()
    with mentee_tab.expect_navigation():
        mentee_tab.get_by_role("button", name="Send my check-in").click()
    check_in = CheckIn.objects.get(relationship=relationship, author=mentee)
    assert (check_in.how_it_is_going, check_in.good_fit, check_in.goal_progress) == (4, "yes", 3)
    assert path_of(mentee_tab).startswith(f"/relationships/{relationship.pk}/")


def propose_agreement(page: Page) -> None:
    agreement = page.locator("#agreement")
    agreement.get_by_label("How often you meet").select_option("fortnightly")
    agreement.get_by_label("How you meet").select_option("video")
    end = timezone.localdate() + datetime.timedelta(days=150)
    agreement.get_by_label("End date").fill(end.isoformat())
    agreement.get_by_label("Confidentiality and boundaries").fill("What we say stays with us.")
    agreement.get_by_role("button", name="Propose").click()
    expect(agreement.get_by_text("Waiting for confirmation")).to_be_visible()

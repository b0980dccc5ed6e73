"""A newcomer's first visit, in a real browser: sign up, confirm the email address, join a
program, say what she wants, see suggested mentors with reasons, and ask one of them with
a backup. Every page she stops at is screenshotted and checked with axe and the keyboard.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from mentorship.models import User
from relationships.models import MentorRequest
from tests.e2e.browser import key_page, path_of
from tests.e2e.people import make_mentors

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Correct-horse-battery-42"


def test_a_newcomer_signs_up_joins_and_asks_a_suggested_mentor_with_a_backup(site, program):
    make_mentors(program)
    page = site.anonymous_page()

    # Sign up through the real forms, and confirm the address from the email.
    page.goto("/")
    key_page(page, "landing", docs=True)
    page.get_by_role("button", name="Sign up").first.click()
    key_page(page, "sign up")
    page.get_by_label("Email").fill("nora@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label(re.compile(r"Password \(again\)")).fill(PASSWORD)
    page.get_by_label("Display name").fill("Nora Newcomer")
    page.get_by_label("Time zone").select_option("Europe/Berlin")
    page.get_by_role("button", name="Sign Up", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verify")
    key_page(page, "verify your email")

    (message,) = mail.outbox
    assert message.to == ["nora@example.org"]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", str(message.body))
    assert link, message.body
    page.goto(link.group(1))
    key_page(page, "confirm email")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    nora = User.objects.get(email="nora@example.org")
    assert (nora.display_name, nora.time_zone) == ("Nora Newcomer", "Europe/Berlin")

    # Join the program as a mentee.
    page.get_by_role("link", name="Programs").click()
    key_page(page, "programs")
    page.get_by_role("link", name="Rise").first.click()
    key_page(page, "program before joining")
    page.get_by_label("Mentee").check()
    page.get_by_role("button", name="Join").click()

    # Onboarding: the profile step, then the mentee step with one goal.
    expect(page.get_by_role("status")).to_contain_text("Welcome to Rise!")
    key_page(page, "onboarding overview")
    page.get_by_role("button", name=re.compile("^Continue")).click()
    key_page(page, "onboarding profile")
    page.get_by_label("Headline").fill("Data analyst about to lead a team")
    page.get_by_label("English").check()
    page.get_by_role("button", name="Save and continue").click()
    key_page(page, "onboarding mentee")
    page.get_by_label("Goal area").first.select_option(label="Leadership")
    page.get_by_label("What you want to achieve").first.fill(
        "Lead my first data engineering team and speak up in public."
    )
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/programs/rise/onboarding/$"))

    # Suggestions, each with the reasons it was made.
    page.goto("/programs/rise/")
    page.get_by_role("button", name="Your suggested mentors").click()
    cards = page.locator("article.suggestion-card")
    expect(cards).to_have_count(3)
    expect(cards.first.locator("ul.reasons li").first).to_be_visible()
    key_page(page, "suggestions", docs=True)
    first_name = cards.first.get_by_role("heading", level=3).inner_text()
    second_name = cards.nth(1).get_by_role("heading", level=3).inner_text()
    assert "Gus Gardener" not in (first_name, second_name)  # gardening is no help here

    # Ask the best one, with the second as a backup.
    cards.first.get_by_role("button", name="Request").click()
    key_page(page, "request a suggested mentor")
    page.get_by_label("Your message").fill("I lead a team from next month. Could you help?")
    page.get_by_label("First backup (optional)").select_option(label=f"#2 {second_name}")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", name="Your ranked choices")).to_be_visible()
    key_page(page, "request sent")

    requests = MentorRequest.objects.filter(mentee__membership__user=nora).order_by("choice_rank")
    assert [(r.mentor.membership.user.name, r.state) for r in requests] == [
        (first_name, MentorRequest.State.PENDING),
        (second_name, MentorRequest.State.QUEUED),
    ]
    assert path_of(page) == f"/requests/{requests[0].pk}/"

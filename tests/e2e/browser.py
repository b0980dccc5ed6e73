"""The browser side of the journeys: signed-in tabs, screenshots, and checking a key page.

`Site.signed_in_page(user)` signs in the way the login form would (a session made by
Django's test client, its cookie handed to a fresh browser context), so only the sign-up
journey pays for real logins. `key_page(page, name)` is what every journey calls on each
page a person would stop at: a screenshot, axe-core, and the keyboard checks.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page

from mentorship.models import User
from tests.e2e.audits import assert_accessible, assert_keyboard_usable

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}

# Git-ignored: every run's screenshots, for looking at what the browser saw.
SCREENSHOT_DIR = Path(settings.BASE_DIR) / ".data" / "test-output" / "screenshots"
# The README's pictures: refreshed only on request (E2E_UPDATE_DOCS_SCREENSHOTS=1), since
# every run renders new dates and ids and the pictures would otherwise churn in git.
DOCS_SCREENSHOT_DIR = Path(settings.BASE_DIR) / "docs" / "screenshots"


@dataclass
class Site:
    """The live server and the browser contexts opened on it during one test."""

    base_url: str
    browser: Browser
    contexts: list[BrowserContext] = field(default_factory=list)

    def new_context(self, **context_args: Any) -> BrowserContext:
        context = self.browser.new_context(base_url=self.base_url, **context_args)
        # Generous: the first request imports the whole site, and CI machines are busy.
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(30_000)
        self.contexts.append(context)
        return context

    def new_page(self, context: BrowserContext) -> Page:
        page = context.new_page()
        watch_console(page)
        return page

    def signed_in_page(self, user: User, **context_args: Any) -> Page:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context = self.new_context(**context_args)
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": self.base_url}])
        return self.new_page(context)

    def anonymous_page(self, **context_args: Any) -> Page:
        return self.new_page(self.new_context(**context_args))

    def screenshot_all(self, prefix: str) -> None:
        pages = [page for context in self.contexts for page in context.pages]
        for number, page in enumerate(pages, start=1):
            save_screenshot(page, f"{prefix}-{number}")

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def watch_console(page: Page) -> None:
    """Keep the page's script errors (a failed script, a CSP refusal) for `key_page`."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.console_errors = errors  # type: ignore[attr-defined]


def key_page(page: Page, name: str, *, docs: bool = False) -> None:
    """Screenshot `page` as `name`, and check it with axe-core and the keyboard.

    `docs=True` marks the few pages the README shows.
    """
    page.wait_for_load_state("load")
    errors: list[str] = getattr(page, "console_errors", [])
    assert not errors, f"{name}: the browser reported errors: {errors}"
    path = save_screenshot(page, name)
    if docs and os.environ.get("E2E_UPDATE_DOCS_SCREENSHOTS"):
        DOCS_SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS_SCREENSHOT_DIR / path.name)
    assert_accessible(page, name)
    assert_keyboard_usable(page, name)


def save_screenshot(page: Page, name: str) -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"] if page.viewport_size else 0
    suffix = "-phone" if width and width <= PHONE["width"] else ""
    path = SCREENSHOT_DIR / f"{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}{suffix}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def path_of(page: Page) -> str:
    """The path (and query) of the page's URL, without the live server's address."""
    return re.sub(r"^https?://[^/]+", "", page.url)

"""Fixtures of the browser tests: Debian's Chromium, a live server, signed-in browser tabs.

The browser is Debian's `/usr/bin/chromium` (`make test` installs it when missing): the
Playwright browser downloads are not reachable here. A missing browser fails the run with
advice instead of skipping, because CI must run these tests.

The site runs in pytest-django's `live_server` thread on the transactional test database;
tasks run eagerly in that thread (see `_tasks_run_in_process` in tests/conftest.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import override_settings
from playwright.sync_api import Browser, sync_playwright
from pytest_django.live_server_helper import LiveServer

from matching.index_cache import forget
from tests.e2e.browser import CHROMIUM, Site

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.fixture(scope="package")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, started once for the browser tests and closed after them.

    Our own fixture rather than pytest-playwright's session-wide one: Playwright's sync API
    keeps an event loop running in this thread while it is open, and Django refuses
    database calls from a thread with a running loop ("async unsafe"). The test itself
    (not the site) reads and writes the database around the browser, so that refusal is
    lifted here, for the browser tests only, and the loop is gone before any other test.
    """
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}. `make test` installs it when run "
            "as root; otherwise install it with:  sudo apt-get install -y chromium"
        )
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    # With a loop running, Django keeps database connections per async context instead of
    # per thread, so the test would get a second connection, one without the serialized
    # vocabularies that restore each transactional test. Keep using this thread's.
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with sync_playwright() as playwright:
            connections[DEFAULT_DB_ALIAS] = connection
            # --no-sandbox: the suite may run as root (containers, CI), where it refuses.
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture(scope="package")
def live_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    """pytest-django's live server, started for the browser tests as plain HTTP.

    The test settings run with DEBUG off: HTTPS redirects and Secure cookies, which a
    browser on a plain-HTTP server neither follows nor sends back. SecurityMiddleware reads
    the redirect setting once, when the server thread builds its handler, so the override
    must be in force before the server starts (hence this fixture, instead of `settings`).
    """
    plain_http = override_settings(
        SECURE_SSL_REDIRECT=False, SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False
    )
    plain_http.enable()
    address = request.config.getvalue("liveserver") or "localhost"
    server = LiveServer(address)
    try:
        yield server
    finally:
        server.stop()
        plain_http.disable()


@pytest.fixture(autouse=True)
def _fresh_index_cache() -> Iterator[None]:
    """The mentor index is cached per process; each test's database starts afresh."""
    forget()
    yield
    forget()


FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call" and report.failed:
        item.stash[FAILED] = True
    return report


@pytest.fixture
def site(request: pytest.FixtureRequest, live_server: Any, chromium: Browser) -> Iterator[Site]:
    """The live site, opened in fresh browser contexts (one per person) on demand.

    When the test fails, each open tab is screenshotted as `failed-<test>-<n>.png`, to see
    what the browser was showing.
    """
    site = Site(base_url=live_server.url, browser=chromium)
    yield site
    if request.node.stash.get(FAILED, False):
        site.screenshot_all(f"failed-{request.node.name}")
    site.close()

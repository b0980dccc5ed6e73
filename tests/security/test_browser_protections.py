"""What the browser is told to enforce: the Content-Security-Policy, cookie flags and CSRF.

The policy allows only our own scripts, so every template is also read for what the
policy would silently break (inline scripts, `on*=` handlers, `javascript:` links,
`style=` attributes, htmx's `hx-on`), and every POST form for its CSRF token.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.processes import PROJECT_ROOT

TEMPLATE_DIRS = [PROJECT_ROOT / "templates", *PROJECT_ROOT.glob("*/templates")]
# Emails are read in mail clients, where no CSP applies and inline styles are the norm.
EMAIL_TEMPLATES = re.compile(r"(^|/)(email|emails)/|_email\.(html|txt)$")

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
HTMX_EVAL = re.compile(r"\shx-on[:-]|hx-vals\s*=\s*[\"']js:", re.IGNORECASE)
POST_FORM = re.compile(r"<form\b[^>]*method=[\"']?post[^>]*>(.*?)</form>", re.I | re.S)


def all_templates() -> list[Path]:
    return sorted(path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html"))


def page_templates() -> list[Path]:
    return [
        path
        for path in all_templates()
        if not EMAIL_TEMPLATES.search(path.relative_to(PROJECT_ROOT).as_posix())
    ]


def test_there_are_templates_to_check():
    assert len(page_templates()) > 50


@pytest.mark.parametrize(
    "pattern", [INLINE_SCRIPT, EVENT_HANDLER, JS_URL], ids=["script", "on-handler", "js-url"]
)
def test_no_template_runs_inline_javascript(pattern):
    offenders = [
        str(path.relative_to(PROJECT_ROOT))
        for path in all_templates()
        if pattern.search(path.read_text())
    ]
    assert offenders == []


@pytest.mark.parametrize("pattern", [STYLE_ATTRIBUTE, HTMX_EVAL], ids=["style", "hx-on"])
def test_no_page_template_needs_inline_styles_or_htmx_eval(pattern):
    offenders = [
        str(path.relative_to(PROJECT_ROOT))
        for path in page_templates()
        if pattern.search(path.read_text())
    ]
    assert offenders == []


# One-click unsubscribe from an email link (RFC 8058): the signed token in the address is
# the authority, and the view is `csrf_exempt` on purpose.
CSRF_EXEMPT_TEMPLATES = {"templates/mentorship/notifications/unsubscribe.html"}


def test_every_post_form_in_a_template_carries_the_csrf_token():
    missing = []
    for path in page_templates():
        if str(path.relative_to(PROJECT_ROOT)) in CSRF_EXEMPT_TEMPLATES:
            continue
        for body in POST_FORM.findall(path.read_text()):
            if "{% csrf_token %}" not in body:
                missing.append(str(path.relative_to(PROJECT_ROOT)))
    assert missing == []


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in header.split(";")
        if directive.strip()
    }


PAGES_FOR_VISITORS = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
PAGES_FOR_MEMBERS = [
    "/home/",
    "/programs/",
    "/programs/rise/",
    "/relationships/",
    "/notifications/",
    "/account/settings/",
    "/programs/rise/mentors/",
]


@pytest.mark.django_db
def test_every_page_gets_a_policy_that_runs_only_our_own_scripts(client, program, mentee):
    responses = [client.get(url) for url in PAGES_FOR_VISITORS]
    client.force_login(mentee)
    responses += [client.get(url) for url in PAGES_FOR_MEMBERS]
    for response in responses:
        assert response.status_code == 200, response.request["PATH_INFO"]
        directives = policy(response)
        assert directives["default-src"] == ["'self'"]
        assert directives["script-src"] == ["'self'"]
        assert directives["style-src"] == ["'self'"]
        assert directives["img-src"] == ["'self'", "data:"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["object-src"] == ["'none'"]
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), response.request["PATH_INFO"]
        assert not EVENT_HANDLER.search(html), response.request["PATH_INFO"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_htmx_is_told_not_to_inject_its_indicator_style(client):
    html = client.get("/").content.decode()
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in html


@pytest.mark.django_db
def test_the_api_docs_load_their_script_as_a_file_and_relax_only_styles(client, mentee):
    client.force_login(mentee)
    page = client.get("/api/docs/")
    assert page.status_code == 200
    directives = policy(page)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    html = page.content.decode()
    assert not INLINE_SCRIPT.search(html)
    script_url = re.findall(r'<script src="([^"]+script=[^"]*)"', html)
    assert len(script_url) == 1
    script = client.get(script_url[0].replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


@pytest.mark.django_db
def test_the_session_cookie_is_http_only_and_same_site_lax(alice):
    client = Client()
    response = client.post("/accounts/login/", {"login": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    csrf = (
        client.get("/account/settings/").cookies.get(settings.CSRF_COOKIE_NAME)
        or (client.cookies[settings.CSRF_COOKIE_NAME])
    )
    assert csrf["samesite"] == "Lax"


def test_production_settings_mark_both_cookies_secure():
    # DEBUG is off in tests as in production; the settings subprocess tests cover DEBUG=true.
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SECURE is True


@pytest.mark.django_db
def test_a_form_post_without_the_csrf_token_is_refused_and_changes_nothing(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    refused = client.post("/account/settings/", {"display_name": "Mallory", "time_zone": "UTC"})
    assert refused.status_code == 403
    alice.refresh_from_db()
    assert alice.display_name == "Alice"

    token = client.get("/account/settings/").context["csrf_token"]
    accepted = client.post(
        "/account/settings/",
        {"display_name": "Alice B", "time_zone": "UTC", "csrfmiddlewaretoken": str(token)},
    )
    assert accepted.status_code == 302
    alice.refresh_from_db()
    assert alice.display_name == "Alice B"


@pytest.mark.django_db
def test_the_login_form_itself_needs_the_csrf_token(alice):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": alice.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_api_write_with_a_session_but_no_csrf_token_is_refused(program, mentee, mentor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mentee)
    response = client.post(
        "/api/v1/requests/",
        {"program": "rise", "mentors": [mentor.pk]},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]
    # With a token instead of a session, there is no cookie to ride on and no CSRF check.
    assert client_for(mentee).get("/api/v1/requests/").status_code == 200


@pytest.mark.django_db
def test_every_rendered_form_on_the_account_pages_carries_the_token(client, alice):
    pages = [client.get(url) for url in PAGES_FOR_VISITORS]
    client.force_login(alice)
    pages += [client.get(url) for url in ("/account/settings/", "/accounts/password/change/")]
    checked = 0
    for page in pages:
        for body in POST_FORM.findall(page.content.decode()):
            assert 'name="csrfmiddlewaretoken"' in body, page.request["PATH_INFO"]
            checked += 1
    assert checked >= len(pages)

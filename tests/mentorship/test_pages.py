"""The pages a visitor and a signed-in person see first."""

from __future__ import annotations

from django.core import mail
from django.template.loader import render_to_string

from mentorship.models import User


def test_a_visitor_sees_what_the_platform_does(client, db):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "mentee" in html.lower() and "mentor" in html.lower()
    assert 'href="/accounts/signup/"' in html
    assert "/static/vendor/pico/pico.min.css" in html
    assert "/static/vendor/htmx/htmx.min.js" in html
    assert "cdn" not in html.lower()


def test_signed_in_people_land_on_their_home(client, alice):
    client.force_login(alice)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/home/"
    home = client.get("/home/")
    assert "Alice" in home.content.decode()


def test_home_asks_visitors_to_log_in(client, db):
    response = client.get("/home/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_navigation_shows_the_admin_link_to_platform_admins_only(client, alice, platform_admin):
    client.force_login(alice)
    assert 'href="/admin/"' not in client.get("/home/").content.decode()
    client.force_login(platform_admin)
    assert 'href="/admin/"' in client.get("/home/").content.decode()


def test_alice_changes_her_display_name_and_time_zone(client, alice):
    client.force_login(alice)
    response = client.post(
        "/account/settings/", {"display_name": "Alice B.", "time_zone": "America/Chicago"}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.display_name, alice.time_zone) == ("Alice B.", "America/Chicago")
    assert "Your settings are saved." in client.get("/account/settings/").content.decode()


def test_an_unknown_time_zone_is_a_form_error_tied_to_the_field(client, alice):
    client.force_login(alice)
    response = client.post("/account/settings/", {"display_name": "", "time_zone": "Mars/Base"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_time_zone_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_time_zone_error"' in html
    assert 'id="id_display_name_error"' in html
    alice.refresh_from_db()
    assert alice.time_zone == "Europe/London"


def test_signing_up_asks_for_a_name_and_sends_a_confirmation_email(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "Dana@Example.org",
            "password1": "a-much-longer-passphrase",
            "password2": "a-much-longer-passphrase",
            "display_name": "Dana",
            "time_zone": "Asia/Tokyo",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="dana@example.org")
    assert (user.display_name, user.time_zone) == ("Dana", "Asia/Tokyo")
    assert len(mail.outbox) == 1
    assert "dana@example.org" in mail.outbox[0].to


def test_signing_up_with_a_taken_email_reveals_nothing_and_warns_the_owner(client, alice):
    """Nobody learns from the sign-up form who has an account; alice hears of the attempt."""
    response = client.post(
        "/accounts/signup/",
        {
            "email": "alice@example.org",
            "password1": "a-much-longer-passphrase",
            "password2": "a-much-longer-passphrase",
            "display_name": "Another Alice",
            "time_zone": "UTC",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert User.objects.filter(email="alice@example.org").count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.org"]


def test_the_login_page_logs_alice_in(client, alice):
    from tests.factories import PASSWORD

    page = client.get("/accounts/login/")
    assert page.status_code == 200
    response = client.post("/accounts/login/", {"login": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/home/"


def test_an_unknown_page_is_a_friendly_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "<html" in response.content.decode()


def test_the_500_page_renders_without_any_context():
    html = render_to_string("500.html")
    assert "<html" in html

"""Password guessing is locked out (django-axes) on the login page and the token API.

Tests lower the failure limit so a lockout takes three tries; the cool-off is shown passing
by moving the recorded attempts back in time, as a clock would.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client

from tests.factories import PASSWORD

LOGIN_URL = "/accounts/login/"
TOKEN_URL = "/api/v1/auth/token/"
LIMIT = 3


@pytest.fixture(autouse=True)
def _low_limits(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    # allauth's cache-based limits must not answer first: the lockout is under test here.
    settings.ACCOUNT_RATE_LIMITS = False


def log_in(client: Client, email: str, password: str, address: str = "10.0.0.1"):
    return client.post(LOGIN_URL, {"login": email, "password": password}, REMOTE_ADDR=address)


def token(api_client, email: str, password: str, address: str = "10.0.0.1"):
    return api_client.post(TOKEN_URL, {"email": email, "password": password}, REMOTE_ADDR=address)


def pass_the_cool_off(minutes: int = 31) -> None:
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= timedelta(minutes=minutes)
        attempt.save(update_fields=["attempt_time"])


def test_after_the_limit_even_the_right_password_is_refused_on_the_login_page(alice):
    client = Client()
    for n in range(LIMIT - 1):
        assert log_in(client, "alice@example.org", f"guess{n}").status_code == 200
    locked = log_in(client, "alice@example.org", "guess-last")
    assert locked.status_code == 429
    assert "Too many failed attempts to sign in" in locked.content.decode()

    right = log_in(client, "alice@example.org", PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_counts_any_spelling_of_the_email_as_one_account(alice):
    client = Client()
    for spelling in ("alice@example.org", "ALICE@example.org", " Alice@Example.org"):
        response = log_in(client, spelling, "wrong")
    assert response.status_code == 429
    assert AccessAttempt.objects.get().username == "alice@example.org"


def test_after_the_cool_off_alice_can_log_in_again(alice):
    client = Client()
    for n in range(LIMIT):
        log_in(client, "alice@example.org", f"guess{n}")
    assert log_in(client, "alice@example.org", PASSWORD).status_code == 429

    pass_the_cool_off()

    response = log_in(client, "alice@example.org", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_a_lockout_leaves_other_accounts_and_other_addresses_alone(alice, bob):
    for n in range(LIMIT):
        log_in(Client(), "alice@example.org", f"guess{n}", address="10.0.0.1")
    assert log_in(Client(), "alice@example.org", PASSWORD, address="10.0.0.1").status_code == 429

    assert log_in(Client(), "bob@example.org", PASSWORD, address="10.0.0.1").status_code == 302
    # Alice herself, from her own address, is not locked out by a guesser elsewhere.
    assert log_in(Client(), "alice@example.org", PASSWORD, address="10.9.9.9").status_code == 302


def test_a_successful_login_clears_earlier_failures(alice):
    client = Client()
    for n in range(LIMIT - 1):
        log_in(client, "alice@example.org", f"guess{n}")
    assert AccessAttempt.objects.get().failures_since_start == LIMIT - 1
    assert log_in(client, "alice@example.org", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_the_token_api_is_locked_out_too_in_the_json_error_shape(api_client, alice):
    for n in range(LIMIT - 1):
        assert token(api_client, "alice@example.org", f"guess{n}").status_code == 400
    locked = token(api_client, "alice@example.org", "guess-last")
    assert locked.status_code == 429
    assert set(locked.json()) == {"message", "errors"}
    assert "Too many failed attempts to sign in" in locked.json()["message"]

    right = token(api_client, "alice@example.org", PASSWORD)
    assert right.status_code == 429
    assert "token" not in right.json()


def test_failures_on_the_login_page_and_the_token_api_add_up(api_client, alice):
    log_in(Client(), "alice@example.org", "guess1")
    token(api_client, "alice@example.org", "guess2")
    assert log_in(Client(), "alice@example.org", "guess3").status_code == 429
    assert token(api_client, "alice@example.org", PASSWORD).status_code == 429

    pass_the_cool_off()
    assert token(api_client, "alice@example.org", PASSWORD).status_code == 200


def test_a_forged_forwarded_for_header_does_not_dodge_the_lockout(alice):
    for n in range(LIMIT):
        Client().post(
            LOGIN_URL,
            {"login": "alice@example.org", "password": f"guess{n}"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    response = Client().post(
        LOGIN_URL,
        {"login": "alice@example.org", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )
    assert response.status_code == 429

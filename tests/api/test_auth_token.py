"""`POST /api/v1/auth/token/` trades an email and password for a token, and nothing else."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress

from tests.factories import PASSWORD, UserFactory

TOKEN_URL = "/api/v1/auth/token/"


def test_alice_gets_a_token_and_uses_it_to_read_herself(api_client, alice):
    response = api_client.post(TOKEN_URL, {"email": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["email"] == "alice@example.org"
    assert me.json()["display_name"] == "Alice"


def test_the_email_is_matched_whatever_its_case(api_client, alice):
    response = api_client.post(TOKEN_URL, {"email": "ALICE@Example.org", "password": PASSWORD})
    assert response.status_code == 200


def test_a_wrong_password_gets_no_token(api_client, alice):
    response = api_client.post(TOKEN_URL, {"email": "alice@example.org", "password": "guess"})
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "The email address or the password is not right."
    assert body["errors"] == {"non_field_errors": [body["message"]]}
    assert "token" not in body


def test_an_unknown_email_gets_the_same_answer_as_a_wrong_password(api_client, alice):
    unknown = api_client.post(TOKEN_URL, {"email": "nobody@example.org", "password": PASSWORD})
    wrong = api_client.post(TOKEN_URL, {"email": "alice@example.org", "password": "nope"})
    assert unknown.status_code == wrong.status_code == 400
    assert unknown.json() == wrong.json()


def test_missing_fields_are_named_in_the_error(api_client, db):
    response = api_client.post(TOKEN_URL, {"email": "not-an-email"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"email", "password"}


def test_a_malformed_json_body_gets_the_error_shape(api_client, db):
    response = api_client.generic(
        "POST", TOKEN_URL, data='{"email": "alice@', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith("JSON parse error")
    assert response.json()["errors"] == {}


def test_an_unconfirmed_email_gets_no_token(api_client, db):
    UserFactory(email="carol@example.org", verified=False)
    response = api_client.post(TOKEN_URL, {"email": "carol@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert response.json()["errors"] == {"email": ["This email address is not confirmed yet."]}
    assert not EmailAddress.objects.filter(email="carol@example.org", verified=True).exists()


def test_a_deactivated_user_gets_no_token(api_client, alice):
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    response = api_client.post(TOKEN_URL, {"email": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 400


def test_guessing_passwords_is_throttled(api_client, alice, settings):
    statuses = [
        api_client.post(
            TOKEN_URL, {"email": "alice@example.org", "password": f"guess{n}"}
        ).status_code
        for n in range(12)
    ]
    assert statuses[:10] == [400] * 10
    assert statuses[10:] == [429, 429]
    throttled = api_client.post(TOKEN_URL, {"email": "alice@example.org", "password": PASSWORD})
    assert throttled.status_code == 429
    assert "throttled" in throttled.json()["message"].lower()


@pytest.mark.parametrize("header", ["", "Token", "Token not-a-real-token", "Bearer abc"])
def test_requests_without_a_valid_token_get_401_in_the_error_shape(api_client, db, header):
    if header:
        api_client.credentials(HTTP_AUTHORIZATION=header)
    response = api_client.get("/api/v1/me/")
    assert response.status_code == 401
    assert set(response.json()) == {"message", "errors"}

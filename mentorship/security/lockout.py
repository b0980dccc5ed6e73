"""Locking out password guessing: django-axes, wired to allauth's login form and API tokens.

Axes counts failed `authenticate()` calls in PostgreSQL per (email, client address) pair,
and after `AXES_FAILURE_LIMIT` failures refuses that pair, the right password included,
until `AXES_COOLOFF_TIME` has passed without a new attempt. Keying on the pair means a
guesser cannot lock the real person out from their own address, and one locked pair
leaves every other account alone. allauth's own cache-based rate limits stay on as a
second line (per address and per email from any address; see `ACCOUNT_RATE_LIMITS`).
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.throttling import BaseThrottle

from mentorship.api.errors import error_body


class LoginLockoutBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """Axes' check before every password check, except calls that carry no request.

    `authenticate()` without a request (the test client's `login`, a shell) is not a login
    from the web and has no client address to key a lockout on; axes would raise instead.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, username, password, **kwargs)
        return None


def login_identifier(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The email a login attempt is for, the same from allauth's form and the token API.

    allauth passes `email=...`, the token service `username=...`; both are lower-cased so
    `Alice@` and `alice@` count as one account, as they log in to one account.
    """
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value:
        value = request.POST.get("login") or request.POST.get("email") or ""
    return str(value).strip().lower()


def client_address(request: HttpRequest) -> str | None:
    """The client's address, trusting `X-Forwarded-For` exactly as far as the API throttles do.

    One rule for both (`REST_FRAMEWORK["NUM_PROXIES"]`, from `API_TRUSTED_PROXIES`): with no
    trusted proxy the socket's address is used, so a forged header cannot dodge a lockout.
    """
    address = BaseThrottle().get_ident(request)  # type: ignore[arg-type]
    return str(address) if address else None  # `force_login` in tests: a request without one


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """429 in the API's error shape under /api/, a page saying when to try again elsewhere."""
    message = _(
        "Too many failed attempts to sign in. Wait %(minutes)d minutes and try again, "
        "or reset your password."
    ) % {"minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)}
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(message), status=429)
    return render(request, "account/lockout.html", {"message": message}, status=429)

"""Making one matrix request as one persona, with its writes rolled back afterwards."""

from __future__ import annotations

import functools
from http.cookies import SimpleCookie

from django.conf import settings
from django.db import transaction
from django.http import HttpResponseBase
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.permissions.surface import Row, api_operations
from tests.permissions.world import World


def url_of(row: Row, world: World) -> str:
    kwargs = row.target.kwargs(world)
    if row.kind == "page":
        return reverse(row.key, kwargs=kwargs)
    return row.key.format(**kwargs)


@functools.cache
def _page_client() -> Client:
    # One client, so one request handler: a new handler loads the middleware again, and
    # WhiteNoise's scan of the static files then cost more than the request. A server
    # error must come back as a 500 to compare, not as an exception.
    return Client(raise_request_exception=False)


@functools.cache
def _api_client() -> APIClient:
    return APIClient(raise_request_exception=False)


def page_client(persona: str, session_keys: dict[str, str]) -> Client:
    """The shared page client, holding only `persona`'s session cookie (none for a visitor)."""
    client = _page_client()
    client.cookies = SimpleCookie()
    if persona != "visitor":
        client.cookies[settings.SESSION_COOKIE_NAME] = session_keys[persona]
    return client


def api_client(persona: str, world: World) -> APIClient:
    """The shared API client, authenticated as `persona` (not at all for a visitor)."""
    client = _api_client()
    client.cookies = SimpleCookie()
    client.force_authenticate(None if persona == "visitor" else world.users[persona])
    return client


def request_as(
    row: Row, persona: str, world: World, session_keys: dict[str, str]
) -> HttpResponseBase:
    """The response `persona` gets for `row` (an empty body for writes); nothing it changed
    outlives the call, so every check sees the same world."""
    url = url_of(row, world)
    with transaction.atomic():
        if row.kind == "page":
            client = page_client(persona, session_keys)
            response = client.get(url) if row.method == "GET" else client.post(url, {})
        else:
            api = api_client(persona, world)
            send = getattr(api, row.method.lower())
            body_format = api_operations()[(row.method, row.key)].body_format
            response = send(url) if row.method == "GET" else send(url, {}, format=body_format)
        transaction.set_rollback(True)
    return response

"""Making one matrix request as one persona, with its writes rolled back afterwards."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
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


def page_client(persona: str, session_keys: dict[str, str]) -> Client:
    # A server error must come back as a 500 to compare, not as an exception.
    client = Client(raise_request_exception=False)
    if persona != "visitor":
        client.cookies[settings.SESSION_COOKIE_NAME] = session_keys[persona]
    return client


def api_client(persona: str, world: World) -> APIClient:
    client = APIClient(raise_request_exception=False)
    if persona != "visitor":
        client.force_authenticate(world.users[persona])
    return client


def request_as(row: Row, persona: str, world: World, session_keys: dict[str, str]) -> HttpResponse:
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
    return response  # type: ignore[no-any-return]

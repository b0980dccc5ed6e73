"""One world per test module, built inside a transaction rolled back when the module ends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client

from tests.permissions.world import World, build_world


@pytest.hookimpl(tryfirst=True)  # before pytest-django orders tests by their database use
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give every test using the world the `django_db` mark.

    pytest-django runs database tests first and the rest last. Marking only some of a
    module's world users split the module across the suite, and the module's world
    transaction then stayed open over every test in between (slowing and breaking them).
    Marked alike, the module's tests stay together; the mark also has the test database
    set up when only matrix checks are selected.
    """
    for item in items:
        uses_world = "world" in getattr(item, "fixturenames", ())
        if uses_world and item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[World]:
    """The two pairs and everything around them; each check rolls its own writes back."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        # Never build this world in a real database, even one rolled back.
        assert connection.settings_dict["NAME"].startswith("test_"), "no test database"
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def session_keys(world: World) -> dict[str, str]:
    """A signed-in session per persona, so a check sets a cookie instead of logging in."""
    keys = {}
    for persona, user in world.users.items():
        client = Client()
        client.force_login(user)
        keys[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys

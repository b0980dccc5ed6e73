"""Personas and shared fixtures.

Personas (each says what it may and may not see):
- `alice`: an ordinary signed-up user; sees her own account and her own jobs only.
- `bob`: another ordinary user; must never see anything of alice's.
- `platform_admin`: runs the installation (is_staff); may use the admin site and start
  worker checks, but still sees only jobs they own through the API.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from rest_framework.test import APIClient

from mentorship.celery import app as celery_app
from mentorship.models import User
from tests.factories import UserFactory
from tests.processes import CeleryWorker, RedisServer, subprocess_database_url


def services_available() -> bool:
    return bool(os.environ.get("CELERY_BROKER_URL")) and os.environ.get(
        "DATABASE_URL", ""
    ).startswith(("postgres://", "postgresql://"))


def require_services() -> None:
    """Skip when run without PostgreSQL and Redis, unless `make test` demands them."""
    if services_available():
        return
    message = "needs the throwaway PostgreSQL and Redis that `make test` starts"
    if os.environ.get("REQUIRE_SERVICES"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _tasks_run_in_process(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tasks run eagerly in the test process, unless the test starts a real worker."""
    uses_broker = "celery_worker" in request.fixturenames or "broker_url" in request.fixturenames
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = not uses_broker
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _fresh_throttles() -> Iterator[None]:
    """Throttle counters live in the cache; each test starts with none spent."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice(db: None) -> User:
    return UserFactory.create(email="alice@example.org", display_name="Alice")


@pytest.fixture
def bob(db: None) -> User:
    return UserFactory.create(email="bob@example.org", display_name="Bob")


@pytest.fixture
def platform_admin(db: None) -> User:
    return UserFactory.create(email="admin@example.org", display_name="Pat Admin", is_staff=True)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


def client_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def broker_url() -> str:
    """The throwaway Redis of `make test`; requesting it makes tasks go through the broker."""
    require_services()
    return os.environ["CELERY_BROKER_URL"]


@pytest.fixture(scope="session")
def celery_worker(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest
) -> Iterator[CeleryWorker]:
    """A separate `celery worker` process on the test database and the throwaway Redis."""
    require_services()
    worker = CeleryWorker(
        broker_url=os.environ["CELERY_BROKER_URL"], database_url=subprocess_database_url()
    )
    worker.start()
    yield worker
    worker.stop()


@pytest.fixture
def private_redis() -> Iterator[RedisServer]:
    """A Redis server of this test's own, which the test may stop and start."""
    require_services()
    server = RedisServer()
    server.start()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _plain_http(settings: pytest.FixtureRequest) -> None:
    """Tests speak plain HTTP like the dev server; test_settings covers the HTTPS redirect."""
    settings.SECURE_SSL_REDIRECT = False  # type: ignore[attr-defined]

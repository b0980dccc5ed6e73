"""Personas and shared fixtures.

Personas (each says what it may and may not see):
- `alice`: an ordinary signed-up user in no program; sees her own account and jobs only,
  and no program's inner pages (404).
- `bob`: another ordinary user; must never see anything of alice's.
- `platform_admin`: runs the installation (is_staff); may use the admin site, create
  programs and start worker checks, but sees only jobs they own through the API.

In `program` ("Rise", open for sign-up):
- `mentee`: sees the program's mentors, their own profile, goals and requests; never
  `other_mentee`'s goals, requests, relationships, notes or feedback.
- `other_mentee`: the same, mirrored.
- `mentor`: sees the program's mentors and the mentees who requested them or are matched
  with them; never other mentors' mentees.
- `other_mentor`: the same, mirrored.
- `program_admin`: runs `program`: sees all its members, imports and exports them,
  answers join requests; sees nothing of `other_program`.
In `other_program` ("Summit"):
- `other_program_admin`: runs `other_program` only; `program` is a 404 for them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from rest_framework.test import APIClient

from mentorship.celery import app as celery_app
from mentorship.models import Membership, Program, User
from tests.factories import UserFactory, make_member, make_program
from tests.processes import CeleryWorker, RedisServer, subprocess_database_url


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give every transactional test a serialized rollback.

    A transactional test ends by flushing every table, the rows of data migrations too
    (the skill, goal-area, industry and language vocabularies). With a serialized rollback
    the next such test starts from the migrated database again, whatever ran before it.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None or not marker.kwargs.get("transaction"):
            continue
        if not marker.kwargs.get("serialized_rollback"):
            kwargs = {**marker.kwargs, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)


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


@pytest.fixture
def program(db: None) -> Program:
    return make_program(slug="rise", name="Rise")


@pytest.fixture
def other_program(db: None) -> Program:
    return make_program(slug="summit", name="Summit")


@pytest.fixture
def mentee(program: Program) -> User:
    return make_member(
        program=program, roles=("mentee",), email="mentee@example.org", display_name="Mia Mentee"
    ).user


@pytest.fixture
def other_mentee(program: Program) -> User:
    return make_member(
        program=program, roles=("mentee",), email="otto@example.org", display_name="Otto Mentee"
    ).user


@pytest.fixture
def mentor(program: Program) -> User:
    return make_member(
        program=program, roles=("mentor",), email="mentor@example.org", display_name="Marcus Mentor"
    ).user


@pytest.fixture
def other_mentor(program: Program) -> User:
    return make_member(
        program=program, roles=("mentor",), email="olga@example.org", display_name="Olga Mentor"
    ).user


@pytest.fixture
def program_admin(program: Program) -> User:
    return make_member(
        program=program, roles=(), is_admin=True, email="priya@example.org", display_name="Priya"
    ).user


@pytest.fixture
def other_program_admin(other_program: Program) -> User:
    return make_member(
        program=other_program, roles=(), is_admin=True, email="sam@example.org", display_name="Sam"
    ).user


def membership_of(user: User, program: Program) -> Membership:
    return Membership.objects.get(user=user, program=program)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: pytest.FixtureRequest) -> None:
    """Hash test passwords with MD5: PBKDF2's deliberate slowness is for production, and it
    made user-heavy tests take minutes. Production settings keep the default hashers."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]

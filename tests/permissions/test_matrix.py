"""The permission matrix: every page pattern and API operation, as every persona.

A new URL pattern or API operation without a row fails `test_every_page_has_a_row` or
`test_every_api_operation_has_a_row`, naming it; a row for one that is gone fails too.
Each (row, persona) is one test, run in a transaction rolled back afterwards, in a world
built once for the module (`conftest.world`). To add a row, see docs/security.md.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url

from tests.factories import UserFactory
from tests.permissions.checks import page_client, request_as, url_of
from tests.permissions.matrix_api import API_ROWS
from tests.permissions.matrix_pages import PAGE_ROWS
from tests.permissions.surface import LOGIN, Row, api_operations, api_url_routes, page_patterns
from tests.permissions.world import PERSONAS, World

# The matrix checks run in the module's world transaction (`conftest.world`), each in a
# savepoint of its own (`checks.request_as`); they skip pytest-django's per-test
# transaction, which cost as much as the request itself over 2,000 checks. The
# enumeration tests carry the `django_db` mark, which also has the test database set up.

ROWS: list[Row] = [*PAGE_ROWS, *API_ROWS]


def _differences(kind: str, in_code: set[str], in_matrix: set[str]) -> str:
    lines = [f"{kind} without a row in the matrix: {item}" for item in sorted(in_code - in_matrix)]
    lines += [
        f"matrix row for a {kind} that no longer exists: {item}"
        for item in sorted(in_matrix - in_code)
    ]
    return "\n".join(lines)


@pytest.mark.django_db
def test_rows_are_unique() -> None:
    ids = [row.id for row in ROWS]
    assert {row_id for row_id, _persona in KNOWN_BUGS} <= set(ids)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_every_page_has_a_row() -> None:
    in_code = {f"{method} {p.name}" for p in page_patterns() for method in p.methods}
    in_matrix = {f"{row.method} {row.key}" for row in PAGE_ROWS}
    assert in_code == in_matrix, _differences("page", in_code, in_matrix)


def test_every_api_operation_has_a_row() -> None:
    in_code = {f"{method} {path}" for method, path in api_operations()}
    in_matrix = {f"{row.method} {row.key}" for row in API_ROWS}
    assert in_code == in_matrix, _differences("API operation", in_code, in_matrix)


def test_every_api_url_is_in_the_schema() -> None:
    """An API view the schema leaves out would also escape the matrix."""
    documented = {path for _method, path in api_operations()}
    # drf-spectacular names a `pk` path parameter `id` (SCHEMA_COERCE_PATH_PK).
    routes = {
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route).replace("{pk}", "{id}")
        for route in api_url_routes()
    }
    assert routes <= documented, sorted(routes - documented)


# Cells where the platform is still wrong: the matrix holds the right status and the check
# is expected to fail until the view is fixed (strict: a fix makes it pass, and then the
# entry must go). Keep this empty; each entry is a bug to report.
KNOWN_BUGS: dict[tuple[str, str], str] = {}


def _param(row: Row, persona: str) -> object:
    bug = KNOWN_BUGS.get((row.id, persona))
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    return pytest.param(row, persona, id=f"{row.id}[{persona}]", marks=marks)


@pytest.mark.parametrize(("row", "persona"), [_param(r, p) for r in ROWS for p in PERSONAS])
def test_matrix(row: Row, persona: str, world: World, session_keys: dict[str, str]) -> None:
    response = request_as(row, persona, world, session_keys)
    expected = row.expected[persona]
    where = f"{row.method} {url_of(row, world)} ({row.target.description}) as {persona}"
    if expected == LOGIN:
        assert response.status_code == 302, f"{where}: {response.status_code}, not {LOGIN}"
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL)), where
    else:
        assert response.status_code == expected, f"{where}: {response.status_code}, not {expected}"


ADMIN_URLS = ("/admin/", "/admin/mentorship/user/", "/admin/relationships/relationship/")


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_admin_site_sends_every_persona_to_its_login(
    persona: str, world: World, session_keys: dict[str, str]
) -> None:
    """The one group rule for the Django admin (see `surface`): nobody here is staff."""
    client = page_client(persona, session_keys)
    for url in ADMIN_URLS:
        response = client.get(url)
        assert response.status_code == 302, (url, response.status_code)
        assert response["Location"].startswith("/admin/login/"), (url, response["Location"])


def test_platform_staff_do_get_into_the_admin(world: World, session_keys: dict[str, str]) -> None:
    """The rule above is about who is staff, not an admin site that turns everyone away."""
    with transaction.atomic():
        staff = UserFactory.create(email="staff@example.org", is_staff=True, is_superuser=True)
        client = page_client("visitor", session_keys)
        client.force_login(staff)
        assert [client.get(url).status_code for url in ADMIN_URLS] == [200] * len(ADMIN_URLS)
        transaction.set_rollback(True)

"""The surface the matrix must cover, read from the code: page patterns and API operations.

Pages come from walking the root URLconf; their methods from the view itself (the
`require_http_methods` family records the allowed list; a class-based view lists its
handlers; a plain function view may branch on the method, so it is checked for GET and
POST). API operations come from the generated OpenAPI schema, so an operation the schema
documents is one the matrix must list.

The Django admin (`admin:` names) is one group rule, not rows: every admin view is wrapped
by `AdminSite.admin_view`, which sends anyone who is not active staff to the admin login
before the view runs, and none of the personas is staff (`test_matrix` proves the redirect
for each persona on a few admin URLs). Rows for its ~200 generated URLs would repeat that
one rule.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from tests.permissions.world import PERSONAS, World

PAGE_METHODS = ("GET", "POST")
API_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class PagePattern:
    name: str
    route: str
    methods: tuple[str, ...]


def _declared_methods(callback: Callable[..., Any]) -> tuple[str, ...]:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return tuple(
            method
            for method in PAGE_METHODS
            if method.lower() in view_class.http_method_names
            and hasattr(view_class, method.lower())
        )
    function: Any = callback
    while function is not None:
        # `require_http_methods(list)` keeps the list in its wrapper's closure.
        for cell in getattr(function, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if (
                isinstance(value, list | tuple)
                and value
                and all(isinstance(item, str) and item.isupper() for item in value)
            ):
                return tuple(method for method in PAGE_METHODS if method in value)
        function = getattr(function, "__wrapped__", None)
    return PAGE_METHODS


def _walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[PagePattern]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            route = prefix + str(pattern.pattern)
            if route.startswith("api/v1/"):
                continue  # read from the schema instead
            if pattern.namespace == "admin":
                continue  # the Django admin: one group rule (see the module docstring)
            inner = pattern.namespace or ""
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from _walk(pattern.url_patterns, route, full)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            assert name, f"the URL pattern {route!r} has no name, so the matrix cannot list it"
            yield PagePattern(name=name, route=route, methods=_declared_methods(pattern.callback))


def page_patterns() -> list[PagePattern]:
    """Every named page pattern outside the API and the Django admin."""
    return list(_walk(get_resolver().url_patterns, "", ""))


def api_url_routes() -> list[str]:
    """The raw routes of every URL pattern under /api/v1/, to check the schema has them."""
    routes: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif route.startswith("api/v1/"):
                routes.append(route)

    walk(get_resolver().url_patterns, "")
    return routes


@dataclass(frozen=True)
class ApiOperation:
    operation_id: str
    content_types: tuple[str, ...]  # what its request body may be sent as

    @property
    def body_format(self) -> str:
        """How the matrix sends its empty body: JSON unless the operation takes only files."""
        return (
            "json"
            if "application/json" in self.content_types or not self.content_types
            else "multipart"
        )


@functools.cache
def api_operations() -> dict[tuple[str, str], ApiOperation]:
    """(method, path template) → the operation, for every operation in the OpenAPI schema."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (method.upper(), path): ApiOperation(
            operation_id=operation["operationId"],
            content_types=tuple(operation.get("requestBody", {}).get("content", {})),
        )
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method.upper() in API_METHODS
    }


@dataclass(frozen=True)
class Target:
    """What a row's URL kwargs point at, said in words, and how to find it in the world."""

    description: str
    kwargs: Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Row:
    """One (page or operation, method) and the status each persona must get."""

    kind: str  # "page" or "api"
    key: str  # page name, or API path template
    method: str
    target: Target
    expected: dict[str, int | str]
    note: str = ""

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.method}:{self.key}"


# A visitor sent to the login page (302 with the login URL as its location).
LOGIN = "302 to login"


def make_row(
    kind: str,
    key: str,
    method: str,
    target: Target,
    statuses: tuple[int | str, ...],
    note: str = "",
) -> Row:
    """A row from statuses in `PERSONAS` order; exactly one per persona, no defaults."""
    assert len(statuses) == len(PERSONAS), f"{key} {method}: one status per persona"
    return Row(kind, key, method, target, dict(zip(PERSONAS, statuses, strict=True)), note)


def page(
    name: str, method: str, target: Target, statuses: tuple[int | str, ...], note: str = ""
) -> Row:
    return make_row("page", name, method, target, statuses, note)


def api(
    path: str, method: str, target: Target, statuses: tuple[int | str, ...], note: str = ""
) -> Row:
    return make_row("api", path, method, target, statuses, note)

"""Schemathesis fuzzes every operation of `/api/schema/` as two signed-in people.

The schema is loaded from the running WSGI app, as a client would fetch it. For each
operation, generated requests (valid ones and deliberately invalid ones) go through the
whole Django stack with a token, against a world where the ids in paths resolve (two
pairs with everything a relationship holds, a circle, suggestions, a match run: the
permission matrix's world). Every response must be no 5xx, carry a documented status code
and content type, and have a body that conforms to the documented schema. An untyped `{}`
response cannot pass: the schema test fails on any generation warning.

Each case runs in a savepoint that is rolled back, with fresh throttle counters, so every
case meets the same world: a failure replays exactly from its seed (Hypothesis runs
derandomized here).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.permissions.world import World, build_world

# Generated cases per operation and user: valid input first, then invalid input.
POSITIVE_EXAMPLES = 3
NEGATIVE_EXAMPLES = 2
MINIMUM_CASES = 500
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
FUZZ_SETTINGS = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    # Failures are collected, not raised, so there is nothing to shrink or replay.
    phases=[Phase.explicit, Phase.generate],
)


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Built once for the module inside a transaction that is rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def wsgi_app(settings: Any) -> Iterator[WSGIHandler]:
    """The project's WSGI app, answering in this test's database transaction.

    A real request closes the database connection when autocommit is off (it would be a
    leaked transaction in production); Django's own test client disconnects that handler the
    same way, so the requests see the world and roll back with it.
    """
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def known_ids(world: World) -> dict[str, list[Any]]:
    """Ids that resolve in the world, by path parameter name or by the collection before it."""
    pair, other = world.pair, world.other_pair
    return {
        "slug": [world.program.slug, world.other_program.slug],
        "relationship_id": [pair.relationship.pk, other.relationship.pk],
        "meeting_id": [pair.meeting.pk, other.meeting.pk],
        "goal_id": [pair.goal.pk, other.goal.pk],
        "item_id": [pair.action_item.pk, other.action_item.pk],
        "circle_id": [world.circle.pk],
        "session_id": [world.circle_session.pk],
        "membership_id": [world.circle_membership.pk, world.join_request.pk],
        "pair_id": [world.match_pair.pk],
        "user_id": [user.pk for user in world.users.values()],
        "mentor_id": [pair.mentor_part.pk, other.mentor_part.pk],
        "mentors": [pair.mentor_part.pk, other.mentor_part.pk],
        "requests": [pair.request.pk, other.request.pk],
        "introductions": [world.introduction.pk],
        "jobs": [str(world.suggestions_job.pk), str(world.training_job.pk)],
        "notifications": [world.notification.pk],
        "match-runs": [world.match_run.pk],
        "ranker-models": [world.ranker_model.pk],
        "suggestions": [world.suggestion.pk],
        "thank-you-notes": [pair.thanks.pk, other.thanks.pk],
    }


def path_strategy(path: str, ids: dict[str, list[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """Mostly ids of the world, sometimes left to the generator (a missing or odd id)."""
    choices: dict[str, st.SearchStrategy[Any]] = {}
    for before, name in re.findall(r"([^/{}]*)/\{([^}]+)\}", path):
        known = ids.get(name) or ids.get(before)
        if known is None:
            raise AssertionError(f"No world id for {{{name}}} in {path}: add it to known_ids.")
        choices[name] = st.sampled_from(known)
    return st.fixed_dictionaries(choices)


@dataclass
class Tally:
    cases: int = 0
    # The first failure of each operation: one finding is enough to go and fix it.
    failures: dict[str, str] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)


def fuzz(schema: Any, *, token: str, ids: dict[str, list[Any]]) -> Tally:
    """Run every operation's generated cases; collect failures instead of stopping."""
    tally = Tally()
    headers = {"Authorization": f"Token {token}"}
    for result in schema.get_all_operations():
        operation = result.ok()
        modes = [(GenerationMode.POSITIVE, POSITIVE_EXAMPLES)]
        if len(operation.query) or len(operation.body):
            # Only the query and the body are made invalid: a malformed path is the URL
            # resolver's plain 404, and generating one rejects most attempts.
            modes.append((GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES))
        for mode, examples in modes:
            run = case_runner(operation, mode, ids=ids, headers=headers, tally=tally)
            try:
                settings(FUZZ_SETTINGS, max_examples=examples)(run)()
            except Unsatisfiable:
                continue  # nothing invalid could be made of this operation's input
    return tally


def case_runner(
    operation: Any,
    mode: GenerationMode,
    *,
    ids: dict[str, list[Any]],
    headers: dict[str, str],
    tally: Tally,
) -> Callable[..., None]:
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        path_parameters = data.draw(path_strategy(operation.path, ids), label="path")
        case = data.draw(operation.as_strategy(mode, path_parameters=path_parameters))
        cache.clear()  # throttle counters: every case starts with none spent
        with transaction.atomic():
            response = case.call(headers=headers)
            tally.cases += 1
            tally.statuses[response.status_code] = tally.statuses.get(response.status_code, 0) + 1
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except (AssertionError, FailureGroup) as failure:
                tally.failures.setdefault(
                    operation.label,
                    f"{operation.label} [{mode.value}] -> {response.status_code}\n{failure}",
                )
            transaction.set_rollback(True)

    return run


@pytest.mark.parametrize("persona", ["mentee", "program_admin"])
def test_every_operation_answers_within_its_documented_schema(world, wsgi_app, persona, db):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    token, _created = Token.objects.get_or_create(user=world.users[persona])

    tally = fuzz(schema, token=token.key, ids=known_ids(world))

    assert not tally.failures, "\n\n".join(tally.failures.values()) + (
        f"\n\n({len(tally.failures)} operations failed, {tally.cases} cases)"
    )
    assert tally.cases >= MINIMUM_CASES / 2, tally.cases
    # The world resolves: many cases get past access checks into the view and succeed
    # (a fuzzer stuck at the URL resolver's 404 would prove little).
    assert sum(n for status, n in tally.statuses.items() if status < 300) >= 100, tally.statuses

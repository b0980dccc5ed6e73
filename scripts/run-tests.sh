#!/usr/bin/env bash
# What `make test` (and so CI) runs: ruff, ruff format, mypy, then pytest, against a
# throwaway PostgreSQL and Redis. Stops at the first failing step; the services are stopped
# and their files deleted however the run ends. Arguments go to pytest.
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=.venv/bin

# Set before starting, so a start that fails half-way is cleaned up too. An EXIT trap does
# not run when bash dies of a signal, hence the INT/TERM traps that turn one into an exit.
# bash runs them once the current step has ended, which is what we want: pytest's fixtures
# (a Celery worker, say) finish their teardown while PostgreSQL and Redis are still up.
trap 'bash scripts/test-services.sh stop' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# No autovacuum for the test suite: every test's rows are rolled back, so a vacuum that runs
# mid-suite records each table as empty, and the planner then picks plans that rescan whole
# tables per row for the next test's rows (a report query went from milliseconds to seconds).
# Never-vacuumed tables get the planner's default estimates, as in a fresh run. Benchmarks and
# the load test keep autovacuum: they load real volumes and need real statistics.
PG_AUTOVACUUM=off bash scripts/test-services.sh start >/dev/null
# shellcheck source=/dev/null
source "${TEST_SERVICES_DIR:-.test-services}/env"

# The suite asserts behaviour under the defaults, so settings a developer may have exported
# in their shell for other reasons must not leak into it.
# Tests that need PostgreSQL and Redis fail here instead of skipping (see tests/conftest.py).
export REQUIRE_SERVICES=1
unset CACHE_URL EMAIL_URL TIME_ZONE SECURE_SSL_REDIRECT USE_X_FORWARDED_PROTO CSRF_TRUSTED_ORIGINS

step() {
    echo "==> $*"
    local rc=0
    "$@" || rc=$?
    if [ "$rc" -ne 0 ]; then
        # pytest exits 5 when it collected nothing; that is a failure too, never a pass.
        [ "$rc" -eq 5 ] && [ "$1" = "$BIN/pytest" ] && echo "pytest collected no tests" >&2
        echo "FAILED (exit $rc): $*" >&2
        exit "$rc"
    fi
}

step "$BIN/ruff" check .
step "$BIN/ruff" format --check .
step "$BIN/mypy"
step "$BIN/pytest" "$@"

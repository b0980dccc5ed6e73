#!/usr/bin/env bash
# What `make bench` runs: the benchmarks, against a throwaway PostgreSQL and Redis started
# and stopped exactly as for the tests (scripts/test-services.sh). Each benchmark command
# writes its own section of docs/benchmarks.md. Arguments go to `manage.py bench_directory`
# (e.g. --requests 400, --skip-seed).
set -euo pipefail

cd "$(dirname "$0")/.."
PY=.venv/bin/python

# Its own state dir (inside the git-ignored .data/), so a benchmark and a `make test` in the
# same checkout do not stop each other's services.
export TEST_SERVICES_DIR=${BENCH_SERVICES_DIR:-.data/bench-services}

# The services are stopped and their files deleted however the run ends (see run-tests.sh).
trap 'bash scripts/test-services.sh stop' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bash scripts/test-services.sh start >/dev/null
# shellcheck source=/dev/null
source "$TEST_SERVICES_DIR/env"
# Production-like settings: the env file sets DEBUG=false; nothing from the shell leaks in.
unset CACHE_URL EMAIL_URL TIME_ZONE SECURE_SSL_REDIRECT USE_X_FORWARDED_PROTO CSRF_TRUSTED_ORIGINS

"$PY" manage.py migrate --noinput >/dev/null
"$PY" manage.py bench_directory --throwaway-database "$@"
# The program dashboard and reports on 10,000 relationships with six months of history.
"$PY" manage.py bench_reports --throwaway-database
# The ranker: speed against the memory floor and sklearn, builds, catch-up, quality, and
# end to end through a real worker. One BLAS thread, as the figures promise.
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 "$PY" manage.py bench_ranking
# The cohort solver: exact optimum within capacities on two 10,000 × 3,000 instances, and the
# twelve OR-Library instances against their published optima.
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 "$PY" manage.py bench_assignment
# The learning loop: trained vs default weights on the synthetic cohort's simulated outcomes.
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 "$PY" manage.py bench_learning

#!/usr/bin/env bash
# What `make loadtest` runs: the whole site under load, as it runs in production, on the
# large demo. Throwaway PostgreSQL and Redis (scripts/test-services.sh, as `make bench`),
# the demo seeded with 10,000 mentors, 30,000 mentees and their history, gunicorn and a real
# Celery worker; then locust (a second process) drives it as signed-in mentees in a closed
# loop and scripts/loadtest_report.py writes the figures into docs/benchmarks.md.
#
# Knobs (environment): LOADTEST_USERS (50), LOADTEST_SECONDS (60), LOADTEST_ALONE_SECONDS (the
# one-user pass, 30), LOADTEST_WORKERS (gunicorn workers, 4), LOADTEST_MENTORS (10000),
# LOADTEST_MENTEES (30000). Exits non-zero when a request failed, after writing the report.
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=.venv/bin
USERS=${LOADTEST_USERS:-50}
SECONDS_MEASURED=${LOADTEST_SECONDS:-60}
ALONE_SECONDS=${LOADTEST_ALONE_SECONDS:-30}
WORKERS=${LOADTEST_WORKERS:-4}
MENTORS=${LOADTEST_MENTORS:-10000}
MENTEES=${LOADTEST_MENTEES:-30000}
OUT=.data/loadtest
mkdir -p "$OUT"

# Its own state dir, so a load test, a benchmark and `make test` do not stop each other's
# services.
export TEST_SERVICES_DIR=${LOADTEST_SERVICES_DIR:-.data/loadtest-services}

PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    bash scripts/test-services.sh stop
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bash scripts/test-services.sh start >/dev/null
# shellcheck source=/dev/null
source "$TEST_SERVICES_DIR/env"
unset EMAIL_URL TIME_ZONE CSRF_TRUSTED_ORIGINS USE_X_FORWARDED_PROTO
# Production settings (DEBUG off, the env file above) with three deliberate differences:
# - plain HTTP on the loopback: TLS belongs to the proxy in front, which is not under test;
# - one Redis cache shared by all workers, as a multi-process deployment should have;
# - the per-user API throttle out of the way: a closed loop without think time sends far
#   more than a person would, and the throttle's 429s are not what is being measured.
export SECURE_SSL_REDIRECT=false
export CACHE_URL=${CELERY_BROKER_URL%/0}/1
export API_THROTTLE_USER=1000000/minute
export LOG_LEVEL=WARNING

echo "==> migrate and seed the demo: $MENTORS mentors, $MENTEES mentees, with history"
"$BIN/python" manage.py migrate --noinput >/dev/null
history=()
if "$BIN/python" manage.py seed_demo --help | grep -q -- '--history'; then history=(--history); fi
"$BIN/python" manage.py seed_demo --force --mentors "$MENTORS" --mentees "$MENTEES" \
    "${history[@]}" >"$OUT/seed.log"
head -n 1 "$OUT/seed.log"
# As autovacuum would have done on a live database by now.
"$BIN/python" manage.py shell -c \
    "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')"

PORT=$("$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "==> gunicorn ($WORKERS workers) on 127.0.0.1:$PORT and a Celery worker"
"$BIN/celery" -A mentorship worker -Q default,ranking,notifications --concurrency 1 \
    --loglevel WARNING >"$OUT/celery.log" 2>&1 &
PIDS+=($!)
"$BIN/gunicorn" mentorship.wsgi:application --workers "$WORKERS" --bind "127.0.0.1:$PORT" \
    --log-level warning >"$OUT/gunicorn.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null || { echo "gunicorn did not start:"; tail -n 20 "$OUT/gunicorn.log"; exit 1; }

"$BIN/python" scripts/loadtest_users.py --users "$USERS" --output "$OUT/users.json"
export LOADTEST_USERS_FILE=$OUT/users.json

locust() {
    "$BIN/locust" -f scripts/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
        --users "$USERS" --spawn-rate "$USERS" --only-summary --loglevel WARNING "$@"
}
# Warm-up, not measured: each worker loads its code and caches, and each user's first
# visit to the suggestions page has the Celery worker compute their list.
echo "==> warm-up (15 s)"
locust --run-time 15s >"$OUT/warmup.log" 2>&1 || true
# One user alone first: what each request costs with nobody to wait behind (the service
# time). With every user in a closed loop, the rest of the latency is queueing.
echo "==> service time: 1 user, closed loop, ${ALONE_SECONDS} s"
locust --users 1 --spawn-rate 1 --run-time "${ALONE_SECONDS}s" --csv "$OUT/alone" \
    >"$OUT/alone.log" 2>&1 || true
echo "==> measuring: $USERS users, closed loop, ${SECONDS_MEASURED} s"
LOAD_AVERAGE=$(cut -d' ' -f1-3 /proc/loadavg)
rc=0
locust --run-time "${SECONDS_MEASURED}s" --csv "$OUT/locust" >"$OUT/locust.log" 2>&1 || rc=$?
"$BIN/python" scripts/loadtest_report.py --stats "$OUT/locust_stats.csv" \
    --failures "$OUT/locust_failures.csv" --alone "$OUT/alone_stats.csv" --users "$USERS" \
    --seconds "$SECONDS_MEASURED" --alone-seconds "$ALONE_SECONDS" --workers "$WORKERS" \
    --load-average "$LOAD_AVERAGE" --commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
exit "$rc"

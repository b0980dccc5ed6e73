#!/usr/bin/env bash
# Throwaway PostgreSQL 15 and Redis for the test suite.
#
#   scripts/test-services.sh start   start both on free loopback ports in a temp dir; print
#                                    `export ...` lines and write them to $STATE_DIR/env
#   scripts/test-services.sh stop    stop both and delete the temp dir (safe to repeat)
#
# They never use the standard ports (5432, 6379), so a developer's own PostgreSQL and Redis
# are left alone. State lives in .test-services/ (or $TEST_SERVICES_DIR); one set per
# checkout, so two `make test` runs in the same checkout at once are not supported.
set -euo pipefail

cd "$(dirname "$0")/.."
STATE_DIR=${TEST_SERVICES_DIR:-.test-services}
STATE_FILE=$STATE_DIR/state
ENV_FILE_OUT=$STATE_DIR/env

log() { echo "test-services: $*" >&2; }
die() { log "$*"; exit 1; }

find_pg_bin() {
    # Debian keeps the server binaries (initdb, pg_ctl) off PATH, one dir per major version.
    local dir
    for dir in /usr/lib/postgresql/15/bin $(printf "%s\n" /usr/lib/postgresql/*/bin | sort -rV); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return; fi
    done
    if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
    fi
}

# The browser tests (tests/e2e) drive Debian's Chromium: Playwright cannot download its own
# browsers here. Without it (and without root to install it) they fail with a message.
CHROMIUM=/usr/bin/chromium

ensure_installed() {
    local packages=()
    if [ -z "$(find_pg_bin)" ] || ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
        packages+=(postgresql redis-server)
    fi
    [ -x "$CHROMIUM" ] || packages+=(chromium)
    [ "${#packages[@]}" -eq 0 ] && return
    if [ "$(id -u)" -ne 0 ]; then
        case " ${packages[*]} " in
            *" postgresql "*) die "PostgreSQL server binaries (initdb, pg_ctl) and redis-server are needed.
Install them with:  sudo apt-get install -y ${packages[*]}" ;;
        esac
        # Not fatal here: the browser tests fail on their own with the same advice.
        log "$CHROMIUM is missing, so the browser tests will fail. Install it with:  sudo apt-get install -y chromium"
        return
    fi
    log "installing ${packages[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q "${packages[@]}" >&2
    [ -n "$(find_pg_bin)" ] || die "apt-get finished but initdb/pg_ctl are still missing"
}

free_ports() {
    # Both sockets are held open together, so the two ports differ.
    python3 -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
for s in socks:
    s.close()'
}

# Run a PostgreSQL tool as the cluster owner. initdb refuses to run as root, so as root the
# cluster belongs to the `postgres` user; otherwise it belongs to whoever runs the tests.
as_pg() {
    if [ "$PG_OWNER" = root ]; then
        (cd "$TMP_DIR" && runuser -u postgres -- "$@")
    else
        (cd "$TMP_DIR" && "$@")
    fi
}

stop_services() {
    [ -f "$STATE_FILE" ] || { log "nothing to stop"; rm -rf "$STATE_DIR"; return 0; }
    # shellcheck source=/dev/null
    source "$STATE_FILE"
    if [ -n "${PG_BIN:-}" ] && [ -f "$TMP_DIR/pgdata/postmaster.pid" ]; then
        as_pg "$PG_BIN/pg_ctl" -D "$TMP_DIR/pgdata" -m fast -w stop >/dev/null \
            || log "pg_ctl stop failed; see $TMP_DIR/postgres.log"
    fi
    if [ -n "${REDIS_PORT:-}" ] && [ -f "$TMP_DIR/redis.pid" ]; then
        local pid
        pid=$(cat "$TMP_DIR/redis.pid")
        redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then kill "$pid" || true; fi
    fi
    case "$TMP_DIR" in
        */mentorship-test.*) rm -rf "$TMP_DIR" ;;  # never rm -rf a path we did not make
    esac
    rm -rf "$STATE_DIR"
    log "stopped"
}

start_services() {
    if [ -f "$STATE_FILE" ]; then
        log "stopping services left behind by an earlier run"
        stop_services
    fi
    ensure_installed
    PG_BIN=$(find_pg_bin)
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user to own the cluster"
        PG_OWNER=root
        TMP_DIR=$(mktemp -d /tmp/mentorship-test.XXXXXX)  # /tmp: the postgres user can reach it
        chown postgres: "$TMP_DIR"
    else
        PG_OWNER=self
        TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/mentorship-test.XXXXXX")
    fi
    read -r PG_PORT REDIS_PORT < <(free_ports)

    mkdir -p "$STATE_DIR"
    # Written before anything starts, so `stop` can clean up a start that failed half-way.
    {
        printf 'TMP_DIR=%q\nPG_BIN=%q\nPG_OWNER=%q\n' "$TMP_DIR" "$PG_BIN" "$PG_OWNER"
        printf 'PG_PORT=%q\nREDIS_PORT=%q\n' "$PG_PORT" "$REDIS_PORT"
    } > "$STATE_FILE"
    trap 'stop_services' EXIT

    log "PostgreSQL on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT, files in $TMP_DIR"
    as_pg "$PG_BIN/initdb" -D "$TMP_DIR/pgdata" -U postgres --auth=trust \
        --encoding=UTF8 --no-locale >"$TMP_DIR/initdb.log" 2>&1 \
        || die "initdb failed: $(cat "$TMP_DIR/initdb.log")"
    # Durability settings off: the cluster is deleted after the run anyway.
    cat >>"$TMP_DIR/pgdata/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$TMP_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
autovacuum = ${PG_AUTOVACUUM:-on}
EOF
    as_pg "$PG_BIN/pg_ctl" -D "$TMP_DIR/pgdata" -l "$TMP_DIR/postgres.log" -w -t 60 start >/dev/null \
        || die "PostgreSQL did not start: $(tail -n 20 "$TMP_DIR/postgres.log")"
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres mentorship

    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
        --daemonize yes --dir "$TMP_DIR" --pidfile "$TMP_DIR/redis.pid" \
        --logfile "$TMP_DIR/redis.log"
    for _ in $(seq 100); do
        redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
        sleep 0.1
    done
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 \
        || die "Redis did not start: $(tail -n 20 "$TMP_DIR/redis.log" 2>/dev/null)"

    # The test run's whole configuration: the developer's .env is ignored (ENV_FILE empty)
    # and the SQLite data dir is the temp dir, so a run never touches the checkout's data.
    mkdir -p "$TMP_DIR/data"
    local secret
    secret=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
    # None of these values can hold a quote (ports, paths from mktemp, a url-safe token).
    (umask 077; cat > "$ENV_FILE_OUT") <<EOF
export DATABASE_URL='postgres://postgres@127.0.0.1:$PG_PORT/mentorship'
export CELERY_BROKER_URL='redis://127.0.0.1:$REDIS_PORT/0'
export SECRET_KEY='$secret'
export ENV_FILE=''
export DEBUG='false'
export ALLOWED_HOSTS='localhost,127.0.0.1,testserver'
export DATA_DIR='$TMP_DIR/data'
EOF
    trap - EXIT
    cat "$ENV_FILE_OUT"
}

case "${1:-}" in
    start) start_services ;;
    stop) stop_services ;;
    *) die "usage: $0 start|stop" ;;
esac

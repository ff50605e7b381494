#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL 15 cluster and a Redis server.
#
#   scripts/with-services.sh CMD [ARGS...]
#
# Both services listen on free loopback ports and live in a temp folder that is removed on
# exit. Exported to CMD:
#   DATABASE_URL=postgres://postgres@127.0.0.1:PORT/alumni
#   CELERY_BROKER_URL=redis://127.0.0.1:RPORT/0   CACHE_URL=redis://127.0.0.1:RPORT/1
#   CELERY_RESULT_BACKEND=redis://127.0.0.1:RPORT/2
#   CHROMIUM_PATH=/usr/bin/chromium  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
#   DJANGO_ALLOW_ASYNC_UNSAFE=true
# Exits with CMD's status; pytest's "no tests collected" (5) becomes 1.
# A missing service is installed with apt-get when running as root. If it is still missing:
# CI=true -> error (exit 1); otherwise a loud warning and that service's variables are not set.
# CMD runs in the caller's working directory.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
PG_DB=alumni

log() { echo "[with-services] $*" >&2; }
warn() {
    {
        echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
        echo "!! WARNING: $*"
        echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    } >&2
}
die() { echo "[with-services] ERROR: $*" >&2; exit 1; }

if [ $# -eq 0 ]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

is_root() { [ "$(id -u)" = 0 ]; }
is_ci() { [ "${CI:-}" = "true" ]; }

# --- make sure the tools are there -------------------------------------------------------
have_pg() { [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] && command -v pg_isready >/dev/null; }
have_redis() { command -v redis-server >/dev/null && command -v redis-cli >/dev/null; }
have_chromium() { [ -x "$CHROMIUM" ]; }

missing_pkgs=()
have_redis || missing_pkgs+=(redis-server)
have_chromium || missing_pkgs+=(chromium)
have_pg || missing_pkgs+=(postgresql-15)
if [ ${#missing_pkgs[@]} -gt 0 ] && is_root && command -v apt-get >/dev/null; then
    log "installing missing packages: ${missing_pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || log "apt-get update failed"
    apt-get install -y -qq "${missing_pkgs[@]}" >&2 || log "apt-get install failed"
fi

use_pg=1 use_redis=1 use_chromium=1
missing_msg() {
    if is_ci; then
        die "$1 is missing (CI=true, refusing to continue)."
    fi
    warn "$1 is missing: continuing WITHOUT it; tests needing it will skip or fail."
}
have_pg || { missing_msg "PostgreSQL 15 ($PG_BIN/initdb)"; use_pg=0; }
have_redis || { missing_msg "redis-server/redis-cli"; use_redis=0; }
have_chromium || { missing_msg "Chromium ($CHROMIUM)"; use_chromium=0; }

# --- temp folder and cleanup --------------------------------------------------------------
TMP_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/alumni-services.XXXXXX")
chmod 755 "$TMP_ROOT"   # the postgres user must be able to reach its sub-folder
PG_DIR="$TMP_ROOT/pg"
PG_DATA="$PG_DIR/data"
PG_LOG="$PG_DIR/postgres.log"
REDIS_DIR="$TMP_ROOT/redis"
REDIS_LOG="$REDIS_DIR/redis.log"
REDIS_PID="$REDIS_DIR/redis.pid"
pg_started=0 redis_started=0
PG_PORT="" REDIS_PORT=""

as_pg() {
    if is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ "$pg_started" = 1 ]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w -t 20 stop >/dev/null 2>&1 ||
            log "could not stop PostgreSQL cleanly"
    fi
    if [ "$redis_started" = 1 ]; then
        redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
        if [ -f "$REDIS_PID" ]; then
            local pid i
            pid=$(cat "$REDIS_PID" 2>/dev/null || true)
            for i in $(seq 1 50); do
                [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
            if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
        fi
    fi
    rm -rf "$TMP_ROOT"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Two distinct free loopback ports (both sockets held open while choosing).
read -r PG_PORT REDIS_PORT < <(python3 - <<'PY'
import socket
socks = []
for _ in range(2):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(*(s.getsockname()[1] for s in socks))
for s in socks:
    s.close()
PY
)

# --- PostgreSQL ---------------------------------------------------------------------------
start_pg() {
    mkdir -p "$PG_DIR"
    if is_root; then
        id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' user"
        chown postgres:postgres "$PG_DIR"
    fi
    if ! as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C \
        --no-sync >"$TMP_ROOT/initdb.log" 2>&1; then
        cat "$TMP_ROOT/initdb.log" >&2
        die "initdb failed"
    fi
    pg_started=1
    if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 30 -o \
        "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null 2>&1; then
        echo "----- $PG_LOG -----" >&2
        cat "$PG_LOG" >&2 || true
        die "PostgreSQL did not start"
    fi
    local i
    for i in $(seq 1 100); do
        pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
        sleep 0.1
    done
    if ! pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then
        cat "$PG_LOG" >&2 || true
        die "PostgreSQL is not ready on port $PG_PORT"
    fi
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$PG_DB" ||
        die "createdb $PG_DB failed"
    export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/$PG_DB"
    log "PostgreSQL on 127.0.0.1:$PG_PORT ($DATABASE_URL)"
}

# --- Redis --------------------------------------------------------------------------------
start_redis() {
    mkdir -p "$REDIS_DIR"
    redis_started=1
    if ! redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' \
        --appendonly no --dir "$REDIS_DIR" --pidfile "$REDIS_PID" --logfile "$REDIS_LOG" \
        --unixsocket "$REDIS_DIR/redis.sock" >/dev/null 2>&1; then
        cat "$REDIS_LOG" >&2 2>/dev/null || true
        die "redis-server did not start"
    fi
    local i
    for i in $(seq 1 100); do
        [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] && break
        sleep 0.1
    done
    if [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" != PONG ]; then
        echo "----- $REDIS_LOG -----" >&2
        cat "$REDIS_LOG" >&2 2>/dev/null || true
        die "Redis is not answering on port $REDIS_PORT"
    fi
    export CELERY_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/0"
    export CACHE_URL="redis://127.0.0.1:$REDIS_PORT/1"
    export CELERY_RESULT_BACKEND="redis://127.0.0.1:$REDIS_PORT/2"
    log "Redis on 127.0.0.1:$REDIS_PORT"
}

[ "$use_pg" = 1 ] && start_pg
[ "$use_redis" = 1 ] && start_redis
[ "$use_chromium" = 1 ] && export CHROMIUM_PATH="$CHROMIUM"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export DJANGO_ALLOW_ASYNC_UNSAFE=true

# --- run the command ----------------------------------------------------------------------
# In the background so a TERM/INT sent to this script is passed on at once (bash runs traps
# only after a foreground child finishes); stdin stays attached for interactive commands.
child="" got_signal=0
forward() {
    got_signal=1
    [ -n "$child" ] && kill -s "$1" "$child" 2>/dev/null || true
}
trap 'forward TERM' TERM
trap 'forward INT' INT
"$@" 0<&0 &
child=$!
set +e
wait "$child"
rc=$?
while [ "$got_signal" = 1 ]; do
    got_signal=0
    wait "$child"
    rc=$?
done
set -e
trap 'exit 130' INT
trap 'exit 143' TERM

is_pytest=0
case "$(basename -- "$1")" in
    pytest | py.test) is_pytest=1 ;;
    python | python3 | python3.*) [ "${2:-}" = "-m" ] && [ "${3:-}" = "pytest" ] && is_pytest=1 ;;
esac
if [ "$is_pytest" = 1 ] && [ "$rc" = 5 ]; then
    log "pytest collected no tests (exit 5): treating as a failure"
    rc=1
fi
exit "$rc"

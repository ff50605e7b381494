#!/usr/bin/env bash
# `make test` without PYTEST_ARGS, run inside scripts/with-services.sh: the whole suite in three steps.
#
#   1. everything that is independent (unit, page and API tests) on every core with pytest-xdist;
#   2. the integration tests (a real Celery worker on the shared Redis) and the browser journeys,
#      one at a time: workers in two processes would take each other's tasks from one queue;
#   3. the OpenAPI schema fuzz (schemathesis), on its own: it is the slowest file and says
#      nothing until the rest is green.
# Each step's pytest "no tests collected" (exit 5) is a failure; the first failing step stops the run.
set -euo pipefail

PYTEST=${PYTEST:-.venv/bin/pytest}
WORKERS=${TEST_WORKERS:-auto}
FUZZ=tests/api/test_schema_fuzz.py

step() {
    local name=$1
    shift
    echo
    echo "=== make test: $name ==="
    local rc=0
    "$PYTEST" "$@" || rc=$?
    if [ "$rc" = 5 ]; then
        echo "=== $name: pytest collected no tests: a failure ===" >&2
        exit 1
    fi
    if [ "$rc" != 0 ]; then
        echo "=== $name: failed (exit $rc) ===" >&2
        exit "$rc"
    fi
}

step "1/3 unit, page and API tests (xdist, $WORKERS workers)" \
    -n "$WORKERS" --dist loadfile -m "not integration and not e2e" --ignore="$FUZZ"
step "2/3 integration (real Celery worker) and browser journeys" -m "integration or e2e" --ignore="$FUZZ"
step "3/3 OpenAPI schema fuzz" "$FUZZ"

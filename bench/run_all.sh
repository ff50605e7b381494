#!/usr/bin/env bash
# Run every bench/*.py in turn with the project's venv. Benchmarks print figures; they make
# no timing assertions. Fails if any script fails. Usually run via `make bench`, which
# provides throwaway PostgreSQL + Redis (scripts/with-services.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

PY=${PYTHON:-$ROOT/.venv/bin/python}
export DJANGO_SETTINGS_MODULE=alumni_program.settings
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"

shopt -s nullglob
scripts=(bench/*.py)
if [ ${#scripts[@]} -eq 0 ]; then
    echo "No benchmarks found (bench/*.py): nothing to run."
    exit 0
fi

# The database is usually a fresh throwaway one: bring the schema up to date first.
mkdir -p var
"$PY" manage.py migrate --noinput -v 0

failed=()
for script in "${scripts[@]}"; do
    echo
    echo "======================================================================"
    echo "== $script"
    echo "======================================================================"
    start=$(date +%s)
    if "$PY" "$script"; then
        echo "-- $script: ok ($(( $(date +%s) - start ))s)"
    else
        rc=$?
        echo "-- $script: FAILED (exit $rc)"
        failed+=("$script")
    fi
done

echo
if [ ${#failed[@]} -gt 0 ]; then
    echo "${#failed[@]} of ${#scripts[@]} benchmark(s) failed: ${failed[*]}"
    exit 1
fi
echo "All ${#scripts[@]} benchmark(s) ran."

#!/usr/bin/env bash
# tests/sql/run.sh - runs the pgTAP tests tests/sql/*.sql with pg_prove against the
# test stack's database, as the superuser postgres over the stack's Unix socket
# (CTest test sql.pgtap; the fixture "stack" must be up).
#
#   LOTSE_VAR=BUILD/testvar tests/sql/run.sh [-v] [FILE.sql...]
#
# Installs the pgtap extension in the stack's database first (CREATE EXTENSION IF
# NOT EXISTS): the test stack is throwaway; no migration ever installs it. Each
# test file runs in its own session inside BEGIN ... ROLLBACK and leaves nothing
# behind. pg_prove fails on any "not ok", on a plan mismatch and on an SQL error
# (ON_ERROR_STOP). Needs the Debian packages postgresql-15-pgtap and
# libtap-parser-sourcehandler-pgtap-perl (tools/lib/deps.sh installs both).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${LOTSE_VAR:?LOTSE_VAR is not set: run the tests through ctest (sql.pgtap)}"
socket="$LOTSE_VAR/run"

verbose=()
if [ "${1:-}" = -v ]; then
    verbose=(--verbose)
    shift
fi
if [ $# -gt 0 ]; then
    files=("$@")
else
    shopt -s nullglob
    files=("$here"/*.sql)
    shopt -u nullglob
fi
if [ ${#files[@]} -eq 0 ]; then
    echo "tests/sql/run.sh: no test files in $here" >&2
    exit 1
fi
for tool in psql pg_prove; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "tests/sql/run.sh: $tool not found (apt-get install postgresql-15-pgtap" \
            "libtap-parser-sourcehandler-pgtap-perl)" >&2
        exit 1
    fi
done

psql "host=$socket dbname=lotse user=postgres" -X -q -v ON_ERROR_STOP=1 \
    -c 'SET client_min_messages = warning' \
    -c 'CREATE EXTENSION IF NOT EXISTS pgtap' </dev/null

exec pg_prove --norc --nocolor --failures "${verbose[@]}" \
    --host "$socket" --dbname lotse --username postgres "${files[@]}" </dev/null

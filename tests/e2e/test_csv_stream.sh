# tests/e2e/test_csv_stream.sh - a CSV export longer than any buffer goes out
# through nginx as it is read: a region with 100,000 measures exports every one
# of them, chunked (no Content-Length: the length is not known in advance), as
# well-formed CSV, while no lotsed worker grows by anything near the export's
# size; a client that hangs up halfway costs the stack nothing.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"
: "${LOTSE_BIN:?run through ctest (LOTSE_BIN unset)}"

database="host=$LOTSE_VAR/run dbname=lotse user=lotse_owner"
psql=$(pg_config --bindir 2>/dev/null)/psql
[ -x "$psql" ] || psql=$(printf '%s\n' /usr/lib/postgresql/*/bin/psql | sort -rV | head -n1)
rows=100000

# q SQL: runs SQL as the owner, allowed into region meo by its row-level security.
q() {
    printf "SET lotse.roles = 'admin';
SELECT set_config('lotse.region_ids', '{' || id || '}', false),
       set_config('lotse.write_region_ids', '{' || id || '}', false)
  FROM lotse.regions WHERE slug = 'meo' \\g /dev/null
%s\n" "$1" | "$psql" "$database" -X -q -A -t -v ON_ERROR_STOP=1
}

# A session of the dev coordinator of meo, as lotsed stores one.
token=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
q "INSERT INTO lotse.sessions (token_hash, user_id, csrf_token, expires_at)
   SELECT sha256(convert_to('$token', 'UTF8')), id, 'csrf', now() + interval '1 hour'
     FROM lotse.users WHERE email = 'coordinator@meo.lotse.test'"
q "INSERT INTO lotse.measures (region_id, title, category, description)
   SELECT r.id, 'Streamed measure ' || g, 'other', repeat('x', 500)
     FROM lotse.regions r, generate_series(1, $rows) g WHERE r.slug = 'meo'"
expected=$(($(q "SELECT count(*) FROM lotse.measures m JOIN lotse.regions r ON r.id = m.region_id
                 WHERE r.slug = 'meo'") + 1))

# The peak resident size (kB) of the biggest lotsed worker.
worker_peak() {
    local master pid peak=0 kb
    master=$(cat "$LOTSE_VAR/run/lotsed.pid")
    for pid in $(pgrep -P "$master"); do
        kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
        [ "${kb:-0}" -gt "$peak" ] && peak=$kb
    done
    echo "$peak"
}

before=$(worker_peak)
out=$E2E_TMP/measures.csv
status=$(curl -sS -o "$out" -D "$E2E_TMP/headers" -w '%{http_code}' --max-time 120 \
    -b "lotse=$token" "$LOTSE_URL/api/v1/regions/meo/measures?format=csv")
rc=$?
HEADERS=$E2E_TMP/headers
after=$(worker_peak)

if [ "$rc" = 0 ] && [ "$status" = 200 ]; then ok "the export completes: 200"; else
    not_ok "the export completes: 200" "curl exit $rc, status $status"
fi
if grep -qi '^Transfer-Encoding: chunked' "$HEADERS" && ! grep -qi '^Content-Length:' "$HEADERS"; then
    ok "it is sent chunked, without a Content-Length"
else
    not_ok "it is sent chunked, without a Content-Length" "$(tr -d '\r' <"$HEADERS")"
fi
records=$(grep -c $'\r$' "$out")
lines=$(wc -l <"$out")
if [ "$records" = "$expected" ] && [ "$lines" = "$expected" ]; then
    ok "every measure is in it: $records records"
else
    not_ok "every measure is in it" "$records CRLF records, $lines lines, want $expected"
fi
if [ "$(head -n1 "$out")" = $'title,category,status,planned_from,planned_to,owner,description,updated_at\r' ] &&
    [ "$(grep -c '^Streamed measure ' "$out")" = "$rows" ]; then
    ok "the header row first, then the rows"
else
    not_ok "the header row first, then the rows" "$(head -c 200 "$out")"
fi

size_kb=$(($(stat -c %s "$out") / 1024))
if ldd "$LOTSE_BIN/lotsed" | grep -q libasan; then
    printf 'skip the memory check: AddressSanitizer keeps freed memory in quarantine\n'
elif [ $((after - before)) -lt $((size_kb / 4)) ]; then
    ok "no worker grew by a quarter of the export's $size_kb kB (grew $((after - before)) kB)"
else
    not_ok "a worker grew by $((after - before)) kB for an export of $size_kb kB"
fi

# A client that hangs up halfway: the stack goes on answering.
curl -sS --max-time 120 -b "lotse=$token" "$LOTSE_URL/api/v1/regions/meo/measures?format=csv" 2>/dev/null |
    head -c 100000 >/dev/null
http GET /api/v1/regions/meo/measures?limit=1 -b "lotse=$token"
expect_status "after a client hung up halfway, the next request is answered" 200

q "DELETE FROM lotse.measures WHERE title LIKE 'Streamed measure %'"
finish

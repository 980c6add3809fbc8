# tests/e2e/test_import_upload.sh - a CSV file larger than any JSON body may be
# goes through nginx to the import route and is stored whole; the same size
# sent to an ordinary route is refused with lotsed's own 413 problem, and a
# file past the import limit with nginx's.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

database="host=$LOTSE_VAR/run dbname=lotse user=lotse_owner"
psql=$(pg_config --bindir 2>/dev/null)/psql
[ -x "$psql" ] || psql=$(printf '%s\n' /usr/lib/postgresql/*/bin/psql | sort -rV | head -n1)

q() {
    printf "SET lotse.roles = 'admin';
SELECT set_config('lotse.region_ids', '{' || id || '}', false),
       set_config('lotse.write_region_ids', '{' || id || '}', false)
  FROM lotse.regions WHERE slug = 'meo' \\g /dev/null
%s\n" "$1" | "$psql" "$database" -X -q -A -t -v ON_ERROR_STOP=1
}

# A session of the dev coordinator of meo, as lotsed stores one.
token=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
csrf=csrf-$$
q "INSERT INTO lotse.sessions (token_hash, user_id, csrf_token, expires_at)
   SELECT sha256(convert_to('$token', 'UTF8')), id, '$csrf', now() + interval '1 hour'
     FROM lotse.users WHERE email = 'coordinator@meo.lotse.test'"
count() {
    q "SELECT count(*) FROM lotse.inquiries i JOIN lotse.regions r ON r.id = i.region_id
        WHERE r.slug = 'meo' AND i.notes LIKE 'e2e-upload %'"
}

# 1,000 rows with long notes: about 1.6 MB, above the 1 MiB of an ordinary body.
file=$E2E_TMP/inquiries.csv
notes=$(head -c 1500 /dev/zero | tr '\0' 'x')
{
    printf 'Eingangsdatum;Kanal;Beruf;Notizen\r\n'
    for i in $(seq 1 1000); do printf '0%d.02.2026;Telefon;Pflegefachkraft;e2e-upload %s\r\n' $((i % 9 + 1)) "$notes"; done
} >"$file"
size=$(stat -c %s "$file")

upload() { # upload PATH FILE CONTENT-TYPE: sets STATUS and BODY
    BODY=$E2E_TMP/body
    HEADERS=$E2E_TMP/headers
    STATUS=$(curl -sS -o "$BODY" -D "$HEADERS" -w '%{http_code}' --max-time 300 -X POST \
        -b "lotse=$token" -H "X-CSRF-Token: $csrf" -H "Content-Type: $3" \
        --data-binary "@$2" "$LOTSE_URL$1") || STATUS=000
}

before=$(count)
upload /api/v1/regions/meo/imports/inquiries "$file" text/csv
expect_status "a $size-byte CSV file is imported through nginx: 201" 201
expect_body_contains "every row is stored" '"imported":1000'
if [ "$(count)" = $((before + 1000)) ]; then ok "the database holds the 1,000 rows"; else
    not_ok "the database holds the 1,000 rows" "$(count) rows, had $before"
fi

# The same size to a route that takes JSON: lotsed's 413, naming its limit.
upload /api/v1/regions/meo/measures "$file" application/json
expect_problem "the same size to an ordinary route: 413 problem" 413
expect_body_contains "the problem names the limit" 'exceeds 1048576 bytes'

# The largest file an import takes: 5,000 rows (lotsed's cap) of nearly 16 MiB, all in one
# month (the slowest case: every row updates the same rollup rows). It must be answered
# well within nginx's wait (fastcgi_read_timeout 120s at /imports/; 60 s is nginx's default).
largest=$E2E_TMP/largest.csv
notes=$(head -c 3280 /dev/zero | tr '\0' 'y')
{
    printf 'Eingangsdatum;Kanal;Themen;Zielländer;Beruf;Notizen\r\n'
    for i in $(seq 1 5000); do
        printf '%02d.03.2026;Telefon;Visum, Wohnen;"TR; IN";Koch;e2e-upload largest %d %s\r\n' $((i % 28 + 1)) "$i" "$notes"
    done
} >"$largest"
size=$(stat -c %s "$largest")
if [ "$size" -gt $((16 * 1024 * 1024 - 200000)) ] && [ "$size" -le $((16 * 1024 * 1024)) ]; then
    ok "the largest file is nearly 16 MiB ($size bytes)"
else
    not_ok "the largest file is nearly 16 MiB" "$size bytes"
fi
before=$(count)
started=$(date +%s%N)
upload /api/v1/regions/meo/imports/inquiries "$largest" text/csv
took=$((($(date +%s%N) - started) / 1000000))
expect_status "5,000 rows, $size bytes, are imported through nginx in $took ms: 201" 201
expect_body_contains "every row is stored" '"imported":5000'
if [ "$(count)" = $((before + 5000)) ]; then ok "the database holds the 5,000 rows"; else
    not_ok "the database holds the 5,000 rows" "$(count) rows, had $before"
fi
if [ "$took" -lt 60000 ]; then ok "... within nginx's default wait of 60 s"; else
    not_ok "... within nginx's default wait of 60 s" "$took ms"
fi

# One row more: lotsed's 413 problem, saying how to split the file; nothing is stored.
more=$E2E_TMP/more.csv
{
    printf 'Eingangsdatum;Kanal\r\n'
    for i in $(seq 1 5001); do printf '01.03.2026;Telefon\r\n'; done
} >"$more"
before=$(count)
upload /api/v1/regions/meo/imports/inquiries "$more" text/csv
expect_problem "5,001 rows: 413 problem" 413
expect_body_contains "the problem says how many rows a file may have" 'at most 5000 rows per file: split it'
if [ "$(count)" = "$before" ]; then ok "nothing of it is stored"; else
    not_ok "nothing of it is stored" "$(count) rows, had $before"
fi

# Past the import limit: nginx refuses before lotsed reads anything.
big=$E2E_TMP/big.csv
head -c $((18 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$big"
upload /api/v1/regions/meo/imports/inquiries "$big" text/csv
expect_problem "an 18 MiB file: 413 problem" 413

# While a long import is being stored, the same user's other requests are answered:
# the import does not hold the session's row (its idle clock) until it ends.
long=$E2E_TMP/long.csv
{
    printf 'received_on,channel,occupation,notes\n'
    for i in $(seq 1 1000); do printf '2026-03-0%d,email,Koch,e2e-upload long %d\n' $((i % 9 + 1)) "$i"; done
} >"$long"
upload_started=$(date +%s%N)
curl -sS -o "$E2E_TMP/long.out" -w '%{http_code}' --max-time 300 -X POST -b "lotse=$token" \
    -H "X-CSRF-Token: $csrf" -H 'Content-Type: text/csv' --data-binary "@$long" \
    "$LOTSE_URL/api/v1/regions/meo/imports/inquiries" >"$E2E_TMP/long.status" &
upload=$!
sleep 1
http GET /api/v1/me -b "lotse=$token"
me_answered=$(date +%s%N)
expect_status "the user's next request is answered during the import" 200
still_running=0
kill -0 "$upload" 2>/dev/null && still_running=1
wait "$upload"
upload_ms=$((($(date +%s%N) - upload_started) / 1000000))
if [ "$still_running" = 1 ]; then
    ok "... while the import was still being stored ($(((me_answered - upload_started) / 1000000)) of $upload_ms ms)"
elif [ "$upload_ms" -gt 1500 ]; then
    not_ok "... while the import was still being stored" "the request waited for the import ($upload_ms ms)"
else
    printf 'skip the import took only %d ms here: nothing to wait for\n' "$upload_ms"
fi
if [ "$(cat "$E2E_TMP/long.status")" = 201 ]; then ok "the long import is stored: 201"; else
    not_ok "the long import is stored: 201" "$(cat "$E2E_TMP/long.status") $(head -c 300 "$E2E_TMP/long.out")"
fi

q "DELETE FROM lotse.inquiries WHERE notes LIKE 'e2e-upload %'" >/dev/null
finish

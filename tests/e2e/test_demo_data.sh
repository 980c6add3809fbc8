# tests/e2e/test_demo_data.sh - `lotse demo-data` against the fixture's
# database: a small load fills every region about as the scale says, the
# records pass the product's own rules (lotsed reads them, exports them, and
# accepts one as a new inquiry), the process library holds the regions' model
# processes (found by the search, downloaded as packages that `lotse package
# verify` accepts, adopted across regions, accepted as a new draft), the same
# seed gives the same records, a second load is refused, --replace restores
# the same records, a record that is not demo data is never touched and
# blocks a removal that would break it, and --remove leaves the database as it
# found it - the fixture is shared by every test of the run.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"
: "${LOTSE_BIN:?run through ctest (LOTSE_BIN unset)}"
: "${LOTSE_ROOT:?run through ctest (LOTSE_ROOT unset)}"

export LOTSE_DATABASE="host=$LOTSE_VAR/run dbname=lotse user=lotse_owner"
lotse=$LOTSE_BIN/lotse
psql=$(pg_config --bindir 2>/dev/null)/psql
[ -x "$psql" ] || psql=$(printf '%s\n' /usr/lib/postgresql/*/bin/psql | sort -rV | head -n1)
region=mittleres-ruhrgebiet
until_day=2026-09-30
empty_db=lotse_e2e_demo_empty

# Whatever happens, nothing of this test stays behind.
token=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
cleanup() {
    q "SET lotse.roles = 'fai_staff';
       DELETE FROM lotse.process_adoptions WHERE adopted_by IN (SELECT id FROM lotse.users
        WHERE email = 'coordinator@$region.lotse.test') AND key LIKE 'demo-%';
       DELETE FROM lotse.process_versions WHERE key = 'e2e-demo-copy';
       DELETE FROM lotse.processes WHERE key = 'e2e-demo-copy'" >/dev/null 2>&1
    "$lotse" demo-data --remove >/dev/null 2>&1
    q "DELETE FROM lotse.inquiries WHERE notes LIKE 'e2e-demo %';
       DELETE FROM lotse.sessions WHERE token_hash = sha256(convert_to('$token', 'UTF8'))" \
        >/dev/null 2>&1
    [ "${own_rollups:-0}" = 0 ] || q "DROP FUNCTION IF EXISTS lotse.rebuild_rollups()" >/dev/null 2>&1
    "$psql" "host=$LOTSE_VAR/run dbname=postgres user=postgres" -X -q \
        -c "DROP DATABASE IF EXISTS $empty_db" >/dev/null 2>&1
    rm -rf "$E2E_TMP"
}
trap cleanup EXIT

# q SQL: runs SQL as the owner, seeing every region (and the audit log).
q() {
    printf "SET lotse.roles = 'admin';
SELECT set_config('lotse.region_ids', r, false), set_config('lotse.write_region_ids', r, false)
  FROM (SELECT '{' || string_agg(id::text, ',') || '}' AS r FROM lotse.regions) s \\g /dev/null
%s\n" "$1" | "$psql" "$LOTSE_DATABASE" -X -q -A -t -v ON_ERROR_STOP=1
}

# cli ARGS...: runs lotse; sets RC, OUT, ERR.
cli() {
    "$lotse" "$@" >"$E2E_TMP/out" 2>"$E2E_TMP/err"
    RC=$?
    OUT=$(cat "$E2E_TMP/out")
    ERR=$(cat "$E2E_TMP/err")
}

expect_cli() { # NAME RC [TEXT]
    if [ "$RC" != "$2" ]; then
        not_ok "$1" "exit $RC, want $2; stdout: ${OUT:0:300}; stderr: ${ERR:0:300}"
    elif [ -n "${3:-}" ] && [[ "$OUT$ERR" != *"$3"* ]]; then
        not_ok "$1" "output lacks '$3'; stdout: ${OUT:0:300}; stderr: ${ERR:0:300}"
    else
        ok "$1"
    fi
}

expect_eq() { # NAME GOT WANT
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', want '$3'"; fi
}

DEMO="BETWEEN 'deda7a00-0000-0000-0000-000000000000' AND 'deda7aff-ffff-ffff-ffff-ffffffffffff'"
# checksum: the md5 of every demo record, ordered, and of the seeded measures'
# status (their version counts every load and removal, so it is left out).
checksum() {
    q "SELECT md5(string_agg(t, E'\\n' ORDER BY t)) FROM (
         SELECT 'i' || i::text AS t FROM lotse.inquiries i WHERE id $DEMO
         UNION ALL SELECT 'c' || c::text FROM lotse.companies c WHERE id $DEMO
         UNION ALL SELECT 'l' || l::text FROM lotse.inquiry_obstacles l WHERE inquiry_id $DEMO
         UNION ALL SELECT 'o' || o::text FROM lotse.obstacles o WHERE id $DEMO
         UNION ALL SELECT 'f' || f::text FROM lotse.offers f WHERE id $DEMO
         UNION ALL SELECT 'k' || k::text FROM lotse.contacts k WHERE id $DEMO
         UNION ALL SELECT 'a' || a::text FROM lotse.activities a WHERE id $DEMO
         UNION ALL SELECT 'n' || n::text FROM lotse.activity_notices n WHERE id $DEMO
         UNION ALL SELECT 's' || s::text FROM lotse.activity_cost_splits s WHERE activity_id $DEMO
         UNION ALL SELECT 'p' || p::text FROM lotse.participants p WHERE id $DEMO
         UNION ALL SELECT 'b' || b::text FROM lotse.bulletins b WHERE id $DEMO
         UNION ALL SELECT 'r' || r::text FROM lotse.bulletin_reads r WHERE bulletin_id $DEMO
         UNION ALL SELECT 'g' || g::text FROM lotse.measure_progress g WHERE id $DEMO
         UNION ALL SELECT 'm' || m::text FROM lotse.measures m WHERE id $DEMO
         UNION ALL SELECT 'x' || id || status || updated_at FROM lotse.measures WHERE NOT id $DEMO
         UNION ALL SELECT 'P' || p::text FROM lotse.processes p WHERE created_by $DEMO
         UNION ALL SELECT 'V' || v::text FROM lotse.process_versions v WHERE created_by $DEMO
         UNION ALL SELECT 'S' || s::text FROM lotse.process_steps s WHERE key LIKE 'demo-%'
         UNION ALL SELECT 'A' || a::text FROM lotse.process_adoptions a WHERE id $DEMO
         UNION ALL SELECT 'F' || f::text FROM lotse.process_feedback f WHERE updated_by $DEMO
         UNION ALL SELECT 'R' || r::text FROM lotse.process_reviews r WHERE id $DEMO
       ) all_rows"
}
# library: every row of the library's tables as FAI staff see them (the seeded
# processes and whatever other tests left there), to compare before and after.
library() {
    q "SET lotse.roles = 'fai_staff';
       SELECT md5(string_agg(t, E'\n' ORDER BY t)) FROM (
         SELECT 'P' || p::text AS t FROM lotse.processes p
         UNION ALL SELECT 'V' || v::text FROM lotse.process_versions v
         UNION ALL SELECT 'S' || s::text FROM lotse.process_steps s
         UNION ALL SELECT 'A' || a::text FROM lotse.process_adoptions a
         UNION ALL SELECT 'F' || f::text FROM lotse.process_feedback f
         UNION ALL SELECT 'R' || r::text FROM lotse.process_reviews r) all_rows"
}
demo_rows() {
    q "SELECT (SELECT count(*) FROM lotse.inquiries WHERE id $DEMO)
            + (SELECT count(*) FROM lotse.companies WHERE id $DEMO)
            + (SELECT count(*) FROM lotse.activities WHERE id $DEMO)
            + (SELECT count(*) FROM lotse.participants WHERE id $DEMO)
            + (SELECT count(*) FROM lotse.bulletins WHERE id $DEMO)
            + (SELECT count(*) FROM lotse.measure_progress WHERE id $DEMO)
            + (SELECT count(*) FROM lotse.processes WHERE key LIKE 'demo-%')
            + (SELECT count(*) FROM lotse.process_adoptions WHERE id $DEMO)"
}
seeded_measures() {
    q "SELECT count(*) FILTER (WHERE status = 'planned'), count(*) FROM lotse.measures
        WHERE NOT id $DEMO AND owner = 'FAI NRW'"
}

# ---------------------------------------------------------------- refusals
cli demo-data --status
expect_cli "the fixture starts without demo data" 0 "no demo data"
# (other tests of the run may have changed some of them: compared at the end)
seeded_before=$(seeded_measures)
library_before=$(library)
cli demo-data
expect_cli "no arguments: a usage error" 2 "give exactly one of"
for bad in 0 -1 abc 1e9 nan; do
    cli demo-data --scale "$bad"
    expect_cli "--scale $bad is refused" 2 "--scale must be a number"
done
cli demo-data --scale 1 --until 2026-02-30
expect_cli "--until 2026-02-30 is refused" 2 "--until must be a date"
cli demo-data --scale 1 --until 1999-12-31
expect_cli "--until before 2000 is refused" 2 "from 2000-01-01 on"
cli demo-data --scale 1 --seed -3
expect_cli "a negative --seed is refused" 2 "--seed must be"
cli demo-data --replace
expect_cli "--replace without --scale is refused" 2 "--replace goes with --scale"
cli demo-data --scale 0.02 --until "$(date -u -d '+2 days' +%F)"
expect_cli "a last day in the future is refused" 1 "is in the future"
expect_eq "a refused load stores nothing" "$(demo_rows)" 0

# A database that is not migrated, and one without regions.
"$psql" "host=$LOTSE_VAR/run dbname=postgres user=postgres" -X -q -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE $empty_db OWNER lotse_owner" >/dev/null
LOTSE_DATABASE="host=$LOTSE_VAR/run dbname=$empty_db user=lotse_owner" cli demo-data --scale 0.02
expect_cli "an empty database is refused: not migrated" 1 "run lotse migrate first"
"$psql" "host=$LOTSE_VAR/run dbname=$empty_db user=lotse_owner" -X -q -v ON_ERROR_STOP=1 \
    -c "CREATE SCHEMA lotse; CREATE TABLE lotse.regions (id smallint, slug text, name text,
        areas text[]); CREATE TABLE lotse.participants (id uuid);
        CREATE TABLE lotse.process_versions (key text)" >/dev/null
LOTSE_DATABASE="host=$LOTSE_VAR/run dbname=$empty_db user=lotse_owner" cli demo-data --scale 0.02
expect_cli "a database without regions is refused" 1 "has no regions"

# ---------------------------------------------------------------- a record that is not demo data
q "SELECT set_config('lotse.write_region_ids', '{' || id || '}', false) FROM lotse.regions
    WHERE slug = '$region' \\g /dev/null
   INSERT INTO lotse.inquiries (region_id, received_on, channel, received_by, notes)
   SELECT id, DATE '2026-03-02', 'phone', 'region', 'e2e-demo own' FROM lotse.regions
    WHERE slug = '$region'" >/dev/null
own_row() { q "SELECT md5(i::text) FROM lotse.inquiries i WHERE notes = 'e2e-demo own'"; }
own_before=$(own_row)

# ---------------------------------------------------------------- load
loads() {
    q "SELECT count(*) FROM lotse.audit_log WHERE action = 'demo_data_loaded'
        AND entity_id = 'scale=0.02 seed=7 until=$until_day' AND user_id IS NULL"
}
loads_before=$(loads)
cli demo-data --scale 0.02 --seed 7 --until "$until_day"
expect_cli "--scale 0.02 loads" 0 "loaded"
per_region=$(q "SELECT g.slug || ':' || count(i.id) FROM lotse.regions g
                 LEFT JOIN lotse.inquiries i ON i.region_id = g.id AND i.id $DEMO
                 GROUP BY g.slug ORDER BY g.slug")
total=$(q "SELECT count(*) FROM lotse.inquiries WHERE id $DEMO")
# scale 0.02: 40 inquiries per region on average (2,000 x 0.02), 640 in all
if [ "$total" -ge 620 ] && [ "$total" -le 660 ]; then ok "about 640 inquiries in all ($total)"; else
    not_ok "about 640 inquiries in all" "$total"
fi
small=$(printf '%s\n' "$per_region" | awk -F: '$2 < 15 || $2 > 80' | tr '\n' ' ')
if [ "$(printf '%s\n' "$per_region" | wc -l)" = 16 ] && [ -z "$small" ]; then
    ok "every one of the 16 regions has 15 to 80 of them"
else
    not_ok "every one of the 16 regions has 15 to 80 of them" "$per_region"
fi
empty=$(q "SELECT string_agg(g.slug, ' ') FROM lotse.regions g WHERE
             NOT EXISTS (SELECT 1 FROM lotse.companies c WHERE c.region_id = g.id AND c.id $DEMO)
          OR NOT EXISTS (SELECT 1 FROM lotse.activities a WHERE a.region_id = g.id AND a.id $DEMO)
          OR NOT EXISTS (SELECT 1 FROM lotse.participants p WHERE p.region_id = g.id)
          OR NOT EXISTS (SELECT 1 FROM lotse.obstacles o WHERE o.region_id = g.id AND o.id $DEMO)
          OR NOT EXISTS (SELECT 1 FROM lotse.offers f WHERE f.region_id = g.id AND f.id $DEMO)
          OR NOT EXISTS (SELECT 1 FROM lotse.bulletin_reads r WHERE r.region_id = g.id)
          OR NOT EXISTS (SELECT 1 FROM lotse.measure_progress m WHERE m.region_id = g.id)")
expect_eq "every region has companies, activities, participants, obstacles, offers, reads, notes" \
    "$empty" ""

# The country codes are those lotsed accepts (src/core/classification.c).
codes=$(grep -o '"[A-Z][A-Z]"' "$LOTSE_ROOT/src/core/classification.c" | tr -d '"' | sort -u)
used=$(q "SELECT DISTINCT unnest(target_countries) FROM lotse.inquiries WHERE id $DEMO")
unknown=$(comm -23 <(printf '%s\n' "$used" | sort -u) <(printf '%s\n' "$codes"))
if [ -n "$used" ] && [ -z "$unknown" ]; then ok "every target country is a code lotsed accepts"; else
    not_ok "every target country is a code lotsed accepts" "unknown: $unknown"
fi
expect_eq "participants only on joint events" \
    "$(q "SELECT count(*) FROM lotse.participants p JOIN lotse.activities a
           ON a.region_id = p.region_id AND a.id = p.activity_id
          WHERE NOT lotse.joint_event(a.kind, a.joint)")" 0
expect_eq "every address is at example.org or example.com" \
    "$(q "SELECT count(*) FROM (SELECT email FROM lotse.participants WHERE id $DEMO
           UNION ALL SELECT email FROM lotse.contacts WHERE id $DEMO) e
          WHERE email IS NOT NULL AND email !~ '@example\.(org|com)$'")" 0
changed=$(seeded_measures)
if [ "${changed%%|*}" -lt "${changed##*|}" ]; then
    ok "the seeded measures got statuses ($changed planned of all)"
else
    not_ok "the seeded measures got statuses" "$changed"
fi
expect_eq "the load is in the audit log" "$(loads)" $((loads_before + 1))
expect_eq "the record that is not demo data is as it was" "$(own_row)" "$own_before"
# The process library: every region contributes, some versions made it through
# review, the FAI's processes are adopted too, and an adapted copy is the adopter's.
expect_eq "every region owns demo processes" \
    "$(q "SELECT count(DISTINCT region_id) FROM lotse.processes WHERE created_by $DEMO")" 16
library_mix=$(q "SELECT count(*) FILTER (WHERE published_at IS NOT NULL) > 0,
                        count(*) FILTER (WHERE status = 'draft') > 0
                   FROM lotse.process_versions WHERE created_by $DEMO")
expect_eq "some demo versions are published, some are drafts" "$library_mix" "t|t"
expect_eq "the FAI's seeded processes are adopted too" \
    "$(q "SET lotse.roles = 'fai_staff';
          SELECT count(*) > 0 FROM lotse.process_adoptions a JOIN lotse.processes p
           ON p.key = a.key WHERE a.id $DEMO AND p.region_id IS NULL")" t
expect_eq "every adapted copy belongs to the region that adopted" \
    "$(q "SELECT count(*) FROM lotse.process_adoptions a JOIN lotse.processes p
           ON p.key = a.adapted_key WHERE a.id $DEMO AND p.region_id <> a.region_id")" 0
first=$(checksum)

# ---------------------------------------------------------------- through lotsed
q "INSERT INTO lotse.sessions (token_hash, user_id, csrf_token, expires_at)
   SELECT sha256(convert_to('$token', 'UTF8')), id, 'csrf-demo', now() + interval '1 hour'
     FROM lotse.users WHERE email = 'coordinator@$region.lotse.test'" >/dev/null
api() { http "$@" -b "lotse=$token" -H 'X-CSRF-Token: csrf-demo'; }
api GET "/api/v1/regions/$region/inquiries?limit=5"
expect_status "the coordinator lists the region's inquiries" 200
id=$(jq -r '[.items[] | select(.id | startswith("deda7a"))][0].id // empty' "$BODY" 2>/dev/null)
api GET "/api/v1/regions/$region/inquiries/$id"
expect_status "and reads one of them" 200
# The record as a new inquiry: lotsed's own validation accepts every field.
jq 'del(.id, .company, .version, .created_at, .updated_at)
    | if .company_id then .size_class = null | .sector = null else . end
    | .notes = "e2e-demo copy"' "$BODY" >"$E2E_TMP/copy.json" 2>/dev/null
api POST "/api/v1/regions/$region/inquiries" -H 'Content-Type: application/json' \
    --data-binary "@$E2E_TMP/copy.json"
expect_status "a demo inquiry, posted as a new one, passes lotsed's validation" 201
for list in inquiries companies obstacles activities offers contacts measures; do
    api GET "/api/v1/regions/$region/$list?format=csv"
    rows=$(($(wc -l <"$BODY") - 1))
    if [ "$STATUS" = 200 ] && [[ "$(header Content-Type)" == text/csv* ]] && [ "$rows" -gt 0 ]; then
        ok "the $list export answers CSV ($rows rows)"
    else
        not_ok "the $list export answers CSV" "status $STATUS: $(head -c 200 "$BODY")"
    fi
done
joint=$(q "SELECT a.id FROM lotse.activities a JOIN lotse.regions g ON g.id = a.region_id
            WHERE g.slug = '$region' AND a.id $DEMO
              AND EXISTS (SELECT 1 FROM lotse.participants p
                           WHERE p.region_id = a.region_id AND p.activity_id = a.id) LIMIT 1")
api GET "/api/v1/regions/$region/activities/$joint/participants"
expect_status "a joint event's participant list" 200
other=$(q "SELECT i.id FROM lotse.inquiries i JOIN lotse.regions g ON g.id = i.region_id
            WHERE g.slug = 'meo' AND i.id $DEMO LIMIT 1")
api GET "/api/v1/regions/$region/inquiries/$other"
expect_problem "another region's demo inquiry stays another region's: 404" 404

# ---------------------------------------------------------------- the library through lotsed
api GET '/api/v1/library/processes?limit=100'
expect_status "the coordinator searches the library" 200
found=$(jq '[.items[] | select(.key | startswith("demo-"))] | length' "$BODY" 2>/dev/null)
if [ "${found:-0}" -gt 0 ]; then ok "the search lists published demo processes ($found)"; else
    not_ok "the search lists published demo processes" "$(head -c 300 "$BODY")"
fi
read -r pkey pversion powner ptag < <(jq -r '[.items[] | select(.key | startswith("demo-"))][0]
    | "\(.key) \(.version) \(.owner.region) \(.tags[0] | @uri)"' "$BODY" 2>/dev/null)
api GET "/api/v1/library/processes?q=$ptag&limit=100"
if [ "$STATUS" = 200 ] && jq -e --arg k "$pkey" 'any(.items[]; .key == $k)' "$BODY" >/dev/null; then
    ok "a full-text search for its tag finds $pkey"
else
    not_ok "a full-text search for its tag finds $pkey" "status $STATUS: $(head -c 300 "$BODY")"
fi
api GET "/api/v1/library/processes?owner=$powner&limit=100"
if [ "$STATUS" = 200 ] && jq -e --arg k "$pkey" --arg o "$powner" \
    'any(.items[]; .key == $k) and all(.items[]; .owner.region == $o)' "$BODY" >/dev/null; then
    ok "the owner filter lists $powner's processes"
else
    not_ok "the owner filter lists $powner's processes" "status $STATUS: $(head -c 300 "$BODY")"
fi
http GET /api/v1/library/signing-key
cp "$BODY" "$E2E_TMP/server.pem"
api GET "/api/v1/library/processes/$pkey/versions/$pversion/package"
if [ "$STATUS" = 200 ] && [[ "$(header Content-Type)" == application/zip* ]]; then
    ok "$pkey v$pversion downloads as a package"
else
    not_ok "$pkey v$pversion downloads as a package" "status $STATUS, $(header Content-Type)"
fi
cp "$BODY" "$E2E_TMP/demo.zip"
cli package verify "$E2E_TMP/demo.zip" --key "$E2E_TMP/server.pem"
expect_cli "lotse package verify accepts it with the server's key" 0 "signature:    valid"
api GET /api/v1/library/adoptions
adopted=$(jq '[.edges[] | select(.kind == "adopted" and (.from | startswith("process:demo-")))]
              | length' "$BODY" 2>/dev/null)
of_fai=$(jq '[.edges[] | select(.kind == "adopted" and (.from | startswith("process:demo-") | not))]
             | length' "$BODY" 2>/dev/null)
if [ "$STATUS" = 200 ] && [ "${adopted:-0}" -gt 0 ] && [ "${of_fai:-0}" -gt 0 ]; then
    ok "the adoption network has edges ($adopted from demo processes, $of_fai from the FAI's)"
else
    not_ok "the adoption network has edges" "status $STATUS: $(head -c 300 "$BODY")"
fi
# The record as a new draft: lotsed's own validation accepts every member.
api GET "/api/v1/library/processes/$pkey/versions/$pversion"
jq '.key = "e2e-demo-copy" | del(.version, .status, .published_at, .owner, .adapted_from)' \
    "$BODY" >"$E2E_TMP/process.json" 2>/dev/null
api POST "/api/v1/regions/$region/library/processes" -H 'Content-Type: application/json' \
    --data-binary "@$E2E_TMP/process.json"
expect_status "a demo process, posted as a new draft, passes lotsed's validation" 201
q "DELETE FROM lotse.process_versions WHERE key = 'e2e-demo-copy';
   DELETE FROM lotse.processes WHERE key = 'e2e-demo-copy'" >/dev/null

# ---------------------------------------------------------------- twice, replace, remove
cli demo-data --scale 0.02 --seed 7 --until "$until_day"
expect_cli "a second load without --replace is refused" 1 "present already"
cli demo-data --status
expect_cli "--status counts what is there" 0 "demo data present: "
# The copy names a demo company or offer: removing them would change it.
if q "SELECT 1 FROM lotse.inquiries WHERE notes = 'e2e-demo copy'
       AND (company_id IS NOT NULL OR offer_id IS NOT NULL)" | grep -q 1; then
    cli demo-data --remove
    expect_cli "a record that is not demo data naming a demo one blocks the removal" 1 \
        "nothing was removed"
    expect_eq "the blocked removal changed nothing" "$(checksum)" "$first"
fi
# A region that adopts a demo process: removing the process would break the adoption.
read -r akey aversion < <(q "SELECT v.key || ' ' || v.version FROM lotse.process_versions v
    JOIN lotse.regions g ON g.id = v.region_id
   WHERE v.created_by $DEMO AND v.published_at IS NOT NULL AND v.status = 'approved'
     AND g.slug <> '$region' AND NOT EXISTS (SELECT 1 FROM lotse.process_adoptions a
         JOIN lotse.regions r ON r.id = a.region_id WHERE r.slug = '$region'
          AND a.key = v.key AND a.version = v.version AND a.mode = 'as_is')
   ORDER BY v.key LIMIT 1")
api POST "/api/v1/regions/$region/library/adoptions" -H 'Content-Type: application/json' \
    --data "{\"process\": \"$akey\", \"version\": ${aversion:-0}, \"mode\": \"as_is\"}"
expect_status "the coordinator adopts the demo process $akey" 201
adoption=$(jq -r '.id // empty' "$BODY" 2>/dev/null)
cli demo-data --remove
expect_cli "an adoption that is not demo data blocks the removal" 1 \
    "adoptions that are not demo data name a demo process"
expect_eq "that blocked removal changed nothing either" "$(checksum)" "$first"
q "DELETE FROM lotse.process_adoptions WHERE id = '${adoption:-00000000-0000-0000-0000-000000000000}'" \
    >/dev/null
q "DELETE FROM lotse.inquiries WHERE notes = 'e2e-demo copy'" >/dev/null
cli demo-data --scale 0.02 --seed 7 --until "$until_day" --replace
expect_cli "--replace loads anew" 0 "replacing the earlier ones"
expect_eq "the same seed gives the same records" "$(checksum)" "$first"
# a demo record changed by hand: --replace puts it back
q "UPDATE lotse.inquiries SET notes = 'changed', version = version + 1 WHERE id = '$id'" >/dev/null
cli demo-data --scale 0.02 --seed 7 --until "$until_day" --replace
expect_eq "--replace restores a changed demo record" "$(checksum)" "$first"
# lotse.rebuild_rollups() runs after a load when the database has it (the
# dashboards' rollups); a stand-in of this test's own when it has none yet.
own_rollups=0
if [ "$(q "SELECT count(*) FROM pg_proc WHERE proname = 'rebuild_rollups'
            AND pronamespace = 'lotse'::regnamespace")" = 0 ]; then
    own_rollups=1
    q "CREATE FUNCTION lotse.rebuild_rollups() RETURNS void LANGUAGE sql AS
       \$\$ INSERT INTO lotse.audit_log (action, entity) VALUES ('e2e_rollups', 'demo') \$\$" \
        >/dev/null
fi
rollups_before=$(q "SELECT count(*) FROM lotse.audit_log WHERE action = 'e2e_rollups'")
cli demo-data --scale 0.02 --seed 8 --until "$until_day" --replace
expect_cli "another seed loads, and rebuilds the rollups" 0 "rollups rebuilt"
if [ "$own_rollups" = 1 ]; then
    expect_eq "lotse.rebuild_rollups() ran once" \
        "$(q "SELECT count(*) FROM lotse.audit_log WHERE action = 'e2e_rollups'")" \
        $((rollups_before + 1))
    q "DROP FUNCTION lotse.rebuild_rollups()" >/dev/null
fi
if [ "$(checksum)" != "$first" ]; then ok "another seed gives other records"; else
    not_ok "another seed gives other records"
fi
cli demo-data --remove
expect_cli "--remove removes" 0 "removed demo data"
expect_eq "no demo record is left" "$(demo_rows)" 0
expect_eq "the seeded measures are planned again" "$(seeded_measures)" "$seeded_before"
expect_eq "the record that is not demo data is still as it was" "$(own_row)" "$own_before"
expect_eq "the library is as it was before the load" "$(library)" "$library_before"
cli demo-data --remove
expect_cli "a second --remove finds nothing" 0 "no demo data to remove"
q "DELETE FROM lotse.inquiries WHERE notes = 'e2e-demo own'" >/dev/null

finish

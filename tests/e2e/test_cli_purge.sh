# tests/e2e/test_cli_purge.sh - `lotse purge` and `lotse data-subject` against the
# fixture's database: the purge deletes what is past its retention and nothing else,
# writes its counts to the audit log, and deletes nothing more when run again; the
# data-subject commands export and erase one person (matched regardless of case) and
# leave everyone else, answer an unknown address clearly without changing anything,
# and audit each request with the address's hash.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"
: "${LOTSE_BIN:?run through ctest (LOTSE_BIN unset)}"

export LOTSE_DATABASE="host=$LOTSE_VAR/run dbname=lotse user=lotse_owner"
lotse=$LOTSE_BIN/lotse
psql=$(pg_config --bindir 2>/dev/null)/psql
[ -x "$psql" ] || psql=$(printf '%s\n' /usr/lib/postgresql/*/bin/psql | sort -rV | head -n1)

# cli ARGS...: runs lotse; sets RC, OUT, ERR.
cli() {
    "$lotse" "$@" >"$E2E_TMP/out" 2>"$E2E_TMP/err"
    RC=$?
    OUT=$(cat "$E2E_TMP/out")
    ERR=$(cat "$E2E_TMP/err")
}

# expect_cli NAME RC [TEXT]: the last cli call exited RC and, if given, said TEXT.
expect_cli() {
    if [ "$RC" != "$2" ]; then
        not_ok "$1" "exit $RC, want $2; stdout: $OUT; stderr: $ERR"
    elif [ -n "${3:-}" ] && [[ "$OUT$ERR" != *"$3"* ]]; then
        not_ok "$1" "output lacks '$3'; stdout: $OUT; stderr: $ERR"
    else
        ok "$1"
    fi
}

# q SQL [NAME=VALUE...]: runs SQL as the owner, as an administrator reading and writing
# every region (row-level security binds the owner too); prints the rows.
q() {
    local sql=$1 vars=() v
    shift
    for v in "$@"; do vars+=(-v "$v"); done
    printf "%s\n%s\n" \
        "SET lotse.roles = 'admin';
         DO \$\$ BEGIN
             PERFORM set_config('lotse.region_ids', lotse.every_region(), false);
             PERFORM set_config('lotse.write_region_ids', lotse.every_region(), false);
         END \$\$;" "$sql" |
        "$psql" "$LOTSE_DATABASE" -X -q -A -t -v ON_ERROR_STOP=1 "${vars[@]}"
}

expect_eq() {
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', want '$3'"; fi
}

stamp=$(date +%s%N)$$
subject="Erika.Purge-$stamp@example.org"
bystander="max.purge-$stamp@example.org"

# A joint event long past, with three participants: one past its retention date, the
# person who will ask, and a bystander.
activity=$(q "INSERT INTO lotse.activities (region_id, title, kind, starts_on, joint)
              SELECT id, :'t', 'event', DATE '2020-05-04', true FROM lotse.regions
               WHERE slug = 'meo' RETURNING id" t="purge-$stamp")
add_participant() { # NAME EMAIL RETAIN_UNTIL
    q "INSERT INTO lotse.participants (region_id, activity_id, name, email, participated_on,
           attendance_confirmed_by, information_given_on, information_how,
           esf_reporting_consent, retain_until)
       SELECT region_id, id, :'n', :'e', starts_on, 'signature', starts_on, 'email', true, :'r'
         FROM lotse.activities WHERE id = :'a' RETURNING 1" \
        n="$1" e="$2" r="$3" a="$activity" >/dev/null
}
add_participant "Expired $stamp" "expired-$stamp@example.org" 2021-12-31
add_participant "Erika $stamp" "${subject,,}" 2033-12-31
add_participant "Max $stamp" "$bystander" 2033-12-31
participants() {
    q "SELECT count(*) FROM lotse.participants WHERE activity_id = :'a'" a="$activity"
}
# stored answers, sessions and failure counts past their time, and some that are not
uid=$(q "INSERT INTO lotse.users (email, display_name) VALUES (:'e', 'Purge') RETURNING id" \
    e="purge-user-$stamp@example.org")
q "SELECT set_config('lotse.user_id', :'u', false);
   INSERT INTO lotse.idempotency_keys (user_id, key, method, path, body_sha256, status,
                                       created_at)
   VALUES (:'u', 'old', 'POST', '/x', sha256(''), 201, now() - interval '25 hours'),
          (:'u', 'new', 'POST', '/x', sha256(''), 201, now());
   INSERT INTO lotse.sessions (token_hash, user_id, csrf_token, created_at, expires_at)
   VALUES (sha256(convert_to(:'u' || 'old', 'UTF8')), :'u', 'c', now() - interval '100 days',
           now() - interval '99 days'),
          (sha256(convert_to(:'u' || 'new', 'UTF8')), :'u', 'c', now(), now() + interval '1 hour');
   INSERT INTO lotse.login_throttle (key, failures, window_start)
   VALUES ('email:old-' || :'u', 3, now() - interval '2 days'),
          ('email:new-' || :'u', 3, now())" u="$uid" >/dev/null
left_over() {
    q "SELECT set_config('lotse.user_id', :'u', false);
       SELECT (SELECT string_agg(key, ',' ORDER BY key) FROM lotse.idempotency_keys) || ' '
           || (SELECT count(*) FROM lotse.sessions WHERE user_id = :'u') || ' '
           || (SELECT string_agg(left(key, 9), ',' ORDER BY key) FROM lotse.login_throttle
                WHERE key LIKE '%' || :'u')" u="$uid" | tail -n1
}
last_total() { # KIND: the count of the last purge's total row for KIND
    q "SELECT entity_id FROM lotse.audit_log WHERE action = 'retention_purged'
         AND entity = :'k' AND region_id IS NULL AND user_id IS NULL ORDER BY id DESC LIMIT 1" \
        k="$1"
}

# ---------------------------------------------------------------- purge
cli purge
expect_cli "purge runs and reports per kind" 0 "purged past retention: participant"
expect_eq "the record past its retention date is gone, the others are kept" "$(participants)" 2
expect_eq "only what is past its time goes: stored answers, sessions, failure counts" \
    "$(left_over)" "new 1 email:new"
for kind in participant stored_answer session login_throttle; do
    count=$(sed -E "s/.* $kind ([0-9]+).*/\1/" <<<"$OUT")
    expect_eq "the audit log has the $kind count the purge printed" "$(last_total "$kind")" "$count"
done
expect_eq "the region's own log has its participant count" \
    "$(q "SELECT entity_id FROM lotse.audit_log a JOIN lotse.regions r ON r.id = a.region_id
           WHERE a.action = 'retention_purged' AND r.slug = 'meo' ORDER BY a.id DESC LIMIT 1")" 1
runs=$(q "SELECT count(*) FROM lotse.audit_log WHERE action = 'retention_purged'
           AND entity = 'participant' AND region_id IS NULL")

cli purge
expect_cli "a second purge runs" 0 "participant 0, stored_answer 0, session 0, login_throttle 0"
expect_eq "and deletes nothing more" "$(participants) $(left_over)" "2 new 1 email:new"
expect_eq "it is in the audit log too, with its zero" \
    "$(q "SELECT count(*) FROM lotse.audit_log WHERE action = 'retention_purged'
           AND entity = 'participant' AND region_id IS NULL")" $((runs + 1))
expect_eq "with count 0" "$(last_total participant)" 0
cli purge now
expect_cli "purge takes no arguments" 2 "usage: lotse purge"

# ---------------------------------------------------------------- data-subject
cli data-subject export "$subject"
expect_cli "export prints the person's records, matched regardless of case" 0 "Erika $stamp"
if [[ "$OUT" != *"$bystander"* ]]; then ok "and nobody else's"; else not_ok "and nobody else's"; fi
hash=$(q "SELECT lotse.data_subject_hash(:'e')" e="$subject")
expect_eq "the export is audited with the address's hash, by no account" \
    "$(q "SELECT count(*) FROM lotse.audit_log WHERE action = 'data_subject_exported'
           AND entity_id = :'h' AND user_id IS NULL" h="$hash")" 1

unknown="nobody-$stamp@example.org"
cli data-subject erase "$unknown"
expect_cli "erasing an unknown person says so" 1 "nothing is stored under this email address"
expect_cli "and that nothing changed" 1 "nothing was changed"
expect_eq "no record was touched" "$(participants)" 2
expect_eq "the request is audited" \
    "$(q "SELECT count(*) FROM lotse.audit_log WHERE action = 'data_subject_not_found'
           AND entity_id = lotse.data_subject_hash(:'e')" e="$unknown")" 1
cli data-subject export "$unknown"
expect_cli "exporting an unknown person says so" 1 "nothing is stored under this email address"

cli data-subject erase "${subject^^}"
expect_cli "erase removes the person's records" 0 '"participants_deleted": 1'
expect_eq "the bystander stays" \
    "$(q "SELECT string_agg(email, ',') FROM lotse.participants WHERE activity_id = :'a'" \
        a="$activity")" "$bystander"
expect_eq "the erasure is audited with the hash" \
    "$(q "SELECT count(*) FROM lotse.audit_log WHERE action = 'data_subject_erased'
           AND entity_id = :'h' AND user_id IS NULL" h="$hash")" 1
expect_eq "the address is nowhere in the audit log" \
    "$(q "SELECT count(*) FROM lotse.audit_log
           WHERE position(lower(:'e') IN lower(coalesce(entity_id, ''))) > 0" e="$subject")" 0
cli data-subject erase "$subject"
expect_cli "a second erasure finds nothing" 1 "nothing was changed"

cli data-subject erase "not an address"
expect_cli "a bad address is a usage error" 2 "not an email address"
cli data-subject forget "$subject"
expect_cli "an unknown command is a usage error" 2 "export or erase"
cli data-subject export
expect_cli "a missing address is a usage error" 2 "usage:"

finish

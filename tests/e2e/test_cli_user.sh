# tests/e2e/test_cli_user.sh - `lotse user` against the fixture's database:
# accounts, roles and memberships change only as asked, each change leaves its
# audit row, disabling and a new password end the sessions, input is refused
# with a clear message; and tools/up's dev accounts are where they should be.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"
: "${LOTSE_BIN:?run through ctest (LOTSE_BIN unset)}"

export LOTSE_DATABASE="host=$LOTSE_VAR/run dbname=lotse user=lotse_owner"
export LOTSE_SCRYPT_LOG2_N=10 # fast hashes: the cost is not what this test is about
lotse=$LOTSE_BIN/lotse
psql=$(pg_config --bindir 2>/dev/null)/psql
[ -x "$psql" ] || psql=$(printf '%s\n' /usr/lib/postgresql/*/bin/psql | sort -rV | head -n1)

# cli STDIN ARGS...: runs lotse with STDIN as its standard input; sets RC, OUT, ERR.
cli() {
    local input=$1
    shift
    printf '%s' "$input" | "$lotse" "$@" >"$E2E_TMP/out" 2>"$E2E_TMP/err"
    RC=$?
    OUT=$(cat "$E2E_TMP/out")
    ERR=$(cat "$E2E_TMP/err")
}

# expect_cli NAME RC [TEXT]: the last cli call exited RC and, if given, said TEXT
# (on stdout or stderr).
expect_cli() {
    if [ "$RC" != "$2" ]; then
        not_ok "$1" "exit $RC, want $2; stdout: $OUT; stderr: $ERR"
    elif [ -n "${3:-}" ] && [[ "$OUT$ERR" != *"$3"* ]]; then
        not_ok "$1" "output lacks '$3'; stdout: $OUT; stderr: $ERR"
    else
        ok "$1"
    fi
}

# q SQL [NAME=VALUE...]: runs SQL as the owner with psql variables (:'NAME'),
# as an administrator for audit_log's row-level security; prints the rows.
q() {
    local sql=$1 vars=() v
    shift
    for v in "$@"; do vars+=(-v "$v"); done
    printf "SET lotse.roles = 'admin';\n%s\n" "$sql" |
        "$psql" "$LOTSE_DATABASE" -X -q -A -t -v ON_ERROR_STOP=1 "${vars[@]}"
}

# expect_eq NAME GOT WANT
expect_eq() {
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', want '$3'"; fi
}

# add_session EMAIL: an open session of the account, as lotsed would store it.
add_session() {
    q "INSERT INTO lotse.sessions (token_hash, user_id, csrf_token, expires_at)
       SELECT sha256(convert_to(gen_random_uuid()::text, 'UTF8')), id, 'csrf',
              now() + interval '1 hour'
         FROM lotse.users WHERE lower(email) = lower(:'email')" email="$1"
}

open_sessions() {
    q "SELECT count(*) FROM lotse.sessions s JOIN lotse.users u ON u.id = s.user_id
        WHERE lower(u.email) = lower(:'email') AND s.ended_at IS NULL" email="$1"
}

audit_count() {
    q "SELECT count(*) FROM lotse.audit_log
        WHERE entity = 'user' AND entity_id = :'id' AND action = :'action'
          AND user_id IS NULL AND request_id IS NULL" id="$1" action="$2"
}

stamp=$(date +%s%N)$$
email="cli-$stamp@example.test"
other="cli-short-$stamp@example.test"
password="correct horse battery $stamp"

# ---------------------------------------------------------------- add
cli "$password"$'\n' user add "$email" --name "Jana Prüfer"
expect_cli "add prints the new account's id" 0
id=$OUT
if [[ "$id" =~ ^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$ ]]; then
    ok "the id is a uuid"
else
    not_ok "the id is a uuid" "stdout: $OUT"
fi
hash_before=$(q "SELECT password_hash FROM lotse.users WHERE id = :'id'" id="$id")
if [[ "$hash_before" == '$scrypt$ln=10,r=8,p=1$'* ]]; then
    ok "the password is stored as scrypt with LOTSE_SCRYPT_LOG2_N's cost"
else
    not_ok "the password is stored as scrypt with LOTSE_SCRYPT_LOG2_N's cost" "$hash_before"
fi
expect_eq "the display name is stored as given" \
    "$(q "SELECT display_name FROM lotse.users WHERE id = :'id'" id="$id")" "Jana Prüfer"

cli "another password of $stamp"$'\n' user add "${email^^}" --name "Someone Else"
expect_cli "the same email in other case is refused" 1 "an account with this email exists"

cli $'short\n' user add "$other" --name "Kurz"
expect_cli "a short password is refused" 1 "must be at least 12 characters"
expect_eq "no account is made with a refused password" \
    "$(q "SELECT count(*) FROM lotse.users WHERE lower(email) = lower(:'e')" e="$other")" 0
cli "" user add "$other" --name "Kurz"
expect_cli "no password on standard input is refused" 1 "no password"
cli "$password"$'\n' user add "$other"
expect_cli "add without --name is a usage error" 2 "usage:"
cli "$password"$'\n' user add "not-an-address" --name "X"
expect_cli "an address without @ is refused" 1 "not an email address"
LOTSE_SCRYPT_LOG2_N=9 cli "$password"$'\n' user add "$other" --name "X"
expect_cli "LOTSE_SCRYPT_LOG2_N below 10 is refused" 1 "LOTSE_SCRYPT_LOG2_N"

# ---------------------------------------------------------------- grant
cli "" user grant "$email" coordinator --region mittleres-ruhrgebiet
expect_cli "grant coordinator of a region" 0 "granted coordinator of mittleres-ruhrgebiet"
cli "" user grant "${email^^}" coordinator --region mittleres-ruhrgebiet
expect_cli "granting it again (email in other case) changes nothing" 0 "already"
expect_eq "the membership is stored once" \
    "$(q "SELECT count(*) FROM lotse.memberships m JOIN lotse.regions g ON g.id = m.region_id
           WHERE m.user_id = :'id' AND g.slug = 'mittleres-ruhrgebiet' AND m.role = 'coordinator'" \
        id="$id")" 1
cli "" user grant "$email" coordinator --region no-such-region
expect_cli "grant in an unknown region is refused" 1 "no region 'no-such-region'"
cli "" user grant "$email" admin --region meo
expect_cli "a global role with --region is a usage error" 2 "global"
cli "" user grant "$email" region_viewer
expect_cli "a regional role without --region is a usage error" 2 "--region"
cli "" user grant "$email" superuser
expect_cli "an unknown role is a usage error" 2 "unknown role"
cli "" user grant "$email" fai_staff
expect_cli "grant a global role" 0 "granted fai_staff"

# ---------------------------------------------------------------- list
cli "" user list
expect_cli "list runs" 0
line=$(grep -F "$email"$'\t' "$E2E_TMP/out" || true)
expect_eq "list shows the account with its roles and memberships" "$line" \
    "$email"$'\tJana Prüfer\tactive\tfai_staff\tmittleres-ruhrgebiet:coordinator'
sorted=$(cut -f1 "$E2E_TMP/out" | tr '[:upper:]' '[:lower:]')
if [ "$sorted" = "$(LC_ALL=C sort <<<"$sorted")" ]; then
    ok "list is sorted by email"
else
    not_ok "list is sorted by email" "$(cut -f1 "$E2E_TMP/out" | tr '\n' ' ')"
fi

# ---------------------------------------------------------------- passwd
add_session "$email"
add_session "$email"
cli "new password for $stamp"$'\n' user passwd "$email"
expect_cli "passwd sets a new password" 0 "2 session(s) ended"
hash_after=$(q "SELECT password_hash FROM lotse.users WHERE id = :'id'" id="$id")
if [ -n "$hash_after" ] && [ "$hash_after" != "$hash_before" ]; then
    ok "passwd changes the stored hash"
else
    not_ok "passwd changes the stored hash" "before $hash_before, after $hash_after"
fi
expect_eq "passwd ends every session" "$(open_sessions "$email")" 0
cli $'too short\n' user passwd "$email"
expect_cli "passwd refuses a short password" 1 "must be at least 12 characters"
expect_eq "a refused passwd leaves the hash alone" \
    "$(q "SELECT password_hash FROM lotse.users WHERE id = :'id'" id="$id")" "$hash_after"

# ---------------------------------------------------------------- disable, enable
add_session "$email"
cli "" user disable "$email"
expect_cli "disable" 0 "1 session(s) ended"
expect_eq "disable sets disabled" \
    "$(q "SELECT disabled FROM lotse.users WHERE id = :'id'" id="$id")" t
expect_eq "disable ends the sessions" "$(open_sessions "$email")" 0
expect_eq "an ended session carries its end time" \
    "$(q "SELECT count(*) FROM lotse.sessions WHERE user_id = :'id' AND ended_at IS NULL" id="$id")" 0
cli "" user list
if grep -qF "$email"$'\tJana Prüfer\tdisabled\t' "$E2E_TMP/out"; then
    ok "list shows the account disabled"
else
    not_ok "list shows the account disabled" "$(grep -F "$email" "$E2E_TMP/out")"
fi
cli "" user disable "$email"
expect_cli "disabling again changes nothing" 0 "already"
cli "" user enable "$email"
expect_cli "enable" 0 "enabled"
expect_eq "enable clears disabled" \
    "$(q "SELECT disabled FROM lotse.users WHERE id = :'id'" id="$id")" f

# ---------------------------------------------------------------- revoke
cli "" user revoke "$email" coordinator --region mittleres-ruhrgebiet
expect_cli "revoke a membership" 0 "revoked coordinator of mittleres-ruhrgebiet"
cli "" user revoke "$email" coordinator --region mittleres-ruhrgebiet
expect_cli "revoking what is not held is refused" 1 "does not hold coordinator of mittleres-ruhrgebiet"
cli "" user revoke "$email" fai_staff
expect_cli "revoke a global role" 0 "revoked fai_staff"
cli "" user revoke "$email" admin
expect_cli "revoking a global role not held is refused" 1 "does not hold admin"
expect_eq "no role nor membership is left" \
    "$(q "SELECT (SELECT count(*) FROM lotse.user_roles WHERE user_id = :'id')
               + (SELECT count(*) FROM lotse.memberships WHERE user_id = :'id')" id="$id")" 0

# ---------------------------------------------------------------- audit
for want in cli_user_added:1 cli_role_granted:2 cli_password_set:1 cli_user_disabled:1 \
    cli_user_enabled:1 cli_role_revoked:2; do
    expect_eq "audit: ${want%:*} written ${want#*:} time(s), by no account" \
        "$(audit_count "$id" "${want%:*}")" "${want#*:}"
done
expect_eq "audit: membership changes carry their region" \
    "$(q "SELECT count(*) FROM lotse.audit_log a JOIN lotse.regions g ON g.id = a.region_id
           WHERE a.entity_id = :'id' AND g.slug = 'mittleres-ruhrgebiet'" id="$id")" 2

# ---------------------------------------------------------------- unknown accounts
users_before=$(q "SELECT count(*) || ':' || count(*) FILTER (WHERE disabled) FROM lotse.users")
cli "new password for $stamp"$'\n' user passwd "x' OR '1'='1"
expect_cli "an SQL-injection email is just no account (passwd)" 1 "no account with this email"
cli "" user disable "x' OR '1'='1"
expect_cli "an SQL-injection email is just no account (disable)" 1 "no account with this email"
cli "" user grant "x' OR '1'='1" admin
expect_cli "an SQL-injection email is just no account (grant)" 1 "no account with this email"
expect_eq "nothing changed for the unknown accounts" \
    "$(q "SELECT count(*) || ':' || count(*) FILTER (WHERE disabled) FROM lotse.users")" \
    "$users_before"
cli "" user frobnicate "$email"
expect_cli "an unknown verb is a usage error" 2 "usage:"
cli "" user disable "$email" --force
expect_cli "an unknown option is a usage error" 2 "usage:"

# ---------------------------------------------------------------- dev accounts (tools/up)
accounts=$LOTSE_VAR/dev-accounts.json
if [ -f "$accounts" ]; then
    ok "tools/up wrote dev-accounts.json"
    expect_eq "dev-accounts.json is mode 600" "$(stat -c %a "$accounts")" 600
    if jq -e 'type == "array" and length == 4' "$accounts" >/dev/null 2>&1; then
        ok "dev-accounts.json is a JSON array of 4 accounts"
    else
        not_ok "dev-accounts.json is a JSON array of 4 accounts" "$(head -c 400 "$accounts")"
    fi
    expect_eq "every dev password is 24 characters" \
        "$(jq -r '[.[] | .password | length == 24] | all' "$accounts" 2>&1)" true
    expect_eq "the dev accounts and their roles" \
        "$(jq -r '.[] | "\(.email) \(.role) \(.region)"' "$accounts" 2>&1 | tr '\n' ';')" \
        "admin@lotse.test admin null;lead@lotse.test fai_lead null;coordinator@mittleres-ruhrgebiet.lotse.test coordinator mittleres-ruhrgebiet;coordinator@meo.lotse.test coordinator meo;"
    cli "" user list
    if grep -qP '^admin@lotse\.test\tAdmin Lotse\t[a-z]+\tadmin\t-$' "$E2E_TMP/out" &&
        grep -qP '^coordinator@meo\.lotse\.test\tKoordination MEO\t[a-z]+\t-\tmeo:coordinator$' \
            "$E2E_TMP/out"; then
        ok "the dev accounts exist with their roles"
    else
        not_ok "the dev accounts exist with their roles" "$(grep lotse.test "$E2E_TMP/out")"
    fi
else
    not_ok "tools/up wrote dev-accounts.json" "$accounts is missing"
fi

finish

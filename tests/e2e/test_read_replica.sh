# tests/e2e/test_read_replica.sh - a real hot standby as lotsed's read replica.
#
# Makes a standby of the stack's PostgreSQL with pg_basebackup (streaming, on a
# Unix socket in $LOTSE_VAR/replica-e2e), points lotsed's read_database at it
# and reloads lotsed (SIGHUP), then shows, through nginx:
#   - a route flagged LT_ROUTE_REPLICA (the library's adoption network) answers
#     from the replica and says so, with its lag;
#   - it really reads there: with the standby's replay paused, a new adoption
#     (a write, which goes to the primary) is missing from the flagged route
#     while an unflagged route shows it, and appears once replay resumes;
#   - with the standby stopped, the flagged route answers from the primary (200,
#     no 5xx), visible in /metrics and in the log, and the replica is used again
#     once it is back.
# Everything it starts is stopped and removed on exit, and lotsed's configuration
# is restored and reloaded: the stack is shared by all tests.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

ROOT=${LOTSE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
STACK_PROG=test_read_replica
STACK_QUIET=1
# shellcheck source=tools/lib/stack.sh
. "$ROOT/tools/lib/stack.sh"
stack_init "$LOTSE_VAR" "${LOTSE_BIN:-$ROOT/build}"

skip() {
    printf 'skip %s\n' "$1"
    finish
    exit
}
command -v jq >/dev/null || skip "jq is not installed"
[ -f "$VAR/dev-accounts.json" ] || skip "$VAR/dev-accounts.json is missing (tools/up makes it)"
PGBIN=$(stack_pg_bindir)
MASTER=$(stack_lotsed_pid) || skip "lotsed is not running"

REPLICA=$VAR/replica-e2e
REPLICA_DATA=$REPLICA/pg
REPLICA_RUN=$REPLICA/run
CONF=$ETC/lotsed.conf
PRIMARY_SU="host=$RUN dbname=lotse user=postgres"
REPLICA_SU="host=$REPLICA_RUN dbname=lotse user=postgres"
FLAGGED=/api/v1/library/adoptions # LT_ROUTE_REPLICA in src/api/routes.c

workers() { pgrep -P "$MASTER" | sort; }

# reload: SIGHUP, then wait until every worker is of the new generation.
reload() {
    local before now deadline=$((SECONDS + 20))
    before=$(workers)
    kill -HUP "$MASTER"
    while :; do
        now=$(workers)
        if [ -n "$now" ] && [ -z "$(comm -12 <(echo "$before") <(echo "$now"))" ]; then
            return 0
        fi
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.1
    done
}

replica_pg_ctl() {
    (cd / && stack_as_pg "$PGBIN/pg_ctl" -D "$REPLICA_DATA" "$@" </dev/null >/dev/null 2>&1)
}

replica_psql() {
    "$PGBIN/psql" "$REPLICA_SU" -X -q -At -v ON_ERROR_STOP=1 -c "$1"
}

cleanup() {
    if [ -f "$REPLICA/lotsed.conf.orig" ]; then
        cp "$REPLICA/lotsed.conf.orig" "$CONF"
        reload || echo "test_read_replica: lotsed did not reload its restored configuration" >&2
    fi
    [ -f "$REPLICA_DATA/postmaster.pid" ] && { replica_pg_ctl -m immediate -w -t 30 stop || true; }
    rm -rf -- "$REPLICA" "$E2E_TMP"
}
trap cleanup EXIT

# ---------------------------------------------------------------- a hot standby
# (left over by an interrupted run: stopped and replaced)
[ -f "$REPLICA_DATA/postmaster.pid" ] && { replica_pg_ctl -m immediate -w -t 30 stop || true; }
rm -rf -- "$REPLICA"
mkdir -p "$REPLICA_RUN" && mkdir -m 0700 "$REPLICA_DATA"
if [ "$STACK_AS_ROOT" = 1 ]; then
    chown -R "$STACK_SYSTEM_USER:$STACK_SYSTEM_USER" "$REPLICA"
    chmod 0750 "$REPLICA_RUN"
fi
# -R writes standby.signal and primary_conninfo (the primary's socket, as postgres).
if out=$(cd / && stack_as_pg "$PGBIN/pg_basebackup" -h "$RUN" -U postgres -D "$REPLICA_DATA" \
    -R -X stream -c fast --no-sync </dev/null 2>&1); then
    ok "pg_basebackup -R copies the stack's PostgreSQL"
else
    not_ok "pg_basebackup -R copies the stack's PostgreSQL" "$out"
    finish
    exit
fi
# The copy includes the primary's lotse-dev.conf; the standby gets its own socket. A hot
# standby refuses to start with a smaller lock table than its primary's.
locks=$("$PGBIN/psql" "$PRIMARY_SU" -X -At -c 'SHOW max_locks_per_transaction')
stack_as_pg tee "$REPLICA_DATA/lotse-dev.conf" >/dev/null <<CONF
listen_addresses = ''
unix_socket_directories = '$REPLICA_RUN'
unix_socket_permissions = 0770
hot_standby = on
max_locks_per_transaction = $locks
log_min_messages = warning
CONF
if replica_pg_ctl -l "$REPLICA/postgresql.log" -w -t 30 start &&
    [ "$(replica_psql 'SELECT pg_is_in_recovery()')" = t ]; then
    ok "the standby runs and is in recovery"
else
    not_ok "the standby runs and is in recovery" "$(tail -n 5 "$REPLICA/postgresql.log" 2>/dev/null)"
    finish
    exit
fi

# ---------------------------------------------------------------- lotsed reads there
cp "$CONF" "$REPLICA/lotsed.conf.orig"
printf 'read_database = "host=%s dbname=lotse user=lotse_app"\n' "$REPLICA_RUN" >>"$CONF"
if reload; then ok "lotsed reloads with read_database"; else not_ok "lotsed reloads with read_database"; fi

jar=$E2E_TMP/cookies
email=$(jq -r '[.[] | select(.region == "meo")][0].email' "$VAR/dev-accounts.json")
password=$(jq -r '[.[] | select(.region == "meo")][0].password' "$VAR/dev-accounts.json")
http POST /api/v1/session -c "$jar" -H 'Content-Type: application/json' \
    --data "$(jq -cn --arg e "$email" --arg p "$password" '{email: $e, password: $p}')"
expect_status "the coordinator of meo signs in" 201
csrf=$(jq -r '.csrf_token' "$BODY")
# A standby that has replayed no transaction since it started cannot tell its lag
# (lotsed then reads the primary): wait until the sign-in has reached it.
deadline=$((SECONDS + 10))
until [ "$(replica_psql 'SELECT pg_last_xact_replay_timestamp() IS NOT NULL')" = t ]; do
    [ $SECONDS -ge $deadline ] && break
    sleep 0.1
done

# as_me METHOD PATH [curl args...]
as_me() {
    local method=$1 path=$2
    shift 2
    http "$method" "$path" -b "$jar" -H "X-CSRF-Token: $csrf" "$@"
}

# edges PROCESS: meo's adoptions of PROCESS in the last body (the network)
meo_edges() {
    jq --arg k "process:$1" '[.edges[] | select(.kind == "adopted" and .from == $k
        and .to == "region:meo")] | length' "$BODY"
}

as_me GET "$FLAGGED"
expect_status "GET $FLAGGED -> 200" 200
if [ "$(header X-Lotse-Read-From)" = replica ] && [[ "$(header X-Lotse-Replica-Lag-Ms)" =~ ^[0-9]+$ ]]; then
    ok "it answers from the replica and states the lag ($(header X-Lotse-Replica-Lag-Ms) ms)"
else
    not_ok "it answers from the replica and states the lag" \
        "X-Lotse-Read-From '$(header X-Lotse-Read-From)', X-Lotse-Replica-Lag-Ms '$(header X-Lotse-Replica-Lag-Ms)'"
fi

# ---------------------------------------------------------------- replay paused
replica_psql 'SELECT pg_wal_replay_pause()' >/dev/null
deadline=$((SECONDS + 10))
until [ "$(replica_psql 'SELECT pg_get_wal_replay_pause_state()')" = paused ]; do
    [ $SECONDS -ge $deadline ] && break
    sleep 0.1
done
if [ "$(replica_psql 'SELECT pg_get_wal_replay_pause_state()')" = paused ]; then
    ok "the standby's replay is paused"
else
    not_ok "the standby's replay is paused"
fi

# A write: meo adopts a published process it has not adopted yet (the seeded ones).
key=""
for candidate in ankommen-familiennachzug beschleunigtes-fachkraefteverfahren pflegefachkraft-anerkennung; do
    as_me POST /api/v1/regions/meo/library/adoptions -H 'Content-Type: application/json' \
        --data "{\"process\": \"$candidate\", \"version\": 1, \"mode\": \"as_is\"}"
    if [ "$STATUS" = 201 ]; then
        key=$candidate
        break
    fi
done
if [ -n "$key" ]; then
    ok "with replay paused, a write still succeeds (meo adopts $key): it goes to the primary"
else
    not_ok "with replay paused, a write still succeeds" "status $STATUS: $(head -c 300 "$BODY")"
    finish
    exit
fi
on_primary=$("$PGBIN/psql" "$PRIMARY_SU" -X -At -c "SELECT count(*) FROM lotse.process_adoptions a
    JOIN lotse.regions g ON g.id = a.region_id WHERE g.slug = 'meo' AND a.key = '$key'")
if [ "$on_primary" = 1 ]; then
    ok "the adoption is on the primary"
else
    not_ok "the adoption is on the primary" "count $on_primary"
fi

as_me GET "$FLAGGED?process=$key"
if [ "$STATUS" = 200 ] && [ "$(header X-Lotse-Read-From)" = replica ] && [ "$(meo_edges "$key")" = 0 ]; then
    ok "the flagged route, read on the paused replica, does not show it yet"
else
    not_ok "the flagged route, read on the paused replica, does not show it yet" \
        "status $STATUS, from '$(header X-Lotse-Read-From)', meo edges $(meo_edges "$key" 2>&1)"
fi
lag=$(header X-Lotse-Replica-Lag-Ms)
if [[ "$lag" =~ ^[0-9]+$ ]] && [ "$lag" -gt 0 ]; then
    ok "and says it may be behind: X-Lotse-Replica-Lag-Ms $lag"
else
    not_ok "and says it may be behind" "X-Lotse-Replica-Lag-Ms '$lag'"
fi
as_me GET /api/v1/regions/meo/library/adoptions
if [ "$STATUS" = 200 ] && [ -z "$(header X-Lotse-Read-From)" ] &&
    [ "$(jq --arg k "$key" '[.items[] | select(.process == $k)] | length' "$BODY")" = 1 ]; then
    ok "an unflagged route (the primary) shows it"
else
    not_ok "an unflagged route (the primary) shows it" "status $STATUS: $(head -c 300 "$BODY")"
fi

replica_psql 'SELECT pg_wal_replay_resume()' >/dev/null
deadline=$((SECONDS + 10))
while :; do
    as_me GET "$FLAGGED?process=$key"
    [ "$STATUS" = 200 ] && [ "$(meo_edges "$key")" = 1 ] && break
    [ $SECONDS -ge $deadline ] && break
    sleep 0.2
done
if [ "$(meo_edges "$key")" = 1 ] && [ "$(header X-Lotse-Read-From)" = replica ]; then
    ok "once replay resumes, the replica shows it"
else
    not_ok "once replay resumes, the replica shows it" "status $STATUS, from '$(header X-Lotse-Read-From)'"
fi

# ---------------------------------------------------------------- replica down
metric() {
    curl -s --max-time 5 "$LOTSE_URL/metrics" | awk -v m="$1" '$1 == m { print $2 }'
}
fallbacks_before=$(metric lotse_replica_fallbacks_total)
if replica_pg_ctl -m fast -w -t 30 stop; then ok "the standby is stopped"; else not_ok "the standby is stopped"; fi

bad=0 from_primary=0
for _ in $(seq 1 30); do
    as_me GET "$FLAGGED?process=$key"
    if [ "$STATUS" != 200 ] || [ "$(meo_edges "$key")" != 1 ]; then
        bad=$((bad + 1))
        echo "     status $STATUS: $(head -c 200 "$BODY")"
    fi
    [ "$(header X-Lotse-Read-From)" = primary ] && from_primary=$((from_primary + 1))
done
if [ "$bad" = 0 ] && [ "$from_primary" = 30 ]; then
    ok "standby down: 30 flagged GETs all 200 from the primary, none a 5xx"
else
    not_ok "standby down: 30 flagged GETs all 200 from the primary" "$bad failed, $from_primary from the primary"
fi
fallbacks_after=$(metric lotse_replica_fallbacks_total)
if [ -n "$fallbacks_after" ] && [ "${fallbacks_after%.*}" -ge $((${fallbacks_before%.*} + 30)) ]; then
    ok "/metrics counts the fallbacks ($fallbacks_before -> $fallbacks_after)"
else
    not_ok "/metrics counts the fallbacks" "lotse_replica_fallbacks_total $fallbacks_before -> $fallbacks_after"
fi
if grep -q '"event":"replica_fallback"' "$LOGDIR/lotsed.log"; then
    ok "the fallback is logged (replica_fallback)"
else
    not_ok "the fallback is logged (replica_fallback)" "no such line in $LOGDIR/lotsed.log"
fi

# ---------------------------------------------------------------- replica back
replica_pg_ctl -l "$REPLICA/postgresql.log" -w -t 30 start || not_ok "the standby starts again"
deadline=$((SECONDS + 20)) # each thread asks a failed replica again after 5 s
while :; do
    as_me GET "$FLAGGED?process=$key"
    [ "$(header X-Lotse-Read-From)" = replica ] && break
    [ $SECONDS -ge $deadline ] && break
    sleep 0.5
done
if [ "$STATUS" = 200 ] && [ "$(header X-Lotse-Read-From)" = replica ]; then
    ok "once the standby is back, the flagged route reads there again"
else
    not_ok "once the standby is back, the flagged route reads there again" \
        "status $STATUS, from '$(header X-Lotse-Read-From)'"
fi
if grep -q '"event":"replica_back"' "$LOGDIR/lotsed.log"; then
    ok "and that is logged (replica_back)"
else
    not_ok "and that is logged (replica_back)"
fi

finish

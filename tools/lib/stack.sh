# shellcheck shell=bash
# tools/lib/stack.sh - the local stack (PostgreSQL, lotsed, nginx) of one state
# directory: paths, start, stop, readiness. Sourced by tools/up, tools/pgctl
# and tools/lotse; every function is prefixed stack_.
#
# Call stack_init first (it sets the paths). Everything lives under the state
# directory $VAR:
#   pg/    the PostgreSQL cluster (owned by the user that runs PostgreSQL)
#   run/   PostgreSQL's Unix socket, lotsed.sock, lotsed.pid, nginx.pid
#   log/   postgresql.log, lotsed.log (+ lotsed.stderr), nginx-error.log,
#          nginx-access.log, asan.* / ubsan.* (sanitizer findings, if any)
#   etc/   lotsed.conf and nginx.conf, generated on every tools/up
#   keys/  signing.pem (0600) and signing.pub.pem: the key that signs
#          best-practice packages, made once by `lotse keygen` (mode 0700)
#   nginx/ nginx's prefix: its temp directories
#
# PostgreSQL refuses to run as root, and this project's machines and CI run as
# root. As root, PostgreSQL therefore runs as the system user `lotse` (created
# here when missing), and nginx's workers run as `lotse` too so that they can
# reach lotsed's socket (mode 0660, group lotse). As any other user, everything
# runs as that user.

STACK_PROG=${STACK_PROG:-$(basename "$0")}
STACK_QUIET=${STACK_QUIET:-0}
STACK_SYSTEM_USER=lotse

stack_say() {
    [ "$STACK_QUIET" = 1 ] || printf '%s: %s\n' "$STACK_PROG" "$*" >&2
}

stack_die() {
    printf '%s: %s\n' "$STACK_PROG" "$*" >&2
    exit 1
}

# stack_tail FILE...: the last lines of each existing, non-empty log, for an error report.
stack_tail() {
    local f
    for f in "$@"; do
        [ -s "$f" ] || continue
        printf -- '--- last lines of %s ---\n' "$f" >&2
        tail -n 25 "$f" >&2
    done
}

# stack_init VAR [BIN]: sets the paths of state directory VAR (made absolute).
stack_init() {
    VAR=$(realpath -m -- "$1")
    BIN=$(realpath -m -- "${2:-$LOTSE_ROOT/build}")
    case "$VAR$BIN" in
    *[[:space:]\'\"\\\|\&\;\$]*)
        stack_die "paths with spaces, quotes or shell/sed metacharacters are not supported: $VAR"
        ;;
    esac
    RUN=$VAR/run
    LOGDIR=$VAR/log
    ETC=$VAR/etc
    PGDATA=$VAR/pg
    NGINX_PREFIX=$VAR/nginx
    # The socket path must fit in sockaddr_un (107 bytes) with ".s.PGSQL.5432".
    if [ $((${#RUN} + 14)) -gt 107 ]; then
        stack_die "state directory path too long for a Unix socket: $VAR"
    fi
    if [ "$(id -u)" -eq 0 ]; then
        STACK_AS_ROOT=1
    else
        STACK_AS_ROOT=0
    fi
    export PGHOST=$RUN # for anyone using psql by hand after sourcing this file
}

# The marker that says "this directory is a Lotse state directory": --fresh and
# --remove delete only directories that carry it (or are empty).
stack_is_state_dir() {
    [ -f "$VAR/.lotse-state" ] || { [ -d "$VAR" ] && [ -z "$(ls -A "$VAR")" ]; }
}

stack_remove_state_dir() {
    [ -e "$VAR" ] || return 0
    stack_is_state_dir || stack_die "refusing to delete $VAR: it is not a Lotse state directory (no .lotse-state)"
    rm -rf -- "$VAR"
}

# ---------------------------------------------------------------- processes

# stack_alive PID PATTERN: PID is a live process (not a zombie) whose
# executable path or command line matches the glob PATTERN; guards against a
# stale pid file whose number the kernel has given to another process.
stack_alive() {
    local pid=$1 pattern=$2 exe cmd state
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)
    [ "$state" != Z ] || return 1
    exe=$(readlink "/proc/$pid/exe" 2>/dev/null || true)
    cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
    # shellcheck disable=SC2053 # PATTERN is a glob on purpose
    [[ "$exe" == $pattern || "$cmd" == $pattern ]]
}

# stack_pidfile_pid FILE PATTERN: prints the pid in FILE if that process is alive.
stack_pidfile_pid() {
    local pid
    [ -f "$1" ] || return 1
    pid=$(head -n1 "$1" 2>/dev/null | tr -dc 0-9)
    [ -n "$pid" ] && stack_alive "$pid" "$2" && echo "$pid"
}

# stack_wait_gone PID SECONDS: waits until PID has exited (or is a zombie).
stack_wait_gone() {
    local pid=$1 deadline=$((SECONDS + $2)) state
    while kill -0 "$pid" 2>/dev/null; do
        state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)
        [ "$state" = Z ] && return 0
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.1
    done
}

# ---------------------------------------------------------------- users, dirs

stack_ensure_system_user() {
    [ "$STACK_AS_ROOT" = 1 ] || return 0
    getent passwd "$STACK_SYSTEM_USER" >/dev/null && return 0
    stack_say "creating system user $STACK_SYSTEM_USER (PostgreSQL refuses to run as root)"
    useradd --system --user-group --no-create-home --shell /usr/sbin/nologin \
        "$STACK_SYSTEM_USER"
}

# stack_allow_traverse DIR: the project may live below a 0700 directory (say a
# `mktemp -d` clone in /tmp) that the `lotse` user cannot pass through, and then
# PostgreSQL cannot reach $VAR/pg nor nginx's workers $VAR/run or $ROOT/web. As
# root we add o+x - traverse only, never read or write - to each ancestor of DIR
# that lacks it (and to DIR itself).
stack_allow_traverse() {
    [ "$STACK_AS_ROOT" = 1 ] || return 0
    local d=$1 mode
    while [ -n "$d" ] && [ "$d" != / ]; do
        if [ -d "$d" ]; then
            mode=$(stat -c %a -- "$d")
            if [ $((8#$mode & 1)) -eq 0 ]; then
                stack_say "adding o+x (traverse only) to $d so that user $STACK_SYSTEM_USER can reach the state directory"
                chmod o+x -- "$d"
            fi
        fi
        d=$(dirname -- "$d")
    done
}

# stack_as_pg CMD...: runs CMD as the user that runs PostgreSQL.
stack_as_pg() {
    if [ "$STACK_AS_ROOT" = 1 ]; then
        runuser -u "$STACK_SYSTEM_USER" -- "$@"
    else
        "$@"
    fi
}

# stack_prepare_dirs: the state directory's layout, with owners and modes.
stack_prepare_dirs() {
    mkdir -p -- "$VAR" "$RUN" "$LOGDIR" "$ETC" "$NGINX_PREFIX"
    [ -f "$VAR/.lotse-state" ] ||
        echo "Lotse state directory (generated by tools/up; tools/up --stop --remove deletes it)" >"$VAR/.lotse-state"
    touch "$LOGDIR/postgresql.log"
    if [ "$STACK_AS_ROOT" = 1 ]; then
        stack_ensure_system_user
        stack_allow_traverse "$VAR"
        stack_allow_traverse "$LOTSE_ROOT"
        # run/ holds PostgreSQL's socket and lock file (written by lotse) and
        # lotsed's socket (created by root, group lotse, 0660): lotse owns it,
        # nobody else may enter. This guards the trust-authenticated socket.
        chown "$STACK_SYSTEM_USER:$STACK_SYSTEM_USER" "$RUN" "$LOGDIR/postgresql.log"
        chmod 0750 "$RUN"
    else
        chmod 0700 "$RUN"
    fi
    chmod 0640 "$LOGDIR/postgresql.log"
}

# ---------------------------------------------------------------- PostgreSQL

stack_pg_bindir() {
    local d
    if command -v pg_config >/dev/null 2>&1; then
        d=$(pg_config --bindir 2>/dev/null || true)
        if [ -n "$d" ] && [ -x "$d/initdb" ]; then
            echo "$d"
            return 0
        fi
    fi
    for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV); do
        if [ -x "$d/initdb" ]; then
            echo "$d"
            return 0
        fi
    done
    stack_die "PostgreSQL server binaries not found (apt-get install postgresql-15, or drop --no-install)"
}

stack_pg_exists() {
    [ -f "$PGDATA/PG_VERSION" ]
}

stack_pg_running() {
    stack_pg_exists || return 1
    stack_pidfile_pid "$PGDATA/postmaster.pid" '*postgres*' >/dev/null
}

# stack_pg_init: creates the cluster if missing. Authentication is `trust` for
# Unix-socket connections and nothing else listens (listen_addresses = ''):
# the socket lives in $VAR/run, which only the cluster's user (and root) may
# enter. That is for development and tests only - a production cluster uses
# scram-sha-256 passwords or peer authentication (docs/operations.md).
stack_pg_init() {
    stack_pg_exists && return 0
    local bindir
    bindir=$(stack_pg_bindir)
    stack_say "creating PostgreSQL cluster in $PGDATA"
    rm -rf -- "$PGDATA"
    mkdir -m 0700 -- "$PGDATA"
    [ "$STACK_AS_ROOT" = 1 ] && chown "$STACK_SYSTEM_USER:$STACK_SYSTEM_USER" "$PGDATA"
    local out
    if ! out=$(cd / && stack_as_pg "$bindir/initdb" -D "$PGDATA" -U postgres \
        --auth-local=trust --auth-host=reject --encoding=UTF8 --locale=C.UTF-8 \
        --no-sync </dev/null 2>&1); then
        printf '%s\n' "$out" >&2
        rm -rf -- "$PGDATA"
        stack_die "initdb failed"
    fi
    printf '%s\n' "$out" >"$LOGDIR/initdb.log"
    printf '\n# Lotse: settings of the local stack, rewritten by tools/up on every start\ninclude_if_exists = %s\n' \
        "'lotse-dev.conf'" | stack_as_pg tee -a "$PGDATA/postgresql.conf" >/dev/null
}

# The cluster's settings that depend on where the state directory is; written
# before every start, so a moved state directory still works.
stack_pg_write_conf() {
    stack_as_pg tee "$PGDATA/lotse-dev.conf" >/dev/null <<CONF
# written by tools/lib/stack.sh before every start: edit that file, not this one
listen_addresses = ''                # Unix socket only: never clashes with a system cluster
unix_socket_directories = '$RUN'
unix_socket_permissions = 0770
max_connections = 100
# An import (docs/import.md) takes an advisory lock per row in the dashboards' rollup
# triggers, two with a new company: 5,000 rows need up to 10,000 entries of the shared
# lock table, which holds max_locks_per_transaction x max_connections (64 x 100 by
# default: two such imports at once would fail with "out of shared memory"). A hot standby
# of this cluster needs at least the same value (tests/e2e/test_read_replica.sh).
max_locks_per_transaction = 256
log_line_prefix = '%m [%p] %q%u@%d '
log_min_messages = warning
log_connections = off
# A hot standby may stream from this cluster (pg_basebackup -R over the socket, as
# postgres: initdb's pg_hba.conf has "local replication all trust"); the read
# replica's end-to-end test makes one. These are PostgreSQL's defaults, kept here
# so that nobody lowers them unawares.
wal_level = replica
max_wal_senders = 4
CONF
}

stack_pg_start() {
    stack_pg_exists || stack_die "no PostgreSQL cluster in $PGDATA (run tools/up first)"
    if stack_pg_running; then
        stack_say "PostgreSQL already running"
        return 0
    fi
    local bindir out
    bindir=$(stack_pg_bindir)
    stack_pg_write_conf
    stack_say "starting PostgreSQL (socket in $RUN)"
    # pg_ctl starts the postmaster with stdin from /dev/null and its output
    # appended to the log, so nothing holds the caller's terminal or pipe.
    if ! out=$(cd / && stack_as_pg "$bindir/pg_ctl" -D "$PGDATA" -l "$LOGDIR/postgresql.log" \
        -w -t 30 start </dev/null 2>&1); then
        printf '%s\n' "$out" >&2
        stack_tail "$LOGDIR/postgresql.log"
        stack_die "PostgreSQL did not start"
    fi
}

stack_pg_stop() {
    stack_pg_exists || return 0
    local pid bindir
    pid=$(stack_pidfile_pid "$PGDATA/postmaster.pid" '*postgres*') || return 0
    bindir=$(stack_pg_bindir)
    stack_say "stopping PostgreSQL"
    if ! (cd / && stack_as_pg "$bindir/pg_ctl" -D "$PGDATA" -m fast -w -t 30 stop \
        </dev/null >/dev/null 2>&1); then
        (cd / && stack_as_pg "$bindir/pg_ctl" -D "$PGDATA" -m immediate -w -t 10 stop \
            </dev/null >/dev/null 2>&1) || true
    fi
    if ! stack_wait_gone "$pid" 10; then
        kill -KILL "$pid" 2>/dev/null || true
        stack_wait_gone "$pid" 5 || true
    fi
    # The postmaster's children exit with it; make sure none is left behind.
    local left
    left=$(pgrep -P "$pid" 2>/dev/null || true)
    # shellcheck disable=SC2086 # a list of pids
    [ -z "$left" ] || kill -KILL $left 2>/dev/null || true
}

# stack_psql DB SQL-on-stdin: runs SQL as the bootstrap superuser over the socket.
stack_psql() {
    "$(stack_pg_bindir)/psql" "host=$RUN dbname=$1 user=postgres" -X -q -v ON_ERROR_STOP=1
}

# stack_pg_roles: the roles and the database, idempotently (run on every up).
#   lotse_owner  owns database lotse and runs the migrations
#   lotse_app    what lotsed connects as: no superuser, no BYPASSRLS, owns nothing
stack_pg_roles() {
    stack_psql postgres >/dev/null <<'SQL' || stack_die "creating roles failed"
SET client_min_messages = warning;
SELECT 'CREATE ROLE lotse_owner' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lotse_owner')
\gexec
SELECT 'CREATE ROLE lotse_app' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lotse_app')
\gexec
ALTER ROLE lotse_owner LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS NOREPLICATION;
ALTER ROLE lotse_app LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS NOREPLICATION;
-- The owner may end lotse_app's sessions (pg_terminate_backend), which the
-- integration tests use to simulate a dropped connection.
GRANT lotse_app TO lotse_owner;
SELECT 'CREATE DATABASE lotse OWNER lotse_owner TEMPLATE template0 ENCODING ''UTF8'''
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'lotse')
\gexec
ALTER DATABASE lotse OWNER TO lotse_owner;
REVOKE ALL ON DATABASE lotse FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE lotse TO lotse_app;
SQL
    stack_psql lotse >/dev/null <<'SQL' || stack_die "securing schema public failed"
SET client_min_messages = warning;
-- Nothing is created in public: the migrations put everything in schema lotse.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
}

# stack_migrate: applies sql/NNNN_*.sql as the owner with the lotse CLI.
stack_migrate() {
    local out
    [ -x "$BIN/lotse" ] || stack_die "$BIN/lotse not found: build it (tools/up without --no-build) before migrating"
    if ! out=$(LOTSE_DATABASE="host=$RUN dbname=lotse user=lotse_owner" \
        "$BIN/lotse" migrate --dir "$LOTSE_ROOT/sql" </dev/null 2>&1); then
        printf '%s\n' "$out" >&2
        stack_die "migrations failed ($BIN/lotse migrate --dir $LOTSE_ROOT/sql)"
    fi
    printf '%s\n' "$out" >>"$LOGDIR/migrate.log"
    local line
    while IFS= read -r line; do
        stack_say "migrate: $line"
    done <<<"$out"
}

# ---------------------------------------------------------------- dev accounts

# The accounts of a local stack, one per kind of user: email|role|region|name
# (region "-": a global role). Created on a state directory's first run.
STACK_DEV_ACCOUNTS=(
    "admin@lotse.test|admin|-|Admin Lotse"
    "lead@lotse.test|fai_lead|-|FAI-Leitung"
    "coordinator@mittleres-ruhrgebiet.lotse.test|coordinator|mittleres-ruhrgebiet|Koordination Mittleres Ruhrgebiet"
    "coordinator@meo.lotse.test|coordinator|meo|Koordination MEO"
)

_stack_lotse_owner() {
    LOTSE_DATABASE="host=$RUN dbname=lotse user=lotse_owner" "$BIN/lotse" "$@"
}

# stack_dev_accounts: unless $VAR/dev-accounts.json exists, creates the
# accounts of STACK_DEV_ACCOUNTS with random passwords (an account that exists
# already gets a new one), grants their roles, and writes the file (mode 0600)
# as a JSON array of {"email", "password", "role", "region"}. Sets
# STACK_DEV_ACCOUNTS_NEW to one printable line per account when it created
# them, else to "". Hashes with lotse's default scrypt cost unless the caller
# exported LOTSE_SCRYPT_LOG2_N (the test fixture does, for speed).
stack_dev_accounts() {
    local file=$VAR/dev-accounts.json tmp existing entry email role region name pw out
    local sep="" region_json grant_args
    STACK_DEV_ACCOUNTS_NEW=""
    [ -f "$file" ] && return 0
    stack_say "creating the dev accounts ($file)"
    existing=$(_stack_lotse_owner user list </dev/null 2>&1) ||
        stack_die "lotse user list failed: $existing"
    # mktemp creates the file 0600, and mv keeps the mode: the passwords are never
    # readable by others, and a failure leaves no half-written file behind.
    tmp=$(mktemp "$VAR/.dev-accounts.json.XXXXXX")
    printf '[' >"$tmp"
    for entry in "${STACK_DEV_ACCOUNTS[@]}"; do
        IFS='|' read -r email role region name <<<"$entry"
        # 18 random bytes are 24 base64 characters, no padding; URL-safe alphabet.
        pw=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
        if ! [[ "$pw" =~ ^[A-Za-z0-9_-]{24}$ ]]; then
            rm -f "$tmp"
            stack_die "generating a dev password failed"
        fi
        if awk -F '\t' -v e="$email" 'tolower($1) == e { found = 1 } END { exit !found }' \
            <<<"$existing"; then
            out=$(printf '%s\n' "$pw" | _stack_lotse_owner user passwd "$email" 2>&1)
        else
            out=$(printf '%s\n' "$pw" | _stack_lotse_owner user add "$email" --name "$name" 2>&1)
        fi || {
            rm -f "$tmp"
            stack_die "creating dev account $email failed: $out"
        }
        grant_args=("$email" "$role")
        region_json=null
        if [ "$region" != - ]; then
            grant_args+=(--region "$region")
            region_json="\"$region\""
        fi
        out=$(_stack_lotse_owner user grant "${grant_args[@]}" </dev/null 2>&1) || {
            rm -f "$tmp"
            stack_die "granting $role to dev account $email failed: $out"
        }
        # Safe without a JSON encoder: emails, roles and slugs are the constants
        # above, and the password's alphabet is checked.
        printf '%s\n  {"email": "%s", "password": "%s", "role": "%s", "region": %s}' \
            "$sep" "$email" "$pw" "$role" "$region_json" >>"$tmp"
        sep=,
        [ "$region" = - ] || role="$role of $region"
        STACK_DEV_ACCOUNTS_NEW+=$(printf '  %-44s %s  %s' "$email" "$pw" "$role")$'\n'
    done
    printf '\n]\n' >>"$tmp"
    mv -f "$tmp" "$file"
}

# ---------------------------------------------------------------- signing key

# stack_signing_key: the key that signs best-practice packages, made with
# `lotse keygen` when the state directory has none; an existing key is kept
# (packages signed with it stay verifiable).
stack_signing_key() {
    local out
    [ -f "$VAR/keys/signing.pem" ] && return 0
    [ -x "$BIN/lotse" ] || stack_die "$BIN/lotse not found: build it before making the signing key"
    if ! out=$("$BIN/lotse" keygen --out "$VAR/keys" </dev/null 2>&1); then
        printf '%s\n' "$out" >&2
        stack_die "creating the signing key failed ($BIN/lotse keygen --out $VAR/keys)"
    fi
    stack_say "created the package signing key $VAR/keys/signing.pem"
}

# ---------------------------------------------------------------- lotsed

stack_lotsed_pid() {
    stack_pidfile_pid "$RUN/lotsed.pid" '*lotsed*'
}

# stack_lotsed_write_conf: writes etc/lotsed.conf; returns 0 if it changed.
stack_lotsed_write_conf() {
    local group=""
    [ "$STACK_AS_ROOT" = 1 ] && group=$STACK_SYSTEM_USER
    cat >"$ETC/lotsed.conf.new" <<CONF
# lotsed configuration of the local stack: generated by tools/up, do not edit
# (keys: include/lotse/config.h; LOTSE_<KEY> environment variables override).
listen = "unix:$RUN/lotsed.sock"
socket_mode = 0660
socket_group = "$group"
workers = 2
threads = 8
database = "host=$RUN dbname=lotse user=lotse_app"
log = "$LOGDIR/lotsed.log"
pid_file = "$RUN/lotsed.pid"
signing_key = "$VAR/keys/signing.pem"
# The local stack is plain http on 127.0.0.1: the session cookie is then named
# "lotse" and lacks Secure (browsers drop a Secure or __Host- cookie over http).
# Production never sets this.
insecure_dev_cookie = 1
CONF
    if cmp -s "$ETC/lotsed.conf.new" "$ETC/lotsed.conf"; then
        rm -f "$ETC/lotsed.conf.new"
        return 1
    fi
    mv -f "$ETC/lotsed.conf.new" "$ETC/lotsed.conf"
}

stack_lotsed_start() {
    local pid
    if pid=$(stack_lotsed_pid); then
        stack_say "lotsed already running (pid $pid)"
        return 0
    fi
    [ -x "$BIN/lotsed" ] || stack_die "$BIN/lotsed not found: build it (tools/up without --no-build)"
    rm -f "$RUN/lotsed.sock" "$RUN/lotsed.pid"
    # A sanitizer build writes its findings to log/asan.PID and log/ubsan.PID:
    # `tools/up --stop` fails when any exist (that is how a test run notices a
    # finding in a background process). Harmless for a normal build.
    local asan="log_path=$LOGDIR/asan:detect_leaks=1:abort_on_error=1"
    local ubsan="log_path=$LOGDIR/ubsan:print_stacktrace=1:halt_on_error=1"
    stack_say "starting lotsed"
    # setsid: its own session and process group (stopped as a group if need be);
    # stdin from /dev/null and output to a log: the caller's pipe is not held.
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}$asan" \
        UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}$ubsan" \
        setsid "$BIN/lotsed" -c "$ETC/lotsed.conf" </dev/null >>"$LOGDIR/lotsed.stderr" 2>&1 &
    local child=$! deadline=$((SECONDS + 15))
    while :; do
        if pid=$(stack_lotsed_pid) && [ -S "$RUN/lotsed.sock" ]; then
            return 0
        fi
        if ! kill -0 "$child" 2>/dev/null; then
            stack_tail "$LOGDIR/lotsed.stderr" "$LOGDIR/lotsed.log"
            stack_die "lotsed exited at start"
        fi
        if [ $SECONDS -ge $deadline ]; then
            stack_tail "$LOGDIR/lotsed.stderr" "$LOGDIR/lotsed.log"
            stack_die "lotsed did not write $RUN/lotsed.pid and open $RUN/lotsed.sock within 15 s"
        fi
        sleep 0.1
    done
}

# stack_lotsed_stop: SIGTERM (lotsed drains in-flight requests), up to 15 s,
# then SIGKILL to its whole process group; no worker is left behind.
stack_lotsed_stop() {
    local pid pgid left
    pid=$(stack_lotsed_pid) || {
        rm -f "$RUN/lotsed.pid"
        return 0
    }
    stack_say "stopping lotsed (pid $pid)"
    pgid=$(awk '{print $5}' "/proc/$pid/stat" 2>/dev/null || true)
    kill -TERM "$pid" 2>/dev/null || true
    if ! stack_wait_gone "$pid" 15; then
        stack_say "lotsed did not stop within 15 s: killing it"
        if [ "$pgid" = "$pid" ]; then
            kill -KILL -- "-$pid" 2>/dev/null || true
        else
            kill -KILL "$pid" 2>/dev/null || true
        fi
        stack_wait_gone "$pid" 5 || true
    fi
    # Workers that outlived their master (they share its process group).
    if [ "$pgid" = "$pid" ]; then
        left=$(pgrep -g "$pgid" 2>/dev/null || true)
        if [ -n "$left" ]; then
            # shellcheck disable=SC2086 # a list of pids
            kill -TERM $left 2>/dev/null || true
            sleep 1
            kill -KILL -- "-$pgid" 2>/dev/null || true
        fi
    fi
    rm -f "$RUN/lotsed.pid" "$RUN/lotsed.sock"
}

# ---------------------------------------------------------------- nginx

stack_nginx_bin() {
    command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } ||
        stack_die "nginx not found (apt-get install nginx, or drop --no-install)"
}

stack_nginx_pid() {
    stack_pidfile_pid "$RUN/nginx.pid" '*nginx*'
}

_stack_sed_escape() {
    local s=$1
    s=${s//\\/\\\\}
    s=${s//|/\\|}
    s=${s//&/\\&}
    printf '%s' "$s"
}

# stack_nginx_write_conf PORT: etc/nginx.conf from nginx/lotse-dev.conf.template;
# returns 0 if it changed.
stack_nginx_write_conf() {
    local port=$1 user="# not root: the workers run as the invoking user"
    local template=$LOTSE_ROOT/nginx/lotse-dev.conf.template
    [ -f "$template" ] || stack_die "$template is missing"
    [ "$STACK_AS_ROOT" = 1 ] && user="user $STACK_SYSTEM_USER $STACK_SYSTEM_USER;"
    sed -e "s|@PORT@|$port|g" \
        -e "s|@VAR@|$(_stack_sed_escape "$VAR")|g" \
        -e "s|@ROOT@|$(_stack_sed_escape "$LOTSE_ROOT")|g" \
        -e "s|@USER_DIRECTIVE@|$(_stack_sed_escape "$user")|g" \
        "$template" >"$ETC/nginx.conf.new"
    if grep -q '@[A-Z_]*@' "$ETC/nginx.conf.new"; then
        stack_die "unreplaced placeholder in $template: $(grep -o '@[A-Z_]*@' "$ETC/nginx.conf.new" | sort -u | tr '\n' ' ')"
    fi
    if cmp -s "$ETC/nginx.conf.new" "$ETC/nginx.conf"; then
        rm -f "$ETC/nginx.conf.new"
        return 1
    fi
    mv -f "$ETC/nginx.conf.new" "$ETC/nginx.conf"
}

_stack_nginx() {
    "$(stack_nginx_bin)" -p "$NGINX_PREFIX/" -c "$ETC/nginx.conf" -e "$LOGDIR/nginx-error.log" "$@"
}

stack_nginx_start() {
    local pid out
    if pid=$(stack_nginx_pid); then
        stack_say "nginx already running (pid $pid)"
        return 0
    fi
    rm -f "$RUN/nginx.pid"
    mkdir -p "$NGINX_PREFIX"
    if ! out=$(_stack_nginx -t -q </dev/null 2>&1); then
        printf '%s\n' "$out" >&2
        stack_die "nginx rejects $ETC/nginx.conf"
    fi
    stack_say "starting nginx"
    # `daemon on`: the master forks away and points its stdio at /dev/null and the log.
    if ! _stack_nginx </dev/null >>"$LOGDIR/nginx.stderr" 2>&1; then
        stack_tail "$LOGDIR/nginx.stderr" "$LOGDIR/nginx-error.log"
        stack_die "nginx did not start"
    fi
    local deadline=$((SECONDS + 5))
    until stack_nginx_pid >/dev/null; do
        if [ $SECONDS -ge $deadline ]; then
            stack_tail "$LOGDIR/nginx.stderr" "$LOGDIR/nginx-error.log"
            stack_die "nginx did not write $RUN/nginx.pid"
        fi
        sleep 0.1
    done
}

# stack_nginx_stop: graceful quit (in-flight requests finish), then TERM, then
# KILL for the master and its workers.
stack_nginx_stop() {
    local pid workers
    pid=$(stack_nginx_pid) || {
        rm -f "$RUN/nginx.pid"
        return 0
    }
    stack_say "stopping nginx (pid $pid)"
    workers=$(pgrep -P "$pid" 2>/dev/null || true)
    kill -QUIT "$pid" 2>/dev/null || true
    if ! stack_wait_gone "$pid" 10; then
        kill -TERM "$pid" 2>/dev/null || true
        if ! stack_wait_gone "$pid" 5; then
            kill -KILL "$pid" 2>/dev/null || true
            stack_wait_gone "$pid" 5 || true
        fi
    fi
    local w
    for w in $workers; do
        if stack_alive "$w" '*nginx*'; then
            kill -KILL "$w" 2>/dev/null || true
        fi
    done
    rm -f "$RUN/nginx.pid"
}

# ---------------------------------------------------------------- the whole stack

# stack_wait_healthy PORT SECONDS: until GET /healthz through nginx answers 200.
stack_wait_healthy() {
    local port=$1 deadline=$((SECONDS + $2)) code
    while :; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
            "http://127.0.0.1:$port/healthz" 2>/dev/null || true)
        [ "$code" = 200 ] && return 0
        if [ $SECONDS -ge $deadline ]; then
            echo "$STACK_PROG: GET http://127.0.0.1:$port/healthz answered '${code:-nothing}', not 200, within $2 s" >&2
            return 1
        fi
        sleep 0.2
    done
}

# stack_stop_all: nginx first (no new requests), then lotsed, then PostgreSQL.
stack_stop_all() {
    [ -d "$VAR" ] || return 0
    stack_nginx_stop
    stack_lotsed_stop
    stack_pg_stop
}

# stack_leftovers: prints the pids of any nginx, lotsed or postgres process
# still running from this state directory (their command line names it).
stack_leftovers() {
    local p exe
    for p in $(pgrep -f -- "$VAR/" 2>/dev/null || true); do
        [ "$p" = $$ ] && continue
        exe=$(readlink "/proc/$p/exe" 2>/dev/null || true)
        case "$exe" in
        */lotsed* | */nginx* | */postgres*) echo "$p" ;;
        esac
    done
}

# stack_sanitizer_reports: the sanitizer finding files of lotsed, if any.
stack_sanitizer_reports() {
    local f found=1
    for f in "$LOGDIR"/asan.* "$LOGDIR"/ubsan.*; do
        [ -f "$f" ] || continue
        echo "$f"
        found=0
    done
    return $found
}

# shellcheck shell=bash
# tools/lib/deps.sh - installs the Debian packages Lotse needs, and only the
# missing ones, and the test suite's npm packages. Sourced by tools/up and
# tools/test; defines lotse_deps_ensure and lotse_node_modules_ensure.
#
#   lotse_deps_ensure [EXTRA_PACKAGE...]
#   lotse_node_modules_ensure ROOT
#
# Checks each package with dpkg-query; if any is missing it runs
# `apt-get update` once and `apt-get install` for the missing ones
# (non-interactive). As root it calls apt-get directly, otherwise through sudo
# when sudo exists; without either it fails and names the packages.
#
# Installing postgresql on Debian creates and may start a system cluster
# (15/main on port 5432), and installing nginx may start the system nginx on
# port 80. Lotse never uses, stops or connects to either: tools/up runs its own
# PostgreSQL (Unix socket only, in its state directory) and its own nginx
# master with its own configuration.

LOTSE_DEPS_PACKAGES=(
    build-essential cmake pkg-config git curl ca-certificates
    nginx libfcgi-dev libfcgi-bin libpq-dev libssl-dev libjansson-dev libcmocka-dev
    postgresql-15 wrk clang-format jq clang libclang-rt-14-dev
    postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl
    libzip-dev libxml2-dev libxml2-utils unzip nodejs npm
    chromium fonts-dejavu-core
)

# _lotse_deps_installed PKG: true when dpkg has PKG fully installed.
_lotse_deps_installed() {
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]
}

lotse_deps_ensure() {
    local pkg missing=() sudo=()
    if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "deps: dpkg-query not found: Lotse's scripts expect Debian 12" >&2
        return 1
    fi
    for pkg in "${LOTSE_DEPS_PACKAGES[@]}" "$@"; do
        if [ "$pkg" = postgresql-15 ] && _lotse_deps_installed postgresql; then
            continue # the `postgresql` metapackage brings the distribution's version
        fi
        if [ "$pkg" = npm ] && command -v npm >/dev/null 2>&1; then
            continue # a nodejs from elsewhere (NodeSource) brings its own npm
        fi
        _lotse_deps_installed "$pkg" || missing+=("$pkg")
    done
    # The web interface's build and browser tests: Node.js with npm, from
    # Debian unless a Node.js (with its own npm) is installed already.
    command -v node >/dev/null 2>&1 || missing+=(nodejs)
    command -v npm >/dev/null 2>&1 || missing+=(npm)
    [ ${#missing[@]} -eq 0 ] && return 0

    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            echo "deps: these Debian packages are missing and I am neither root nor have sudo:" >&2
            echo "deps:   ${missing[*]}" >&2
            echo "deps: install them as root: apt-get install ${missing[*]}" >&2
            return 1
        fi
    fi
    echo "deps: installing ${missing[*]}" >&2
    # One update per call: a fresh machine's package lists may be empty or old.
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null >&2
    local i
    for i in "${!missing[@]}"; do
        # Debian 12 names the server package postgresql-15; fall back to the
        # metapackage where that version is not in the archive.
        if [ "${missing[$i]}" = postgresql-15 ] &&
            ! apt-cache show postgresql-15 >/dev/null 2>&1; then
            missing[i]=postgresql
        fi
    done
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends "${missing[@]}" </dev/null >&2
}

# lotse_node_modules_ensure ROOT: `npm ci` in ROOT (bpmn-moddle for the BPMN
# check of tests/package/) when node_modules is missing or package-lock.json
# changed since the last install (npm keeps a copy in node_modules).
lotse_node_modules_ensure() {
    local root=$1
    [ -f "$root/package-lock.json" ] || return 0
    if [ -f "$root/node_modules/.package-lock.json" ] &&
        ! [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
        return 0
    fi
    if ! command -v npm >/dev/null 2>&1; then
        echo "deps: npm not found: cannot install the npm packages of $root/package-lock.json" >&2
        return 1
    fi
    echo "deps: npm ci (package-lock.json changed or node_modules missing)" >&2
    (cd "$root" && npm ci --no-audit --no-fund </dev/null >&2)
}

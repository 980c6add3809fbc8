# shellcheck shell=bash
# tools/lib/web.sh - installs the browser interface's npm packages and builds
# web/dist, which nginx serves at /. Sourced by tools/up and tools/test;
# defines lotse_web_build.
#
#   lotse_web_build ROOT
#
# `npm ci` runs when web/node_modules is missing or web/package-lock.json
# changed since the last install (its SHA-256 is kept in
# web/node_modules/.lotse-lock.sha256); the bundle is rebuilt when a source
# file is newer than web/dist/index.html. Nothing is downloaded but the
# lockfile's packages from the npm registry.

lotse_web_build() {
    local root=$1 web lock sum stamp
    web=$root/web
    lock=$web/package-lock.json
    stamp=$web/node_modules/.lotse-lock.sha256
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        echo "web: node and npm are missing (apt-get install nodejs npm)" >&2
        return 1
    fi
    sum=$(sha256sum "$lock" | cut -d' ' -f1)
    if [ ! -d "$web/node_modules" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
        echo "web: npm ci (web/package-lock.json)" >&2
        (umask 022 && cd "$web" && npm ci --no-audit --no-fund --loglevel=error) </dev/null >&2 || return 1
        printf '%s\n' "$sum" >"$stamp"
    fi
    if [ -f "$web/dist/index.html" ] &&
        [ -z "$(find "$web/src" "$web/index.html" "$web/build.mjs" "$lock" -newer "$web/dist/index.html" -print -quit)" ]; then
        return 0
    fi
    # umask 022: nginx's workers (user lotse when run as root) read web/dist
    (umask 022 && cd "$web" && node build.mjs) </dev/null >&2
}

# tests/e2e/test_session.sh - signing in and out through nginx, as a browser
# would: the dev stack's administrator logs in (the cookie is "lotse" without
# Secure, since the stack sets insecure_dev_cookie), the cookie reaches /me, a
# logout without the CSRF header is refused, one with it ends the session on
# the server, and the old cookie is then worthless.
#
# The accounts come from $LOTSE_VAR/dev-accounts.json (tools/up). Without that
# file, or without jq, the checks are skipped - visibly, as "skip" lines.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

accounts=$LOTSE_VAR/dev-accounts.json
skip() {
    printf 'skip %s\n' "$1"
}

if ! command -v jq >/dev/null; then
    skip "jq is not installed: no login through nginx was tried"
    finish
    exit
fi
if [ ! -f "$accounts" ]; then
    skip "$accounts is missing: no login through nginx was tried"
    finish
    exit
fi
email=$(jq -r '[.[] | select(.role == "admin")][0].email // empty' "$accounts")
password=$(jq -r '[.[] | select(.role == "admin")][0].password // empty' "$accounts")
if [ -z "$email" ] || [ -z "$password" ]; then
    skip "$accounts names no admin account: no login through nginx was tried"
    finish
    exit
fi

jar=$E2E_TMP/cookies
login_body=$(jq -cn --arg e "$email" --arg p "$password" '{email: $e, password: $p}')

# ---------------------------------------------------------------- login
http POST /api/v1/session -c "$jar" -H 'Content-Type: application/json' --data "$login_body"
expect_status "the dev admin logs in: 201" 201
cookie=$(header Set-Cookie)
case "$cookie" in
lotse=*) ok "the dev cookie is named lotse" ;;
*) not_ok "the dev cookie is named lotse" "Set-Cookie: $cookie" ;;
esac
for attr in 'HttpOnly' 'SameSite=Strict' 'Path=/'; do
    if [[ "; $cookie;" == *"; $attr;"* ]]; then
        ok "the cookie has $attr"
    else
        not_ok "the cookie has $attr" "Set-Cookie: $cookie"
    fi
done
if [[ "$cookie" != *Secure* && "$cookie" != *Domain* ]]; then
    ok "the dev cookie has neither Secure nor Domain"
else
    not_ok "the dev cookie has neither Secure nor Domain" "Set-Cookie: $cookie"
fi
token=$(printf '%s' "$cookie" | sed -n 's/^lotse=\([A-Za-z0-9_-]*\);.*/\1/p')
csrf=$(jq -r '.csrf_token // empty' "$BODY")
if [ "$(jq -r '.user.email' "$BODY")" = "$email" ] && [ -n "$csrf" ] &&
    jq -e '.roles | index("admin")' "$BODY" >/dev/null; then
    ok "the login answers the user, the roles and a CSRF token"
else
    not_ok "the login answers the user, the roles and a CSRF token" "$(head -c 300 "$BODY")"
fi

# ---------------------------------------------------------------- the session
http GET /api/v1/me -b "$jar"
expect_status "the cookie reaches /api/v1/me: 200" 200
if [ "$(jq -r '.user.email' "$BODY" 2>/dev/null)" = "$email" ] &&
    [ "$(jq -r '.csrf_token' "$BODY" 2>/dev/null)" = "$csrf" ]; then
    ok "/api/v1/me answers the same user and CSRF token"
else
    not_ok "/api/v1/me answers the same user and CSRF token" "$(head -c 300 "$BODY")"
fi

http DELETE /api/v1/session -b "$jar"
expect_problem "a logout without X-CSRF-Token: 403" 403
http GET /api/v1/me -b "$jar"
expect_status "the refused logout left the session alone" 200

# ---------------------------------------------------------------- logout
http DELETE /api/v1/session -b "$jar" -c "$jar" -H "X-CSRF-Token: $csrf"
expect_status "a logout with the CSRF token: 204" 204
if [[ "$(header Set-Cookie)" == lotse=\;* ]]; then
    ok "the logout clears the cookie"
else
    not_ok "the logout clears the cookie" "Set-Cookie: $(header Set-Cookie)"
fi
http GET /api/v1/me -H "Cookie: lotse=$token"
expect_problem "the old cookie no longer signs in: 401" 401

finish

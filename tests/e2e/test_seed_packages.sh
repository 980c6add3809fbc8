# tests/e2e/test_seed_packages.sh - every published process of the library, as
# the running stack serves it, downloads as a package that `lotse package
# verify` accepts with the key the server publishes, whose process.bpmn is
# valid against the OMG BPMN 2.0 schema and is read by bpmn-moddle without a
# warning.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"
: "${LOTSE_BIN:?run through ctest (LOTSE_BIN unset)}"
: "${LOTSE_ROOT:?run through ctest (LOTSE_ROOT unset)}"

database="host=$LOTSE_VAR/run dbname=lotse user=lotse_owner"
psql=$(pg_config --bindir 2>/dev/null)/psql
[ -x "$psql" ] || psql=$(printf '%s\n' /usr/lib/postgresql/*/bin/psql | sort -rV | head -n1)

# A session of the dev coordinator of meo, as lotsed stores one.
token=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
printf "SET lotse.roles = 'admin';
INSERT INTO lotse.sessions (token_hash, user_id, csrf_token, expires_at)
SELECT sha256(convert_to('%s', 'UTF8')), id, 'csrf', now() + interval '1 hour'
  FROM lotse.users WHERE email = 'coordinator@meo.lotse.test';\n" "$token" |
    "$psql" "$database" -X -q -v ON_ERROR_STOP=1 >/dev/null

http GET /api/v1/library/signing-key
expect_status "the server's public key" 200
cp "$BODY" "$E2E_TMP/server.pem"

http GET '/api/v1/library/processes?limit=100' -b "lotse=$token"
expect_status "the published processes" 200
mapfile -t versions < <(jq -r '.items[] | "\(.key) \(.version)"' "$BODY")
if [ "${#versions[@]}" -ge 3 ]; then ok "the library holds ${#versions[@]} published processes"; else
    not_ok "the library holds at least 3 published processes" "${#versions[@]}"
fi

bpmns=()
for kv in "${versions[@]}"; do
    read -r key version <<<"$kv"
    zip=$E2E_TMP/$key.zip
    status=$(curl -sS -o "$zip" -w '%{http_code}' --max-time 30 -b "lotse=$token" \
        "$LOTSE_URL/api/v1/library/processes/$key/versions/$version/package")
    [ "$status" = 200 ] || { not_ok "$key v$version downloads" "status $status"; continue; }
    if out=$("$LOTSE_BIN/lotse" package verify "$zip" --key "$E2E_TMP/server.pem" 2>&1); then
        ok "$key v$version: lotse package verify accepts it"
    else
        not_ok "$key v$version: lotse package verify accepts it" "$out"
    fi
    unzip -p "$zip" process.bpmn >"$E2E_TMP/$key.bpmn"
    if out=$(xmllint --noout --schema "$LOTSE_ROOT/tests/data/bpmn/BPMN20.xsd" "$E2E_TMP/$key.bpmn" 2>&1); then
        ok "$key v$version: process.bpmn is valid BPMN 2.0"
    else
        not_ok "$key v$version: process.bpmn is valid BPMN 2.0" "$(printf '%s' "$out" | head -c 400)"
    fi
    bpmns+=("$E2E_TMP/$key.bpmn")
done

if command -v node >/dev/null && [ -d "$LOTSE_ROOT/node_modules/bpmn-moddle" ]; then
    if out=$(node "$LOTSE_ROOT/tests/package/bpmn_moddle_check.mjs" "${bpmns[@]}" 2>&1); then
        ok "bpmn-moddle reads every one without a warning"
    else
        not_ok "bpmn-moddle reads every one without a warning" "$out"
    fi
else
    printf 'skip bpmn-moddle: node or its npm packages are missing (tools/up installs them)\n'
fi
finish

# tests/e2e/test_package.sh - best-practice packages end to end: the key the
# stack serves is the one tools/up made (ETag = fingerprint); a package signed
# with it passes exactly the checks docs/packages.md shows (unzip, openssl
# pkeyutl -verify -rawin, sha256sum -c), run as written there, and those checks
# fail on a changed file or manifest; `lotse package verify` prints what the
# package holds and refuses a changed archive or another key with exit 1;
# `lotse keygen` writes owner-only keys and never overwrites one.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"
: "${LOTSE_BIN:?run through ctest (LOTSE_BIN unset)}"
: "${LOTSE_ROOT:?run through ctest (LOTSE_ROOT unset)}"
lotse=$LOTSE_BIN/lotse
fixture=$LOTSE_ROOT/tests/data/process/nurse.json
docs=$LOTSE_ROOT/docs/packages.md

# run NAME CMD...: runs CMD; sets RC, OUT (stdout and stderr together).
run() {
    "$@" >"$E2E_TMP/out" 2>&1
    RC=$?
    OUT=$(cat "$E2E_TMP/out")
}

expect_rc() { # expect_rc NAME RC [TEXT]
    if [ "$RC" != "$2" ]; then
        not_ok "$1" "exit $RC, want $2: $OUT"
    elif [ -n "${3:-}" ] && [[ "$OUT" != *"$3"* ]]; then
        not_ok "$1" "output lacks '$3': $OUT"
    else
        ok "$1"
    fi
}

# ---------------------------------------------------------------- the served key
http GET /api/v1/library/signing-key
expect_status "GET /api/v1/library/signing-key answers 200" 200
cp "$BODY" "$E2E_TMP/signing-key.pem"
[[ "$(header Content-Type)" == application/x-pem-file* ]] &&
    ok "the key comes as application/x-pem-file" || not_ok "content type" "$(header Content-Type)"
served=$(openssl pkey -pubin -in "$E2E_TMP/signing-key.pem" -outform DER | sha256sum | cut -c1-64)
ours=$(openssl pkey -in "$LOTSE_VAR/keys/signing.pem" -pubout -outform DER | sha256sum | cut -c1-64)
[ "$served" = "$ours" ] && ok "the served key is the public half of tools/up's key" ||
    not_ok "served key" "$served vs $ours"
[ "$(header ETag)" = "\"$ours\"" ] && ok "its ETag is the fingerprint docs/packages.md computes" ||
    not_ok "ETag" "$(header ETag) vs $ours"
[ "$(stat -c %a "$LOTSE_VAR/keys/signing.pem")" = 600 ] &&
    ok "tools/up's private key is readable by its owner only" ||
    not_ok "key mode" "$(stat -c %a "$LOTSE_VAR/keys/signing.pem")"

# ---------------------------------------------------------------- the documented checks
run "$lotse" package build "$fixture" --key "$LOTSE_VAR/keys/signing.pem" --out "$E2E_TMP/package.zip"
expect_rc "lotse package build signs the nurse process with the stack's key" 0 "package.zip"
run "$lotse" package build "$fixture" --key "$LOTSE_VAR/keys/signing.pem" --out "$E2E_TMP/again.zip"
cmp -s "$E2E_TMP/package.zip" "$E2E_TMP/again.zip" &&
    ok "building the same version twice gives the same bytes" || not_ok "byte-identical builds"

# The commands between the verify markers of docs/packages.md, exactly as written.
sed -n '/<!-- verify:begin -->/,/<!-- verify:end -->/p' "$docs" | grep -v '^<!--' | grep -v '^```' \
    >"$E2E_TMP/documented.sh"
[ "$(grep -c . "$E2E_TMP/documented.sh")" -ge 4 ] && ok "docs/packages.md has its verify commands" ||
    not_ok "documented commands" "$(cat "$E2E_TMP/documented.sh")"
for tool in unzip openssl sha256sum; do
    grep -q "^$tool " "$E2E_TMP/documented.sh" && ok "the documented checks use $tool" ||
        not_ok "documented $tool"
done
grep -q -- '-rawin' "$E2E_TMP/documented.sh" && ok "openssl pkeyutl -verify -rawin" || not_ok "-rawin"

# documented DIR: runs the documented commands in DIR (holding package.zip and
# signing-key.pem); sets RC and OUT.
documented() {
    run bash -e -c "cd '$1' && . '$E2E_TMP/documented.sh'"
}

mkdir -p "$E2E_TMP/good"
cp "$E2E_TMP/package.zip" "$E2E_TMP/signing-key.pem" "$E2E_TMP/good/"
documented "$E2E_TMP/good"
expect_rc "the documented commands pass on a good package" 0 "Signature Verified Successfully"
for f in ro-crate-metadata.json process.bpmn process.json README.md; do
    [[ "$OUT" == *"$f: OK"* ]] && ok "sha256sum -c checks $f" || not_ok "sha256sum $f" "$OUT"
done
[[ "$OUT" == *"No errors detected"* ]] && ok "unzip -t finds no error" || not_ok "unzip -t" "$OUT"

# The same commands catch a changed file and a changed manifest: the package is
# unpacked, one file changed, and only the checks run again.
checks_only() { # checks_only DIR: the documented lines after unpacking
    grep -E '^(openssl|sha256sum) ' "$E2E_TMP/documented.sh" >"$E2E_TMP/checks.sh"
    run bash -e -c "cd '$1' && . '$E2E_TMP/checks.sh'"
}
cp -r "$E2E_TMP/good/package" "$E2E_TMP/changed"
sed -i 's/"version": 2/"version": 3/' "$E2E_TMP/changed/process.json"
checks_only "$E2E_TMP/changed"
expect_rc "sha256sum -c fails on a changed process.json" 1 "process.json: FAILED"
cp -r "$E2E_TMP/good/package" "$E2E_TMP/forged"
(cd "$E2E_TMP/forged" && sed -i 's/"version": 2/"version": 3/' process.json &&
    sha256sum ro-crate-metadata.json process.bpmn process.json README.md >manifest-sha256.txt)
checks_only "$E2E_TMP/forged"
expect_rc "openssl refuses a manifest recomputed after the change" 1 "Signature Verification Failure"

# ---------------------------------------------------------------- lotse package verify
run "$lotse" package verify "$E2E_TMP/package.zip" --key "$E2E_TMP/signing-key.pem"
expect_rc "lotse package verify accepts the package with the served key" 0 "signature:    valid"
for want in "key:          pflegefachkraft-anerkennung" "version:      2" \
    "name:         Pflegefachkraft aus einem Drittstaat mit Anerkennung" \
    "owner:        Mittleres Ruhrgebiet (region mittleres-ruhrgebiet)" "steps:        13" \
    "adapted from: fachkraft-beschleunigt, version 1" "$ours"; do
    [[ "$OUT" == *"$want"* ]] && ok "verify prints '$want'" || not_ok "verify prints '$want'" "$OUT"
done
LOTSE_SIGNING_KEY=$LOTSE_VAR/keys/signing.pem run "$lotse" package verify "$E2E_TMP/package.zip"
expect_rc "without --key, verify uses LOTSE_SIGNING_KEY" 0 "signature:    valid"

run "$lotse" keygen --out "$E2E_TMP/other"
expect_rc "lotse keygen makes another key" 0 "fingerprint:"
[ "$(stat -c %a "$E2E_TMP/other/signing.pem")" = 600 ] && [ "$(stat -c %a "$E2E_TMP/other")" = 700 ] &&
    [ "$(stat -c %a "$E2E_TMP/other/signing.pub.pem")" = 644 ] &&
    ok "keygen: private key 0600 in a 0700 directory, public key 0644" ||
    not_ok "keygen modes" "$(ls -la "$E2E_TMP/other")"
before=$(sha256sum "$E2E_TMP/other/signing.pem")
run "$lotse" keygen --out "$E2E_TMP/other"
expect_rc "lotse keygen refuses to overwrite a key" 1 "refusing to overwrite"
[ "$before" = "$(sha256sum "$E2E_TMP/other/signing.pem")" ] && ok "the first key is unchanged" ||
    not_ok "key overwritten"

run "$lotse" package verify "$E2E_TMP/package.zip" --key "$E2E_TMP/other/signing.pub.pem"
expect_rc "verify refuses a package signed by a key it was not given" 1 "REFUSED (bad-signature)"
run "$lotse" package verify "$E2E_TMP/package.zip" --key "$E2E_TMP/other/signing.pub.pem" \
    --key "$E2E_TMP/signing-key.pem"
expect_rc "verify accepts it when any of several keys signed it" 0 "signature:    valid"

size=$(stat -c %s "$E2E_TMP/package.zip")
head -c $((size / 2)) "$E2E_TMP/package.zip" >"$E2E_TMP/truncated.zip"
run "$lotse" package verify "$E2E_TMP/truncated.zip" --key "$E2E_TMP/signing-key.pem"
expect_rc "verify refuses a truncated package" 1 "REFUSED (not-zip)"
cp "$E2E_TMP/package.zip" "$E2E_TMP/flipped.zip"
printf '\xff' | dd of="$E2E_TMP/flipped.zip" bs=1 seek=200 conv=notrunc status=none
run "$lotse" package verify "$E2E_TMP/flipped.zip" --key "$E2E_TMP/signing-key.pem"
expect_rc "verify refuses a package with a changed byte" 1 "REFUSED"
run "$lotse" package verify --key "$E2E_TMP/signing-key.pem"
expect_rc "verify without a file is a usage error" 2 "usage: lotse package"

finish

# tests/package/test_bpmn_moddle.sh [RECORD.json...] - the process.bpmn of
# every record given (default: every fixture in tests/data/process/), as a
# package carries it, is read by bpmn-moddle (the model layer of the bpmn.io
# modelers) without a warning, and every flow element is drawn.
#
# Skips (exit 77, which CTest shows as "Skipped") when node or the npm
# packages are missing: tools/up and tools/test install them (npm ci).
set -u
: "${LOTSE_BIN:?run through ctest (LOTSE_BIN unset)}"
: "${LOTSE_ROOT:?run through ctest (LOTSE_ROOT unset)}"
if ! command -v node >/dev/null 2>&1; then
    echo "SKIP: node is not installed (tools/up installs nodejs and npm)"
    exit 77
fi
if [ ! -d "$LOTSE_ROOT/node_modules/bpmn-moddle" ]; then
    echo "SKIP: bpmn-moddle is not installed (run: npm ci, in $LOTSE_ROOT)"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$LOTSE_BIN/lotse" keygen --out "$tmp/keys" >/dev/null || exit 1
files=()
records=("$@")
[ $# -gt 0 ] || records=("$LOTSE_ROOT"/tests/data/process/*.json)
for record in "${records[@]}"; do
    name=$(basename "$record" .json)
    "$LOTSE_BIN/lotse" package build "$record" --key "$tmp/keys/signing.pem" \
        --out "$tmp/$name.zip" >/dev/null || exit 1
    unzip -p "$tmp/$name.zip" process.bpmn >"$tmp/$name.bpmn" || exit 1
    files+=("$tmp/$name.bpmn")
done
[ $# -gt 0 ] || [ ${#files[@]} -ge 5 ] || { echo "FAIL: expected at least 5 fixture processes"; exit 1; }
node "$LOTSE_ROOT/tests/package/bpmn_moddle_check.mjs" "${files[@]}"

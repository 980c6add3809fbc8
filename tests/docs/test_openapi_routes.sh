# tests/docs/test_openapi_routes.sh - docs/openapi.yaml describes every route of
# src/api/routes.c with its method, and no route that does not exist.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
routes=$(tr -d '\n' <"$root/src/api/routes.c" | grep -oE '\{"(GET|POST|PUT|PATCH|DELETE)", *"[^"]+"' |
    sed -E 's/\{"([A-Z]+)", *"([^"]+)"/\1 \2/')
# "METHOD /path" for every operation in the spec: a path key at two spaces, its methods at four.
spec=$(awk '/^paths:/ { p = 1; next } /^[a-z]/ { p = 0 }
    p && /^  \/[^ ]*:$/ { path = substr($1, 1, length($1) - 1) }
    p && /^    (get|post|put|patch|delete):/ { m = toupper(substr($1, 1, length($1) - 1)); print m " " path }' \
    "$root/docs/openapi.yaml")
failed=0 passed=0
while read -r route; do
    if grep -qxF "$route" <<<"$spec"; then passed=$((passed + 1)); else
        echo "FAIL route $route is not in docs/openapi.yaml"; failed=$((failed + 1)); fi
done <<<"$routes"
while read -r op; do
    if grep -qxF "$op" <<<"$routes"; then passed=$((passed + 1)); else
        echo "FAIL docs/openapi.yaml describes $op, which is no route"; failed=$((failed + 1)); fi
done <<<"$spec"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]

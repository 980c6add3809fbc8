# tests/e2e/test_edge_limits.sh - what nginx guards before lotsed sees a request:
# the per-address login rate and /metrics for this machine only.
#
# The requests come from 127.0.0.2 (curl --interface), another address of the
# loopback range, so the login limit they use up is not the other tests' and
# the /metrics rule sees a client that is not 127.0.0.1.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

from2() { http "$@" --interface 127.0.0.2; }

# 15 login attempts at once: nginx lets 1 + a burst of 5 through, then answers 429.
# The bodies are invalid, so lotsed refuses them with 400 without counting a failed login.
limited=0 passed=0
for _ in $(seq 15); do
    from2 POST /api/v1/session -H 'Content-Type: application/json' --data-binary '{}'
    case "$STATUS" in
    429) limited=$((limited + 1)) ;;
    400) passed=$((passed + 1)) ;;
    esac
done
if [ "$limited" -ge 8 ] && [ "$passed" -ge 1 ] && [ $((limited + passed)) = 15 ]; then
    ok "a burst of 15 login attempts from one address: $passed reach lotsed, $limited get 429"
else
    not_ok "a burst of 15 login attempts is limited per address" "$passed passed, $limited limited"
fi
from2 POST /api/v1/session -H 'Content-Type: application/json' --data-binary '{}'
expect_problem "the limited answer is problem+json" 429
if [ -n "$(header Retry-After)" ]; then ok "and says when to retry"; else not_ok "and says when to retry"; fi

http GET /api/v1/me
expect_problem "other addresses are not limited (GET /api/v1/me -> 401 from lotsed)" 401

from2 GET /metrics
expect_problem "/metrics from an address other than 127.0.0.1 -> 403" 403
http GET /metrics
expect_status "/metrics from 127.0.0.1 -> 200" 200

finish

-- 0004: Idempotency-Key: the stored answers of creating requests, so a client that
-- retries a POST (a timeout, a lost connection) gets the first answer again instead
-- of a second row. The pipeline (src/http/idempotency.c) reads and writes this table
-- for routes flagged LT_ROUTE_IDEMPOTENT, inside the request's own transaction: the
-- record commits together with what the request created, or not at all.
--
-- Keys are per user: row-level security limits every row to the caller, so one
-- user never sees (or replays) another's answers, and two users may pick the same
-- key. A record older than 24 hours is ignored, and deleted when its key comes
-- again; anything may purge older ones at any time:
--   DELETE FROM lotse.idempotency_keys WHERE created_at < now() - interval '24 hours';
-- (as the owner, with lotse.user_id unset RLS hides every row: purge as a role
-- with BYPASSRLS, or per user.)

CREATE TABLE lotse.idempotency_keys (
    user_id      uuid NOT NULL REFERENCES lotse.users ON DELETE CASCADE,
    key          text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    -- what the key was first used for: the same key with another method, target or
    -- body is refused (422), not replayed
    method       text NOT NULL CHECK (length(method) <= 16),
    path         text NOT NULL,                               -- request target as sent
    body_sha256  bytea NOT NULL CHECK (length(body_sha256) = 32),
    -- the answer, replayed as it was
    status       integer NOT NULL CHECK (status BETWEEN 200 AND 399),
    content_type text,                                        -- NULL: no body
    location     text,
    etag         text,
    response     text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created_at ON lotse.idempotency_keys (created_at);

ALTER TABLE lotse.idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE lotse.idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY idempotency_own ON lotse.idempotency_keys
    USING (user_id = (SELECT lotse.caller_user_id()))
    WITH CHECK (user_id = (SELECT lotse.caller_user_id()));

-- No UPDATE: a stored answer is never changed, only replaced after it expired
-- (DELETE, then INSERT).
GRANT SELECT, INSERT, DELETE ON lotse.idempotency_keys TO lotse_app;

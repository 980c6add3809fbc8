-- 0003: accounts, memberships, sessions, login throttling, the audit log, and the
-- row-level-security machinery every tenant table uses.
--
-- Who the caller is reaches PostgreSQL as four transaction-local settings that the
-- request pipeline sets at the start of each request's transaction
-- (set_config(..., true) with bound parameters):
--   lotse.user_id          the user's uuid ('' for anonymous)
--   lotse.roles            global roles, comma-separated (fai_staff,fai_esf,fai_lead,admin)
--   lotse.region_ids       regions the caller may read, as a smallint[] literal ('{1,4}')
--   lotse.write_region_ids regions the caller may change (coordinator), same form
-- After a transaction-local setting ends, current_setting(name, true) answers '' (not
-- NULL), so every helper below treats '' and NULL alike as "no one": policies fail
-- closed. Policies call them as (SELECT lotse.caller_...()) so each is evaluated once
-- per statement, not once per row.
--
-- A tenant table (from the next migrations on): region_id smallint NOT NULL first in
-- its primary key (region_id, id), id uuid DEFAULT gen_random_uuid() (never a global
-- counter in a URL), composite foreign keys (region_id, x_id) to other tenant tables,
-- an index led by region_id, RLS ENABLEd and FORCEd with the policies of
-- lotse.tenant_policies(), and views WITH (security_invoker = true).

CREATE FUNCTION lotse.caller_user_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(current_setting('lotse.user_id', true), '')::uuid $$;

CREATE FUNCTION lotse.caller_has_role(role text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(role = ANY (string_to_array(
                     nullif(current_setting('lotse.roles', true), ''), ',')), false) $$;

CREATE FUNCTION lotse.caller_read_regions() RETURNS smallint[]
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(nullif(current_setting('lotse.region_ids', true), '')::smallint[],
                          '{}') $$;

CREATE FUNCTION lotse.caller_write_regions() RETURNS smallint[]
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(nullif(current_setting('lotse.write_region_ids', true), '')::smallint[],
                          '{}') $$;

GRANT EXECUTE ON FUNCTION lotse.caller_user_id(), lotse.caller_has_role(text),
    lotse.caller_read_regions(), lotse.caller_write_regions() TO lotse_app;

-- Gives a tenant table the standard policies: read in the caller's read regions,
-- insert/update/delete in the caller's write regions. RLS is enabled and forced, so
-- the table owner is bound too.
CREATE FUNCTION lotse.tenant_policies(tbl regclass) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
    EXECUTE format('CREATE POLICY tenant_read ON %s FOR SELECT'
                   ' USING (region_id = ANY ((SELECT lotse.caller_read_regions())::smallint[]))', tbl);
    EXECUTE format('CREATE POLICY tenant_insert ON %s FOR INSERT'
                   ' WITH CHECK (region_id = ANY ((SELECT lotse.caller_write_regions())::smallint[]))', tbl);
    EXECUTE format('CREATE POLICY tenant_update ON %s FOR UPDATE'
                   ' USING (region_id = ANY ((SELECT lotse.caller_write_regions())::smallint[]))'
                   ' WITH CHECK (region_id = ANY ((SELECT lotse.caller_write_regions())::smallint[]))', tbl);
    EXECUTE format('CREATE POLICY tenant_delete ON %s FOR DELETE'
                   ' USING (region_id = ANY ((SELECT lotse.caller_write_regions())::smallint[]))', tbl);
END $$;
REVOKE ALL ON FUNCTION lotse.tenant_policies(regclass) FROM PUBLIC;

CREATE TABLE lotse.users (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email         text NOT NULL CHECK (length(email) BETWEEN 3 AND 254
                                       AND email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    display_name  text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    -- '$scrypt$ln=..,r=..,p=..$salt$hash'; NULL: the account cannot log in
    password_hash text,
    disabled      boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    version       integer NOT NULL DEFAULT 1
);
-- Unique regardless of case: Anna@IHK.de and anna@ihk.de are one person.
CREATE UNIQUE INDEX users_email_key ON lotse.users (lower(email));

CREATE TABLE lotse.user_roles (
    user_id    uuid NOT NULL REFERENCES lotse.users ON DELETE CASCADE,
    role       text NOT NULL CHECK (role IN ('fai_staff', 'fai_esf', 'fai_lead', 'admin')),
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, role)
);

CREATE TABLE lotse.memberships (
    region_id  smallint NOT NULL REFERENCES lotse.regions,
    user_id    uuid NOT NULL REFERENCES lotse.users ON DELETE CASCADE,
    role       text NOT NULL CHECK (role IN ('coordinator', 'region_viewer')),
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region_id, user_id, role)
);
CREATE INDEX memberships_user ON lotse.memberships (user_id);

-- Only the SHA-256 of a session token is stored: a copy of this table logs no one in.
CREATE TABLE lotse.sessions (
    token_hash   bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id      uuid NOT NULL REFERENCES lotse.users ON DELETE CASCADE,
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    ended_at     timestamptz
);
CREATE INDEX sessions_user ON lotse.sessions (user_id);

-- Failed logins per key ('email:<lower-case address>' or 'addr:<client address>'),
-- kept whether or not the account exists, so the answer tells nothing about it.
CREATE TABLE lotse.login_throttle (
    key          text PRIMARY KEY CHECK (length(key) <= 300),
    failures     integer NOT NULL DEFAULT 0,
    window_start timestamptz NOT NULL DEFAULT now(),
    locked_until timestamptz
);

-- Append-only for the application: it may insert and read (as RLS allows), never
-- update or delete.
CREATE TABLE lotse.audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    region_id   smallint REFERENCES lotse.regions, -- NULL: not bound to a region
    user_id     uuid,                              -- NULL: anonymous (e.g. a failed login)
    action      text NOT NULL CHECK (length(action) <= 64),
    entity      text NOT NULL CHECK (length(entity) <= 64),
    entity_id   text CHECK (length(entity_id) <= 200),
    request_id  text CHECK (length(request_id) <= 64)
);
CREATE INDEX audit_log_region_at ON lotse.audit_log (region_id, at);
ALTER TABLE lotse.audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE lotse.audit_log FORCE ROW LEVEL SECURITY;
-- Administrators read everything; a coordinator reads their own regions' entries.
CREATE POLICY audit_read ON lotse.audit_log FOR SELECT
    USING ((SELECT lotse.caller_has_role('admin'))
           OR region_id = ANY ((SELECT lotse.caller_write_regions())::smallint[]));
CREATE POLICY audit_append ON lotse.audit_log FOR INSERT WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE ON lotse.users TO lotse_app;
GRANT SELECT, INSERT, DELETE ON lotse.user_roles, lotse.memberships TO lotse_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON lotse.sessions, lotse.login_throttle TO lotse_app;
GRANT SELECT, INSERT ON lotse.audit_log TO lotse_app;

-- catalogue.sql - the database's security boundary, read from the system catalogue:
-- what lotse_app is and owns, which tables carry row-level security, the audit log's
-- append-only grants, views, and how policies read the caller's settings.
-- Each check is a temporary view, asserted once on the real schema and once more after
-- scratch objects that break the rule were created (the check is not vacuous).
-- Runs as superuser postgres inside BEGIN ... ROLLBACK: it leaves nothing behind.
\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SET LOCAL client_min_messages = warning;
SELECT plan(19);

-- ------------------------------------------------------------------ the app role
SELECT ok(r.rolcanlogin AND NOT r.rolsuper, 'lotse_app logs in and is not superuser')
  FROM pg_roles r WHERE r.rolname = 'lotse_app';
SELECT ok(NOT r.rolbypassrls, 'lotse_app has no BYPASSRLS')
  FROM pg_roles r WHERE r.rolname = 'lotse_app';
SELECT ok(NOT r.rolcreaterole AND NOT r.rolcreatedb, 'lotse_app has no CREATEROLE, no CREATEDB')
  FROM pg_roles r WHERE r.rolname = 'lotse_app';
-- Membership would hand over every attribute and privilege of the other role
-- (lotse_owner is a member of lotse_app, never the other way round).
SELECT is((SELECT array_agg(r.rolname::text ORDER BY r.rolname) FROM pg_roles r
            WHERE r.rolname <> 'lotse_app' AND pg_has_role('lotse_app', r.oid, 'MEMBER')
              AND (r.rolname = 'lotse_owner' OR r.rolsuper OR r.rolbypassrls OR r.rolcreaterole)),
          NULL, 'lotse_app is no member of lotse_owner or of a privileged role');
-- An owner may ALTER TABLE ... DISABLE ROW LEVEL SECURITY or drop policies.
SELECT is((SELECT count(*) FROM pg_class WHERE relowner = 'lotse_app'::regrole)::int, 0,
          'lotse_app owns no relation');
SELECT is((SELECT count(*) FROM pg_proc WHERE proowner = 'lotse_app'::regrole)::int, 0,
          'lotse_app owns no function');
SELECT is((SELECT count(*) FROM pg_namespace WHERE nspowner = 'lotse_app'::regrole)::int, 0,
          'lotse_app owns no schema');
SELECT is((SELECT count(*) FROM pg_database WHERE datdba = 'lotse_app'::regrole)::int, 0,
          'lotse_app owns no database');

-- ------------------------------------------------------------------ the audit log
SELECT ok(NOT has_table_privilege('lotse_app', 'lotse.audit_log', 'UPDATE')
          AND NOT has_any_column_privilege('lotse_app', 'lotse.audit_log', 'UPDATE'),
          'lotse_app cannot UPDATE lotse.audit_log, not even one column');
SELECT ok(NOT has_table_privilege('lotse_app', 'lotse.audit_log', 'DELETE'),
          'lotse_app cannot DELETE from lotse.audit_log');
SELECT ok(NOT has_table_privilege('lotse_app', 'lotse.audit_log', 'TRUNCATE'),
          'lotse_app cannot TRUNCATE lotse.audit_log');

-- ------------------------------------------------------------------ the checks
-- Tables of schema lotse with a region_id column whose row-level security is not both
-- ENABLEd and FORCEd (FORCE: the owner is bound too), except this allowlist:
--   lotse.memberships  account data: the session lookup reads a user's memberships
--                      before any identity (and so any region setting) exists.
-- (lotse.regions needs no entry: its key is id, it has no region_id column.)
CREATE TEMP VIEW region_tables_without_rls AS
SELECT n.nspname || '.' || c.relname AS tbl
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'region_id' AND NOT a.attisdropped
 WHERE n.nspname = 'lotse' AND c.relkind IN ('r', 'p')
   AND NOT (c.relrowsecurity AND c.relforcerowsecurity)
   AND n.nspname || '.' || c.relname NOT IN ('lotse.memberships');

-- Views of schema lotse not declared WITH (security_invoker = true): such a view reads
-- its tables with its owner's rights, and the owner's policies, not the caller's.
CREATE TEMP VIEW views_without_security_invoker AS
SELECT n.nspname || '.' || c.relname AS view
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'lotse' AND c.relkind = 'v'
   AND NOT EXISTS (SELECT FROM unnest(c.reloptions) o
                    WHERE lower(o) IN ('security_invoker=true', 'security_invoker=on',
                                       'security_invoker=yes', 'security_invoker=1'));

-- Policies that read the caller other than through a scalar subquery
-- (SELECT lotse.caller_...()). A bare call is evaluated once per row instead of once
-- per statement. The heuristic works on the deparsed text of pg_policies, where the
-- subquery reads "( SELECT lotse.caller_read_regions() AS caller_read_regions)":
-- remove every "(SELECT [lotse.]caller_x(" and flag the policy if a call
-- "caller_x(" is still left (the "AS caller_x" alias has no parenthesis, so it does
-- not count). A policy that calls current_setting itself bypasses the helpers'
-- fail-closed handling of ''/NULL and is flagged too.
CREATE TEMP VIEW policies_with_bare_caller_calls AS
SELECT p.schemaname || '.' || p.tablename || '.' || p.policyname AS policy
  FROM pg_policies p
 CROSS JOIN LATERAL (VALUES (coalesce(p.qual, '') || ' ' || coalesce(p.with_check, ''))) AS e(expr)
 WHERE p.schemaname = 'lotse'
   AND (regexp_replace(e.expr, '\(\s*SELECT\s+(lotse\.)?caller_\w+\(', '', 'gi') ~* 'caller_\w+\s*\('
        OR e.expr ~* 'current_setting');

-- ------------------------------------------------------------------ the real schema
SELECT cmp_ok((SELECT count(*) FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
                WHERE c.relnamespace = 'lotse'::regnamespace AND c.relkind IN ('r', 'p')
                  AND a.attname = 'region_id' AND NOT a.attisdropped
                  AND c.relrowsecurity AND c.relforcerowsecurity)::int, '>=', 1,
              'at least one table with region_id is checked (lotse.audit_log)');
SELECT is(array(SELECT tbl FROM region_tables_without_rls ORDER BY 1), '{}'::text[],
          'every table with region_id has row-level security enabled and forced (allowlist aside)');
SELECT is(array(SELECT view FROM views_without_security_invoker ORDER BY 1), '{}'::text[],
          'every view in schema lotse has security_invoker = true');
SELECT cmp_ok((SELECT count(*) FROM pg_policies
                WHERE schemaname = 'lotse' AND coalesce(qual, '') ~ 'caller_')::int, '>=', 1,
              'at least one policy reading the caller is checked (lotse.audit_log.audit_read)');
SELECT is(array(SELECT policy FROM policies_with_bare_caller_calls ORDER BY 1), '{}'::text[],
          'every policy reads the caller through (SELECT lotse.caller_...())');

-- ------------------------------------------------------------------ the checks catch a breach
SET LOCAL ROLE lotse_owner;
CREATE TABLE lotse.t_scratch_no_rls (region_id smallint NOT NULL, note text);
CREATE TABLE lotse.t_scratch_no_force (region_id smallint NOT NULL, note text);
ALTER TABLE lotse.t_scratch_no_force ENABLE ROW LEVEL SECURITY;
CREATE TABLE lotse.t_scratch_policies (region_id smallint NOT NULL, note text);
SELECT lotse.tenant_policies('lotse.t_scratch_policies');
CREATE POLICY bare ON lotse.t_scratch_policies FOR SELECT
    USING (region_id = ANY (lotse.caller_read_regions()));
CREATE POLICY raw ON lotse.t_scratch_policies FOR SELECT
    USING (current_setting('lotse.region_ids', true) <> '');
CREATE VIEW lotse.v_scratch_definer AS SELECT 1 AS one;
CREATE VIEW lotse.v_scratch_invoker WITH (security_invoker = true) AS SELECT 1 AS one;
RESET ROLE;

SELECT is(array(SELECT tbl FROM region_tables_without_rls ORDER BY 1),
          ARRAY['lotse.t_scratch_no_force', 'lotse.t_scratch_no_rls'],
          'the RLS check flags a table without RLS and one with RLS not forced');
SELECT is(array(SELECT view FROM views_without_security_invoker ORDER BY 1),
          ARRAY['lotse.v_scratch_definer'],
          'the view check flags a view without security_invoker, not one with it');
SELECT is(array(SELECT policy FROM policies_with_bare_caller_calls ORDER BY 1),
          ARRAY['lotse.t_scratch_policies.bare', 'lotse.t_scratch_policies.raw'],
          'the policy check flags a bare caller_ call and a current_setting, not tenant_policies()');

SELECT * FROM finish();
ROLLBACK;

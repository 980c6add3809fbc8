-- audit_log.sql - the audit log's policies and grants as lotse_app: append-only, the
-- whole log for administrators, a coordinator's own regions for a coordinator, nothing
-- for anyone else. Other tests and the running stack write audit rows too, so every
-- assertion filters on this run's action name.
-- Runs as superuser postgres inside BEGIN ... ROLLBACK: it leaves nothing behind.
\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SET LOCAL client_min_messages = warning;
SELECT plan(14);
-- pgTAP keeps its state in temporary objects of this (superuser) session.
GRANT SELECT, INSERT, UPDATE, DELETE ON __tcache__ TO lotse_app;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE __tcache___id_seq, __tresults___numb_seq TO lotse_app;

CREATE TEMP TABLE run (action text);
INSERT INTO run VALUES ('pgtap-audit-' || pg_backend_pid());
GRANT SELECT ON run TO lotse_app;

SET LOCAL ROLE lotse_app;
-- ------------------------------------------------------------------ append
SELECT lives_ok($$INSERT INTO lotse.audit_log (region_id, action, entity)
                  SELECT r, action, 'pgtap' FROM run, (VALUES (1), (1), (2), (NULL)) v(r)$$,
                'app, no identity: appends rows for regions 1, 2 and none (a failed login has none)');
SELECT throws_ok('UPDATE lotse.audit_log SET action = ''rewritten''', '42501', NULL,
                 'app: UPDATE of the audit log is refused');
SELECT throws_ok('DELETE FROM lotse.audit_log', '42501', NULL,
                 'app: DELETE from the audit log is refused');
SELECT throws_ok('TRUNCATE lotse.audit_log', '42501', NULL,
                 'app: TRUNCATE of the audit log is refused');

-- ------------------------------------------------------------------ read
SELECT is((SELECT count(*) FROM lotse.audit_log)::int, 0,
          'app, no identity (never set): sees no audit row at all');

SELECT set_config('lotse.user_id', '', true), set_config('lotse.roles', '', true),
       set_config('lotse.region_ids', '', true), set_config('lotse.write_region_ids', '', true);
SELECT is((SELECT count(*) FROM lotse.audit_log)::int, 0,
          'app, empty settings: sees no audit row at all');

-- A viewer of regions 1 and 2 (read, not write) is no coordinator.
SELECT set_config('lotse.user_id', gen_random_uuid()::text, true),
       set_config('lotse.region_ids', '{1,2}', true), set_config('lotse.roles', 'fai_lead', true);
SELECT is((SELECT count(*) FROM lotse.audit_log)::int, 0,
          'app, viewer of {1,2} with role fai_lead: sees no audit row');
SELECT set_config('lotse.roles', 'fai_lead,admins', true);
SELECT is((SELECT count(*) FROM lotse.audit_log)::int, 0,
          'app, role "admins" is not "admin": sees no audit row');

-- A coordinator of region 1.
SELECT set_config('lotse.roles', '', true), set_config('lotse.write_region_ids', '{1}', true);
SELECT results_eq($$SELECT a.region_id FROM lotse.audit_log a JOIN run USING (action)
                    ORDER BY a.id$$,
                  ARRAY[1, 1]::smallint[],
                  'app, coordinator of {1}: sees exactly this run''s two region 1 rows');
SELECT is((SELECT count(*) FROM lotse.audit_log WHERE region_id IS DISTINCT FROM 1)::int, 0,
          'app, coordinator of {1}: no row of another region or of none, in the whole log');
SELECT is((SELECT count(*) FROM lotse.audit_log a JOIN run USING (action) WHERE region_id IS NULL)::int,
          0, 'app, coordinator of {1}: rows without a region stay hidden');

-- An administrator.
SELECT set_config('lotse.roles', 'fai_lead,admin', true), set_config('lotse.write_region_ids', '', true);
SELECT results_eq($$SELECT a.region_id FROM lotse.audit_log a JOIN run USING (action)
                    ORDER BY a.id$$,
                  ARRAY[1, 1, 2, NULL]::smallint[],
                  'app, admin: sees every row of this run, with and without region');
SELECT cmp_ok((SELECT count(*) FROM lotse.audit_log)::int, '>=', 4,
              'app, admin: the whole log is readable');

-- The owner is bound by FORCE ROW LEVEL SECURITY for reading, too.
SET LOCAL ROLE lotse_owner;
SELECT set_config('lotse.roles', '', true);
SELECT is((SELECT count(*) FROM lotse.audit_log)::int, 0,
          'owner without admin or regions: sees no audit row (RLS is forced)');

RESET ROLE;
SELECT * FROM finish();
ROLLBACK;

-- tenant_policies.sql - the policies of lotse.tenant_policies() on a scratch tenant
-- table, exercised directly as lotse_app (and as the owner) with the transaction-local
-- settings the request pipeline sets: no settings, empty ones, one region, and reads
-- and writes across the region boundary.
-- Runs as superuser postgres inside BEGIN ... ROLLBACK: it leaves nothing behind.
-- The superuser bypasses RLS; every check of what is visible runs after SET ROLE.
\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SET LOCAL client_min_messages = warning;
SELECT plan(24);
-- pgTAP keeps its state in temporary objects of this (superuser) session; the roles
-- the assertions run as must be able to write them (lotse_owner inherits lotse_app's).
GRANT SELECT, INSERT, UPDATE, DELETE ON __tcache__ TO lotse_app;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE __tcache___id_seq, __tresults___numb_seq TO lotse_app;

-- A fresh session has never seen a lotse.* setting: no database or role default.
SELECT is(coalesce(current_setting('lotse.user_id', true), current_setting('lotse.roles', true),
                   current_setting('lotse.region_ids', true),
                   current_setting('lotse.write_region_ids', true)), NULL,
          'no lotse.* setting is preset for the session (database, role or server default)');

-- The scratch tenant table, made the way every tenant table is made.
SET LOCAL ROLE lotse_owner;
CREATE TABLE lotse.t_scratch (
    region_id smallint NOT NULL,
    id        uuid DEFAULT gen_random_uuid(),
    note      text,
    PRIMARY KEY (region_id, id)
);
SELECT lotse.tenant_policies('lotse.t_scratch');
GRANT ALL ON lotse.t_scratch TO lotse_app;
RESET ROLE;

-- Rows of regions 1 and 2, written by the superuser (it bypasses RLS), so the
-- "never set" case below runs against a table that has rows.
INSERT INTO lotse.t_scratch (region_id, note)
VALUES (1, 'one-a'), (1, 'one-b'), (2, 'two-a'), (2, 'two-b');

-- ------------------------------------------------------------------ fail closed: never set
SET LOCAL ROLE lotse_app;
SELECT is((SELECT count(*) FROM lotse.t_scratch)::int, 0,
          'app, settings never set: sees no row (fail closed)');
SELECT throws_ok($$INSERT INTO lotse.t_scratch (region_id, note) VALUES (1, 'x')$$, '42501', NULL,
                 'app, settings never set: cannot insert');
SELECT is(lotse.caller_read_regions(), '{}'::smallint[],
          'caller_read_regions() is {} when the setting was never set');

-- FORCE ROW LEVEL SECURITY: the owner is bound like anyone else.
SET LOCAL ROLE lotse_owner;
SELECT is((SELECT count(*) FROM lotse.t_scratch)::int, 0,
          'owner, settings never set: sees no row (RLS is forced)');
SELECT throws_ok($$INSERT INTO lotse.t_scratch (region_id, note) VALUES (1, 'x')$$, '42501', NULL,
                 'owner, settings never set: cannot insert');

-- The owner with settings allowing both regions.
SELECT set_config('lotse.region_ids', '{1,2}', true), set_config('lotse.write_region_ids', '{1,2}', true);
SELECT lives_ok($$INSERT INTO lotse.t_scratch (region_id, note) VALUES (1, 'one-c'), (2, 'two-c')$$,
                'owner, write regions {1,2}: inserts into regions 1 and 2');
SELECT is((SELECT count(*) FROM lotse.t_scratch)::int, 6, 'owner, read regions {1,2}: sees all 6 rows');

-- ------------------------------------------------------------------ fail closed: empty
SET LOCAL ROLE lotse_app;
SELECT set_config('lotse.user_id', '', true), set_config('lotse.roles', '', true),
       set_config('lotse.region_ids', '', true), set_config('lotse.write_region_ids', '', true);
SELECT is((SELECT count(*) FROM lotse.t_scratch)::int, 0, 'app, settings empty: sees no row');
SELECT is((SELECT count(*) FROM lotse.t_scratch WHERE region_id = 1)::int, 0,
          'app, settings empty: a WHERE on the region does not help');
SELECT throws_ok($$INSERT INTO lotse.t_scratch (region_id, note) VALUES (1, 'x')$$, '42501', NULL,
                 'app, settings empty: cannot insert');
-- admin is a global role; tenant tables answer only to region settings.
SELECT set_config('lotse.roles', 'admin', true);
SELECT is((SELECT count(*) FROM lotse.t_scratch)::int, 0,
          'app, roles admin but no regions: sees no tenant row');
SELECT set_config('lotse.roles', '', true);
-- A malformed setting is an error, never "every region".
SELECT set_config('lotse.region_ids', '1,2', true);
SELECT throws_ok('SELECT count(*) FROM lotse.t_scratch', '22P02', NULL,
                 'app, malformed region_ids: the query fails');

-- ------------------------------------------------------------------ one region
SELECT set_config('lotse.region_ids', '{1}', true), set_config('lotse.write_region_ids', '', true);
SELECT results_eq('SELECT region_id, note FROM lotse.t_scratch ORDER BY note',
                  $$VALUES (1::smallint, 'one-a'), (1::smallint, 'one-b'), (1::smallint, 'one-c')$$,
                  'app, read {1}: an unfiltered SELECT returns exactly the rows of region 1');
SELECT is((SELECT count(*) FROM lotse.t_scratch WHERE region_id = 2)::int, 0,
          'app, read {1}: asking for region 2 finds nothing');
SELECT throws_ok($$INSERT INTO lotse.t_scratch (region_id, note) VALUES (1, 'x')$$, '42501', NULL,
                 'app, read {1} but write {}: cannot insert into region 1');

SELECT set_config('lotse.write_region_ids', '{1}', true);
SELECT throws_ok($$INSERT INTO lotse.t_scratch (region_id, note) VALUES (2, 'x')$$, '42501', NULL,
                 'app, write {1}: inserting into region 2 is refused');
SELECT lives_ok($$INSERT INTO lotse.t_scratch (region_id, note) VALUES (1, 'one-d')$$,
                'app, write {1}: inserting into region 1 works');

-- Region 2 readable but not writable: updates and deletes there touch nothing.
SELECT set_config('lotse.region_ids', '{1,2}', true);
WITH changed AS (UPDATE lotse.t_scratch SET note = 'changed' WHERE region_id = 2 RETURNING 1)
SELECT is(count(*)::int, 0, 'app, read {1,2} write {1}: UPDATE of region 2 rows affects 0 rows')
  FROM changed;
WITH gone AS (DELETE FROM lotse.t_scratch WHERE region_id = 2 RETURNING 1)
SELECT is(count(*)::int, 0, 'app, read {1,2} write {1}: DELETE of region 2 rows affects 0 rows')
  FROM gone;
SELECT results_eq($$SELECT note FROM lotse.t_scratch WHERE region_id = 2 ORDER BY note$$,
                  ARRAY['two-a', 'two-b', 'two-c'],
                  'app: the region 2 rows are still there, unchanged');
WITH changed AS (UPDATE lotse.t_scratch SET note = note || '!' WHERE region_id = 1 RETURNING 1)
SELECT is(count(*)::int, 4, 'app, write {1}: UPDATE of region 1 rows affects all 4')
  FROM changed;

-- WITH CHECK: a row may not be moved out of the caller's write regions.
SELECT set_config('lotse.region_ids', '{1}', true);
SELECT throws_ok('UPDATE lotse.t_scratch SET region_id = 2', '42501', NULL,
                 'app, write {1}: moving a row to region 2 is refused');
SELECT throws_ok($$UPDATE lotse.t_scratch SET region_id = 2 WHERE note = 'one-a!'$$, '42501', NULL,
                 'app, write {1}: moving one named row to region 2 is refused');

RESET ROLE;
SELECT * FROM finish();
ROLLBACK;

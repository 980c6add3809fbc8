-- library_rls.sql - the shared library's row-level security and lifecycle guard
-- (sql/0014_library.sql), exercised directly as lotse_app with the transaction-local
-- settings the request pipeline sets: a region's draft is seen by that region alone, by
-- the FAI once submitted, by everyone once published; nobody writes another's draft; the
-- guard lets each role take only its own step; a published version never changes.
-- Runs as superuser postgres inside BEGIN ... ROLLBACK: it leaves nothing behind.
\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SET LOCAL client_min_messages = warning;
SELECT plan(30);
GRANT SELECT, INSERT, UPDATE, DELETE ON __tcache__ TO lotse_app;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE __tcache___id_seq, __tresults___numb_seq TO lotse_app;

-- Two regions: 1 owns the drafts, 2 is the other region.
CREATE TEMP TABLE ids AS
SELECT (SELECT id FROM lotse.regions WHERE slug = 'mittleres-ruhrgebiet') AS mine,
       (SELECT id FROM lotse.regions WHERE slug = 'aachen') AS other;
GRANT SELECT ON ids TO lotse_app;

-- As region 1's coordinator (settings bind the guard even for the superuser): a draft, a
-- submitted version and, by the FAI, a published process with a review comment.
SELECT set_config('lotse.user_id', '00000000-0000-4000-8000-000000000001', true),
       set_config('lotse.roles', 'fai_staff,fai_lead', true),
       set_config('lotse.region_ids', '{' || mine || '}', true),
       set_config('lotse.write_region_ids', '{' || mine || '}', true) FROM ids;
CREATE TEMP TABLE record AS SELECT '{"name": "RLS", "target_groups": ["other"],
    "level": "local", "authors": [{"name": "T"}], "steps": [
    {"id": "a", "phase": "arrival", "title": "Ankommen", "actor": "other"},
    {"id": "b", "phase": "onboarding", "title": "Einarbeiten", "actor": "employer",
     "predecessors": ["a"]}]}'::jsonb AS r;
GRANT SELECT ON record TO lotse_app;
SELECT lotse.process_create('rls-draft', mine, r, NULL) FROM ids, record;
SELECT lotse.process_create('rls-submitted', mine, r, NULL) FROM ids, record;
UPDATE lotse.process_versions SET status = 'in_progress', submitted_at = now()
 WHERE key = 'rls-submitted';
INSERT INTO lotse.process_reviews (key, version, region_id, kind, body)
SELECT 'rls-submitted', 1, mine, 'comment', 'intern' FROM ids;
SELECT lotse.process_create('rls-published', NULL, r, NULL) FROM record;
UPDATE lotse.process_versions SET status = 'in_progress', submitted_at = now() WHERE key = 'rls-published';
UPDATE lotse.process_versions SET status = 'approved' WHERE key = 'rls-published';
UPDATE lotse.process_versions SET published_at = now() WHERE key = 'rls-published';

SET LOCAL ROLE lotse_app;

-- ------------------------------------------------------------------ another region
SELECT set_config('lotse.user_id', '00000000-0000-4000-8000-000000000002', true),
       set_config('lotse.roles', '', true),
       set_config('lotse.region_ids', '{' || other || '}', true),
       set_config('lotse.write_region_ids', '{' || other || '}', true) FROM ids;
SELECT is((SELECT count(*) FROM lotse.process_versions WHERE key IN ('rls-draft', 'rls-submitted'))::int,
          0, 'another region sees neither the draft nor the submitted version');
SELECT is((SELECT count(*) FROM lotse.process_steps WHERE key IN ('rls-draft', 'rls-submitted'))::int,
          0, 'another region sees none of their steps');
SELECT is((SELECT count(*) FROM lotse.processes WHERE key IN ('rls-draft', 'rls-submitted'))::int,
          0, 'another region does not see that the processes exist');
SELECT ok(lotse.process_record('rls-draft', 1) IS NULL, 'process_record answers nothing for it');
SELECT is((SELECT count(*) FROM lotse.process_reviews WHERE key = 'rls-submitted')::int, 0,
          'another region reads none of the review comments');
SELECT is((SELECT count(*) FROM lotse.process_versions WHERE key = 'rls-published')::int, 1,
          'another region sees the published version');
SELECT is((SELECT count(*) FROM lotse.process_steps WHERE key = 'rls-published')::int, 2,
          'and its steps');
WITH changed AS (UPDATE lotse.process_versions SET name = 'gekapert' WHERE key = 'rls-draft' RETURNING 1)
SELECT is(count(*)::int, 0, 'another region''s UPDATE of the draft touches nothing') FROM changed;
SELECT throws_ok($$INSERT INTO lotse.process_steps (key, version, position, step_id, phase, title, actor)
                   VALUES ('rls-draft', 1, 3, 'x', 'arrival', 'X', 'other')$$, '42501', NULL,
                 'another region cannot add a step to the draft');
SELECT throws_ok($$INSERT INTO lotse.process_steps (key, version, position, step_id, phase, title, actor)
                   VALUES ('rls-published', 1, 3, 'x', 'arrival', 'X', 'other')$$, '42501', NULL,
                 'nobody adds a step to a published version');
SELECT throws_ok($$INSERT INTO lotse.process_feedback (region_id, key, version, rating)
                   SELECT mine, 'rls-published', 1, 5 FROM ids$$, '42501', NULL,
                 'a region cannot give feedback in another region''s name');
SELECT lives_ok($$INSERT INTO lotse.process_feedback (region_id, key, version, rating)
                  SELECT other, 'rls-published', 1, 4 FROM ids$$,
                'a region gives feedback in its own name');
SELECT throws_ok($$INSERT INTO lotse.process_feedback (region_id, key, version, rating)
                   SELECT other, 'rls-published', 1, 6 FROM ids$$, '23514', NULL,
                 'a rating above 5 is refused by the table');

-- ------------------------------------------------------------------ no one signed in
SELECT set_config('lotse.user_id', '', true), set_config('lotse.region_ids', '', true),
       set_config('lotse.write_region_ids', '', true);
SELECT is((SELECT count(*) FROM lotse.process_versions)::int, 0,
          'without a user not even published versions are seen (fail closed)');
SELECT is((SELECT count(*) FROM lotse.process_feedback)::int, 0, 'nor feedback');

-- ------------------------------------------------------------------ the owner region
SELECT set_config('lotse.user_id', '00000000-0000-4000-8000-000000000003', true),
       set_config('lotse.region_ids', '{' || mine || '}', true),
       set_config('lotse.write_region_ids', '', true) FROM ids;
SELECT is((SELECT count(*) FROM lotse.process_versions WHERE key IN ('rls-draft', 'rls-submitted'))::int,
          2, 'a member of the owner region sees its draft and its submitted version');
SELECT is((SELECT count(*) FROM lotse.process_reviews WHERE key = 'rls-submitted')::int, 1,
          'and the review comments on it');
WITH changed AS (UPDATE lotse.process_versions SET name = 'x' WHERE key = 'rls-draft' RETURNING 1)
SELECT is(count(*)::int, 0, 'a viewer (no write region) changes nothing') FROM changed;
SELECT set_config('lotse.write_region_ids', '{' || mine || '}', true) FROM ids;
SELECT lives_ok($$UPDATE lotse.process_versions SET description = 'neu' WHERE key = 'rls-draft'$$,
                'the coordinator changes the draft');
SELECT throws_ok($$UPDATE lotse.process_versions SET status = 'approved' WHERE key = 'rls-submitted'$$,
                 '23514', NULL, 'the coordinator cannot approve its own submission');
SELECT throws_ok($$UPDATE lotse.process_versions SET name = 'x' WHERE key = 'rls-submitted'$$,
                 '23514', NULL, 'nor change a version under review');
SELECT throws_ok($$INSERT INTO lotse.process_reviews (key, version, region_id, kind)
                   SELECT 'rls-draft', 1, mine, 'approved' FROM ids$$, '42501', NULL,
                 'a region writes no review entry');

-- ------------------------------------------------------------------ the FAI
SELECT set_config('lotse.roles', 'fai_staff', true), set_config('lotse.region_ids', '', true),
       set_config('lotse.write_region_ids', '', true);
SELECT is((SELECT array_agg(key ORDER BY key) FROM lotse.process_versions
            WHERE key LIKE 'rls-%'), ARRAY['rls-published', 'rls-submitted'],
          'FAI staff see what was submitted and what is published, not the draft');
SELECT is((SELECT count(*) FROM lotse.process_steps WHERE key = 'rls-draft')::int, 0,
          'nor the draft''s steps');
SELECT throws_ok($$UPDATE lotse.process_versions SET published_at = now() WHERE key = 'rls-submitted'$$,
                 '23514', NULL, 'FAI staff do not publish');
SELECT lives_ok($$UPDATE lotse.process_versions SET status = 'approved' WHERE key = 'rls-submitted'$$,
                'FAI staff approve what is in review');
SELECT throws_ok($$UPDATE lotse.process_versions SET name = 'x' WHERE key = 'rls-submitted'$$,
                 '23514', NULL, 'nor change a region''s version');
SELECT set_config('lotse.roles', 'fai_lead', true);
SELECT lives_ok($$UPDATE lotse.process_versions SET published_at = now() WHERE key = 'rls-submitted'$$,
                'FAI leadership publishes what was approved');
SELECT throws_ok($$UPDATE lotse.process_versions SET description = 'später' WHERE key = 'rls-published'$$,
                 '23514', NULL, 'a published version never changes');
SELECT throws_ok($$UPDATE lotse.process_versions SET published_at = clock_timestamp()
                   WHERE key = 'rls-published'$$,
                 '23514', NULL, 'and is published once');

RESET ROLE;
SELECT * FROM finish();
ROLLBACK;

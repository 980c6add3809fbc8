-- inquiries.sql - row-level security of employer inquiries, companies, obstacles and
-- their links (sql/0012_inquiries.sql), proved inside the database as lotse_app with the
-- settings the request pipeline sets: another region's rows are invisible and cannot be
-- written or pointed at; FAI staff reach the inquiries received by the FAI, the companies
-- those name, and nothing else; FAI leadership reaches nothing, not even as a member; and
-- the trigger keeps the rules across fields.
-- Runs as superuser postgres inside BEGIN ... ROLLBACK: it leaves nothing behind.
\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SET LOCAL client_min_messages = warning;
SELECT plan(32);
GRANT SELECT, INSERT, UPDATE, DELETE ON __tcache__ TO lotse_app;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE __tcache___id_seq, __tresults___numb_seq TO lotse_app;

-- Only the rows below, whatever earlier tests left (rolled back at the end): rows of
-- regions 1 and 2, written by the superuser (it bypasses RLS), with fixed ids, so the
-- assertions can name them.
DELETE FROM lotse.inquiry_obstacles;
DELETE FROM lotse.inquiries;
DELETE FROM lotse.companies;
DELETE FROM lotse.obstacles;
INSERT INTO lotse.companies (region_id, id, name) VALUES
    (1, '00000000-0000-4000-8000-0000000000c1', 'Eins GmbH'),
    (2, '00000000-0000-4000-8000-0000000000c2', 'Zwei GmbH'),
    (1, '00000000-0000-4000-8000-0000000000c3', 'Drei GmbH (FAI)');
INSERT INTO lotse.inquiries (region_id, id, received_on, channel, received_by, company_id) VALUES
    (1, '00000000-0000-4000-8000-0000000000a1', '2026-01-10', 'phone', 'region',
        '00000000-0000-4000-8000-0000000000c1'),
    (1, '00000000-0000-4000-8000-0000000000a2', '2026-01-11', 'email', 'fai',
        '00000000-0000-4000-8000-0000000000c3'),
    (2, '00000000-0000-4000-8000-0000000000a3', '2026-01-12', 'email', 'fai',
        '00000000-0000-4000-8000-0000000000c2');
INSERT INTO lotse.obstacles (region_id, id, title, category, description, severity) VALUES
    (1, '00000000-0000-4000-8000-0000000000b1', 'Eins', 'costs', 'x', 'low'),
    (2, '00000000-0000-4000-8000-0000000000b2', 'Zwei', 'costs', 'x', 'low');
INSERT INTO lotse.inquiry_obstacles (region_id, inquiry_id, obstacle_id) VALUES
    (1, '00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000b1'),
    (1, '00000000-0000-4000-8000-0000000000a2', '00000000-0000-4000-8000-0000000000b1');
INSERT INTO lotse.offers (region_id, id, title, provider, url) VALUES
    (1, '00000000-0000-4000-8000-0000000000f1', 'Angebot', 'ihk', 'https://example.org');

SET LOCAL ROLE lotse_app;

-- ------------------------------------------------------------------ no one
SELECT is((SELECT count(*) FROM lotse.inquiries)::int + (SELECT count(*) FROM lotse.companies)::int
          + (SELECT count(*) FROM lotse.obstacles)::int, 0,
          'no settings: no inquiry, company or obstacle is visible');

-- ------------------------------------------------------------------ coordinator of region 1
SELECT set_config('lotse.roles', '', true), set_config('lotse.region_ids', '{1}', true),
       set_config('lotse.write_region_ids', '{1}', true);
SELECT results_eq('SELECT name FROM lotse.companies ORDER BY name',
                  ARRAY['Drei GmbH (FAI)', 'Eins GmbH'],
                  'coordinator of 1: exactly the companies of region 1');
SELECT results_eq('SELECT id::text FROM lotse.inquiries ORDER BY id',
                  ARRAY['00000000-0000-4000-8000-0000000000a1',
                        '00000000-0000-4000-8000-0000000000a2'],
                  'coordinator of 1: the region''s inquiries, whoever received them');
SELECT is((SELECT count(*) FROM lotse.obstacles WHERE region_id = 2)::int, 0,
          'coordinator of 1: asking for region 2''s obstacles finds nothing');
SELECT is((SELECT count(*) FROM lotse.inquiry_obstacles)::int, 2,
          'coordinator of 1: the links of region 1');
SELECT throws_ok($$INSERT INTO lotse.inquiries (region_id, received_on, channel, received_by)
                   VALUES (2, '2026-01-10', 'phone', 'region')$$, '42501', NULL,
                 'coordinator of 1: cannot log an inquiry in region 2');
SELECT throws_ok($$INSERT INTO lotse.inquiries (region_id, received_on, channel, received_by,
                   company_id) VALUES (1, '2026-01-10', 'phone', 'region',
                   '00000000-0000-4000-8000-0000000000c2')$$, '23503', NULL,
                 'an inquiry cannot name a company of another region (composite key)');
SELECT throws_ok($$INSERT INTO lotse.inquiry_obstacles VALUES (1,
                   '00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000b2')$$,
                 '23503', NULL, 'an inquiry cannot be linked to an obstacle of another region');
WITH changed AS (UPDATE lotse.companies SET name = 'x' WHERE region_id = 2 RETURNING 1)
SELECT is(count(*)::int, 0, 'coordinator of 1: changes no company of region 2') FROM changed;

-- ------------------------------------------------------------------ viewer of region 1
SELECT set_config('lotse.write_region_ids', '', true);
WITH changed AS (UPDATE lotse.inquiries SET notes = 'x' RETURNING 1)
SELECT is(count(*)::int, 0, 'viewer of 1: reads but changes no inquiry') FROM changed;

-- ------------------------------------------------------------------ FAI staff
SELECT set_config('lotse.roles', 'fai_staff', true), set_config('lotse.region_ids', '', true),
       set_config('lotse.write_region_ids', '', true);
SELECT results_eq('SELECT id::text FROM lotse.inquiries ORDER BY id',
                  ARRAY['00000000-0000-4000-8000-0000000000a2',
                        '00000000-0000-4000-8000-0000000000a3'],
                  'FAI staff: the inquiries received by the FAI, in every region, and no other');
SELECT results_eq('SELECT name FROM lotse.companies ORDER BY name',
                  ARRAY['Drei GmbH (FAI)', 'Zwei GmbH'],
                  'FAI staff: only the companies the FAI''s inquiries name');
SELECT is((SELECT count(*) FROM lotse.obstacles)::int, 0, 'FAI staff: no obstacle');
SELECT results_eq('SELECT inquiry_id::text FROM lotse.inquiry_obstacles',
                  ARRAY['00000000-0000-4000-8000-0000000000a2'],
                  'FAI staff: only the links of the FAI''s inquiries');
SELECT lives_ok($$INSERT INTO lotse.inquiries (region_id, received_on, channel, received_by)
                  VALUES (1, '2026-01-13', 'website', 'fai')$$,
                'FAI staff: log an inquiry received by the FAI for region 1');
SELECT throws_ok($$INSERT INTO lotse.inquiries (region_id, received_on, channel, received_by)
                   VALUES (1, '2026-01-13', 'website', 'region')$$, '42501', NULL,
                 'FAI staff: cannot log one as received by the region');
WITH changed AS (UPDATE lotse.inquiries SET notes = 'x'
                  WHERE id = '00000000-0000-4000-8000-0000000000a1' RETURNING 1)
SELECT is(count(*)::int, 0, 'FAI staff: cannot change an inquiry the region received') FROM changed;
WITH changed AS (UPDATE lotse.inquiries SET notes = 'x'
                  WHERE id = '00000000-0000-4000-8000-0000000000a2' RETURNING 1)
SELECT is(count(*)::int, 1, 'FAI staff: change an inquiry the FAI received') FROM changed;
SELECT throws_ok($$UPDATE lotse.inquiries SET received_by = 'region'
                   WHERE id = '00000000-0000-4000-8000-0000000000a2'$$, '42501', NULL,
                 'FAI staff: cannot hand an inquiry to the region (out of their reach)');
WITH gone AS (DELETE FROM lotse.inquiries RETURNING 1)
SELECT is(count(*)::int, 0, 'FAI staff: delete no inquiry') FROM gone;
SELECT lives_ok($$INSERT INTO lotse.companies (region_id, id, name)
                  VALUES (1, '00000000-0000-4000-8000-0000000000c4', 'Neu GmbH')$$,
                'FAI staff: add the company an inquiry they log names');
SELECT is((SELECT count(*) FROM lotse.companies
            WHERE id = '00000000-0000-4000-8000-0000000000c4')::int, 0,
          'FAI staff: a company no FAI inquiry names stays invisible, even one they added');
SELECT throws_ok($$INSERT INTO lotse.obstacles (region_id, title, category, description, severity)
                   VALUES (1, 'x', 'costs', 'x', 'low')$$, '42501', NULL,
                 'FAI staff: cannot record an obstacle');
SELECT throws_ok($$INSERT INTO lotse.inquiry_obstacles VALUES (1,
                   '00000000-0000-4000-8000-0000000000a2', '00000000-0000-4000-8000-0000000000b1')$$,
                 '42501', NULL, 'FAI staff: cannot link obstacles');

-- ------------------------------------------------------------------ FAI leadership
SELECT set_config('lotse.roles', 'fai_lead', true), set_config('lotse.region_ids', '{1,2}', true),
       set_config('lotse.write_region_ids', '{1,2}', true);
SELECT is((SELECT count(*) FROM lotse.companies)::int, 0,
          'FAI leadership: no company name, even as a member of both regions');
SELECT is((SELECT count(*) FROM lotse.inquiries)::int + (SELECT count(*) FROM lotse.obstacles)::int
          + (SELECT count(*) FROM lotse.inquiry_obstacles)::int, 0,
          'FAI leadership: no inquiry, obstacle or link either');
SELECT throws_ok($$INSERT INTO lotse.companies (region_id, name) VALUES (1, 'x')$$, '42501', NULL,
                 'FAI leadership: cannot add a company');
SELECT set_config('lotse.roles', 'fai_staff,fai_lead', true);
SELECT is((SELECT count(*) FROM lotse.inquiries)::int, 0,
          'FAI leadership that is also FAI staff: still nothing');

-- ------------------------------------------------------------------ rules across fields
SELECT set_config('lotse.roles', '', true), set_config('lotse.region_ids', '{1}', true),
       set_config('lotse.write_region_ids', '{1}', true);
SELECT throws_ok($$INSERT INTO lotse.inquiries (region_id, received_on, channel, received_by,
                   stays_with_fai) VALUES (1, '2026-01-10', 'phone', 'region', true)$$, 'LTQ02',
                 NULL, 'only an inquiry received by the FAI can stay with the FAI');
SELECT throws_ok($$INSERT INTO lotse.inquiries (region_id, received_on, channel, received_by,
                   outcome) VALUES (1, '2026-01-10', 'phone', 'region', 'referred')$$, 'LTQ03',
                 NULL, 'referred names the offer');
SELECT throws_ok($$UPDATE lotse.inquiries SET size_class = 'small'
                   WHERE id = '00000000-0000-4000-8000-0000000000a1'$$, 'LTQ04', NULL,
                 'with a company, the inquiry keeps no size class of its own');
UPDATE lotse.inquiries SET offer_id = '00000000-0000-4000-8000-0000000000f1', outcome = 'referred'
 WHERE id = '00000000-0000-4000-8000-0000000000a1';
DELETE FROM lotse.offers WHERE id = '00000000-0000-4000-8000-0000000000f1';
SELECT results_eq($$SELECT outcome, offer_id IS NULL FROM lotse.inquiries
                    WHERE id = '00000000-0000-4000-8000-0000000000a1'$$,
                  $$VALUES ('referred', true)$$,
                  'a deleted offer leaves the referral''s outcome as history');

RESET ROLE;
SELECT * FROM finish();
ROLLBACK;

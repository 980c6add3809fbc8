-- dashboards.sql - the rollups behind the dashboards (sql/0015_dashboards.sql), proved
-- inside the database as lotse_app with the settings the request pipeline sets: the
-- triggers keep them as inquiries change; a member reads their own regions' rows and of
-- the others only sums, FAI staff and leadership every region's rows, everyone else
-- nothing; the application can read the rollups but never write them, nor read the
-- bookkeeping, nor rebuild; the policy report's proposals are the FAI's alone.
-- Runs as superuser postgres inside BEGIN ... ROLLBACK: it leaves nothing behind.
\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SET LOCAL client_min_messages = warning;
SELECT plan(27);
GRANT SELECT, INSERT, UPDATE, DELETE ON __tcache__ TO lotse_app;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE __tcache___id_seq, __tresults___numb_seq TO lotse_app;

-- Inquiries of 2015 in regions 1 (4), 2 (6) and 3 (1), written by the superuser; the
-- triggers count them.
INSERT INTO lotse.inquiries (region_id, received_on, channel, received_by, sector)
SELECT r, DATE '2015-03-03', 'email', 'region', 'C'
  FROM (VALUES (1, 4), (2, 6), (3, 1)) v(r, n), generate_series(1, v.n);
INSERT INTO lotse.obstacles (region_id, title, category, description, severity, policy_proposal)
VALUES (2, 'Zwei', 'costs', 'x', 'low', 'Vorschlag Zwei'),
       (3, 'Drei', 'recognition_duration', 'x', 'high', 'Vorschlag Drei');
-- region 3's inquiry met obstacle 'Drei' (which no one marked as seen)
INSERT INTO lotse.inquiry_obstacles (region_id, inquiry_id, obstacle_id)
SELECT 3, i.id, o.id FROM lotse.inquiries i, lotse.obstacles o
 WHERE i.region_id = 3 AND o.region_id = 3 AND o.title = 'Drei';

SET LOCAL ROLE lotse_app;

-- ------------------------------------------------------------------ no one
SELECT is((SELECT count(*) FROM lotse.dash_inquiry_facts)::int, 0,
          'no settings: no rollup row is visible');
SELECT set_config('lotse.roles', 'fai_esf,admin', true);
SELECT is((SELECT count(*) FROM lotse.dash_inquiry_facts)::int, 0,
          'the ESF+ team and an administrator see no rollup row');

-- ------------------------------------------------------------------ a member of region 1
SELECT set_config('lotse.roles', '', true), set_config('lotse.region_ids', '{1}', true),
       set_config('lotse.write_region_ids', '{1}', true);
SELECT is((SELECT sum(n) FROM lotse.dash_inquiry_facts
            WHERE dim = 'total' AND month = '2015-03-01')::int, 4,
          'member of 1: the triggers counted their region''s four inquiries');
SELECT is((SELECT count(*) FROM lotse.dash_inquiry_facts WHERE region_id <> 1)::int, 0,
          'member of 1: no row of another region');
SELECT is((SELECT n FROM lotse.dashboard_others('inquiries', '2015-03-01', '2015-03-31')
            WHERE dim = 'total')::int, 7,
          'member of 1: the other regions only as their sum (6 + 1)');
SELECT is((SELECT regions FROM lotse.dashboard_others('inquiries', '2015-03-01', '2015-03-31')
            WHERE dim = 'total')::int, 2,
          'member of 1: and how many of them have any');
SELECT throws_ok($$INSERT INTO lotse.dash_inquiry_facts VALUES (1, 'total', '2015-03-01', 'all', 1)$$,
                 '42501', NULL, 'member of 1: cannot write a rollup, not even of their region');
SELECT throws_ok($$UPDATE lotse.dash_inquiry_facts SET n = 0$$, '42501', NULL,
                 'member of 1: cannot change a rollup');
SELECT throws_ok($$SELECT * FROM lotse.dash_inquiry_state$$, '42501', NULL,
                 'the bookkeeping of each inquiry is not the application''s to read');
SELECT throws_ok($$SELECT * FROM lotse.dash_company_months$$, '42501', NULL,
                 'nor the bookkeeping of each company');
SELECT throws_ok($$SELECT lotse.rebuild_rollups()$$, '42501', NULL,
                 'the application cannot rebuild the rollups');
SELECT throws_ok($$SELECT * FROM lotse.policy_proposals('2015-01-01', '2015-12-31')$$, '42501',
                 NULL, 'member of 1: the proposals to the ministry are not theirs to read');
SELECT is((SELECT count(*) FROM lotse.dashboard_bulletin_reads('2000-01-01', '2100-01-01')
            WHERE region_id <> 1)::int, 0,
          'member of 1: no other region''s bulletin reads');

-- the triggers follow a change of the member's own, in the same transaction
UPDATE lotse.inquiries SET received_on = '2015-04-04' WHERE region_id = 1
   AND id = (SELECT min(id::text)::uuid FROM lotse.inquiries WHERE region_id = 1
              AND received_on = '2015-03-03');
SELECT is((SELECT string_agg(to_char(month, 'MM') || '=' || n, ',' ORDER BY month)
             FROM lotse.dash_inquiry_facts
            WHERE dim = 'total' AND month BETWEEN '2015-03-01' AND '2015-04-01' AND n <> 0),
          '03=3,04=1', 'member of 1: a moved inquiry moves its count at once');
DELETE FROM lotse.inquiries WHERE region_id = 1 AND received_on = '2015-04-04';
SELECT is((SELECT sum(n) FROM lotse.dash_inquiry_facts
            WHERE dim = 'total' AND month = '2015-04-01')::int, 0,
          'member of 1: a deleted inquiry takes its count along');

-- ------------------------------------------------------------------ FAI leadership and staff
SELECT set_config('lotse.roles', 'fai_lead', true), set_config('lotse.region_ids', '', true),
       set_config('lotse.write_region_ids', '', true);
SELECT is((SELECT count(*) FROM lotse.inquiries)::int, 0,
          'FAI leadership: still no inquiry');
SELECT is((SELECT sum(n) FROM lotse.dash_inquiry_facts
            WHERE dim = 'total' AND month = '2015-03-01')::int, 10,
          'FAI leadership: every region''s counts (3 + 6 + 1)');
SELECT is((SELECT count(*) FROM lotse.dashboard_others('inquiries', '2015-01-01', '2015-12-31'))::int,
          0, 'FAI leadership: the members'' view of the others gives them nothing');
SELECT is((SELECT proposal FROM lotse.policy_proposals('2015-01-01', '2015-12-31')
            WHERE proposal = 'Vorschlag Zwei'), NULL,
          'FAI leadership: a proposal of an obstacle no inquiry met and no one saw is not in');
SELECT is((SELECT proposal FROM lotse.policy_proposals('2015-03-01', '2015-03-31')
            WHERE proposal = 'Vorschlag Drei'), 'Vorschlag Drei',
          'FAI leadership: a proposal of an obstacle an inquiry of the range met is in');
SELECT is((SELECT proposal FROM lotse.policy_proposals('2015-04-01', '2015-12-31')
            WHERE proposal = 'Vorschlag Drei'), NULL,
          'FAI leadership: not in a range without such an inquiry');
RESET ROLE;
UPDATE lotse.inquiries SET received_on = '2015-06-06' WHERE region_id = 3;
SET LOCAL ROLE lotse_app;
SELECT is((SELECT proposal FROM lotse.policy_proposals('2015-06-01', '2015-06-30')
            WHERE proposal = 'Vorschlag Drei'), 'Vorschlag Drei', 'FAI leadership: the proposal follows its inquiry to another month');
RESET ROLE;
DELETE FROM lotse.inquiry_obstacles WHERE region_id = 3;
SET LOCAL ROLE lotse_app;
SELECT is((SELECT proposal FROM lotse.policy_proposals('2015-01-01', '2015-12-31')
            WHERE proposal = 'Vorschlag Drei'), NULL,
          'FAI leadership: and leaves once the inquiry no longer meets the obstacle');
-- sums over a range read whole years from the yearly rows and the months around them
RESET ROLE;
-- (Tuvalu as their target country, which no other test uses)
INSERT INTO lotse.inquiries (region_id, received_on, channel, received_by, target_countries)
SELECT 4, d::date, 'email', 'region', '{TV}'
  FROM unnest('{2013-12-15,2014-01-10,2014-06-01,2014-12-31,2015-01-01,2016-07-07}'::text[]) d;
SET LOCAL ROLE lotse_app;
CREATE TEMP VIEW region_4_sums AS
SELECT string_agg(coalesce((SELECT s.n FROM lotse.dash_inquiry_sums('{4}', '{country}', r.f, r.t) s
                             WHERE s.key = 'TV'),
                           0)::text, ',' ORDER BY r.i)
  FROM (VALUES (1, DATE '2013-12-01', DATE '2014-12-31'), (2, '2014-01-01', '2014-12-31'),
               (3, '2013-12-01', '2015-01-31'), (4, '2014-02-01', '2014-11-30'),
               (5, '2013-01-01', '2016-12-31')) r(i, f, t);
SELECT is((SELECT * FROM region_4_sums), '4,3,5,1,6',
          'FAI leadership: sums over ranges within, across and around whole years');
RESET ROLE;
UPDATE lotse.inquiries SET received_on = '2016-02-02'
 WHERE region_id = 4 AND received_on = '2014-06-01';
SET LOCAL ROLE lotse_app;
SELECT is((SELECT * FROM region_4_sums), '3,2,4,0,6',
          'FAI leadership: a moved inquiry moves in the yearly rows too');
SELECT set_config('lotse.roles', 'fai_staff', true);
SELECT is((SELECT count(DISTINCT region_id) FROM lotse.dash_inquiry_facts
            WHERE month = '2015-03-01')::int, 3,
          'FAI staff: every region''s rows');
SELECT throws_ok($$DELETE FROM lotse.dash_inquiry_facts$$, '42501', NULL,
                 'FAI staff: cannot write a rollup');

SELECT * FROM finish();
ROLLBACK;

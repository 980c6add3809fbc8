-- participants.sql - the row-level security of participant lists and cost splits
-- (sql/0013) as lotse_app with the settings the pipeline sets: a coordinator sees their
-- region's rows only; fai_esf reads every region's participants and joint events and
-- writes nothing; fai_lead, fai_staff and admin see no participant; the data-subject
-- functions refuse anyone but an administrator and erase one person only; lotse_app
-- cannot run the retention purge, the owner can; the rules of joint events hold in the
-- database itself.
-- Runs as superuser postgres inside BEGIN ... ROLLBACK: it leaves nothing behind. Other
-- tests and the running stack write rows too, so counts filter on this run's names.
\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SET LOCAL client_min_messages = warning;
SELECT plan(27);
-- pgTAP keeps its state in temporary objects of this (superuser) session.
GRANT SELECT, INSERT, UPDATE, DELETE ON __tcache__ TO lotse_app;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE __tcache___id_seq, __tresults___numb_seq TO lotse_app;

CREATE TEMP TABLE run (tag text, subject text);
INSERT INTO run VALUES ('pgtap-' || pg_backend_pid(),
                        'subject-' || pg_backend_pid() || '@pgtap.example');
GRANT SELECT ON run TO lotse_app;

-- Written by the superuser (it bypasses RLS): a joint event in regions 1 and 2, a
-- non-joint one in 2, participants in both (the subject in both), a split in 1.
INSERT INTO lotse.activities (region_id, title, kind, starts_on, joint)
SELECT r, tag || '-' || r || '-' || j, 'event', DATE '2025-03-01', j
  FROM run, (VALUES (1, true), (2, true), (2, false)) v(r, j);
INSERT INTO lotse.participants (region_id, activity_id, name, email, participated_on,
                                attendance_confirmed_by, information_given_on, information_how,
                                esf_reporting_consent)
SELECT a.region_id, a.id, run.tag, e, DATE '2025-03-01', 'signature', DATE '2025-03-01', 'email',
       true
  FROM run JOIN lotse.activities a ON a.title LIKE run.tag || '-%-true',
       LATERAL (VALUES (run.subject), ('other-' || run.subject)) v(e);
INSERT INTO lotse.activity_cost_splits (region_id, activity_id, estimated_cost_cents,
                                        region_share_basis_points, fai_share_basis_points,
                                        agreed_on)
SELECT region_id, id, 1000, 5000, 5000, DATE '2025-02-01'
  FROM lotse.activities, run WHERE title = run.tag || '-1-true';

CREATE TEMP VIEW mine AS
SELECT p.* FROM lotse.participants p, run WHERE p.name = run.tag;
GRANT SELECT ON mine TO lotse_app;
ALTER VIEW mine SET (security_invoker = true);

-- ------------------------------------------------------------------ the region
SET LOCAL ROLE lotse_app;
SELECT is((SELECT count(*) FROM mine)::int, 0, 'app, no settings: sees no participant');
SELECT set_config('lotse.user_id', gen_random_uuid()::text, true),
       set_config('lotse.region_ids', '{1}', true), set_config('lotse.write_region_ids', '{1}', true);
SELECT results_eq('SELECT DISTINCT region_id FROM mine', ARRAY[1::smallint],
                  'coordinator of {1}: sees the participants of region 1 only');
SELECT is((SELECT count(*) FROM mine)::int, 2, 'coordinator of {1}: both of region 1');
SELECT throws_ok($$INSERT INTO lotse.participants (region_id, activity_id, name, participated_on,
                   attendance_confirmed_by, information_given_on, information_how,
                   esf_reporting_consent)
                   SELECT 2, gen_random_uuid(), 'x', DATE '2025-03-01', 'signature',
                          DATE '2025-03-01', 'email', true$$,
                 '42501', NULL, 'coordinator of {1}: cannot add a participant in region 2');
SELECT is((SELECT count(*) FROM lotse.activity_cost_splits s JOIN lotse.activities a
             ON a.region_id = s.region_id AND a.id = s.activity_id, run
            WHERE a.title LIKE run.tag || '%')::int, 1,
          'coordinator of {1}: sees region 1''s cost split');

-- ------------------------------------------------------------------ fai_esf
SELECT set_config('lotse.region_ids', '{}', true), set_config('lotse.write_region_ids', '{}', true),
       set_config('lotse.roles', 'fai_esf', true);
SELECT is((SELECT count(*) FROM mine)::int, 4, 'fai_esf: reads the participants of every region');
SELECT is((SELECT count(*) FROM lotse.activities a, run WHERE a.title LIKE run.tag || '%')::int, 2,
          'fai_esf: sees the two joint events, not the activity that is not joint');
SELECT is((SELECT count(*) FROM lotse.activity_cost_splits)::int, 0, 'fai_esf: sees no cost split');
SELECT throws_ok($$INSERT INTO lotse.participants (region_id, activity_id, name, participated_on,
                   attendance_confirmed_by, information_given_on, information_how,
                   esf_reporting_consent)
                   SELECT region_id, activity_id, 'x', participated_on, 'signature',
                          participated_on, 'email', true FROM mine LIMIT 1$$,
                 '42501', NULL, 'fai_esf: cannot add a participant');
WITH changed AS (UPDATE lotse.participants SET name = 'changed'
                  WHERE name = (SELECT tag FROM run) RETURNING 1)
SELECT is(count(*)::int, 0, 'fai_esf: UPDATE changes no participant') FROM changed;
WITH gone AS (DELETE FROM lotse.participants WHERE name = (SELECT tag FROM run) RETURNING 1)
SELECT is(count(*)::int, 0, 'fai_esf: DELETE removes no participant') FROM gone;

-- ------------------------------------------------------------------ no one else
SELECT set_config('lotse.roles', 'fai_lead', true);
SELECT is((SELECT count(*) FROM mine)::int, 0, 'fai_lead: sees no participant');
SELECT set_config('lotse.roles', 'fai_staff', true);
SELECT is((SELECT count(*) FROM mine)::int, 0, 'fai_staff: sees no participant');
SELECT set_config('lotse.roles', 'admin', true);
SELECT is((SELECT count(*) FROM mine)::int, 0, 'admin without regions: sees no participant');
SELECT set_config('lotse.roles', 'fai_esfx,fai_lead', true);
SELECT is((SELECT count(*) FROM mine)::int, 0, 'a role "fai_esfx" is not fai_esf');

-- ------------------------------------------------------------------ data-subject requests
SELECT set_config('lotse.roles', 'fai_esf,fai_lead', true),
       set_config('lotse.region_ids', '{1,2}', true), set_config('lotse.write_region_ids', '{1,2}', true);
SELECT throws_ok($$SELECT lotse.data_subject_export((SELECT subject FROM run), NULL)$$, '42501',
                 NULL, 'a coordinator of both regions who is no administrator: no export');
SELECT throws_ok($$SELECT lotse.data_subject_erase((SELECT subject FROM run), NULL)$$, '42501',
                 NULL, 'nor an erasure');
SELECT is((SELECT count(*) FROM mine)::int, 4, 'the refused erasure changed nothing');
SELECT throws_ok('SELECT * FROM lotse.purge_past_retention()', '42501', NULL,
                 'app: cannot run the retention purge');
SELECT set_config('lotse.roles', 'admin', true), set_config('lotse.region_ids', '', true),
       set_config('lotse.write_region_ids', '', true);
SELECT is(jsonb_array_length(lotse.data_subject_export((SELECT subject FROM run), NULL)
                             -> 'participants'), 2,
          'admin: the export finds the subject in both regions, without region settings');
SELECT is((lotse.data_subject_erase(upper((SELECT subject FROM run)), NULL)
           ->> 'participants_deleted')::int, 2,
          'admin: the erasure deletes the subject''s two records, matched regardless of case');
SELECT is(current_setting('lotse.region_ids', true), '',
          'the functions put the caller''s region settings back');
RESET ROLE;
SELECT results_eq($$SELECT email FROM lotse.participants, run WHERE name = run.tag$$,
                  $$SELECT 'other-' || subject FROM run, (VALUES (1), (2)) v(n)$$,
                  'everyone else''s records are left');

-- ------------------------------------------------------------------ rules and retention
SELECT throws_ok($$INSERT INTO lotse.participants (region_id, activity_id, name, participated_on,
                   attendance_confirmed_by, information_given_on, information_how,
                   esf_reporting_consent)
                   SELECT region_id, id, 'x', starts_on, 'signature', starts_on, 'email', true
                     FROM lotse.activities, run WHERE title = run.tag || '-2-false'$$,
                 'LTJ01', NULL, 'no participant for an activity that is not a joint event');
SELECT throws_ok($$UPDATE lotse.activity_cost_splits SET region_share_basis_points = 4900
                    WHERE activity_id IN (SELECT id FROM lotse.activities, run
                                           WHERE title = run.tag || '-1-true')$$,
                 '23514', NULL, 'shares that do not add up to 10000 are refused');
SELECT throws_ok($$UPDATE lotse.activities SET joint = false
                    WHERE title = (SELECT tag FROM run) || '-1-true'$$,
                 'LTJ04', NULL, 'a joint event with participants stays joint');
UPDATE lotse.participants SET retain_until = DATE '2025-03-01'
 WHERE name = (SELECT tag FROM run) AND region_id = 2;
SET LOCAL ROLE lotse_owner;
SELECT is((SELECT purged FROM lotse.purge_past_retention() WHERE kind = 'participant')::int, 1,
          'owner: the purge deletes the record past its retention date, and only that one');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;

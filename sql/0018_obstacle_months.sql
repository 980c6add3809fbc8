-- 0018_obstacle_months.sql - the policy report's proposals from a rollup.
--
-- lotse.policy_proposals() asked, for every obstacle with a proposal, whether an inquiry
-- received in the range met it, by counting every link of that obstacle: 1.4 million
-- links at demo scale 100, 3.7 s per report. The rollups of sql/0015 now also count the
-- inquiries per obstacle and month (dim 'obstacle_id', key the obstacle's id), kept by
-- the same bookkeeping as every other fact of an inquiry, so the question is one index
-- probe per obstacle. The ranges of the dashboards and the report are whole months.
--
-- And the inquiry facts gain a yearly level (dash_inquiry_years), kept with the monthly one:
-- a range's sums read its whole calendar years there and only the months at its ends from
-- the monthly rows (lotse.dash_inquiry_sums), a fifth of the rows for five years.

CREATE TABLE lotse.dash_inquiry_years (
    region_id smallint NOT NULL REFERENCES lotse.regions,
    dim       text NOT NULL,
    year      date NOT NULL CHECK (extract(month FROM year) = 1 AND extract(day FROM year) = 1),
    key       text NOT NULL,
    n         integer NOT NULL,
    PRIMARY KEY (region_id, dim, year, key)
);
SELECT lotse.dash_rollup('lotse.dash_inquiry_years', true);

-- The monthly and the yearly counts move together, in the same fixed order.
CREATE OR REPLACE FUNCTION lotse.dash_inquiry_facts_apply(r smallint, old_month date,
                                                          old_facts text[], new_month date,
                                                          new_facts text[]) RETURNS void
    LANGUAGE sql AS $$
    INSERT INTO lotse.dash_inquiry_facts AS f (region_id, dim, month, key, n)
    SELECT r, split_part(d.fact, ':', 1), d.month, substr(d.fact, strpos(d.fact, ':') + 1),
           sum(d.delta)
      FROM (SELECT old_month AS month, unnest(old_facts) AS fact, -1 AS delta
             WHERE old_month IS NOT NULL
            UNION ALL
            SELECT new_month, unnest(new_facts), 1 WHERE new_month IS NOT NULL) d
     GROUP BY 2, 3, 4 HAVING sum(d.delta) <> 0
     ORDER BY 2, 3, 4
    ON CONFLICT (region_id, dim, month, key) DO UPDATE SET n = f.n + excluded.n;
    INSERT INTO lotse.dash_inquiry_years AS f (region_id, dim, year, key, n)
    SELECT r, split_part(d.fact, ':', 1), make_date(extract(year FROM d.month)::int, 1, 1),
           substr(d.fact, strpos(d.fact, ':') + 1), sum(d.delta)
      FROM (SELECT old_month AS month, unnest(old_facts) AS fact, -1 AS delta
             WHERE old_month IS NOT NULL
            UNION ALL
            SELECT new_month, unnest(new_facts), 1 WHERE new_month IS NOT NULL) d
     GROUP BY 2, 3, 4 HAVING sum(d.delta) <> 0
     ORDER BY 2, 3, 4
    ON CONFLICT (region_id, dim, year, key) DO UPDATE SET n = f.n + excluded.n;
$$;

-- The whole calendar years from the first to the last day of a range: from the first
-- January 1 on it, up to (not including) the January 1 after its last whole year.
CREATE FUNCTION lotse.dash_first_year(from_day date) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN from_day = make_date(extract(year FROM from_day)::int, 1, 1)
                      THEN from_day
                      ELSE make_date(extract(year FROM from_day)::int + 1, 1, 1) END $$;
CREATE FUNCTION lotse.dash_stop_year(to_day date) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT make_date(extract(year FROM to_day + 1)::int, 1, 1) $$;

-- The inquiry facts of the regions and characteristics given, summed over the months
-- from_month to to_month (the first and the last day of whole months): whole calendar
-- years from the yearly rows, the rest from the monthly ones. The caller's row-level
-- security applies. Planned for the range at hand on every call: a plan made once for any
-- range (the generic plan a prepared statement falls back to) reads every row.
CREATE FUNCTION lotse.dash_inquiry_sums(regions smallint[], dims text[], from_month date,
                                        to_month date)
    RETURNS TABLE (region_id smallint, dim text, key text, n bigint)
    LANGUAGE plpgsql STABLE SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    first_year date := lotse.dash_first_year(from_month);
    stop_year  date := lotse.dash_stop_year(to_month);
BEGIN
    RETURN QUERY
    SELECT x.region_id, x.dim, x.key, sum(x.n)::bigint
      FROM (SELECT y.region_id, y.dim, y.key, y.n
              FROM lotse.dash_inquiry_years y
             WHERE y.region_id = ANY (regions) AND y.dim = ANY (dims)
               AND y.year >= first_year AND y.year < stop_year
            UNION ALL
            SELECT f.region_id, f.dim, f.key, f.n
              FROM lotse.dash_inquiry_facts f
             WHERE f.region_id = ANY (regions) AND f.dim = ANY (dims)
               AND f.month BETWEEN from_month AND to_month
               AND NOT (f.month >= first_year AND f.month < stop_year)) x
     GROUP BY 1, 2, 3;
END $$;
GRANT EXECUTE ON FUNCTION lotse.dash_inquiry_sums(smallint[], text[], date, date) TO lotse_app;

-- The facts of an inquiry, now with the obstacles it met by id.
CREATE FUNCTION lotse.dash_inquiry_facts_of(received_by text, outcome text,
                                            stays_with_fai boolean, size_class text,
                                            sector text, topics text[], countries text[],
                                            obstacle_categories text[],
                                            obstacle_ids uuid[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT ARRAY(SELECT DISTINCT f FROM unnest(
              ARRAY['total:all', 'sector:' || coalesce(sector, 'unknown'),
                    'size_class:' || coalesce(size_class, 'unknown'),
                    'referral:' || received_by || ':' || CASE WHEN outcome = 'referred'
                        THEN 'referred' WHEN stays_with_fai THEN 'stays_with_fai'
                        ELSE 'not_referred' END]
              || CASE WHEN cardinality(topics) = 0 THEN ARRAY['topic:none']
                      ELSE ARRAY(SELECT 'topic:' || t FROM unnest(topics) t) END
              || CASE WHEN cardinality(countries) = 0 THEN ARRAY['country:none']
                      ELSE ARRAY(SELECT 'country:' || c FROM unnest(countries) c) END
              || ARRAY(SELECT 'obstacle:' || o FROM unnest(obstacle_categories) o)
              || ARRAY(SELECT 'obstacle_id:' || o FROM unnest(obstacle_ids) o)) f
              ORDER BY f) $$;

CREATE OR REPLACE FUNCTION lotse.dash_inquiry_sync(r smallint, inquiry uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, lotse AS $$
DECLARE
    was         dash_inquiry_state%ROWTYPE;
    now_month   date;
    now_company uuid;
    now_facts   text[];
    saved       text[];
BEGIN
    PERFORM pg_advisory_xact_lock(15015, hashtext(inquiry::text));
    saved := dash_widen('{' || r || '}');
    SELECT * INTO was FROM dash_inquiry_state WHERE region_id = r AND inquiry_id = inquiry;
    SELECT dash_month(i.received_on), i.company_id,
           dash_inquiry_facts_of(i.received_by, i.outcome, i.stays_with_fai,
               coalesce(c.size_class, i.size_class), coalesce(c.sector, i.sector), i.topics,
               i.target_countries, coalesce(o.categories, '{}'), coalesce(o.ids, '{}'))
      INTO now_month, now_company, now_facts
      FROM inquiries i
      LEFT JOIN companies c ON c.region_id = i.region_id AND c.id = i.company_id
      LEFT JOIN LATERAL (SELECT array_agg(x.category) AS categories, array_agg(x.id) AS ids
                           FROM inquiry_obstacles l
                           JOIN obstacles x ON x.region_id = l.region_id AND x.id = l.obstacle_id
                          WHERE l.region_id = r AND l.inquiry_id = inquiry) o ON true
     WHERE i.region_id = r AND i.id = inquiry;
    IF was.month IS NOT DISTINCT FROM now_month AND was.facts IS NOT DISTINCT FROM now_facts
       AND was.company_id IS NOT DISTINCT FROM now_company THEN
        PERFORM dash_restore(saved);
        RETURN;
    END IF;
    PERFORM dash_inquiry_facts_apply(r, was.month, was.facts, now_month, now_facts);
    IF was.company_id IS NOT NULL AND (was.company_id IS DISTINCT FROM now_company
                                       OR was.month IS DISTINCT FROM now_month) THEN
        PERFORM dash_company_month_add(r, was.company_id, was.month, -1);
    END IF;
    IF now_company IS NOT NULL AND (was.company_id IS DISTINCT FROM now_company
                                    OR was.month IS DISTINCT FROM now_month) THEN
        PERFORM dash_company_month_add(r, now_company, now_month, 1);
    END IF;
    IF now_month IS NULL THEN
        DELETE FROM dash_inquiry_state WHERE region_id = r AND inquiry_id = inquiry;
    ELSE
        INSERT INTO dash_inquiry_state VALUES (r, inquiry, now_month, now_company, now_facts)
        ON CONFLICT (region_id, inquiry_id) DO UPDATE
           SET month = excluded.month, company_id = excluded.company_id, facts = excluded.facts;
    END IF;
    PERFORM dash_restore(saved);
END $$;

CREATE OR REPLACE FUNCTION lotse.rebuild_rollups() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, lotse AS $$
DECLARE
    saved text[];
    r     smallint;
BEGIN
    LOCK TABLE inquiries, inquiry_obstacles, companies, obstacles, activities, participants,
               activity_notices, measures, agreements, agreement_signatures,
               agreement_amendments IN SHARE MODE;
    saved := dash_widen(every_region());
    TRUNCATE dash_inquiry_facts, dash_inquiry_years, dash_inquiry_state, dash_company_months, dash_company_counts,
             dash_activity_facts, dash_notice_leads, dash_measure_facts, dash_agreement_states,
             dash_amendment_events;
    INSERT INTO dash_inquiry_state
    SELECT i.region_id, i.id, dash_month(i.received_on), i.company_id,
           dash_inquiry_facts_of(i.received_by, i.outcome, i.stays_with_fai,
               coalesce(c.size_class, i.size_class), coalesce(c.sector, i.sector), i.topics,
               i.target_countries, coalesce(o.categories, '{}'), coalesce(o.ids, '{}'))
      FROM inquiries i
      LEFT JOIN companies c ON c.region_id = i.region_id AND c.id = i.company_id
      LEFT JOIN (SELECT l.region_id, l.inquiry_id, array_agg(x.category) AS categories,
                        array_agg(x.id) AS ids
                   FROM inquiry_obstacles l
                   JOIN obstacles x ON x.region_id = l.region_id AND x.id = l.obstacle_id
                  GROUP BY l.region_id, l.inquiry_id) o
             ON o.region_id = i.region_id AND o.inquiry_id = i.id;
    INSERT INTO dash_inquiry_facts
    SELECT s.region_id, split_part(f, ':', 1), s.month, substr(f, strpos(f, ':') + 1), count(*)
      FROM dash_inquiry_state s CROSS JOIN unnest(s.facts) f
     GROUP BY 1, 2, 3, 4;
    INSERT INTO dash_inquiry_years
    SELECT region_id, dim, make_date(extract(year FROM month)::int, 1, 1), key, sum(n)
      FROM dash_inquiry_facts GROUP BY 1, 2, 3, 4;
    INSERT INTO dash_company_months
    SELECT g.region_id, g.company_id, g.month, g.n,
           coalesce(lag(g.month) OVER (PARTITION BY g.region_id, g.company_id ORDER BY g.month),
                    '-infinity'),
           coalesce(c.size_class, 'unknown')
      FROM (SELECT region_id, company_id, month, count(*) AS n FROM dash_inquiry_state
             WHERE company_id IS NOT NULL GROUP BY 1, 2, 3) g
      LEFT JOIN companies c ON c.region_id = g.region_id AND c.id = g.company_id;
    INSERT INTO dash_company_counts
    SELECT region_id, month, prev_month, size_class, count(*) FROM dash_company_months
     GROUP BY 1, 2, 3, 4;
    INSERT INTO dash_activity_facts
    SELECT x.region_id, split_part(x.f, ':', 1), x.month, substr(x.f, strpos(x.f, ':') + 1),
           count(*)
      FROM (SELECT a.region_id, dash_month(a.starts_on) AS month,
                   unnest(dash_activity_facts_of(a.kind, a.joint, a.topics)) AS f
              FROM activities a
            UNION ALL
            SELECT p.region_id, dash_month(p.participated_on), 'participants:all'
              FROM participants p) x
     GROUP BY 1, 2, 3, 4;
    INSERT INTO dash_notice_leads
    SELECT region_id, dash_berlin_month(sent_at), lead_time_days, count(*)
      FROM activity_notices GROUP BY 1, 2, 3;
    INSERT INTO dash_measure_facts
    SELECT region_id, category, status, coalesce(planned_to, 'infinity'), count(*)
      FROM measures GROUP BY 1, 2, 3, 4;
    FOR r IN SELECT id FROM regions ORDER BY id LOOP
        PERFORM dash_agreement_refresh(r);
    END LOOP;
    UPDATE dash_rebuilds SET rebuilt_at = now();
    PERFORM dash_restore(saved);
END $$;

DROP FUNCTION lotse.dash_inquiry_facts_of(text, text, boolean, text, text, text[], text[],
                                          text[]);

-- An obstacle's months with inquiries, found by its id.
CREATE INDEX dash_inquiry_facts_obstacle ON lotse.dash_inquiry_facts (region_id, key, month)
    WHERE dim = 'obstacle_id';

-- The proposals of obstacles the region saw in the range, or that an inquiry received in
-- the range met (months: the range is whole months).
CREATE OR REPLACE FUNCTION lotse.policy_proposals(from_day date, to_day date)
    RETURNS TABLE (region text, category text, severity text, policy_level text,
                   proposal text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, lotse AS $$
DECLARE
    saved text[];
BEGIN
    IF NOT (caller_has_role('fai_staff') OR caller_has_role('fai_lead')) THEN
        RAISE EXCEPTION 'the policy report is for the FAI' USING ERRCODE = '42501';
    END IF;
    saved := dash_widen(every_region());
    RETURN QUERY
    SELECT g.name, o.category, o.severity, o.policy_level, o.policy_proposal
      FROM obstacles o
      JOIN regions g ON g.id = o.region_id
     WHERE o.policy_proposal <> ''
       AND ((coalesce(o.first_seen, o.last_seen) <= to_day
             AND coalesce(o.last_seen, o.first_seen) >= from_day)
            OR EXISTS (SELECT 1 FROM dash_inquiry_facts f
                        WHERE f.region_id = o.region_id AND f.dim = 'obstacle_id'
                          AND f.key = o.id::text
                          AND f.month BETWEEN dash_month(from_day) AND to_day
                          AND f.n > 0))
     ORDER BY o.category,
              array_position(ARRAY['critical', 'high', 'medium', 'low'], o.severity),
              g.name, o.id;
    PERFORM dash_restore(saved);
END $$;


-- The other regions' sums for a member (see sql/0015): the inquiry sources now read
-- dash_inquiry_sums, and the obstacle dashboard reads only its characteristic
-- ('obstacles', 'obstacle_months') instead of every one. The other sources stay with the
-- function of sql/0015, under its new name.
ALTER FUNCTION lotse.dashboard_others(text, date, date) RENAME TO dashboard_others_rest;
REVOKE ALL ON FUNCTION lotse.dashboard_others_rest(text, date, date) FROM lotse_app;
ALTER FUNCTION lotse.dashboard_others_rest(text, date, date)
    SET plan_cache_mode = force_custom_plan;

CREATE FUNCTION lotse.dashboard_others(source text, from_month date, to_month date)
    RETURNS TABLE (month date, dim text, key text, n bigint, regions integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, lotse SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    mine   smallint[] := caller_read_regions();
    others smallint[];
    dims   text[];
BEGIN
    IF source NOT IN ('inquiries', 'obstacles', 'inquiry_months', 'obstacle_months') THEN
        RETURN QUERY SELECT * FROM dashboard_others_rest(source, from_month, to_month);
        RETURN;
    END IF;
    IF cardinality(mine) = 0 THEN
        RETURN;
    END IF;
    others := ARRAY(SELECT g.id FROM regions g WHERE g.id <> ALL (mine) ORDER BY g.id);
    dims := CASE source WHEN 'inquiries' THEN '{total,sector,size_class,referral,topic,country,obstacle}'
                        WHEN 'inquiry_months' THEN '{total,topic}'
                        ELSE '{obstacle}' END;
    IF source IN ('inquiries', 'obstacles') THEN
        RETURN QUERY
        SELECT NULL::date, s.dim, s.key, sum(s.n)::bigint, count(*) FILTER (WHERE s.n > 0)::int
          FROM dash_inquiry_sums(others, dims, from_month, to_month) s
         GROUP BY s.dim, s.key;
    ELSE
        RETURN QUERY
        SELECT f.month, f.dim, f.key, sum(f.n)::bigint, (count(*) FILTER (WHERE f.n > 0))::int
          FROM dash_inquiry_facts f
         WHERE f.region_id = ANY (others) AND f.dim = ANY (dims)
           AND f.month BETWEEN from_month AND to_month
         GROUP BY 1, 2, 3;
    END IF;
END $$;
REVOKE ALL ON FUNCTION lotse.dashboard_others(text, date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lotse.dashboard_others(text, date, date) TO lotse_app;

-- What the records hold already, with the new facts and the yearly level.
SELECT lotse.rebuild_rollups();

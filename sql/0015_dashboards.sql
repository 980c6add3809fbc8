-- 0015: the rollups behind the dashboards (docs/dashboards.md): per-region counts kept
-- current by triggers in the same transaction as every write they summarize, so a
-- dashboard is never older than the last committed write and never reads the
-- inquiries table itself.
--
-- Every rollup is a tenant table (region_id first, lotse.tenant_policies(), RLS forced):
--   * a region's members read its rows (tenant_read); FAI staff and leadership read
--     every region's (policy fai_read) - aggregates only: lotsed protects the counts of
--     companies and people with disclosure control before it answers;
--   * lotse_app may only read them (SELECT, and not even that for the two bookkeeping
--     tables); the triggers write them as the owner (SECURITY DEFINER), and the owner's
--     policy "maintained" is what lets them, in every region;
--   * a member learns about the other regions only through lotse.dashboard_others():
--     sums over every region they do not belong to, never a row of one.
-- The triggers read the base rows of the region they maintain under widened settings
-- (lotse.dash_widen: that one region, no role) and put the caller's back: FAI staff log
-- inquiries in regions they do not belong to and cannot read the obstacles they meet.
--
-- After a bulk load that paused the triggers (SET lotse.rollups_paused = 'on', only
-- for a role that may change the schema), or to repair, lotse.rebuild_rollups()
-- recomputes every rollup from the base tables (as the owner).

-- ------------------------------------------------------------------ machinery

CREATE FUNCTION lotse.dash_month(d date) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT date_trunc('month', d)::date $$;

CREATE FUNCTION lotse.dash_berlin_month(t timestamptz) RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT date_trunc('month', t AT TIME ZONE 'Europe/Berlin')::date $$;

-- Only a role that could change the schema anyway may pause the triggers, never lotsed.
CREATE FUNCTION lotse.dash_paused() RETURNS boolean
    LANGUAGE sql STABLE
    AS $$ SELECT coalesce(current_setting('lotse.rollups_paused', true), '') = 'on'
                 AND has_schema_privilege(session_user, 'lotse', 'CREATE') $$;

-- Reads of the base tables for one rollup: only the regions given, no role; returns the
-- caller's settings for dash_restore.
CREATE FUNCTION lotse.dash_widen(regions text) RETURNS text[]
    LANGUAGE plpgsql AS $$
DECLARE
    saved text[] := ARRAY[coalesce(current_setting('lotse.region_ids', true), ''),
                          coalesce(current_setting('lotse.roles', true), '')];
BEGIN
    PERFORM set_config('lotse.region_ids', regions, true);
    PERFORM set_config('lotse.roles', '', true);
    RETURN saved;
END $$;

CREATE FUNCTION lotse.dash_restore(saved text[]) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('lotse.region_ids', saved[1], true);
    PERFORM set_config('lotse.roles', saved[2], true);
END $$;
REVOKE ALL ON FUNCTION lotse.dash_paused(), lotse.dash_widen(text), lotse.dash_restore(text[])
    FROM PUBLIC;

-- Makes a rollup: a tenant table the app reads (fai_read for the FAI) and the owner keeps.
CREATE FUNCTION lotse.dash_rollup(tbl regclass, readable boolean) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM lotse.tenant_policies(tbl);
    EXECUTE format('CREATE POLICY maintained ON %s FOR ALL TO lotse_owner'
                   ' USING (true) WITH CHECK (true)', tbl);
    IF readable THEN
        EXECUTE format('CREATE POLICY fai_read ON %s FOR SELECT'
                       ' USING ((SELECT lotse.caller_has_role(''fai_staff''))'
                       ' OR (SELECT lotse.caller_has_role(''fai_lead'')))', tbl);
        EXECUTE format('GRANT SELECT ON %s TO lotse_app', tbl);
    END IF;
END $$;
REVOKE ALL ON FUNCTION lotse.dash_rollup(regclass, boolean) FROM PUBLIC;

-- When the rollups were last rebuilt from scratch (one row; no region, no RLS).
CREATE TABLE lotse.dash_rebuilds (
    one        boolean PRIMARY KEY DEFAULT true CHECK (one),
    rebuilt_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO lotse.dash_rebuilds DEFAULT VALUES;
GRANT SELECT ON lotse.dash_rebuilds TO lotse_app;

-- ------------------------------------------------------------------ the tables

-- Inquiries by region, month of receipt and characteristic: dim 'total' (key 'all'),
-- 'sector' (A-U, unknown), 'size_class' (micro, small, medium, large, unknown),
-- 'referral' (<received_by>:<referred|stays_with_fai|not_referred>), 'topic' (or none),
-- 'country' (or none), 'obstacle' (category of an obstacle met; an inquiry counts once
-- per category). Size class and sector are the company's when one is named.
CREATE TABLE lotse.dash_inquiry_facts (
    region_id smallint NOT NULL REFERENCES lotse.regions,
    dim       text NOT NULL,
    month     date NOT NULL,
    key       text NOT NULL,
    n         integer NOT NULL,
    PRIMARY KEY (region_id, dim, month, key)
);
SELECT lotse.dash_rollup('lotse.dash_inquiry_facts', true);

-- Bookkeeping: what the facts count for each inquiry ('dim:key', sorted), so every
-- change is applied as the difference to what was counted, whichever table it came from.
CREATE TABLE lotse.dash_inquiry_state (
    region_id  smallint NOT NULL REFERENCES lotse.regions,
    inquiry_id uuid NOT NULL,
    month      date NOT NULL,
    company_id uuid,
    facts      text[] NOT NULL,
    PRIMARY KEY (region_id, inquiry_id)
);
SELECT lotse.dash_rollup('lotse.dash_inquiry_state', false);

-- Bookkeeping of distinct companies (ESF+ output indicator EECO19): each month a named
-- company had inquiries, with the month before that it had some (-infinity: none).
-- A company has an inquiry in [F, T] exactly when one of its months in [F, T] has its
-- previous month before F, so distinct companies are a sum, not a DISTINCT.
CREATE TABLE lotse.dash_company_months (
    region_id  smallint NOT NULL REFERENCES lotse.regions,
    company_id uuid NOT NULL,
    month      date NOT NULL,
    inquiries  integer NOT NULL,
    prev_month date NOT NULL,
    size_class text NOT NULL,
    PRIMARY KEY (region_id, company_id, month)
);
SELECT lotse.dash_rollup('lotse.dash_company_months', false);

CREATE TABLE lotse.dash_company_counts (
    region_id  smallint NOT NULL REFERENCES lotse.regions,
    month      date NOT NULL,
    prev_month date NOT NULL,
    size_class text NOT NULL,
    n          integer NOT NULL,
    PRIMARY KEY (region_id, month, prev_month, size_class)
);
SELECT lotse.dash_rollup('lotse.dash_company_counts', true);

-- Activities by region, month of their first day and dim 'total', 'kind', 'joint'
-- (joint, not_joint), 'topic' (or none); and 'participants' (key 'all') by the month of
-- participation.
CREATE TABLE lotse.dash_activity_facts (
    region_id smallint NOT NULL REFERENCES lotse.regions,
    dim       text NOT NULL,
    month     date NOT NULL,
    key       text NOT NULL,
    n         integer NOT NULL,
    PRIMARY KEY (region_id, dim, month, key)
);
SELECT lotse.dash_rollup('lotse.dash_activity_facts', true);

-- Partner notices by region, month sent (German time) and lead time in days.
CREATE TABLE lotse.dash_notice_leads (
    region_id smallint NOT NULL REFERENCES lotse.regions,
    month     date NOT NULL,
    lead_days integer NOT NULL,
    n         integer NOT NULL,
    PRIMARY KEY (region_id, month, lead_days)
);
SELECT lotse.dash_rollup('lotse.dash_notice_leads', true);

-- Measures by region, category, status and planned end ('infinity': none).
CREATE TABLE lotse.dash_measure_facts (
    region_id  smallint NOT NULL REFERENCES lotse.regions,
    category   text NOT NULL,
    status     text NOT NULL,
    planned_to date NOT NULL,
    n          integer NOT NULL,
    PRIMARY KEY (region_id, category, status, planned_to)
);
SELECT lotse.dash_rollup('lotse.dash_measure_facts', true);

-- Each region's agreement: status, the dates the parties signed (no signatory), its
-- term (from the last of the three signatures to term_end) and its amendments by status.
CREATE TABLE lotse.dash_agreement_states (
    region_id           smallint PRIMARY KEY REFERENCES lotse.regions,
    status              text NOT NULL,
    mags_signed_on      date,
    region_signed_on    date,
    fai_signed_on       date,
    term_start          date,
    term_end            date NOT NULL,
    terminated_on       date,
    amendments_proposed integer NOT NULL,
    amendments_agreed   integer NOT NULL,
    amendments_rejected integer NOT NULL,
    amendments_signed   integer NOT NULL
);
SELECT lotse.dash_rollup('lotse.dash_agreement_states', true);

-- Amendments by region, event ('proposed': created, 'agreed', 'signed': in writing) and
-- the month it happened.
CREATE TABLE lotse.dash_amendment_events (
    region_id smallint NOT NULL REFERENCES lotse.regions,
    event     text NOT NULL,
    month     date NOT NULL,
    n         integer NOT NULL,
    PRIMARY KEY (region_id, event, month)
);
SELECT lotse.dash_rollup('lotse.dash_amendment_events', true);

-- ------------------------------------------------------------------ inquiries

CREATE FUNCTION lotse.dash_inquiry_facts_of(received_by text, outcome text,
                                            stays_with_fai boolean, size_class text,
                                            sector text, topics text[], countries text[],
                                            obstacle_categories text[]) RETURNS text[]
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
              || ARRAY(SELECT 'obstacle:' || o FROM unnest(obstacle_categories) o)) f
              ORDER BY f) $$;

-- Adds -1 for each fact at old_month and +1 for each at new_month (NULL: none), in a
-- fixed order so that concurrent writers lock the rows alike.
CREATE FUNCTION lotse.dash_inquiry_facts_apply(r smallint, old_month date, old_facts text[],
                                               new_month date, new_facts text[]) RETURNS void
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
    ON CONFLICT (region_id, dim, month, key) DO UPDATE SET n = f.n + excluded.n
$$;

CREATE FUNCTION lotse.dash_company_count_add(r smallint, m date, prev date, size text,
                                             delta integer) RETURNS void
    LANGUAGE sql AS $$
    INSERT INTO lotse.dash_company_counts AS c (region_id, month, prev_month, size_class, n)
    VALUES (r, m, prev, size, delta)
    ON CONFLICT (region_id, month, prev_month, size_class) DO UPDATE SET n = c.n + excluded.n
$$;

-- One inquiry more (delta 1) or less (-1) of company c in month m, keeping each month's
-- previous month right. Serialized per company. Locks are always taken inquiry first,
-- then company (here, and in dash_company_changed), so two requests never wait for each
-- other in a circle.
CREATE FUNCTION lotse.dash_company_month_add(r smallint, c uuid, m date, delta integer)
    RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, lotse AS $$
DECLARE
    cm   dash_company_months%ROWTYPE;
    nx   dash_company_months%ROWTYPE;
    prev date;
    size text;
BEGIN
    PERFORM pg_advisory_xact_lock(15016, hashtext(c::text));
    SELECT * INTO cm FROM dash_company_months
     WHERE region_id = r AND company_id = c AND month = m;
    IF FOUND AND cm.inquiries + delta > 0 THEN
        UPDATE dash_company_months SET inquiries = inquiries + delta
         WHERE region_id = r AND company_id = c AND month = m;
        RETURN;
    END IF;
    IF FOUND THEN
        DELETE FROM dash_company_months WHERE region_id = r AND company_id = c AND month = m;
        PERFORM dash_company_count_add(r, m, cm.prev_month, cm.size_class, -1);
        prev := cm.prev_month;
    ELSIF delta > 0 THEN
        SELECT coalesce(max(x.month), '-infinity') INTO prev FROM dash_company_months x
         WHERE x.region_id = r AND x.company_id = c AND x.month < m;
        SELECT coalesce(max(o.size_class), 'unknown') INTO size FROM companies o
         WHERE o.region_id = r AND o.id = c;
        INSERT INTO dash_company_months VALUES (r, c, m, delta, prev, size);
        PERFORM dash_company_count_add(r, m, prev, size, 1);
        prev := m;
    ELSE
        RETURN;
    END IF;
    -- the next month with inquiries now follows prev
    SELECT * INTO nx FROM dash_company_months
     WHERE region_id = r AND company_id = c AND month > m ORDER BY month LIMIT 1;
    IF FOUND THEN
        UPDATE dash_company_months SET prev_month = prev
         WHERE region_id = r AND company_id = c AND month = nx.month;
        PERFORM dash_company_count_add(r, nx.month, nx.prev_month, nx.size_class, -1);
        PERFORM dash_company_count_add(r, nx.month, prev, nx.size_class, 1);
    END IF;
END $$;

-- Brings the rollups of one inquiry up to date: what it counts now (nothing once it is
-- gone) against what was counted. Serialized per inquiry; each statement sees what was
-- committed before the lock was granted, so concurrent changes add up.
CREATE FUNCTION lotse.dash_inquiry_sync(r smallint, inquiry uuid) RETURNS void
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
               i.target_countries,
               ARRAY(SELECT o.category FROM inquiry_obstacles l
                       JOIN obstacles o ON o.region_id = l.region_id AND o.id = l.obstacle_id
                      WHERE l.region_id = r AND l.inquiry_id = inquiry))
      INTO now_month, now_company, now_facts
      FROM inquiries i
      LEFT JOIN companies c ON c.region_id = i.region_id AND c.id = i.company_id
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
REVOKE ALL ON FUNCTION lotse.dash_inquiry_sync(smallint, uuid) FROM PUBLIC;

CREATE FUNCTION lotse.dash_inquiry_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, lotse AS $$
BEGIN
    IF NOT dash_paused() THEN
        IF TG_OP = 'DELETE' THEN
            PERFORM dash_inquiry_sync(OLD.region_id, OLD.id);
        ELSE
            PERFORM dash_inquiry_sync(NEW.region_id, NEW.id);
        END IF;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER dash_inquiries AFTER INSERT OR DELETE ON lotse.inquiries
    FOR EACH ROW EXECUTE FUNCTION lotse.dash_inquiry_changed();
CREATE TRIGGER dash_inquiries_changed AFTER UPDATE ON lotse.inquiries
    FOR EACH ROW WHEN (OLD.received_on IS DISTINCT FROM NEW.received_on
                       OR OLD.received_by IS DISTINCT FROM NEW.received_by
                       OR OLD.company_id IS DISTINCT FROM NEW.company_id
                       OR OLD.size_class IS DISTINCT FROM NEW.size_class
                       OR OLD.sector IS DISTINCT FROM NEW.sector
                       OR OLD.topics IS DISTINCT FROM NEW.topics
                       OR OLD.target_countries IS DISTINCT FROM NEW.target_countries
                       OR OLD.outcome IS DISTINCT FROM NEW.outcome
                       OR OLD.stays_with_fai IS DISTINCT FROM NEW.stays_with_fai)
    EXECUTE FUNCTION lotse.dash_inquiry_changed();

CREATE FUNCTION lotse.dash_link_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, lotse AS $$
BEGIN
    IF NOT dash_paused() THEN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            PERFORM dash_inquiry_sync(OLD.region_id, OLD.inquiry_id);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM dash_inquiry_sync(NEW.region_id, NEW.inquiry_id);
        END IF;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER dash_inquiry_obstacles AFTER INSERT OR UPDATE OR DELETE
    ON lotse.inquiry_obstacles FOR EACH ROW EXECUTE FUNCTION lotse.dash_link_changed();

-- A company's size class or sector counts for every inquiry naming it.
CREATE FUNCTION lotse.dash_company_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, lotse AS $$
DECLARE
    saved   text[];
    size    text := coalesce(NEW.size_class, 'unknown');
    cm      dash_company_months%ROWTYPE;
    inquiry uuid;
BEGIN
    IF dash_paused() THEN
        RETURN NULL;
    END IF;
    saved := dash_widen('{' || NEW.region_id || '}');
    FOR inquiry IN SELECT i.id FROM inquiries i
                    WHERE i.region_id = NEW.region_id AND i.company_id = NEW.id ORDER BY i.id LOOP
        PERFORM dash_inquiry_sync(NEW.region_id, inquiry);
    END LOOP;
    -- the company's lock after the inquiries' (as a sync takes them): no deadlock
    IF OLD.size_class IS DISTINCT FROM NEW.size_class THEN
        PERFORM pg_advisory_xact_lock(15016, hashtext(NEW.id::text));
        FOR cm IN SELECT * FROM dash_company_months
                   WHERE region_id = NEW.region_id AND company_id = NEW.id ORDER BY month LOOP
            PERFORM dash_company_count_add(cm.region_id, cm.month, cm.prev_month, cm.size_class,
                                           -1);
            PERFORM dash_company_count_add(cm.region_id, cm.month, cm.prev_month, size, 1);
        END LOOP;
        UPDATE dash_company_months SET size_class = size
         WHERE region_id = NEW.region_id AND company_id = NEW.id;
    END IF;
    PERFORM dash_restore(saved);
    RETURN NULL;
END $$;
CREATE TRIGGER dash_companies AFTER UPDATE OF size_class, sector ON lotse.companies
    FOR EACH ROW WHEN (OLD.size_class IS DISTINCT FROM NEW.size_class
                       OR OLD.sector IS DISTINCT FROM NEW.sector)
    EXECUTE FUNCTION lotse.dash_company_changed();

-- An obstacle's category counts for every inquiry that met it (a deleted obstacle takes
-- its links along, and their trigger does the rest).
CREATE FUNCTION lotse.dash_obstacle_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, lotse AS $$
DECLARE
    saved   text[];
    inquiry uuid;
BEGIN
    IF dash_paused() THEN
        RETURN NULL;
    END IF;
    saved := dash_widen('{' || NEW.region_id || '}');
    FOR inquiry IN SELECT l.inquiry_id FROM inquiry_obstacles l
                    WHERE l.region_id = NEW.region_id AND l.obstacle_id = NEW.id
                    ORDER BY l.inquiry_id LOOP
        PERFORM dash_inquiry_sync(NEW.region_id, inquiry);
    END LOOP;
    PERFORM dash_restore(saved);
    RETURN NULL;
END $$;
CREATE TRIGGER dash_obstacles AFTER UPDATE OF category ON lotse.obstacles
    FOR EACH ROW WHEN (OLD.category IS DISTINCT FROM NEW.category)
    EXECUTE FUNCTION lotse.dash_obstacle_changed();

-- ------------------------------------------------------------------ activities, notices

CREATE FUNCTION lotse.dash_activity_facts_of(kind text, joint boolean, topics text[])
    RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT ARRAY['total:all', 'kind:' || kind,
                       'joint:' || CASE WHEN joint THEN 'joint' ELSE 'not_joint' END]
                 || CASE WHEN cardinality(topics) = 0 THEN ARRAY['topic:none']
                         ELSE ARRAY(SELECT DISTINCT 'topic:' || t FROM unnest(topics) t) END $$;

CREATE FUNCTION lotse.dash_activity_facts_apply(r smallint, old_month date, old_facts text[],
                                                new_month date, new_facts text[]) RETURNS void
    LANGUAGE sql AS $$
    INSERT INTO lotse.dash_activity_facts AS f (region_id, dim, month, key, n)
    SELECT r, split_part(d.fact, ':', 1), d.month, substr(d.fact, strpos(d.fact, ':') + 1),
           sum(d.delta)
      FROM (SELECT old_month AS month, unnest(old_facts) AS fact, -1 AS delta
             WHERE old_month IS NOT NULL
            UNION ALL
            SELECT new_month, unnest(new_facts), 1 WHERE new_month IS NOT NULL) d
     GROUP BY 2, 3, 4 HAVING sum(d.delta) <> 0
     ORDER BY 2, 3, 4
    ON CONFLICT (region_id, dim, month, key) DO UPDATE SET n = f.n + excluded.n
$$;

CREATE FUNCTION lotse.dash_activity_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, lotse AS $$
BEGIN
    IF NOT dash_paused() THEN
        PERFORM dash_activity_facts_apply(coalesce(NEW.region_id, OLD.region_id),
            CASE WHEN TG_OP <> 'INSERT' THEN dash_month(OLD.starts_on) END,
            CASE WHEN TG_OP <> 'INSERT' THEN dash_activity_facts_of(OLD.kind, OLD.joint,
                                                                    OLD.topics) END,
            CASE WHEN TG_OP <> 'DELETE' THEN dash_month(NEW.starts_on) END,
            CASE WHEN TG_OP <> 'DELETE' THEN dash_activity_facts_of(NEW.kind, NEW.joint,
                                                                    NEW.topics) END);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER dash_activities AFTER INSERT OR DELETE OR UPDATE OF starts_on, kind, joint, topics
    ON lotse.activities FOR EACH ROW EXECUTE FUNCTION lotse.dash_activity_changed();

CREATE FUNCTION lotse.dash_participant_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, lotse AS $$
BEGIN
    IF NOT dash_paused() THEN
        PERFORM dash_activity_facts_apply(coalesce(NEW.region_id, OLD.region_id),
            CASE WHEN TG_OP <> 'INSERT' THEN dash_month(OLD.participated_on) END,
            '{participants:all}',
            CASE WHEN TG_OP <> 'DELETE' THEN dash_month(NEW.participated_on) END,
            '{participants:all}');
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER dash_participants AFTER INSERT OR DELETE OR UPDATE OF participated_on
    ON lotse.participants FOR EACH ROW EXECUTE FUNCTION lotse.dash_participant_changed();

CREATE FUNCTION lotse.dash_notice_lead_add(r smallint, m date, lead integer, delta integer)
    RETURNS void
    LANGUAGE sql AS $$
    INSERT INTO lotse.dash_notice_leads AS l (region_id, month, lead_days, n)
    VALUES (r, m, lead, delta)
    ON CONFLICT (region_id, month, lead_days) DO UPDATE SET n = l.n + excluded.n
$$;

CREATE FUNCTION lotse.dash_notice_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, lotse AS $$
BEGIN
    IF dash_paused() THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM dash_notice_lead_add(OLD.region_id, dash_berlin_month(OLD.sent_at),
                                     OLD.lead_time_days, -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM dash_notice_lead_add(NEW.region_id, dash_berlin_month(NEW.sent_at),
                                     NEW.lead_time_days, 1);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER dash_notices AFTER INSERT OR DELETE OR UPDATE OF sent_at, lead_time_days
    ON lotse.activity_notices FOR EACH ROW EXECUTE FUNCTION lotse.dash_notice_changed();

-- ------------------------------------------------------------------ measures

CREATE FUNCTION lotse.dash_measure_add(r smallint, category text, status text, planned_to date,
                                       delta integer) RETURNS void
    LANGUAGE sql AS $$
    INSERT INTO lotse.dash_measure_facts AS f (region_id, category, status, planned_to, n)
    VALUES (r, category, status, coalesce(planned_to, 'infinity'), delta)
    ON CONFLICT (region_id, category, status, planned_to) DO UPDATE SET n = f.n + excluded.n
$$;

CREATE FUNCTION lotse.dash_measure_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, lotse AS $$
BEGIN
    IF dash_paused() THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM dash_measure_add(OLD.region_id, OLD.category, OLD.status, OLD.planned_to, -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM dash_measure_add(NEW.region_id, NEW.category, NEW.status, NEW.planned_to, 1);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER dash_measures AFTER INSERT OR DELETE OR UPDATE OF category, status, planned_to
    ON lotse.measures FOR EACH ROW EXECUTE FUNCTION lotse.dash_measure_changed();

-- ------------------------------------------------------------------ agreements

-- Recomputes one region's agreement rows (a few base rows). The row lock serializes
-- concurrent writers; the statements after it see what they committed.
CREATE FUNCTION lotse.dash_agreement_refresh(r smallint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, lotse AS $$
DECLARE
    saved text[];
BEGIN
    PERFORM 1 FROM dash_agreement_states WHERE region_id = r FOR UPDATE;
    saved := dash_widen('{' || r || '}');
    INSERT INTO dash_agreement_states
    SELECT a.region_id, a.status, s.mags, s.region, s.fai,
           CASE WHEN s.parties = 3 THEN greatest(s.mags, s.region, s.fai) END, a.term_end,
           a.terminated_on,
           count(m.id) FILTER (WHERE m.status = 'proposed'),
           count(m.id) FILTER (WHERE m.status = 'agreed'),
           count(m.id) FILTER (WHERE m.status = 'rejected'),
           count(m.id) FILTER (WHERE m.status = 'signed_in_writing')
      FROM agreements a
      CROSS JOIN LATERAL (SELECT count(*) AS parties,
                                 max(g.signed_on) FILTER (WHERE g.party = 'mags') AS mags,
                                 max(g.signed_on) FILTER (WHERE g.party = 'region') AS region,
                                 max(g.signed_on) FILTER (WHERE g.party = 'fai') AS fai
                            FROM agreement_signatures g
                           WHERE g.region_id = a.region_id AND g.agreement_id = a.id) s
      LEFT JOIN agreement_amendments m ON m.region_id = a.region_id AND m.agreement_id = a.id
     WHERE a.region_id = r
     GROUP BY a.region_id, a.status, s.mags, s.region, s.fai, s.parties, a.term_end,
              a.terminated_on
    ON CONFLICT (region_id) DO UPDATE SET status = excluded.status,
        mags_signed_on = excluded.mags_signed_on, region_signed_on = excluded.region_signed_on,
        fai_signed_on = excluded.fai_signed_on, term_start = excluded.term_start,
        term_end = excluded.term_end, terminated_on = excluded.terminated_on,
        amendments_proposed = excluded.amendments_proposed,
        amendments_agreed = excluded.amendments_agreed,
        amendments_rejected = excluded.amendments_rejected,
        amendments_signed = excluded.amendments_signed;
    DELETE FROM dash_amendment_events WHERE region_id = r;
    INSERT INTO dash_amendment_events
    SELECT r, e.event, e.month, count(*)
      FROM agreement_amendments m
      CROSS JOIN LATERAL (VALUES ('proposed', dash_berlin_month(m.created_at)),
                                 ('agreed', dash_month(m.agreed_on)),
                                 ('signed', dash_month(m.signed_on))) e(event, month)
     WHERE m.region_id = r AND e.month IS NOT NULL
     GROUP BY e.event, e.month;
    PERFORM dash_restore(saved);
END $$;
REVOKE ALL ON FUNCTION lotse.dash_agreement_refresh(smallint) FROM PUBLIC;

CREATE FUNCTION lotse.dash_agreement_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, lotse AS $$
BEGIN
    IF NOT dash_paused() THEN
        PERFORM dash_agreement_refresh(coalesce(NEW.region_id, OLD.region_id));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER dash_agreements AFTER INSERT OR UPDATE OR DELETE ON lotse.agreements
    FOR EACH ROW EXECUTE FUNCTION lotse.dash_agreement_changed();
CREATE TRIGGER dash_agreement_signatures AFTER INSERT OR UPDATE OR DELETE
    ON lotse.agreement_signatures FOR EACH ROW EXECUTE FUNCTION lotse.dash_agreement_changed();
CREATE TRIGGER dash_agreement_amendments AFTER INSERT OR UPDATE OR DELETE
    ON lotse.agreement_amendments FOR EACH ROW EXECUTE FUNCTION lotse.dash_agreement_changed();

-- ------------------------------------------------------------------ rebuilding

-- Recomputes every rollup from the base tables, e.g. after a bulk load with the
-- triggers paused. Writers wait meanwhile (SHARE locks); readers of the rollups wait
-- for the commit. Owner only.
CREATE FUNCTION lotse.rebuild_rollups() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, lotse AS $$
DECLARE
    saved text[];
    r     smallint;
BEGIN
    LOCK TABLE inquiries, inquiry_obstacles, companies, obstacles, activities, participants,
               activity_notices, measures, agreements, agreement_signatures,
               agreement_amendments IN SHARE MODE;
    saved := dash_widen(every_region());
    TRUNCATE dash_inquiry_facts, dash_inquiry_state, dash_company_months, dash_company_counts,
             dash_activity_facts, dash_notice_leads, dash_measure_facts, dash_agreement_states,
             dash_amendment_events;
    INSERT INTO dash_inquiry_state
    SELECT i.region_id, i.id, dash_month(i.received_on), i.company_id,
           dash_inquiry_facts_of(i.received_by, i.outcome, i.stays_with_fai,
               coalesce(c.size_class, i.size_class), coalesce(c.sector, i.sector), i.topics,
               i.target_countries, coalesce(o.categories, '{}'))
      FROM inquiries i
      LEFT JOIN companies c ON c.region_id = i.region_id AND c.id = i.company_id
      LEFT JOIN (SELECT l.region_id, l.inquiry_id, array_agg(x.category) AS categories
                   FROM inquiry_obstacles l
                   JOIN obstacles x ON x.region_id = l.region_id AND x.id = l.obstacle_id
                  GROUP BY l.region_id, l.inquiry_id) o
             ON o.region_id = i.region_id AND o.inquiry_id = i.id;
    INSERT INTO dash_inquiry_facts
    SELECT s.region_id, split_part(f, ':', 1), s.month, substr(f, strpos(f, ':') + 1), count(*)
      FROM dash_inquiry_state s CROSS JOIN unnest(s.facts) f
     GROUP BY 1, 2, 3, 4;
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
REVOKE ALL ON FUNCTION lotse.rebuild_rollups() FROM PUBLIC;

-- ------------------------------------------------------------------ reading

-- What a region's member may know of the rest of the state: sums over every region the
-- caller does not belong to, never a row of one (lotsed protects them before it answers).
-- regions: how many of those regions have a count above 0. Nothing for a caller without
-- a region. Sources:
--   inquiries        every characteristic over the months (month NULL)
--   inquiry_months   'total', 'topic' and 'obstacle' per month
--   companies        distinct named companies per size class (dim 'size_class')
--   activities       every characteristic of activities and participants over the months
--   activity_months  'total' and 'participants' per month
--   notices          partner notices per lead time (dim 'lead_days')
--   measures         per category (dim) and status (key), and overdue:<status> for those
--                    planned or in progress whose planned end has passed
--   agreements       regions per status, amendments per status, term days elapsed/total
--   amendment_events amendments proposed, agreed, signed per month
CREATE FUNCTION lotse.dashboard_others(source text, from_month date, to_month date)
    RETURNS TABLE (month date, dim text, key text, n bigint, regions integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, lotse AS $$
DECLARE
    mine   smallint[] := caller_read_regions();
    others smallint[];
    today  date := (now() AT TIME ZONE 'Europe/Berlin')::date;
BEGIN
    IF cardinality(mine) = 0 THEN
        RETURN;
    END IF;
    others := ARRAY(SELECT g.id FROM regions g WHERE g.id <> ALL (mine) ORDER BY g.id);
    CASE source
    WHEN 'inquiries' THEN
        RETURN QUERY
        SELECT NULL::date, x.dim, x.key, sum(x.n)::bigint, count(*) FILTER (WHERE x.n > 0)::int
          FROM (SELECT f.region_id, f.dim, f.key, sum(f.n) AS n FROM dash_inquiry_facts f
                 WHERE f.region_id = ANY (others)
                   AND f.dim = ANY ('{total,sector,size_class,referral,topic,country,obstacle}')
                   AND f.month BETWEEN from_month AND to_month
                 GROUP BY 1, 2, 3) x
         GROUP BY x.dim, x.key;
    WHEN 'inquiry_months' THEN
        RETURN QUERY
        SELECT f.month, f.dim, f.key, sum(f.n)::bigint,
               (count(*) FILTER (WHERE f.n > 0))::int
          FROM dash_inquiry_facts f
         WHERE f.region_id = ANY (others) AND f.dim = ANY ('{total,topic,obstacle}')
           AND f.month BETWEEN from_month AND to_month
         GROUP BY 1, 2, 3;
    WHEN 'companies' THEN
        RETURN QUERY
        SELECT NULL::date, 'size_class'::text, x.size_class, sum(x.n)::bigint,
               count(*) FILTER (WHERE x.n > 0)::int
          FROM (SELECT c.region_id, c.size_class, sum(c.n) AS n FROM dash_company_counts c
                 WHERE c.region_id = ANY (others) AND c.month BETWEEN from_month AND to_month
                   AND c.prev_month < from_month
                 GROUP BY 1, 2) x
         GROUP BY x.size_class;
    WHEN 'activities' THEN
        RETURN QUERY
        SELECT NULL::date, x.dim, x.key, sum(x.n)::bigint, count(*) FILTER (WHERE x.n > 0)::int
          FROM (SELECT f.region_id, f.dim, f.key, sum(f.n) AS n FROM dash_activity_facts f
                 WHERE f.region_id = ANY (others)
                   AND f.dim = ANY ('{total,kind,joint,topic,participants}')
                   AND f.month BETWEEN from_month AND to_month
                 GROUP BY 1, 2, 3) x
         GROUP BY x.dim, x.key;
    WHEN 'activity_months' THEN
        RETURN QUERY
        SELECT f.month, f.dim, f.key, sum(f.n)::bigint, (count(*) FILTER (WHERE f.n > 0))::int
          FROM dash_activity_facts f
         WHERE f.region_id = ANY (others) AND f.dim = ANY ('{total,participants}')
           AND f.month BETWEEN from_month AND to_month
         GROUP BY 1, 2, 3;
    WHEN 'notices' THEN
        RETURN QUERY
        SELECT NULL::date, 'lead_days'::text, l.lead_days::text, sum(l.n)::bigint,
               count(DISTINCT l.region_id)::int
          FROM dash_notice_leads l
         WHERE l.region_id = ANY (others) AND l.month BETWEEN from_month AND to_month
           AND l.n > 0
         GROUP BY l.lead_days;
    WHEN 'measures' THEN
        RETURN QUERY
        SELECT NULL::date, m.category, x.key, sum(m.n)::bigint, count(DISTINCT m.region_id)::int
          FROM dash_measure_facts m
         CROSS JOIN LATERAL (VALUES (m.status), ('overdue:' || m.status)) x(key)
         WHERE m.region_id = ANY (others) AND m.n > 0
           AND (x.key = m.status OR (m.planned_to < today
                                     AND m.status IN ('planned', 'in_progress')))
         GROUP BY 2, 3;
    WHEN 'agreements' THEN
        RETURN QUERY
        SELECT NULL::date, 'status'::text, a.status, count(*), count(*)::int
          FROM dash_agreement_states a WHERE a.region_id = ANY (others) GROUP BY a.status
        UNION ALL
        SELECT NULL, 'amendments', x.status, sum(x.n)::bigint,
               (count(*) FILTER (WHERE x.n > 0))::int
          FROM dash_agreement_states a
         CROSS JOIN LATERAL (VALUES ('proposed', a.amendments_proposed),
                                    ('agreed', a.amendments_agreed),
                                    ('rejected', a.amendments_rejected),
                                    ('signed_in_writing', a.amendments_signed)) x(status, n)
         WHERE a.region_id = ANY (others) GROUP BY x.status
        UNION ALL
        SELECT NULL, 'term_days', t.key, sum(t.n)::bigint, count(*)::int
          FROM dash_agreement_states a
         CROSS JOIN LATERAL (VALUES
             ('elapsed', greatest(least(today, coalesce(a.terminated_on, a.term_end))
                                  - a.term_start, 0)),
             ('total', greatest(coalesce(a.terminated_on, a.term_end) - a.term_start, 0))) t(key, n)
         WHERE a.region_id = ANY (others) AND a.term_start IS NOT NULL GROUP BY t.key;
    WHEN 'amendment_events' THEN
        RETURN QUERY
        SELECT e.month, 'event'::text, e.event, sum(e.n)::bigint,
               count(DISTINCT e.region_id)::int
          FROM dash_amendment_events e
         WHERE e.region_id = ANY (others) AND e.month BETWEEN from_month AND to_month
         GROUP BY 1, 2, 3;
    ELSE
        RAISE EXCEPTION 'no dashboard source %', source USING ERRCODE = '22023';
    END CASE;
END $$;
REVOKE ALL ON FUNCTION lotse.dashboard_others(text, date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lotse.dashboard_others(text, date, date) TO lotse_app;

-- The bulletins published from from_day to to_day (German time) and, per region that
-- read one, when: every region for FAI staff and leadership, the caller's own regions for
-- a member, nothing for anyone else. Never who read it.
CREATE FUNCTION lotse.dashboard_bulletin_reads(from_day date, to_day date)
    RETURNS TABLE (bulletin_id uuid, title text, topic text, published_at timestamptz,
                   region_id smallint, read_at timestamptz)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, lotse AS $$
DECLARE
    fai      boolean := caller_has_role('fai_staff') OR caller_has_role('fai_lead');
    readable smallint[] := caller_read_regions();
    saved    text[];
BEGIN
    IF NOT fai AND cardinality(readable) = 0 THEN
        RETURN;
    END IF;
    IF fai THEN
        readable := ARRAY(SELECT g.id FROM regions g);
    END IF;
    saved := dash_widen(every_region());
    RETURN QUERY
    SELECT b.id, b.title, b.topic, b.published_at, r.region_id, r.read_at
      FROM bulletins b
      LEFT JOIN bulletin_reads r ON r.bulletin_id = b.id AND r.region_id = ANY (readable)
     WHERE b.published_at >= from_day::timestamp AT TIME ZONE 'Europe/Berlin'
       AND b.published_at < (to_day + 1)::timestamp AT TIME ZONE 'Europe/Berlin'
     ORDER BY b.published_at, b.id, r.region_id;
    PERFORM dash_restore(saved);
END $$;
REVOKE ALL ON FUNCTION lotse.dashboard_bulletin_reads(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lotse.dashboard_bulletin_reads(date, date) TO lotse_app;

-- For each of those bulletins, state-wide: how many regions read it and the median
-- hours they took. For FAI staff and leadership and for members of a region.
CREATE FUNCTION lotse.dashboard_bulletin_state(from_day date, to_day date)
    RETURNS TABLE (bulletin_id uuid, regions_read integer, median_hours double precision)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, lotse AS $$
DECLARE
    saved text[];
BEGIN
    IF NOT (caller_has_role('fai_staff') OR caller_has_role('fai_lead'))
       AND cardinality(caller_read_regions()) = 0 THEN
        RETURN;
    END IF;
    saved := dash_widen(every_region());
    RETURN QUERY
    SELECT b.id, count(r.region_id)::int,
           percentile_cont(0.5) WITHIN GROUP (
               ORDER BY extract(epoch FROM r.read_at - b.published_at) / 3600)
      FROM bulletins b
      LEFT JOIN bulletin_reads r ON r.bulletin_id = b.id
     WHERE b.published_at >= from_day::timestamp AT TIME ZONE 'Europe/Berlin'
       AND b.published_at < (to_day + 1)::timestamp AT TIME ZONE 'Europe/Berlin'
     GROUP BY b.id;
    PERFORM dash_restore(saved);
END $$;
REVOKE ALL ON FUNCTION lotse.dashboard_bulletin_state(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lotse.dashboard_bulletin_state(date, date) TO lotse_app;

-- The policy report's proposals: what regions wrote for the ministry on their obstacles
-- (policy_proposal), for obstacles that inquiries received in the range met or that the
-- region saw in the range. FAI staff and leadership only (42501 for anyone else): the
-- report goes to the ministry, not to other regions. Only the proposal, the region and
-- the obstacle's codes; never its title, description or an inquiry.
CREATE FUNCTION lotse.policy_proposals(from_day date, to_day date)
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
     CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE i.received_on BETWEEN from_day AND to_day)
                                AS in_range
                           FROM inquiry_obstacles l
                           JOIN inquiries i ON i.region_id = l.region_id AND i.id = l.inquiry_id
                          WHERE l.region_id = o.region_id AND l.obstacle_id = o.id) q
     WHERE o.policy_proposal <> ''
       AND ((coalesce(o.first_seen, o.last_seen) <= to_day
             AND coalesce(o.last_seen, o.first_seen) >= from_day)
            OR q.in_range > 0)
     ORDER BY o.category,
              array_position(ARRAY['critical', 'high', 'medium', 'low'], o.severity),
              g.name, o.id;
    PERFORM dash_restore(saved);
END $$;
REVOKE ALL ON FUNCTION lotse.policy_proposals(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lotse.policy_proposals(date, date) TO lotse_app;

-- What the records hold already.
SELECT lotse.rebuild_rollups();

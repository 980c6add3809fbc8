-- 0012: employer inquiries "handled where they arrive" (agreement §4), the companies
-- they come from, and the obstacles they meet (§3, §4: the experience the FAI brings
-- into state and federal policy). docs/inquiries.md explains the model.
-- Tenant tables: keyed (region_id, id), composite foreign keys, RLS by
-- lotse.tenant_policies(), plus:
--   * FAI leadership never sees a company name (§5: company data is confidential):
--     a RESTRICTIVE policy shuts every caller holding fai_lead out of all four tables,
--     whatever else they hold.
--   * FAI staff log inquiries that reach the FAI for a region, and read and change
--     those (received_by = 'fai') and only those; they see a company only when it is
--     named by such an inquiry, and may add the company an inquiry they log names.

-- The EU size classes (Commission Recommendation 2003/361/EC) and the sections of the
-- German classification of economic activities (WZ 2008, sections A to U).
CREATE TABLE lotse.companies (
    region_id  smallint NOT NULL REFERENCES lotse.regions,
    id         uuid NOT NULL DEFAULT gen_random_uuid(),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    location   text NOT NULL DEFAULT '' CHECK (length(location) <= 200),
    size_class text CHECK (size_class IN ('micro', 'small', 'medium', 'large')),
    sector     text CHECK (sector ~ '^[A-U]$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version    integer NOT NULL DEFAULT 1,
    PRIMARY KEY (region_id, id)
);
CREATE INDEX companies_region_name ON lotse.companies (region_id, lower(name));
SELECT lotse.tenant_policies('lotse.companies');

CREATE TABLE lotse.obstacles (
    region_id       smallint NOT NULL REFERENCES lotse.regions,
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    category        text NOT NULL CHECK (category IN ('visa_appointment_wait',
                        'recognition_duration', 'authority_communication', 'housing',
                        'childcare', 'language_courses', 'costs', 'other')),
    description     text NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
    -- seen outside the logged inquiries (a network meeting, a partner's report); the
    -- inquiries linked to the obstacle give their own span, computed when read
    first_seen      date,
    last_seen       date,
    severity        text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    policy_proposal text NOT NULL DEFAULT '' CHECK (length(policy_proposal) <= 5000),
    policy_level    text CHECK (policy_level IN ('state', 'federal')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1,
    PRIMARY KEY (region_id, id),
    CONSTRAINT obstacles_seen CHECK (last_seen IS NULL OR first_seen IS NULL
                                     OR last_seen >= first_seen)
);
SELECT lotse.tenant_policies('lotse.obstacles');

CREATE TABLE lotse.inquiries (
    region_id        smallint NOT NULL REFERENCES lotse.regions,
    id               uuid NOT NULL DEFAULT gen_random_uuid(),
    received_on      date NOT NULL,
    channel          text NOT NULL CHECK (channel IN ('phone', 'email', 'meeting', 'event',
                         'website', 'referral')),
    received_by      text NOT NULL CHECK (received_by IN ('region', 'fai')),
    company_id       uuid,
    -- only without a company; with one, its size class and sector apply
    size_class       text CHECK (size_class IN ('micro', 'small', 'medium', 'large')),
    sector           text CHECK (sector ~ '^[A-U]$'),
    -- the topics of the offers (0010), so an inquiry and the offer it is referred to
    -- speak the same words
    topics           text[] NOT NULL DEFAULT '{}'
                     CHECK (cardinality(topics) <= 10
                            AND topics <@ ARRAY['recognition', 'visa_and_entry', 'feg_pathways',
                                'onboarding', 'family_reunification', 'housing', 'language',
                                'funding', 'recruitment_agencies', 'other']),
    -- ISO 3166-1 alpha-2; lotsed checks them against the list of assigned codes
    -- (src/core/classification.c), the database their shape
    target_countries text[] NOT NULL DEFAULT '{}'
                     CHECK (cardinality(target_countries) <= 50
                            AND array_to_string(target_countries, ',') ~ '^([A-Z]{2}(,[A-Z]{2})*)?$'),
    occupation       text NOT NULL DEFAULT '' CHECK (length(occupation) <= 200),
    -- the referral to a regional offer, or the employer's choice to stay with the FAI
    -- (§4: "Die Entscheidung, welche Beratung gewählt wird, bleibt in den Händen des
    -- Arbeitgebers")
    offer_id         uuid,
    stays_with_fai   boolean NOT NULL DEFAULT false,
    outcome          text NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'advised',
                         'referred', 'recruiting', 'no_need', 'other')),
    follow_up_on     date,
    notes            text NOT NULL DEFAULT '' CHECK (length(notes) <= 5000),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    version          integer NOT NULL DEFAULT 1,
    PRIMARY KEY (region_id, id),
    -- composite: only a company and an offer of the inquiry's own region. A company
    -- is unlinked by its deletion (companies.c keeps its size class and sector on the
    -- inquiry first); a deleted offer leaves the referral's outcome as history.
    FOREIGN KEY (region_id, company_id) REFERENCES lotse.companies (region_id, id),
    FOREIGN KEY (region_id, offer_id) REFERENCES lotse.offers (region_id, id)
        ON DELETE SET NULL (offer_id)
);
CREATE INDEX inquiries_region_received ON lotse.inquiries (region_id, received_on, id);
CREATE INDEX inquiries_company ON lotse.inquiries (region_id, company_id);
CREATE INDEX inquiries_offer ON lotse.inquiries (region_id, offer_id);
SELECT lotse.tenant_policies('lotse.inquiries');

-- Which obstacles an inquiry met: an obstacle's count of inquiries touched and the
-- span of their dates are computed from these rows, never typed in.
CREATE TABLE lotse.inquiry_obstacles (
    region_id   smallint NOT NULL,
    inquiry_id  uuid NOT NULL,
    obstacle_id uuid NOT NULL,
    PRIMARY KEY (region_id, inquiry_id, obstacle_id),
    FOREIGN KEY (region_id, inquiry_id) REFERENCES lotse.inquiries (region_id, id)
        ON DELETE CASCADE,
    FOREIGN KEY (region_id, obstacle_id) REFERENCES lotse.obstacles (region_id, id)
        ON DELETE CASCADE
);
CREATE INDEX inquiry_obstacles_obstacle ON lotse.inquiry_obstacles (region_id, obstacle_id);
SELECT lotse.tenant_policies('lotse.inquiry_obstacles');

GRANT SELECT, INSERT, UPDATE, DELETE ON lotse.companies, lotse.obstacles, lotse.inquiries,
    lotse.inquiry_obstacles TO lotse_app;

-- FAI leadership: nothing of these tables, whatever other role or membership it holds.
CREATE POLICY no_fai_lead ON lotse.companies AS RESTRICTIVE FOR ALL
    USING (NOT (SELECT lotse.caller_has_role('fai_lead')))
    WITH CHECK (NOT (SELECT lotse.caller_has_role('fai_lead')));
CREATE POLICY no_fai_lead ON lotse.inquiries AS RESTRICTIVE FOR ALL
    USING (NOT (SELECT lotse.caller_has_role('fai_lead')))
    WITH CHECK (NOT (SELECT lotse.caller_has_role('fai_lead')));
CREATE POLICY no_fai_lead ON lotse.obstacles AS RESTRICTIVE FOR ALL
    USING (NOT (SELECT lotse.caller_has_role('fai_lead')))
    WITH CHECK (NOT (SELECT lotse.caller_has_role('fai_lead')));
CREATE POLICY no_fai_lead ON lotse.inquiry_obstacles AS RESTRICTIVE FOR ALL
    USING (NOT (SELECT lotse.caller_has_role('fai_lead')))
    WITH CHECK (NOT (SELECT lotse.caller_has_role('fai_lead')));

-- FAI staff: the inquiries received by the FAI, in every region (they belong to none).
CREATE POLICY fai_reads ON lotse.inquiries FOR SELECT
    USING ((SELECT lotse.caller_has_role('fai_staff')) AND received_by = 'fai');
CREATE POLICY fai_logs ON lotse.inquiries FOR INSERT
    WITH CHECK ((SELECT lotse.caller_has_role('fai_staff')) AND received_by = 'fai');
CREATE POLICY fai_changes ON lotse.inquiries FOR UPDATE
    USING ((SELECT lotse.caller_has_role('fai_staff')) AND received_by = 'fai')
    WITH CHECK ((SELECT lotse.caller_has_role('fai_staff')) AND received_by = 'fai');
-- ... the company such an inquiry names (never the region's list of companies) ...
CREATE POLICY fai_reads_named ON lotse.companies FOR SELECT
    USING ((SELECT lotse.caller_has_role('fai_staff'))
           AND EXISTS (SELECT 1 FROM lotse.inquiries i
                        WHERE i.region_id = companies.region_id AND i.company_id = companies.id
                          AND i.received_by = 'fai'));
-- ... the company an inquiry they log names (added in the same statement, so it is
-- not read back through RETURNING: inquiries.c chooses its id) ...
CREATE POLICY fai_adds ON lotse.companies FOR INSERT
    WITH CHECK ((SELECT lotse.caller_has_role('fai_staff')));
-- ... and which obstacles such an inquiry met (linking them is the region's).
CREATE POLICY fai_reads_links ON lotse.inquiry_obstacles FOR SELECT
    USING ((SELECT lotse.caller_has_role('fai_staff'))
           AND EXISTS (SELECT 1 FROM lotse.inquiries i
                        WHERE i.region_id = inquiry_obstacles.region_id
                          AND i.id = inquiry_obstacles.inquiry_id AND i.received_by = 'fai'));

-- The rules that tie an inquiry's fields together, where no path can miss them (the
-- API, a later import). Each has its SQLSTATE, so inquiries.c names the field:
--   LTQ01 stays_with_fai  not both a referral to an offer and staying with the FAI
--   LTQ02 stays_with_fai  only an inquiry received by the FAI can stay with it
--   LTQ03 outcome         'referred' names the offer it was referred to
--   LTQ04 size_class      with a company, its size class applies
--   LTQ07 sector          with a company, its sector applies
--   LTQ05 follow_up_on    not before received_on
--   LTQ06 received_on     not in the future (German time)
-- A deleted offer sets offer_id NULL from within its foreign key's action (trigger
-- depth 2): the outcome 'referred' then stays as history and LTQ03 is not applied.
CREATE FUNCTION lotse.inquiry_consistent() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, lotse AS $$
BEGIN
    IF NEW.stays_with_fai AND NEW.offer_id IS NOT NULL THEN
        RAISE EXCEPTION 'referred to an offer and staying with the FAI' USING ERRCODE = 'LTQ01';
    END IF;
    IF NEW.stays_with_fai AND NEW.received_by <> 'fai' THEN
        RAISE EXCEPTION 'staying with the FAI, but received by the region' USING ERRCODE = 'LTQ02';
    END IF;
    IF NEW.outcome = 'referred' AND NEW.offer_id IS NULL AND pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'referred without an offer' USING ERRCODE = 'LTQ03';
    END IF;
    IF NEW.company_id IS NOT NULL AND NEW.size_class IS NOT NULL THEN
        RAISE EXCEPTION 'a size class beside a company' USING ERRCODE = 'LTQ04';
    END IF;
    IF NEW.company_id IS NOT NULL AND NEW.sector IS NOT NULL THEN
        RAISE EXCEPTION 'a sector beside a company' USING ERRCODE = 'LTQ07';
    END IF;
    IF NEW.follow_up_on < NEW.received_on THEN
        RAISE EXCEPTION 'follow-up before receipt' USING ERRCODE = 'LTQ05';
    END IF;
    IF NEW.received_on > (now() AT TIME ZONE 'Europe/Berlin')::date
       AND (TG_OP = 'INSERT' OR NEW.received_on IS DISTINCT FROM OLD.received_on) THEN
        RAISE EXCEPTION 'received in the future' USING ERRCODE = 'LTQ06';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER inquiries_consistent BEFORE INSERT OR UPDATE ON lotse.inquiries
    FOR EACH ROW EXECUTE FUNCTION lotse.inquiry_consistent();

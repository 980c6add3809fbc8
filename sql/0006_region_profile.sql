-- 0006: the region's profile (agreement §2.1) and where it needs support (§3).
-- One row per region (a singleton keyed by region_id), RLS by lotse.tenant_policies().
-- Lists are text[]; the enum sets are checked against their values here as well as
-- in the schema of src/api/profile.c.

CREATE TABLE lotse.region_profiles (
    region_id           smallint PRIMARY KEY REFERENCES lotse.regions,
    strengths           text[] NOT NULL DEFAULT '{}' CHECK (cardinality(strengths) <= 30),
    challenges          text[] NOT NULL DEFAULT '{}'
                        CHECK (cardinality(challenges) <= 8
                               AND challenges <@ ARRAY['housing_market', 'unemployment',
                                   'municipal_budget', 'childcare', 'welcome_culture',
                                   'language_courses', 'public_transport', 'other']::text[]),
    challenges_note     text NOT NULL DEFAULT '' CHECK (length(challenges_note) <= 5000),
    existing_structures text[] NOT NULL DEFAULT '{}'
                        CHECK (cardinality(existing_structures) <= 30),
    support_needs       text[] NOT NULL DEFAULT '{}'
                        CHECK (cardinality(support_needs) <= 4
                               AND support_needs <@ ARRAY['recruitment_and_immigration_framework',
                                   'accompanying_integration', 'in_company_onboarding',
                                   'family_reunification']::text[]),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    version             integer NOT NULL DEFAULT 1
);
SELECT lotse.tenant_policies('lotse.region_profiles');

-- The app only reads and replaces: every region has its row from here on.
GRANT SELECT, UPDATE ON lotse.region_profiles TO lotse_app;

-- RLS is forced, so the owner writes under a transaction-local permission for all regions.
SELECT set_config('lotse.write_region_ids',
                  (SELECT '{' || string_agg(id::text, ',') || '}' FROM lotse.regions), true);
INSERT INTO lotse.region_profiles (region_id) SELECT id FROM lotse.regions ORDER BY id;

-- 0008: the region's activities in recruiting skilled workers abroad (agreement §4.1) and
-- the notices that tell the partner early about the high-profile ones (§4).
-- Tenant tables: keyed (region_id, id), RLS by lotse.tenant_policies().

CREATE TABLE lotse.activities (
    region_id               smallint NOT NULL REFERENCES lotse.regions,
    id                      uuid NOT NULL DEFAULT gen_random_uuid(),
    title                   text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    kind                    text NOT NULL CHECK (kind IN ('event', 'workshop', 'network_meeting',
                                'press_release', 'social_media')),
    starts_on               date NOT NULL,
    ends_on                 date,
    topics                  text[] NOT NULL DEFAULT '{}'
                            CHECK (cardinality(topics) <= 7
                                   AND topics <@ ARRAY['diversity', 'feg', 'onboarding',
                                       'recruitment', 'recognition', 'family_reunification',
                                       'other']::text[]),
    -- §4.1: joint activities with the FAI are expressly wanted
    joint                   boolean NOT NULL DEFAULT false,
    speaker_referred_by_fai boolean NOT NULL DEFAULT false,
    -- §4: high-profile public activities are told to the partner early ...
    high_profile            boolean NOT NULL DEFAULT false,
    -- ... except state-wide FAI public relations rolled out in every region
    statewide_fai           boolean NOT NULL DEFAULT false,
    description             text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    version                 integer NOT NULL DEFAULT 1,
    PRIMARY KEY (region_id, id),
    CONSTRAINT activities_period CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX activities_region_start ON lotse.activities (region_id, starts_on, id);
SELECT lotse.tenant_policies('lotse.activities');

-- One notice per activity, sent when it is created as (or changed to) high-profile and not
-- state-wide FAI PR. A notice once sent stays, whatever the activity becomes later.
CREATE TABLE lotse.activity_notices (
    region_id            smallint NOT NULL,
    id                   uuid NOT NULL DEFAULT gen_random_uuid(),
    activity_id          uuid NOT NULL,
    sent_at              timestamptz NOT NULL DEFAULT now(),
    -- starts_on - sent_at::date, kept current when the activity moves
    lead_time_days       integer NOT NULL,
    acknowledged_at      timestamptz,
    acknowledged_by_name text CHECK (length(acknowledged_by_name) BETWEEN 1 AND 200),
    PRIMARY KEY (region_id, id),
    UNIQUE (region_id, activity_id),
    -- composite: a notice can only be about an activity of its own region
    FOREIGN KEY (region_id, activity_id) REFERENCES lotse.activities (region_id, id)
        ON DELETE CASCADE,
    CHECK ((acknowledged_at IS NULL) = (acknowledged_by_name IS NULL))
);
SELECT lotse.tenant_policies('lotse.activity_notices');

GRANT SELECT, INSERT, UPDATE, DELETE ON lotse.activities, lotse.activity_notices TO lotse_app;

-- A notice is late when its lead time is below the minimum lotsed is configured with
-- (notice_min_lead_days, default 14), which it passes to each connection as the
-- setting lotse.notice_min_lead_days; lateness is therefore computed when read,
-- never stored, and follows a changed setting.
CREATE FUNCTION lotse.notice_min_lead_days() RETURNS integer
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(nullif(current_setting('lotse.notice_min_lead_days', true), '')::integer,
                          14) $$;
GRANT EXECUTE ON FUNCTION lotse.notice_min_lead_days() TO lotse_app;

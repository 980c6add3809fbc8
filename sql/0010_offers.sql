-- 0010: the region's offers and contacts the FAI links to from its website, with the
-- consent of everyone named (agreement §3, §4.1: "Die FAI NRW verweist auf ihrer Website
-- auf regionale Angebote und Ansprechpartner ... gewährleistet die Zustimmung aller
-- Beteiligten zur Verlinkung"; §4.2 named contacts).
-- Tenant tables: keyed (region_id, id), RLS by lotse.tenant_policies().

CREATE TABLE lotse.contacts (
    region_id            smallint NOT NULL REFERENCES lotse.regions,
    id                   uuid NOT NULL DEFAULT gen_random_uuid(),
    name                 text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    organisation         text NOT NULL DEFAULT '' CHECK (length(organisation) <= 200),
    function             text NOT NULL DEFAULT '' CHECK (length(function) <= 200),
    email                text CHECK (length(email) <= 254),
    phone                text NOT NULL DEFAULT '' CHECK (length(phone) <= 50),
    role                 text NOT NULL
                         CHECK (role IN ('fai_contact', 'region_contact', 'offer_contact')),
    -- consent to be named and linked: who gave it, how, when; and when it was withdrawn
    consent_given_at     timestamptz,
    consent_given_by     text CHECK (length(consent_given_by) BETWEEN 1 AND 200),
    consent_how          text
                         CHECK (consent_how IN ('written', 'email', 'form', 'verbal_documented')),
    consent_withdrawn_at timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    version              integer NOT NULL DEFAULT 1,
    PRIMARY KEY (region_id, id),
    -- consent is recorded whole or not at all
    CHECK ((consent_given_at IS NULL) = (consent_given_by IS NULL)
           AND (consent_given_at IS NULL) = (consent_how IS NULL))
);
SELECT lotse.tenant_policies('lotse.contacts');

CREATE TABLE lotse.offers (
    region_id     smallint NOT NULL REFERENCES lotse.regions,
    id            uuid NOT NULL DEFAULT gen_random_uuid(),
    title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    provider      text NOT NULL CHECK (provider IN ('welcome_office', 'ihk', 'hwk',
                      'employment_agency', 'municipal_integration_centre', 'other')),
    provider_name text NOT NULL DEFAULT '' CHECK (length(provider_name) <= 200),
    topics        text[] NOT NULL DEFAULT '{}'
                  CHECK (topics <@ ARRAY['recognition', 'visa_and_entry', 'feg_pathways',
                      'onboarding', 'family_reunification', 'housing', 'language', 'funding',
                      'recruitment_agencies', 'other']),
    url           text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
    contact_id    uuid,
    published     boolean NOT NULL DEFAULT false,
    published_at  timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    version       integer NOT NULL DEFAULT 1,
    PRIMARY KEY (region_id, id),
    -- composite: an offer can only name a contact of its own region
    FOREIGN KEY (region_id, contact_id) REFERENCES lotse.contacts (region_id, id)
        ON DELETE SET NULL (contact_id)
);
CREATE INDEX offers_contact ON lotse.offers (region_id, contact_id);
CREATE INDEX offers_published ON lotse.offers (published) WHERE published;
SELECT lotse.tenant_policies('lotse.offers');

GRANT SELECT, INSERT, UPDATE, DELETE ON lotse.contacts, lotse.offers TO lotse_app;

-- The rule of §4.1 where no path can miss it: a published offer names no contact, or
-- one who has consented (given and not withdrawn). SQLSTATE LTC01 tells the API which
-- field to name. Invoker's rights: whoever writes the offer reads its region.
CREATE FUNCTION lotse.offer_contact_consented() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, lotse AS $$
BEGIN
    IF NEW.published AND NEW.contact_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM contacts c WHERE c.region_id = NEW.region_id AND c.id = NEW.contact_id
           AND c.consent_given_at IS NOT NULL AND c.consent_withdrawn_at IS NULL) THEN
        RAISE EXCEPTION 'the contact has not consented to be linked' USING ERRCODE = 'LTC01';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER offers_contact_consented BEFORE INSERT OR UPDATE ON lotse.offers
    FOR EACH ROW EXECUTE FUNCTION lotse.offer_contact_consented();

-- The public feed: every region's published offers, with their contact's details only
-- where that contact has consented, and nothing else. Called by anonymous requests,
-- which carry no regions, and row-level security is forced (it binds this function's
-- owner too), so it widens lotse.region_ids to every region for its one query and puts
-- the caller's value back, as lotse.bulletin_read_status (0007) does.
CREATE FUNCTION lotse.public_offers()
    RETURNS TABLE (id uuid, region_slug text, region_name text, title text, provider text,
                   provider_name text, topics text[], url text, contact jsonb,
                   published_at timestamptz)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, lotse
    AS $$
DECLARE
    caller_regions text := coalesce(current_setting('lotse.region_ids', true), '');
BEGIN
    PERFORM set_config('lotse.region_ids',
                       (SELECT '{' || coalesce(string_agg(g.id::text, ','), '') || '}'
                          FROM regions g), true);
    RETURN QUERY
        SELECT o.id, g.slug, g.name, o.title, o.provider, o.provider_name, o.topics, o.url,
               CASE WHEN c.id IS NULL THEN NULL ELSE jsonb_build_object('name', c.name,
                   'organisation', c.organisation, 'function', c.function, 'email', c.email,
                   'phone', c.phone) END,
               o.published_at
          FROM offers o
          JOIN regions g ON g.id = o.region_id
          LEFT JOIN contacts c ON c.region_id = o.region_id AND c.id = o.contact_id
               AND c.consent_given_at IS NOT NULL AND c.consent_withdrawn_at IS NULL
         WHERE o.published
           AND (o.contact_id IS NULL OR c.id IS NOT NULL);
    PERFORM set_config('lotse.region_ids', caller_regions, true);
END $$;
REVOKE ALL ON FUNCTION lotse.public_offers() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lotse.public_offers() TO lotse_app;

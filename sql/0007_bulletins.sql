-- 0007: bulletins - the FAI's running information on law changes and news for every
-- region (agreement §3, the first measure: "laufende und aktuelle Bereitstellung von
-- Informationen zu Gesetzesänderungen und Neuerungen"), and which region has read which.
--
-- lotse.bulletins is global: one bulletin goes to all regions, so it has no region_id
-- and no row-level security; the app role may read, publish and correct, never delete.
-- lotse.bulletin_reads is a tenant table: a bulletin counts as read for a region once
-- any member of that region marked it read.

CREATE TABLE lotse.bulletins (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    body             text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    topic            text NOT NULL
                     CHECK (topic IN ('law_change', 'news', 'event_notice', 'other')),
    -- e.g. '§ 18a AufenthG'
    legal_references text[] NOT NULL DEFAULT '{}'
                     CHECK (cardinality(legal_references) <= 20),
    effective_on     date,
    published_by     uuid,
    published_at     timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    version          integer NOT NULL DEFAULT 1
);
CREATE INDEX bulletins_newest ON lotse.bulletins (published_at DESC, id DESC);

CREATE TABLE lotse.bulletin_reads (
    region_id   smallint NOT NULL REFERENCES lotse.regions,
    bulletin_id uuid NOT NULL REFERENCES lotse.bulletins ON DELETE CASCADE,
    read_at     timestamptz NOT NULL DEFAULT now(),
    read_by     uuid,
    PRIMARY KEY (region_id, bulletin_id)
);
CREATE INDEX bulletin_reads_bulletin ON lotse.bulletin_reads (bulletin_id);
SELECT lotse.tenant_policies('lotse.bulletin_reads');
-- Marking read is reading, not keeping the region's records: a region_viewer may do it
-- too, so an insert is allowed in every region the caller reads (permissive policies
-- are OR-ed with tenant_insert).
CREATE POLICY reader_marks_read ON lotse.bulletin_reads FOR INSERT
    WITH CHECK (region_id = ANY ((SELECT lotse.caller_read_regions())::smallint[]));

GRANT SELECT, INSERT, UPDATE ON lotse.bulletins TO lotse_app;
GRANT SELECT, INSERT ON lotse.bulletin_reads TO lotse_app;

-- Which regions have read a bulletin, for the FAI roles and the administrator, who
-- belong to no region and so see no bulletin_reads row through the tenant policies.
-- Returns nothing for anyone else, and never read_by. Row-level security is forced, so
-- it binds this function's owner too: the function widens lotse.region_ids to every
-- region for its one query and puts the caller's value back before it returns. (A SET
-- clause on the function would do that by itself, but PostgreSQL 15 lets only a
-- superuser attach a custom setting to a function.) Should the query fail, the
-- transaction or savepoint aborts and takes the transaction-local setting with it.
CREATE FUNCTION lotse.bulletin_read_status(bulletin uuid)
    RETURNS TABLE (region smallint, read_at timestamptz)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, lotse
    AS $$
DECLARE
    caller_regions text := coalesce(current_setting('lotse.region_ids', true), '');
BEGIN
    IF NOT (caller_has_role('fai_staff') OR caller_has_role('fai_esf')
            OR caller_has_role('fai_lead') OR caller_has_role('admin')) THEN
        RETURN;
    END IF;
    PERFORM set_config('lotse.region_ids',
                       (SELECT '{' || coalesce(string_agg(g.id::text, ','), '') || '}'
                          FROM regions g), true);
    RETURN QUERY SELECT r.region_id, r.read_at FROM bulletin_reads r
                  WHERE r.bulletin_id = bulletin_read_status.bulletin;
    PERFORM set_config('lotse.region_ids', caller_regions, true);
END $$;
REVOKE ALL ON FUNCTION lotse.bulletin_read_status(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lotse.bulletin_read_status(uuid) TO lotse_app;

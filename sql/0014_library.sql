-- 0014: the shared library of model processes ("Musterprozesse", agreement §4: the FAI
-- "koordiniert ... die Vernetzung der 16 Regionen ..., so dass gemachte Erfahrung als Best
-- Practice Beispiele (Musterprozesse) voneinander gelernt werden können").
--
-- A process (lotse.processes) has a key that names it across its versions and an owner:
-- a region, or the FAI (region_id NULL). Each version (lotse.process_versions) carries
-- the metadata of docs/process-format.md and its steps (lotse.process_steps); a version
-- goes draft -> in_progress (submitted for review) -> approved -> published (approved
-- with published_at set) -> inactive, or back from in_progress to draft when FAI staff
-- return it. A published version never changes again (lotse.process_version_guard); a
-- change makes the next version. Regions adopt published versions as they are or adapt
-- them into a draft of their own (lotse.process_adoptions), and leave feedback
-- (lotse.process_feedback); FAI staff and leadership comment on what they review
-- (lotse.process_reviews).
--
-- Keys are unique across the library, because a published process is addressed by its
-- key alone (/api/v1/library/processes/{key}); a region asking for a key another region
-- took learns only that it is taken. These tables belong to the library rather than to
-- one region, so their region_id is the owner's and may be NULL (the FAI); row-level
-- security is forced on every one of them:
--   - the owner region's members see all of its versions (lotse.tenant_policies), its
--     coordinators write them;
--   - FAI staff and leadership see the FAI's own versions and every region's version that
--     was submitted for review at least once, and move them through review;
--   - every signed-in user sees every published version, its steps, adoptions and feedback;
--   - a region's draft that was never submitted is seen by that region alone.
-- lotse.process_version_guard states the same lifecycle again, so no route can publish
-- what the caller's roles do not allow, or change what was published.

-- Texts of an array joined for text search (array_to_string is only STABLE, because it
-- may call other element types' output functions; for text[] it is immutable).
CREATE FUNCTION lotse.words(text[]) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT array_to_string($1, ' ') $$;

-- The elements of a JSON array of texts, in order; '{}' for NULL.
CREATE FUNCTION lotse.jsonb_texts(j jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce(array_agg(e ORDER BY n), '{}')
            FROM jsonb_array_elements_text(j) WITH ORDINALITY AS t(e, n) $$;

-- A point in time as the library writes it: UTC, whole seconds, "2026-11-02T10:15:00Z".
CREATE FUNCTION lotse.utc(ts timestamptz) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT to_char($1 AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') $$;

CREATE TABLE lotse.processes (
    key        text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9-]{2,63}$'),
    region_id  smallint REFERENCES lotse.regions, -- the owner; NULL: the FAI
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by uuid
);
CREATE INDEX processes_region ON lotse.processes (region_id, key);

CREATE TABLE lotse.process_versions (
    key            text NOT NULL REFERENCES lotse.processes,
    version        integer NOT NULL CHECK (version BETWEEN 1 AND 100000),
    -- the owner's, copied from lotse.processes by the guard so that the policies read
    -- their own row
    region_id      smallint REFERENCES lotse.regions,
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description    text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
    target_groups  text[] NOT NULL
                   CHECK (cardinality(target_groups) >= 1
                          AND target_groups <@ ARRAY['skilled_workers', 'trainees', 'nurses',
                              'academics', 'it_specialists', 'seasonal_workers', 'other']),
    -- after FIM: Stammprozess, Referenzprozess, Lokalprozess
    level          text NOT NULL CHECK (level IN ('master', 'reference', 'local')),
    legal_basis    text[] NOT NULL DEFAULT '{}' CHECK (cardinality(legal_basis) <= 50),
    valid_from     date,
    valid_to       date,
    authors        jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(authors) = 'array'),
    licence        text NOT NULL DEFAULT 'CC-BY-4.0' CHECK (licence ~ '^[A-Za-z0-9.+-]{1,64}$'),
    tags           text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 50),
    -- after the XProzess status code list; published is approved with published_at set
    status         text NOT NULL DEFAULT 'draft'
                   CHECK (status IN ('draft', 'in_progress', 'approved', 'inactive')),
    submitted_at   timestamptz, -- first submitted for review: from then on the FAI sees it
    approved_at    timestamptz,
    approved_by    uuid,
    published_at   timestamptz,
    published_by   uuid,
    deactivated_at timestamptz,
    -- {key, version, owner: {kind, region, name}} of the version this one was adapted or
    -- imported from, as it was then
    adapted_from   jsonb CHECK (jsonb_typeof(adapted_from) = 'object'),
    -- the steps' titles and descriptions, for text search
    steps_text     text NOT NULL DEFAULT '',
    search         tsvector GENERATED ALWAYS AS (
                       setweight(to_tsvector('german'::regconfig, name), 'A')
                       || setweight(to_tsvector('german'::regconfig, lotse.words(tags)), 'A')
                       || setweight(to_tsvector('german'::regconfig, description), 'B')
                       || setweight(to_tsvector('german'::regconfig, lotse.words(legal_basis)), 'B')
                       || setweight(to_tsvector('german'::regconfig, steps_text), 'C')) STORED,
    -- the ETag: moves on with every change of the row (the record's "version" is the
    -- process version above)
    revision       integer NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    created_by     uuid,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    updated_by     uuid,
    PRIMARY KEY (key, version),
    CHECK (valid_to >= valid_from),
    CHECK (published_at IS NULL OR status IN ('approved', 'inactive'))
);
CREATE INDEX process_versions_region ON lotse.process_versions (region_id, key, version);
CREATE INDEX process_versions_search ON lotse.process_versions USING gin (search);
CREATE INDEX process_versions_published ON lotse.process_versions (key, version)
    WHERE published_at IS NOT NULL;
-- one version at most is being worked on: a change to a published process waits until
-- the open version is published
CREATE UNIQUE INDEX process_versions_one_open ON lotse.process_versions (key)
    WHERE published_at IS NULL;
CREATE INDEX process_versions_review ON lotse.process_versions (status, submitted_at)
    WHERE status IN ('in_progress', 'approved');

CREATE TABLE lotse.process_steps (
    key           text NOT NULL,
    version       integer NOT NULL,
    position      smallint NOT NULL CHECK (position BETWEEN 1 AND 200),
    step_id       text NOT NULL CHECK (step_id ~ '^[a-z0-9_-]{1,32}$'),
    phase         text NOT NULL CHECK (phase IN ('orientation', 'recruitment', 'visa_and_entry',
                      'recognition', 'arrival', 'onboarding', 'social_integration',
                      'retention')),
    title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description   text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    actor         text NOT NULL CHECK (actor IN ('employer', 'skilled_worker',
                      'foreign_mission', 'immigration_office', 'federal_employment_agency',
                      'recognition_body', 'welcome_office', 'ihk', 'hwk',
                      'employment_agency', 'municipality', 'fai', 'other')),
    duration_days integer CHECK (duration_days BETWEEN 0 AND 3650),
    documents     text[] NOT NULL DEFAULT '{}' CHECK (cardinality(documents) <= 50),
    checklist     text[] NOT NULL DEFAULT '{}' CHECK (cardinality(checklist) <= 50),
    links         jsonb NOT NULL DEFAULT '[]'
                  CHECK (jsonb_typeof(links) = 'array' AND jsonb_array_length(links) <= 20),
    -- ids of steps of the same version; lotse.process_steps_check keeps the graph whole
    -- and free of cycles
    predecessors  text[] NOT NULL DEFAULT '{}' CHECK (NOT step_id = ANY (predecessors)),
    PRIMARY KEY (key, version, step_id),
    UNIQUE (key, version, position),
    FOREIGN KEY (key, version) REFERENCES lotse.process_versions ON DELETE CASCADE
);

CREATE TABLE lotse.process_adoptions (
    region_id   smallint NOT NULL REFERENCES lotse.regions, -- the region that adopted
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    key         text NOT NULL,
    version     integer NOT NULL,
    mode        text NOT NULL CHECK (mode IN ('as_is', 'adapt')),
    adapted_key text REFERENCES lotse.processes, -- the region's draft made from it
    adopted_at  timestamptz NOT NULL DEFAULT now(),
    adopted_by  uuid,
    PRIMARY KEY (region_id, id),
    UNIQUE (region_id, key, version, mode),
    FOREIGN KEY (key, version) REFERENCES lotse.process_versions,
    CHECK ((mode = 'adapt') = (adapted_key IS NOT NULL))
);
CREATE INDEX process_adoptions_source ON lotse.process_adoptions (key, version);

CREATE TABLE lotse.process_feedback (
    region_id  smallint NOT NULL REFERENCES lotse.regions,
    key        text NOT NULL,
    version    integer NOT NULL,
    rating     smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment    text NOT NULL DEFAULT '' CHECK (length(comment) <= 5000),
    revision   integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by uuid,
    PRIMARY KEY (region_id, key, version),
    FOREIGN KEY (key, version) REFERENCES lotse.process_versions
);
CREATE INDEX process_feedback_version ON lotse.process_feedback (key, version);

CREATE TABLE lotse.process_reviews (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    key         text NOT NULL,
    version     integer NOT NULL,
    region_id   smallint REFERENCES lotse.regions, -- the owner's; NULL: the FAI
    kind        text NOT NULL
                CHECK (kind IN ('comment', 'returned', 'approved', 'published', 'deactivated')),
    body        text NOT NULL DEFAULT '' CHECK (length(body) <= 5000),
    author_id   uuid,
    author_name text NOT NULL DEFAULT '' CHECK (length(author_name) <= 200),
    created_at  timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (key, version) REFERENCES lotse.process_versions ON DELETE CASCADE,
    CHECK (kind <> 'returned' OR length(body) >= 1)
);
CREATE INDEX process_reviews_version ON lotse.process_reviews (key, version, created_at);

-- ------------------------------------------------------------------ the lifecycle

-- New versions start as drafts of their process's owner. A change of content only in a
-- draft and only by its author (the owner region's coordinators, FAI staff for the FAI's
-- own); the status only along the lifecycle and only by the role each step belongs to;
-- nothing of a published version but its deactivation.
CREATE FUNCTION lotse.process_version_guard() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    staff boolean := lotse.caller_has_role('fai_staff');
    lead boolean := lotse.caller_has_role('fai_lead');
    author boolean;
    lifecycle constant text[] := ARRAY['status', 'submitted_at', 'approved_at', 'approved_by',
        'published_at', 'published_by', 'deactivated_at', 'revision', 'updated_at', 'updated_by',
        'search'];
    moved boolean;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT p.region_id INTO NEW.region_id FROM lotse.processes p WHERE p.key = NEW.key;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'process % does not exist', NEW.key USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF NEW.status <> 'draft' OR NEW.submitted_at IS NOT NULL OR NEW.published_at IS NOT NULL THEN
            RAISE EXCEPTION 'a process version starts as a draft' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END IF;
    author := CASE WHEN OLD.region_id IS NULL THEN staff
                   ELSE OLD.region_id = ANY (lotse.caller_write_regions()) END;
    IF (NEW.key, NEW.version, NEW.region_id, NEW.created_at, NEW.created_by, NEW.adapted_from)
       IS DISTINCT FROM (OLD.key, OLD.version, OLD.region_id, OLD.created_at, OLD.created_by,
                         OLD.adapted_from) THEN
        RAISE EXCEPTION 'process version %/%: its identity never changes', OLD.key, OLD.version
            USING ERRCODE = 'check_violation';
    END IF;
    IF (to_jsonb(NEW) - lifecycle) IS DISTINCT FROM (to_jsonb(OLD) - lifecycle)
       AND NOT (OLD.status = 'draft' AND NEW.status = 'draft' AND author) THEN
        RAISE EXCEPTION 'process version %/%: only its author changes it, and only as a draft',
            OLD.key, OLD.version USING ERRCODE = 'check_violation';
    END IF;
    moved := (NEW.status, NEW.published_at) IS DISTINCT FROM (OLD.status, OLD.published_at);
    IF moved AND NOT (
           (OLD.status = 'draft' AND NEW.status = 'in_progress' AND author)
        OR (OLD.status = 'in_progress' AND NEW.status IN ('draft', 'approved') AND staff)
        OR (OLD.status = 'approved' AND OLD.published_at IS NULL AND NEW.status = 'approved'
            AND NEW.published_at IS NOT NULL AND lead)
        OR (OLD.status = 'approved' AND OLD.published_at IS NOT NULL AND NEW.status = 'inactive'
            AND NEW.published_at = OLD.published_at AND lead)) THEN
        RAISE EXCEPTION 'process version %/%: % to % is not a step the caller may take',
            OLD.key, OLD.version, OLD.status, NEW.status USING ERRCODE = 'check_violation';
    END IF;
    IF NOT moved AND OLD.published_at IS NOT NULL
       AND (NEW.submitted_at, NEW.approved_at, NEW.approved_by, NEW.published_by, NEW.deactivated_at)
           IS DISTINCT FROM
           (OLD.submitted_at, OLD.approved_at, OLD.approved_by, OLD.published_by, OLD.deactivated_at) THEN
        RAISE EXCEPTION 'process version %/% is published and never changes', OLD.key, OLD.version
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER process_version_guard BEFORE INSERT OR UPDATE ON lotse.process_versions
    FOR EACH ROW EXECUTE FUNCTION lotse.process_version_guard();

-- The steps of every version a statement touched still form a directed graph without
-- cycles whose edges all end in a step of the same version. The API checks the same
-- before it writes (and names the step at fault); this is the database's own word.
CREATE FUNCTION lotse.process_steps_check() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT s.key, s.version, s.step_id, p.pred INTO bad
      FROM lotse.process_steps s CROSS JOIN LATERAL unnest(s.predecessors) AS p(pred)
     WHERE (s.key, s.version) IN (SELECT c.key, c.version FROM changed c)
       AND NOT EXISTS (SELECT 1 FROM lotse.process_steps t
                        WHERE t.key = s.key AND t.version = s.version AND t.step_id = p.pred)
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'step % of process version %/% names the predecessor %, which is no step of it',
            bad.step_id, bad.key, bad.version, bad.pred USING ERRCODE = 'foreign_key_violation';
    END IF;
    -- every (step, step it comes after, directly or not); a step after itself is a cycle
    WITH RECURSIVE after (key, version, step_id, earlier) AS (
        SELECT s.key, s.version, s.step_id, p.pred
          FROM lotse.process_steps s CROSS JOIN LATERAL unnest(s.predecessors) AS p(pred)
         WHERE (s.key, s.version) IN (SELECT c.key, c.version FROM changed c)
        UNION
        SELECT a.key, a.version, a.step_id, p.pred
          FROM after a
          JOIN lotse.process_steps s
            ON s.key = a.key AND s.version = a.version AND s.step_id = a.earlier
          CROSS JOIN LATERAL unnest(s.predecessors) AS p(pred)
    )
    SELECT a.key, a.version, a.step_id INTO bad FROM after a WHERE a.step_id = a.earlier LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'the steps of process version %/% form a cycle through step %',
            bad.key, bad.version, bad.step_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER process_steps_inserted AFTER INSERT ON lotse.process_steps
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION lotse.process_steps_check();
CREATE TRIGGER process_steps_updated AFTER UPDATE ON lotse.process_steps
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION lotse.process_steps_check();
CREATE TRIGGER process_steps_deleted AFTER DELETE ON lotse.process_steps
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION lotse.process_steps_check();

-- ------------------------------------------------------------------ row-level security

SELECT lotse.tenant_policies('lotse.processes');
CREATE POLICY fai_read ON lotse.processes FOR SELECT
    USING (region_id IS NULL AND ((SELECT lotse.caller_has_role('fai_staff'))
                                  OR (SELECT lotse.caller_has_role('fai_lead'))));
CREATE POLICY fai_insert ON lotse.processes FOR INSERT
    WITH CHECK (region_id IS NULL AND (SELECT lotse.caller_has_role('fai_staff')));
-- a process is visible wherever one of its versions is
CREATE POLICY version_visible ON lotse.processes FOR SELECT
    USING (EXISTS (SELECT 1 FROM lotse.process_versions v WHERE v.key = processes.key));

SELECT lotse.tenant_policies('lotse.process_versions');
CREATE POLICY published_read ON lotse.process_versions FOR SELECT
    USING (published_at IS NOT NULL AND (SELECT lotse.caller_user_id()) IS NOT NULL);
CREATE POLICY fai_read ON lotse.process_versions FOR SELECT
    USING (((SELECT lotse.caller_has_role('fai_staff')) OR (SELECT lotse.caller_has_role('fai_lead')))
           AND (region_id IS NULL OR submitted_at IS NOT NULL));
CREATE POLICY fai_update ON lotse.process_versions FOR UPDATE
    USING (((SELECT lotse.caller_has_role('fai_staff')) OR (SELECT lotse.caller_has_role('fai_lead')))
           AND (region_id IS NULL OR submitted_at IS NOT NULL))
    WITH CHECK (((SELECT lotse.caller_has_role('fai_staff')) OR (SELECT lotse.caller_has_role('fai_lead')))
                AND (region_id IS NULL OR submitted_at IS NOT NULL));
CREATE POLICY fai_insert ON lotse.process_versions FOR INSERT
    WITH CHECK (region_id IS NULL AND (SELECT lotse.caller_has_role('fai_staff')));

-- Steps are seen with their version and written only into a draft by its author.
ALTER TABLE lotse.process_steps ENABLE ROW LEVEL SECURITY;
ALTER TABLE lotse.process_steps FORCE ROW LEVEL SECURITY;
CREATE POLICY version_read ON lotse.process_steps FOR SELECT
    USING (EXISTS (SELECT 1 FROM lotse.process_versions v
                    WHERE v.key = process_steps.key AND v.version = process_steps.version));
CREATE POLICY draft_insert ON lotse.process_steps FOR INSERT
    WITH CHECK (EXISTS (SELECT 1 FROM lotse.process_versions v
                         WHERE v.key = process_steps.key AND v.version = process_steps.version
                           AND v.status = 'draft'
                           AND (v.region_id = ANY ((SELECT lotse.caller_write_regions())::smallint[])
                                OR (v.region_id IS NULL
                                    AND (SELECT lotse.caller_has_role('fai_staff'))))));
CREATE POLICY draft_delete ON lotse.process_steps FOR DELETE
    USING (EXISTS (SELECT 1 FROM lotse.process_versions v
                    WHERE v.key = process_steps.key AND v.version = process_steps.version
                      AND v.status = 'draft'
                      AND (v.region_id = ANY ((SELECT lotse.caller_write_regions())::smallint[])
                           OR (v.region_id IS NULL
                               AND (SELECT lotse.caller_has_role('fai_staff'))))));

-- The network of adoptions and the feedback are the library's: every signed-in user reads
-- them; a region records only its own.
SELECT lotse.tenant_policies('lotse.process_adoptions');
CREATE POLICY library_read ON lotse.process_adoptions FOR SELECT
    USING ((SELECT lotse.caller_user_id()) IS NOT NULL);
SELECT lotse.tenant_policies('lotse.process_feedback');
CREATE POLICY library_read ON lotse.process_feedback FOR SELECT
    USING ((SELECT lotse.caller_user_id()) IS NOT NULL);

-- Review comments: between the owner region and the FAI, written by the FAI.
ALTER TABLE lotse.process_reviews ENABLE ROW LEVEL SECURITY;
ALTER TABLE lotse.process_reviews FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_read ON lotse.process_reviews FOR SELECT
    USING (region_id = ANY ((SELECT lotse.caller_read_regions())::smallint[]));
CREATE POLICY fai_read ON lotse.process_reviews FOR SELECT
    USING ((SELECT lotse.caller_has_role('fai_staff')) OR (SELECT lotse.caller_has_role('fai_lead')));
CREATE POLICY fai_insert ON lotse.process_reviews FOR INSERT
    WITH CHECK ((SELECT lotse.caller_has_role('fai_staff')) OR (SELECT lotse.caller_has_role('fai_lead')));

GRANT SELECT, INSERT ON lotse.processes TO lotse_app;
GRANT SELECT, INSERT, UPDATE ON lotse.process_versions TO lotse_app;
GRANT SELECT, INSERT, DELETE ON lotse.process_steps TO lotse_app;
GRANT SELECT, INSERT ON lotse.process_adoptions, lotse.process_reviews TO lotse_app;
GRANT SELECT, INSERT, UPDATE ON lotse.process_feedback TO lotse_app;

-- ------------------------------------------------------------------ the record

-- The owner as the record writes it.
CREATE FUNCTION lotse.process_owner(region smallint) RETURNS json
    LANGUAGE sql STABLE
    AS $$ SELECT CASE WHEN $1 IS NULL
                      THEN json_build_object('kind', 'fai', 'region', NULL,
                                             'name', 'NRW Fachkräfteagentur International')
                      ELSE (SELECT json_build_object('kind', 'region', 'region', g.slug,
                                                     'name', g.name)
                              FROM lotse.regions g WHERE g.id = $1) END $$;

-- One version as docs/process-format.md describes it (process.json), members in the
-- order of that page; NULL when the caller cannot see it (row-level security decides).
-- The API answers it, packages carry it and lotse.process_content_set reads it back.
CREATE FUNCTION lotse.process_record(p_key text, p_version integer) RETURNS json
    LANGUAGE sql STABLE
    AS $$
SELECT json_build_object(
    'format', 'lotse-process/1', 'key', v.key, 'version', v.version, 'name', v.name,
    'description', v.description, 'target_groups', to_json(v.target_groups), 'level', v.level,
    'legal_basis', to_json(v.legal_basis), 'valid_from', v.valid_from, 'valid_to', v.valid_to,
    'owner', lotse.process_owner(v.region_id),
    'authors', (SELECT coalesce(json_agg(json_build_object('name', a->>'name',
                    'organisation', a->>'organisation') ORDER BY n), '[]')
                  FROM jsonb_array_elements(v.authors) WITH ORDINALITY AS x(a, n)),
    'licence', v.licence, 'tags', to_json(v.tags), 'status', v.status,
    'published_at', lotse.utc(v.published_at),
    'adapted_from', CASE WHEN v.adapted_from IS NOT NULL THEN json_build_object(
        'key', v.adapted_from->>'key', 'version', (v.adapted_from->>'version')::integer,
        'owner', json_build_object('kind', v.adapted_from->'owner'->>'kind',
                                   'region', v.adapted_from->'owner'->>'region',
                                   'name', v.adapted_from->'owner'->>'name')) END,
    'steps', (SELECT coalesce(json_agg(json_build_object(
                  'id', s.step_id, 'phase', s.phase, 'title', s.title,
                  'description', s.description, 'actor', s.actor,
                  'duration_days', s.duration_days, 'documents', to_json(s.documents),
                  'checklist', to_json(s.checklist),
                  'links', (SELECT coalesce(json_agg(json_build_object('title', l->>'title',
                                'url', l->>'url') ORDER BY m), '[]')
                              FROM jsonb_array_elements(s.links) WITH ORDINALITY AS y(l, m)),
                  'predecessors', to_json(s.predecessors)) ORDER BY s.position), '[]')
                FROM lotse.process_steps s WHERE s.key = v.key AND s.version = v.version))
  FROM lotse.process_versions v
 WHERE v.key = p_key AND v.version = p_version
$$;

-- The short form of a version in lists and search results.
CREATE FUNCTION lotse.process_summary(v lotse.process_versions) RETURNS json
    LANGUAGE sql STABLE
    AS $$
SELECT json_build_object(
    'key', v.key, 'version', v.version, 'name', v.name, 'description', v.description,
    'owner', lotse.process_owner(v.region_id), 'level', v.level,
    'target_groups', to_json(v.target_groups), 'tags', to_json(v.tags),
    'legal_basis', to_json(v.legal_basis), 'status', v.status,
    'published_at', lotse.utc(v.published_at), 'updated_at', lotse.utc(v.updated_at),
    'step_count', (SELECT count(*) FROM lotse.process_steps s
                    WHERE s.key = v.key AND s.version = v.version),
    'phases', (SELECT coalesce(json_agg(x.phase ORDER BY x.first), '[]')
                 FROM (SELECT s.phase, min(s.position) AS first FROM lotse.process_steps s
                        WHERE s.key = v.key AND s.version = v.version GROUP BY s.phase) x),
    'actors', (SELECT coalesce(json_agg(x.actor ORDER BY x.first), '[]')
                 FROM (SELECT s.actor, min(s.position) AS first FROM lotse.process_steps s
                        WHERE s.key = v.key AND s.version = v.version GROUP BY s.actor) x),
    'feedback', (SELECT json_build_object('count', count(*),
                                          'average_rating', round(avg(f.rating), 1))
                   FROM lotse.process_feedback f WHERE f.key = v.key AND f.version = v.version),
    'adoptions', (SELECT count(*) FROM lotse.process_adoptions a WHERE a.key = v.key))
$$;

-- Writes the content of a draft from a record (the members of docs/process-format.md a
-- client sets; the others are ignored) and replaces its steps. The record must have
-- been validated (src/api/library_record.c); the constraints and triggers check again.
CREATE FUNCTION lotse.process_content_set(p_key text, p_version integer, r jsonb) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE lotse.process_versions SET
        name = r->>'name',
        description = coalesce(r->>'description', ''),
        target_groups = lotse.jsonb_texts(r->'target_groups'),
        level = r->>'level',
        legal_basis = lotse.jsonb_texts(r->'legal_basis'),
        valid_from = (r->>'valid_from')::date,
        valid_to = (r->>'valid_to')::date,
        authors = (SELECT jsonb_agg(jsonb_build_object('name', a->>'name',
                       'organisation', coalesce(a->>'organisation', '')) ORDER BY n)
                     FROM jsonb_array_elements(r->'authors') WITH ORDINALITY AS x(a, n)),
        licence = coalesce(r->>'licence', 'CC-BY-4.0'),
        tags = lotse.jsonb_texts(r->'tags'),
        steps_text = coalesce((SELECT string_agg(concat_ws(' ', s->>'title', s->>'description'),
                                                 ' ' ORDER BY n)
                                 FROM jsonb_array_elements(r->'steps') WITH ORDINALITY AS x(s, n)),
                              '')
     WHERE key = p_key AND version = p_version;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no process version %/%', p_key, p_version USING ERRCODE = 'no_data_found';
    END IF;
    DELETE FROM lotse.process_steps WHERE key = p_key AND version = p_version;
    INSERT INTO lotse.process_steps (key, version, position, step_id, phase, title, description,
                                     actor, duration_days, documents, checklist, links,
                                     predecessors)
    SELECT p_key, p_version, n, s->>'id', s->>'phase', s->>'title',
           coalesce(s->>'description', ''), s->>'actor', (s->>'duration_days')::integer,
           lotse.jsonb_texts(s->'documents'), lotse.jsonb_texts(s->'checklist'),
           (SELECT coalesce(jsonb_agg(jsonb_build_object('title', l->>'title',
                                                         'url', l->>'url') ORDER BY m), '[]')
              FROM jsonb_array_elements(s->'links') WITH ORDINALITY AS y(l, m)),
           lotse.jsonb_texts(s->'predecessors')
      FROM jsonb_array_elements(r->'steps') WITH ORDINALITY AS x(s, n);
END $$;

-- Creates process p_key owned by p_region (NULL: the FAI) with version 1, a draft with
-- the content of record r, adapted from p_adapted_from ({key, version, owner}) or
-- nothing. A taken key fails with unique_violation (23505).
CREATE FUNCTION lotse.process_create(p_key text, p_region smallint, r jsonb,
                                     p_adapted_from jsonb) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO lotse.processes (key, region_id, created_by)
    VALUES (p_key, p_region, lotse.caller_user_id());
    INSERT INTO lotse.process_versions (key, version, name, target_groups, level, adapted_from,
                                        created_by)
    VALUES (p_key, 1, r->>'name', lotse.jsonb_texts(r->'target_groups'), r->>'level',
            p_adapted_from, lotse.caller_user_id());
    PERFORM lotse.process_content_set(p_key, 1, r);
END $$;

-- Adds the next version of p_key as a draft, a copy of its latest version; returns its
-- number. A version added at the same moment fails with unique_violation (23505).
CREATE FUNCTION lotse.process_version_next(p_key text) RETURNS integer
    LANGUAGE plpgsql AS $$
DECLARE
    latest lotse.process_versions;
BEGIN
    SELECT * INTO latest FROM lotse.process_versions WHERE key = p_key
     ORDER BY version DESC LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no process %', p_key USING ERRCODE = 'no_data_found';
    END IF;
    INSERT INTO lotse.process_versions (key, version, name, target_groups, level, adapted_from,
                                        created_by)
    VALUES (p_key, latest.version + 1, latest.name, latest.target_groups, latest.level,
            latest.adapted_from, lotse.caller_user_id());
    PERFORM lotse.process_content_set(p_key, latest.version + 1,
                                      lotse.process_record(p_key, latest.version)::jsonb);
    RETURN latest.version + 1;
END $$;

REVOKE ALL ON FUNCTION lotse.words(text[]), lotse.jsonb_texts(jsonb), lotse.utc(timestamptz),
    lotse.process_owner(smallint), lotse.process_record(text, integer),
    lotse.process_summary(lotse.process_versions),
    lotse.process_content_set(text, integer, jsonb),
    lotse.process_create(text, smallint, jsonb, jsonb), lotse.process_version_next(text),
    lotse.process_version_guard(), lotse.process_steps_check() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lotse.words(text[]), lotse.jsonb_texts(jsonb), lotse.utc(timestamptz),
    lotse.process_owner(smallint), lotse.process_record(text, integer),
    lotse.process_summary(lotse.process_versions),
    lotse.process_content_set(text, integer, jsonb),
    lotse.process_create(text, smallint, jsonb, jsonb), lotse.process_version_next(text)
    TO lotse_app;

-- ------------------------------------------------------------------ the seed

-- Three model processes of the FAI, published, so a new user finds a living library:
-- written from the agreement and the public description of the procedures (Residence
-- Act as amended by the Skilled Immigration Act of 2023, make-it-in-germany.com,
-- anerkennung-in-deutschland.de). They describe typical paths, not legal advice; each
-- step names where the binding answer comes from. Row-level security binds this
-- migration too: it acts as FAI staff and leadership, and the guard sees each step of
-- the lifecycle taken by the role it belongs to.
SELECT set_config('lotse.roles', 'fai_staff,fai_lead', true);

SELECT lotse.process_create('pflegefachkraft-anerkennung', NULL, $record${
  "name": "Pflegefachkraft aus einem Drittstaat: Anwerbung mit Anerkennung",
  "description": "Musterprozess für Krankenhäuser und Pflegeeinrichtungen, die eine Pflegefachkraft mit ausländischer Ausbildung aus einem Staat außerhalb der EU gewinnen. Er verbindet die Anerkennung der Berufsqualifikation (Erlaubnis zum Führen der Berufsbezeichnung nach dem Pflegeberufegesetz) mit dem Aufenthaltsrecht: Einreise als anerkannte Fachkraft (§ 18a AufenthG) oder – wenn die Anerkennungsstelle wesentliche Unterschiede feststellt – zur Anpassungsmaßnahme (§ 16d AufenthG), jeweils im beschleunigten Fachkräfteverfahren (§ 81a AufenthG). Anerkennung und Sprachkurs laufen parallel und kommen bei der Vorabzustimmung zusammen.",
  "target_groups": ["nurses"],
  "level": "reference",
  "legal_basis": ["§ 16d AufenthG", "§ 18a AufenthG", "§ 81a AufenthG", "Pflegeberufegesetz (PflBG)", "Beschäftigungsverordnung (BeschV)"],
  "valid_from": "2025-11-03",
  "valid_to": null,
  "authors": [{"name": "Redaktion Musterprozesse", "organisation": "NRW Fachkräfteagentur International"}],
  "licence": "CC-BY-4.0",
  "tags": ["Pflege", "Anerkennung", "Kenntnisprüfung", "Anpassungslehrgang", "Drittstaaten"],
  "steps": [
    {"id": "bedarf", "phase": "orientation", "actor": "employer", "duration_days": 14,
     "title": "Personalbedarf und Einsatz planen",
     "description": "Stellenprofil, Einsatzbereich (Krankenhaus, stationäre oder ambulante Pflege), Vergütung nach Tarif und Zeitplan festlegen. Früh klären, wer im Betrieb die neue Kollegin oder den neuen Kollegen begleitet und ob Wohnraum gestellt oder vermittelt werden kann.",
     "documents": ["Stellenbeschreibung", "Vergütungsangebot"],
     "checklist": ["Tarif und Eingruppierung geklärt", "Ansprechperson im Betrieb benannt", "Wohnraumfrage geklärt"],
     "links": [], "predecessors": []},
    {"id": "beratung", "phase": "orientation", "actor": "fai", "duration_days": 7,
     "title": "Beratung einholen",
     "description": "Kostenlose Erstberatung zu Wegen, Fristen und Kosten bei der FAI NRW oder den regionalen Anlaufstellen (Welcome Center, Arbeitgeber-Service der Agentur für Arbeit, Kammern). Ergebnis: ein abgestimmter Zeitplan und die Liste der zuständigen Stellen.",
     "documents": [], "checklist": ["Zuständige Stellen notiert", "Zeitplan abgestimmt"],
     "links": [{"title": "Make it in Germany", "url": "https://www.make-it-in-germany.com/de/"}],
     "predecessors": ["bedarf"]},
    {"id": "rekrutierungsweg", "phase": "recruitment", "actor": "employer", "duration_days": 30,
     "title": "Rekrutierungsweg festlegen",
     "description": "Anwerbung über ein staatliches Programm (etwa Triple Win der Bundesagentur für Arbeit und der GIZ), über eine private Vermittlungsagentur oder direkt. Bei Agenturen auf das staatliche Gütesiegel „Faire Anwerbung Pflege Deutschland“ achten. Aus Staaten, die auf der WHO-Liste mit kritischem Mangel an Gesundheitspersonal stehen (Anlage zur Beschäftigungsverordnung), darf für Gesundheits- und Pflegeberufe nur die Bundesagentur für Arbeit anwerben und vermitteln.",
     "documents": [], "checklist": ["Herkunftsland gegen die WHO-Liste geprüft", "Vertrag mit Agentur geprüft (Kosten trägt nicht die Fachkraft)"],
     "links": [{"title": "Bundesagentur für Arbeit", "url": "https://www.arbeitsagentur.de/"}],
     "predecessors": ["beratung"]},
    {"id": "auswahl", "phase": "recruitment", "actor": "employer", "duration_days": 30,
     "title": "Auswahl und Arbeitsvertrag",
     "description": "Auswahlgespräche (auch per Video) und Vertragsangebot mit Tätigkeit, Vergütung und Arbeitszeit. Der Vertrag regelt ausdrücklich auch die Zeit bis zur vollen Anerkennung, in der die Fachkraft als Pflegehilfskraft arbeitet.",
     "documents": ["Arbeitsvertrag oder verbindliches Arbeitsplatzangebot"],
     "checklist": ["Tätigkeit bis zur Anerkennung im Vertrag geregelt"],
     "links": [], "predecessors": ["rekrutierungsweg"]},
    {"id": "unterlagen", "phase": "recognition", "actor": "skilled_worker", "duration_days": 30,
     "title": "Unterlagen für die Anerkennung zusammenstellen",
     "description": "Ausbildungsnachweis, Fächer- und Stundenaufstellung, Nachweise über Berufserfahrung, Identitätsnachweis und Lebenslauf zusammenstellen und von öffentlich bestellten oder beeidigten Übersetzerinnen oder Übersetzern übersetzen lassen. Welche Nachweise und Beglaubigungen genau verlangt werden, sagt die zuständige Anerkennungsstelle.",
     "documents": ["Ausbildungsnachweis (Diplom)", "Fächer- und Stundenaufstellung", "Nachweise über Berufserfahrung", "Identitätsnachweis", "Tabellarischer Lebenslauf", "Übersetzungen"],
     "checklist": [], "links": [], "predecessors": ["auswahl"]},
    {"id": "antrag-anerkennung", "phase": "recognition", "actor": "skilled_worker", "duration_days": 7,
     "title": "Anerkennung beantragen",
     "description": "Antrag auf die Erlaubnis zum Führen der Berufsbezeichnung „Pflegefachfrau“ oder „Pflegefachmann“ bei der zuständigen Anerkennungsstelle stellen; der Anerkennungs-Finder nennt die Stelle. Aus dem Ausland hilft die Zentrale Servicestelle Berufsanerkennung (ZSBA). Im beschleunigten Fachkräfteverfahren kann der Arbeitgeber das Verfahren über die Ausländerbehörde anstoßen. Alternativ kommt unter bestimmten Voraussetzungen eine Anerkennungspartnerschaft (§ 16d AufenthG) in Frage: Die Fachkraft reist dann ohne vorherige Anerkennung ein und betreibt das Verfahren in Deutschland.",
     "documents": ["Antrag auf Erteilung der Erlaubnis zum Führen der Berufsbezeichnung"],
     "checklist": ["Zuständige Stelle über den Anerkennungs-Finder ermittelt", "Gebühren geklärt"],
     "links": [{"title": "Anerkennung in Deutschland", "url": "https://www.anerkennung-in-deutschland.de/"}],
     "predecessors": ["unterlagen"]},
    {"id": "sprache", "phase": "recruitment", "actor": "skilled_worker", "duration_days": 180,
     "title": "Deutsch lernen bis zum geforderten Niveau",
     "description": "Parallel zur Anerkennung: Sprachkurs mit Pflegebezug. Für die Berufserlaubnis verlangen die Anerkennungsstellen in der Regel Deutschkenntnisse auf Niveau B2; für die Einreise zu einer Anpassungsmaßnahme genügen in der Regel hinreichende Kenntnisse (A2). Prüfungen bei anerkannten Anbietern ablegen.",
     "documents": ["Sprachzertifikat"], "checklist": ["Kurs mit Pflegebezug gewählt"],
     "links": [], "predecessors": ["auswahl"]},
    {"id": "bescheid", "phase": "recognition", "actor": "recognition_body", "duration_days": 90,
     "title": "Gleichwertigkeit prüfen und Bescheid erteilen",
     "description": "Die Anerkennungsstelle vergleicht die ausländische Ausbildung mit der deutschen Pflegeausbildung. Ergebnis ist die volle Gleichwertigkeit oder ein Bescheid über wesentliche Unterschiede (Defizitbescheid), die durch eine Ausgleichsmaßnahme – Anpassungslehrgang oder Kenntnisprüfung – ausgeglichen werden können. Im beschleunigten Fachkräfteverfahren soll die Stelle in der Regel innerhalb von zwei Monaten entscheiden.",
     "documents": ["Anerkennungsbescheid oder Defizitbescheid"], "checklist": [],
     "links": [], "predecessors": ["antrag-anerkennung"]},
    {"id": "ausgleich-planen", "phase": "recognition", "actor": "employer", "duration_days": 30,
     "title": "Ausgleichsmaßnahme vereinbaren",
     "description": "Bei einem Defizitbescheid mit der Fachkraft entscheiden: Anpassungslehrgang (in Pflegeschule und Betrieb) oder Vorbereitung auf die Kenntnisprüfung. Platz bei einem Bildungsträger sichern und den Weg im Arbeitsvertrag festhalten. Bei voller Gleichwertigkeit entfällt dieser Schritt.",
     "documents": ["Zusage des Bildungsträgers"], "checklist": ["Art der Ausgleichsmaßnahme gewählt", "Praxisanleitung im Betrieb eingeplant"],
     "links": [], "predecessors": ["bescheid"]},
    {"id": "vorabzustimmung", "phase": "visa_and_entry", "actor": "immigration_office", "duration_days": 30,
     "title": "Vorabzustimmung im beschleunigten Fachkräfteverfahren",
     "description": "Der Arbeitgeber beantragt mit Vollmacht der Fachkraft bei der zuständigen Ausländerbehörde das beschleunigte Fachkräfteverfahren und schließt mit ihr eine Vereinbarung. Die Ausländerbehörde holt die Zustimmung der Bundesagentur für Arbeit ein und erteilt die Vorabzustimmung – für die Beschäftigung als Fachkraft (§ 18a AufenthG) oder für die Anpassungsmaßnahme (§ 16d AufenthG).",
     "documents": ["Vollmacht der Fachkraft", "Arbeitsvertrag", "Anerkennungs- oder Defizitbescheid", "Erklärung zum Beschäftigungsverhältnis"],
     "checklist": ["Vereinbarung mit der Ausländerbehörde geschlossen"],
     "links": [{"title": "§ 81a AufenthG", "url": "https://www.gesetze-im-internet.de/aufenthg_2004/__81a.html"}],
     "predecessors": ["sprache", "ausgleich-planen"]},
    {"id": "visum", "phase": "visa_and_entry", "actor": "foreign_mission", "duration_days": 42,
     "title": "Visum beantragen und erhalten",
     "description": "Die Fachkraft bucht mit der Vorabzustimmung einen Termin bei der deutschen Auslandsvertretung. Im beschleunigten Verfahren soll der Termin innerhalb von drei Wochen vergeben und über den vollständigen Antrag in der Regel innerhalb weiterer drei Wochen entschieden werden.",
     "documents": ["Vorabzustimmung", "Reisepass", "Visumantrag"], "checklist": [],
     "links": [{"title": "Auswärtiges Amt: Visa", "url": "https://www.auswaertiges-amt.de/de/"}],
     "predecessors": ["vorabzustimmung"]},
    {"id": "ankunft", "phase": "arrival", "actor": "skilled_worker", "duration_days": 14,
     "title": "Einreise, Wohnung und Anmeldung",
     "description": "Nach der Einreise die Wohnung innerhalb von zwei Wochen beim Bürgeramt anmelden (Wohnungsgeberbestätigung mitbringen), Konto eröffnen und Krankenkasse wählen. Der Arbeitgeber hilft bei Terminen und Wegen.",
     "documents": ["Wohnungsgeberbestätigung"], "checklist": ["Wohnsitz angemeldet", "Krankenkasse gewählt"],
     "links": [], "predecessors": ["visum"]},
    {"id": "aufenthaltstitel", "phase": "arrival", "actor": "immigration_office", "duration_days": 30,
     "title": "Aufenthaltserlaubnis erteilen",
     "description": "Vor Ablauf des Visums bei der Ausländerbehörde den Aufenthaltstitel beantragen; sie erteilt die Aufenthaltserlaubnis als elektronischen Aufenthaltstitel (eAT). Termin früh buchen.",
     "documents": ["Meldebescheinigung", "Arbeitsvertrag"], "checklist": [],
     "links": [], "predecessors": ["ankunft"]},
    {"id": "ausgleich", "phase": "recognition", "actor": "employer", "duration_days": 270,
     "title": "Anpassungslehrgang oder Kenntnisprüfung absolvieren",
     "description": "Während der Ausgleichsmaßnahme arbeitet die Fachkraft in der Regel als Pflegehilfskraft. Praxisanleitung, Lernzeiten und Prüfungsvorbereitung im Dienstplan vorsehen. Bei voller Gleichwertigkeit entfällt dieser Schritt.",
     "documents": ["Teilnahme- oder Prüfungsnachweis"], "checklist": ["Lernzeiten im Dienstplan", "Praxisanleitung benannt"],
     "links": [], "predecessors": ["aufenthaltstitel"]},
    {"id": "berufserlaubnis", "phase": "recognition", "actor": "recognition_body", "duration_days": 30,
     "title": "Erlaubnis zum Führen der Berufsbezeichnung",
     "description": "Nach bestandener Ausgleichsmaßnahme – bei voller Gleichwertigkeit nach Vorlage der noch fehlenden Nachweise wie Sprachzertifikat, ärztliche Bescheinigung und Führungszeugnis – erteilt die Anerkennungsstelle die Berufserlaubnis. Lief der Aufenthalt nach § 16d AufenthG, beantragt die Fachkraft nun die Aufenthaltserlaubnis als Fachkraft.",
     "documents": ["Ärztliche Bescheinigung", "Führungszeugnis", "Sprachzertifikat"], "checklist": [],
     "links": [{"title": "Pflegeberufegesetz", "url": "https://www.gesetze-im-internet.de/pflbg/"}],
     "predecessors": ["ausgleich"]},
    {"id": "einarbeitung", "phase": "onboarding", "actor": "employer", "duration_days": 90,
     "title": "Einarbeitung als Pflegefachkraft und Bindung",
     "description": "Einarbeitung mit Patin oder Pate, Fachsprache im Stationsalltag, regelmäßige Entwicklungsgespräche. Familiennachzug und Anschluss im Wohnort früh ansprechen (siehe den Musterprozess „Ankommen, Onboarding und Familiennachzug“).",
     "documents": ["Einarbeitungsplan"], "checklist": ["Patin oder Pate benannt"],
     "links": [], "predecessors": ["berufserlaubnis"]}
  ]
}$record$::jsonb, NULL);

SELECT lotse.process_create('beschleunigtes-fachkraefteverfahren', NULL, $record${
  "name": "Beschleunigtes Fachkräfteverfahren nach § 81a AufenthG",
  "description": "Musterprozess für Arbeitgeber, die eine Fachkraft mit Berufsausbildung oder Hochschulabschluss aus einem Drittstaat einstellen und das Visumverfahren über das beschleunigte Fachkräfteverfahren führen. Der Arbeitgeber handelt mit Vollmacht der Fachkraft; die Ausländerbehörde stimmt Anerkennung und Zustimmung der Bundesagentur für Arbeit ab und erteilt die Vorabzustimmung, mit der die Auslandsvertretung kurzfristig einen Termin vergibt. Ehegatten und minderjährige ledige Kinder können einbezogen werden, wenn ihre Visumanträge in zeitlichem Zusammenhang gestellt werden.",
  "target_groups": ["skilled_workers", "academics", "it_specialists"],
  "level": "reference",
  "legal_basis": ["§ 81a AufenthG", "§ 18a AufenthG", "§ 18b AufenthG", "§ 18g AufenthG", "§ 39 AufenthG"],
  "valid_from": "2025-11-03",
  "valid_to": null,
  "authors": [{"name": "Redaktion Musterprozesse", "organisation": "NRW Fachkräfteagentur International"}],
  "licence": "CC-BY-4.0",
  "tags": ["Fachkräfteeinwanderung", "Vorabzustimmung", "Visum", "Ausländerbehörde", "Fachkräfteeinwanderungsgesetz"],
  "steps": [
    {"id": "weg-klaeren", "phase": "orientation", "actor": "employer", "duration_days": 14,
     "title": "Aufenthaltsweg und Anerkennungsbedarf klären",
     "description": "Prüfen, ob die Fachkraft mit einer Berufsausbildung (§ 18a AufenthG) oder einem Hochschulabschluss (§ 18b AufenthG; bei Erreichen der Gehaltsschwelle Blaue Karte EU nach § 18g AufenthG) kommt und ob für den Beruf eine Anerkennung oder eine Berufsausübungserlaubnis nötig ist. Der Anerkennungs-Finder und die Erstberatung (FAI NRW, Welcome Center, Kammern) helfen.",
     "documents": [], "checklist": ["Aufenthaltszweck bestimmt", "Anerkennungsbedarf geklärt"],
     "links": [{"title": "Make it in Germany", "url": "https://www.make-it-in-germany.com/de/"},
               {"title": "Anerkennung in Deutschland", "url": "https://www.anerkennung-in-deutschland.de/"}],
     "predecessors": []},
    {"id": "vertrag-vollmacht", "phase": "recruitment", "actor": "employer", "duration_days": 21,
     "title": "Arbeitsvertrag und Vollmacht",
     "description": "Arbeitsvertrag oder verbindliches Arbeitsplatzangebot schließen. Die Fachkraft bevollmächtigt den Arbeitgeber (oder eine dritte Person), das beschleunigte Fachkräfteverfahren für sie zu betreiben.",
     "documents": ["Arbeitsvertrag", "Vollmacht der Fachkraft", "Erklärung zum Beschäftigungsverhältnis (Formular der Bundesagentur für Arbeit)"],
     "checklist": [], "links": [], "predecessors": ["weg-klaeren"]},
    {"id": "unterlagen", "phase": "recruitment", "actor": "skilled_worker", "duration_days": 30,
     "title": "Unterlagen der Fachkraft zusammenstellen",
     "description": "Pass, Abschluss- und Ausbildungsnachweise, Nachweise über Berufserfahrung und – wo nötig – Sprachnachweise zusammenstellen; Übersetzungen und Beglaubigungen nach den Vorgaben der Anerkennungsstelle und der Auslandsvertretung.",
     "documents": ["Reisepass", "Abschlusszeugnisse", "Nachweise über Berufserfahrung", "Übersetzungen"],
     "checklist": [], "links": [], "predecessors": ["vertrag-vollmacht"]},
    {"id": "antrag-abh", "phase": "visa_and_entry", "actor": "employer", "duration_days": 7,
     "title": "Verfahren bei der Ausländerbehörde beantragen",
     "description": "Der Arbeitgeber beantragt das beschleunigte Fachkräfteverfahren bei der zuständigen Ausländerbehörde (in der Regel am Ort der Beschäftigung; die Länder können zentrale Stellen bestimmen) und zahlt die Gebühr nach der Aufenthaltsverordnung.",
     "documents": ["Antrag auf das beschleunigte Fachkräfteverfahren"], "checklist": ["Zuständige Ausländerbehörde ermittelt", "Gebühr bezahlt"],
     "links": [{"title": "§ 81a AufenthG", "url": "https://www.gesetze-im-internet.de/aufenthg_2004/__81a.html"}],
     "predecessors": ["unterlagen"]},
    {"id": "vereinbarung", "phase": "visa_and_entry", "actor": "immigration_office", "duration_days": 14,
     "title": "Vereinbarung schließen",
     "description": "Arbeitgeber und Ausländerbehörde schließen eine Vereinbarung über Befugnisse, Pflichten, Beteiligte, einzureichende Nachweise und Fristen des Verfahrens. Die Ausländerbehörde berät den Arbeitgeber und ist von nun an die eine Stelle, über die das Verfahren läuft.",
     "documents": ["Vereinbarung nach § 81a AufenthG"], "checklist": ["Kontaktdaten aller Beteiligten", "Nachweise und Fristen festgehalten"],
     "links": [], "predecessors": ["antrag-abh"]},
    {"id": "anerkennung", "phase": "recognition", "actor": "recognition_body", "duration_days": 60,
     "title": "Anerkennung im beschleunigten Verfahren",
     "description": "Ist eine Anerkennung nötig, leitet die Ausländerbehörde das Verfahren bei der zuständigen Stelle ein; diese soll im beschleunigten Verfahren in der Regel innerhalb von zwei Monaten entscheiden. Ist für den Abschluss keine Anerkennung nötig (etwa bei manchen Hochschulabschlüssen, die in der Datenbank anabin als vergleichbar geführt werden), entfällt dieser Schritt.",
     "documents": ["Anerkennungsbescheid"], "checklist": [],
     "links": [{"title": "Anerkennung in Deutschland", "url": "https://www.anerkennung-in-deutschland.de/"}],
     "predecessors": ["vereinbarung"]},
    {"id": "zustimmung-ba", "phase": "visa_and_entry", "actor": "federal_employment_agency", "duration_days": 7,
     "title": "Zustimmung der Bundesagentur für Arbeit",
     "description": "Die Ausländerbehörde holt die Zustimmung der Bundesagentur für Arbeit ein, soweit sie nötig ist (§ 39 AufenthG): Die Bundesagentur prüft insbesondere, ob die Arbeitsbedingungen denen vergleichbarer inländischer Beschäftigter entsprechen. Im beschleunigten Verfahren gilt die Zustimmung als erteilt, wenn die Bundesagentur nicht innerhalb einer Woche entscheidet.",
     "documents": ["Erklärung zum Beschäftigungsverhältnis"], "checklist": [],
     "links": [{"title": "Bundesagentur für Arbeit", "url": "https://www.arbeitsagentur.de/"}],
     "predecessors": ["vereinbarung"]},
    {"id": "vorabzustimmung", "phase": "visa_and_entry", "actor": "immigration_office", "duration_days": 7,
     "title": "Vorabzustimmung erteilen",
     "description": "Liegen Anerkennung (soweit nötig) und Zustimmung vor, erteilt die Ausländerbehörde die Vorabzustimmung. Der Arbeitgeber leitet sie an die Fachkraft weiter.",
     "documents": ["Vorabzustimmung"], "checklist": [],
     "links": [], "predecessors": ["anerkennung", "zustimmung-ba"]},
    {"id": "visumtermin", "phase": "visa_and_entry", "actor": "skilled_worker", "duration_days": 21,
     "title": "Visumtermin buchen",
     "description": "Mit der Vorabzustimmung bucht die Fachkraft einen Termin bei der zuständigen deutschen Auslandsvertretung; im beschleunigten Verfahren soll er innerhalb von drei Wochen vergeben werden.",
     "documents": ["Vorabzustimmung", "Reisepass"], "checklist": [],
     "links": [{"title": "Auswärtiges Amt: Visa", "url": "https://www.auswaertiges-amt.de/de/"}],
     "predecessors": ["vorabzustimmung"]},
    {"id": "visum", "phase": "visa_and_entry", "actor": "foreign_mission", "duration_days": 21,
     "title": "Visum erteilen",
     "description": "Die Auslandsvertretung entscheidet über den vollständigen Antrag in der Regel innerhalb von drei Wochen und erteilt das nationale Visum zur Beschäftigung.",
     "documents": ["Nationales Visum"], "checklist": [],
     "links": [], "predecessors": ["visumtermin"]},
    {"id": "einreise", "phase": "arrival", "actor": "skilled_worker", "duration_days": 14,
     "title": "Einreisen und Wohnsitz anmelden",
     "description": "Die Wohnung innerhalb von zwei Wochen nach dem Einzug beim Bürgeramt anmelden; die steuerliche Identifikationsnummer kommt danach per Post. Mit dem Visum darf die Fachkraft die Beschäftigung aufnehmen.",
     "documents": ["Wohnungsgeberbestätigung", "Meldebescheinigung"], "checklist": [],
     "links": [], "predecessors": ["visum"]},
    {"id": "aufenthaltstitel", "phase": "arrival", "actor": "immigration_office", "duration_days": 30,
     "title": "Aufenthaltstitel erteilen",
     "description": "Vor Ablauf des Visums erteilt die Ausländerbehörde den Aufenthaltstitel als elektronischen Aufenthaltstitel (eAT); Termin früh buchen.",
     "documents": ["Meldebescheinigung", "Arbeitsvertrag", "Biometrisches Passfoto"], "checklist": [],
     "links": [], "predecessors": ["einreise"]},
    {"id": "arbeitsbeginn", "phase": "onboarding", "actor": "employer", "duration_days": 30,
     "title": "Arbeitsbeginn und Einarbeitung",
     "description": "Einarbeitungsplan, feste Ansprechperson und Unterstützung bei den ersten Behördengängen; für die Lohnabrechnung braucht der Arbeitgeber Steuer-ID, Krankenkasse und Kontoverbindung.",
     "documents": ["Einarbeitungsplan"], "checklist": ["Ansprechperson benannt"],
     "links": [], "predecessors": ["einreise"]}
  ]
}$record$::jsonb, NULL);

SELECT lotse.process_create('ankommen-familiennachzug', NULL, $record${
  "name": "Ankommen, Onboarding und Familiennachzug",
  "description": "Musterprozess für die ersten Monate nach der Einreise einer internationalen Fachkraft: Wohnung und Behördengänge, betriebliches Onboarding, Sprache und der Nachzug von Ehegatten und Kindern (§§ 27 ff. AufenthG) mit Kita, Schule und einer eigenen beruflichen Perspektive der Partnerin oder des Partners. Arbeitgeber, Kommune und Welcome Office teilen sich die Begleitung; Ziel ist eine Fachkraft, die mit ihrer Familie dauerhaft in der Region bleibt.",
  "target_groups": ["skilled_workers", "nurses", "academics", "it_specialists"],
  "level": "reference",
  "legal_basis": ["§ 27 AufenthG", "§ 29 AufenthG", "§ 30 AufenthG", "§ 32 AufenthG", "§ 44 AufenthG", "§ 18c AufenthG", "§ 24 SGB VIII", "Bundesmeldegesetz (BMG)"],
  "valid_from": "2025-11-03",
  "valid_to": null,
  "authors": [{"name": "Redaktion Musterprozesse", "organisation": "NRW Fachkräfteagentur International"}],
  "licence": "CC-BY-4.0",
  "tags": ["Onboarding", "Familiennachzug", "Kita", "Schule", "Welcome Office", "Integration"],
  "steps": [
    {"id": "wohnung", "phase": "arrival", "actor": "employer", "duration_days": 30,
     "title": "Wohnung und Ankunft vorbereiten",
     "description": "Eine vorübergehende oder dauerhafte Wohnung sichern, Abholung und die ersten Tage planen. Der Wohnungsgeber stellt die Wohnungsgeberbestätigung aus, ohne die die Anmeldung nicht möglich ist.",
     "documents": ["Mietvertrag", "Wohnungsgeberbestätigung"], "checklist": ["Abholung geplant", "Erste Woche geplant"],
     "links": [], "predecessors": []},
    {"id": "anmeldung", "phase": "arrival", "actor": "municipality", "duration_days": 14,
     "title": "Wohnsitz anmelden",
     "description": "Anmeldung beim Bürgeramt innerhalb von zwei Wochen nach dem Einzug. Danach kommt die steuerliche Identifikationsnummer per Post; die Meldebescheinigung wird für Konto, Ausländerbehörde und Kita gebraucht.",
     "documents": ["Reisepass mit Visum", "Wohnungsgeberbestätigung"], "checklist": ["Meldebescheinigung erhalten"],
     "links": [], "predecessors": ["wohnung"]},
    {"id": "konto-versicherung", "phase": "arrival", "actor": "skilled_worker", "duration_days": 14,
     "title": "Konto, Krankenkasse und Sozialversicherung",
     "description": "Girokonto eröffnen und eine Krankenkasse wählen (die Mitgliedsbescheinigung geht an den Arbeitgeber). Die Sozialversicherungsnummer wird mit der ersten Meldung durch den Arbeitgeber vergeben.",
     "documents": ["Meldebescheinigung", "Mitgliedsbescheinigung der Krankenkasse"], "checklist": [],
     "links": [], "predecessors": ["anmeldung"]},
    {"id": "aufenthaltstitel", "phase": "arrival", "actor": "immigration_office", "duration_days": 30,
     "title": "Aufenthaltstitel beantragen",
     "description": "Vor Ablauf des Einreisevisums den Aufenthaltstitel bei der Ausländerbehörde beantragen; Termin früh buchen. Die Ausländerbehörde stellt bei einem Anspruch auch die Berechtigung zum Integrationskurs aus.",
     "documents": ["Meldebescheinigung", "Arbeitsvertrag", "Biometrisches Passfoto"], "checklist": [],
     "links": [], "predecessors": ["anmeldung"]},
    {"id": "erster-tag", "phase": "onboarding", "actor": "employer", "duration_days": 30,
     "title": "Erster Arbeitstag und Einarbeitungsplan",
     "description": "Einarbeitungsplan mit Zielen für die ersten Wochen, feste Ansprechperson, Einführung in Arbeitsschutz, Abläufe und Teamkultur. Für die Lohnabrechnung braucht der Arbeitgeber Steuer-ID, Krankenkasse und Kontoverbindung.",
     "documents": ["Einarbeitungsplan"], "checklist": ["Ansprechperson benannt", "Arbeitsmittel bereit"],
     "links": [], "predecessors": ["konto-versicherung"]},
    {"id": "patenschaft", "phase": "onboarding", "actor": "employer", "duration_days": 90,
     "title": "Patenschaft und Sprache im Betrieb",
     "description": "Eine Patin oder ein Pate aus dem Team begleitet die ersten Monate; Fachbegriffe, betriebliche Abläufe und ungeschriebene Regeln werden im Alltag geübt. Regelmäßige kurze Feedbackgespräche einplanen.",
     "documents": [], "checklist": ["Patin oder Pate benannt", "Feedbackgespräche terminiert"],
     "links": [], "predecessors": ["erster-tag"]},
    {"id": "sprachkurs", "phase": "social_integration", "actor": "skilled_worker", "duration_days": 180,
     "title": "Integrations- oder Berufssprachkurs",
     "description": "Integrationskurse des BAMF (Sprache und Orientierung) und die berufsbezogene Deutschsprachförderung (Berufssprachkurse) führen zu B1 und darüber hinaus. Berechtigung über die Ausländerbehörde oder die Zulassung beim BAMF klären; Kurszeiten mit dem Dienstplan abstimmen.",
     "documents": ["Berechtigungsschein oder Zulassung"], "checklist": ["Kurszeiten mit dem Dienstplan abgestimmt"],
     "links": [{"title": "Bundesamt für Migration und Flüchtlinge", "url": "https://www.bamf.de/"}],
     "predecessors": ["aufenthaltstitel"]},
    {"id": "nachzug-vorbereiten", "phase": "visa_and_entry", "actor": "skilled_worker", "duration_days": 30,
     "title": "Familiennachzug vorbereiten",
     "description": "Voraussetzungen mit der Ausländerbehörde klären: Aufenthaltstitel der Fachkraft, gesicherter Lebensunterhalt und – je nach Titel – ausreichender Wohnraum. Für Ehegatten von Fachkräften gelten Ausnahmen vom Nachweis einfacher Deutschkenntnisse vor der Einreise; die Ausländerbehörde nennt die Bedingungen. Heirats- und Geburtsurkunden mit Übersetzung und, wo verlangt, Legalisation oder Apostille beschaffen.",
     "documents": ["Heiratsurkunde", "Geburtsurkunden der Kinder", "Übersetzungen", "Nachweis des Einkommens"],
     "checklist": ["Voraussetzungen mit der Ausländerbehörde geklärt"],
     "links": [{"title": "Aufenthaltsgesetz", "url": "https://www.gesetze-im-internet.de/aufenthg_2004/"}],
     "predecessors": ["aufenthaltstitel"]},
    {"id": "visum-familie", "phase": "visa_and_entry", "actor": "foreign_mission", "duration_days": 60,
     "title": "Visum zum Familiennachzug",
     "description": "Ehegatte und Kinder beantragen das Visum bei der deutschen Auslandsvertretung; die Ausländerbehörde am Wohnort der Fachkraft wird beteiligt. Wartezeiten für Termine früh einplanen.",
     "documents": ["Visumanträge", "Reisepässe"], "checklist": [],
     "links": [{"title": "Auswärtiges Amt: Visa", "url": "https://www.auswaertiges-amt.de/de/"}],
     "predecessors": ["nachzug-vorbereiten"]},
    {"id": "kita-schule", "phase": "social_integration", "actor": "municipality", "duration_days": 60,
     "title": "Kita- und Schulplatz organisieren",
     "description": "Kinder haben ab dem vollendeten ersten Lebensjahr einen Rechtsanspruch auf Förderung in einer Kita oder in der Kindertagespflege (§ 24 SGB VIII); den Bedarf früh beim Jugendamt oder über das Kita-Portal der Kommune anmelden. Schulpflichtige Kinder meldet die Familie beim Schulamt oder der Schule an; das Kommunale Integrationszentrum berät zu Seiteneinstieg und Sprachförderung.",
     "documents": ["Geburtsurkunden", "Impfnachweise"], "checklist": ["Kita-Bedarf angemeldet", "Schulanmeldung vorbereitet"],
     "links": [{"title": "§ 24 SGB VIII", "url": "https://www.gesetze-im-internet.de/sgb_8/__24.html"}],
     "predecessors": ["nachzug-vorbereiten"]},
    {"id": "familie-ankunft", "phase": "arrival", "actor": "immigration_office", "duration_days": 30,
     "title": "Ankunft der Familie: Anmeldung und Aufenthaltstitel",
     "description": "Die Familie meldet sich innerhalb von zwei Wochen an und beantragt ihre Aufenthaltstitel bei der Ausländerbehörde. Kita- und Schulplatz sind dann vorbereitet.",
     "documents": ["Meldebescheinigungen", "Biometrische Passfotos"], "checklist": [],
     "links": [], "predecessors": ["visum-familie", "kita-schule"]},
    {"id": "ankommen-region", "phase": "social_integration", "actor": "welcome_office", "duration_days": 60,
     "title": "Ankommen in der Region",
     "description": "Das Welcome Office oder Welcome Center gibt Orientierung: Beratung in mehreren Sprachen, Veranstaltungen zu Leben und Arbeiten in der Region, Kontakte zu Vereinen, Migrantenorganisationen und Freizeitangeboten.",
     "documents": [], "checklist": ["Erstgespräch im Welcome Office"],
     "links": [], "predecessors": ["familie-ankunft"]},
    {"id": "partner-arbeit", "phase": "social_integration", "actor": "employment_agency", "duration_days": 90,
     "title": "Arbeit und Anerkennung für Partnerin oder Partner",
     "description": "Ehegatten dürfen in Deutschland arbeiten. Die Agentur für Arbeit berät zu Stellen, Berufssprachkursen und zur Anerkennung der eigenen Qualifikation.",
     "documents": [], "checklist": ["Beratungstermin bei der Agentur für Arbeit"],
     "links": [{"title": "Anerkennung in Deutschland", "url": "https://www.anerkennung-in-deutschland.de/"}],
     "predecessors": ["familie-ankunft"]},
    {"id": "bindung", "phase": "retention", "actor": "employer", "duration_days": 365,
     "title": "Bindung und Perspektive",
     "description": "Entwicklungsgespräche, Weiterbildung und Aufstiegswege anbieten; die Perspektive einer Niederlassungserlaubnis (§ 18c AufenthG) früh ansprechen und die Voraussetzungen bei der Ausländerbehörde erfragen. Erfahrungen an die Region und die FAI NRW zurückmelden, damit der Musterprozess besser wird.",
     "documents": [], "checklist": ["Entwicklungsgespräch geführt", "Rückmeldung an die Region gegeben"],
     "links": [], "predecessors": ["patenschaft", "sprachkurs", "ankommen-region", "partner-arbeit"]}
  ]
}$record$::jsonb, NULL);

-- Submitted, approved and published by the FAI on the day the library opened.
UPDATE lotse.process_versions SET status = 'in_progress', submitted_at = '2025-11-03 08:00:00+00'
 WHERE version = 1 AND key IN ('pflegefachkraft-anerkennung', 'beschleunigtes-fachkraefteverfahren',
                               'ankommen-familiennachzug');
UPDATE lotse.process_versions SET status = 'approved', approved_at = '2025-11-03 08:30:00+00'
 WHERE version = 1 AND key IN ('pflegefachkraft-anerkennung', 'beschleunigtes-fachkraefteverfahren',
                               'ankommen-familiennachzug');
UPDATE lotse.process_versions SET published_at = '2025-11-03 09:00:00+00'
 WHERE version = 1 AND key IN ('pflegefachkraft-anerkennung', 'beschleunigtes-fachkraefteverfahren',
                               'ankommen-familiennachzug');
SELECT set_config('lotse.roles', '', true);

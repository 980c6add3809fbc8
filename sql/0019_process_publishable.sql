-- 0019: a process version is published only when it is what a best-practice package
-- needs (docs/process-format.md, docs/packages.md). The API checks every record with the
-- package format's own check before it stores it (src/library/process_record.c), so a
-- published version always makes a package; this is the database's own word for the part
-- of that check that is cheap in SQL and that the table constraints of 0014 cannot say,
-- because a draft is written in two steps (the version row, then its authors and steps):
--   - 1 to 50 authors, each an object with a name of 1 to 200 characters and an
--     organisation of at most 200 (a text, may be empty);
--   - 1 to 200 steps.
-- It runs only when published_at is set, so drafts are written as before and the
-- versions published before this migration (the seed of 0014) are left as they are;
-- lotse.process_version_guard already keeps a published version from changing.

CREATE FUNCTION lotse.process_version_publishable() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    steps integer;
BEGIN
    IF jsonb_typeof(NEW.authors) <> 'array'
       OR jsonb_array_length(NEW.authors) NOT BETWEEN 1 AND 50
       OR EXISTS (SELECT 1 FROM jsonb_array_elements(NEW.authors) AS a(author)
                   WHERE jsonb_typeof(a.author) <> 'object'
                      OR jsonb_typeof(a.author->'name') IS DISTINCT FROM 'string'
                      OR length(a.author->>'name') NOT BETWEEN 1 AND 200
                      OR jsonb_typeof(a.author->'organisation') IS DISTINCT FROM 'string'
                      OR length(a.author->>'organisation') > 200) THEN
        RAISE EXCEPTION 'process version %/% cannot be published: it needs 1 to 50 authors, each with a name',
            NEW.key, NEW.version USING ERRCODE = 'check_violation',
            CONSTRAINT = 'process_version_publishable';
    END IF;
    SELECT count(*) INTO steps FROM lotse.process_steps s
     WHERE s.key = NEW.key AND s.version = NEW.version;
    IF steps NOT BETWEEN 1 AND 200 THEN
        RAISE EXCEPTION 'process version %/% cannot be published: it has % steps, not 1 to 200',
            NEW.key, NEW.version, steps USING ERRCODE = 'check_violation',
            CONSTRAINT = 'process_version_publishable';
    END IF;
    RETURN NEW;
END $$;

-- After the guard (triggers of one event fire in name order): the guard decides who may
-- publish, this what may be published.
CREATE TRIGGER process_version_publishable BEFORE UPDATE OF published_at
    ON lotse.process_versions FOR EACH ROW
    WHEN (OLD.published_at IS NULL AND NEW.published_at IS NOT NULL)
    EXECUTE FUNCTION lotse.process_version_publishable();

REVOKE ALL ON FUNCTION lotse.process_version_publishable() FROM PUBLIC;

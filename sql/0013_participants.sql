-- 0013: joint events' cost splits (agreement §6: "Eventuelle Kostenaufteilungen für
-- gemeinsame Veranstaltungen werden vorab ... abgestimmt") and their participant lists,
-- the evidence the FAI needs for its ESF+ funding (§5: "Bei gemeinsamen Veranstaltungen
-- stellt die Region ... die erforderlichen Nachweise (Teilnehmendenlisten) zur
-- Verfügung"); retention and data-subject requests for what Lotse holds about a person.
-- docs/data-protection.md describes the processing and its legal basis.
-- Tenant tables: keyed region_id first, composite foreign keys, lotse.tenant_policies().

-- A joint event: an activity with the FAI where people meet (not a press release or a
-- post). Only such activities have a cost split or a participant list.
CREATE FUNCTION lotse.joint_event(kind text, joint boolean) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT joint AND kind IN ('event', 'workshop', 'network_meeting') $$;
GRANT EXECUTE ON FUNCTION lotse.joint_event(text, boolean) TO lotse_app;

-- ------------------------------------------------------------------ cost splits

-- At most one split per activity. Money in euro cents (no rounding anywhere), shares in
-- basis points (1/100 of a percent): 10000 is the whole cost.
CREATE TABLE lotse.activity_cost_splits (
    region_id                 smallint NOT NULL,
    activity_id               uuid NOT NULL,
    estimated_cost_cents      bigint NOT NULL
                              CHECK (estimated_cost_cents BETWEEN 0 AND 10000000000),
    region_share_basis_points integer NOT NULL
                              CHECK (region_share_basis_points BETWEEN 0 AND 10000),
    fai_share_basis_points    integer NOT NULL CHECK (fai_share_basis_points BETWEEN 0 AND 10000),
    agreed_on                 date NOT NULL,
    -- §6 wants the split agreed beforehand; one agreed after the start is recorded only
    -- when marked as such, with the reason
    late_agreement            boolean NOT NULL DEFAULT false,
    late_reason               text CHECK (length(late_reason) BETWEEN 1 AND 2000),
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    version                   integer NOT NULL DEFAULT 1,
    PRIMARY KEY (region_id, activity_id),
    FOREIGN KEY (region_id, activity_id) REFERENCES lotse.activities (region_id, id)
        ON DELETE CASCADE,
    CONSTRAINT cost_split_whole CHECK (region_share_basis_points + fai_share_basis_points = 10000),
    CONSTRAINT cost_split_late_reason CHECK (late_agreement = (late_reason IS NOT NULL))
);
SELECT lotse.tenant_policies('lotse.activity_cost_splits');
GRANT SELECT, INSERT, UPDATE, DELETE ON lotse.activity_cost_splits TO lotse_app;

-- The rules of §6 where no path can miss them: only for a joint event (LTJ01), and one
-- agreed after the event's first day only as a late agreement (LTJ02). The API checks
-- both first to name the field; this is the backstop against races and other writers.
CREATE FUNCTION lotse.cost_split_checked() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, lotse AS $$
DECLARE
    a activities%ROWTYPE;
BEGIN
    SELECT * INTO a FROM activities WHERE region_id = NEW.region_id AND id = NEW.activity_id;
    IF FOUND AND NOT joint_event(a.kind, a.joint) THEN
        RAISE EXCEPTION 'a cost split is agreed only for a joint event' USING ERRCODE = 'LTJ01';
    END IF;
    IF FOUND AND NEW.agreed_on > a.starts_on AND NOT NEW.late_agreement THEN
        RAISE EXCEPTION 'the split was agreed after the event started' USING ERRCODE = 'LTJ02';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER activity_cost_splits_checked BEFORE INSERT OR UPDATE ON lotse.activity_cost_splits
    FOR EACH ROW EXECUTE FUNCTION lotse.cost_split_checked();

-- ------------------------------------------------------------------ participants

-- How long a participant record is kept unless the region sets another date: the
-- documents of an ESF+ operation are kept for five years from 31 December of the year of
-- the managing authority's last payment to the beneficiary (Art. 82(1) Regulation (EU)
-- 2021/1060). The FAI NRW's funding ends on 30 September 2027 (agreement §4.3); its last
-- payment is assumed in 2028, so a record is kept until 31 December 2033, or until 31
-- December of the fifth year after a later participation. When the managing authority
-- names another date, a new migration replaces this function; stored dates stay as they
-- are (an explicit column, changed per record or by an operator's UPDATE).
CREATE FUNCTION lotse.participant_retention_default(participated_on date) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT make_date(greatest(extract(year FROM participated_on)::int, 2028) + 5, 12, 31) $$;
GRANT EXECUTE ON FUNCTION lotse.participant_retention_default(date) TO lotse_app;

-- Only what the evidence of a joint event needs (docs/data-protection.md): who took
-- part, for which organisation, on which day, how the attendance was confirmed, when and
-- how the person was informed about the processing (Art. 13 GDPR), whether they signed
-- the programme's ESF+ declaration, and until when the record is kept.
CREATE TABLE lotse.participants (
    region_id               smallint NOT NULL,
    id                      uuid NOT NULL DEFAULT gen_random_uuid(),
    activity_id             uuid NOT NULL,
    name                    text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email                   text CHECK (length(email) BETWEEN 3 AND 254),
    organisation            text NOT NULL DEFAULT '' CHECK (length(organisation) <= 200),
    participated_on         date NOT NULL,
    attendance_confirmed_by text NOT NULL CHECK (attendance_confirmed_by IN
                                ('signature', 'online_attendance', 'organiser_confirmation')),
    information_given_on    date NOT NULL,
    information_how         text NOT NULL CHECK (information_how IN
                                ('attendance_list_notice', 'registration_form', 'email', 'handout')),
    esf_reporting_consent   boolean NOT NULL,
    retain_until            date NOT NULL,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    version                 integer NOT NULL DEFAULT 1,
    PRIMARY KEY (region_id, id),
    -- no cascade: evidence is not lost with a deleted activity; its participants are
    -- deleted first, one by one and audited, or by the retention purge
    FOREIGN KEY (region_id, activity_id) REFERENCES lotse.activities (region_id, id),
    CHECK (retain_until >= participated_on)
);
-- one person once per event
CREATE UNIQUE INDEX participants_email_once ON lotse.participants (region_id, activity_id, lower(email))
    WHERE email IS NOT NULL;
CREATE INDEX participants_activity ON lotse.participants (region_id, activity_id);
CREATE INDEX participants_email ON lotse.participants (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX participants_retain_until ON lotse.participants (retain_until);
SELECT lotse.tenant_policies('lotse.participants');
GRANT SELECT, INSERT, UPDATE, DELETE ON lotse.participants TO lotse_app;

-- Only for a joint event (LTJ01), on a day of it (LTJ03); the retention date defaults to
-- lotse.participant_retention_default().
CREATE FUNCTION lotse.participant_checked() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, lotse AS $$
DECLARE
    a activities%ROWTYPE;
BEGIN
    SELECT * INTO a FROM activities WHERE region_id = NEW.region_id AND id = NEW.activity_id;
    IF FOUND AND NOT joint_event(a.kind, a.joint) THEN
        RAISE EXCEPTION 'participants are recorded only for a joint event' USING ERRCODE = 'LTJ01';
    END IF;
    IF FOUND AND NEW.participated_on NOT BETWEEN a.starts_on AND coalesce(a.ends_on, a.starts_on) THEN
        RAISE EXCEPTION 'the day of participation is not a day of the event' USING ERRCODE = 'LTJ03';
    END IF;
    NEW.retain_until := coalesce(NEW.retain_until, participant_retention_default(NEW.participated_on));
    RETURN NEW;
END $$;
CREATE TRIGGER participants_checked BEFORE INSERT OR UPDATE ON lotse.participants
    FOR EACH ROW EXECUTE FUNCTION lotse.participant_checked();

-- An activity with a cost split or participants stays a joint event (LTJ04): otherwise
-- the records would hang on an activity they cannot belong to.
CREATE FUNCTION lotse.activity_stays_joint() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, lotse AS $$
BEGIN
    IF joint_event(OLD.kind, OLD.joint) AND NOT joint_event(NEW.kind, NEW.joint)
       AND (EXISTS (SELECT 1 FROM participants p
                     WHERE p.region_id = OLD.region_id AND p.activity_id = OLD.id)
            OR EXISTS (SELECT 1 FROM activity_cost_splits s
                        WHERE s.region_id = OLD.region_id AND s.activity_id = OLD.id)) THEN
        RAISE EXCEPTION 'the activity has participants or a cost split' USING ERRCODE = 'LTJ04';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER activities_stay_joint BEFORE UPDATE OF joint, kind ON lotse.activities
    FOR EACH ROW EXECUTE FUNCTION lotse.activity_stays_joint();

-- The FAI's ESF+ team reads the participant lists of every region (§5), and the joint
-- events they belong to; it belongs to no region, so these policies add its reach for
-- reading only. Every such read is audited by the API (src/api/participants.c).
CREATE POLICY esf_read ON lotse.participants FOR SELECT
    USING ((SELECT lotse.caller_has_role('fai_esf')));
CREATE POLICY esf_read ON lotse.activities FOR SELECT
    USING (lotse.joint_event(kind, joint) AND (SELECT lotse.caller_has_role('fai_esf')));

-- ------------------------------------------------------------------ data-subject requests

-- What the audit log records instead of an email address: its SHA-256 (of the lower-case
-- address), so the log shows that a request about one person was made and answered,
-- and someone who knows the address can find it, without the log holding it in clear.
CREATE FUNCTION lotse.data_subject_hash(email text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT encode(sha256(convert_to(lower(email), 'UTF8')), 'hex') $$;
GRANT EXECUTE ON FUNCTION lotse.data_subject_hash(text) TO lotse_app;

-- Row-level security is forced and binds the functions below too, which run as the owner
-- (SECURITY DEFINER) for administrators, who belong to no region: they widen the region
-- settings to every region for their own statements and put the caller's values back, as
-- lotse.public_offers() (0010) does.
CREATE FUNCTION lotse.every_region() RETURNS text
    LANGUAGE sql STABLE SET search_path = pg_catalog, lotse
    AS $$ SELECT '{' || coalesce(string_agg(id::text, ','), '') || '}' FROM regions $$;
REVOKE ALL ON FUNCTION lotse.every_region() FROM PUBLIC;

-- Everything Lotse stores about the person with this email address, as one JSON object:
-- their participant records in every region, their contact records, their user account
-- (roles, memberships, sessions and what they did, from the audit log) and the count of
-- failed sign-ins under the address. NULL when there is nothing. Administrators only
-- (42501 otherwise); audited as data_subject_exported or data_subject_not_found with the
-- address's hash, the caller and request_id.
CREATE FUNCTION lotse.data_subject_export(subject text, request_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, lotse
    AS $$
DECLARE
    caller_read  text := coalesce(current_setting('lotse.region_ids', true), '');
    caller_write text := coalesce(current_setting('lotse.write_region_ids', true), '');
    who          uuid := caller_user_id();
    account      users%ROWTYPE;
    found_any    boolean;
    result       jsonb;
BEGIN
    IF NOT caller_has_role('admin') THEN
        RAISE EXCEPTION 'data-subject requests are for administrators' USING ERRCODE = '42501';
    END IF;
    PERFORM set_config('lotse.region_ids', every_region(), true);
    SELECT * INTO account FROM users WHERE lower(email) = lower(subject);
    result := jsonb_build_object(
        'participants', coalesce((
            SELECT jsonb_agg(jsonb_build_object('id', p.id, 'region', g.slug,
                       'activity', jsonb_build_object('id', a.id, 'title', a.title,
                           'starts_on', a.starts_on),
                       'name', p.name, 'email', p.email, 'organisation', p.organisation,
                       'participated_on', p.participated_on,
                       'attendance_confirmed_by', p.attendance_confirmed_by,
                       'information_given_on', p.information_given_on,
                       'information_how', p.information_how,
                       'esf_reporting_consent', p.esf_reporting_consent,
                       'retain_until', p.retain_until, 'created_at', p.created_at,
                       'updated_at', p.updated_at) ORDER BY p.participated_on, p.id)
              FROM participants p
              JOIN regions g ON g.id = p.region_id
              JOIN activities a ON a.region_id = p.region_id AND a.id = p.activity_id
             WHERE lower(p.email) = lower(subject)), '[]'),
        'contacts', coalesce((
            SELECT jsonb_agg(jsonb_build_object('id', c.id, 'region', g.slug, 'name', c.name,
                       'organisation', c.organisation, 'function', c.function,
                       'email', c.email, 'phone', c.phone, 'role', c.role,
                       'consent_given_at', c.consent_given_at,
                       'consent_given_by', c.consent_given_by, 'consent_how', c.consent_how,
                       'consent_withdrawn_at', c.consent_withdrawn_at,
                       'named_in_offers', coalesce((SELECT jsonb_agg(jsonb_build_object(
                           'id', o.id, 'title', o.title, 'published', o.published) ORDER BY o.id)
                           FROM offers o WHERE o.region_id = c.region_id AND o.contact_id = c.id),
                           '[]'),
                       'created_at', c.created_at, 'updated_at', c.updated_at)
                       ORDER BY g.slug, c.id)
              FROM contacts c JOIN regions g ON g.id = c.region_id
             WHERE lower(c.email) = lower(subject)), '[]'),
        'user_account', CASE WHEN account.id IS NULL THEN NULL ELSE jsonb_build_object(
            'id', account.id, 'email', account.email, 'display_name', account.display_name,
            'disabled', account.disabled, 'created_at', account.created_at,
            'updated_at', account.updated_at,
            'roles', coalesce((SELECT jsonb_agg(r.role ORDER BY r.role) FROM user_roles r
                                WHERE r.user_id = account.id), '[]'),
            'memberships', coalesce((SELECT jsonb_agg(jsonb_build_object('region', g.slug,
                                         'role', m.role) ORDER BY g.slug, m.role)
                                       FROM memberships m JOIN regions g ON g.id = m.region_id
                                      WHERE m.user_id = account.id), '[]'),
            'sessions', coalesce((SELECT jsonb_agg(jsonb_build_object('created_at', s.created_at,
                                      'last_seen_at', s.last_seen_at, 'expires_at', s.expires_at,
                                      'ended_at', s.ended_at) ORDER BY s.created_at)
                                    FROM sessions s WHERE s.user_id = account.id), '[]'),
            'audit_log', coalesce((SELECT jsonb_agg(jsonb_build_object('at', l.at,
                                       'region', g.slug, 'action', l.action, 'entity', l.entity,
                                       'entity_id', l.entity_id) ORDER BY l.id)
                                     FROM audit_log l LEFT JOIN regions g ON g.id = l.region_id
                                    WHERE l.user_id = account.id), '[]')) END,
        'failed_sign_ins', (SELECT jsonb_build_object('failures', t.failures,
                                'window_start', t.window_start, 'locked_until', t.locked_until)
                              FROM login_throttle t
                             WHERE t.key = left('email:' || lower(subject), 300)));
    PERFORM set_config('lotse.region_ids', caller_read, true);
    PERFORM set_config('lotse.write_region_ids', caller_write, true);
    found_any := jsonb_array_length(result -> 'participants') > 0
                 OR jsonb_array_length(result -> 'contacts') > 0
                 OR account.id IS NOT NULL OR result -> 'failed_sign_ins' <> 'null'::jsonb;
    INSERT INTO audit_log (user_id, action, entity, entity_id, request_id)
    VALUES (who, CASE WHEN found_any THEN 'data_subject_exported' ELSE 'data_subject_not_found' END,
            'data_subject', data_subject_hash(subject), request_id);
    IF NOT found_any THEN
        RETURN NULL;
    END IF;
    RETURN jsonb_build_object('email', subject, 'exported_at', now()) || result;
END $$;
REVOKE ALL ON FUNCTION lotse.data_subject_export(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lotse.data_subject_export(text, text) TO lotse_app;

-- Erases what Lotse stores about the person with this email address, in every region:
--   participant records are deleted (the administrator has weighed Art. 17(3)(b) GDPR
--   against the ESF+ retention duty before asking: docs/data-protection.md);
--   offers that name one of their contact records lose the contact and are unpublished
--   (the region reviews them before publishing again), then the contact records are
--   deleted;
--   a user account is anonymised, not deleted - the audit log keeps referring to its id,
--   which then names no one: email and display name replaced, no password, disabled,
--   roles and memberships revoked, sessions and stored Idempotency-Key answers deleted;
--   stored Idempotency-Key answers of anyone that contain the address are deleted, and
--   so is the count of failed sign-ins under it.
-- Each deleted or changed record leaves its own audit row (its region and id), and the
-- request one row with the address's hash. Returns the counts, or NULL when nothing was
-- stored (audited as data_subject_not_found, nothing else changed). Administrators only
-- (42501); an administrator cannot erase their own account this way (LTD01).
CREATE FUNCTION lotse.data_subject_erase(subject text, request_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, lotse
    AS $$
DECLARE
    caller_read    text := coalesce(current_setting('lotse.region_ids', true), '');
    caller_write   text := coalesce(current_setting('lotse.write_region_ids', true), '');
    caller_user    text := coalesce(current_setting('lotse.user_id', true), '');
    who            uuid := caller_user_id();
    account        uuid;
    n_participants bigint;
    n_contacts     bigint;
    n_unlinked     bigint;
    n_unpublished  bigint;
    n_sessions     bigint := 0;
    n_answers      bigint := 0;
    n_throttle     bigint;
    n              bigint;
    uid            uuid;
BEGIN
    IF NOT caller_has_role('admin') THEN
        RAISE EXCEPTION 'data-subject requests are for administrators' USING ERRCODE = '42501';
    END IF;
    SELECT id INTO account FROM users WHERE lower(email) = lower(subject) FOR UPDATE;
    IF account IS NOT NULL AND account = who THEN
        RAISE EXCEPTION 'an administrator cannot erase their own account' USING ERRCODE = 'LTD01';
    END IF;
    PERFORM set_config('lotse.region_ids', every_region(), true);
    PERFORM set_config('lotse.write_region_ids', every_region(), true);

    WITH gone AS (DELETE FROM participants WHERE lower(email) = lower(subject)
                  RETURNING region_id, id),
         logged AS (INSERT INTO audit_log (region_id, user_id, action, entity, entity_id, request_id)
                    SELECT region_id, who, 'participant_erased', 'participant', id::text, request_id
                      FROM gone RETURNING 1)
    SELECT count(*) INTO n_participants FROM logged;

    WITH named AS (SELECT o.region_id, o.id, o.published AS was_published
                     FROM offers o JOIN contacts c
                       ON c.region_id = o.region_id AND c.id = o.contact_id
                    WHERE lower(c.email) = lower(subject) FOR UPDATE OF o),
         changed AS (UPDATE offers o SET contact_id = NULL, published = false, published_at = NULL,
                            version = o.version + 1, updated_at = now()
                       FROM named WHERE o.region_id = named.region_id AND o.id = named.id
                     RETURNING o.region_id, o.id, named.was_published),
         logged AS (INSERT INTO audit_log (region_id, user_id, action, entity, entity_id, request_id)
                    SELECT region_id, who, 'offer_contact_erased', 'offer', id::text, request_id
                      FROM changed RETURNING 1)
    SELECT count(*), count(*) FILTER (WHERE was_published) INTO n_unlinked, n_unpublished
      FROM changed;

    WITH gone AS (DELETE FROM contacts WHERE lower(email) = lower(subject) RETURNING region_id, id),
         logged AS (INSERT INTO audit_log (region_id, user_id, action, entity, entity_id, request_id)
                    SELECT region_id, who, 'contact_erased', 'contact', id::text, request_id
                      FROM gone RETURNING 1)
    SELECT count(*) INTO n_contacts FROM logged;

    -- stored answers are visible per user only (0004): one user at a time
    FOR uid IN SELECT id FROM users LOOP
        PERFORM set_config('lotse.user_id', uid::text, true);
        DELETE FROM idempotency_keys k
         WHERE k.user_id = uid
           AND (uid = account OR position(lower(subject) IN lower(k.response)) > 0);
        GET DIAGNOSTICS n = ROW_COUNT;
        n_answers := n_answers + n;
    END LOOP;
    PERFORM set_config('lotse.user_id', caller_user, true);

    IF account IS NOT NULL THEN
        UPDATE users SET email = 'erased-' || id || '@erased.invalid',
                         display_name = 'Erased account', password_hash = NULL, disabled = true,
                         version = version + 1, updated_at = now()
         WHERE id = account;
        DELETE FROM user_roles WHERE user_id = account;
        DELETE FROM memberships WHERE user_id = account;
        DELETE FROM sessions WHERE user_id = account;
        GET DIAGNOSTICS n_sessions = ROW_COUNT;
        INSERT INTO audit_log (user_id, action, entity, entity_id, request_id)
        VALUES (who, 'user_erased', 'user', account::text, request_id);
    END IF;

    DELETE FROM login_throttle WHERE key = left('email:' || lower(subject), 300);
    GET DIAGNOSTICS n_throttle = ROW_COUNT;

    PERFORM set_config('lotse.region_ids', caller_read, true);
    PERFORM set_config('lotse.write_region_ids', caller_write, true);
    IF n_participants + n_contacts + n_answers + n_throttle = 0 AND account IS NULL THEN
        INSERT INTO audit_log (user_id, action, entity, entity_id, request_id)
        VALUES (who, 'data_subject_not_found', 'data_subject', data_subject_hash(subject),
                request_id);
        RETURN NULL;
    END IF;
    INSERT INTO audit_log (user_id, action, entity, entity_id, request_id)
    VALUES (who, 'data_subject_erased', 'data_subject', data_subject_hash(subject), request_id);
    RETURN jsonb_build_object('email_sha256', data_subject_hash(subject),
        'participants_deleted', n_participants, 'contacts_deleted', n_contacts,
        'offers_unlinked', n_unlinked, 'offers_unpublished', n_unpublished,
        'user_account', CASE WHEN account IS NULL THEN NULL ELSE jsonb_build_object(
            'id', account, 'anonymised', true, 'sessions_deleted', n_sessions) END,
        'stored_answers_deleted', n_answers, 'failed_sign_ins_deleted', n_throttle);
END $$;
REVOKE ALL ON FUNCTION lotse.data_subject_erase(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lotse.data_subject_erase(text, text) TO lotse_app;

-- ------------------------------------------------------------------ retention

-- What `lotse purge` runs daily (docs/operations.md): deletes what is past its retention
-- (docs/data-protection.md) and writes the counts to the audit log (action
-- retention_purged, entity the kind, entity_id the count): one row per kind, also when
-- the count is 0, so the log shows every run, and for participants one more row per
-- region that lost some, which the region's coordinators see in their own log. Deleting
-- nothing the second time, it can run as often as wanted. Not granted to lotse_app: the
-- operator runs it over the owner connection.
--   participant    retain_until has passed
--   stored_answer  Idempotency-Key answers older than 24 hours (0004 ignores them anyway)
--   session        ended or expired more than 90 days ago
--   login_throttle failure counts idle for 24 hours and not locked
CREATE FUNCTION lotse.purge_past_retention() RETURNS TABLE (kind text, purged bigint)
    LANGUAGE plpgsql SET search_path = pg_catalog, lotse AS $$
DECLARE
    caller_read  text := coalesce(current_setting('lotse.region_ids', true), '');
    caller_write text := coalesce(current_setting('lotse.write_region_ids', true), '');
    caller_user  text := coalesce(current_setting('lotse.user_id', true), '');
    n            bigint;
    uid          uuid;
BEGIN
    PERFORM set_config('lotse.region_ids', every_region(), true);
    PERFORM set_config('lotse.write_region_ids', every_region(), true);
    WITH gone AS (DELETE FROM participants WHERE retain_until < current_date RETURNING region_id),
         per_region AS (SELECT region_id, count(*) AS c FROM gone GROUP BY region_id),
         logged AS (INSERT INTO audit_log (region_id, action, entity, entity_id)
                    SELECT region_id, 'retention_purged', 'participant', c::text FROM per_region
                    RETURNING 1)
    SELECT coalesce(sum(c), 0) INTO n FROM per_region;
    PERFORM set_config('lotse.region_ids', caller_read, true);
    PERFORM set_config('lotse.write_region_ids', caller_write, true);
    kind := 'participant'; purged := n;
    INSERT INTO audit_log (action, entity, entity_id)
    VALUES ('retention_purged', kind, purged::text);
    RETURN NEXT;

    purged := 0;
    FOR uid IN SELECT id FROM users LOOP
        PERFORM set_config('lotse.user_id', uid::text, true);
        DELETE FROM idempotency_keys WHERE user_id = uid AND created_at < now() - interval '24 hours';
        GET DIAGNOSTICS n = ROW_COUNT;
        purged := purged + n;
    END LOOP;
    PERFORM set_config('lotse.user_id', caller_user, true);
    kind := 'stored_answer';
    INSERT INTO audit_log (action, entity, entity_id)
    VALUES ('retention_purged', kind, purged::text);
    RETURN NEXT;

    DELETE FROM sessions
     WHERE least(ended_at, expires_at) < now() - interval '90 days';
    GET DIAGNOSTICS n = ROW_COUNT;
    kind := 'session'; purged := n;
    INSERT INTO audit_log (action, entity, entity_id)
    VALUES ('retention_purged', kind, purged::text);
    RETURN NEXT;

    DELETE FROM login_throttle
     WHERE window_start < now() - interval '24 hours'
       AND (locked_until IS NULL OR locked_until < now());
    GET DIAGNOSTICS n = ROW_COUNT;
    kind := 'login_throttle'; purged := n;
    INSERT INTO audit_log (action, entity, entity_id)
    VALUES ('retention_purged', kind, purged::text);
    RETURN NEXT;
END $$;
REVOKE ALL ON FUNCTION lotse.purge_past_retention() FROM PUBLIC;

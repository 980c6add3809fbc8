-- 0005: the two-year plan of measures (agreement §3) and their dated progress notes.
-- Tenant tables: keyed (region_id, id), RLS by lotse.tenant_policies().

CREATE TABLE lotse.measures (
    region_id    smallint NOT NULL REFERENCES lotse.regions,
    id           uuid NOT NULL DEFAULT gen_random_uuid(),
    title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    category     text NOT NULL CHECK (category IN ('law_change_information', 'exchange_formats',
                     'information_material', 'events', 'speaker_referrals',
                     'lighthouse_projects', 'other')),
    description  text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
    planned_from date,
    planned_to   date,
    owner        text CHECK (length(owner) <= 200),
    status       text NOT NULL DEFAULT 'planned'
                 CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    version      integer NOT NULL DEFAULT 1,
    PRIMARY KEY (region_id, id),
    CHECK (planned_to IS NULL OR planned_from IS NULL OR planned_to >= planned_from)
);
CREATE INDEX measures_region_status ON lotse.measures (region_id, status);
SELECT lotse.tenant_policies('lotse.measures');

CREATE TABLE lotse.measure_progress (
    region_id  smallint NOT NULL,
    id         uuid NOT NULL DEFAULT gen_random_uuid(),
    measure_id uuid NOT NULL,
    noted_on   date NOT NULL,
    note       text NOT NULL CHECK (length(note) BETWEEN 1 AND 5000),
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region_id, id),
    -- composite: a note can only belong to a measure of its own region
    FOREIGN KEY (region_id, measure_id) REFERENCES lotse.measures (region_id, id)
        ON DELETE CASCADE
);
CREATE INDEX measure_progress_measure ON lotse.measure_progress (region_id, measure_id, noted_on);
SELECT lotse.tenant_policies('lotse.measure_progress');

GRANT SELECT, INSERT, UPDATE, DELETE ON lotse.measures, lotse.measure_progress TO lotse_app;

-- Every region starts from the six measures of the agreement with Region Mittleres
-- Ruhrgebiet (§3) as a template it edits. RLS is forced, so the owner writes under a
-- transaction-local permission for all regions.
SELECT set_config('lotse.write_region_ids',
                  (SELECT '{' || string_agg(id::text, ',') || '}' FROM lotse.regions), true);
INSERT INTO lotse.measures (region_id, title, category, planned_from, planned_to, owner)
SELECT r.id, m.title, m.category, DATE '2025-10-01', DATE '2027-09-30', 'FAI NRW'
FROM lotse.regions r
CROSS JOIN (VALUES
    (1, 'Laufende Informationen zu Gesetzesänderungen und Neuerungen', 'law_change_information'),
    (2, 'Regelmäßige Austauschformate zu Beratungsinhalten und -prozessen', 'exchange_formats'),
    (3, 'Informationsmaterialien für Unternehmen (internationale Kooperationen, Vermittlungsagenturen)',
        'information_material'),
    (4, 'Veranstaltungen zu Diversität, FEG, Onboarding und Anwerbung', 'events'),
    (5, 'Vermittlung von Referentinnen und Referenten für Fachvorträge und Veranstaltungen',
        'speaker_referrals'),
    (6, 'Anknüpfen an Leuchtturmprojekte und Initiativen der Region', 'lighthouse_projects')
) AS m(n, title, category)
ORDER BY r.id, m.n;

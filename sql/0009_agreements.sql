-- 0009: the cooperation agreement of each region and its amendments (agreement §4:
-- "Erweiterungen oder Änderungen dieser Vereinbarung sowie die Kündigung dieser
-- Vereinbarung bedürfen der Schriftform"; §4.3: the term ends on 30.09.2027).
-- Tenant tables: keyed by region_id, RLS by lotse.tenant_policies().
--
-- One agreement per region. Its text is six sections, each kept as an append-only
-- history of versions: the effective text is the highest version_no; a new version
-- only comes from an amendment signed in writing, so every earlier text stays readable.

CREATE TABLE lotse.agreements (
    region_id                smallint NOT NULL REFERENCES lotse.regions,
    id                       uuid NOT NULL DEFAULT gen_random_uuid(),
    status                   text NOT NULL DEFAULT 'draft'
                             CHECK (status IN ('draft', 'signed', 'terminated')),
    term_end                 date NOT NULL DEFAULT DATE '2027-09-30',
    -- §4: a termination needs the written form: the document and the date it was signed
    terminated_on            date,
    termination_document_ref text CHECK (length(termination_document_ref) BETWEEN 1 AND 200),
    termination_signed_on    date,
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    version                  integer NOT NULL DEFAULT 1,
    PRIMARY KEY (region_id, id),
    UNIQUE (region_id),
    CHECK ((status = 'terminated') = (terminated_on IS NOT NULL
                                      AND termination_document_ref IS NOT NULL
                                      AND termination_signed_on IS NOT NULL))
);
SELECT lotse.tenant_policies('lotse.agreements');

-- The three parties: the state ministry, the region (chair of its advisory board) and
-- the FAI NRW, each signing on its own date.
CREATE TABLE lotse.agreement_signatures (
    region_id          smallint NOT NULL,
    agreement_id       uuid NOT NULL,
    party              text NOT NULL CHECK (party IN ('mags', 'region', 'fai')),
    signatory_name     text NOT NULL CHECK (length(signatory_name) BETWEEN 1 AND 200),
    signatory_function text NOT NULL CHECK (length(signatory_function) BETWEEN 1 AND 200),
    signed_on          date NOT NULL,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region_id, agreement_id, party),
    FOREIGN KEY (region_id, agreement_id) REFERENCES lotse.agreements (region_id, id)
);
SELECT lotse.tenant_policies('lotse.agreement_signatures');

CREATE TABLE lotse.agreement_amendments (
    region_id     smallint NOT NULL,
    id            uuid NOT NULL DEFAULT gen_random_uuid(),
    agreement_id  uuid NOT NULL,
    section       text NOT NULL CHECK (section IN ('goals', 'region_profile', 'support_offers',
                      'cooperation', 'data_protection', 'finances')),
    proposed_text text NOT NULL CHECK (length(proposed_text) BETWEEN 1 AND 50000),
    reason        text NOT NULL CHECK (length(reason) BETWEEN 1 AND 5000),
    status        text NOT NULL DEFAULT 'proposed'
                  CHECK (status IN ('proposed', 'agreed', 'rejected', 'signed_in_writing')),
    -- §4.3: agreed by both partners ...
    agreed_on     date,
    -- ... and §4: in force only in writing
    document_ref  text CHECK (length(document_ref) BETWEEN 1 AND 200),
    signed_on     date,
    created_by    uuid,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    version       integer NOT NULL DEFAULT 1,
    PRIMARY KEY (region_id, id),
    FOREIGN KEY (region_id, agreement_id) REFERENCES lotse.agreements (region_id, id),
    CHECK ((status = 'signed_in_writing') = (document_ref IS NOT NULL AND signed_on IS NOT NULL)),
    CHECK (status NOT IN ('agreed', 'signed_in_writing') OR agreed_on IS NOT NULL)
);
CREATE INDEX agreement_amendments_created ON lotse.agreement_amendments (region_id, created_at, id);
SELECT lotse.tenant_policies('lotse.agreement_amendments');

CREATE TABLE lotse.agreement_sections (
    region_id      smallint NOT NULL,
    agreement_id   uuid NOT NULL,
    section        text NOT NULL CHECK (section IN ('goals', 'region_profile', 'support_offers',
                       'cooperation', 'data_protection', 'finances')),
    version_no     integer NOT NULL CHECK (version_no >= 1),
    text           text NOT NULL CHECK (length(text) <= 50000),
    effective_from timestamptz NOT NULL DEFAULT now(),
    -- NULL for the text the agreement started with
    amendment_id   uuid,
    PRIMARY KEY (region_id, agreement_id, section, version_no),
    FOREIGN KEY (region_id, agreement_id) REFERENCES lotse.agreements (region_id, id),
    FOREIGN KEY (region_id, amendment_id) REFERENCES lotse.agreement_amendments (region_id, id),
    CHECK ((version_no = 1) = (amendment_id IS NULL))
);
SELECT lotse.tenant_policies('lotse.agreement_sections');

-- Nothing is ever deleted; section versions are never changed once written.
GRANT SELECT, UPDATE ON lotse.agreements TO lotse_app;
GRANT SELECT, INSERT, UPDATE ON lotse.agreement_signatures, lotse.agreement_amendments
    TO lotse_app;
GRANT SELECT, INSERT ON lotse.agreement_sections TO lotse_app;

-- Every region starts with its agreement as a draft of six empty sections; Mittleres
-- Ruhrgebiet's sections carry its signed text in short form. RLS is forced, so the
-- owner reads and writes under transaction-local permissions for all regions.
SELECT set_config('lotse.write_region_ids',
                  (SELECT '{' || string_agg(id::text, ',') || '}' FROM lotse.regions), true),
       set_config('lotse.region_ids',
                  (SELECT '{' || string_agg(id::text, ',') || '}' FROM lotse.regions), true);
INSERT INTO lotse.agreements (region_id) SELECT id FROM lotse.regions ORDER BY id;
INSERT INTO lotse.agreement_sections (region_id, agreement_id, section, version_no, text)
SELECT a.region_id, a.id, s.section, 1,
       CASE WHEN r.slug = 'mittleres-ruhrgebiet' THEN s.mittleres_ruhrgebiet ELSE '' END
FROM lotse.agreements a
JOIN lotse.regions r ON r.id = a.region_id
CROSS JOIN (VALUES
    (1, 'goals', 'Gewinnung und Bindung internationaler Fachkräfte gegen den Fachkräftemangel;'
        ' die FAI NRW berät und lotst Arbeitgeber und regionale Akteure, wirbt selbst aber'
        ' nicht an, und ergänzt die regionalen Angebote dort, wo Lücken bestehen.'),
    (2, 'region_profile', 'Branchenvielfalt, Netzwerke, Welcome Office Bochum und'
        ' Ausbildungspartnerschaft mit São Paulo; Herausforderungen: Wohnungsmarkt,'
        ' Arbeitslosigkeit, kommunale Haushalte, Kinderbetreuung, Willkommenskultur.'),
    (3, 'support_offers', 'Unterstützungsbedarf bei Rahmenbedingungen von Anwerbung und'
        ' Einwanderung, Integrationsbegleitung, Onboarding und Familiennachzug; sechs'
        ' Maßnahmen der FAI NRW für die kommenden zwei Jahre.'),
    (4, 'cooperation', 'Kein Wettbewerb; Anfragen werden dort bearbeitet, wo sie eingehen;'
        ' frühzeitige gegenseitige Information über herausgehobene Aktivitäten; Änderungen'
        ' und Kündigung bedürfen der Schriftform; Laufzeit bis 30.09.2027.'),
    (5, 'data_protection', 'Daten werden DSGVO-konform und vertraulich behandelt; bei'
        ' gemeinsamen Veranstaltungen stellt die Region Teilnehmendenlisten bereit.'),
    (6, 'finances', 'Jeder Partner trägt die eigenen Kosten; Kostenaufteilungen für'
        ' gemeinsame Veranstaltungen werden vorab abgestimmt.')
) AS s(n, section, mittleres_ruhrgebiet)
ORDER BY a.region_id, s.n;

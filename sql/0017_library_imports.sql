-- 0017: best-practice packages from other Lotse instances (agreement §4: the regions
-- learn from each other's model processes). A region imports a package only when it is
-- signed by this instance's key or by a key the region has chosen to trust
-- (lotse.library_trusted_keys); each import records where the new draft came from
-- (lotse.library_imports): the process version, its owner, the key that signed it and
-- the package's SHA-256. Both are tenant tables: a region's trust is its own.

CREATE TABLE lotse.library_trusted_keys (
    region_id   smallint NOT NULL REFERENCES lotse.regions,
    -- SHA-256 of the Ed25519 public key in DER form (docs/packages.md)
    fingerprint text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    public_key  text NOT NULL CHECK (length(public_key) BETWEEN 1 AND 4096), -- PEM
    added_at    timestamptz NOT NULL DEFAULT now(),
    added_by    uuid DEFAULT lotse.caller_user_id(),
    PRIMARY KEY (region_id, fingerprint)
);
SELECT lotse.tenant_policies('lotse.library_trusted_keys');

CREATE TABLE lotse.library_imports (
    region_id          smallint NOT NULL REFERENCES lotse.regions,
    id                 uuid NOT NULL DEFAULT gen_random_uuid(),
    process_key        text NOT NULL REFERENCES lotse.processes,
    source_key         text NOT NULL,
    source_version     integer NOT NULL,
    source_owner       jsonb NOT NULL,
    signer_fingerprint text NOT NULL CHECK (signer_fingerprint ~ '^[0-9a-f]{64}$'),
    signer_name        text NOT NULL,
    package_sha256     text NOT NULL CHECK (package_sha256 ~ '^[0-9a-f]{64}$'),
    imported_at        timestamptz NOT NULL DEFAULT now(),
    imported_by        uuid DEFAULT lotse.caller_user_id(),
    PRIMARY KEY (region_id, id)
);
SELECT lotse.tenant_policies('lotse.library_imports');

GRANT SELECT, INSERT, DELETE ON lotse.library_trusted_keys TO lotse_app;
GRANT SELECT, INSERT ON lotse.library_imports TO lotse_app;

-- 0001: the schema and the reference table of the labour-market regions.
--
-- Roles (created by the operator, or by tools/up for the local stack):
--   lotse_owner  owns every object and runs these migrations
--   lotse_app    what lotsed connects as: no superuser, no BYPASSRLS, owns nothing,
--                and gets only the privileges granted here.
REVOKE ALL ON SCHEMA lotse FROM PUBLIC;
GRANT USAGE ON SCHEMA lotse TO lotse_app;

CREATE TABLE lotse.regions (
    id         smallint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug       text NOT NULL UNIQUE
               CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 64),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- the cities and districts the region covers, as the region names them
    areas      text[] NOT NULL DEFAULT '{}',
    -- false until an administrator has checked name and areas against the region's own word
    confirmed  boolean NOT NULL DEFAULT false,
    version    integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE lotse.regions IS
    'The labour-market regions of NRW, each one tenant; reference data kept by administrators.';

-- Public reference data: the application reads it; changing it is an admin feature of a later migration.
GRANT SELECT ON lotse.regions TO lotse_app;

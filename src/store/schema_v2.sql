-- SPDX-License-Identifier: Apache-2.0
-- Schema version 2: the estate inventory. Assets, their components and exposed services belong to
-- an organisation (org_id on every row); product identities and the mappings people add are
-- knowledge about names, global like the knowledge base.

-- Inventory imports belong to an organisation; knowledge-base imports do not (NULL).
ALTER TABLE import_run ADD COLUMN org_id BIGINT REFERENCES organisation(id);
ALTER TABLE import_run ADD COLUMN scope TEXT;  -- inventory: "<source>/<format>", NULL otherwise
ALTER TABLE import_run ADD COLUMN observed_at TEXT;  -- inventory: when the report was made
CREATE INDEX import_run_scope ON import_run(org_id, scope, sha256);

-- Product identity reads the distinct CPE names of NVD's configurations on every import that meets
-- a new name: with the part in the index that is a scan of the index, not of the whole table.
DROP INDEX cve_cpe_match_product;
CREATE INDEX cve_cpe_match_product ON cve_cpe_match(vendor, product, part);

-- One row per real device. Its fields are derived from its sources' views (asset_source.view):
-- for each field the newest view that has a value wins, and disagreements are kept in
-- asset_conflict.
CREATE TABLE asset (
    id {{ID}},
    org_id BIGINT NOT NULL REFERENCES organisation(id),
    kind TEXT NOT NULL,                   -- endpoint | server | network-device | medical-device | iot | virtual | unknown
    hostname TEXT,                        -- short name, lower case
    fqdn TEXT,
    serial TEXT,
    os_name TEXT,
    os_version TEXT,
    os_build TEXT,
    os_cpe TEXT,                          -- CPE 2.3 of the operating system, where resolved
    manufacturer TEXT,
    model TEXT,
    site TEXT,
    department TEXT,
    owner TEXT,
    internet_facing INTEGER,              -- NULL: not known
    criticality TEXT,
    network_connected INTEGER,            -- medical devices; NULL: not known
    supported_until TEXT,                 -- YYYY-MM-DD
    mds2 TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    stale INTEGER NOT NULL DEFAULT 0,     -- 1: every source that reported it has since stopped
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX asset_org ON asset(org_id, kind);

-- Every identifier a source reported, canonical, for finding the asset again.
CREATE TABLE asset_identifier (
    asset_id BIGINT NOT NULL REFERENCES asset(id),
    org_id BIGINT NOT NULL REFERENCES organisation(id),
    kind TEXT NOT NULL,                   -- mac | serial | hostname | fqdn | ip
    value TEXT NOT NULL,                  -- mac aa:bb:..; serial upper case; names lower case
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    PRIMARY KEY (asset_id, kind, value)
) {{WITHOUT_ROWID}};
CREATE INDEX asset_identifier_lookup ON asset_identifier(org_id, kind, value);

-- What each source says about an asset. A source is a family of reports (defender, nmap, or a
-- name given with --source) and a format within it; source_key is the source's own id.
CREATE TABLE asset_source (
    asset_id BIGINT NOT NULL REFERENCES asset(id),
    org_id BIGINT NOT NULL REFERENCES organisation(id),
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    source_key TEXT NOT NULL,             -- '' when the source has no id of its own
    first_seen TEXT NOT NULL,             -- as the source reports them
    last_seen TEXT NOT NULL,
    observed_at TEXT NOT NULL,            -- the report that last included it
    import_id BIGINT NOT NULL REFERENCES import_run(id),
    stale INTEGER NOT NULL DEFAULT 0,     -- 1: absent from a newer report of the same source
    view TEXT NOT NULL,                   -- JSON: the asset's fields as this source gave them
    PRIMARY KEY (asset_id, source, format, source_key)
) {{WITHOUT_ROWID}};
CREATE INDEX asset_source_key ON asset_source(org_id, source, source_key);
CREATE INDEX asset_source_scope ON asset_source(org_id, source, format, observed_at);

-- Fields on which an asset's sources disagree: the value kept (the newest) and the other.
CREATE TABLE asset_conflict (
    asset_id BIGINT NOT NULL REFERENCES asset(id),
    org_id BIGINT NOT NULL REFERENCES organisation(id),
    field TEXT NOT NULL,
    kept_value TEXT NOT NULL,
    kept_source TEXT NOT NULL,            -- "<source>/<format>"
    other_value TEXT NOT NULL,
    other_source TEXT NOT NULL,
    PRIMARY KEY (asset_id, field, other_source)
) {{WITHOUT_ROWID}};

-- A distinct name as sources write it (vendor, product, version, CPE, purl) and what it was
-- resolved to. Components point here, so a person's mapping applies everywhere at once.
CREATE TABLE product_identity (
    id {{ID}},
    raw_key TEXT NOT NULL UNIQUE,         -- the raw fields joined; one row per distinct spelling
    type TEXT,                            -- component type, as the source wrote the rest
    vendor TEXT,                          -- as the source wrote them
    product TEXT,
    version TEXT,
    source_cpe TEXT,
    source_purl TEXT,
    name_key TEXT NOT NULL,               -- normalised vendor|product: what listings group by
    status TEXT NOT NULL,                 -- resolved | ambiguous | unresolved
    method TEXT,                          -- explicit-cpe | explicit-purl | manual | knowledge-base | alias | windows-build
    confidence INTEGER NOT NULL DEFAULT 0,  -- 0..100
    cpe_part TEXT,
    cpe_vendor TEXT,
    cpe_product TEXT,
    cpe_version TEXT,
    cpe_update TEXT,
    cpe TEXT,                             -- CPE 2.3 formatted string
    purl TEXT,
    candidates TEXT,                      -- JSON array of "vendor:product" when ambiguous
    also TEXT,                            -- JSON array of other "vendor:product" NVD files it under
    note TEXT,                            -- why it is ambiguous, what was ignored
    resolved_at TEXT NOT NULL
);
CREATE INDEX product_identity_name ON product_identity(status, name_key);
CREATE INDEX product_identity_cpe ON product_identity(cpe_vendor, cpe_product);

-- Mappings people add (wardround identity map): a normalised name to a CPE vendor:product.
CREATE TABLE identity_mapping (
    id {{ID}},
    vendor_key TEXT NOT NULL,             -- '' matches any vendor
    product_key TEXT NOT NULL,
    cpe_part TEXT NOT NULL,
    cpe_vendor TEXT NOT NULL,
    cpe_product TEXT NOT NULL,
    note TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (vendor_key, product_key)
);

CREATE TABLE component (
    id {{ID}},
    asset_id BIGINT NOT NULL REFERENCES asset(id),
    org_id BIGINT NOT NULL REFERENCES organisation(id),
    source TEXT NOT NULL,                 -- "<source>/<format>" that reported it
    type TEXT,                            -- application | operating-system | firmware | library | ...
    vendor TEXT,
    product TEXT,
    version TEXT,
    cpe TEXT,                             -- as the source gave it (2.3)
    purl TEXT,
    ref TEXT,                             -- the source's own id (bom-ref, SPDXID)
    parent_ref TEXT,
    identity_id BIGINT NOT NULL REFERENCES product_identity(id)
);
CREATE INDEX component_asset ON component(asset_id, source);
CREATE INDEX component_identity ON component(identity_id);
CREATE INDEX component_org ON component(org_id);

CREATE TABLE component_dependency (
    asset_id BIGINT NOT NULL REFERENCES asset(id),
    org_id BIGINT NOT NULL REFERENCES organisation(id),
    source TEXT NOT NULL,
    from_ref TEXT NOT NULL,
    to_ref TEXT NOT NULL,
    PRIMARY KEY (asset_id, source, from_ref, to_ref)
) {{WITHOUT_ROWID}};

-- Listening services.
CREATE TABLE exposure (
    id {{ID}},
    asset_id BIGINT NOT NULL REFERENCES asset(id),
    org_id BIGINT NOT NULL REFERENCES organisation(id),
    source TEXT NOT NULL,
    port INTEGER NOT NULL,
    protocol TEXT NOT NULL,
    state TEXT,
    service TEXT,
    product TEXT,
    version TEXT,
    extra TEXT,
    cpes TEXT,                            -- JSON array of CPE 2.3 strings
    address TEXT
);
CREATE INDEX exposure_asset ON exposure(asset_id, source);

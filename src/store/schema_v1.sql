-- Wardround schema, version 1: organisations, import provenance and the vulnerability knowledge base.
-- Written once for SQLite and PostgreSQL. {{ID}} is an auto-assigned 64-bit primary key;
-- {{WITHOUT_ROWID}} makes SQLite store a table in its primary key's B-tree (one write per row
-- instead of two), for tables of many small rows keyed by text; PostgreSQL has no such choice.
-- Times are canonical ISO 8601 UTC text (2023-10-18T18:04:18.493Z); dates are YYYY-MM-DD text.
-- Flags are INTEGER 0/1. Lists that are only ever read whole are JSON arrays in TEXT columns.
-- Organisation-owned tables carry org_id; the knowledge base is global (a reference table in Citus).

-- Organisations: nation > region > icb > organisation > site ----------------------------------------
CREATE TABLE organisation (
    id {{ID}},
    code TEXT NOT NULL UNIQUE,            -- ODS-style code (Y56, QRV, R0A); ONS code for the nation
    name TEXT NOT NULL,
    level TEXT NOT NULL,                  -- nation | region | icb | organisation | site
    type TEXT NOT NULL,                   -- nation, region, icb, trust, care-trust, csu, ... site
    parent_id BIGINT REFERENCES organisation(id),
    ons_code TEXT,                        -- E40000003, E54000027 where known
    sector TEXT,                          -- as published ("NHS Trust", "Commissioning Support Unit (CSU)")
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    opened_on TEXT,
    closed_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX organisation_parent ON organisation(parent_id);

-- Provenance: one row per import (files, directories, fetches), whatever its outcome.
CREATE TABLE import_run (
    id {{ID}},
    kind TEXT NOT NULL,                   -- nvd | kev | epss | csaf | osv | org
    source TEXT NOT NULL,                 -- file path or URL as given
    sha256 TEXT,                          -- of the raw bytes (compressed if compressed)
    compression TEXT,
    bytes BIGINT NOT NULL DEFAULT 0,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    feed_version TEXT,                    -- catalogVersion, EPSS model and date, NVD page timestamp
    records BIGINT NOT NULL DEFAULT 0,    -- records read
    inserted BIGINT NOT NULL DEFAULT 0,
    updated BIGINT NOT NULL DEFAULT 0,
    unchanged BIGINT NOT NULL DEFAULT 0,  -- same or older than what is stored
    removed BIGINT NOT NULL DEFAULT 0,    -- marked removed (KEV entries gone from a newer catalogue)
    rejected BIGINT NOT NULL DEFAULT 0,   -- rows reported as error diagnostics
    outcome TEXT NOT NULL                 -- applied | unchanged | older
);
CREATE INDEX import_run_kind ON import_run(kind, finished_at);

CREATE TABLE import_diagnostic (
    import_id BIGINT NOT NULL REFERENCES import_run(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    severity TEXT NOT NULL,               -- info | warning | error
    code TEXT NOT NULL,                   -- stable: kev.bad_date, org.unknown_parent, ...
    location TEXT NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (import_id, seq)
);

-- Per-feed high-water marks: the newest catalogue, score date or record time imported.
CREATE TABLE feed_state (
    feed TEXT PRIMARY KEY,                -- kev | epss | nvd | csaf | osv
    version TEXT NOT NULL,                -- ordering key of the newest data (see each importer)
    import_id BIGINT NOT NULL REFERENCES import_run(id)
);

-- DSPT status per organisation and period, as published; every distinct observation is kept so
-- that trends survive, and the current one is the latest publication.
CREATE TABLE org_dspt_status (
    org_id BIGINT NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
    period TEXT NOT NULL,                 -- 2022-23
    status TEXT NOT NULL,                 -- Standards Met | Standards Exceeded | Approaching Standards | Not Met | Not Published
    published_on TEXT NOT NULL DEFAULT '',-- YYYY-MM-DD, '' when the source gives none
    import_id BIGINT NOT NULL REFERENCES import_run(id),
    PRIMARY KEY (org_id, period, status, published_on)
);

-- NVD CVE records (CVE API 2.0) ---------------------------------------------------------------------
CREATE TABLE cve (
    id TEXT PRIMARY KEY,                  -- CVE-2021-44228
    source_identifier TEXT,
    published TEXT,
    last_modified TEXT NOT NULL,
    vuln_status TEXT NOT NULL,            -- Received | Awaiting Analysis | ... | Rejected
    description TEXT,                     -- English
    cve_tags TEXT,                        -- JSON: [{"sourceIdentifier":..., "tags":[...]}]
    cisa_exploit_add TEXT,
    cisa_action_due TEXT,
    cisa_required_action TEXT,
    cisa_vulnerability_name TEXT,
    evaluator_comment TEXT,
    evaluator_solution TEXT,
    evaluator_impact TEXT,
    reference_list TEXT NOT NULL,         -- JSON: [{"url":..., "source":..., "tags":[...]}], in order
    has_configurations INTEGER NOT NULL,  -- 0 while awaiting analysis: matching says "not evaluable"
    import_id BIGINT NOT NULL REFERENCES import_run(id)
);

-- The rows below belong to one cve row each, written and replaced together by the NVD importer,
-- their only writer (it deletes a record's rows before writing a newer version). They carry no
-- foreign key: checking one for each of the NVD's millions of rows costs a third of a full import
-- on PostgreSQL. Tests check that no row outlives its record.
CREATE TABLE cve_metric (
    cve_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    cvss_version TEXT NOT NULL,           -- 4.0 | 3.1 | 3.0 | 2.0
    source TEXT NOT NULL,                 -- nvd@nist.gov or the CNA
    type TEXT NOT NULL,                   -- Primary | Secondary
    vector TEXT NOT NULL,
    base_score DOUBLE PRECISION NOT NULL,
    base_severity TEXT,
    exploitability_score DOUBLE PRECISION,
    impact_score DOUBLE PRECISION,
    PRIMARY KEY (cve_id, seq)
) {{WITHOUT_ROWID}};

CREATE TABLE cve_weakness (
    cve_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    source TEXT,
    type TEXT,
    cwe_id TEXT NOT NULL,                 -- CWE-79, NVD-CWE-noinfo, NVD-CWE-Other
    PRIMARY KEY (cve_id, seq)
) {{WITHOUT_ROWID}};
CREATE INDEX cve_weakness_by_cwe ON cve_weakness(cwe_id);

-- NVD configurations, one row per cpeMatch entry with its node's and configuration's operator and
-- negate: the applicability tree exactly as published, without a row per node and configuration
-- (NVD nodes always hold at least one cpeMatch). A CVE applies when any configuration holds.
CREATE TABLE cve_cpe_match (
    cve_id TEXT NOT NULL,
    config_index INTEGER NOT NULL,
    node_index INTEGER NOT NULL,
    match_index INTEGER NOT NULL,
    config_operator TEXT NOT NULL,        -- OR (NVD's default when absent) | AND
    config_negate INTEGER NOT NULL,
    node_operator TEXT NOT NULL,
    node_negate INTEGER NOT NULL,
    vulnerable INTEGER NOT NULL,          -- 0: platform context ("running on"), never a finding
    criteria TEXT NOT NULL,               -- CPE 2.3 formatted string, exactly as published
    match_criteria_id TEXT,
    part TEXT,                            -- a | o | h, from criteria (NULL when criteria is not CPE 2.3)
    vendor TEXT,                          -- as bound in criteria, lower case
    product TEXT,
    version_start_including TEXT,
    version_start_excluding TEXT,
    version_end_including TEXT,
    version_end_excluding TEXT,
    PRIMARY KEY (cve_id, config_index, node_index, match_index)
) {{WITHOUT_ROWID}};
CREATE INDEX cve_cpe_match_product ON cve_cpe_match(vendor, product);

-- CISA Known Exploited Vulnerabilities ---------------------------------------------------------------
CREATE TABLE kev_catalog (
    catalog_version TEXT NOT NULL,        -- 2025.08.25
    date_released TEXT NOT NULL,
    title TEXT,
    entry_count BIGINT NOT NULL,
    import_id BIGINT NOT NULL REFERENCES import_run(id),
    PRIMARY KEY (catalog_version, date_released)
);

CREATE TABLE kev_entry (
    cve_id TEXT PRIMARY KEY,
    vendor_project TEXT NOT NULL,
    product TEXT NOT NULL,
    vulnerability_name TEXT NOT NULL,
    date_added TEXT NOT NULL,
    due_date TEXT NOT NULL,
    short_description TEXT NOT NULL,
    required_action TEXT NOT NULL,
    known_ransomware_use TEXT NOT NULL,   -- Known | Unknown
    notes TEXT,
    cwes TEXT NOT NULL,                   -- JSON array
    first_catalog_version TEXT NOT NULL,  -- the first imported catalogue that listed it
    catalog_version TEXT NOT NULL,        -- the newest catalogue its fields came from
    removed_in_catalog TEXT,              -- set when a newer catalogue no longer lists it
    import_id BIGINT NOT NULL REFERENCES import_run(id)
);

-- FIRST EPSS ------------------------------------------------------------------------------------------
CREATE TABLE epss_score (
    cve_id TEXT PRIMARY KEY,
    epss DOUBLE PRECISION NOT NULL,
    percentile DOUBLE PRECISION NOT NULL,
    model_version TEXT NOT NULL,          -- percentiles compare only within one model
    score_date TEXT NOT NULL,
    import_id BIGINT NOT NULL REFERENCES import_run(id)
) {{WITHOUT_ROWID}};

-- Advisories: CSAF 2.0 (security advisories and VEX) and OSV ------------------------------------------
CREATE TABLE advisory (
    id {{ID}},
    format TEXT NOT NULL,                 -- csaf | osv
    publisher TEXT NOT NULL,              -- CSAF publisher.namespace; OSV: the id's database prefix
    source_id TEXT NOT NULL,              -- CSAF tracking.id; OSV id
    publisher_name TEXT,
    category TEXT,                        -- csaf_security_advisory | csaf_vex | ...; OSV: NULL
    title TEXT,
    status TEXT,                          -- CSAF tracking.status (final | interim | draft); OSV: NULL
    version TEXT,                         -- CSAF tracking.version; OSV schema_version
    published TEXT,
    modified TEXT NOT NULL,               -- CSAF current_release_date; OSV modified: newer replaces older
    withdrawn TEXT,
    lang TEXT,
    tlp TEXT,
    summary TEXT,
    details TEXT,
    aggregate_severity TEXT,
    database_specific TEXT,               -- OSV: the record's database_specific object (GHSA CWEs, severity)
    import_id BIGINT NOT NULL REFERENCES import_run(id),
    UNIQUE (format, publisher, source_id)
);

CREATE TABLE advisory_cve (
    advisory_id BIGINT NOT NULL REFERENCES advisory(id) ON DELETE CASCADE,
    cve_id TEXT NOT NULL,
    PRIMARY KEY (advisory_id, cve_id)
) {{WITHOUT_ROWID}};
CREATE INDEX advisory_cve_by_cve ON advisory_cve(cve_id);

CREATE TABLE advisory_alias (
    advisory_id BIGINT NOT NULL REFERENCES advisory(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    relation TEXT NOT NULL,               -- alias | related | upstream
    PRIMARY KEY (advisory_id, alias, relation)
);
CREATE INDEX advisory_alias_by_alias ON advisory_alias(alias);

CREATE TABLE advisory_reference (
    advisory_id BIGINT NOT NULL REFERENCES advisory(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    vuln_index INTEGER,                   -- CSAF vulnerability the reference belongs to; NULL for the document
    url TEXT NOT NULL,
    category TEXT,                        -- CSAF category (self | external); OSV type (ADVISORY | FIX | ...)
    summary TEXT,
    PRIMARY KEY (advisory_id, seq)
);

-- A CSAF product tree flattened: one row per product, with every branch level it sits under.
CREATE TABLE csaf_product (
    advisory_id BIGINT NOT NULL REFERENCES advisory(id) ON DELETE CASCADE,
    product_id TEXT NOT NULL,
    name TEXT NOT NULL,
    origin TEXT NOT NULL,                 -- branch | full_product_name | relationship
    vendor TEXT,
    product_family TEXT,                  -- several family levels are joined with " / "
    product_name TEXT,
    product_version TEXT,
    product_version_range TEXT,
    branch_path TEXT,                     -- JSON: [[category, name], ...] from the root
    cpe TEXT,
    purl TEXT,
    helper TEXT,                          -- JSON: the whole product_identification_helper
    PRIMARY KEY (advisory_id, product_id)
);

CREATE TABLE csaf_product_group (
    advisory_id BIGINT NOT NULL REFERENCES advisory(id) ON DELETE CASCADE,
    group_id TEXT NOT NULL,
    summary TEXT,
    product_ids TEXT NOT NULL,            -- JSON array
    PRIMARY KEY (advisory_id, group_id)
);

CREATE TABLE csaf_relationship (
    advisory_id BIGINT NOT NULL REFERENCES advisory(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    category TEXT NOT NULL,               -- installed_on | default_component_of | ...
    product_reference TEXT NOT NULL,
    relates_to_product_reference TEXT NOT NULL,
    product_id TEXT NOT NULL,             -- full_product_name.product_id
    name TEXT,
    PRIMARY KEY (advisory_id, seq)
);

CREATE TABLE csaf_vulnerability (
    advisory_id BIGINT NOT NULL REFERENCES advisory(id) ON DELETE CASCADE,
    vuln_index INTEGER NOT NULL,
    cve TEXT,
    title TEXT,
    cwe_id TEXT,
    cwe_name TEXT,
    discovery_date TEXT,
    release_date TEXT,
    ids TEXT,                             -- JSON: [{"system_name":..., "text":...}]
    notes TEXT,                           -- JSON: [{"category":..., "title":..., "text":...}]
    PRIMARY KEY (advisory_id, vuln_index)
);

CREATE TABLE csaf_product_status (
    advisory_id BIGINT NOT NULL REFERENCES advisory(id) ON DELETE CASCADE,
    vuln_index INTEGER NOT NULL,
    status TEXT NOT NULL,                 -- known_affected | known_not_affected | fixed | first_fixed | ...
    product_id TEXT NOT NULL,
    PRIMARY KEY (advisory_id, vuln_index, status, product_id)
) {{WITHOUT_ROWID}};

CREATE TABLE csaf_remediation (
    advisory_id BIGINT NOT NULL REFERENCES advisory(id) ON DELETE CASCADE,
    vuln_index INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    category TEXT NOT NULL,               -- vendor_fix | mitigation | workaround | none_available | no_fix_planned
    details TEXT,
    url TEXT,
    date TEXT,
    product_ids TEXT NOT NULL,            -- JSON array
    group_ids TEXT NOT NULL,              -- JSON array
    PRIMARY KEY (advisory_id, vuln_index, seq)
);

-- Scores of CSAF vulnerabilities and OSV severities (vuln_index 0 for OSV).
CREATE TABLE advisory_score (
    advisory_id BIGINT NOT NULL REFERENCES advisory(id) ON DELETE CASCADE,
    vuln_index INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    scheme TEXT NOT NULL,                 -- CVSS_V2 | CVSS_V3 | CVSS_V4 | Ubuntu | ...
    vector TEXT,
    base_score DOUBLE PRECISION,
    base_severity TEXT,
    product_ids TEXT NOT NULL,            -- JSON array; [] for OSV
    PRIMARY KEY (advisory_id, vuln_index, seq)
);

CREATE TABLE csaf_flag (
    advisory_id BIGINT NOT NULL REFERENCES advisory(id) ON DELETE CASCADE,
    vuln_index INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    label TEXT NOT NULL,                  -- component_not_present | vulnerable_code_not_present | ...
    date TEXT,
    product_ids TEXT NOT NULL,
    group_ids TEXT NOT NULL,
    PRIMARY KEY (advisory_id, vuln_index, seq)
);

CREATE TABLE csaf_threat (
    advisory_id BIGINT NOT NULL REFERENCES advisory(id) ON DELETE CASCADE,
    vuln_index INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    category TEXT NOT NULL,               -- impact | exploit_status | target_set
    details TEXT NOT NULL,
    date TEXT,
    product_ids TEXT NOT NULL,
    group_ids TEXT NOT NULL,
    PRIMARY KEY (advisory_id, vuln_index, seq)
);

CREATE TABLE osv_affected (
    advisory_id BIGINT NOT NULL REFERENCES advisory(id) ON DELETE CASCADE,
    affected_index INTEGER NOT NULL,
    ecosystem TEXT,                       -- npm, PyPI, Maven, Debian:12, ...
    name TEXT,
    purl TEXT,
    versions TEXT NOT NULL,               -- JSON array of explicitly affected versions
    severity TEXT,                        -- JSON: [{"type":"CVSS_V3","score":"CVSS:3.1/..."}] for this package
    ecosystem_specific TEXT,              -- JSON object, as published
    database_specific TEXT,               -- JSON object, as published
    PRIMARY KEY (advisory_id, affected_index)
);
CREATE INDEX osv_affected_package ON osv_affected(ecosystem, name);

CREATE TABLE osv_range (
    advisory_id BIGINT NOT NULL REFERENCES advisory(id) ON DELETE CASCADE,
    affected_index INTEGER NOT NULL,
    range_index INTEGER NOT NULL,
    type TEXT NOT NULL,                   -- SEMVER | ECOSYSTEM | GIT
    repo TEXT,
    events TEXT NOT NULL,                 -- JSON: [{"introduced":"0"}, {"fixed":"1.2.3"}, ...] in order
    database_specific TEXT,
    PRIMARY KEY (advisory_id, affected_index, range_index)
);

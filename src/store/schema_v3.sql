-- SPDX-License-Identifier: Apache-2.0
-- Schema version 3: matching and findings. A scan matches an organisation's estate (or every
-- organisation's) against the knowledge base; a finding is one asset, one product on it and one
-- vulnerability, kept across scans with its lifecycle; what could not be decided is kept too.

CREATE TABLE scan_run (
    id {{ID}},
    org_id BIGINT REFERENCES organisation(id),  -- NULL: every organisation
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    kb_version TEXT NOT NULL,             -- the knowledge base it used: feed versions, joined
    kb_newest TEXT,                       -- newest NVD record time, for the knowledge base's age
    assets BIGINT NOT NULL DEFAULT 0,
    software BIGINT NOT NULL DEFAULT 0,   -- distinct names matched
    findings_new BIGINT NOT NULL DEFAULT 0,
    findings_reopened BIGINT NOT NULL DEFAULT 0,
    findings_fixed BIGINT NOT NULL DEFAULT 0,
    findings_open BIGINT NOT NULL DEFAULT 0,     -- open after the scan (new, open, reopened)
    not_evaluable BIGINT NOT NULL DEFAULT 0,     -- (asset, vulnerability) pairs left undecided
    summary TEXT NOT NULL,                -- JSON: open by priority, unresolved names, KB notes
    mode TEXT NOT NULL DEFAULT 'full',    -- full | incremental (only what changed was matched)
    kb_import_id BIGINT NOT NULL DEFAULT 0,        -- newest knowledge-base import it had seen
    inventory_import_id BIGINT NOT NULL DEFAULT 0, -- newest inventory import it had seen
    identity_mark TEXT,                   -- newest product_identity.resolved_at it had seen
    vex_mark BIGINT NOT NULL DEFAULT 0,   -- newest vex_statement.id it had seen
    policy TEXT                           -- JSON: the priority policy it applied
);
CREATE INDEX scan_run_org ON scan_run(org_id, finished_at);

CREATE TABLE finding (
    id {{ID}},
    org_id BIGINT NOT NULL REFERENCES organisation(id),
    asset_id BIGINT NOT NULL REFERENCES asset(id),
    vuln_id TEXT NOT NULL,                -- CVE-2021-44228, or an advisory id for advisories without one
    source TEXT NOT NULL,                 -- nvd | osv | csaf: what decided it
    product_key TEXT NOT NULL,            -- what on the asset: "cpe:a:apache:log4j", "purl:npm/lodash"
    vendor TEXT,                          -- the component as the knowledge base names it
    product TEXT,
    version TEXT,
    software TEXT,                        -- the CPE 2.3 name or purl that matched
    component_id BIGINT,                  -- the component row at the last scan; NULL for the OS
    status TEXT NOT NULL,                 -- new | open | fixed | reopened | accepted | false_positive
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    fixed_at TEXT,
    status_changed_at TEXT NOT NULL,
    due_date TEXT,                        -- YYYY-MM-DD
    priority TEXT NOT NULL,               -- P1 | P2 | P3 | P4
    priority_score DOUBLE PRECISION NOT NULL,
    reasons TEXT NOT NULL,                -- JSON: [{"factor":..., "points":..., "detail":...}]
    explanation TEXT NOT NULL,            -- JSON: the match, step by step
    kb_version TEXT NOT NULL,             -- scan_run.kb_version it was last computed from
    scan_id BIGINT NOT NULL REFERENCES scan_run(id),
    decision_reason TEXT,                 -- accepted risk or false positive: why
    decision_owner TEXT,
    decision_until TEXT,                  -- accepted risk: YYYY-MM-DD, after which it is open again
    decided_at TEXT,
    UNIQUE (asset_id, vuln_id, product_key)
);
CREATE INDEX finding_org ON finding(org_id, status, priority);
CREATE INDEX finding_vuln ON finding(vuln_id);

-- Every change of a finding's status, for the audit trail and the report's trend.
CREATE TABLE finding_event (
    finding_id BIGINT NOT NULL REFERENCES finding(id),
    at TEXT NOT NULL,
    seq INTEGER NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    scan_id BIGINT REFERENCES scan_run(id),
    actor TEXT,
    reason TEXT,
    PRIMARY KEY (finding_id, seq)
);

-- What a scan could not decide, one row per asset, product and reason, replaced by each scan of
-- the organisation: never counted as safe.
CREATE TABLE match_gap (
    org_id BIGINT NOT NULL REFERENCES organisation(id),
    asset_id BIGINT NOT NULL REFERENCES asset(id),
    product_key TEXT NOT NULL,
    software TEXT NOT NULL,
    reason TEXT NOT NULL,
    vulnerabilities BIGINT NOT NULL,      -- how many CVEs it leaves undecided
    examples TEXT NOT NULL,               -- JSON: a few of their ids
    scan_id BIGINT NOT NULL REFERENCES scan_run(id),
    PRIMARY KEY (asset_id, product_key, reason)
);
CREATE INDEX match_gap_org ON match_gap(org_id);

-- Incremental scans look up what changed since the last scan by import.
CREATE INDEX asset_source_import ON asset_source(import_id);
CREATE INDEX cve_import ON cve(import_id);
CREATE INDEX kev_entry_import ON kev_entry(import_id);
CREATE INDEX epss_score_import ON epss_score(import_id);
CREATE INDEX advisory_import ON advisory(import_id);
CREATE INDEX product_identity_resolved ON product_identity(resolved_at);
CREATE INDEX finding_asset ON finding(asset_id);

-- `wardround affected` finds the assets running an operating system by a range over its CPE name.
CREATE INDEX asset_os_cpe ON asset(os_cpe);

-- VEX statements from CycloneDX documents (analysis of a vulnerability for a product): not_affected
-- and false_positive suppress a match with the reason, resolved marks it fixed. Each applies to one
-- asset (a device's manufacturer VEX), or, when it names a package URL, to every asset of the
-- organisation with that package.
CREATE TABLE vex_statement (
    id {{ID}},
    org_id BIGINT NOT NULL REFERENCES organisation(id),
    asset_id BIGINT REFERENCES asset(id),
    vuln_id TEXT NOT NULL,
    state TEXT NOT NULL,                  -- not_affected | false_positive | resolved | exploitable | in_triage | ...
    justification TEXT,
    detail TEXT,
    ref TEXT,                             -- the affects ref as written (bom-ref or BOM-Link)
    purl TEXT,                            -- the package the ref names, when it is a package URL
    source TEXT NOT NULL,                 -- the file
    imported_at TEXT NOT NULL
);
CREATE INDEX vex_statement_org ON vex_statement(org_id, vuln_id);

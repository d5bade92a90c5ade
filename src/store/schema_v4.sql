-- SPDX-License-Identifier: Apache-2.0
-- Schema version 4: hygiene checks and the medical-device minimum standard. Facts sources report
-- about an asset's security posture; organisations' tailoring of the built-in rules; MDS2 forms
-- and their answers; exceptions to the device standard. Check results are findings (source
-- 'check', vuln_id the rule id), so they share the findings' lifecycle.

-- What a source says about an asset's posture, by fact name (docs/checks.md lists the names and
-- their values). A fact may have several values (installed hotfixes). Replaced for the asset and
-- source by each import of that source.
CREATE TABLE asset_fact (
    asset_id BIGINT NOT NULL REFERENCES asset(id),
    org_id BIGINT NOT NULL REFERENCES organisation(id),
    source TEXT NOT NULL,                 -- "<source>/<format>"
    name TEXT NOT NULL,                   -- endpoint_protection | disk_encryption | smb1 | hotfix | ...
    value TEXT NOT NULL,
    observed_at TEXT NOT NULL,
    PRIMARY KEY (asset_id, source, name, value)
) {{WITHOUT_ROWID}};
CREATE INDEX asset_fact_org ON asset_fact(org_id, name);

-- An organisation's tailoring of a rule or of a device-standard requirement: disabled, or another
-- severity, always with the reason and who decided.
CREATE TABLE rule_override (
    org_id BIGINT NOT NULL REFERENCES organisation(id),
    rule_id TEXT NOT NULL,
    enabled INTEGER NOT NULL,             -- 0: the rule is not run for the organisation
    severity TEXT,                        -- critical | high | medium | low; NULL: the rule's own
    reason TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    PRIMARY KEY (org_id, rule_id)
);

-- A Manufacturer Disclosure Statement for Medical Device Security (ANSI/NEMA HN 1-2019), one per
-- device model and form version, with its answers by question id (AUTH-1, MLDP-2, TXCF-1, ...).
CREATE TABLE mds2_form (
    id {{ID}},
    org_id BIGINT NOT NULL REFERENCES organisation(id),
    manufacturer TEXT NOT NULL,
    model TEXT NOT NULL,
    manufacturer_key TEXT NOT NULL,       -- normalised, for linking to the device register
    model_key TEXT NOT NULL,
    document_id TEXT,
    form_date TEXT,
    source_file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    import_id BIGINT NOT NULL REFERENCES import_run(id),
    imported_at TEXT NOT NULL
);
CREATE INDEX mds2_form_model ON mds2_form(org_id, manufacturer_key, model_key);

CREATE TABLE mds2_answer (
    form_id BIGINT NOT NULL REFERENCES mds2_form(id),
    question_id TEXT NOT NULL,
    answer TEXT NOT NULL,                 -- yes | no | n/a | see-note | as written when none of these
    note TEXT,
    PRIMARY KEY (form_id, question_id)
) {{WITHOUT_ROWID}};

-- A device, or every device of a model, that cannot meet a requirement of the device standard:
-- tracked with its owner and expiry instead of failing silently forever.
CREATE TABLE device_exception (
    id {{ID}},
    org_id BIGINT NOT NULL REFERENCES organisation(id),
    asset_id BIGINT REFERENCES asset(id),     -- NULL: every device of manufacturer_key/model_key
    manufacturer_key TEXT,
    model_key TEXT,
    requirement_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    owner TEXT NOT NULL,
    until TEXT NOT NULL,                  -- YYYY-MM-DD
    created_at TEXT NOT NULL
);
CREATE INDEX device_exception_org ON device_exception(org_id, requirement_id);

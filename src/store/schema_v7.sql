-- SPDX-License-Identifier: Apache-2.0
-- Schema version 7: who revised evidence and why, and the certifications an assessment declares
-- (docs/assessments.md, "Certifications").

-- A revision of evidence (revision 2 onwards) says who made it and why: the content may be the
-- previous revision's with only a new expiry date, so the collector alone would not tell an
-- auditor who changed what the evidence claims. NULL for revision 1.
ALTER TABLE evidence ADD COLUMN revised_by TEXT;
ALTER TABLE evidence ADD COLUMN revision_reason TEXT;

-- Certifications an assessment declares (Cyber Essentials Plus, ISO/IEC 27001), each backed by a
-- piece of the organisation's evidence: the classic DSPT's Standards Exceeded needs one. The
-- declaration names the evidence key, not a revision, so renewing a certificate is revising its
-- evidence (a new certificate, a new expiry date); it counts only while that evidence is current.
-- Withdrawing keeps the row with who, when and why, as answers keep their history.
CREATE TABLE assessment_certification (
    id {{ID}},
    assessment_id BIGINT NOT NULL REFERENCES assessment(id),
    certification TEXT NOT NULL,          -- cyber-essentials-plus | iso-27001
    evidence_key TEXT NOT NULL,           -- "EV-4", of the assessment's organisation
    declared_by TEXT NOT NULL,
    declared_at TEXT NOT NULL,
    withdrawn_at TEXT,                    -- NULL while declared
    withdrawn_by TEXT,
    withdrawal_reason TEXT,
    copied_from BIGINT REFERENCES assessment_certification(id)  -- the revision's it copies
);
-- One current declaration per certification: a second would make "which evidence backs it"
-- ambiguous. The library refuses it first; this makes a race fail too.
CREATE UNIQUE INDEX assessment_certification_current
    ON assessment_certification(assessment_id, certification) WHERE withdrawn_at IS NULL;

-- Profiles and crosswalks an organisation imports (docs/profiles-and-crosswalks.md), kept as read
-- and parsed again when used, as framework documents are (schema v5), so that the reader stays the
-- one definition of a profile or a crosswalk and a later framework import is seen by them. A table
-- of its own rather than rows of framework_document: their ids are a namespace of their own (a
-- profile may share its id with a crosswalk), and neither is a framework the library resolves.
-- A document replaces the built-in one of the same kind and id, and an earlier import of it.
CREATE TABLE rules_document (
    kind TEXT NOT NULL,                   -- profile | crosswalk
    id TEXT NOT NULL,                     -- "GOVASSURE-BASELINE", "CAF-3.2--CE-3.2"
    file_name TEXT NOT NULL,              -- as given to the import, for messages
    content TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    import_id BIGINT NOT NULL REFERENCES import_run(id),
    imported_at TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);

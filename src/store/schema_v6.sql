-- SPDX-License-Identifier: Apache-2.0
-- Schema version 6: assessments of an organisation against a framework (docs/assessments.md).
-- Nothing an assessment records is ever overwritten: answers and plan items keep their history, and
-- evidence is revised by adding a revision under the same key, because an auditor asks what was
-- claimed, by whom and on what evidence at the time of sign-off, not only what is claimed now.
-- Item and node ids are the framework's own ("A2.a.A.1", "1.1.2"), unqualified: the assessment
-- row names the framework, and an id means nothing outside it.

-- One self-assessment of one organisation against one framework for one period. A signed-off
-- revision is read-only; a change after sign-off is a new revision (a re-publication), which starts
-- as a copy of the signed-off one so that nothing has to be typed again.
CREATE TABLE assessment (
    id {{ID}},
    org_id BIGINT NOT NULL REFERENCES organisation(id),
    framework TEXT NOT NULL,              -- qualified id: "DSPT-CAF-2024-25", "CAF-3.2"
    period TEXT NOT NULL,                 -- "2024-25": the financial year assessed
    revision INTEGER NOT NULL,            -- 1, 2, ...
    status TEXT NOT NULL,                 -- draft | signed-off
    -- Stored per assessment, not per organisation: categories change from year to year, and the
    -- mandatory items follow the category the organisation had in that period.
    category TEXT,                        -- "category-1", one the framework declares; NULL: none
    profile TEXT,                         -- the profile compared against ("GOVASSURE-BASELINE")
    based_on BIGINT REFERENCES assessment(id),  -- the signed-off revision this one copied
    started_at TEXT NOT NULL,
    started_by TEXT NOT NULL,
    signed_off_at TEXT,
    signed_off_by TEXT,
    signer_role TEXT,                     -- "SIRO", "Caldicott Guardian"
    signoff_statement TEXT,
    UNIQUE (org_id, framework, period, revision)
);
-- At most one draft per organisation, framework and period: two open drafts would make every
-- command ambiguous. The library refuses it first; this makes a race between two writers fail too.
CREATE UNIQUE INDEX assessment_one_draft ON assessment(org_id, framework, period)
    WHERE status = 'draft';

-- Who answers for each node (the CAF-aligned DSPT gives every outcome its own owner, split between
-- the cyber and information governance teams). The latest assignment holds.
CREATE TABLE assessment_owner (
    assessment_id BIGINT NOT NULL REFERENCES assessment(id),
    node_id TEXT NOT NULL,                -- an outcome, principle, standard, control ...
    owner TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at TEXT NOT NULL,
    PRIMARY KEY (assessment_id, node_id)
) {{WITHOUT_ROWID}};

-- What auto-evidence proposed for an item, from which figure, as of when. Every computation adds
-- rows rather than replacing them, so an answer that confirmed a proposal can always show the
-- figure it was based on.
CREATE TABLE evidence_proposal (
    id {{ID}},
    assessment_id BIGINT NOT NULL REFERENCES assessment(id),
    item_id TEXT NOT NULL,
    proposed_value TEXT NOT NULL,         -- in the item's vocabulary (true, met, achieved, ...)
    figure_id TEXT NOT NULL,              -- the auto-evidence figure ("unsupported-os-share")
    figure_value TEXT,
    figure_detail TEXT,
    as_of TEXT NOT NULL,                  -- the date the figure describes
    computed_at TEXT NOT NULL
);
CREATE INDEX evidence_proposal_item ON evidence_proposal(assessment_id, item_id, computed_at);

-- Answers with their history: a new answer to an item supersedes the current one (superseded_at
-- set) instead of replacing it.
CREATE TABLE assessment_answer (
    id {{ID}},
    assessment_id BIGINT NOT NULL REFERENCES assessment(id),
    item_id TEXT NOT NULL,                -- an indicator, evidence item, requirement, or an outcome
                                          -- without indicators
    value TEXT NOT NULL,                  -- true | false | not-applicable (indicators);
                                          -- met | not-met | not-applicable (evidence items,
                                          -- requirements); achieved | partially-achieved |
                                          -- not-achieved (outcomes without indicators)
    reason TEXT,                          -- required for not-applicable and for overriding a
                                          -- proposal
    comment TEXT,
    answered_by TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    superseded_at TEXT,                   -- NULL for the current answer
    proposal_id BIGINT REFERENCES evidence_proposal(id),  -- the proposal it confirmed or overrode
    copied_from BIGINT REFERENCES assessment_answer(id)   -- the answer of the revision it copies
);
CREATE INDEX assessment_answer_item ON assessment_answer(assessment_id, item_id);
CREATE UNIQUE INDEX assessment_answer_current ON assessment_answer(assessment_id, item_id)
    WHERE superseded_at IS NULL;

-- Evidence belongs to the organisation, not to one assessment: the same policy or test report
-- supports several frameworks and the next year's assessment. A revision adds a row under the same
-- key; links name the key, so they always follow the newest revision.
CREATE TABLE evidence (
    id {{ID}},
    org_id BIGINT NOT NULL REFERENCES organisation(id),
    evidence_key TEXT NOT NULL,           -- "EV-7": stable across revisions, unique per org
    revision INTEGER NOT NULL,            -- 1, 2, ...
    kind TEXT NOT NULL,                   -- file | link | note
    title TEXT NOT NULL,
    file_name TEXT,                       -- file: as uploaded, without its folder
    sha256 TEXT,                          -- file: of the bytes
    size_bytes BIGINT,
    content_base64 TEXT,                  -- file: the bytes (the store has no blob type; size is
                                          -- limited by the library)
    url TEXT,                             -- link
    note_text TEXT,                       -- note
    -- When the evidence was true (a test run, a policy's approval), separate from the upload time,
    -- so that evidence lands in the period it belongs to; and when it stops supporting answers.
    effective_on TEXT NOT NULL,           -- YYYY-MM-DD
    expires_on TEXT,                      -- YYYY-MM-DD; supports answers up to and including it
    collected_by TEXT NOT NULL,
    collected_from TEXT,                  -- the system or place it came from
    uploaded_at TEXT NOT NULL,
    UNIQUE (org_id, evidence_key, revision)
);

CREATE TABLE evidence_link (
    assessment_id BIGINT NOT NULL REFERENCES assessment(id),
    item_id TEXT NOT NULL,
    evidence_key TEXT NOT NULL,
    linked_by TEXT NOT NULL,
    linked_at TEXT NOT NULL,
    PRIMARY KEY (assessment_id, item_id, evidence_key)
) {{WITHOUT_ROWID}};

-- The improvement plan: first-class, as the DSPT's Approaching Standards needs one for every unmet
-- mandatory item. Numbered within the assessment so people can name an item.
CREATE TABLE plan_item (
    id {{ID}},
    assessment_id BIGINT NOT NULL REFERENCES assessment(id),
    number INTEGER NOT NULL,
    action TEXT NOT NULL,                 -- what will be done
    owner TEXT NOT NULL,
    due_on TEXT NOT NULL,                 -- YYYY-MM-DD
    status TEXT NOT NULL,                 -- open | done | dropped
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (assessment_id, number)
);

-- The items a plan item addresses (one action may close several gaps).
CREATE TABLE plan_item_target (
    plan_item_id BIGINT NOT NULL REFERENCES plan_item(id),
    item_id TEXT NOT NULL,
    PRIMARY KEY (plan_item_id, item_id)
) {{WITHOUT_ROWID}};

-- Every status change of a plan item, with who and why: the plan is monitored, not just kept.
CREATE TABLE plan_item_event (
    plan_item_id BIGINT NOT NULL REFERENCES plan_item(id),
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    from_status TEXT,                     -- NULL when the item was created
    to_status TEXT NOT NULL,
    note TEXT,
    PRIMARY KEY (plan_item_id, seq)
) {{WITHOUT_ROWID}};

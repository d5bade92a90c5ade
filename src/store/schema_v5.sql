-- SPDX-License-Identifier: Apache-2.0
-- Schema version 5: frameworks an organisation imports (docs/frameworks.md). The document is kept
-- as read and parsed again when the library loads, so the parser stays the one definition of a
-- framework; a document replaces the built-in library of the same qualified id (an organisation's
-- official full text over our summaries) and an earlier import of it.
CREATE TABLE framework_document (
    qualified_id TEXT PRIMARY KEY,        -- "CAF-3.2", "CSF-2.0"
    format TEXT NOT NULL,                 -- yaml | oscal-xml | oscal-json
    file_name TEXT NOT NULL,              -- as given to the import, for messages
    naming_id TEXT,                       -- OSCAL: the id and version the importer was told, if any
    naming_version TEXT,
    content TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    import_id BIGINT NOT NULL REFERENCES import_run(id),
    imported_at TEXT NOT NULL
);

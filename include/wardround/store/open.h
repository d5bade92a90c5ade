// SPDX-License-Identifier: Apache-2.0
// Opening a database from what the user typed after --db: a file path (SQLite) or a postgresql://
// (or postgres://) URL. Opening applies pending schema migrations and refuses a database written by
// a newer Wardround.
#pragma once

#include <memory>
#include <string>

#include <wardround/core/result.h>
#include <wardround/store/database.h>

namespace wardround::store {

enum class SchemaPolicy {
    kMigrate,         // apply pending migrations (refuse a newer schema)
    kRequireCurrent,  // refuse a schema that is not exactly this build's
    kIgnore,          // no schema checks: administrative connections (creating test databases)
};

struct OpenOptions {
    SchemaPolicy schema = SchemaPolicy::kMigrate;
    // Create the SQLite file when it does not exist.
    bool create = true;
};

// Errors: kInvalidArgument for an unusable location; kUnavailable when the server cannot be reached
// or the file cannot be opened; kFailedPrecondition when the schema is newer than this build.
[[nodiscard]] Result<std::unique_ptr<Database>> open_database(const std::string& location,
                                                              const OpenOptions& options = {});

// True for postgresql:// and postgres:// locations.
[[nodiscard]] bool is_postgres_location(const std::string& location);

}  // namespace wardround::store

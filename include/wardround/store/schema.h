// SPDX-License-Identifier: Apache-2.0
// Versioned schema migrations. Each version is one SQL script in the dialect both backends accept,
// with two tokens where they differ: {{ID}} for an auto-assigned 64-bit primary key and
// {{WITHOUT_ROWID}} after a table SQLite should store in its primary key. Versions are applied in
// order, each in its own transaction, and recorded in wardround_schema.
#pragma once

#include <string_view>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/store/database.h>

namespace wardround::store {

struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;
};

[[nodiscard]] const std::vector<Migration>& migrations();
[[nodiscard]] int latest_schema_version();

// The version recorded in the database; 0 for an empty database.
[[nodiscard]] Result<int> current_schema_version(Database& database);

// Applies every migration above the current version. Errors: kFailedPrecondition when the database
// is newer than this build; backend errors otherwise (the failed version is rolled back).
[[nodiscard]] Status migrate(Database& database);

}  // namespace wardround::store

// SPDX-License-Identifier: Apache-2.0
#include <wardround/core/text.h>
#include <wardround/store/open.h>
#include <wardround/store/schema.h>

#include "store/postgres/postgres_database.h"
#include "store/sqlite/sqlite_database.h"

namespace wardround::store {

bool is_postgres_location(const std::string& location) {
    return starts_with_icase(location, "postgresql://") ||
           starts_with_icase(location, "postgres://");
}

Result<std::unique_ptr<Database>> open_database(const std::string& location,
                                                const OpenOptions& options) {
    if (location.empty()) {
        return make_error(
            ErrorCode::kInvalidArgument,
            "no database given: use --db PATH, --db postgresql://... or WARDROUND_DB");
    }
    auto database = is_postgres_location(location) ? detail::open_postgres(location)
                                                   : detail::open_sqlite(location, options.create);
    if (!database) {
        return propagate(database.error());
    }
    if (options.schema == SchemaPolicy::kMigrate) {
        WARDROUND_TRY(migrate(**database));
    } else if (options.schema == SchemaPolicy::kRequireCurrent) {
        auto version = current_schema_version(**database);
        if (!version) {
            return propagate(version.error());
        }
        if (*version != latest_schema_version()) {
            return make_error(ErrorCode::kFailedPrecondition,
                              "the database has schema version " + std::to_string(*version) +
                                  " and this Wardround needs " +
                                  std::to_string(latest_schema_version()) +
                                  "; run 'wardround init'",
                              (*database)->describe());
        }
    }
    return database;
}

}  // namespace wardround::store

// SPDX-License-Identifier: Apache-2.0
#include <fmt/core.h>

#include <wardround/store/schema.h>

#include "cli/cli.h"

namespace wardround::cli {

void add_init_command(CLI::App& app, Context& context) {
    auto* init = app.add_subcommand(
        "init", "Create the database, or bring its schema up to date (also done on every open)");
    init->callback([&context] {
        context.run = [&context]() -> int {
            auto database = open_database(context);
            if (!database) {
                return report_error(database.error());
            }
            fmt::print("database {} is at schema version {}\n", (*database)->describe(),
                       store::latest_schema_version());
            return kExitOk;
        };
    });
}

}  // namespace wardround::cli

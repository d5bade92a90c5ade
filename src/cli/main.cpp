// SPDX-License-Identifier: Apache-2.0
// wardround: the command-line front end. It parses arguments, calls the library and prints; all
// the work is in the modules beneath it.
#include <cstdio>
#include <cstdlib>
#include <exception>

#include <fmt/core.h>

#include "cli/cli.h"

namespace wardround::cli {
namespace {

int run_command_line(int argc, char** argv) {
    Context context;
    const char* from_environment = std::getenv("WARDROUND_DB");
    context.db_location = from_environment != nullptr && *from_environment != '\0'
                              ? from_environment
                              : "wardround.db";

    CLI::App app{"Wardround: cyber-security assessment and oversight for health organisations"};
    app.set_version_flag("--version", "wardround " WARDROUND_VERSION);
    app.require_subcommand(1);
    app.add_option("--db", context.db_location,
                   "database: a file path (SQLite) or a postgresql:// URL "
                   "(default: $WARDROUND_DB, else wardround.db)");
    add_init_command(app, context);
    add_org_commands(app, context);
    add_feeds_commands(app, context);
    add_cve_commands(app, context);
    add_inventory_commands(app, context);
    add_identity_commands(app, context);
    add_synth_command(app, context);
    add_findings_commands(app, context);
    add_report_command(app, context);
    add_checks_commands(app, context);
    add_devices_commands(app, context);
    add_framework_commands(app, context);
    add_profile_commands(app, context);
    add_assess_commands(app, context);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        const int code = app.exit(error);
        return code == 0 ? kExitOk : kExitUsage;
    }
    try {
        return context.run ? context.run() : kExitUsage;
    } catch (const std::exception& error) {
        // The library reports errors as values; this only catches a bug or an allocation failure.
        fmt::print(stderr, "wardround: internal error: {}\n", error.what());
        return kExitFailed;
    }
}

}  // namespace
}  // namespace wardround::cli

int main(int argc, char** argv) {
    try {
        return wardround::cli::run_command_line(argc, argv);
    } catch (const std::exception& error) {
        // Setting up the command line, or printing an error, failed: a bug or an allocation
        // failure. std::fprintf, unlike fmt::print, cannot throw again.
        std::fprintf(stderr, "wardround: internal error: %s\n", error.what());
        return wardround::cli::kExitFailed;
    }
}

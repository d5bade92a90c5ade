// SPDX-License-Identifier: Apache-2.0
// The command-line front end: shared context, exit codes and output helpers. The commands live in
// one file per area (org_commands.cpp, feeds_commands.cpp, ...), each registering its subcommands.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <wardround/core/diagnostic.h>
#include <wardround/core/progress.h>
#include <wardround/core/result.h>
#include <wardround/store/database.h>

namespace wardround::assess {
struct AssessmentRef;
}  // namespace wardround::assess

namespace wardround::cli {

// Exit status, as documented in the README.
enum ExitCode : int {
    kExitOk = 0,
    kExitFailed = 1,  // nothing changed
    kExitUsage = 2,
    kExitWithDiagnostics = 3,  // done, but some rows were rejected and reported
};

using Json = nlohmann::ordered_json;

struct Context {
    std::string db_location;
    // Set by the chosen subcommand; main() runs it after parsing.
    std::function<int()> run;
};

// Opens the database named by --db / WARDROUND_DB, applying migrations.
[[nodiscard]] Result<std::unique_ptr<store::Database>> open_database(const Context& context);

// Prints an error to standard error and returns the exit code for it.
int report_error(const Error& error);

// Prints diagnostics to standard error: a count per code, then the first few in full.
void print_diagnostics(const Diagnostics& diagnostics, std::size_t shown = 20);

// Writes JSON to standard output, indented, with a final newline.
void print_json(const Json& json);

// A plain text table for people: columns padded to the widest cell.
class Table {
public:
    explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
    void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
    void print() const;

private:
    std::vector<std::string> headers_;
    std::vector<std::vector<std::string>> rows_;
};

// A progress line on standard error, redrawn at most a few times a second, shown only when standard
// error is a terminal.
class TerminalProgress final : public Progress {
public:
    TerminalProgress();
    void update(const ProgressUpdate& update) override;
    void done() override;

private:
    bool enabled_;
    std::int64_t last_draw_ms_ = 0;
    bool drawn_ = false;
};

// Opens the database and returns `body(database)`, or reports the error opening it.
template <typename Body>
int with_database(const Context& context, Body&& body) {
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    return body(**database);
}

// --org, --framework and --period: the assessment an `assess` command means (assess_commands.cpp).
void add_assessment_ref_options(CLI::App* command, assess::AssessmentRef& ref);

// A subcommand of `assess` with what every one of them takes: the assessment (`arguments->ref`),
// --json (`arguments->json`) and the database. After parsing, `call(database, *arguments)` runs;
// its error is reported, else its value printed by `to_json` or `print`. Returns the subcommand for
// the options that are its own.
template <typename Arguments, typename Call, typename ToJson, typename Print>
CLI::App* add_assess_command(CLI::App* parent,
                             Context& context,
                             const std::string& name,
                             const std::string& description,
                             std::shared_ptr<Arguments> arguments,
                             Call call,
                             ToJson to_json,
                             Print print) {
    auto* command = parent->add_subcommand(name, description);
    add_assessment_ref_options(command, arguments->ref);
    command->add_flag("--json", arguments->json, "JSON output");
    command->callback([&context, arguments, call, to_json, print] {
        context.run = [&context, arguments, call, to_json, print] {
            return with_database(context, [&](store::Database& database) {
                auto result = call(database, *arguments);
                if (!result) {
                    return report_error(result.error());
                }
                if (arguments->json) {
                    print_json(to_json(*result));
                } else {
                    print(*result);
                }
                return static_cast<int>(kExitOk);
            });
        };
    });
    return command;
}

// Registration of each area's subcommands.
void add_init_command(CLI::App& app, Context& context);
void add_org_commands(CLI::App& app, Context& context);
void add_feeds_commands(CLI::App& app, Context& context);
void add_cve_commands(CLI::App& app, Context& context);
void add_inventory_commands(CLI::App& app, Context& context);
void add_synth_command(CLI::App& app, Context& context);
void add_findings_commands(CLI::App& app, Context& context);
void add_report_command(CLI::App& app, Context& context);
void add_checks_commands(CLI::App& app, Context& context);
void add_devices_commands(CLI::App& app, Context& context);
void add_identity_commands(CLI::App& app, Context& context);
void add_framework_commands(CLI::App& app, Context& context);
// `profile` and `crosswalk` (profile_commands.cpp).
void add_profile_commands(CLI::App& app, Context& context);
void add_assess_commands(CLI::App& app, Context& context);
// `assess export`, under the assess command (assess_export_commands.cpp).
void add_assess_export_command(CLI::App* assess, Context& context);

}  // namespace wardround::cli

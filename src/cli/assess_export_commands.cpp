// SPDX-License-Identifier: Apache-2.0
// wardround assess export: an assessment's newest revision as OSCAL assessment results (JSON) or an
// XLSX workbook (docs/assessments.md, "Export"). Thin: parses, calls the export module, reports.
#include <memory>

#include <fmt/format.h>

#include <wardround/assess/assessment_export.h>

#include "cli/cli.h"

namespace wardround::cli {
namespace {

struct ExportArguments {
    assess::AssessmentRef ref;
    std::string format;
    std::string output;
};

int run_export(Context& context, const ExportArguments& arguments) {
    // CLI11 has already checked the format against the set below.
    const auto format = assess::parse_export_format(arguments.format);
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    auto written = assess::write_assessment_export(**database, arguments.ref, *format,
                                                   arguments.output, now_utc());
    if (!written) {
        return report_error(written.error());
    }
    fmt::print(stderr, "wrote {}\n", arguments.output);
    return kExitOk;
}

}  // namespace

void add_assess_export_command(CLI::App* assess, Context& context) {
    auto* command = assess->add_subcommand(
        "export", "Export the newest revision as OSCAL assessment results or an XLSX workbook");
    auto arguments = std::make_shared<ExportArguments>();
    command->add_option("--org", arguments->ref.org_code, "the organisation's code")->required();
    command->add_option("--framework", arguments->ref.framework, "the framework's qualified id")
        ->required();
    command->add_option("--period", arguments->ref.period, "the period (2024-25)")->required();
    command->add_option("--format", arguments->format, "oscal (JSON) or xlsx")
        ->required()
        ->check(CLI::IsMember({"oscal", "xlsx"}));
    command->add_option("-o,--output", arguments->output, "the file to write (whole or not at all)")
        ->required();
    command->callback([&context, arguments] {
        context.run = [&context, arguments] {
            return run_export(context, *arguments);
        };
    });
}

}  // namespace wardround::cli

// SPDX-License-Identifier: Apache-2.0
// wardround assess export: a revision of an assessment (the newest unless --revision names one) as
// OSCAL assessment results (JSON) or an XLSX workbook (docs/assessments.md, "Export"). Thin:
// parses, calls the export module, reports.
#include <memory>

#include <fmt/format.h>

#include <wardround/assess/assessment_export.h>

#include "cli/cli.h"

namespace wardround::cli {
namespace {

struct ExportArguments {
    assess::AssessmentRef ref;
    bool json = false;
    std::string format;
    std::string output;
    int revision = 0;  // 0: the newest
};

}  // namespace

void add_assess_export_command(CLI::App* assess, Context& context) {
    auto arguments = std::make_shared<ExportArguments>();
    auto* command = add_assess_command(
        assess, context, "export",
        "Export a revision (the newest by default) as OSCAL assessment results or an XLSX workbook",
        arguments,
        [](store::Database& database, const ExportArguments& a) {
            // CLI11 has already checked the format against the set below.
            return assess::write_assessment_export(
                database, a.ref, *assess::parse_export_format(a.format), a.output, now_utc(),
                a.revision > 0 ? std::optional<int>(a.revision) : std::nullopt);
        },
        [arguments](const assess::Assessment& written) {
            return Json{{"path", arguments->output},
                        {"format", arguments->format},
                        {"revision", written.revision},
                        {"status", written.status}};
        },
        [arguments](const assess::Assessment& written) {
            // The file is the output; the note goes to standard error so a pipe sees only data.
            fmt::print(stderr, "wrote {} (revision {}, {})\n", arguments->output, written.revision,
                       written.status);
        });
    command->add_option("--format", arguments->format, "oscal (JSON) or xlsx")
        ->required()
        ->check(CLI::IsMember({"oscal", "xlsx"}));
    command->add_option("-o,--output", arguments->output, "the file to write (whole or not at all)")
        ->required();
    command->add_option("--revision", arguments->revision, "the revision (default: the newest)")
        ->check(CLI::PositiveNumber);
}

}  // namespace wardround::cli

// SPDX-License-Identifier: Apache-2.0
// wardround report --org CODE --format html|json|csv -o FILE: the security report of an
// organisation and those beneath it (docs/report.md).
#include <filesystem>
#include <memory>

#include <fmt/core.h>

#include <wardround/core/output_file.h>
#include <wardround/report/report.h>

#include "cli/cli.h"

namespace wardround::cli {
namespace {

struct ReportArguments {
    std::string org;
    std::string format;
    std::string output;
};

// The format named, else the output file's extension, else HTML.
std::string format_of(const ReportArguments& arguments) {
    if (!arguments.format.empty()) {
        return arguments.format;
    }
    const std::string extension = std::filesystem::path(arguments.output).extension().string();
    if (extension == ".json") {
        return "json";
    }
    if (extension == ".csv") {
        return "csv";
    }
    return "html";
}

int run_report(Context& context, const ReportArguments& arguments) {
    const std::string format = format_of(arguments);
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    auto data = report::collect_report(**database, arguments.org, now_utc());
    if (!data) {
        return report_error(data.error());
    }
    const std::string content = format == "json"  ? report::render_json(*data)
                                : format == "csv" ? report::render_csv(*data)
                                                  : report::render_html(*data);
    if (arguments.output == "-") {
        std::fwrite(content.data(), 1, content.size(), stdout);
        return kExitOk;
    }
    if (auto written = write_file_whole(arguments.output, content); !written) {
        return report_error(written.error());
    }
    const report::Headline& headline = data->headline;
    fmt::print(stderr,
               "wrote {} ({}): {} open findings (P1 {}, P2 {}), {} KEV ({} overdue), {} "
               "unsupported systems{}\n",
               arguments.output, format, headline.open, headline.open_by_priority.at("P1"),
               headline.open_by_priority.at("P2"), headline.open_kev, headline.open_kev_overdue,
               headline.unsupported_systems,
               data->knowledge_base.demo ? "; knowledge base: DEMO SUBSET" : "");
    return kExitOk;
}

}  // namespace

void add_report_command(CLI::App& app, Context& context) {
    auto* command = app.add_subcommand(
        "report",
        "Write the security report of an organisation (and those beneath it) for its "
        "security lead and board");
    auto arguments = std::make_shared<ReportArguments>();
    command->add_option("--org", arguments->org, "the organisation's code")->required();
    command
        ->add_option("--format", arguments->format,
                     "html (one self-contained page), json or csv (the open findings); default: "
                     "from the output's extension, else html")
        ->check(CLI::IsMember({"html", "json", "csv"}));
    command
        ->add_option("-o,--output", arguments->output, "the file to write; - for standard output")
        ->required();
    command->callback([&context, arguments] {
        context.run = [&context, arguments] {
            return run_report(context, *arguments);
        };
    });
}

}  // namespace wardround::cli

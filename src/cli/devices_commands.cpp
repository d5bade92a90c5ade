// SPDX-License-Identifier: Apache-2.0
// wardround devices standard|exception|mds2: the medical-device minimum standard, its exceptions
// register and the MDS2 forms behind it.
#include <memory>

#include <fmt/format.h>

#include <wardround/checks/device_standard.h>
#include <wardround/core/time.h>

#include "cli/cli.h"

namespace wardround::cli {
namespace {

using checks::DeviceAssessment;
using checks::RequirementStatus;
using checks::StandardReport;

std::int64_t count_of(const std::map<std::string, std::int64_t>& counts, const std::string& id) {
    const auto found = counts.find(id);
    return found == counts.end() ? 0 : found->second;
}

Json summary_json(const std::map<std::string, checks::StandardSummary>& summaries) {
    Json out = Json::array();
    for (const auto& [name, summary] : summaries) {
        out.push_back({{"name", name},
                       {"devices", summary.devices},
                       {"meeting", summary.meeting},
                       {"short_of", summary.short_of},
                       {"undetermined", summary.undetermined}});
    }
    return out;
}

Json standard_json(const StandardReport& report) {
    Json devices = Json::array();
    for (const DeviceAssessment& device : report.devices) {
        Json requirements = Json::array();
        for (const checks::RequirementResult& result : device.requirements) {
            requirements.push_back({{"id", result.requirement_id},
                                    {"status", checks::requirement_status_name(result.status)},
                                    {"facts", result.steps},
                                    {"exception", result.exception}});
        }
        devices.push_back({{"asset_id", device.asset_id},
                           {"hostname", device.hostname},
                           {"manufacturer", device.manufacturer},
                           {"model", device.model},
                           {"department", device.department},
                           {"meets_standard", device.meets()},
                           {"requirements", requirements}});
    }
    Json exceptions = Json::array();
    for (const checks::DeviceException& exception : report.exceptions) {
        exceptions.push_back(
            {{"id", exception.id},
             {"asset_id", exception.asset_id ? Json(*exception.asset_id) : Json(nullptr)},
             {"manufacturer", exception.manufacturer},
             {"model", exception.model},
             {"requirement", exception.requirement_id},
             {"reason", exception.reason},
             {"owner", exception.owner},
             {"until", exception.until}});
    }
    Json requirements = Json::array();
    for (const auto& [id, title] : report.requirements) {
        requirements.push_back(
            {{"id", id},
             {"title", title},
             {"not_met", count_of(report.not_met_by_requirement, id)},
             {"not_determined", count_of(report.not_determined_by_requirement, id)}});
    }
    return Json{{"organisation", report.org_code},
                {"requirements", requirements},
                {"disabled", report.disabled},
                {"by_model", summary_json(report.by_model)},
                {"by_department", summary_json(report.by_department)},
                {"devices", devices},
                {"exceptions", exceptions}};
}

void print_summaries(const std::string& heading,
                     const std::map<std::string, checks::StandardSummary>& summaries) {
    Table table({heading, "devices", "meeting", "short of", "undetermined"});
    for (const auto& [name, summary] : summaries) {
        table.add({name.empty() ? "(not recorded)" : name, std::to_string(summary.devices),
                   std::to_string(summary.meeting), std::to_string(summary.short_of),
                   std::to_string(summary.undetermined)});
    }
    table.print();
}

void print_standard(const StandardReport& report) {
    Table requirements({"requirement", "not met", "not determined", "title"});
    for (const auto& [id, title] : report.requirements) {
        requirements.add({id, std::to_string(count_of(report.not_met_by_requirement, id)),
                          std::to_string(count_of(report.not_determined_by_requirement, id)),
                          title});
    }
    fmt::print("{}: {} medical devices\n", report.org_code, report.devices.size());
    requirements.print();
    print_summaries("model", report.by_model);
    print_summaries("department", report.by_department);
    for (const std::string& disabled : report.disabled) {
        fmt::print("not part of this organisation's standard: {}\n", disabled);
    }
    // The shortfalls and exceptions, device by device; --json has every requirement of every one.
    constexpr std::size_t kShown = 50;
    std::size_t shown = 0;
    std::size_t more = 0;
    for (const DeviceAssessment& device : report.devices) {
        for (const checks::RequirementResult& result : device.requirements) {
            if (result.status != RequirementStatus::kNotMet &&
                result.status != RequirementStatus::kExcepted) {
                continue;
            }
            if (shown == kShown) {
                ++more;
                continue;
            }
            ++shown;
            fmt::print("{} {} {} ({} {}): {}{}\n", device.asset_id, device.hostname,
                       checks::requirement_status_name(result.status), device.manufacturer,
                       device.model, result.requirement_id,
                       result.status == RequirementStatus::kExcepted
                           ? " excepted: " + result.exception
                           : ": " + fmt::format("{}", fmt::join(result.steps, "; ")));
        }
    }
    if (more > 0) {
        fmt::print("... and {} more (--json lists every requirement of every device)\n", more);
    }
}

int run_standard(Context& context, const std::string& org, bool json) {
    auto standard = checks::builtin_device_standard();
    if (!standard) {
        return report_error(standard.error());
    }
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    checks::CheckOptions options;
    options.org_code = org;
    options.now = now_utc();
    auto report = checks::assess_device_standard(**database, *standard, options);
    if (!report) {
        return report_error(report.error());
    }
    if (json) {
        print_json(standard_json(*report));
    } else {
        print_standard(*report);
    }
    return kExitOk;
}

struct ExceptionArguments {
    std::string org;
    std::int64_t asset = 0;
    std::string manufacturer;
    std::string model;
    checks::DeviceException exception;
};

int run_exception(Context& context, ExceptionArguments arguments) {
    auto standard = checks::builtin_device_standard();
    if (!standard) {
        return report_error(standard.error());
    }
    if (arguments.asset > 0) {
        arguments.exception.asset_id = arguments.asset;
    }
    arguments.exception.manufacturer = arguments.manufacturer;
    arguments.exception.model = arguments.model;
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    auto id = checks::add_device_exception(**database, *standard, arguments.org,
                                           arguments.exception, now_utc());
    if (!id) {
        return report_error(id.error());
    }
    fmt::print("exception {} recorded: {} until {}\n", *id, arguments.exception.requirement_id,
               arguments.exception.until);
    return kExitOk;
}

struct Mds2Arguments {
    std::string org;
    std::string file;
    std::string manufacturer;
    std::string model;
};

int run_mds2_import(Context& context, const Mds2Arguments& arguments) {
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    auto report = checks::import_mds2_form(**database, arguments.org, arguments.file,
                                           arguments.manufacturer, arguments.model, now_utc());
    if (!report) {
        return report_error(report.error());
    }
    fmt::print("MDS2 form for {} {}: {} answers, {} of the organisation's devices\n",
               report->manufacturer, report->model, report->answers, report->devices);
    print_diagnostics(report->diagnostics);
    return kExitOk;
}

}  // namespace

void add_devices_commands(CLI::App& app, Context& context) {
    auto* devices = app.add_subcommand("devices", "Medical devices: the minimum standard");
    devices->require_subcommand(1);

    auto* standard = devices->add_subcommand(
        "standard", "Each medical device against the minimum standard, with the reasons");
    auto standard_org = std::make_shared<std::string>();
    auto standard_json = std::make_shared<bool>(false);
    standard->add_option("--org", *standard_org, "the organisation")->required();
    standard->add_flag("--json", *standard_json, "JSON output");
    standard->callback([&context, standard_org, standard_json] {
        context.run = [&context, standard_org, standard_json] {
            return run_standard(context, *standard_org, *standard_json);
        };
    });

    auto* exception = devices->add_subcommand(
        "exception", "Record that a device or model cannot meet a requirement, until a date");
    auto arguments = std::make_shared<ExceptionArguments>();
    exception->add_option("--org", arguments->org, "the organisation")->required();
    exception->add_option("--requirement", arguments->exception.requirement_id, "MDS-01 ...")
        ->required();
    auto* asset = exception->add_option("--asset", arguments->asset, "the device's asset id");
    exception->add_option("--manufacturer", arguments->manufacturer, "every device of this maker")
        ->excludes(asset);
    exception->add_option("--model", arguments->model, "... and this model")->excludes(asset);
    exception->add_option("--reason", arguments->exception.reason, "why")->required();
    exception->add_option("--owner", arguments->exception.owner, "who owns the risk")->required();
    exception->add_option("--until", arguments->exception.until, "YYYY-MM-DD")->required();
    exception->callback([&context, arguments] {
        context.run = [&context, arguments] {
            return run_exception(context, *arguments);
        };
    });

    auto* mds2 = devices->add_subcommand("mds2", "Import a device model's MDS2 form (CSV or XLSX)");
    auto mds2_arguments = std::make_shared<Mds2Arguments>();
    mds2->add_option("--org", mds2_arguments->org, "the organisation")->required();
    mds2->add_option("--manufacturer", mds2_arguments->manufacturer,
                     "as the device register names it (default: the form's)");
    mds2->add_option("--model", mds2_arguments->model,
                     "as the device register names it (default: the form's)");
    mds2->add_option("file", mds2_arguments->file, "the form")->required();
    mds2->callback([&context, mds2_arguments] {
        context.run = [&context, mds2_arguments] {
            return run_mds2_import(context, *mds2_arguments);
        };
    });
}

}  // namespace wardround::cli

// SPDX-License-Identifier: Apache-2.0
#include <algorithm>

#include <fmt/format.h>

#include <wardround/checks/device_standard.h>

#include "checks/runner/asset_facts.h"
#include "checks/runner/estate_loader.h"
#include "checks/runner/rule_plan.h"

namespace wardround::checks {
namespace {

using detail::AssetRecord;
using detail::text;
using store::Row;
using store::Value;

Result<std::vector<DeviceException>> load_exceptions(store::Database& database,
                                                     std::int64_t org_id) {
    std::vector<DeviceException> exceptions;
    const Value params[] = {Value{org_id}};
    WARDROUND_TRY(database.query(
        "SELECT id, asset_id, manufacturer_key, model_key, requirement_id, reason, owner, until, "
        "created_at FROM device_exception WHERE org_id = ? ORDER BY id",
        params, [&](const Row& row) -> Status {
            DeviceException exception;
            exception.id = row.get_int(0);
            if (!row.is_null(1)) {
                exception.asset_id = row.get_int(1);
            }
            exception.manufacturer = text(row, 2);
            exception.model = text(row, 3);
            exception.requirement_id = text(row, 4);
            exception.reason = text(row, 5);
            exception.owner = text(row, 6);
            exception.until = text(row, 7);
            exception.created_at = text(row, 8);
            exceptions.push_back(std::move(exception));
            return {};
        }));
    return exceptions;
}

// The exception that covers the device for the requirement on `today`, if any.
const DeviceException* covering(const std::vector<DeviceException>& exceptions,
                                const AssetRecord& device,
                                const std::string& requirement,
                                const std::string& today) {
    for (const DeviceException& exception : exceptions) {
        if (exception.requirement_id != requirement || exception.until < today) {
            continue;
        }
        const bool this_device = exception.asset_id && *exception.asset_id == device.id;
        const bool this_model = !exception.asset_id &&
                                exception.manufacturer == detail::name_key(device.manufacturer) &&
                                exception.model == detail::name_key(device.model);
        if (this_device || this_model) {
            return &exception;
        }
    }
    return nullptr;
}

void count(StandardSummary& summary, const DeviceAssessment& device) {
    ++summary.devices;
    const auto has = [&](RequirementStatus status) {
        return std::any_of(device.requirements.begin(), device.requirements.end(),
                           [&](const RequirementResult& r) { return r.status == status; });
    };
    if (has(RequirementStatus::kNotMet)) {
        ++summary.short_of;
    } else if (has(RequirementStatus::kNotDetermined)) {
        ++summary.undetermined;
    } else {
        ++summary.meeting;
    }
}

RequirementResult assess(const Rule& requirement,
                         const AssetRecord& device,
                         const detail::AssetFacts& facts,
                         const std::vector<DeviceException>& exceptions,
                         const std::string& today) {
    ConditionResult outcome = requirement.when.evaluate(facts);
    RequirementResult result{requirement.id, RequirementStatus::kMet, std::move(outcome.steps), {}};
    if (outcome.verdict == Verdict::kFalse) {
        return result;
    }
    // An exception covers a shortfall and an undetermined requirement alike: the device is
    // tracked either way.
    if (const DeviceException* exception = covering(exceptions, device, requirement.id, today)) {
        result.status = RequirementStatus::kExcepted;
        result.exception =
            fmt::format("{} ({}, until {})", exception->reason, exception->owner, exception->until);
        return result;
    }
    result.status = outcome.verdict == Verdict::kTrue ? RequirementStatus::kNotMet
                                                      : RequirementStatus::kNotDetermined;
    return result;
}

// One device's requirements into the report and its summaries.
void add_device(StandardReport& report,
                const AssetRecord& device,
                const std::vector<std::pair<const Rule*, Severity>>& requirements,
                const std::vector<DeviceException>& exceptions,
                detail::ReleaseCache& releases,
                Date today) {
    const detail::AssetFacts facts(device, releases, today);
    const std::string today_text = format_date(today);
    DeviceAssessment assessment{device.id,    device.hostname,   device.manufacturer,
                                device.model, device.department, {}};
    for (const auto& [rule, severity] : requirements) {
        if (!detail::applies(*rule, device, facts)) {
            continue;
        }
        assessment.requirements.push_back(assess(*rule, device, facts, exceptions, today_text));
        const RequirementStatus status = assessment.requirements.back().status;
        if (status == RequirementStatus::kNotMet) {
            ++report.not_met_by_requirement[rule->id];
        } else if (status == RequirementStatus::kNotDetermined) {
            ++report.not_determined_by_requirement[rule->id];
        }
    }
    count(report.by_model[device.manufacturer + " " + device.model], assessment);
    count(report.by_department[device.department], assessment);
    report.devices.push_back(std::move(assessment));
}

Status validate(const RulePack& standard, const DeviceException& exception) {
    if (detail::find_rule(std::span(&standard, 1), exception.requirement_id) == nullptr) {
        return make_error(ErrorCode::kNotFound,
                          "the standard has no requirement " + exception.requirement_id);
    }
    if (exception.reason.empty() || exception.owner.empty()) {
        return make_error(ErrorCode::kInvalidArgument, "an exception needs a reason and an owner");
    }
    if (!parse_date(exception.until) || exception.until.size() != 10) {
        return make_error(
            ErrorCode::kInvalidArgument,
            "the exception's end date must be YYYY-MM-DD, not '" + exception.until + "'");
    }
    if (!exception.asset_id && (exception.manufacturer.empty() || exception.model.empty())) {
        return make_error(ErrorCode::kInvalidArgument,
                          "an exception names a device or a manufacturer and model");
    }
    return {};
}

Status check_device(store::Database& database,
                    std::int64_t org_id,
                    const std::string& org_code,
                    std::int64_t asset_id) {
    const Value params[] = {Value{asset_id}, Value{org_id}};
    auto found = database.query_value(
        "SELECT id FROM asset WHERE id = ? AND org_id = ? AND kind = 'medical-device'", params);
    WARDROUND_TRY(found);
    if (!*found) {
        return make_error(ErrorCode::kNotFound,
                          fmt::format("{} has no medical device with id {}", org_code, asset_id));
    }
    return {};
}

}  // namespace

Result<RulePack> builtin_device_standard() {
    const auto& files = builtin_standard_files();
    const auto found = std::find_if(files.begin(), files.end(), [](const auto& file) {
        return file.first == "medical-device.yaml";
    });
    if (found == files.end()) {
        return make_error(ErrorCode::kInternal, "the medical-device standard is not built in");
    }
    return parse_rule_pack(found->second, found->first, asset_fact_catalogue());
}

std::string_view requirement_status_name(RequirementStatus status) {
    switch (status) {
        case RequirementStatus::kMet:
            return "met";
        case RequirementStatus::kNotMet:
            return "not-met";
        case RequirementStatus::kNotDetermined:
            return "not-determined";
        case RequirementStatus::kExcepted:
            return "excepted";
    }
    return "not-determined";
}

bool DeviceAssessment::meets() const {
    return std::all_of(requirements.begin(), requirements.end(), [](const RequirementResult& r) {
        return r.status == RequirementStatus::kMet || r.status == RequirementStatus::kExcepted;
    });
}

Result<StandardReport> assess_device_standard(store::Database& database,
                                              const RulePack& standard,
                                              const CheckOptions& options) {
    auto org_id = detail::org_id_of(database, options.org_code);
    WARDROUND_TRY(org_id);
    auto overrides = rule_overrides(database, options.org_code);
    WARDROUND_TRY(overrides);
    auto plan = detail::plan(std::span(&standard, 1), *overrides, options.rule_ids);
    WARDROUND_TRY(plan);
    auto exceptions = load_exceptions(database, *org_id);
    WARDROUND_TRY(exceptions);
    const Date today = date_of(options.now);
    auto devices = detail::EstateLoader(database, *org_id, today, "medical-device").load();
    WARDROUND_TRY(devices);

    StandardReport report;
    report.org_code = options.org_code;
    report.disabled = plan->disabled;
    report.exceptions = *exceptions;
    for (const auto& [rule, severity] : plan->rules) {
        report.requirements.emplace_back(rule->id, rule->title);
    }
    detail::ReleaseCache releases(EolCatalogue::builtin());
    for (const AssetRecord& device : *devices) {
        add_device(report, device, plan->rules, *exceptions, releases, today);
    }
    return report;
}

Result<std::int64_t> add_device_exception(store::Database& database,
                                          const RulePack& standard,
                                          const std::string& org_code,
                                          const DeviceException& exception,
                                          Timestamp now) {
    WARDROUND_TRY(validate(standard, exception));
    auto org_id = detail::org_id_of(database, org_code);
    WARDROUND_TRY(org_id);
    if (exception.asset_id) {
        WARDROUND_TRY(check_device(database, *org_id, org_code, *exception.asset_id));
    }
    const Value row[] = {
        Value{*org_id},
        exception.asset_id ? Value{*exception.asset_id} : Value{},
        exception.asset_id ? Value{} : Value{detail::name_key(exception.manufacturer)},
        exception.asset_id ? Value{} : Value{detail::name_key(exception.model)},
        Value{exception.requirement_id},
        Value{exception.reason},
        Value{exception.owner},
        Value{exception.until},
        Value{format_timestamp(now)}};
    auto id = database.query_value(
        "INSERT INTO device_exception (org_id, asset_id, manufacturer_key, model_key, "
        "requirement_id, reason, owner, until, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        row);
    WARDROUND_TRY(id);
    if (!*id || !std::holds_alternative<std::int64_t>(**id)) {
        return make_error(ErrorCode::kInternal, "the exception was not recorded");
    }
    return std::get<std::int64_t>(**id);
}

}  // namespace wardround::checks

// SPDX-License-Identifier: Apache-2.0
// The medical-device minimum standard (data/standard/medical-device.yaml) assessed device by
// device: each requirement met, not met or not determinable from what the sources and the MDS2
// forms say, with the facts that decided it; an exceptions register for devices that cannot meet
// a requirement (risk accepted, with an owner and an expiry, after which the shortfall counts
// again); and summaries by model and department.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <wardround/checks/checks.h>
#include <wardround/checks/rule_pack.h>
#include <wardround/core/diagnostic.h>
#include <wardround/core/result.h>
#include <wardround/store/database.h>

namespace wardround::checks {

// The built-in standard, parsed against asset_fact_catalogue().
[[nodiscard]] Result<RulePack> builtin_device_standard();

enum class RequirementStatus : std::uint8_t { kMet, kNotMet, kNotDetermined, kExcepted };

[[nodiscard]] std::string_view requirement_status_name(RequirementStatus status);
// "met", "not-met", "not-determined", "excepted"

// A device, or every device of a model, excused from a requirement until a date.
struct DeviceException {
    std::int64_t id = 0;
    std::optional<std::int64_t> asset_id;  // one device, or
    std::string manufacturer;              // every device of this manufacturer and model
    std::string model;
    std::string requirement_id;
    std::string reason;
    std::string owner;
    std::string until;  // YYYY-MM-DD, inclusive
    std::string created_at;
};

struct RequirementResult {
    std::string requirement_id;
    RequirementStatus status = RequirementStatus::kNotDetermined;
    std::vector<std::string> steps;  // the facts that decided it
    std::string exception;           // kExcepted: "reason (owner, until ...)"
};

struct DeviceAssessment {
    std::int64_t asset_id = 0;
    std::string hostname;
    std::string manufacturer;
    std::string model;
    std::string department;
    std::vector<RequirementResult> requirements;  // in the standard's order

    // Every requirement met or excepted.
    [[nodiscard]] bool meets() const;
};

// Devices by outcome: meeting the standard, falling short of a requirement, or neither (a
// requirement could not be determined).
struct StandardSummary {
    std::int64_t devices = 0;
    std::int64_t meeting = 0;
    std::int64_t short_of = 0;
    std::int64_t undetermined = 0;
};

struct StandardReport {
    std::string org_code;
    std::vector<std::pair<std::string, std::string>> requirements;  // (id, title), run ones
    std::vector<std::string> disabled;                              // "ID: reason"
    std::vector<DeviceAssessment> devices;
    std::map<std::string, StandardSummary> by_model;       // "Manufacturer Model"
    std::map<std::string, StandardSummary> by_department;  // "" when not recorded
    std::map<std::string, std::int64_t> not_met_by_requirement;
    std::map<std::string, std::int64_t> not_determined_by_requirement;
    std::vector<DeviceException> exceptions;  // every one recorded, expired ones too
};

// Errors: kNotFound for an unknown organisation.
[[nodiscard]] Result<StandardReport> assess_device_standard(store::Database& database,
                                                            const RulePack& standard,
                                                            const CheckOptions& options);

// Records an exception. Errors: kNotFound for an unknown organisation, requirement or device;
// kInvalidArgument without a reason, owner or a valid date, or naming neither a device nor a
// model.
[[nodiscard]] Result<std::int64_t> add_device_exception(store::Database& database,
                                                        const RulePack& standard,
                                                        const std::string& org_code,
                                                        const DeviceException& exception,
                                                        Timestamp now);

struct Mds2ImportReport {
    std::int64_t form_id = 0;
    std::int64_t import_id = 0;
    std::string manufacturer;
    std::string model;
    std::int64_t answers = 0;
    std::int64_t devices = 0;  // the organisation's devices of that manufacturer and model
    Diagnostics diagnostics;
};

// Imports an MDS2 form (CSV or XLSX, docs/mds2.md) for an organisation, linked to its devices by
// manufacturer and model; a newer form of the same model takes precedence. The manufacturer and
// model come from the form, or from `manufacturer`/`model` when given (a form that names the
// model differently from the register). Errors: those of the parser (naming the file and place),
// kNotFound for an unknown organisation, kInvalidArgument when neither the form nor the caller
// names the manufacturer and model or when it answers none of the security questions. On error
// the database is as it was.
[[nodiscard]] Result<Mds2ImportReport> import_mds2_form(store::Database& database,
                                                        const std::string& org_code,
                                                        const std::string& path,
                                                        const std::string& manufacturer,
                                                        const std::string& model,
                                                        Timestamp now);

}  // namespace wardround::checks

// SPDX-License-Identifier: Apache-2.0
// Helpers the report's renderers and collectors share.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/core/time.h>
#include <wardround/report/report.h>
#include <wardround/store/database.h>

namespace wardround::report::detail {

// `text` with & < > " and ' replaced by character references: safe in element content and in
// quoted attribute values alike.
[[nodiscard]] std::string escape(std::string_view text);

// One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break; with an apostrophe
// in front when a spreadsheet would read it as a formula (= + @, a tab or carriage return, or a
// '-' followed by more text).
[[nodiscard]] std::string csv_cell(std::string_view text);

// An organisation in the report's scope that holds assets.
struct ScopeOrganisation {
    std::int64_t id = 0;
    std::string code;
    std::string name;
    std::int64_t assets = 0;
    std::int64_t medical_devices = 0;
};

// Runs the end-of-life rules (the built-in unsupported-systems pack) for each organisation and
// fills data.unsupported and data.headline.unsupported_systems. `organisations` sorted by code.
// Errors: kInternal when the built-in rules do not load; backend errors.
[[nodiscard]] Status collect_unsupported(store::Database& database,
                                         const std::vector<ScopeOrganisation>& organisations,
                                         Timestamp now,
                                         ReportData& data);

// Assesses the medical-device standard for each organisation holding medical devices and fills
// data.medical_devices. Errors as collect_unsupported.
[[nodiscard]] Status collect_medical_devices(store::Database& database,
                                             const std::vector<ScopeOrganisation>& organisations,
                                             Timestamp now,
                                             ReportData& data);

// Judges the newest revision of every assessment of each organisation on the day of `now` and fills
// data.assessments. `organisations` sorted by code. Errors: backend errors (an assessment that
// cannot be judged is reported with the problem instead).
[[nodiscard]] Status collect_assessments(store::Database& database,
                                         const std::vector<ScopeOrganisation>& organisations,
                                         Timestamp now,
                                         ReportData& data);

}  // namespace wardround::report::detail

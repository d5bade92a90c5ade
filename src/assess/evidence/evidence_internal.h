// SPDX-License-Identifier: Apache-2.0
// What the auto-evidence sources share: the organisations a computation covers, and the figures'
// builders for the estate (inventory, end-of-life rules, device standard) and the findings.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <wardround/assess/auto_evidence.h>
#include <wardround/core/result.h>
#include <wardround/core/time.h>
#include <wardround/org/org_repository.h>
#include <wardround/store/database.h>

namespace wardround::assess::detail {

// The built-in mapping files, generated from data/evidence/*.yaml: (file name, text).
const std::vector<std::pair<std::string, std::string>>& builtin_evidence_files();

// The organisation named and every organisation beneath it, with what the figures are judged on.
struct EvidenceScope {
    std::string org_code;
    std::vector<org::OrgRef> members;     // by id
    std::vector<std::int64_t> ancestors;  // of the organisation named: its parent, grandparent ...
    std::string id_list;                  // "1,2,3" for IN (...)
    Timestamp as_of;
    Date today;
    std::string today_text;  // YYYY-MM-DD
};

// An organisation in scope that holds assets.
struct OrgHoldings {
    std::int64_t id = 0;
    std::string code;
    std::int64_t assets = 0;
    std::int64_t medical_devices = 0;
};

// A figure before the data file's rules are applied: title, unit and the parts filled in.
EvidenceFigure make_figure(std::string_view id);

// The share numerator / denominator, 0 when there is no denominator.
double share(std::int64_t numerator, std::int64_t denominator);

// "0.8333" style text of a measure, for details and reasons.
std::string format_measure(double value);

// The estate's figures, in figure order: supported-os-share, unsupported-systems,
// medical-device-standard, asset-register-completeness. `holdings` gets the organisations holding
// assets (the findings figures need them). Errors: kInternal when the built-in rules or standard
// do not load; backend errors.
Result<std::vector<EvidenceFigure>> estate_figures(store::Database& database,
                                                   const EvidenceScope& scope,
                                                   std::vector<OrgHoldings>& holdings);

// The findings' figures: critical-fixed-within-14-days and kev-overdue. Errors: backend errors.
Result<std::vector<EvidenceFigure>> finding_figures(store::Database& database,
                                                    const EvidenceScope& scope,
                                                    const std::vector<OrgHoldings>& holdings);

}  // namespace wardround::assess::detail

// SPDX-License-Identifier: Apache-2.0
// "Who is exposed to this?": the organisations and assets one CVE affects, decided afresh from the
// knowledge base and the estate (not from the last scan), so the answer is there the moment a CVE
// or a KEV entry arrives. Only the assets that run a product the CVE names are read, through the
// product identity and operating-system indexes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/store/database.h>

namespace wardround::findings {

struct AffectedAsset {
    std::string org_code;
    std::string org_name;
    std::int64_t asset_id = 0;
    std::string hostname;
    std::string outcome;   // affected | not-evaluable
    std::string software;  // the CPE name that decided it
    std::string version;   // as the source reported it
    std::string reason;    // for not-evaluable: why
};

struct AffectedReport {
    std::string cve;
    bool known = false;  // the knowledge base has the CVE
    bool has_configurations = false;
    std::int64_t candidates = 0;        // assets running a product the CVE names
    std::vector<AffectedAsset> assets;  // by organisation code, then asset id
    std::int64_t organisations = 0;     // with at least one affected asset
    std::int64_t affected = 0;
    std::int64_t not_evaluable = 0;
    // Criteria whose vendor or product is a wildcard: the index cannot find their assets, so they
    // were not checked (NVD publishes almost none).
    std::int64_t unindexed_criteria = 0;
};

// Errors: kInvalidArgument for text that is not a CVE id; kNotFound for an unknown organisation;
// backend errors.
[[nodiscard]] Result<AffectedReport> affected_by(store::Database& database,
                                                 const std::string& cve_id,
                                                 const std::string& org_code = {});

}  // namespace wardround::findings

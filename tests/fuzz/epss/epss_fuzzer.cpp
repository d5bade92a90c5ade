// SPDX-License-Identifier: Apache-2.0
// EPSS CSV from arbitrary bytes: never crash; every score handed out is a probability of a CVE.
#include <cstdint>
#include <cstdlib>
#include <string>

#include <wardround/core/identifiers.h>
#include <wardround/vuln/epss.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    wardround::InputFile file = wardround::InputFile::from_memory(
        "fuzz", std::string(reinterpret_cast<const char*>(data), size));
    wardround::Diagnostics diagnostics;
    bool header_seen = false;
    (void)wardround::vuln::parse_epss(
        file, diagnostics,
        [&](const wardround::vuln::EpssHeader& header) -> wardround::Status {
            if (header.model_version.empty() || header.score_date.empty()) {
                std::abort();
            }
            header_seen = true;
            return {};
        },
        [&](const wardround::vuln::EpssScore& score) -> wardround::Status {
            if (!header_seen || !wardround::is_cve_id(score.cve_id) ||
                !(score.epss >= 0 && score.epss <= 1) ||
                !(score.percentile >= 0 && score.percentile <= 1)) {
                std::abort();
            }
            return {};
        });
    return 0;
}

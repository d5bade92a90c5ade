// SPDX-License-Identifier: Apache-2.0
// libFuzzer harness for the OSV parser: any bytes must give records or an Error, never a crash, and
// what comes out must be consistent with what the parser promises.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <wardround/core/diagnostic.h>
#include <wardround/vuln/osv.h>

#include "vuln/osv/cvss.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // One parser for the whole run, as an importer would use it, so buffer reuse is fuzzed too.
    static wardround::vuln::OsvParser parser;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    wardround::Diagnostics diagnostics;
    auto records = parser.parse(input, "fuzz.json", diagnostics);
    if (!records) {
        return 0;
    }
    for (const wardround::vuln::OsvRecord& record : *records) {
        // Every record that parses has a key the knowledge base can store.
        if (record.id.empty() || record.publisher.empty() ||
            record.id.size() > wardround::vuln::kOsvMaxIdBytes) {
            std::abort();
        }
        for (const auto& affected : record.affected) {
            (void)affected.versions_json();
            (void)affected.bare_ecosystem();
            (void)affected.ecosystem_release();
            for (const auto& range : affected.ranges) {
                // Ranges that survive have an introduced event, and GIT ranges a repo.
                bool introduced = false;
                for (const auto& event : range.events) {
                    introduced =
                        introduced || event.kind == wardround::vuln::OsvEventKind::kIntroduced;
                }
                if (!introduced ||
                    (range.type == wardround::vuln::OsvRangeType::kGit && range.repo.empty())) {
                    std::abort();
                }
                (void)range.events_json();
            }
        }
        for (const auto& severity : record.severity) {
            if (severity.base_score &&
                (*severity.base_score < 0.0 || *severity.base_score > 10.0)) {
                std::abort();
            }
        }
    }
    // The CVSS reader on raw bytes too: severity scores reach it only through valid JSON.
    (void)wardround::vuln::detail::cvss_v3_base_score(input);
    (void)wardround::vuln::detail::check_cvss_v4_vector(input);
    return 0;
}

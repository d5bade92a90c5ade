// SPDX-License-Identifier: Apache-2.0
// KEV catalogues, JSON and CSV, from arbitrary bytes: never crash, and every accepted entry is one
// a person could rely on (a CVE id, two real dates, no duplicates).
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>

#include <wardround/core/identifiers.h>
#include <wardround/core/time.h>
#include <wardround/vuln/kev.h>

namespace {

void check(const wardround::vuln::KevCatalogue& catalogue) {
    std::set<std::string> seen;
    for (const auto& entry : catalogue.entries) {
        if (!wardround::is_cve_id(entry.cve_id) || !wardround::parse_date(entry.date_added) ||
            !wardround::parse_date(entry.due_date) || !seen.insert(entry.cve_id).second) {
            std::abort();
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    for (bool csv : {false, true}) {
        wardround::InputFile file = wardround::InputFile::from_memory("fuzz", bytes);
        wardround::Diagnostics diagnostics;
        auto catalogue = csv ? wardround::vuln::parse_kev_csv(file, diagnostics)
                             : wardround::vuln::parse_kev_json(file, diagnostics);
        if (catalogue) {
            check(*catalogue);
        }
    }
    return 0;
}

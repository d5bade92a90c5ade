// SPDX-License-Identifier: Apache-2.0
// CycloneDX VEX documents from arbitrary bytes: nothing may crash, and every statement kept must
// carry what the scan relies on (an id, a state, the place it came from).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <wardround/findings/vex.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    wardround::Diagnostics diagnostics;
    auto statements = wardround::findings::parse_cyclonedx_vex(text, diagnostics);
    if (!statements) {
        if (statements.error().message.empty()) {
            std::abort();
        }
        return 0;
    }
    for (const auto& statement : *statements) {
        if (statement.vuln_id.empty() || statement.state.empty() || statement.location.empty()) {
            std::abort();
        }
        for (const auto& ref : statement.refs) {
            const std::string purl = wardround::findings::vex_ref_purl(ref);
            if (!purl.empty() && purl.rfind("pkg:", 0) != 0) {
                std::abort();
            }
        }
    }
    return 0;
}

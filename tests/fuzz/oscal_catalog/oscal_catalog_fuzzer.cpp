// SPDX-License-Identifier: Apache-2.0
// OSCAL catalogues from arbitrary bytes, XML or JSON. Nothing may crash; a refusal has a message
// and a place; a catalogue that loads is a well-formed tree whose skipped entries were all
// reported.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include <wardround/assess/oscal_catalog.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto import = wardround::assess::parse_oscal_catalog(bytes, "fuzz.oscal");
    if (!import) {
        if (import.error().message.empty() || import.error().where.empty()) {
            std::abort();
        }
        return 0;
    }
    const auto& framework = import->framework;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < framework.nodes.size(); ++i) {
        const auto& node = framework.nodes[i];
        if (!ids.insert(node.id).second ||
            (node.parent != wardround::assess::kNoParent && node.parent >= i)) {
            std::abort();
        }
    }
    const auto& counts = import->diagnostics.count_by_code();
    const auto withdrawn = counts.find("framework.withdrawn");
    if (import->skipped != (withdrawn == counts.end() ? 0 : withdrawn->second)) {
        std::abort();
    }
    return 0;
}

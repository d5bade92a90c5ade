// SPDX-License-Identifier: Apache-2.0
// SPDX documents from arbitrary bytes: never crash, and the one asset passed on holds only what
// the model promises (named components, canonical CPEs, package URLs, edges between components,
// UTF-8 text of bounded size).
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>

#include <wardround/core/text.h>
#include <wardround/inventory/spdx.h>
#include <wardround/vuln/cpe.h>

namespace {

void require(bool condition) {
    if (!condition) {
        std::abort();
    }
}

void require_text(const std::string& text) {
    require(text.size() <= 8192 && wardround::is_valid_utf8(text));
    for (char c : text) {
        require(static_cast<unsigned char>(c) >= 0x20 && c != 0x7F);
    }
}

wardround::Status check(const wardround::inventory::ObservedAsset& asset) {
    std::set<std::string> refs;
    for (const auto& component : asset.components) {
        require(!component.product.empty() && !component.ref.empty());
        for (const std::string* text : {&component.type, &component.vendor, &component.product,
                                        &component.version, &component.purl}) {
            require_text(*text);
        }
        if (!component.cpe.empty()) {
            auto cpe = wardround::vuln::parse_cpe23(component.cpe);
            require(cpe.has_value() && wardround::vuln::to_cpe23(*cpe) == component.cpe);
        }
        require(component.purl.empty() || wardround::starts_with_icase(component.purl, "pkg:"));
        refs.insert(component.ref);
    }
    for (const auto& edge : asset.dependencies) {
        require(refs.count(edge.from_ref) == 1 && refs.count(edge.to_ref) == 1);
    }
    require_text(asset.model);
    require_text(asset.manufacturer);
    return {};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    wardround::InputFile file = wardround::InputFile::from_memory(
        "fuzz", std::string(reinterpret_cast<const char*>(data), size));
    wardround::Diagnostics diagnostics;
    int assets = 0;
    auto report = wardround::inventory::parse_spdx_json(
        file, diagnostics, [&](wardround::inventory::ObservedAsset&& asset) {
            ++assets;
            return check(asset);
        });
    require(!report || (assets == 1 && report->assets == 1));
    return 0;
}

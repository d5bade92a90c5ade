// SPDX-License-Identifier: Apache-2.0
// What the CycloneDX and SPDX fuzzers check: an SBOM parsed from arbitrary bytes never crashes,
// and the one asset passed on holds only what the model promises (named components, canonical
// CPEs, package URLs, edges between components, UTF-8 text of bounded size).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>

#include <wardround/core/diagnostic.h>
#include <wardround/core/input_file.h>
#include <wardround/core/result.h>
#include <wardround/core/text.h>
#include <wardround/inventory/observation.h>
#include <wardround/vuln/cpe.h>

namespace wardround::fuzzing {

// A broken promise is a crash, which libFuzzer reports with the input.
inline void require(bool condition) {
    if (!condition) {
        std::abort();
    }
}

inline void require_text(const std::string& text) {
    require(text.size() <= 8192 && is_valid_utf8(text));
    for (char c : text) {
        require(static_cast<unsigned char>(c) >= 0x20 && c != 0x7F);
    }
}

inline Status check_sbom_asset(const inventory::ObservedAsset& asset) {
    std::set<std::string> refs;
    for (const auto& component : asset.components) {
        require(!component.product.empty() && !component.ref.empty());
        for (const std::string* text : {&component.type, &component.vendor, &component.product,
                                        &component.version, &component.purl}) {
            require_text(*text);
        }
        if (!component.cpe.empty()) {
            auto cpe = vuln::parse_cpe23(component.cpe);
            require(cpe.has_value() && vuln::to_cpe23(*cpe) == component.cpe);
        }
        require(component.purl.empty() || starts_with_icase(component.purl, "pkg:"));
        refs.insert(component.ref);
    }
    for (const auto& edge : asset.dependencies) {
        require(refs.count(edge.from_ref) == 1 && refs.count(edge.to_ref) == 1);
    }
    require_text(asset.model);
    require_text(asset.manufacturer);
    return {};
}

// Runs `parse` (parse_cyclonedx_json, parse_spdx_json) over the bytes and checks what it passes on:
// a successful parse hands over exactly one asset.
template <typename Parse>
int fuzz_sbom(Parse parse, const std::uint8_t* data, std::size_t size) {
    InputFile file =
        InputFile::from_memory("fuzz", std::string(reinterpret_cast<const char*>(data), size));
    Diagnostics diagnostics;
    int assets = 0;
    auto report = parse(file, diagnostics, [&](inventory::ObservedAsset&& asset) {
        ++assets;
        return check_sbom_asset(asset);
    });
    require(!report || (assets == 1 && report->assets == 1));
    return 0;
}

}  // namespace wardround::fuzzing

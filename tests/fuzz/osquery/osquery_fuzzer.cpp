// SPDX-License-Identifier: Apache-2.0
// osquery results logs from arbitrary bytes: never crash, and every host handed out keeps the
// model's promises (canonical MACs, valid IPs, real ports, named components, canonical facts once
// each).
#include <cstdint>
#include <cstdlib>
#include <string>

#include <wardround/inventory/osquery.h>

namespace {

void check_facts(const wardround::inventory::ObservedAsset& asset) {
    for (std::size_t i = 0; i < asset.facts.size(); ++i) {
        const auto& fact = asset.facts[i];
        if (!wardround::inventory::is_canonical_fact(fact.name, fact.value) ||
            !fact.location.starts_with("line ")) {
            std::abort();
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (asset.facts[j].name == fact.name && asset.facts[j].value == fact.value) {
                std::abort();
            }
        }
    }
}

void check(const wardround::inventory::ObservedAsset& asset) {
    for (const auto& mac : asset.macs) {
        if (wardround::inventory::canonical_mac(mac) != mac) {
            std::abort();
        }
    }
    for (const auto& ip : asset.ips) {
        if (!wardround::inventory::is_ip_address(ip)) {
            std::abort();
        }
    }
    for (const auto& exposure : asset.exposures) {
        if (exposure.port == 0 || exposure.protocol.empty() ||
            (!exposure.address.empty() && !wardround::inventory::is_ip_address(exposure.address))) {
            std::abort();
        }
    }
    for (const auto& component : asset.components) {
        if (component.product.empty()) {
            std::abort();
        }
    }
    check_facts(asset);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    wardround::InputFile file = wardround::InputFile::from_memory(
        "fuzz", std::string(reinterpret_cast<const char*>(data), size));
    wardround::Diagnostics diagnostics;
    std::int64_t seen = 0;
    auto report = wardround::inventory::parse_osquery_results(
        file, diagnostics, [&](wardround::inventory::ObservedAsset&& asset) {
            check(asset);
            ++seen;
            return wardround::Status{};
        });
    if (report && report->assets != seen) {
        std::abort();
    }
    return 0;
}

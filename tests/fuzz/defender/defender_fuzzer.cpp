// SPDX-License-Identifier: Apache-2.0
// Defender machine lists and software exports from arbitrary bytes; the first byte's low bit picks
// the parser (seeds without that byte still reach both through mutation). Never crash, and every
// asset handed out keeps the model's promises: canonical MACs, valid IPs, canonical times,
// canonical facts once each.
#include <cstdint>
#include <cstdlib>
#include <string>

#include <wardround/core/time.h>
#include <wardround/inventory/defender.h>

namespace {

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
    for (const auto* time : {&asset.first_seen, &asset.last_seen}) {
        if (!time->empty() && !wardround::parse_timestamp(*time)) {
            std::abort();
        }
    }
    for (const auto& component : asset.components) {
        if (component.product.empty()) {
            std::abort();
        }
    }
    for (std::size_t i = 0; i < asset.facts.size(); ++i) {
        const auto& fact = asset.facts[i];
        if (!wardround::inventory::is_canonical_fact(fact.name, fact.value)) {
            std::abort();
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (asset.facts[j].name == fact.name && asset.facts[j].value == fact.value) {
                std::abort();
            }
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const bool software = (data[0] & 1U) != 0;
    std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    wardround::InputFile file = wardround::InputFile::from_memory("fuzz", std::move(bytes));
    wardround::Diagnostics diagnostics;
    std::int64_t seen = 0;
    const wardround::inventory::AssetSink sink = [&](wardround::inventory::ObservedAsset&& asset) {
        check(asset);
        ++seen;
        return wardround::Status{};
    };
    auto report = software ? wardround::inventory::parse_defender_software(file, diagnostics, sink)
                           : wardround::inventory::parse_defender_machines(file, diagnostics, sink);
    if (report && report->assets != seen) {
        std::abort();
    }
    return 0;
}

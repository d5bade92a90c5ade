// SPDX-License-Identifier: Apache-2.0
// The medical device register from arbitrary bytes: never crash, and every device that reaches the
// sink is a medical device with a key, canonical MACs, valid IPs, a real support date, at most
// one firmware component named by its model, and only the register's posture facts
// (network_segment, default_credentials), each canonical, once, and from its own row.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <wardround/core/text.h>
#include <wardround/core/time.h>
#include <wardround/inventory/device_register.h>

namespace {

using wardround::inventory::ObservedAsset;

void require(bool condition) {
    if (!condition) {
        std::abort();
    }
}

void check(const ObservedAsset& asset) {
    require(asset.kind == wardround::inventory::AssetKind::kMedicalDevice);
    require(!asset.source_key.empty() && wardround::is_valid_utf8(asset.source_key));
    require(asset.location.starts_with("line "));
    for (const std::string& mac : asset.macs) {
        require(wardround::inventory::canonical_mac(mac) == mac);
    }
    for (const std::string& ip : asset.ips) {
        require(wardround::inventory::is_ip_address(ip));
    }
    require(asset.supported_until.empty() ||
            wardround::parse_date(asset.supported_until).has_value());
    require(wardround::is_valid_utf8(asset.mds2) && wardround::is_valid_utf8(asset.model));
    require(asset.components.size() <= 1);
    for (const auto& component : asset.components) {
        require(component.type == "firmware" && component.product == asset.model &&
                component.vendor == asset.manufacturer && !component.product.empty());
    }
    namespace inventory = wardround::inventory;
    for (std::size_t i = 0; i < asset.facts.size(); ++i) {
        const inventory::ObservedFact& fact = asset.facts[i];
        require(fact.name == inventory::kFactNetworkSegment ||
                fact.name == inventory::kFactDefaultCredentials);
        // Canonical: a segment in its one spelling (so the checks group it with the endpoints'
        // however it was typed), default_credentials yes or no.
        require(inventory::is_canonical_fact(fact.name, fact.value));
        require(fact.location == asset.location);
        for (std::size_t j = 0; j < i; ++j) {
            require(asset.facts[j].name != fact.name);  // one row: one value of each
        }
    }
}

// gzip and xz input is InputFile's to decompress, not this parser's to read: a mutated stream
// inflates to megabytes and would slow the search to a few runs a second.
bool compressed(const std::uint8_t* data, std::size_t size) {
    constexpr std::array<std::uint8_t, 2> kGzip{0x1F, 0x8B};
    constexpr std::array<std::uint8_t, 6> kXz{0xFD, '7', 'z', 'X', 'Z', 0x00};
    return (size >= kGzip.size() && std::equal(kGzip.begin(), kGzip.end(), data)) ||
           (size >= kXz.size() && std::equal(kXz.begin(), kXz.end(), data));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (compressed(data, size)) {
        return 0;
    }
    wardround::InputFile file = wardround::InputFile::from_memory(
        "fuzz.csv", std::string(reinterpret_cast<const char*>(data), size));
    wardround::Diagnostics diagnostics;
    wardround::inventory::CsvImportOptions options;
    // The mapped names are how other registers head these columns; the seeds use both spellings.
    options.column_map = {{"Serial No", "serial"},
                          {"Make", "manufacturer"},
                          {"VLAN", "network_segment"},
                          {"Default Passwords", "default_credentials"}};
    std::int64_t seen = 0;
    auto report = wardround::inventory::parse_device_register_csv(
        file, diagnostics,
        [&seen](ObservedAsset&& asset) -> wardround::Status {
            check(asset);
            ++seen;
            return {};
        },
        options);
    if (report) {
        require(report->assets == seen && report->components <= seen);
    } else {
        require(!report.error().where.empty());
    }
    return 0;
}

// SPDX-License-Identifier: Apache-2.0
// The inventory CSV from arbitrary bytes, with and without a --map: never crash, and every asset
// that reaches the sink is one the store can rely on (a key, valid UTF-8, canonical MACs, valid IPs
// and CPEs, components with a name, canonical facts once each).
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <wardround/core/text.h>
#include <wardround/core/time.h>
#include <wardround/inventory/inventory_csv.h>
#include <wardround/vuln/cpe.h>

namespace {

using wardround::inventory::ObservedAsset;

void require(bool condition) {
    if (!condition) {
        std::abort();
    }
}

void check(const ObservedAsset& asset) {
    require(!asset.source_key.empty() && wardround::is_valid_utf8(asset.source_key));
    require(asset.location.starts_with("line "));
    for (const std::string* text : {&asset.hostname, &asset.fqdn, &asset.serial, &asset.site,
                                    &asset.department, &asset.owner, &asset.criticality}) {
        require(wardround::is_valid_utf8(*text));
    }
    for (const std::string& mac : asset.macs) {
        require(wardround::inventory::canonical_mac(mac) == mac);
    }
    for (const std::string& ip : asset.ips) {
        require(wardround::inventory::is_ip_address(ip));
    }
    require(asset.last_seen.empty() || wardround::parse_timestamp(asset.last_seen).has_value());
    require(asset.os.size() <= 1);
    for (const auto& component : asset.components) {
        require(!component.product.empty() || !component.cpe.empty() || !component.purl.empty());
        require(component.cpe.empty() || wardround::vuln::parse_cpe23(component.cpe).has_value());
        require(wardround::is_valid_utf8(component.product) &&
                wardround::is_valid_utf8(component.vendor) &&
                wardround::is_valid_utf8(component.version));
        require(component.location.starts_with("line "));
    }
    for (std::size_t i = 0; i < asset.facts.size(); ++i) {
        const auto& fact = asset.facts[i];
        require(wardround::inventory::is_canonical_fact(fact.name, fact.value));
        require(fact.location.starts_with("line "));
        for (std::size_t j = 0; j < i; ++j) {
            require(asset.facts[j].name != fact.name || asset.facts[j].value != fact.value);
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
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    // Without a map, and with one that renames three columns.
    std::array<wardround::inventory::CsvImportOptions, 2> variants;
    variants[1].column_map = {
        {"Device Name", "hostname"}, {"Software Name", "product"}, {"AV", "endpoint_protection"}};
    for (const auto& options : variants) {
        wardround::InputFile file = wardround::InputFile::from_memory("fuzz.csv", bytes);
        wardround::Diagnostics diagnostics;
        std::int64_t seen = 0;
        std::int64_t components = 0;
        auto report = wardround::inventory::parse_inventory_csv(
            file, diagnostics,
            [&](ObservedAsset&& asset) -> wardround::Status {
                check(asset);
                ++seen;
                components += static_cast<std::int64_t>(asset.components.size());
                return {};
            },
            options);
        if (report) {
            require(report->assets == seen && report->components == components);
        } else {
            require(!report.error().where.empty());
        }
    }
    return 0;
}

// SPDX-License-Identifier: Apache-2.0
// nmap XML reports from arbitrary bytes: never crash, and every asset handed to the sink is one the
// model allows (an identity, canonical MACs, real IPs, ports in range, open states, valid UTF-8).
#include <cstdint>
#include <cstdlib>
#include <string>

#include <wardround/core/text.h>
#include <wardround/inventory/nmap.h>

namespace {

using wardround::inventory::ObservedAsset;

void check(const ObservedAsset& asset) {
    if (asset.hostname.empty() && asset.ips.empty() && asset.macs.empty()) {
        std::abort();
    }
    for (const std::string& ip : asset.ips) {
        if (!wardround::inventory::is_ip_address(ip)) {
            std::abort();
        }
    }
    for (const std::string& mac : asset.macs) {
        if (wardround::inventory::canonical_mac(mac) != mac) {
            std::abort();
        }
    }
    if (!asset.mac_vendors.empty() && asset.mac_vendors.size() != asset.macs.size()) {
        std::abort();
    }
    if (!wardround::is_valid_utf8(asset.hostname) || !wardround::is_valid_utf8(asset.fqdn)) {
        std::abort();
    }
    for (const auto& exposure : asset.exposures) {
        if (exposure.port == 0 || (exposure.state != "open" && exposure.state != "open|filtered") ||
            !wardround::is_valid_utf8(exposure.product) || exposure.product.size() > 1027) {
            std::abort();
        }
    }
    int accuracy = 101;
    for (const auto& os : asset.os) {
        if (os.accuracy > accuracy || os.accuracy < 0) {
            std::abort();
        }
        accuracy = os.accuracy;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string bytes(reinterpret_cast<const char*>(data), size);
    wardround::InputFile file = wardround::InputFile::from_memory("fuzz", std::move(bytes));
    wardround::Diagnostics diagnostics;
    std::int64_t passed = 0;
    auto report = wardround::inventory::parse_nmap_xml(
        file, diagnostics, [&passed](ObservedAsset&& asset) -> wardround::Status {
            check(asset);
            ++passed;
            return {};
        });
    if (report && report->assets != passed) {
        std::abort();
    }
    return 0;
}

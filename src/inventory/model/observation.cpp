// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include <arpa/inet.h>

#include <wardround/core/text.h>
#include <wardround/inventory/observation.h>

namespace wardround::inventory {

std::string_view asset_kind_name(AssetKind kind) {
    switch (kind) {
        case AssetKind::kEndpoint:
            return "endpoint";
        case AssetKind::kServer:
            return "server";
        case AssetKind::kNetworkDevice:
            return "network-device";
        case AssetKind::kMedicalDevice:
            return "medical-device";
        case AssetKind::kIot:
            return "iot";
        case AssetKind::kVirtual:
            return "virtual";
        case AssetKind::kUnknown:
            break;
    }
    return "unknown";
}

std::optional<AssetKind> parse_asset_kind(std::string_view text) {
    // Spellings seen in asset registers and CMDB exports, all compared after lower-casing with
    // spaces and underscores read as hyphens.
    static constexpr std::array<std::pair<std::string_view, AssetKind>, 27> kSpellings{{
        {"endpoint", AssetKind::kEndpoint},
        {"workstation", AssetKind::kEndpoint},
        {"desktop", AssetKind::kEndpoint},
        {"laptop", AssetKind::kEndpoint},
        {"pc", AssetKind::kEndpoint},
        {"thin-client", AssetKind::kEndpoint},
        {"server", AssetKind::kServer},
        {"network-device", AssetKind::kNetworkDevice},
        {"network", AssetKind::kNetworkDevice},
        {"networkdevice", AssetKind::kNetworkDevice},
        {"router", AssetKind::kNetworkDevice},
        {"switch", AssetKind::kNetworkDevice},
        {"firewall", AssetKind::kNetworkDevice},
        {"access-point", AssetKind::kNetworkDevice},
        {"medical-device", AssetKind::kMedicalDevice},
        {"medical", AssetKind::kMedicalDevice},
        {"medicaldevice", AssetKind::kMedicalDevice},
        {"iot", AssetKind::kIot},
        {"camera", AssetKind::kIot},
        {"building-management", AssetKind::kIot},
        {"virtual", AssetKind::kVirtual},
        {"vm", AssetKind::kVirtual},
        {"virtual-machine", AssetKind::kVirtual},
        {"container", AssetKind::kVirtual},
        {"unknown", AssetKind::kUnknown},
        {"other", AssetKind::kUnknown},
        {"", AssetKind::kUnknown},
    }};
    std::string key = to_lower(trim(text));
    for (char& c : key) {
        if (c == ' ' || c == '_') {
            c = '-';
        }
    }
    for (const auto& [spelling, kind] : kSpellings) {
        if (key == spelling) {
            return kind;
        }
    }
    return std::nullopt;
}

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

}  // namespace

std::optional<std::string> canonical_mac(std::string_view text) {
    text = trim(text);
    // Accepted: aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff (Windows), aabb.ccdd.eeff (Cisco),
    // aabbccddeeff. The separator must be used consistently and in the right places.
    std::string digits;
    char separator = 0;
    std::size_t group = 0;
    std::size_t group_size = 0;
    for (const char c : text) {
        if (hex_value(c) >= 0) {
            digits.push_back(static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c));
            ++group;
            continue;
        }
        if (c != ':' && c != '-' && c != '.') {
            return std::nullopt;
        }
        if (separator == 0) {
            separator = c;
            group_size = group;
        } else if (c != separator || group != group_size) {
            return std::nullopt;
        }
        if (group == 0) {
            return std::nullopt;
        }
        group = 0;
    }
    if (digits.size() != 12) {
        return std::nullopt;
    }
    if (separator != 0) {
        const bool pairs = separator != '.' && group_size == 2;
        const bool cisco = separator == '.' && group_size == 4;
        if ((!pairs && !cisco) || group != group_size) {
            return std::nullopt;
        }
    }
    std::string mac;
    mac.reserve(17);
    for (std::size_t i = 0; i < digits.size(); i += 2) {
        if (i > 0) {
            mac.push_back(':');
        }
        mac.append(digits, i, 2);
    }
    return mac;
}

bool is_ip_address(std::string_view text) {
    if (text.empty() || text.size() > 45) {
        return false;
    }
    const std::string address(text);
    std::array<unsigned char, 16> buffer{};
    return inet_pton(AF_INET, address.c_str(), buffer.data()) == 1 ||
           inet_pton(AF_INET6, address.c_str(), buffer.data()) == 1;
}

bool is_loopback_or_link_local(std::string_view address) {
    // A zone index only appears on link-local IPv6 addresses; inet_pton does not take one.
    const std::string text(address.substr(0, address.find('%')));
    std::array<unsigned char, 16> bytes{};
    if (inet_pton(AF_INET, text.c_str(), bytes.data()) == 1) {
        return bytes[0] == 127 || (bytes[0] == 169 && bytes[1] == 254);
    }
    if (inet_pton(AF_INET6, text.c_str(), bytes.data()) == 1) {
        const bool loopback =
            std::all_of(bytes.begin(), bytes.end() - 1, [](unsigned char b) { return b == 0; }) &&
            bytes[15] == 1;
        const bool link_local = bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80;
        return loopback || link_local;
    }
    return false;
}

}  // namespace wardround::inventory

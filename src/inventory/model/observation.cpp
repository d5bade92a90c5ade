// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <array>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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

namespace {

// The hex digits of a MAC, lower case, when `text` is one in a usual spelling: groups of two
// separated by ':' or '-', groups of four separated by '.' (Cisco), or twelve bare digits.
std::optional<std::string> mac_digits(std::string_view text) {
    const std::size_t at = text.find_first_of(":-.");
    const char separator = at == std::string_view::npos ? '\0' : text[at];
    const std::size_t group_size = separator == '\0' ? 12 : (separator == '.' ? 4 : 2);
    std::string digits;
    for (const std::string_view group :
         separator == '\0' ? std::vector<std::string_view>{text} : split(text, separator)) {
        if (group.size() != group_size) {
            return std::nullopt;
        }
        for (const char c : group) {
            const int value = hex_value(c);
            if (value < 0) {
                return std::nullopt;
            }
            digits.push_back("0123456789abcdef"[value]);
        }
    }
    if (digits.size() != 12) {
        return std::nullopt;
    }
    return digits;
}

}  // namespace

std::optional<std::string> canonical_mac(std::string_view text) {
    const auto digits = mac_digits(trim(text));
    if (!digits) {
        return std::nullopt;
    }
    std::string mac;
    mac.reserve(17);
    for (std::size_t i = 0; i < digits->size(); i += 2) {
        if (i > 0) {
            mac.push_back(':');
        }
        mac.append(*digits, i, 2);
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

namespace {

// Longer free text than this in a posture fact is corruption, not a product name or a segment.
constexpr std::size_t kMaxFreeTextFact = 4096;

}  // namespace

bool is_canonical_fact(std::string_view name, std::string_view value) {
    const auto one_of = [value](std::initializer_list<std::string_view> values) {
        return std::find(values.begin(), values.end(), value) != values.end();
    };
    if (name == kFactEndpointProtection) {
        return one_of({"active", "inactive", "none"});
    }
    if (name == kFactEndpointProtectionUpdated || name == kFactLocalAdminUse ||
        name == kFactDefaultCredentials) {
        return one_of({"yes", "no"});
    }
    if (name == kFactDiskEncryption) {
        return one_of({"on", "off", "partial"});
    }
    if (name == kFactSmb1) {
        return one_of({"enabled", "disabled"});
    }
    if (name == kFactHotfix) {
        return canonical_hotfix(value) == value;
    }
    if (name == kFactEndpointProtectionProduct || name == kFactTag) {
        return !value.empty() && value.size() <= kMaxFreeTextFact && trim(value) == value &&
               is_valid_utf8(value);
    }
    if (name == kFactNetworkSegment) {
        return canonical_segment(value) == value;
    }
    return false;
}

// Lower case because the checks compare segments as exact text (which endpoints share a medical
// device's segment; whether two sources of one asset agree on it) and registers and CMDBs are
// typed by hand: "ICU-VLAN" in one and "icu-vlan" in the other are the same VLAN, and no trust
// tells two segments apart by case alone (switches key VLANs by number; IPv6 hex digits ignore
// case). Canonical values of the other facts are lower-case words too, and rules' conditions
// compare text ignoring case, so `network_segment == "VLAN 300"` still reads as written.
std::optional<std::string> canonical_segment(std::string_view text) {
    text = trim(text);
    if (text.empty() || text.size() > kMaxFreeTextFact || !is_valid_utf8(text)) {
        return std::nullopt;
    }
    std::string out;
    out.reserve(text.size());
    bool gap = false;
    for (const char c : text) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
            gap = true;
            continue;
        }
        if (gap) {
            out += ' ';
            gap = false;
        }
        out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

std::optional<std::string> canonical_hotfix(std::string_view text) {
    text = trim(text);
    constexpr std::size_t kMaxDigits = 10;
    if (text.size() < 3 || text.size() > 2 + kMaxDigits || (text[0] != 'K' && text[0] != 'k') ||
        (text[1] != 'B' && text[1] != 'b')) {
        return std::nullopt;
    }
    const std::string_view digits = text.substr(2);
    if (digits.find_first_not_of("0123456789") != std::string_view::npos) {
        return std::nullopt;
    }
    return "KB" + std::string(digits);
}

void add_fact(ObservedAsset& asset,
              std::string_view name,
              std::string value,
              std::string location) {
    const bool known = std::any_of(
        asset.facts.begin(), asset.facts.end(),
        [&](const ObservedFact& fact) { return fact.name == name && fact.value == value; });
    if (!known) {
        asset.facts.push_back(
            ObservedFact{std::string(name), std::move(value), std::move(location)});
    }
}

}  // namespace wardround::inventory

// SPDX-License-Identifier: Apache-2.0
#include <array>
#include <utility>

#include <wardround/core/text.h>
#include <wardround/inventory/cyclonedx.h>
#include <wardround/inventory/defender.h>
#include <wardround/inventory/device_register.h>
#include <wardround/inventory/formats.h>
#include <wardround/inventory/nmap.h>
#include <wardround/inventory/osquery.h>
#include <wardround/inventory/spdx.h>

namespace wardround::inventory {
namespace {

constexpr std::array<std::pair<InventoryFormat, std::string_view>, 8> kNames{{
    {InventoryFormat::kCsv, "csv"},
    {InventoryFormat::kDeviceRegister, "device-register"},
    {InventoryFormat::kDefenderMachines, "defender-machines"},
    {InventoryFormat::kDefenderSoftware, "defender-software"},
    {InventoryFormat::kCycloneDx, "cyclonedx"},
    {InventoryFormat::kSpdx, "spdx"},
    {InventoryFormat::kNmap, "nmap"},
    {InventoryFormat::kOsquery, "osquery"},
}};

// Enough to see an SBOM's bomFormat or spdxVersion even after a long metadata block, and the
// first Defender or osquery record.
constexpr std::size_t kPeekBytes = std::size_t{64} * 1024;

bool contains(std::string_view text, std::string_view needle) {
    return text.find(needle) != std::string_view::npos;
}

// A JSON member name, quoted, as a detector looks for it.
bool has_member(std::string_view text, std::string_view name) {
    const std::string quoted = "\"" + std::string(name) + "\"";
    return contains(text, quoted);
}

std::optional<InventoryFormat> detect_json(std::string_view head) {
    if (has_member(head, "bomFormat")) {
        return InventoryFormat::kCycloneDx;
    }
    if (has_member(head, "spdxVersion")) {
        return InventoryFormat::kSpdx;
    }
    if (has_member(head, "hostIdentifier")) {
        return InventoryFormat::kOsquery;
    }
    if (has_member(head, "softwareName") || has_member(head, "softwareVendor")) {
        return InventoryFormat::kDefenderSoftware;
    }
    if (has_member(head, "computerDnsName") || has_member(head, "osPlatform")) {
        return InventoryFormat::kDefenderMachines;
    }
    return std::nullopt;
}

// The first line of a CSV, lower case, for its column names.
std::string first_line_lower(std::string_view head) {
    const std::size_t end = head.find_first_of("\r\n");
    return to_lower(head.substr(0, end));
}

}  // namespace

std::string_view inventory_format_name(InventoryFormat format) {
    for (const auto& [candidate, name] : kNames) {
        if (candidate == format) {
            return name;
        }
    }
    return "csv";
}

std::optional<InventoryFormat> parse_inventory_format(std::string_view name) {
    for (const auto& [format, candidate] : kNames) {
        if (iequals(candidate, trim(name))) {
            return format;
        }
    }
    return std::nullopt;
}

std::string inventory_format_names() {
    std::string names;
    for (const auto& [format, name] : kNames) {
        names += (names.empty() ? "" : ", ") + std::string(name);
    }
    return names;
}

std::string_view default_source_name(InventoryFormat format) {
    if (format == InventoryFormat::kDefenderMachines ||
        format == InventoryFormat::kDefenderSoftware) {
        return "defender";
    }
    return inventory_format_name(format);
}

Result<InventoryFormat> detect_inventory_format(InputFile& file) {
    auto peeked = file.peek(kPeekBytes);
    if (!peeked) {
        return propagate(peeked.error());
    }
    std::string_view head = *peeked;
    if (head.substr(0, 3) == "\xEF\xBB\xBF") {
        head.remove_prefix(3);
    }
    const std::string_view body = trim(head);
    if (body.empty()) {
        return make_error(ErrorCode::kInvalidArgument, "the file is empty", file.name());
    }
    if (body.front() == '<') {
        if (contains(body, "<nmaprun")) {
            return InventoryFormat::kNmap;
        }
        return make_error(ErrorCode::kInvalidArgument,
                          "XML, but not an nmap report (no <nmaprun> element)", file.name());
    }
    if (body.front() == '{' || body.front() == '[') {
        if (auto format = detect_json(body)) {
            return *format;
        }
        return make_error(ErrorCode::kInvalidArgument,
                          "JSON, but none of the inventory formats (" + inventory_format_names() +
                              "); name one with --format",
                          file.name());
    }
    const std::string header = first_line_lower(body);
    if (contains(header, "network_connected") || contains(header, "supported_until") ||
        contains(header, "mds2")) {
        return InventoryFormat::kDeviceRegister;
    }
    if (contains(header, ",") || contains(header, "hostname") || contains(header, "asset_id") ||
        contains(header, "serial")) {
        return InventoryFormat::kCsv;
    }
    return make_error(ErrorCode::kInvalidArgument,
                      "not a recognised inventory format (" + inventory_format_names() +
                          "); name one with --format",
                      file.name());
}

Result<ObservedReport> parse_inventory(InventoryFormat format,
                                       InputFile& file,
                                       Diagnostics& diagnostics,
                                       const AssetSink& sink,
                                       const CsvImportOptions& csv) {
    switch (format) {
        case InventoryFormat::kCsv:
            return parse_inventory_csv(file, diagnostics, sink, csv);
        case InventoryFormat::kDeviceRegister:
            return parse_device_register_csv(file, diagnostics, sink, csv);
        case InventoryFormat::kDefenderMachines:
            return parse_defender_machines(file, diagnostics, sink);
        case InventoryFormat::kDefenderSoftware:
            return parse_defender_software(file, diagnostics, sink);
        case InventoryFormat::kCycloneDx:
            return parse_cyclonedx_json(file, diagnostics, sink);
        case InventoryFormat::kSpdx:
            return parse_spdx_json(file, diagnostics, sink);
        case InventoryFormat::kNmap:
            return parse_nmap_xml(file, diagnostics, sink);
        case InventoryFormat::kOsquery:
            return parse_osquery_results(file, diagnostics, sink);
    }
    return make_error(ErrorCode::kInternal, "unknown inventory format", file.name());
}

}  // namespace wardround::inventory

// SPDX-License-Identifier: Apache-2.0
// The inventory formats Wardround reads, detected from a file's content, and one entry point that
// parses any of them into ObservedAssets.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <wardround/core/diagnostic.h>
#include <wardround/core/input_file.h>
#include <wardround/core/result.h>
#include <wardround/inventory/inventory_csv.h>
#include <wardround/inventory/observation.h>

namespace wardround::inventory {

enum class InventoryFormat {
    kCsv,               // Wardround's inventory CSV (docs/inventory-csv.md)
    kDeviceRegister,    // a medical device register CSV
    kDefenderMachines,  // Defender for Endpoint: GET /api/machines
    kDefenderSoftware,  // Defender for Endpoint: GET /api/machines/SoftwareInventoryByMachine
    kCycloneDx,         // CycloneDX 1.2 to 1.6 JSON
    kSpdx,              // SPDX 2.2 / 2.3 JSON
    kNmap,              // nmap XML (-oX)
    kOsquery,           // osqueryd results log (JSON lines)
};

// "csv", "device-register", "defender-machines", "defender-software", "cyclonedx", "spdx", "nmap",
// "osquery".
[[nodiscard]] std::string_view inventory_format_name(InventoryFormat format);
[[nodiscard]] std::optional<InventoryFormat> parse_inventory_format(std::string_view name);
// Every name above, comma-separated, for help texts and messages.
[[nodiscard]] std::string inventory_format_names();

// The family of reports a format belongs to: Defender's machine list and software inventory are
// one source ("defender"), so a machine id joins them; every other format is its own family.
[[nodiscard]] std::string_view default_source_name(InventoryFormat format);

// Detects the format from the first bytes (peeked; the file is not consumed). Errors:
// kInvalidArgument naming the file when the content is none of the formats; file errors.
[[nodiscard]] Result<InventoryFormat> detect_inventory_format(InputFile& file);

// Parses `file` as `format`, passing each asset to `sink`. `csv` applies to the two CSV formats.
[[nodiscard]] Result<ObservedReport> parse_inventory(InventoryFormat format,
                                                     InputFile& file,
                                                     Diagnostics& diagnostics,
                                                     const AssetSink& sink,
                                                     const CsvImportOptions& csv = {});

}  // namespace wardround::inventory

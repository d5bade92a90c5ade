// SPDX-License-Identifier: Apache-2.0
// The Wardround inventory CSV: one row per installed component, with the asset's fields repeated on
// each row (a row with no component fields describes the asset alone). Also the options and the
// `--map` column renaming shared with the medical device register CSV (device_register.h). The
// columns, accepted values and diagnostics are documented for users in docs/inventory-csv.md.
#pragma once

#include <array>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include <wardround/core/diagnostic.h>
#include <wardround/core/input_file.h>
#include <wardround/core/result.h>
#include <wardround/inventory/observation.h>

namespace wardround::inventory {

struct CsvImportOptions {
    // Source header -> our column name (`--map "Device Name=hostname"`), for exports whose headers
    // differ from ours. Source names are matched case-insensitively, ignoring surrounding spaces;
    // targets are our column names (inventory_csv_columns(), device_register_columns()).
    std::map<std::string, std::string> column_map;
};

// The columns of the inventory CSV, in the order the documentation lists them.
// The posture columns (endpoint_protection .. default_credentials) come last, a new one after the
// others: a row that stops early leaves the columns after it empty, so writers of the first 23
// columns (or of any earlier version's columns) stay readable.
inline constexpr std::array<std::string_view, 32> kInventoryCsvColumns{
    "asset_id",
    "hostname",
    "fqdn",
    "kind",
    "ip",
    "mac",
    "serial",
    "os",
    "os_version",
    "manufacturer",
    "model",
    "site",
    "department",
    "owner",
    "internet_facing",
    "criticality",
    "last_seen",
    "vendor",
    "product",
    "version",
    "cpe",
    "purl",
    "component_type",
    "endpoint_protection",
    "endpoint_protection_product",
    "endpoint_protection_updated",
    "disk_encryption",
    "smb1",
    "hotfixes",
    "local_admin_use",
    "network_segment",
    "default_credentials"};

// Parses the text of a `--map` option, "From=to[,From2=to2...]", into a column map. Spaces around
// names are ignored; targets are matched case-insensitively against `known_columns` and stored as
// spelled there. A source header containing ',' or '=' cannot be mapped this way.
// Errors (kInvalidArgument, where "--map"): empty text, a pair without '=' or with an empty side,
// a target that is not one of `known_columns` (the message lists them), the same source mapped
// twice, or two sources mapped to the same target.
[[nodiscard]] Result<std::map<std::string, std::string>> parse_column_map(
    std::string_view text, std::span<const std::string_view> known_columns);

// Parses an inventory CSV, passing each asset to `sink` as soon as its rows have been read.
//
// The asset key is asset_id, else serial, else the lower-cased hostname. Consecutive rows with the
// same key are one asset (source_key = the key, location = "line N" of its first row; asset fields
// from the first row that gives them). A later, non-consecutive row of a key already emitted is
// emitted again as another ObservedAsset with the same source_key: the inventory store unions
// repeated source keys within one import. An asset with very many component rows is likewise
// passed on in several parts, so memory stays bounded.
//
// The posture columns become ObservedFacts (docs/asset-facts.md), like the asset's other fields
// from the first row that gives them; a value that is not one of the spellings
// docs/inventory-csv.md lists is an inventory.bad_fact warning and no fact. network_segment is
// free text made canonical_segment's one spelling (trimmed, inner spaces one, lower case).
//
// Errors (kInvalidArgument, where "<file> line N"): an empty file, a header with no rows, a header
// that is not valid UTF-8 or is UTF-16, duplicate column names (after --map), none of hostname,
// asset_id and serial in the header, broken quoting or a field over 1 MiB (the CsvReader's limit);
// kDataLoss/kUnavailable from the file; any error the sink returns. Row-level problems are
// diagnostics (inventory.*, csv.*), and the rest of the file is imported.
[[nodiscard]] Result<ObservedReport> parse_inventory_csv(InputFile& file,
                                                         Diagnostics& diagnostics,
                                                         const AssetSink& sink,
                                                         const CsvImportOptions& options = {});

}  // namespace wardround::inventory

// SPDX-License-Identifier: Apache-2.0
// The medical device register CSV, in the shape clinical engineering (EBME) teams keep: one row per
// device with its serial, manufacturer, model and software or firmware version. Each row becomes a
// medical-device asset with one firmware component, which is what the matcher compares with
// medical-device advisories; its network segment and default passwords become posture facts.
// Documented for users in docs/inventory-csv.md.
#pragma once

#include <array>
#include <string_view>

#include <wardround/core/diagnostic.h>
#include <wardround/core/input_file.h>
#include <wardround/core/result.h>
#include <wardround/inventory/inventory_csv.h>
#include <wardround/inventory/observation.h>

namespace wardround::inventory {

// The columns of the register, in the order the documentation lists them. `version` is the
// device's software or firmware version. `network_segment` and `default_credentials` give posture
// facts (docs/asset-facts.md); they come last, so a row that stops after `mds2` leaves them empty.
inline constexpr std::array<std::string_view, 14> kDeviceRegisterColumns{
    "serial",
    "manufacturer",
    "model",
    "version",
    "hostname",
    "ip",
    "mac",
    "site",
    "department",
    "network_connected",
    "supported_until",
    "mds2",
    "network_segment",
    "default_credentials",
};

// Parses a medical device register, one asset per row, each passed to `sink` as it is read:
// kind medical-device, source_key = serial (else the lower-cased hostname), location "line N",
// with the facts network_segment (canonical_segment: trimmed, inner runs of spaces made one, lower
// case) and default_credentials (yes/no, spelled as the inventory CSV's yes/no posture columns;
// any other value is an inventory.bad_fact warning).
//
// Errors (kInvalidArgument, where "<file> line N"): an empty file, a header with no rows, a header
// that is not valid UTF-8 or is UTF-16, duplicate column names (after --map), any of serial,
// manufacturer and model missing from the header, broken quoting or a field over 1 MiB;
// kDataLoss/kUnavailable from the file; any error the sink returns. Row-level problems are
// diagnostics (inventory.*, csv.*), and the rest of the file is imported.
[[nodiscard]] Result<ObservedReport> parse_device_register_csv(
    InputFile& file,
    Diagnostics& diagnostics,
    const AssetSink& sink,
    const CsvImportOptions& options = {});

}  // namespace wardround::inventory

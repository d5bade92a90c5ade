// SPDX-License-Identifier: Apache-2.0
// The medical device register: the spreadsheet clinical engineering keeps of every infusion pump,
// monitor and scanner, one row per device. Registers hold the facts no network scan can see (the
// exact firmware, the manufacturer's support end, the MDS2 form), so each row becomes one
// medical-device asset whose firmware is its only component, with the posture facts the register
// gives (its network segment, whether default passwords are still set).
#include <cstddef>
#include <utility>

#include <wardround/core/csv.h>
#include <wardround/core/text.h>
#include <wardround/inventory/device_register.h>

#include "inventory/csv/csv_columns.h"
#include "inventory/csv/fact_spellings.h"

namespace wardround::inventory {
namespace {

// Indexes into kDeviceRegisterColumns.
enum Column : std::size_t {
    kSerial,
    kManufacturer,
    kModel,
    kVersion,
    kHostname,
    kIp,
    kMac,
    kSite,
    kDepartment,
    kNetworkConnected,
    kSupportedUntil,
    kMds2,
    kNetworkSegment,
    kDefaultCredentials,
};
static_assert(kDefaultCredentials + 1 == kDeviceRegisterColumns.size());

// One row as a device, or nullopt (after inventory.missing_identity) when it names none.
std::optional<ObservedAsset> read_device(detail::CsvRow& row) {
    ObservedAsset asset;
    asset.kind = AssetKind::kMedicalDevice;
    asset.location = row.location();
    asset.serial = row.text(kSerial);
    asset.hostname = row.text(kHostname);
    asset.source_key = !asset.serial.empty() ? asset.serial : to_lower(asset.hostname);
    if (asset.source_key.empty()) {
        row.report(Severity::kError, "inventory.missing_identity",
                   "the device has no serial or hostname; it is left out");
        return std::nullopt;
    }
    asset.manufacturer = row.text(kManufacturer);
    asset.model = row.text(kModel);
    const std::string version = row.text(kVersion);
    if (const std::string ips = row.text(kIp); !ips.empty()) {
        asset.ips = row.ips(ips);
    }
    if (const std::string macs = row.text(kMac); !macs.empty()) {
        asset.macs = row.macs(macs);
    }
    asset.site = row.text(kSite);
    asset.department = row.text(kDepartment);
    if (const std::string connected = row.text(kNetworkConnected); !connected.empty()) {
        asset.network_connected = row.flag(kNetworkConnected, connected);
    }
    if (const std::string until = row.text(kSupportedUntil); !until.empty()) {
        asset.supported_until = row.date(kSupportedUntil, until);
    }
    asset.mds2 = row.text(kMds2);
    // Posture facts, read as the inventory CSV reads its columns of the same names: the segment in
    // canonical_segment's one spelling, so a device's compares with the endpoints' however either
    // was typed; default passwords as yes/no.
    if (auto segment = canonical_segment(row.text(kNetworkSegment))) {
        add_fact(asset, kFactNetworkSegment, std::move(*segment), row.location());
    }
    if (const std::string credentials = row.text(kDefaultCredentials); !credentials.empty()) {
        detail::add_spelled_fact(kDefaultCredentials, credentials, kFactDefaultCredentials,
                                 detail::kYesNoSpellings, "yes or no", row, asset);
    }

    // The device's software is what medical-device advisories name (ICSMA advisories give the
    // manufacturer, the model and the affected firmware versions, never a CPE), so the matcher
    // compares this component's vendor/product/version with them.
    if (asset.model.empty()) {
        row.report(Severity::kError, "inventory.missing_product",
                   "the device has no model, so its firmware cannot be matched; the firmware "
                   "component is left out (the device is kept)");
        return asset;
    }
    if (version.empty()) {
        row.report(Severity::kWarning, "inventory.missing_version",
                   "device " + detail::quoted(asset.model) +
                       " has no version, so its firmware cannot be matched to version ranges; "
                       "it is kept");
    }
    ObservedComponent firmware;
    firmware.type = "firmware";
    firmware.vendor = asset.manufacturer;
    firmware.product = asset.model;
    firmware.version = version;
    firmware.location = row.location();
    asset.components.push_back(std::move(firmware));
    return asset;
}

}  // namespace

Result<ObservedReport> parse_device_register_csv(InputFile& file,
                                                 Diagnostics& diagnostics,
                                                 const AssetSink& sink,
                                                 const CsvImportOptions& options) {
    CsvReader reader(file);
    auto layout = detail::CsvLayout::read(reader, kDeviceRegisterColumns, options, diagnostics);
    if (!layout) {
        return propagate(layout.error());
    }
    std::string missing;
    for (const std::size_t column : {kSerial, kManufacturer, kModel}) {
        if (!layout->has(column)) {
            missing += (missing.empty() ? "" : ", ") + std::string(kDeviceRegisterColumns[column]);
        }
    }
    if (!missing.empty()) {
        return make_error(ErrorCode::kInvalidArgument,
                          "not a medical device register: the header needs serial, manufacturer "
                          "and model, and lacks " +
                              missing + " (use --map to name a register's own columns)",
                          file.name() + " line 1");
    }
    ObservedReport report;
    report.format = "device-register";
    WARDROUND_TRY(detail::for_each_row(
        reader, file.name(), "register",
        [&](const std::vector<std::string>& record, std::size_t line) -> Status {
            detail::CsvRow row(*layout, record, line, diagnostics, file.name());
            auto device = read_device(row);
            if (!device) {
                return {};
            }
            ++report.assets;
            report.components += static_cast<std::int64_t>(device->components.size());
            return sink(std::move(*device));
        }));
    return report;
}

}  // namespace wardround::inventory

// SPDX-License-Identifier: Apache-2.0
// The inventory CSV: a flat export, one row per installed component with the asset's fields
// repeated on every row, as spreadsheets and CMDB reports produce it. Rows are grouped into assets
// as they stream past: consecutive rows with the same key are one asset, emitted when a row with
// another key (or the end of the file) arrives, so memory holds one asset at a time.
#include <array>
#include <cctype>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

#include <wardround/core/csv.h>
#include <wardround/core/text.h>
#include <wardround/inventory/inventory_csv.h>
#include <wardround/vuln/cpe.h>

#include "inventory/csv/csv_columns.h"
#include "inventory/csv/fact_spellings.h"

namespace wardround::inventory {
namespace {

// Indexes into kInventoryCsvColumns. The asset's fields come first, the component's after, then
// the asset's posture.
enum Column : std::size_t {
    kAssetId,
    kHostname,
    kFqdn,
    kKind,
    kIp,
    kMac,
    kSerial,
    kOs,
    kOsVersion,
    kManufacturer,
    kModel,
    kSite,
    kDepartment,
    kOwner,
    kInternetFacing,
    kCriticality,
    kLastSeen,
    kVendor,
    kProduct,
    kVersion,
    kCpe,
    kPurl,
    kComponentType,
    kEndpointProtection,
    kEndpointProtectionProduct,
    kEndpointProtectionUpdated,
    kDiskEncryption,
    kSmb1,
    kHotfixes,
    kLocalAdminUse,
    kNetworkSegment,
    kDefaultCredentials,
};
constexpr std::size_t kColumnCount = kDefaultCredentials + 1;
static_assert(kColumnCount == kInventoryCsvColumns.size());

// The columns that describe the asset rather than one of its components.
constexpr bool is_asset_column(std::size_t column) {
    return column < kVendor || column >= kEndpointProtection;
}

// A row's asset values by column; the component columns stay empty.
using AssetValues = std::array<std::string, kColumnCount>;

// An asset with very many component rows is passed on in parts of this many components (the store
// unions parts with the same source key), so one asset cannot hold the whole file in memory.
constexpr std::size_t kMaxComponentsPerPart = 10000;

// The asset being built from a run of rows with the same key.
struct PendingAsset {
    std::string key;
    ObservedAsset asset;
    // Each asset field as first given (trimmed), to spot later rows that disagree.
    AssetValues first;
    std::array<bool, kColumnCount> conflict_reported{};
};

// "Microsoft Windows 10 Enterprise" 10.0.19045 -> family Windows, vendor Microsoft, build 19045:
// the OS's family and build are what OS-level advisories are matched on.
void complete_os(ObservedOs& os) {
    const std::string name = to_lower(os.name);
    if (name.find("windows") != std::string::npos) {
        os.family = "Windows";
        os.vendor = "Microsoft";
        const auto parts = split(os.version, '.');
        if (parts.size() >= 3 && !parts[2].empty() &&
            parts[2].find_first_not_of("0123456789") == std::string_view::npos) {
            os.build = std::string(parts[2]);
        }
        return;
    }
    for (const std::string_view linux_name :
         {"linux", "ubuntu", "debian", "red hat", "rhel", "centos", "rocky", "alma", "suse"}) {
        if (name.find(linux_name) != std::string::npos) {
            os.family = "Linux";
            return;
        }
    }
    if (name.find("macos") != std::string::npos || name.find("mac os") != std::string::npos) {
        os.family = "macOS";
        os.vendor = "Apple";
    }
}

ObservedOs& the_os(ObservedAsset& asset) {
    if (asset.os.empty()) {
        asset.os.emplace_back();
    }
    return asset.os.front();
}

// The spellings of each posture column's values, as docs/inventory-csv.md lists them. The yes/no
// ones, which the device register reads too, are in fact_spellings.h.
using detail::Spelling;

constexpr std::array<Spelling, 24> kProtectionSpellings{{
    {"active", "active"},     {"yes", "active"},         {"y", "active"},
    {"true", "active"},       {"1", "active"},           {"on", "active"},
    {"enabled", "active"},    {"running", "active"},     {"protected", "active"},
    {"inactive", "inactive"}, {"no", "inactive"},        {"n", "inactive"},
    {"false", "inactive"},    {"0", "inactive"},         {"off", "inactive"},
    {"disabled", "inactive"}, {"stopped", "inactive"},   {"not running", "inactive"},
    {"none", "none"},         {"not installed", "none"}, {"absent", "none"},
    {"missing", "none"},      {"no product", "none"},    {"uninstalled", "none"},
}};

// Signatures up to date: yes/no and the words consoles use.
constexpr std::array<Spelling, 18> kUpdatedSpellings{{
    {"yes", "yes"},
    {"y", "yes"},
    {"true", "yes"},
    {"1", "yes"},
    {"on", "yes"},
    {"enabled", "yes"},
    {"updated", "yes"},
    {"up to date", "yes"},
    {"current", "yes"},
    {"no", "no"},
    {"n", "no"},
    {"false", "no"},
    {"0", "no"},
    {"off", "no"},
    {"disabled", "no"},
    {"not updated", "no"},
    {"outdated", "no"},
    {"out of date", "no"},
}};

constexpr std::array<Spelling, 24> kEncryptionSpellings{{
    {"on", "on"},
    {"yes", "on"},
    {"y", "on"},
    {"true", "on"},
    {"1", "on"},
    {"enabled", "on"},
    {"encrypted", "on"},
    {"full", "on"},
    {"fully encrypted", "on"},
    {"off", "off"},
    {"no", "off"},
    {"n", "off"},
    {"false", "off"},
    {"0", "off"},
    {"disabled", "off"},
    {"not encrypted", "off"},
    {"unencrypted", "off"},
    {"decrypted", "off"},
    {"fully decrypted", "off"},
    {"none", "off"},
    {"partial", "partial"},
    {"partially encrypted", "partial"},
    {"encrypting", "partial"},
    {"encryption in progress", "partial"},
}};

constexpr std::array<Spelling, 17> kSmb1Spellings{{
    {"enabled", "enabled"},
    {"yes", "enabled"},
    {"y", "enabled"},
    {"true", "enabled"},
    {"1", "enabled"},
    {"on", "enabled"},
    {"installed", "enabled"},
    {"disabled", "disabled"},
    {"no", "disabled"},
    {"n", "disabled"},
    {"false", "disabled"},
    {"0", "disabled"},
    {"off", "disabled"},
    {"removed", "disabled"},
    {"uninstalled", "disabled"},
    {"not installed", "disabled"},
    {"absent", "disabled"},
}};

// One fact per update id; ';', ',' or spaces between them.
void add_hotfixes(const std::string& value, detail::CsvRow& row, ObservedAsset& asset) {
    std::size_t start = 0;
    for (std::size_t i = 0; i <= value.size(); ++i) {
        if (i < value.size() && value[i] != ';' && value[i] != ',' &&
            std::isspace(static_cast<unsigned char>(value[i])) == 0) {
            continue;
        }
        const std::string_view item = std::string_view(value).substr(start, i - start);
        start = i + 1;
        if (item.empty()) {
            continue;
        }
        if (auto kb = canonical_hotfix(item)) {
            add_fact(asset, kFactHotfix, std::move(*kb), row.location());
        } else {
            row.report(Severity::kWarning, "inventory.bad_fact",
                       "hotfixes " + detail::quoted(item) +
                           " is not an update id of the form KB4012212; it is dropped");
        }
    }
}

// Sets one posture fact from its (non-empty) value, reporting a value that cannot be used.
void apply_fact_field(std::size_t column,
                      const std::string& value,
                      detail::CsvRow& row,
                      ObservedAsset& asset) {
    switch (column) {
        case kEndpointProtection:
            detail::add_spelled_fact(column, value, kFactEndpointProtection, kProtectionSpellings,
                                     "active, inactive or none", row, asset);
            break;
        case kEndpointProtectionProduct:
            add_fact(asset, kFactEndpointProtectionProduct, value, row.location());
            break;
        case kEndpointProtectionUpdated:
            detail::add_spelled_fact(column, value, kFactEndpointProtectionUpdated,
                                     kUpdatedSpellings, "yes or no", row, asset);
            break;
        case kDiskEncryption:
            detail::add_spelled_fact(column, value, kFactDiskEncryption, kEncryptionSpellings,
                                     "on, off or partial", row, asset);
            break;
        case kSmb1:
            detail::add_spelled_fact(column, value, kFactSmb1, kSmb1Spellings,
                                     "enabled or disabled", row, asset);
            break;
        case kHotfixes:
            add_hotfixes(value, row, asset);
            break;
        case kLocalAdminUse:
            detail::add_spelled_fact(column, value, kFactLocalAdminUse, detail::kYesNoSpellings,
                                     "yes or no", row, asset);
            break;
        case kNetworkSegment:
            // One spelling per segment (canonical_segment says why); row.text has already refused
            // what canonical_segment would, so every non-empty cell gives a fact.
            if (auto segment = canonical_segment(value)) {
                add_fact(asset, kFactNetworkSegment, std::move(*segment), row.location());
            }
            break;
        case kDefaultCredentials:
            detail::add_spelled_fact(column, value, kFactDefaultCredentials,
                                     detail::kYesNoSpellings, "yes or no", row, asset);
            break;
        default:
            break;
    }
}

// Sets one asset field from its (non-empty) value, reporting a value that cannot be used.
void apply_asset_field(std::size_t column,
                       const std::string& value,
                       detail::CsvRow& row,
                       ObservedAsset& asset) {
    switch (column) {
        case kHostname:
            asset.hostname = value;
            break;
        case kFqdn:
            asset.fqdn = value;
            break;
        case kKind:
            if (auto kind = parse_asset_kind(value)) {
                asset.kind = *kind;
            } else {
                row.report(Severity::kWarning, "inventory.bad_value",
                           "kind " + detail::quoted(value) +
                               " is not a known kind of asset; the kind is left unknown");
            }
            break;
        case kIp:
            asset.ips = row.ips(value);
            break;
        case kMac:
            asset.macs = row.macs(value);
            break;
        case kSerial:
            asset.serial = value;
            break;
        case kOs:
            the_os(asset).name = value;
            break;
        case kOsVersion:
            the_os(asset).version = value;
            break;
        case kManufacturer:
            asset.manufacturer = value;
            break;
        case kModel:
            asset.model = value;
            break;
        case kSite:
            asset.site = value;
            break;
        case kDepartment:
            asset.department = value;
            break;
        case kOwner:
            asset.owner = value;
            break;
        case kInternetFacing:
            asset.internet_facing = row.flag(column, value);
            break;
        case kCriticality:
            asset.criticality = value;
            break;
        case kLastSeen:
            asset.last_seen = row.timestamp(column, value);
            break;
        case kAssetId:
            break;  // the asset's key, nothing more
        default:
            apply_fact_field(column, value, row, asset);
            break;
    }
}

// CycloneDX's component types, and the other names inventories give them.
std::optional<std::string> component_type(std::string_view text) {
    std::string key = to_lower(trim(text));
    for (char& c : key) {
        if (c == ' ' || c == '_') {
            c = '-';
        }
    }
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 15> kTypes{{
        {"application", "application"},
        {"app", "application"},
        {"software", "application"},
        {"program", "application"},
        {"operating-system", "operating-system"},
        {"os", "operating-system"},
        {"firmware", "firmware"},
        {"library", "library"},
        {"lib", "library"},
        {"device", "device"},
        {"hardware", "device"},
        {"framework", "framework"},
        {"container", "container"},
        {"file", "file"},
        {"driver", "firmware"},
    }};
    for (const auto& [spelling, type] : kTypes) {
        if (key == spelling) {
            return std::string(type);
        }
    }
    return std::nullopt;
}

// A CPE 2.3 formatted string, or a 2.2 URI converted to one; nullopt when it is neither.
std::optional<std::string> canonical_cpe(std::string_view text) {
    auto cpe =
        starts_with_icase(text, "cpe:/") ? vuln::parse_cpe22_uri(text) : vuln::parse_cpe23(text);
    if (!cpe) {
        return std::nullopt;
    }
    return vuln::to_cpe23(*cpe);
}

// The component a row describes, if it describes one that can be used.
std::optional<ObservedComponent> read_component(detail::CsvRow& row) {
    ObservedComponent component;
    const std::string type = row.text(kComponentType);
    component.vendor = row.text(kVendor);
    component.product = row.text(kProduct);
    component.version = row.text(kVersion);
    const std::string cpe = row.text(kCpe);
    const std::string purl = row.text(kPurl);
    if (type.empty() && component.vendor.empty() && component.product.empty() &&
        component.version.empty() && cpe.empty() && purl.empty()) {
        return std::nullopt;  // the row describes the asset alone
    }
    if (!type.empty()) {
        if (auto known = component_type(type)) {
            component.type = std::move(*known);
        } else {
            row.report(Severity::kWarning, "inventory.bad_value",
                       "component_type " + detail::quoted(type) +
                           " is not a known type of component; the type is left unknown");
        }
    }
    if (!cpe.empty()) {
        if (auto canonical = canonical_cpe(cpe)) {
            component.cpe = std::move(*canonical);
        } else {
            row.report(Severity::kWarning, "csv.bad_cpe",
                       "cpe " + detail::quoted(cpe) +
                           " is neither a CPE 2.3 formatted string nor a CPE 2.2 URI; it is "
                           "dropped");
        }
    }
    if (!purl.empty()) {
        if (starts_with_icase(purl, "pkg:") && purl.find('/') != std::string::npos) {
            component.purl = purl;
        } else {
            row.report(Severity::kWarning, "inventory.bad_value",
                       "purl " + detail::quoted(purl) +
                           " is not a package URL (pkg:type/name@version); it is dropped");
        }
    }
    if (component.product.empty() && component.cpe.empty() && component.purl.empty()) {
        row.report(Severity::kError, "inventory.missing_product",
                   "the component has no product, cpe or purl; it is left out (the asset is "
                   "kept)");
        return std::nullopt;
    }
    if (component.version.empty() && component.cpe.empty() && component.purl.empty()) {
        row.report(Severity::kWarning, "inventory.missing_version",
                   "component " + detail::quoted(component.product) +
                       " has no version, so it cannot be matched to version ranges; it is kept");
    }
    component.location = row.location();
    return component;
}

class InventoryReader {
public:
    InventoryReader(const std::string& source,
                    const detail::CsvLayout& layout,
                    Diagnostics& diagnostics,
                    const AssetSink& sink)
        : source_(source), layout_(layout), diagnostics_(diagnostics), sink_(sink) {
        report_.format = "csv";
    }

    [[nodiscard]] Status add_row(const std::vector<std::string>& record, std::size_t line) {
        detail::CsvRow row(layout_, record, line, diagnostics_, source_);
        AssetValues values;
        for (std::size_t column = 0; column < kColumnCount; ++column) {
            if (is_asset_column(column)) {
                values[column] = row.text(column);
            }
        }
        std::string key = !values[kAssetId].empty()  ? values[kAssetId]
                          : !values[kSerial].empty() ? values[kSerial]
                                                     : to_lower(values[kHostname]);
        if (key.empty()) {
            row.report(Severity::kError, "inventory.missing_identity",
                       "the row has no asset_id, serial or hostname; it is left out");
            return {};
        }
        if (pending_ && pending_->key != key) {
            WARDROUND_TRY(flush());
        }
        if (!pending_) {
            pending_.emplace();
            pending_->key = std::move(key);
            pending_->asset.source_key = pending_->key;
            pending_->asset.location = row.location();
        }
        merge_asset_fields(values, row);
        if (auto component = read_component(row)) {
            pending_->asset.components.push_back(std::move(*component));
            if (pending_->asset.components.size() >= kMaxComponentsPerPart) {
                WARDROUND_TRY(emit_part());
            }
        }
        return {};
    }

    [[nodiscard]] Status finish() {
        if (pending_) {
            WARDROUND_TRY(flush());
        }
        return {};
    }

    [[nodiscard]] ObservedReport& report() { return report_; }

private:
    // Fields the asset does not have yet are taken from this row; a field that differs from the
    // value already taken is reported once per asset (the first value is kept).
    void merge_asset_fields(const AssetValues& values, detail::CsvRow& row) {
        for (std::size_t column = 0; column < kColumnCount; ++column) {
            const std::string& value = values[column];
            if (value.empty()) {
                continue;
            }
            std::string& first = pending_->first[column];
            if (first.empty()) {
                first = value;
                apply_asset_field(column, value, row, pending_->asset);
            } else if (!iequals(first, value) && !pending_->conflict_reported[column]) {
                pending_->conflict_reported[column] = true;
                row.report(Severity::kWarning, "csv.conflicting_asset_field",
                           std::string(kInventoryCsvColumns[column]) + " " + detail::quoted(value) +
                               " differs from " + detail::quoted(first) +
                               ", given earlier for asset " + detail::quoted(pending_->key) +
                               "; the first value is kept");
            }
        }
    }

    // Passes on the components gathered so far as one part of the pending asset.
    [[nodiscard]] Status emit_part() {
        std::vector<ObservedComponent> components = std::move(pending_->asset.components);
        pending_->asset.components.clear();
        ObservedAsset part = pending_->asset;  // the asset's fields, without its components
        part.components = std::move(components);
        return emit(std::move(part));
    }

    [[nodiscard]] Status flush() {
        ObservedAsset asset = std::move(pending_->asset);
        pending_.reset();
        return emit(std::move(asset));
    }

    [[nodiscard]] Status emit(ObservedAsset asset) {
        if (!asset.os.empty()) {
            complete_os(asset.os.front());
        }
        ++report_.assets;
        report_.components += static_cast<std::int64_t>(asset.components.size());
        return sink_(std::move(asset));
    }

    const std::string& source_;
    const detail::CsvLayout& layout_;
    Diagnostics& diagnostics_;
    const AssetSink& sink_;
    std::optional<PendingAsset> pending_;
    ObservedReport report_;
};

}  // namespace

Result<ObservedReport> parse_inventory_csv(InputFile& file,
                                           Diagnostics& diagnostics,
                                           const AssetSink& sink,
                                           const CsvImportOptions& options) {
    CsvReader reader(file);
    auto layout = detail::CsvLayout::read(reader, kInventoryCsvColumns, options, diagnostics);
    if (!layout) {
        return propagate(layout.error());
    }
    if (!layout->has(kHostname) && !layout->has(kAssetId) && !layout->has(kSerial)) {
        return make_error(ErrorCode::kInvalidArgument,
                          "not an inventory CSV: the header needs at least one of hostname, "
                          "asset_id or serial (use --map to name an export's own columns)",
                          file.name() + " line 1");
    }
    InventoryReader inventory(file.name(), *layout, diagnostics, sink);
    WARDROUND_TRY(detail::for_each_row(
        reader, file.name(), "inventory",
        [&inventory](const std::vector<std::string>& record, std::size_t line) {
            return inventory.add_row(record, line);
        }));
    WARDROUND_TRY(inventory.finish());
    return std::move(inventory.report());
}

}  // namespace wardround::inventory

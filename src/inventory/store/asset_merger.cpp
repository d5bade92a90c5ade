// SPDX-License-Identifier: Apache-2.0
#include "inventory/store/asset_merger.h"

#include <algorithm>
#include <array>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include <wardround/core/json_text.h>
#include <wardround/core/text.h>

namespace wardround::inventory::detail {
namespace {

using store::Value;

// The asset fields every source view may carry, which are also the asset table's columns.
constexpr std::array<std::string_view, 18> kViewFields{"kind",
                                                       "hostname",
                                                       "fqdn",
                                                       "serial",
                                                       "os_name",
                                                       "os_version",
                                                       "os_build",
                                                       "os_cpe",
                                                       "manufacturer",
                                                       "model",
                                                       "site",
                                                       "department",
                                                       "owner",
                                                       "internet_facing",
                                                       "criticality",
                                                       "network_connected",
                                                       "supported_until",
                                                       "mds2"};

// Names that many devices share, so equal names prove nothing: they never merge assets.
bool is_generic_hostname(std::string_view name) {
    static const std::set<std::string, std::less<>> kGeneric{"localhost", "localhost.localdomain",
                                                             "unknown",   "none",
                                                             "default",   "android",
                                                             "iphone",    "ipad",
                                                             "dhcp",      "host",
                                                             "computer",  "pc",
                                                             "desktop",   "laptop",
                                                             "printer"};
    return name.empty() || kGeneric.contains(name);
}

// Placeholder serial numbers that firmware and registers write when they have none (the
// SMBIOS defaults in particular): equal placeholders prove nothing.
bool is_placeholder_serial(std::string_view serial) {
    static const std::set<std::string, std::less<>> kPlaceholders{"",
                                                                  "0",
                                                                  "00000000",
                                                                  "0000000000",
                                                                  "0123456789",
                                                                  "1234567890",
                                                                  "N/A",
                                                                  "NA",
                                                                  "NONE",
                                                                  "UNKNOWN",
                                                                  "NOT SPECIFIED",
                                                                  "NOT APPLICABLE",
                                                                  "DEFAULT STRING",
                                                                  "TO BE FILLED BY O.E.M.",
                                                                  "SYSTEM SERIAL NUMBER",
                                                                  "CHASSIS SERIAL NUMBER",
                                                                  "INVALID",
                                                                  "-"};
    return serial.size() < 3 || kPlaceholders.contains(serial);
}

bool is_placeholder_mac(std::string_view mac) {
    return mac == "00:00:00:00:00:00" || mac == "ff:ff:ff:ff:ff:ff";
}

// The domain part of a fully qualified name ("" for a short name).
std::string_view domain_of(std::string_view fqdn) {
    const std::size_t dot = fqdn.find('.');
    return dot == std::string_view::npos ? std::string_view{} : fqdn.substr(dot + 1);
}

Value text(std::string_view value) {
    return store::text_or_null(value);
}

Value optional_bool(const nlohmann::json& view, const char* field) {
    const auto found = view.find(field);
    if (found == view.end() || !found->is_boolean()) {
        return store::null_value();
    }
    return Value{std::int64_t{found->get<bool>() ? 1 : 0}};
}

std::string view_text(const nlohmann::json& view, std::string_view field) {
    const auto found = view.find(field);
    if (found == view.end()) {
        return {};
    }
    if (found->is_string()) {
        return found->get<std::string>();
    }
    if (found->is_boolean()) {
        return found->get<bool>() ? "yes" : "no";
    }
    return found->dump();
}

}  // namespace

// An observed asset's identifiers, canonical, with the ones that can prove identity marked.
struct AssetMerger::Identifiers {
    std::vector<std::pair<std::string, std::string>> all;  // (kind, value), all of them
    std::vector<std::string> macs;                         // usable for merging
    std::string serial;                                    // usable for merging, or ""
    std::string name;                                      // short host name, lower case, or ""
    std::string hostname;  // the same, when it is specific enough to merge by
    std::string fqdn;      // lower case, or ""

    explicit Identifiers(const ObservedAsset& asset) {
        for (const std::string& mac : asset.macs) {
            all.emplace_back("mac", mac);
            if (!is_placeholder_mac(mac)) {
                macs.push_back(mac);
            }
        }
        for (const std::string& ip : asset.ips) {
            all.emplace_back("ip", to_lower(ip));
        }
        const std::string canonical_serial = to_upper(trim(asset.serial));
        if (!canonical_serial.empty()) {
            all.emplace_back("serial", canonical_serial);
            if (!is_placeholder_serial(canonical_serial)) {
                serial = canonical_serial;
            }
        }
        name = to_lower(trim(asset.hostname));
        fqdn = to_lower(trim(asset.fqdn));
        if (is_ip_address(name)) {
            name.clear();
        }
        if (name.find('.') != std::string::npos) {
            if (fqdn.empty()) {
                fqdn = name;
            }
            name.resize(name.find('.'));
        }
        if (name.empty() && !fqdn.empty()) {
            name = fqdn.substr(0, fqdn.find('.'));
        }
        if (!fqdn.empty()) {
            all.emplace_back("fqdn", fqdn);
        }
        if (!name.empty()) {
            all.emplace_back("hostname", name);
            if (!is_generic_hostname(name) && !is_generic_hostname(fqdn)) {
                hostname = name;
            }
        }
        // A source may list an address twice; each identifier is stored once.
        std::sort(all.begin(), all.end());
        all.erase(std::unique(all.begin(), all.end()), all.end());
    }

    [[nodiscard]] bool empty() const { return all.empty(); }
};

AssetMerger::AssetMerger(store::Database& database,
                         IdentityBook& identities,
                         MergeScope scope,
                         InventoryImportCounts& counts,
                         Diagnostics& diagnostics)
    : database_(database),
      identities_(identities),
      scope_(std::move(scope)),
      scope_label_(scope_.source + "/" + scope_.format),
      counts_(counts),
      diagnostics_(diagnostics) {}

AssetMerger::~AssetMerger() = default;

Result<std::optional<std::int64_t>> AssetMerger::find_by_identifier(std::string_view kind,
                                                                    const std::string& value) {
    std::optional<std::int64_t> found;
    const Value params[] = {Value{scope_.org_id}, Value{std::string(kind)}, Value{value}};
    WARDROUND_TRY(database_.query(
        "SELECT asset_id FROM asset_identifier WHERE org_id = ? AND kind = ? AND value = ? "
        "ORDER BY asset_id LIMIT 1",
        params, [&](const store::Row& row) -> Status {
            found = row.get_int(0);
            return {};
        }));
    return found;
}

Result<std::optional<std::int64_t>> AssetMerger::find_by_source_key(const std::string& key) {
    std::optional<std::int64_t> found;
    if (key.empty()) {
        return found;
    }
    const Value params[] = {Value{scope_.org_id}, Value{scope_.source}, Value{key}};
    WARDROUND_TRY(database_.query(
        "SELECT asset_id FROM asset_source WHERE org_id = ? AND source = ? AND source_key = ? "
        "ORDER BY asset_id LIMIT 1",
        params, [&](const store::Row& row) -> Status {
            found = row.get_int(0);
            return {};
        }));
    return found;
}

Result<bool> AssetMerger::name_belongs_elsewhere(std::int64_t asset_id,
                                                 const ObservedAsset& asset,
                                                 const Identifiers& identifiers) {
    // A host name is weak evidence: two different serials, or fully qualified names in two
    // different domains, mean two devices that happen to share a name.
    std::vector<std::string> serials;
    std::vector<std::string> fqdns;
    const Value params[] = {Value{asset_id}};
    WARDROUND_TRY(database_.query(
        "SELECT kind, value FROM asset_identifier WHERE asset_id = ? AND kind IN ('serial', "
        "'fqdn')",
        params, [&](const store::Row& row) -> Status {
            (row.get_text(0) == "serial" ? serials : fqdns).push_back(row.get_text(1));
            return {};
        }));
    const auto has = [](const std::vector<std::string>& values, const std::string& value) {
        return std::find(values.begin(), values.end(), value) != values.end();
    };
    const bool serial_differs =
        !identifiers.serial.empty() && !has(serials, identifiers.serial) &&
        std::any_of(serials.begin(), serials.end(),
                    [](const std::string& serial) { return !is_placeholder_serial(serial); });
    const bool domain_differs =
        !identifiers.fqdn.empty() && !fqdns.empty() &&
        std::none_of(fqdns.begin(), fqdns.end(), [&](const std::string& fqdn) {
            return domain_of(fqdn) == domain_of(identifiers.fqdn);
        });
    if (serial_differs || domain_differs) {
        diagnostics_.add(Severity::kInfo, "inventory.name_not_merged", scope_.file, asset.location,
                         "host name '" + identifiers.hostname + "' is already used by asset " +
                             std::to_string(asset_id) + ", but its " +
                             (serial_differs ? "serial number" : "domain") +
                             " differs: kept as a separate asset");
    }
    return serial_differs || domain_differs;
}

Result<std::optional<std::int64_t>> AssetMerger::find_asset(const ObservedAsset& asset,
                                                            const Identifiers& identifiers) {
    if (scope_.attach_to) {
        return scope_.attach_to;
    }
    // Strongest evidence first: the source's own id, a MAC, a serial; a host name last.
    auto found = find_by_source_key(asset.source_key);
    for (std::size_t i = 0; found && !*found && i < identifiers.macs.size(); ++i) {
        found = find_by_identifier("mac", identifiers.macs[i]);
    }
    if (found && !*found && !identifiers.serial.empty()) {
        found = find_by_identifier("serial", identifiers.serial);
    }
    if (!found || *found || identifiers.hostname.empty()) {
        return found;
    }
    auto by_name = find_by_identifier("hostname", identifiers.hostname);
    if (!by_name || !*by_name) {
        return by_name;
    }
    auto elsewhere = name_belongs_elsewhere(**by_name, asset, identifiers);
    if (!elsewhere) {
        return propagate(elsewhere.error());
    }
    return *elsewhere ? std::optional<std::int64_t>{} : by_name;
}

Result<bool> AssetMerger::is_older(std::int64_t asset_id,
                                   const std::string& source_key,
                                   const std::string& last_seen) {
    bool older = false;
    const Value params[] = {Value{asset_id}, Value{scope_.source}, Value{scope_.format},
                            Value{source_key}, Value{last_seen}};
    WARDROUND_TRY(database_.query(
        "SELECT 1 FROM asset_source WHERE asset_id = ? AND source = ? AND format = ? AND "
        "source_key = ? AND last_seen > ?",
        params, [&](const store::Row&) -> Status {
            older = true;
            return {};
        }));
    return older;
}

Result<std::int64_t> AssetMerger::create_asset(const std::string& first_seen,
                                               const std::string& last_seen) {
    std::int64_t id = 0;
    const Value params[] = {Value{scope_.org_id}, Value{first_seen}, Value{last_seen},
                            Value{scope_.now}, Value{scope_.now}};
    WARDROUND_TRY(database_.query(
        "INSERT INTO asset (org_id, kind, first_seen, last_seen, created_at, updated_at) "
        "VALUES (?, 'unknown', ?, ?, ?, ?) RETURNING id",
        params, [&](const store::Row& row) -> Status {
            id = row.get_int(0);
            return {};
        }));
    return id;
}

Result<AssetMerger::Target> AssetMerger::target_of(const ObservedAsset& asset,
                                                   const Identifiers& identifiers,
                                                   const std::string& first_seen,
                                                   const std::string& last_seen) {
    auto found = find_asset(asset, identifiers);
    if (!found) {
        return propagate(found.error());
    }
    if (!*found) {
        auto created = create_asset(first_seen, last_seen);
        if (!created) {
            return propagate(created.error());
        }
        ++counts_.assets_new;
        return Target{*created, true, false};
    }
    auto older = is_older(**found, asset.source_key, last_seen);
    if (!older) {
        return propagate(older.error());
    }
    ++(*older ? counts_.assets_older : counts_.assets_merged);
    return Target{**found, false, *older};
}

Status AssetMerger::merge(ObservedAsset&& asset) {
    ++counts_.assets_read;
    const Identifiers identifiers(asset);
    if (identifiers.empty() && asset.source_key.empty() && !scope_.attach_to) {
        diagnostics_.add(Severity::kError, "inventory.missing_identity", scope_.file,
                         asset.location,
                         "nothing identifies this asset (no host name, serial, MAC, address or "
                         "id): left out");
        return {};
    }
    const std::string last_seen = asset.last_seen.empty() ? scope_.now : asset.last_seen;
    const std::string first_seen =
        asset.first_seen.empty() ? last_seen : std::min(asset.first_seen, last_seen);
    auto target = target_of(asset, identifiers, first_seen, last_seen);
    if (!target) {
        return propagate(target.error());
    }
    if (target->older) {
        return {};  // this source has already reported the asset as seen later
    }
    return write_report(*target, asset, identifiers, first_seen, last_seen);
}

Status AssetMerger::write_report(const Target& target,
                                 const ObservedAsset& asset,
                                 const Identifiers& identifiers,
                                 const std::string& first_seen,
                                 const std::string& last_seen) {
    const std::int64_t asset_id = target.asset_id;
    if (touched_.emplace(asset_id, asset.source_key).second) {
        // The first time this import reports the asset: its view replaces the source's last one.
        WARDROUND_TRY(write_view(asset_id, asset, identifiers, first_seen, last_seen));
        if (!target.is_new) {
            WARDROUND_TRY(replace_parts(asset_id));
        }
    }
    WARDROUND_TRY(write_identifiers(asset_id, identifiers, last_seen));
    WARDROUND_TRY(write_parts(asset_id, asset));
    WARDROUND_TRY(write_facts(asset_id, asset, last_seen));
    return recompute_asset(asset_id, target.is_new);
}

Status AssetMerger::write_parts(std::int64_t asset_id, const ObservedAsset& asset) {
    WARDROUND_TRY(write_components(asset_id, asset));
    WARDROUND_TRY(write_exposures(asset_id, asset));
    return write_dependencies(asset_id, asset);
}

Status AssetMerger::write_view(std::int64_t asset_id,
                               const ObservedAsset& asset,
                               const Identifiers& identifiers,
                               const std::string& first_seen,
                               const std::string& last_seen) {
    nlohmann::json view = nlohmann::json::object();
    const auto put = [&](const char* field, const std::string& value) {
        if (!value.empty()) {
            view[field] = value;
        }
    };
    if (asset.kind != AssetKind::kUnknown) {
        view["kind"] = std::string(asset_kind_name(asset.kind));
    }
    put("hostname", identifiers.name);
    put("fqdn", identifiers.fqdn);
    put("serial", to_upper(trim(asset.serial)));
    if (!asset.os.empty()) {
        const ObservedOs& os = asset.os.front();
        put("os_name", os.name);
        put("os_version", os.version);
        put("os_build", os.build);
        auto resolver = identities_.resolver();
        if (!resolver) {
            return propagate(resolver.error());
        }
        const Resolution resolution = (*resolver)->resolve_os(os);
        if (resolution.status == Resolution::kResolved && !resolution.cpe.empty()) {
            put("os_cpe", resolution.cpe);
        } else if (!os.cpes.empty()) {
            put("os_cpe", os.cpes.front());
        }
    }
    put("manufacturer", asset.manufacturer);
    put("model", asset.model);
    put("site", asset.site);
    put("department", asset.department);
    put("owner", asset.owner);
    if (asset.internet_facing) {
        view["internet_facing"] = *asset.internet_facing;
    }
    put("criticality", asset.criticality);
    if (asset.network_connected) {
        view["network_connected"] = *asset.network_connected;
    }
    put("supported_until", asset.supported_until);
    put("mds2", asset.mds2);

    const Value params[] = {Value{asset_id},      Value{scope_.org_id},    Value{scope_.source},
                            Value{scope_.format}, Value{asset.source_key}, Value{first_seen},
                            Value{last_seen},     Value{scope_.now},       Value{scope_.import_id},
                            Value{view.dump()}};
    auto written = database_.execute(
        "INSERT INTO asset_source (asset_id, org_id, source, format, source_key, first_seen, "
        "last_seen, observed_at, import_id, stale, view) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?) "
        "ON CONFLICT (asset_id, source, format, source_key) DO UPDATE SET "
        "first_seen = CASE WHEN excluded.first_seen < asset_source.first_seen "
        "THEN excluded.first_seen ELSE asset_source.first_seen END, "
        "last_seen = excluded.last_seen, observed_at = excluded.observed_at, "
        "import_id = excluded.import_id, stale = 0, view = excluded.view",
        params);
    if (!written) {
        return propagate(written.error());
    }
    return {};
}

Status AssetMerger::write_identifiers(std::int64_t asset_id,
                                      const Identifiers& identifiers,
                                      const std::string& last_seen) {
    if (identifiers.all.empty()) {
        return {};
    }
    // One statement for all of them: a round trip per identifier is what a server import
    // would spend its time on.
    std::string sql =
        "INSERT INTO asset_identifier (asset_id, org_id, kind, value, first_seen, last_seen) "
        "VALUES ";
    std::vector<Value> params;
    params.reserve(identifiers.all.size() * 6);
    for (const auto& [kind, value] : identifiers.all) {
        sql += params.empty() ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)";
        params.insert(params.end(), {Value{asset_id}, Value{scope_.org_id}, Value{kind},
                                     Value{value}, Value{last_seen}, Value{last_seen}});
    }
    sql +=
        " ON CONFLICT (asset_id, kind, value) DO UPDATE SET "
        "first_seen = CASE WHEN excluded.first_seen < asset_identifier.first_seen "
        "THEN excluded.first_seen ELSE asset_identifier.first_seen END, "
        "last_seen = CASE WHEN excluded.last_seen > asset_identifier.last_seen "
        "THEN excluded.last_seen ELSE asset_identifier.last_seen END";
    auto written = database_.execute(sql, params);
    if (!written) {
        return propagate(written.error());
    }
    return {};
}

Status AssetMerger::replace_parts(std::int64_t asset_id) {
    // This source's previous report of the asset is replaced whole by this one.
    const Value params[] = {Value{asset_id}, Value{scope_label_}};
    for (const char* sql : {"DELETE FROM component WHERE asset_id = ? AND source = ?",
                            "DELETE FROM exposure WHERE asset_id = ? AND source = ?",
                            "DELETE FROM component_dependency WHERE asset_id = ? AND source = ?",
                            "DELETE FROM asset_fact WHERE asset_id = ? AND source = ?"}) {
        auto deleted = database_.execute(sql, params);
        if (!deleted) {
            return propagate(deleted.error());
        }
    }
    return {};
}

Status AssetMerger::write_components(std::int64_t asset_id, const ObservedAsset& asset) {
    if (asset.components.empty()) {
        return {};
    }
    if (!components_) {
        auto writer = database_.bulk_writer(
            store::BulkTarget{"component",
                              {"asset_id", "org_id", "source", "type", "vendor", "product",
                               "version", "cpe", "purl", "ref", "parent_ref", "identity_id"},
                              store::BulkMode::kInsert,
                              {}});
        if (!writer) {
            return propagate(writer.error());
        }
        components_ = std::move(*writer);
    }
    for (const ObservedComponent& component : asset.components) {
        bool is_new = false;
        auto identity = identities_.identify(component, is_new);
        if (!identity) {
            return propagate(identity.error());
        }
        counts_.identities_new += is_new ? 1 : 0;
        counts_.components_resolved += identity->resolved ? 1 : 0;
        ++counts_.components;
        // Owned copies: the rows outlive the asset until the next burst.
        pending_components_.insert(
            pending_components_.end(),
            {Value{asset_id}, Value{scope_.org_id}, Value{scope_label_},
             store::text_or_null(component.type), store::text_or_null(component.vendor),
             store::text_or_null(component.product), store::text_or_null(component.version),
             store::text_or_null(component.cpe), store::text_or_null(component.purl),
             store::text_or_null(component.ref), store::text_or_null(component.parent_ref),
             Value{identity->id}});
    }
    if (pending_components_.size() >= kComponentBurstRows * kComponentColumns) {
        return flush_components();
    }
    return {};
}

Status AssetMerger::flush_components() {
    for (std::size_t at = 0; at < pending_components_.size(); at += kComponentColumns) {
        WARDROUND_TRY(components_->add(
            std::span<const Value>(pending_components_.data() + at, kComponentColumns)));
    }
    pending_components_.clear();
    return {};
}

Status AssetMerger::write_exposures(std::int64_t asset_id, const ObservedAsset& asset) {
    if (asset.exposures.empty()) {
        return {};
    }
    if (!exposures_) {
        auto writer = database_.bulk_writer(
            store::BulkTarget{"exposure",
                              {"asset_id", "org_id", "source", "port", "protocol", "state",
                               "service", "product", "version", "extra", "cpes", "address"},
                              store::BulkMode::kInsert,
                              {}});
        if (!writer) {
            return propagate(writer.error());
        }
        exposures_ = std::move(*writer);
    }
    for (const ObservedExposure& exposure : asset.exposures) {
        ++counts_.exposures;
        const Value row[] = {
            Value{asset_id},
            Value{scope_.org_id},
            Value{scope_label_},
            Value{std::int64_t{exposure.port}},
            Value{exposure.protocol},
            text(exposure.state),
            text(exposure.service),
            text(exposure.product),
            text(exposure.version),
            text(exposure.extra),
            exposure.cpes.empty() ? store::null_value() : Value{json_string_array(exposure.cpes)},
            text(exposure.address)};
        WARDROUND_TRY(exposures_->add(row));
    }
    return {};
}

Status AssetMerger::write_facts(std::int64_t asset_id,
                                const ObservedAsset& asset,
                                const std::string& observed_at) {
    // A few statements per asset, each for up to kFactRowsPerStatement facts: a Windows host's
    // updates run to hundreds, and a round trip per fact is what a server import would spend its
    // time on. Only the last statement's length varies, so few distinct statements are prepared.
    // A fact this import already wrote (the asset given in parts, or again further down the file)
    // is kept once.
    constexpr std::size_t kColumns = 6;
    for (std::size_t first = 0; first < asset.facts.size(); first += kFactRowsPerStatement) {
        const std::size_t rows = std::min(kFactRowsPerStatement, asset.facts.size() - first);
        std::string sql =
            "INSERT INTO asset_fact (asset_id, org_id, source, name, value, observed_at) VALUES ";
        std::vector<Value> params;
        params.reserve(rows * kColumns);
        for (std::size_t i = first; i < first + rows; ++i) {
            const ObservedFact& fact = asset.facts[i];
            sql += params.empty() ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)";
            params.insert(params.end(), {Value{asset_id}, Value{scope_.org_id}, Value{scope_label_},
                                         Value{fact.name}, Value{fact.value}, Value{observed_at}});
        }
        sql += " ON CONFLICT DO NOTHING";
        auto written = database_.execute(sql, params);
        if (!written) {
            return propagate(written.error());
        }
        counts_.facts += *written;
    }
    return {};
}

Status AssetMerger::write_dependencies(std::int64_t asset_id, const ObservedAsset& asset) {
    for (const ObservedDependency& dependency : asset.dependencies) {
        const Value params[] = {Value{asset_id}, Value{scope_.org_id}, Value{scope_label_},
                                Value{dependency.from_ref}, Value{dependency.to_ref}};
        auto written = database_.execute(
            "INSERT INTO component_dependency (asset_id, org_id, source, from_ref, to_ref) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            params);
        if (!written) {
            return propagate(written.error());
        }
    }
    return {};
}

Result<AssetMerger::Views> AssetMerger::load_views(std::int64_t asset_id) {
    Views views;
    bool stale = true;
    const Value params[] = {Value{asset_id}};
    WARDROUND_TRY(database_.query(
        "SELECT source, format, view, first_seen, last_seen, stale FROM asset_source "
        "WHERE asset_id = ? ORDER BY observed_at DESC, last_seen DESC, source, format, source_key",
        params, [&](const store::Row& row) -> Status {
            views.views.push_back({row.get_text(0) + "/" + row.get_text(1),
                                   nlohmann::json::parse(row.get_text(2), nullptr, false)});
            const std::string first = row.get_text(3);
            views.first_seen = views.first_seen.empty() ? first : std::min(views.first_seen, first);
            views.last_seen = std::max(views.last_seen, row.get_text(4));
            stale = stale && row.get_int(5) != 0;
            return {};
        }));
    views.stale = stale;
    return views;
}

Result<nlohmann::json> AssetMerger::merge_views(std::int64_t asset_id, const Views& views) {
    // For each field the first (newest) view with a value wins; any other view that disagrees is
    // recorded.
    nlohmann::json merged = nlohmann::json::object();
    for (const std::string_view field : kViewFields) {
        const View* kept = nullptr;
        std::string kept_value;
        for (const View& view : views.views) {
            if (!view.fields.is_object() || !view.fields.contains(field)) {
                continue;
            }
            const std::string value = view_text(view.fields, field);
            if (kept == nullptr) {
                kept = &view;
                kept_value = value;
                merged[std::string(field)] = view.fields[std::string(field)];
            } else if (value != kept_value && view.label != kept->label) {
                const Value params[] = {Value{asset_id},           Value{scope_.org_id},
                                        Value{std::string(field)}, Value{kept_value},
                                        Value{kept->label},        Value{value},
                                        Value{view.label}};
                WARDROUND_TRY(database_.execute(
                    "INSERT INTO asset_conflict (asset_id, org_id, field, kept_value, "
                    "kept_source, other_value, other_source) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT DO NOTHING",
                    params));
            }
        }
    }
    // A device on the medical device register is a medical device whatever an agent or a scan
    // calls it later: the newest view does not decide this one.
    for (const View& view : views.views) {
        if (view.fields.is_object() && view_text(view.fields, "kind") == "medical-device") {
            merged["kind"] = "medical-device";
        }
    }
    return merged;
}

Status AssetMerger::recompute_asset(std::int64_t asset_id, bool is_new) {
    auto views = load_views(asset_id);
    if (!views) {
        return propagate(views.error());
    }
    if (!is_new) {
        const Value id_param[] = {Value{asset_id}};
        WARDROUND_TRY(database_.execute("DELETE FROM asset_conflict WHERE asset_id = ?", id_param));
    }
    auto merged = merge_views(asset_id, *views);
    if (!merged) {
        return propagate(merged.error());
    }
    const auto field = [&](const char* name) {
        return text(view_text(*merged, name));
    };
    const std::string kind = view_text(*merged, "kind");
    const Value params[] = {Value{kind.empty() ? std::string("unknown") : kind},
                            field("hostname"),
                            field("fqdn"),
                            field("serial"),
                            field("os_name"),
                            field("os_version"),
                            field("os_build"),
                            field("os_cpe"),
                            field("manufacturer"),
                            field("model"),
                            field("site"),
                            field("department"),
                            field("owner"),
                            optional_bool(*merged, "internet_facing"),
                            field("criticality"),
                            optional_bool(*merged, "network_connected"),
                            field("supported_until"),
                            field("mds2"),
                            Value{views->first_seen},
                            Value{views->last_seen},
                            Value{std::int64_t{views->stale ? 1 : 0}},
                            Value{scope_.now},
                            Value{asset_id}};
    auto updated = database_.execute(
        "UPDATE asset SET kind = ?, hostname = ?, fqdn = ?, serial = ?, os_name = ?, "
        "os_version = ?, os_build = ?, os_cpe = ?, manufacturer = ?, model = ?, site = ?, "
        "department = ?, owner = ?, internet_facing = ?, criticality = ?, network_connected = ?, "
        "supported_until = ?, mds2 = ?, first_seen = ?, last_seen = ?, stale = ?, updated_at = ? "
        "WHERE id = ?",
        params);
    if (!updated) {
        return propagate(updated.error());
    }
    return {};
}

Status AssetMerger::mark_stale(const std::string& observed_at) {
    // The views this import wrote carry the report's time, known only now that it is read.
    const Value run_params[] = {Value{observed_at}, Value{scope_.import_id}};
    auto dated = database_.execute("UPDATE asset_source SET observed_at = ? WHERE import_id = ?",
                                   run_params);
    if (!dated) {
        return propagate(dated.error());
    }
    // The newest report of this source and format decides what is current: views it did not
    // include (reported only by older reports) are stale.
    std::string newest = observed_at;
    const Value scope_params[] = {Value{scope_.org_id}, Value{scope_label_},
                                  Value{scope_.import_id}};
    WARDROUND_TRY(database_.query(
        "SELECT MAX(observed_at) FROM import_run WHERE org_id = ? AND scope = ? AND "
        "outcome = 'applied' AND id <> ?",
        scope_params, [&](const store::Row& row) -> Status {
            newest = std::max(newest, row.get_text(0));
            return {};
        }));
    const Value params[] = {Value{scope_.org_id}, Value{scope_.source}, Value{scope_.format},
                            Value{newest}};
    auto marked = database_.execute(
        "UPDATE asset_source SET stale = 1 WHERE org_id = ? AND source = ? AND format = ? AND "
        "observed_at < ? AND stale = 0",
        params);
    if (!marked) {
        return propagate(marked.error());
    }
    counts_.marked_stale = *marked;
    const Value org_params[] = {Value{scope_.org_id}};
    auto assets = database_.execute(
        "UPDATE asset SET stale = CASE WHEN EXISTS (SELECT 1 FROM asset_source s WHERE "
        "s.asset_id = asset.id AND s.stale = 0) THEN 0 ELSE 1 END WHERE org_id = ?",
        org_params);
    if (!assets) {
        return propagate(assets.error());
    }
    return {};
}

Status AssetMerger::finish(const std::string& observed_at) {
    if (components_) {
        WARDROUND_TRY(flush_components());
        WARDROUND_TRY(components_->finish());
    }
    if (exposures_) {
        WARDROUND_TRY(exposures_->finish());
    }
    return mark_stale(observed_at);
}

}  // namespace wardround::inventory::detail

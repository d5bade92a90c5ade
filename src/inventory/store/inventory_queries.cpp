// SPDX-License-Identifier: Apache-2.0
#include <map>
#include <utility>

#include <nlohmann/json.hpp>

#include <wardround/inventory/inventory_queries.h>

#include "inventory/store/inventory_lookup.h"

namespace wardround::inventory {
namespace {

using store::Value;

// The organisations a scope covers, as a CTE named `scope_org`: the organisation with the code
// and all beneath it, or every organisation for an empty code. One parameter: the code.
constexpr std::string_view kScopeCte =
    "WITH RECURSIVE scope_org(id) AS ("
    " SELECT id FROM organisation WHERE (? = '' AND parent_id IS NULL) OR UPPER(code) = UPPER(?)"
    " UNION SELECT o.id FROM organisation o JOIN scope_org s ON o.parent_id = s.id) ";

// Asks for the scope's organisation first, so an unknown code is an error rather than an empty
// answer.
Status check_scope(store::Database& database, const InventoryScope& scope) {
    if (scope.org_code.empty()) {
        return {};
    }
    auto id = detail::find_org_id(database, scope.org_code);
    if (!id) {
        return propagate(id.error());
    }
    return {};
}

std::string sql_in_scope(std::string_view rest) {
    return std::string(kScopeCte) + std::string(rest);
}

std::vector<Value> scope_params(const InventoryScope& scope) {
    return {Value{scope.org_code}, Value{scope.org_code}};
}

std::optional<bool> optional_bool(const store::Row& row, std::size_t column) {
    if (row.is_null(column)) {
        return std::nullopt;
    }
    return row.get_int(column) != 0;
}

// Identifiers and sources of many assets at once, grouped by asset, for lists.
Status attach_identifiers(store::Database& database,
                          const InventoryScope& scope,
                          std::map<std::int64_t, AssetSummary*>& by_id) {
    const auto params = scope_params(scope);
    WARDROUND_TRY(database.query(
        sql_in_scope("SELECT i.asset_id, i.kind, i.value FROM asset_identifier i "
                     "JOIN scope_org s ON s.id = i.org_id WHERE i.kind IN ('ip', 'mac') "
                     "ORDER BY i.asset_id, i.kind, i.last_seen DESC, i.value"),
        params, [&](const store::Row& row) -> Status {
            const auto found = by_id.find(row.get_int(0));
            if (found != by_id.end()) {
                (row.get_text(1) == "ip" ? found->second->ips : found->second->macs)
                    .push_back(row.get_text(2));
            }
            return {};
        }));
    return database.query(
        sql_in_scope("SELECT a.asset_id, a.source || '/' || a.format FROM asset_source a "
                     "JOIN scope_org s ON s.id = a.org_id "
                     "ORDER BY a.asset_id, a.source, a.format, a.source_key"),
        params, [&](const store::Row& row) -> Status {
            const auto found = by_id.find(row.get_int(0));
            if (found != by_id.end()) {
                auto& sources = found->second->sources;
                std::string label = row.get_text(1);
                if (sources.empty() || sources.back() != label) {
                    sources.push_back(std::move(label));
                }
            }
            return {};
        });
}

constexpr std::string_view kSummaryColumns =
    "SELECT a.id, o.code, a.kind, a.hostname, a.fqdn, a.serial, a.os_name, a.os_version, "
    "a.manufacturer, a.model, a.site, a.department, a.first_seen, a.last_seen, a.stale, "
    "(SELECT COUNT(*) FROM component c WHERE c.asset_id = a.id), "
    "(SELECT COUNT(*) FROM exposure e WHERE e.asset_id = a.id), "
    "a.os_build, a.os_cpe, a.owner, a.criticality, a.internet_facing, a.network_connected, "
    "a.supported_until, a.mds2 "
    "FROM asset a JOIN organisation o ON o.id = a.org_id ";

AssetSummary read_summary(const store::Row& row) {
    AssetSummary summary;
    summary.id = row.get_int(0);
    summary.org_code = row.get_text(1);
    summary.kind = row.get_text(2);
    summary.hostname = row.get_text(3);
    summary.fqdn = row.get_text(4);
    summary.serial = row.get_text(5);
    summary.os_name = row.get_text(6);
    summary.os_version = row.get_text(7);
    summary.manufacturer = row.get_text(8);
    summary.model = row.get_text(9);
    summary.site = row.get_text(10);
    summary.department = row.get_text(11);
    summary.first_seen = row.get_text(12);
    summary.last_seen = row.get_text(13);
    summary.stale = row.get_int(14) != 0;
    summary.components = row.get_int(15);
    summary.exposures = row.get_int(16);
    return summary;
}

}  // namespace

Result<std::vector<AssetSummary>> list_assets(store::Database& database,
                                              const AssetListFilter& filter) {
    WARDROUND_TRY(check_scope(database, filter.scope));
    std::vector<AssetSummary> assets;
    auto params = scope_params(filter.scope);
    params.emplace_back(filter.kind);
    params.emplace_back(filter.kind);
    WARDROUND_TRY(database.query(
        sql_in_scope(std::string(kSummaryColumns) +
                     "JOIN scope_org s ON s.id = a.org_id WHERE (? = '' OR a.kind = ?) "
                     "ORDER BY o.code, a.hostname, a.serial, a.id"),
        params, [&](const store::Row& row) -> Status {
            assets.push_back(read_summary(row));
            return {};
        }));
    std::map<std::int64_t, AssetSummary*> by_id;
    for (AssetSummary& asset : assets) {
        by_id.emplace(asset.id, &asset);
    }
    WARDROUND_TRY(attach_identifiers(database, filter.scope, by_id));
    return assets;
}

namespace {

Status read_sources(store::Database& database, AssetDetail& detail) {
    const Value params[] = {Value{detail.summary.id}};
    WARDROUND_TRY(database.query(
        "SELECT kind, value FROM asset_identifier WHERE asset_id = ? ORDER BY kind, value", params,
        [&](const store::Row& row) -> Status {
            detail.identifiers.emplace_back(row.get_text(0), row.get_text(1));
            std::string kind = row.get_text(0);
            if (kind == "ip") {
                detail.summary.ips.push_back(row.get_text(1));
            } else if (kind == "mac") {
                detail.summary.macs.push_back(row.get_text(1));
            }
            return {};
        }));
    WARDROUND_TRY(database.query(
        "SELECT source, format, source_key, first_seen, last_seen, observed_at, stale, view "
        "FROM asset_source WHERE asset_id = ? ORDER BY observed_at DESC, source, format",
        params, [&](const store::Row& row) -> Status {
            detail.sources.push_back({row.get_text(0), row.get_text(1), row.get_text(2),
                                      row.get_text(3), row.get_text(4), row.get_text(5),
                                      row.get_int(6) != 0, row.get_text(7)});
            detail.summary.sources.push_back(row.get_text(0) + "/" + row.get_text(1));
            return {};
        }));
    return database.query(
        "SELECT field, kept_value, kept_source, other_value, other_source FROM asset_conflict "
        "WHERE asset_id = ? ORDER BY field, other_source",
        params, [&](const store::Row& row) -> Status {
            detail.conflicts.push_back({row.get_text(0), row.get_text(1), row.get_text(2),
                                        row.get_text(3), row.get_text(4)});
            return {};
        });
}

Status read_parts(store::Database& database, AssetDetail& detail) {
    const Value params[] = {Value{detail.summary.id}};
    WARDROUND_TRY(database.query(
        "SELECT c.source, c.type, c.vendor, c.product, c.version, p.cpe, "
        "COALESCE(c.purl, p.purl), p.status, p.method, p.confidence FROM component c "
        "JOIN product_identity p ON p.id = c.identity_id WHERE c.asset_id = ? "
        "ORDER BY c.type, c.product, c.version, c.source, c.id",
        params, [&](const store::Row& row) -> Status {
            detail.components.push_back({row.get_text(0), row.get_text(1), row.get_text(2),
                                         row.get_text(3), row.get_text(4), row.get_text(5),
                                         row.get_text(6), row.get_text(7), row.get_text(8),
                                         row.get_int(9)});
            return {};
        }));
    return database.query(
        "SELECT source, port, protocol, state, service, product, version, cpes FROM exposure "
        "WHERE asset_id = ? ORDER BY protocol, port, source",
        params, [&](const store::Row& row) -> Status {
            detail.exposures.push_back({row.get_text(0), row.get_int(1), row.get_text(2),
                                        row.get_text(3), row.get_text(4), row.get_text(5),
                                        row.get_text(6), row.get_text(7)});
            return {};
        });
}

// The asset a reference names: a number anywhere in the scope, else a serial or host name.
Result<std::int64_t> resolve_reference(store::Database& database,
                                       const InventoryScope& scope,
                                       const std::string& reference) {
    if (!scope.org_code.empty()) {
        auto org_id = detail::find_org_id(database, scope.org_code);
        if (!org_id) {
            return propagate(org_id.error());
        }
        return detail::find_asset_id(database, *org_id, reference);
    }
    // No organisation given: every organisation that has such an asset, which must be one.
    std::vector<std::int64_t> orgs;
    WARDROUND_TRY(database.query("SELECT DISTINCT org_id FROM asset ORDER BY org_id", {},
                                 [&](const store::Row& row) -> Status {
                                     orgs.push_back(row.get_int(0));
                                     return {};
                                 }));
    std::optional<std::int64_t> found;
    for (const std::int64_t org_id : orgs) {
        auto asset = detail::find_asset_id(database, org_id, reference);
        if (!asset) {
            if (asset.error().code == ErrorCode::kNotFound) {
                continue;
            }
            return propagate(asset.error());
        }
        if (found && *found != *asset) {
            return make_error(ErrorCode::kInvalidArgument,
                              "'" + reference +
                                  "' names assets in several organisations; add --org or use "
                                  "the asset number");
        }
        found = *asset;
    }
    if (!found) {
        return make_error(ErrorCode::kNotFound,
                          "no asset has the number, serial or host name '" + reference + "'");
    }
    return *found;
}

}  // namespace

Result<AssetDetail> show_asset(store::Database& database,
                               const InventoryScope& scope,
                               const std::string& reference) {
    auto id = resolve_reference(database, scope, reference);
    if (!id) {
        return propagate(id.error());
    }
    AssetDetail detail;
    const Value params[] = {Value{*id}};
    WARDROUND_TRY(database.query(std::string(kSummaryColumns) + "WHERE a.id = ?", params,
                                 [&](const store::Row& row) -> Status {
                                     detail.summary = read_summary(row);
                                     detail.os_build = row.get_text(17);
                                     detail.os_cpe = row.get_text(18);
                                     detail.owner = row.get_text(19);
                                     detail.criticality = row.get_text(20);
                                     detail.internet_facing = optional_bool(row, 21);
                                     detail.network_connected = optional_bool(row, 22);
                                     detail.supported_until = row.get_text(23);
                                     detail.mds2 = row.get_text(24);
                                     return {};
                                 }));
    WARDROUND_TRY(read_sources(database, detail));
    WARDROUND_TRY(read_parts(database, detail));
    auto facts = asset_facts(database, *id);
    if (!facts) {
        return propagate(facts.error());
    }
    detail.facts = std::move(*facts);
    return detail;
}

namespace {

AssetFact read_fact(const store::Row& row) {
    return AssetFact{row.get_int(0), row.get_text(1), row.get_text(2), row.get_text(3),
                     row.get_text(4)};
}

}  // namespace

Result<std::vector<AssetFact>> asset_facts(store::Database& database, std::int64_t asset_id) {
    std::vector<AssetFact> facts;
    const Value params[] = {Value{asset_id}};
    WARDROUND_TRY(database.query(
        "SELECT asset_id, source, name, value, observed_at FROM asset_fact WHERE asset_id = ? "
        "ORDER BY name, source, value",
        params, [&](const store::Row& row) -> Status {
            facts.push_back(read_fact(row));
            return {};
        }));
    return facts;
}

Status for_each_asset_fact(store::Database& database,
                           const AssetFactFilter& filter,
                           const std::function<Status(const AssetFact&)>& on_fact) {
    WARDROUND_TRY(check_scope(database, filter.scope));
    auto params = scope_params(filter.scope);
    params.emplace_back(filter.name);
    params.emplace_back(filter.name);
    return database.query(
        sql_in_scope(
            "SELECT f.asset_id, f.source, f.name, f.value, f.observed_at FROM asset_fact f "
            "JOIN scope_org s ON s.id = f.org_id WHERE (? = '' OR f.name = ?) "
            "ORDER BY f.asset_id, f.name, f.source, f.value"),
        params, [&](const store::Row& row) -> Status { return on_fact(read_fact(row)); });
}

namespace {

Status count_assets(store::Database& database, const InventoryScope& scope, InventoryStats& stats) {
    const auto params = scope_params(scope);
    return database.query(
        sql_in_scope("SELECT a.kind, COALESCE(a.os_name, ''), COALESCE(a.os_version, ''), "
                     "COALESCE(a.site, ''), a.stale, COUNT(*) FROM asset a "
                     "JOIN scope_org s ON s.id = a.org_id "
                     "GROUP BY a.kind, a.os_name, a.os_version, a.site, a.stale"),
        params, [&](const store::Row& row) -> Status {
            const std::int64_t count = row.get_int(5);
            std::string os = row.get_text(1);
            if (!row.get_text(2).empty()) {
                os += (os.empty() ? "" : " ") + row.get_text(2);
            }
            stats.assets += count;
            stats.stale_assets += row.get_int(4) != 0 ? count : 0;
            stats.by_kind[row.get_text(0)] += count;
            stats.by_os[os.empty() ? "(unknown)" : os] += count;
            const std::string site = row.get_text(3);
            stats.by_site[site.empty() ? "(none)" : site] += count;
            return {};
        });
}

Status count_components(store::Database& database,
                        const InventoryScope& scope,
                        InventoryStats& stats) {
    const auto params = scope_params(scope);
    return database.query(
        sql_in_scope("SELECT p.status, COUNT(*), COUNT(DISTINCT CASE WHEN p.status = 'resolved' "
                     "THEN COALESCE(p.cpe_vendor || ':' || p.cpe_product, p.purl) END), "
                     "COUNT(DISTINCT CASE WHEN p.status <> 'resolved' THEN p.name_key END) "
                     "FROM component c JOIN scope_org s ON s.id = c.org_id "
                     "JOIN product_identity p ON p.id = c.identity_id GROUP BY p.status"),
        params, [&](const store::Row& row) -> Status {
            const std::string status = row.get_text(0);
            const std::int64_t count = row.get_int(1);
            stats.components += count;
            if (status == "resolved") {
                stats.components_resolved += count;
                stats.distinct_products += row.get_int(2);
            } else {
                stats.components_ambiguous += status == "ambiguous" ? count : 0;
                stats.unresolved_names += row.get_int(3);
            }
            return {};
        });
}

}  // namespace

Result<InventoryStats> inventory_stats(store::Database& database, const InventoryScope& scope) {
    WARDROUND_TRY(check_scope(database, scope));
    InventoryStats stats;
    WARDROUND_TRY(count_assets(database, scope, stats));
    WARDROUND_TRY(count_components(database, scope, stats));
    auto exposures = database.query_value(
        sql_in_scope("SELECT COUNT(*) FROM exposure e JOIN scope_org s ON s.id = e.org_id"),
        scope_params(scope));
    if (!exposures) {
        return propagate(exposures.error());
    }
    stats.exposures = *exposures ? std::get<std::int64_t>(**exposures) : 0;
    return stats;
}

Result<std::vector<UnresolvedName>> unresolved_names(store::Database& database,
                                                     const InventoryScope& scope) {
    WARDROUND_TRY(check_scope(database, scope));
    std::vector<UnresolvedName> names;
    const auto params = scope_params(scope);
    WARDROUND_TRY(database.query(
        sql_in_scope("SELECT p.name_key, MIN(p.status), MIN(p.vendor), MIN(p.product), "
                     "MIN(p.candidates), COUNT(DISTINCT c.asset_id), COUNT(*) "
                     "FROM component c JOIN scope_org s ON s.id = c.org_id "
                     "JOIN product_identity p ON p.id = c.identity_id "
                     "WHERE p.status <> 'resolved' GROUP BY p.name_key "
                     "ORDER BY COUNT(DISTINCT c.asset_id) DESC, COUNT(*) DESC, p.name_key"),
        params, [&](const store::Row& row) -> Status {
            UnresolvedName name;
            name.key = row.get_text(0);
            name.status = row.get_text(1);
            name.vendor = row.get_text(2);
            name.product = row.get_text(3);
            const auto candidates = nlohmann::json::parse(row.get_text(4), nullptr, false);
            if (candidates.is_array()) {
                for (const auto& candidate : candidates) {
                    if (candidate.is_string()) {
                        name.candidates.push_back(candidate.get<std::string>());
                    }
                }
            }
            name.assets = row.get_int(5);
            name.components = row.get_int(6);
            names.push_back(std::move(name));
            return {};
        }));
    return names;
}

}  // namespace wardround::inventory

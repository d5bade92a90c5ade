// SPDX-License-Identifier: Apache-2.0
#include "findings/incremental.h"

#include <set>
#include <unordered_set>

#include <fmt/core.h>

#include "findings/estate.h"
#include "findings/scope.h"

namespace wardround::findings::detail {
namespace {

using store::Value;

Result<std::int64_t> max_id(store::Database& database, const std::string& sql) {
    auto value = database.query_value(sql);
    WARDROUND_TRY(value);
    if (!*value || !std::holds_alternative<std::int64_t>(**value)) {
        return std::int64_t{0};
    }
    return std::get<std::int64_t>(**value);
}

Status collect_ids(store::Database& database,
                   const std::string& sql,
                   std::span<const Value> params,
                   std::set<std::int64_t>& out) {
    return database.query(sql, params, [&out](const store::Row& row) -> Status {
        out.insert(row.get_int(0));
        return {};
    });
}

Status collect_texts(store::Database& database,
                     const std::string& sql,
                     std::span<const Value> params,
                     std::set<std::string>& out) {
    return database.query(sql, params, [&out](const store::Row& row) -> Status {
        out.insert(row.get_text(0));
        return {};
    });
}

}  // namespace

Result<ScanMark> current_mark(store::Database& database, const std::string& policy) {
    ScanMark mark;
    mark.policy = policy;
    auto kb = max_id(database,
                     "SELECT MAX(id) FROM import_run WHERE kind IN ('nvd', 'kev', 'epss', 'csaf', "
                     "'osv')");
    WARDROUND_TRY(kb);
    mark.kb_import_id = *kb;
    auto inventory = max_id(database, "SELECT MAX(id) FROM import_run WHERE kind = 'inventory'");
    WARDROUND_TRY(inventory);
    mark.inventory_import_id = *inventory;
    auto vex = max_id(database, "SELECT MAX(id) FROM vex_statement");
    WARDROUND_TRY(vex);
    mark.vex_mark = *vex;
    auto resolved = database.query_value("SELECT MAX(resolved_at) FROM product_identity");
    WARDROUND_TRY(resolved);
    if (*resolved && std::holds_alternative<std::string>(**resolved)) {
        mark.identity_mark = std::get<std::string>(**resolved);
    }
    return mark;
}

Result<std::optional<ScanMark>> last_scan(store::Database& database,
                                          std::optional<std::int64_t> org_id) {
    std::optional<ScanMark> mark;
    const auto read = [&mark](const store::Row& row) -> Status {
        mark = ScanMark{row.get_int(0), row.get_int(1), row.get_text(2), row.get_int(3),
                        row.get_text(4)};
        return {};
    };
    const std::string columns =
        "SELECT kb_import_id, inventory_import_id, COALESCE(identity_mark, ''), vex_mark, "
        "COALESCE(policy, '') FROM scan_run ";
    if (org_id) {
        const Value params[] = {Value{*org_id}};
        WARDROUND_TRY(
            database.query(columns + "WHERE org_id = ? ORDER BY id DESC LIMIT 1", params, read));
    } else {
        WARDROUND_TRY(
            database.query(columns + "WHERE org_id IS NULL ORDER BY id DESC LIMIT 1", {}, read));
    }
    return mark;
}

Result<ChangeSet> changes_since(store::Database& database,
                                const ScanMark& since,
                                const ScanMark& now,
                                const match::NvdIndex& index,
                                const std::vector<std::int64_t>& org_ids,
                                const std::string& today) {
    ChangeSet changes;
    if (since.policy != now.policy) {
        changes.reason = "the priority policy changed";
        return changes;
    }
    if (now.vex_mark != since.vex_mark) {
        changes.reason = "VEX statements changed";
        return changes;
    }
    const Value kb[] = {Value{since.kb_import_id}};
    auto advisories = database.query_value("SELECT COUNT(*) FROM advisory WHERE import_id > ?", kb);
    WARDROUND_TRY(advisories);
    if (*advisories && std::get<std::int64_t>(**advisories) > 0) {
        changes.reason = "advisories changed";
        return changes;
    }

    std::set<std::int64_t> assets;
    const Value inventory[] = {Value{since.inventory_import_id}};
    WARDROUND_TRY(collect_ids(database,
                              "SELECT DISTINCT asset_id FROM asset_source WHERE import_id > ?",
                              inventory, assets));
    const std::size_t reported = assets.size();
    const Value resolved[] = {Value{since.identity_mark}};
    WARDROUND_TRY(collect_ids(database,
                              "SELECT DISTINCT c.asset_id FROM product_identity p JOIN component c "
                              "ON c.identity_id = p.id WHERE p.resolved_at > ?",
                              resolved, assets));

    // CVE records that are new or changed: every asset running a product they name.
    std::set<std::string> changed_records;
    WARDROUND_TRY(
        collect_texts(database, "SELECT id FROM cve WHERE import_id > ?", kb, changed_records));
    std::set<std::string> products;
    for (const std::string& cve : changed_records) {
        const auto found = index.find_cve(cve);
        if (!found) {
            continue;
        }
        for (const match::CompiledConfiguration& configuration :
             index.cves()[*found].configurations) {
            for (const match::CompiledNode& node : configuration.nodes) {
                for (const std::uint32_t id : node.criteria) {
                    const match::Criterion& criterion = index.criteria()[id];
                    if (criterion.vulnerable && products.insert(product_of(criterion.cpe)).second) {
                        WARDROUND_TRY(assets_running(database, criterion.cpe, assets));
                    }
                }
            }
        }
    }
    // Records, KEV entries and EPSS scores that changed: the assets with findings for them, whose
    // findings may close or move in priority.
    std::set<std::string> changed = changed_records;
    WARDROUND_TRY(
        collect_texts(database, "SELECT cve_id FROM kev_entry WHERE import_id > ?", kb, changed));
    WARDROUND_TRY(
        collect_texts(database, "SELECT cve_id FROM epss_score WHERE import_id > ?", kb, changed));
    std::vector<std::string> list(changed.begin(), changed.end());
    for (std::size_t begin = 0; begin < list.size(); begin += kIdsPerQuery) {
        const std::size_t end = std::min(list.size(), begin + kIdsPerQuery);
        std::string sql = "SELECT DISTINCT asset_id FROM finding WHERE vuln_id IN (";
        std::vector<Value> params;
        for (std::size_t i = begin; i < end; ++i) {
            sql += i == begin ? "?" : ", ?";
            params.emplace_back(list[i]);
        }
        WARDROUND_TRY(collect_ids(database, sql + ")", params, assets));
    }

    // Accepted risks whose date has passed are open again whatever else changed.
    const Value expired[] = {Value{today}};
    WARDROUND_TRY(collect_ids(database,
                              "SELECT DISTINCT asset_id FROM finding WHERE status = 'accepted' "
                              "AND decision_until < ?",
                              expired, assets));

    if (!org_ids.empty()) {
        // Keep the scope's assets only.
        std::set<std::int64_t> in_scope;
        const std::unordered_set<std::int64_t> orgs(org_ids.begin(), org_ids.end());
        std::vector<std::int64_t> ids(assets.begin(), assets.end());
        for (std::size_t begin = 0; begin < ids.size(); begin += kIdsPerQuery) {
            const std::size_t end = std::min(ids.size(), begin + kIdsPerQuery);
            const std::string sql =
                "SELECT id, org_id FROM asset WHERE id IN " + id_list(ids, begin, end);
            WARDROUND_TRY(database.query(sql, {}, [&](const store::Row& row) -> Status {
                if (orgs.count(row.get_int(1)) > 0) {
                    in_scope.insert(row.get_int(0));
                }
                return {};
            }));
        }
        assets = std::move(in_scope);
    }
    changes.full = false;
    changes.asset_ids.assign(assets.begin(), assets.end());
    changes.reason = fmt::format(
        "{} assets: reported by newer inventory imports ({}), or touched by {} new or changed CVE "
        "records and {} changed CVE, KEV or EPSS entries",
        changes.asset_ids.size(), reported, changed_records.size(), changed.size());
    return changes;
}

}  // namespace wardround::findings::detail

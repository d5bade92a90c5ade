// SPDX-License-Identifier: Apache-2.0
#include "findings/incremental.h"

#include <algorithm>
#include <optional>
#include <set>
#include <unordered_set>

#include <fmt/core.h>

#include "findings/estate.h"
#include "findings/finding_store.h"
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

// Why what changed cannot be narrowed to assets, when it cannot.
Result<std::optional<std::string>> full_scan_reason(store::Database& database,
                                                    const ScanMark& since,
                                                    const ScanMark& now) {
    if (since.policy != now.policy) {
        return std::optional<std::string>("the priority policy changed");
    }
    if (now.vex_mark != since.vex_mark) {
        return std::optional<std::string>("VEX statements changed");
    }
    const Value kb[] = {Value{since.kb_import_id}};
    auto advisories = database.query_value("SELECT COUNT(*) FROM advisory WHERE import_id > ?", kb);
    WARDROUND_TRY(advisories);
    if (*advisories && std::get<std::int64_t>(**advisories) > 0) {
        return std::optional<std::string>("advisories changed");
    }
    return std::optional<std::string>();
}

// The assets a change since a scan can affect, gathered kind of change by kind of change.
class ChangedAssets {
public:
    ChangedAssets(store::Database& database, const ScanMark& since)
        : database_(database), since_(since) {}

    // Assets reported by newer inventory imports, and assets whose components' identities were
    // resolved again.
    Status reported_or_resolved() {
        const Value inventory[] = {Value{since_.inventory_import_id}};
        WARDROUND_TRY(collect_ids(database_,
                                  "SELECT DISTINCT asset_id FROM asset_source WHERE import_id > ?",
                                  inventory, assets_));
        reported_ = assets_.size();
        const Value resolved[] = {Value{since_.identity_mark}};
        return collect_ids(database_,
                           "SELECT DISTINCT c.asset_id FROM product_identity p JOIN component c "
                           "ON c.identity_id = p.id WHERE p.resolved_at > ?",
                           resolved, assets_);
    }

    // CVE records that are new or changed: every asset running a product they name.
    Status touched_by_records(const match::NvdIndex& index) {
        const Value kb[] = {Value{since_.kb_import_id}};
        WARDROUND_TRY(
            collect_texts(database_, "SELECT id FROM cve WHERE import_id > ?", kb, records_));
        std::set<std::string> products;
        for (const std::string& cve : records_) {
            const auto found = index.find_cve(cve);
            if (!found) {
                continue;
            }
            WARDROUND_TRY(add_running(index, index.cves()[*found], products));
        }
        return {};
    }

    // Records, KEV entries and EPSS scores that changed: the assets with findings for them, whose
    // findings may close or move in priority.
    Status with_changed_findings() {
        const Value kb[] = {Value{since_.kb_import_id}};
        changed_ = records_;
        WARDROUND_TRY(collect_texts(database_, "SELECT cve_id FROM kev_entry WHERE import_id > ?",
                                    kb, changed_));
        WARDROUND_TRY(collect_texts(database_, "SELECT cve_id FROM epss_score WHERE import_id > ?",
                                    kb, changed_));
        const std::vector<std::string> list(changed_.begin(), changed_.end());
        for (std::size_t begin = 0; begin < list.size(); begin += kIdsPerQuery) {
            WARDROUND_TRY(
                with_findings_for(list, begin, std::min(list.size(), begin + kIdsPerQuery)));
        }
        return {};
    }

    // Accepted risks whose date has passed are open again whatever else changed.
    Status with_expired_acceptances(const std::string& today) {
        const Value expired[] = {Value{today}};
        return collect_ids(database_,
                           std::string("SELECT DISTINCT asset_id FROM finding WHERE status = "
                                       "'accepted' AND decision_until < ? AND source IN ") +
                               kMatchedSources,
                           expired, assets_);
    }

    // Keep the scope's assets only (all organisations when `org_ids` is empty).
    Status keep_scope(const std::vector<std::int64_t>& org_ids) {
        if (org_ids.empty()) {
            return {};
        }
        std::set<std::int64_t> in_scope;
        const std::unordered_set<std::int64_t> orgs(org_ids.begin(), org_ids.end());
        std::vector<std::int64_t> ids(assets_.begin(), assets_.end());
        for (std::size_t begin = 0; begin < ids.size(); begin += kIdsPerQuery) {
            const std::size_t end = std::min(ids.size(), begin + kIdsPerQuery);
            const std::string sql =
                "SELECT id, org_id FROM asset WHERE id IN " + id_list(ids, begin, end);
            WARDROUND_TRY(database_.query(sql, {}, [&](const store::Row& row) -> Status {
                if (orgs.count(row.get_int(1)) > 0) {
                    in_scope.insert(row.get_int(0));
                }
                return {};
            }));
        }
        assets_ = std::move(in_scope);
        return {};
    }

    [[nodiscard]] const std::set<std::int64_t>& assets() const { return assets_; }
    [[nodiscard]] std::size_t reported() const { return reported_; }
    [[nodiscard]] std::size_t records() const { return records_.size(); }
    [[nodiscard]] std::size_t changed() const { return changed_.size(); }

private:
    // The assets running each product a vulnerable entry of the CVE names, each product once.
    Status add_running(const match::NvdIndex& index,
                       const match::CompiledCve& cve,
                       std::set<std::string>& products) {
        for (const match::CompiledConfiguration& configuration : cve.configurations) {
            for (const match::CompiledNode& node : configuration.nodes) {
                WARDROUND_TRY(add_running(index, node, products));
            }
        }
        return {};
    }

    Status add_running(const match::NvdIndex& index,
                       const match::CompiledNode& node,
                       std::set<std::string>& products) {
        for (const std::uint32_t id : node.criteria) {
            const match::Criterion& criterion = index.criteria()[id];
            if (criterion.vulnerable && products.insert(product_of(criterion.cpe)).second) {
                WARDROUND_TRY(assets_running(database_, criterion.cpe, assets_));
            }
        }
        return {};
    }

    // The assets with findings for the vulnerabilities list[begin, end).
    Status with_findings_for(const std::vector<std::string>& list,
                             std::size_t begin,
                             std::size_t end) {
        std::string sql = "SELECT DISTINCT asset_id FROM finding WHERE vuln_id IN (";
        std::vector<Value> params;
        for (std::size_t i = begin; i < end; ++i) {
            sql += i == begin ? "?" : ", ?";
            params.emplace_back(list[i]);
        }
        return collect_ids(database_, sql + ")", params, assets_);
    }

    store::Database& database_;
    const ScanMark& since_;
    std::set<std::int64_t> assets_;
    std::size_t reported_ = 0;       // assets reported by newer inventory imports
    std::set<std::string> records_;  // CVE records new or changed
    std::set<std::string> changed_;  // CVE records, KEV entries and EPSS scores changed
};

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
        "COALESCE(policy, '') FROM scan_run WHERE mode <> 'checks' AND ";
    if (org_id) {
        const Value params[] = {Value{*org_id}};
        WARDROUND_TRY(
            database.query(columns + "org_id = ? ORDER BY id DESC LIMIT 1", params, read));
    } else {
        WARDROUND_TRY(
            database.query(columns + "org_id IS NULL ORDER BY id DESC LIMIT 1", {}, read));
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
    auto full = full_scan_reason(database, since, now);
    WARDROUND_TRY(full);
    if (*full) {
        changes.reason = std::move(**full);
        return changes;
    }
    ChangedAssets changed(database, since);
    WARDROUND_TRY(changed.reported_or_resolved());
    WARDROUND_TRY(changed.touched_by_records(index));
    WARDROUND_TRY(changed.with_changed_findings());
    WARDROUND_TRY(changed.with_expired_acceptances(today));
    WARDROUND_TRY(changed.keep_scope(org_ids));
    changes.full = false;
    changes.asset_ids.assign(changed.assets().begin(), changed.assets().end());
    changes.reason = fmt::format(
        "{} assets: reported by newer inventory imports ({}), or touched by {} new or changed CVE "
        "records and {} changed CVE, KEV or EPSS entries",
        changes.asset_ids.size(), changed.reported(), changed.records(), changed.changed());
    return changes;
}

}  // namespace wardround::findings::detail

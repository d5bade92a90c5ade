// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <optional>
#include <unordered_map>
#include <utility>

#include <wardround/org/org_repository.h>

namespace wardround::org {
namespace {

using store::Value;

// Columns read by read_org, in order; `o` is the organisation, `p` its parent.
constexpr std::string_view kOrgColumns =
    "o.id, o.code, o.name, o.level, o.type, COALESCE(p.code, ''), COALESCE(o.ons_code, ''), "
    "COALESCE(o.sector, ''), o.latitude, o.longitude, COALESCE(o.opened_on, ''), "
    "COALESCE(o.closed_on, '')";

Organisation read_org(const store::Row& row) {
    Organisation org;
    org.id = row.get_int(0);
    org.code = row.get_text(1);
    org.name = row.get_text(2);
    org.level = parse_org_level(row.get_text(3)).value_or(OrgLevel::kOrganisation);
    org.type = row.get_text(4);
    org.parent_code = row.get_text(5);
    org.ons_code = row.get_text(6);
    org.sector = row.get_text(7);
    if (!row.is_null(8)) {
        org.latitude = row.get_double(8);
    }
    if (!row.is_null(9)) {
        org.longitude = row.get_double(9);
    }
    org.opened_on = row.get_text(10);
    org.closed_on = row.get_text(11);
    return org;
}

// The current DSPT status of every organisation: the latest publication, and among equal dates the
// latest import (snapshots do not carry the date they were taken).
Result<std::map<std::int64_t, DsptStatus>> current_dspt(store::Database& database) {
    std::map<std::int64_t, DsptStatus> current;
    WARDROUND_TRY(database.query(
        "SELECT org_id, period, status, published_on FROM org_dspt_status "
        "ORDER BY org_id, period, published_on, import_id",
        {}, [&](const store::Row& row) -> Status {
            current[row.get_int(0)] = DsptStatus{row.get_text(1), row.get_text(2), row.get_text(3)};
            return {};
        }));
    return current;
}

}  // namespace

Result<std::vector<OrgSummary>> list_organisations(store::Database& database,
                                                   const OrgListFilter& filter) {
    auto dspt = current_dspt(database);
    if (!dspt) {
        return propagate(dspt.error());
    }
    std::map<std::int64_t, std::int64_t> children;
    WARDROUND_TRY(
        database.query("SELECT parent_id, COUNT(*) FROM organisation WHERE parent_id IS NOT NULL "
                       "GROUP BY parent_id",
                       {}, [&](const store::Row& row) -> Status {
                           children[row.get_int(0)] = row.get_int(1);
                           return {};
                       }));
    const std::string level = filter.level ? std::string(org_level_name(*filter.level)) : "";
    const Value params[] = {Value{level}, Value{level}, Value{filter.parent_code},
                            Value{filter.parent_code}};
    std::vector<OrgSummary> out;
    WARDROUND_TRY(database.query(
        "SELECT " + std::string(kOrgColumns) +
            " FROM organisation o LEFT JOIN organisation p ON p.id = o.parent_id "
            "WHERE (? = '' OR o.level = ?) AND (? = '' OR p.code = ?) ORDER BY o.code",
        params, [&](const store::Row& row) -> Status {
            OrgSummary summary;
            summary.organisation = read_org(row);
            summary.children = children[summary.organisation.id];
            if (auto found = dspt->find(summary.organisation.id); found != dspt->end()) {
                summary.current_dspt = found->second;
            }
            out.push_back(std::move(summary));
            return {};
        }));
    return out;
}

Result<OrgDetail> show_organisation(store::Database& database, const std::string& code) {
    OrgDetail detail;
    bool found = false;
    const Value by_code[] = {Value{code}};
    WARDROUND_TRY(database.query(
        "SELECT " + std::string(kOrgColumns) +
            " FROM organisation o LEFT JOIN organisation p ON p.id = o.parent_id WHERE o.code = ?",
        by_code, [&](const store::Row& row) -> Status {
            detail.summary.organisation = read_org(row);
            found = true;
            return {};
        }));
    if (!found) {
        return make_error(ErrorCode::kNotFound, "no organisation has the code '" + code + "'");
    }
    const Value by_id[] = {Value{detail.summary.organisation.id}};

    // Ancestors, walking up; the tree is at most five levels deep.
    std::string parent = detail.summary.organisation.parent_code;
    while (!parent.empty() && detail.ancestors.size() < 8) {
        const Value parent_code[] = {Value{parent}};
        std::string next;
        WARDROUND_TRY(database.query(
            "SELECT " + std::string(kOrgColumns) +
                " FROM organisation o LEFT JOIN organisation p ON p.id = o.parent_id "
                "WHERE o.code = ?",
            parent_code, [&](const store::Row& row) -> Status {
                detail.ancestors.insert(detail.ancestors.begin(), read_org(row));
                next = detail.ancestors.front().parent_code;
                return {};
            }));
        parent = next;
    }

    WARDROUND_TRY(database.query(
        "SELECT level, COUNT(*) FROM organisation WHERE parent_id = ? GROUP BY level", by_id,
        [&](const store::Row& row) -> Status {
            detail.children_by_level[row.get_text(0)] = row.get_int(1);
            detail.summary.children += row.get_int(1);
            return {};
        }));
    WARDROUND_TRY(database.query(
        "WITH RECURSIVE subtree(id) AS ("
        " SELECT id FROM organisation WHERE parent_id = ?"
        " UNION ALL SELECT o.id FROM organisation o JOIN subtree s ON o.parent_id = s.id)"
        " SELECT o.level, COUNT(*) FROM organisation o JOIN subtree s ON o.id = s.id GROUP BY "
        "o.level",
        by_id, [&](const store::Row& row) -> Status {
            detail.descendants_by_level[row.get_text(0)] = row.get_int(1);
            return {};
        }));
    WARDROUND_TRY(
        database.query("SELECT period, status, published_on FROM org_dspt_status WHERE org_id = ? "
                       "ORDER BY period DESC, published_on DESC, import_id DESC",
                       by_id, [&](const store::Row& row) -> Status {
                           detail.dspt_history.push_back(
                               DsptStatus{row.get_text(0), row.get_text(1), row.get_text(2)});
                           return {};
                       }));
    if (!detail.dspt_history.empty()) {
        detail.summary.current_dspt = detail.dspt_history.front();
    }
    return detail;
}

Result<OrgSubtree> organisation_subtree(store::Database& database, const std::string& code) {
    std::optional<OrgRef> root;
    std::unordered_map<std::int64_t, OrgRef> refs;
    std::unordered_map<std::int64_t, std::vector<std::int64_t>> children;
    WARDROUND_TRY(database.query("SELECT id, parent_id, code FROM organisation", {},
                                 [&](const store::Row& row) -> Status {
                                     const std::int64_t id = row.get_int(0);
                                     OrgRef ref{id, row.get_text(2), std::nullopt};
                                     if (!row.is_null(1)) {
                                         ref.parent_id = row.get_int(1);
                                         children[*ref.parent_id].push_back(id);
                                     }
                                     if (ref.code == code) {
                                         root = ref;
                                     }
                                     refs.emplace(id, std::move(ref));
                                     return {};
                                 }));
    if (!root) {
        return make_error(ErrorCode::kNotFound, "no organisation has the code " + code);
    }
    OrgSubtree subtree{*root, {}};
    std::vector<std::int64_t> pending{root->id};
    while (!pending.empty()) {
        const std::int64_t id = pending.back();
        pending.pop_back();
        subtree.members.push_back(refs[id]);
        const auto found = children.find(id);
        if (found != children.end()) {
            pending.insert(pending.end(), found->second.begin(), found->second.end());
        }
    }
    std::sort(subtree.members.begin(), subtree.members.end(),
              [](const OrgRef& a, const OrgRef& b) { return a.id < b.id; });
    return subtree;
}

Result<std::map<std::string, std::int64_t>> count_by_level(store::Database& database) {
    std::map<std::string, std::int64_t> counts;
    WARDROUND_TRY(database.query("SELECT level, COUNT(*) FROM organisation GROUP BY level", {},
                                 [&](const store::Row& row) -> Status {
                                     counts[row.get_text(0)] = row.get_int(1);
                                     return {};
                                 }));
    return counts;
}

}  // namespace wardround::org

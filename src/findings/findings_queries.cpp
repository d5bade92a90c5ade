// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <array>

#include <fmt/core.h>

#include <wardround/findings/findings_queries.h>

#include "findings/scope.h"

namespace wardround::findings {
namespace {

using store::Value;

constexpr std::array<std::string_view, 4> kPriorities{"P1", "P2", "P3", "P4"};
constexpr std::array<std::string_view, 7> kStatuses{
    "new", "open", "fixed", "reopened", "accepted", "false_positive", "not_affected"};

template <std::size_t N>
Status check_values(const std::vector<std::string>& values,
                    const std::array<std::string_view, N>& known,
                    const char* what) {
    for (const std::string& value : values) {
        if (std::find(known.begin(), known.end(), value) == known.end()) {
            std::string list;
            for (const std::string_view item : known) {
                list += (list.empty() ? "" : ", ") + std::string(item);
            }
            return make_error(ErrorCode::kInvalidArgument,
                              fmt::format("unknown {} '{}' (one of {})", what, value, list));
        }
    }
    return {};
}

// "(?, ?, ?)" with the values appended to `params`.
std::string placeholders(const std::vector<std::string>& values, std::vector<Value>& params) {
    std::string text = "(";
    for (std::size_t i = 0; i < values.size(); ++i) {
        text += i == 0 ? "?" : ", ?";
        params.emplace_back(values[i]);
    }
    return text + ")";
}

constexpr const char* kRowColumns =
    "f.id, o.code, f.asset_id, COALESCE(a.hostname, a.fqdn, ''), COALESCE(f.vendor, ''), "
    "COALESCE(f.product, ''), COALESCE(f.version, ''), f.vuln_id, f.source, f.status, "
    "f.priority, f.priority_score, COALESCE(f.due_date, ''), "
    "CASE WHEN k.cve_id IS NULL THEN 0 ELSE 1 END, f.first_seen, f.last_seen, "
    "COALESCE(f.fixed_at, '')";
constexpr const char* kRowJoins =
    " FROM finding f JOIN organisation o ON o.id = f.org_id JOIN asset a ON a.id = f.asset_id "
    "LEFT JOIN kev_entry k ON k.cve_id = f.vuln_id AND k.removed_in_catalog IS NULL";

FindingRow read_row(const store::Row& row) {
    FindingRow out;
    out.id = row.get_int(0);
    out.org_code = row.get_text(1);
    out.asset_id = row.get_int(2);
    out.hostname = row.get_text(3);
    out.vendor = row.get_text(4);
    out.product = row.get_text(5);
    out.version = row.get_text(6);
    out.vuln_id = row.get_text(7);
    out.source = row.get_text(8);
    out.status = row.get_text(9);
    out.priority = row.get_text(10);
    out.priority_score = row.get_double(11);
    out.due_date = row.get_text(12);
    out.kev = row.get_int(13) != 0;
    out.first_seen = row.get_text(14);
    out.last_seen = row.get_text(15);
    out.fixed_at = row.get_text(16);
    return out;
}

}  // namespace

Result<std::vector<FindingRow>> list_findings(store::Database& database,
                                              const FindingFilter& filter) {
    WARDROUND_TRY(check_values(filter.priorities, kPriorities, "priority"));
    WARDROUND_TRY(check_values(filter.statuses, kStatuses, "status"));
    auto scope = detail::resolve_scope(database, filter.org_code);
    WARDROUND_TRY(scope);
    std::vector<Value> params;
    std::string sql = std::string("SELECT ") + kRowColumns + kRowJoins + " WHERE 1 = 1";
    if (!scope->org_ids.empty()) {
        sql += " AND f.org_id IN " + detail::id_list(scope->org_ids);
    }
    const std::vector<std::string> statuses =
        filter.statuses.empty() ? std::vector<std::string>{"new", "open", "reopened"}
                                : filter.statuses;
    sql += " AND f.status IN " + placeholders(statuses, params);
    if (!filter.priorities.empty()) {
        sql += " AND f.priority IN " + placeholders(filter.priorities, params);
    }
    if (filter.kev_only) {
        sql += " AND k.cve_id IS NOT NULL";
    }
    if (!filter.vuln_id.empty()) {
        sql += " AND f.vuln_id = ?";
        params.emplace_back(filter.vuln_id);
    }
    sql += " ORDER BY f.priority, f.due_date, o.code, f.asset_id, f.vuln_id, f.product_key";
    if (filter.limit > 0) {
        sql += " LIMIT " + std::to_string(filter.limit);
    }
    std::vector<FindingRow> rows;
    WARDROUND_TRY(database.query(sql, params, [&rows](const store::Row& row) -> Status {
        rows.push_back(read_row(row));
        return {};
    }));
    return rows;
}

Result<FindingDetail> get_finding(store::Database& database, std::int64_t id) {
    const Value params[] = {Value{id}};
    std::optional<FindingDetail> detail;
    WARDROUND_TRY(
        database.query(std::string("SELECT ") + kRowColumns +
                           ", f.software, f.reasons, f.explanation, f.kb_version, "
                           "COALESCE(f.decision_reason, ''), COALESCE(f.decision_owner, ''), "
                           "COALESCE(f.decision_until, '')" +
                           kRowJoins + " WHERE f.id = ?",
                       params, [&detail](const store::Row& row) -> Status {
                           FindingDetail out;
                           out.row = read_row(row);
                           out.software = row.get_text(17);
                           out.reasons = row.get_text(18);
                           out.explanation = row.get_text(19);
                           out.kb_version = row.get_text(20);
                           out.decision_reason = row.get_text(21);
                           out.decision_owner = row.get_text(22);
                           out.decision_until = row.get_text(23);
                           detail = std::move(out);
                           return {};
                       }));
    if (!detail) {
        return make_error(ErrorCode::kNotFound, fmt::format("no finding has the id {}", id));
    }
    WARDROUND_TRY(database.query(
        "SELECT at, COALESCE(from_status, ''), to_status, COALESCE(actor, ''), "
        "COALESCE(reason, '') FROM finding_event WHERE finding_id = ? ORDER BY seq",
        params, [&detail](const store::Row& row) -> Status {
            detail->events.push_back({row.get_text(0), row.get_text(1), row.get_text(2),
                                      row.get_text(3), row.get_text(4)});
            return {};
        }));
    return std::move(*detail);
}

Status decide_finding(store::Database& database,
                      std::int64_t id,
                      const DecisionRequest& request,
                      Timestamp now) {
    const bool accept = request.decision == Decision::kAccept;
    if (request.reason.empty()) {
        return make_error(ErrorCode::kInvalidArgument, "a reason is required", "--reason");
    }
    const std::string today = format_date(date_of(now));
    if (accept) {
        if (request.owner.empty()) {
            return make_error(ErrorCode::kInvalidArgument,
                              "an accepted risk needs an owner who answers for it", "--owner");
        }
        auto until = parse_date(request.until);
        if (!until) {
            return make_error(ErrorCode::kInvalidArgument,
                              "an accepted risk needs an expiry date (YYYY-MM-DD)", "--until");
        }
        if (format_date(*until) <= today) {
            return make_error(ErrorCode::kInvalidArgument,
                              "the expiry date must be after today (" + today + ")", "--until");
        }
    }
    auto transaction = store::Transaction::begin(database);
    WARDROUND_TRY(transaction);
    const Value id_param[] = {Value{id}};
    auto status = database.query_value("SELECT status FROM finding WHERE id = ?", id_param);
    WARDROUND_TRY(status);
    if (!*status) {
        return make_error(ErrorCode::kNotFound, fmt::format("no finding has the id {}", id));
    }
    const std::string from = std::get<std::string>(**status);
    if (from == "fixed") {
        return make_error(ErrorCode::kFailedPrecondition,
                          fmt::format("finding {} is fixed: there is nothing to decide", id));
    }
    const std::string to = accept ? "accepted" : "false_positive";
    const std::string now_text = format_timestamp(now);
    const Value update[] = {Value{to},
                            Value{now_text},
                            Value{request.reason},
                            store::text_or_null(request.owner),
                            accept ? Value{request.until} : Value{},
                            Value{now_text},
                            Value{id}};
    WARDROUND_TRY(database.execute(
        "UPDATE finding SET status = ?, status_changed_at = ?, decision_reason = ?, "
        "decision_owner = ?, decision_until = ?, decided_at = ? WHERE id = ?",
        update));
    const std::string reason = accept ? fmt::format("{} (owner {}, until {})", request.reason,
                                                    request.owner, request.until)
                                      : request.reason;
    const Value event[] = {Value{id},    Value{now_text}, Value{id},
                           Value{from},  Value{to},       store::text_or_null(request.actor),
                           Value{reason}};
    WARDROUND_TRY(database.execute(
        "INSERT INTO finding_event (finding_id, at, seq, from_status, to_status, actor, reason) "
        "VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM finding_event WHERE finding_id = "
        "?), ?, ?, ?, ?)",
        event));
    return transaction->commit();
}

}  // namespace wardround::findings

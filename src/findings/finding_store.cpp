// SPDX-License-Identifier: Apache-2.0
#include "findings/finding_store.h"

#include <algorithm>
#include <utility>

#include <nlohmann/json.hpp>

#include "findings/scope.h"

namespace wardround::findings::detail {
namespace {

using store::Value;
using Json = nlohmann::ordered_json;

bool is_open(const std::string& status) {
    return status == "new" || status == "open" || status == "reopened";
}

Json reasons_json(const Priority& priority) {
    Json reasons = Json::array();
    for (const PriorityReason& reason : priority.reasons) {
        reasons.push_back(
            {{"factor", reason.factor}, {"points", reason.points}, {"detail", reason.detail}});
    }
    return reasons;
}

Value optional_id(std::int64_t id) {
    return id == 0 ? Value{} : Value{id};
}

}  // namespace

FindingStore::FindingStore(store::Database& database,
                           Timestamp now,
                           PriorityPolicy policy,
                           std::string kb_version)
    : database_(database),
      now_(now),
      now_text_(format_timestamp(now)),
      today_(format_date(date_of(now))),
      policy_(std::move(policy)),
      kb_version_(std::move(kb_version)),
      sources_(std::string("source IN ") + kMatchedSources) {}

FindingStore::FindingStore(store::Database& database,
                           Timestamp now,
                           std::string kb_version,
                           const std::string& source)
    : database_(database),
      now_(now),
      now_text_(format_timestamp(now)),
      today_(format_date(date_of(now))),
      kb_version_(std::move(kb_version)),
      // Written into statements: the source is the caller's constant, checked to be a plain word.
      sources_(std::all_of(source.begin(),
                           source.end(),
                           [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; }) &&
                       !source.empty()
                   ? "source = '" + source + "'"
                   : "source IS NULL"),
      actor_(source),
      matched_(false) {}

Status FindingStore::begin_scan(std::optional<std::int64_t> org_id,
                                const std::string& mode,
                                std::int64_t kb_import_id,
                                std::int64_t inventory_import_id,
                                const std::string& identity_mark,
                                std::int64_t vex_mark,
                                const std::string& policy) {
    const Value params[] = {org_id ? Value{*org_id} : Value{},
                            Value{now_text_},
                            Value{now_text_},
                            Value{kb_version_},
                            Value{mode},
                            Value{kb_import_id},
                            Value{inventory_import_id},
                            store::text_or_null(identity_mark),
                            Value{vex_mark},
                            Value{policy}};
    auto id = database_.query_value(
        "INSERT INTO scan_run (org_id, started_at, finished_at, kb_version, summary, mode, "
        "kb_import_id, inventory_import_id, identity_mark, vex_mark, policy) "
        "VALUES (?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        params);
    WARDROUND_TRY(id);
    if (!*id || !std::holds_alternative<std::int64_t>(**id)) {
        return make_error(ErrorCode::kInternal, "the scan record was not created");
    }
    scan_id_ = std::get<std::int64_t>(**id);
    return {};
}

Status FindingStore::load_existing(const std::vector<std::int64_t>& org_ids,
                                   const std::vector<std::int64_t>& asset_ids,
                                   const std::vector<std::string>& vuln_ids) {
    const auto read = [this](const store::Row& row) -> Status {
        existing_.emplace(
            Key{row.get_int(1), row.get_text(2), row.get_text(3)},
            Existing{row.get_int(0), row.get_text(4), row.get_text(5), row.get_text(6), false});
        return {};
    };
    std::string columns =
        "SELECT id, asset_id, vuln_id, product_key, status, COALESCE(decision_until, ''), "
        "COALESCE(due_date, '') FROM finding WHERE " +
        sources_;
    std::vector<Value> params;
    if (!vuln_ids.empty()) {
        columns += " AND vuln_id IN (";
        for (std::size_t i = 0; i < vuln_ids.size(); ++i) {
            columns += i == 0 ? "?" : ", ?";
            params.emplace_back(vuln_ids[i]);
        }
        columns += ")";
    }
    if (!asset_ids.empty()) {
        for (std::size_t begin = 0; begin < asset_ids.size(); begin += kIdsPerQuery) {
            const std::size_t end = std::min(asset_ids.size(), begin + kIdsPerQuery);
            WARDROUND_TRY(database_.query(
                columns + " AND asset_id IN " + id_list(asset_ids, begin, end), params, read));
        }
        return {};
    }
    if (org_ids.empty()) {
        return database_.query(columns, params, read);
    }
    return database_.query(columns + " AND org_id IN " + id_list(org_ids), params, read);
}

Status FindingStore::count_scope(const std::vector<std::int64_t>& org_ids) {
    counts_.open = 0;
    counts_.open_kev = 0;
    counts_.open_by_priority.clear();
    std::string sql =
        "SELECT f.priority, COUNT(*), SUM(CASE WHEN k.cve_id IS NULL THEN 0 ELSE 1 END) "
        "FROM finding f LEFT JOIN kev_entry k ON k.cve_id = f.vuln_id AND "
        "k.removed_in_catalog IS NULL WHERE f.status IN ('new', 'open', 'reopened') AND f." +
        sources_;
    if (!org_ids.empty()) {
        sql += " AND f.org_id IN " + id_list(org_ids);
    }
    // Only the matcher leaves gaps; a run of another source counts what it could not decide.
    if (matched_) {
        std::string gaps =
            "SELECT CAST(COALESCE(SUM(vulnerabilities), 0) AS BIGINT) FROM match_gap";
        if (!org_ids.empty()) {
            gaps += " WHERE org_id IN " + id_list(org_ids);
        }
        auto undecided = database_.query_value(gaps);
        WARDROUND_TRY(undecided);
        counts_.not_evaluable = *undecided && std::holds_alternative<std::int64_t>(**undecided)
                                    ? std::get<std::int64_t>(**undecided)
                                    : 0;
    }
    return database_.query(sql + " GROUP BY f.priority", {},
                           [this](const store::Row& row) -> Status {
                               counts_.open_by_priority[row.get_text(0)] = row.get_int(1);
                               counts_.open += row.get_int(1);
                               counts_.open_kev += row.get_int(2);
                               return {};
                           });
}

Status FindingStore::event(std::int64_t finding_id,
                           const std::string& from,
                           const std::string& to,
                           const std::string& reason) {
    const Value params[] = {Value{finding_id}, Value{now_text_},
                            Value{finding_id}, from.empty() ? Value{} : Value{from},
                            Value{to},         Value{scan_id_},
                            Value{actor_},     reason.empty() ? Value{} : Value{reason}};
    return database_
        .execute(
            "INSERT INTO finding_event (finding_id, at, seq, from_status, to_status, scan_id, "
            "actor, reason) VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM finding_event "
            "WHERE finding_id = ?), ?, ?, ?, ?, ?)",
            params)
        .map([](std::int64_t) {});
}

std::string FindingStore::fresh_due(const MatchedFinding& finding) const {
    if (finding.priority) {
        return format_date(Date{date_of(now_).days_since_epoch + finding.due_days});
    }
    return due_date(finding.facts, policy_, today_);
}

Status FindingStore::record(const MatchedFinding& finding) {
    const Priority priority =
        finding.priority ? *finding.priority : assess_priority(finding.facts, policy_);
    const std::string reasons = reasons_json(priority).dump();
    const auto found = existing_.find(Key{finding.asset_id, finding.vuln_id, finding.product_key});
    if (found == existing_.end()) {
        return insert(finding, priority, reasons);
    }
    if (found->second.seen) {
        return {};  // recorded already in this scan (another name of the same product)
    }
    return update(found->second, finding, priority, reasons);
}

Status FindingStore::insert(const MatchedFinding& finding,
                            const Priority& priority,
                            const std::string& reasons) {
    const bool suppressed = !finding.suppressed.empty();
    const std::string initial = suppressed ? "not_affected" : "new";
    const std::string due = fresh_due(finding);
    const Value params[] = {Value{finding.org_id},
                            Value{finding.asset_id},
                            Value{finding.vuln_id},
                            Value{finding.source},
                            Value{finding.product_key},
                            store::text_or_null(finding.vendor),
                            store::text_or_null(finding.product),
                            store::text_or_null(finding.version),
                            Value{finding.software},
                            optional_id(finding.component_id),
                            Value{initial},
                            Value{now_text_},
                            Value{now_text_},
                            Value{now_text_},
                            store::text_or_null(due),
                            Value{priority.level},
                            Value{priority.score},
                            Value{reasons},
                            Value{finding.explanation},
                            Value{kb_version_},
                            Value{scan_id_}};
    auto id = database_.query_value(
        "INSERT INTO finding (org_id, asset_id, vuln_id, source, product_key, vendor, product, "
        "version, software, component_id, status, first_seen, last_seen, status_changed_at, "
        "due_date, priority, priority_score, reasons, explanation, kb_version, scan_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        params);
    WARDROUND_TRY(id);
    const std::int64_t finding_id = std::get<std::int64_t>(**id);
    existing_[Key{finding.asset_id, finding.vuln_id, finding.product_key}] =
        Existing{finding_id, initial, "", "", true};
    counts_.created += suppressed ? 0 : 1;
    counts_.suppressed += suppressed ? 1 : 0;
    return event(finding_id, "", initial, finding.suppressed);
}

FindingStore::Transition FindingStore::rematched(const Existing& existing,
                                                 const std::string& suppressed) {
    Transition next{existing.status, "", false};
    if (!suppressed.empty()) {
        if (next.status != "not_affected" && next.status != "false_positive") {
            next.status = "not_affected";
            next.reason = suppressed;
        }
        counts_.suppressed += 1;
    } else if (next.status == "not_affected") {
        next.status = "open";
        next.reason = "no statement or tailoring sets it aside any more";
    } else if (next.status == "new" || next.status == "reopened") {
        next.status = "open";
    } else if (next.status == "fixed") {
        next.status = "reopened";
        next.reason = "matched again";
        next.restart_due = true;
        ++counts_.reopened;
    } else if (next.status == "accepted" && !existing.decision_until.empty() &&
               existing.decision_until < today_) {
        next.status = "open";
        next.reason = "accepted risk expired on " + existing.decision_until;
        ++counts_.acceptances_expired;
    }
    return next;
}

Status FindingStore::update(Existing& existing,
                            const MatchedFinding& finding,
                            const Priority& priority,
                            const std::string& reasons) {
    existing.seen = true;
    const Transition next = rematched(existing, finding.suppressed);
    // The due date runs from when the finding was first seen; a reopened one starts again, and
    // KEV's date always applies.
    const std::string due = next.restart_due || finding.facts.kev || existing.due_date.empty()
                                ? fresh_due(finding)
                                : existing.due_date;
    const Value params[] = {Value{next.status},
                            next.status != existing.status ? Value{now_text_} : Value{},
                            store::text_or_null(finding.version),
                            Value{finding.software},
                            optional_id(finding.component_id),
                            Value{now_text_},
                            Value{priority.level},
                            Value{priority.score},
                            Value{reasons},
                            Value{finding.explanation},
                            Value{kb_version_},
                            Value{scan_id_},
                            store::text_or_null(due),
                            Value{existing.id}};
    WARDROUND_TRY(database_.execute(
        "UPDATE finding SET status = ?, fixed_at = NULL, "
        "status_changed_at = COALESCE(?, status_changed_at), "
        "decision_reason = CASE WHEN status = 'fixed' THEN NULL ELSE decision_reason END, "
        "decision_owner = CASE WHEN status = 'fixed' THEN NULL ELSE decision_owner END, "
        "decision_until = CASE WHEN status = 'fixed' THEN NULL ELSE decision_until END, "
        "decided_at = CASE WHEN status = 'fixed' THEN NULL ELSE decided_at END, "
        "version = ?, software = ?, "
        "component_id = ?, last_seen = ?, priority = ?, priority_score = ?, reasons = ?, "
        "explanation = ?, kb_version = ?, scan_id = ?, due_date = ? WHERE id = ?",
        params));
    existing.due_date = due;
    if (next.status != existing.status) {
        WARDROUND_TRY(event(existing.id, existing.status, next.status, next.reason));
        existing.status = next.status;
    }
    return {};
}

Status FindingStore::hold(std::int64_t asset_id,
                          const std::string& vuln_id,
                          const std::string& product_key) {
    const auto found = existing_.find(Key{asset_id, vuln_id, product_key});
    if (found == existing_.end() || found->second.seen) {
        return {};
    }
    Existing& existing = found->second;
    existing.seen = true;
    // Looked at by this scan, though not decided: confirm_unchanged() leaves it alone.
    const Value looked[] = {Value{scan_id_}, Value{existing.id}};
    WARDROUND_TRY(database_.execute("UPDATE finding SET scan_id = ? WHERE id = ?", looked));
    if (existing.status == "accepted" && !existing.decision_until.empty() &&
        existing.decision_until < today_) {
        // The acceptance lapses whether or not this scan could decide the pair.
        const Value params[] = {Value{now_text_}, Value{existing.id}};
        WARDROUND_TRY(database_.execute(
            "UPDATE finding SET status = 'open', status_changed_at = ? WHERE id = ?", params));
        WARDROUND_TRY(event(existing.id, "accepted", "open",
                            "accepted risk expired on " + existing.decision_until));
        existing.status = "open";
        ++counts_.acceptances_expired;
    }
    return {};
}

Status FindingStore::confirm_unchanged(const std::vector<std::int64_t>& org_ids) {
    const std::string scope =
        " AND " + sources_ +
        (org_ids.empty() ? std::string() : " AND org_id IN " + id_list(org_ids));
    const Value event_params[] = {Value{now_text_}, Value{scan_id_}, Value{scan_id_}};
    WARDROUND_TRY(database_.execute(
        "INSERT INTO finding_event (finding_id, at, seq, from_status, to_status, scan_id, actor) "
        "SELECT f.id, ?, (SELECT COALESCE(MAX(e.seq), 0) + 1 FROM finding_event e WHERE "
        "e.finding_id = f.id), f.status, 'open', ?, 'scan' FROM finding f WHERE f.scan_id <> ? "
        "AND f.status IN ('new', 'reopened')" +
            scope,
        event_params));
    const Value params[] = {Value{now_text_}, Value{now_text_}, Value{scan_id_}, Value{scan_id_}};
    return database_
        .execute(
            "UPDATE finding SET status_changed_at = CASE WHEN status IN ('new', 'reopened') "
            "THEN ? ELSE status_changed_at END, status = CASE WHEN status IN ('new', "
            "'reopened') THEN 'open' ELSE status END, last_seen = ?, scan_id = ? WHERE "
            "scan_id <> ? AND status IN ('new', 'open', 'reopened', 'accepted', 'not_affected')" +
                scope,
            params)
        .map([](std::int64_t) {});
}

Status FindingStore::set_aside(const std::string& vuln_id, const std::string& reason) {
    for (auto& [key, existing] : existing_) {
        if (std::get<1>(key) != vuln_id || existing.seen) {
            continue;
        }
        existing.seen = true;
        if (!(is_open(existing.status) || existing.status == "accepted")) {
            continue;  // fixed, or set aside by a person or a statement already
        }
        const Value params[] = {Value{now_text_}, Value{scan_id_}, Value{existing.id}};
        WARDROUND_TRY(database_.execute(
            "UPDATE finding SET status = 'not_affected', status_changed_at = ?, scan_id = ? "
            "WHERE id = ?",
            params));
        WARDROUND_TRY(event(existing.id, existing.status, "not_affected", reason));
        existing.status = "not_affected";
        ++counts_.suppressed;
    }
    return {};
}

Status FindingStore::close_unmatched(const std::string& reason) {
    for (auto& [key, existing] : existing_) {
        // A scan leaves a not_affected finding to its statement; a run of one source set it aside
        // itself, and the rule ran again without finding it.
        const bool closable = is_open(existing.status) || existing.status == "accepted" ||
                              (!matched_ && existing.status == "not_affected");
        if (existing.seen || !closable) {
            continue;
        }
        const Value params[] = {Value{now_text_}, Value{now_text_}, Value{existing.id}};
        WARDROUND_TRY(database_.execute(
            "UPDATE finding SET status = 'fixed', fixed_at = ?, status_changed_at = ? WHERE id = ?",
            params));
        WARDROUND_TRY(event(existing.id, existing.status, "fixed", reason));
        existing.status = "fixed";
        ++counts_.fixed;
    }
    return {};
}

Status FindingStore::replace_gaps(const std::vector<std::int64_t>& org_ids,
                                  const std::vector<std::int64_t>& asset_ids,
                                  const std::function<Status(const GapSink&)>& write) {
    if (!asset_ids.empty()) {
        for (std::size_t begin = 0; begin < asset_ids.size(); begin += kIdsPerQuery) {
            const std::size_t end = std::min(asset_ids.size(), begin + kIdsPerQuery);
            WARDROUND_TRY(database_.execute("DELETE FROM match_gap WHERE asset_id IN " +
                                            id_list(asset_ids, begin, end)));
        }
    } else if (org_ids.empty()) {
        WARDROUND_TRY(database_.execute("DELETE FROM match_gap"));
    } else {
        WARDROUND_TRY(
            database_.execute("DELETE FROM match_gap WHERE org_id IN " + id_list(org_ids)));
    }
    return write([this](std::int64_t asset_id, const std::string& product_key,
                        const std::string& software, const std::string& reason,
                        std::int64_t vulnerabilities, const std::string& examples) -> Status {
        const Value params[] = {Value{asset_id}, Value{product_key},     Value{software},
                                Value{reason},   Value{vulnerabilities}, Value{examples},
                                Value{scan_id_}, Value{asset_id}};
        return database_
            .execute(
                "INSERT INTO match_gap (org_id, asset_id, product_key, software, reason, "
                "vulnerabilities, examples, scan_id) SELECT org_id, ?, ?, ?, ?, ?, ?, ? FROM "
                "asset WHERE id = ?",
                params)
            .map([](std::int64_t) {});
    });
}

Status FindingStore::finish_scan(const ScanSummary& summary, const std::string& notes) {
    const Value params[] = {Value{summary.finished_at},
                            store::text_or_null(summary.kb_newest),
                            Value{summary.assets},
                            Value{summary.software},
                            Value{counts_.created},
                            Value{counts_.reopened},
                            Value{counts_.fixed},
                            Value{counts_.open},
                            Value{summary.not_evaluable},
                            Value{notes},
                            Value{scan_id_}};
    return database_
        .execute(
            "UPDATE scan_run SET finished_at = ?, kb_newest = ?, assets = ?, software = ?, "
            "findings_new = ?, findings_reopened = ?, findings_fixed = ?, findings_open = ?, "
            "not_evaluable = ?, summary = ? WHERE id = ?",
            params)
        .map([](std::int64_t) {});
}

}  // namespace wardround::findings::detail

// SPDX-License-Identifier: Apache-2.0
#include <utility>

#include <nlohmann/json.hpp>

#include <wardround/findings/finding_run.h>

#include "findings/finding_store.h"

namespace wardround::findings {

FindingRun::FindingRun(std::int64_t org_id,
                       std::string source,
                       std::unique_ptr<detail::FindingStore> store)
    : org_id_(org_id), source_(std::move(source)), store_(std::move(store)) {}

FindingRun::~FindingRun() = default;

Result<std::unique_ptr<FindingRun>> FindingRun::begin(store::Database& database,
                                                      const RunRecord& record) {
    auto store =
        std::make_unique<detail::FindingStore>(database, record.now, record.version, record.source);
    WARDROUND_TRY(store->begin_scan(record.org_id, record.mode, 0, 0, "", 0, record.settings));
    WARDROUND_TRY(store->load_existing({record.org_id}, {}, record.vuln_ids));
    return std::unique_ptr<FindingRun>(
        new FindingRun(record.org_id, record.source, std::move(store)));
}

Status FindingRun::found(const DecidedFinding& finding) {
    detail::MatchedFinding matched;
    matched.org_id = org_id_;
    matched.asset_id = finding.asset_id;
    matched.vuln_id = finding.vuln_id;
    matched.source = source_;
    matched.product_key = source_;
    matched.product = finding.title;
    matched.software = finding.software;
    matched.explanation = finding.explanation;
    matched.priority = finding.priority;
    matched.due_days = finding.due_days;
    return store_->record(matched);
}

Status FindingRun::undecided(std::int64_t asset_id, const std::string& vuln_id) {
    ++undecided_;
    return store_->hold(asset_id, vuln_id, source_);
}

Status FindingRun::set_aside(const std::string& vuln_id, const std::string& reason) {
    return store_->set_aside(vuln_id, reason);
}

Result<RunCounts> FindingRun::finish(const std::string& reason,
                                     std::int64_t assets,
                                     const std::string& notes) {
    WARDROUND_TRY(store_->close_unmatched(reason));
    WARDROUND_TRY(store_->count_scope({org_id_}));
    const detail::FindingCounts& counts = store_->counts();
    ScanSummary summary;
    summary.finished_at = format_timestamp(now_utc());
    summary.assets = assets;
    summary.not_evaluable = undecided_;
    WARDROUND_TRY(store_->finish_scan(summary, notes));
    RunCounts out;
    out.run_id = store_->scan_id();
    out.created = counts.created;
    out.reopened = counts.reopened;
    out.fixed = counts.fixed;
    out.set_aside = counts.suppressed;
    out.acceptances_expired = counts.acceptances_expired;
    out.undecided = undecided_;
    out.open = counts.open;
    out.open_by_priority = counts.open_by_priority;
    return out;
}

}  // namespace wardround::findings

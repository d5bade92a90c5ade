// SPDX-License-Identifier: Apache-2.0
// NVD records replace older versions of themselves by lastModified: a newer record replaces every
// row of the older one; the same or an older one changes nothing. Records are written through bulk
// writers (COPY on PostgreSQL). A replaced record's old rows are deleted in batches before its new
// rows are written, so a full re-import of a newer feed costs a few hundred statements, not one per
// CVE.
//
// The file is read and parsed on a second thread while this one writes rows, so that a full NVD
// (400,000 records, 2 GB) keeps both cores busy: parsing is about a fifth of the work, and the
// database cannot start on a record before it is parsed.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <wardround/core/json_text.h>
#include <wardround/vuln/cpe.h>
#include <wardround/vuln/nvd.h>

#include "vuln/kb/feed_store.h"

namespace wardround::vuln::detail {
namespace {

using store::Value;

constexpr std::size_t kReplaceBatch = 500;
constexpr std::size_t kRecordsPerBatch = 256;
constexpr std::size_t kBatchesInFlight = 8;  // bounds memory: about 2,000 records at a time
constexpr std::uint64_t kProgressEvery = 2000;

// Rows borrow their text from the record being written (see store::Value).
Value view(std::string_view text) {
    return Value{text};
}

Value optional_view(const std::optional<std::string>& text) {
    return text ? Value{std::string_view(*text)} : Value{};
}

Value flag(bool value) {
    return Value{std::int64_t{value ? 1 : 0}};
}

// References are only ever read whole, with their record: one JSON text instead of a row each
// (they are the NVD's most numerous items, nearly ten a record).
std::string references_json(const std::vector<CveReference>& references) {
    std::string out = "[";
    for (std::size_t i = 0; i < references.size(); ++i) {
        const CveReference& reference = references[i];
        out += i > 0 ? ",{\"url\":" : "{\"url\":";
        append_json_string(out, reference.url);
        if (!reference.source.empty()) {
            out += ",\"source\":";
            append_json_string(out, reference.source);
        }
        out += ",\"tags\":[";
        for (std::size_t t = 0; t < reference.tags.size(); ++t) {
            if (t > 0) {
                out += ',';
            }
            append_json_string(out, reference.tags[t]);
        }
        out += "]}";
    }
    return out + "]";
}

// Hands parsed records from the reading thread to the writing one, a batch at a time, holding at
// most kBatchesInFlight batches. Either side can stop the other.
class RecordQueue {
public:
    // Reader side. Returns false when the writer has stopped.
    bool push(std::vector<CveRecord> batch) {
        std::unique_lock lock(mutex_);
        space_.wait(lock, [&] { return batches_.size() < kBatchesInFlight || stopped_; });
        if (stopped_) {
            return false;
        }
        batches_.push_back(std::move(batch));
        ready_.notify_one();
        return true;
    }

    // Reader side: no more batches; `outcome` is the reader's error, if any.
    void close(Status outcome) {
        std::lock_guard lock(mutex_);
        closed_ = true;
        outcome_ = std::move(outcome);
        ready_.notify_one();
    }

    // Writer side: the next batch, or nullopt once the reader has closed and all are taken.
    std::optional<std::vector<CveRecord>> pop() {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !batches_.empty() || closed_; });
        if (batches_.empty()) {
            return std::nullopt;
        }
        std::vector<CveRecord> batch = std::move(batches_.front());
        batches_.pop_front();
        space_.notify_one();
        return batch;
    }

    // Writer side: stop the reader (after a write error).
    void stop() {
        std::lock_guard lock(mutex_);
        stopped_ = true;
        space_.notify_one();
    }

    Status outcome() {
        std::lock_guard lock(mutex_);
        return outcome_;
    }

private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::condition_variable space_;
    std::deque<std::vector<CveRecord>> batches_;
    bool closed_ = false;
    bool stopped_ = false;
    Status outcome_;
};

// Reads every record of `file` into `queue`; runs on its own thread with its own diagnostics.
void read_records(InputFile& file,
                  Diagnostics& diagnostics,
                  Progress& progress,
                  RecordQueue& queue,
                  std::size_t& skipped) {
    auto reader = NvdReader::open(file, diagnostics);
    if (!reader) {
        queue.close(propagate(reader.error()));
        return;
    }
    std::vector<CveRecord> batch;
    batch.reserve(kRecordsPerBatch);
    std::uint64_t records = 0;
    for (;;) {
        batch.emplace_back();
        auto more = reader->next(batch.back());
        if (!more || !*more) {
            batch.pop_back();
            if (!batch.empty() && !queue.push(std::move(batch))) {
                break;
            }
            skipped = reader->records_skipped();
            queue.close(more ? Status{} : Status{propagate(more.error())});
            return;
        }
        if (++records % kProgressEvery == 0) {
            progress.update({"nvd", file.name(), file.raw_bytes_read(), file.raw_size(), records});
        }
        if (batch.size() == kRecordsPerBatch) {
            if (!queue.push(std::move(batch))) {
                break;
            }
            batch = {};
            batch.reserve(kRecordsPerBatch);
        }
    }
    queue.close({});
}

class NvdStore final : public FeedStore {
public:
    Status import_file(InputFile& file, ImportContext& context) override {
        if (!writers_ready_) {
            WARDROUND_TRY(prepare(context));
        }
        RecordQueue queue;
        Diagnostics reader_diagnostics;
        std::size_t skipped = 0;
        std::thread reading(read_records, std::ref(file), std::ref(reader_diagnostics),
                            std::ref(context.progress), std::ref(queue), std::ref(skipped));
        Status written;
        while (auto batch = queue.pop()) {
            for (CveRecord& record : *batch) {
                ++context.run.counts.records;
                written = accept(std::move(record), context);
                if (!written) {
                    break;
                }
            }
            if (!written) {
                queue.stop();
                while (queue.pop()) {
                    // Drain, so that the reader is never left waiting for space.
                }
                break;
            }
        }
        reading.join();
        context.diagnostics.merge(reader_diagnostics);
        context.run.counts.rejected += static_cast<std::int64_t>(skipped);
        WARDROUND_TRY(written);
        return queue.outcome();
    }

    Status finish(ImportContext& context) override {
        WARDROUND_TRY(flush_replacements(context));
        for (auto* writer : {&cves_, &matches_, &metrics_, &weaknesses_}) {
            if (*writer) {
                WARDROUND_TRY((*writer)->finish());
            }
        }
        if (!newest_.empty()) {
            WARDROUND_TRY(set_feed_state(context.database, "nvd", newest_, context.run.id));
        }
        context.run.feed_version = newest_;
        context.run.outcome = outcome_of(context.run.counts, false);
        return {};
    }

private:
    struct Position {
        std::size_t config;
        std::size_t node;
        std::size_t match;
    };

    Status prepare(ImportContext& context) {
        store::Database& database = context.database;
        WARDROUND_TRY(database.query("SELECT id, last_modified FROM cve", {},
                                     [&](const store::Row& row) -> Status {
                                         stored_.emplace(row.get_text(0), row.get_text(1));
                                         return {};
                                     }));
        // Parents before children: PostgreSQL's COPY buffers are sent in this order.
        const auto make = [&](std::unique_ptr<store::BulkWriter>& writer, std::string table,
                              std::vector<std::string> columns) -> Status {
            auto made = database.bulk_writer(
                {std::move(table), std::move(columns), store::BulkMode::kInsert, {}});
            if (!made) {
                return propagate(made.error());
            }
            writer = std::move(*made);
            return {};
        };
        WARDROUND_TRY(make(
            cves_, "cve",
            {"id", "source_identifier", "published", "last_modified", "vuln_status", "description",
             "cve_tags", "cisa_exploit_add", "cisa_action_due", "cisa_required_action",
             "cisa_vulnerability_name", "evaluator_comment", "evaluator_solution",
             "evaluator_impact", "reference_list", "has_configurations", "import_id"}));
        WARDROUND_TRY(
            make(matches_, "cve_cpe_match",
                 {"cve_id", "config_index", "node_index", "match_index", "config_operator",
                  "config_negate", "node_operator", "node_negate", "vulnerable", "criteria",
                  "match_criteria_id", "part", "vendor", "product", "version_start_including",
                  "version_start_excluding", "version_end_including", "version_end_excluding"}));
        WARDROUND_TRY(
            make(metrics_, "cve_metric",
                 {"cve_id", "seq", "cvss_version", "source", "type", "vector", "base_score",
                  "base_severity", "exploitability_score", "impact_score"}));
        WARDROUND_TRY(
            make(weaknesses_, "cve_weakness", {"cve_id", "seq", "source", "type", "cwe_id"}));
        writers_ready_ = true;
        return {};
    }

    Status accept(CveRecord record, ImportContext& context) {
        store::ImportCounts& counts = context.run.counts;
        std::string last_modified = format_timestamp(record.last_modified);
        newest_ = std::max(newest_, last_modified);
        auto found = stored_.find(record.id);
        if (found == stored_.end()) {
            stored_.emplace(record.id, last_modified);
            ++counts.inserted;
            return write(record, context);
        }
        if (last_modified <= found->second) {
            ++counts.unchanged;
            return {};
        }
        found->second = std::move(last_modified);
        ++counts.updated;
        replacements_.push_back(std::move(record));
        if (replacements_.size() >= kReplaceBatch) {
            return flush_replacements(context);
        }
        return {};
    }

    // Deletes every row of the old versions of the batched records, then writes the new versions.
    Status flush_replacements(ImportContext& context) {
        if (replacements_.empty()) {
            return {};
        }
        std::string list = "(";
        std::vector<Value> ids;
        ids.reserve(replacements_.size());
        for (const CveRecord& record : replacements_) {
            list += ids.empty() ? "?" : ", ?";
            ids.emplace_back(record.id);
        }
        list += ")";
        for (const char* table : {"cve_cpe_match", "cve_metric", "cve_weakness"}) {
            auto deleted = context.database.execute(
                std::string("DELETE FROM ") + table + " WHERE cve_id IN " + list, ids);
            if (!deleted) {
                return propagate(deleted.error());
            }
        }
        auto deleted = context.database.execute("DELETE FROM cve WHERE id IN " + list, ids);
        if (!deleted) {
            return propagate(deleted.error());
        }
        for (const CveRecord& record : replacements_) {
            WARDROUND_TRY(write(record, context));
        }
        replacements_.clear();
        return {};
    }

    Status write(const CveRecord& record, ImportContext& context) {
        const std::string references = references_json(record.references);
        const Value cve[] = {
            view(record.id),
            store::view_or_null(record.source_identifier),
            record.published ? Value{format_timestamp(*record.published)} : Value{},
            Value{format_timestamp(record.last_modified)},
            view(record.vuln_status),
            store::view_or_null(record.description),
            store::view_or_null(record.cve_tags),
            record.cisa_exploit_add ? Value{format_date(*record.cisa_exploit_add)} : Value{},
            record.cisa_action_due ? Value{format_date(*record.cisa_action_due)} : Value{},
            store::view_or_null(record.cisa_required_action),
            store::view_or_null(record.cisa_vulnerability_name),
            store::view_or_null(record.evaluator_comment),
            store::view_or_null(record.evaluator_solution),
            store::view_or_null(record.evaluator_impact),
            view(references),
            flag(record.has_configurations),
            Value{context.run.id},
        };
        WARDROUND_TRY(cves_->add(cve));
        WARDROUND_TRY(write_matches(record, context));
        WARDROUND_TRY(write_metrics(record));
        return write_weaknesses(record);
    }

    Status write_matches(const CveRecord& record, ImportContext& context) {
        for (std::size_t c = 0; c < record.configurations.size(); ++c) {
            const Configuration& configuration = record.configurations[c];
            for (std::size_t n = 0; n < configuration.nodes.size(); ++n) {
                const ConfigNode& node = configuration.nodes[n];
                for (std::size_t m = 0; m < node.matches.size(); ++m) {
                    WARDROUND_TRY(write_match(record, Position{c, n, m}, configuration, node,
                                              node.matches[m], context));
                }
            }
        }
        return {};
    }

    Status write_metrics(const CveRecord& record) {
        for (std::size_t i = 0; i < record.metrics.size(); ++i) {
            const CvssMetric& metric = record.metrics[i];
            const Value row[] = {
                view(record.id),
                Value{static_cast<std::int64_t>(i)},
                view(cvss_version_name(metric.version)),
                view(metric.source),
                view(metric.type),
                view(metric.vector),
                Value{metric.base_score},
                store::view_or_null(metric.base_severity),
                metric.exploitability_score ? Value{*metric.exploitability_score} : Value{},
                metric.impact_score ? Value{*metric.impact_score} : Value{}};
            WARDROUND_TRY(metrics_->add(row));
        }
        return {};
    }

    Status write_weaknesses(const CveRecord& record) {
        for (std::size_t i = 0; i < record.weaknesses.size(); ++i) {
            const CveWeakness& weakness = record.weaknesses[i];
            const Value row[] = {view(record.id), Value{static_cast<std::int64_t>(i)},
                                 store::view_or_null(weakness.source),
                                 store::view_or_null(weakness.type), view(weakness.cwe_id)};
            WARDROUND_TRY(weaknesses_->add(row));
        }
        return {};
    }

    Status write_match(const CveRecord& record,
                       Position at,
                       const Configuration& configuration,
                       const ConfigNode& node,
                       const CpeMatch& match,
                       ImportContext& context) {
        static constexpr std::string_view kParts = "aoh*-";
        // The criteria are kept as published either way; the index columns need a parseable name.
        auto key = cpe23_index_key(match.criteria);
        Value part;
        Value vendor;
        Value product;
        if (key) {
            const std::size_t at_part = kParts.find(key->part());
            part = at_part == std::string_view::npos ? Value{} : view(kParts.substr(at_part, 1));
            vendor = view(key->vendor());
            product = view(key->product());
        } else {
            context.diagnostics.add(Severity::kWarning, "nvd.bad_criteria", context.run.source,
                                    record.id + " configuration " + std::to_string(at.config + 1),
                                    "criteria '" + match.criteria + "' is not a CPE 2.3 name (" +
                                        key.error().message + "); it will never match");
        }
        const Value row[] = {view(record.id),
                             Value{static_cast<std::int64_t>(at.config)},
                             Value{static_cast<std::int64_t>(at.node)},
                             Value{static_cast<std::int64_t>(at.match)},
                             view(config_operator_name(configuration.op)),
                             flag(configuration.negate),
                             view(config_operator_name(node.op)),
                             flag(node.negate),
                             flag(match.vulnerable),
                             view(match.criteria),
                             store::view_or_null(match.match_criteria_id),
                             std::move(part),
                             std::move(vendor),
                             std::move(product),
                             optional_view(match.version_start_including),
                             optional_view(match.version_start_excluding),
                             optional_view(match.version_end_including),
                             optional_view(match.version_end_excluding)};
        return matches_->add(row);
    }

    bool writers_ready_ = false;
    std::unordered_map<std::string, std::string> stored_;  // id -> last_modified
    std::vector<CveRecord> replacements_;
    std::string newest_;
    std::unique_ptr<store::BulkWriter> cves_;
    std::unique_ptr<store::BulkWriter> matches_;
    std::unique_ptr<store::BulkWriter> metrics_;
    std::unique_ptr<store::BulkWriter> weaknesses_;
};

}  // namespace

std::unique_ptr<FeedStore> make_nvd_store() {
    return std::make_unique<NvdStore>();
}

}  // namespace wardround::vuln::detail

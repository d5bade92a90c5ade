// SPDX-License-Identifier: Apache-2.0
// NVD records replace older versions of themselves by lastModified: a newer record replaces every
// row of the older one; the same or an older one changes nothing. Records are written through bulk
// writers (COPY on PostgreSQL). A replaced record's old rows are deleted in batches before its new
// rows are written, so a full re-import of a newer feed costs a few hundred statements, not one per
// CVE.
#include <unordered_map>

#include <wardround/core/json_text.h>
#include <wardround/vuln/cpe.h>
#include <wardround/vuln/nvd.h>

#include "vuln/kb/feed_store.h"

namespace wardround::vuln::detail {
namespace {

using store::Value;

constexpr std::size_t kReplaceBatch = 500;
constexpr std::uint64_t kProgressEvery = 2000;

Value optional_text(const std::optional<std::string>& text) {
    return text ? Value{*text} : Value{};
}

class NvdStore final : public FeedStore {
public:
    Status import_file(InputFile& file, ImportContext& context) override {
        if (!writers_ready_) {
            WARDROUND_TRY(prepare(context));
        }
        auto reader = NvdReader::open(file, context.diagnostics);
        if (!reader) {
            return propagate(reader.error());
        }
        store::ImportCounts& counts = context.run.counts;
        CveRecord record;
        for (;;) {
            auto more = reader->next(record);
            if (!more) {
                return propagate(more.error());
            }
            if (!*more) {
                break;
            }
            ++counts.records;
            WARDROUND_TRY(accept(std::move(record), context));
            record = CveRecord{};
            if (counts.records % kProgressEvery == 0) {
                context.progress.update({"nvd", file.name(), file.raw_bytes_read(), file.raw_size(),
                                         static_cast<std::uint64_t>(counts.records)});
            }
        }
        counts.rejected += static_cast<std::int64_t>(reader->records_skipped());
        return {};
    }

    Status finish(ImportContext& context) override {
        WARDROUND_TRY(flush_replacements(context));
        for (auto* writer : {&cves_, &configurations_, &nodes_, &matches_, &metrics_, &weaknesses_,
                             &references_}) {
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
        WARDROUND_TRY(
            make(cves_, "cve",
                 {"id", "source_identifier", "published", "last_modified", "vuln_status",
                  "description", "cve_tags", "cisa_exploit_add", "cisa_action_due",
                  "cisa_required_action", "cisa_vulnerability_name", "evaluator_comment",
                  "evaluator_solution", "evaluator_impact", "has_configurations", "import_id"}));
        WARDROUND_TRY(make(configurations_, "cve_configuration",
                           {"cve_id", "config_index", "operator", "negate"}));
        WARDROUND_TRY(make(nodes_, "cve_node",
                           {"cve_id", "config_index", "node_index", "operator", "negate"}));
        WARDROUND_TRY(
            make(matches_, "cve_cpe_match",
                 {"cve_id", "config_index", "node_index", "match_index", "vulnerable", "criteria",
                  "match_criteria_id", "part", "vendor", "product", "version_start_including",
                  "version_start_excluding", "version_end_including", "version_end_excluding"}));
        WARDROUND_TRY(
            make(metrics_, "cve_metric",
                 {"cve_id", "seq", "cvss_version", "source", "type", "vector", "base_score",
                  "base_severity", "exploitability_score", "impact_score"}));
        WARDROUND_TRY(
            make(weaknesses_, "cve_weakness", {"cve_id", "seq", "source", "type", "cwe_id"}));
        WARDROUND_TRY(
            make(references_, "cve_reference", {"cve_id", "seq", "url", "source", "tags"}));
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

    // Deletes the old versions of the batched records (their child rows go with them through the
    // foreign keys' ON DELETE CASCADE), then writes the new versions.
    Status flush_replacements(ImportContext& context) {
        if (replacements_.empty()) {
            return {};
        }
        std::string sql = "DELETE FROM cve WHERE id IN (";
        std::vector<Value> ids;
        ids.reserve(replacements_.size());
        for (const CveRecord& record : replacements_) {
            sql += ids.empty() ? "?" : ", ?";
            ids.emplace_back(record.id);
        }
        sql += ")";
        auto deleted = context.database.execute(sql, ids);
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
        const Value cve[] = {
            Value{record.id},
            store::text_or_null(record.source_identifier),
            record.published ? Value{format_timestamp(*record.published)} : Value{},
            Value{format_timestamp(record.last_modified)},
            Value{record.vuln_status},
            store::text_or_null(record.description),
            store::text_or_null(record.cve_tags),
            record.cisa_exploit_add ? Value{format_date(*record.cisa_exploit_add)} : Value{},
            record.cisa_action_due ? Value{format_date(*record.cisa_action_due)} : Value{},
            store::text_or_null(record.cisa_required_action),
            store::text_or_null(record.cisa_vulnerability_name),
            store::text_or_null(record.evaluator_comment),
            store::text_or_null(record.evaluator_solution),
            store::text_or_null(record.evaluator_impact),
            Value{std::int64_t{record.has_configurations ? 1 : 0}},
            Value{context.run.id},
        };
        WARDROUND_TRY(cves_->add(cve));
        for (std::size_t c = 0; c < record.configurations.size(); ++c) {
            const Configuration& configuration = record.configurations[c];
            const Value config_row[] = {Value{record.id}, Value{static_cast<std::int64_t>(c)},
                                        Value{std::string(config_operator_name(configuration.op))},
                                        Value{std::int64_t{configuration.negate ? 1 : 0}}};
            WARDROUND_TRY(configurations_->add(config_row));
            for (std::size_t n = 0; n < configuration.nodes.size(); ++n) {
                const ConfigNode& node = configuration.nodes[n];
                const Value node_row[] = {Value{record.id}, Value{static_cast<std::int64_t>(c)},
                                          Value{static_cast<std::int64_t>(n)},
                                          Value{std::string(config_operator_name(node.op))},
                                          Value{std::int64_t{node.negate ? 1 : 0}}};
                WARDROUND_TRY(nodes_->add(node_row));
                for (std::size_t m = 0; m < node.matches.size(); ++m) {
                    WARDROUND_TRY(write_match(record, c, n, m, node.matches[m], context));
                }
            }
        }
        for (std::size_t i = 0; i < record.metrics.size(); ++i) {
            const CvssMetric& metric = record.metrics[i];
            const Value row[] = {
                Value{record.id},
                Value{static_cast<std::int64_t>(i)},
                Value{std::string(cvss_version_name(metric.version))},
                Value{metric.source},
                Value{metric.type},
                Value{metric.vector},
                Value{metric.base_score},
                store::text_or_null(metric.base_severity),
                metric.exploitability_score ? Value{*metric.exploitability_score} : Value{},
                metric.impact_score ? Value{*metric.impact_score} : Value{}};
            WARDROUND_TRY(metrics_->add(row));
        }
        for (std::size_t i = 0; i < record.weaknesses.size(); ++i) {
            const CveWeakness& weakness = record.weaknesses[i];
            const Value row[] = {Value{record.id}, Value{static_cast<std::int64_t>(i)},
                                 store::text_or_null(weakness.source),
                                 store::text_or_null(weakness.type), Value{weakness.cwe_id}};
            WARDROUND_TRY(weaknesses_->add(row));
        }
        for (std::size_t i = 0; i < record.references.size(); ++i) {
            const CveReference& reference = record.references[i];
            const Value row[] = {Value{record.id}, Value{static_cast<std::int64_t>(i)},
                                 Value{reference.url}, store::text_or_null(reference.source),
                                 Value{json_string_array(reference.tags)}};
            WARDROUND_TRY(references_->add(row));
        }
        return {};
    }

    Status write_match(const CveRecord& record,
                       std::size_t config,
                       std::size_t node,
                       std::size_t index,
                       const CpeMatch& match,
                       ImportContext& context) {
        Value part;
        Value vendor;
        Value product;
        // The criteria are kept as published either way; the index columns need a parseable name.
        if (auto key = cpe23_index_key(match.criteria)) {
            part = Value{std::string(1, key->part())};
            vendor = Value{std::string(key->vendor())};
            product = Value{std::string(key->product())};
        } else {
            context.diagnostics.add(Severity::kWarning, "nvd.bad_criteria", context.run.source,
                                    record.id + " configuration " + std::to_string(config + 1),
                                    "criteria '" + match.criteria + "' is not a CPE 2.3 name (" +
                                        key.error().message + "); it will never match");
        }
        const Value row[] = {Value{record.id},
                             Value{static_cast<std::int64_t>(config)},
                             Value{static_cast<std::int64_t>(node)},
                             Value{static_cast<std::int64_t>(index)},
                             Value{std::int64_t{match.vulnerable ? 1 : 0}},
                             Value{match.criteria},
                             store::text_or_null(match.match_criteria_id),
                             std::move(part),
                             std::move(vendor),
                             std::move(product),
                             optional_text(match.version_start_including),
                             optional_text(match.version_start_excluding),
                             optional_text(match.version_end_including),
                             optional_text(match.version_end_excluding)};
        return matches_->add(row);
    }

    bool writers_ready_ = false;
    std::unordered_map<std::string, std::string> stored_;  // id -> last_modified
    std::vector<CveRecord> replacements_;
    std::string newest_;
    std::unique_ptr<store::BulkWriter> cves_;
    std::unique_ptr<store::BulkWriter> configurations_;
    std::unique_ptr<store::BulkWriter> nodes_;
    std::unique_ptr<store::BulkWriter> matches_;
    std::unique_ptr<store::BulkWriter> metrics_;
    std::unique_ptr<store::BulkWriter> weaknesses_;
    std::unique_ptr<store::BulkWriter> references_;
};

}  // namespace

std::unique_ptr<FeedStore> make_nvd_store() {
    return std::make_unique<NvdStore>();
}

}  // namespace wardround::vuln::detail

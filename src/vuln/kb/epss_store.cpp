// SPDX-License-Identifier: Apache-2.0
// EPSS files are daily snapshots: a file whose score date is newer than what is stored replaces the
// scores it lists (an upsert, so a CVE missing from it keeps its older, dated score); the same or
// an older date changes nothing.
#include <unordered_set>

#include <wardround/vuln/epss.h>

#include "vuln/kb/feed_store.h"

namespace wardround::vuln::detail {
namespace {

using store::Value;

constexpr std::uint64_t kProgressEvery = 20000;

class EpssStore final : public FeedStore {
public:
    Status import_file(InputFile& file, ImportContext& context) override {
        auto stored_version = feed_state_version(context.database, "epss");
        if (!stored_version) {
            return propagate(stored_version.error());
        }
        std::unique_ptr<store::BulkWriter> writer;
        bool skip = false;
        std::string version;
        store::ImportCounts& counts = context.run.counts;
        const auto on_header = [&](const EpssHeader& header) -> Status {
            // Score date first, so that the text orders as time; the model only annotates.
            version = header.score_date + "|" + header.model_version;
            newest_version_ = std::max(newest_version_, version);
            const std::string stored_date = stored_version->substr(0, stored_version->find('|'));
            if (!stored_date.empty() && header.score_date <= stored_date) {
                skip = true;
                older_ = older_ || header.score_date < stored_date;
                return {};
            }
            auto made = start_scores(header, context);
            if (!made) {
                return propagate(made.error());
            }
            writer = std::move(*made);
            return {};
        };
        const auto on_score = [&](const EpssScore& score) -> Status {
            ++counts.records;
            if (skip) {
                ++counts.unchanged;
                return {};
            }
            return write_score(score, *writer, file, context);
        };
        const std::size_t errors_before = context.diagnostics.count(Severity::kError);
        WARDROUND_TRY(parse_epss(file, context.diagnostics, on_header, on_score));
        counts.rejected +=
            static_cast<std::int64_t>(context.diagnostics.count(Severity::kError) - errors_before);
        if (writer) {
            WARDROUND_TRY(writer->finish());
            WARDROUND_TRY(set_feed_state(context.database, "epss", version, context.run.id));
        }
        return {};
    }

    Status finish(ImportContext& context) override {
        context.run.feed_version = newest_version_;
        context.run.outcome = outcome_of(context.run.counts, older_);
        return {};
    }

private:
    // A newer file than the stored scores: notes which CVEs are already scored and opens the
    // writer.
    Result<std::unique_ptr<store::BulkWriter>> start_scores(const EpssHeader& header,
                                                            ImportContext& context) {
        WARDROUND_TRY(context.database.query("SELECT cve_id FROM epss_score", {},
                                             [&](const store::Row& row) -> Status {
                                                 scored_.insert(row.get_text(0));
                                                 return {};
                                             }));
        model_version_ = header.model_version;
        score_date_ = header.score_date;
        return context.database.bulk_writer(
            {"epss_score",
             {"cve_id", "epss", "percentile", "model_version", "score_date", "import_id"},
             store::BulkMode::kUpsert,
             {"cve_id"}});
    }

    Status write_score(const EpssScore& score,
                       store::BulkWriter& writer,
                       InputFile& file,
                       ImportContext& context) {
        store::ImportCounts& counts = context.run.counts;
        const Value row[] = {Value{score.cve_id},   Value{score.epss},  Value{score.percentile},
                             Value{model_version_}, Value{score_date_}, Value{context.run.id}};
        WARDROUND_TRY(writer.add(row));
        ++(scored_.count(score.cve_id) > 0 ? counts.updated : counts.inserted);
        if (counts.records % kProgressEvery == 0) {
            context.progress.update({"epss", file.name(), file.raw_bytes_read(), file.raw_size(),
                                     static_cast<std::uint64_t>(counts.records)});
        }
        return {};
    }

    std::string newest_version_;
    std::string model_version_;
    std::string score_date_;
    bool older_ = false;
    std::unordered_set<std::string> scored_;  // CVEs scored before this file
};

}  // namespace

std::unique_ptr<FeedStore> make_epss_store() {
    return std::make_unique<EpssStore>();
}

}  // namespace wardround::vuln::detail

// SPDX-License-Identifier: Apache-2.0
// OSV records are identified by their id (its prefix names the database) and ordered by `modified`:
// a newer record replaces every row of the older one; the same or an older one changes nothing.
// A withdrawn record is kept with its withdrawal time, so matching can say why it no longer counts.
#include <map>

#include <wardround/core/json_text.h>
#include <wardround/vuln/osv.h>

#include "vuln/kb/feed_store.h"

namespace wardround::vuln::detail {
namespace {

using store::Value;

struct StoredRecord {
    std::int64_t id = 0;
    std::string modified;
};

std::string severity_json(const std::vector<OsvSeverity>& severity) {
    std::string out = "[";
    for (std::size_t i = 0; i < severity.size(); ++i) {
        out += (i > 0 ? "," : "") + std::string("{\"type\":") + json_quote(severity[i].type) +
               ",\"score\":" + json_quote(severity[i].score) + "}";
    }
    return out + "]";
}

Status run(store::Database& database, std::string_view sql, std::span<const Value> row) {
    auto done = database.execute(sql, row);
    if (!done) {
        return propagate(done.error());
    }
    return {};
}

class OsvStore final : public FeedStore {
public:
    Status import_file(InputFile& file, ImportContext& context) override {
        if (!loaded_) {
            WARDROUND_TRY(context.database.query(
                "SELECT id, source_id, modified FROM advisory WHERE format = 'osv'", {},
                [&](const store::Row& row) -> Status {
                    stored_[row.get_text(1)] = StoredRecord{row.get_int(0), row.get_text(2)};
                    return {};
                }));
            loaded_ = true;
        }
        const std::size_t errors_before = context.diagnostics.count(Severity::kError);
        auto records = parser_.parse(file, context.diagnostics);
        if (!records) {
            return propagate(records.error());
        }
        context.run.counts.rejected +=
            static_cast<std::int64_t>(context.diagnostics.count(Severity::kError) - errors_before);
        for (const OsvRecord& record : *records) {
            ++context.run.counts.records;
            WARDROUND_TRY(apply(record, context));
        }
        return {};
    }

    Status finish(ImportContext& context) override {
        context.run.feed_version = newest_;
        context.run.outcome = outcome_of(context.run.counts, older_);
        if (!newest_.empty()) {
            WARDROUND_TRY(set_feed_state(context.database, "osv", newest_, context.run.id));
        }
        return {};
    }

private:
    Status apply(const OsvRecord& record, ImportContext& context) {
        store::ImportCounts& counts = context.run.counts;
        const std::string modified = format_timestamp(record.modified);
        newest_ = std::max(newest_, modified);
        auto found = stored_.find(record.id);
        if (found != stored_.end()) {
            if (modified <= found->second.modified) {
                older_ = older_ || modified < found->second.modified;
                ++counts.unchanged;
                return {};
            }
            const Value id[] = {Value{found->second.id}};
            WARDROUND_TRY(run(context.database, "DELETE FROM advisory WHERE id = ?", id));
            ++counts.updated;
        } else {
            ++counts.inserted;
        }
        const Value row[] = {
            Value{std::string("osv")},
            Value{record.publisher},
            Value{record.id},
            store::text_or_null(record.schema_version),
            record.published ? Value{format_timestamp(*record.published)} : Value{},
            Value{modified},
            record.withdrawn ? Value{format_timestamp(*record.withdrawn)} : Value{},
            store::text_or_null(record.summary),
            store::text_or_null(record.details),
            store::text_or_null(record.database_specific_json),
            Value{context.run.id},
        };
        std::int64_t advisory = 0;
        WARDROUND_TRY(context.database.query(
            "INSERT INTO advisory (format, publisher, source_id, version, published, modified, "
            "withdrawn, summary, details, database_specific, import_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            row, [&](const store::Row& result) -> Status {
                advisory = result.get_int(0);
                return {};
            }));
        stored_[record.id] = StoredRecord{advisory, modified};
        return write_children(record, Value{advisory}, context.database);
    }

    static Status write_children(const OsvRecord& record,
                                 const Value& id,
                                 store::Database& database) {
        WARDROUND_TRY(write_identifiers(record, id, database));
        WARDROUND_TRY(write_references(record, id, database));
        WARDROUND_TRY(write_severity(record, id, database));
        return write_affected(record, id, database);
    }

    // The CVEs the record covers and its aliases, with how each alias relates to it.
    static Status write_identifiers(const OsvRecord& record,
                                    const Value& id,
                                    store::Database& database) {
        for (const std::string& cve : record.cve_ids) {
            const Value row[] = {id, Value{cve}};
            WARDROUND_TRY(
                run(database, "INSERT INTO advisory_cve (advisory_id, cve_id) VALUES (?, ?)", row));
        }
        for (const OsvAlias& alias : record.aliases) {
            const Value row[] = {id, Value{alias.id},
                                 Value{std::string(osv_relation_name(alias.relation))}};
            WARDROUND_TRY(
                run(database,
                    "INSERT INTO advisory_alias (advisory_id, alias, relation) VALUES (?, ?, ?) "
                    "ON CONFLICT DO NOTHING",
                    row));
        }
        return {};
    }

    static Status write_references(const OsvRecord& record,
                                   const Value& id,
                                   store::Database& database) {
        std::int64_t seq = 0;
        for (const OsvReference& reference : record.references) {
            const Value row[] = {id, Value{seq++}, Value{reference.url},
                                 store::text_or_null(reference.type)};
            WARDROUND_TRY(
                run(database,
                    "INSERT INTO advisory_reference (advisory_id, seq, vuln_index, url, category) "
                    "VALUES (?, ?, NULL, ?, ?)",
                    row));
        }
        return {};
    }

    static Status write_severity(const OsvRecord& record,
                                 const Value& id,
                                 store::Database& database) {
        std::int64_t seq = 0;
        for (const OsvSeverity& severity : record.severity) {
            const Value row[] = {id,
                                 Value{seq++},
                                 Value{severity.type},
                                 Value{severity.score},
                                 severity.base_score ? Value{*severity.base_score} : Value{},
                                 store::text_or_null(severity.base_severity)};
            WARDROUND_TRY(
                run(database,
                    "INSERT INTO advisory_score (advisory_id, vuln_index, seq, scheme, vector, "
                    "base_score, base_severity, product_ids) VALUES (?, 0, ?, ?, ?, ?, ?, '[]')",
                    row));
        }
        return {};
    }

    // Each affected package, then its version ranges.
    static Status write_affected(const OsvRecord& record,
                                 const Value& id,
                                 store::Database& database) {
        for (std::size_t a = 0; a < record.affected.size(); ++a) {
            const OsvAffected& affected = record.affected[a];
            const Value index{static_cast<std::int64_t>(a)};
            const Value row[] = {
                id,
                index,
                store::text_or_null(affected.ecosystem),
                store::text_or_null(affected.name),
                store::text_or_null(affected.purl),
                Value{affected.versions_json()},
                affected.severity.empty() ? Value{} : Value{severity_json(affected.severity)},
                store::text_or_null(affected.ecosystem_specific_json),
                store::text_or_null(affected.database_specific_json)};
            WARDROUND_TRY(
                run(database,
                    "INSERT INTO osv_affected (advisory_id, affected_index, ecosystem, name, purl, "
                    "versions, severity, ecosystem_specific, database_specific) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    row));
            for (std::size_t r = 0; r < affected.ranges.size(); ++r) {
                const OsvRange& range = affected.ranges[r];
                const Value range_row[] = {id,
                                           index,
                                           Value{static_cast<std::int64_t>(r)},
                                           Value{std::string(osv_range_type_name(range.type))},
                                           store::text_or_null(range.repo),
                                           Value{range.events_json()},
                                           store::text_or_null(range.database_specific_json)};
                WARDROUND_TRY(run(
                    database,
                    "INSERT INTO osv_range (advisory_id, affected_index, range_index, type, repo, "
                    "events, database_specific) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    range_row));
            }
        }
        return {};
    }

    OsvParser parser_;
    bool loaded_ = false;
    std::map<std::string, StoredRecord> stored_;
    std::string newest_;
    bool older_ = false;
};

}  // namespace

std::unique_ptr<FeedStore> make_osv_store() {
    return std::make_unique<OsvStore>();
}

}  // namespace wardround::vuln::detail

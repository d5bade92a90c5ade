// SPDX-License-Identifier: Apache-2.0
// CSAF documents are identified by (publisher namespace, tracking.id) and ordered by
// current_release_date, then tracking.version: a newer revision replaces every row of the older
// one, the same or an older revision changes nothing. The product tree is stored flattened, with
// each product's branch path, so matching never has to walk JSON again.
#include <map>
#include <tuple>

#include <wardround/core/json_text.h>
#include <wardround/vuln/csaf.h>

#include "vuln/kb/feed_store.h"

namespace wardround::vuln::detail {
namespace {

using store::Value;

struct StoredAdvisory {
    std::int64_t id = 0;
    std::string modified;
    std::string version;
};

std::string branch_path_json(const std::vector<CsafBranchLevel>& path) {
    std::string out = "[";
    for (std::size_t i = 0; i < path.size(); ++i) {
        out += (i > 0 ? "," : "") + std::string("[") + json_quote(path[i].category) + "," +
               json_quote(path[i].name) + "]";
    }
    return out + "]";
}

std::string ids_json(const std::vector<CsafVulnerabilityId>& ids) {
    std::string out = "[";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        out += (i > 0 ? "," : "") + std::string("{\"system_name\":") +
               json_quote(ids[i].system_name) + ",\"text\":" + json_quote(ids[i].text) + "}";
    }
    return out + "]";
}

Value optional_time(const std::optional<Timestamp>& time) {
    return time ? Value{format_timestamp(*time)} : Value{};
}

// The first note of `category`, for the advisory's summary and details columns.
std::string note_text(const CsafDocument& document, std::string_view category) {
    for (const CsafNote& note : document.notes) {
        if (note.category == category) {
            return note.text;
        }
    }
    return {};
}

// Revisions compare by release date, then by version ("2" < "10" numerically where both are
// integers, else as text), so that two revisions released the same day still order.
bool newer(const std::string& modified, const std::string& version, const StoredAdvisory& stored) {
    if (modified != stored.modified) {
        return modified > stored.modified;
    }
    const auto as_number = [](const std::string& text) -> std::optional<long long> {
        if (text.empty() || text.size() > 18 ||
            text.find_first_not_of("0123456789") != std::string::npos) {
            return std::nullopt;
        }
        return std::stoll(text);
    };
    const auto a = as_number(version);
    const auto b = as_number(stored.version);
    return a && b ? *a > *b : version > stored.version;
}

class CsafStore final : public FeedStore {
public:
    Status import_file(InputFile& file, ImportContext& context) override {
        if (!loaded_) {
            WARDROUND_TRY(load(context.database));
        }
        const std::size_t errors_before = context.diagnostics.count(Severity::kError);
        auto document = parser_.parse(file, context.diagnostics);
        if (!document) {
            return propagate(document.error());
        }
        // Products and groups left out for errors are counted as rejected rows of the document.
        context.run.counts.rejected +=
            static_cast<std::int64_t>(context.diagnostics.count(Severity::kError) - errors_before);
        ++context.run.counts.records;
        return apply(*document, context);
    }

    Status finish(ImportContext& context) override {
        context.run.feed_version = newest_;
        context.run.outcome = outcome_of(context.run.counts, older_);
        if (!newest_.empty()) {
            WARDROUND_TRY(set_feed_state(context.database, "csaf", newest_, context.run.id));
        }
        return {};
    }

private:
    Status load(store::Database& database) {
        WARDROUND_TRY(database.query(
            "SELECT id, publisher, source_id, modified, COALESCE(version, '') FROM advisory "
            "WHERE format = 'csaf'",
            {}, [&](const store::Row& row) -> Status {
                stored_[{row.get_text(1), row.get_text(2)}] =
                    StoredAdvisory{row.get_int(0), row.get_text(3), row.get_text(4)};
                return {};
            }));
        loaded_ = true;
        return {};
    }

    Status apply(const CsafDocument& document, ImportContext& context) {
        store::ImportCounts& counts = context.run.counts;
        const std::string modified = format_timestamp(document.tracking.current_release_date);
        newest_ = std::max(newest_, modified);
        const auto key = std::pair(document.publisher.namespace_uri, document.tracking.id);
        auto found = stored_.find(key);
        if (found != stored_.end()) {
            if (!newer(modified, document.tracking.version, found->second)) {
                older_ = older_ || modified < found->second.modified;
                ++counts.unchanged;
                return {};
            }
            const Value id[] = {Value{found->second.id}};
            auto deleted = context.database.execute("DELETE FROM advisory WHERE id = ?", id);
            if (!deleted) {
                return propagate(deleted.error());
            }
            ++counts.updated;
        } else {
            ++counts.inserted;
        }
        auto advisory_id = insert_advisory(document, modified, context);
        if (!advisory_id) {
            return propagate(advisory_id.error());
        }
        stored_[key] = StoredAdvisory{*advisory_id, modified, document.tracking.version};
        return write_children(document, *advisory_id, context);
    }

    Result<std::int64_t> insert_advisory(const CsafDocument& document,
                                         const std::string& modified,
                                         ImportContext& context) {
        const Value row[] = {
            Value{std::string("csaf")},
            Value{document.publisher.namespace_uri},
            Value{document.tracking.id},
            store::text_or_null(document.publisher.name),
            Value{document.category},
            store::text_or_null(document.title),
            Value{document.tracking.status},
            Value{document.tracking.version},
            optional_time(document.tracking.initial_release_date),
            Value{modified},
            store::text_or_null(document.lang),
            store::text_or_null(document.tlp_label),
            store::text_or_null(note_text(document, "summary")),
            store::text_or_null(note_text(document, "description")),
            store::text_or_null(document.aggregate_severity),
            Value{context.run.id},
        };
        std::int64_t id = 0;
        WARDROUND_TRY(context.database.query(
            "INSERT INTO advisory (format, publisher, source_id, publisher_name, category, title, "
            "status, version, published, modified, lang, tlp, summary, details, "
            "aggregate_severity, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?) "
            "RETURNING id",
            row, [&](const store::Row& result) -> Status {
                id = result.get_int(0);
                return {};
            }));
        return id;
    }

    Status write_children(const CsafDocument& document,
                          std::int64_t advisory,
                          ImportContext& context) {
        store::Database& database = context.database;
        const Value id{advisory};
        WARDROUND_TRY(write_identifiers(document, id, database));
        // References are numbered across the document: its own first, then each vulnerability's.
        std::int64_t reference_seq = 0;
        WARDROUND_TRY(write_references(document.references, id, Value{}, reference_seq, database));
        WARDROUND_TRY(write_products(document, id, database));
        for (std::size_t v = 0; v < document.vulnerabilities.size(); ++v) {
            WARDROUND_TRY(write_vulnerability(document.vulnerabilities[v], id,
                                              Value{static_cast<std::int64_t>(v)}, database));
            WARDROUND_TRY(write_references(document.vulnerabilities[v].references, id,
                                           Value{static_cast<std::int64_t>(v)}, reference_seq,
                                           database));
        }
        return {};
    }

    // The CVEs the advisory covers and its aliases.
    static Status write_identifiers(const CsafDocument& document,
                                    const Value& id,
                                    store::Database& database) {
        for (const std::string& cve : document.cves()) {
            const Value row[] = {id, Value{cve}};
            WARDROUND_TRY(
                run(database, "INSERT INTO advisory_cve (advisory_id, cve_id) VALUES (?, ?)", row));
        }
        for (const std::string& alias : document.tracking.aliases) {
            const Value row[] = {id, Value{alias}};
            WARDROUND_TRY(run(
                database,
                "INSERT INTO advisory_alias (advisory_id, alias, relation) VALUES (?, ?, 'alias') "
                "ON CONFLICT DO NOTHING",
                row));
        }
        return {};
    }

    static Status write_references(const std::vector<CsafReference>& references,
                                   const Value& id,
                                   const Value& vuln_index,
                                   std::int64_t& seq,
                                   store::Database& database) {
        for (const CsafReference& reference : references) {
            const Value row[] = {id,
                                 Value{seq++},
                                 vuln_index,
                                 Value{reference.url},
                                 store::text_or_null(reference.category),
                                 store::text_or_null(reference.summary)};
            WARDROUND_TRY(run(database,
                              "INSERT INTO advisory_reference (advisory_id, seq, vuln_index, url, "
                              "category, summary) VALUES (?, ?, ?, ?, ?, ?)",
                              row));
        }
        return {};
    }

    static Status write_products(const CsafDocument& document,
                                 const Value& id,
                                 store::Database& database) {
        auto products =
            database.bulk_writer({"csaf_product",
                                  {"advisory_id", "product_id", "name", "origin", "vendor",
                                   "product_family", "product_name", "product_version",
                                   "product_version_range", "branch_path", "cpe", "purl", "helper"},
                                  store::BulkMode::kInsert,
                                  {}});
        if (!products) {
            return propagate(products.error());
        }
        for (const CsafProduct& product : document.products) {
            const Value row[] = {id,
                                 Value{product.product_id},
                                 Value{product.name},
                                 Value{std::string(csaf_product_origin_name(product.origin))},
                                 store::text_or_null(product.vendor),
                                 store::text_or_null(product.product_family),
                                 store::text_or_null(product.product_name),
                                 store::text_or_null(product.product_version),
                                 store::text_or_null(product.product_version_range),
                                 product.branch_path.empty()
                                     ? Value{}
                                     : Value{branch_path_json(product.branch_path)},
                                 store::text_or_null(product.cpe),
                                 store::text_or_null(product.purl),
                                 store::text_or_null(product.helper_json)};
            WARDROUND_TRY((*products)->add(row));
        }
        WARDROUND_TRY((*products)->finish());
        for (const CsafProductGroup& group : document.product_groups) {
            const Value row[] = {id, Value{group.group_id}, store::text_or_null(group.summary),
                                 Value{json_string_array(group.product_ids)}};
            WARDROUND_TRY(
                run(database,
                    "INSERT INTO csaf_product_group (advisory_id, group_id, summary, product_ids) "
                    "VALUES (?, ?, ?, ?)",
                    row));
        }
        std::int64_t seq = 0;
        for (const CsafRelationship& relationship : document.relationships) {
            const Value row[] = {id,
                                 Value{seq++},
                                 Value{relationship.category},
                                 Value{relationship.product_reference},
                                 Value{relationship.relates_to_product_reference},
                                 Value{relationship.product_id},
                                 store::text_or_null(relationship.name)};
            WARDROUND_TRY(
                run(database,
                    "INSERT INTO csaf_relationship (advisory_id, seq, category, product_reference, "
                    "relates_to_product_reference, product_id, name) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    row));
        }
        return {};
    }

    static Status write_vulnerability(const CsafVulnerability& vulnerability,
                                      const Value& id,
                                      const Value& index,
                                      store::Database& database) {
        const Value row[] = {
            id,
            index,
            store::text_or_null(vulnerability.cve),
            store::text_or_null(vulnerability.title),
            store::text_or_null(vulnerability.cwe_id),
            store::text_or_null(vulnerability.cwe_name),
            optional_time(vulnerability.discovery_date),
            optional_time(vulnerability.release_date),
            vulnerability.ids.empty() ? Value{} : Value{ids_json(vulnerability.ids)},
            store::text_or_null(vulnerability.notes_json)};
        WARDROUND_TRY(
            run(database,
                "INSERT INTO csaf_vulnerability (advisory_id, vuln_index, cve, title, cwe_id, "
                "cwe_name, discovery_date, release_date, ids, notes) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row));
        WARDROUND_TRY(write_product_status(vulnerability, id, index, database));
        WARDROUND_TRY(write_remediations(vulnerability, id, index, database));
        WARDROUND_TRY(write_scores(vulnerability, id, index, database));
        WARDROUND_TRY(write_flags(vulnerability, id, index, database));
        return write_threats(vulnerability, id, index, database);
    }

    // A product listed twice under one status (Mobotix lists 33 twice) is one fact.
    static Status write_product_status(const CsafVulnerability& vulnerability,
                                       const Value& id,
                                       const Value& index,
                                       store::Database& database) {
        for (std::size_t s = 0; s < kCsafProductStatusCount; ++s) {
            const Value status{
                std::string(csaf_product_status_name(static_cast<CsafProductStatus>(s)))};
            for (const std::string& product : vulnerability.product_status[s]) {
                const Value status_row[] = {id, index, status, Value{product}};
                WARDROUND_TRY(run(
                    database,
                    "INSERT INTO csaf_product_status (advisory_id, vuln_index, status, product_id) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    status_row));
            }
        }
        return {};
    }

    static Status write_remediations(const CsafVulnerability& vulnerability,
                                     const Value& id,
                                     const Value& index,
                                     store::Database& database) {
        std::int64_t seq = 0;
        for (const CsafRemediation& remediation : vulnerability.remediations) {
            const Value remediation_row[] = {id,
                                             index,
                                             Value{seq++},
                                             Value{remediation.category},
                                             store::text_or_null(remediation.details),
                                             store::text_or_null(remediation.url),
                                             optional_time(remediation.date),
                                             Value{json_string_array(remediation.product_ids)},
                                             Value{json_string_array(remediation.group_ids)}};
            WARDROUND_TRY(run(database,
                              "INSERT INTO csaf_remediation (advisory_id, vuln_index, seq, "
                              "category, details, url, "
                              "date, product_ids, group_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              remediation_row));
        }
        return {};
    }

    static Status write_scores(const CsafVulnerability& vulnerability,
                               const Value& id,
                               const Value& index,
                               store::Database& database) {
        std::int64_t seq = 0;
        for (const CsafScore& score : vulnerability.scores) {
            const Value score_row[] = {id,
                                       index,
                                       Value{seq++},
                                       Value{std::string(csaf_score_scheme_name(score.scheme))},
                                       store::text_or_null(score.vector),
                                       score.base_score ? Value{*score.base_score} : Value{},
                                       store::text_or_null(score.base_severity),
                                       Value{json_string_array(score.product_ids)}};
            WARDROUND_TRY(
                run(database,
                    "INSERT INTO advisory_score (advisory_id, vuln_index, seq, scheme, vector, "
                    "base_score, base_severity, product_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    score_row));
        }
        return {};
    }

    static Status write_flags(const CsafVulnerability& vulnerability,
                              const Value& id,
                              const Value& index,
                              store::Database& database) {
        std::int64_t seq = 0;
        for (const CsafFlag& flag : vulnerability.flags) {
            const Value flag_row[] = {id,
                                      index,
                                      Value{seq++},
                                      Value{flag.label},
                                      optional_time(flag.date),
                                      Value{json_string_array(flag.product_ids)},
                                      Value{json_string_array(flag.group_ids)}};
            WARDROUND_TRY(run(
                database,
                "INSERT INTO csaf_flag (advisory_id, vuln_index, seq, label, date, product_ids, "
                "group_ids) VALUES (?, ?, ?, ?, ?, ?, ?)",
                flag_row));
        }
        return {};
    }

    static Status write_threats(const CsafVulnerability& vulnerability,
                                const Value& id,
                                const Value& index,
                                store::Database& database) {
        std::int64_t seq = 0;
        for (const CsafThreat& threat : vulnerability.threats) {
            const Value threat_row[] = {id,
                                        index,
                                        Value{seq++},
                                        Value{threat.category},
                                        Value{threat.details},
                                        optional_time(threat.date),
                                        Value{json_string_array(threat.product_ids)},
                                        Value{json_string_array(threat.group_ids)}};
            WARDROUND_TRY(run(
                database,
                "INSERT INTO csaf_threat (advisory_id, vuln_index, seq, category, details, date, "
                "product_ids, group_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                threat_row));
        }
        return {};
    }

    static Status run(store::Database& database, std::string_view sql, std::span<const Value> row) {
        auto done = database.execute(sql, row);
        if (!done) {
            return propagate(done.error());
        }
        return {};
    }

    CsafParser parser_;
    bool loaded_ = false;
    std::map<std::pair<std::string, std::string>, StoredAdvisory> stored_;
    std::string newest_;
    bool older_ = false;
};

}  // namespace

std::unique_ptr<FeedStore> make_csaf_store() {
    return std::make_unique<CsafStore>();
}

}  // namespace wardround::vuln::detail

// SPDX-License-Identifier: Apache-2.0
// KEV catalogues are whole snapshots, ordered by (catalogVersion, dateReleased). A newer catalogue
// updates changed entries (CISA edits entries after adding them: vendor renames, ransomware use
// Unknown -> Known) and marks entries it no longer lists as removed; an older or the same catalogue
// changes nothing, so importing last month's file after this month's cannot undo anything.
#include <map>
#include <set>

#include <wardround/core/json_text.h>
#include <wardround/vuln/kev.h>

#include "vuln/kb/feed_store.h"

namespace wardround::vuln::detail {
namespace {

using store::Value;

struct StoredEntry {
    KevEntry entry;
    std::string cwes_json;
    bool removed = false;
};

class KevStore final : public FeedStore {
public:
    Status import_file(InputFile& file, ImportContext& context) override {
        auto detection = detect_feed_kind(file);
        if (!detection) {
            return propagate(detection.error());
        }
        auto catalogue = detection->kind == FeedKind::kKevCsv
                             ? parse_kev_csv(file, context.diagnostics)
                             : parse_kev_json(file, context.diagnostics);
        if (!catalogue) {
            return propagate(catalogue.error());
        }
        return apply(*catalogue, context);
    }

    Status finish(ImportContext& context) override {
        context.run.feed_version = newest_version_;
        context.run.outcome = outcome_of(context.run.counts, older_);
        return {};
    }

private:
    Status apply(const KevCatalogue& catalogue, ImportContext& context) {
        store::ImportCounts& counts = context.run.counts;
        counts.records += static_cast<std::int64_t>(catalogue.entries.size());
        counts.rejected += catalogue.rejected;
        const std::string version = catalogue.catalog_version + "|" + catalogue.date_released;
        auto stored_version = feed_state_version(context.database, "kev");
        if (!stored_version) {
            return propagate(stored_version.error());
        }
        newest_version_ = std::max(newest_version_, version);
        if (!stored_version->empty() && version <= *stored_version) {
            // The same or an older catalogue: nothing changes.
            older_ = older_ || version < *stored_version;
            counts.unchanged += static_cast<std::int64_t>(catalogue.entries.size());
            return {};
        }
        auto stored = load(context.database);
        if (!stored) {
            return propagate(stored.error());
        }
        store::Database& database = context.database;
        auto writer = database.bulk_writer(
            {"kev_entry",
             {"cve_id", "vendor_project", "product", "vulnerability_name", "date_added", "due_date",
              "short_description", "required_action", "known_ransomware_use", "notes", "cwes",
              "first_catalog_version", "catalog_version", "removed_in_catalog", "import_id"},
             store::BulkMode::kInsert,
             {}});
        if (!writer) {
            return propagate(writer.error());
        }
        std::set<std::string> listed;
        for (const KevEntry& entry : catalogue.entries) {
            listed.insert(entry.cve_id);
            WARDROUND_TRY(apply_entry(entry, catalogue, *stored, **writer, context));
        }
        WARDROUND_TRY((*writer)->finish());
        WARDROUND_TRY(mark_removed(catalogue, *stored, listed, context));
        WARDROUND_TRY(record_catalogue(catalogue, context));
        return set_feed_state(database, "kev", version, context.run.id);
    }

    // A new entry goes to the bulk writer; a stored one is updated when it changed.
    static Status apply_entry(const KevEntry& entry,
                              const KevCatalogue& catalogue,
                              const std::map<std::string, StoredEntry>& stored,
                              store::BulkWriter& writer,
                              ImportContext& context) {
        store::ImportCounts& counts = context.run.counts;
        const std::string cwes = json_string_array(entry.cwes);
        auto found = stored.find(entry.cve_id);
        if (found == stored.end()) {
            const Value row[] = {Value{entry.cve_id},
                                 Value{entry.vendor_project},
                                 Value{entry.product},
                                 Value{entry.vulnerability_name},
                                 Value{entry.date_added},
                                 Value{entry.due_date},
                                 Value{entry.short_description},
                                 Value{entry.required_action},
                                 Value{entry.known_ransomware_use},
                                 store::text_or_null(entry.notes),
                                 Value{cwes},
                                 Value{catalogue.catalog_version},
                                 Value{catalogue.catalog_version},
                                 Value{},
                                 Value{context.run.id}};
            WARDROUND_TRY(writer.add(row));
            ++counts.inserted;
            return {};
        }
        // The stored cwes are JSON text; compare them as such and everything else field by
        // field.
        KevEntry stored_entry = found->second.entry;
        stored_entry.cwes = entry.cwes;
        const bool same =
            stored_entry == entry && found->second.cwes_json == cwes && !found->second.removed;
        if (same) {
            ++counts.unchanged;
            return {};
        }
        const Value update[] = {Value{entry.vendor_project},
                                Value{entry.product},
                                Value{entry.vulnerability_name},
                                Value{entry.date_added},
                                Value{entry.due_date},
                                Value{entry.short_description},
                                Value{entry.required_action},
                                Value{entry.known_ransomware_use},
                                store::text_or_null(entry.notes),
                                Value{cwes},
                                Value{catalogue.catalog_version},
                                Value{context.run.id},
                                Value{entry.cve_id}};
        auto changed = context.database.execute(
            "UPDATE kev_entry SET vendor_project = ?, product = ?, vulnerability_name = ?, "
            "date_added = ?, due_date = ?, short_description = ?, required_action = ?, "
            "known_ransomware_use = ?, notes = ?, cwes = ?, catalog_version = ?, "
            "removed_in_catalog = NULL, import_id = ? WHERE cve_id = ?",
            update);
        if (!changed) {
            return propagate(changed.error());
        }
        ++counts.updated;
        return {};
    }

    static Status record_catalogue(const KevCatalogue& catalogue, ImportContext& context) {
        const Value catalogue_row[] = {
            Value{catalogue.catalog_version}, Value{catalogue.date_released},
            store::text_or_null(catalogue.title),
            Value{static_cast<std::int64_t>(catalogue.entries.size())}, Value{context.run.id}};
        auto recorded = context.database.execute(
            "INSERT INTO kev_catalog (catalog_version, date_released, title, entry_count, "
            "import_id) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (catalog_version, date_released) DO NOTHING",
            catalogue_row);
        if (!recorded) {
            return propagate(recorded.error());
        }
        return {};
    }

    // Entries a newer catalogue no longer lists are marked, not deleted: a finding that relied on
    // them must still be explainable.
    Status mark_removed(const KevCatalogue& catalogue,
                        const std::map<std::string, StoredEntry>& stored,
                        const std::set<std::string>& listed,
                        ImportContext& context) {
        if (catalogue.rejected_without_id) {
            context.diagnostics.add(Severity::kWarning, "kev.removals_not_marked",
                                    context.run.source, "",
                                    "an entry without a readable cveID was rejected, so entries "
                                    "missing from this catalogue are not marked as removed");
            return {};
        }
        for (const auto& [cve_id, entry] : stored) {
            if (entry.removed || listed.count(cve_id) > 0 ||
                catalogue.rejected_ids.count(cve_id) > 0) {
                continue;
            }
            const Value params[] = {Value{catalogue.catalog_version}, Value{context.run.id},
                                    Value{cve_id}};
            auto marked = context.database.execute(
                "UPDATE kev_entry SET removed_in_catalog = ?, import_id = ? WHERE cve_id = ?",
                params);
            if (!marked) {
                return propagate(marked.error());
            }
            ++context.run.counts.removed;
        }
        return {};
    }

    static Result<std::map<std::string, StoredEntry>> load(store::Database& database) {
        std::map<std::string, StoredEntry> stored;
        WARDROUND_TRY(database.query(
            "SELECT cve_id, vendor_project, product, vulnerability_name, date_added, due_date, "
            "short_description, required_action, known_ransomware_use, COALESCE(notes, ''), cwes, "
            "removed_in_catalog FROM kev_entry",
            {}, [&](const store::Row& row) -> Status {
                StoredEntry entry;
                entry.entry.cve_id = row.get_text(0);
                entry.entry.vendor_project = row.get_text(1);
                entry.entry.product = row.get_text(2);
                entry.entry.vulnerability_name = row.get_text(3);
                entry.entry.date_added = row.get_text(4);
                entry.entry.due_date = row.get_text(5);
                entry.entry.short_description = row.get_text(6);
                entry.entry.required_action = row.get_text(7);
                entry.entry.known_ransomware_use = row.get_text(8);
                entry.entry.notes = row.get_text(9);
                entry.cwes_json = row.get_text(10);
                entry.removed = !row.is_null(11);
                stored.emplace(entry.entry.cve_id, std::move(entry));
                return {};
            }));
        return stored;
    }

    std::string newest_version_;
    bool older_ = false;
};

}  // namespace

std::unique_ptr<FeedStore> make_kev_store() {
    return std::make_unique<KevStore>();
}

}  // namespace wardround::vuln::detail

// SPDX-License-Identifier: Apache-2.0
// Importing inventory files into an organisation's estate: each file is parsed (formats.h), each
// asset merged into one record per real device, each component given a product identity, in one
// transaction per file with its provenance.
//
// Merging: an observed asset is the stored asset that has, in this order, the same source and
// source key, the same MAC, the same serial, or the same host name (generic names such as
// "localhost" never merge; two fully qualified names must agree, and two different serials never
// merge). Each source's view is kept (asset_source); the asset's fields are the newest view's, and
// disagreements are recorded (asset_conflict). Components, services and posture facts are kept
// per source: each report of an asset replaces what the same source and format said of it before.
// Re-importing a file already imported for the organisation and source changes nothing; an older
// report never overwrites a newer one; assets absent from the newest report of a source are marked
// stale, never deleted.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <wardround/core/diagnostic.h>
#include <wardround/core/input_file.h>
#include <wardround/core/progress.h>
#include <wardround/core/result.h>
#include <wardround/inventory/formats.h>
#include <wardround/inventory/identity.h>
#include <wardround/store/database.h>
#include <wardround/store/provenance.h>

namespace wardround::inventory {

struct InventoryImportOptions {
    std::string org_code;                   // required: whose estate this is
    std::optional<InventoryFormat> format;  // detected from the content when absent
    std::string source;  // the family of reports ("nmap-ward-7"); default_source_name() when ""
    // Attach every asset in the file to this existing asset (id, serial or host name): a medical
    // device's manufacturer SBOM describes that device.
    std::string attach_to;
    bool strict = false;  // reject the whole file on any warning or error diagnostic
    CsvImportOptions csv;
};

struct InventoryImportCounts {
    std::int64_t assets_read = 0;
    std::int64_t assets_new = 0;
    std::int64_t assets_merged = 0;  // matched a stored asset and updated it
    std::int64_t assets_older = 0;   // matched, but this report is older: nothing changed
    std::int64_t components = 0;
    std::int64_t exposures = 0;
    std::int64_t facts = 0;                // posture facts written (docs/asset-facts.md)
    std::int64_t marked_stale = 0;         // asset views absent from this (newest) report
    std::int64_t identities_new = 0;       // distinct names seen for the first time
    std::int64_t components_resolved = 0;  // components whose name resolved to a CPE or purl
};

struct InventoryImportReport {
    std::string file;
    InventoryFormat format = InventoryFormat::kCsv;
    std::string source;  // the source family used
    store::ImportRun run;
    ObservedReport observed;
    InventoryImportCounts counts;
    Diagnostics diagnostics;
};

// Imports files one after another, sharing what it learns (the knowledge base's product names,
// resolved identities) across them.
class InventoryImporter {
public:
    explicit InventoryImporter(store::Database& database, Progress* progress = nullptr);
    ~InventoryImporter();
    InventoryImporter(const InventoryImporter&) = delete;
    InventoryImporter& operator=(const InventoryImporter&) = delete;

    // Imports one file in one transaction. Errors (the database is then exactly as it was):
    // kNotFound for an unknown organisation or attach_to asset; kInvalidArgument for a file that
    // is not the format or is structurally broken, or, with `strict`, has diagnostics (the report
    // is lost with it; the error says how many and the first); file and backend errors.
    [[nodiscard]] Result<InventoryImportReport> import_file(const std::string& path,
                                                            const InventoryImportOptions& options);

private:
    [[nodiscard]] Result<InventoryImportReport> import_one(const std::string& path,
                                                           const InventoryImportOptions& options);
    // Parses the file and merges every asset, inside import_one's transaction.
    [[nodiscard]] Status merge_file(InputFile& file,
                                    const InventoryImportOptions& options,
                                    std::optional<std::int64_t> attach_to,
                                    InventoryImportReport& report);

    struct State;
    std::unique_ptr<State> state_;
};

// A resolver over the knowledge base's CPE names (the distinct vendor and product of NVD's
// configurations) and the mappings people added. Errors: backend errors.
[[nodiscard]] Result<std::unique_ptr<IdentityResolver>> load_identity_resolver(
    store::Database& database);

}  // namespace wardround::inventory

// SPDX-License-Identifier: Apache-2.0
// Merges observed assets, one at a time, into an organisation's stored estate (see
// inventory_store.h for the rules). One merger serves one import, inside its transaction.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <wardround/core/diagnostic.h>
#include <wardround/core/result.h>
#include <wardround/inventory/inventory_store.h>
#include <wardround/inventory/observation.h>
#include <wardround/store/database.h>

#include "inventory/store/identity_book.h"

namespace wardround::inventory::detail {

struct MergeScope {
    std::int64_t org_id = 0;
    std::string source;  // family: "defender", "nmap", or --source
    std::string format;  // inventory_format_name()
    std::string now;     // the import's time: for assets and reports that carry none
    std::int64_t import_id = 0;
    std::string file;  // for diagnostics
    std::optional<std::int64_t> attach_to;
};

class AssetMerger {
public:
    AssetMerger(store::Database& database,
                IdentityBook& identities,
                MergeScope scope,
                InventoryImportCounts& counts,
                Diagnostics& diagnostics);
    ~AssetMerger();
    AssetMerger(const AssetMerger&) = delete;
    AssetMerger& operator=(const AssetMerger&) = delete;

    [[nodiscard]] Status merge(ObservedAsset&& asset);
    // Flushes buffered rows, dates this import's views with the report's time (`observed_at`,
    // known only once the file is read) and marks the views absent from the newest report of this
    // source as stale. Call once, after the last merge().
    [[nodiscard]] Status finish(const std::string& observed_at);

private:
    struct Identifiers;
    // Where an observed asset goes: a stored asset or a new one, or nowhere when this source
    // already reported it as seen later.
    struct Target {
        std::int64_t asset_id = 0;
        bool is_new = false;
        bool older = false;
    };
    // One source's view of the asset, labelled "<source>/<format>".
    struct View {
        std::string label;
        nlohmann::json fields;
    };
    // Every view of an asset, newest report first, with the times and staleness they add up to.
    struct Views {
        std::vector<View> views;
        std::string first_seen;
        std::string last_seen;
        bool stale = true;
    };

    [[nodiscard]] Result<Target> target_of(const ObservedAsset& asset,
                                           const Identifiers& identifiers,
                                           const std::string& first_seen,
                                           const std::string& last_seen);
    // Writes what this report says about the asset and recomputes it.
    [[nodiscard]] Status write_report(const Target& target,
                                      const ObservedAsset& asset,
                                      const Identifiers& identifiers,
                                      const std::string& first_seen,
                                      const std::string& last_seen);
    [[nodiscard]] Result<std::optional<std::int64_t>> find_by_source_key(const std::string& key);
    // True (and a note) when the asset holding the host name has another serial or domain.
    [[nodiscard]] Result<bool> name_belongs_elsewhere(std::int64_t asset_id,
                                                      const ObservedAsset& asset,
                                                      const Identifiers& identifiers);
    [[nodiscard]] Result<Views> load_views(std::int64_t asset_id);
    // The asset's fields from its views; records the disagreements.
    [[nodiscard]] Result<nlohmann::json> merge_views(std::int64_t asset_id, const Views& views);
    [[nodiscard]] Result<std::optional<std::int64_t>> find_asset(const ObservedAsset& asset,
                                                                 const Identifiers& identifiers);
    [[nodiscard]] Result<std::optional<std::int64_t>> find_by_identifier(std::string_view kind,
                                                                         const std::string& value);
    // True when this source already reported the asset as seen later than `last_seen`.
    [[nodiscard]] Result<bool> is_older(std::int64_t asset_id,
                                        const std::string& source_key,
                                        const std::string& last_seen);
    [[nodiscard]] Result<std::int64_t> create_asset(const std::string& first_seen,
                                                    const std::string& last_seen);
    [[nodiscard]] Status write_view(std::int64_t asset_id,
                                    const ObservedAsset& asset,
                                    const Identifiers& identifiers,
                                    const std::string& first_seen,
                                    const std::string& last_seen);
    [[nodiscard]] Status write_identifiers(std::int64_t asset_id,
                                           const Identifiers& identifiers,
                                           const std::string& last_seen);
    [[nodiscard]] Status replace_parts(std::int64_t asset_id);
    // Components, services and dependency edges.
    [[nodiscard]] Status write_parts(std::int64_t asset_id, const ObservedAsset& asset);
    [[nodiscard]] Status write_components(std::int64_t asset_id, const ObservedAsset& asset);
    // Hands the buffered component rows to their writer in one burst.
    [[nodiscard]] Status flush_components();
    [[nodiscard]] Status write_exposures(std::int64_t asset_id, const ObservedAsset& asset);
    [[nodiscard]] Status write_dependencies(std::int64_t asset_id, const ObservedAsset& asset);
    // Posture facts, dated `observed_at` (when this source saw the asset).
    [[nodiscard]] Status write_facts(std::int64_t asset_id,
                                     const ObservedAsset& asset,
                                     const std::string& observed_at);
    // `is_new`: created by this merge, so it has no older conflicts to clear.
    [[nodiscard]] Status recompute_asset(std::int64_t asset_id, bool is_new);
    [[nodiscard]] Status mark_stale(const std::string& observed_at);

    store::Database& database_;
    IdentityBook& identities_;
    MergeScope scope_;
    std::string scope_label_;  // "<source>/<format>"
    InventoryImportCounts& counts_;
    Diagnostics& diagnostics_;
    // Component rows are buffered and handed to the writer in bursts: a server backend sends what
    // its writer holds before every other statement, and one small COPY per asset would cost more
    // than the rows themselves.
    static constexpr std::size_t kComponentColumns = 12;
    static constexpr std::size_t kComponentBurstRows = 20000;
    static constexpr std::size_t kFactRowsPerStatement = 32;
    std::vector<store::Value> pending_components_;
    std::unique_ptr<store::BulkWriter> components_;
    std::unique_ptr<store::BulkWriter> exposures_;
    // (asset id, source key) pairs this import has written: a second emission adds to them.
    std::set<std::pair<std::int64_t, std::string>> touched_;
};

}  // namespace wardround::inventory::detail

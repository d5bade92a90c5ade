// SPDX-License-Identifier: Apache-2.0
// One organisation's assets with everything the rules read, from the database: the records,
// listening services, components with their identities, posture facts, SBOMs, the MDS2 forms of
// their models and their overdue KEV findings. Held for one organisation at a time, so memory
// follows the largest organisation, not the estate.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/core/time.h>
#include <wardround/store/database.h>

#include "checks/runner/asset_facts.h"

namespace wardround::checks::detail {

// Errors: kNotFound when no organisation has the code.
[[nodiscard]] Result<std::int64_t> org_id_of(store::Database& database, const std::string& code);

// A text column, "" for NULL.
[[nodiscard]] std::string text(const store::Row& row, std::size_t column);

// The columns of the asset table that an AssetRecord holds ("SELECT " + kAssetColumns + " FROM
// asset ..."), and the record such a row gives (its services, components and the rest empty).
inline constexpr std::string_view kAssetColumns =
    "id, kind, hostname, os_name, os_version, os_build, os_cpe, manufacturer, model, site, "
    "department, criticality, internet_facing, network_connected, supported_until, last_seen, "
    "stale";
[[nodiscard]] AssetRecord asset_from_row(const store::Row& row);

// The columns of an installed component, from "component c JOIN product_identity p ON p.id =
// c.identity_id", and the component they give when they start at `first` in a row.
inline constexpr std::string_view kComponentColumns =
    "c.vendor, c.product, c.version, p.cpe_vendor, p.cpe_product";
[[nodiscard]] InstalledComponent component_from_row(const store::Row& row, std::size_t first);

class EstateLoader {
public:
    // Loads the organisation's assets of `kind` ("medical-device"), or every asset when `kind` is
    // empty. Each asset's record is the same either way, its segment neighbours included.
    EstateLoader(store::Database& database,
                 std::int64_t org_id,
                 Date today,
                 std::string kind = std::string());

    [[nodiscard]] Result<std::vector<AssetRecord>> load();

private:
    using Use = std::function<void(AssetRecord&, const store::Row&)>;

    AssetRecord* find(std::int64_t id);
    // Runs a query whose first column is an asset id and whose only parameter is the
    // organisation, handing each row to `use` with its asset; rows of assets not loaded are
    // passed over.
    [[nodiscard]] Status each(std::string_view sql, const Use& use);
    [[nodiscard]] Status each(std::string_view sql,
                              std::span<const store::Value> params,
                              const Use& use);
    // The same for `select`, a query up to its FROM clause, kept to the assets being loaded:
    // the organisation's rows of `table` (the name or alias in `select` of the table with the
    // org_id and asset_id columns), or with a kind the rows of its assets of that kind, then
    // ordered by `order_by` unless it is empty.
    [[nodiscard]] Status each_loaded(std::string_view select,
                                     std::string_view table,
                                     std::string_view order_by,
                                     const Use& use);
    [[nodiscard]] Status load_assets();
    [[nodiscard]] Status load_services();
    [[nodiscard]] Status load_components();
    [[nodiscard]] Status load_facts();
    [[nodiscard]] Status load_sboms();
    [[nodiscard]] Status load_mds2();
    [[nodiscard]] Status load_kev_overdue();
    [[nodiscard]] Status link_segments();

    store::Database& database_;
    std::int64_t org_id_;
    Date today_;
    std::string kind_;
    std::vector<AssetRecord> assets_;
    std::unordered_map<std::int64_t, std::size_t> index_;
};

}  // namespace wardround::checks::detail

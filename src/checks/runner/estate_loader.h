// SPDX-License-Identifier: Apache-2.0
// One organisation's assets with everything the rules read, from the database: the records,
// listening services, components with their identities, posture facts, SBOMs, the MDS2 forms of
// their models and their overdue KEV findings. Held for one organisation at a time, so memory
// follows the largest organisation, not the estate.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
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

class EstateLoader {
public:
    EstateLoader(store::Database& database, std::int64_t org_id, Date today);

    [[nodiscard]] Result<std::vector<AssetRecord>> load();

private:
    using Use = std::function<void(AssetRecord&, const store::Row&)>;

    AssetRecord* find(std::int64_t id);
    // Runs a query whose first column is an asset id and whose only parameter is the
    // organisation, handing each row to `use` with its asset.
    [[nodiscard]] Status each(std::string_view sql, const Use& use);
    [[nodiscard]] Status load_assets();
    [[nodiscard]] Status load_services();
    [[nodiscard]] Status load_components();
    [[nodiscard]] Status load_facts();
    [[nodiscard]] Status load_sboms();
    [[nodiscard]] Status load_mds2();
    [[nodiscard]] Status load_kev_overdue();
    void link_segments();

    store::Database& database_;
    std::int64_t org_id_;
    Date today_;
    std::vector<AssetRecord> assets_;
    std::unordered_map<std::int64_t, std::size_t> index_;
};

}  // namespace wardround::checks::detail

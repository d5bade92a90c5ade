// SPDX-License-Identifier: Apache-2.0
// What changed since the last scan of the same scope, so that a scan re-matches only the assets it
// can affect: assets a newer inventory import reported, assets whose components' identities were
// resolved again, assets running a product named by a CVE record that is new or changed, and
// assets with findings for a CVE whose record, KEV entry or EPSS score changed (their priority
// moves), and assets with an accepted risk whose date has passed (`today`, YYYY-MM-DD). Anything
// that cannot be narrowed this way (advisories or VEX statements changed, another priority policy,
// no earlier scan) asks for a full scan.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/match/nvd_index.h>
#include <wardround/store/database.h>

namespace wardround::findings::detail {

// Where the knowledge base and the inventory stood when a scan ran.
struct ScanMark {
    std::int64_t kb_import_id = 0;
    std::int64_t inventory_import_id = 0;
    std::string identity_mark;  // the newest product identity resolution
    std::int64_t vex_mark = 0;  // the newest VEX statement
    std::string policy;         // JSON
};

// The newest knowledge-base and inventory imports now.
[[nodiscard]] Result<ScanMark> current_mark(store::Database& database, const std::string& policy);

// The last scan of exactly this scope (an organisation, or all when empty).
[[nodiscard]] Result<std::optional<ScanMark>> last_scan(store::Database& database,
                                                        std::optional<std::int64_t> org_id);

struct ChangeSet {
    bool full = true;
    std::string reason;                   // why full, or what was narrowed to
    std::vector<std::int64_t> asset_ids;  // when not full: the assets to match again
};

// Errors: backend errors.
[[nodiscard]] Result<ChangeSet> changes_since(store::Database& database,
                                              const ScanMark& since,
                                              const ScanMark& now,
                                              const match::NvdIndex& index,
                                              const std::vector<std::int64_t>& org_ids,
                                              const std::string& today);

}  // namespace wardround::findings::detail

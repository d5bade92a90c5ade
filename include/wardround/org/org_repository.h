// SPDX-License-Identifier: Apache-2.0
// Reading organisations back: lists, one organisation with its children and DSPT history.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/org/organisation.h>
#include <wardround/store/database.h>

namespace wardround::org {

struct OrgSummary {
    Organisation organisation;
    std::int64_t children = 0;               // direct children
    std::optional<DsptStatus> current_dspt;  // the latest published status
};

struct OrgDetail {
    OrgSummary summary;
    std::vector<Organisation> ancestors;                       // root first
    std::map<std::string, std::int64_t> children_by_level;     // direct children per level
    std::map<std::string, std::int64_t> descendants_by_level;  // the whole subtree per level
    std::vector<DsptStatus> dspt_history;                      // newest first
};

struct OrgListFilter {
    std::optional<OrgLevel> level;
    std::string parent_code;  // only the direct children of this organisation
};

// Errors: backend errors only.
[[nodiscard]] Result<std::vector<OrgSummary>> list_organisations(store::Database& database,
                                                                 const OrgListFilter& filter = {});

// Errors: kNotFound when no organisation has `code`.
[[nodiscard]] Result<OrgDetail> show_organisation(store::Database& database,
                                                  const std::string& code);

// An organisation and everything beneath it: what a command over a region or an ICB covers.
struct OrgRef {
    std::int64_t id = 0;
    std::string code;
    std::optional<std::int64_t> parent_id;  // none for the root of the whole tree
};
struct OrgSubtree {
    OrgRef root;
    std::vector<OrgRef> members;  // the root and its descendants, by id
};

// Errors: kNotFound when no organisation has `code`.
[[nodiscard]] Result<OrgSubtree> organisation_subtree(store::Database& database,
                                                      const std::string& code);

// Number of organisations per level, for summaries.
[[nodiscard]] Result<std::map<std::string, std::int64_t>> count_by_level(store::Database& database);

}  // namespace wardround::org

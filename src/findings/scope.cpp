// SPDX-License-Identifier: Apache-2.0
#include "findings/scope.h"

#include <wardround/org/org_repository.h>

namespace wardround::findings::detail {

std::string id_list(const std::vector<std::int64_t>& ids, std::size_t begin, std::size_t end) {
    std::string text = "(";
    for (std::size_t i = begin; i < end; ++i) {
        text += (i == begin ? "" : ",") + std::to_string(ids[i]);
    }
    return text + ")";
}

std::string id_list(const std::vector<std::int64_t>& ids) {
    return id_list(ids, 0, ids.size());
}

Result<Scope> resolve_scope(store::Database& database, const std::string& org_code) {
    Scope scope;
    if (org_code.empty()) {
        return scope;
    }
    auto subtree = org::organisation_subtree(database, org_code);
    WARDROUND_TRY(subtree);
    scope.org_id = subtree->root.id;
    for (const org::OrgRef& member : subtree->members) {
        scope.org_ids.push_back(member.id);
    }
    return scope;
}

}  // namespace wardround::findings::detail

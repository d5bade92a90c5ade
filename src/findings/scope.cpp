// SPDX-License-Identifier: Apache-2.0
#include "findings/scope.h"

#include <algorithm>
#include <unordered_map>

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
    std::unordered_map<std::int64_t, std::vector<std::int64_t>> children;
    WARDROUND_TRY(database.query("SELECT id, parent_id, code FROM organisation", {},
                                 [&](const store::Row& row) -> Status {
                                     if (row.get_text(2) == org_code) {
                                         scope.org_id = row.get_int(0);
                                     }
                                     if (!row.is_null(1)) {
                                         children[row.get_int(1)].push_back(row.get_int(0));
                                     }
                                     return {};
                                 }));
    if (!scope.org_id) {
        return make_error(ErrorCode::kNotFound, "no organisation has the code " + org_code);
    }
    std::vector<std::int64_t> pending{*scope.org_id};
    while (!pending.empty()) {
        const std::int64_t id = pending.back();
        pending.pop_back();
        scope.org_ids.push_back(id);
        const auto found = children.find(id);
        if (found != children.end()) {
            pending.insert(pending.end(), found->second.begin(), found->second.end());
        }
    }
    std::sort(scope.org_ids.begin(), scope.org_ids.end());
    return scope;
}

}  // namespace wardround::findings::detail

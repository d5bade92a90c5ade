// SPDX-License-Identifier: Apache-2.0
// Which organisations a command covers: one by its code with everything beneath it (a region's or
// an ICB's organisations and sites), or all.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/store/database.h>

namespace wardround::findings::detail {

struct Scope {
    std::optional<std::int64_t> org_id;  // the organisation named; empty for all
    std::vector<std::int64_t> org_ids;   // it and its descendants; empty for all
};

// Errors: kNotFound for a code no organisation has; backend errors.
[[nodiscard]] Result<Scope> resolve_scope(store::Database& database, const std::string& org_code);

// Ids are written into statements this many at a time, so that statements stay small.
inline constexpr std::size_t kIdsPerQuery = 500;

// "(1,2,3)" for ids[begin, end), or all of them: integers, so they go into the statement's text.
[[nodiscard]] std::string id_list(const std::vector<std::int64_t>& ids,
                                  std::size_t begin,
                                  std::size_t end);
[[nodiscard]] std::string id_list(const std::vector<std::int64_t>& ids);

}  // namespace wardround::findings::detail

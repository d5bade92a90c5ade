// SPDX-License-Identifier: Apache-2.0
// Small lookups the inventory's import and queries share.
#pragma once

#include <cstdint>
#include <string>

#include <wardround/core/result.h>
#include <wardround/store/database.h>

namespace wardround::inventory::detail {

// The id of the organisation with `code` (case-insensitive). Errors: kNotFound.
[[nodiscard]] Result<std::int64_t> find_org_id(store::Database& database, const std::string& code);

// The asset named by `reference` within the organisation: its number, else its serial, else its
// host name (short or fully qualified). Errors: kNotFound; kInvalidArgument when a name fits
// several assets (the message lists them).
[[nodiscard]] Result<std::int64_t> find_asset_id(store::Database& database,
                                                 std::int64_t org_id,
                                                 const std::string& reference);

}  // namespace wardround::inventory::detail

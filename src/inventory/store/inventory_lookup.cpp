// SPDX-License-Identifier: Apache-2.0
#include "inventory/store/inventory_lookup.h"

#include <charconv>
#include <set>

#include <wardround/core/text.h>

namespace wardround::inventory::detail {

using store::Value;

Result<std::int64_t> find_org_id(store::Database& database, const std::string& code) {
    std::optional<std::int64_t> id;
    const Value params[] = {Value{std::string(trim(code))}};
    WARDROUND_TRY(database.query("SELECT id FROM organisation WHERE UPPER(code) = UPPER(?)", params,
                                 [&](const store::Row& row) -> Status {
                                     id = row.get_int(0);
                                     return {};
                                 }));
    if (!id) {
        return make_error(ErrorCode::kNotFound,
                          "no organisation has the code '" + code +
                              "' (import the organisations first: wardround org import)");
    }
    return *id;
}

Result<std::int64_t> find_asset_id(store::Database& database,
                                   std::int64_t org_id,
                                   const std::string& reference) {
    const std::string_view text = trim(reference);
    std::int64_t number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error == std::errc{} && end == text.data() + text.size()) {
        const Value params[] = {Value{number}, Value{org_id}};
        auto found =
            database.query_value("SELECT id FROM asset WHERE id = ? AND org_id = ?", params);
        if (!found) {
            return propagate(found.error());
        }
        if (*found) {
            return number;
        }
    }
    std::set<std::int64_t> matches;
    const std::string lower = to_lower(text);
    const std::string upper = to_upper(text);
    const Value params[] = {Value{org_id}, Value{upper}, Value{lower}, Value{lower}};
    WARDROUND_TRY(
        database.query("SELECT DISTINCT asset_id FROM asset_identifier WHERE org_id = ? AND "
                       "((kind = 'serial' AND value = ?) OR (kind = 'hostname' AND value = ?) OR "
                       "(kind = 'fqdn' AND value = ?))",
                       params, [&](const store::Row& row) -> Status {
                           matches.insert(row.get_int(0));
                           return {};
                       }));
    if (matches.empty()) {
        return make_error(ErrorCode::kNotFound,
                          "no asset of this organisation has the number, serial or host name '" +
                              reference + "'");
    }
    if (matches.size() > 1) {
        std::string ids;
        for (const std::int64_t id : matches) {
            ids += (ids.empty() ? "" : ", ") + std::to_string(id);
        }
        return make_error(
            ErrorCode::kInvalidArgument,
            "'" + reference + "' names several assets (" + ids + "); use the asset number");
    }
    return *matches.begin();
}

}  // namespace wardround::inventory::detail

// SPDX-License-Identifier: Apache-2.0
#include "inventory/csv/fact_spellings.h"

#include <algorithm>

#include <wardround/core/diagnostic.h>
#include <wardround/core/text.h>

namespace wardround::inventory::detail {

std::optional<std::string_view> spelled(std::string_view text,
                                        std::span<const Spelling> spellings) {
    std::string key = to_lower(trim(text));
    std::replace_if(
        key.begin(), key.end(), [](char c) { return c == '_' || c == '-'; }, ' ');
    for (const Spelling& spelling : spellings) {
        if (key == spelling.text) {
            return spelling.value;
        }
    }
    return std::nullopt;
}

void add_spelled_fact(std::size_t column,
                      const std::string& value,
                      std::string_view fact,
                      std::span<const Spelling> spellings,
                      std::string_view accepted,
                      CsvRow& row,
                      ObservedAsset& asset) {
    if (auto canonical = spelled(value, spellings)) {
        add_fact(asset, fact, std::string(*canonical), row.location());
        return;
    }
    row.report(Severity::kWarning, "inventory.bad_fact",
               std::string(row.column_name(column)) + " " + quoted(value) + " is not " +
                   std::string(accepted) +
                   " (docs/inventory-csv.md lists the spellings); it is dropped");
}

}  // namespace wardround::inventory::detail

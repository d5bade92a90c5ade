// SPDX-License-Identifier: Apache-2.0
// Posture facts read from spelled-out CSV values, shared by the inventory CSV and the medical
// device register importers: the spellings a column accepts for each canonical value, and reading
// one cell into a fact (or an inventory.bad_fact warning). Internal to the inventory_csv module;
// the device register links it. docs/inventory-csv.md lists the spellings for users.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <wardround/inventory/observation.h>

#include "inventory/csv/csv_columns.h"

namespace wardround::inventory::detail {

// One spelling of a posture value, lower case with '_' and '-' read as spaces, and the canonical
// value it stands for.
struct Spelling {
    std::string_view text;
    std::string_view value;
};

// yes/no facts (local_admin_use, default_credentials): the flag words and on/off,
// enabled/disabled.
inline constexpr std::array<Spelling, 12> kYesNoSpellings{{
    {"yes", "yes"},
    {"y", "yes"},
    {"true", "yes"},
    {"1", "yes"},
    {"on", "yes"},
    {"enabled", "yes"},
    {"no", "no"},
    {"n", "no"},
    {"false", "no"},
    {"0", "no"},
    {"off", "no"},
    {"disabled", "no"},
}};

// The canonical value `text` spells, compared ignoring case and surrounding spaces with '_' and
// '-' read as spaces; nullopt when it is none of `spellings`.
[[nodiscard]] std::optional<std::string_view> spelled(std::string_view text,
                                                      std::span<const Spelling> spellings);

// Adds the fact `fact` with the canonical value the (non-empty) `value` of `column` spells, at the
// row's location. A value that is none of `spellings` is an inventory.bad_fact warning on the row
// saying the column takes `accepted` ("yes or no"), and no fact is added.
void add_spelled_fact(std::size_t column,
                      const std::string& value,
                      std::string_view fact,
                      std::span<const Spelling> spellings,
                      std::string_view accepted,
                      CsvRow& row,
                      ObservedAsset& asset);

}  // namespace wardround::inventory::detail

// SPDX-License-Identifier: Apache-2.0
// Helpers the report's renderers share.
#pragma once

#include <string>
#include <string_view>

namespace wardround::report::detail {

// `text` with & < > " and ' replaced by character references: safe in element content and in
// quoted attribute values alike.
[[nodiscard]] std::string escape(std::string_view text);

// One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break; with an apostrophe
// in front when a spreadsheet would read it as a formula (= + @, a tab or carriage return, or a
// '-' followed by more text).
[[nodiscard]] std::string csv_cell(std::string_view text);

}  // namespace wardround::report::detail

// SPDX-License-Identifier: Apache-2.0
// The building blocks of the report's HTML page, shared by the files that render its sections: the
// page being written, through which every value is escaped, and its tiles, tables and notes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <wardround/report/report.h>

namespace wardround::report::detail {

class Page {
public:
    void raw(std::string_view text) { out_ += text; }
    void text(std::string_view text);
    // <tag>escaped text</tag>
    void element(std::string_view tag, std::string_view content, std::string_view attributes = {});
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

[[nodiscard]] std::string or_dash(const std::string& text);

// A headline tile, <dd id="figure-ID">, red when `alert` and the value is not zero.
void figure_tile(Page& page,
                 std::string_view id,
                 std::string_view label,
                 std::int64_t value,
                 bool alert = false);

// The column headers: (text, numeric) pairs; numeric columns align right.
void header_row(Page& page, const std::vector<std::pair<std::string, bool>>& headers);

void cell(Page& page, const std::string& text, std::string_view attributes = {});

void num_cell(Page& page, std::int64_t value);

// A note in place of a table or chart that has nothing to show.
void empty_note(Page& page, std::string_view text);

// The assessments section (html_assessments.cpp).
void assessments_section(Page& page, const ReportData& data);

}  // namespace wardround::report::detail

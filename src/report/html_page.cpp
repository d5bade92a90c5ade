// SPDX-License-Identifier: Apache-2.0
#include "report/html_page.h"

#include <fmt/core.h>

#include "report/report_internal.h"

namespace wardround::report::detail {

void Page::text(std::string_view text) {
    out_ += escape(text);
}

void Page::element(std::string_view tag, std::string_view content, std::string_view attributes) {
    out_ += fmt::format("<{}{}{}>{}</{}>", tag, attributes.empty() ? "" : " ", attributes,
                        escape(content), tag);
}

std::string or_dash(const std::string& text) {
    return text.empty() ? std::string("-") : text;
}

void figure_tile(
    Page& page, std::string_view id, std::string_view label, std::int64_t value, bool alert) {
    page.raw(fmt::format("<div class=\"figure{}\"><dt>", alert && value > 0 ? " alert" : ""));
    page.text(label);
    page.raw(fmt::format("</dt><dd id=\"figure-{}\">{}</dd></div>\n", id, value));
}

void header_row(Page& page, const std::vector<std::pair<std::string, bool>>& headers) {
    page.raw("<thead><tr>");
    for (const auto& [header, numeric] : headers) {
        page.element("th", header, numeric ? R"(scope="col" class="num")" : R"(scope="col")");
    }
    page.raw("</tr></thead>\n");
}

void cell(Page& page, const std::string& text, std::string_view attributes) {
    page.element("td", text, attributes);
}

void num_cell(Page& page, std::int64_t value) {
    page.raw(fmt::format("<td class=\"num\">{}</td>", value));
}

void empty_note(Page& page, std::string_view text) {
    page.element("p", text, "class=\"empty\"");
}

}  // namespace wardround::report::detail

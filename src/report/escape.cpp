// SPDX-License-Identifier: Apache-2.0
#include "report/report_internal.h"

namespace wardround::report::detail {

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string csv_cell(std::string_view text) {
    std::string value;
    // OWASP's advice on CSV injection: a cell a spreadsheet would evaluate starts with a quote.
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '@' || text[0] == '\t' ||
                          text[0] == '\r' || (text[0] == '-' && text.size() > 1))) {
        value = "'";
    }
    value += text;
    if (value.find_first_of(",\"\r\n") == std::string::npos) {
        return value;
    }
    std::string quoted = "\"";
    for (const char c : value) {
        quoted += c;
        if (c == '"') {
            quoted += '"';
        }
    }
    return quoted + "\"";
}

}  // namespace wardround::report::detail

// SPDX-License-Identifier: Apache-2.0
#include <cstdio>

#include <wardround/core/json_text.h>

namespace wardround {

namespace {

bool needs_escape(char c) {
    return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
}

void append_escaped(std::string& out, std::string_view text) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (!needs_escape(c)) {
            continue;
        }
        // Runs of ordinary characters are copied whole: most text has nothing to escape.
        out.append(text.substr(start, i - start));
        start = i + 1;
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default: {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
                out += escaped;
            }
        }
    }
    out.append(text.substr(start));
}

void append_quoted(std::string& out, std::string_view text) {
    out.push_back('"');
    append_escaped(out, text);
    out.push_back('"');
}

}  // namespace

void append_json_escaped(std::string& out, std::string_view text) {
    append_escaped(out, text);
}

void append_json_string(std::string& out, std::string_view text) {
    append_quoted(out, text);
}

std::string json_quote(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    append_quoted(out, text);
    return out;
}

std::string json_string_array(const std::vector<std::string>& values) {
    std::string out = "[";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) {
            out.push_back(',');
        }
        append_quoted(out, values[i]);
    }
    out.push_back(']');
    return out;
}

}  // namespace wardround

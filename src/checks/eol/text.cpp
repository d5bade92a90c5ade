// SPDX-License-Identifier: Apache-2.0
// Text rules of recognition: tokens of names, version patterns, CPE names. See eol_internal.h.
#include <cctype>

#include <wardround/core/text.h>

#include "checks/eol/eol_internal.h"

namespace wardround::checks::detail {

namespace {

bool is_token_byte(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.';
}

bool is_version_separator(char c) {
    return c == '.' || c == '_' || c == '-' || c == '+' || c == ' ';
}

std::vector<std::string_view> version_parts(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || is_version_separator(text[i])) {
            if (i > start) {
                parts.push_back(text.substr(start, i - start));
            }
            start = i + 1;
        }
    }
    return parts;
}

bool part_matches(std::string_view pattern, std::string_view part) {
    if (pattern == "*") {
        return true;
    }
    if (!pattern.empty() && pattern.back() == '*') {
        return starts_with_icase(part, pattern.substr(0, pattern.size() - 1));
    }
    return iequals(pattern, part);
}

// Splits a CPE 2.3 formatted string at the colons that are not escaped with a backslash, and
// drops the escapes.
std::vector<std::string> cpe23_parts(std::string_view cpe) {
    std::vector<std::string> parts(1);
    for (std::size_t i = 0; i < cpe.size(); ++i) {
        if (cpe[i] == '\\' && i + 1 < cpe.size()) {
            parts.back() += cpe[++i];
        } else if (cpe[i] == ':') {
            parts.emplace_back();
        } else {
            parts.back() += cpe[i];
        }
    }
    return parts;
}

}  // namespace

std::vector<std::string> tokens_of(std::string_view text) {
    std::vector<std::string> tokens;
    std::string token;
    const auto flush = [&] {
        std::string_view view = token;
        while (!view.empty() && view.front() == '.') {
            view.remove_prefix(1);
        }
        while (!view.empty() && view.back() == '.') {
            view.remove_suffix(1);
        }
        if (!view.empty()) {
            tokens.emplace_back(view);
        }
        token.clear();
    };
    for (const char c : text) {
        if (is_token_byte(c)) {
            token += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else {
            flush();
        }
    }
    flush();
    return tokens;
}

bool unspecified_version(std::string_view version) {
    version = trim(version);
    return version.empty() || version == "*" || version == "-";
}

bool version_matches(std::string_view pattern, std::string_view version) {
    pattern = trim(pattern);
    version = trim(version);
    if (pattern == "*") {
        return true;
    }
    if (pattern == "-") {
        return unspecified_version(version);
    }
    const auto want = version_parts(pattern);
    const auto have = version_parts(version);
    if (want.empty() || have.size() < want.size()) {
        return false;
    }
    for (std::size_t i = 0; i < want.size(); ++i) {
        if (!part_matches(want[i], have[i])) {
            return false;
        }
    }
    return true;
}

std::optional<CpeName> parse_cpe(std::string_view cpe) {
    cpe = trim(cpe);
    std::vector<std::string> parts;
    if (starts_with_icase(cpe, "cpe:2.3:")) {
        parts = cpe23_parts(cpe.substr(8));
    } else if (starts_with_icase(cpe, "cpe:/")) {
        for (const auto part : split(cpe.substr(5), ':')) {
            parts.emplace_back(part);
        }
    } else {
        return std::nullopt;
    }
    // part, vendor, product, version, ...
    if (parts.size() < 3 || parts[1].empty() || parts[2].empty()) {
        return std::nullopt;
    }
    CpeName name;
    name.vendor = to_lower(parts[1]);
    name.product = to_lower(parts[2]);
    name.version = parts.size() > 3 ? to_lower(parts[3]) : "*";
    return name;
}

std::optional<CpeEntry> parse_cpe_entry(std::string_view entry) {
    const auto parts = split(trim(entry), ':');
    if (parts.size() < 2 || parts.size() > 3) {
        return std::nullopt;
    }
    for (const auto part : parts) {
        if (trim(part).empty()) {
            return std::nullopt;
        }
    }
    CpeEntry result;
    result.vendor = to_lower(trim(parts[0]));
    result.product = to_lower(trim(parts[1]));
    if (parts.size() == 3) {
        result.version = to_lower(trim(parts[2]));
    }
    return result;
}

}  // namespace wardround::checks::detail

// SPDX-License-Identifier: Apache-2.0
// ASCII character classes of the CPE bindings. CPE names are ASCII by definition, so these avoid
// <cctype>, whose answers depend on the locale.
#pragma once

#include <string>

namespace wardround::vuln::detail {

constexpr bool is_printable(char c) {
    return c >= '!' && c <= '~';
}

constexpr bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}

constexpr bool is_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || is_upper(c);
}

constexpr char fold(char c) {
    return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

// Characters a CPE 2.3 formatted string writes without a backslash (NISTIR 7695 6.2.2.2 leaves
// `-`, `.` and `_` unquoted when binding).
constexpr bool is_bound_plain(char c) {
    return is_alnum(c) || c == '_' || c == '-' || c == '.';
}

// 'x' for a printable character, "byte 0x20" for anything else, for error messages.
inline std::string describe_byte(char c) {
    if (is_printable(c)) {
        return std::string("'") + c + "'";
    }
    constexpr const char* kHex = "0123456789abcdef";
    const auto byte = static_cast<unsigned char>(c);
    return std::string("byte 0x") + kHex[byte >> 4U] + kHex[byte & 0xFU];
}

}  // namespace wardround::vuln::detail

// SPDX-License-Identifier: Apache-2.0
// What the profile and crosswalk readers share: errors that name the file and the line of the
// YAML node at fault (as the framework library reader does), and the small checks on keys and
// text every mapping gets.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <wardround/core/result.h>

namespace wardround::assess::detail {

class YamlChecks {
public:
    explicit YamlChecks(std::string_view file_name) : file_name_(file_name) {}

    [[nodiscard]] std::string where(const YAML::Node& at) const {
        return fmt::format("{} line {}", file_name_, at.Mark().line + 1);
    }

    [[nodiscard]] tl::unexpected<Error> fail(const YAML::Node& at,
                                             std::string message,
                                             ErrorCode code = ErrorCode::kInvalidArgument) const {
        return make_error(code, std::move(message), where(at));
    }

    // Unknown keys are errors, not ignored: a misspelt key would otherwise silently do nothing.
    template <std::size_t N>
    [[nodiscard]] Status known_keys(const YAML::Node& map,
                                    const std::string_view (&known)[N],
                                    std::string_view context) const {
        for (const auto& field : map) {
            if (!field.first.IsScalar()) {
                return fail(field.first, fmt::format("{}keys are plain words", context));
            }
            const std::string& key = field.first.Scalar();
            if (std::find(std::begin(known), std::end(known), key) == std::end(known)) {
                return fail(field.first, fmt::format("{}unknown key '{}'", context, key));
            }
        }
        return {};
    }

    [[nodiscard]] Result<std::string> required_text(const YAML::Node& map,
                                                    std::string_view key,
                                                    std::string_view context = {}) const {
        const YAML::Node value = map[std::string(key)];
        if (!value || !value.IsScalar() || value.Scalar().empty()) {
            return fail(value ? value : map, fmt::format("{}{} is required (text)", context, key));
        }
        return value.Scalar();
    }

    [[nodiscard]] Result<std::string> optional_text(const YAML::Node& map,
                                                    std::string_view key,
                                                    std::string_view context = {}) const {
        const YAML::Node value = map[std::string(key)];
        if (!value || value.IsNull()) {
            return std::string();
        }
        if (!value.IsScalar()) {
            return fail(value, fmt::format("{}{} is text", context, key));
        }
        return value.Scalar();
    }

    [[nodiscard]] std::string_view file_name() const { return file_name_; }

private:
    std::string_view file_name_;
};

// Upper-case letters, digits and hyphens: profile ids (and framework ids).
inline bool is_upper_id(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    });
}

// Crosswalk ids join two qualified framework ids ("CAF-3.2--CE-3.2"), so they also hold dots;
// like node ids they hold no white space, ':' or '/'.
inline bool is_crosswalk_id(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
    });
}

}  // namespace wardround::assess::detail

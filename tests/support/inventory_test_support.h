// SPDX-License-Identifier: Apache-2.0
// Plumbing the inventory importer tests share: run a parser over a fixture, a shared data file or
// bytes and keep what it handed to the sink; check an Error's code, place and message; and pick
// diagnostics out by code and location. The assertions stay in the tests.
#pragma once

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/core/diagnostic.h>
#include <wardround/core/input_file.h>
#include <wardround/core/result.h>
#include <wardround/inventory/observation.h>

namespace wardround::testing {

// What one parse produced: its result, every asset that reached the sink (in order) and, when the
// caller did not bring its own, the diagnostics.
struct Parsed {
    Result<inventory::ObservedReport> report = inventory::ObservedReport{};
    std::vector<inventory::ObservedAsset> assets;
    Diagnostics diagnostics;

    // The error as text for an assertion's message; "" when the parse succeeded.
    [[nodiscard]] std::string error_text() const {
        return report ? std::string() : report.error().to_string();
    }
};

// Runs `parse` (any callable as (InputFile&, Diagnostics&, const AssetSink&) -> Result
// <ObservedReport>: parse_spdx_json, or a lambda that adds options) over `file`, reporting into
// `diagnostics`; Parsed::diagnostics stays empty.
template <typename Parse>
Parsed parse_with(Parse&& parse, InputFile& file, Diagnostics& diagnostics) {
    Parsed parsed;
    parsed.report = parse(file, diagnostics, [&parsed](inventory::ObservedAsset&& asset) -> Status {
        parsed.assets.push_back(std::move(asset));
        return {};
    });
    return parsed;
}

// The same, reporting into Parsed::diagnostics.
template <typename Parse>
Parsed parse_with(Parse&& parse, InputFile& file) {
    Parsed parsed;
    parsed.report = parse(file, parsed.diagnostics, [&parsed](inventory::ObservedAsset&& asset) {
        parsed.assets.push_back(std::move(asset));
        return Status{};
    });
    return parsed;
}

// Opens `path` and parses it; a file that cannot be opened fails the test (ADD_FAILURE) and comes
// back as the open error, with nothing parsed.
template <typename Parse, typename... Diags>
Parsed parse_path(Parse&& parse, const std::string& path, Diags&... diagnostics) {
    auto file = InputFile::open(path);
    if (!file) {
        ADD_FAILURE() << path << ": " << file.error().to_string();
        Parsed failed;
        failed.report = ::wardround::propagate(file.error());
        return failed;
    }
    return parse_with(std::forward<Parse>(parse), *file, diagnostics...);
}

// Parses `bytes` as a file named `name`.
template <typename Parse, typename... Diags>
Parsed parse_bytes(Parse&& parse, std::string name, std::string bytes, Diags&... diagnostics) {
    InputFile file = InputFile::from_memory(std::move(name), std::move(bytes));
    return parse_with(std::forward<Parse>(parse), file, diagnostics...);
}

// For EXPECT_TRUE: `error` has `code`, its where is `where` and its message contains
// `message_part` (not checked when ""). A failure names every part that differs.
inline ::testing::AssertionResult error_is(const Error& error,
                                           ErrorCode code,
                                           std::string_view where,
                                           std::string_view message_part = {}) {
    std::string wrong;
    if (error.code != code) {
        wrong += "\n  code: " + std::string(error_code_name(error.code)) + ", expected " +
                 std::string(error_code_name(code));
    }
    if (error.where != where) {
        wrong += "\n  where: '" + error.where + "', expected '" + std::string(where) + "'";
    }
    if (error.message.find(message_part) == std::string::npos) {
        wrong += "\n  message: '" + error.message + "' lacks '" + std::string(message_part) + "'";
    }
    if (wrong.empty()) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << error.to_string() << wrong;
}

// The same without the code: `error`'s where is `where` and its message contains `message_part`.
inline ::testing::AssertionResult error_at(const Error& error,
                                           std::string_view where,
                                           std::string_view message_part = {}) {
    return error_is(error, error.code, where, message_part);
}

// For EXPECT_TRUE: `diagnostic` has `code`, `severity`, `source` and `location`, and its message
// contains `message_part` (not checked when ""). A failure names every part that differs.
inline ::testing::AssertionResult diagnostic_is(const Diagnostic& diagnostic,
                                                std::string_view code,
                                                Severity severity,
                                                std::string_view source,
                                                std::string_view location,
                                                std::string_view message_part = {}) {
    std::string wrong;
    if (diagnostic.code != code) {
        wrong += "\n  code: " + diagnostic.code + ", expected " + std::string(code);
    }
    if (diagnostic.severity != severity) {
        wrong += "\n  severity: " + std::string(severity_name(diagnostic.severity)) +
                 ", expected " + std::string(severity_name(severity));
    }
    if (diagnostic.source != source) {
        wrong += "\n  source: '" + diagnostic.source + "', expected '" + std::string(source) + "'";
    }
    if (diagnostic.location != location) {
        wrong +=
            "\n  location: '" + diagnostic.location + "', expected '" + std::string(location) + "'";
    }
    if (diagnostic.message.find(message_part) == std::string::npos) {
        wrong +=
            "\n  message: '" + diagnostic.message + "' lacks '" + std::string(message_part) + "'";
    }
    if (wrong.empty()) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure()
           << diagnostic.code << " @ " << diagnostic.location << wrong;
}

// "code@location" of every kept diagnostic, in the order reported.
inline std::vector<std::string> diagnostic_codes(const Diagnostics& diagnostics) {
    std::vector<std::string> out;
    for (const Diagnostic& diagnostic : diagnostics.kept()) {
        out.push_back(diagnostic.code + "@" + diagnostic.location);
    }
    return out;
}

// "severity code @ location" of every kept diagnostic, in order.
inline std::vector<std::string> diagnostic_list(const Diagnostics& diagnostics) {
    std::vector<std::string> out;
    for (const Diagnostic& diagnostic : diagnostics.kept()) {
        out.push_back(std::string(severity_name(diagnostic.severity)) + " " + diagnostic.code +
                      " @ " + diagnostic.location);
    }
    return out;
}

using Locations = std::vector<std::string>;

// The location of every kept diagnostic with `code`, in order.
inline Locations diagnostics_with(const Diagnostics& diagnostics, std::string_view code) {
    Locations out;
    for (const Diagnostic& diagnostic : diagnostics.kept()) {
        if (diagnostic.code == code) {
            out.push_back(diagnostic.location);
        }
    }
    return out;
}

// The first kept diagnostic with `code` (and `location`, when given); nullptr when there is none.
inline const Diagnostic* find_diagnostic(const Diagnostics& diagnostics,
                                         std::string_view code,
                                         std::string_view location = {}) {
    for (const Diagnostic& diagnostic : diagnostics.kept()) {
        if (diagnostic.code == code && (location.empty() || diagnostic.location == location)) {
            return &diagnostic;
        }
    }
    return nullptr;
}

// The severity of the first kept diagnostic with `code`; a test failure and kInfo when none.
inline Severity severity_of(const Diagnostics& diagnostics, std::string_view code) {
    if (const Diagnostic* diagnostic = find_diagnostic(diagnostics, code)) {
        return diagnostic->severity;
    }
    ADD_FAILURE() << "no diagnostic " << code;
    return Severity::kInfo;
}

// The first component of `asset` named `product`; nullptr when there is none.
inline const inventory::ObservedComponent* find_component(const inventory::ObservedAsset& asset,
                                                          std::string_view product) {
    for (const inventory::ObservedComponent& component : asset.components) {
        if (component.product == product) {
            return &component;
        }
    }
    return nullptr;
}

// The product of every component of `asset`, in order.
inline std::vector<std::string> products(const inventory::ObservedAsset& asset) {
    std::vector<std::string> out;
    for (const inventory::ObservedComponent& component : asset.components) {
        out.push_back(component.product);
    }
    return out;
}

// A parameterised case's name from its fixture file: the part before the first '.', with '-' as
// '_' ("header-only.csv" -> "header_only").
inline std::string case_name_from_file(const char* file) {
    std::string name;
    for (const char* c = file; *c != '\0' && *c != '.'; ++c) {
        name += (*c == '-') ? '_' : *c;
    }
    return name;
}

// For INSTANTIATE_TEST_SUITE_P over a case struct with a `file` member.
template <typename Case>
std::string file_case_name(const ::testing::TestParamInfo<Case>& param) {
    return case_name_from_file(param.param.file);
}

// The names of the entries of `folder`, sorted: to check that every real data file has a case.
inline std::vector<std::string> file_names(const std::string& folder) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

// `text` `times` times over.
inline std::string repeat(const std::string& text, std::size_t times) {
    std::string out;
    out.reserve(text.size() * times);
    for (std::size_t i = 0; i < times; ++i) {
        out += text;
    }
    return out;
}

}  // namespace wardround::testing

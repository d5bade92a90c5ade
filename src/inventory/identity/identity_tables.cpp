// SPDX-License-Identifier: Apache-2.0
// The curated tables embedded from data/identity, read once on first use, and the one place CPE
// names are assembled. The tables are plain comma-separated lines (no quoting: no value needs a
// comma); lines starting with '#' are comments and the first other line is the header.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <wardround/vuln/cpe.h>

#include "inventory/identity/identity_internal.h"

namespace wardround::inventory {

namespace detail {

namespace {

std::vector<std::string> split_fields(std::string_view line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = line.find(',', start);
        fields.emplace_back(line.substr(start, comma - start));
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
    return fields;
}

// Calls `row(fields, line_number)` for each data line after the header; records a problem when the
// header or a line has the wrong number of columns.
template <typename RowFunction>
void read_table(std::string_view text,
                std::string_view name,
                std::size_t columns,
                std::vector<std::string>& problems,
                RowFunction&& row) {
    bool header_seen = false;
    std::size_t line_number = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++line_number;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty() || line.front() == '#') {
            continue;
        }
        std::vector<std::string> fields = split_fields(line);
        if (fields.size() != columns) {
            problems.push_back(std::string(name) + " line " + std::to_string(line_number) + ": " +
                               std::to_string(fields.size()) + " columns, expected " +
                               std::to_string(columns));
            continue;
        }
        if (!header_seen) {
            header_seen = true;
            continue;
        }
        row(std::move(fields), line_number);
    }
    if (!header_seen) {
        problems.push_back(std::string(name) + ": no header line");
    }
}

std::string where(std::string_view name, std::size_t line) {
    return std::string(name) + " line " + std::to_string(line) + ": ";
}

void load_aliases(IdentityTables& tables) {
    constexpr std::string_view kName = "aliases.csv";
    read_table(kAliasesCsv, kName, 10, tables.problems, [&](std::vector<std::string> f, auto line) {
        AliasRow row{std::move(f[0]), std::move(f[1]), std::move(f[2]), std::move(f[3]),
                     std::move(f[4]), std::move(f[5]), std::move(f[6]), std::move(f[7]),
                     std::move(f[8]), std::move(f[9])};
        if (row.kind == "vendor") {
            if (row.vendor_key.empty() || row.cpe_vendor.empty()) {
                tables.problems.push_back(where(kName, line) + "vendor row without both vendors");
                return;
            }
            if (!tables.vendor_aliases.emplace(row.vendor_key, row.cpe_vendor).second) {
                tables.problems.push_back(where(kName, line) + "vendor " + row.vendor_key +
                                          " mapped twice");
            }
        } else if (row.kind == "product") {
            if (row.product_key.empty() || row.cpe_vendor.empty() || row.cpe_product.empty() ||
                (row.part != "a" && row.part != "o" && row.part != "h")) {
                tables.problems.push_back(where(kName, line) + "incomplete product row");
                return;
            }
            const std::string key = row.vendor_key + '|' + row.product_key;
            if (!tables.product_aliases.emplace(key, tables.aliases.size()).second) {
                tables.problems.push_back(where(kName, line) + key + " mapped twice");
                return;
            }
        } else {
            tables.problems.push_back(where(kName, line) + "unknown kind " + row.kind);
            return;
        }
        if (row.verified != "nvd-data" && row.verified != "external" &&
            row.verified != "unverified") {
            tables.problems.push_back(where(kName, line) + "unknown verified " + row.verified);
        }
        tables.aliases.push_back(std::move(row));
    });
}

void load_windows(IdentityTables& tables) {
    constexpr std::string_view kName = "windows_builds.csv";
    read_table(
        kWindowsBuildsCsv, kName, 8, tables.problems, [&](std::vector<std::string> f, auto line) {
            if (!all_digits(f[0]) || f[0].size() > 6 || (f[1] != "client" && f[1] != "server") ||
                f[2].empty() || f[4].empty()) {
                tables.problems.push_back(where(kName, line) + "malformed row");
                return;
            }
            WindowsBuildRow row;
            row.build = static_cast<std::uint32_t>(std::stoul(f[0]));
            row.family = std::move(f[1]);
            row.os = std::move(f[2]);
            row.release = std::move(f[3]);
            row.cpe_product = std::move(f[4]);
            row.cpe_version = std::move(f[5]);
            row.cpe_update = std::move(f[6]);
            row.verified = std::move(f[7]);
            tables.windows_by_build[std::to_string(row.build)].push_back(tables.windows.size());
            tables.windows.push_back(std::move(row));
        });
}

}  // namespace

const IdentityTables& identity_tables() {
    static const IdentityTables kTables = [] {
        IdentityTables tables;
        load_aliases(tables);
        load_windows(tables);
        return tables;
    }();
    return kTables;
}

std::string format_cpe(const CpeTokens& tokens) {
    vuln::Cpe cpe;
    const auto set = [&cpe](vuln::CpeAttribute attribute, std::string_view value) {
        if (value.empty()) {
            return true;
        }
        if (value == "-") {
            cpe.set_na(attribute);
            return true;
        }
        return cpe.set_literal(attribute, value).has_value();
    };
    const bool ok = set(vuln::CpeAttribute::kPart, tokens.part) &&
                    set(vuln::CpeAttribute::kVendor, tokens.vendor) &&
                    set(vuln::CpeAttribute::kProduct, tokens.product) &&
                    set(vuln::CpeAttribute::kVersion, tokens.version) &&
                    set(vuln::CpeAttribute::kUpdate, tokens.update) &&
                    set(vuln::CpeAttribute::kSwEdition, tokens.sw_edition) &&
                    set(vuln::CpeAttribute::kTargetHw, tokens.target_hw);
    return ok ? vuln::to_cpe23(cpe) : std::string();
}

bool set_cpe(Resolution& resolution, const CpeTokens& tokens) {
    std::string formatted = format_cpe(tokens);
    if (formatted.empty()) {
        // The version is the usual culprit (non-ASCII, absurd length): keep the name without it.
        CpeTokens without_version = tokens;
        without_version.version = {};
        without_version.update = {};
        formatted = format_cpe(without_version);
        if (formatted.empty()) {
            resolution.note = "the name cannot be written as a CPE";
            return false;
        }
        resolution.note = "the version cannot be written in a CPE name and was left out";
        resolution.version.clear();
        resolution.update.clear();
    } else {
        resolution.version = tokens.version;
        resolution.update = tokens.update;
    }
    resolution.part = tokens.part;
    resolution.vendor = tokens.vendor;
    resolution.product = tokens.product;
    resolution.sw_edition = tokens.sw_edition;
    resolution.target_hw = tokens.target_hw;
    resolution.cpe = std::move(formatted);
    return true;
}

}  // namespace detail

std::vector<std::string> identity_data_problems() {
    return detail::identity_tables().problems;
}

const std::vector<AliasRow>& alias_rows() {
    return detail::identity_tables().aliases;
}

const std::vector<WindowsBuildRow>& windows_build_rows() {
    return detail::identity_tables().windows;
}

std::string_view resolution_status_name(Resolution::Status status) {
    switch (status) {
        case Resolution::kResolved:
            return "resolved";
        case Resolution::kAmbiguous:
            return "ambiguous";
        case Resolution::kUnresolved:
            break;
    }
    return "unresolved";
}

}  // namespace wardround::inventory

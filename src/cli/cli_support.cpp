// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include <fmt/core.h>
#include <unistd.h>

#include <wardround/store/open.h>

#include "cli/cli.h"

namespace wardround::cli {

Result<std::unique_ptr<store::Database>> open_database(const Context& context) {
    return store::open_database(context.db_location);
}

int report_error(const Error& error) {
    fmt::print(stderr, "wardround: error: {}\n", error.to_string());
    return kExitFailed;
}

void print_diagnostics(const Diagnostics& diagnostics, std::size_t shown) {
    if (diagnostics.empty()) {
        return;
    }
    // Counts for every code; details only for warnings and errors (notes would drown them).
    std::map<std::string, Severity> severity_of;
    for (const Diagnostic& diagnostic : diagnostics.kept()) {
        severity_of.emplace(diagnostic.code, diagnostic.severity);
    }
    for (const auto& [code, count] : diagnostics.count_by_code()) {
        fmt::print(stderr, "  {:>7} {:<7} {}\n", count, severity_name(severity_of[code]), code);
    }
    std::size_t printed = 0;
    for (const Diagnostic& diagnostic : diagnostics.kept()) {
        if (diagnostic.severity == Severity::kInfo) {
            continue;
        }
        if (printed++ == shown) {
            fmt::print(stderr, "  ... more are stored with the import's provenance\n");
            break;
        }
        fmt::print(stderr, "  {} {} {}{}{}: {}\n", severity_name(diagnostic.severity),
                   diagnostic.code, diagnostic.source, diagnostic.location.empty() ? "" : " ",
                   diagnostic.location, diagnostic.message);
    }
}

void print_json(const Json& json) {
    // Invalid UTF-8 cannot reach here from the importers, but replace rather than throw if it does.
    fmt::print("{}\n", json.dump(2, ' ', false, Json::error_handler_t::replace));
}

void Table::print() const {
    std::vector<std::size_t> widths(headers_.size());
    const auto width_of = [](const std::string& text) {
        // Count code points, not bytes, so that names with accents line up.
        return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
            return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        }));
    };
    for (std::size_t i = 0; i < headers_.size(); ++i) {
        widths[i] = width_of(headers_[i]);
        for (const auto& row : rows_) {
            if (i < row.size()) {
                widths[i] = std::max(widths[i], width_of(row[i]));
            }
        }
    }
    const auto print_row = [&](const std::vector<std::string>& row) {
        std::string line;
        for (std::size_t i = 0; i < headers_.size(); ++i) {
            const std::string cell = i < row.size() ? row[i] : "";
            line += cell;
            if (i + 1 < headers_.size()) {
                line.append(widths[i] - width_of(cell) + 2, ' ');
            }
        }
        while (!line.empty() && line.back() == ' ') {
            line.pop_back();
        }
        fmt::print("{}\n", line);
    };
    print_row(headers_);
    for (const auto& row : rows_) {
        print_row(row);
    }
}

TerminalProgress::TerminalProgress() : enabled_(::isatty(STDERR_FILENO) == 1) {}

void TerminalProgress::update(const ProgressUpdate& update) {
    if (!enabled_) {
        return;
    }
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now().time_since_epoch())
                         .count();
    if (now - last_draw_ms_ < 200) {
        return;
    }
    last_draw_ms_ = now;
    std::string line = fmt::format("{} {}: {} records, {:.1f} MB", update.task, update.source,
                                   update.records, static_cast<double>(update.bytes_done) / 1e6);
    if (update.bytes_total > 0) {
        line +=
            fmt::format(" of {:.1f} MB ({:.0f}%)", static_cast<double>(update.bytes_total) / 1e6,
                        100.0 * static_cast<double>(update.bytes_done) /
                            static_cast<double>(update.bytes_total));
    }
    if (line.size() > 110) {
        line = "..." + line.substr(line.size() - 107);
    }
    fmt::print(stderr, "\r\033[K{}", line);
    std::fflush(stderr);
    drawn_ = true;
}

void TerminalProgress::done() {
    if (drawn_) {
        fmt::print(stderr, "\r\033[K");
        std::fflush(stderr);
        drawn_ = false;
    }
}

}  // namespace wardround::cli

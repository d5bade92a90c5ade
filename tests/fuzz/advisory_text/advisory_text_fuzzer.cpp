// SPDX-License-Identifier: Apache-2.0
// Advisory version texts, vendor names and product texts from arbitrary bytes. The input is up to
// three lines: a version text, a version to evaluate against it, and a name. Nothing may crash,
// every reading must be well formed, and the name keys must be canonical (normalising a key again
// gives the same key).
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include <wardround/vuln/advisory_text.h>

namespace {

using wardround::vuln::RangeVerdict;

// Orders by length, then bytes: total, so every verdict is reachable.
std::optional<int> compare_bytes(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return a.size() < b.size() ? -1 : 1;
    }
    const int order = a.compare(b);
    return order < 0 ? -1 : (order > 0 ? 1 : 0);
}

std::string_view next_line(std::string_view& rest) {
    const std::size_t newline = rest.find('\n');
    const std::string_view line = rest.substr(0, newline);
    rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
    return line;
}

void check_key(const std::string& key, bool spaces) {
    for (char c : key) {
        const bool allowed =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (spaces ? c == ' ' : c == '_');
        if (!allowed) {
            std::abort();
        }
    }
    if (spaces && (key.find("  ") != std::string::npos ||
                   (!key.empty() && (key.front() == ' ' || key.back() == ' ')))) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    const std::string_view text = next_line(rest);
    const std::string_view version = next_line(rest);
    const std::string_view name = next_line(rest);

    const auto range = wardround::vuln::parse_version_range_text(text);
    if (range) {
        if (!range->all_versions && range->alternatives.empty()) {
            std::abort();
        }
        for (const auto& alternative : range->alternatives) {
            if (alternative.empty()) {
                std::abort();
            }
            for (const auto& constraint : alternative) {
                if (constraint.version.empty()) {
                    std::abort();
                }
            }
        }
        const auto evaluation =
            wardround::vuln::evaluate_version_range(*range, version, compare_bytes);
        if (evaluation.reason.empty()) {
            std::abort();
        }
        if (range->all_versions && evaluation.verdict != RangeVerdict::kInside) {
            std::abort();
        }
        (void)wardround::vuln::describe_version_range(*range);
    } else if (range.error().message.rfind("not evaluable: ", 0) != 0) {
        std::abort();
    }

    const std::string key = wardround::vuln::normalise_vendor_name(name);
    check_key(key, false);
    if (wardround::vuln::normalise_vendor_name(key) != key) {
        std::abort();
    }
    const std::string product = wardround::vuln::normalise_product_text(name);
    check_key(product, true);
    if (wardround::vuln::normalise_product_text(product) != product) {
        std::abort();
    }
    const auto match = wardround::vuln::match_product_text(
        {std::string(name), "", std::string(text), {}, std::string(version)},
        {std::string(name), std::string(version), ""});
    if (match.reason.empty()) {
        std::abort();
    }
    return 0;
}

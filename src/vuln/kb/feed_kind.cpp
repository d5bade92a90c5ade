// SPDX-License-Identifier: Apache-2.0
// Kind detection reads the top-level keys of a JSON document from its first bytes (skipping nested
// values without parsing them), or the first line of a CSV. Key order differs between producers, so
// the decision uses the set of keys seen, not their order.
#include <set>
#include <string>

#include <wardround/core/text.h>
#include <wardround/vuln/feed_kind.h>

namespace wardround::vuln {
namespace {

constexpr std::size_t kSniffBytes = 256 * 1024;

struct TopLevel {
    std::set<std::string> keys;
    std::string format_value;  // the "format" member's string value (NVD pages say NVD_CVE)
    bool array = false;        // the document is an array; keys are those of its first element
};

// Collects the keys of the outermost object (or of the first object in an outermost array).
TopLevel scan_top_level(std::string_view text) {
    TopLevel top;
    int depth = 0;
    int key_depth = 1;
    bool expect_key = false;
    std::string last_key;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '"') {
            std::string value;
            std::size_t j = i + 1;
            while (j < text.size() && text[j] != '"') {
                if (text[j] == '\\' && j + 1 < text.size()) {
                    ++j;
                }
                value.push_back(text[j]);
                ++j;
            }
            if (depth == key_depth) {
                if (expect_key) {
                    top.keys.insert(value);
                    last_key = value;
                    expect_key = false;
                } else if (last_key == "format") {
                    top.format_value = value;
                }
            }
            i = j + 1;
            continue;
        }
        if (c == '{') {
            ++depth;
            if (depth == key_depth) {
                expect_key = true;
            }
        } else if (c == '[') {
            if (depth == 0) {
                top.array = true;
                key_depth = 2;
            }
            ++depth;
        } else if (c == '}' || c == ']') {
            --depth;
            if (depth < key_depth - 1 || (top.array && depth == 1 && c == '}')) {
                break;  // the first (or only) object is over
            }
        } else if (c == ',' && depth == key_depth) {
            expect_key = true;
        }
        ++i;
    }
    return top;
}

std::string_view first_line(std::string_view text) {
    const std::size_t end = text.find('\n');
    return trim(end == std::string_view::npos ? text : text.substr(0, end));
}

}  // namespace

std::string_view feed_kind_name(FeedKind kind) {
    switch (kind) {
        case FeedKind::kNvd:
            return "nvd";
        case FeedKind::kKev:
            return "kev";
        case FeedKind::kKevCsv:
            return "kev-csv";
        case FeedKind::kEpss:
            return "epss";
        case FeedKind::kCsaf:
            return "csaf";
        case FeedKind::kOsv:
            return "osv";
    }
    return "nvd";
}

std::optional<FeedKind> parse_feed_kind(std::string_view name) {
    for (FeedKind kind : {FeedKind::kNvd, FeedKind::kKev, FeedKind::kKevCsv, FeedKind::kEpss,
                          FeedKind::kCsaf, FeedKind::kOsv}) {
        if (iequals(name, feed_kind_name(kind))) {
            return kind;
        }
    }
    return std::nullopt;
}

std::string_view feed_name(FeedKind kind) {
    return kind == FeedKind::kKevCsv ? "kev" : feed_kind_name(kind);
}

Detection detect_feed_kind(std::string_view head) {
    if (head.starts_with("\xEF\xBB\xBF")) {
        head.remove_prefix(3);
    }
    const std::string_view trimmed = trim(head);
    if (trimmed.empty()) {
        return {std::nullopt, "the file is empty"};
    }
    if (trimmed.front() == '{' || trimmed.front() == '[') {
        const TopLevel top = scan_top_level(trimmed);
        const auto has = [&](const char* key) {
            return top.keys.count(key) > 0;
        };
        if (!top.array && has("document")) {
            return {FeedKind::kCsaf, ""};
        }
        if (!top.array && has("catalogVersion")) {
            return {FeedKind::kKev, ""};
        }
        if (!top.array &&
            (top.format_value == "NVD_CVE" ||
             (has("vulnerabilities") && (has("resultsPerPage") || has("totalResults"))))) {
            return {FeedKind::kNvd, ""};
        }
        // fkie-cad/nvd-json-data-feeds release files (CVE-2024.json.xz): bare records in cve_items.
        if (!top.array && has("cve_items")) {
            return {FeedKind::kNvd, ""};
        }
        // One record as a page wraps it: {"cve": {...}}.
        if (!top.array && has("cve") && top.keys.size() == 1) {
            return {FeedKind::kNvd, ""};
        }
        if (!top.array && has("id") && (has("sourceIdentifier") || has("vulnStatus"))) {
            return {FeedKind::kNvd, ""};
        }
        if (has("id") && has("modified") &&
            (has("affected") || has("schema_version") || has("aliases") || has("summary") ||
             has("details"))) {
            return {FeedKind::kOsv, ""};
        }
        if (has("feed")) {
            return {std::nullopt, "a ROLIE feed (an index of advisories, not an advisory)"};
        }
        if (has("$schema") && has("properties")) {
            return {std::nullopt, "a JSON schema"};
        }
        return {std::nullopt, "JSON that is none of NVD, KEV, CSAF or OSV"};
    }
    const std::string_view line = first_line(trimmed);
    if (line.starts_with("#model_version") || starts_with_icase(line, "cve,epss")) {
        return {FeedKind::kEpss, ""};
    }
    if (line.find("cveID") != std::string_view::npos &&
        line.find("vendorProject") != std::string_view::npos) {
        return {FeedKind::kKevCsv, ""};
    }
    return {std::nullopt, "neither JSON nor a known feed CSV"};
}

Result<Detection> detect_feed_kind(InputFile& file) {
    auto head = file.peek(kSniffBytes);
    if (!head) {
        return propagate(head.error());
    }
    return detect_feed_kind(*head);
}

}  // namespace wardround::vuln

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

constexpr std::size_t kSniffBytes = std::size_t{256} * 1024;

struct TopLevel {
    std::set<std::string> keys;
    std::string format_value;  // the "format" member's string value (NVD pages say NVD_CVE)
    bool array = false;        // the document is an array; keys are those of its first element

    [[nodiscard]] bool has(const char* key) const { return keys.count(key) > 0; }
};

// Reads the string whose opening quote is at text[i], keeping each escaped byte as it is (enough
// for key names). Returns the position after the closing quote.
std::size_t read_string(std::string_view text, std::size_t i, std::string& value) {
    std::size_t j = i + 1;
    while (j < text.size() && text[j] != '"') {
        if (text[j] == '\\' && j + 1 < text.size()) {
            ++j;
        }
        value.push_back(text[j]);
        ++j;
    }
    return j + 1;
}

// Collects the keys of the outermost object (or of the first object in an outermost array).
class TopLevelScanner {
public:
    TopLevel scan(std::string_view text) {
        std::size_t i = 0;
        while (i < text.size()) {
            const char c = text[i];
            if (c == '"') {
                std::string value;
                i = read_string(text, i, value);
                string_value(value);
                continue;
            }
            if (!structure(c)) {
                break;  // the first (or only) object is over
            }
            ++i;
        }
        return std::move(top_);
    }

private:
    void string_value(const std::string& value) {
        if (depth_ != key_depth_) {
            return;
        }
        if (expect_key_) {
            top_.keys.insert(value);
            last_key_ = value;
            expect_key_ = false;
        } else if (last_key_ == "format") {
            top_.format_value = value;
        }
    }

    // Follows nesting; false once the first (or only) object is over.
    bool structure(char c) {
        if (c == '{') {
            ++depth_;
            if (depth_ == key_depth_) {
                expect_key_ = true;
            }
        } else if (c == '[') {
            if (depth_ == 0) {
                top_.array = true;
                key_depth_ = 2;
            }
            ++depth_;
        } else if (c == '}' || c == ']') {
            --depth_;
            if (depth_ < key_depth_ - 1 || (top_.array && depth_ == 1 && c == '}')) {
                return false;
            }
        } else if (c == ',' && depth_ == key_depth_) {
            expect_key_ = true;
        }
        return true;
    }

    TopLevel top_;
    int depth_ = 0;
    int key_depth_ = 1;
    bool expect_key_ = false;
    std::string last_key_;
};

std::string_view first_line(std::string_view text) {
    const std::size_t end = text.find('\n');
    return trim(end == std::string_view::npos ? text : text.substr(0, end));
}

// The shapes NVD data takes at the top (the caller has ruled out an array).
bool looks_like_nvd(const TopLevel& top) {
    if (top.format_value == "NVD_CVE" ||
        (top.has("vulnerabilities") && (top.has("resultsPerPage") || top.has("totalResults")))) {
        return true;
    }
    // fkie-cad/nvd-json-data-feeds release files (CVE-2024.json.xz): bare records in cve_items.
    if (top.has("cve_items")) {
        return true;
    }
    // One record as a page wraps it: {"cve": {...}}.
    if (top.has("cve") && top.keys.size() == 1) {
        return true;
    }
    return top.has("id") && (top.has("sourceIdentifier") || top.has("vulnStatus"));
}

Detection detect_json_kind(std::string_view text) {
    const TopLevel top = TopLevelScanner().scan(text);
    if (!top.array && top.has("document")) {
        return {FeedKind::kCsaf, ""};
    }
    if (!top.array && top.has("catalogVersion")) {
        return {FeedKind::kKev, ""};
    }
    if (!top.array && looks_like_nvd(top)) {
        return {FeedKind::kNvd, ""};
    }
    if (top.has("id") && top.has("modified") &&
        (top.has("affected") || top.has("schema_version") || top.has("aliases") ||
         top.has("summary") || top.has("details"))) {
        return {FeedKind::kOsv, ""};
    }
    if (top.has("feed")) {
        return {std::nullopt, "a ROLIE feed (an index of advisories, not an advisory)"};
    }
    if (top.has("$schema") && top.has("properties")) {
        return {std::nullopt, "a JSON schema"};
    }
    return {std::nullopt, "JSON that is none of NVD, KEV, CSAF or OSV"};
}

Detection detect_csv_kind(std::string_view text) {
    const std::string_view line = first_line(text);
    if (line.starts_with("#model_version") || starts_with_icase(line, "cve,epss")) {
        return {FeedKind::kEpss, ""};
    }
    if (line.find("cveID") != std::string_view::npos &&
        line.find("vendorProject") != std::string_view::npos) {
        return {FeedKind::kKevCsv, ""};
    }
    return {std::nullopt, "neither JSON nor a known feed CSV"};
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
        return detect_json_kind(trimmed);
    }
    return detect_csv_kind(trimmed);
}

Result<Detection> detect_feed_kind(InputFile& file) {
    auto head = file.peek(kSniffBytes);
    if (!head) {
        return propagate(head.error());
    }
    return detect_feed_kind(*head);
}

}  // namespace wardround::vuln

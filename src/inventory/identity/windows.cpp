// SPDX-License-Identifier: Apache-2.0
// Windows names, versions and builds to the CPE products NVD files Windows under: one product per
// release since Windows 10 (windows_10_22h2, windows_server_2019), one per product with the service
// pack in the update field before it (windows_7:-:sp1, windows_server_2008:r2:sp1). The build
// decides the release; the name decides client or server where both share a build.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "inventory/identity/identity_internal.h"

namespace wardround::inventory {

namespace {

using detail::Token;

// Client names and editions that say "not a server": "Windows 10 Pro", "Windows 11 Enterprise
// LTSC", "Windows 7 Professional".
constexpr std::array<std::string_view, 13> kClientWords{
    "10",   "11",           "7",         "8",   "8.1",  "vista", "xp",
    "home", "professional", "education", "pro", "ltsc", "ltsb",
};

// Words that say which release or service pack: "22h2" (Defender's version), "1809", "sp1", "r2".
bool is_release_word(std::string_view word) {
    if (word.size() == 4 && std::isdigit(static_cast<unsigned char>(word[0])) != 0 &&
        std::isdigit(static_cast<unsigned char>(word[1])) != 0 &&
        (word[2] == 'h' || std::isdigit(static_cast<unsigned char>(word[2])) != 0) &&
        std::isdigit(static_cast<unsigned char>(word[3])) != 0) {
        return true;
    }
    return word.size() == 3 && word[0] == 's' && word[1] == 'p' &&
           std::isdigit(static_cast<unsigned char>(word[2])) != 0;
}

// Splits words a source glues together: Defender's "Windows10", "WindowsServer2019",
// "WindowsServer2012R2", "Windows8.1"; and "2012r2".
void split_glued(std::string word, std::vector<std::string>& out) {
    constexpr std::string_view kWindows = "windows";
    constexpr std::string_view kServer = "server";
    if (word.size() > kWindows.size() && word.compare(0, kWindows.size(), kWindows) == 0) {
        out.emplace_back(kWindows);
        word.erase(0, kWindows.size());
    }
    if (word.size() > kServer.size() && word.compare(0, kServer.size(), kServer) == 0) {
        out.emplace_back(kServer);
        word.erase(0, kServer.size());
    }
    if (word.size() > 2 && word.compare(word.size() - 2, 2, "r2") == 0 &&
        detail::all_digits(std::string_view(word).substr(0, word.size() - 2))) {
        out.push_back(word.substr(0, word.size() - 2));
        out.emplace_back("r2");
        return;
    }
    out.push_back(std::move(word));
}

std::vector<std::string> windows_words(std::string_view name) {
    std::vector<std::string> words;
    for (Token& token : detail::tokenise(name)) {
        if (token.text != "microsoft") {
            split_glued(std::move(token.text), words);
        }
    }
    return words;
}

// True when `needle` (space-separated words) occurs as consecutive words of `words`.
bool contains_words(const std::vector<std::string>& words, std::string_view needle) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= needle.size()) {
        const std::size_t space = needle.find(' ', start);
        parts.push_back(needle.substr(start, space - start));
        if (space == std::string_view::npos) {
            break;
        }
        start = space + 1;
    }
    if (parts.size() > words.size()) {
        return false;
    }
    for (std::size_t i = 0; i + parts.size() <= words.size(); ++i) {
        if (std::equal(parts.begin(), parts.end(),
                       words.begin() + static_cast<std::ptrdiff_t>(i))) {
            return true;
        }
    }
    return false;
}

struct NameFacts {
    std::vector<std::string> words;
    bool windows = false;
    bool server = false;
    bool client = false;
    bool lists_several = false;  // "Windows Vista SP2, Windows 7 SP1, or Windows Server 2008"
    std::vector<std::string> releases;
};

NameFacts read_name(std::string_view name, std::string_view version) {
    NameFacts facts;
    facts.words = windows_words(name);
    std::size_t windows_count = 0;
    for (std::size_t i = 0; i < facts.words.size(); ++i) {
        const std::string& word = facts.words[i];
        if (word == "windows") {
            facts.windows = true;
            ++windows_count;
        } else if (word == "server") {
            facts.server = true;
        } else if (word == "or") {
            facts.lists_several = true;
        } else if (std::find(kClientWords.begin(), kClientWords.end(), word) !=
                       kClientWords.end() &&
                   i > 0 && facts.words[i - 1] != "server") {
            facts.client = true;
        }
        if (is_release_word(word) || word == "r2") {
            facts.releases.push_back(word);
        }
    }
    facts.lists_several =
        facts.lists_several || windows_count > 1 || (facts.server && facts.client);
    // Defender's version is the release ("22H2", "1809").
    const std::string release = detail::cpe_version_token(version);
    if (is_release_word(release)) {
        facts.releases.push_back(release);
    }
    return facts;
}

struct BuildFacts {
    std::string build;
    std::string revision;
    std::string major_minor = "10.0";
};

// "10.0.19045.3803" -> build 19045, revision 3803; "6.1.7601" -> build 7601; the explicit build
// wins over the version's.
BuildFacts read_build(std::string_view version, std::string_view build) {
    BuildFacts facts;
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= version.size() && parts.size() < 5) {
        const std::size_t dot = version.find('.', start);
        parts.push_back(version.substr(start, dot - start));
        if (dot == std::string_view::npos) {
            break;
        }
        start = dot + 1;
    }
    const bool dotted = parts.size() >= 3 && parts.size() <= 4 &&
                        std::all_of(parts.begin(), parts.end(),
                                    [](std::string_view p) { return detail::all_digits(p); });
    if (dotted) {
        facts.build = parts[2];
        facts.major_minor = std::string(parts[0]) + '.' + std::string(parts[1]);
        if (parts.size() == 4) {
            facts.revision = parts[3];
        }
    }
    // "19045" or "19045.3803" (build and revision, as some agents report it).
    std::string_view trimmed = build;
    while (!trimmed.empty() && trimmed.front() == ' ') {
        trimmed.remove_prefix(1);
    }
    while (!trimmed.empty() && trimmed.back() == ' ') {
        trimmed.remove_suffix(1);
    }
    std::string_view explicit_revision;
    if (const std::size_t dot = trimmed.find('.'); dot != std::string_view::npos) {
        explicit_revision = trimmed.substr(dot + 1);
        trimmed = trimmed.substr(0, dot);
    }
    const std::string explicit_build =
        detail::all_digits(trimmed) ? std::string(trimmed) : std::string();
    if (!explicit_build.empty()) {
        if (explicit_build != facts.build) {
            facts.revision.clear();
        }
        facts.build = explicit_build;
        if (detail::all_digits(explicit_revision)) {
            facts.revision = explicit_revision;
        }
    }
    if (facts.build.size() > 6) {
        facts.build.clear();
        facts.revision.clear();
    }
    if (facts.revision.size() > 9) {
        facts.revision.clear();
    }
    return facts;
}

using wardround::inventory::WindowsBuildRow;

std::string row_candidate(const WindowsBuildRow& row) {
    return "microsoft:" + row.cpe_product;
}

void add_candidate(std::vector<std::string>& candidates, const WindowsBuildRow& row) {
    std::string candidate = row_candidate(row);
    if (std::find(candidates.begin(), candidates.end(), candidate) == candidates.end()) {
        candidates.push_back(std::move(candidate));
    }
}

// The rows whose os the name names, longest os first wins: "Windows Server 2008 R2 Standard" is
// "windows server 2008 r2", not "windows server 2008".
std::vector<const WindowsBuildRow*> rows_named(const NameFacts& facts) {
    std::vector<const WindowsBuildRow*> rows;
    std::size_t best = 0;
    for (const WindowsBuildRow& row : detail::identity_tables().windows) {
        if (row.os.size() < best || !contains_words(facts.words, row.os)) {
            continue;
        }
        if (row.os.size() > best) {
            rows.clear();
            best = row.os.size();
        }
        rows.push_back(&row);
    }
    return rows;
}

Resolution resolved_row(const WindowsBuildRow& row,
                        const BuildFacts& build,
                        bool update_known,
                        std::string method,
                        int confidence) {
    Resolution resolution;
    std::string version = row.cpe_version;
    if (version.empty() && !build.build.empty() && !build.revision.empty() &&
        std::to_string(row.build) == build.build) {
        version = build.major_minor + '.' + build.build + '.' + build.revision;
    }
    const std::string update = update_known ? row.cpe_update : std::string();
    detail::set_cpe(resolution,
                    detail::CpeTokens{"o", "microsoft", row.cpe_product, version, update, {}, {}});
    resolution.status = Resolution::kResolved;
    resolution.method = std::move(method);
    resolution.confidence = confidence;
    return resolution;
}

Resolution ambiguous(const std::vector<const WindowsBuildRow*>& rows, std::string note) {
    Resolution resolution;
    resolution.status = Resolution::kAmbiguous;
    for (const WindowsBuildRow* row : rows) {
        add_candidate(resolution.candidates, *row);
    }
    resolution.note = std::move(note);
    return resolution;
}

bool family_fits(const WindowsBuildRow& row, const NameFacts& facts) {
    if (facts.server) {
        return row.family == "server";
    }
    if (facts.client) {
        return row.family == "client";
    }
    return true;
}

Resolution by_build(const NameFacts& facts, const BuildFacts& build, bool& found) {
    const auto& tables = detail::identity_tables();
    const auto it = tables.windows_by_build.find(build.build);
    found = it != tables.windows_by_build.end();
    if (!found) {
        return {};
    }
    std::vector<const WindowsBuildRow*> rows;
    for (const std::size_t i : it->second) {
        if (family_fits(tables.windows[i], facts)) {
            rows.push_back(&tables.windows[i]);
        }
    }
    if (rows.empty()) {
        // The name contradicts the build ("Windows Server" on a build only clients have): trust
        // neither.
        std::vector<const WindowsBuildRow*> all;
        for (const std::size_t i : it->second) {
            all.push_back(&tables.windows[i]);
        }
        return ambiguous(all, "the name and build " + build.build + " disagree");
    }
    if (rows.size() > 1) {
        return ambiguous(rows,
                         "build " + build.build +
                             " is shared by client and server and the name does not say which");
    }
    const WindowsBuildRow& row = *rows.front();
    Resolution resolution = resolved_row(row, build, true, "windows-build", 95);
    if (!facts.words.empty() && !contains_words(facts.words, row.os) &&
        row.os != "windows server") {
        resolution.note = "build " + build.build + " is " + row.os + " " + row.release +
                          "; the name says otherwise";
    }
    return resolution;
}

Resolution by_name(const NameFacts& facts, const BuildFacts& build) {
    std::vector<const WindowsBuildRow*> rows = rows_named(facts);
    if (rows.empty()) {
        return {};
    }
    if (rows.size() > 1 && !facts.releases.empty()) {
        std::vector<const WindowsBuildRow*> released;
        for (const WindowsBuildRow* row : rows) {
            for (const std::string& release : facts.releases) {
                if (row->release == release) {
                    released.push_back(row);
                    break;
                }
            }
        }
        if (released.size() == 1) {
            return resolved_row(*released.front(), build, true, "windows-release", 90);
        }
        if (!released.empty()) {
            rows = released;
        }
    }
    if (rows.size() == 1) {
        return resolved_row(*rows.front(), build, true, "windows-name", 85);
    }
    // Several releases of one product that differ only in the service pack (Windows 7 RTM and
    // SP1): the product and version are sure, the update is not.
    const bool same_product =
        std::all_of(rows.begin(), rows.end(), [&](const WindowsBuildRow* row) {
            return row->cpe_product == rows.front()->cpe_product &&
                   row->cpe_version == rows.front()->cpe_version;
        });
    if (same_product) {
        Resolution resolution = resolved_row(*rows.front(), build, false, "windows-name", 80);
        resolution.note = "the service pack is unknown";
        return resolution;
    }
    return ambiguous(rows, "the name does not say which release; a build would");
}

}  // namespace

bool is_windows_name(std::string_view name) {
    const std::vector<std::string> words = windows_words(name);
    return std::find(words.begin(), words.end(), "windows") != words.end();
}

Resolution resolve_windows(std::string_view name,
                           std::string_view version,
                           std::string_view build) {
    const NameFacts facts = read_name(name, version);
    const BuildFacts build_facts = read_build(version, build);
    Resolution resolution;
    if (!build_facts.build.empty()) {
        bool found = false;
        resolution = by_build(facts, build_facts, found);
        if (found) {
            return resolution;
        }
    }
    if (facts.lists_several) {
        resolution.note = "the name lists several systems";
        return resolution;
    }
    if (facts.windows) {
        resolution = by_name(facts, build_facts);
    }
    if (resolution.status == Resolution::kUnresolved && resolution.note.empty()) {
        resolution.note = build_facts.build.empty()
                              ? "no Windows release in the name and no build"
                              : "build " + build_facts.build + " is not in the Windows build table";
    }
    return resolution;
}

}  // namespace wardround::inventory

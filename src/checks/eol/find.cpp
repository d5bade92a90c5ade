// SPDX-License-Identifier: Apache-2.0
// Recognising a release from what an asset record says. For an operating system the name decides
// first: every name phrase of the catalogue found in it (as whole tokens) puts its rows on the
// list, and a phrase inside a longer one ("windows server 2008" inside "windows server 2008 r2")
// yields to it. The build, the version and then the CPE narrow that list; what is left over is
// settled by assuming the release supported longest. Within the release, the edition words of the
// name pick the row. See eol.h for the contract and data/eol/README.md for the columns.
#include <algorithm>
#include <functional>
#include <iterator>
#include <set>
#include <utility>

#include <wardround/checks/eol.h>
#include <wardround/core/text.h>

#include "checks/eol/eol_internal.h"

namespace wardround::checks {

namespace {

using RowSet = std::vector<std::size_t>;  // indices into the catalogue, ascending

// How many tokens after a name phrase may hold its version ("Windows 10 IoT Enterprise LTSC
// 2021", "Red Hat Enterprise Linux Server release 7.9").
constexpr std::size_t kTokensAfterPhrase = 4;

struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;  // one past the last token
    bool operator==(const Span&) const = default;
};

bool inside(const Span& inner, const Span& outer) {
    return inner.begin >= outer.begin && inner.end <= outer.end && !(inner == outer);
}

struct Hit {
    std::size_t row = 0;
    Span span;
};

// What the record says besides the name.
struct Evidence {
    std::string build;                        // digits, or ""
    std::vector<std::string> version_tokens;  // tokens of the version field
    std::vector<std::string> after_tokens;    // tokens just after each phrase found in the name
    std::optional<detail::CpeName> cpe;
    std::string version;  // the version field, trimmed, for messages
};

bool all_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The Windows build: the build field, or the third part of a 5.x, 6.x or 10.0 version.
std::string build_of(std::string_view build, std::string_view version) {
    build = trim(build);
    if (const auto dot = build.find('.'); dot != std::string_view::npos) {
        build = build.substr(0, dot);  // "19045.2364"
    }
    if (all_digits(build)) {
        return std::string(build);
    }
    const auto parts = split(trim(version), '.');
    if (parts.size() >= 3 && (parts[0] == "5" || parts[0] == "6" || parts[0] == "10") &&
        all_digits(parts[2])) {
        return std::string(parts[2]);
    }
    return "";
}

std::string group_key(const EolRelease& row) {
    return row.product + "\n" + row.release;
}

std::size_t group_count(const std::vector<EolRelease>& rows, const RowSet& set) {
    std::set<std::string> keys;
    for (const auto i : set) {
        keys.insert(group_key(rows[i]));
    }
    return keys.size();
}

RowSet filter(const std::vector<EolRelease>& rows,
              const RowSet& set,
              const std::function<bool(const EolRelease&)>& keep) {
    RowSet out;
    std::copy_if(set.begin(), set.end(), std::back_inserter(out),
                 [&](std::size_t i) { return keep(rows[i]); });
    return out;
}

RowSet all_rows_of_groups(const std::vector<EolRelease>& rows, const RowSet& set) {
    std::set<std::string> keys;
    for (const auto i : set) {
        keys.insert(group_key(rows[i]));
    }
    RowSet out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (keys.count(group_key(rows[i])) != 0) {
            out.push_back(i);
        }
    }
    return out;
}

RowSet rows_of_products(const std::vector<EolRelease>& rows,
                        const std::set<std::string>& products) {
    RowSet out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (products.count(rows[i].product) != 0) {
            out.push_back(i);
        }
    }
    return out;
}

bool has_build(const EolRelease& row, const std::string& build) {
    return std::find(row.builds.begin(), row.builds.end(), build) != row.builds.end();
}

bool matches_version_tokens(const EolRelease& row, const std::vector<std::string>& tokens) {
    return std::any_of(row.versions.begin(), row.versions.end(), [&](const std::string& pattern) {
        return std::any_of(tokens.begin(), tokens.end(), [&](const std::string& token) {
            return detail::version_matches(pattern, token);
        });
    });
}

// Whether `version` agrees with a cpes entry of `row`: the entry's own version pattern when it
// has one, else the row's version patterns (none: any version).
bool entry_version_matches(const EolRelease& row,
                           const std::optional<std::string>& pattern,
                           std::string_view version) {
    if (pattern) {
        return detail::version_matches(*pattern, version);
    }
    return row.versions.empty() ||
           std::any_of(row.versions.begin(), row.versions.end(), [&](const std::string& text) {
               return detail::version_matches(text, version);
           });
}

// Whether a row's cpes entry names vendor:product and the version agrees with it.
bool matches_cpe(const EolRelease& row,
                 std::string_view vendor,
                 std::string_view product,
                 std::string_view version) {
    return std::any_of(row.cpes.begin(), row.cpes.end(), [&](const std::string& text) {
        const auto entry = detail::parse_cpe_entry(text);
        return entry && iequals(entry->vendor, vendor) && iequals(entry->product, product) &&
               entry_version_matches(row, entry->version, version);
    });
}

// Sort key for "supported longest": no announced end counts as the latest.
std::pair<std::int64_t, std::int64_t> end_key(const EolRelease& row) {
    constexpr std::int64_t kOpen = 1LL << 40;
    const std::int64_t support =
        row.support_end_date ? row.support_end_date->days_since_epoch : kOpen;
    const std::int64_t extended =
        row.extended_end_date ? row.extended_end_date->days_since_epoch : support;
    return {support, extended};
}

// Edition words of a Windows name: the key of the catalogue's edition column, or "".
std::string edition_in_name(const std::vector<std::string>& tokens) {
    const auto has = [&](std::string_view word) {
        return std::find(tokens.begin(), tokens.end(), word) != tokens.end();
    };
    const bool ltsc = has("ltsc") || has("ltsb");
    if (ltsc) {
        return has("iot") ? "iot-ltsc" : "ltsc";
    }
    // "Pro Education" and "Pro for Workstations" follow the Home and Pro dates.
    if (has("home") || has("pro") || has("professional") || has("se")) {
        return "home-pro";
    }
    if (has("enterprise") || has("education")) {
        return "enterprise-education";
    }
    return "";
}

std::string_view edition_words(std::string_view edition) {
    if (edition == "home-pro") {
        return "Home/Pro";
    }
    if (edition == "enterprise-education") {
        return "Enterprise/Education";
    }
    return edition == "iot-ltsc" ? "IoT Enterprise LTSC" : "LTSC";
}

// The row of one release for the edition the name gives. LTSC rows are chosen only when named;
// otherwise the row supported longest is assumed.
struct EditionChoice {
    std::size_t row = 0;
    std::string how;
    bool assumed = false;
};

EditionChoice choose_edition(const std::vector<EolRelease>& rows,
                             const RowSet& group,
                             const std::string& named) {
    const auto with = [&](std::string_view edition) -> std::optional<std::size_t> {
        for (const auto i : group) {
            if (rows[i].edition == edition) {
                return i;
            }
        }
        return std::nullopt;
    };
    if (group.size() == 1) {
        return {group.front(), "", false};
    }
    if (!named.empty()) {
        auto row = with(named);
        if (!row && named == "iot-ltsc") {
            row = with("ltsc");
        }
        if (row) {
            return {*row, "the name says " + std::string(edition_words(named)), false};
        }
    }
    std::optional<std::size_t> best;
    for (const auto i : group) {
        if (rows[i].edition == "ltsc" || rows[i].edition == "iot-ltsc") {
            continue;
        }
        if (!best || end_key(rows[i]) > end_key(rows[*best])) {
            best = i;
        }
    }
    if (!best) {
        return {group.front(), "", false};
    }
    if (rows[*best].edition.empty()) {
        return {*best, "", false};
    }
    return {*best,
            "the name gives no edition: assumed " +
                std::string(edition_words(rows[*best].edition)) + ", supported longest",
            true};
}

// The rows of one release, grouped in catalogue order.
std::vector<RowSet> groups_of(const std::vector<EolRelease>& rows, const RowSet& set) {
    std::vector<RowSet> groups;
    std::vector<std::string> keys;
    for (const auto i : all_rows_of_groups(rows, set)) {
        const std::string key = group_key(rows[i]);
        const auto it = std::find(keys.begin(), keys.end(), key);
        if (it == keys.end()) {
            keys.push_back(key);
            groups.push_back({i});
        } else {
            groups[static_cast<std::size_t>(it - keys.begin())].push_back(i);
        }
    }
    return groups;
}

std::string join_titles(const std::vector<EolRelease>& rows, const std::vector<std::size_t>& ids) {
    std::string out;
    for (const auto i : ids) {
        out += (out.empty() ? "" : ", ") + rows[i].title;
    }
    return out;
}

// Settles the rows left: one release, or the release supported longest (assumed).
EolMatch settle(const std::vector<EolRelease>& rows,
                const RowSet& set,
                const std::string& edition,
                std::string how) {
    const auto groups = groups_of(rows, set);
    std::vector<EditionChoice> choices;
    choices.reserve(groups.size());
    for (const auto& group : groups) {
        choices.push_back(choose_edition(rows, group, edition));
    }
    std::size_t best = 0;
    for (std::size_t g = 1; g < choices.size(); ++g) {
        if (end_key(rows[choices[g].row]) > end_key(rows[choices[best].row])) {
            best = g;
        }
    }
    EolMatch match;
    match.release = &rows[choices[best].row];
    match.assumed = choices[best].assumed;
    if (choices.size() > 1) {
        std::vector<std::size_t> ids;
        for (const auto& choice : choices) {
            ids.push_back(choice.row);
            match.candidates.push_back(&rows[choice.row]);
        }
        how += (how.empty() ? "" : "; ") + std::string("that allows ") + join_titles(rows, ids) +
               ": assumed " + rows[choices[best].row].title + ", supported longest";
        match.assumed = true;
    }
    if (!choices[best].how.empty()) {
        how += "; " + choices[best].how;
    }
    match.how = std::move(how);
    return match;
}

}  // namespace

namespace {

// The state of one find_os call: the catalogue, the name's tokens and the evidence.
class OsFinder {
public:
    OsFinder(const std::vector<EolRelease>& rows,
             std::vector<std::string> tokens,
             Evidence evidence)
        : rows_(rows), tokens_(std::move(tokens)), evidence_(std::move(evidence)) {}

    std::optional<EolMatch> by_name(const std::vector<Hit>& hits) {
        RowSet set;
        std::set<std::pair<std::size_t, std::size_t>> spans;
        for (const auto& hit : hits) {
            set.push_back(hit.row);
            spans.insert({hit.span.begin, hit.span.end});
        }
        std::sort(set.begin(), set.end());
        set.erase(std::unique(set.begin(), set.end()), set.end());
        set = all_rows_of_groups(rows_, set);
        if (group_count(rows_, set) == 1) {
            return one_release(set, "the name says " + title_list(set));
        }
        // Several spans naming different releases: a list of alternatives (an nmap guess). Its
        // version and CPE describe only the first alternative, so only the build may choose.
        const bool listing = spans.size() > 1;
        return several_releases(set, "the name says '" + phrases(hits) + "'", listing);
    }

    std::optional<EolMatch> without_name() {
        const auto product = product_in_name();
        if (!product.empty()) {
            const RowSet set = rows_of_products(rows_, {product});
            RowSet narrowed = set;
            std::string how;
            narrow_by_build(narrowed, how);
            narrow_by_version(narrowed, how);
            if (narrowed != set && group_count(rows_, narrowed) == 1) {
                return settle(rows_, narrowed, edition(), how);
            }
        }
        if (evidence_.cpe) {
            RowSet all(rows_.size());
            for (std::size_t i = 0; i < all.size(); ++i) {
                all[i] = i;
            }
            std::string how;
            narrow_by_cpe(all, how);
            if (all.size() != rows_.size() && group_count(rows_, all) == 1) {
                return settle(rows_, all, edition(), how);
            }
        }
        return std::nullopt;
    }

private:
    std::optional<EolMatch> one_release(const RowSet& set, const std::string& named) {
        // A build that the release does not have but another of the same product does wins:
        // Windows 11 reports itself as Windows 10 in some places, its build does not lie.
        const EolRelease& first = rows_[set.front()];
        const bool has_builds = std::any_of(
            set.begin(), set.end(), [&](std::size_t i) { return !rows_[i].builds.empty(); });
        if (!evidence_.build.empty() && has_builds &&
            std::none_of(set.begin(), set.end(),
                         [&](std::size_t i) { return has_build(rows_[i], evidence_.build); })) {
            const RowSet other =
                filter(rows_, rows_of_products(rows_, {first.product}),
                       [&](const EolRelease& row) { return has_build(row, evidence_.build); });
            if (!other.empty() && group_count(rows_, other) == 1) {
                return settle(rows_, other, edition(),
                              "build " + evidence_.build + " is " + rows_[other.front()].title +
                                  " (" + named + ")");
            }
        }
        return settle(rows_, set, edition(), named);
    }

    std::optional<EolMatch> several_releases(RowSet set, const std::string& named, bool listing) {
        std::string how;
        bool chosen = narrow_by_build(set, how);
        if (!listing && group_count(rows_, set) > 1) {
            chosen = narrow_by_version(set, how) || chosen;
        }
        if (!listing && group_count(rows_, set) > 1) {
            chosen = narrow_by_cpe(set, how) || chosen;
        }
        const bool evidence_given = !evidence_.build.empty() || !evidence_.version.empty();
        if (!listing && group_count(rows_, set) > 1 && evidence_given && !chosen) {
            return std::nullopt;  // a version or build the catalogue does not know
        }
        return settle(rows_, set, edition(), how.empty() ? named : how);
    }

    // Narrows to the rows with the build; when none of them has it, to the rows of the same
    // products that do. Returns whether the build chose anything.
    bool narrow_by_build(RowSet& set, std::string& how) {
        if (evidence_.build.empty()) {
            return false;
        }
        const auto with_build = [&](const EolRelease& row) {
            return has_build(row, evidence_.build);
        };
        RowSet narrowed = filter(rows_, set, with_build);
        const bool widened = narrowed.empty();
        if (widened) {
            std::set<std::string> products;
            for (const auto i : set) {
                products.insert(rows_[i].product);
            }
            narrowed = filter(rows_, rows_of_products(rows_, products), with_build);
        }
        if (narrowed.empty()) {
            return false;
        }
        const std::string named = widened ? " (not what the name says)" : "";
        set = all_rows_of_groups(rows_, narrowed);
        how = "build " + evidence_.build + " is " + title_list(set) + named;
        return true;
    }

    bool narrow_by_version(RowSet& set, std::string& how) {
        std::vector<std::string> tokens = evidence_.version_tokens;
        tokens.insert(tokens.end(), evidence_.after_tokens.begin(), evidence_.after_tokens.end());
        if (tokens.empty()) {
            return false;
        }
        const RowSet narrowed = filter(
            rows_, set, [&](const EolRelease& row) { return matches_version_tokens(row, tokens); });
        if (narrowed.empty()) {
            return false;
        }
        set = all_rows_of_groups(rows_, narrowed);
        const bool from_field = std::any_of(narrowed.begin(), narrowed.end(), [&](std::size_t i) {
            return matches_version_tokens(rows_[i], evidence_.version_tokens);
        });
        const std::string said =
            from_field ? "version " + evidence_.version : "the version in the name";
        how = (how.empty() ? "" : how + "; ") + said + " is " + title_list(set);
        return true;
    }

    bool narrow_by_cpe(RowSet& set, std::string& how) {
        if (!evidence_.cpe) {
            return false;
        }
        const auto& cpe = *evidence_.cpe;
        const RowSet narrowed = filter(rows_, set, [&](const EolRelease& row) {
            return matches_cpe(row, cpe.vendor, cpe.product, cpe.version);
        });
        if (narrowed.empty()) {
            return false;
        }
        set = all_rows_of_groups(rows_, narrowed);
        how = (how.empty() ? "" : how + "; ") + "CPE " + cpe.vendor + ":" + cpe.product + ":" +
              cpe.version + " is " + title_list(set);
        return true;
    }

    // Products a name gives without a release: "Windows Server Standard", "Microsoft Windows".
    [[nodiscard]] std::string product_in_name() const {
        for (std::size_t i = 0; i < tokens_.size(); ++i) {
            if (tokens_[i] != "windows") {
                continue;
            }
            const bool server = i + 1 < tokens_.size() && tokens_[i + 1] == "server";
            return server ? "windows_server" : "windows";
        }
        return "";
    }

    [[nodiscard]] std::string edition() const { return edition_in_name(tokens_); }

    // The phrases found, as the name has them, in order.
    [[nodiscard]] std::string phrases(const std::vector<Hit>& hits) const {
        std::vector<std::pair<std::size_t, std::size_t>> spans;
        spans.reserve(hits.size());
        for (const auto& hit : hits) {
            spans.emplace_back(hit.span.begin, hit.span.end);
        }
        std::sort(spans.begin(), spans.end());
        spans.erase(std::unique(spans.begin(), spans.end()), spans.end());
        std::vector<std::string> texts;
        for (const auto& [begin, end] : spans) {
            std::vector<std::string> words(tokens_.begin() + static_cast<std::ptrdiff_t>(begin),
                                           tokens_.begin() + static_cast<std::ptrdiff_t>(end));
            texts.push_back(join(words, " "));
        }
        return join(texts, ", ");
    }

    [[nodiscard]] std::string title_list(const RowSet& set) const {
        std::vector<std::size_t> firsts;
        for (const auto& group : groups_of(rows_, set)) {
            firsts.push_back(choose_edition(rows_, group, "").row);
        }
        return join_titles(rows_, firsts);
    }

    const std::vector<EolRelease>& rows_;
    std::vector<std::string> tokens_;
    Evidence evidence_;
};

bool phrase_at(const std::vector<std::string>& tokens,
               const std::vector<std::string>& phrase,
               std::size_t at) {
    if (phrase.empty() || at + phrase.size() > tokens.size()) {
        return false;
    }
    return std::equal(phrase.begin(), phrase.end(),
                      tokens.begin() + static_cast<std::ptrdiff_t>(at));
}

// Drops the hits whose span lies inside another hit's span.
std::vector<Hit> outermost(std::vector<Hit> hits) {
    std::vector<Hit> kept;
    for (const auto& hit : hits) {
        const bool covered = std::any_of(hits.begin(), hits.end(), [&](const Hit& other) {
            return inside(hit.span, other.span);
        });
        if (!covered) {
            kept.push_back(hit);
        }
    }
    return kept;
}

std::vector<std::string> tokens_after(const std::vector<std::string>& tokens,
                                      const std::vector<Hit>& hits) {
    std::vector<std::string> after;
    for (const auto& hit : hits) {
        const std::size_t end = std::min(tokens.size(), hit.span.end + kTokensAfterPhrase);
        for (std::size_t i = hit.span.end; i < end; ++i) {
            after.push_back(tokens[i]);
        }
    }
    return after;
}

}  // namespace

std::optional<EolMatch> EolCatalogue::find_os(std::string_view name,
                                              std::string_view version,
                                              std::string_view build,
                                              std::string_view cpe) const {
    std::vector<std::string> tokens = detail::tokens_of(name);
    std::vector<Hit> hits;
    for (const auto& phrase : phrases_) {
        for (std::size_t at = 0; at < tokens.size(); ++at) {
            if (phrase_at(tokens, phrase.tokens, at)) {
                hits.push_back(Hit{phrase.row, Span{at, at + phrase.tokens.size()}});
            }
        }
    }
    hits = outermost(std::move(hits));
    Evidence evidence;
    evidence.build = build_of(build, version);
    evidence.version = std::string(trim(version));
    evidence.version_tokens = detail::tokens_of(version);
    evidence.after_tokens = tokens_after(tokens, hits);
    if (!trim(cpe).empty()) {
        evidence.cpe = detail::parse_cpe(cpe);
    }
    OsFinder finder(releases_, std::move(tokens), std::move(evidence));
    return hits.empty() ? finder.without_name() : finder.by_name(hits);
}

std::optional<EolMatch> EolCatalogue::find_product(std::string_view cpe_vendor,
                                                   std::string_view cpe_product,
                                                   std::string_view version) const {
    version = trim(version);
    // Keyed as parse() keys the entries: they are lower case and were split at ':', so a vendor or
    // product holding a ':' names none of them, as when every row was compared.
    const auto entries = product_entries_.find(to_lower(cpe_vendor) + ":" + to_lower(cpe_product));
    if (entries == product_entries_.end()) {
        return std::nullopt;
    }
    RowSet named;
    RowSet matched;
    for (const ProductEntry& entry : entries->second) {
        if (named.empty() || named.back() != entry.row) {
            named.push_back(entry.row);
        }
        if ((matched.empty() || matched.back() != entry.row) &&
            entry_version_matches(releases_[entry.row], entry.version, version)) {
            matched.push_back(entry.row);
        }
    }
    const std::string product = std::string(cpe_vendor) + ":" + std::string(cpe_product);
    if (!matched.empty()) {
        const std::string said =
            version.empty() ? "any version" : "version " + std::string(version);
        return settle(releases_, matched, "",
                      product + " " + said + " is " + releases_[matched.front()].title);
    }
    if (!named.empty() && detail::unspecified_version(version) &&
        group_count(releases_, named) == 1) {
        return settle(releases_, named, "", product + " has one release in the catalogue");
    }
    return std::nullopt;
}

}  // namespace wardround::checks

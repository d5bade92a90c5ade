// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <cctype>
#include <unordered_map>

#include <fmt/core.h>

#include <wardround/match/osv_matcher.h>

namespace wardround::match {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

Result<std::string> decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size()) {
            return make_error(ErrorCode::kInvalidArgument, "'%' without two hex digits");
        }
        const int high = hex_value(text[i + 1]);
        const int low = hex_value(text[i + 2]);
        if (high < 0 || low < 0) {
            return make_error(ErrorCode::kInvalidArgument, "'%' without two hex digits");
        }
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
    }
    return out;
}

// PEP 503: runs of '-', '_' and '.' are one '-', case folded.
std::string pypi_name(std::string_view name) {
    std::string out;
    for (const char c : name) {
        if (c == '-' || c == '_' || c == '.') {
            if (out.empty() || out.back() != '-') {
                out.push_back('-');
            }
        } else {
            out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        }
    }
    return out;
}

std::string index_key(std::string_view ecosystem, std::string_view name) {
    const std::string system = lower(ecosystem);
    std::string normal(name);
    if (system == "pypi") {
        normal = pypi_name(name);
    } else if (system == "nuget" || system.rfind("debian", 0) == 0 ||
               system.rfind("ubuntu", 0) == 0) {
        normal = lower(name);
    }
    return system + "|" + normal;
}

struct ParsedEvent {
    std::string kind;
    std::string text;
    std::optional<vuln::Version> version;  // empty for introduced "0"
};

// The range's events, each version parsed in the scheme ("introduced 0" and "limit" events
// aside); false, with the step that says why, when one does not parse.
bool parse_events(const OsvRangeSpec& range,
                  vuln::VersionScheme scheme,
                  std::vector<ParsedEvent>& events,
                  std::vector<std::string>& steps) {
    for (const auto& [kind, text] : range.events) {
        if (kind == "limit") {
            continue;  // bounds GIT walks only
        }
        ParsedEvent event{kind, text, std::nullopt};
        if (!(kind == "introduced" && text == "0")) {
            auto parsed = vuln::parse_version(scheme, text);
            if (!parsed) {
                steps.push_back(fmt::format("{} {} cannot be ordered ({}): not evaluable", kind,
                                            text, parsed.error().message));
                return false;
            }
            event.version = std::move(*parsed);
        }
        events.push_back(std::move(event));
    }
    return true;
}

// Sorts by version, "introduced 0" first; false when a pair cannot be ordered, which makes the
// range undecidable.
bool sort_events(std::vector<ParsedEvent>& events) {
    bool orderable = true;
    std::stable_sort(events.begin(), events.end(),
                     [&orderable](const ParsedEvent& a, const ParsedEvent& b) {
                         if (!a.version || !b.version) {
                             return !a.version && b.version;
                         }
                         const auto order = vuln::compare_versions(*a.version, *b.version);
                         orderable = orderable && order.has_value();
                         return order && *order < 0;
                     });
    return orderable;
}

// The OSV algorithm over sorted events: the last event at or below the version decides.
Truth walk_events(const std::vector<ParsedEvent>& events,
                  const vuln::Version& version,
                  std::vector<std::string>& steps) {
    bool affected = false;
    for (const ParsedEvent& event : events) {
        std::optional<int> order = 1;
        if (event.version) {
            order = vuln::compare_versions(version, *event.version);
            if (!order) {
                steps.push_back(fmt::format("version {} and {} {} cannot be ordered: not evaluable",
                                            version.text(), event.kind, event.text));
                return Truth::kUnknown;
            }
        }
        if (event.kind == "introduced" && *order >= 0) {
            affected = true;
            steps.push_back(fmt::format("version {} >= introduced {}", version.text(), event.text));
        } else if (event.kind == "fixed" && *order >= 0) {
            affected = false;
            steps.push_back(fmt::format("version {} >= fixed {}", version.text(), event.text));
        } else if (event.kind == "last_affected" && *order > 0) {
            affected = false;
            steps.push_back(
                fmt::format("version {} > last_affected {}", version.text(), event.text));
        }
    }
    return affected ? Truth::kTrue : Truth::kFalse;
}

// One range: the OSV algorithm over events sorted by version.
Truth evaluate_range(const OsvRangeSpec& range,
                     vuln::VersionScheme scheme,
                     const vuln::Version& version,
                     std::vector<std::string>& steps) {
    std::vector<ParsedEvent> events;
    if (!parse_events(range, scheme, events, steps)) {
        return Truth::kUnknown;
    }
    if (!sort_events(events)) {
        steps.emplace_back(
            "the range's events cannot be ordered against each other: not evaluable");
        return Truth::kUnknown;
    }
    return walk_events(events, version, steps);
}

// The query of a package URL ("key=value&key=value"), percent-decoded, into `out`; the decoding
// error, if any.
Status read_qualifiers(std::string_view query, PackageUrl& out) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos) {
            auto value = decode(pair.substr(eq + 1));
            if (!value) {
                return propagate(value.error());
            }
            out.qualifiers.emplace_back(lower(pair.substr(0, eq)), *value);
        }
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
    return {};
}

// The "type/namespace/name" of a package URL, percent-decoded, into `out`; why it cannot be read.
std::optional<std::string> read_type_and_name(std::string_view rest, PackageUrl& out) {
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos || slash == 0) {
        return "no type or name";
    }
    out.type = lower(rest.substr(0, slash));
    rest = rest.substr(slash + 1);
    const auto last = rest.rfind('/');
    auto name = decode(last == std::string_view::npos ? rest : rest.substr(last + 1));
    if (!name || name->empty()) {
        return "no name";
    }
    out.name = *name;
    if (last != std::string_view::npos) {
        auto space = decode(rest.substr(0, last));
        if (!space) {
            return space.error().message;
        }
        out.namespace_ = *space;
    }
    return std::nullopt;
}

// Where a range of an entry leaves the verdict on a package's version: `total` is the verdict over
// the ranges before it (false until one holds), `steps` explains it.
void judge_range(const OsvRangeSpec& range,
                 const OsvAffectedSpec& entry,
                 std::string_view version,
                 Truth& total,
                 std::vector<std::string>& steps) {
    if (range.type == "GIT") {
        return;
    }
    const std::optional<vuln::VersionScheme> scheme =
        range.type == "SEMVER" ? std::optional(vuln::VersionScheme::kSemver)
                               : vuln::scheme_for_osv_ecosystem(entry.ecosystem);
    if (!scheme) {
        steps.push_back(fmt::format(
            "versions of the {} ecosystem cannot be ordered yet: not evaluable", entry.ecosystem));
        total = total == Truth::kTrue ? total : Truth::kUnknown;
        return;
    }
    auto parsed = vuln::parse_version(*scheme, version);
    if (!parsed) {
        steps.push_back(
            fmt::format("version {} cannot be ordered ({} ordering: "
                        "{}): not evaluable",
                        version, vuln::version_scheme_name(*scheme), parsed.error().message));
        total = total == Truth::kTrue ? total : Truth::kUnknown;
        return;
    }
    std::vector<std::string> range_steps;
    const Truth truth = evaluate_range(range, *scheme, *parsed, range_steps);
    // Once a range holds, only another that holds adds its steps.
    if (truth == Truth::kTrue || total != Truth::kTrue) {
        if (truth != Truth::kFalse) {
            total = truth == Truth::kTrue ? Truth::kTrue : Truth::kUnknown;
        }
        steps.insert(steps.end(), range_steps.begin(), range_steps.end());
    }
}

// One affected entry against a package's version: the verdict, or nothing when the entry does
// not affect it.
std::optional<OsvVerdict> judge_entry(std::uint32_t id,
                                      const OsvAffectedSpec& entry,
                                      std::string_view version) {
    OsvVerdict verdict;
    verdict.entry = id;
    if (version.empty()) {
        verdict.truth = Truth::kUnknown;
        verdict.steps.emplace_back("the package's version is not known: not evaluable");
        return verdict;
    }
    if (std::find(entry.versions.begin(), entry.versions.end(), version) != entry.versions.end()) {
        verdict.truth = Truth::kTrue;
        verdict.steps.push_back(
            fmt::format("version {} is listed among the affected versions", version));
        return verdict;
    }
    Truth total = Truth::kFalse;
    for (const OsvRangeSpec& range : entry.ranges) {
        judge_range(range, entry, version, total, verdict.steps);
    }
    if (total == Truth::kFalse) {
        return std::nullopt;
    }
    verdict.truth = total;
    return verdict;
}

}  // namespace

std::string PackageUrl::qualifier(std::string_view key) const {
    for (const auto& [qualifier_key, value] : qualifiers) {
        if (qualifier_key == key) {
            return value;
        }
    }
    return {};
}

Result<PackageUrl> parse_package_url(std::string_view purl) {
    const auto fail = [purl](const std::string& why) {
        return make_error(ErrorCode::kInvalidArgument,
                          fmt::format("not a package URL ({}): {}", why, purl));
    };
    if (purl.substr(0, 4) != "pkg:") {
        return fail("it does not start with pkg:");
    }
    std::string_view rest = purl.substr(4);
    while (!rest.empty() && rest.front() == '/') {
        rest.remove_prefix(1);
    }
    if (const auto hash = rest.find('#'); hash != std::string_view::npos) {
        rest = rest.substr(0, hash);
    }
    PackageUrl out;
    if (const auto question = rest.find('?'); question != std::string_view::npos) {
        const std::string_view query = rest.substr(question + 1);
        rest = rest.substr(0, question);
        if (auto read = read_qualifiers(query, out); !read) {
            return fail(read.error().message);
        }
    }
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
        auto version = decode(rest.substr(at + 1));
        if (!version) {
            return fail(version.error().message);
        }
        out.version = *version;
        rest = rest.substr(0, at);
    }
    if (const std::optional<std::string> why = read_type_and_name(rest, out)) {
        return fail(*why);
    }
    return out;
}

std::optional<OsvPackage> osv_package_for(const PackageUrl& purl) {
    const std::string& type = purl.type;
    const std::string joined =
        purl.namespace_.empty() ? purl.name : purl.namespace_ + "/" + purl.name;
    if (type == "npm") {
        return OsvPackage{"npm", joined};
    }
    if (type == "maven") {
        if (purl.namespace_.empty()) {
            return std::nullopt;
        }
        return OsvPackage{"Maven", purl.namespace_ + ":" + purl.name};
    }
    if (type == "pypi") {
        return OsvPackage{"PyPI", purl.name};
    }
    if (type == "golang") {
        return OsvPackage{"Go", joined};
    }
    if (type == "nuget") {
        return OsvPackage{"NuGet", purl.name};
    }
    if (type == "cargo") {
        return OsvPackage{"crates.io", purl.name};
    }
    if (type == "gem") {
        return OsvPackage{"RubyGems", purl.name};
    }
    if (type == "composer") {
        return OsvPackage{"Packagist", joined};
    }
    if (type == "deb" && lower(purl.namespace_) == "debian") {
        // distro=debian-12 (or bookworm is not mapped: a release number is needed).
        const std::string distro = lower(purl.qualifier("distro"));
        if (distro.rfind("debian-", 0) == 0 && distro.size() > 7) {
            std::string release = distro.substr(7);
            release = release.substr(0, release.find('.'));
            return OsvPackage{"Debian:" + release, purl.name};
        }
    }
    return std::nullopt;
}

struct OsvIndex::State {
    std::vector<OsvAffectedSpec> entries;
    std::unordered_map<std::string, std::vector<std::uint32_t>> by_package;
};

OsvIndex::OsvIndex() : state_(std::make_unique<State>()) {}
OsvIndex::~OsvIndex() = default;
OsvIndex::OsvIndex(OsvIndex&&) noexcept = default;
OsvIndex& OsvIndex::operator=(OsvIndex&&) noexcept = default;

void OsvIndex::add(OsvAffectedSpec entry) {
    const auto id = static_cast<std::uint32_t>(state_->entries.size());
    state_->by_package[index_key(entry.ecosystem, entry.name)].push_back(id);
    state_->entries.push_back(std::move(entry));
}

const std::vector<OsvAffectedSpec>& OsvIndex::entries() const {
    return state_->entries;
}

std::size_t OsvIndex::size() const {
    return state_->entries.size();
}

std::vector<OsvVerdict> OsvIndex::evaluate(const OsvPackage& package,
                                           std::string_view version) const {
    std::vector<OsvVerdict> verdicts;
    const auto found = state_->by_package.find(index_key(package.ecosystem, package.name));
    if (found == state_->by_package.end()) {
        return verdicts;
    }
    for (const std::uint32_t id : found->second) {
        std::optional<OsvVerdict> verdict = judge_entry(id, state_->entries[id], version);
        if (verdict) {
            verdicts.push_back(std::move(*verdict));
        }
    }
    return verdicts;
}

}  // namespace wardround::match

// SPDX-License-Identifier: Apache-2.0
#include "checks/runner/asset_facts.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <set>

#include <fmt/format.h>

#include <wardround/checks/checks.h>

namespace wardround::checks {

const FactCatalogue& asset_fact_catalogue() {
    using K = ValueKind;
    static const FactCatalogue kCatalogue = {
        {
            {"kind", K::kText, "asset kind: endpoint, server, network-device, medical-device, ..."},
            {"hostname", K::kText, "short host name"},
            {"manufacturer", K::kText, "hardware manufacturer"},
            {"model", K::kText, "hardware model"},
            {"site", K::kText, "site"},
            {"department", K::kText, "department"},
            {"criticality", K::kText, "criticality as recorded"},
            {"internet_facing", K::kBool, "reachable from the internet"},
            {"network_connected", K::kBool, "medical device connected to a network"},
            {"stale", K::kBool, "every source that reported it has since stopped"},
            {"days_since_seen", K::kNumber, "whole days since a source last reported it"},
            {"os.name", K::kText, "operating system name"},
            {"os.version", K::kText, "operating system version"},
            {"os.build", K::kText, "operating system build"},
            {"os.family", K::kText, "windows, linux, macos or other"},
            {"os.release", K::kText, "the end-of-life catalogue's release (\"Windows 10 22H2\")"},
            {"os.support_end", K::kText, "the release's end of support, YYYY-MM-DD"},
            {"os.support_ended", K::kBool, "past the end of support and of any extended support"},
            {"os.extended_support", K::kBool, "past the end of support, within paid extended"},
            {"device.supported_until", K::kText, "the register's manufacturer support date"},
            {"device.support_ended", K::kBool, "the register's manufacturer support date passed"},
            {"unsupported_software", K::kList, "installed software past its end of support"},
            {"endpoint_protection", K::kText, "active, inactive or none"},
            {"endpoint_protection_updated", K::kText, "yes or no: signatures up to date"},
            {"disk_encryption", K::kText, "on, off or partial"},
            {"smb1", K::kText, "enabled or disabled"},
            {"local_admin_use", K::kText, "yes or no"},
            {"default_credentials", K::kText, "yes or no: default passwords still set"},
            {"network_segment", K::kText, "VLAN or subnet as the source names it"},
            {"hotfixes", K::kList, "installed Windows updates (KB numbers)"},
            {"tags", K::kList, "tags sources give the asset"},
            {"ms17_010", K::kText, "installed or missing: the March 2017 SMB fix (WannaCry)"},
            {"segment.shared_with_endpoints", K::kBool,
             "endpoints or servers share the asset's network segment"},
            {"sbom.provided", K::kBool, "a software bill of materials was imported for it"},
            {"mds2.provided", K::kBool, "an MDS2 form was imported for its manufacturer and model"},
            {"kev.overdue", K::kNumber, "open KEV-listed findings past their due date"},
        },
        {
            {"listening", 1, 2, K::kBool, "listening(port[, protocol]): a service listens"},
            {"service", 1, 1, K::kBool, "service(name): a listening service of that name"},
            {"has_component", 1, 1, K::kBool, "has_component(product): software installed"},
            {"mds2", 1, 1, K::kText, "mds2(question): the MDS2 answer (yes, no, n/a, see-note)"},
        }};
    return kCatalogue;
}

namespace detail {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool contains_word(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

// A text fact: unknown when the record leaves it empty.
FactValue text_or_unknown(const std::string& value, std::string_view what) {
    return value.empty() ? FactValue::unknown(fmt::format("no source reports its {}", what))
                         : FactValue::of(value);
}

FactValue optional_bool(const std::optional<bool>& value, std::string_view what) {
    return value ? FactValue::of(*value)
                 : FactValue::unknown(fmt::format("no source says whether it is {}", what));
}

// The build and revision of a Windows version ("10.0.14393.953" or a build "14393.953").
std::pair<std::int64_t, std::optional<std::int64_t>> windows_build(const AssetRecord& asset) {
    std::string_view text = asset.os_version;
    if (std::count(text.begin(), text.end(), '.') >= 2) {
        text.remove_prefix(text.find('.', text.find('.') + 1) + 1);  // past "10.0."
    } else {
        text = asset.os_build;
    }
    std::int64_t build = 0;
    const auto [end, code] = std::from_chars(text.data(), text.data() + text.size(), build);
    if (code != std::errc()) {
        return {0, std::nullopt};
    }
    std::int64_t revision = 0;
    const char* stop = text.data() + text.size();
    if (end < stop && *end == '.' && std::from_chars(end + 1, stop, revision).ec == std::errc()) {
        return {build, revision};
    }
    return {build, std::nullopt};
}

// The March 2017 updates that carry MS17-010, by the Windows releases they are for.
constexpr std::array kMs17010Updates = {"KB4012598", "KB4012212", "KB4012215", "KB4012213",
                                        "KB4012216", "KB4012214", "KB4012217", "KB4012606",
                                        "KB4013198", "KB4013429"};

// Windows 10 and Server 2016 builds released before the fix, with the first revision that has it.
struct FixedRevision {
    std::int64_t build;
    std::int64_t revision;
};
constexpr std::array kMs17010Revisions = {FixedRevision{10240, 17319}, FixedRevision{10586, 839},
                                          FixedRevision{14393, 953}};
constexpr std::int64_t kFirstBuildAfterFix = 15063;  // Windows 10 1703

}  // namespace

std::string name_key(std::string_view text) {
    std::string key;
    bool gap = false;
    for (const char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
            if (gap && !key.empty()) {
                key += ' ';
            }
            key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            gap = false;
        } else {
            gap = true;
        }
    }
    return key;
}

std::string os_family(const AssetRecord& asset) {
    const std::string text = lower(asset.os_name + " " + asset.os_cpe);
    if (asset.os_name.empty() && asset.os_cpe.empty()) {
        return "";
    }
    if (contains_word(text, "windows")) {
        return "windows";
    }
    if (contains_word(text, "mac os") || contains_word(text, "macos") ||
        contains_word(text, "os x")) {
        return "macos";
    }
    for (const std::string_view word : {"linux", "ubuntu", "debian", "red hat", "redhat", "rhel",
                                        "centos", "suse", "fedora", "rocky", "alma"}) {
        if (contains_word(text, word)) {
            return "linux";
        }
    }
    return "other";
}

const std::string& ReleaseCache::key_of(std::initializer_list<std::string_view> arguments) {
    key_.clear();
    for (const std::string_view argument : arguments) {
        key_ += std::to_string(argument.size());
        key_ += ':';
        key_ += argument;
    }
    return key_;
}

const std::optional<EolMatch>& ReleaseCache::find_os(std::string_view name,
                                                     std::string_view version,
                                                     std::string_view build,
                                                     std::string_view cpe) {
    const std::string& key = key_of({name, version, build, cpe});
    if (const auto found = os_.find(key); found != os_.end()) {
        return found->second;
    }
    return os_.emplace(key, catalogue_.find_os(name, version, build, cpe)).first->second;
}

const std::optional<EolMatch>& ReleaseCache::find_product(std::string_view cpe_vendor,
                                                          std::string_view cpe_product,
                                                          std::string_view version) {
    const std::string& key = key_of({cpe_vendor, cpe_product, version});
    if (const auto found = products_.find(key); found != products_.end()) {
        return found->second;
    }
    return products_.emplace(key, catalogue_.find_product(cpe_vendor, cpe_product, version))
        .first->second;
}

AssetFacts::AssetFacts(const AssetRecord& asset, const EolCatalogue& catalogue, Date today)
    : asset_(asset),
      catalogue_(catalogue),
      today_(today),
      os_release_(find_os()),
      os_family_(detail::os_family(asset)) {}

AssetFacts::AssetFacts(const AssetRecord& asset, ReleaseCache& releases, Date today)
    : asset_(asset),
      catalogue_(releases.catalogue()),
      releases_(&releases),
      today_(today),
      os_release_(find_os()),
      os_family_(detail::os_family(asset)) {}

std::optional<EolMatch> AssetFacts::find_os() const {
    const AssetRecord& a = asset_;
    if (a.os_name.empty() && a.os_cpe.empty()) {
        return std::nullopt;
    }
    return releases_ != nullptr ? releases_->find_os(a.os_name, a.os_version, a.os_build, a.os_cpe)
                                : catalogue_.find_os(a.os_name, a.os_version, a.os_build, a.os_cpe);
}

const EolRelease* AssetFacts::component_release(const InstalledComponent& component) const {
    if (releases_ != nullptr) {
        const auto& found =
            releases_->find_product(component.cpe_vendor, component.cpe_product, component.version);
        return found ? found->release : nullptr;
    }
    const auto found =
        catalogue_.find_product(component.cpe_vendor, component.cpe_product, component.version);
    return found ? found->release : nullptr;
}

std::vector<std::string> AssetFacts::values(std::string_view name) const {
    std::set<std::string> seen;
    std::vector<std::string> out;
    for (const auto& [fact, value] : asset_.facts) {
        if (fact == name && seen.insert(value).second) {
            out.push_back(value);
        }
    }
    return out;
}

FactValue AssetFacts::fact(std::string_view name) const {
    if (name.starts_with("os.support") || name == "os.release" || name == "os.extended_support") {
        return os_support_fact(name);
    }
    if (name.starts_with("device.")) {
        return device_support_fact(name);
    }
    if (name == "unsupported_software") {
        return unsupported_software();
    }
    if (name == "ms17_010") {
        return ms17_010();
    }
    if (name == "sbom.provided" || name == "mds2.provided" || name == "kev.overdue") {
        return device_fact(name);
    }
    if (name == "segment.shared_with_endpoints") {
        if (!asset_.segment_neighbours) {
            return FactValue::unknown("no source reports its network segment");
        }
        return FactValue::of(
            *asset_.segment_neighbours > 0,
            fmt::format("{} endpoints or servers in the same segment", *asset_.segment_neighbours));
    }
    static const std::set<std::string, std::less<>> kPosture = {"endpoint_protection",
                                                                "endpoint_protection_updated",
                                                                "disk_encryption",
                                                                "smb1",
                                                                "local_admin_use",
                                                                "default_credentials",
                                                                "network_segment",
                                                                "hotfixes",
                                                                "tags"};
    return kPosture.contains(name) ? posture_fact(name) : record_fact(name);
}

FactValue AssetFacts::record_fact(std::string_view name) const {
    const AssetRecord& a = asset_;
    if (name == "kind") {
        return FactValue::of(a.kind);
    }
    const std::pair<std::string_view, const std::string*> texts[] = {
        {"hostname", &a.hostname},     {"manufacturer", &a.manufacturer},
        {"model", &a.model},           {"site", &a.site},
        {"department", &a.department}, {"criticality", &a.criticality},
        {"os.name", &a.os_name},       {"os.version", &a.os_version},
        {"os.build", &a.os_build}};
    for (const auto& [field, value] : texts) {
        if (field == name) {
            return text_or_unknown(*value, field);
        }
    }
    if (name == "os.family") {
        return os_family_.empty() ? FactValue::unknown("no source reports its operating system")
                                  : FactValue::of(os_family_);
    }
    if (name == "internet_facing") {
        return optional_bool(a.internet_facing, "internet-facing");
    }
    if (name == "network_connected") {
        return optional_bool(a.network_connected, "network-connected");
    }
    if (name == "stale") {
        return FactValue::of(a.stale);
    }
    if (name == "days_since_seen") {
        auto seen = parse_timestamp(a.last_seen);
        if (!seen) {
            return FactValue::unknown("its last-seen time does not parse");
        }
        const auto days = today_.days_since_epoch - date_of(*seen).days_since_epoch;
        return FactValue::of(static_cast<double>(days), "last seen " + a.last_seen.substr(0, 10));
    }
    return FactValue::unknown("not a fact of this asset");
}

FactValue AssetFacts::os_support_fact(std::string_view name) const {
    if (!os_release_ || os_release_->release == nullptr) {
        return FactValue::unknown(
            asset_.os_name.empty()
                ? std::string("no source reports its operating system")
                : fmt::format("'{}' is not in the end-of-life catalogue", asset_.os_name));
    }
    const EolRelease& release = *os_release_->release;
    const std::string why = os_release_->how;
    if (name == "os.release") {
        return FactValue::of(release.label(), why);
    }
    if (name == "os.support_end") {
        return release.support_end.empty() ? FactValue::unknown("no end of support announced")
                                           : FactValue::of(release.support_end, why);
    }
    const SupportState state = support_state(release, today_);
    const std::string dates = fmt::format(
        "{}; support ends {}{}", why,
        release.support_end.empty() ? std::string("(not announced)") : release.support_end,
        release.extended_end.empty()
            ? std::string()
            : fmt::format(", {} to {}", release.extended_name, release.extended_end));
    if (name == "os.extended_support") {
        return FactValue::of(state == SupportState::kExtended, dates);
    }
    return FactValue::of(state == SupportState::kUnsupported, dates);
}

FactValue AssetFacts::device_support_fact(std::string_view name) const {
    if (asset_.supported_until.empty()) {
        return FactValue::unknown("the register gives no manufacturer support date");
    }
    if (name == "device.supported_until") {
        return FactValue::of(asset_.supported_until);
    }
    auto until = parse_date(asset_.supported_until);
    if (!until) {
        return FactValue::unknown("the support date does not parse: " + asset_.supported_until);
    }
    return FactValue::of(until->days_since_epoch < today_.days_since_epoch,
                         "manufacturer support until " + asset_.supported_until);
}

FactValue AssetFacts::unsupported_software() const {
    std::vector<std::string> names;
    std::string why;
    for (const InstalledComponent& component : asset_.components) {
        if (component.cpe_product.empty()) {
            continue;
        }
        const EolRelease* release = component_release(component);
        if (release == nullptr || support_state(*release, today_) != SupportState::kUnsupported) {
            continue;
        }
        if (std::find(names.begin(), names.end(), component.name) == names.end()) {
            names.push_back(component.name);
            why += (why.empty() ? "" : "; ") +
                   fmt::format("{}: {} support ended {}", component.name, release->label(),
                               release->extended_end.empty() ? release->support_end
                                                             : release->extended_end);
        }
    }
    return FactValue::of(std::move(names), std::move(why));
}

FactValue AssetFacts::posture_fact(std::string_view name) const {
    const std::string fact_name = name == "hotfixes" ? "hotfix"
                                  : name == "tags"   ? "tag"
                                                     : std::string(name);
    std::vector<std::string> found = values(fact_name);
    if (name == "hotfixes" || name == "tags") {
        if (found.empty()) {
            return FactValue::unknown(fmt::format("no source reports its {}", name));
        }
        return FactValue::of(std::move(found));
    }
    if (found.empty()) {
        return FactValue::unknown(fmt::format("no source reports {}", name));
    }
    if (found.size() > 1) {
        return FactValue::unknown(fmt::format("its sources disagree: {}", fmt::join(found, ", ")));
    }
    return FactValue::of(found.front());
}

FactValue AssetFacts::ms17_010() const {
    if (os_family_ != "windows") {
        return FactValue::unknown("not Windows");
    }
    const auto [build, revision] = windows_build(asset_);
    if (build >= kFirstBuildAfterFix) {
        return FactValue::of(std::string("installed"),
                             fmt::format("build {} was released with the fix", build));
    }
    for (const FixedRevision& fixed : kMs17010Revisions) {
        if (fixed.build == build && revision) {
            const bool has = *revision >= fixed.revision;
            return FactValue::of(std::string(has ? "installed" : "missing"),
                                 fmt::format("build {}.{}; the fix is in {}.{}", build, *revision,
                                             fixed.build, fixed.revision));
        }
    }
    const std::vector<std::string> hotfixes = values("hotfix");
    for (const char* update : kMs17010Updates) {
        if (std::find(hotfixes.begin(), hotfixes.end(), update) != hotfixes.end()) {
            return FactValue::of(std::string("installed"), std::string(update) + " is installed");
        }
    }
    if (hotfixes.empty()) {
        return FactValue::unknown("no build revision or installed updates reported");
    }
    // A later cumulative rollup also carries the fix, and those are not catalogued here.
    return FactValue::unknown(fmt::format(
        "none of the March 2017 updates among {} reported; later rollups are not recognised",
        hotfixes.size()));
}

FactValue AssetFacts::device_fact(std::string_view name) const {
    if (name == "sbom.provided") {
        return FactValue::of(asset_.sbom_provided);
    }
    if (name == "mds2.provided") {
        return asset_.mds2_form ? FactValue::of(true, *asset_.mds2_form)
                                : FactValue::of(false, "no MDS2 form for " + asset_.manufacturer +
                                                           " " + asset_.model);
    }
    return FactValue::of(static_cast<double>(asset_.kev_overdue), "at the last scan");
}

FactValue AssetFacts::mds2(std::span<const FactValue> arguments) const {
    if (!asset_.mds2_form) {
        return FactValue::unknown("no MDS2 form for " + asset_.manufacturer + " " + asset_.model);
    }
    for (const auto& [question, answer] : asset_.mds2_answers) {
        if (lower(question) != lower(arguments[0].text)) {
            continue;
        }
        if (answer == "see-note" || answer == "unanswered") {
            // The form does not commit itself: a person reads the note.
            return FactValue::unknown(
                fmt::format("{} answers {} with '{}'", *asset_.mds2_form, question, answer));
        }
        return FactValue::of(answer, *asset_.mds2_form);
    }
    return FactValue::unknown(*asset_.mds2_form + " does not answer " + arguments[0].text);
}

FactValue AssetFacts::call(std::string_view function, std::span<const FactValue> arguments) const {
    if (function == "mds2") {
        return mds2(arguments);
    }
    if (function == "listening") {
        return listening(arguments);
    }
    if (function == "service") {
        return service(arguments);
    }
    // has_component(product)
    const std::string wanted = lower(arguments[0].text);
    for (const InstalledComponent& component : asset_.components) {
        if (lower(component.cpe_product) == wanted || lower(component.name).find(wanted) == 0) {
            return FactValue::of(true, component.name);
        }
    }
    return FactValue::of(false);
}

FactValue AssetFacts::listening(std::span<const FactValue> arguments) const {
    const std::optional<double> port = arguments[0].kind == ValueKind::kNumber
                                           ? std::optional<double>(arguments[0].number)
                                           : std::nullopt;
    if (!port) {
        return FactValue::unknown("the port is not a number");
    }
    const std::string protocol = arguments.size() > 1 ? lower(arguments[1].text) : "";
    for (const ListeningService& service : asset_.services) {
        if (static_cast<double>(service.port) == *port &&
            (protocol.empty() || lower(service.protocol) == protocol)) {
            return FactValue::of(
                true, fmt::format("{}/{} {}", service.port, service.protocol, service.service));
        }
    }
    if (!asset_.services_known) {
        return FactValue::unknown("no source reports its listening services");
    }
    return FactValue::of(false);
}

FactValue AssetFacts::service(std::span<const FactValue> arguments) const {
    const std::string wanted = lower(arguments[0].text);
    for (const ListeningService& service : asset_.services) {
        if (lower(service.service) == wanted) {
            return FactValue::of(
                true, fmt::format("{}/{} {}", service.port, service.protocol, service.service));
        }
    }
    if (!asset_.services_known) {
        return FactValue::unknown("no source reports its listening services");
    }
    return FactValue::of(false);
}

}  // namespace detail
}  // namespace wardround::checks

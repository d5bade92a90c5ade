// SPDX-License-Identifier: Apache-2.0
// The resolver: explicit CPE, explicit purl, manual mappings, the knowledge base's names and the
// curated aliases, in that order, with Windows handled by its build table. Everything it consults
// is hashed when it is built; a call normalises one name and does a handful of lookups.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <wardround/vuln/cpe.h>

#include "inventory/identity/identity_internal.h"

namespace wardround::inventory {

namespace {

using detail::CpeTokens;

constexpr int kExplicitCpeConfidence = 100;
constexpr int kPurlWithCpeConfidence = 95;
constexpr int kPurlConfidence = 90;
constexpr int kManualConfidence = 100;
constexpr int kKnowledgeBaseExactConfidence = 90;
constexpr int kKnowledgeBaseSplitConfidence = 80;
constexpr int kKnowledgeBaseUniqueConfidence = 75;
constexpr int kAliasConfidence = 85;

// The CPE part a component's type suggests: CycloneDX's "operating-system" and "firmware" are
// NVD's 'o', "device" is 'h', everything else an application.
char preferred_part(std::string_view type) {
    if (type == "operating-system" || type == "firmware") {
        return 'o';
    }
    if (type == "device") {
        return 'h';
    }
    return 'a';
}

// Of the parts NVD knows a name under, the one the component's type asks for, else the first.
char choose_part(const std::string& parts, char preferred) {
    if (parts.find(preferred) != std::string::npos) {
        return preferred;
    }
    return parts.front();
}

// A package URL's parts (purl-spec): pkg:type/namespace/name@version?qualifiers#subpath. Only
// what identity needs: the type, the last namespace segment and the name, percent-decoded and
// lower case.
struct Purl {
    std::string type;
    std::string namespace_last;
    std::string name;
};

std::string percent_decode_lower(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    const auto hex = [](char c) -> int {
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
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
            c = static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
            i += 2;
        }
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

bool parse_purl(std::string_view text, Purl& purl) {
    constexpr std::string_view kScheme = "pkg:";
    if (text.size() <= kScheme.size() || text.substr(0, kScheme.size()) != kScheme) {
        return false;
    }
    text.remove_prefix(kScheme.size());
    text = text.substr(0, text.find('#'));
    text = text.substr(0, text.find('?'));
    text = text.substr(0, text.find('@'));
    while (!text.empty() && text.front() == '/') {
        text.remove_prefix(1);
    }
    while (!text.empty() && text.back() == '/') {
        text.remove_suffix(1);
    }
    const std::size_t slash = text.find('/');
    if (slash == std::string_view::npos || slash == 0) {
        return false;
    }
    purl.type = percent_decode_lower(text.substr(0, slash));
    const std::string_view rest = text.substr(slash + 1);
    const std::size_t last = rest.rfind('/');
    if (last == std::string_view::npos) {
        purl.name = percent_decode_lower(rest);
    } else {
        purl.name = percent_decode_lower(rest.substr(last + 1));
        const std::string_view space = rest.substr(0, last);
        const std::size_t previous = space.rfind('/');
        purl.namespace_last = percent_decode_lower(
            previous == std::string_view::npos ? space : space.substr(previous + 1));
    }
    return !purl.name.empty();
}

bool from_explicit_cpe(std::string_view text,
                       const NormalisedName& name,
                       int confidence,
                       Resolution& out) {
    auto parsed = vuln::parse_cpe23(text);
    if (!parsed) {
        auto uri = vuln::parse_cpe22_uri(text);
        if (!uri) {
            out.note = "explicit CPE did not parse: " + parsed.error().message;
            return false;
        }
        parsed = std::move(uri);
    }
    vuln::Cpe cpe = std::move(*parsed);
    if (cpe.vendor().kind != vuln::CpeValueKind::kValue || cpe.vendor().has_wildcards() ||
        cpe.product().kind != vuln::CpeValueKind::kValue || cpe.product().has_wildcards() ||
        cpe.part().kind != vuln::CpeValueKind::kValue) {
        out.note = "explicit CPE names no single product";
        return false;
    }
    // A CPE without a version takes the observed one ("cpe:/a:igor_sysoev:nginx" + "1.24.0").
    if (cpe.version().is_any() && !name.version.empty()) {
        if (!cpe.set_literal(vuln::CpeAttribute::kVersion, name.version)) {
            out.note = "the observed version cannot be written in a CPE name";
        }
    }
    const auto value = [](const vuln::CpeValue& v) {
        return v.kind == vuln::CpeValueKind::kValue ? std::string(v.text) : std::string();
    };
    out.status = Resolution::kResolved;
    out.part = value(cpe.part());
    out.vendor = value(cpe.vendor());
    out.product = value(cpe.product());
    out.version = cpe.version().is_na() ? "-" : value(cpe.version());
    out.update = cpe.update().is_na() ? "-" : value(cpe.update());
    out.sw_edition = value(cpe.sw_edition());
    out.target_hw = value(cpe.target_hw());
    out.cpe = vuln::to_cpe23(cpe);
    out.method = "explicit-cpe";
    out.confidence = confidence;
    return true;
}

struct ManualRule {
    std::string vendor_key;  // "" = any vendor
    std::string product_prefix;
    const IdentityMapping* mapping = nullptr;
};

}  // namespace

struct IdentityResolver::State {
    KnownProducts known;
    std::vector<IdentityMapping> mappings;
    detail::StringMap<std::size_t> manual_exact;  // "vendor|product" ("|product" any vendor)
    std::vector<ManualRule> manual_prefixes;      // patterns ending in '*'

    State(KnownProducts k, std::vector<IdentityMapping> m)
        : known(std::move(k)), mappings(std::move(m)) {
        for (std::size_t i = 0; i < mappings.size(); ++i) {
            const IdentityMapping& mapping = mappings[i];
            std::string product = mapping.product_pattern;
            const bool prefix = !product.empty() && product.back() == '*';
            if (prefix) {
                product.pop_back();
            }
            const NormalisedName name = normalise_name(mapping.vendor_pattern, product, "");
            if (prefix) {
                manual_prefixes.push_back(ManualRule{name.vendor_key, name.product_key, &mapping});
            } else {
                // The first mapping a person added for a key wins.
                manual_exact.emplace(identity_key(name), i);
            }
        }
    }

    // ---- helpers ----

    // The CPE vendor an observed vendor key stands for: the alias table's, else itself.
    [[nodiscard]] static std::string_view cpe_vendor_of(std::string_view vendor_key) {
        const auto& aliases = detail::identity_tables().vendor_aliases;
        const auto it = aliases.find(vendor_key);
        return it == aliases.end() ? vendor_key : std::string_view(it->second);
    }

    // An observed vendor key is compatible with a knowledge-base vendor when it is the same, maps
    // to it through the alias table, or one's first word is the other ("citrix_systems" and
    // citrix; "microsoft" and microsoft_corporation is covered by suffix removal already).
    [[nodiscard]] static bool vendor_compatible(std::string_view observed, std::string_view known) {
        if (observed.empty()) {
            return false;
        }
        if (observed == known || cpe_vendor_of(observed) == known) {
            return true;
        }
        const auto first_word = [](std::string_view key) {
            return key.substr(0, key.find('_'));
        };
        return first_word(observed) == known || first_word(known) == observed;
    }

    [[nodiscard]] const IdentityMapping* manual_for(const NormalisedName& name) const {
        if (mappings.empty()) {
            return nullptr;
        }
        auto it = manual_exact.find(identity_key(name));
        if (it == manual_exact.end()) {
            it = manual_exact.find("|" + name.product_key);
        }
        if (it != manual_exact.end()) {
            return &mappings[it->second];
        }
        for (const ManualRule& rule : manual_prefixes) {
            if ((rule.vendor_key.empty() || rule.vendor_key == name.vendor_key) &&
                name.product_key.compare(0, rule.product_prefix.size(), rule.product_prefix) == 0) {
                return rule.mapping;
            }
        }
        return nullptr;
    }

    [[nodiscard]] static const AliasRow* alias_for(const NormalisedName& name) {
        const auto& tables = detail::identity_tables();
        auto it = tables.product_aliases.find(identity_key(name));
        if (it == tables.product_aliases.end()) {
            const std::string_view mapped = cpe_vendor_of(name.vendor_key);
            if (mapped != name.vendor_key) {
                it = tables.product_aliases.find(std::string(mapped) + '|' + name.product_key);
            }
        }
        if (it == tables.product_aliases.end()) {
            it = tables.product_aliases.find("|" + name.product_key);
        }
        return it == tables.product_aliases.end() ? nullptr : &tables.aliases[it->second];
    }

    // ---- steps ----

    [[nodiscard]] bool from_purl(const ObservedComponent& component,
                                 const NormalisedName& name,
                                 Resolution& out) const {
        Purl purl;
        if (!parse_purl(component.purl, purl)) {
            out.note = "explicit purl did not parse";
            return false;
        }
        out.status = Resolution::kResolved;
        out.purl = component.purl;
        out.method = "explicit-purl";
        out.confidence = kPurlConfidence;
        const NormalisedName purl_name = normalise_name(purl.namespace_last, purl.name, "");
        const char preferred = preferred_part(component.type);
        const std::string_view vendor = cpe_vendor_of(purl_name.vendor_key);
        if (!vendor.empty()) {
            const std::string parts = known.parts_of(vendor, purl_name.product_key);
            if (!parts.empty()) {
                set_name(out, choose_part(parts, preferred), vendor, purl_name.product_key, name,
                         nullptr);
                out.confidence = kPurlWithCpeConfidence;
                return true;
            }
        }
        // The name alone only when one compatible vendor has it: npm's "nx" is not Siemens NX.
        // Without a namespace, the vendor must be the name itself (openssl:openssl).
        const std::string_view observed_vendor =
            purl_name.vendor_key.empty() ? std::string_view(purl_name.product_key) : vendor;
        const KnownProducts::Entry* only = nullptr;
        int compatible = 0;
        for (const KnownProducts::Entry* entry : known.with_product(purl_name.product_key)) {
            if (vendor_compatible(observed_vendor, entry->vendor)) {
                if (only == nullptr || only->vendor != entry->vendor) {
                    ++compatible;
                }
                only = entry;
            }
        }
        if (compatible == 1) {
            set_name(out, choose_part(known.parts_of(only->vendor, only->product), preferred),
                     only->vendor, only->product, name, nullptr);
        }
        return true;
    }

    // Sets the CPE tokens of a resolution, taking the version (and Java's update) from the name.
    static void set_name(Resolution& out,
                         char part,
                         std::string_view vendor,
                         std::string_view product,
                         const NormalisedName& name,
                         const AliasRow* alias) {
        std::string version = name.version;
        std::string update;
        std::string_view sw_edition;
        if (alias != nullptr) {
            sw_edition = alias->sw_edition;
            if (alias->version_rule == "java") {
                java_version(name, version, update);
            } else if (alias->version_rule.rfind("fixed:", 0) == 0) {
                version = alias->version_rule.substr(6);
            }
        }
        const std::string part_text(1, part);
        detail::set_cpe(
            out, CpeTokens{part_text, vendor, product, version, update, sw_edition, name.arch});
    }

    // Oracle's Java 8 is NVD's version 1.8.0 with the update in the update field: "Java 8 Update
    // 381" and Add/Remove Programs' version 8.0.3810.9 both become 1.8.0 / update381. Java 9 and
    // later are plain versions (17.0.8).
    static void java_version(const NormalisedName& name,
                             std::string& version,
                             std::string& update) {
        std::string_view embedded = name.embedded_version;
        const std::size_t at = embedded.find(" update ");
        if (at != std::string_view::npos) {
            const std::string_view major = embedded.substr(0, at);
            const std::string_view number = embedded.substr(at + 8);
            if (major.size() == 1 && major[0] >= '1' && major[0] <= '8') {
                version = "1." + std::string(major) + ".0";
                update = "update" + std::string(number);
            } else {
                version = std::string(major);
            }
            return;
        }
        if (!embedded.empty()) {
            version = std::string(embedded);
            return;
        }
        // 8.0.3810.9 -> 1.8.0 update381
        const std::string_view observed = name.version;
        if (observed.size() > 4 && observed[1] == '.' && observed[0] >= '1' && observed[0] <= '8' &&
            observed.substr(2, 2) == "0.") {
            std::string_view rest = observed.substr(4);
            rest = rest.substr(0, rest.find('.'));
            if (detail::all_digits(rest) && rest.size() >= 2) {
                version = "1." + std::string(1, observed[0]) + ".0";
                rest.remove_suffix(1);  // the last digit is the build of the update
                update = "update" + std::string(rest);
            }
        }
    }

    [[nodiscard]] bool from_manual(const NormalisedName& name, Resolution& out) const {
        const IdentityMapping* mapping = manual_for(name);
        if (mapping == nullptr) {
            return false;
        }
        const char part = mapping->part.empty() ? 'a' : mapping->part.front();
        set_name(out, part, mapping->cpe_vendor, mapping->cpe_product, name, nullptr);
        if (out.cpe.empty()) {
            return false;
        }
        out.status = Resolution::kResolved;
        out.method = "manual";
        out.confidence = kManualConfidence;
        return true;
    }

    // Knowledge base, exact and split forms. Returns true when resolved.
    [[nodiscard]] bool from_knowledge_base_exact(const NormalisedName& name,
                                                 char preferred,
                                                 Resolution& out) const {
        const std::string_view vendor = cpe_vendor_of(name.vendor_key);
        if (!vendor.empty()) {
            const std::string parts = known.parts_of(vendor, name.product_key);
            if (!parts.empty()) {
                set_name(out, choose_part(parts, preferred), vendor, name.product_key, name,
                         alias_for(name));
                if (out.cpe.empty()) {
                    return false;
                }
                out.method = "knowledge-base";
                out.confidence = kKnowledgeBaseExactConfidence;
                return true;
            }
            return false;
        }
        // No vendor: "Google Chrome" may be vendor google, product chrome.
        const std::size_t underscore = name.product_key.find('_');
        if (underscore == std::string::npos) {
            return false;
        }
        const std::string_view first = std::string_view(name.product_key).substr(0, underscore);
        const std::string_view rest = std::string_view(name.product_key).substr(underscore + 1);
        const std::string parts = known.parts_of(first, rest);
        if (parts.empty()) {
            return false;
        }
        set_name(out, choose_part(parts, preferred), first, rest, name, nullptr);
        if (out.cpe.empty()) {
            return false;
        }
        out.method = "knowledge-base";
        out.confidence = kKnowledgeBaseSplitConfidence;
        return true;
    }

    // The product under one compatible vendor; fills `candidates` with every vendor it is under.
    [[nodiscard]] bool from_knowledge_base_product(const NormalisedName& name,
                                                   char preferred,
                                                   std::vector<std::string>& candidates,
                                                   Resolution& out) const {
        const KnownProducts::Entry* only = nullptr;
        int compatible = 0;
        for (const KnownProducts::Entry* entry : known.with_product(name.product_key)) {
            std::string candidate = entry->vendor + ':' + entry->product;
            if (std::find(candidates.begin(), candidates.end(), candidate) != candidates.end()) {
                continue;
            }
            candidates.push_back(std::move(candidate));
            // Without a vendor only a product named after its vendor counts (openssl:openssl).
            const bool fits = name.vendor_key.empty()
                                  ? entry->vendor == name.product_key
                                  : vendor_compatible(name.vendor_key, entry->vendor);
            if (fits) {
                ++compatible;
                only = entry;
            }
        }
        if (compatible != 1) {
            return false;
        }
        set_name(out, choose_part(known.parts_of(only->vendor, only->product), preferred),
                 only->vendor, only->product, name, alias_for(name));
        if (out.cpe.empty()) {
            return false;
        }
        out.method = "knowledge-base";
        out.confidence = kKnowledgeBaseUniqueConfidence;
        return true;
    }

    static bool from_alias(const NormalisedName& name, Resolution& out) {
        const AliasRow* alias = alias_for(name);
        if (alias == nullptr) {
            return false;
        }
        set_name(out, alias->part.front(), alias->cpe_vendor, alias->cpe_product, name, alias);
        if (out.cpe.empty()) {
            return false;
        }
        out.method = "alias";
        out.confidence = kAliasConfidence;
        return true;
    }

    // Steps 3 to 5 and the ambiguous/unresolved ending, shared by components and OS names.
    void resolve_name(const NormalisedName& name, char preferred, Resolution& out) const {
        if (from_manual(name, out)) {
            return;
        }
        if (name.product_key.empty()) {
            out.note = "no product name";
            return;
        }
        std::vector<std::string> candidates;
        if (from_knowledge_base_exact(name, preferred, out) ||
            from_knowledge_base_product(name, preferred, candidates, out) ||
            from_alias(name, out)) {
            out.status = Resolution::kResolved;
            add_also(name, out);
            return;
        }
        if (!candidates.empty()) {
            out.status = Resolution::kAmbiguous;
            out.candidates = std::move(candidates);
            out.note = name.vendor_key.empty()
                           ? "the knowledge base has this product and no vendor was given to choose"
                           : "the knowledge base has this product only under other vendors";
        }
    }

    // Names NVD also uses for the product, from the alias table.
    static void add_also(const NormalisedName& name, Resolution& out) {
        const AliasRow* alias = alias_for(name);
        if (alias == nullptr || alias->also.empty()) {
            return;
        }
        const std::string resolved = out.vendor + ':' + out.product;
        if (alias->also != resolved) {
            out.also.push_back(alias->also);
        }
    }
};

IdentityResolver::IdentityResolver(KnownProducts known, std::vector<IdentityMapping> mappings)
    : state_(std::make_unique<State>(std::move(known), std::move(mappings))) {}

IdentityResolver::~IdentityResolver() = default;
IdentityResolver::IdentityResolver(IdentityResolver&&) noexcept = default;
IdentityResolver& IdentityResolver::operator=(IdentityResolver&&) noexcept = default;

const KnownProducts& IdentityResolver::known() const {
    return state_->known;
}

namespace {

// Keeps the note of an earlier step that failed when a later one decides.
void keep_note(Resolution& out, std::string note) {
    if (out.note.empty()) {
        out.note = std::move(note);
    }
}

bool is_windows_component(const ObservedComponent& component) {
    // Only components typed as an operating system: "Windows 10 Update Assistant 1.4.19041.3630"
    // is an application whose version happens to hold a Windows build.
    return component.type == "operating-system" && is_windows_name(component.product);
}

// nmap gives several CPEs for one guess ("windows_7" and "windows_7::sp1"): settled when they
// name one product, ambiguous otherwise, unresolved when none parses.
Resolution resolve_os_cpes(const std::vector<std::string>& cpes,
                           const NormalisedName& name,
                           int accuracy) {
    Resolution out;
    std::vector<Resolution> parsed;
    for (const std::string& cpe : cpes) {
        Resolution attempt;
        if (from_explicit_cpe(cpe, name, accuracy, attempt)) {
            parsed.push_back(std::move(attempt));
        } else {
            keep_note(out, attempt.note);
        }
    }
    if (parsed.empty()) {
        return out;
    }
    std::vector<std::string> names;
    for (const Resolution& r : parsed) {
        std::string vendor_product = r.vendor + ':' + r.product;
        if (std::find(names.begin(), names.end(), vendor_product) == names.end()) {
            names.push_back(std::move(vendor_product));
        }
    }
    if (names.size() == 1) {
        return std::move(parsed.front());
    }
    out.status = Resolution::kAmbiguous;
    out.candidates = std::move(names);
    out.note = "the source gave CPEs of several products";
    return out;
}

}  // namespace

namespace {

// True when the build table's answer names Windows more precisely than an explicit CPE: the CPE
// has no version, or names the family the build's release belongs to (windows_10 for
// windows_10_22h2).
bool more_specific_windows(const Resolution& windows, const Resolution& explicit_cpe) {
    const bool no_version =
        explicit_cpe.version.empty() || explicit_cpe.version == "*" || explicit_cpe.version == "-";
    const bool family_only = windows.product != explicit_cpe.product &&
                             windows.product.rfind(explicit_cpe.product + "_", 0) == 0;
    return no_version || family_only;
}

}  // namespace

Resolution IdentityResolver::resolve(const ObservedComponent& component) const {
    const NormalisedName name =
        normalise_name(component.vendor, component.product, component.version);
    Resolution out;
    out.key = identity_key(name);
    const char preferred = preferred_part(component.type);

    // An explicit CPE comes first; for Windows, the build table wins only over a vaguer one
    // (cpe:2.3:o:microsoft:windows_10:* against the build's windows_10_22h2 and its version).
    Resolution explicit_cpe;
    const bool has_explicit_cpe =
        !component.cpe.empty() &&
        from_explicit_cpe(component.cpe, name, kExplicitCpeConfidence, explicit_cpe);
    if (!component.cpe.empty() && !has_explicit_cpe) {
        keep_note(out, explicit_cpe.note);
    }
    if (is_windows_component(component)) {
        Resolution windows = resolve_windows(component.product, component.version, "");
        if (windows.status == Resolution::kResolved && windows.method != "windows-name" &&
            (!has_explicit_cpe || more_specific_windows(windows, explicit_cpe))) {
            windows.key = std::move(out.key);
            windows.purl = component.purl;
            keep_note(windows, out.note);
            return windows;
        }
    }
    if (has_explicit_cpe) {
        explicit_cpe.key = std::move(out.key);
        explicit_cpe.purl = component.purl;
        return explicit_cpe;
    }
    if (!component.purl.empty()) {
        Resolution attempt;
        if (state_->from_purl(component, name, attempt)) {
            attempt.key = std::move(out.key);
            keep_note(attempt, out.note);
            return attempt;
        }
        keep_note(out, attempt.note);
    }
    if (is_windows_component(component)) {
        Resolution windows = resolve_windows(component.product, component.version, "");
        if (windows.status != Resolution::kUnresolved) {
            windows.key = std::move(out.key);
            return windows;
        }
    }
    const std::string earlier_note = out.note;
    out.note.clear();
    state_->resolve_name(name, preferred, out);
    if (out.status == Resolution::kUnresolved) {
        out.part.clear();
        out.vendor.clear();
        out.product.clear();
        out.version.clear();
        out.cpe.clear();
    }
    if (!earlier_note.empty()) {
        out.note = out.note.empty() ? earlier_note : earlier_note + "; " + out.note;
    }
    return out;
}

Resolution IdentityResolver::resolve_os(const ObservedOs& os) const {
    const std::string_view name = os.name.empty() ? std::string_view(os.family) : os.name;
    const NormalisedName normalised = normalise_name(os.vendor, name, os.version);
    Resolution out;
    out.key = identity_key(normalised);
    const int accuracy = std::clamp(os.accuracy, 0, 100);
    const bool windows = is_windows_name(name) || is_windows_name(os.family) ||
                         std::any_of(os.cpes.begin(), os.cpes.end(), [](const std::string& cpe) {
                             return cpe.find(":microsoft:windows") != std::string::npos;
                         });
    std::string windows_name(name);
    if (windows && !is_windows_name(windows_name)) {
        windows_name = "Windows " + windows_name;
    }
    Resolution by_windows;
    if (windows) {
        by_windows = resolve_windows(windows_name, os.version, os.build);
        if (by_windows.status == Resolution::kResolved && by_windows.method != "windows-name") {
            by_windows.key = std::move(out.key);
            by_windows.confidence = std::min(by_windows.confidence, accuracy);
            return by_windows;
        }
    }
    if (!os.cpes.empty()) {
        Resolution by_cpe = resolve_os_cpes(os.cpes, normalised, accuracy);
        if (by_cpe.status != Resolution::kUnresolved) {
            by_cpe.key = std::move(out.key);
            return by_cpe;
        }
        keep_note(out, by_cpe.note);
    }
    if (windows && by_windows.status != Resolution::kUnresolved) {
        by_windows.key = std::move(out.key);
        by_windows.confidence = std::min(by_windows.confidence, accuracy);
        return by_windows;
    }
    const std::string earlier_note = windows ? by_windows.note : out.note;
    out.note.clear();
    state_->resolve_name(normalised, 'o', out);
    if (out.status == Resolution::kResolved) {
        out.confidence = std::min(out.confidence, accuracy);
    }
    if (!earlier_note.empty() && out.status != Resolution::kResolved) {
        out.note = out.note.empty() ? earlier_note : earlier_note + "; " + out.note;
    }
    return out;
}

}  // namespace wardround::inventory

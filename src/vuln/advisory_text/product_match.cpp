// SPDX-License-Identifier: Apache-2.0
// How well an advisory product fits a device, by text. Both sides are normalised to tokens and
// compared whole token by whole token, so "MX40" never matches "MX400". A vendor name at the start
// of a product or model text ("Philips IntelliVue MX800", "GE Aespire") is set aside first, since
// registers and advisories repeat it inconsistently.
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <wardround/core/text.h>
#include <wardround/vuln/advisory_text.h>

#include "vuln/advisory_text/advisory_text_internal.h"

namespace wardround::vuln {

namespace {

using Tokens = std::vector<std::string>;

// Words that say what kind of thing a product is, not which one. A side made only of these is too
// vague for a partial match ("Infusion Pump" would fit every pump).
bool is_generic_word(std::string_view word) {
    static const std::set<std::string_view, std::less<>> kGeneric = {
        "and",      "application", "console",  "controller", "device",    "devices",
        "family",   "for",         "gateway",  "infusion",   "interface", "medical",
        "model",    "module",      "modules",  "monitor",    "monitors",  "patient",
        "platform", "product",     "products", "pump",       "pumps",     "series",
        "server",   "software",    "station",  "system",     "systems",   "the",
        "unit",     "units",       "version",  "versions",   "with",      "workstation"};
    return kGeneric.contains(word);
}

bool has_digit(std::string_view word) {
    return std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Whether a token sequence names something specific enough to be found inside a longer name.
bool specific(const Tokens& tokens) {
    if (tokens.empty()) {
        return false;
    }
    if (tokens.size() == 1) {
        const std::string& only = tokens.front();
        return (has_digit(only) && only.size() >= 3) ||
               (only.size() >= 5 && !is_generic_word(only));
    }
    return !std::all_of(tokens.begin(), tokens.end(),
                        [](const std::string& word) { return is_generic_word(word); });
}

bool is_prefix(const Tokens& part, const Tokens& whole) {
    return part.size() <= whole.size() && std::equal(part.begin(), part.end(), whole.begin());
}

bool is_run_inside(const Tokens& part, const Tokens& whole) {
    if (part.empty() || part.size() > whole.size()) {
        return false;
    }
    return std::search(whole.begin(), whole.end(), part.begin(), part.end()) != whole.end();
}

std::string text_of(const Tokens& tokens) {
    return join(tokens, " ");
}

// Drops leading tokens that repeat the vendor, keeping at least one token.
Tokens without_vendor_prefix(Tokens tokens, const std::set<std::string>& vendor_words) {
    std::size_t drop = 0;
    while (drop + 1 < tokens.size() && vendor_words.contains(tokens[drop])) {
        ++drop;
    }
    tokens.erase(tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(drop));
    return tokens;
}

std::set<std::string> vendor_words_of(std::string_view raw, const std::vector<std::string>& keys) {
    std::set<std::string> words;
    for (std::string& token : detail::tokens_of(detail::fold_text(raw))) {
        words.insert(std::move(token));
    }
    for (const std::string& key : keys) {
        for (std::string_view part : split(key, '_')) {
            words.emplace(part);
        }
    }
    return words;
}

struct Candidate {
    ProductTextMatch::Kind kind = ProductTextMatch::kNone;
    std::string reason;
    bool version_names_model = false;
};

// Compares one advisory text with one device text, both as tokens.
Candidate compare_texts(const Tokens& advisory,
                        std::string_view advisory_label,
                        const Tokens& device,
                        std::string_view device_label) {
    Candidate result;
    if (advisory.empty() || device.empty()) {
        return result;
    }
    const std::string a = "'" + text_of(advisory) + "'";
    const std::string d = "'" + text_of(device) + "'";
    const std::string al(advisory_label);
    const std::string dl(device_label);
    if (advisory == device) {
        return {ProductTextMatch::kExact, al + " " + a + " equals " + dl + " " + d, false};
    }
    if (specific(advisory)) {
        if (is_prefix(advisory, device)) {
            return {ProductTextMatch::kContains, al + " " + a + " is the start of " + dl + " " + d,
                    false};
        }
        if (is_run_inside(advisory, device)) {
            return {ProductTextMatch::kContains, al + " " + a + " is part of " + dl + " " + d,
                    false};
        }
    }
    if (specific(device)) {
        if (is_prefix(device, advisory)) {
            return {ProductTextMatch::kContains, dl + " " + d + " is the start of " + al + " " + a,
                    false};
        }
        if (is_run_inside(device, advisory)) {
            return {ProductTextMatch::kContains, dl + " " + d + " is part of " + al + " " + a,
                    false};
        }
    }
    return result;
}

// Keeps the better of two candidates: a stronger kind, or at the same kind one that came from the
// version text (so that the caller knows the version text named the model).
void keep_best(Candidate& best, Candidate candidate) {
    if (candidate.kind > best.kind ||
        (candidate.kind == best.kind && candidate.kind != ProductTextMatch::kNone &&
         candidate.version_names_model && !best.version_names_model)) {
        best = std::move(candidate);
    }
}

// Parts of a version text that may be model numbers: separated by '|', " / " or " and ", without
// dots (a dotted part is a version), with a digit, at least three characters once normalised.
std::vector<Tokens> model_like_version_parts(std::string_view version_text) {
    std::vector<std::string> pieces = {std::string(version_text)};
    for (std::string_view separator : {"|", " / ", " and "}) {
        std::vector<std::string> next;
        for (const std::string& piece : pieces) {
            std::string_view rest = piece;
            while (true) {
                const std::size_t at = rest.find(separator);
                next.emplace_back(rest.substr(0, at));
                if (at == std::string_view::npos) {
                    break;
                }
                rest.remove_prefix(at + separator.size());
            }
        }
        pieces = std::move(next);
    }
    std::vector<Tokens> parts;
    for (const std::string& piece : pieces) {
        const std::string_view part = trim(piece);
        if (part.find('.') != std::string_view::npos || !has_digit(part)) {
            continue;
        }
        Tokens tokens = detail::tokens_of(detail::fold_text(part));
        if (tokens.empty() || text_of(tokens).size() < 3) {
            continue;
        }
        parts.push_back(std::move(tokens));
    }
    return parts;
}

}  // namespace

bool vendor_keys_match(std::string_view advisory_key,
                       std::string_view device_key,
                       std::string* relation) {
    if (advisory_key.empty() || device_key.empty()) {
        return false;
    }
    if (advisory_key == device_key) {
        if (relation != nullptr) {
            *relation = "equals";
        }
        return true;
    }
    const auto& part_of = detail::vendor_alias_table().part_of;
    const auto device_parent = part_of.find(device_key);
    const auto advisory_parent = part_of.find(advisory_key);
    if ((device_parent != part_of.end() && device_parent->second == advisory_key) ||
        (advisory_parent != part_of.end() && advisory_parent->second == device_key)) {
        if (relation != nullptr) {
            *relation = "is part of";
        }
        return true;
    }
    return false;
}

// Whether the device's vendor key matches one of the advisory's: nullopt when none does, else the
// words to add to the reason ("" for equal keys, "; vendor 'x' is part of 'y'" otherwise).
std::optional<std::string> vendor_match_reason(const std::vector<std::string>& advisory_keys,
                                               const std::string& device_key) {
    for (const std::string& key : advisory_keys) {
        std::string relation;
        if (!vendor_keys_match(key, device_key, &relation)) {
            continue;
        }
        if (relation == "equals") {
            return std::string();
        }
        const auto& part_of = detail::vendor_alias_table().part_of;
        const auto parent = part_of.find(device_key);
        const bool device_is_part = parent != part_of.end() && parent->second == key;
        std::string reason = "; vendor '";
        reason += device_is_part ? device_key : key;
        reason += "' is part of '";
        reason += device_is_part ? key : device_key;
        reason += "'";
        return reason;
    }
    return std::nullopt;
}

ProductTextMatch match_product_text(const AdvisoryProductText& advisory, const DeviceText& device) {
    const std::string device_key = normalise_vendor_name(device.manufacturer);
    const std::vector<std::string> advisory_keys = vendor_keys(advisory.vendor);
    if (advisory_keys.empty() || device_key.empty()) {
        ProductTextMatch none;
        none.reason = "no vendor to compare";
        return none;
    }
    const std::optional<std::string> vendor_reason = vendor_match_reason(advisory_keys, device_key);
    if (!vendor_reason) {
        ProductTextMatch none;
        none.reason = "vendor '" + device_key + "' is not '" + advisory_keys.front() + "'";
        return none;
    }

    const std::set<std::string> advisory_vendor_words =
        vendor_words_of(advisory.vendor, advisory_keys);
    const std::set<std::string> device_vendor_words =
        vendor_words_of(device.manufacturer, {device_key});
    const Tokens model = without_vendor_prefix(detail::tokens_of(detail::fold_text(device.model)),
                                               device_vendor_words);
    const Tokens product = without_vendor_prefix(
        detail::tokens_of(detail::fold_text(device.product)), device_vendor_words);

    Candidate best;
    // Model numbers from the product identification helper.
    for (const std::string& number : advisory.model_numbers) {
        const Tokens tokens = detail::tokens_of(detail::fold_text(number));
        if (tokens.empty()) {
            continue;
        }
        if (tokens == model) {
            keep_best(best, {ProductTextMatch::kExact,
                             "model number " + text_of(tokens) + " equals", false});
        } else if (specific(tokens) && is_run_inside(tokens, model)) {
            keep_best(best,
                      {ProductTextMatch::kContains,
                       "model number " + text_of(tokens) + " is in model '" + text_of(model) + "'",
                       false});
        }
    }
    // The product name, alone and after its family.
    const Tokens name = without_vendor_prefix(
        detail::tokens_of(detail::fold_text(advisory.product_name)), advisory_vendor_words);
    const Tokens family = without_vendor_prefix(
        detail::tokens_of(detail::fold_text(advisory.product_family)), advisory_vendor_words);
    std::vector<Tokens> names = {name};
    if (!family.empty() && !is_prefix(family, name)) {
        Tokens joined = family;
        joined.insert(joined.end(), name.begin(), name.end());
        names.push_back(std::move(joined));
    }
    for (const Tokens& candidate : names) {
        keep_best(best, compare_texts(candidate, "product name", model, "model"));
        keep_best(best, compare_texts(candidate, "product name", product, "product"));
    }
    // The version field, which CISA sometimes fills with model numbers.
    for (const Tokens& part : model_like_version_parts(advisory.version_text)) {
        Candidate candidate = compare_texts(part, "version text", model, "model");
        candidate.version_names_model = candidate.kind != ProductTextMatch::kNone;
        keep_best(best, std::move(candidate));
    }

    ProductTextMatch match;
    match.kind = best.kind;
    match.version_names_model = best.version_names_model;
    if (best.kind == ProductTextMatch::kNone) {
        match.reason = "no product text of the advisory fits model '" + text_of(model) + "'";
        if (!product.empty()) {
            match.reason += " or product '" + text_of(product) + "'";
        }
    } else {
        match.reason = best.reason + *vendor_reason;
    }
    return match;
}

}  // namespace wardround::vuln

// SPDX-License-Identifier: Apache-2.0
// Matching medical-device advisories by text. CISA's ICSMA advisories (CSAF 2.0) carry no CPE and
// no purl: a product is a branch path of vendor, product family, product name and a version field
// written as free text. This module turns those texts into comparable keys, says how well an
// advisory product fits a device in an asset register, and reads the version texts into ranges
// that a caller-supplied comparator evaluates. It never guesses: text it cannot read safely is
// reported as not evaluable, because a wrong reading would hide a real exposure.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/result.h>

namespace wardround::vuln {

// ---------------------------------------------------------------------------------------------
// Names

// One key for a vendor however an advisory or a register spells it: lower case, Latin accents
// folded (Dräger -> drager), punctuation dropped, words joined by '_', trailing legal-form words
// removed (Inc., Ltd, GmbH, AG, Corporation, Co., ...), then looked up in an alias table
// (data/advisory/vendor_aliases.csv, compiled in). An alias is only listed when both names are the
// same company (a renaming, an acquisition that kept the products, a misspelling); distributors,
// partners and companies that merely share a word stay distinct. Words such as "Medical",
// "Healthcare" or "Diagnostics" are kept by the normaliser, because they tell companies apart
// (Smiths Medical is not Smiths Group); the alias table folds them where one company is meant
// ("B. Braun Medical" -> b_braun, "GE Healthcare" -> ge_healthcare). Returns "" for a name with no
// letters or digits.
[[nodiscard]] std::string normalise_vendor_name(std::string_view vendor);

// The keys of every company a vendor field names. Usually one (normalise_vendor_name); a field
// that lists several companies ("Silex Technology and GE Healthcare", "ENEA, Green Hills Software,
// ITRON, IP Infusion, and Wind River") gives the whole-field key first, then one per company. A
// name the alias table knows as one company ("Becton, Dickinson and Company") is never split.
[[nodiscard]] std::vector<std::string> vendor_keys(std::string_view vendor);

// True when two vendor keys name the same company, or one is a company or division inside the
// other according to the alias table's part_of rows (siemens_healthineers in siemens, hillrom in
// baxter). `relation` receives "equals" or "is part of" for explanations.
[[nodiscard]] bool vendor_keys_match(std::string_view advisory_key,
                                     std::string_view device_key,
                                     std::string* relation = nullptr);

// Product text to comparable tokens: lower case, accents folded, trademark signs (™ ® ©) removed,
// every other character that is not a letter or digit becomes a space, runs of spaces collapse
// and the ends are trimmed ("IntelliVue™  MX800" -> "intellivue mx800"). Hyphens and dots split
// tokens too ("MMT-1710" -> "mmt 1710"), so both spellings compare equal.
[[nodiscard]] std::string normalise_product_text(std::string_view text);

// ---------------------------------------------------------------------------------------------
// Products

// A device as an asset register describes it. `product` (a product or family name) is optional.
struct DeviceText {
    std::string manufacturer;
    std::string model;
    std::string product;
};

// One advisory product: the CSAF branch names above the version, the helper's model numbers and
// the version field's text (product_version or product_version_range), which CISA sometimes uses
// for model numbers ("MMT-1710", "620 | 650 | 650c").
struct AdvisoryProductText {
    std::string vendor;
    std::string product_family;
    std::string product_name;
    std::vector<std::string> model_numbers;
    std::string version_text;
};

struct ProductTextMatch {
    enum Kind { kNone, kContains, kExact } kind = kNone;
    // Why, in words for an explanation: "model number 8015 equals", "product name 'alaris pc
    // unit' is the start of model 'alaris pc unit 8015'", "vendor 'baxter' is not 'bd'".
    std::string reason;
    // True when the match came from the advisory's version text read as a model number: the
    // version text then names the model and must not also be evaluated as a firmware version.
    bool version_names_model = false;
};

// How well a device fits an advisory product. The vendor keys (normalise_vendor_name) must be
// equal, otherwise kNone. Then, on normalised product text:
//   kExact    a model number (or a '|'-separated part of the version text) equals the device
//             model, or the product name (alone or after the family) equals the device model or
//             the device product;
//   kContains the product name is a whole-token prefix or a contiguous whole-token run of the
//             device model or product, or the other way round ("alaris pc unit" and
//             "alaris pc unit 8015"), or a model number is one whole token of the device model;
//   kNone     otherwise. Tokens compare whole: "mx40" never matches "mx400".
// A product name of a single short generic token is not used for kContains on its own (it would
// match too much); the family is prepended when there is one.
[[nodiscard]] ProductTextMatch match_product_text(const AdvisoryProductText& advisory,
                                                  const DeviceText& device);

// ---------------------------------------------------------------------------------------------
// Version ranges

struct VersionConstraint {
    enum Op { kLt, kLe, kGt, kGe, kEq, kNe } op = kEq;
    std::string version;

    bool operator==(const VersionConstraint&) const = default;
};

struct ParsedVersionRange {
    bool all_versions = false;  // vers:all/*, "All versions", "all", "*"
    // Alternatives are OR-ed; the constraints inside one alternative are AND-ed.
    //
    // vers:<scheme>/... follows the purl-spec VERS rules: constraints separated by '|' and written
    // in ascending version order; "=" (or no comparator) is an alternative of its own; a lower
    // bound (> or >=) followed by an upper bound (< or <=) forms one interval; an upper bound that
    // starts the list or a lower bound that ends it is open on the other side; "!=" removes a
    // version from every alternative (a range of only "!=" constraints is every other version).
    //
    // CISA's free text is read with the same pairing, because that is how CISA writes intervals:
    // ">= 7.0 | <= 10.1.3" is 7.0 to 10.1.3 (an OR would mean every version, which no advisory
    // intends), ">=BT02 | <= BT06" is BT02 to BT06. Two upper bounds in a row ("<= U61 |<= L81",
    // two model lines) are two alternatives. Other free-text forms accepted:
    //   "4.2", "3.0|3.1", "1.1 | 1.2"         each an exact version (kEq)
    //   "< 4.2", "<=3.64", "< 1.8.4 Service Pack 01", "<= 3.0 D15"
    //   "4.2 and prior", "2.3.6 and below", "4.0 and later", "prior to 4.2", "before 4.2"
    //   "0 < 8.0.1"                           a lower bound of 0 adds nothing: < 8.0.1
    //   "A.01 <= C.02"                        an inclusive interval
    //   "12.x", "1.X", "5.x.x"                a whole release line: >= 12 and < 13
    //   "< 3.x", "<= 12.2.x.x"                before / through a release line: < 3, < 12.3
    //   "Rev B-M"                             revisions B through M
    //   "(Release 1.3.2 1.4.0 1.4.1)"         a list of exact versions
    //   "<= 2.01 (end-of-life Nov 2017)", "<= 1.54 (integrated into GE MobileLink)": notes
    //                                         that neither widen nor narrow the range are dropped
    // A leading 'v' before a digit is dropped ("v20D32" -> "20D32").
    std::vector<std::vector<VersionConstraint>> alternatives;
    std::string vers_scheme;  // "generic", "semver", "all", ... when written as vers:, else ""
};

// Reads a product_version or product_version_range text (CSAF puts an exact version in the first
// and a range in the second; CISA mixes them, so one grammar reads both; a bare version is kEq).
// Errors: kInvalidArgument "not evaluable: <reason>" for an empty text, dates ("< july 1 2017"),
// text that names other products or conditions ("<=11.2 on Windows 8.1 with IIS 7.5",
// "v6.x (with Wireless Battery Modules ...)"), model numbers in the version field ("MMT-1710"),
// wildcards inside a component ("C.0x"), ambiguous intervals ("A10 < A11" where the advisory's
// prose says both are affected), and malformed vers: ranges.
[[nodiscard]] Result<ParsedVersionRange> parse_version_range_text(std::string_view text);

// Orders two versions: <0, 0 or >0, or nullopt when they cannot be ordered (different schemes,
// unparseable). Supplied by the caller, so this module does not fix a versioning scheme.
using VersionComparator = std::function<std::optional<int>(std::string_view, std::string_view)>;

enum class RangeVerdict { kInside, kOutside, kNotEvaluable };

struct RangeEvaluation {
    RangeVerdict verdict = RangeVerdict::kNotEvaluable;
    std::string reason;  // "1.7.1 < 1.7.2", "2.0 is outside every alternative (>= 1.0 and <=
                         // 1.5)", "cannot order 'abc' and '4.2'"
};

// Whether `version` lies in `range`. kInside as soon as one alternative holds; kOutside only when
// every alternative is decided and none holds; kNotEvaluable when the version is empty, the range
// has no alternative, an alternative's bounds are out of order (a lower bound above its upper
// bound), or the comparator cannot order a pair that the answer depends on.
[[nodiscard]] RangeEvaluation evaluate_version_range(const ParsedVersionRange& range,
                                                     std::string_view version,
                                                     const VersionComparator& compare);

// "< 4.2", ">= 7.0 and <= 10.1.3 or = 12", "all versions": the range in words.
[[nodiscard]] std::string describe_version_range(const ParsedVersionRange& range);

}  // namespace wardround::vuln

// SPDX-License-Identifier: Apache-2.0
// CPE names (NISTIR 7695) and CPE name matching (NISTIR 7696). NVD criteria arrive as CPE 2.3
// formatted strings, nmap and Red Hat/BSI CSAF as CPE 2.2 URIs; both parse into one `Cpe` so that
// an asset's name can be compared with NVD's criteria. Values are ASCII, stored lower case and
// unquoted; the wildcards a value starts or ends with are kept apart from its characters.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <wardround/core/result.h>

namespace wardround::vuln {

// The 11 attributes of a well-formed CPE name, in the order of the formatted-string binding.
enum class CpeAttribute : std::uint8_t {
    kPart,
    kVendor,
    kProduct,
    kVersion,
    kUpdate,
    kEdition,
    kLanguage,
    kSwEdition,
    kTargetSw,
    kTargetHw,
    kOther,
};
inline constexpr std::size_t kCpeAttributeCount = 11;

// "part", "vendor", ..., "sw_edition", "target_sw", "target_hw", "other".
[[nodiscard]] std::string_view cpe_attribute_name(CpeAttribute attribute);

// Names longer than this are rejected: real names are under 300 bytes, and the bound keeps the
// offsets inside a Cpe small.
inline constexpr std::size_t kCpeMaxLength = 65536;

namespace detail {
class CpeAssembler;
}  // namespace detail

enum class CpeValueKind : std::uint8_t {
    kAny,    // `*` in CPE 2.3, an empty or missing component in CPE 2.2: every value
    kNa,     // `-`: the attribute does not apply to this product
    kValue,  // characters, possibly with wildcards at either end
};

// An unquoted wildcard at one end of a value. At most one of the two is set.
struct CpeWildcard {
    bool star = false;            // `*`: any number of characters, zero included
    std::uint32_t questions = 0;  // a run of `?`: up to this many characters (NISTIR 7696 counts
                                  // zero too, so `1.?` matches both `1.` and `1.0`)

    [[nodiscard]] bool present() const { return star || questions > 0; }
    bool operator==(const CpeWildcard&) const = default;
};

// One attribute of a Cpe. `text` points into the Cpe it came from: valid until that Cpe is
// changed, moved or destroyed.
struct CpeValue {
    CpeValueKind kind = CpeValueKind::kAny;
    // For kValue: the characters between the wildcards, lower case, with the quoting removed
    // (`sdbus-c\+\+` is "sdbus-c++", `\*` is a literal "*"). May be empty when the value is
    // wildcards only (`??`). Empty for kAny and kNa.
    std::string_view text;
    CpeWildcard leading;
    CpeWildcard trailing;

    [[nodiscard]] bool is_any() const { return kind == CpeValueKind::kAny; }
    [[nodiscard]] bool is_na() const { return kind == CpeValueKind::kNa; }
    [[nodiscard]] bool has_wildcards() const { return leading.present() || trailing.present(); }
    bool operator==(const CpeValue&) const = default;
};

// A well-formed CPE name: 11 attributes, each ANY, NA or a value. A default Cpe is ANY everywhere
// (`cpe:2.3:*:*:*:*:*:*:*:*:*:*:*`). The values share one buffer, so a Cpe costs one allocation.
class Cpe {
public:
    Cpe();

    [[nodiscard]] CpeValue get(CpeAttribute attribute) const;
    [[nodiscard]] CpeValue part() const { return get(CpeAttribute::kPart); }
    [[nodiscard]] CpeValue vendor() const { return get(CpeAttribute::kVendor); }
    [[nodiscard]] CpeValue product() const { return get(CpeAttribute::kProduct); }
    [[nodiscard]] CpeValue version() const { return get(CpeAttribute::kVersion); }
    [[nodiscard]] CpeValue update() const { return get(CpeAttribute::kUpdate); }
    [[nodiscard]] CpeValue edition() const { return get(CpeAttribute::kEdition); }
    [[nodiscard]] CpeValue language() const { return get(CpeAttribute::kLanguage); }
    [[nodiscard]] CpeValue sw_edition() const { return get(CpeAttribute::kSwEdition); }
    [[nodiscard]] CpeValue target_sw() const { return get(CpeAttribute::kTargetSw); }
    [[nodiscard]] CpeValue target_hw() const { return get(CpeAttribute::kTargetHw); }
    [[nodiscard]] CpeValue other() const { return get(CpeAttribute::kOther); }

    // Sets an attribute to a literal value, as an inventory reports it: every character is taken
    // as itself (`*` and `?` are not wildcards here) and upper case is folded. Errors
    // (kInvalidArgument): an empty value, a character outside printable ASCII (spaces included:
    // CPE writes them as `_`), a value longer than kCpeMaxLength, or a part other than "a", "o" or
    // "h". The Cpe is unchanged on error.
    [[nodiscard]] Status set_literal(CpeAttribute attribute, std::string_view value);
    void set_any(CpeAttribute attribute);
    void set_na(CpeAttribute attribute);

    // Same attributes: kinds, wildcards and characters.
    friend bool operator==(const Cpe& a, const Cpe& b);

private:
    // 20 bytes per attribute: a matcher holds millions of these.
    struct Slot {
        std::uint32_t offset = 0;  // into text_
        std::uint32_t length = 0;
        std::uint32_t leading = 0;  // a CpeWildcard, packed by pack_wildcard
        std::uint32_t trailing = 0;
        CpeValueKind kind = CpeValueKind::kAny;
    };
    static constexpr std::uint32_t kPackedStar = 0xFFFFFFFFU;
    static std::uint32_t pack_wildcard(const CpeWildcard& wildcard) {
        return wildcard.star ? kPackedStar : wildcard.questions;
    }
    static CpeWildcard unpack_wildcard(std::uint32_t packed) {
        return packed == kPackedStar ? CpeWildcard{true, 0} : CpeWildcard{false, packed};
    }
    // Rebuilds text_ with `attribute` replaced by `value` (whose text may point anywhere).
    void replace(CpeAttribute attribute, const CpeValue& value);

    friend class detail::CpeAssembler;
    std::string text_;
    std::array<Slot, kCpeAttributeCount> slots_{};
};

// Parses a CPE 2.3 formatted string: `cpe:2.3:` then 11 attributes separated by unquoted colons.
// `*` alone is ANY and `-` alone is NA. Inside a value `\` quotes the next character; an unquoted
// `*` (once) or run of `?` may start or end a value and is a wildcard. Unquoted punctuation other
// than `:`, `*` and `?` is accepted as itself, as NISTIR 7695's unbinding does. The prefix and
// values are case-insensitive.
// Errors (kInvalidArgument; the message names the byte offset and the problem): another prefix
// (a CPE 2.2 URI is named as such), a part other than a, o, h, `*` or `-`, fewer or more than 11
// attributes, an empty attribute, a `\` at the end of a value or before a letter, digit or
// non-printable byte, an unquoted `*` or `?` inside a value, a byte outside printable ASCII, or a
// name longer than kCpeMaxLength.
[[nodiscard]] Result<Cpe> parse_cpe23(std::string_view formatted);

// Parses a CPE 2.2 URI (`cpe:/a:openbsd:openssh:5.9p1`, as nmap and CSAF helpers write it): up to
// 7 colon-separated components (part, vendor, product, version, update, edition, language).
// Missing or empty components are ANY and `-` is NA. `%xx` is decoded, `%01` and `%02` are the
// `?` and `*` wildcards. An edition of the packed form `~edition~sw_edition~target_sw~target_hw~
// other` fills those five attributes.
// Errors (kInvalidArgument, with the byte offset): a prefix other than `cpe:/` (a CPE 2.3 string
// is named as such), a part other than a, o, h or `-`, more than 7 components, a packed edition
// without exactly 5 fields, `%` not followed by two hex digits, a decoded byte outside printable
// ASCII, `%01`/`%02` inside a value, an unencoded `\`, `*` or `?` (CPE 2.3 syntax in a URI), a
// byte outside printable ASCII, or a name longer than kCpeMaxLength.
[[nodiscard]] Result<Cpe> parse_cpe22_uri(std::string_view uri);

// Binds a Cpe as a CPE 2.3 formatted string, lower case, quoting every character other than
// letters, digits, `_`, `-` and `.` (and a lone `-` value, which would read back as NA).
// parse_cpe23(to_cpe23(x)) == x for every Cpe, and to_cpe23(parse_cpe23(s)) == s for every s in
// that canonical form, which is how NVD publishes its criteria.
[[nodiscard]] std::string to_cpe23(const Cpe& cpe);

// One attribute of a Cpe as it appears in a CPE 2.3 formatted string (`*`, `-`, `sdbus-c\+\+`,
// `1.?`). A CpeValue built by hand must hold what a Cpe could: printable lower-case characters.
[[nodiscard]] std::string to_cpe23_value(const CpeValue& value);

// Part, vendor and product of a CPE 2.3 formatted string, for indexing criteria as they are
// imported: the form the knowledge base stores (bound as in to_cpe23, lower case).
class CpeIndexKey {
public:
    // 'a', 'o' or 'h'; '*' when the part is ANY and '-' when it is NA.
    [[nodiscard]] char part() const { return part_; }
    // Views into the text given to cpe23_index_key when it was already canonical (NVD's criteria
    // always are), or into this key otherwise: keep both alive while using them.
    [[nodiscard]] std::string_view vendor() const;
    [[nodiscard]] std::string_view product() const;

private:
    friend Result<CpeIndexKey> cpe23_index_key(std::string_view formatted);
    char part_ = '*';
    std::string_view vendor_;
    std::string_view product_;
    std::string owned_;  // vendor then product, when the input was not canonical
    std::size_t owned_vendor_length_ = 0;
    bool is_owned_ = false;
};

// Checks the whole formatted string as parse_cpe23 does and returns its index key. Allocates
// nothing when the string is canonical. Errors: those of parse_cpe23.
[[nodiscard]] Result<CpeIndexKey> cpe23_index_key(std::string_view formatted);

// NISTIR 7696 set relations, from the source's point of view ("source is a SUPERSET of target").
enum class CpeRelation : std::uint8_t {
    kDisjoint,   // no name is in both
    kSubset,     // the source names fewer (a value against ANY)
    kSuperset,   // the source names more (ANY against a value, a matching wildcard value)
    kEqual,      // the same set
    kUndefined,  // cannot be decided: the target has wildcards, or attributes disagree in direction
};

// "DISJOINT", "SUBSET", "SUPERSET", "EQUAL", "UNDEFINED".
[[nodiscard]] std::string_view cpe_relation_name(CpeRelation relation);

// Compares one attribute, exactly as NISTIR 7696 table 6-2 specifies:
//   target has wildcards        -> UNDEFINED (whatever the source)
//   ANY vs ANY, NA vs NA        -> EQUAL
//   ANY vs NA or a value        -> SUPERSET
//   NA or a value vs ANY        -> SUBSET
//   NA vs a value, value vs NA  -> DISJOINT
//   value vs same value         -> EQUAL (case-insensitive: both are lower case)
//   wildcard value vs value     -> SUPERSET when the pattern matches, else DISJOINT
//   other value vs value        -> DISJOINT
[[nodiscard]] CpeRelation compare_cpe_values(const CpeValue& source, const CpeValue& target);

// The relation of each attribute, in CpeAttribute order.
[[nodiscard]] std::array<CpeRelation, kCpeAttributeCount> compare_cpe_attributes(const Cpe& source,
                                                                                 const Cpe& target);

// The relation of whole names (NISTIR 7696 section 6.2): DISJOINT when any attribute is DISJOINT,
// EQUAL when all are EQUAL, SUPERSET when all are SUPERSET or EQUAL, SUBSET when all are SUBSET
// or EQUAL, otherwise UNDEFINED.
[[nodiscard]] CpeRelation compare_cpe(const Cpe& source, const Cpe& target);

// True when `criteria` names `target`: every attribute is SUPERSET or EQUAL. So an NVD criteria
// with version `*` applies to any version of the target (its ranges are the matcher's job), a
// criteria `-` applies only to a target `-`, and a criteria with a version never applies to a
// target whose version is ANY (an nmap `cpe:/a:igor_sysoev:nginx`): that is SUBSET, not a match.
// Nor does any criteria apply to a target with wildcards (UNDEFINED). Stops at the first attribute
// that fails.
[[nodiscard]] bool cpe_applies(const Cpe& criteria, const Cpe& target);

}  // namespace wardround::vuln

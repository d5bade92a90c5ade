// SPDX-License-Identifier: Apache-2.0
// Unbinding of the two CPE bindings NISTIR 7695 defines (section 6), into one Cpe.
//
// Formatted string (CPE 2.3): cpe:2.3:part:vendor:product:version:update:edition:language:
// sw_edition:target_sw:target_hw:other. `\` quotes the next character, so `\:` does not end a
// value. An unquoted `*` (at most one) or run of `?` may start and may end a value.
//
// URI (CPE 2.2): cpe:/part:vendor:product:version:update:edition:language, trailing components
// optional. Characters outside letters, digits and `-._~` are percent-encoded; `%01` is `?` and
// `%02` is `*`. The edition may pack five attributes as `~edition~sw_edition~target_sw~
// target_hw~other`.
#include <array>
#include <string>
#include <string_view>

#include <wardround/vuln/cpe.h>

#include "vuln/cpe/cpe_chars.h"

namespace wardround::vuln {
namespace detail {

// Writes values straight into a Cpe's shared buffer, so a parse costs one allocation.
class CpeAssembler {
public:
    explicit CpeAssembler(std::size_t capacity) { cpe_.text_.reserve(capacity); }

    void set_kind(CpeAttribute attribute, CpeValueKind kind) {
        Cpe::Slot& slot = cpe_.slots_[static_cast<std::size_t>(attribute)];
        slot = Cpe::Slot{};
        slot.kind = kind;
    }

    void begin(CpeAttribute attribute) {
        current_ = static_cast<std::size_t>(attribute);
        Cpe::Slot& slot = cpe_.slots_[current_];
        slot = Cpe::Slot{};
        slot.kind = CpeValueKind::kValue;
        slot.offset = static_cast<std::uint32_t>(cpe_.text_.size());
    }

    void append(char c) { cpe_.text_ += fold(c); }
    // Characters already lower case and unquoted.
    void append_plain(std::string_view text) { cpe_.text_.append(text); }

    void end(const CpeWildcard& leading, const CpeWildcard& trailing) {
        Cpe::Slot& slot = cpe_.slots_[current_];
        slot.length = static_cast<std::uint32_t>(cpe_.text_.size() - slot.offset);
        slot.leading = Cpe::pack_wildcard(leading);
        slot.trailing = Cpe::pack_wildcard(trailing);
        // A lone `%02` is "any string": the same set as ANY, and bound as `*` it reads back as
        // ANY, so it is stored as ANY.
        if (slot.length == 0 && leading.star && !trailing.present()) {
            set_kind(static_cast<CpeAttribute>(current_), CpeValueKind::kAny);
        }
    }

    [[nodiscard]] Cpe take() { return std::move(cpe_); }

private:
    Cpe cpe_;
    std::size_t current_ = 0;
};

}  // namespace detail

namespace {

using detail::fold;
using detail::is_alnum;
using detail::is_bound_plain;
using detail::is_printable;

constexpr std::string_view kFsPrefix = "cpe:2.3:";
constexpr std::string_view kUriPrefix = "cpe:/";
constexpr std::string_view kFsBinding = "CPE 2.3 name";
constexpr std::string_view kUriBinding = "CPE 2.2 URI";
constexpr std::size_t kUriComponents = 7;
constexpr std::size_t kPackedFields = 5;

// Case-insensitive; `prefix` is lower case.
bool has_prefix(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (fold(text[i]) != prefix[i]) {
            return false;
        }
    }
    return true;
}

tl::unexpected<Error> fail(std::string_view binding, std::size_t offset, const std::string& what) {
    return make_error(ErrorCode::kInvalidArgument,
                      std::string(binding) + ": " + what + " at offset " + std::to_string(offset));
}

std::string value_name(CpeAttribute attribute) {
    return "the " + std::string(cpe_attribute_name(attribute)) + " value";
}

tl::unexpected<Error> wrong_prefix(std::string_view binding,
                                   std::string_view text,
                                   std::string_view prefix,
                                   std::string_view other_prefix,
                                   std::string_view other_name) {
    if (has_prefix(text, other_prefix)) {
        return fail(binding, 0,
                    "this is a " + std::string(other_name) + ", not a " + std::string(binding));
    }
    std::size_t offset = 0;
    while (offset < text.size() && offset < prefix.size() && fold(text[offset]) == prefix[offset]) {
        ++offset;
    }
    const std::string found =
        offset < text.size() ? detail::describe_byte(text[offset]) : "the end";
    return fail(binding, offset,
                "expected the prefix '" + std::string(prefix) + "' but found " + found);
}

// Follows where unquoted wildcards fall in one value: NISTIR 7695 allows one `*` or a run of `?`
// at the start and at the end, and nothing of the kind in between.
class WildcardReader {
public:
    WildcardReader(std::string_view binding, CpeAttribute attribute)
        : binding_(binding), attribute_(attribute) {}

    // Before a literal character.
    [[nodiscard]] Status literal() {
        if (state_ == State::kTrailingQuestions || state_ == State::kTrailingStar) {
            return embedded();
        }
        state_ = State::kBody;
        return {};
    }

    // An unquoted `*` or `?` (`%02`, `%01` in a URI) at `offset`.
    [[nodiscard]] Status special(char wildcard, std::size_t offset) {
        const bool star = wildcard == '*';
        switch (state_) {
            case State::kStart:
                if (star) {
                    leading_.star = true;
                    state_ = State::kBody;
                } else {
                    leading_.questions = 1;
                    state_ = State::kLeading;
                }
                return {};
            case State::kLeading:
                if (star) {
                    start_trailing(true, offset);
                } else {
                    ++leading_.questions;
                }
                return {};
            case State::kBody:
                start_trailing(star, offset);
                return {};
            case State::kTrailingQuestions:
                if (star) {
                    return embedded();
                }
                ++trailing_.questions;
                return {};
            case State::kTrailingStar:
                return embedded();
        }
        return embedded();
    }

    [[nodiscard]] const CpeWildcard& leading() const { return leading_; }
    [[nodiscard]] const CpeWildcard& trailing() const { return trailing_; }

private:
    enum class State { kStart, kLeading, kBody, kTrailingQuestions, kTrailingStar };

    void start_trailing(bool star, std::size_t offset) {
        trailing_offset_ = offset;
        if (star) {
            trailing_.star = true;
            state_ = State::kTrailingStar;
        } else {
            trailing_.questions = 1;
            state_ = State::kTrailingQuestions;
        }
    }

    // The wildcard that began at trailing_offset_ turned out not to end the value.
    [[nodiscard]] tl::unexpected<Error> embedded() const {
        const bool uri = binding_ == kUriBinding;
        const bool star = state_ == State::kTrailingStar;
        std::string what = uri ? (star ? "wildcard %02" : "wildcard %01")
                               : (star ? "unquoted '*'" : "unquoted '?'");
        what += " inside " + value_name(attribute_);
        what += uri ? " (a wildcard may only start or end a value)"
                    : (star ? " (a wildcard may only start or end a value; a literal one is \\*)"
                            : " (a wildcard may only start or end a value; a literal one is \\?)");
        return fail(binding_, trailing_offset_, what);
    }

    std::string_view binding_;
    CpeAttribute attribute_;
    State state_ = State::kStart;
    CpeWildcard leading_;
    CpeWildcard trailing_;
    std::size_t trailing_offset_ = 0;
};

// What a formatted-string scan reports, attribute by attribute. Parsing assembles a Cpe; taking an
// index key only keeps the vendor and product text.
class AssemblingSink {
public:
    explicit AssemblingSink(std::size_t capacity) : assembler_(capacity) {}
    void any(CpeAttribute attribute, std::string_view /*raw*/) {
        assembler_.set_kind(attribute, CpeValueKind::kAny);
    }
    void na(CpeAttribute attribute, std::string_view /*raw*/) {
        assembler_.set_kind(attribute, CpeValueKind::kNa);
    }
    void begin(CpeAttribute attribute, std::string_view /*raw*/) { assembler_.begin(attribute); }
    void character(char c, bool /*quoted*/) { assembler_.append(c); }
    void plain(std::string_view raw) { assembler_.append_plain(raw); }
    void end(const CpeWildcard& leading, const CpeWildcard& trailing) {
        assembler_.end(leading, trailing);
    }
    [[nodiscard]] Cpe take() { return assembler_.take(); }

private:
    detail::CpeAssembler assembler_;
};

class KeySink {
public:
    void any(CpeAttribute attribute, std::string_view raw) { begin(attribute, raw); }
    void na(CpeAttribute attribute, std::string_view raw) { begin(attribute, raw); }
    void begin(CpeAttribute attribute, std::string_view raw) {
        current_ = attribute;
        current_raw_ = raw;
        if (attribute == CpeAttribute::kPart) {
            part_ = fold(raw.front());
        } else if (attribute == CpeAttribute::kVendor) {
            vendor_ = raw;
        } else if (attribute == CpeAttribute::kProduct) {
            product_ = raw;
        }
    }
    // Canonical means to_cpe23 would write the value the same way: lower case, quoting exactly
    // the characters it quotes.
    void character(char c, bool quoted) {
        if (current_ != CpeAttribute::kVendor && current_ != CpeAttribute::kProduct) {
            return;
        }
        const bool needless_quote = quoted && is_bound_plain(c) && current_raw_ != "\\-";
        const bool missing_quote = !quoted && !is_bound_plain(c);
        if (detail::is_upper(c) || needless_quote || missing_quote) {
            canonical_ = false;
        }
    }
    void plain(std::string_view /*raw*/) {}
    void end(const CpeWildcard& /*leading*/, const CpeWildcard& /*trailing*/) {}

    [[nodiscard]] char part() const { return part_; }
    [[nodiscard]] std::string_view vendor() const { return vendor_; }
    [[nodiscard]] std::string_view product() const { return product_; }
    [[nodiscard]] bool canonical() const { return canonical_; }

private:
    CpeAttribute current_ = CpeAttribute::kPart;
    std::string_view current_raw_;
    char part_ = '*';
    std::string_view vendor_;
    std::string_view product_;
    bool canonical_ = true;
};

// Lower-case letters, digits, `_`, `-` and `.`: nearly every byte of NVD's criteria. A value made
// only of these needs no unquoting, folding or wildcard tracking.
constexpr std::array<bool, 256> kPlainBytes = [] {
    std::array<bool, 256> plain{};
    for (std::size_t byte = 0; byte < plain.size(); ++byte) {
        const auto c = static_cast<char>(byte);
        plain[byte] = is_bound_plain(c) && !detail::is_upper(c);
    }
    return plain;
}();

bool is_plain(char c) {
    return kPlainBytes[static_cast<unsigned char>(c)];
}

// One character of a value off the fast path, at raw[i] (start + i in the name). A `\\` quotes the
// next character, and `i` moves onto it.
template <typename Sink>
Status scan_fs_character(CpeAttribute attribute,
                         std::string_view raw,
                         std::size_t start,
                         std::size_t& i,
                         WildcardReader& wildcards,
                         Sink& sink) {
    const char c = raw[i];
    const std::size_t offset = start + i;
    if (c == '\\') {
        if (i + 1 == raw.size()) {
            return fail(kFsBinding, offset, "'\\' at the end of the name quotes nothing");
        }
        const char quoted = raw[i + 1];
        if (!is_printable(quoted)) {
            return fail(kFsBinding, offset,
                        "bad escape: '\\' before " + detail::describe_byte(quoted) +
                            " (CPE names are printable ASCII without spaces)");
        }
        if (is_alnum(quoted)) {
            return fail(kFsBinding, offset,
                        "bad escape '\\" + std::string(1, quoted) + "' in " +
                            value_name(attribute) + " (only punctuation is quoted)");
        }
        WARDROUND_TRY(wildcards.literal());
        sink.character(quoted, true);
        ++i;
        return {};
    }
    if (!is_printable(c)) {
        return fail(kFsBinding, offset,
                    detail::describe_byte(c) + " in " + value_name(attribute) +
                        " (CPE names are printable ASCII without spaces)");
    }
    if (c == '*' || c == '?') {
        return wildcards.special(c, offset);
    }
    WARDROUND_TRY(wildcards.literal());
    sink.character(c, false);
    return {};
}

template <typename Sink>
Status scan_fs_value(
    CpeAttribute attribute, std::string_view raw, bool plain, std::size_t start, Sink& sink) {
    if (raw.empty()) {
        return fail(kFsBinding, start,
                    "empty " + std::string(cpe_attribute_name(attribute)) +
                        " value (ANY is '*', NA is '-')");
    }
    if (attribute == CpeAttribute::kPart) {
        const char letter = fold(raw.front());
        if (raw.size() != 1 ||
            (letter != 'a' && letter != 'o' && letter != 'h' && letter != '*' && letter != '-')) {
            return fail(kFsBinding, start,
                        "part must be 'a', 'o', 'h', '*' or '-', not '" +
                            std::string(raw.substr(0, 16)) + (raw.size() > 16 ? "...'" : "'"));
        }
    }
    if (raw == "*") {
        sink.any(attribute, raw);
        return {};
    }
    if (raw == "-") {
        sink.na(attribute, raw);
        return {};
    }
    sink.begin(attribute, raw);
    if (plain) {
        sink.plain(raw);
        sink.end(CpeWildcard{}, CpeWildcard{});
        return {};
    }
    WildcardReader wildcards(kFsBinding, attribute);
    for (std::size_t i = 0; i < raw.size(); ++i) {
        WARDROUND_TRY(scan_fs_character(attribute, raw, start, i, wildcards, sink));
    }
    sink.end(wildcards.leading(), wildcards.trailing());
    return {};
}

template <typename Sink>
Status scan_fs(std::string_view text, Sink& sink) {
    if (text.size() > kCpeMaxLength) {
        return fail(kFsBinding, kCpeMaxLength,
                    "longer than " + std::to_string(kCpeMaxLength) + " bytes");
    }
    if (!has_prefix(text, kFsPrefix)) {
        return wrong_prefix(kFsBinding, text, kFsPrefix, kUriPrefix, kUriBinding);
    }
    std::size_t position = kFsPrefix.size();
    for (std::size_t index = 0; index < kCpeAttributeCount; ++index) {
        std::size_t end = position;
        while (end < text.size() && is_plain(text[end])) {
            ++end;
        }
        const bool plain = end == text.size() || text[end] == ':';
        while (end < text.size() && text[end] != ':') {
            end += (text[end] == '\\' && end + 1 < text.size()) ? 2 : 1;
        }
        const auto attribute = static_cast<CpeAttribute>(index);
        WARDROUND_TRY(
            scan_fs_value(attribute, text.substr(position, end - position), plain, position, sink));
        if (end == text.size()) {
            if (index + 1 < kCpeAttributeCount) {
                return fail(kFsBinding, end,
                            "too few attributes: the name ends after " + std::to_string(index + 1) +
                                " of 11 (part to other)");
            }
            return {};
        }
        position = end + 1;
    }
    return fail(kFsBinding, position - 1,
                "too many attributes: a 12th begins after the colon (11 follow 'cpe:2.3:')");
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    const char lower = fold(c);
    if (lower >= 'a' && lower <= 'f') {
        return lower - 'a' + 10;
    }
    return -1;
}

// A percent-encoded byte at raw[i] (start + i in the URI): `%01` and `%02` are the wildcards.
Status decode_uri_percent(CpeAttribute attribute,
                          std::string_view raw,
                          std::size_t start,
                          std::size_t i,
                          WildcardReader& wildcards,
                          detail::CpeAssembler& out) {
    const std::size_t offset = start + i;
    const int high = i + 2 < raw.size() ? hex_digit(raw[i + 1]) : -1;
    const int low = i + 2 < raw.size() ? hex_digit(raw[i + 2]) : -1;
    if (high < 0 || low < 0) {
        return fail(kUriBinding, offset,
                    "'%' in " + value_name(attribute) + " is not followed by two hex digits");
    }
    const auto decoded = static_cast<char>(high * 16 + low);
    if (decoded == '\x01' || decoded == '\x02') {
        return wildcards.special(decoded == '\x01' ? '?' : '*', offset);
    }
    if (!is_printable(decoded)) {
        return fail(kUriBinding, offset,
                    std::string(raw.substr(i, 3)) + " decodes to " +
                        detail::describe_byte(decoded) +
                        " (CPE names are printable ASCII without spaces)");
    }
    WARDROUND_TRY(wildcards.literal());
    out.append(decoded);
    return {};
}

// One character of a URI value at raw[i] (start + i in the URI); `i` moves past a `%xx`.
Status decode_uri_character(CpeAttribute attribute,
                            std::string_view raw,
                            std::size_t start,
                            std::size_t& i,
                            WildcardReader& wildcards,
                            detail::CpeAssembler& out) {
    const char c = raw[i];
    const std::size_t offset = start + i;
    if (c == '%') {
        WARDROUND_TRY(decode_uri_percent(attribute, raw, start, i, wildcards, out));
        i += 2;
        return {};
    }
    if (c == '\\' || c == '*' || c == '?') {
        return fail(kUriBinding, offset,
                    detail::describe_byte(c) + " in " + value_name(attribute) +
                        " is CPE 2.3 syntax (a URI percent-encodes it; its wildcards are "
                        "%02 for * and %01 for ?)");
    }
    if (!is_printable(c)) {
        return fail(kUriBinding, offset,
                    detail::describe_byte(c) + " in " + value_name(attribute) +
                        " (CPE names are printable ASCII without spaces)");
    }
    WARDROUND_TRY(wildcards.literal());
    out.append(c);
    return {};
}

Status decode_uri_value(CpeAttribute attribute,
                        std::string_view raw,
                        std::size_t start,
                        detail::CpeAssembler& out) {
    if (raw.empty()) {
        out.set_kind(attribute, CpeValueKind::kAny);
        return {};
    }
    if (raw == "-") {
        out.set_kind(attribute, CpeValueKind::kNa);
        return {};
    }
    if (attribute == CpeAttribute::kPart) {
        const char letter = fold(raw.front());
        if (raw.size() != 1 || (letter != 'a' && letter != 'o' && letter != 'h')) {
            return fail(kUriBinding, start,
                        "part must be 'a', 'o', 'h', '-' or empty, not '" +
                            std::string(raw.substr(0, 16)) + (raw.size() > 16 ? "...'" : "'"));
        }
    }
    out.begin(attribute);
    WildcardReader wildcards(kUriBinding, attribute);
    for (std::size_t i = 0; i < raw.size(); ++i) {
        WARDROUND_TRY(decode_uri_character(attribute, raw, start, i, wildcards, out));
    }
    out.end(wildcards.leading(), wildcards.trailing());
    return {};
}

Status decode_packed_edition(std::string_view raw, std::size_t start, detail::CpeAssembler& out) {
    constexpr std::array<CpeAttribute, kPackedFields> kPacked = {
        CpeAttribute::kEdition, CpeAttribute::kSwEdition, CpeAttribute::kTargetSw,
        CpeAttribute::kTargetHw, CpeAttribute::kOther};
    std::size_t fields = 0;
    for (const char c : raw) {
        fields += c == '~' ? 1 : 0;
    }
    if (fields != kPackedFields) {
        return fail(kUriBinding, start,
                    "packed edition has " + std::to_string(fields) +
                        " fields, not 5 (~edition~sw_edition~target_sw~target_hw~other)");
    }
    std::size_t position = 1;
    for (const CpeAttribute attribute : kPacked) {
        std::size_t end = raw.find('~', position);
        if (end == std::string_view::npos) {
            end = raw.size();
        }
        WARDROUND_TRY(decode_uri_value(attribute, raw.substr(position, end - position),
                                       start + position, out));
        position = end + 1;
    }
    return {};
}

// The component at `index` (from 0) of a URI, which starts at `start`.
Status decode_uri_component(std::size_t index,
                            std::string_view raw,
                            std::size_t start,
                            detail::CpeAssembler& out) {
    // URI components in order: part, vendor, product, version, update, edition, language.
    const auto attribute = index < 6 ? static_cast<CpeAttribute>(index) : CpeAttribute::kLanguage;
    if (attribute == CpeAttribute::kEdition && !raw.empty() && raw.front() == '~') {
        return decode_packed_edition(raw, start, out);
    }
    return decode_uri_value(attribute, raw, start, out);
}

}  // namespace

Result<Cpe> parse_cpe23(std::string_view formatted) {
    AssemblingSink sink(formatted.size());
    WARDROUND_TRY(scan_fs(formatted, sink));
    return sink.take();
}

Result<Cpe> parse_cpe22_uri(std::string_view uri) {
    if (uri.size() > kCpeMaxLength) {
        return fail(kUriBinding, kCpeMaxLength,
                    "longer than " + std::to_string(kCpeMaxLength) + " bytes");
    }
    if (!has_prefix(uri, kUriPrefix)) {
        return wrong_prefix(kUriBinding, uri, kUriPrefix, kFsPrefix, kFsBinding);
    }
    detail::CpeAssembler out(uri.size());
    std::size_t position = kUriPrefix.size();
    for (std::size_t index = 0;; ++index) {
        std::size_t end = uri.find(':', position);
        if (end == std::string_view::npos) {
            end = uri.size();
        }
        if (index == kUriComponents) {
            return fail(kUriBinding, position - 1,
                        "too many components: an 8th begins after the colon (a CPE 2.2 URI has "
                        "at most 7, part to language)");
        }
        WARDROUND_TRY(
            decode_uri_component(index, uri.substr(position, end - position), position, out));
        if (end == uri.size()) {
            break;
        }
        position = end + 1;
    }
    return out.take();
}

Result<CpeIndexKey> cpe23_index_key(std::string_view formatted) {
    KeySink sink;
    WARDROUND_TRY(scan_fs(formatted, sink));
    CpeIndexKey key;
    key.part_ = sink.part();
    if (sink.canonical()) {
        key.vendor_ = sink.vendor();
        key.product_ = sink.product();
        return key;
    }
    // Rare (upper case, needless or missing quoting): bind the two values afresh.
    auto cpe = parse_cpe23(formatted);
    if (!cpe) {
        return propagate(std::move(cpe).error());
    }
    key.owned_ = to_cpe23_value(cpe->vendor());
    key.owned_vendor_length_ = key.owned_.size();
    key.owned_ += to_cpe23_value(cpe->product());
    key.is_owned_ = true;
    return key;
}

}  // namespace wardround::vuln

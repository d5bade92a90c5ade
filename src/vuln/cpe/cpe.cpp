// SPDX-License-Identifier: Apache-2.0
#include <array>
#include <string>
#include <string_view>

#include <wardround/vuln/cpe.h>

#include "vuln/cpe/cpe_chars.h"

namespace wardround::vuln {
namespace {

constexpr std::array<std::string_view, kCpeAttributeCount> kAttributeNames = {
    "part",     "vendor",     "product",   "version",   "update", "edition",
    "language", "sw_edition", "target_sw", "target_hw", "other",
};

void append_wildcard(const CpeWildcard& wildcard, std::string& out) {
    if (wildcard.star) {
        out += '*';
    } else {
        out.append(wildcard.questions, '?');
    }
}

void append_bound(const CpeValue& value, std::string& out) {
    if (value.kind == CpeValueKind::kAny) {
        out += '*';
        return;
    }
    if (value.kind == CpeValueKind::kNa) {
        out += '-';
        return;
    }
    append_wildcard(value.leading, out);
    // A value that is just "-" must stay quoted, or it would read back as NA.
    const bool lone_hyphen = value.text == "-" && !value.has_wildcards();
    for (const char c : value.text) {
        if (!detail::is_bound_plain(c) || lone_hyphen) {
            out += '\\';
        }
        out += c;
    }
    append_wildcard(value.trailing, out);
}

}  // namespace

std::string_view cpe_attribute_name(CpeAttribute attribute) {
    return kAttributeNames[static_cast<std::size_t>(attribute)];
}

Cpe::Cpe() = default;

CpeValue Cpe::get(CpeAttribute attribute) const {
    const Slot& slot = slots_[static_cast<std::size_t>(attribute)];
    CpeValue value;
    value.kind = slot.kind;
    value.text = std::string_view(text_.data() + slot.offset, slot.length);
    value.leading = unpack_wildcard(slot.leading);
    value.trailing = unpack_wildcard(slot.trailing);
    return value;
}

void Cpe::replace(CpeAttribute attribute, const CpeValue& value) {
    std::string text;
    text.reserve(text_.size() + value.text.size());
    std::array<Slot, kCpeAttributeCount> slots{};
    for (std::size_t i = 0; i < kCpeAttributeCount; ++i) {
        const CpeValue current =
            i == static_cast<std::size_t>(attribute) ? value : get(static_cast<CpeAttribute>(i));
        slots[i].offset = static_cast<std::uint32_t>(text.size());
        slots[i].length = static_cast<std::uint32_t>(current.text.size());
        slots[i].kind = current.kind;
        slots[i].leading = pack_wildcard(current.leading);
        slots[i].trailing = pack_wildcard(current.trailing);
        text.append(current.text);
    }
    text_ = std::move(text);
    slots_ = slots;
}

Status Cpe::set_literal(CpeAttribute attribute, std::string_view value) {
    const std::string_view name = cpe_attribute_name(attribute);
    if (value.empty()) {
        return make_error(ErrorCode::kInvalidArgument,
                          "empty " + std::string(name) + " value (use set_any or set_na)");
    }
    if (value.size() > kCpeMaxLength) {
        return make_error(ErrorCode::kInvalidArgument,
                          std::string(name) + " value is longer than " +
                              std::to_string(kCpeMaxLength) + " bytes");
    }
    std::string folded(value.size(), '\0');
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (!detail::is_printable(value[i])) {
            return make_error(ErrorCode::kInvalidArgument,
                              std::string(name) + " value has " + detail::describe_byte(value[i]) +
                                  " at offset " + std::to_string(i) +
                                  " (CPE values are printable ASCII without spaces)");
        }
        folded[i] = detail::fold(value[i]);
    }
    if (attribute == CpeAttribute::kPart && folded != "a" && folded != "o" && folded != "h") {
        return make_error(ErrorCode::kInvalidArgument,
                          R"(part must be "a", "o" or "h", not ")" + folded + "\"");
    }
    CpeValue literal;
    literal.kind = CpeValueKind::kValue;
    literal.text = folded;
    replace(attribute, literal);
    return {};
}

void Cpe::set_any(CpeAttribute attribute) {
    replace(attribute, CpeValue{});
}

void Cpe::set_na(CpeAttribute attribute) {
    CpeValue na;
    na.kind = CpeValueKind::kNa;
    replace(attribute, na);
}

bool operator==(const Cpe& a, const Cpe& b) {
    for (std::size_t i = 0; i < kCpeAttributeCount; ++i) {
        if (a.get(static_cast<CpeAttribute>(i)) != b.get(static_cast<CpeAttribute>(i))) {
            return false;
        }
    }
    return true;
}

std::string to_cpe23_value(const CpeValue& value) {
    std::string out;
    append_bound(value, out);
    return out;
}

std::string to_cpe23(const Cpe& cpe) {
    std::string out = "cpe:2.3";
    // Quoting at most doubles a value; reserving for that keeps binding to one allocation.
    std::size_t estimate = out.size();
    for (std::size_t i = 0; i < kCpeAttributeCount; ++i) {
        const CpeValue value = cpe.get(static_cast<CpeAttribute>(i));
        estimate += 1 + 2 * value.text.size() + (value.leading.star ? 1 : value.leading.questions) +
                    (value.trailing.star ? 1 : value.trailing.questions);
    }
    out.reserve(estimate);
    for (std::size_t i = 0; i < kCpeAttributeCount; ++i) {
        out += ':';
        append_bound(cpe.get(static_cast<CpeAttribute>(i)), out);
    }
    return out;
}

std::string_view CpeIndexKey::vendor() const {
    if (is_owned_) {
        return std::string_view(owned_).substr(0, owned_vendor_length_);
    }
    return vendor_;
}

std::string_view CpeIndexKey::product() const {
    if (is_owned_) {
        return std::string_view(owned_).substr(owned_vendor_length_);
    }
    return product_;
}

}  // namespace wardround::vuln

// SPDX-License-Identifier: Apache-2.0
// Parses arbitrary bytes as CPE 2.3 and as CPE 2.2 and checks properties, not just survival:
//   - a parsed name binds to a formatted string that parses back to the same name, and binding
//     that again gives the same text;
//   - the index key agrees with the parser, on success and on the error message;
//   - matching agrees with a brute-force reading of NISTIR 7696 table 6-2.
// The input is one name, or two separated by a newline (source, then target) for matching.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include <wardround/vuln/cpe.h>

namespace {

using wardround::vuln::Cpe;
using wardround::vuln::CpeAttribute;
using wardround::vuln::CpeRelation;
using wardround::vuln::CpeValue;
using wardround::vuln::CpeValueKind;
using wardround::vuln::CpeWildcard;

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

// Parsing is the one place a formatted string's quoting is read, so the round trip is checked
// for every accepted input, including its canonical text.
void check_round_trip(const Cpe& cpe) {
    const std::string bound = wardround::vuln::to_cpe23(cpe);
    auto again = wardround::vuln::parse_cpe23(bound);
    check(again.has_value());
    check(*again == cpe);
    check(wardround::vuln::to_cpe23(*again) == bound);
}

std::optional<Cpe> parse_formatted(std::string_view text) {
    auto parsed = wardround::vuln::parse_cpe23(text);
    auto key = wardround::vuln::cpe23_index_key(text);
    check(parsed.has_value() == key.has_value());
    if (!parsed) {
        check(parsed.error().message == key.error().message);
        return std::nullopt;
    }
    check_round_trip(*parsed);
    const std::string part = wardround::vuln::to_cpe23_value(parsed->part());
    check(part.size() == 1 && part[0] == key->part());
    check(key->vendor() == wardround::vuln::to_cpe23_value(parsed->vendor()));
    check(key->product() == wardround::vuln::to_cpe23_value(parsed->product()));
    return *parsed;
}

std::optional<Cpe> parse_uri(std::string_view text) {
    auto parsed = wardround::vuln::parse_cpe22_uri(text);
    if (!parsed) {
        return std::nullopt;
    }
    check_round_trip(*parsed);
    return *parsed;
}

bool end_allows(const CpeWildcard& wildcard, std::size_t characters) {
    return wildcard.star || characters <= wildcard.questions;
}

// Tries every split of the target into prefix, text and suffix.
bool brute_force_matches(const CpeValue& pattern, std::string_view target) {
    for (std::size_t begin = 0; begin <= target.size(); ++begin) {
        for (std::size_t end = begin; end <= target.size(); ++end) {
            if (target.substr(begin, end - begin) == pattern.text &&
                end_allows(pattern.leading, begin) &&
                end_allows(pattern.trailing, target.size() - end)) {
                return true;
            }
        }
    }
    return false;
}

std::optional<CpeRelation> expected_relation(const CpeValue& source, const CpeValue& target) {
    const bool source_any = source.kind == CpeValueKind::kAny;
    const bool target_any = target.kind == CpeValueKind::kAny;
    const bool source_na = source.kind == CpeValueKind::kNa;
    const bool target_na = target.kind == CpeValueKind::kNa;
    if (target.has_wildcards()) {
        return CpeRelation::kUndefined;
    }
    if ((source_any && target_any) || (source_na && target_na)) {
        return CpeRelation::kEqual;
    }
    if (source_any) {
        return CpeRelation::kSuperset;
    }
    if (target_any) {
        return CpeRelation::kSubset;
    }
    if (source_na || target_na) {
        return CpeRelation::kDisjoint;
    }
    if (!source.has_wildcards()) {
        return source.text == target.text ? CpeRelation::kEqual : CpeRelation::kDisjoint;
    }
    if (target.text.size() > 200) {
        return std::nullopt;  // the brute force is quadratic
    }
    return brute_force_matches(source, target.text) ? CpeRelation::kSuperset
                                                    : CpeRelation::kDisjoint;
}

void check_matching(const Cpe& source, const Cpe& target) {
    bool all_superset_or_equal = true;
    for (std::size_t i = 0; i < wardround::vuln::kCpeAttributeCount; ++i) {
        const auto attribute = static_cast<CpeAttribute>(i);
        const CpeRelation relation =
            wardround::vuln::compare_cpe_values(source.get(attribute), target.get(attribute));
        const auto expected = expected_relation(source.get(attribute), target.get(attribute));
        check(!expected || relation == *expected);
        all_superset_or_equal = all_superset_or_equal && (relation == CpeRelation::kSuperset ||
                                                          relation == CpeRelation::kEqual);
    }
    const CpeRelation name = wardround::vuln::compare_cpe(source, target);
    check(wardround::vuln::cpe_applies(source, target) == all_superset_or_equal);
    check(all_superset_or_equal == (name == CpeRelation::kSuperset || name == CpeRelation::kEqual));
}

std::optional<Cpe> parse_either(std::string_view text) {
    auto formatted = parse_formatted(text);
    auto uri = parse_uri(text);
    return formatted ? formatted : uri;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t newline = input.find('\n');
    const auto first = parse_either(input.substr(0, newline));
    if (newline == std::string_view::npos) {
        if (first) {
            check_matching(*first, *first);
        }
        return 0;
    }
    const auto second = parse_either(input.substr(newline + 1));
    if (first && second) {
        check_matching(*first, *second);
        check_matching(*second, *first);
    }
    return 0;
}

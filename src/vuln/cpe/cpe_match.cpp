// SPDX-License-Identifier: Apache-2.0
// CPE name matching, NISTIR 7696. Values are compared unquoted and lower case, so the escape
// counting of the reference algorithm (which works on quoted strings) is not needed: a `?`
// stands for one character of the value, whatever its quoting was.
#include <algorithm>
#include <string_view>

#include <wardround/vuln/cpe.h>

namespace wardround::vuln {
namespace {

// Whether `pattern` (a value with wildcards) matches `target` (a value without). The reference
// algorithm's leading `?` run of length n lets 0..n characters precede the text, a trailing run
// 0..n follow it, and `*` any number.
bool wildcard_matches(const CpeValue& pattern, std::string_view target) {
    const std::size_t length = target.size();
    const std::size_t needed = pattern.text.size();
    if (needed > length) {
        return false;
    }
    const std::size_t slack = length - needed;
    std::size_t first = 0;     // earliest position the text may start at
    std::size_t last = slack;  // latest
    if (!pattern.leading.star) {
        last = std::min<std::size_t>(last, pattern.leading.questions);
    }
    if (!pattern.trailing.star && slack > pattern.trailing.questions) {
        first = slack - pattern.trailing.questions;
    }
    if (first > last) {
        return false;
    }
    const std::size_t found = target.find(pattern.text, first);
    return found != std::string_view::npos && found <= last;
}

bool superset_or_equal(CpeRelation relation) {
    return relation == CpeRelation::kSuperset || relation == CpeRelation::kEqual;
}

}  // namespace

std::string_view cpe_relation_name(CpeRelation relation) {
    switch (relation) {
        case CpeRelation::kDisjoint:
            return "DISJOINT";
        case CpeRelation::kSubset:
            return "SUBSET";
        case CpeRelation::kSuperset:
            return "SUPERSET";
        case CpeRelation::kEqual:
            return "EQUAL";
        case CpeRelation::kUndefined:
            return "UNDEFINED";
    }
    return "UNDEFINED";
}

CpeRelation compare_cpe_values(const CpeValue& source, const CpeValue& target) {
    // The order of these tests is the reference algorithm's (NISTIR 7696 6.1.2): a target with
    // wildcards is undecidable even against ANY.
    if (target.kind == CpeValueKind::kValue && target.has_wildcards()) {
        return CpeRelation::kUndefined;
    }
    if (source == target) {
        return CpeRelation::kEqual;
    }
    if (source.kind == CpeValueKind::kAny) {
        return CpeRelation::kSuperset;
    }
    if (target.kind == CpeValueKind::kAny) {
        return CpeRelation::kSubset;
    }
    if (source.kind == CpeValueKind::kNa || target.kind == CpeValueKind::kNa) {
        return CpeRelation::kDisjoint;
    }
    if (!source.has_wildcards()) {
        return CpeRelation::kDisjoint;
    }
    return wildcard_matches(source, target.text) ? CpeRelation::kSuperset : CpeRelation::kDisjoint;
}

std::array<CpeRelation, kCpeAttributeCount> compare_cpe_attributes(const Cpe& source,
                                                                   const Cpe& target) {
    std::array<CpeRelation, kCpeAttributeCount> relations{};
    for (std::size_t i = 0; i < kCpeAttributeCount; ++i) {
        const auto attribute = static_cast<CpeAttribute>(i);
        relations[i] = compare_cpe_values(source.get(attribute), target.get(attribute));
    }
    return relations;
}

CpeRelation compare_cpe(const Cpe& source, const Cpe& target) {
    const auto relations = compare_cpe_attributes(source, target);
    const auto all = [&relations](auto predicate) {
        return std::all_of(relations.begin(), relations.end(), predicate);
    };
    if (std::find(relations.begin(), relations.end(), CpeRelation::kDisjoint) != relations.end()) {
        return CpeRelation::kDisjoint;
    }
    if (all([](CpeRelation r) { return r == CpeRelation::kEqual; })) {
        return CpeRelation::kEqual;
    }
    if (all([](CpeRelation r) { return superset_or_equal(r); })) {
        return CpeRelation::kSuperset;
    }
    if (all([](CpeRelation r) { return r == CpeRelation::kSubset || r == CpeRelation::kEqual; })) {
        return CpeRelation::kSubset;
    }
    return CpeRelation::kUndefined;
}

bool cpe_applies(const Cpe& criteria, const Cpe& target) {
    // Part, vendor and product first: they rule out almost every pair, cheaply.
    for (std::size_t i = 0; i < kCpeAttributeCount; ++i) {
        const auto attribute = static_cast<CpeAttribute>(i);
        if (!superset_or_equal(
                compare_cpe_values(criteria.get(attribute), target.get(attribute)))) {
            return false;
        }
    }
    return true;
}

}  // namespace wardround::vuln

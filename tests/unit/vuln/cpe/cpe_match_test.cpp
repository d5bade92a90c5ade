// SPDX-License-Identifier: Apache-2.0
// NISTIR 7696 name matching: what the matcher gets for each pair of attribute values and names.
#include <array>
#include <string_view>

#include <gtest/gtest.h>

#include <wardround/vuln/cpe.h>

namespace wardround::vuln {
namespace {

Cpe fs(std::string_view text) {
    auto parsed = parse_cpe23(text);
    EXPECT_TRUE(parsed.has_value()) << text << ": " << (parsed ? "" : parsed.error().message);
    return parsed ? *parsed : Cpe{};
}

Cpe uri(std::string_view text) {
    auto parsed = parse_cpe22_uri(text);
    EXPECT_TRUE(parsed.has_value()) << text << ": " << (parsed ? "" : parsed.error().message);
    return parsed ? *parsed : Cpe{};
}

// The relation of two version values, each written as in a formatted string.
std::string_view versions(std::string_view source, std::string_view target) {
    const std::string prefix = "cpe:2.3:a:vendor:product:";
    const std::string suffix = ":*:*:*:*:*:*:*";
    const Cpe s = fs(prefix + std::string(source) + suffix);
    const Cpe t = fs(prefix + std::string(target) + suffix);
    return cpe_relation_name(compare_cpe_values(s.version(), t.version()));
}

TEST(CpeMatch, LogicalValues) {
    EXPECT_EQ(versions("*", "*"), "EQUAL");
    EXPECT_EQ(versions("*", "-"), "SUPERSET");
    EXPECT_EQ(versions("*", "1.0"), "SUPERSET");
    EXPECT_EQ(versions("-", "*"), "SUBSET");
    EXPECT_EQ(versions("-", "-"), "EQUAL");
    EXPECT_EQ(versions("-", "1.0"), "DISJOINT");
    EXPECT_EQ(versions("1.0", "*"), "SUBSET");
    EXPECT_EQ(versions("1.0", "-"), "DISJOINT");
    EXPECT_EQ(versions("1.0", "1.0"), "EQUAL");
    EXPECT_EQ(versions("1.0", "1.1"), "DISJOINT");
    // A quoted hyphen is a value, not NA.
    EXPECT_EQ(versions("\\-", "-"), "DISJOINT");
    EXPECT_EQ(versions("\\-", "\\-"), "EQUAL");
}

TEST(CpeMatch, TargetWithWildcardsIsUndefinedWhateverTheSource) {
    EXPECT_EQ(versions("*", "8.*"), "UNDEFINED");
    EXPECT_EQ(versions("-", "8.*"), "UNDEFINED");
    EXPECT_EQ(versions("8.0", "8.?"), "UNDEFINED");
    EXPECT_EQ(versions("8.*", "8.*"), "UNDEFINED");
}

TEST(CpeMatch, StarMatchesAnyRun) {
    EXPECT_EQ(versions("8.*", "8.0.6001"), "SUPERSET");
    EXPECT_EQ(versions("8.*", "8."), "SUPERSET");
    EXPECT_EQ(versions("8.*", "18.0"), "DISJOINT");
    EXPECT_EQ(versions("*.0", "2.0"), "SUPERSET");
    EXPECT_EQ(versions("*.0", "2.0.1"), "DISJOINT");
    EXPECT_EQ(versions("*beta*", "2.0beta1"), "SUPERSET");
    EXPECT_EQ(versions("*beta*", "beta"), "SUPERSET");
    EXPECT_EQ(versions("*beta*", "2.0rc1"), "DISJOINT");
    EXPECT_EQ(versions("**", "anything"), "SUPERSET");
}

TEST(CpeMatch, QuestionMarksMatchAtMostThatManyCharacters) {
    // The NISTIR 7696 reference algorithm lets a run of n `?` stand for 0..n characters.
    EXPECT_EQ(versions("1.?", "1.0"), "SUPERSET");
    EXPECT_EQ(versions("1.?", "1."), "SUPERSET");
    EXPECT_EQ(versions("1.?", "1.10"), "DISJOINT");
    EXPECT_EQ(versions("1.??", "1.10"), "SUPERSET");
    EXPECT_EQ(versions("??2", "2"), "SUPERSET");
    EXPECT_EQ(versions("??2", "12"), "SUPERSET");
    EXPECT_EQ(versions("??2", "112"), "SUPERSET");
    EXPECT_EQ(versions("??2", "1112"), "DISJOINT");
    EXPECT_EQ(versions("??2", "21"), "DISJOINT");
    EXPECT_EQ(versions("?", "x"), "SUPERSET");
    EXPECT_EQ(versions("?", "xy"), "DISJOINT");
    EXPECT_EQ(versions("?2?", "121"), "SUPERSET");
    EXPECT_EQ(versions("?2?", "1221"), "DISJOINT");
    EXPECT_EQ(versions("*2?", "1221"), "SUPERSET");
    EXPECT_EQ(versions("?2*", "1221"), "SUPERSET");
    EXPECT_EQ(versions("?2*", "11221"), "DISJOINT");
}

TEST(CpeMatch, QuotedCharactersCountAsOne) {
    // `?` stands for one character of the value, whatever its quoting in the text.
    EXPECT_EQ(versions("c?", "c\\+"), "SUPERSET");
    EXPECT_EQ(versions("c?", "c\\+\\+"), "DISJOINT");
    EXPECT_EQ(versions("c??", "c\\+\\+"), "SUPERSET");
    // A quoted `*` is literal: it is not a wildcard in the source and makes no target undefined.
    EXPECT_EQ(versions("1\\*", "1x"), "DISJOINT");
    EXPECT_EQ(versions("1\\*", "1\\*"), "EQUAL");
    EXPECT_EQ(versions("1*", "1\\*"), "SUPERSET");
}

TEST(CpeMatch, CaseDoesNotMatter) {
    EXPECT_EQ(compare_cpe(fs("cpe:2.3:a:Microsoft:Office:*:*:*:*:*:*:*:*"),
                          fs("cpe:2.3:a:microsoft:OFFICE:*:*:*:*:*:*:*:*")),
              CpeRelation::kEqual);
    EXPECT_EQ(versions("1.0-Beta*", "1.0-BETA2"), "SUPERSET");
}

TEST(CpeMatch, NistirExampleWithUndefinedAttributes) {
    // NISTIR 7696, the worked comparison of two Internet Explorer names.
    const Cpe source = fs("cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:sp2:*:*:*:*");
    const Cpe target = fs("cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:-:*:*:*:*:*");
    const auto relations = compare_cpe_attributes(source, target);
    const std::array<CpeRelation, kCpeAttributeCount> expected = {
        CpeRelation::kEqual,     CpeRelation::kEqual,     CpeRelation::kEqual,
        CpeRelation::kUndefined, CpeRelation::kUndefined, CpeRelation::kSuperset,
        CpeRelation::kSubset,    CpeRelation::kEqual,     CpeRelation::kEqual,
        CpeRelation::kEqual,     CpeRelation::kEqual,
    };
    EXPECT_EQ(relations, expected);
    EXPECT_EQ(compare_cpe(source, target), CpeRelation::kUndefined);
    EXPECT_FALSE(cpe_applies(source, target));
}

TEST(CpeMatch, NameRelations) {
    const Cpe any_version = fs("cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:*");
    const Cpe exact = fs("cpe:2.3:a:openbsd:openssh:9.8:-:*:*:*:*:*:*");
    EXPECT_EQ(compare_cpe(exact, exact), CpeRelation::kEqual);
    EXPECT_EQ(compare_cpe(any_version, exact), CpeRelation::kSuperset);
    EXPECT_EQ(compare_cpe(exact, any_version), CpeRelation::kSubset);
    EXPECT_EQ(compare_cpe(exact, fs("cpe:2.3:a:openbsd:openssh:8.5:p1:*:*:*:*:*:*")),
              CpeRelation::kDisjoint);
    // SUPERSET in one attribute and SUBSET in another: neither contains the other.
    EXPECT_EQ(compare_cpe(fs("cpe:2.3:a:openbsd:openssh:*:p1:*:*:*:*:*:*"),
                          fs("cpe:2.3:a:openbsd:openssh:8.5:*:*:*:*:*:*:*")),
              CpeRelation::kUndefined);
    // DISJOINT wins over UNDEFINED.
    EXPECT_EQ(compare_cpe(fs("cpe:2.3:a:openbsd:openssh:1.0:p1:*:*:*:*:*:*"),
                          fs("cpe:2.3:a:openbsd:openssh:1.*:p2:*:*:*:*:*:*")),
              CpeRelation::kDisjoint);
}

TEST(CpeMatch, AppliesOnlyWhenTheCriteriaContainsTheTarget) {
    const Cpe openssh = uri("cpe:/a:openbsd:openssh:5.9p1");
    // NVD's range criteria: the version is ANY and the bounds are checked by the matcher.
    EXPECT_TRUE(cpe_applies(fs("cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:*"), openssh));
    EXPECT_FALSE(cpe_applies(fs("cpe:2.3:a:openbsd:openssh:8.5:p1:*:*:*:*:*:*"), openssh));
    EXPECT_TRUE(cpe_applies(fs("cpe:2.3:a:openbsd:openssh:5.9p1:*:*:*:*:*:*:*"), openssh));
    // Other part, other vendor: no.
    EXPECT_FALSE(cpe_applies(fs("cpe:2.3:o:openbsd:openssh:*:*:*:*:*:*:*:*"), openssh));
    EXPECT_FALSE(
        cpe_applies(fs("cpe:2.3:a:nginx:nginx:*:*:*:*:*:*:*:*"), uri("cpe:/a:igor_sysoev:nginx")));
    // A criteria with a version never applies to a target whose version is unknown (ANY).
    EXPECT_FALSE(cpe_applies(fs("cpe:2.3:a:igor_sysoev:nginx:1.20.0:*:*:*:*:*:*:*"),
                             uri("cpe:/a:igor_sysoev:nginx")));
    EXPECT_TRUE(cpe_applies(fs("cpe:2.3:a:igor_sysoev:nginx:1.20.*:*:*:*:*:*:*:*"),
                            uri("cpe:/a:igor_sysoev:nginx:1.20.1")));
}

TEST(CpeMatch, NmapWindowsAgainstEternalBlueCriteria) {
    // NVD writes Windows 7 SP1 with version NA; nmap leaves the version empty (ANY). The nmap name
    // is then wider than the criteria: SUBSET, which is not a match.
    const Cpe criteria = fs("cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*");
    const Cpe nmap = uri("cpe:/o:microsoft:windows_7::sp1");
    EXPECT_EQ(compare_cpe(criteria, nmap), CpeRelation::kSubset);
    EXPECT_FALSE(cpe_applies(criteria, nmap));
    EXPECT_TRUE(cpe_applies(criteria, uri("cpe:/o:microsoft:windows_7:-:sp1")));
    // A vulnerable:false hardware platform with version NA needs the asset's version to be NA.
    const Cpe platform = fs("cpe:2.3:h:siemens:6bk1602-0aa12-0tp0:-:*:*:*:*:*:*:*");
    EXPECT_TRUE(cpe_applies(platform, uri("cpe:/h:siemens:6bk1602-0aa12-0tp0:-")));
    EXPECT_FALSE(cpe_applies(platform, uri("cpe:/h:siemens:6bk1602-0aa12-0tp0:2.0")));
}

TEST(CpeMatch, TargetSoftwareAndHardwareAreCompared) {
    const Cpe criteria = fs("cpe:2.3:o:microsoft:windows_server_2008:r2:sp1:*:*:*:*:x64:*");
    EXPECT_TRUE(
        cpe_applies(criteria, fs("cpe:2.3:o:microsoft:windows_server_2008:r2:sp1:*:*:*:*:x64:*")));
    EXPECT_FALSE(
        cpe_applies(criteria, fs("cpe:2.3:o:microsoft:windows_server_2008:r2:sp1:*:*:*:*:x86:*")));
    EXPECT_FALSE(
        cpe_applies(criteria, fs("cpe:2.3:o:microsoft:windows_server_2008:r2:sp1:*:*:*:*:*:*")));
}

TEST(CpeMatch, RelationNames) {
    EXPECT_EQ(cpe_relation_name(CpeRelation::kDisjoint), "DISJOINT");
    EXPECT_EQ(cpe_relation_name(CpeRelation::kSubset), "SUBSET");
    EXPECT_EQ(cpe_relation_name(CpeRelation::kSuperset), "SUPERSET");
    EXPECT_EQ(cpe_relation_name(CpeRelation::kEqual), "EQUAL");
    EXPECT_EQ(cpe_relation_name(CpeRelation::kUndefined), "UNDEFINED");
}

}  // namespace
}  // namespace wardround::vuln

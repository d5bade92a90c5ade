// SPDX-License-Identifier: Apache-2.0
// Device advisories (CSAF without CPE) matched to devices by vendor, product text and firmware
// ranges, with the facts of real CISA medical advisories.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/match/csaf_matcher.h>

namespace wardround::match {
namespace {

CsafProductSpec product(std::string vendor, std::string name, std::string version_text) {
    CsafProductSpec spec;
    spec.advisory = "ICSMA-TEST";
    spec.product_id = "CSAFPID-0001";
    spec.text.vendor = std::move(vendor);
    spec.text.product_name = std::move(name);
    spec.text.version_text = std::move(version_text);
    spec.statements.push_back({"CVE-2099-0001", "known_affected", ""});
    return spec;
}

Truth decide(const CsafIndex& index, const CsafDevice& device) {
    const auto verdicts = index.evaluate(device);
    Truth result = Truth::kFalse;
    for (const CsafVerdict& verdict : verdicts) {
        if (verdict.truth == Truth::kTrue) {
            return Truth::kTrue;
        }
        result = Truth::kUnknown;
    }
    return result;
}

TEST(CsafIndex, FreeTextRangeJustBelowAtAndAbove) {
    CsafIndex index;
    index.add(product("GE Healthcare", "ApexPro Telemetry Server", "<= 4.2"));
    EXPECT_EQ(decide(index, {"GE Healthcare", "ApexPro Telemetry Server", "4.1"}), Truth::kTrue);
    EXPECT_EQ(decide(index, {"GE Healthcare", "ApexPro Telemetry Server", "4.2"}), Truth::kTrue);
    EXPECT_EQ(decide(index, {"GE Healthcare", "ApexPro Telemetry Server", "4.3"}), Truth::kFalse);
    // The register's vendor spelled as CISA sometimes spells it.
    EXPECT_EQ(decide(index, {"General Electric (GE)", "ApexPro Telemetry Server", "4.1"}),
              Truth::kTrue);
    EXPECT_EQ(decide(index, {"GE Healthcare", "ApexPro Telemetry Server", ""}), Truth::kUnknown);
    EXPECT_EQ(decide(index, {"Baxter", "ApexPro Telemetry Server", "4.1"}), Truth::kFalse);
}

TEST(CsafIndex, ListedVersionsAndVendorAliases) {
    CsafIndex index;
    index.add(product("Becton, Dickinson and Company (BD)", "Alaris Gateway Workstation",
                      "1.1.3 Build 10"));
    EXPECT_EQ(decide(index, {"BD", "Alaris Gateway Workstation", "1.1.3 Build 10"}), Truth::kTrue);
    EXPECT_EQ(decide(index, {"Becton Dickinson", "Alaris Gateway Workstation", "1.6.1"}),
              Truth::kFalse);
}

TEST(CsafIndex, AllVersionsAndReleaseLinesInTheName) {
    CsafIndex index;
    index.add(product("Phillips", "IntelliSpace Portal 8.0.x", "vers:all/*"));
    EXPECT_EQ(decide(index, {"Philips", "IntelliSpace Portal", "8.0.2"}), Truth::kTrue);
    EXPECT_EQ(decide(index, {"Philips", "IntelliSpace Portal", "9.0.1"}), Truth::kFalse);
    EXPECT_EQ(decide(index, {"Philips", "IntelliSpace Portal", "7.0.4"}), Truth::kFalse);
}

TEST(CsafIndex, AMoreSpecificAdvisoryProductIsNotEvaluable) {
    CsafIndex index;
    index.add(product("BD", "Alaris Gateway Workstation Alaris GS", "2.3.6 and below"));
    // The register does not say which pump the workstation serves: a person has to check.
    EXPECT_EQ(decide(index, {"BD", "Alaris Gateway Workstation", "1.6.1"}), Truth::kUnknown);
    // A near-miss model never matches.
    CsafIndex monitors;
    monitors.add(product("Philips", "IntelliVue MX40", "<= B.06.18"));
    EXPECT_EQ(decide(monitors, {"Philips", "IntelliVue MX400", "B.06.10"}), Truth::kFalse);
    EXPECT_EQ(decide(monitors, {"Philips", "IntelliVue MX40", "B.06.10"}), Truth::kTrue);
}

TEST(CsafIndex, UnreadableRangesAreNotEvaluableWithTheReason) {
    CsafIndex index;
    index.add(product("Baxter", "Sigma Spectrum LVP", "8.x (with Wireless Battery Modules v17)"));
    const auto verdicts = index.evaluate({"Baxter", "Sigma Spectrum LVP", "8.00.01"});
    ASSERT_EQ(verdicts.size(), 1U);
    EXPECT_EQ(verdicts.front().truth, Truth::kUnknown);
    EXPECT_NE(verdicts.front().steps.back().find("cannot be read"), std::string::npos);
}

}  // namespace
}  // namespace wardround::match

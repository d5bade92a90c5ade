// SPDX-License-Identifier: Apache-2.0
// Error paths: what the module refuses and how it says so, and evaluation that cannot decide.
#include <string>

#include <gtest/gtest.h>

#include <wardround/vuln/advisory_text.h>

#include "unit/vuln/advisory_text/dotted_comparator.h"

namespace wardround::vuln {
namespace {

TEST(AdvisoryTextErrors, EmptyAndBlankTextsAreNotEvaluable) {
    for (const char* text : {"", " ", "\t \n", "|", " | "}) {
        const auto range = parse_version_range_text(text);
        ASSERT_FALSE(range.has_value()) << "'" << text << "'";
        EXPECT_EQ(range.error().code, ErrorCode::kInvalidArgument);
        EXPECT_TRUE(range.error().message.starts_with("not evaluable: ")) << range.error().message;
    }
}

TEST(AdvisoryTextErrors, BinaryAndHugeTextsAreRefusedNotCrashed) {
    const std::string binary("\x00\xff<\x01", 4);
    EXPECT_FALSE(parse_version_range_text(binary).has_value());
    const std::string long_version = "< " + std::string(100000, '9');
    const auto range = parse_version_range_text(long_version);
    ASSERT_TRUE(range.has_value());
    EXPECT_EQ(range->alternatives.front().front().version.size(), 100000U);
    EXPECT_FALSE(parse_version_range_text(std::string(5000, '|')).has_value());
    EXPECT_FALSE(parse_version_range_text("vers:").has_value());
    EXPECT_FALSE(parse_version_range_text("vers:/1.0").has_value());
    EXPECT_FALSE(parse_version_range_text("vers:generic/").has_value());
    EXPECT_FALSE(parse_version_range_text("vers:generic/<=").has_value());
}

TEST(AdvisoryTextErrors, EvaluationWithoutAnswer) {
    const VersionComparator compare = advisory_test::dotted_comparator();
    const auto range = parse_version_range_text("< 4.2");
    ASSERT_TRUE(range.has_value());
    EXPECT_EQ(evaluate_version_range(*range, "", compare).verdict, RangeVerdict::kNotEvaluable);
    EXPECT_EQ(evaluate_version_range(*range, "  ", compare).verdict, RangeVerdict::kNotEvaluable);
    EXPECT_EQ(evaluate_version_range(*range, "4.1", VersionComparator{}).verdict,
              RangeVerdict::kNotEvaluable);
    const RangeEvaluation unordered = evaluate_version_range(*range, "beta", compare);
    EXPECT_EQ(unordered.verdict, RangeVerdict::kNotEvaluable);
    EXPECT_EQ(unordered.reason, "cannot order 'beta' and '4.2'");
    EXPECT_EQ(evaluate_version_range(ParsedVersionRange{}, "1.0", compare).verdict,
              RangeVerdict::kNotEvaluable);
    ParsedVersionRange empty_alternative;
    empty_alternative.alternatives.emplace_back();
    EXPECT_EQ(evaluate_version_range(empty_alternative, "1.0", compare).verdict,
              RangeVerdict::kNotEvaluable);
}

TEST(AdvisoryTextErrors, OneDecidedAlternativeIsEnough) {
    // "beta" cannot be ordered against 1.0, but the caller learns that only when nothing holds.
    const VersionComparator compare = advisory_test::dotted_comparator();
    const auto range = parse_version_range_text("B | < 2.0");
    ASSERT_TRUE(range.has_value());
    EXPECT_EQ(evaluate_version_range(*range, "B", compare).verdict, RangeVerdict::kInside);
    EXPECT_EQ(evaluate_version_range(*range, "1.5", compare).verdict, RangeVerdict::kInside);
    EXPECT_EQ(evaluate_version_range(*range, "C", compare).verdict, RangeVerdict::kNotEvaluable);
    const RangeEvaluation outside = evaluate_version_range(*range, "2.5", compare);
    EXPECT_EQ(outside.verdict, RangeVerdict::kNotEvaluable) << outside.reason;
}

TEST(AdvisoryTextErrors, ExplanationsNameTheBounds) {
    const VersionComparator compare = advisory_test::dotted_comparator();
    const auto range = parse_version_range_text(">= 7.0 | <= 10.1.3");
    ASSERT_TRUE(range.has_value());
    EXPECT_EQ(evaluate_version_range(*range, "8.1", compare).reason,
              "8.1 >= 7.0 and 8.1 <= 10.1.3");
    EXPECT_EQ(evaluate_version_range(*range, "11", compare).reason,
              "11 is outside >= 7.0 and <= 10.1.3");
}

TEST(AdvisoryTextErrors, VendorAndProductEdgeCases) {
    EXPECT_EQ(normalise_vendor_name(""), "");
    EXPECT_EQ(normalise_vendor_name("™®"), "");
    EXPECT_EQ(normalise_product_text("IntelliVue™  MX800"), "intellivue mx800");
    EXPECT_EQ(normalise_product_text("  Alaris® PC-Unit (8015)  "), "alaris pc unit 8015");
    EXPECT_EQ(normalise_product_text(std::string("\xff\xfe", 2)), "");
    const ProductTextMatch no_vendor = match_product_text({}, DeviceText{"", "X", ""});
    EXPECT_EQ(no_vendor.kind, ProductTextMatch::kNone);
    EXPECT_FALSE(no_vendor.reason.empty());
    AdvisoryProductText advisory;
    advisory.vendor = "Philips";
    const ProductTextMatch no_text = match_product_text(advisory, DeviceText{"Philips", "", ""});
    EXPECT_EQ(no_text.kind, ProductTextMatch::kNone);
    EXPECT_TRUE(vendor_keys_match("hillrom", "baxter"));
    EXPECT_TRUE(vendor_keys_match("baxter", "hillrom"));
    EXPECT_FALSE(vendor_keys_match("baxter", "bd"));
    EXPECT_FALSE(vendor_keys_match("", ""));
}

}  // namespace
}  // namespace wardround::vuln

// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <wardround/core/time.h>

namespace wardround {
namespace {

std::string canonical(std::string_view text) {
    auto parsed = parse_timestamp(text);
    EXPECT_TRUE(parsed.has_value()) << text;
    return parsed ? format_timestamp(*parsed) : "";
}

TEST(Time, ParsesTheFormsTheFeedsUse) {
    EXPECT_EQ(canonical("2023-10-18T18:04:18.493"), "2023-10-18T18:04:18.493Z");      // NVD
    EXPECT_EQ(canonical("2025-08-25T17:04:19.9796Z"), "2025-08-25T17:04:19.979Z");    // KEV
    EXPECT_EQ(canonical("2024-09-10T06:00:00.000000Z"), "2024-09-10T06:00:00.000Z");  // CISA CSAF
    EXPECT_EQ(canonical("2024-01-02T03:04:05+01:00"), "2024-01-02T02:04:05.000Z");    // Red Hat
    EXPECT_EQ(canonical("2025-02-20T00:00:00+0000"), "2025-02-20T00:00:00.000Z");     // EPSS
    EXPECT_EQ(canonical("2025-08-25"), "2025-08-25T00:00:00.000Z");
    EXPECT_EQ(canonical("2021-12-31T23:30:00-01:00"), "2022-01-01T00:30:00.000Z");
}

TEST(Time, CanonicalTextSortsInTimeOrder) {
    EXPECT_LT(canonical("2023-10-18T18:04:18.493"), canonical("2023-10-18T18:04:18.5"));
    EXPECT_LT(canonical("1999-12-31T23:59:59"), canonical("2000-01-01T00:00:00"));
}

TEST(Time, RejectsWhatIsNotADateTime) {
    for (std::string_view bad :
         {"", "2023", "2023-13-01", "2023-02-30", "2023-10-18T25:00", "2023-10-18T18:04:18.",
          "2023-10-18T18:04:18Zjunk", "yesterday", "2023-10-18T18:04:18+5:00"}) {
        EXPECT_FALSE(parse_timestamp(bad).has_value()) << bad;
    }
}

TEST(Time, ParsesDatesInTheThreeNhsForms) {
    EXPECT_EQ(format_date(*parse_date("2024-02-29")), "2024-02-29");
    EXPECT_EQ(format_date(*parse_date_dmy("30/06/2023")), "2023-06-30");
    EXPECT_EQ(format_date(*parse_date_compact("20171001")), "2017-10-01");
    EXPECT_FALSE(parse_date("2023-02-29").has_value());
    EXPECT_FALSE(parse_date_dmy("31/04/2023").has_value());
    EXPECT_FALSE(parse_date_compact("2017101").has_value());
    EXPECT_FALSE(parse_date_dmy("2023-06-30").has_value());
}

TEST(Time, DateOfTimestampIsTheUtcDay) {
    EXPECT_EQ(format_date(date_of(*parse_timestamp("2024-03-01T23:59:59.999Z"))), "2024-03-01");
    EXPECT_EQ(format_date(date_of(*parse_timestamp("1969-12-31T12:00:00Z"))), "1969-12-31");
}

}  // namespace
}  // namespace wardround

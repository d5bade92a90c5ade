// SPDX-License-Identifier: Apache-2.0
// The --map option text: "From=to[,From2=to2]" into a column map, and what it refuses.
#include <map>
#include <string>

#include <gtest/gtest.h>

#include <wardround/inventory/device_register.h>
#include <wardround/inventory/inventory_csv.h>

#include "support/test_support.h"

namespace wardround::inventory {
namespace {

TEST(ColumnMap, ParsesPairsAndNormalisesTargets) {
    auto map = parse_column_map(" Device Name = hostname ,IP Address=IP,Last-Seen Date=Last Seen",
                                kInventoryCsvColumns);
    ASSERT_TRUE(map.has_value()) << map.error().to_string();
    EXPECT_EQ(*map, (std::map<std::string, std::string>{{"Device Name", "hostname"},
                                                        {"IP Address", "ip"},
                                                        {"Last-Seen Date", "last_seen"}}));
}

TEST(ColumnMap, TargetsDependOnTheFormat) {
    EXPECT_TRUE(parse_column_map("Networked=network_connected", kDeviceRegisterColumns));
    auto map = parse_column_map("Networked=network_connected", kInventoryCsvColumns);
    ASSERT_FALSE(map.has_value());
    EXPECT_EQ(map.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(map.error().where, "--map");
    EXPECT_NE(map.error().message.find("'network_connected' is not a column of this format"),
              std::string::npos);
    EXPECT_NE(map.error().message.find("asset_id, hostname, fqdn"), std::string::npos);
}

struct BadMap {
    const char* text;
    const char* message;
};

void PrintTo(const BadMap& entry, std::ostream* out) {
    *out << "'" << entry.text << "'";
}

class ColumnMapErrors : public ::testing::TestWithParam<BadMap> {};

TEST_P(ColumnMapErrors, AreInvalidArguments) {
    auto map = parse_column_map(GetParam().text, kInventoryCsvColumns);
    ASSERT_FALSE(map.has_value()) << GetParam().text;
    EXPECT_EQ(map.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(map.error().where, "--map");
    EXPECT_NE(map.error().message.find(GetParam().message), std::string::npos)
        << map.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Texts,
    ColumnMapErrors,
    ::testing::Values(BadMap{"", "the --map text is empty"},
                      BadMap{"   ", "the --map text is empty"},
                      BadMap{"Device Name", "'Device Name' is not of the form From=to"},
                      BadMap{"Device Name=hostname,", "'' is not of the form From=to"},
                      BadMap{"=hostname", "with both names given"},
                      BadMap{"Device Name=", "with both names given"},
                      BadMap{"a=b=hostname", "with both names given"},
                      BadMap{"Name=host", "'host' is not a column of this format"},
                      BadMap{"Name=hostname,NAME=serial", "the column 'NAME' is mapped twice"},
                      BadMap{"Name=hostname,Host=hostname",
                             "both 'Name' and 'Host' are mapped to hostname"}),
    [](const ::testing::TestParamInfo<BadMap>& param) {
        return "case" + std::to_string(param.index);
    });

}  // namespace
}  // namespace wardround::inventory

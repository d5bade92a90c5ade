// SPDX-License-Identifier: Apache-2.0
// Every way a CPE name is rejected, with the message (and byte offset) a user sees.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include <wardround/vuln/cpe.h>

namespace wardround::vuln {
namespace {

std::string fs_error(std::string_view text) {
    auto parsed = parse_cpe23(text);
    if (parsed) {
        ADD_FAILURE() << "accepted: " << text;
        return "";
    }
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    // The index key checks exactly what the parser checks.
    auto key = cpe23_index_key(text);
    EXPECT_FALSE(key.has_value()) << text;
    if (!key) {
        EXPECT_EQ(key.error().message, parsed.error().message);
    }
    return parsed.error().message;
}

std::string uri_error(std::string_view text) {
    auto parsed = parse_cpe22_uri(text);
    if (parsed) {
        ADD_FAILURE() << "accepted: " << text;
        return "";
    }
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    return parsed.error().message;
}

TEST(CpeErrors, FormattedStringPrefix) {
    EXPECT_EQ(fs_error("cpe:2.2:a:v:p:*:*:*:*:*:*:*:*"),
              "CPE 2.3 name: expected the prefix 'cpe:2.3:' but found '2' at offset 6");
    EXPECT_EQ(fs_error(""),
              "CPE 2.3 name: expected the prefix 'cpe:2.3:' but found the end at offset 0");
    EXPECT_EQ(fs_error("cpe:2.3"),
              "CPE 2.3 name: expected the prefix 'cpe:2.3:' but found the end at offset 7");
    EXPECT_EQ(fs_error("microsoft windows"),
              "CPE 2.3 name: expected the prefix 'cpe:2.3:' but found 'm' at offset 0");
    EXPECT_EQ(fs_error("cpe:/o:microsoft:windows_7::sp1"),
              "CPE 2.3 name: this is a CPE 2.2 URI, not a CPE 2.3 name at offset 0");
}

TEST(CpeErrors, FormattedStringPart) {
    EXPECT_EQ(fs_error("cpe:2.3:x:v:p:*:*:*:*:*:*:*:*"),
              "CPE 2.3 name: part must be 'a', 'o', 'h', '*' or '-', not 'x' at offset 8");
    EXPECT_EQ(fs_error("cpe:2.3:app:v:p:*:*:*:*:*:*:*:*"),
              "CPE 2.3 name: part must be 'a', 'o', 'h', '*' or '-', not 'app' at offset 8");
    EXPECT_EQ(fs_error("cpe:2.3:?:v:p:*:*:*:*:*:*:*:*"),
              "CPE 2.3 name: part must be 'a', 'o', 'h', '*' or '-', not '?' at offset 8");
}

TEST(CpeErrors, FormattedStringFieldCount) {
    EXPECT_EQ(fs_error("cpe:2.3:a:vendor:product"),
              "CPE 2.3 name: too few attributes: the name ends after 3 of 11 (part to other) at "
              "offset 24");
    EXPECT_EQ(fs_error("cpe:2.3:a:v:p:*:*:*:*:*:*:*:*:*"),
              "CPE 2.3 name: too many attributes: a 12th begins after the colon (11 follow "
              "'cpe:2.3:') at offset 29");
    // A trailing colon starts a 12th attribute.
    EXPECT_EQ(fs_error("cpe:2.3:a:v:p:*:*:*:*:*:*:*:*:"),
              "CPE 2.3 name: too many attributes: a 12th begins after the colon (11 follow "
              "'cpe:2.3:') at offset 29");
    // An escaped colon does not separate attributes, so one goes missing.
    EXPECT_EQ(fs_error("cpe:2.3:a:v:p\\:*:*:*:*:*:*:*:*"),
              "CPE 2.3 name: too few attributes: the name ends after 10 of 11 (part to other) at "
              "offset 30");
}

TEST(CpeErrors, FormattedStringEmptyValue) {
    EXPECT_EQ(fs_error("cpe:2.3:a::product:*:*:*:*:*:*:*:*"),
              "CPE 2.3 name: empty vendor value (ANY is '*', NA is '-') at offset 10");
    EXPECT_EQ(fs_error("cpe:2.3::v:p:*:*:*:*:*:*:*:*"),
              "CPE 2.3 name: empty part value (ANY is '*', NA is '-') at offset 8");
}

TEST(CpeErrors, FormattedStringEscapes) {
    EXPECT_EQ(fs_error("cpe:2.3:a:v:p:*:*:*:*:*:*:*:x\\"),
              "CPE 2.3 name: '\\' at the end of the name quotes nothing at offset 29");
    EXPECT_EQ(fs_error("cpe:2.3:a:v:p\\q:*:*:*:*:*:*:*:*"),
              "CPE 2.3 name: bad escape '\\q' in the product value (only punctuation is quoted) "
              "at offset 13");
    EXPECT_EQ(fs_error("cpe:2.3:a:v:p:1\\0:*:*:*:*:*:*:*"),
              "CPE 2.3 name: bad escape '\\0' in the version value (only punctuation is quoted) "
              "at offset 15");
    EXPECT_EQ(fs_error("cpe:2.3:a:v:p\\ x:*:*:*:*:*:*:*:*"),
              "CPE 2.3 name: bad escape: '\\' before byte 0x20 (CPE names are printable ASCII "
              "without spaces) at offset 13");
}

TEST(CpeErrors, FormattedStringEmbeddedWildcards) {
    EXPECT_EQ(fs_error("cpe:2.3:a:vendor:pro*duct:*:*:*:*:*:*:*:*"),
              "CPE 2.3 name: unquoted '*' inside the product value (a wildcard may only start or "
              "end a value; a literal one is \\*) at offset 20");
    EXPECT_EQ(fs_error("cpe:2.3:a:vendor:product:1.?.2:*:*:*:*:*:*:*"),
              "CPE 2.3 name: unquoted '?' inside the version value (a wildcard may only start or "
              "end a value; a literal one is \\?) at offset 27");
    // A run of `?` then `*`, or `*` then `?`, is not one wildcard.
    EXPECT_EQ(fs_error("cpe:2.3:a:v:p:1??*:*:*:*:*:*:*:*"),
              "CPE 2.3 name: unquoted '?' inside the version value (a wildcard may only start or "
              "end a value; a literal one is \\?) at offset 15");
    EXPECT_EQ(fs_error("cpe:2.3:a:v:p:1*?:*:*:*:*:*:*:*"),
              "CPE 2.3 name: unquoted '*' inside the version value (a wildcard may only start or "
              "end a value; a literal one is \\*) at offset 15");
    EXPECT_EQ(fs_error("cpe:2.3:a:v:p:?*?:*:*:*:*:*:*:*"),
              "CPE 2.3 name: unquoted '*' inside the version value (a wildcard may only start or "
              "end a value; a literal one is \\*) at offset 15");
    EXPECT_EQ(fs_error("cpe:2.3:a:v:p:***:*:*:*:*:*:*:*"),
              "CPE 2.3 name: unquoted '*' inside the version value (a wildcard may only start or "
              "end a value; a literal one is \\*) at offset 15");
}

TEST(CpeErrors, FormattedStringBytesOutsidePrintableAscii) {
    EXPECT_EQ(fs_error("cpe:2.3:a:microsoft:internet explorer:*:*:*:*:*:*:*:*"),
              "CPE 2.3 name: byte 0x20 in the product value (CPE names are printable ASCII "
              "without spaces) at offset 28");
    EXPECT_EQ(fs_error("cpe:2.3:a:innokas_yhtym\xc3\xa4_oy:p:*:*:*:*:*:*:*:*"),
              "CPE 2.3 name: byte 0xc3 in the vendor value (CPE names are printable ASCII without "
              "spaces) at offset 23");
    EXPECT_EQ(fs_error(std::string_view("cpe:2.3:a:v:p\0:*:*:*:*:*:*:*:*", 30)),
              "CPE 2.3 name: byte 0x00 in the product value (CPE names are printable ASCII "
              "without spaces) at offset 13");
}

TEST(CpeErrors, TooLong) {
    const std::string long_name = "cpe:2.3:a:v:" + std::string(kCpeMaxLength, 'p') + ":*";
    EXPECT_EQ(fs_error(long_name), "CPE 2.3 name: longer than 65536 bytes at offset 65536");
    const std::string long_uri = "cpe:/a:v:" + std::string(kCpeMaxLength, 'p');
    EXPECT_EQ(uri_error(long_uri), "CPE 2.2 URI: longer than 65536 bytes at offset 65536");
}

TEST(CpeErrors, UriPrefix) {
    EXPECT_EQ(uri_error("cpe:a:openbsd:openssh"),
              "CPE 2.2 URI: expected the prefix 'cpe:/' but found 'a' at offset 4");
    EXPECT_EQ(uri_error("cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:*"),
              "CPE 2.2 URI: this is a CPE 2.3 name, not a CPE 2.2 URI at offset 0");
    EXPECT_EQ(uri_error("pkg:npm/lodash@4.17.21"),
              "CPE 2.2 URI: expected the prefix 'cpe:/' but found 'p' at offset 0");
}

TEST(CpeErrors, UriPart) {
    EXPECT_EQ(uri_error("cpe:/x:openbsd:openssh"),
              "CPE 2.2 URI: part must be 'a', 'o', 'h', '-' or empty, not 'x' at offset 5");
    EXPECT_EQ(uri_error("cpe:/%61:openbsd:openssh"),
              "CPE 2.2 URI: part must be 'a', 'o', 'h', '-' or empty, not '%61' at offset 5");
}

TEST(CpeErrors, UriComponentCount) {
    EXPECT_EQ(uri_error("cpe:/a:v:p:1:u:e:en:extra"),
              "CPE 2.2 URI: too many components: an 8th begins after the colon (a CPE 2.2 URI "
              "has at most 7, part to language) at offset 19");
    EXPECT_EQ(uri_error("cpe:/a:v:p:1:u:~e~sw~ts~th:en"),
              "CPE 2.2 URI: packed edition has 4 fields, not 5 "
              "(~edition~sw_edition~target_sw~target_hw~other) at offset 15");
    EXPECT_EQ(uri_error("cpe:/a:v:p:1:u:~e~sw~ts~th~o~x"),
              "CPE 2.2 URI: packed edition has 6 fields, not 5 "
              "(~edition~sw_edition~target_sw~target_hw~other) at offset 15");
}

TEST(CpeErrors, UriPercentEncoding) {
    EXPECT_EQ(uri_error("cpe:/a:v:c%2"),
              "CPE 2.2 URI: '%' in the product value is not followed by two hex digits at offset "
              "10");
    EXPECT_EQ(uri_error("cpe:/a:v:c%zz1"),
              "CPE 2.2 URI: '%' in the product value is not followed by two hex digits at offset "
              "10");
    EXPECT_EQ(uri_error("cpe:/a:v:big%20money"),
              "CPE 2.2 URI: %20 decodes to byte 0x20 (CPE names are printable ASCII without "
              "spaces) at offset 12");
    EXPECT_EQ(uri_error("cpe:/a:v:p:1%01.2"),
              "CPE 2.2 URI: wildcard %01 inside the version value (a wildcard may only start or "
              "end a value) at offset 12");
    EXPECT_EQ(uri_error("cpe:/a:v:p:1%02.2"),
              "CPE 2.2 URI: wildcard %02 inside the version value (a wildcard may only start or "
              "end a value) at offset 12");
}

TEST(CpeErrors, UriWithCpe23Syntax) {
    EXPECT_EQ(uri_error("cpe:/a:v:sdbus-c\\+\\+"),
              "CPE 2.2 URI: '\\' in the product value is CPE 2.3 syntax (a URI percent-encodes "
              "it; its wildcards are %02 for * and %01 for ?) at offset 16");
    EXPECT_EQ(uri_error("cpe:/a:v:p:1.*"),
              "CPE 2.2 URI: '*' in the version value is CPE 2.3 syntax (a URI percent-encodes "
              "it; its wildcards are %02 for * and %01 for ?) at offset 13");
    EXPECT_EQ(uri_error("cpe:/a:v:p:1.?"),
              "CPE 2.2 URI: '?' in the version value is CPE 2.3 syntax (a URI percent-encodes "
              "it; its wildcards are %02 for * and %01 for ?) at offset 13");
    EXPECT_EQ(uri_error("cpe:/a:v:p:1.0 beta"),
              "CPE 2.2 URI: byte 0x20 in the version value (CPE names are printable ASCII "
              "without spaces) at offset 14");
}

TEST(CpeErrors, SetLiteralLeavesTheCpeUnchanged) {
    Cpe cpe;
    ASSERT_TRUE(cpe.set_literal(CpeAttribute::kVendor, "microsoft").has_value());
    const Cpe before = cpe;

    auto empty = cpe.set_literal(CpeAttribute::kProduct, "");
    ASSERT_FALSE(empty.has_value());
    EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(empty.error().message, "empty product value (use set_any or set_na)");

    auto space = cpe.set_literal(CpeAttribute::kProduct, "internet explorer");
    ASSERT_FALSE(space.has_value());
    EXPECT_EQ(space.error().message,
              "product value has byte 0x20 at offset 8 (CPE values are printable ASCII without "
              "spaces)");

    auto part = cpe.set_literal(CpeAttribute::kPart, "application");
    ASSERT_FALSE(part.has_value());
    EXPECT_EQ(part.error().message, "part must be \"a\", \"o\" or \"h\", not \"application\"");

    auto too_long = cpe.set_literal(CpeAttribute::kOther, std::string(kCpeMaxLength + 1, 'x'));
    ASSERT_FALSE(too_long.has_value());
    EXPECT_EQ(too_long.error().message, "other value is longer than 65536 bytes");

    EXPECT_EQ(cpe, before);
}

}  // namespace
}  // namespace wardround::vuln

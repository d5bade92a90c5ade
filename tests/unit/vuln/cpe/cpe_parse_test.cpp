// SPDX-License-Identifier: Apache-2.0
// Parsing and binding of CPE names: the formatted string, the 2.2 URI, and the index key.
#include <string>
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

CpeValue value(std::string_view text) {
    CpeValue v;
    v.kind = CpeValueKind::kValue;
    v.text = text;
    return v;
}

CpeValue any_value() {
    return CpeValue{};
}

CpeValue na_value() {
    CpeValue v;
    v.kind = CpeValueKind::kNa;
    return v;
}

TEST(CpeParse, FormattedStringGivesAllElevenAttributes) {
    const Cpe cpe = fs("cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*");
    EXPECT_EQ(cpe.part(), value("a"));
    EXPECT_EQ(cpe.vendor(), value("microsoft"));
    EXPECT_EQ(cpe.product(), value("internet_explorer"));
    EXPECT_EQ(cpe.version(), value("8.0.6001"));
    EXPECT_EQ(cpe.update(), value("beta"));
    for (CpeAttribute attribute :
         {CpeAttribute::kEdition, CpeAttribute::kLanguage, CpeAttribute::kSwEdition,
          CpeAttribute::kTargetSw, CpeAttribute::kTargetHw, CpeAttribute::kOther}) {
        EXPECT_TRUE(cpe.get(attribute).is_any()) << cpe_attribute_name(attribute);
    }
}

TEST(CpeParse, DashIsNaAndStarIsAny) {
    const Cpe cpe = fs("cpe:2.3:h:siemens:6bk1602-0aa12-0tp0:-:*:*:*:*:*:*:*");
    EXPECT_TRUE(cpe.version().is_na());
    EXPECT_TRUE(cpe.update().is_any());
    EXPECT_EQ(cpe.version(), na_value());
    EXPECT_EQ(cpe.update(), any_value());
    // A hyphen inside a value, or a quoted one alone, is a character.
    EXPECT_EQ(cpe.product(), value("6bk1602-0aa12-0tp0"));
    EXPECT_EQ(fs("cpe:2.3:a:foo:bar:\\-:*:*:*:*:*:*:*").version(), value("-"));
}

TEST(CpeParse, QuotedCharactersAreUnquoted) {
    EXPECT_EQ(fs("cpe:2.3:a:sdbus-cpp_project:sdbus-c\\+\\+:1.2.0:*:*:*:*:*:*:*").product(),
              value("sdbus-c++"));
    EXPECT_EQ(fs("cpe:2.3:o:ricon:s9922l_firmware:16.10.3\\(3794\\):*:*:*:*:*:*:*").version(),
              value("16.10.3(3794)"));
    EXPECT_EQ(fs("cpe:2.3:a:foo\\\\bar:x:*:*:*:*:*:*:*:*").vendor(), value("foo\\bar"));
    // A quoted `*` or `?` is a literal character, not a wildcard.
    const Cpe literal = fs("cpe:2.3:a:vendor:a\\*b\\?:*:*:*:*:*:*:*:*");
    EXPECT_EQ(literal.product(), value("a*b?"));
    EXPECT_FALSE(literal.product().has_wildcards());
}

TEST(CpeParse, QuotedColonStaysInsideItsValue) {
    const Cpe cpe = fs("cpe:2.3:a:vendor:bar\\:baz:1.0\\:2:*:*:*:*:*:*:*");
    EXPECT_EQ(cpe.product(), value("bar:baz"));
    EXPECT_EQ(cpe.version(), value("1.0:2"));
    EXPECT_TRUE(cpe.update().is_any());
}

TEST(CpeParse, WildcardsAtEitherEndAreRecordedApart) {
    const Cpe cpe = fs("cpe:2.3:a:*soft:??ffice*:1.?:sp??:*:*:*:*:*:*");
    const CpeValue vendor = cpe.vendor();
    EXPECT_EQ(vendor.text, "soft");
    EXPECT_TRUE(vendor.leading.star);
    EXPECT_FALSE(vendor.trailing.present());

    const CpeValue product = cpe.product();
    EXPECT_EQ(product.text, "ffice");
    EXPECT_EQ(product.leading.questions, 2U);
    EXPECT_FALSE(product.leading.star);
    EXPECT_TRUE(product.trailing.star);

    EXPECT_EQ(cpe.version().text, "1.");
    EXPECT_EQ(cpe.version().trailing.questions, 1U);
    EXPECT_EQ(cpe.update().text, "sp");
    EXPECT_EQ(cpe.update().trailing.questions, 2U);
}

TEST(CpeParse, ValuesOfWildcardsOnlyAreValues) {
    const CpeValue questions = fs("cpe:2.3:a:v:p:??:*:*:*:*:*:*:*").version();
    EXPECT_EQ(questions.kind, CpeValueKind::kValue);
    EXPECT_EQ(questions.text, "");
    EXPECT_EQ(questions.leading.questions, 2U);
    const CpeValue star_question = fs("cpe:2.3:a:v:p:*?:*:*:*:*:*:*:*").version();
    EXPECT_TRUE(star_question.leading.star);
    EXPECT_EQ(star_question.trailing.questions, 1U);
}

TEST(CpeParse, CaseIsFoldedToLower) {
    const Cpe upper = fs("CPE:2.3:O:Microsoft:Windows_10:1809:*:*:*:*:*:X64:*");
    EXPECT_EQ(upper, fs("cpe:2.3:o:microsoft:windows_10:1809:*:*:*:*:*:x64:*"));
    EXPECT_EQ(upper.vendor().text, "microsoft");
    EXPECT_EQ(upper.target_hw().text, "x64");
}

TEST(CpeParse, PartMayBeAnyOrNa) {
    EXPECT_TRUE(fs("cpe:2.3:*:microsoft:*:*:*:*:*:*:*:*:*").part().is_any());
    EXPECT_TRUE(fs("cpe:2.3:-:microsoft:*:*:*:*:*:*:*:*:*").part().is_na());
}

TEST(CpeParse, UnquotedPunctuationIsAcceptedAsItself) {
    // NISTIR 7695's unbinding quotes such characters itself; binding back quotes them.
    const Cpe cpe = fs("cpe:2.3:a:vendor:c++:1.0\\.1:*:*:*:*:*:*:*");
    EXPECT_EQ(cpe.product(), value("c++"));
    EXPECT_EQ(cpe.version(), value("1.0.1"));
    EXPECT_EQ(to_cpe23(cpe), "cpe:2.3:a:vendor:c\\+\\+:1.0.1:*:*:*:*:*:*:*");
}

TEST(CpeBind, RoundTripsCanonicalStringsExactly) {
    for (std::string_view text : {
             "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*",
             "cpe:2.3:h:siemens:6bk1602-0aa12-0tp0:-:*:*:*:*:*:*:*",
             "cpe:2.3:a:sdbus-cpp_project:sdbus-c\\+\\+:1.2.0:*:*:*:*:*:*:*",
             "cpe:2.3:o:philips:avalon_fetal\\/maternal_monitors_fm20_firmware:-:*:*:*:*:*:*:*",
             "cpe:2.3:a:themeisle:wp_maintenance_mode_\\&_coming_soon:*:*:*:*:*:wordpress:*:*",
             "cpe:2.3:a:siemens:logo\\!_soft_comfort:*:*:*:*:*:*:*:*",
             "cpe:2.3:a:vendor:bar\\:baz:\\-:*:*:*:*:*:*:*",
             "cpe:2.3:a:*soft:??ffice*:1.?:sp??:*:*:*:*:*:*",
             "cpe:2.3:a:v:a\\*b\\?:??:*?:**:?*:*:*:*:*",
             "cpe:2.3:*:*:*:*:*:*:*:*:*:*:*",
             "cpe:2.3:-:-:-:-:-:-:-:-:-:-:-",
         }) {
        EXPECT_EQ(to_cpe23(fs(text)), text);
    }
}

TEST(CpeBind, NormalisesNeedlessQuotingAndCase) {
    EXPECT_EQ(to_cpe23(fs("CPE:2.3:A:Vendor:Pro\\_duct:1\\.0:*:*:*:*:*:*:*")),
              "cpe:2.3:a:vendor:pro_duct:1.0:*:*:*:*:*:*:*");
}

TEST(CpeBind, DefaultCpeIsAnyEverywhere) {
    EXPECT_EQ(to_cpe23(Cpe{}), "cpe:2.3:*:*:*:*:*:*:*:*:*:*:*");
    EXPECT_EQ(fs("cpe:2.3:*:*:*:*:*:*:*:*:*:*:*"), Cpe{});
}

TEST(CpeBind, ValueBinding) {
    EXPECT_EQ(to_cpe23_value(any_value()), "*");
    EXPECT_EQ(to_cpe23_value(na_value()), "-");
    EXPECT_EQ(to_cpe23_value(value("-")), "\\-");
    EXPECT_EQ(to_cpe23_value(value("sdbus-c++")), "sdbus-c\\+\\+");
    EXPECT_EQ(to_cpe23_value(fs("cpe:2.3:a:v:p:1.?:*:*:*:*:*:*:*").version()), "1.?");
}

TEST(CpeUri, NmapNamesWithEmptyComponents) {
    const Cpe windows = uri("cpe:/o:microsoft:windows_7::sp1");
    EXPECT_EQ(windows.part(), value("o"));
    EXPECT_EQ(windows.vendor(), value("microsoft"));
    EXPECT_EQ(windows.product(), value("windows_7"));
    EXPECT_TRUE(windows.version().is_any());
    EXPECT_EQ(windows.update(), value("sp1"));
    EXPECT_EQ(to_cpe23(windows), "cpe:2.3:o:microsoft:windows_7:*:sp1:*:*:*:*:*:*");

    const Cpe nginx = uri("cpe:/a:igor_sysoev:nginx");
    EXPECT_EQ(to_cpe23(nginx), "cpe:2.3:a:igor_sysoev:nginx:*:*:*:*:*:*:*:*");

    const Cpe vista = uri("cpe:/o:microsoft:windows_vista::-");
    EXPECT_TRUE(vista.update().is_na());
    EXPECT_EQ(to_cpe23(vista), "cpe:2.3:o:microsoft:windows_vista:*:-:*:*:*:*:*:*");

    EXPECT_EQ(to_cpe23(uri("cpe:/o:microsoft:windows_7::-:professional")),
              "cpe:2.3:o:microsoft:windows_7:*:-:professional:*:*:*:*:*");
    EXPECT_EQ(to_cpe23(uri("cpe:/a:openbsd:openssh:5.9p1")),
              "cpe:2.3:a:openbsd:openssh:5.9p1:*:*:*:*:*:*:*");
}

TEST(CpeUri, CsafProductHelpers) {
    EXPECT_EQ(to_cpe23(uri("cpe:/o:redhat:rhel_els:6")),
              "cpe:2.3:o:redhat:rhel_els:6:*:*:*:*:*:*:*");
    EXPECT_EQ(uri("cpe:/a:csaf-tools:cvrf-csaf-converter:1.0.0-alpha").version(),
              value("1.0.0-alpha"));
    EXPECT_EQ(uri("cpe:/a:redhat:enterprise_linux:9::appstream").edition(), value("appstream"));
}

TEST(CpeUri, ComponentsAfterTheLastAreAny) {
    EXPECT_EQ(uri("cpe:/"), Cpe{});
    EXPECT_EQ(uri("cpe:/a"), fs("cpe:2.3:a:*:*:*:*:*:*:*:*:*:*"));
    EXPECT_EQ(uri("cpe:/a:vendor:"), fs("cpe:2.3:a:vendor:*:*:*:*:*:*:*:*:*"));
    EXPECT_EQ(uri("cpe:/a:v:p:1:u:e:en-us"), fs("cpe:2.3:a:v:p:1:u:e:en-us:*:*:*:*"));
    EXPECT_TRUE(uri("cpe:/-").part().is_na());
}

TEST(CpeUri, PercentEncodingIsDecoded) {
    // The examples of NISTIR 7695 6.1.3.
    EXPECT_EQ(to_cpe23(uri("cpe:/a:foo%5cbar:big%24money_manager_2010")),
              "cpe:2.3:a:foo\\\\bar:big\\$money_manager_2010:*:*:*:*:*:*:*:*");
    EXPECT_EQ(uri("cpe:/a:vendor:c%2B%2b").product(), value("c++"));
    EXPECT_EQ(uri("cpe:/a:vendor:product:%2d").version(), value("-"));
    EXPECT_EQ(uri("cpe:/a:vendor:%41BC").product(), value("abc"));
}

TEST(CpeUri, PackedEditionFillsFiveAttributes) {
    const Cpe hp = uri("cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~");
    EXPECT_EQ(to_cpe23(hp),
              "cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*");
    const Cpe ipod = uri("cpe:/a:foo%5cbar:big%24money_manager_2010:::~~special~ipod_touch~80gb~");
    EXPECT_EQ(to_cpe23(ipod),
              "cpe:2.3:a:foo\\\\bar:big\\$money_manager_2010:*:*:*:*:special:ipod_touch:80gb:*");
    const Cpe all = uri("cpe:/a:v:p:1:u:~e~-~ts%2b~th~o:fr");
    EXPECT_EQ(to_cpe23(all), "cpe:2.3:a:v:p:1:u:e:fr:-:ts\\+:th:o");
    // Without the leading tilde the edition is an ordinary value and `~` a character.
    EXPECT_EQ(uri("cpe:/a:v:p:1:u:e~x").edition(), value("e~x"));
}

TEST(CpeUri, WildcardsArePercentCodes) {
    const Cpe cpe = uri("cpe:/a:%02soft:office%02:1.%01%01");
    EXPECT_EQ(to_cpe23(cpe), "cpe:2.3:a:*soft:office*:1.??:*:*:*:*:*:*:*");
    // A lone %02 means any string, which is ANY.
    EXPECT_TRUE(uri("cpe:/a:%02:p").vendor().is_any());
}

TEST(CpeUri, ComparesWithTheSameNameInCpe23) {
    EXPECT_EQ(uri("CPE:/O:Microsoft:Windows_Vista::SP2"),
              fs("cpe:2.3:o:microsoft:windows_vista:*:sp2:*:*:*:*:*:*"));
}

TEST(CpeIndexKey, ViewsIntoCanonicalText) {
    const std::string criteria = "cpe:2.3:a:sdbus-cpp_project:sdbus-c\\+\\+:1.2.0:*:*:*:*:*:*:*";
    auto key = cpe23_index_key(criteria);
    ASSERT_TRUE(key.has_value()) << key.error().message;
    EXPECT_EQ(key->part(), 'a');
    EXPECT_EQ(key->vendor(), "sdbus-cpp_project");
    EXPECT_EQ(key->product(), "sdbus-c\\+\\+");
    // No copy: the views point into the criteria text.
    EXPECT_EQ(key->vendor().data(), criteria.data() + 10);
    EXPECT_EQ(key->product().data(), criteria.data() + 28);
}

TEST(CpeIndexKey, AnyNaAndWildcardsAreKeptAsBound) {
    auto any = cpe23_index_key("cpe:2.3:*:*:-:*:*:*:*:*:*:*:*");
    ASSERT_TRUE(any.has_value());
    EXPECT_EQ(any->part(), '*');
    EXPECT_EQ(any->vendor(), "*");
    EXPECT_EQ(any->product(), "-");
    auto wild = cpe23_index_key("cpe:2.3:o:micro*:??dows:*:*:*:*:*:*:*:*");
    ASSERT_TRUE(wild.has_value());
    EXPECT_EQ(wild->part(), 'o');
    EXPECT_EQ(wild->vendor(), "micro*");
    EXPECT_EQ(wild->product(), "??dows");
    auto lone_hyphen = cpe23_index_key("cpe:2.3:a:\\-:p:*:*:*:*:*:*:*:*");
    ASSERT_TRUE(lone_hyphen.has_value());
    EXPECT_EQ(lone_hyphen->vendor(), "\\-");
}

TEST(CpeIndexKey, NonCanonicalTextIsBoundAfresh) {
    const std::string criteria = "CPE:2.3:H:Vendor\\.X:C++:*:*:*:*:*:*:*:*";
    auto key = cpe23_index_key(criteria);
    ASSERT_TRUE(key.has_value());
    EXPECT_EQ(key->part(), 'h');
    EXPECT_EQ(key->vendor(), "vendor.x");
    EXPECT_EQ(key->product(), "c\\+\\+");
    // The key owns these, and keeps them when moved.
    CpeIndexKey moved = std::move(*key);
    EXPECT_EQ(moved.vendor(), "vendor.x");
    EXPECT_EQ(moved.product(), "c\\+\\+");
}

TEST(CpeSetLiteral, TakesInventoryTextAsItIs) {
    Cpe cpe;
    ASSERT_TRUE(cpe.set_literal(CpeAttribute::kPart, "A").has_value());
    ASSERT_TRUE(cpe.set_literal(CpeAttribute::kVendor, "Sdbus-Cpp_Project").has_value());
    ASSERT_TRUE(cpe.set_literal(CpeAttribute::kProduct, "sdbus-c++").has_value());
    ASSERT_TRUE(cpe.set_literal(CpeAttribute::kVersion, "1.*").has_value());
    cpe.set_na(CpeAttribute::kUpdate);
    EXPECT_EQ(to_cpe23(cpe), "cpe:2.3:a:sdbus-cpp_project:sdbus-c\\+\\+:1.\\*:-:*:*:*:*:*:*");
    EXPECT_FALSE(cpe.version().has_wildcards());
    // Replacing one attribute leaves the others as they were.
    ASSERT_TRUE(cpe.set_literal(CpeAttribute::kVendor, "x").has_value());
    cpe.set_any(CpeAttribute::kUpdate);
    EXPECT_EQ(to_cpe23(cpe), "cpe:2.3:a:x:sdbus-c\\+\\+:1.\\*:*:*:*:*:*:*:*");
}

TEST(CpeSetLiteral, CanReuseItsOwnValue) {
    // The value handed in points into the Cpe being changed.
    Cpe cpe = fs("cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*");
    ASSERT_TRUE(cpe.set_literal(CpeAttribute::kProduct, cpe.vendor().text).has_value());
    EXPECT_EQ(to_cpe23(cpe), "cpe:2.3:a:vendor:vendor:1.0:*:*:*:*:*:*:*");
}

TEST(CpeEquality, ComparesAttributesNotLayout) {
    Cpe built;
    ASSERT_TRUE(built.set_literal(CpeAttribute::kProduct, "nginx").has_value());
    ASSERT_TRUE(built.set_literal(CpeAttribute::kVendor, "igor_sysoev").has_value());
    ASSERT_TRUE(built.set_literal(CpeAttribute::kPart, "a").has_value());
    EXPECT_EQ(built, uri("cpe:/a:igor_sysoev:nginx"));
    EXPECT_NE(built, uri("cpe:/a:igor_sysoev:nginx:-"));
    EXPECT_NE(fs("cpe:2.3:a:v:p:1.0*:*:*:*:*:*:*:*"), fs("cpe:2.3:a:v:p:1.0:*:*:*:*:*:*:*"));
    EXPECT_NE(fs("cpe:2.3:a:v:p:\\-:*:*:*:*:*:*:*"), fs("cpe:2.3:a:v:p:-:*:*:*:*:*:*:*"));
}

TEST(CpeNames, AttributeNames) {
    EXPECT_EQ(cpe_attribute_name(CpeAttribute::kPart), "part");
    EXPECT_EQ(cpe_attribute_name(CpeAttribute::kSwEdition), "sw_edition");
    EXPECT_EQ(cpe_attribute_name(CpeAttribute::kOther), "other");
}

}  // namespace
}  // namespace wardround::vuln

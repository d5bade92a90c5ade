// SPDX-License-Identifier: Apache-2.0
// The pure functions of the inventory model: asset kinds, canonical MACs, IP address checks and
// the loopback/link-local test the Defender and osquery importers use to drop addresses that name
// no machine, and the posture facts' canonical values.
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/inventory/observation.h>

namespace wardround::inventory {
namespace {

TEST(InventoryAssetKind, NamesRoundTrip) {
    for (const AssetKind kind :
         {AssetKind::kUnknown, AssetKind::kEndpoint, AssetKind::kServer, AssetKind::kNetworkDevice,
          AssetKind::kMedicalDevice, AssetKind::kIot, AssetKind::kVirtual}) {
        EXPECT_EQ(parse_asset_kind(asset_kind_name(kind)), kind) << asset_kind_name(kind);
    }
}

TEST(InventoryAssetKind, CommonSpellingsAreRead) {
    EXPECT_EQ(parse_asset_kind("Workstation"), AssetKind::kEndpoint);
    EXPECT_EQ(parse_asset_kind("  LAPTOP "), AssetKind::kEndpoint);
    EXPECT_EQ(parse_asset_kind("thin client"), AssetKind::kEndpoint);
    EXPECT_EQ(parse_asset_kind("Network Device"), AssetKind::kNetworkDevice);
    EXPECT_EQ(parse_asset_kind("access_point"), AssetKind::kNetworkDevice);
    EXPECT_EQ(parse_asset_kind("firewall"), AssetKind::kNetworkDevice);
    EXPECT_EQ(parse_asset_kind("Medical Device"), AssetKind::kMedicalDevice);
    EXPECT_EQ(parse_asset_kind("medical"), AssetKind::kMedicalDevice);
    EXPECT_EQ(parse_asset_kind("Building Management"), AssetKind::kIot);
    EXPECT_EQ(parse_asset_kind("VM"), AssetKind::kVirtual);
    EXPECT_EQ(parse_asset_kind("other"), AssetKind::kUnknown);
    EXPECT_EQ(parse_asset_kind(""), AssetKind::kUnknown);
}

TEST(InventoryAssetKind, UnknownSpellingsAreNotGuessed) {
    EXPECT_EQ(parse_asset_kind("toaster"), std::nullopt);
    EXPECT_EQ(parse_asset_kind("server rack"), std::nullopt);
    EXPECT_EQ(parse_asset_kind("end-point"), std::nullopt);
}

TEST(InventoryCanonicalMac, UsualSpellingsBecomeLowerCaseColons) {
    const std::optional<std::string> expected = "00:1a:2b:3c:4d:5e";
    EXPECT_EQ(canonical_mac("00:1A:2B:3C:4D:5E"), expected);
    EXPECT_EQ(canonical_mac("00-1a-2b-3c-4d-5e"), expected);
    EXPECT_EQ(canonical_mac("001a.2b3c.4d5e"), expected);
    EXPECT_EQ(canonical_mac("001A2B3C4D5E"), expected);
    EXPECT_EQ(canonical_mac("  00:1a:2b:3c:4d:5e "), expected);
}

TEST(InventoryCanonicalMac, MisplacedOrMixedSeparatorsAreNotMacs) {
    EXPECT_EQ(canonical_mac(""), std::nullopt);
    EXPECT_EQ(canonical_mac("00:1a:2b:3c:4d"), std::nullopt);        // 10 digits
    EXPECT_EQ(canonical_mac("00:1a:2b:3c:4d:5e:6f"), std::nullopt);  // 14 digits
    EXPECT_EQ(canonical_mac("00:1a-2b:3c:4d:5e"), std::nullopt);     // mixed separators
    EXPECT_EQ(canonical_mac("001a:2b3c:4d5e"), std::nullopt);        // colons in fours
    EXPECT_EQ(canonical_mac("00.1a.2b.3c.4d.5e"), std::nullopt);     // dots in pairs
    EXPECT_EQ(canonical_mac("0:01a:2b:3c:4d:5e"), std::nullopt);     // uneven groups
    EXPECT_EQ(canonical_mac("00::1a:2b:3c:4d:5e"), std::nullopt);    // empty group
    EXPECT_EQ(canonical_mac(":00:1a:2b:3c:4d:5e"), std::nullopt);    // leading separator
    EXPECT_EQ(canonical_mac("00:1a:2b:3c:4d:5g"), std::nullopt);     // not hex
    EXPECT_EQ(canonical_mac("00 1a 2b 3c 4d 5e"), std::nullopt);     // spaces
}

TEST(InventoryIpAddress, Ipv4AndIpv6AreAddresses) {
    EXPECT_TRUE(is_ip_address("192.0.2.1"));
    EXPECT_TRUE(is_ip_address("0.0.0.0"));
    EXPECT_TRUE(is_ip_address("2001:db8::1"));
    EXPECT_TRUE(is_ip_address("::"));
    EXPECT_TRUE(is_ip_address("::ffff:192.0.2.1"));
}

TEST(InventoryIpAddress, OtherTextIsNot) {
    EXPECT_FALSE(is_ip_address(""));
    EXPECT_FALSE(is_ip_address("192.0.2"));
    EXPECT_FALSE(is_ip_address("192.0.2.256"));
    EXPECT_FALSE(is_ip_address(" 192.0.2.1"));
    EXPECT_FALSE(is_ip_address("wrd-ws-0142"));
    EXPECT_FALSE(is_ip_address("fe80::1%en0"));  // a zone index is not part of the address
    EXPECT_FALSE(is_ip_address("2001:db8::1/64"));
    EXPECT_FALSE(is_ip_address(std::string(46, '1')));
}

TEST(InventoryLoopbackOrLinkLocal, LoopbackAddresses) {
    EXPECT_TRUE(is_loopback_or_link_local("127.0.0.1"));
    EXPECT_TRUE(is_loopback_or_link_local("127.255.255.254"));
    EXPECT_TRUE(is_loopback_or_link_local("::1"));
}

TEST(InventoryLoopbackOrLinkLocal, LinkLocalAddresses) {
    EXPECT_TRUE(is_loopback_or_link_local("169.254.0.1"));
    EXPECT_TRUE(is_loopback_or_link_local("169.254.255.255"));
    EXPECT_TRUE(is_loopback_or_link_local("fe80::1"));
    EXPECT_TRUE(is_loopback_or_link_local("FE80::AB:CD"));
    EXPECT_TRUE(is_loopback_or_link_local("febf::1"));  // the top of fe80::/10
}

TEST(InventoryLoopbackOrLinkLocal, AZoneIndexIsIgnored) {
    EXPECT_TRUE(is_loopback_or_link_local("fe80::1%en0"));
    EXPECT_TRUE(is_loopback_or_link_local("fe80::1c2:3ff:fe04:506%12"));
}

TEST(InventoryLoopbackOrLinkLocal, RoutableAddressesAreNot) {
    EXPECT_FALSE(is_loopback_or_link_local("192.0.2.1"));
    EXPECT_FALSE(is_loopback_or_link_local("10.0.0.1"));
    EXPECT_FALSE(is_loopback_or_link_local("126.255.255.255"));
    EXPECT_FALSE(is_loopback_or_link_local("128.0.0.1"));
    EXPECT_FALSE(is_loopback_or_link_local("169.253.0.1"));
    EXPECT_FALSE(is_loopback_or_link_local("169.255.0.1"));
    EXPECT_FALSE(is_loopback_or_link_local("0.0.0.0"));
    EXPECT_FALSE(is_loopback_or_link_local("::"));
    EXPECT_FALSE(is_loopback_or_link_local("::2"));
    EXPECT_FALSE(is_loopback_or_link_local("fec0::1"));  // site-local, beyond fe80::/10
    EXPECT_FALSE(is_loopback_or_link_local("fe40::1"));
    EXPECT_FALSE(is_loopback_or_link_local("2001:db8::1"));
    EXPECT_FALSE(is_loopback_or_link_local("::ffff:127.0.0.1"));  // IPv4-mapped: not ::1
}

TEST(InventoryLoopbackOrLinkLocal, TextThatIsNotAnAddressIsNot) {
    EXPECT_FALSE(is_loopback_or_link_local(""));
    EXPECT_FALSE(is_loopback_or_link_local("localhost"));
    EXPECT_FALSE(is_loopback_or_link_local("127.0.0"));
    EXPECT_FALSE(is_loopback_or_link_local("%en0"));
}

TEST(InventoryFacts, HotfixIdsAreKbAndDigitsInUpperCase) {
    EXPECT_EQ(canonical_hotfix("KB4012212"), "KB4012212");
    EXPECT_EQ(canonical_hotfix(" kb4012212 "), "KB4012212");
    EXPECT_EQ(canonical_hotfix("Kb1"), "KB1");
    EXPECT_FALSE(canonical_hotfix("4012212").has_value());  // a bare number could be anything
    EXPECT_FALSE(canonical_hotfix("KB").has_value());
    EXPECT_FALSE(canonical_hotfix("KB 4012212").has_value());
    EXPECT_FALSE(canonical_hotfix("KB4012212a").has_value());
    EXPECT_FALSE(canonical_hotfix("KB12345678901").has_value());  // eleven digits
    EXPECT_FALSE(canonical_hotfix("File 1").has_value());
}

TEST(InventoryFacts, CanonicalValuesPerName) {
    EXPECT_TRUE(is_canonical_fact(kFactEndpointProtection, "none"));
    EXPECT_FALSE(is_canonical_fact(kFactEndpointProtection, "Active"));
    EXPECT_TRUE(is_canonical_fact(kFactEndpointProtectionUpdated, "no"));
    EXPECT_TRUE(is_canonical_fact(kFactDiskEncryption, "partial"));
    EXPECT_FALSE(is_canonical_fact(kFactDiskEncryption, "yes"));
    EXPECT_TRUE(is_canonical_fact(kFactSmb1, "disabled"));
    EXPECT_TRUE(is_canonical_fact(kFactLocalAdminUse, "yes"));
    EXPECT_TRUE(is_canonical_fact(kFactHotfix, "KB5034441"));
    EXPECT_FALSE(is_canonical_fact(kFactHotfix, "kb5034441"));
    EXPECT_TRUE(is_canonical_fact(kFactNetworkSegment, "vlan 120 clinical"));
    EXPECT_FALSE(is_canonical_fact(kFactNetworkSegment, "VLAN 120 Clinical"));
    EXPECT_FALSE(is_canonical_fact(kFactNetworkSegment, " vlan 120"));
    EXPECT_FALSE(is_canonical_fact(kFactNetworkSegment, "vlan  120"));
    EXPECT_FALSE(is_canonical_fact(kFactEndpointProtectionProduct, ""));
    // Tags keep their case: applies_to.tags matches them exactly.
    EXPECT_TRUE(is_canonical_fact(kFactTag, "Ward 7"));
    EXPECT_FALSE(is_canonical_fact(kFactTag, "ward-7 "));
    EXPECT_FALSE(is_canonical_fact(kFactTag, ""));
    EXPECT_FALSE(is_canonical_fact("firewall", "on"));
}

// The checks group assets by segment text, so every spelling of one segment must become one.
TEST(InventoryFacts, CanonicalSegmentIsOneSpellingPerSegment) {
    EXPECT_EQ(canonical_segment("ICU-VLAN"), "icu-vlan");
    EXPECT_EQ(canonical_segment("icu-vlan "), "icu-vlan");
    EXPECT_EQ(canonical_segment(" VLAN  120\tClinical\r\n"), "vlan 120 clinical");
    EXPECT_EQ(canonical_segment("10.20.30.0/24"), "10.20.30.0/24");
    EXPECT_EQ(canonical_segment("2001:DB8:0:1::/64"), "2001:db8:0:1::/64");
    // Only ASCII letters change case; other text is kept byte for byte.
    EXPECT_EQ(canonical_segment("Sal\u00F3n \u00C9"), "sal\u00F3n \u00C9");
    // Differences other than case and spacing still make two segments.
    EXPECT_NE(canonical_segment("VLAN 120"), canonical_segment("vlan120"));
    EXPECT_FALSE(canonical_segment("").has_value());
    EXPECT_FALSE(canonical_segment(" \t ").has_value());
    EXPECT_FALSE(canonical_segment("vlan \xff").has_value());
    EXPECT_FALSE(canonical_segment(std::string(4097, 'v')).has_value());
    EXPECT_TRUE(canonical_segment(std::string(4096, 'v')).has_value());
}

TEST(InventoryFacts, AddFactKeepsEachNameAndValueOnce) {
    ObservedAsset asset;
    add_fact(asset, kFactHotfix, "KB1", "line 2");
    add_fact(asset, kFactHotfix, "KB2", "line 2");
    add_fact(asset, kFactHotfix, "KB1", "line 3");
    EXPECT_EQ(asset.facts, (std::vector<ObservedFact>{{"hotfix", "KB1", "line 2"},
                                                      {"hotfix", "KB2", "line 2"}}));
}

}  // namespace
}  // namespace wardround::inventory

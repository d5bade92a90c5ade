// SPDX-License-Identifier: Apache-2.0
// The synthetic estate: the same options give the same assets on any thread, the distributions
// (posture facts included) are within their tolerances, the organisation tree has its documented
// shape, and named products run versions both inside and outside the vulnerable ranges of real NVD
// records.
#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <wardround/synth/synth.h>

#include "support/test_support.h"

namespace wardround::synth {
namespace {

using inventory::AssetKind;
using inventory::ObservedAsset;

SynthEstate make_estate(std::int64_t orgs, std::int64_t endpoints, std::uint64_t seed) {
    auto estate = SynthEstate::create(SynthOptions{orgs, endpoints, seed, "2024-11-01"});
    EXPECT_TRUE(estate.has_value()) << estate.error().to_string();
    return std::move(*estate);
}

std::vector<ObservedAsset> all_assets(const SynthEstate& estate) {
    std::vector<ObservedAsset> assets;
    for (std::size_t i = 0; i < estate.organisations().size(); ++i) {
        estate.generate(i, [&](ObservedAsset&& asset) { assets.push_back(std::move(asset)); });
    }
    return assets;
}

// Asset-level equality over the fields the generator sets.
bool same(const ObservedAsset& a, const ObservedAsset& b) {
    return a.source_key == b.source_key && a.kind == b.kind && a.hostname == b.hostname &&
           a.ips == b.ips && a.macs == b.macs && a.serial == b.serial && a.os == b.os &&
           a.manufacturer == b.manufacturer && a.model == b.model && a.site == b.site &&
           a.department == b.department && a.internet_facing == b.internet_facing &&
           a.last_seen == b.last_seen && a.supported_until == b.supported_until &&
           a.components == b.components && a.exposures == b.exposures && a.facts == b.facts;
}

TEST(SynthEstate, SameSeedGivesTheSameAssets) {
    const SynthEstate first = make_estate(12, 1500, 42);
    const SynthEstate second = make_estate(12, 1500, 42);
    const auto a = all_assets(first);
    const auto b = all_assets(second);
    ASSERT_EQ(a.size(), 1500U);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        ASSERT_TRUE(same(a[i], b[i])) << "asset " << i << " differs";
    }
}

TEST(SynthEstate, DifferentSeedGivesDifferentAssets) {
    const auto a = all_assets(make_estate(12, 1500, 42));
    const auto b = all_assets(make_estate(12, 1500, 43));
    ASSERT_EQ(a.size(), b.size());
    std::size_t differing = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        differing += same(a[i], b[i]) ? 0 : 1;
    }
    EXPECT_GT(differing, a.size() * 9 / 10);
}

TEST(SynthEstate, AnAssetIsTheSameAloneOnAnotherThreadOrAfterOthers) {
    const SynthEstate estate = make_estate(5, 800, 9);
    const std::size_t org = estate.organisations().size() - 1;
    std::vector<ObservedAsset> in_order;
    estate.generate(org, [&](ObservedAsset&& asset) { in_order.push_back(std::move(asset)); });
    ASSERT_FALSE(in_order.empty());
    const std::int64_t last = estate.asset_count(org) - 1;
    ObservedAsset alone;
    std::thread worker([&] { estate.generate_asset(org, last, alone); });
    worker.join();
    EXPECT_TRUE(same(alone, in_order.back()));
    // A buffer that held a bigger asset is fully overwritten.
    ObservedAsset reused = in_order.front();
    reused.components.resize(300);
    estate.generate_asset(org, last, reused);
    EXPECT_TRUE(same(reused, in_order.back()));
}

TEST(SynthEstate, RejectsImpossibleOptions) {
    EXPECT_FALSE(SynthEstate::create(SynthOptions{0, 10, 1, "2024-11-01"}).has_value());
    EXPECT_FALSE(SynthEstate::create(SynthOptions{10, 9, 1, "2024-11-01"}).has_value());
    auto bad_date = SynthEstate::create(SynthOptions{1, 1, 1, "1 Nov 2024"});
    ASSERT_FALSE(bad_date.has_value());
    EXPECT_EQ(bad_date.error().code, ErrorCode::kInvalidArgument);
}

TEST(SynthEstate, OrganisationTreeHasItsDocumentedShape) {
    const SynthEstate estate = make_estate(700, 150'000, 1);
    const auto& orgs = estate.organisations();
    std::set<std::string> seen;
    std::map<std::string, int> by_type;
    std::int64_t total = 0;
    std::vector<std::int64_t> trusts;
    std::vector<std::int64_t> practices;
    for (const SynthOrganisation& org : orgs) {
        EXPECT_TRUE(org.code.starts_with("SY")) << org.code;
        EXPECT_TRUE(seen.insert(org.code).second) << "duplicate " << org.code;
        if (org.level == "region") {
            EXPECT_EQ(org.parent_code, "E92000001");
            EXPECT_TRUE(org.code.starts_with("SYR"));
        } else {
            EXPECT_TRUE(seen.count(org.parent_code) == 1) << org.code << " before its parent";
        }
        ++by_type[org.type];
        total += org.assets;
        if (org.level != "organisation") {
            EXPECT_EQ(org.assets, 0);
            continue;
        }
        EXPECT_GE(org.assets, 1);
        (org.type == "gp-practice" ? practices : trusts).push_back(org.assets);
        EXPECT_TRUE(org.code.starts_with(org.type == "gp-practice" ? "SYP" : "SYT")) << org.code;
    }
    EXPECT_EQ(total, 150'000);
    EXPECT_EQ(by_type["region"], 1);
    EXPECT_EQ(by_type["icb"], 5);
    EXPECT_EQ(by_type["trust"], 21);
    EXPECT_EQ(by_type["ambulance-trust"], 4);
    EXPECT_EQ(by_type["gp-practice"], 675);
    // A few large trusts with thousands of assets and many small practices with tens.
    std::sort(trusts.begin(), trusts.end());
    std::sort(practices.begin(), practices.end());
    EXPECT_GT(trusts.back(), 5000);
    EXPECT_LT(practices[practices.size() / 2], 100);
    EXPECT_GT(practices[practices.size() / 2], 5);
    EXPECT_GT(std::accumulate(trusts.begin(), trusts.end(), std::int64_t{0}), total * 3 / 4);
}

// About 5,000 assets of a trust-heavy estate.
class SynthDistribution : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const SynthEstate estate = make_estate(10, 5000, 2024);
        assets_ = new std::vector<ObservedAsset>(all_assets(estate));
    }
    static void TearDownTestSuite() {
        delete assets_;
        assets_ = nullptr;
    }
    static std::vector<ObservedAsset>* assets_;
};
std::vector<ObservedAsset>* SynthDistribution::assets_ = nullptr;

double share(std::size_t part, std::size_t whole) {
    return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

TEST_F(SynthDistribution, KindsOperatingSystemsAndComponents) {
    std::size_t endpoints = 0;
    std::size_t medical = 0;
    std::size_t servers = 0;
    std::size_t windows10 = 0;
    std::size_t windows11 = 0;
    std::size_t legacy = 0;
    std::size_t components = 0;
    for (const ObservedAsset& asset : *assets_) {
        medical += asset.kind == AssetKind::kMedicalDevice ? 1 : 0;
        servers += asset.kind == AssetKind::kServer ? 1 : 0;
        if (asset.kind != AssetKind::kEndpoint) {
            continue;
        }
        ++endpoints;
        ASSERT_EQ(asset.os.size(), 1U);
        const std::string& os = asset.os.front().name;
        windows10 += os.find("Windows 10") != std::string::npos ? 1 : 0;
        windows11 += os.find("Windows 11") != std::string::npos ? 1 : 0;
        legacy += (os.find("Windows 7") != std::string::npos ||
                   os.find("Windows XP") != std::string::npos)
                      ? 1
                      : 0;
        EXPECT_GE(asset.components.size(), 60U) << asset.hostname;
        EXPECT_LE(asset.components.size(), 140U) << asset.hostname;
        components += asset.components.size();
    }
    const std::size_t all = assets_->size();
    EXPECT_NEAR(share(endpoints, all), 0.80, 0.04);
    EXPECT_NEAR(share(medical, all), 0.12, 0.03);
    EXPECT_NEAR(share(servers, all), 0.05, 0.02);
    EXPECT_NEAR(share(windows10, endpoints), 0.58, 0.05);
    EXPECT_NEAR(share(windows11, endpoints), 0.37, 0.05);
    EXPECT_NEAR(share(legacy, endpoints), 0.05, 0.02);
    const double mean = static_cast<double>(components) / static_cast<double>(endpoints);
    EXPECT_GT(mean, 80.0);
    EXPECT_LT(mean, 110.0);
}

TEST_F(SynthDistribution, ServersAppliancesAndMedicalDevices) {
    std::size_t internet_facing = 0;
    std::size_t servers = 0;
    std::size_t with_ssh = 0;
    std::size_t log4j = 0;
    std::set<std::string> appliance_makers;
    std::size_t embedded_windows = 0;
    std::size_t past_support = 0;
    std::size_t medical = 0;
    for (const ObservedAsset& asset : *assets_) {
        if (asset.kind == AssetKind::kServer) {
            ++servers;
            internet_facing += asset.internet_facing.value_or(false) ? 1 : 0;
            for (const auto& exposure : asset.exposures) {
                with_ssh += exposure.port == 22 ? 1 : 0;
            }
            for (const auto& component : asset.components) {
                log4j += component.product == "log4j-core" ? 1 : 0;
            }
        } else if (asset.kind == AssetKind::kNetworkDevice) {
            appliance_makers.insert(asset.manufacturer);
            ASSERT_EQ(asset.components.size(), 1U);
            EXPECT_FALSE(asset.components.front().cpe.empty());
        } else if (asset.kind == AssetKind::kMedicalDevice) {
            ++medical;
            ASSERT_EQ(asset.components.size(), 1U);
            EXPECT_EQ(asset.components.front().type, "firmware");
            EXPECT_FALSE(asset.department.empty());
            embedded_windows += asset.os.empty() ? 0 : 1;
            past_support += asset.supported_until < "2024-11-01" ? 1 : 0;
        }
    }
    EXPECT_GT(servers, 100U);
    EXPECT_GT(internet_facing, 0U);
    EXPECT_LT(share(internet_facing, servers), 0.10);
    EXPECT_GT(with_ssh, 0U);
    EXPECT_GT(log4j, 0U);
    EXPECT_EQ(appliance_makers.size(), 4U);
    EXPECT_GT(embedded_windows, 0U);
    EXPECT_LT(share(embedded_windows, medical), 0.25);
    EXPECT_GT(share(past_support, medical), 0.15);
    EXPECT_LT(share(past_support, medical), 0.70);
}

// The values of one posture fact of an asset.
std::vector<std::string> facts_of(const ObservedAsset& asset, std::string_view name) {
    std::vector<std::string> values;
    for (const inventory::ObservedFact& fact : asset.facts) {
        if (fact.name == name) {
            values.push_back(fact.value);
        }
    }
    return values;
}

std::string fact_of(const ObservedAsset& asset, std::string_view name) {
    const std::vector<std::string> values = facts_of(asset, name);
    return values.empty() ? std::string() : values.front();
}

TEST_F(SynthDistribution, PostureFactsAreCanonicalAndShapedLikeAnEstate) {
    std::size_t endpoints = 0;
    std::size_t reporting = 0;
    std::size_t unprotected = 0;
    std::size_t stale = 0;
    std::size_t active = 0;
    std::size_t unencrypted = 0;
    std::size_t legacy = 0;
    std::size_t legacy_smb1 = 0;
    std::size_t legacy_fixed = 0;
    std::size_t modern = 0;
    std::size_t modern_smb1 = 0;
    std::size_t servers = 0;
    std::size_t servers_segmented = 0;
    std::size_t connected = 0;
    std::size_t device_segment = 0;
    std::size_t desktop_segment = 0;
    for (const ObservedAsset& asset : *assets_) {
        for (const inventory::ObservedFact& fact : asset.facts) {
            EXPECT_TRUE(inventory::is_canonical_fact(fact.name, fact.value))
                << asset.hostname << " " << fact.name << " " << fact.value;
        }
        const std::string segment = fact_of(asset, inventory::kFactNetworkSegment);
        if (asset.kind == AssetKind::kServer) {
            ++servers;
            servers_segmented += segment.empty() ? 0 : 1;
        } else if (asset.kind == AssetKind::kMedicalDevice) {
            if (!asset.network_connected.value_or(false)) {
                EXPECT_TRUE(asset.facts.empty()) << asset.serial;
                continue;
            }
            ++connected;
            device_segment += segment.ends_with("vlan 300 medical devices") ? 1 : 0;
            desktop_segment += segment.ends_with("vlan 110 clinical desktops") ? 1 : 0;
        }
        if (asset.kind != AssetKind::kEndpoint) {
            continue;
        }
        ++endpoints;
        const std::string protection = fact_of(asset, inventory::kFactEndpointProtection);
        if (protection.empty()) {
            EXPECT_TRUE(asset.facts.empty()) << asset.hostname << ": an agent reports all or none";
            continue;
        }
        ++reporting;
        unprotected += protection != "active" ? 1 : 0;
        if (protection == "active") {
            ++active;
            stale += fact_of(asset, inventory::kFactEndpointProtectionUpdated) == "no" ? 1 : 0;
        }
        unencrypted += fact_of(asset, inventory::kFactDiskEncryption) != "on" ? 1 : 0;
        const std::string& os = asset.os.front().name;
        const bool old =
            os.find("Windows 7") != std::string::npos || os.find("Windows XP") != std::string::npos;
        const bool smb1 = fact_of(asset, inventory::kFactSmb1) == "enabled";
        if (old) {
            ++legacy;
            legacy_smb1 += smb1 ? 1 : 0;
            legacy_fixed += facts_of(asset, inventory::kFactHotfix).empty() ? 0 : 1;
        } else {
            ++modern;
            modern_smb1 += smb1 ? 1 : 0;
            EXPECT_TRUE(facts_of(asset, inventory::kFactHotfix).empty()) << asset.hostname;
        }
        EXPECT_NE(segment.find("desktops"), std::string::npos) << asset.hostname;
    }
    EXPECT_NEAR(share(reporting, endpoints), 0.94, 0.02);
    EXPECT_NEAR(share(unprotected, reporting), 0.045, 0.02);
    EXPECT_NEAR(share(stale, active), 0.06, 0.03);
    EXPECT_NEAR(share(unencrypted, reporting), 0.25, 0.06);
    EXPECT_GT(legacy, 100U);
    EXPECT_NEAR(share(legacy_smb1, legacy), 0.65, 0.12);
    EXPECT_NEAR(share(legacy_fixed, legacy), 0.75, 0.12);
    EXPECT_NEAR(share(modern_smb1, modern), 0.03, 0.02);
    EXPECT_NEAR(share(servers_segmented, servers), 0.97, 0.03);
    EXPECT_NEAR(share(device_segment, connected), 0.70, 0.07);
    EXPECT_NEAR(share(desktop_segment, connected), 0.20, 0.06);
}

// Dotted numbers compared part by part as integers ("10.0.19045.3803" < "10.0.19045.4046").
int compare_versions(const std::string& a, const std::string& b) {
    std::istringstream left(a);
    std::istringstream right(b);
    std::string x;
    std::string y;
    while (true) {
        const bool more_left = static_cast<bool>(std::getline(left, x, '.'));
        const bool more_right = static_cast<bool>(std::getline(right, y, '.'));
        if (!more_left && !more_right) {
            return 0;
        }
        const long long u = more_left ? std::stoll(x) : 0;
        const long long v = more_right ? std::stoll(y) : 0;
        if (u != v) {
            return u < v ? -1 : 1;
        }
    }
}

struct Range {
    std::string start_including;
    std::string end_excluding;
    std::string end_including;
};

// The vulnerable version ranges NVD gives for vendor:product.
std::vector<Range> nvd_ranges(const nlohmann::json& page, const std::string& vendor_product) {
    std::vector<Range> ranges;
    for (const auto& item : page["vulnerabilities"]) {
        for (const auto& configuration :
             item["cve"].value("configurations", nlohmann::json::array())) {
            for (const auto& node : configuration["nodes"]) {
                for (const auto& match : node["cpeMatch"]) {
                    const std::string criteria = match["criteria"];
                    if (!match["vulnerable"].get<bool>() ||
                        criteria.find(":" + vendor_product + ":*:") == std::string::npos) {
                        continue;
                    }
                    Range range{match.value("versionStartIncluding", ""),
                                match.value("versionEndExcluding", ""),
                                match.value("versionEndIncluding", "")};
                    if (!range.end_excluding.empty() || !range.end_including.empty()) {
                        ranges.push_back(range);
                    }
                }
            }
        }
    }
    return ranges;
}

bool inside(const std::string& version, const Range& range) {
    if (!range.start_including.empty() && compare_versions(version, range.start_including) < 0) {
        return false;
    }
    if (!range.end_excluding.empty()) {
        return compare_versions(version, range.end_excluding) < 0;
    }
    return compare_versions(version, range.end_including) <= 0;
}

TEST_F(SynthDistribution, VersionsFallInsideAndOutsideRealVulnerableRanges) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nvd/nvd-curated.json");
    std::ifstream stream(path);
    const nlohmann::json page = nlohmann::json::parse(stream);
    struct Product {
        std::string cpe;
        std::function<std::string(const ObservedAsset&)> versions;  // ';'-separated
    };
    const auto component_versions = [](std::string_view prefix) {
        return [prefix](const ObservedAsset& asset) {
            std::string found;
            for (const auto& component : asset.components) {
                if (component.product.starts_with(prefix)) {
                    found = component.version;
                }
            }
            return found;
        };
    };
    const std::vector<Product> products{
        {"google:chrome", component_versions("Google Chrome")},
        {"7-zip:7-zip", component_versions("7-Zip ")},
        {"microsoft:windows_10_22h2", [](const ObservedAsset& asset) {
             const bool match = asset.kind == AssetKind::kEndpoint && !asset.os.empty() &&
                                asset.os.front().version.starts_with("10.0.19045.");
             return match ? asset.os.front().version : std::string();
         }}};
    for (const Product& product : products) {
        const std::vector<Range> ranges = nvd_ranges(page, product.cpe);
        ASSERT_FALSE(ranges.empty()) << product.cpe;
        std::size_t vulnerable = 0;
        std::size_t fixed = 0;
        for (const ObservedAsset& asset : *assets_) {
            const std::string version = product.versions(asset);
            if (version.empty()) {
                continue;
            }
            const bool any = std::any_of(ranges.begin(), ranges.end(), [&](const Range& range) {
                return inside(version, range);
            });
            (any ? vulnerable : fixed) += 1;
        }
        EXPECT_GT(vulnerable, 20U) << product.cpe;
        EXPECT_GT(fixed, 20U) << product.cpe;
    }
}

}  // namespace
}  // namespace wardround::synth

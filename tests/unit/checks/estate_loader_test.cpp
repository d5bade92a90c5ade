// SPDX-License-Identifier: Apache-2.0
// How the runner reads an estate: a load of the medical devices alone (what the device standard
// reads) gives each device the record a load of the whole organisation gives it, its segment
// neighbours and MDS2 form included; and the end-of-life answers remembered over an estate are the
// catalogue's own.
#include "checks/runner/estate_loader.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/checks/device_standard.h>
#include <wardround/core/input_file.h>
#include <wardround/inventory/inventory_store.h>
#include <wardround/org/org_import.h>

#include "checks/runner/asset_facts.h"
#include "support/test_support.h"

namespace wardround::checks {
namespace {

using detail::AssetRecord;
using store::Backend;

class EstateLoaderTest : public ::testing::TestWithParam<Backend> {
protected:
    static void prepare(store::Database& database) {
        auto file = InputFile::open(::wardround::testing::fixture("checks/organisations.csv"));
        ASSERT_TRUE(file) << file.error().to_string();
        ASSERT_TRUE(org::import_organisations(database, *file));
        import(database, "checks/estate.csv", "CT1");
        import(database, "checks/devices.csv", "CT1", inventory::InventoryFormat::kDeviceRegister);
        import(database, "checks/segments-inventory.csv", "CT2");
        import(database, "checks/segments-register.csv", "CT2");
        auto form = import_mds2_form(database, "CT1",
                                     ::wardround::testing::fixture("checks/mds2-infusure.csv"), "",
                                     "", *parse_timestamp("2026-11-29T09:00:00Z"));
        ASSERT_TRUE(form) << form.error().to_string();
    }

    static void import(store::Database& database,
                       const std::string& fixture,
                       const std::string& org,
                       std::optional<inventory::InventoryFormat> format = std::nullopt) {
        inventory::InventoryImporter importer(database);
        inventory::InventoryImportOptions options;
        options.org_code = org;
        options.format = format;
        auto report = importer.import_file(::wardround::testing::fixture(fixture), options);
        ASSERT_TRUE(report) << fixture << ": " << report.error().to_string();
    }

    static std::vector<AssetRecord> load(store::Database& database,
                                         const std::string& org,
                                         const std::string& kind) {
        auto org_id = detail::org_id_of(database, org);
        EXPECT_TRUE(org_id) << org_id.error().to_string();
        auto assets =
            detail::EstateLoader(database, org_id.value_or(0), *parse_date("2026-11-29"), kind)
                .load();
        EXPECT_TRUE(assets) << assets.error().to_string();
        return assets ? std::move(*assets) : std::vector<AssetRecord>{};
    }
};

TEST_P(EstateLoaderTest, ALoadOfMedicalDevicesGivesEachTheRecordOfAWholeLoad) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);
    for (const std::string org : {"CT1", "CT2"}) {
        SCOPED_TRACE(org);
        std::vector<AssetRecord> whole = load(*database, org, "");
        const auto others =
            std::stable_partition(whole.begin(), whole.end(),
                                  [](const AssetRecord& a) { return a.kind == "medical-device"; });
        EXPECT_NE(others, whole.begin());
        EXPECT_NE(others, whole.end()) << "the organisation has other assets too";
        whole.erase(others, whole.end());
        EXPECT_EQ(load(*database, org, "medical-device"), whole);
    }
}

// What the comparison rests on: a device that shares its segment with a desktop, counted although
// a load of devices holds no desktop, and a device with its model's MDS2 form.
TEST_P(EstateLoaderTest, ALoadOfMedicalDevicesCountsTheirNeighboursAndReadsTheirForms) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);
    const std::vector<AssetRecord> ct2 = load(*database, "CT2", "medical-device");
    const auto vent = std::find_if(
        ct2.begin(), ct2.end(), [](const AssetRecord& a) { return a.hostname == "icu-vent-01"; });
    ASSERT_NE(vent, ct2.end());
    EXPECT_EQ(vent->segment_neighbours, 1);
    const std::vector<AssetRecord> ct1 = load(*database, "CT1", "medical-device");
    EXPECT_TRUE(std::any_of(ct1.begin(), ct1.end(),
                            [](const AssetRecord& a) { return a.mds2_form.has_value(); }));
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         EstateLoaderTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         ::wardround::testing::backend_test_name);

void expect_same(const std::optional<EolMatch>& remembered, const std::optional<EolMatch>& asked) {
    ASSERT_EQ(remembered.has_value(), asked.has_value());
    if (!asked) {
        return;
    }
    EXPECT_EQ(remembered->release, asked->release);
    EXPECT_EQ(remembered->how, asked->how);
    EXPECT_EQ(remembered->assumed, asked->assumed);
    EXPECT_EQ(remembered->candidates, asked->candidates);
}

TEST(ReleaseCacheTest, RemembersTheCataloguesAnswerForEachDistinctQuestion) {
    const EolCatalogue& catalogue = EolCatalogue::builtin();
    detail::ReleaseCache releases(catalogue);
    const auto& office = releases.find_product("microsoft", "office", "2016");
    ASSERT_TRUE(office.has_value());
    expect_same(office, catalogue.find_product("microsoft", "office", "2016"));
    EXPECT_EQ(&releases.find_product("microsoft", "office", "2016"), &office);
    // Arguments that run together alike are still different questions.
    expect_same(releases.find_product("microsof", "toffice", "2016"),
                catalogue.find_product("microsof", "toffice", "2016"));
    expect_same(releases.find_product("microsoft", "office", "2019"),
                catalogue.find_product("microsoft", "office", "2019"));

    const auto& windows = releases.find_os("Microsoft Windows 10 Enterprise", "10.0.19045", "", "");
    ASSERT_TRUE(windows.has_value());
    expect_same(windows,
                catalogue.find_os("Microsoft Windows 10 Enterprise", "10.0.19045", "", ""));
    EXPECT_EQ(&releases.find_os("Microsoft Windows 10 Enterprise", "10.0.19045", "", ""), &windows);
    expect_same(releases.find_os("Microsoft Windows 10", "", "", ""),
                catalogue.find_os("Microsoft Windows 10", "", "", ""));
}

}  // namespace
}  // namespace wardround::checks

// SPDX-License-Identifier: Apache-2.0
// The written files read back through the real importers without a single diagnostic, give back
// every asset, and are byte-identical from one run to the next.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include <wardround/core/input_file.h>
#include <wardround/inventory/formats.h>
#include <wardround/synth/synth.h>
#include <wardround/synth/synth_writer.h>

namespace wardround::synth {
namespace {

namespace fs = std::filesystem;
using inventory::InventoryFormat;

class SynthFilesTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        directory_ =
            fs::temp_directory_path() / ("wardround-synth-" + std::string(info->name()) + "-" +
                                         std::to_string(static_cast<long>(::getpid())));
        fs::remove_all(directory_);
        fs::create_directories(directory_);
    }
    void TearDown() override { fs::remove_all(directory_); }

    fs::path directory_;
};

std::string read_all(const std::string& path) {
    std::ifstream stream(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

struct ReadBack {
    std::int64_t assets = 0;
    std::int64_t components = 0;
    std::int64_t exposures = 0;
    std::int64_t facts = 0;
    std::size_t diagnostics = 0;
    std::string first_diagnostic;
};

ReadBack read_back(const std::string& path, InventoryFormat format) {
    ReadBack back;
    auto file = InputFile::open(path);
    EXPECT_TRUE(file.has_value()) << path;
    Diagnostics diagnostics;
    auto report = inventory::parse_inventory(
        format, *file, diagnostics, [&](inventory::ObservedAsset&& asset) {
            ++back.assets;
            back.components += static_cast<std::int64_t>(asset.components.size());
            back.exposures += static_cast<std::int64_t>(asset.exposures.size());
            back.facts += static_cast<std::int64_t>(asset.facts.size());
            return Status{};
        });
    EXPECT_TRUE(report.has_value()) << (report ? "" : report.error().to_string());
    back.diagnostics = diagnostics.total();
    if (!diagnostics.kept().empty()) {
        const Diagnostic& first = diagnostics.kept().front();
        back.first_diagnostic = first.code + " " + first.location + ": " + first.message;
    }
    return back;
}

TEST_F(SynthFilesTest, EveryAssetPassesTheImportersWithoutDiagnostics) {
    auto estate = SynthEstate::create(SynthOptions{6, 2500, 5, "2024-11-01"});
    ASSERT_TRUE(estate.has_value());
    auto organisations = write_organisations_csv(*estate, directory_.string());
    ASSERT_TRUE(organisations.has_value());
    std::int64_t medical = 0;
    std::int64_t embedded = 0;
    std::int64_t facts_written = 0;
    std::int64_t facts_read = 0;
    for (std::size_t i = 0; i < estate->organisations().size(); ++i) {
        if (estate->asset_count(i) == 0) {
            continue;
        }
        estate->generate(i, [&](inventory::ObservedAsset&& asset) {
            if (asset.kind == inventory::AssetKind::kMedicalDevice) {
                ++medical;
                embedded += asset.os.empty() ? 0 : 1;
            }
            facts_written += static_cast<std::int64_t>(asset.facts.size());
        });
        auto files = write_organisation_files(*estate, i, directory_.string());
        ASSERT_TRUE(files.has_value()) << files.error().to_string();
        const SynthCounts& counts = files->counts;
        ReadBack inventory_back;
        if (!files->inventory_csv.empty()) {
            inventory_back = read_back(files->inventory_csv, InventoryFormat::kCsv);
            EXPECT_EQ(inventory_back.diagnostics, 0U) << inventory_back.first_diagnostic;
        }
        ReadBack register_back;
        if (!files->register_csv.empty()) {
            register_back = read_back(files->register_csv, InventoryFormat::kDeviceRegister);
            EXPECT_EQ(register_back.diagnostics, 0U) << register_back.first_diagnostic;
        }
        ReadBack scan_back;
        if (!files->scan_xml.empty()) {
            scan_back = read_back(files->scan_xml, InventoryFormat::kNmap);
            EXPECT_EQ(scan_back.diagnostics, 0U) << scan_back.first_diagnostic;
        }
        EXPECT_EQ(register_back.assets, counts.medical_devices);
        EXPECT_EQ(register_back.components, counts.medical_devices);
        EXPECT_EQ(scan_back.exposures, counts.exposures);
        // The inventory CSV holds every other asset with its components, and the medical devices
        // that run an embedded Windows, on their own.
        EXPECT_EQ(inventory_back.components + register_back.components, counts.components);
        EXPECT_GE(inventory_back.assets, counts.assets - counts.medical_devices);
        facts_read += inventory_back.facts + register_back.facts;
    }
    EXPECT_GT(medical, 0);
    EXPECT_GT(embedded, 0);
    // Every posture fact is in the inventory CSV or the register and reads back as generated.
    EXPECT_GT(facts_written, 0);
    EXPECT_EQ(facts_read, facts_written);
}

TEST_F(SynthFilesTest, FilesAreByteIdenticalForTheSameOptions) {
    std::string first;
    for (int run = 0; run < 2; ++run) {
        auto estate = SynthEstate::create(SynthOptions{3, 600, 11, "2024-11-01"});
        ASSERT_TRUE(estate.has_value());
        std::string all = read_all(*write_organisations_csv(*estate, directory_.string()));
        for (std::size_t i = 0; i < estate->organisations().size(); ++i) {
            if (estate->asset_count(i) == 0) {
                continue;
            }
            auto files = write_organisation_files(*estate, i, directory_.string());
            ASSERT_TRUE(files.has_value());
            for (const std::string* path :
                 {&files->inventory_csv, &files->register_csv, &files->scan_xml}) {
                all += path->empty() ? std::string("-") : read_all(*path);
            }
        }
        if (run == 0) {
            first = std::move(all);
        } else {
            EXPECT_TRUE(first == all) << "the second run wrote different bytes";
        }
    }
    EXPECT_GT(first.size(), 100'000U);
}

TEST_F(SynthFilesTest, AnUnwritableFolderIsAnError) {
    auto estate = SynthEstate::create(SynthOptions{1, 5, 1, "2024-11-01"});
    ASSERT_TRUE(estate.has_value());
    const std::string missing = (directory_ / "no" / "such" / "folder").string();
    auto written = write_organisations_csv(*estate, missing);
    ASSERT_FALSE(written.has_value());
    EXPECT_EQ(written.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace wardround::synth

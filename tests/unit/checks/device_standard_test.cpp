// SPDX-License-Identifier: Apache-2.0
// The medical-device minimum standard over a device register and an MDS2 form imported with the
// real importers: each requirement met, not met or not determined with its reasons, exceptions
// by device and by model (and their expiry), the summaries, and refusals that change nothing.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/checks/device_standard.h>
#include <wardround/core/input_file.h>
#include <wardround/inventory/inventory_store.h>
#include <wardround/org/org_import.h>

#include "support/test_support.h"

namespace wardround::checks {
namespace {

using store::Backend;

class DeviceStandardTest : public ::testing::TestWithParam<Backend> {
protected:
    static void prepare(store::Database& database) {
        auto file = InputFile::open(::wardround::testing::fixture("checks/organisations.csv"));
        ASSERT_TRUE(file) << file.error().to_string();
        ASSERT_TRUE(org::import_organisations(database, *file));
        inventory::InventoryImporter importer(database);
        inventory::InventoryImportOptions options;
        options.org_code = "CT1";
        options.format = inventory::InventoryFormat::kDeviceRegister;
        auto imported =
            importer.import_file(::wardround::testing::fixture("checks/devices.csv"), options);
        ASSERT_TRUE(imported) << imported.error().to_string();
    }

    static Timestamp now() { return *parse_timestamp("2026-11-29T09:00:00Z"); }

    static StandardReport assess(store::Database& database) {
        auto standard = builtin_device_standard();
        EXPECT_TRUE(standard) << standard.error().to_string();
        CheckOptions options;
        options.org_code = "CT1";
        options.now = now();
        auto report = assess_device_standard(database, *standard, options);
        EXPECT_TRUE(report) << report.error().to_string();
        return report ? std::move(*report) : StandardReport{};
    }

    static std::string status(const StandardReport& report,
                              const std::string& hostname,
                              const std::string& requirement) {
        for (const DeviceAssessment& device : report.devices) {
            for (const RequirementResult& result : device.requirements) {
                if (device.hostname == hostname && result.requirement_id == requirement) {
                    return std::string(requirement_status_name(result.status));
                }
            }
        }
        return "absent";
    }
};

TEST_P(DeviceStandardTest, EachRequirementFromTheRegisterAndTheModelsMds2Form) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);
    // Before any form: the MDS2 answers are not determined, the form is not held.
    const StandardReport before = assess(*database);
    ASSERT_EQ(before.devices.size(), 3U);
    EXPECT_EQ(status(before, "pump-001", "MDS-04"), "not-met");
    EXPECT_EQ(status(before, "pump-001", "MDS-05"), "not-determined");

    auto imported = import_mds2_form(
        *database, "CT1", ::wardround::testing::fixture("checks/mds2-infusure.csv"), "", "", now());
    ASSERT_TRUE(imported) << imported.error().to_string();
    EXPECT_EQ(imported->answers, 10);
    EXPECT_EQ(imported->devices, 2) << "the register spells the maker 'ACME Medical Devices Ltd.'";

    const StandardReport report = assess(*database);
    // Both pumps: support and MDS2 answers known; malware protection is not met.
    for (const std::string pump : {"pump-001", "pump-002"}) {
        EXPECT_EQ(status(report, pump, "MDS-01"), "met") << pump;
        EXPECT_EQ(status(report, pump, "MDS-04"), "met") << pump;
        EXPECT_EQ(status(report, pump, "MDS-05"), "met") << pump;
        EXPECT_EQ(status(report, pump, "MDS-06"), "not-met") << pump;
        EXPECT_EQ(status(report, pump, "MDS-07"), "met") << pump;
        EXPECT_EQ(status(report, pump, "MDS-08"), "met") << pump;
        EXPECT_EQ(status(report, pump, "MDS-09"), "met") << pump;
        EXPECT_EQ(status(report, pump, "MDS-03"), "not-met") << "no SBOM imported";
        EXPECT_EQ(status(report, pump, "MDS-10"), "not-determined") << "no source says";
        EXPECT_EQ(status(report, pump, "MDS-11"), "not-determined") << "no segment known";
        EXPECT_EQ(status(report, pump, "MDS-12"), "met") << "no findings";
    }
    // The ultrasound's manufacturer support ended in 2025, and it has no form.
    EXPECT_EQ(status(report, "us-001", "MDS-01"), "not-met");
    EXPECT_EQ(status(report, "us-001", "MDS-04"), "not-met");
    EXPECT_EQ(status(report, "us-001", "MDS-06"), "not-determined");
    EXPECT_EQ(report.not_met_by_requirement.at("MDS-06"), 2);

    const auto& model = report.by_model.at("Acme Medical Devices Ltd InfuSure 300");
    EXPECT_EQ(model.devices, 1);
    EXPECT_EQ(model.short_of, 1);
    const auto& department = report.by_department.at("Critical Care");
    EXPECT_EQ(department.devices, 2);
    EXPECT_EQ(department.short_of, 2);
    EXPECT_EQ(department.meeting, 0);
}

TEST_P(DeviceStandardTest, ExceptionsCoverADeviceOrAModelUntilTheirDate) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);
    auto standard = builtin_device_standard();
    ASSERT_TRUE(standard);
    ASSERT_TRUE(import_mds2_form(*database, "CT1",
                                 ::wardround::testing::fixture("checks/mds2-infusure.csv"), "", "",
                                 now()));
    DeviceException model;
    model.manufacturer = "Acme Medical Devices Ltd";
    model.model = "InfuSure 300";
    model.requirement_id = "MDS-06";
    model.reason = "closed platform; the manufacturer validates no anti-malware";
    model.owner = "head of clinical engineering";
    model.until = "2027-03-31";
    ASSERT_TRUE(add_device_exception(*database, *standard, "CT1", model, now()));
    DeviceException expired = model;
    expired.requirement_id = "MDS-03";
    expired.until = "2026-11-28";
    ASSERT_TRUE(add_device_exception(*database, *standard, "CT1", expired, now()));

    const StandardReport report = assess(*database);
    EXPECT_EQ(status(report, "pump-001", "MDS-06"), "excepted");
    EXPECT_EQ(status(report, "pump-002", "MDS-06"), "excepted");
    EXPECT_EQ(status(report, "pump-001", "MDS-03"), "not-met") << "its exception has expired";
    EXPECT_EQ(report.exceptions.size(), 2U);

    const std::string before = ::wardround::testing::dump_database(*database);
    DeviceException bad = model;
    bad.reason = "";
    EXPECT_EQ(add_device_exception(*database, *standard, "CT1", bad, now()).error().code,
              ErrorCode::kInvalidArgument);
    bad = model;
    bad.until = "31/03/2027";
    EXPECT_EQ(add_device_exception(*database, *standard, "CT1", bad, now()).error().code,
              ErrorCode::kInvalidArgument);
    bad = model;
    bad.requirement_id = "MDS-99";
    EXPECT_EQ(add_device_exception(*database, *standard, "CT1", bad, now()).error().code,
              ErrorCode::kNotFound);
    bad = model;
    bad.asset_id = 999999;
    EXPECT_EQ(add_device_exception(*database, *standard, "CT1", bad, now()).error().code,
              ErrorCode::kNotFound);
    auto broken = import_mds2_form(
        *database, "CT1", ::wardround::testing::fixture("mds2/header-only.csv"), "", "", now());
    EXPECT_FALSE(broken);
    EXPECT_EQ(::wardround::testing::dump_database(*database), before);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         DeviceStandardTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         ::wardround::testing::backend_test_name);

}  // namespace
}  // namespace wardround::checks

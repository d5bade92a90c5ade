// SPDX-License-Identifier: Apache-2.0
// The framework library on both backends: the built-in libraries; an imported document replacing
// the built-in one of the same id, and an extension following its imported base even when the base
// is imported again after it; the real NIST CSF 2.0 catalogue imported with its skipped entries
// kept as diagnostics; an OSCAL catalogue named by the caller; and refused files that change
// nothing.
#include <string>

#include <gtest/gtest.h>

#include <wardround/assess/framework_library.h>

#include "support/test_support.h"

namespace wardround::assess {
namespace {

using store::Backend;
using ::wardround::testing::fixture;

class FrameworkLibraryTest : public ::testing::TestWithParam<Backend> {
protected:
    static FrameworkLibrary load(store::Database& database) {
        auto library = FrameworkLibrary::load(database);
        EXPECT_TRUE(library) << library.error().to_string();
        return library ? std::move(*library) : FrameworkLibrary{};
    }

    static FrameworkImportReport import(store::Database& database,
                                        const std::string& path,
                                        const FrameworkImportOptions& options = {}) {
        auto report = import_framework_file(database, path, options);
        EXPECT_TRUE(report) << path << ": " << report.error().to_string();
        return report ? std::move(*report) : FrameworkImportReport();
    }
};

TEST_P(FrameworkLibraryTest, TheBuiltInLibrariesAreThereBeforeAnyImport) {
    WARDROUND_TEST_DATABASE(holder, database);
    const FrameworkLibrary library = load(*database);
    for (const char* id :
         {"CAF-3.2", "CAF-4.0", "DSPT-CAF-2024-25", "DSPT-2023-24", "CE-3.2", "ISO-27001-2022"}) {
        const LibraryEntry* entry = library.find_entry(id);
        ASSERT_NE(entry, nullptr) << id;
        EXPECT_TRUE(entry->builtin) << id;
    }
    EXPECT_EQ(library.find_framework("CAF-3.2")->count(NodeType::kOutcome), 39U);
    EXPECT_EQ(library.find_framework("CSF-2.0"), nullptr);
}

TEST_P(FrameworkLibraryTest, AnImportReplacesTheBuiltInAndExtensionsFollowTheirImportedBase) {
    WARDROUND_TEST_DATABASE(holder, database);
    const FrameworkImportReport base = import(*database, fixture("frameworks/caf-3.2-mini.yaml"));
    EXPECT_EQ(base.qualified_id, "CAF-3.2");
    EXPECT_EQ(base.format, "yaml");
    EXPECT_TRUE(base.replaced_builtin);
    const FrameworkImportReport extension =
        import(*database, fixture("frameworks/dspt-caf-mini.yaml"));
    EXPECT_EQ(extension.qualified_id, "DSPT-CAF-2024-25");

    // The base again, after its extension: the library still loads, the extension on it.
    const FrameworkImportReport again = import(*database, fixture("frameworks/caf-3.2-mini.yaml"));
    EXPECT_TRUE(again.replaced_import);
    EXPECT_EQ(::wardround::testing::count_rows(*database, "framework_document"), 2);

    const FrameworkLibrary library = load(*database);
    const LibraryEntry* caf = library.find_entry("CAF-3.2");
    ASSERT_NE(caf, nullptr);
    EXPECT_FALSE(caf->builtin);
    EXPECT_TRUE(caf->replaces_builtin);
    // The imported library's four outcomes, not the built-in 39.
    EXPECT_EQ(caf->framework.count(NodeType::kOutcome), 4U);
    EXPECT_EQ(caf->framework.nodes.size(), base.nodes);
    const Framework* dspt = library.find_framework("DSPT-CAF-2024-25");
    ASSERT_NE(dspt, nullptr);
    const Node* inherited = dspt->find(caf->framework.nodes.back().id);
    ASSERT_NE(inherited, nullptr);
    EXPECT_EQ(inherited->defined_in, "CAF-3.2");
    EXPECT_EQ(dspt->nodes.size(), extension.nodes);
    EXPECT_TRUE(library.find_entry("CAF-4.0")->builtin);
}

TEST_P(FrameworkLibraryTest, TheRealCsfCatalogueImportsWithItsSkippedEntriesReported) {
    const std::string path =
        ::wardround::testing::shared_data("frameworks/nist-csf-2.0/NIST_CSF_v2.0_catalog.xml");
    if (path.empty()) {
        if (::wardround::testing::shared_data_required()) {
            FAIL() << "the NIST CSF 2.0 catalogue is missing from the shared data";
        }
        GTEST_SKIP() << "the NIST CSF 2.0 catalogue is not here";
    }
    WARDROUND_TEST_DATABASE(holder, database);
    const FrameworkImportReport report = import(*database, path);
    EXPECT_EQ(report.qualified_id, "CSF-2.0");
    EXPECT_EQ(report.format, "oscal-xml");
    EXPECT_EQ(report.answered, 106U);
    EXPECT_EQ(report.skipped, 91U);
    EXPECT_FALSE(report.replaced_builtin);
    EXPECT_EQ(report.diagnostics.count_by_code().at("framework.withdrawn"), 91U);
    EXPECT_EQ(::wardround::testing::count_rows(*database, "import_run", "kind = 'framework'"), 1);
    EXPECT_GT(::wardround::testing::count_rows(*database, "import_diagnostic"), 0);

    const FrameworkLibrary library = load(*database);
    const Framework* csf = library.find_framework("CSF-2.0");
    ASSERT_NE(csf, nullptr);
    EXPECT_EQ(csf->count(NodeType::kFunction), 6U);
    EXPECT_EQ(csf->count(NodeType::kCategory), 22U);
    EXPECT_EQ(csf->count(NodeType::kRequirement), 106U);
    ASSERT_NE(csf->find("GV.OC-01"), nullptr);
    EXPECT_EQ(csf->find("ID.BE"), nullptr);
}

TEST_P(FrameworkLibraryTest, AnOscalCatalogueTakesTheNameItIsGiven) {
    WARDROUND_TEST_DATABASE(holder, database);
    FrameworkImportOptions options;
    options.naming = {"TRUST-CONTROLS", "2026"};
    const FrameworkImportReport report =
        import(*database, fixture("frameworks/oscal-mini.json"), options);
    EXPECT_EQ(report.qualified_id, "TRUST-CONTROLS-2026");
    EXPECT_EQ(report.format, "oscal-json");
    const FrameworkLibrary library = load(*database);
    const LibraryEntry* entry = library.find_entry("TRUST-CONTROLS-2026");
    ASSERT_NE(entry, nullptr);
    EXPECT_EQ(entry->format, "oscal-json");
    EXPECT_EQ(entry->framework.nodes.size(), report.nodes);
}

TEST_P(FrameworkLibraryTest, RefusedFilesChangeNothing) {
    WARDROUND_TEST_DATABASE(holder, database);
    import(*database, fixture("frameworks/controls-mini.yaml"));
    const std::string before = ::wardround::testing::dump_database(*database);

    auto bad = import_framework_file(*database, fixture("frameworks/bad/unknown-top-key.yaml"));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(bad.error().to_string().find("unknown-top-key.yaml line"), std::string::npos)
        << bad.error().to_string();
    auto orphan = import_framework_file(*database, fixture("frameworks/bad/extends-unknown.yaml"));
    ASSERT_FALSE(orphan);
    EXPECT_EQ(orphan.error().code, ErrorCode::kNotFound);
    auto missing = import_framework_file(*database, fixture("frameworks/no-such-file.yaml"));
    ASSERT_FALSE(missing);
    auto not_oscal = import_framework_file(*database, fixture("frameworks/bad/not-yaml.yaml"));
    ASSERT_FALSE(not_oscal);

    EXPECT_EQ(::wardround::testing::dump_database(*database), before);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         FrameworkLibraryTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         ::wardround::testing::backend_test_name);

}  // namespace
}  // namespace wardround::assess

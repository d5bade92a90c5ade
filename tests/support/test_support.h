// SPDX-License-Identifier: Apache-2.0
// Shared test helpers: where the real data and our fixtures are, and fresh databases on both
// backends for the suites that must pass on SQLite and PostgreSQL alike.
#pragma once

#include <memory>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include <wardround/core/time.h>
#include <wardround/store/database.h>

namespace wardround::testing {

// Path of a file in ../shared/data (WARDROUND_SHARED_DATA overrides the folder), or "" when absent.
std::string shared_data(const std::string& relative);

// True when tests that need ../shared/data must fail rather than skip (CI sets
// WARDROUND_REQUIRE_SHARED_DATA=1).
bool shared_data_required();

// Path of one of the project's own fixtures in tests/data.
std::string fixture(const std::string& relative);

// A database that exists for one test: a temporary SQLite file, or a fresh PostgreSQL database on
// the test server named by WARDROUND_TEST_PG_URL. Dropped afterwards.
class TestDatabase {
public:
    explicit TestDatabase(store::Backend backend);
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    // Empty when the backend is not available here (the test should skip).
    [[nodiscard]] const std::string& location() const { return location_; }
    [[nodiscard]] std::string skip_reason() const { return skip_reason_; }
    // Opens (and migrates) a new connection to the database.
    [[nodiscard]] std::unique_ptr<store::Database> open() const;

private:
    store::Backend backend_;
    std::string location_;
    std::string admin_url_;
    std::string name_;
    std::string skip_reason_;
};

// Counts the rows of a table (or a WHERE-filtered part of it).
std::int64_t count_rows(store::Database& database,
                        const std::string& table,
                        const std::string& where = "");

// Every row of every table the schema has, as text: to prove that a failed import changed nothing.
// Tables in `exclude` are left out (provenance, when a test expects only it to change).
std::string dump_database(store::Database& database, const std::set<std::string>& exclude = {});

// For value-parameterised suites over both backends.
std::string backend_test_name(const ::testing::TestParamInfo<store::Backend>& info);

// A moment given as text ("2026-11-29T09:00:00Z"); a test failure and the epoch when it does not
// parse.
Timestamp at(const std::string& text);

// A suite run on both backends whose tests each get a fresh database before they start, or are
// skipped when the backend is not available here. A suite's own SetUp calls this one first and
// returns when IsSkipped().
class BackendTest : public ::testing::TestWithParam<store::Backend> {
protected:
    void SetUp() override;

    // Declared first, so that the connection closes before its database is dropped.
    std::unique_ptr<TestDatabase> holder_;
    std::unique_ptr<store::Database> database_;
};

}  // namespace wardround::testing

namespace wardround::store {
// Readable parameter names in test listings.
inline void PrintTo(Backend backend, std::ostream* out) {
    *out << backend_name(backend);
}
}  // namespace wardround::store

// Gives the path of a shared data file, or skips (fails in CI) when it is absent.
#define WARDROUND_SHARED_DATA_OR_SKIP(variable, relative)                             \
    const std::string variable = ::wardround::testing::shared_data(relative);         \
    if (variable.empty()) {                                                           \
        if (::wardround::testing::shared_data_required()) {                           \
            FAIL() << "../shared/data/" << (relative)                                 \
                   << " is missing and WARDROUND_REQUIRE_SHARED_DATA=1";              \
        }                                                                             \
        GTEST_SKIP() << "../shared/data/" << (relative) << " is not on this machine"; \
    }

// Opens a fresh database for the test's backend parameter, or skips when it is not available.
#define WARDROUND_TEST_DATABASE(holder, database)                           \
    ::wardround::testing::TestDatabase holder(GetParam());                  \
    if (holder.location().empty()) {                                        \
        GTEST_SKIP() << holder.skip_reason();                               \
    }                                                                       \
    std::unique_ptr<::wardround::store::Database> database = holder.open(); \
    ASSERT_TRUE(database != nullptr)

// SPDX-License-Identifier: Apache-2.0
#include "support/test_support.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>

#include <unistd.h>

#include <wardround/store/open.h>

namespace wardround::testing {
namespace {

std::string environment(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
}

std::string unique_suffix() {
    static std::atomic<int> counter{0};
    return std::to_string(::getpid()) + "_" + std::to_string(counter++);
}

}  // namespace

std::string shared_data(const std::string& relative) {
    std::string root = environment("WARDROUND_SHARED_DATA");
    if (root.empty()) {
        root = WARDROUND_SHARED_DATA_DIR;
    }
    const std::filesystem::path path = std::filesystem::path(root) / relative;
    return std::filesystem::exists(path) ? path.string() : "";
}

bool shared_data_required() {
    return environment("WARDROUND_REQUIRE_SHARED_DATA") == "1";
}

std::string fixture(const std::string& relative) {
    return (std::filesystem::path(WARDROUND_FIXTURE_DIR) / relative).string();
}

TestDatabase::TestDatabase(store::Backend backend) : backend_(backend) {
    if (backend == store::Backend::kSqlite) {
        const auto dir =
            std::filesystem::temp_directory_path() / ("wardround_test_" + unique_suffix());
        std::filesystem::create_directories(dir);
        location_ = (dir / "test.db").string();
        return;
    }
    admin_url_ = environment("WARDROUND_TEST_PG_URL");
    if (admin_url_.empty()) {
        skip_reason_ = "WARDROUND_TEST_PG_URL is not set (make test starts a PostgreSQL server)";
        if (environment("WARDROUND_REQUIRE_PG") == "1") {
            ADD_FAILURE() << "WARDROUND_REQUIRE_PG=1 but WARDROUND_TEST_PG_URL is not set";
        }
        return;
    }
    name_ = "wardround_test_" + unique_suffix();
    // CREATE DATABASE cannot run inside a transaction; execute_script does not open one.
    auto connection =
        store::open_database(admin_url_, {.schema = store::SchemaPolicy::kIgnore, .create = false});
    if (!connection) {
        ADD_FAILURE() << "cannot reach the test PostgreSQL: " << connection.error().to_string();
        return;
    }
    auto created = (*connection)->execute_script("CREATE DATABASE " + name_);
    if (!created) {
        ADD_FAILURE() << created.error().to_string();
        return;
    }
    const std::size_t slash = admin_url_.rfind('/');
    location_ = admin_url_.substr(0, slash + 1) + name_;
}

TestDatabase::~TestDatabase() {
    if (backend_ == store::Backend::kSqlite) {
        if (!location_.empty()) {
            std::error_code ignored;
            std::filesystem::remove_all(std::filesystem::path(location_).parent_path(), ignored);
        }
        return;
    }
    if (!name_.empty()) {
        auto connection = store::open_database(
            admin_url_, {.schema = store::SchemaPolicy::kIgnore, .create = false});
        if (connection) {
            (void)(*connection)
                ->execute_script("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
        }
    }
}

std::unique_ptr<store::Database> TestDatabase::open() const {
    auto database = store::open_database(location_);
    if (!database) {
        ADD_FAILURE() << "cannot open test database: " << database.error().to_string();
        return nullptr;
    }
    return std::move(*database);
}

std::int64_t count_rows(store::Database& database,
                        const std::string& table,
                        const std::string& where) {
    auto value = database.query_value("SELECT COUNT(*) FROM " + table +
                                      (where.empty() ? "" : " WHERE " + where));
    if (!value || !*value) {
        ADD_FAILURE() << "cannot count " << table << ": "
                      << (value ? "no row" : value.error().to_string());
        return -1;
    }
    return std::get<std::int64_t>(**value);
}

std::string dump_database(store::Database& database, const std::set<std::string>& exclude) {
    std::vector<std::string> tables;
    const std::string list_sql =
        database.backend() == store::Backend::kSqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = "
              "current_schema() ORDER BY table_name";
    auto status = database.query(list_sql, {}, [&](const store::Row& row) -> Status {
        tables.push_back(row.get_text(0));
        return {};
    });
    EXPECT_TRUE(status.has_value());
    std::string out;
    for (const std::string& table : tables) {
        if (exclude.count(table) > 0) {
            continue;
        }
        out += "## " + table + "\n";
        std::vector<std::string> rows;
        auto read =
            database.query("SELECT * FROM " + table, {}, [&](const store::Row& row) -> Status {
                std::string line;
                for (std::size_t i = 0; i < row.size(); ++i) {
                    line += (row.is_null(i) ? "NULL" : row.get_text(i)) + "|";
                }
                rows.push_back(std::move(line));
                return {};
            });
        EXPECT_TRUE(read.has_value());
        std::sort(rows.begin(), rows.end());
        for (const std::string& row : rows) {
            out += row + "\n";
        }
    }
    return out;
}

Timestamp at(const std::string& text) {
    auto parsed = parse_timestamp(text);
    if (!parsed) {
        ADD_FAILURE() << text << ": " << parsed.error().to_string();
        return Timestamp{};
    }
    return *parsed;
}

void BackendTest::SetUp() {
    holder_ = std::make_unique<TestDatabase>(GetParam());
    if (holder_->location().empty()) {
        GTEST_SKIP() << holder_->skip_reason();
    }
    database_ = holder_->open();
    ASSERT_TRUE(database_ != nullptr);
}

std::string backend_test_name(const ::testing::TestParamInfo<store::Backend>& info) {
    return info.param == store::Backend::kSqlite ? "Sqlite" : "Postgres";
}

}  // namespace wardround::testing

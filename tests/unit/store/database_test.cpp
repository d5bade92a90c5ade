// SPDX-License-Identifier: Apache-2.0
// The storage contract, run against SQLite and PostgreSQL alike.
#include <gtest/gtest.h>

#include <wardround/store/open.h>
#include <wardround/store/provenance.h>
#include <wardround/store/schema.h>

#include "store/postgres/postgres_database.h"
#include "support/test_support.h"

namespace wardround::store {
namespace {

using testing::count_rows;

class DatabaseTest : public ::testing::TestWithParam<Backend> {};

TEST_P(DatabaseTest, OpeningMigratesToTheLatestVersion) {
    WARDROUND_TEST_DATABASE(holder, database);
    EXPECT_EQ(database->backend(), GetParam());
    EXPECT_EQ(*current_schema_version(*database), latest_schema_version());
    EXPECT_EQ(count_rows(*database, "wardround_schema"), latest_schema_version());
    // Opening again applies nothing twice.
    auto again = open_database(holder.location());
    ASSERT_TRUE(again.has_value()) << again.error().to_string();
    EXPECT_EQ(count_rows(**again, "wardround_schema"), latest_schema_version());
}

TEST_P(DatabaseTest, RefusesADatabaseFromANewerWardround) {
    WARDROUND_TEST_DATABASE(holder, database);
    const Value future[] = {Value{std::int64_t{latest_schema_version() + 1}},
                            Value{std::string("from the future")},
                            Value{std::string("2030-01-01T00:00:00.000Z")}};
    ASSERT_TRUE(
        database
            ->execute("INSERT INTO wardround_schema (version, name, applied_at) VALUES (?, ?, ?)",
                      future)
            .has_value());
    auto refused = open_database(holder.location());
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(refused.error().message.find("newer than this Wardround"), std::string::npos)
        << refused.error().message;
}

TEST_P(DatabaseTest, ValuesRoundTripWithTheirTypes) {
    WARDROUND_TEST_DATABASE(holder, database);
    ASSERT_TRUE(database->execute_script("CREATE TABLE t (i BIGINT, d DOUBLE PRECISION, s TEXT)")
                    .has_value());
    const std::string text = "Dr\xC3\xA4ger 'quoted' \"double\" ? \\ tab\there\nline";
    const Value row[] = {Value{std::int64_t{9007199254740993}}, Value{0.1 + 0.2}, Value{text}};
    ASSERT_TRUE(database->execute("INSERT INTO t (i, d, s) VALUES (?, ?, ?)", row).has_value());
    const Value nulls[] = {Value{}, Value{}, Value{}};
    ASSERT_TRUE(database->execute("INSERT INTO t (i, d, s) VALUES (?, ?, ?)", nulls).has_value());
    auto rows = database->query_all("SELECT i, d, s FROM t ORDER BY i");
    ASSERT_TRUE(rows.has_value()) << rows.error().to_string();
    ASSERT_EQ(rows->size(), 2U);
    // NULLs sort first in SQLite and last in PostgreSQL; find the non-null row.
    const auto& full =
        std::holds_alternative<std::monostate>((*rows)[0][0]) ? (*rows)[1] : (*rows)[0];
    const auto& empty =
        std::holds_alternative<std::monostate>((*rows)[0][0]) ? (*rows)[0] : (*rows)[1];
    EXPECT_EQ(std::get<std::int64_t>(full[0]), 9007199254740993);
    EXPECT_DOUBLE_EQ(std::get<double>(full[1]), 0.1 + 0.2);
    EXPECT_EQ(std::get<std::string>(full[2]), text);
    for (const Value& value : empty) {
        EXPECT_TRUE(std::holds_alternative<std::monostate>(value));
    }
}

TEST_P(DatabaseTest, TransactionRollsBackWhenNotCommitted) {
    WARDROUND_TEST_DATABASE(holder, database);
    ASSERT_TRUE(database->execute_script("CREATE TABLE t (v TEXT)").has_value());
    {
        auto transaction = Transaction::begin(*database);
        ASSERT_TRUE(transaction.has_value());
        const Value value[] = {Value{std::string("gone")}};
        ASSERT_TRUE(database->execute("INSERT INTO t (v) VALUES (?)", value).has_value());
        EXPECT_TRUE(database->in_transaction());
    }
    EXPECT_FALSE(database->in_transaction());
    EXPECT_EQ(count_rows(*database, "t"), 0);
    {
        auto transaction = Transaction::begin(*database);
        const Value value[] = {Value{std::string("kept")}};
        ASSERT_TRUE(database->execute("INSERT INTO t (v) VALUES (?)", value).has_value());
        ASSERT_TRUE(transaction->commit().has_value());
    }
    EXPECT_EQ(count_rows(*database, "t"), 1);
}

TEST_P(DatabaseTest, BulkInsertAndUpsert) {
    WARDROUND_TEST_DATABASE(holder, database);
    ASSERT_TRUE(database
                    ->execute_script("CREATE TABLE parent (id TEXT PRIMARY KEY, n BIGINT);"
                                     "CREATE TABLE child (pid TEXT NOT NULL REFERENCES parent(id),"
                                     " seq BIGINT, v TEXT, PRIMARY KEY (pid, seq))")
                    .has_value());
    auto transaction = Transaction::begin(*database);
    ASSERT_TRUE(transaction.has_value());
    // Parents and children interleaved, many more rows than one COPY buffer holds in PostgreSQL:
    // the children must never reach the server before their parent.
    auto parents = database->bulk_writer({"parent", {"id", "n"}, BulkMode::kInsert, {}});
    auto children = database->bulk_writer({"child", {"pid", "seq", "v"}, BulkMode::kInsert, {}});
    ASSERT_TRUE(parents.has_value() && children.has_value());
    const std::string filler(400, 'x');
    for (std::int64_t i = 0; i < 30000; ++i) {
        const std::string id = "P" + std::to_string(i);
        const Value parent[] = {Value{id}, Value{i}};
        ASSERT_TRUE((*parents)->add(parent).has_value());
        const Value child[] = {Value{id}, Value{std::int64_t{0}}, Value{filler + "\t\n\\"}};
        ASSERT_TRUE((*children)->add(child).has_value());
    }
    ASSERT_TRUE((*parents)->finish().has_value());
    ASSERT_TRUE((*children)->finish().has_value());
    ASSERT_TRUE(transaction->commit().has_value());
    EXPECT_EQ(count_rows(*database, "parent"), 30000);
    EXPECT_EQ(count_rows(*database, "child", "v = '" + filler + "\t\n\\'"), 30000);

    auto upserts = database->bulk_writer({"parent", {"id", "n"}, BulkMode::kUpsert, {"id"}});
    ASSERT_TRUE(upserts.has_value());
    const Value changed[] = {Value{std::string("P7")}, Value{std::int64_t{-7}}};
    const Value added[] = {Value{std::string("NEW")}, Value{std::int64_t{1}}};
    ASSERT_TRUE((*upserts)->add(changed).has_value());
    ASSERT_TRUE((*upserts)->add(added).has_value());
    ASSERT_TRUE((*upserts)->finish().has_value());
    EXPECT_EQ(count_rows(*database, "parent"), 30001);
    EXPECT_EQ(count_rows(*database, "parent", "id = 'P7' AND n = -7"), 1);
}

TEST_P(DatabaseTest, ABulkWriteErrorSurfacesByFinishAndTheTransactionRollsBack) {
    WARDROUND_TEST_DATABASE(holder, database);
    ASSERT_TRUE(
        database->execute_script("CREATE TABLE t (k BIGINT PRIMARY KEY, v TEXT)").has_value());
    const std::string before = testing::dump_database(*database);
    {
        auto transaction = Transaction::begin(*database);
        auto writer = database->bulk_writer({"t", {"k", "v"}, BulkMode::kInsert, {}});
        ASSERT_TRUE(writer.has_value());
        // Enough rows for several COPY batches on PostgreSQL, with one key twice in the middle.
        const std::string filler(1000, 'y');
        Status status;
        for (std::int64_t i = 0; i < 40000 && status; ++i) {
            const Value row[] = {Value{i == 20000 ? std::int64_t{5} : i}, Value{filler}};
            status = (*writer)->add(row);
        }
        if (status) {
            status = (*writer)->finish();
        }
        ASSERT_FALSE(status.has_value());
        EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument) << status.error().to_string();
    }
    EXPECT_FALSE(database->in_transaction());
    EXPECT_EQ(testing::dump_database(*database), before);
    // The connection is usable afterwards.
    const Value row[] = {Value{std::int64_t{1}}, Value{std::string("after")}};
    ASSERT_TRUE(database->execute("INSERT INTO t (k, v) VALUES (?, ?)", row).has_value());
}

TEST_P(DatabaseTest, BulkRowsAreDiscardedWithTheTransaction) {
    WARDROUND_TEST_DATABASE(holder, database);
    ASSERT_TRUE(database->execute_script("CREATE TABLE t (v TEXT)").has_value());
    {
        auto transaction = Transaction::begin(*database);
        auto writer = database->bulk_writer({"t", {"v"}, BulkMode::kInsert, {}});
        const Value value[] = {Value{std::string("buffered")}};
        ASSERT_TRUE((*writer)->add(value).has_value());
    }
    const Value value[] = {Value{std::string("after")}};
    ASSERT_TRUE(database->execute("INSERT INTO t (v) VALUES (?)", value).has_value());
    EXPECT_EQ(count_rows(*database, "t"), 1);
}

TEST_P(DatabaseTest, ConstraintViolationIsInvalidArgument) {
    WARDROUND_TEST_DATABASE(holder, database);
    ASSERT_TRUE(database->execute_script("CREATE TABLE t (v TEXT PRIMARY KEY)").has_value());
    const Value value[] = {Value{std::string("same")}};
    ASSERT_TRUE(database->execute("INSERT INTO t (v) VALUES (?)", value).has_value());
    auto duplicate = database->execute("INSERT INTO t (v) VALUES (?)", value);
    ASSERT_FALSE(duplicate.has_value());
    EXPECT_EQ(duplicate.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(DatabaseTest, QueryCallbackErrorStopsAndIsReturned) {
    WARDROUND_TEST_DATABASE(holder, database);
    int seen = 0;
    auto status =
        database->query("SELECT version FROM wardround_schema", {}, [&](const Row&) -> Status {
            ++seen;
            return make_error(ErrorCode::kAlreadyExists, "stop here");
        });
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().message, "stop here");
    EXPECT_EQ(seen, 1);
    // The connection is still usable afterwards.
    EXPECT_EQ(count_rows(*database, "wardround_schema"), latest_schema_version());
}

TEST_P(DatabaseTest, ImportRunsRecordProvenanceAndDiagnostics) {
    WARDROUND_TEST_DATABASE(holder, database);
    auto transaction = Transaction::begin(*database);
    ImportRun run;
    run.kind = "kev";
    run.source = "catalogue.json";
    run.started_at = now_utc();
    auto id = begin_import_run(*database, run);
    ASSERT_TRUE(id.has_value()) << id.error().to_string();
    run.id = *id;
    run.sha256 = "ab";
    run.counts.records = 3;
    run.counts.rejected = 1;
    run.finished_at = now_utc();
    Diagnostics diagnostics;
    diagnostics.add(Severity::kError, "kev.bad_date", "catalogue.json", "$.vulnerabilities[2]",
                    "dateAdded is not a date");
    ASSERT_TRUE(finish_import_run(*database, run, diagnostics).has_value());
    ASSERT_TRUE(transaction->commit().has_value());
    EXPECT_EQ(
        count_rows(*database, "import_run", "outcome = 'applied' AND records = 3 AND rejected = 1"),
        1);
    EXPECT_EQ(
        count_rows(*database, "import_diagnostic",
                   "code = 'kev.bad_date' AND location = 'catalogue.json $.vulnerabilities[2]'"),
        1);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         DatabaseTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::backend_test_name);

TEST(SqliteOpen, SettingsForDurability) {
    testing::TestDatabase holder(Backend::kSqlite);
    auto database = holder.open();
    ASSERT_TRUE(database != nullptr);
    EXPECT_EQ(std::get<std::string>(**database->query_value("PRAGMA journal_mode")), "wal");
    EXPECT_EQ(std::get<std::int64_t>(**database->query_value("PRAGMA synchronous")), 2);  // FULL
    EXPECT_EQ(std::get<std::int64_t>(**database->query_value("PRAGMA foreign_keys")), 1);
}

TEST(SqliteOpen, NotADatabaseIsDataLoss) {
    const std::string path = ::testing::TempDir() + "/not_a_database.db";
    FILE* file = std::fopen(path.c_str(), "w");
    std::fputs("this is a text file, not SQLite, and it is long enough to have a header page",
               file);
    std::fclose(file);
    auto database = open_database(path);
    ASSERT_FALSE(database.has_value());
    EXPECT_EQ(database.error().code, ErrorCode::kDataLoss);
}

TEST(PostgresOpen, UnreachableServerIsUnavailable) {
    auto database = open_database("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
    ASSERT_FALSE(database.has_value());
    EXPECT_EQ(database.error().code, ErrorCode::kUnavailable);
}

TEST(PostgresPlaceholders, RewrittenOutsideQuotesAndComments) {
    EXPECT_EQ(detail::to_postgres_placeholders("SELECT ? , '?' , \"a?\" -- ?\n , ?"),
              "SELECT $1 , '?' , \"a?\" -- ?\n , $2");
}

TEST(PostgresCopy, EscapesTheTextFormat) {
    std::string out;
    detail::append_copy_value(out, Value{std::string("a\tb\nc\\d\re")});
    out += '|';
    detail::append_copy_value(out, Value{});
    out += '|';
    detail::append_copy_value(out, Value{std::int64_t{-3}});
    EXPECT_EQ(out, "a\\tb\\nc\\\\d\\re|\\N|-3");
}

}  // namespace
}  // namespace wardround::store

// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite/sqlite_database.h"

#include <string_view>
#include <unordered_map>

#include <sqlite3.h>

namespace wardround::store::detail {
namespace {

ErrorCode code_for(int rc) {
    switch (rc & 0xff) {
        case SQLITE_CONSTRAINT:
        case SQLITE_MISMATCH:
        case SQLITE_TOOBIG:
        case SQLITE_RANGE:
            return ErrorCode::kInvalidArgument;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_CANTOPEN:
        case SQLITE_IOERR:
        case SQLITE_FULL:
            return ErrorCode::kUnavailable;
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return ErrorCode::kDataLoss;
        case SQLITE_READONLY:
        case SQLITE_PERM:
        case SQLITE_AUTH:
            return ErrorCode::kPermissionDenied;
        default:
            return ErrorCode::kInternal;
    }
}

class SqliteRow final : public Row {
public:
    explicit SqliteRow(sqlite3_stmt* statement) : statement_(statement) {}
    [[nodiscard]] std::size_t size() const override {
        return static_cast<std::size_t>(sqlite3_column_count(statement_));
    }
    [[nodiscard]] bool is_null(std::size_t column) const override {
        return sqlite3_column_type(statement_, index(column)) == SQLITE_NULL;
    }
    [[nodiscard]] std::int64_t get_int(std::size_t column) const override {
        return sqlite3_column_int64(statement_, index(column));
    }
    [[nodiscard]] double get_double(std::size_t column) const override {
        return sqlite3_column_double(statement_, index(column));
    }
    [[nodiscard]] std::string get_text(std::size_t column) const override {
        const auto* text = sqlite3_column_text(statement_, index(column));
        if (text == nullptr) {
            return {};
        }
        return {reinterpret_cast<const char*>(text),
                static_cast<std::size_t>(sqlite3_column_bytes(statement_, index(column)))};
    }
    [[nodiscard]] Value get(std::size_t column) const override {
        switch (sqlite3_column_type(statement_, index(column))) {
            case SQLITE_NULL:
                return Value{};
            case SQLITE_INTEGER:
                return Value{get_int(column)};
            case SQLITE_FLOAT:
                return Value{get_double(column)};
            default:
                return Value{get_text(column)};
        }
    }

private:
    static int index(std::size_t column) { return static_cast<int>(column); }
    sqlite3_stmt* statement_;
};

class SqliteDatabase;

// Holds its prepared INSERT directly: the statement cache is keyed by SQL text, and hashing that
// text for every one of millions of rows would cost more than the insert.
class SqliteBulkWriter final : public BulkWriter {
public:
    SqliteBulkWriter(SqliteDatabase& database, sqlite3_stmt* statement, std::size_t columns)
        : database_(database), statement_(statement), columns_(columns) {}
    Status add(std::span<const Value> values) override;
    Status finish() override { return {}; }

private:
    SqliteDatabase& database_;
    sqlite3_stmt* statement_;
    std::size_t columns_;
};

class SqliteDatabase final : public Database {
public:
    SqliteDatabase(sqlite3* handle, std::string path) : db_(handle), path_(std::move(path)) {}
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;
    ~SqliteDatabase() override {
        for (auto& [sql, statement] : statements_) {
            sqlite3_finalize(statement);
        }
        sqlite3_close_v2(db_);
    }

    Backend backend() const override { return Backend::kSqlite; }
    std::string describe() const override { return "sqlite:" + path_; }

    Status execute_script(std::string_view sql) override {
        char* message = nullptr;
        const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message);
        if (rc != SQLITE_OK) {
            std::string text = message != nullptr ? message : sqlite3_errstr(rc);
            sqlite3_free(message);
            return make_error(code_for(rc), text, describe());
        }
        return {};
    }

    Result<std::int64_t> execute(std::string_view sql, std::span<const Value> params) override {
        auto statement = prepare(sql);
        if (!statement) {
            return propagate(statement.error());
        }
        WARDROUND_TRY(bind(*statement, params));
        int rc = SQLITE_ROW;
        while (rc == SQLITE_ROW) {
            rc = sqlite3_step(*statement);
        }
        sqlite3_reset(*statement);
        if (rc != SQLITE_DONE) {
            return failure(rc, sql);
        }
        return static_cast<std::int64_t>(sqlite3_changes64(db_));
    }

    Status query(std::string_view sql,
                 std::span<const Value> params,
                 const RowCallback& on_row) override {
        auto statement = prepare(sql);
        if (!statement) {
            return propagate(statement.error());
        }
        WARDROUND_TRY(bind(*statement, params));
        // A statement may be re-entered by the callback (nested queries with the same SQL are not
        // supported); reset it on every way out.
        struct Reset {
            sqlite3_stmt* statement;
            ~Reset() { sqlite3_reset(statement); }
        } reset{*statement};
        SqliteRow row(*statement);
        for (;;) {
            const int rc = sqlite3_step(*statement);
            if (rc == SQLITE_DONE) {
                return {};
            }
            if (rc != SQLITE_ROW) {
                return failure(rc, sql);
            }
            WARDROUND_TRY(on_row(row));
        }
    }

    Result<std::unique_ptr<BulkWriter>> bulk_writer(BulkTarget target) override {
        std::string sql = "INSERT INTO " + target.table + " (";
        std::string placeholders;
        for (std::size_t i = 0; i < target.columns.size(); ++i) {
            sql += (i > 0 ? ", " : "") + target.columns[i];
            placeholders += i > 0 ? ", ?" : "?";
        }
        sql += ") VALUES (" + placeholders + ")";
        if (target.mode == BulkMode::kUpsert) {
            sql += " ON CONFLICT (";
            for (std::size_t i = 0; i < target.conflict_columns.size(); ++i) {
                sql += (i > 0 ? ", " : "") + target.conflict_columns[i];
            }
            sql += ") DO UPDATE SET ";
            bool first = true;
            for (const std::string& column : target.columns) {
                bool is_key = false;
                for (const std::string& key : target.conflict_columns) {
                    is_key = is_key || key == column;
                }
                if (!is_key) {
                    sql.append(first ? "" : ", ")
                        .append(column)
                        .append(" = excluded.")
                        .append(column);
                    first = false;
                }
            }
        }
        auto statement = prepare(sql);
        if (!statement) {
            return propagate(statement.error());
        }
        return std::unique_ptr<BulkWriter>(
            std::make_unique<SqliteBulkWriter>(*this, *statement, target.columns.size()));
    }

    Status begin() override {
        // IMMEDIATE takes the write lock now, so a writer never fails half-way on lock upgrade.
        WARDROUND_TRY(execute_script("BEGIN IMMEDIATE"));
        in_transaction_ = true;
        return {};
    }
    Status commit() override {
        WARDROUND_TRY(execute_script("COMMIT"));
        in_transaction_ = false;
        return {};
    }
    Status rollback() override {
        in_transaction_ = false;
        return execute_script("ROLLBACK");
    }
    bool in_transaction() const override {
        return in_transaction_ && sqlite3_get_autocommit(db_) == 0;
    }

    Result<sqlite3_stmt*> prepare(std::string_view sql) {
        std::string key(sql);
        auto found = statements_.find(key);
        if (found != statements_.end()) {
            return found->second;
        }
        sqlite3_stmt* statement = nullptr;
        const int rc = sqlite3_prepare_v3(db_, key.c_str(), static_cast<int>(key.size()),
                                          SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
        if (rc != SQLITE_OK) {
            return failure(rc, sql);
        }
        statements_.emplace(std::move(key), statement);
        return statement;
    }

    Status bind(sqlite3_stmt* statement, std::span<const Value> params) {
        if (static_cast<std::size_t>(sqlite3_bind_parameter_count(statement)) != params.size()) {
            return make_error(ErrorCode::kInternal,
                              "statement expects " +
                                  std::to_string(sqlite3_bind_parameter_count(statement)) +
                                  " parameters, got " + std::to_string(params.size()),
                              sqlite3_sql(statement));
        }
        for (std::size_t i = 0; i < params.size(); ++i) {
            const int position = static_cast<int>(i + 1);
            int rc = SQLITE_OK;
            if (const auto* integer = std::get_if<std::int64_t>(&params[i])) {
                rc = sqlite3_bind_int64(statement, position, *integer);
            } else if (const auto* real = std::get_if<double>(&params[i])) {
                rc = sqlite3_bind_double(statement, position, *real);
            } else if (const auto* text = std::get_if<std::string>(&params[i])) {
                // SQLITE_STATIC: the values outlive every step of the statement they are bound to,
                // and copying millions of strings during a bulk import is measurable.
                rc = sqlite3_bind_text64(statement, position, text->data(), text->size(),
                                         SQLITE_STATIC, SQLITE_UTF8);
            } else if (const auto* view = std::get_if<std::string_view>(&params[i])) {
                rc = sqlite3_bind_text64(statement, position, view->data(), view->size(),
                                         SQLITE_STATIC, SQLITE_UTF8);
            } else {
                rc = sqlite3_bind_null(statement, position);
            }
            if (rc != SQLITE_OK) {
                return failure(rc, sqlite3_sql(statement));
            }
        }
        return {};
    }

    tl::unexpected<Error> failure(int rc, std::string_view sql) const {
        std::string message = sqlite3_errmsg(db_);
        if (message.empty() || message == "not an error") {
            message = sqlite3_errstr(rc);
        }
        return make_error(code_for(rc), message + " [" + std::string(sql.substr(0, 120)) + "]",
                          describe());
    }

private:
    sqlite3* db_;
    std::string path_;
    std::unordered_map<std::string, sqlite3_stmt*> statements_;
    bool in_transaction_ = false;
};

Status SqliteBulkWriter::add(std::span<const Value> values) {
    if (values.size() != columns_) {
        return make_error(ErrorCode::kInvalidArgument,
                          "bulk row has " + std::to_string(values.size()) + " values for " +
                              std::to_string(columns_) + " columns");
    }
    WARDROUND_TRY(database_.bind(statement_, values));
    const int rc = sqlite3_step(statement_);
    sqlite3_reset(statement_);
    if (rc != SQLITE_DONE) {
        return database_.failure(rc, sqlite3_sql(statement_));
    }
    return {};
}

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, bool create) {
    sqlite3* handle = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) |
                      SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    const int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = handle != nullptr ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
        sqlite3_close_v2(handle);
        return make_error(ErrorCode::kUnavailable, "cannot open database: " + message, path);
    }
    auto database = std::make_unique<SqliteDatabase>(handle, path);
    // journal_mode answers with a row, so it goes through query(); the rest are plain settings.
    WARDROUND_TRY(database->execute_script("PRAGMA busy_timeout = 5000"));
    // 16 KiB pages (SQLite's default is 4 KiB): the knowledge base's tables hold millions of small
    // rows, and larger pages halve the B-tree work of a full NVD import. It only takes effect on a
    // new database, before its first write.
    WARDROUND_TRY(database->execute_script("PRAGMA page_size = 16384"));
    auto mode = database->query_value("PRAGMA journal_mode = WAL");
    if (!mode) {
        return propagate(mode.error());
    }
    // A page cache of up to 256 MiB: the knowledge base's indexes are written in the order the
    // feeds arrive, not key order, and with SQLite's default 2 MiB a full NVD import spends most
    // of its time re-reading B-tree pages. The cache only grows as far as it is used.
    WARDROUND_TRY(database->execute_script(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; "
        "PRAGMA cache_size = -262144"));
    return std::unique_ptr<Database>(std::move(database));
}

}  // namespace wardround::store::detail

// SPDX-License-Identifier: Apache-2.0
// The storage interface every module writes through, with two backends: SQLite (the embedded
// default, one file) and PostgreSQL (regional and national servers). SQL is written once, in the
// dialect both accept, with `?` placeholders; the PostgreSQL backend rewrites them to $1, $2, ...
// Values are NULL, 64-bit integers, doubles or UTF-8 text; times are canonical ISO 8601 text
// (core/time.h), so ordering and comparison behave the same on both backends.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <wardround/core/result.h>

namespace wardround::store {

enum class Backend { kSqlite, kPostgres };

std::string_view backend_name(Backend backend);

// NULL, an integer, a double, text, or borrowed text: a view of a string that outlives the call it
// is passed to (bulk writers bind millions of fields, and copying each one first is measurable).
// Query results never hold views.
using Value = std::variant<std::monostate, std::int64_t, double, std::string, std::string_view>;

inline Value null_value() {
    return Value{};
}
// A NULL for an empty string: most optional text fields are stored this way.
inline Value text_or_null(std::string_view text) {
    return text.empty() ? Value{} : Value{std::string(text)};
}
// Borrowed text, or NULL when empty; `text` must outlive the call the value is passed to.
inline Value view_or_null(std::string_view text) {
    return text.empty() ? Value{} : Value{text};
}

// One row of a query result. Columns are addressed by position, as in the SELECT list.
class Row {
public:
    virtual ~Row() = default;
    [[nodiscard]] virtual std::size_t size() const = 0;
    [[nodiscard]] virtual bool is_null(std::size_t column) const = 0;
    // A NULL reads as 0 / 0.0 / "".
    [[nodiscard]] virtual std::int64_t get_int(std::size_t column) const = 0;
    [[nodiscard]] virtual double get_double(std::size_t column) const = 0;
    [[nodiscard]] virtual std::string get_text(std::size_t column) const = 0;

    // The value with the type the backend holds it in.
    [[nodiscard]] virtual Value get(std::size_t column) const = 0;
};

using RowCallback = std::function<Status(const Row&)>;

// Appends many rows to one table as fast as the backend allows: prepared INSERTs in SQLite, COPY in
// PostgreSQL. In kUpsert mode a row whose conflict key exists replaces the stored columns.
class BulkWriter {
public:
    virtual ~BulkWriter() = default;
    // Errors: kInvalidArgument when the number of values differs from the column count; the
    // backend's constraint errors (kInvalidArgument) and I/O errors (kUnavailable).
    [[nodiscard]] virtual Status add(std::span<const Value> values) = 0;
    // Flushes what is buffered. Must be called before the transaction commits.
    [[nodiscard]] virtual Status finish() = 0;
};

enum class BulkMode { kInsert, kUpsert };

struct BulkTarget {
    std::string table;
    std::vector<std::string> columns;
    BulkMode mode = BulkMode::kInsert;
    std::vector<std::string> conflict_columns;  // kUpsert only: the unique key
};

class Database {
public:
    virtual ~Database() = default;

    [[nodiscard]] virtual Backend backend() const = 0;
    // Where the database is, with any password removed: fit for messages and logs.
    [[nodiscard]] virtual std::string describe() const = 0;

    // Runs one or more statements with no parameters (DDL, BEGIN, ...).
    [[nodiscard]] virtual Status execute_script(std::string_view sql) = 0;

    // Runs one statement; returns the number of rows changed. Statements are prepared once and
    // cached by their text, so pass constant SQL and vary only the parameters.
    [[nodiscard]] virtual Result<std::int64_t> execute(std::string_view sql,
                                                       std::span<const Value> params = {}) = 0;

    // Runs a query and calls `on_row` for each row, streaming (rows are not all held in memory).
    // An error returned by `on_row` stops the query and is returned.
    [[nodiscard]] virtual Status query(std::string_view sql,
                                       std::span<const Value> params,
                                       const RowCallback& on_row) = 0;

    [[nodiscard]] virtual Result<std::unique_ptr<BulkWriter>> bulk_writer(BulkTarget target) = 0;

    // Transactions do not nest; Transaction (below) is the usual way to use them.
    [[nodiscard]] virtual Status begin() = 0;
    [[nodiscard]] virtual Status commit() = 0;
    [[nodiscard]] virtual Status rollback() = 0;
    [[nodiscard]] virtual bool in_transaction() const = 0;

    // Convenience over query(): the first column of the first row, if any.
    [[nodiscard]] Result<std::optional<Value>> query_value(std::string_view sql,
                                                           std::span<const Value> params = {});
    // Convenience over query(): every row, materialised. For small results only.
    [[nodiscard]] Result<std::vector<std::vector<Value>>> query_all(
        std::string_view sql, std::span<const Value> params = {});
};

// Rolls back on destruction unless commit() succeeded, so an early return on error leaves the
// database exactly as it was.
class Transaction {
public:
    [[nodiscard]] static Result<Transaction> begin(Database& database);
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    [[nodiscard]] Status commit();

private:
    explicit Transaction(Database& database) : database_(&database) {}
    Database* database_;
};

}  // namespace wardround::store

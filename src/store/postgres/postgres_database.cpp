// SPDX-License-Identifier: Apache-2.0
#include "store/postgres/postgres_database.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <libpq-fe.h>

namespace wardround::store::detail {
namespace {

// Type OIDs from PostgreSQL's pg_type.dat; stable across releases.
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

// Rows buffered by a COPY writer before they are sent.
constexpr std::size_t kCopyFlushBytes = 8U << 20;

ErrorCode code_for_sqlstate(std::string_view state) {
    if (state.size() < 2) {
        return ErrorCode::kInternal;
    }
    const std::string_view klass = state.substr(0, 2);
    if (klass == "23" || klass == "22") {
        return ErrorCode::kInvalidArgument;  // integrity or data exception: the data was wrong
    }
    if (klass == "08" || klass == "53" || klass == "57" || klass == "40" || state == "55P03") {
        return ErrorCode::kUnavailable;
    }
    if (klass == "28" || state == "42501") {
        return ErrorCode::kPermissionDenied;
    }
    if (klass == "XX") {
        return ErrorCode::kDataLoss;
    }
    return ErrorCode::kInternal;
}

std::string value_text(const Value& value) {
    if (const auto* integer = std::get_if<std::int64_t>(&value)) {
        return std::to_string(*integer);
    }
    if (const auto* real = std::get_if<double>(&value)) {
        char buffer[32];
        const auto result = std::to_chars(buffer, buffer + sizeof buffer, *real);
        return std::string(buffer, result.ptr);
    }
    if (const auto* text = std::get_if<std::string>(&value)) {
        return *text;
    }
    return {};
}

struct ResultDeleter {
    void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

class PostgresRow final : public Row {
public:
    PostgresRow(PGresult* result, int row) : result_(result), row_(row) {}
    std::size_t size() const override { return static_cast<std::size_t>(PQnfields(result_)); }
    bool is_null(std::size_t column) const override {
        return PQgetisnull(result_, row_, index(column)) != 0;
    }
    std::int64_t get_int(std::size_t column) const override {
        const char* text = PQgetvalue(result_, row_, index(column));
        if (PQftype(result_, index(column)) == kBoolOid) {
            return text[0] == 't' ? 1 : 0;
        }
        return std::strtoll(text, nullptr, 10);
    }
    double get_double(std::size_t column) const override {
        return std::strtod(PQgetvalue(result_, row_, index(column)), nullptr);
    }
    std::string get_text(std::size_t column) const override {
        return std::string(PQgetvalue(result_, row_, index(column)),
                           static_cast<std::size_t>(PQgetlength(result_, row_, index(column))));
    }
    Value get(std::size_t column) const override {
        if (is_null(column)) {
            return Value{};
        }
        switch (PQftype(result_, index(column))) {
            case kBoolOid:
            case kInt2Oid:
            case kInt4Oid:
            case kInt8Oid:
                return Value{get_int(column)};
            case kFloat4Oid:
            case kFloat8Oid:
            case kNumericOid:
                return Value{get_double(column)};
            default:
                return Value{get_text(column)};
        }
    }

private:
    static int index(std::size_t column) { return static_cast<int>(column); }
    PGresult* result_;
    int row_;
};

class PostgresDatabase;

class CopyWriter final : public BulkWriter {
public:
    CopyWriter(PostgresDatabase& database, BulkTarget target);
    CopyWriter(const CopyWriter&) = delete;
    CopyWriter& operator=(const CopyWriter&) = delete;
    ~CopyWriter() override;
    Status add(std::span<const Value> values) override;
    Status finish() override;
    Status flush();
    void discard() { buffer_.clear(); }

private:
    PostgresDatabase& database_;
    BulkTarget target_;
    std::string copy_sql_;
    std::string merge_sql_;  // upsert only: staging table into the target
    std::string buffer_;
    bool staging_ready_ = false;
};

class PostgresDatabase final : public Database {
public:
    explicit PostgresDatabase(PGconn* connection) : connection_(connection) {}
    PostgresDatabase(const PostgresDatabase&) = delete;
    PostgresDatabase& operator=(const PostgresDatabase&) = delete;
    ~PostgresDatabase() override { PQfinish(connection_); }

    Backend backend() const override { return Backend::kPostgres; }

    std::string describe() const override {
        return std::string("postgresql://") + PQuser(connection_) + "@" + PQhost(connection_) +
               ":" + PQport(connection_) + "/" + PQdb(connection_);
    }

    Status execute_script(std::string_view sql) override {
        ResultPtr result(PQexec(connection_, std::string(sql).c_str()));
        return check(result.get(), sql);
    }

    Result<std::int64_t> execute(std::string_view sql, std::span<const Value> params) override {
        auto name = prepare(sql, params.size());
        if (!name) {
            return propagate(name.error());
        }
        ParamTexts texts(params);
        ResultPtr result(PQexecPrepared(connection_, name->c_str(), texts.count(), texts.values(),
                                        nullptr, nullptr, 0));
        WARDROUND_TRY(check(result.get(), sql));
        const char* tuples = PQcmdTuples(result.get());
        return tuples[0] == '\0' ? 0 : std::strtoll(tuples, nullptr, 10);
    }

    Status query(std::string_view sql,
                 std::span<const Value> params,
                 const RowCallback& on_row) override {
        auto name = prepare(sql, params.size());
        if (!name) {
            return propagate(name.error());
        }
        ParamTexts texts(params);
        if (PQsendQueryPrepared(connection_, name->c_str(), texts.count(), texts.values(), nullptr,
                                nullptr, 0) == 0) {
            return connection_error(sql);
        }
        PQsetSingleRowMode(connection_);
        Status outcome;
        for (;;) {
            ResultPtr result(PQgetResult(connection_));
            if (!result) {
                break;
            }
            if (!outcome) {
                continue;  // drain what is left after a failure
            }
            const ExecStatusType status = PQresultStatus(result.get());
            if (status == PGRES_SINGLE_TUPLE) {
                PostgresRow row(result.get(), 0);
                outcome = on_row(row);
            } else if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
                outcome = check(result.get(), sql);
            }
        }
        return outcome;
    }

    Result<std::unique_ptr<BulkWriter>> bulk_writer(BulkTarget target) override {
        auto writer = std::make_unique<CopyWriter>(*this, std::move(target));
        writers_.push_back(writer.get());
        return std::unique_ptr<BulkWriter>(std::move(writer));
    }

    Status begin() override {
        WARDROUND_TRY(execute_script("BEGIN"));
        return {};
    }
    Status commit() override {
        WARDROUND_TRY(flush_writers());
        return execute_script("COMMIT");
    }
    Status rollback() override {
        for (CopyWriter* writer : writers_) {
            writer->discard();
        }
        return execute_script("ROLLBACK");
    }
    bool in_transaction() const override {
        const PGTransactionStatusType status = PQtransactionStatus(connection_);
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
    }

    // Sends every writer's buffered rows, in the order the writers were made, so that parents
    // reach the server before the children that reference them.
    Status flush_writers() {
        for (CopyWriter* writer : writers_) {
            WARDROUND_TRY(writer->flush());
        }
        return {};
    }
    void forget_writer(CopyWriter* writer) { std::erase(writers_, writer); }

    Status copy_in(const std::string& copy_sql, const std::string& data) {
        ResultPtr started(PQexec(connection_, copy_sql.c_str()));
        if (PQresultStatus(started.get()) != PGRES_COPY_IN) {
            return check(started.get(), copy_sql);
        }
        constexpr std::size_t kChunk = 1 << 20;
        for (std::size_t offset = 0; offset < data.size(); offset += kChunk) {
            const std::size_t size = std::min(kChunk, data.size() - offset);
            if (PQputCopyData(connection_, data.data() + offset, static_cast<int>(size)) != 1) {
                return connection_error(copy_sql);
            }
        }
        if (PQputCopyEnd(connection_, nullptr) != 1) {
            return connection_error(copy_sql);
        }
        Status outcome;
        for (;;) {
            ResultPtr result(PQgetResult(connection_));
            if (!result) {
                return outcome;
            }
            if (outcome) {
                outcome = check(result.get(), copy_sql);
            }
        }
    }

    Status check(PGresult* result, std::string_view sql) const {
        const ExecStatusType status = PQresultStatus(result);
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ||
            status == PGRES_SINGLE_TUPLE || status == PGRES_EMPTY_QUERY) {
            return {};
        }
        const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
        std::string message = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) != nullptr
                                  ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY)
                                  : PQerrorMessage(connection_);
        if (const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL)) {
            message += " (" + std::string(detail) + ")";
        }
        return make_error(state != nullptr ? code_for_sqlstate(state) : ErrorCode::kUnavailable,
                          message + " [" + std::string(sql.substr(0, 120)) + "]", describe());
    }

private:
    // Text forms of the parameters, kept alive for the duration of one call.
    class ParamTexts {
    public:
        explicit ParamTexts(std::span<const Value> params) {
            texts_.reserve(params.size());
            pointers_.reserve(params.size());
            for (const Value& value : params) {
                texts_.push_back(value_text(value));
            }
            for (std::size_t i = 0; i < params.size(); ++i) {
                pointers_.push_back(std::holds_alternative<std::monostate>(params[i])
                                        ? nullptr
                                        : texts_[i].c_str());
            }
        }
        int count() const { return static_cast<int>(pointers_.size()); }
        const char* const* values() const { return pointers_.data(); }

    private:
        std::vector<std::string> texts_;
        std::vector<const char*> pointers_;
    };

    Result<std::string> prepare(std::string_view sql, std::size_t param_count) {
        // Buffered COPY rows must reach the server before anything reads or changes the tables.
        WARDROUND_TRY(flush_writers());
        std::string key(sql);
        auto found = statements_.find(key);
        if (found != statements_.end()) {
            return found->second;
        }
        std::string name = "wardround_" + std::to_string(statements_.size());
        const std::string rewritten = to_postgres_placeholders(sql);
        ResultPtr result(PQprepare(connection_, name.c_str(), rewritten.c_str(),
                                   static_cast<int>(param_count), nullptr));
        WARDROUND_TRY(check(result.get(), sql));
        statements_.emplace(std::move(key), name);
        return name;
    }

    tl::unexpected<Error> connection_error(std::string_view sql) const {
        return make_error(
            ErrorCode::kUnavailable,
            std::string(PQerrorMessage(connection_)) + " [" + std::string(sql.substr(0, 120)) + "]",
            describe());
    }

    PGconn* connection_;
    std::unordered_map<std::string, std::string> statements_;
    std::vector<CopyWriter*> writers_;
};

std::string column_list(const std::vector<std::string>& columns) {
    std::string out;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        out += (i > 0 ? ", " : "") + columns[i];
    }
    return out;
}

CopyWriter::CopyWriter(PostgresDatabase& database, BulkTarget target)
    : database_(database), target_(std::move(target)) {
    const std::string columns = column_list(target_.columns);
    if (target_.mode == BulkMode::kInsert) {
        copy_sql_ = "COPY " + target_.table + " (" + columns + ") FROM STDIN";
        return;
    }
    // Upserts go through a temporary staging table: COPY cannot resolve conflicts itself.
    const std::string staging = "wardround_stage_" + target_.table;
    copy_sql_ = "COPY " + staging + " (" + columns + ") FROM STDIN";
    merge_sql_ = "INSERT INTO " + target_.table + " (" + columns + ") SELECT " + columns +
                 " FROM " + staging + " ON CONFLICT (" + column_list(target_.conflict_columns) +
                 ") DO UPDATE SET ";
    bool first = true;
    for (const std::string& column : target_.columns) {
        if (std::find(target_.conflict_columns.begin(), target_.conflict_columns.end(), column) ==
            target_.conflict_columns.end()) {
            merge_sql_ += (first ? "" : ", ") + column + " = excluded." + column;
            first = false;
        }
    }
    merge_sql_ += "; TRUNCATE " + staging;
}

CopyWriter::~CopyWriter() {
    database_.forget_writer(this);
}

Status CopyWriter::add(std::span<const Value> values) {
    if (values.size() != target_.columns.size()) {
        return make_error(ErrorCode::kInvalidArgument,
                          "bulk row has " + std::to_string(values.size()) + " values for " +
                              std::to_string(target_.columns.size()) + " columns");
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) {
            buffer_.push_back('\t');
        }
        append_copy_value(buffer_, values[i]);
    }
    buffer_.push_back('\n');
    if (buffer_.size() >= kCopyFlushBytes) {
        return database_.flush_writers();
    }
    return {};
}

Status CopyWriter::finish() {
    return database_.flush_writers();
}

Status CopyWriter::flush() {
    if (buffer_.empty()) {
        return {};
    }
    if (target_.mode == BulkMode::kUpsert && !staging_ready_) {
        WARDROUND_TRY(database_.execute_script("CREATE TEMP TABLE IF NOT EXISTS wardround_stage_" +
                                               target_.table + " (LIKE " + target_.table +
                                               " INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"));
        staging_ready_ = true;
    }
    std::string data;
    data.swap(buffer_);
    if (merge_sql_.empty()) {
        return database_.copy_in(copy_sql_, data);
    }
    // The staging rows live until the end of the transaction, so COPY and merge must share one.
    const bool own_transaction = !database_.in_transaction();
    if (own_transaction) {
        WARDROUND_TRY(database_.execute_script("BEGIN"));
    }
    Status merged = database_.copy_in(copy_sql_, data);
    if (merged) {
        merged = database_.execute_script(merge_sql_);
    }
    if (own_transaction) {
        WARDROUND_TRY(database_.execute_script(merged ? "COMMIT" : "ROLLBACK"));
    }
    return merged;
}

void ignore_notice(void* /*context*/, const char* /*message*/) {
    // The library never prints; server notices ("relation already exists, skipping") are noise.
}

}  // namespace

std::string to_postgres_placeholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int next = 1;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (c == '\'' || c == '"') {
            const std::size_t end = sql.find(c, i + 1);
            const std::size_t stop = end == std::string_view::npos ? sql.size() : end + 1;
            out.append(sql.substr(i, stop - i));
            i = stop - 1;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            const std::size_t end = sql.find('\n', i);
            const std::size_t stop = end == std::string_view::npos ? sql.size() : end;
            out.append(sql.substr(i, stop - i));
            i = stop - 1;
        } else if (c == '?') {
            out += "$" + std::to_string(next++);
        } else {
            out.push_back(c);
        }
    }
    return out;
}

void append_copy_value(std::string& out, const Value& value) {
    if (std::holds_alternative<std::monostate>(value)) {
        out += "\\N";
        return;
    }
    const auto* text = std::get_if<std::string>(&value);
    if (text == nullptr) {
        out += value_text(value);
        return;
    }
    for (char c : *text) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out.push_back(c);
        }
    }
}

Result<std::unique_ptr<Database>> open_postgres(const std::string& url) {
    PGconn* connection = PQconnectdb(url.c_str());
    if (connection == nullptr || PQstatus(connection) != CONNECTION_OK) {
        std::string message = connection != nullptr ? PQerrorMessage(connection) : "out of memory";
        while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
            message.pop_back();
        }
        PQfinish(connection);
        return make_error(ErrorCode::kUnavailable, "cannot connect to PostgreSQL: " + message);
    }
    PQsetNoticeProcessor(connection, ignore_notice, nullptr);
    auto database = std::make_unique<PostgresDatabase>(connection);
    WARDROUND_TRY(database->execute_script(
        "SET client_encoding = 'UTF8'; SET client_min_messages = WARNING"));
    return std::unique_ptr<Database>(std::move(database));
}

}  // namespace wardround::store::detail

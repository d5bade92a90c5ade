// SPDX-License-Identifier: Apache-2.0
#include "store/postgres/postgres_database.h"

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <mutex>
#include <string_view>
#include <thread>
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
        return {buffer, result.ptr};
    }
    if (const auto* text = std::get_if<std::string>(&value)) {
        return *text;
    }
    if (const auto* view = std::get_if<std::string_view>(&value)) {
        return std::string(*view);
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
    [[nodiscard]] std::size_t size() const override {
        return static_cast<std::size_t>(PQnfields(result_));
    }
    [[nodiscard]] bool is_null(std::size_t column) const override {
        return PQgetisnull(result_, row_, index(column)) != 0;
    }
    [[nodiscard]] std::int64_t get_int(std::size_t column) const override {
        const char* text = PQgetvalue(result_, row_, index(column));
        if (PQftype(result_, index(column)) == kBoolOid) {
            return text[0] == 't' ? 1 : 0;
        }
        return std::strtoll(text, nullptr, 10);
    }
    [[nodiscard]] double get_double(std::size_t column) const override {
        return std::strtod(PQgetvalue(result_, row_, index(column)), nullptr);
    }
    [[nodiscard]] std::string get_text(std::size_t column) const override {
        return {PQgetvalue(result_, row_, index(column)),
                static_cast<std::size_t>(PQgetlength(result_, row_, index(column)))};
    }
    [[nodiscard]] Value get(std::size_t column) const override {
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

// Runs COPY commands from a thread of its own, so that the server loads one batch of rows while
// this process parses and builds the next (on two cores the import would otherwise take turns).
// While a job runs the connection is the sender's: every other use of it first waits for the
// sender to be idle (drain). Jobs run in the order submitted; after a failure the rest are skipped
// and the first error is returned to whoever waits next.
class CopySender {
public:
    using Runner = std::function<Status(const std::string& sql, const std::string& data)>;

    explicit CopySender(Runner runner) : runner_(std::move(runner)) {}
    CopySender(const CopySender&) = delete;
    CopySender& operator=(const CopySender&) = delete;
    ~CopySender() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        if (thread_.joinable()) {
            thread_.join();
        }
    }

    // Queues a COPY; waits while kMaxQueued are already waiting. Returns an earlier job's error.
    Status submit(const std::string& sql, std::string data) {
        std::unique_lock lock(mutex_);
        if (!thread_.joinable()) {
            thread_ = std::thread([this] { run(); });
        }
        idle_.wait(lock, [&] { return jobs_.size() < kMaxQueued || !error_; });
        if (!error_) {
            return propagate(error_.error());
        }
        jobs_.push_back({sql, std::move(data)});
        wake_.notify_all();
        return {};
    }

    // Waits until every job has run; returns the first error since the last drain or discard.
    Status drain() {
        std::unique_lock lock(mutex_);
        idle_.wait(lock, [&] { return jobs_.empty() && !busy_; });
        if (!error_) {
            Error error = error_.error();
            error_ = Status{};
            return propagate(std::move(error));
        }
        return {};
    }

    // Drops the jobs not yet started and forgets any error (the transaction is being rolled back).
    void discard() {
        std::unique_lock lock(mutex_);
        jobs_.clear();
        idle_.wait(lock, [&] { return !busy_; });
        error_ = Status{};
    }

    // A cleared buffer with the capacity of one used before, so that batches do not regrow theirs.
    std::string spare_buffer() {
        std::lock_guard lock(mutex_);
        if (spares_.empty()) {
            return {};
        }
        std::string buffer = std::move(spares_.back());
        spares_.pop_back();
        buffer.clear();
        return buffer;
    }

private:
    static constexpr std::size_t kMaxQueued = 4;

    struct Job {
        std::string sql;
        std::string data;
    };

    void run() {
        std::unique_lock lock(mutex_);
        for (;;) {
            wake_.wait(lock, [&] { return !jobs_.empty() || stopping_; });
            if (jobs_.empty()) {
                return;
            }
            Job job = std::move(jobs_.front());
            jobs_.pop_front();
            busy_ = true;
            const bool skip = !error_.has_value();
            lock.unlock();
            Status outcome = skip ? Status{} : runner_(job.sql, job.data);
            lock.lock();
            busy_ = false;
            if (!outcome && error_) {
                error_ = std::move(outcome);
            }
            if (spares_.size() < kMaxQueued) {
                spares_.push_back(std::move(job.data));
            }
            idle_.notify_all();
        }
    }

    Runner runner_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    std::deque<Job> jobs_;
    std::vector<std::string> spares_;
    bool busy_ = false;
    bool stopping_ = false;
    Status error_;  // holds the first failure until someone waits
    std::thread thread_;
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
    Status merge(const std::string& data);

    PostgresDatabase& database_;
    BulkTarget target_;
    std::string copy_sql_;
    std::string merge_sql_;  // upsert only: staging table into the target
    std::string buffer_;
    bool staging_ready_ = false;
};

class PostgresDatabase final : public Database {
public:
    explicit PostgresDatabase(PGconn* connection)
        : connection_(connection),
          description_(std::string("postgresql://") + PQuser(connection) + "@" +
                       PQhost(connection) + ":" + PQport(connection) + "/" + PQdb(connection)),
          sender_([this](const std::string& sql, const std::string& data) {
              return copy_in(sql, data);
          }) {}
    PostgresDatabase(const PostgresDatabase&) = delete;
    PostgresDatabase& operator=(const PostgresDatabase&) = delete;
    ~PostgresDatabase() override {
        sender_.discard();
        PQfinish(connection_);
    }

    Backend backend() const override { return Backend::kPostgres; }

    std::string describe() const override { return description_; }

    Status execute_script(std::string_view sql) override {
        WARDROUND_TRY(sync());
        return run_script(sql);
    }

    // Runs `sql` at once: only when nothing else can be using the connection.
    Status run_script(std::string_view sql) {
        ResultPtr result(PQexec(connection_, std::string(sql).c_str()));
        return check(result.get(), sql);
    }

    // Sends every writer's buffered rows, in the order the writers were made (so that parents
    // reach the server before the children that reference them), and waits until the server has
    // them all: before anything else reads or changes the tables.
    Status sync() {
        WARDROUND_TRY(flush_writers());
        return sender_.drain();
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
        in_transaction_ = true;
        return {};
    }
    Status commit() override {
        Status synced = sync();
        if (!synced) {
            return synced;  // the transaction stays open, aborted, for the caller to roll back
        }
        in_transaction_ = false;
        return run_script("COMMIT");
    }
    Status rollback() override {
        for (CopyWriter* writer : writers_) {
            writer->discard();
        }
        sender_.discard();
        in_transaction_ = false;
        return run_script("ROLLBACK");
    }
    // Kept here rather than asked of libpq, whose connection the sender may be using.
    bool in_transaction() const override { return in_transaction_; }

    // Hands every writer's buffered rows to the sender, in the order the writers were made.
    Status flush_writers() {
        for (CopyWriter* writer : writers_) {
            WARDROUND_TRY(writer->flush());
        }
        return {};
    }
    void forget_writer(CopyWriter* writer) { std::erase(writers_, writer); }
    Status submit_copy(const std::string& sql, std::string data) {
        return sender_.submit(sql, std::move(data));
    }
    std::string spare_buffer() { return sender_.spare_buffer(); }
    Status drain_sender() { return sender_.drain(); }

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
        [[nodiscard]] int count() const { return static_cast<int>(pointers_.size()); }
        [[nodiscard]] const char* const* values() const { return pointers_.data(); }

    private:
        std::vector<std::string> texts_;
        std::vector<const char*> pointers_;
    };

    Result<std::string> prepare(std::string_view sql, std::size_t param_count) {
        // Buffered COPY rows must reach the server before anything reads or changes the tables.
        WARDROUND_TRY(sync());
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
    std::string description_;
    std::unordered_map<std::string, std::string> statements_;
    std::vector<CopyWriter*> writers_;
    bool in_transaction_ = false;
    CopySender sender_;  // last: its thread stops before the rest goes
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
            merge_sql_.append(first ? "" : ", ")
                .append(column)
                .append(" = excluded.")
                .append(column);
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
    return database_.sync();
}

Status CopyWriter::flush() {
    if (buffer_.empty()) {
        return {};
    }
    if (merge_sql_.empty()) {
        std::string data = std::move(buffer_);
        buffer_ = database_.spare_buffer();
        return database_.submit_copy(copy_sql_, std::move(data));
    }
    // Upserts run here and now: the merge must follow its COPY, and they are rare and small. The
    // sender is idle first, so the connection is this thread's.
    std::string data = std::move(buffer_);
    buffer_.clear();
    WARDROUND_TRY(database_.drain_sender());
    if (!staging_ready_) {
        WARDROUND_TRY(database_.run_script("CREATE TEMP TABLE IF NOT EXISTS wardround_stage_" +
                                           target_.table + " (LIKE " + target_.table +
                                           " INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"));
        staging_ready_ = true;
    }
    return merge(data);
}

// COPY into the staging table, then merge it into the target. The staging rows live until the end
// of the transaction, so COPY and merge must share one.
Status CopyWriter::merge(const std::string& data) {
    const bool own_transaction = !database_.in_transaction();
    if (own_transaction) {
        WARDROUND_TRY(database_.run_script("BEGIN"));
    }
    Status merged = database_.copy_in(copy_sql_, data);
    if (merged) {
        merged = database_.run_script(merge_sql_);
    }
    if (own_transaction) {
        WARDROUND_TRY(database_.run_script(merged ? "COMMIT" : "ROLLBACK"));
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
    std::string_view text;
    if (const auto* owned = std::get_if<std::string>(&value)) {
        text = *owned;
    } else if (const auto* view = std::get_if<std::string_view>(&value)) {
        text = *view;
    } else {
        out += value_text(value);
        return;
    }
    // Runs without special characters are copied whole; most text has none.
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const char* escaped = c == '\\'   ? "\\\\"
                              : c == '\t' ? "\\t"
                              : c == '\n' ? "\\n"
                              : c == '\r' ? "\\r"
                                          : nullptr;
        if (escaped != nullptr) {
            out.append(text.substr(start, i - start));
            out += escaped;
            start = i + 1;
        }
    }
    out.append(text.substr(start));
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

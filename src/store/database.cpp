// SPDX-License-Identifier: Apache-2.0
#include <wardround/store/database.h>

namespace wardround::store {

std::string_view backend_name(Backend backend) {
    return backend == Backend::kSqlite ? "sqlite" : "postgresql";
}

Result<std::optional<Value>> Database::query_value(std::string_view sql,
                                                   std::span<const Value> params) {
    std::optional<Value> value;
    WARDROUND_TRY(query(sql, params, [&](const Row& row) -> Status {
        if (!value) {
            value = row.get(0);
        }
        return {};
    }));
    return value;
}

Result<std::vector<std::vector<Value>>> Database::query_all(std::string_view sql,
                                                            std::span<const Value> params) {
    std::vector<std::vector<Value>> rows;
    WARDROUND_TRY(query(sql, params, [&](const Row& row) -> Status {
        std::vector<Value> values;
        values.reserve(row.size());
        for (std::size_t i = 0; i < row.size(); ++i) {
            values.push_back(row.get(i));
        }
        rows.push_back(std::move(values));
        return {};
    }));
    return rows;
}

Result<Transaction> Transaction::begin(Database& database) {
    WARDROUND_TRY(database.begin());
    return Transaction(database);
}

Transaction::Transaction(Transaction&& other) noexcept : database_(other.database_) {
    other.database_ = nullptr;
}

Transaction::~Transaction() {
    if (database_ != nullptr && database_->in_transaction()) {
        // Nothing useful can be done with a failed rollback here; the backend closes the
        // transaction when the connection goes.
        (void)database_->rollback();
    }
}

Status Transaction::commit() {
    if (database_ == nullptr) {
        return make_error(ErrorCode::kInternal, "transaction already finished");
    }
    Database* database = database_;
    database_ = nullptr;
    Status status = database->commit();
    if (!status && database->in_transaction()) {
        (void)database->rollback();
    }
    return status;
}

}  // namespace wardround::store

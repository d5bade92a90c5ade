// SPDX-License-Identifier: Apache-2.0
// The PostgreSQL backend (libpq): prepared statements cached by SQL text, `?` rewritten to $n,
// streaming queries in single-row mode, and bulk writes through COPY.
#pragma once

#include <memory>
#include <string>

#include <wardround/core/result.h>
#include <wardround/store/database.h>

namespace wardround::store::detail {

// Rewrites `?` placeholders to $1, $2, ... outside quoted text and comments.
[[nodiscard]] std::string to_postgres_placeholders(std::string_view sql);

// Escapes one value for COPY's text format (\N for NULL).
void append_copy_value(std::string& out, const Value& value);

// Errors: kUnavailable when the server cannot be reached or refuses the login.
[[nodiscard]] Result<std::unique_ptr<Database>> open_postgres(const std::string& url);

}  // namespace wardround::store::detail

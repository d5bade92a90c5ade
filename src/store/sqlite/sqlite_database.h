// SPDX-License-Identifier: Apache-2.0
// The SQLite backend: one file, WAL journal with synchronous=FULL (a committed import survives a
// power cut), foreign keys enforced, prepared statements cached by SQL text.
#pragma once

#include <memory>
#include <string>

#include <wardround/core/result.h>
#include <wardround/store/database.h>

namespace wardround::store::detail {

// Errors: kUnavailable when the file cannot be opened or created; kDataLoss when it is not a
// database.
[[nodiscard]] Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, bool create);

}  // namespace wardround::store::detail

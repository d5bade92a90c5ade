// SPDX-License-Identifier: Apache-2.0
// UTC timestamps and calendar dates, parsed from the forms the feeds really use and written in one
// canonical form. Canonical text sorts in time order, so both storage backends can compare it as
// TEXT.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include <wardround/core/result.h>

namespace wardround {

// A moment in UTC with millisecond precision (finer fractions are truncated: no feed orders records
// by anything finer).
struct Timestamp {
    std::int64_t ms_since_epoch = 0;
    // NOLINTNEXTLINE(modernize-use-nullptr): false positive on a defaulted <=> (llvm-project#53961)
    auto operator<=>(const Timestamp&) const = default;
};

// A calendar date with no time of day ("2025-08-25" in KEV, "30/06/2023" in DSPT snapshots).
struct Date {
    std::int32_t days_since_epoch = 0;
    // NOLINTNEXTLINE(modernize-use-nullptr): false positive on a defaulted <=> (llvm-project#53961)
    auto operator<=>(const Date&) const = default;
};

// Parses ISO 8601 date-times: "2023-10-18T18:04:18.493" (NVD: no zone, taken as UTC),
// "2025-08-25T17:04:19.9796Z", "2024-09-10T06:00:00.000000Z", "2024-01-02T03:04:05+01:00",
// "2025-02-20T00:00:00+0000" and a bare date "2025-08-25" (midnight UTC).
// Errors: kInvalidArgument naming what was expected.
[[nodiscard]] Result<Timestamp> parse_timestamp(std::string_view text);

// "2023-10-18T18:04:18.493Z": fixed width, so text order is time order.
[[nodiscard]] std::string format_timestamp(Timestamp timestamp);

// "YYYY-MM-DD". Errors: kInvalidArgument.
[[nodiscard]] Result<Date> parse_date(std::string_view text);
// "DD/MM/YYYY", the UK form in NHS publications. Errors: kInvalidArgument.
[[nodiscard]] Result<Date> parse_date_dmy(std::string_view text);
// "YYYYMMDD", the ODS form. Errors: kInvalidArgument.
[[nodiscard]] Result<Date> parse_date_compact(std::string_view text);

[[nodiscard]] std::string format_date(Date date);
[[nodiscard]] Date date_of(Timestamp timestamp);

[[nodiscard]] Timestamp now_utc();

}  // namespace wardround

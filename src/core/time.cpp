// SPDX-License-Identifier: Apache-2.0
#include <chrono>
#include <cstdio>
#include <optional>

#include <wardround/core/time.h>

namespace wardround {
namespace {

namespace chrono = std::chrono;

bool all_digits(std::string_view text) {
    if (text.empty()) {
        return false;
    }
    for (char c : text) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

int to_int(std::string_view digits) {
    int value = 0;
    for (char c : digits) {
        value = value * 10 + (c - '0');
    }
    return value;
}

Result<Date> make_date(int year, int month, int day, std::string_view original) {
    const chrono::year_month_day ymd{chrono::year{year},
                                     chrono::month{static_cast<unsigned>(month)},
                                     chrono::day{static_cast<unsigned>(day)}};
    if (!ymd.ok()) {
        return make_error(ErrorCode::kInvalidArgument,
                          "'" + std::string(original) + "' is not a valid calendar date");
    }
    return Date{static_cast<std::int32_t>(chrono::sys_days{ymd}.time_since_epoch().count())};
}

tl::unexpected<Error> bad_timestamp(std::string_view text) {
    return make_error(ErrorCode::kInvalidArgument,
                      "'" + std::string(text) + "' is not an ISO 8601 date-time");
}

struct Seconds {
    int second = 0;
    int millis = 0;
};

// The optional ":SS[.fraction]" after HH:MM, consumed from the front of `rest`. Digits finer than
// milliseconds are truncated. nullopt when it is malformed.
std::optional<Seconds> parse_seconds(std::string_view& rest) {
    Seconds seconds;
    if (rest.empty() || rest[0] != ':') {
        return seconds;
    }
    if (rest.size() < 3 || !all_digits(rest.substr(1, 2))) {
        return std::nullopt;
    }
    seconds.second = to_int(rest.substr(1, 2));
    rest.remove_prefix(3);
    if (rest.empty() || (rest[0] != '.' && rest[0] != ',')) {
        return seconds;
    }
    std::size_t digits = 1;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') {
        ++digits;
    }
    if (digits == 1) {
        return std::nullopt;
    }
    std::string_view fraction = rest.substr(1, digits - 1);
    for (std::size_t i = 0; i < 3; ++i) {
        seconds.millis = seconds.millis * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
    }
    rest.remove_prefix(digits);
    return seconds;
}

// The zone that ends a date-time, as minutes east of UTC: none (NVD writes UTC without saying so),
// "Z", "+HH:MM", "+HHMM" or "+HH", or the same with '-'. nullopt when it is none of these.
std::optional<int> parse_zone_offset(std::string_view rest) {
    if (rest == "Z" || rest == "z" || rest.empty()) {
        return 0;
    }
    if (rest[0] != '+' && rest[0] != '-') {
        return std::nullopt;
    }
    std::string_view zone = rest.substr(1);
    std::string hhmm;
    if (zone.size() == 5 && zone[2] == ':') {
        hhmm = std::string(zone.substr(0, 2)) + std::string(zone.substr(3, 2));
    } else if (zone.size() == 4 || zone.size() == 2) {
        hhmm = std::string(zone) + (zone.size() == 2 ? "00" : "");
    }
    if (hhmm.size() != 4 || !all_digits(hhmm)) {
        return std::nullopt;
    }
    const int offset_minutes = to_int(std::string_view(hhmm).substr(0, 2)) * 60 +
                               to_int(std::string_view(hhmm).substr(2, 2));
    return rest[0] == '-' ? -offset_minutes : offset_minutes;
}

}  // namespace

Result<Date> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text.substr(0, 4)) ||
        !all_digits(text.substr(5, 2)) || !all_digits(text.substr(8, 2))) {
        return make_error(ErrorCode::kInvalidArgument,
                          "'" + std::string(text) + "' is not a date of the form YYYY-MM-DD");
    }
    return make_date(to_int(text.substr(0, 4)), to_int(text.substr(5, 2)),
                     to_int(text.substr(8, 2)), text);
}

Result<Date> parse_date_dmy(std::string_view text) {
    if (text.size() != 10 || text[2] != '/' || text[5] != '/' || !all_digits(text.substr(0, 2)) ||
        !all_digits(text.substr(3, 2)) || !all_digits(text.substr(6, 4))) {
        return make_error(ErrorCode::kInvalidArgument,
                          "'" + std::string(text) + "' is not a date of the form DD/MM/YYYY");
    }
    return make_date(to_int(text.substr(6, 4)), to_int(text.substr(3, 2)),
                     to_int(text.substr(0, 2)), text);
}

Result<Date> parse_date_compact(std::string_view text) {
    if (text.size() != 8 || !all_digits(text)) {
        return make_error(ErrorCode::kInvalidArgument,
                          "'" + std::string(text) + "' is not a date of the form YYYYMMDD");
    }
    return make_date(to_int(text.substr(0, 4)), to_int(text.substr(4, 2)),
                     to_int(text.substr(6, 2)), text);
}

Result<Timestamp> parse_timestamp(std::string_view text) {
    // Layout: YYYY-MM-DD[THH:MM[:SS[.fraction]]][Z|+HH:MM|+HHMM|-HH:MM|-HHMM]
    auto date = parse_date(text.substr(0, 10));
    if (!date) {
        return bad_timestamp(text);
    }
    std::int64_t ms = static_cast<std::int64_t>(date->days_since_epoch) * 86'400'000;
    std::string_view rest = text.substr(std::min<std::size_t>(10, text.size()));
    if (rest.empty()) {
        return Timestamp{ms};
    }
    if ((rest[0] != 'T' && rest[0] != 't' && rest[0] != ' ') || rest.size() < 6 || rest[3] != ':' ||
        !all_digits(rest.substr(1, 2)) || !all_digits(rest.substr(4, 2))) {
        return bad_timestamp(text);
    }
    const int hour = to_int(rest.substr(1, 2));
    const int minute = to_int(rest.substr(4, 2));
    rest.remove_prefix(6);
    const auto seconds = parse_seconds(rest);
    if (!seconds) {
        return bad_timestamp(text);
    }
    const int second = seconds->second;
    const int millis = seconds->millis;
    if (hour > 23 || minute > 59 || second > 60) {
        return bad_timestamp(text);
    }
    const auto offset_minutes = parse_zone_offset(rest);
    if (!offset_minutes) {
        return bad_timestamp(text);
    }
    ms += ((static_cast<std::int64_t>(hour) * 60 + minute - *offset_minutes) * 60 + second) * 1000 +
          millis;
    return Timestamp{ms};
}

std::string format_timestamp(Timestamp timestamp) {
    const chrono::sys_time<chrono::milliseconds> point{
        chrono::milliseconds{timestamp.ms_since_epoch}};
    const chrono::sys_days day = chrono::floor<chrono::days>(point);
    const chrono::year_month_day ymd{day};
    const chrono::hh_mm_ss<chrono::milliseconds> time{point - day};
    char buffer[40];
    std::snprintf(
        buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
        static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
        static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
        static_cast<int>(time.seconds().count()), static_cast<int>(time.subseconds().count()));
    return buffer;
}

std::string format_date(Date date) {
    const chrono::year_month_day ymd{chrono::sys_days{chrono::days{date.days_since_epoch}}};
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buffer;
}

Date date_of(Timestamp timestamp) {
    const chrono::sys_time<chrono::milliseconds> point{
        chrono::milliseconds{timestamp.ms_since_epoch}};
    return Date{
        static_cast<std::int32_t>(chrono::floor<chrono::days>(point).time_since_epoch().count())};
}

Timestamp now_utc() {
    return Timestamp{
        chrono::duration_cast<chrono::milliseconds>(chrono::system_clock::now().time_since_epoch())
            .count()};
}

}  // namespace wardround

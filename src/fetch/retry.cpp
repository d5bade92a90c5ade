// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include <wardround/core/text.h>
#include <wardround/fetch/retry.h>

namespace wardround::fetch {
namespace {

bool parse_digits(std::string_view text, int& value) {
    if (text.empty()) {
        return false;
    }
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size();
}

// IMF-fixdate, the one HTTP-date form RFC 9110 requires senders to use:
// "Sun, 06 Nov 1994 08:49:37 GMT". Returns milliseconds since the epoch.
std::optional<std::int64_t> parse_imf_fixdate(std::string_view text) {
    static constexpr std::array<std::string_view, 12> kMonths = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (text.size() != 29 || text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' ||
        text[16] != ' ' || text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT") {
        return std::nullopt;
    }
    int day = 0;
    int year = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (!parse_digits(text.substr(5, 2), day) || !parse_digits(text.substr(12, 4), year) ||
        !parse_digits(text.substr(17, 2), hour) || !parse_digits(text.substr(20, 2), minute) ||
        !parse_digits(text.substr(23, 2), second)) {
        return std::nullopt;
    }
    const auto month_it = std::find(kMonths.begin(), kMonths.end(), text.substr(8, 3));
    if (month_it == kMonths.end() || hour > 23 || minute > 59 || second > 60) {
        return std::nullopt;
    }
    const auto month = static_cast<unsigned>(month_it - kMonths.begin() + 1);
    const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                           std::chrono::day{static_cast<unsigned>(day)}};
    if (!date.ok()) {
        return std::nullopt;
    }
    const std::chrono::sys_days days{date};
    const auto seconds = std::chrono::seconds(days.time_since_epoch()).count() +
                         static_cast<std::int64_t>(hour) * 3600 +
                         static_cast<std::int64_t>(minute) * 60 + second;
    return seconds * 1000;
}

}  // namespace

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry) {
    auto delay = std::max(policy.initial_delay, std::chrono::milliseconds::zero());
    // Doubling stops at the cap, so no retry count can overflow.
    for (int i = 1; i < retry && delay < policy.max_delay; ++i) {
        delay *= 2;
    }
    return std::min(delay, policy.max_delay);
}

Backoff::Backoff(const RetryPolicy& policy)
    : policy_(policy),
      random_(policy.jitter_seed != 0 ? policy.jitter_seed : std::random_device{}()) {}

std::chrono::milliseconds Backoff::delay(int retry) {
    const auto base = backoff_delay(policy_, retry);
    const double jitter = std::clamp(policy_.jitter, 0.0, 1.0);
    if (jitter == 0.0) {
        return base;
    }
    std::uniform_real_distribution<double> factor(1.0 - jitter, 1.0 + jitter);
    return std::chrono::milliseconds(
        std::llround(static_cast<double>(base.count()) * factor(random_)));
}

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value, Timestamp now) {
    const std::string_view text = trim(value);
    if (text.empty()) {
        return std::nullopt;
    }
    if (std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        // Anything beyond ten digits is centuries; saturate rather than overflow.
        if (text.size() > 10) {
            return std::chrono::milliseconds(std::chrono::hours(24 * 365 * 100));
        }
        std::int64_t seconds = 0;
        std::from_chars(text.data(), text.data() + text.size(), seconds);
        return std::chrono::milliseconds(seconds * 1000);
    }
    const auto when = parse_imf_fixdate(text);
    if (!when) {
        return std::nullopt;
    }
    return std::chrono::milliseconds(std::max<std::int64_t>(0, *when - now.ms_since_epoch));
}

RateLimiter::RateLimiter(RateLimit limit, Clock& clock) : limit_(limit), clock_(&clock) {}

std::chrono::milliseconds RateLimiter::pending_wait() const {
    if (limit_.max_requests == 0 || recent_.size() < limit_.max_requests) {
        return std::chrono::milliseconds::zero();
    }
    // The oldest of the last max_requests requests must leave the window first.
    const Clock::TimePoint free_at = recent_.front() + limit_.window;
    const Clock::TimePoint now = clock_->now();
    if (free_at <= now) {
        return std::chrono::milliseconds::zero();
    }
    return std::chrono::ceil<std::chrono::milliseconds>(free_at - now);
}

std::chrono::milliseconds RateLimiter::acquire() {
    if (limit_.max_requests == 0) {
        return std::chrono::milliseconds::zero();
    }
    const std::chrono::milliseconds wait = pending_wait();
    if (wait > std::chrono::milliseconds::zero()) {
        clock_->sleep_for(wait);
    }
    if (recent_.size() >= limit_.max_requests) {
        recent_.pop_front();
    }
    recent_.push_back(clock_->now());
    return wait;
}

}  // namespace wardround::fetch

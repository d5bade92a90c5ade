// SPDX-License-Identifier: Apache-2.0
// How the fetch layer stays polite: when to retry (exponential backoff with jitter, honouring a
// server's Retry-After) and how fast to ask (a rolling-window rate limiter, as the NVD publishes:
// 5 requests per 30 seconds without an API key, 50 with one).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <random>
#include <string_view>

#include <wardround/core/time.h>
#include <wardround/fetch/clock.h>

namespace wardround::fetch {

struct RetryPolicy {
    // Attempts in all, the first included; 1 means never retry.
    int max_attempts = 6;
    // Retry n waits initial_delay * 2^(n-1), capped at max_delay, scaled by a random factor in
    // [1 - jitter, 1 + jitter] so that many clients do not retry in step.
    std::chrono::milliseconds initial_delay = std::chrono::seconds(2);
    std::chrono::milliseconds max_delay = std::chrono::minutes(2);
    double jitter = 0.25;
    // A Retry-After longer than this is not waited for: the fetch fails (kUnavailable) instead of
    // hanging a command for hours.
    std::chrono::milliseconds max_retry_after = std::chrono::minutes(10);
    // NVD answers 403 Forbidden when a client exceeds its rate limit; elsewhere 403 without a
    // Retry-After means access is refused and is never retried.
    bool forbidden_is_rate_limit = false;
    // Seeds the jitter; 0 seeds it from std::random_device.
    std::uint64_t jitter_seed = 0;
};

// The wait before retry number `retry` (1 for the first), before jitter.
[[nodiscard]] std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry);

// Backoff delays with the policy's jitter applied.
class Backoff {
public:
    explicit Backoff(const RetryPolicy& policy);
    [[nodiscard]] std::chrono::milliseconds delay(int retry);

private:
    RetryPolicy policy_;
    std::mt19937_64 random_;
};

// Reads a Retry-After value: delay-seconds ("120") or an IMF-fixdate
// ("Wed, 21 Oct 2015 07:28:00 GMT", measured from `now`; a date in the past means no wait).
// nullopt when the value is empty or in neither form.
[[nodiscard]] std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                                         Timestamp now);

struct RateLimit {
    std::size_t max_requests = 0;  // per window; 0 = no limit
    std::chrono::milliseconds window = std::chrono::seconds(30);
};

// Spaces requests so that no rolling window ever holds more than max_requests of them. It
// remembers the last max_requests request times only.
class RateLimiter {
public:
    RateLimiter(RateLimit limit, Clock& clock);

    // How long acquire() would wait if called now.
    [[nodiscard]] std::chrono::milliseconds pending_wait() const;
    // Waits until one more request fits, records it, and returns how long it waited.
    std::chrono::milliseconds acquire();

    [[nodiscard]] const RateLimit& limit() const { return limit_; }

private:
    RateLimit limit_;
    Clock* clock_;
    std::deque<Clock::TimePoint> recent_;
};

}  // namespace wardround::fetch

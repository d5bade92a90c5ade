// SPDX-License-Identifier: Apache-2.0
// Backoff, Retry-After, the rolling-window rate limiter and NVD date windows: pure functions and
// the fake clock, no network.
#include <set>

#include <gtest/gtest.h>

#include <wardround/fetch/fetch.h>
#include <wardround/fetch/retry.h>

#include "fetch_test_support.h"

namespace wardround::fetch {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::FakeClock;

Timestamp at(std::string_view text) {
    auto parsed = parse_timestamp(text);
    EXPECT_TRUE(parsed.has_value()) << text;
    return parsed.value_or(Timestamp{});
}

TEST(Backoff, DoublesFromTheInitialDelayUpToTheCap) {
    RetryPolicy policy;
    policy.initial_delay = seconds(1);
    policy.max_delay = seconds(10);
    EXPECT_EQ(backoff_delay(policy, 1), seconds(1));
    EXPECT_EQ(backoff_delay(policy, 2), seconds(2));
    EXPECT_EQ(backoff_delay(policy, 3), seconds(4));
    EXPECT_EQ(backoff_delay(policy, 4), seconds(8));
    EXPECT_EQ(backoff_delay(policy, 5), seconds(10));
    EXPECT_EQ(backoff_delay(policy, 1000), seconds(10));
}

TEST(Backoff, JitterStaysWithinItsBandAndIsReproducibleFromASeed) {
    RetryPolicy policy;
    policy.initial_delay = seconds(1);
    policy.jitter = 0.5;
    policy.jitter_seed = 42;
    Backoff first(policy);
    Backoff second(policy);
    std::set<std::int64_t> distinct;
    for (int i = 0; i < 1000; ++i) {
        const milliseconds delay = first.delay(1);
        EXPECT_GE(delay, milliseconds(500));
        EXPECT_LE(delay, milliseconds(1500));
        EXPECT_EQ(delay, second.delay(1));
        distinct.insert(delay.count());
    }
    // Jitter exists to spread clients out, so the delays must actually vary.
    EXPECT_GT(distinct.size(), 100U);
}

TEST(Backoff, NoJitterGivesTheExactDelay) {
    Backoff backoff(testing::exact_retry());
    EXPECT_EQ(backoff.delay(1), seconds(1));
    EXPECT_EQ(backoff.delay(3), seconds(4));
}

TEST(RetryAfter, ReadsDelaySeconds) {
    const Timestamp now = at("2015-10-21T07:27:00Z");
    EXPECT_EQ(parse_retry_after("120", now), milliseconds(120000));
    EXPECT_EQ(parse_retry_after(" 7 ", now), milliseconds(7000));
    EXPECT_EQ(parse_retry_after("0", now), milliseconds(0));
    // Absurd values saturate at a century instead of overflowing.
    EXPECT_EQ(parse_retry_after("99999999999999", now), milliseconds(hours(24 * 365 * 100)));
}

TEST(RetryAfter, ReadsAnHttpDateRelativeToNow) {
    const Timestamp now = at("2015-10-21T07:27:00Z");
    EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now), milliseconds(60000));
    EXPECT_EQ(parse_retry_after("Thu, 22 Oct 2015 07:27:00 GMT", now), milliseconds(hours(24)));
    // A date already past means "now".
    EXPECT_EQ(parse_retry_after("Tue, 20 Oct 2015 07:28:00 GMT", now), milliseconds(0));
}

TEST(RetryAfter, RejectsAnythingElse) {
    const Timestamp now = at("2015-10-21T07:27:00Z");
    EXPECT_FALSE(parse_retry_after("", now).has_value());
    EXPECT_FALSE(parse_retry_after("soon", now).has_value());
    EXPECT_FALSE(parse_retry_after("-5", now).has_value());
    EXPECT_FALSE(parse_retry_after("1.5", now).has_value());
    EXPECT_FALSE(parse_retry_after("Wed, 21 Oct 2015 07:28:00 UTC", now).has_value());
    EXPECT_FALSE(parse_retry_after("Wed, 31 Feb 2015 07:28:00 GMT", now).has_value());
    EXPECT_FALSE(parse_retry_after("Wed, 21 Foo 2015 07:28:00 GMT", now).has_value());
    EXPECT_FALSE(parse_retry_after("Wed, 21 Oct 2015 25:28:00 GMT", now).has_value());
}

TEST(RateLimiter, NvdWithoutKeyAllowsFiveRequestsPerThirtySeconds) {
    FakeClock clock;
    RateLimiter limiter({5, seconds(30)}, clock);
    std::vector<std::int64_t> times;
    std::vector<milliseconds> waits;
    for (int i = 0; i < 12; ++i) {
        waits.push_back(limiter.acquire());
        times.push_back(clock.offset_ms(clock.now()) / 1000);
    }
    EXPECT_EQ(times, (std::vector<std::int64_t>{0, 0, 0, 0, 0, 30, 30, 30, 30, 30, 60, 60}));
    EXPECT_EQ(waits[5], seconds(30));
    EXPECT_EQ(waits[6], milliseconds(0));
    EXPECT_EQ(waits[10], seconds(30));
    EXPECT_EQ(clock.sleeps(), (std::vector<milliseconds>{seconds(30), seconds(30)}));
}

TEST(RateLimiter, TheWindowRollsRatherThanResets) {
    FakeClock clock;
    RateLimiter limiter({2, seconds(30)}, clock);
    EXPECT_EQ(limiter.acquire(), milliseconds(0));  // t = 0
    clock.sleep_for(seconds(10));
    EXPECT_EQ(limiter.acquire(), milliseconds(0));  // t = 10
    clock.sleep_for(seconds(10));
    // t = 20: two requests in the last 30 s, so wait until the first leaves the window at t = 30.
    EXPECT_EQ(limiter.pending_wait(), seconds(10));
    EXPECT_EQ(limiter.acquire(), seconds(10));
    // t = 30: the second (t = 10) leaves at t = 40.
    EXPECT_EQ(limiter.acquire(), seconds(10));
    EXPECT_EQ(clock.offset_ms(clock.now()), 40000);
}

TEST(RateLimiter, ZeroMeansUnlimited) {
    FakeClock clock;
    RateLimiter limiter({0, seconds(30)}, clock);
    for (int i = 0; i < 100; ++i) {
        EXPECT_EQ(limiter.acquire(), milliseconds(0));
    }
    EXPECT_TRUE(clock.sleeps().empty());
}

TEST(NvdWindows, ThreeHundredDaysAreThreeWindowsOfAtMost120Days) {
    const Timestamp until = at("2026-07-01T00:00:00Z");
    const Timestamp since{until.ms_since_epoch - std::int64_t{300} * 24 * 3600 * 1000};
    auto windows = nvd_windows(since, until, kNvdMaxWindow);
    ASSERT_TRUE(windows.has_value()) << windows.error().to_string();
    ASSERT_EQ(windows->size(), 3U);
    EXPECT_EQ(format_timestamp((*windows)[0].start), "2025-09-04T00:00:00.000Z");
    EXPECT_EQ(format_timestamp((*windows)[0].end), "2026-01-02T00:00:00.000Z");
    EXPECT_EQ(format_timestamp((*windows)[1].start), "2026-01-02T00:00:00.000Z");
    EXPECT_EQ(format_timestamp((*windows)[1].end), "2026-05-02T00:00:00.000Z");
    EXPECT_EQ(format_timestamp((*windows)[2].start), "2026-05-02T00:00:00.000Z");
    EXPECT_EQ(format_timestamp((*windows)[2].end), "2026-07-01T00:00:00.000Z");
}

TEST(NvdWindows, ExactMultiplesAndTinySpansSplitWithoutGaps) {
    const Timestamp since = at("2025-01-01T00:00:00Z");
    const std::int64_t day = std::int64_t{24} * 3600 * 1000;
    auto exact = nvd_windows(since, Timestamp{since.ms_since_epoch + 120 * day}, kNvdMaxWindow);
    ASSERT_TRUE(exact.has_value());
    EXPECT_EQ(exact->size(), 1U);
    auto over = nvd_windows(since, Timestamp{since.ms_since_epoch + 240 * day + 1}, kNvdMaxWindow);
    ASSERT_TRUE(over.has_value());
    ASSERT_EQ(over->size(), 3U);
    EXPECT_EQ((*over)[2].end.ms_since_epoch - (*over)[2].start.ms_since_epoch, 1);
    auto instant = nvd_windows(since, since, kNvdMaxWindow);
    ASSERT_TRUE(instant.has_value());
    ASSERT_EQ(instant->size(), 1U);
    EXPECT_EQ((*instant)[0].start, (*instant)[0].end);
}

TEST(NvdWindows, RejectsABackwardSpanAndANonPositiveWindow) {
    const Timestamp since = at("2025-01-02T00:00:00Z");
    const Timestamp until = at("2025-01-01T00:00:00Z");
    auto backward = nvd_windows(since, until, kNvdMaxWindow);
    ASSERT_FALSE(backward.has_value());
    EXPECT_EQ(backward.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(backward.error().message.find("2025-01-02T00:00:00.000Z"), std::string::npos);
    auto empty = nvd_windows(until, since, milliseconds(0));
    ASSERT_FALSE(empty.has_value());
    EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
}

TEST(NvdTimestamp, HasMillisecondsAndAnOffsetAndSurvivesUrlEncoding) {
    const Timestamp time = at("2023-10-18T18:04:18.493Z");
    EXPECT_EQ(format_nvd_timestamp(time), "2023-10-18T18:04:18.493+00:00");
    EXPECT_EQ(url_encode(format_nvd_timestamp(time)), "2023-10-18T18%3A04%3A18.493%2B00%3A00");
}

TEST(UrlEncode, KeepsUnreservedCharactersOnly) {
    EXPECT_EQ(url_encode("AZaz09-._~"), "AZaz09-._~");
    EXPECT_EQ(url_encode("a b/c?d&e=f+g"), "a%20b%2Fc%3Fd%26e%3Df%2Bg");
    EXPECT_EQ(url_encode("\xC3\xA9"), "%C3%A9");
    EXPECT_EQ(url_encode(""), "");
}

TEST(UserAgent, NamesWardroundAndItsVersion) {
    const std::string_view agent = default_user_agent();
    EXPECT_TRUE(agent.starts_with("Wardround/")) << agent;
    EXPECT_GT(agent.size(), std::string_view("Wardround/").size());
    EXPECT_EQ(HttpOptions{}.user_agent, agent);
}

}  // namespace
}  // namespace wardround::fetch

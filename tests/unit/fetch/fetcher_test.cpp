// SPDX-License-Identifier: Apache-2.0
// Fetcher against the feed server's injected faults: which failures are retried, how long it
// waits (on the fake clock, so nothing here sleeps), and what error each final outcome gives.
#include <gtest/gtest.h>

#include <wardround/fetch/fetch.h>
#include <wardround/fetch/fetcher.h>

#include "fetch_test_support.h"

namespace wardround::fetch {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const std::string kKevPath = "/kev/known_exploited_vulnerabilities.json";

class FetcherTest : public testing::FeedServerTest {
protected:
    Fetcher make_fetcher(RetryPolicy retry = testing::exact_retry(), RateLimit rate = {}) {
        return Fetcher({testing::fast_http(), retry, rate}, clock_, events_.observer());
    }
    std::size_t kev_requests() const { return server_->requests(kKevPath).size(); }
};

// A body check like the KEV one, for bodies in memory.
Status json_object_body(const HttpResponse& response) {
    if (response.body.empty() || response.body.front() != '{') {
        return make_error(ErrorCode::kDataLoss, "not a JSON object");
    }
    return {};
}

TEST_F(FetcherTest, RetriesServerErrorsWithExponentialBackoff) {
    ASSERT_TRUE(start({"--fault", "path=/kev/&kind=status&status=503&count=2"}));
    Fetcher fetcher = make_fetcher();
    auto response = fetcher.get({server_->url(kKevPath), {}, {}});
    ASSERT_TRUE(response.has_value()) << response.error().to_string();
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(kev_requests(), 3U);
    EXPECT_EQ(clock_.sleeps(), (std::vector<milliseconds>{seconds(1), seconds(2)}));

    const auto& events = events_.events();
    ASSERT_EQ(events.size(), 8U);
    EXPECT_EQ(events[0].kind, FetchEventKind::kRequest);
    EXPECT_EQ(events[1].kind, FetchEventKind::kResponse);
    EXPECT_EQ(events[1].status, 503);
    EXPECT_EQ(events[2].kind, FetchEventKind::kRetryWait);
    EXPECT_EQ(events[2].wait, seconds(1));
    EXPECT_EQ(events[2].reason, "HTTP 503");
    EXPECT_EQ(events[2].attempt, 1);
    EXPECT_EQ(events[5].kind, FetchEventKind::kRetryWait);
    EXPECT_EQ(events[5].wait, seconds(2));
    EXPECT_EQ(events[7].kind, FetchEventKind::kResponse);
    EXPECT_EQ(events[7].status, 200);
    EXPECT_EQ(events[7].attempt, 3);
}

TEST_F(FetcherTest, GivesUpAfterTheLastAttemptAsUnavailable) {
    ASSERT_TRUE(start({"--fault", "path=/kev/&kind=status&status=502&count=always"}));
    Fetcher fetcher = make_fetcher();
    const std::string url = server_->url(kKevPath);
    auto response = fetcher.get({url, {}, {}});
    ASSERT_FALSE(response.has_value());
    EXPECT_EQ(response.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(response.error().where, url);
    EXPECT_NE(response.error().message.find("HTTP 502"), std::string::npos);
    EXPECT_NE(response.error().message.find("after 4 attempts"), std::string::npos);
    EXPECT_EQ(kev_requests(), 4U);
    EXPECT_EQ(clock_.sleeps(), (std::vector<milliseconds>{seconds(1), seconds(2), seconds(4)}));
}

TEST_F(FetcherTest, HonoursRetryAfterInSeconds) {
    ASSERT_TRUE(start({"--fault", "path=/kev/&kind=status&status=429&retry_after=7"}));
    Fetcher fetcher = make_fetcher();
    auto response = fetcher.get({server_->url(kKevPath), {}, {}});
    ASSERT_TRUE(response.has_value()) << response.error().to_string();
    EXPECT_EQ(kev_requests(), 2U);
    // 7 s asked for, longer than the 1 s backoff: the server's wish wins.
    EXPECT_EQ(clock_.sleeps(), (std::vector<milliseconds>{seconds(7)}));
}

TEST_F(FetcherTest, HonoursRetryAfterAsAnHttpDate) {
    ASSERT_TRUE(start({"--fault", "path=/kev/&kind=status&status=503&retry_after=date:30"}));
    // A clock whose wall time is taken now, after the server started, since the server dates its
    // answer by the real clock.
    testing::FakeClock clock;
    Fetcher fetcher({testing::fast_http(), testing::exact_retry(), {}}, clock);
    auto response = fetcher.get({server_->url(kKevPath), {}, {}});
    ASSERT_TRUE(response.has_value()) << response.error().to_string();
    ASSERT_EQ(clock.sleeps().size(), 1U);
    // The date has whole seconds, and a moment passes between writing and reading it.
    EXPECT_GE(clock.sleeps()[0], seconds(28));
    EXPECT_LE(clock.sleeps()[0], seconds(31));
}

TEST_F(FetcherTest, ABackoffLongerThanRetryAfterIsKept) {
    ASSERT_TRUE(start({"--fault", "path=/kev/&kind=status&status=503&retry_after=1&count=3"}));
    Fetcher fetcher = make_fetcher();
    auto response = fetcher.get({server_->url(kKevPath), {}, {}});
    ASSERT_TRUE(response.has_value()) << response.error().to_string();
    EXPECT_EQ(clock_.sleeps(), (std::vector<milliseconds>{seconds(1), seconds(2), seconds(4)}));
}

TEST_F(FetcherTest, ARetryAfterBeyondTheLimitFailsAtOnce) {
    ASSERT_TRUE(start({"--fault", "path=/kev/&kind=status&status=429&retry_after=3600"}));
    RetryPolicy policy = testing::exact_retry();
    policy.max_retry_after = std::chrono::minutes(10);
    Fetcher fetcher = make_fetcher(policy);
    auto response = fetcher.get({server_->url(kKevPath), {}, {}});
    ASSERT_FALSE(response.has_value());
    EXPECT_EQ(response.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(response.error().message.find("retry after 3600 s, longer than the 600 s allowed"),
              std::string::npos)
        << response.error().message;
    EXPECT_EQ(kev_requests(), 1U);
    EXPECT_TRUE(clock_.sleeps().empty());
}

TEST_F(FetcherTest, ForbiddenWithRetryAfterIsRateLimiting) {
    ASSERT_TRUE(start({"--fault", "path=/kev/&kind=status&status=403&retry_after=5"}));
    Fetcher fetcher = make_fetcher();
    auto response = fetcher.get({server_->url(kKevPath), {}, {}});
    ASSERT_TRUE(response.has_value()) << response.error().to_string();
    EXPECT_EQ(kev_requests(), 2U);
    EXPECT_EQ(clock_.sleeps(), (std::vector<milliseconds>{seconds(5)}));
}

TEST_F(FetcherTest, ForbiddenWithoutRetryAfterIsPermissionDeniedAndNotRetried) {
    ASSERT_TRUE(start({"--fault", "path=/kev/&kind=status&status=403"}));
    Fetcher fetcher = make_fetcher();
    auto response = fetcher.get({server_->url(kKevPath), {}, {}});
    ASSERT_FALSE(response.has_value());
    EXPECT_EQ(response.error().code, ErrorCode::kPermissionDenied);
    EXPECT_NE(response.error().message.find("HTTP 403"), std::string::npos);
    EXPECT_EQ(kev_requests(), 1U);
    EXPECT_TRUE(clock_.sleeps().empty());
}

TEST_F(FetcherTest, ForbiddenIsRateLimitingWhereThePolicySaysSo) {
    ASSERT_TRUE(start({"--fault", "path=/kev/&kind=status&status=403&count=2"}));
    RetryPolicy policy = testing::exact_retry();
    policy.forbidden_is_rate_limit = true;
    Fetcher fetcher = make_fetcher(policy);
    auto response = fetcher.get({server_->url(kKevPath), {}, {}});
    ASSERT_TRUE(response.has_value()) << response.error().to_string();
    EXPECT_EQ(kev_requests(), 3U);
}

TEST_F(FetcherTest, UnauthorizedIsPermissionDenied) {
    ASSERT_TRUE(start({"--fault", "path=/kev/&kind=status&status=401"}));
    Fetcher fetcher = make_fetcher();
    auto response = fetcher.get({server_->url(kKevPath), {}, {}});
    ASSERT_FALSE(response.has_value());
    EXPECT_EQ(response.error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(kev_requests(), 1U);
}

TEST_F(FetcherTest, NotFoundNamesTheUrlAndIsNotRetried) {
    ASSERT_TRUE(start());
    Fetcher fetcher = make_fetcher();
    const std::string url = server_->url("/kev/absent.json");
    auto response = fetcher.get({url, {}, {}});
    ASSERT_FALSE(response.has_value());
    EXPECT_EQ(response.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(response.error().where, url);
    EXPECT_EQ(response.error().to_string(), url + ": not found (HTTP 404)");
    EXPECT_EQ(server_->requests("/kev/absent.json").size(), 1U);
}

TEST_F(FetcherTest, OtherClientErrorsAreNotRetried) {
    ASSERT_TRUE(start({"--fault", "path=/kev/&kind=status&status=400&message=bad%20request",
                       "--fault", "path=/kev/&kind=status&status=408"}));
    Fetcher fetcher = make_fetcher();
    auto bad = fetcher.get({server_->url(kKevPath), {}, {}});
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(bad.error().message.find("server says: \"bad request\""), std::string::npos);
    auto timeout = fetcher.get({server_->url(kKevPath), {}, {}});
    ASSERT_FALSE(timeout.has_value());
    EXPECT_EQ(timeout.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(kev_requests(), 2U);
    EXPECT_TRUE(clock_.sleeps().empty());
}

TEST_F(FetcherTest, ARedirectWithoutALocationIsUnexpected) {
    ASSERT_TRUE(start({"--fault", "path=/kev/&kind=status&status=300"}));
    Fetcher fetcher = make_fetcher();
    auto response = fetcher.get({server_->url(kKevPath), {}, {}});
    ASSERT_FALSE(response.has_value());
    EXPECT_EQ(response.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(response.error().message.find("unexpected response (HTTP 300)"), std::string::npos);
    EXPECT_EQ(kev_requests(), 1U);
}

TEST_F(FetcherTest, TimeoutsAndCutConnectionsAreRetried) {
    ASSERT_TRUE(
        start({"--fault", "path=/kev/&kind=slow&delay_ms=3000", "--fault", "path=/kev/&kind=cut"}));
    HttpOptions http = testing::fast_http();
    http.request_timeout = milliseconds(500);
    Fetcher fetcher({http, testing::exact_retry(), {}}, clock_, events_.observer());
    auto response = fetcher.get({server_->url(kKevPath), {}, {}});
    ASSERT_TRUE(response.has_value()) << response.error().to_string();
    EXPECT_EQ(response->body.size(), 1257565U);
    EXPECT_EQ(kev_requests(), 3U);
    EXPECT_EQ(clock_.sleeps(), (std::vector<milliseconds>{seconds(1), seconds(2)}));
    const auto waits = events_.of(FetchEventKind::kRetryWait);
    ASSERT_EQ(waits.size(), 2U);
    EXPECT_EQ(waits[0].status, 0);
    EXPECT_NE(waits[0].reason.find("no complete response"), std::string::npos);
}

TEST_F(FetcherTest, ABodyThatFailsItsCheckIsRetried) {
    ASSERT_TRUE(start({"--fault", "path=/kev/&kind=html"}));
    Fetcher fetcher = make_fetcher();
    auto response = fetcher.get({server_->url(kKevPath), {}, {}}, &json_object_body);
    ASSERT_TRUE(response.has_value()) << response.error().to_string();
    EXPECT_EQ(kev_requests(), 2U);
    const auto waits = events_.of(FetchEventKind::kRetryWait);
    ASSERT_EQ(waits.size(), 1U);
    EXPECT_EQ(waits[0].reason, "not a JSON object");
}

TEST_F(FetcherTest, ABodyThatAlwaysFailsItsCheckIsDataLoss) {
    ASSERT_TRUE(start({"--fault", "path=/kev/&kind=html&count=always"}));
    Fetcher fetcher = make_fetcher();
    const std::string url = server_->url(kKevPath);
    auto response = fetcher.get({url, {}, {}}, &json_object_body);
    ASSERT_FALSE(response.has_value());
    EXPECT_EQ(response.error().code, ErrorCode::kDataLoss);
    EXPECT_EQ(response.error().to_string(), url + ": not a JSON object after 4 attempts");
    EXPECT_EQ(kev_requests(), 4U);
}

TEST_F(FetcherTest, TheRateLimiterSpacesRequests) {
    ASSERT_TRUE(start());
    Fetcher fetcher = make_fetcher(testing::exact_retry(), {5, seconds(30)});
    for (int i = 0; i < 12; ++i) {
        auto response = fetcher.get({server_->url(kKevPath), {}, {}});
        ASSERT_TRUE(response.has_value()) << response.error().to_string();
    }
    std::vector<std::int64_t> sent;
    for (const auto& event : events_.of(FetchEventKind::kRequest)) {
        sent.push_back(clock_.offset_ms(event.at));
    }
    EXPECT_EQ(sent, (std::vector<std::int64_t>{0, 0, 0, 0, 0, 30000, 30000, 30000, 30000, 30000,
                                               60000, 60000}));
    const auto held = events_.of(FetchEventKind::kRateLimited);
    ASSERT_EQ(held.size(), 2U);
    EXPECT_EQ(held[0].wait, seconds(30));
    EXPECT_EQ(held[0].attempt, 1);
    EXPECT_EQ(kev_requests(), 12U);
}

TEST_F(FetcherTest, RetriesCountAgainstTheRateLimit) {
    ASSERT_TRUE(start({"--fault", "path=/kev/&kind=status&status=503&count=2"}));
    // Two requests per 10 s: the third attempt, one second after the second, must wait.
    Fetcher fetcher = make_fetcher(testing::exact_retry(), {2, seconds(10)});
    auto response = fetcher.get({server_->url(kKevPath), {}, {}});
    ASSERT_TRUE(response.has_value()) << response.error().to_string();
    std::vector<std::int64_t> sent;
    for (const auto& event : events_.of(FetchEventKind::kRequest)) {
        sent.push_back(clock_.offset_ms(event.at));
    }
    // Attempt 1 at 0, backoff 1 s, attempt 2 at 1 s, backoff 2 s, then held until 10 s.
    EXPECT_EQ(sent, (std::vector<std::int64_t>{0, 1000, 10000}));
}

}  // namespace
}  // namespace wardround::fetch

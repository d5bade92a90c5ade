// SPDX-License-Identifier: Apache-2.0
// Fetcher: HttpClient plus the rules that make fetching robust and polite. It waits for the rate
// limiter before every request, retries what may succeed later (network failures, 5xx, 429, 403
// used for rate limiting, a body that fails its check) with backoff, honours Retry-After, and turns
// the final outcome into one Error with a canonical code.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include <wardround/core/result.h>
#include <wardround/fetch/clock.h>
#include <wardround/fetch/http_client.h>
#include <wardround/fetch/retry.h>

namespace wardround::fetch {

enum class FetchEventKind {
    kRequest,      // an attempt is about to be sent
    kResponse,     // an attempt ended (status 0: no response)
    kRetryWait,    // an attempt failed and the fetcher waits before the next
    kRateLimited,  // the rate limiter holds the next request back
};

// What the fetcher is doing, for logs and tests. The views live only during the callback.
struct FetchEvent {
    FetchEventKind kind = FetchEventKind::kRequest;
    std::string_view url;
    int attempt = 0;                    // 1-based
    long status = 0;                    // kResponse, kRetryWait: HTTP status or 0
    std::chrono::milliseconds wait{0};  // kRetryWait, kRateLimited
    std::string_view reason;            // kRetryWait: why the attempt failed
    Clock::TimePoint at;                // the fetcher's clock when the event happened
};

using FetchObserver = std::function<void(const FetchEvent& event)>;

// Judges a 2xx body before it counts. An error makes the attempt fail and be retried (a truncated
// page or an HTML error page served with 200); after the last attempt, it is the fetch's error.
using BodyCheck = std::function<Status(const HttpResponse& response)>;
// The same for a download, given the path of the downloaded file.
using FileCheck = std::function<Status(const std::string& path)>;

struct FetcherOptions {
    HttpOptions http;
    RetryPolicy retry;
    RateLimit rate_limit;
};

class Fetcher {
public:
    // `clock` must outlive the fetcher.
    Fetcher(FetcherOptions options, Clock& clock, FetchObserver observer = {});

    // GET into memory until a 2xx response passes `check` (no check: any 2xx).
    // Errors (Error::where is the URL; header values such as API keys never appear):
    //   kUnavailable       network failures, 5xx, 429 and rate-limit 403 still failing after the
    //                      last attempt, or a Retry-After longer than RetryPolicy::max_retry_after
    //   kPermissionDenied  401; 403 that is not rate limiting; NVD's 404 "Invalid apiKey."
    //   kNotFound          404 (with the server's "message" header when it sent one)
    //   kInvalidArgument   a bad URL or another 4xx
    //   kDataLoss          every attempt's body failed `check` (the check's error, annotated), or
    //                      the body was over HttpOptions::max_memory_body
    //   kFailedPrecondition the certificate could not be verified; redirects loop
    [[nodiscard]] Result<HttpResponse> get(const HttpRequest& request, const BodyCheck& check = {});

    // GET into the file `path` until a 2xx download passes `check`. Errors: as get(), and
    // kFailedPrecondition when `path` cannot be written. On error `path` may hold a partial body;
    // callers download to a temporary name (see fetch.h).
    [[nodiscard]] Result<HttpResponse> download(const HttpRequest& request,
                                                const std::string& path,
                                                const FileCheck& check = {});

    [[nodiscard]] Clock& clock() { return *clock_; }

private:
    using Attempt = std::function<Result<HttpResponse>()>;
    using Check = std::function<Status(const HttpResponse&)>;
    [[nodiscard]] Result<HttpResponse> run(const std::string& url,
                                           const Attempt& attempt,
                                           const Check& check);
    void notify(const FetchEvent& event) const;

    FetcherOptions options_;
    Clock* clock_;
    FetchObserver observer_;
    HttpClient client_;
    RateLimiter limiter_;
    Backoff backoff_;
};

}  // namespace wardround::fetch

// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <optional>
#include <utility>

#include <wardround/core/text.h>
#include <wardround/fetch/fetcher.h>

namespace wardround::fetch {
namespace {

// What one failed attempt means for the next.
struct Verdict {
    bool retry = false;
    Error error;
    std::string reason;  // for the observer: "HTTP 503", or what was wrong with the response
};

std::string seconds_text(std::chrono::milliseconds duration) {
    return std::to_string((duration.count() + 999) / 1000) + " s";
}

// The server's own explanation, when it gave one: NVD puts it in a "message" header and sends no
// body. Quoted, trimmed and bounded, since it is outside text.
std::string server_says(const HttpResponse& response) {
    std::string_view message = trim(response.header("message"));
    if (message.empty() || !is_valid_utf8(message)) {
        return {};
    }
    return " (server says: \"" + truncate_utf8(message, 200) + "\")";
}

Verdict judge_status(const HttpResponse& response,
                     const RetryPolicy& policy,
                     const std::string& url) {
    const long status = response.status;
    const std::string code = "HTTP " + std::to_string(status);
    const std::string says = server_says(response);
    const bool has_retry_after = !trim(response.header("retry-after")).empty();
    if (status == 429 || (status == 403 && (has_retry_after || policy.forbidden_is_rate_limit))) {
        return {
            true,
            Error{ErrorCode::kUnavailable, "rate limited by the server (" + code + ")" + says, url},
            code};
    }
    if (status >= 500) {
        return {true, Error{ErrorCode::kUnavailable, "server error (" + code + ")" + says, url},
                code};
    }
    if (status == 401 || status == 403) {
        return {false,
                Error{ErrorCode::kPermissionDenied, "access refused (" + code + ")" + says, url},
                code};
    }
    if (status == 404) {
        // The NVD answers a rejected API key with 404 and "message: Invalid apiKey.": that is a
        // credentials problem, not a missing resource.
        const std::string message = to_lower(response.header("message"));
        if (message.find("apikey") != std::string::npos) {
            return {false,
                    Error{ErrorCode::kPermissionDenied,
                          "the API key was refused (" + code + ")" + says, url},
                    code};
        }
        return {false, Error{ErrorCode::kNotFound, "not found (" + code + ")" + says, url}, code};
    }
    if (status >= 400) {
        return {false,
                Error{ErrorCode::kInvalidArgument, "request rejected (" + code + ")" + says, url},
                code};
    }
    return {false,
            Error{ErrorCode::kFailedPrecondition, "unexpected response (" + code + ")" + says, url},
            code};
}

// A 200 whose body is truncated or an HTML error page is a failed attempt: it is retried and never
// handed on as data.
Verdict failed_check(Error error, const std::string& url) {
    Verdict verdict;
    verdict.retry = true;
    verdict.error = std::move(error);
    verdict.reason = verdict.error.message;
    if (verdict.error.where.empty()) {
        verdict.error.where = url;
    }
    return verdict;
}

// How long to wait before the attempt after `number`, or the error to give up with: the failure is
// not worth retrying, the attempts are used up, or the server asks for a longer wait than the
// policy allows.
Result<std::chrono::milliseconds> retry_wait(const Verdict& verdict,
                                             int number,
                                             int max_attempts,
                                             std::optional<std::chrono::milliseconds> retry_after,
                                             const RetryPolicy& policy,
                                             Backoff& backoff) {
    if (!verdict.retry) {
        return propagate(verdict.error);
    }
    if (number >= max_attempts) {
        Error error = verdict.error;
        error.message +=
            " after " + std::to_string(number) + (number == 1 ? " attempt" : " attempts");
        return propagate(std::move(error));
    }
    auto wait = backoff.delay(number);
    if (retry_after) {
        if (*retry_after > policy.max_retry_after) {
            Error error = verdict.error;
            error.message += "; it asks to retry after " + seconds_text(*retry_after) +
                             ", longer than the " + seconds_text(policy.max_retry_after) +
                             " allowed";
            return propagate(std::move(error));
        }
        wait = std::max(wait, *retry_after);
    }
    return wait;
}

}  // namespace

Fetcher::Fetcher(FetcherOptions options, Clock& clock, FetchObserver observer)
    : options_(std::move(options)),
      clock_(&clock),
      observer_(std::move(observer)),
      client_(options_.http),
      limiter_(options_.rate_limit, clock),
      backoff_(options_.retry) {}

void Fetcher::notify(const FetchEvent& event) const {
    if (observer_) {
        observer_(event);
    }
}

Result<HttpResponse> Fetcher::get(const HttpRequest& request, const BodyCheck& check) {
    return run(
        request.url, [&] { return client_.get(request); },
        [&](const HttpResponse& response) -> Status { return check ? check(response) : Status{}; });
}

Result<HttpResponse> Fetcher::download(const HttpRequest& request,
                                       const std::string& path,
                                       const FileCheck& check) {
    return run(
        request.url, [&] { return client_.download(request, path); },
        [&](const HttpResponse&) -> Status { return check ? check(path) : Status{}; });
}

Result<HttpResponse> Fetcher::run(const std::string& url,
                                  const Attempt& attempt,
                                  const Check& check) {
    const RetryPolicy& policy = options_.retry;
    const int max_attempts = std::max(1, policy.max_attempts);
    for (int number = 1;; ++number) {
        const auto held = limiter_.pending_wait();
        if (held > std::chrono::milliseconds::zero()) {
            notify({FetchEventKind::kRateLimited, url, number, 0, held, {}, clock_->now()});
        }
        limiter_.acquire();
        notify({FetchEventKind::kRequest, url, number, 0, {}, {}, clock_->now()});

        auto response = attempt();
        Verdict verdict;
        std::optional<std::chrono::milliseconds> retry_after;
        if (!response) {
            notify({FetchEventKind::kResponse, url, number, 0, {}, {}, clock_->now()});
            verdict = {response.error().code == ErrorCode::kUnavailable, response.error(),
                       response.error().message};
        } else {
            notify(
                {FetchEventKind::kResponse, url, number, response->status, {}, {}, clock_->now()});
            if (response->ok()) {
                auto checked = check(*response);
                if (checked) {
                    return response;
                }
                verdict = failed_check(std::move(checked).error(), url);
            } else {
                verdict = judge_status(*response, policy, url);
                retry_after =
                    parse_retry_after(response->header("retry-after"), clock_->wall_now());
            }
        }
        auto wait = retry_wait(verdict, number, max_attempts, retry_after, policy, backoff_);
        if (!wait) {
            return propagate(std::move(wait).error());
        }
        const long status = response ? response->status : 0;
        notify({FetchEventKind::kRetryWait, url, number, status, *wait, verdict.reason,
                clock_->now()});
        clock_->sleep_for(*wait);
    }
}

}  // namespace wardround::fetch

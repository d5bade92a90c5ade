// SPDX-License-Identifier: Apache-2.0
// HttpClient: one HTTP(S) GET at a time over libcurl, with the settings every Wardround download
// shares: timeouts, a User-Agent naming Wardround, redirects (never from HTTPS down to HTTP), gzip
// transfer encoding, and certificate verification that cannot be turned off. It reports whatever
// status the server sent and fails only when no complete response arrived; retries, rate limits
// and the meaning of each status live one layer up, in Fetcher (fetcher.h).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/result.h>

namespace wardround::fetch {

// "Wardround/<version>": every request names the product, as the NVD asks of API clients.
[[nodiscard]] std::string_view default_user_agent();

// Percent-encodes everything except RFC 3986 unreserved characters, so "+" and ":" in NVD
// timestamps survive the query string.
[[nodiscard]] std::string url_encode(std::string_view text);

struct HttpHeader {
    std::string name;
    std::string value;
};

// Called as a body arrives: bytes received so far, and the size the server announced (0 if none).
using TransferProgress = std::function<void(std::uint64_t bytes_done, std::uint64_t bytes_total)>;

struct HttpRequest {
    std::string url;
    // Extra request headers, such as NVD's "apiKey". Their values never appear in errors.
    std::vector<HttpHeader> headers;
    TransferProgress on_progress;
};

// Spare capacity HttpClient leaves after an in-memory body, so that JSON parsers which read a
// little past the end (simdjson needs 64 bytes) can parse it without copying.
inline constexpr std::size_t kBodySlack = 64;

struct HttpResponse {
    long status = 0;
    std::string url;                  // after redirects
    std::vector<HttpHeader> headers;  // of the final response, in arrival order
    // The body for get(). For download(), only the start (4 KiB at most) of a non-2xx body, for
    // error messages; a 2xx body went to the file.
    std::string body;
    std::uint64_t bytes = 0;  // decoded body bytes received

    // The first header with that name (case-insensitive), or "" when there is none.
    [[nodiscard]] std::string_view header(std::string_view name) const;
    [[nodiscard]] bool ok() const { return status >= 200 && status < 300; }
};

struct HttpOptions {
    std::chrono::milliseconds connect_timeout = std::chrono::seconds(30);
    // The whole exchange, body included; NVD pages of 2,000 records can take minutes. 0 = no limit.
    std::chrono::milliseconds request_timeout = std::chrono::minutes(10);
    // A transfer slower than low_speed_bytes per second for low_speed_time has stalled and is
    // abandoned (kUnavailable, so Fetcher retries it).
    std::uint32_t low_speed_bytes = 1024;
    std::chrono::seconds low_speed_time = std::chrono::seconds(60);
    long max_redirects = 5;
    // get() refuses bodies larger than this, so a misbehaving server cannot exhaust memory.
    std::uint64_t max_memory_body = std::uint64_t{1} << 29;
    std::string user_agent = std::string(default_user_agent());
    // A PEM CA bundle to trust instead of the system store, e.g. one that adds the CA of a
    // hospital's TLS-inspecting proxy. Verification itself is always on.
    std::string ca_file;
};

// Not thread-safe: one client per thread. It keeps connections open between requests.
class HttpClient {
public:
    explicit HttpClient(HttpOptions options = {});
    HttpClient(HttpClient&&) noexcept;
    HttpClient& operator=(HttpClient&&) noexcept;
    ~HttpClient();

    // GET with the body in memory. Any HTTP status is a value, not an error.
    // Errors (Error::where is the URL):
    //   kInvalidArgument    malformed URL, or a scheme other than http and https
    //   kUnavailable        name resolution, connection, timeout, stall, reset, a body shorter than
    //                       announced, undecodable gzip: retrying may help
    //   kFailedPrecondition the server's certificate could not be verified, or redirects loop
    //   kDataLoss           the body is larger than HttpOptions::max_memory_body
    //   kInternal           libcurl could not be set up
    [[nodiscard]] Result<HttpResponse> get(const HttpRequest& request);

    // GET with a 2xx body written to `path` (created or truncated; other statuses leave it empty).
    // Errors: as get() (no size limit), and kFailedPrecondition when `path` cannot be written.
    [[nodiscard]] Result<HttpResponse> download(const HttpRequest& request,
                                                const std::string& path);

    [[nodiscard]] const HttpOptions& options() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace wardround::fetch

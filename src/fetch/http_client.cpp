// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <utility>

#include <curl/curl.h>

#include <wardround/core/text.h>
#include <wardround/fetch/http_client.h>

#ifndef WARDROUND_VERSION
#error "WARDROUND_VERSION must be defined by the build"
#endif

namespace wardround::fetch {
namespace {

// The start of an error body is enough to say what went wrong, and bounded.
constexpr std::size_t kErrorBodyKeep = 4096;

// libcurl must be initialised once per process before any handle is made; later versions do it
// lazily, but 7.88 documents the call as required.
CURLcode global_init() {
    static std::once_flag once;
    static CURLcode result = CURLE_OK;
    std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
    return result;
}

struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};

// Everything the libcurl callbacks of one transfer share.
struct Transfer {
    CURL* handle = nullptr;
    HttpResponse* response = nullptr;
    std::FILE* file = nullptr;  // download(): the 2xx body goes here
    std::uint64_t max_memory = 0;
    bool too_large = false;
    int write_errno = 0;
    long body_status = -1;  // the status whose body is being received
    const TransferProgress* progress = nullptr;
};

long current_status(CURL* handle) {
    long status = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    return status;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    const std::size_t length = size * count;
    const std::string_view line = trim(std::string_view(data, length));
    // Every response (redirects and 100 Continue included) starts with a status line; only the
    // final one's headers are kept.
    if (line.starts_with("HTTP/")) {
        transfer->response->headers.clear();
        return length;
    }
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
        transfer->response->headers.push_back(
            {std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1)))});
    }
    return length;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    const std::size_t length = size * count;
    HttpResponse& response = *transfer->response;
    const long status = current_status(transfer->handle);
    if (status != transfer->body_status) {
        // A new response began (libcurl followed a redirect): forget the previous body.
        transfer->body_status = status;
        response.body.clear();
        response.bytes = 0;
    }
    response.bytes += length;
    const bool success = status >= 200 && status < 300;
    if (transfer->file != nullptr && success) {
        if (std::fwrite(data, 1, length, transfer->file) != length) {
            transfer->write_errno = errno;
            return 0;
        }
        return length;
    }
    if (transfer->file != nullptr) {
        const std::size_t room = kErrorBodyKeep - std::min(kErrorBodyKeep, response.body.size());
        response.body.append(data, std::min(room, length));
        return length;
    }
    if (response.body.size() + length > transfer->max_memory) {
        transfer->too_large = true;
        return 0;
    }
    if (response.body.empty()) {
        curl_off_t announced = -1;
        curl_easy_getinfo(transfer->handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced);
        if (announced > 0 && static_cast<std::uint64_t>(announced) <= transfer->max_memory) {
            response.body.reserve(static_cast<std::size_t>(announced) + kBodySlack);
        }
    }
    response.body.append(data, length);
    return length;
}

int on_progress(void* user, curl_off_t total, curl_off_t done, curl_off_t, curl_off_t) {
    auto* transfer = static_cast<Transfer*>(user);
    if (transfer->progress != nullptr && *transfer->progress) {
        (*transfer->progress)(static_cast<std::uint64_t>(std::max<curl_off_t>(done, 0)),
                              static_cast<std::uint64_t>(std::max<curl_off_t>(total, 0)));
    }
    return 0;
}

tl::unexpected<Error> transfer_error(CURLcode code,
                                     const char* detail,
                                     const std::string& url,
                                     const Transfer& transfer,
                                     const HttpOptions& options,
                                     const std::string& path) {
    std::string what = (detail != nullptr && detail[0] != '\0') ? detail : curl_easy_strerror(code);
    const long status = current_status(transfer.handle);
    if (code == CURLE_UNSUPPORTED_PROTOCOL && status >= 300 && status < 400) {
        char* target = nullptr;
        curl_easy_getinfo(transfer.handle, CURLINFO_REDIRECT_URL, &target);
        return make_error(ErrorCode::kFailedPrecondition,
                          "refused to follow a redirect to " +
                              std::string(target != nullptr ? target : "another scheme") +
                              ": an https fetch may only be redirected to https",
                          url);
    }
    switch (code) {
        case CURLE_URL_MALFORMAT:
        case CURLE_UNSUPPORTED_PROTOCOL:
            return make_error(ErrorCode::kInvalidArgument,
                              "not a valid http or https URL (" + what + ")", url);
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return make_error(ErrorCode::kFailedPrecondition,
                              "the server's certificate could not be verified (" + what +
                                  "); a TLS-inspecting proxy needs its CA bundle configured",
                              url);
        case CURLE_TOO_MANY_REDIRECTS:
            return make_error(ErrorCode::kFailedPrecondition,
                              "more than " + std::to_string(options.max_redirects) + " redirects",
                              url);
        case CURLE_OUT_OF_MEMORY:
            return make_error(ErrorCode::kInternal, "out of memory (" + what + ")", url);
        case CURLE_WRITE_ERROR:
            if (transfer.too_large) {
                return make_error(ErrorCode::kDataLoss,
                                  "the response is larger than " +
                                      std::to_string(options.max_memory_body) + " bytes",
                                  url);
            }
            if (transfer.write_errno != 0) {
                return make_error(
                    ErrorCode::kFailedPrecondition,
                    "cannot write " + path + ": " + std::strerror(transfer.write_errno), url);
            }
            break;
        default:
            break;
    }
    // Everything else is the network or the peer misbehaving: resolution, connection, timeouts,
    // resets, short bodies, bad compression. Retrying may help.
    return make_error(ErrorCode::kUnavailable, "no complete response: " + what, url);
}

}  // namespace

std::string_view default_user_agent() {
    return "Wardround/" WARDROUND_VERSION;
}

std::string url_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() * 3);
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                                (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' ||
                                byte == '_' || byte == '~';
        if (unreserved) {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[byte >> 4]);
            out.push_back(kHex[byte & 0x0F]);
        }
    }
    return out;
}

std::string_view HttpResponse::header(std::string_view name) const {
    for (const HttpHeader& header : headers) {
        if (iequals(header.name, name)) {
            return header.value;
        }
    }
    return {};
}

struct HttpClient::State {
    HttpOptions options;
    CURL* handle = nullptr;
    char error_text[CURL_ERROR_SIZE] = {};

    explicit State(HttpOptions opts) : options(std::move(opts)) {}
    State(const State&) = delete;
    State& operator=(const State&) = delete;
    ~State() {
        if (handle != nullptr) {
            curl_easy_cleanup(handle);
        }
    }

    Result<HttpResponse> perform(const HttpRequest& request,
                                 std::FILE* file,
                                 const std::string& path);
};

Result<HttpResponse> HttpClient::State::perform(const HttpRequest& request,
                                                std::FILE* file,
                                                const std::string& path) {
    if (global_init() != CURLE_OK) {
        return make_error(ErrorCode::kInternal, "libcurl could not be initialised", request.url);
    }
    if (handle == nullptr) {
        handle = curl_easy_init();
        if (handle == nullptr) {
            return make_error(ErrorCode::kInternal, "libcurl could not make a handle", request.url);
        }
    }
    // reset() keeps the connection cache, so successive pages reuse one connection.
    curl_easy_reset(handle);

    HttpResponse response;
    Transfer transfer;
    transfer.handle = handle;
    transfer.response = &response;
    transfer.file = file;
    transfer.max_memory = options.max_memory_body;
    transfer.progress = &request.on_progress;

    Slist headers;
    for (const HttpHeader& header : request.headers) {
        const std::string line = header.name + ": " + header.value;
        curl_slist* appended = curl_slist_append(headers.get(), line.c_str());
        if (appended == nullptr) {
            return make_error(ErrorCode::kInternal, "out of memory building headers", request.url);
        }
        (void)headers.release();
        headers.reset(appended);
    }

    const bool https = starts_with_icase(request.url, "https://");
    error_text[0] = '\0';
    // curl_easy_setopt only fails for unknown options or out of memory; the request itself then
    // fails with a clear code, so the results are not checked one by one.
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_text);
    curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    // A redirect may never take an HTTPS fetch to plain HTTP.
    curl_easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS_STR, https ? "https" : "http,https");
    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(handle, CURLOPT_MAXREDIRS, options.max_redirects);
    curl_easy_setopt(handle, CURLOPT_USERAGENT, options.user_agent.c_str());
    // "" offers every encoding this libcurl can decode (gzip and deflate at least).
    curl_easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options.ca_file.empty()) {
        curl_easy_setopt(handle, CURLOPT_CAINFO, options.ca_file.c_str());
    }
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options.connect_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(options.request_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(options.low_speed_bytes));
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME,
                     static_cast<long>(options.low_speed_time.count()));
    // Signals are process-wide; a library must not use them for timeouts.
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    // A proxy from the environment is honoured for the feeds, never for the loopback.
    curl_easy_setopt(handle, CURLOPT_NOPROXY, "localhost,127.0.0.1,::1");
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, &on_progress);
    curl_easy_setopt(handle, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);

    const CURLcode code = curl_easy_perform(handle);
    // The handle must not keep pointers into this frame for the next request.
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, nullptr);
    if (code != CURLE_OK) {
        return transfer_error(code, error_text, request.url, transfer, options, path);
    }
    response.status = current_status(handle);
    char* effective = nullptr;
    curl_easy_getinfo(handle, CURLINFO_EFFECTIVE_URL, &effective);
    response.url = effective != nullptr ? effective : request.url;
    if (file == nullptr && response.body.capacity() - response.body.size() < kBodySlack) {
        response.body.reserve(response.body.size() + kBodySlack);
    }
    return response;
}

HttpClient::HttpClient(HttpOptions options) : state_(std::make_unique<State>(std::move(options))) {}
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;
HttpClient::~HttpClient() = default;

const HttpOptions& HttpClient::options() const {
    return state_->options;
}

Result<HttpResponse> HttpClient::get(const HttpRequest& request) {
    return state_->perform(request, nullptr, {});
}

Result<HttpResponse> HttpClient::download(const HttpRequest& request, const std::string& path) {
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "wb"));
    if (!file) {
        return make_error(ErrorCode::kFailedPrecondition,
                          "cannot create " + path + ": " + std::strerror(errno), request.url);
    }
    auto response = state_->perform(request, file.get(), path);
    std::FILE* raw = file.release();
    const bool flushed = std::fflush(raw) == 0;
    const int flush_errno = errno;
    const bool closed = std::fclose(raw) == 0;
    if (!response) {
        return response;
    }
    if (!flushed || !closed) {
        return make_error(ErrorCode::kFailedPrecondition,
                          "cannot write " + path + ": " + std::strerror(flush_errno), request.url);
    }
    return response;
}

}  // namespace wardround::fetch

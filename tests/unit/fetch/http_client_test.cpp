// SPDX-License-Identifier: Apache-2.0
// HttpClient against the loopback feed server: what it sends, what it returns, and how each kind
// of failure maps to an error code.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <wardround/core/input_file.h>
#include <wardround/fetch/http_client.h>

#include "fetch_test_support.h"

namespace wardround::fetch {
namespace {

using testing::fast_http;
using testing::read_bytes;

constexpr std::string_view kKevSha256 =
    "901b1f227941a3879a3e39fcb857bb6f7252bf9d71b63ef08d50a836d5ab1bd2";
constexpr std::size_t kKevBytes = 1257565;
const std::string kKevPath = "/kev/known_exploited_vulnerabilities.json";

class HttpClientTest : public testing::FeedServerTest {};

// A loopback port with nothing listening on it.
int closed_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), length);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

TEST_F(HttpClientTest, GetsABodyWithStatusAndHeadersAndNamesItself) {
    ASSERT_TRUE(start());
    HttpClient client(fast_http());
    std::uint64_t last_progress = 0;
    HttpRequest request{server_->url(kKevPath), {}, {}};
    request.on_progress = [&](std::uint64_t done, std::uint64_t) {
        last_progress = done;
    };
    auto response = client.get(request);
    ASSERT_TRUE(response.has_value()) << response.error().to_string();
    EXPECT_EQ(response->status, 200);
    EXPECT_TRUE(response->ok());
    EXPECT_EQ(response->body.size(), kKevBytes);
    EXPECT_EQ(response->bytes, kKevBytes);
    EXPECT_EQ(sha256_hex(response->body), kKevSha256);
    EXPECT_EQ(response->header("Content-Type"), "application/json");
    EXPECT_EQ(response->header("content-type"), "application/json");
    EXPECT_EQ(response->header("X-Absent"), "");
    EXPECT_EQ(response->url, server_->url(kKevPath));
    EXPECT_GE(response->body.capacity() - response->body.size(), kBodySlack);
    EXPECT_GT(last_progress, 0U);

    const auto seen = server_->requests(kKevPath);
    ASSERT_EQ(seen.size(), 1U);
    EXPECT_EQ(seen[0]["user_agent"], std::string(default_user_agent()));
    // The body travelled gzip-encoded and arrived decoded.
    EXPECT_NE(seen[0]["accept_encoding"].get<std::string>().find("gzip"), std::string::npos);
    EXPECT_EQ(seen[0]["content_encoding"], "gzip");
}

TEST_F(HttpClientTest, SendsTheRequestHeadersGiven) {
    ASSERT_TRUE(start());
    HttpClient client(fast_http());
    auto response = client.get({server_->url(kKevPath), {{"apiKey", "k-123"}}, {}});
    ASSERT_TRUE(response.has_value()) << response.error().to_string();
    const auto seen = server_->requests(kKevPath);
    ASSERT_EQ(seen.size(), 1U);
    EXPECT_EQ(seen[0]["api_key"], "k-123");
}

TEST_F(HttpClientTest, AnErrorStatusIsAResponseNotAnError) {
    ASSERT_TRUE(start());
    HttpClient client(fast_http());
    auto response = client.get({server_->url("/kev/absent.json"), {}, {}});
    ASSERT_TRUE(response.has_value()) << response.error().to_string();
    EXPECT_EQ(response->status, 404);
    EXPECT_FALSE(response->ok());
    EXPECT_EQ(response->body, "Not Found\n");
}

TEST_F(HttpClientTest, FollowsRedirectsButNotForever) {
    ASSERT_TRUE(start());
    HttpClient client(fast_http());
    auto response = client.get({server_->url("/redirect?to=" + url_encode(kKevPath)), {}, {}});
    ASSERT_TRUE(response.has_value()) << response.error().to_string();
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->url, server_->url(kKevPath));
    EXPECT_EQ(sha256_hex(response->body), kKevSha256);

    auto loop = client.get({server_->url("/redirect-loop"), {}, {}});
    ASSERT_FALSE(loop.has_value());
    EXPECT_EQ(loop.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(loop.error().message.find("more than 5 redirects"), std::string::npos);
    EXPECT_EQ(server_->requests("/redirect-loop").size(), 6U);
}

TEST_F(HttpClientTest, RefusesUrlsThatAreNotHttpOrHttps) {
    HttpClient client(fast_http());
    for (const std::string url : {"file:///etc/passwd", "ftp://127.0.0.1/x", "not a url", ""}) {
        auto response = client.get({url, {}, {}});
        ASSERT_FALSE(response.has_value()) << url;
        EXPECT_EQ(response.error().code, ErrorCode::kInvalidArgument) << url;
        EXPECT_EQ(response.error().where, url);
    }
}

TEST_F(HttpClientTest, NoListenerIsUnavailable) {
    HttpClient client(fast_http());
    const std::string url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/x";
    auto response = client.get({url, {}, {}});
    ASSERT_FALSE(response.has_value());
    EXPECT_EQ(response.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(response.error().where, url);
}

TEST_F(HttpClientTest, ACutConnectionIsUnavailable) {
    ASSERT_TRUE(start({"--fault", "path=/kev/&kind=cut"}));
    HttpClient client(fast_http());
    auto response = client.get({server_->url(kKevPath), {}, {}});
    ASSERT_FALSE(response.has_value());
    EXPECT_EQ(response.error().code, ErrorCode::kUnavailable) << response.error().to_string();
}

TEST_F(HttpClientTest, ASlowAnswerTimesOutAsUnavailable) {
    ASSERT_TRUE(start({"--fault", "path=/kev/&kind=slow&delay_ms=3000"}));
    HttpOptions options = fast_http();
    options.request_timeout = std::chrono::milliseconds(300);
    HttpClient client(options);
    const auto began = std::chrono::steady_clock::now();
    auto response = client.get({server_->url(kKevPath), {}, {}});
    ASSERT_FALSE(response.has_value());
    EXPECT_EQ(response.error().code, ErrorCode::kUnavailable);
    EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::seconds(2));
}

TEST_F(HttpClientTest, ABodyOverTheMemoryLimitIsRefused) {
    ASSERT_TRUE(start());
    HttpOptions options = fast_http();
    options.max_memory_body = 1000;
    HttpClient client(options);
    auto response = client.get({server_->url(kKevPath), {}, {}});
    ASSERT_FALSE(response.has_value());
    EXPECT_EQ(response.error().code, ErrorCode::kDataLoss);
    EXPECT_NE(response.error().message.find("larger than 1000 bytes"), std::string::npos);
}

TEST_F(HttpClientTest, DownloadsTheBodyToAFileAndKeepsErrorBodiesOut) {
    ASSERT_TRUE(start());
    HttpClient client(fast_http());
    const std::string path = out_ / "kev.json";
    auto response = client.download({server_->url(kKevPath), {}, {}}, path);
    ASSERT_TRUE(response.has_value()) << response.error().to_string();
    EXPECT_EQ(response->status, 200);
    EXPECT_TRUE(response->body.empty());
    EXPECT_EQ(sha256_hex(read_bytes(path)), kKevSha256);

    auto missing = client.download({server_->url("/kev/absent.json"), {}, {}}, path);
    ASSERT_TRUE(missing.has_value());
    EXPECT_EQ(missing->status, 404);
    EXPECT_EQ(missing->body, "Not Found\n");
    EXPECT_EQ(read_bytes(path), "");
}

TEST_F(HttpClientTest, ADownloadToAnUnwritablePathFails) {
    ASSERT_TRUE(start());
    HttpClient client(fast_http());
    auto response =
        client.download({server_->url(kKevPath), {}, {}}, out_ / "no-such-folder/kev.json");
    ASSERT_FALSE(response.has_value());
    EXPECT_EQ(response.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(response.error().message.find("no-such-folder"), std::string::npos);
}

TEST_F(HttpClientTest, ADiskThatFillsUpFailsTheDownload) {
    ASSERT_TRUE(start());
    HttpClient client(fast_http());
    // Every write to /dev/full fails with ENOSPC, like a full disk.
    auto response = client.download({server_->url(kKevPath), {}, {}}, "/dev/full");
    ASSERT_FALSE(response.has_value());
    EXPECT_EQ(response.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(response.error().message.find("cannot write /dev/full"), std::string::npos)
        << response.error().message;
}

TEST_F(HttpClientTest, HttpsVerifiesTheCertificate) {
    ASSERT_TRUE(start());
    HttpClient untrusting(fast_http());
    auto refused = untrusting.get({server_->tls_url(kKevPath), {}, {}});
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition) << refused.error().to_string();
    EXPECT_NE(refused.error().message.find("certificate"), std::string::npos);

    HttpOptions options = fast_http();
    options.ca_file = server_->certificate();
    HttpClient trusting(options);
    auto response = trusting.get({server_->tls_url(kKevPath), {}, {}});
    ASSERT_TRUE(response.has_value()) << response.error().to_string();
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(sha256_hex(response->body), kKevSha256);
}

TEST_F(HttpClientTest, HttpsNeverRedirectsToPlainHttp) {
    ASSERT_TRUE(start());
    HttpOptions options = fast_http();
    options.ca_file = server_->certificate();
    HttpClient client(options);
    const std::string downgrade =
        server_->tls_url("/redirect?to=" + url_encode(server_->url(kKevPath)));
    auto response = client.get({downgrade, {}, {}});
    ASSERT_FALSE(response.has_value());
    EXPECT_EQ(response.error().code, ErrorCode::kFailedPrecondition)
        << response.error().to_string();
    EXPECT_TRUE(server_->requests(kKevPath).empty());

    // Plain HTTP may be redirected to HTTPS.
    auto upgrade = client.get(
        {server_->url("/redirect?to=" + url_encode(server_->tls_url(kKevPath))), {}, {}});
    ASSERT_TRUE(upgrade.has_value()) << upgrade.error().to_string();
    EXPECT_EQ(upgrade->url, server_->tls_url(kKevPath));
}

}  // namespace
}  // namespace wardround::fetch

// SPDX-License-Identifier: Apache-2.0
// feed_server: a loopback HTTP(S) server that stands in for the NVD, CISA and FIRST in the fetch
// tests. It serves files from folders (read in place), emulates the NVD CVE API 2.0 over real API
// pages, and misbehaves on request: error statuses with Retry-After, truncated or cut bodies, HTML
// error pages, slow answers. It listens on 127.0.0.1 only, on ports the kernel picks.
//
//   feed_server [--port-file PATH] [--cert-file PATH] [--mount /prefix=DIR]... [--nvd PAGE.json]...
//               [--page-cap N] [--api-key KEY] [--fault SPEC]... [--no-gzip] [--lifetime SECONDS]
//
// --port-file receives "<http-port> <https-port>\n" once both listeners are up (written whole by a
// rename); --cert-file receives the PEM certificate of the HTTPS listener, a fresh self-signed one
// for 127.0.0.1, so a test can trust it explicitly. Paths:
//   /rest/json/cves/2.0      the NVD emulation (nvd_api.h)
//   /<prefix>/<file>         a file under a mounted folder; "<file>.gz" is the gzip of "<file>"
//                            when only that exists
//   /redirect?to=URL         302 to a path here or a URL on 127.0.0.1; /redirect-loop loops
//   /_control/requests       the log of requests so far, as a JSON array (control calls excluded)
//   /_control/fault?SPEC     adds a fault; /_control/reset forgets faults and the log
// A fault SPEC is a query string: path=<prefix>&kind=<kind>[&count=N|always][&skip=N] and, by kind,
//   status    &status=503[&retry_after=7|date:7][&message=...]  answer with that status
//   truncate  [&fraction=0.5]   a well-formed response whose body is cut short
//   cut       [&fraction=0.5]   announce the whole body, send part of it, close the connection
//   html      a 200 HTML error page in place of the data
//   slow      &delay_ms=2000    wait before answering
//   hide      &records=N        (NVD) leave the newest N records out of the result set
//   empty     (NVD) a page with the right totals but no records
// Faults apply in the order given to requests whose path starts with their prefix, one per request;
// skip lets that many matching requests through first.
#include <atomic>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <zlib.h>

#include "nvd_api.h"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace feed_server {
namespace {

constexpr std::string_view kNvdPath = "/rest/json/cves/2.0";

enum class FaultKind { kStatus, kTruncate, kCut, kHtml, kSlow, kHide, kEmpty };

struct Fault {
    std::string path;
    FaultKind kind = FaultKind::kStatus;
    long remaining = 1;  // -1: always
    long skip = 0;
    unsigned status = 503;
    std::string retry_after;
    std::string message;
    long delay_ms = 2000;
    double fraction = 0.5;
    std::size_t records = 0;
};

std::string_view kind_name(FaultKind kind) {
    switch (kind) {
        case FaultKind::kStatus:
            return "status";
        case FaultKind::kTruncate:
            return "truncate";
        case FaultKind::kCut:
            return "cut";
        case FaultKind::kHtml:
            return "html";
        case FaultKind::kSlow:
            return "slow";
        case FaultKind::kHide:
            return "hide";
        case FaultKind::kEmpty:
            return "empty";
    }
    return "?";
}

struct Mount {
    std::string prefix;
    std::filesystem::path folder;
};

struct Server {
    std::vector<Mount> mounts;
    NvdApi nvd;
    bool gzip = true;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

    std::mutex mutex;
    std::vector<Fault> faults;
    nlohmann::json log = nlohmann::json::array();
};

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// Query-string decoding as servers do it: "%2B" is "+", and a bare "+" is a space. An NVD date
// sent with an unencoded "+00:00" offset therefore arrives broken, as it does at the real NVD.
std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out.push_back(' ');
        } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
                   hex_value(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

std::map<std::string, std::string> parse_query(std::string_view query) {
    std::map<std::string, std::string> params;
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const std::size_t eq = pair.find('=');
        if (!pair.empty()) {
            params[percent_decode(pair.substr(0, eq))] =
                eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
        }
        if (amp == std::string_view::npos) {
            break;
        }
        query.remove_prefix(amp + 1);
    }
    return params;
}

long to_long(const std::string& text, long fallback) {
    long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return (text.empty() || error != std::errc() || end != text.data() + text.size()) ? fallback
                                                                                      : value;
}

std::optional<Fault> parse_fault(const std::map<std::string, std::string>& spec,
                                 std::string& problem) {
    static const std::map<std::string, FaultKind> kKinds = {
        {"status", FaultKind::kStatus}, {"truncate", FaultKind::kTruncate},
        {"cut", FaultKind::kCut},       {"html", FaultKind::kHtml},
        {"slow", FaultKind::kSlow},     {"hide", FaultKind::kHide},
        {"empty", FaultKind::kEmpty}};
    Fault fault;
    const auto value = [&](const char* key) {
        const auto it = spec.find(key);
        return it == spec.end() ? std::string() : it->second;
    };
    fault.path = value("path");
    const auto kind = kKinds.find(value("kind"));
    if (fault.path.empty() || fault.path.front() != '/' || kind == kKinds.end()) {
        problem = "a fault needs path=/prefix and a known kind";
        return std::nullopt;
    }
    fault.kind = kind->second;
    fault.remaining = value("count") == "always" ? -1 : to_long(value("count"), 1);
    fault.skip = to_long(value("skip"), 0);
    fault.status = static_cast<unsigned>(to_long(value("status"), 503));
    fault.retry_after = value("retry_after");
    fault.message = value("message");
    fault.delay_ms = to_long(value("delay_ms"), 2000);
    fault.records = static_cast<std::size_t>(to_long(value("records"), 0));
    if (const std::string fraction = value("fraction"); !fraction.empty()) {
        char* end = nullptr;
        fault.fraction = std::strtod(fraction.c_str(), &end);
        if (*end != '\0' || fault.fraction < 0.0 || fault.fraction > 1.0) {
            problem = "fraction must be a number from 0 to 1";
            return std::nullopt;
        }
    }
    return fault;
}

// The fault this request meets, if any; consumes one of its uses.
std::optional<Fault> take_fault(Server& server, const std::string& path) {
    const std::lock_guard lock(server.mutex);
    for (Fault& fault : server.faults) {
        if (fault.remaining == 0 || !path.starts_with(fault.path)) {
            continue;
        }
        if (fault.skip > 0) {
            --fault.skip;
            continue;
        }
        if (fault.remaining > 0) {
            --fault.remaining;
        }
        return fault;
    }
    return std::nullopt;
}

std::string http_date(std::time_t when) {
    std::tm parts{};
    gmtime_r(&when, &parts);
    char text[64];
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &parts);
    return text;
}

std::string gzip(const std::string& data) {
    z_stream stream{};
    // 15 + 16: a gzip wrapper rather than zlib's.
    if (deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("deflateInit2 failed");
    }
    std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int result = deflate(&stream, Z_FINISH);
    deflateEnd(&stream);
    if (result != Z_STREAM_END) {
        throw std::runtime_error("deflate failed");
    }
    out.resize(stream.total_out);
    return out;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

std::string content_type_of(const std::string& name) {
    if (name.ends_with(".json")) {
        return "application/json";
    }
    if (name.ends_with(".csv")) {
        return "text/csv";
    }
    if (name.ends_with(".gz")) {
        return "application/gzip";
    }
    return "application/octet-stream";
}

Reply not_found() {
    Reply reply;
    reply.status = 404;
    reply.body = "Not Found\n";
    return reply;
}

// A file under a mount; refuses anything that could climb out of the mounted folder.
Reply serve_file(const Server& server, const std::string& path) {
    for (const Mount& mount : server.mounts) {
        if (!path.starts_with(mount.prefix + "/")) {
            continue;
        }
        const std::string relative = path.substr(mount.prefix.size() + 1);
        std::filesystem::path inside;
        for (std::string_view rest = relative; !rest.empty();) {
            const std::size_t slash = rest.find('/');
            const std::string_view part = rest.substr(0, slash);
            if (part.empty() || part == "." || part == ".." || part.find('\\') != part.npos) {
                return not_found();
            }
            inside /= std::string(part);
            rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
        }
        if (inside.empty()) {
            return not_found();
        }
        const std::filesystem::path file = mount.folder / inside;
        const std::filesystem::path uncompressed = file.parent_path() / file.stem();
        std::error_code error;
        Reply reply;
        std::filesystem::path source;
        if (std::filesystem::is_regular_file(file, error)) {
            source = file;
            reply.body = read_file(file);
            reply.content_type = content_type_of(relative);
            reply.may_encode = !relative.ends_with(".gz");
        } else if (relative.ends_with(".gz") &&
                   std::filesystem::is_regular_file(uncompressed, error)) {
            source = uncompressed;
            reply.body = gzip(read_file(uncompressed));
            reply.content_type = "application/gzip";
            reply.may_encode = false;
        } else {
            continue;
        }
        const auto modified = std::filesystem::last_write_time(source, error);
        if (!error) {
            const auto when = std::chrono::time_point_cast<std::chrono::system_clock::duration>(
                std::chrono::file_clock::to_sys(modified));
            reply.headers.emplace_back("Last-Modified",
                                       http_date(std::chrono::system_clock::to_time_t(when)));
        }
        return reply;
    }
    return not_found();
}

Reply fault_status_reply(const Fault& fault) {
    Reply reply;
    reply.status = fault.status;
    reply.body = "fault injected\n";
    if (fault.retry_after.starts_with("date:")) {
        reply.headers.emplace_back(
            "Retry-After", http_date(std::time(nullptr) + to_long(fault.retry_after.substr(5), 0)));
    } else if (!fault.retry_after.empty()) {
        reply.headers.emplace_back("Retry-After", fault.retry_after);
    }
    if (!fault.message.empty()) {
        reply.headers.emplace_back("message", fault.message);
    }
    return reply;
}

Reply control(Server& server, const std::string& path, const std::string& query) {
    Reply reply;
    if (path == "/_control/requests") {
        const std::lock_guard lock(server.mutex);
        reply.content_type = "application/json";
        reply.body = server.log.dump();
        reply.may_encode = false;
        return reply;
    }
    if (path == "/_control/reset") {
        const std::lock_guard lock(server.mutex);
        server.faults.clear();
        server.log = nlohmann::json::array();
        reply.body = "ok\n";
        return reply;
    }
    if (path == "/_control/fault") {
        std::string problem;
        auto fault = parse_fault(parse_query(query), problem);
        if (!fault) {
            reply.status = 400;
            reply.body = problem + "\n";
            return reply;
        }
        const std::lock_guard lock(server.mutex);
        server.faults.push_back(std::move(*fault));
        reply.body = "ok\n";
        return reply;
    }
    return not_found();
}

template <class Stream>
void write_reply(Stream& stream,
                 const Reply& reply,
                 unsigned version,
                 bool keep_alive,
                 const std::string& encoding,
                 beast::error_code& error) {
    http::response<http::string_body> response{static_cast<http::status>(reply.status), version};
    response.set(http::field::server, "wardround-feed-server");
    response.set(http::field::content_type, reply.content_type);
    for (const auto& [name, value] : reply.headers) {
        response.set(name, value);
    }
    if (!encoding.empty()) {
        response.set(http::field::content_encoding, encoding);
    }
    response.body() = reply.body;
    response.keep_alive(keep_alive);
    response.prepare_payload();
    http::write(stream, response, error);
}

// Announces the whole body but sends only part of it, then hangs up: what a dropped connection
// looks like to the client.
template <class Stream>
void write_cut_reply(Stream& stream,
                     const Reply& reply,
                     const std::string& encoding,
                     double fraction,
                     beast::error_code& error) {
    std::string head =
        "HTTP/1.1 " + std::to_string(reply.status) +
        " OK\r\nServer: wardround-feed-server\r\nContent-Type: " + reply.content_type +
        "\r\nContent-Length: " + std::to_string(reply.body.size()) + "\r\nConnection: close\r\n";
    if (!encoding.empty()) {
        head += "Content-Encoding: " + encoding + "\r\n";
    }
    head += "\r\n";
    const auto sent = static_cast<std::size_t>(static_cast<double>(reply.body.size()) * fraction);
    asio::write(stream, asio::buffer(head), error);
    if (!error) {
        asio::write(stream, asio::buffer(reply.body.data(), sent), error);
    }
}

std::optional<std::string> header_value(const http::request<http::string_body>& request,
                                        std::string_view name) {
    const auto it = request.find(beast::string_view(name.data(), name.size()));
    if (it == request.end()) {
        return std::nullopt;
    }
    return std::string(it->value());
}

// Handles one request; returns false when the connection must close.
template <class Stream>
bool handle(Server& server, Stream& stream, const http::request<http::string_body>& request) {
    const std::string target(request.target());
    const std::size_t question = target.find('?');
    const std::string path = target.substr(0, question);
    const std::string query = question == std::string::npos ? "" : target.substr(question + 1);
    beast::error_code error;

    if (path.starts_with("/_control/")) {
        write_reply(stream, control(server, path, query), request.version(), request.keep_alive(),
                    "", error);
        return !error && request.keep_alive();
    }

    const auto params = parse_query(query);
    const std::optional<Fault> fault = take_fault(server, path);
    const auto accept_encoding = header_value(request, "Accept-Encoding");
    const auto api_key = header_value(request, "apiKey");
    std::size_t entry = 0;
    {
        const std::lock_guard lock(server.mutex);
        nlohmann::json logged = {{"path", path},
                                 {"target", target},
                                 {"query", params},
                                 {"user_agent", header_value(request, "User-Agent").value_or("")},
                                 {"accept_encoding", accept_encoding.value_or("")},
                                 {"fault", fault ? std::string(kind_name(fault->kind)) : ""},
                                 {"t_ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                              std::chrono::steady_clock::now() - server.started)
                                              .count()}};
        logged["api_key"] = api_key ? nlohmann::json(*api_key) : nlohmann::json(nullptr);
        server.log.push_back(std::move(logged));
        entry = server.log.size() - 1;
    }

    Reply reply;
    if (fault && fault->kind == FaultKind::kStatus) {
        reply = fault_status_reply(*fault);
    } else if (fault && fault->kind == FaultKind::kHtml) {
        reply.content_type = "text/html";
        reply.body =
            "<!DOCTYPE html>\n<html><head><title>Service Unavailable</title></head>"
            "<body><h1>The service is temporarily unavailable</h1></body></html>\n";
    } else {
        if (fault && fault->kind == FaultKind::kSlow) {
            std::this_thread::sleep_for(std::chrono::milliseconds(fault->delay_ms));
        }
        if (path == kNvdPath || path == std::string(kNvdPath) + "/") {
            const std::size_t hide = fault && fault->kind == FaultKind::kHide ? fault->records : 0;
            const bool empty = fault && fault->kind == FaultKind::kEmpty;
            reply = server.nvd.answer(params, api_key, hide, empty);
        } else if (path == "/redirect") {
            const auto to = params.find("to");
            reply.status = 302;
            // Only this machine's loopback: the test server never sends a client elsewhere.
            const bool local = to != params.end() && (to->second.starts_with("/") ||
                                                      to->second.starts_with("http://127.0.0.1:") ||
                                                      to->second.starts_with("https://127.0.0.1:"));
            const std::string location = local ? to->second : "/";
            reply.headers.emplace_back("Location", location);
        } else if (path == "/redirect-loop") {
            reply.status = 302;
            reply.headers.emplace_back("Location", "/redirect-loop");
        } else {
            reply = serve_file(server, path);
        }
    }
    if (fault && fault->kind == FaultKind::kTruncate) {
        reply.body.resize(
            static_cast<std::size_t>(static_cast<double>(reply.body.size()) * fault->fraction));
    }
    std::string encoding;
    if (server.gzip && reply.may_encode && !reply.body.empty() && accept_encoding &&
        accept_encoding->find("gzip") != std::string::npos) {
        reply.body = gzip(reply.body);
        encoding = "gzip";
    }
    {
        const std::lock_guard lock(server.mutex);
        server.log[entry]["status"] = reply.status;
        server.log[entry]["content_encoding"] = encoding;
    }
    if (fault && fault->kind == FaultKind::kCut) {
        write_cut_reply(stream, reply, encoding, fault->fraction, error);
        return false;
    }
    write_reply(stream, reply, request.version(), request.keep_alive(), encoding, error);
    return !error && request.keep_alive();
}

template <class Stream>
void serve_connection(Server& server, Stream& stream) {
    beast::flat_buffer buffer;
    for (;;) {
        http::request<http::string_body> request;
        beast::error_code error;
        http::read(stream, buffer, request, error);
        if (error) {
            return;
        }
        bool keep_open = false;
        try {
            keep_open = handle(server, stream, request);
        } catch (const std::exception& failure) {
            // One bad request must not take the server, and every later test, down with it.
            std::cerr << "feed_server: " << failure.what() << "\n";
        }
        if (!keep_open) {
            return;
        }
    }
}

void serve_plain(Server& server, tcp::socket socket) {
    serve_connection(server, socket);
    beast::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
}

void serve_tls(Server& server, tcp::socket socket, asio::ssl::context& context) {
    asio::ssl::stream<tcp::socket> stream(std::move(socket), context);
    beast::error_code error;
    stream.handshake(asio::ssl::stream_base::server, error);
    if (error) {
        // The client refused the certificate: the point of the HTTPS tests.
        return;
    }
    serve_connection(server, stream);
    stream.shutdown(error);
}

// A fresh self-signed certificate for 127.0.0.1 (P-256, one day), so that HTTPS tests never
// depend on files or a CA outside the test.
struct Identity {
    std::string certificate_pem;
    std::string key_pem;
};

Identity make_identity() {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* certificate = X509_new();
    if (key == nullptr || certificate == nullptr) {
        throw std::runtime_error("cannot make a key or certificate");
    }
    X509_set_version(certificate, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(certificate), static_cast<long>(std::time(nullptr)));
    X509_gmtime_adj(X509_getm_notBefore(certificate), -3600);
    X509_gmtime_adj(X509_getm_notAfter(certificate), 24 * 3600);
    X509_set_pubkey(certificate, key);
    X509_NAME* name = X509_get_subject_name(certificate);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(certificate, name);
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    for (const auto& [nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1"},
                                     std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
        X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
        if (extension == nullptr) {
            throw std::runtime_error("cannot make a certificate extension");
        }
        X509_add_ext(certificate, extension, -1);
        X509_EXTENSION_free(extension);
    }
    if (X509_sign(certificate, key, EVP_sha256()) == 0) {
        throw std::runtime_error("cannot sign the certificate");
    }
    Identity identity;
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, certificate);
    char* data = nullptr;
    long length = BIO_get_mem_data(bio, &data);
    identity.certificate_pem.assign(data, static_cast<std::size_t>(length));
    BIO_free(bio);
    bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    length = BIO_get_mem_data(bio, &data);
    identity.key_pem.assign(data, static_cast<std::size_t>(length));
    BIO_free(bio);
    X509_free(certificate);
    EVP_PKEY_free(key);
    return identity;
}

void write_whole(const std::string& path, const std::string& text) {
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out.flush()) {
            throw std::runtime_error("cannot write " + temporary);
        }
    }
    std::filesystem::rename(temporary, path);
}

int run(int argc, char** argv) {
    Server server;
    std::string port_file;
    std::string cert_file;
    long lifetime_seconds = 600;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                throw std::runtime_error(arg + " needs a value");
            }
            return argv[++i];
        };
        if (arg == "--port-file") {
            port_file = next();
        } else if (arg == "--cert-file") {
            cert_file = next();
        } else if (arg == "--mount") {
            const std::string value = next();
            const std::size_t eq = value.find('=');
            if (eq == std::string::npos || !value.starts_with("/")) {
                throw std::runtime_error("--mount takes /prefix=DIR");
            }
            server.mounts.push_back({value.substr(0, eq), value.substr(eq + 1)});
        } else if (arg == "--nvd") {
            server.nvd.load(next());
        } else if (arg == "--page-cap") {
            server.nvd.page_cap = static_cast<std::size_t>(std::stoul(next()));
        } else if (arg == "--api-key") {
            server.nvd.required_api_key = next();
        } else if (arg == "--fault") {
            std::string problem;
            auto fault = parse_fault(parse_query(next()), problem);
            if (!fault) {
                throw std::runtime_error(problem);
            }
            server.faults.push_back(std::move(*fault));
        } else if (arg == "--no-gzip") {
            server.gzip = false;
        } else if (arg == "--lifetime") {
            lifetime_seconds = std::stol(next());
        } else {
            throw std::runtime_error("unknown argument " + arg);
        }
    }

    asio::io_context io;
    const auto loopback = asio::ip::make_address("127.0.0.1");
    tcp::acceptor plain(io, tcp::endpoint(loopback, 0));
    tcp::acceptor secure(io, tcp::endpoint(loopback, 0));
    const Identity identity = make_identity();
    asio::ssl::context tls(asio::ssl::context::tls_server);
    tls.use_certificate_chain(asio::buffer(identity.certificate_pem));
    tls.use_private_key(asio::buffer(identity.key_pem), asio::ssl::context::pem);

    if (!cert_file.empty()) {
        write_whole(cert_file, identity.certificate_pem);
    }
    const std::string ports = std::to_string(plain.local_endpoint().port()) + " " +
                              std::to_string(secure.local_endpoint().port()) + "\n";
    if (!port_file.empty()) {
        write_whole(port_file, ports);
    }
    std::cout << "listening on 127.0.0.1 ports " << ports << std::flush;

    // A safety net: a server whose test crashed before stopping it does not linger.
    std::thread([lifetime_seconds] {
        std::this_thread::sleep_for(std::chrono::seconds(lifetime_seconds));
        std::_Exit(0);
    }).detach();
    std::thread([&server, &secure, &tls] {
        for (;;) {
            tcp::socket socket(secure.get_executor());
            beast::error_code error;
            secure.accept(socket, error);
            if (!error) {
                std::thread(serve_tls, std::ref(server), std::move(socket), std::ref(tls)).detach();
            }
        }
    }).detach();
    for (;;) {
        tcp::socket socket(io);
        beast::error_code error;
        plain.accept(socket, error);
        if (!error) {
            std::thread(serve_plain, std::ref(server), std::move(socket)).detach();
        }
    }
}

}  // namespace
}  // namespace feed_server

int main(int argc, char** argv) {
    // A client that hangs up mid-answer must not kill the server.
    std::signal(SIGPIPE, SIG_IGN);
    try {
        return feed_server::run(argc, argv);
    } catch (const std::exception& error) {
        std::cerr << "feed_server: " << error.what() << "\n";
        return 2;
    }
}

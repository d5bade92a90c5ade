// SPDX-License-Identifier: Apache-2.0
#include "fetch_test_support.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <wardround/fetch/http_client.h>

#include "support/test_support.h"

namespace wardround::fetch::testing {
namespace {

std::filesystem::path unique_folder(const std::string& stem) {
    static std::atomic<int> counter{0};
    const auto path = std::filesystem::temp_directory_path() /
                      (stem + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
    return path;
}

std::string control_get(const FeedServer& server, const std::string& path) {
    HttpClient client(fast_http());
    auto response = client.get({server.url(path), {}, {}});
    if (!response || response->status != 200) {
        ADD_FAILURE() << "control call " << path << " failed: "
                      << (response ? "HTTP " + std::to_string(response->status)
                                   : response.error().to_string());
        return {};
    }
    return response->body;
}

}  // namespace

std::vector<RecordedEvent> EventLog::of(FetchEventKind kind) const {
    std::vector<RecordedEvent> matching;
    std::copy_if(events_.begin(), events_.end(), std::back_inserter(matching),
                 [kind](const RecordedEvent& event) { return event.kind == kind; });
    return matching;
}

std::unique_ptr<FeedServer> FeedServer::start(const std::vector<std::string>& args,
                                              std::string& problem) {
    std::unique_ptr<FeedServer> server(new FeedServer());
    server->folder_ = unique_folder("wardround_feed_server_");
    const std::string port_file = (server->folder_ / "ports").string();
    std::vector<std::string> command = {
        WARDROUND_FEED_SERVER, "--port-file", port_file, "--cert-file",
        server->certificate(), "--lifetime",  "300"};
    command.insert(command.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& arg : command) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);

    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        problem = "fork failed";
        return nullptr;
    }
    if (pid == 0) {
        // The server must not outlive a test that crashes.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent) {
            ::_exit(1);
        }
        // Its banner would only clutter the test output; errors still reach stderr.
        const int null = ::open("/dev/null", O_WRONLY);
        if (null >= 0) {
            ::dup2(null, STDOUT_FILENO);
            ::close(null);
        }
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    server->pid_ = pid;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) {
            server->pid_ = -1;
            problem = "the feed server exited at start (status " + std::to_string(status) + ")";
            return nullptr;
        }
        std::ifstream ports(port_file);
        if (ports >> server->port_ >> server->tls_port_) {
            return server;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    problem = "the feed server did not start within 30 s";
    return nullptr;
}

FeedServer::~FeedServer() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
}

std::string FeedServer::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::string FeedServer::tls_url(const std::string& path) const {
    return "https://127.0.0.1:" + std::to_string(tls_port_) + path;
}

std::vector<nlohmann::json> FeedServer::requests() const {
    const std::string body = control_get(*this, "/_control/requests");
    std::vector<nlohmann::json> out;
    if (body.empty()) {
        return out;
    }
    for (const nlohmann::json& entry : nlohmann::json::parse(body)) {
        out.push_back(entry);
    }
    return out;
}

std::vector<nlohmann::json> FeedServer::requests(const std::string& path) const {
    std::vector<nlohmann::json> matching;
    for (nlohmann::json& entry : requests()) {
        if (entry["path"] == path) {
            matching.push_back(std::move(entry));
        }
    }
    return matching;
}

void FeedServer::add_fault(const std::string& spec) const {
    (void)control_get(*this, "/_control/fault?" + spec);
}

TempFolder::TempFolder() : path_(unique_folder("wardround_fetch_test_")) {}

TempFolder::~TempFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

std::vector<std::string> list_folder(const std::filesystem::path& folder) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::vector<std::string> page_ids(const std::string& path) {
    std::vector<std::string> ids;
    const nlohmann::json page = nlohmann::json::parse(read_bytes(path));
    for (const nlohmann::json& item : page.at("vulnerabilities")) {
        ids.push_back(item.at("cve").at("id").get<std::string>());
    }
    return ids;
}

void FeedServerTest::SetUp() {
    WARDROUND_SHARED_DATA_OR_SKIP(curated, "nvd/nvd-curated.json");
    WARDROUND_SHARED_DATA_OR_SKIP(vunnel, "nvd/vunnel-fixture-page.json");
    WARDROUND_SHARED_DATA_OR_SKIP(kev, "kev/known_exploited_vulnerabilities.json");
    WARDROUND_SHARED_DATA_OR_SKIP(truncated, "kev/malformed/kev-2025-02-25-truncated.json");
    WARDROUND_SHARED_DATA_OR_SKIP(epss, "epss/vunnel-fixture-epss-sample.csv");
    nvd_curated_ = curated;
    nvd_vunnel_ = vunnel;
    kev_file_ = kev;
    kev_truncated_ = truncated;
    epss_sample_ = epss;
}

bool FeedServerTest::start(const std::vector<std::string>& extra) {
    const auto folder_of = [](const std::string& file) {
        return std::filesystem::path(file).parent_path().string();
    };
    std::vector<std::string> args = {"--mount", "/kev=" + folder_of(kev_file_),
                                     "--mount", "/epss=" + folder_of(epss_sample_),
                                     "--nvd",   nvd_curated_,
                                     "--nvd",   nvd_vunnel_};
    args.insert(args.end(), extra.begin(), extra.end());
    std::string problem;
    server_ = FeedServer::start(args, problem);
    if (!server_) {
        ADD_FAILURE() << problem;
        return false;
    }
    return true;
}

FetchContext FeedServerTest::context() {
    FetchContext context;
    context.http = fast_http();
    context.retry = exact_retry();
    context.clock = &clock_;
    context.observer = events_.observer();
    return context;
}

HttpOptions fast_http() {
    HttpOptions options;
    options.connect_timeout = std::chrono::seconds(5);
    options.request_timeout = std::chrono::seconds(20);
    return options;
}

RetryPolicy exact_retry() {
    RetryPolicy policy;
    policy.max_attempts = 4;
    policy.initial_delay = std::chrono::seconds(1);
    policy.max_delay = std::chrono::seconds(60);
    policy.jitter = 0.0;
    return policy;
}

}  // namespace wardround::fetch::testing

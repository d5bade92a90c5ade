// SPDX-License-Identifier: Apache-2.0
// What the fetch tests share: a clock that only pretends to sleep, a recorder of fetch events, and
// the loopback feed server (tests/support/feed_server) run as a child process per test.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/types.h>

#include <wardround/fetch/clock.h>
#include <wardround/fetch/fetch.h>

namespace wardround::fetch::testing {

// Time moves only when the code under test sleeps, so backoff and rate limits are asserted
// exactly and cost no waiting.
class FakeClock final : public Clock {
public:
    explicit FakeClock(Timestamp wall = now_utc()) : wall_(wall) {}

    [[nodiscard]] TimePoint now() override {
        return TimePoint{} + std::chrono::hours(1) + elapsed_;
    }
    void sleep_for(std::chrono::milliseconds duration) override {
        sleeps_.push_back(duration);
        elapsed_ += duration;
    }
    [[nodiscard]] Timestamp wall_now() override {
        return Timestamp{wall_.ms_since_epoch + elapsed_.count()};
    }

    [[nodiscard]] const std::vector<std::chrono::milliseconds>& sleeps() const { return sleeps_; }
    [[nodiscard]] std::chrono::milliseconds elapsed() const { return elapsed_; }
    // Milliseconds since the clock was made, for a time point it gave.
    [[nodiscard]] std::int64_t offset_ms(TimePoint at) const {
        return std::chrono::duration_cast<std::chrono::milliseconds>(at - TimePoint{} -
                                                                     std::chrono::hours(1))
            .count();
    }

private:
    Timestamp wall_;
    std::chrono::milliseconds elapsed_{0};
    std::vector<std::chrono::milliseconds> sleeps_;
};

// Fetch events with their views copied out.
struct RecordedEvent {
    FetchEventKind kind;
    std::string url;
    int attempt = 0;
    long status = 0;
    std::chrono::milliseconds wait{0};
    std::string reason;
    Clock::TimePoint at;
};

class EventLog {
public:
    [[nodiscard]] FetchObserver observer() {
        return [this](const FetchEvent& event) {
            events_.push_back({event.kind, std::string(event.url), event.attempt, event.status,
                               event.wait, std::string(event.reason), event.at});
        };
    }
    [[nodiscard]] const std::vector<RecordedEvent>& events() const { return events_; }
    [[nodiscard]] std::vector<RecordedEvent> of(FetchEventKind kind) const;

private:
    std::vector<RecordedEvent> events_;
};

// Counts Progress calls.
class RecordingProgress final : public Progress {
public:
    void update(const ProgressUpdate& update) override {
        ++updates;
        last_task = std::string(update.task);
        last_records = update.records;
        last_bytes = update.bytes_done;
    }
    void done() override { ++done_calls; }

    int updates = 0;
    int done_calls = 0;
    std::string last_task;
    std::uint64_t last_records = 0;
    std::uint64_t last_bytes = 0;
};

// The feed server as a child process: started on kernel-chosen loopback ports, stopped (SIGTERM)
// when this object goes. It also dies with the test process.
class FeedServer {
public:
    // Starts it with `args` (see feed_server.cpp). Returns null and sets `problem` on failure.
    static std::unique_ptr<FeedServer> start(const std::vector<std::string>& args,
                                             std::string& problem);
    FeedServer(const FeedServer&) = delete;
    FeedServer& operator=(const FeedServer&) = delete;
    ~FeedServer();

    [[nodiscard]] std::string url(const std::string& path) const;
    [[nodiscard]] std::string tls_url(const std::string& path) const;
    [[nodiscard]] int port() const { return port_; }
    // The PEM certificate of the HTTPS listener.
    [[nodiscard]] std::string certificate() const { return (folder_ / "cert.pem").string(); }

    // Every request the server saw (control calls excluded), oldest first.
    [[nodiscard]] std::vector<nlohmann::json> requests() const;
    // Only those whose path is `path`.
    [[nodiscard]] std::vector<nlohmann::json> requests(const std::string& path) const;
    void add_fault(const std::string& spec) const;

private:
    FeedServer() = default;
    pid_t pid_ = -1;
    int port_ = 0;
    int tls_port_ = 0;
    std::filesystem::path folder_;
};

// A fresh empty folder under the temporary directory, removed with the object.
class TempFolder {
public:
    TempFolder();
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
    ~TempFolder();
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    [[nodiscard]] std::string operator/(const std::string& name) const {
        return (path_ / name).string();
    }

private:
    std::filesystem::path path_;
};

[[nodiscard]] std::string read_bytes(const std::string& path);
void write_bytes(const std::string& path, const std::string& bytes);
// File names in a folder, sorted.
[[nodiscard]] std::vector<std::string> list_folder(const std::filesystem::path& folder);
// The CVE ids of an NVD API page file, in order.
[[nodiscard]] std::vector<std::string> page_ids(const std::string& path);

// Tests that run against the feed server, serving ../shared/data in place: /kev/ is data/kev,
// /epss/ is data/epss, and the NVD emulation holds nvd-curated.json then vunnel-fixture-page.json.
class FeedServerTest : public ::testing::Test {
protected:
    void SetUp() override;
    // Starts the server with the standard folders and pages, plus `extra` arguments.
    [[nodiscard]] bool start(const std::vector<std::string>& extra = {});
    // Fast timeouts, exact retries, the fake clock and the event log.
    [[nodiscard]] FetchContext context();

    std::unique_ptr<FeedServer> server_;
    FakeClock clock_;
    EventLog events_;
    TempFolder out_;
    std::string nvd_curated_;
    std::string nvd_vunnel_;
    std::string kev_file_;
    std::string kev_truncated_;
    std::string epss_sample_;
};

// Test HTTP settings: fast timeouts, since everything is on the loopback.
[[nodiscard]] HttpOptions fast_http();
// Retries with exact, jitter-free delays of 1 s, 2 s, 4 s ... and four attempts.
[[nodiscard]] RetryPolicy exact_retry();

}  // namespace wardround::fetch::testing

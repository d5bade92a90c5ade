// SPDX-License-Identifier: Apache-2.0
// The matching benchmark: a full-size synthetic knowledge base (about 400,000 CVEs and NVD's
// 2 to 3 million criteria) built directly as CveSpecs, the synthetic estate generated in memory
// and resolved to CPE names once per distinct name, then the full match (each distinct name
// against its product's criteria, each asset over its names' verdicts), timed in the same run as
// two baselines (the naive reference matcher and a SQL join) and the in-memory `affected` index.
// Everything is deterministic for a seed; nothing is read from or written to disk. Prints a
// Markdown report on stdout and progress on stderr.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <sqlite3.h>
#include <sys/resource.h>

#include <wardround/inventory/identity.h>
#include <wardround/match/asset_matcher.h>
#include <wardround/match/nvd_index.h>
#include <wardround/match/reference_matcher.h>
#include <wardround/synth/synth.h>

namespace {

using wardround::match::CpeMatchSpec;
using wardround::match::CveSpec;
using wardround::match::NvdIndex;
using wardround::match::Software;
using wardround::match::Truth;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double peak_rss_mib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void note(const std::string& text) {
    fmt::print(stderr, "== {}\n", text);
}

// SplitMix64: small, fast and the same everywhere (the standard distributions are not).
class Random {
public:
    explicit Random(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31U);
    }
    // Uniform in [0, bound).
    std::uint64_t below(std::uint64_t bound) { return bound == 0 ? 0 : next() % bound; }
    // Uniform in [low, high].
    std::int64_t between(std::int64_t low, std::int64_t high) {
        return low + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(high - low + 1)));
    }
    double unit() { return static_cast<double>(next() >> 11U) * 0x1.0p-53; }
    bool percent(int chance) { return below(100) < static_cast<std::uint64_t>(chance); }

private:
    std::uint64_t state_;
};

// Runs fn(thread, i) for i in [0, count) on `threads` threads, handing out chunks of `chunk`.
template <typename Fn>
void parallel_for(std::size_t count, int threads, std::size_t chunk, Fn fn) {
    std::atomic<std::size_t> next{0};
    const auto work = [&](int thread) {
        for (std::size_t begin = next.fetch_add(chunk); begin < count;
             begin = next.fetch_add(chunk)) {
            const std::size_t end = std::min(count, begin + chunk);
            for (std::size_t i = begin; i < end; ++i) {
                fn(thread, i);
            }
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) {
        pool.emplace_back(work, t);
    }
    work(0);
    for (std::thread& thread : pool) {
        thread.join();
    }
}

// ---- The knowledge base ------------------------------------------------------------------------

// How a product's CVEs are configured.
enum class Shape {
    kPlain,    // one OR node of ranges
    kWindows,  // an application: 30% of its CVEs say "running on Windows" (AND with platform)
};

// A product the synthetic estate runs. `releases` are versions in the order they were released,
// around the ones the estate has (data/synth), so that bounds fall before, between and after them
// as NVD's do; `history` is how much older history the product has, in multiples of that span
// (most CVEs of a long-lived product were fixed long before anything the estate runs).
struct RealProduct {
    char part;
    const char* vendor;
    const char* product;  // as NVD binds it
    int cves;
    const char* releases;  // space-separated
    double history;
    Shape shape;
};

// Names, CVE counts and release lines of the products in the demo knowledge pack
// (data/demo/kb/wardround-demo-nvd.json) and the estate's catalogue, with counts in NVD's order of
// magnitude for each.
constexpr RealProduct kRealProducts[] = {
    {'a', "google", "chrome", 3300,
     "98.0.4758.80 112.0.5615.49 116.0.5845.141 118.0.5993.88 120.0.6099.110 122.0.6261.129 "
     "126.0.6478.127 130.0.6723.117",
     5.0, Shape::kWindows},
    {'a', "mozilla", "firefox", 2600, "109.0 115.0.2 117.0.1 128.0.3 132.0.1", 6.0,
     Shape::kWindows},
    {'a', "mozilla", "firefox_esr", 700, "102.0 115.0 115.4.0 128.0 128.3.0", 3.0, Shape::kWindows},
    {'a', "mozilla", "thunderbird", 900, "102.0 115.0 128.0", 5.0, Shape::kWindows},
    {'a', "microsoft", "edge_chromium", 1300,
     "116.0.1938.81 119.0.2151.97 122.0.2365.92 125.0.2535.92 130.0.2849.80", 2.0, Shape::kWindows},
    {'a', "microsoft", "edge", 500, "116.0.1938.81 119.0.2151.97 125.0.2535.92 130.0.2849.80", 3.0,
     Shape::kWindows},
    {'a', "7-zip", "7-zip", 40, "16.04 19.00 22.01 23.01 24.09", 2.0, Shape::kWindows},
    {'a', "rarlab", "winrar", 30, "6.02.0 6.22.0 6.23.0 7.01.0", 3.0, Shape::kWindows},
    {'a', "adobe", "acrobat_reader_dc", 1400,
     "21.001.20145 22.003.20282 23.003.20284 23.006.20320 24.004.20220", 3.0, Shape::kWindows},
    {'a', "adobe", "acrobat_dc", 1300,
     "21.001.20145 22.003.20282 23.003.20284 23.006.20320 24.004.20220", 3.0, Shape::kWindows},
    {'a', "notepad-plus-plus", "notepad\\+\\+", 40, "7.9.5 8.5.8 8.6.9", 2.0, Shape::kWindows},
    {'a', "oracle", "jre", 900, "1.8.0", 4.0, Shape::kPlain},
    {'a', "oracle", "jdk", 900, "1.8.0", 4.0, Shape::kPlain},
    {'a', "videolan", "vlc_media_player", 120, "3.0.11 3.0.18 3.0.20 3.0.21", 4.0, Shape::kWindows},
    {'a', "wireshark", "wireshark", 700, "3.6.16 4.0.8 4.2.5", 5.0, Shape::kWindows},
    {'a', "teamviewer", "teamviewer", 50, "15.44.5", 4.0, Shape::kWindows},
    {'a', "putty", "putty", 30, "0.76 0.78 0.81", 4.0, Shape::kWindows},
    {'a', "winscp", "winscp", 15, "6.1.2", 4.0, Shape::kWindows},
    {'a', "keepass", "keepass", 20, "2.54", 4.0, Shape::kWindows},
    {'a', "filezilla-project", "filezilla_client", 30, "3.66.4", 4.0, Shape::kWindows},
    {'a', "python", "python", 350, "3.11.5", 6.0, Shape::kPlain},
    {'a', "microsoft", "365_apps", 700, "16.0.16130.20332 16.0.16731.20636 16.0.17928.20216", 1.0,
     Shape::kPlain},
    {'a', "microsoft", "office", 1100, "16.0.4266.1001 16.0.16130.20332", 5.0, Shape::kPlain},
    {'a', "microsoft", ".net", 250, "6.0.16 6.0.25 6.0.33 8.0.4 8.0.10", 3.0, Shape::kPlain},
    {'a', "microsoft", "teams", 30, "1.6.00.27573 1.7.00.13456", 2.0, Shape::kPlain},
    {'a', "microsoft", "onedrive", 20, "23.226.1031.0003 24.201.1006.0005", 2.0, Shape::kPlain},
    {'a', "microsoft", "exchange_server", 400, "15.1.2507.6 15.2.1118.7 15.2.1544.4", 4.0,
     Shape::kPlain},
    {'a', "microsoft", "sql_server", 200, "15.0.2000.5 15.0.4335.1", 4.0, Shape::kPlain},
    {'a', "apache", "http_server", 300, "2.4.37 2.4.49 2.4.52 2.4.58 2.4.62", 4.0, Shape::kPlain},
    {'a', "apache", "tomcat", 450, "9.0.31 9.0.65 9.0.85 10.1.24", 4.0, Shape::kPlain},
    {'a', "apache", "log4j", 30, "2.14.1 2.16.0 2.17.1 2.20.0", 2.0, Shape::kPlain},
    {'a', "openssl", "openssl", 280, "1.0.1f 1.1.1f 1.1.1k 3.0.2 3.0.7 3.0.13", 3.0, Shape::kPlain},
    {'a', "openbsd", "openssh", 130, "7.4 8.0 8.7 8.9 9.3 9.8 9.9", 4.0, Shape::kPlain},
    {'a', "sudo_project", "sudo", 60, "1.8.31 1.9.5 1.9.9 1.9.15", 4.0, Shape::kPlain},
    {'a', "polkit_project", "polkit", 25, "0.105 0.117 121", 2.0, Shape::kPlain},
    {'a', "haxx", "libcurl", 180, "7.68.0 7.81.0 8.5.0", 4.0, Shape::kPlain},
    {'a', "haxx", "curl", 180, "7.68.0 7.81.0 8.5.0", 4.0, Shape::kPlain},
    {'a', "tukaani", "xz", 10, "5.2.5 5.4.5 5.6.0", 2.0, Shape::kPlain},
    {'a', "citrix", "netscaler_application_delivery_controller", 60,
     "13.0-88.14 13.1-37.150 13.1-49.15 14.1-12.35", 2.0, Shape::kPlain},
    {'a', "ivanti", "connect_secure", 90, "9.1 22.4 22.7", 2.0, Shape::kPlain},
    {'o', "fortinet", "fortios", 400, "6.4.12 7.0.12 7.2.4 7.2.7 7.4.4", 3.0, Shape::kPlain},
    {'o', "cisco", "ios_xe", 500, "16.12.4 17.3.4a 17.6.5 17.9.4a 17.9.5", 3.0, Shape::kPlain},
    {'o', "canonical", "ubuntu_linux", 3000, "20.04 22.04", 0.0, Shape::kPlain},
    {'o', "redhat", "enterprise_linux", 2500, "8.6 8.9 9.2 9.4", 0.0, Shape::kPlain},
};

// A Windows release NVD files CVEs under, with the revisions of its builds over the span the
// estate covers (data/synth/operating_systems.csv) and when in that span it was serviced.
struct WindowsRelease {
    const char* product;
    const char* build;  // "10.0.19045"
    int first_revision;
    int last_revision;
    double from;  // share of the span (0 = the oldest estate build, 1 = the newest)
    double until;
    bool client;  // x64, x86 and arm64 criteria (servers: x64 only)
};

constexpr WindowsRelease kWindowsReleases[] = {
    {"windows_10_1607", "10.0.14393", 5000, 7515, -2.0, 1.0, true},
    {"windows_10_1809", "10.0.17763", 2000, 6532, -1.5, 1.0, true},
    {"windows_10_21h2", "10.0.19044", 1288, 4894, -0.5, 1.0, true},
    {"windows_10_22h2", "10.0.19045", 2006, 5131, 0.0, 1.0, true},
    {"windows_11_21h2", "10.0.22000", 1000, 3197, -0.5, 0.8, true},
    {"windows_11_22h2", "10.0.22621", 525, 4317, 0.0, 1.0, true},
    {"windows_11_23h2", "10.0.22631", 2428, 4460, 0.5, 1.0, true},
    {"windows_server_2016", "10.0.14393", 4000, 7515, -2.0, 1.0, false},
    {"windows_server_2019", "10.0.17763", 2000, 6532, -1.5, 1.0, false},
    {"windows_server_2022", "10.0.20348", 400, 2849, -0.5, 1.0, false},
};

// Legacy releases NVD names with fixed tokens (every build of the release).
struct LegacyWindows {
    const char* criteria;
    double until;  // last share of the span with CVEs filed against it
};

constexpr LegacyWindows kLegacyWindows[] = {
    {"cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*", 0.2},
    {"cpe:2.3:o:microsoft:windows_server_2008:r2:sp1:*:*:*:*:x64:*", 1.0},
    {"cpe:2.3:o:microsoft:windows_server_2008:-:sp2:*:*:*:*:*:*", 1.0},
    {"cpe:2.3:o:microsoft:windows_server_2012:r2:*:*:*:*:*:*:*", 1.0},
    {"cpe:2.3:o:microsoft:windows_server_2012:-:*:*:*:*:*:*:*", 1.0},
    {"cpe:2.3:o:microsoft:windows_8.1:-:*:*:*:*:*:*:*", 0.0},
    {"cpe:2.3:o:microsoft:windows_rt_8.1:-:*:*:*:*:*:*:*", 0.0},
};

// What "running on Windows" lists as platform context in application CVEs.
constexpr const char* kWindowsPlatforms[] = {
    "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*",
    "cpe:2.3:o:microsoft:windows_10_21h2:*:*:*:*:*:*:*:*",
    "cpe:2.3:o:microsoft:windows_10_22h2:*:*:*:*:*:*:*:*",
    "cpe:2.3:o:microsoft:windows_11_22h2:*:*:*:*:*:*:*:*",
    "cpe:2.3:o:microsoft:windows_11_23h2:*:*:*:*:*:*:*:*",
    "cpe:2.3:o:microsoft:windows_server_2016:*:*:*:*:*:*:*:*",
    "cpe:2.3:o:microsoft:windows_server_2019:*:*:*:*:*:*:*:*",
    "cpe:2.3:o:microsoft:windows_server_2022:*:*:*:*:*:*:*:*",
};

constexpr int kWindowsCves = 5000;  // Patch Tuesday CVEs across the releases above

std::vector<std::string> split_words(std::string_view text) {
    std::vector<std::string> words;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find(' ', start), text.size());
        if (end > start) {
            words.emplace_back(text.substr(start, end - start));
        }
        start = end + 1;
    }
    return words;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// A version near `release`: its last number (or a trailing letter, as OpenSSL has) moved up or
// down by up to about half, so bounds land between the releases around it.
std::string near(const std::string& release, Random& random) {
    std::size_t end = release.size();
    if (end > 0 && !is_digit(release[end - 1]) && release[end - 1] >= 'a' &&
        release[end - 1] <= 'z') {
        std::string out = release;
        out.back() = static_cast<char>('a' + random.below(26));
        return out;
    }
    std::size_t begin = end;
    while (begin > 0 && is_digit(release[begin - 1])) {
        --begin;
    }
    if (begin == end) {
        return release;
    }
    const std::int64_t value = std::stoll(release.substr(begin, end - begin));
    const std::int64_t spread = std::max<std::int64_t>(2, value / 2);
    const std::int64_t moved = std::max<std::int64_t>(0, value + random.between(-spread, spread));
    return release.substr(0, begin) + std::to_string(moved);
}

// A version older than every release: the first number made smaller.
std::string older(const std::string& release, double depth, Random& random) {
    std::size_t end = 0;
    while (end < release.size() && is_digit(release[end])) {
        ++end;
    }
    if (end == 0) {
        return release;
    }
    const std::int64_t first = std::stoll(release.substr(0, end));
    const auto lowered = static_cast<std::int64_t>(static_cast<double>(first) / (1.0 + depth));
    std::string rest = release.substr(end);
    // A later part made random too, so old bounds do not all share one tail.
    for (char& c : rest) {
        if (is_digit(c) && random.percent(30)) {
            c = static_cast<char>('0' + random.below(10));
        }
    }
    return std::to_string(std::max<std::int64_t>(0, first == lowered ? first - 1 : lowered)) + rest;
}

std::string cpe_name(char part,
                     std::string_view vendor,
                     std::string_view product,
                     std::string_view version,
                     std::string_view target_hw = "*") {
    return fmt::format("cpe:2.3:{}:{}:{}:{}:*:*:*:*:*:{}:*", part, vendor, product, version,
                       target_hw);
}

std::string cve_id(std::int64_t ordinal) {
    // Years 1999 to 2026 in proportion, numbers unique.
    const std::int64_t year = 1999 + (ordinal * 28) / 400'000;
    return fmt::format("CVE-{}-{}", std::min<std::int64_t>(year, 2026), 100000 + ordinal);
}

struct KnowledgeBase {
    std::vector<CveSpec> cves;
    std::vector<wardround::inventory::KnownProducts::Entry> products;
    std::int64_t real_cves = 0;
    std::int64_t windows_cves = 0;
    std::int64_t filler_cves = 0;
    std::int64_t filler_products = 0;
    std::int64_t criteria = 0;
};

// One criterion over a product's history: a bound before, between or after the releases.
CpeMatchSpec real_criterion(const RealProduct& product,
                            const std::vector<std::string>& releases,
                            Random& random) {
    CpeMatchSpec spec;
    spec.criteria = cpe_name(product.part, product.vendor, product.product, "*");
    // Where in the product's life the fix came: below 0 is older history.
    const double when = -product.history + random.unit() * (product.history + 1.05);
    std::string bound;
    if (when < 0) {
        bound = older(releases.front(), -when / std::max(product.history, 0.01), random);
    } else {
        const auto index =
            std::min(releases.size() - 1,
                     static_cast<std::size_t>(when * static_cast<double>(releases.size())));
        bound = near(releases[index], random);
    }
    const int kind = static_cast<int>(random.below(100));
    if (kind < 60) {
        spec.version_end_excluding = bound;
    } else if (kind < 85) {
        spec.version_end_excluding = bound;
        std::string start = bound;
        // The branch's first release: the numbers after the second part set to 0.
        int dots = 0;
        for (std::size_t i = 0; i < start.size(); ++i) {
            if (start[i] == '.') {
                ++dots;
            } else if (dots >= 2 && is_digit(start[i])) {
                start[i] = '0';
            }
        }
        spec.version_start_including = start;
    } else if (kind < 95) {
        spec.version_end_including = bound;
    } else {
        spec.criteria = cpe_name(product.part, product.vendor, product.product, bound);
    }
    return spec;
}

void add_real_product_cves(const RealProduct& product, Random& random, KnowledgeBase& kb) {
    const std::vector<std::string> releases = split_words(product.releases);
    for (int i = 0; i < product.cves; ++i) {
        CveSpec cve;
        cve.id = cve_id(static_cast<std::int64_t>(kb.cves.size()));
        wardround::match::NodeSpec node;
        const int ranges = 1 + static_cast<int>(random.below(100) < 70 ? 0 : random.below(4));
        for (int r = 0; r < ranges; ++r) {
            node.matches.push_back(real_criterion(product, releases, random));
        }
        wardround::match::ConfigurationSpec configuration;
        if (product.shape == Shape::kWindows && random.percent(30)) {
            configuration.all = true;
            wardround::match::NodeSpec platform;
            for (const char* name : kWindowsPlatforms) {
                CpeMatchSpec spec;
                spec.vulnerable = false;
                spec.criteria = name;
                platform.matches.push_back(std::move(spec));
            }
            configuration.nodes.push_back(std::move(node));
            configuration.nodes.push_back(std::move(platform));
        } else {
            configuration.nodes.push_back(std::move(node));
        }
        cve.configurations.push_back(std::move(configuration));
        kb.cves.push_back(std::move(cve));
        ++kb.real_cves;
    }
    kb.products.push_back({product.part, product.vendor, product.product});
}

// Patch Tuesday: one CVE fixed in the same month on every serviced release, three architectures
// on clients, and the fixed-token legacy releases while they are serviced.
void add_windows_cves(Random& random, KnowledgeBase& kb) {
    for (int i = 0; i < kWindowsCves; ++i) {
        const double when = -1.5 + random.unit() * 2.53;
        CveSpec cve;
        cve.id = cve_id(static_cast<std::int64_t>(kb.cves.size()));
        wardround::match::NodeSpec node;
        for (const WindowsRelease& release : kWindowsReleases) {
            if (when < release.from || when > release.until + 0.03 || random.percent(15)) {
                continue;
            }
            const double share = std::clamp(when, 0.0, 1.05);
            const int revision =
                release.first_revision +
                static_cast<int>(share * (release.last_revision - release.first_revision)) +
                static_cast<int>(random.below(40));
            const std::string bound = fmt::format("{}.{}", release.build, revision);
            for (const char* hw : {"x64", "x86", "arm64"}) {
                if (!release.client && std::string_view(hw) != "x64") {
                    continue;
                }
                CpeMatchSpec spec;
                spec.criteria = cpe_name('o', "microsoft", release.product, "*", hw);
                spec.version_end_excluding = bound;
                node.matches.push_back(std::move(spec));
            }
        }
        for (const LegacyWindows& legacy : kLegacyWindows) {
            if (when <= legacy.until && random.percent(80)) {
                CpeMatchSpec spec;
                spec.criteria = legacy.criteria;
                node.matches.push_back(std::move(spec));
            }
        }
        if (node.matches.empty()) {
            CpeMatchSpec spec;
            spec.criteria = "cpe:2.3:o:microsoft:windows_server_2012:r2:*:*:*:*:*:*:*";
            node.matches.push_back(std::move(spec));
        }
        wardround::match::ConfigurationSpec configuration;
        configuration.nodes.push_back(std::move(node));
        cve.configurations.push_back(std::move(configuration));
        kb.cves.push_back(std::move(cve));
        ++kb.windows_cves;
    }
    for (const WindowsRelease& release : kWindowsReleases) {
        kb.products.push_back({'o', "microsoft", release.product});
    }
    for (const std::string_view name : {"windows", "windows_7", "windows_server_2008",
                                        "windows_server_2012", "windows_8.1", "windows_rt_8.1"}) {
        kb.products.push_back({'o', "microsoft", std::string(name)});
    }
}

// How many criteria a filler CVE has: mostly one, a long tail to about 60 (NVD's shape).
int filler_criteria(Random& random) {
    const auto roll = random.below(100);
    if (roll < 40) {
        return 1;
    }
    if (roll < 75) {
        return static_cast<int>(random.between(2, 5));
    }
    if (roll < 95) {
        return static_cast<int>(random.between(6, 20));
    }
    return static_cast<int>(random.between(21, 60));
}

std::string filler_version(Random& random) {
    switch (random.below(3)) {
        case 0:
            return fmt::format("{}.{}", random.below(20), random.below(30));
        case 1:
            return fmt::format("{}.{}.{}", random.below(12), random.below(20), random.below(50));
        default:
            return fmt::format("{}.{}.{}.{}", random.below(10), random.below(10), random.below(100),
                               random.below(1000));
    }
}

// Products nobody in the estate runs: invented vendors and products, each CVE a list of exact
// versions or ranges, firmware CVEs with their hardware as platform (as NVD files devices).
void add_filler_cves(std::int64_t count, std::int64_t products, Random& random, KnowledgeBase& kb) {
    kb.filler_products = products;
    for (std::int64_t p = 0; p < products; ++p) {
        const char part = p % 10 < 6 ? 'a' : (p % 10 < 9 ? 'o' : 'h');
        kb.products.push_back({part, fmt::format("zqv{}", p / 3), fmt::format("zqp{}", p)});
    }
    for (std::int64_t i = 0; i < count; ++i) {
        // Skewed: low-numbered products have many CVEs, most have one or two.
        const double u = random.unit();
        const auto p = static_cast<std::int64_t>(u * u * static_cast<double>(products));
        const auto& entry = kb.products[kb.products.size() - static_cast<std::size_t>(products) +
                                        static_cast<std::size_t>(p)];
        CveSpec cve;
        cve.id = cve_id(static_cast<std::int64_t>(kb.cves.size()));
        wardround::match::NodeSpec node;
        const int criteria = filler_criteria(random);
        const bool ranges = random.percent(35);
        for (int c = 0; c < criteria; ++c) {
            CpeMatchSpec spec;
            if (ranges) {
                spec.criteria = cpe_name(entry.part, entry.vendor, entry.product, "*");
                spec.version_end_excluding = filler_version(random);
                if (random.percent(30)) {
                    spec.version_start_including = "0.1";
                }
            } else {
                spec.criteria =
                    cpe_name(entry.part, entry.vendor, entry.product, filler_version(random));
            }
            node.matches.push_back(std::move(spec));
        }
        wardround::match::ConfigurationSpec configuration;
        if (entry.part == 'o' && random.percent(60)) {
            configuration.all = true;
            wardround::match::NodeSpec hardware;
            CpeMatchSpec spec;
            spec.vulnerable = false;
            spec.criteria = cpe_name('h', entry.vendor, entry.product + "_device", "-");
            hardware.matches.push_back(std::move(spec));
            configuration.nodes.push_back(std::move(node));
            configuration.nodes.push_back(std::move(hardware));
        } else {
            configuration.nodes.push_back(std::move(node));
        }
        cve.configurations.push_back(std::move(configuration));
        kb.cves.push_back(std::move(cve));
        ++kb.filler_cves;
    }
}

KnowledgeBase build_knowledge_base(std::int64_t total_cves,
                                   std::int64_t filler_products,
                                   std::uint64_t seed) {
    KnowledgeBase kb;
    Random random(seed * 0x51ed2701ULL + 17);
    kb.cves.reserve(static_cast<std::size_t>(total_cves) + 16);
    for (const RealProduct& product : kRealProducts) {
        add_real_product_cves(product, random, kb);
    }
    add_windows_cves(random, kb);
    const std::int64_t rest =
        std::max<std::int64_t>(0, total_cves - static_cast<std::int64_t>(kb.cves.size()));
    add_filler_cves(rest, filler_products, random, kb);
    for (const CveSpec& cve : kb.cves) {
        for (const auto& configuration : cve.configurations) {
            for (const auto& node : configuration.nodes) {
                kb.criteria += static_cast<std::int64_t>(node.matches.size());
            }
        }
    }
    return kb;
}

// ---- The estate
// ----------------------------------------------------------------------------------

// The position just after the `count`th unescaped ':' of a CPE 2.3 string, or npos.
std::size_t after_colons(std::string_view cpe, int count) {
    for (std::size_t i = 0; i < cpe.size(); ++i) {
        if (cpe[i] == '\\') {
            ++i;
        } else if (cpe[i] == ':' && --count == 0) {
            return i + 1;
        }
    }
    return std::string_view::npos;
}

// Distinct CPE names, parsed once; shared by the generating threads.
class NameTable {
public:
    // The id of a name, parsing it the first time; -1 when it is not CPE 2.3.
    std::int64_t intern(const std::string& cpe) {
        const std::lock_guard<std::mutex> lock(mutex_);
        const auto found = ids_.find(cpe);
        if (found != ids_.end()) {
            return found->second;
        }
        auto software = Software::from_cpe(cpe);
        std::int64_t id = -1;
        if (software) {
            id = static_cast<std::int64_t>(software_.size());
            software_.push_back(std::move(*software));
            names_.push_back(cpe);
        }
        ids_.emplace(cpe, id);
        return id;
    }
    [[nodiscard]] const std::vector<Software>& software() const { return software_; }
    [[nodiscard]] const std::vector<std::string>& names() const { return names_; }

private:
    std::mutex mutex_;
    std::unordered_map<std::string, std::int64_t> ids_;
    std::vector<Software> software_;
    std::vector<std::string> names_;
};

// One organisation's assets as name ids (offsets into `ids`, one more than assets).
struct OrgNames {
    std::vector<std::uint64_t> offsets{0};
    std::vector<std::uint32_t> ids;
};

// Every asset's names, all organisations together (CSR).
struct Estate {
    std::vector<std::uint64_t> offsets{0};
    std::vector<std::uint32_t> ids;
    NameTable names;
    std::int64_t component_rows = 0;
    std::int64_t resolved_rows = 0;
    std::int64_t distinct_components = 0;
    std::int64_t os_and_services = 0;
    wardround::synth::SynthCounts counts;

    [[nodiscard]] std::size_t assets() const { return offsets.size() - 1; }
};

// Resolves what one thread meets, each distinct component or operating system once.
class ThreadResolver {
public:
    ThreadResolver(const wardround::inventory::IdentityResolver& resolver, NameTable& names)
        : resolver_(resolver), names_(names) {}

    void component(const wardround::inventory::ObservedComponent& component,
                   std::vector<std::uint32_t>& out) {
        key_.clear();
        for (const std::string* field : {&component.type, &component.vendor, &component.product,
                                         &component.version, &component.cpe, &component.purl}) {
            key_ += *field;
            key_ += '\x1f';
        }
        auto found = components_.find(key_);
        if (found == components_.end()) {
            std::vector<std::uint32_t> ids;
            const wardround::inventory::Resolution resolution = resolver_.resolve(component);
            if (resolution.status == wardround::inventory::Resolution::kResolved &&
                !resolution.cpe.empty()) {
                add(resolution.cpe, ids);
                // The same name under the other vendor:product NVD also files it under.
                const std::size_t tail = after_colons(resolution.cpe, 5);
                for (const std::string& also : resolution.also) {
                    if (tail != std::string::npos) {
                        add(resolution.cpe.substr(0, after_colons(resolution.cpe, 3)) + also + ":" +
                                resolution.cpe.substr(tail),
                            ids);
                    }
                }
                ++resolved_distinct;
            }
            found = components_.emplace(key_, std::move(ids)).first;
        }
        out.insert(out.end(), found->second.begin(), found->second.end());
        if (!found->second.empty()) {
            ++resolved_rows;
        }
    }

    void os(const wardround::inventory::ObservedOs& os, std::vector<std::uint32_t>& out) {
        key_ = os.name + '\x1f' + os.version + '\x1f' + os.build + '\x1f' + os.vendor + '\x1f' +
               os.family + '\x1f' + (os.cpes.empty() ? std::string() : os.cpes.front());
        auto found = systems_.find(key_);
        if (found == systems_.end()) {
            std::vector<std::uint32_t> ids;
            const wardround::inventory::Resolution resolution = resolver_.resolve_os(os);
            if (resolution.status == wardround::inventory::Resolution::kResolved &&
                !resolution.cpe.empty()) {
                add(resolution.cpe, ids);
            } else if (!os.cpes.empty()) {
                add(os.cpes.front(), ids);
            }
            found = systems_.emplace(key_, std::move(ids)).first;
        }
        out.insert(out.end(), found->second.begin(), found->second.end());
    }

    void service(const std::string& cpe, std::vector<std::uint32_t>& out) {
        auto found = services_.find(cpe);
        if (found == services_.end()) {
            std::vector<std::uint32_t> ids;
            add(cpe, ids);
            found = services_.emplace(cpe, std::move(ids)).first;
        }
        out.insert(out.end(), found->second.begin(), found->second.end());
    }

    [[nodiscard]] std::size_t distinct_components() const { return components_.size(); }
    std::int64_t resolved_rows = 0;
    std::int64_t resolved_distinct = 0;

private:
    void add(const std::string& cpe, std::vector<std::uint32_t>& ids) {
        const std::int64_t id = names_.intern(cpe);
        if (id >= 0) {
            ids.push_back(static_cast<std::uint32_t>(id));
        }
    }

    const wardround::inventory::IdentityResolver& resolver_;
    NameTable& names_;
    std::string key_;
    std::unordered_map<std::string, std::vector<std::uint32_t>> components_;
    std::unordered_map<std::string, std::vector<std::uint32_t>> systems_;
    std::unordered_map<std::string, std::vector<std::uint32_t>> services_;
};

// Generates every organisation's assets on `threads` threads, keeping per asset only its name
// ids; no more than one asset per thread is held at a time.
void build_estate(const wardround::synth::SynthEstate& synth,
                  const wardround::inventory::IdentityResolver& resolver,
                  int threads,
                  Estate& estate) {
    const std::size_t orgs = synth.organisations().size();
    std::vector<OrgNames> per_org(orgs);
    std::vector<wardround::synth::SynthCounts> counts(static_cast<std::size_t>(threads));
    std::vector<std::int64_t> resolved(static_cast<std::size_t>(threads), 0);
    std::vector<std::int64_t> distinct(static_cast<std::size_t>(threads), 0);
    std::vector<std::int64_t> extra(static_cast<std::size_t>(threads), 0);
    std::atomic<std::size_t> next{0};
    std::atomic<std::int64_t> done{0};
    const auto total = static_cast<std::int64_t>(synth.options().endpoints);
    const auto work = [&](int thread) {
        ThreadResolver local(resolver, estate.names);
        const auto t = static_cast<std::size_t>(thread);
        std::int64_t own_extra = 0;
        for (std::size_t org = next++; org < orgs; org = next++) {
            OrgNames& out = per_org[org];
            synth.generate(org, [&](wardround::inventory::ObservedAsset&& asset) {
                counts[t].add(asset);
                const std::size_t before = out.ids.size();
                if (!asset.os.empty()) {
                    local.os(asset.os.front(), out.ids);
                }
                for (const auto& component : asset.components) {
                    local.component(component, out.ids);
                }
                for (const auto& exposure : asset.exposures) {
                    for (const std::string& cpe : exposure.cpes) {
                        local.service(cpe, out.ids);
                    }
                }
                own_extra += static_cast<std::int64_t>(out.ids.size() - before);
                out.offsets.push_back(out.ids.size());
            });
            const std::int64_t now = done += synth.asset_count(org);
            if (thread == 0 && org % 500 == 0) {
                fmt::print(stderr, "\r   {} of {} assets", now, total);
            }
        }
        resolved[t] = local.resolved_rows;
        distinct[t] = static_cast<std::int64_t>(local.distinct_components());
        extra[t] = own_extra;
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) {
        pool.emplace_back(work, t);
    }
    work(0);
    for (std::thread& thread : pool) {
        thread.join();
    }
    fmt::print(stderr, "\r   {} of {} assets\n", total, total);
    std::size_t rows = 0;
    for (const OrgNames& org : per_org) {
        rows += org.ids.size();
    }
    estate.ids.reserve(rows);
    for (OrgNames& org : per_org) {
        const std::uint64_t base = estate.ids.size();
        for (std::size_t a = 1; a < org.offsets.size(); ++a) {
            estate.offsets.push_back(base + org.offsets[a]);
        }
        estate.ids.insert(estate.ids.end(), org.ids.begin(), org.ids.end());
        org = OrgNames{};
    }
    for (std::size_t t = 0; t < counts.size(); ++t) {
        estate.counts += counts[t];
        estate.resolved_rows += resolved[t];
        estate.distinct_components = std::max(estate.distinct_components, distinct[t]);
    }
    estate.component_rows = estate.counts.components;
}

// ---- The match ---------------------------------------------------------------------------------

struct MatchResult {
    double software_seconds = 0;
    double asset_seconds = 0;   // for the assets evaluated
    std::int64_t verdicts = 0;  // (name, criterion) pairs not false
    std::int64_t affected = 0;
    std::int64_t not_evaluable = 0;
    std::int64_t assets_affected = 0;
    std::vector<std::uint32_t> affected_per_cve;  // assets per CVE index
    std::vector<wardround::match::SoftwareVerdicts> verdicts_by_name;
};

MatchResult full_match(const NvdIndex& index, const Estate& estate, int threads) {
    MatchResult result;
    const auto& software = estate.names.software();
    result.verdicts_by_name.resize(software.size());
    auto started = Clock::now();
    parallel_for(software.size(), threads, 1, [&](int, std::size_t i) {
        result.verdicts_by_name[i] = wardround::match::evaluate_software(index, software[i]);
    });
    result.software_seconds = seconds_since(started);
    for (const auto& verdicts : result.verdicts_by_name) {
        result.verdicts += static_cast<std::int64_t>(verdicts.criteria.size());
    }

    struct PerThread {
        std::int64_t affected = 0;
        std::int64_t not_evaluable = 0;
        std::int64_t assets_affected = 0;
        std::vector<std::uint32_t> per_cve;
        std::vector<const wardround::match::SoftwareVerdicts*> names;
        wardround::match::AssetMatcher matcher;
        wardround::match::AssetOutcomes outcomes;
        explicit PerThread(const NvdIndex& index) : matcher(index) {}
    };
    std::vector<PerThread> parts;
    parts.reserve(static_cast<std::size_t>(threads));
    for (int t = 0; t < threads; ++t) {
        parts.emplace_back(index).per_cve.assign(index.cves().size(), 0);
    }
    started = Clock::now();
    parallel_for(estate.assets(), threads, 256, [&](int thread, std::size_t a) {
        PerThread& part = parts[static_cast<std::size_t>(thread)];
        part.names.clear();
        for (std::uint64_t k = estate.offsets[a]; k < estate.offsets[a + 1]; ++k) {
            part.names.push_back(&result.verdicts_by_name[estate.ids[k]]);
        }
        part.matcher.evaluate(part.names, part.outcomes);
        bool any = false;
        for (const auto& outcome : part.outcomes) {
            if (outcome.truth == Truth::kTrue) {
                ++part.affected;
                ++part.per_cve[outcome.cve];
                any = true;
            } else if (outcome.truth == Truth::kUnknown) {
                ++part.not_evaluable;
            }
        }
        part.assets_affected += any ? 1 : 0;
    });
    result.asset_seconds = seconds_since(started);
    result.affected_per_cve.assign(index.cves().size(), 0);
    for (const PerThread& part : parts) {
        result.affected += part.affected;
        result.not_evaluable += part.not_evaluable;
        result.assets_affected += part.assets_affected;
        for (std::size_t c = 0; c < part.per_cve.size(); ++c) {
            result.affected_per_cve[c] += part.per_cve[c];
        }
    }
    return result;
}

// Assets picked evenly at random (sorted, distinct).
std::vector<std::size_t> sample_assets(std::size_t assets, std::size_t count, std::uint64_t seed) {
    Random random(seed * 0x2545f4914f6cdd1dULL + 3);
    std::vector<std::size_t> picked;
    count = std::min(count, assets);
    picked.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        picked.push_back(static_cast<std::size_t>(random.below(assets)));
    }
    std::sort(picked.begin(), picked.end());
    picked.erase(std::unique(picked.begin(), picked.end()), picked.end());
    return picked;
}

// ---- Baseline 1: the naive reference matcher -------------------------------------------------

struct NaiveResult {
    std::size_t assets = 0;
    std::size_t cves = 0;
    double seconds = 0;         // wall, on all threads
    double extrapolated = 0;    // the whole estate against the whole knowledge base
    std::int64_t pairs = 0;     // (asset, CVE) pairs compared
    std::int64_t agree = 0;     // the engine's outcome equals the reference's
    std::int64_t affected = 0;  // by the reference
};

NaiveResult naive_baseline(const KnowledgeBase& kb,
                           const NvdIndex& index,
                           const Estate& estate,
                           const MatchResult& match,
                           std::size_t sample,
                           std::size_t stride,
                           int threads,
                           std::uint64_t seed) {
    NaiveResult result;
    std::vector<CveSpec> cves;
    for (std::size_t c = 0; c < kb.cves.size(); c += stride) {
        cves.push_back(kb.cves[c]);
    }
    result.cves = cves.size();
    const std::vector<std::size_t> assets = sample_assets(estate.assets(), sample, seed);
    result.assets = assets.size();
    std::vector<std::int64_t> agree(static_cast<std::size_t>(threads), 0);
    std::vector<std::int64_t> affected(static_cast<std::size_t>(threads), 0);
    const auto started = Clock::now();
    parallel_for(assets.size(), threads, 1, [&](int thread, std::size_t i) {
        const std::size_t a = assets[i];
        std::vector<std::string> names;
        std::vector<const wardround::match::SoftwareVerdicts*> verdicts;
        for (std::uint64_t k = estate.offsets[a]; k < estate.offsets[a + 1]; ++k) {
            names.push_back(estate.names.names()[estate.ids[k]]);
            verdicts.push_back(&match.verdicts_by_name[estate.ids[k]]);
        }
        auto outcomes = wardround::match::reference_match(cves, names);
        if (!outcomes) {
            return;
        }
        // The engine's answer for the same CVEs, for agreement.
        const auto engine = wardround::match::evaluate_asset(index, verdicts);
        std::unordered_map<std::uint32_t, Truth> by_cve;
        for (const auto& outcome : engine) {
            by_cve.emplace(outcome.cve, outcome.truth);
        }
        const auto t = static_cast<std::size_t>(thread);
        for (std::size_t j = 0; j < cves.size(); ++j) {
            const auto found = by_cve.find(static_cast<std::uint32_t>(j * stride));
            const Truth truth = found == by_cve.end() ? Truth::kFalse : found->second;
            const auto expected =
                truth == Truth::kTrue      ? wardround::match::ReferenceOutcome::kAffected
                : truth == Truth::kUnknown ? wardround::match::ReferenceOutcome::kNotEvaluable
                                           : wardround::match::ReferenceOutcome::kUnaffected;
            agree[t] += (*outcomes)[j] == expected ? 1 : 0;
            affected[t] += (*outcomes)[j] == wardround::match::ReferenceOutcome::kAffected ? 1 : 0;
        }
    });
    result.seconds = seconds_since(started);
    for (std::size_t t = 0; t < agree.size(); ++t) {
        result.agree += agree[t];
        result.affected += affected[t];
    }
    result.pairs = static_cast<std::int64_t>(assets.size() * cves.size());
    result.extrapolated = result.seconds * static_cast<double>(estate.assets()) /
                          static_cast<double>(std::max<std::size_t>(1, assets.size())) *
                          static_cast<double>(kb.cves.size()) /
                          static_cast<double>(std::max<std::size_t>(1, cves.size()));
    return result;
}

// ---- Baseline 2: a SQL join
// ----------------------------------------------------------------------

struct SqlResult {
    std::size_t assets = 0;
    std::int64_t component_rows = 0;
    std::int64_t match_rows = 0;
    double load_seconds = 0;
    double join_seconds = 0;
    double extrapolated = 0;
    std::int64_t joined_rows = 0;
    std::int64_t pairs = 0;  // (asset, CVE) with a vulnerable criterion true
    std::string error;
};

class Sqlite {
public:
    Sqlite() { sqlite3_open(":memory:", &db_); }
    ~Sqlite() { sqlite3_close(db_); }
    Sqlite(const Sqlite&) = delete;
    Sqlite& operator=(const Sqlite&) = delete;

    bool exec(const char* sql) {
        char* message = nullptr;
        if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
            error = message == nullptr ? "sqlite error" : message;
            sqlite3_free(message);
            return false;
        }
        return true;
    }
    sqlite3_stmt* prepare(const char* sql) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db_, sql, -1, &statement, nullptr) != SQLITE_OK) {
            error = sqlite3_errmsg(db_);
            return nullptr;
        }
        return statement;
    }
    std::string error;

private:
    sqlite3* db_ = nullptr;
};

void bind_text(sqlite3_stmt* statement, int column, std::string_view text) {
    sqlite3_bind_text(statement, column, text.data(), static_cast<int>(text.size()),
                      SQLITE_TRANSIENT);
}

SqlResult sql_baseline(const NvdIndex& index,
                       const Estate& estate,
                       std::size_t sample,
                       std::uint64_t seed) {
    SqlResult result;
    Sqlite db;
    const std::vector<std::size_t> assets = sample_assets(estate.assets(), sample, seed + 1);
    result.assets = assets.size();
    const auto load_started = Clock::now();
    if (!db.exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
                 "CREATE TABLE component (asset INTEGER, part TEXT, vendor TEXT, product TEXT, "
                 "cpe TEXT); "
                 "CREATE TABLE cve_cpe_match (criterion INTEGER, cve INTEGER, vulnerable INTEGER, "
                 "part TEXT, vendor TEXT, product TEXT, criteria TEXT); BEGIN")) {
        result.error = db.error;
        return result;
    }
    sqlite3_stmt* insert = db.prepare("INSERT INTO component VALUES (?, ?, ?, ?, ?)");
    for (const std::size_t a : assets) {
        for (std::uint64_t k = estate.offsets[a]; k < estate.offsets[a + 1]; ++k) {
            const Software& software = estate.names.software()[estate.ids[k]];
            sqlite3_bind_int64(insert, 1, static_cast<sqlite3_int64>(a));
            bind_text(insert, 2, wardround::vuln::to_cpe23_value(software.cpe.part()));
            bind_text(insert, 3, wardround::vuln::to_cpe23_value(software.cpe.vendor()));
            bind_text(insert, 4, wardround::vuln::to_cpe23_value(software.cpe.product()));
            bind_text(insert, 5, estate.names.names()[estate.ids[k]]);
            sqlite3_step(insert);
            sqlite3_reset(insert);
            ++result.component_rows;
        }
    }
    sqlite3_finalize(insert);
    insert = db.prepare("INSERT INTO cve_cpe_match VALUES (?, ?, ?, ?, ?, ?, ?)");
    const auto& criteria = index.criteria();
    for (std::size_t c = 0; c < criteria.size(); ++c) {
        const auto& criterion = criteria[c];
        sqlite3_bind_int64(insert, 1, static_cast<sqlite3_int64>(c));
        sqlite3_bind_int64(insert, 2, criterion.cve);
        sqlite3_bind_int(insert, 3, criterion.vulnerable ? 1 : 0);
        bind_text(insert, 4, wardround::vuln::to_cpe23_value(criterion.cpe.part()));
        bind_text(insert, 5, wardround::vuln::to_cpe23_value(criterion.cpe.vendor()));
        bind_text(insert, 6, wardround::vuln::to_cpe23_value(criterion.cpe.product()));
        bind_text(insert, 7, criterion.criteria);
        sqlite3_step(insert);
        sqlite3_reset(insert);
        ++result.match_rows;
    }
    sqlite3_finalize(insert);
    if (!db.exec("COMMIT; CREATE INDEX cve_cpe_match_product ON cve_cpe_match (vendor, product, "
                 "part); ANALYZE")) {
        result.error = db.error;
        return result;
    }
    result.load_seconds = seconds_since(load_started);

    // The join, then each joined row decided in C++: the name parsed from its text (no cache of
    // distinct names), the criterion's version bounds compared with it.
    sqlite3_stmt* join = db.prepare(
        "SELECT c.asset, c.cpe, m.criterion, m.cve FROM component c JOIN cve_cpe_match m "
        "ON m.vendor = c.vendor AND m.product = c.product AND m.part = c.part "
        "WHERE m.vulnerable = 1");
    if (join == nullptr) {
        result.error = db.error;
        return result;
    }
    const auto started = Clock::now();
    std::vector<std::pair<std::int64_t, std::int64_t>> hits;
    while (sqlite3_step(join) == SQLITE_ROW) {
        ++result.joined_rows;
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(join, 1));
        auto software = Software::from_cpe(text == nullptr ? "" : text);
        if (!software) {
            continue;
        }
        const auto& criterion = criteria[static_cast<std::size_t>(sqlite3_column_int64(join, 2))];
        if (wardround::match::decide_criterion(criterion, *software) == Truth::kTrue) {
            hits.emplace_back(sqlite3_column_int64(join, 0), sqlite3_column_int64(join, 3));
        }
    }
    sqlite3_finalize(join);
    std::sort(hits.begin(), hits.end());
    hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
    result.join_seconds = seconds_since(started);
    result.pairs = static_cast<std::int64_t>(hits.size());
    result.extrapolated = result.join_seconds * static_cast<double>(estate.assets()) /
                          static_cast<double>(std::max<std::size_t>(1, assets.size()));
    return result;
}

// ---- `affected`: the in-memory index the server keeps -----------------------------------------

// product -> its distinct names -> the assets that have them, as flat arrays. Queries run one at a
// time (the scratch arrays are the index's own; a server would keep one set per worker).
class AffectedIndex {
public:
    explicit AffectedIndex(const Estate& estate) : estate_(estate) {
        const auto& software = estate.names.software();
        for (std::uint32_t n = 0; n < software.size(); ++n) {
            const std::string key = product_key(software[n].cpe);
            auto [it, added] = products_.emplace(key, product_names_.size());
            if (added) {
                product_names_.emplace_back();
            }
            product_names_[it->second].push_back(n);
        }
        name_offsets_.assign(software.size() + 1, 0);
        for (const std::uint32_t id : estate.ids) {
            ++name_offsets_[id + 1];
        }
        for (std::size_t n = 0; n < software.size(); ++n) {
            name_offsets_[n + 1] += name_offsets_[n];
        }
        name_assets_.resize(estate.ids.size());
        std::vector<std::uint64_t> fill(name_offsets_.begin(), name_offsets_.end() - 1);
        for (std::size_t a = 0; a < estate.assets(); ++a) {
            for (std::uint64_t k = estate.offsets[a]; k < estate.offsets[a + 1]; ++k) {
                name_assets_[fill[estate.ids[k]]++] = static_cast<std::uint32_t>(a);
            }
        }
        // An asset listing one name twice appears twice: harmless for marking.
        result_.assign(estate.assets(), 0);
        acc_.assign(estate.assets(), 0);
        term_.assign(estate.assets(), 0);
    }

    struct Answer {
        std::int64_t affected = 0;
        std::int64_t not_evaluable = 0;
    };

    // The assets one CVE affects, in three-valued logic (0 false, 1 not evaluable, 2 true):
    // each criterion against the distinct names of its product, then per configuration the
    // assets of those names marked in flat arrays (a node holds where any name satisfies one of
    // its entries; AND intersects, OR unites; a finding needs a vulnerable entry to hold too).
    // Configurations with negation are rare in NVD and answered asset by asset.
    Answer affected(const NvdIndex& index, std::uint32_t cve) {
        const auto& compiled = index.cves()[cve];
        for (const auto& configuration : compiled.configurations) {
            bool negated = configuration.negate;
            for (const auto& node : configuration.nodes) {
                negated = negated || node.negate || node.never_holds || node.criteria.empty();
            }
            if (negated) {
                by_asset(index, compiled, configuration);
                continue;
            }
            std::vector<NameValue> blamed;
            std::vector<std::vector<NameValue>> terms;
            for (const auto& node : configuration.nodes) {
                std::vector<NameValue> names;
                for (const std::uint32_t c : node.criteria) {
                    collect(index.criteria()[c], names);
                    if (index.criteria()[c].vulnerable) {
                        collect(index.criteria()[c], blamed);
                    }
                }
                if (configuration.all || terms.empty()) {
                    terms.push_back(std::move(names));
                } else {
                    terms.front().insert(terms.front().end(), names.begin(), names.end());
                }
            }
            if (blamed.empty()) {
                continue;
            }
            // A plain OR of vulnerable entries is its own blame: one pass.
            const bool self_blamed =
                !configuration.all && terms.size() == 1 && terms.front().size() == blamed.size();
            if (!self_blamed) {
                terms.push_back(std::move(blamed));
            }
            intersect_into_result(terms);
        }
        Answer answer;
        for (const std::uint32_t a : result_touched_) {
            answer.affected += result_[a] == 2 ? 1 : 0;
            answer.not_evaluable += result_[a] == 1 ? 1 : 0;
            result_[a] = 0;
        }
        result_touched_.clear();
        return answer;
    }

    void bind(const NvdIndex& index) { criteria_ = &index.criteria(); }

private:
    using NameValue = std::pair<std::uint32_t, std::uint8_t>;  // name, 1 unknown / 2 true

    static std::string product_key(const wardround::vuln::Cpe& cpe) {
        return wardround::vuln::to_cpe23_value(cpe.part()) + ":" +
               wardround::vuln::to_cpe23_value(cpe.vendor()) + ":" +
               wardround::vuln::to_cpe23_value(cpe.product());
    }

    static std::uint8_t value_of(Truth truth) {
        return truth == Truth::kTrue ? 2 : (truth == Truth::kUnknown ? 1 : 0);
    }

    // The names of the criterion's product that do not come out false.
    void collect(const wardround::match::Criterion& criterion, std::vector<NameValue>& out) const {
        const auto found = products_.find(product_key(criterion.cpe));
        if (found == products_.end()) {
            return;
        }
        for (const std::uint32_t n : product_names_[found->second]) {
            const std::uint8_t value = value_of(
                wardround::match::decide_criterion(criterion, estate_.names.software()[n]));
            if (value > 0) {
                out.emplace_back(n, value);
            }
        }
    }

    // Marks the assets of the names in `values` (the highest value wins), noting new ones.
    void mark(const std::vector<NameValue>& names,
              std::vector<std::uint8_t>& values,
              std::vector<std::uint32_t>& touched) const {
        for (const auto& [n, value] : names) {
            for (std::uint64_t k = name_offsets_[n]; k < name_offsets_[n + 1]; ++k) {
                const std::uint32_t a = name_assets_[k];
                if (values[a] == 0) {
                    touched.push_back(a);
                }
                values[a] = std::max(values[a], value);
            }
        }
    }

    // AND of the terms (each an OR over names), then OR into the result.
    void intersect_into_result(const std::vector<std::vector<NameValue>>& terms) {
        acc_touched_.clear();
        mark(terms.front(), acc_, acc_touched_);
        for (std::size_t t = 1; t < terms.size(); ++t) {
            term_touched_.clear();
            mark(terms[t], term_, term_touched_);
            for (const std::uint32_t a : acc_touched_) {
                acc_[a] = std::min(acc_[a], term_[a]);
            }
            for (const std::uint32_t a : term_touched_) {
                term_[a] = 0;
            }
        }
        for (const std::uint32_t a : acc_touched_) {
            if (acc_[a] > result_[a]) {
                if (result_[a] == 0) {
                    result_touched_.push_back(a);
                }
                result_[a] = acc_[a];
            }
            acc_[a] = 0;
        }
    }

    static Truth t_and(Truth a, Truth b) {
        if (a == Truth::kFalse || b == Truth::kFalse) {
            return Truth::kFalse;
        }
        return a == Truth::kTrue && b == Truth::kTrue ? Truth::kTrue : Truth::kUnknown;
    }
    static Truth t_or(Truth a, Truth b) {
        if (a == Truth::kTrue || b == Truth::kTrue) {
            return Truth::kTrue;
        }
        return a == Truth::kFalse && b == Truth::kFalse ? Truth::kFalse : Truth::kUnknown;
    }
    static Truth t_not(Truth a) {
        return a == Truth::kTrue ? Truth::kFalse : (a == Truth::kFalse ? Truth::kTrue : a);
    }

    // A configuration with negation, asset by asset over the assets of its vulnerable entries'
    // names, as docs/matching.md says: it holds, and a vulnerable entry in a positive position
    // holds with it.
    void by_asset(const NvdIndex& index,
                  const wardround::match::CompiledCve& cve,
                  const wardround::match::CompiledConfiguration& configuration) {
        (void)cve;
        std::vector<std::pair<std::uint64_t, Truth>> truths;  // (name << 32 | criterion)
        std::vector<NameValue> candidates;
        for (const auto& node : configuration.nodes) {
            for (const std::uint32_t c : node.criteria) {
                std::vector<NameValue> names;
                collect(index.criteria()[c], names);
                for (const auto& [n, value] : names) {
                    truths.emplace_back((static_cast<std::uint64_t>(n) << 32U) | c,
                                        value == 2 ? Truth::kTrue : Truth::kUnknown);
                    if (index.criteria()[c].vulnerable) {
                        candidates.emplace_back(n, 1);
                    }
                }
            }
        }
        std::sort(truths.begin(), truths.end());
        acc_touched_.clear();
        mark(candidates, acc_, acc_touched_);
        for (const std::uint32_t a : acc_touched_) {
            acc_[a] = 0;
            Truth holds = configuration.all ? Truth::kTrue : Truth::kFalse;
            Truth blamed = Truth::kFalse;
            for (const auto& node : configuration.nodes) {
                Truth node_holds = node.all ? Truth::kTrue : Truth::kFalse;
                if (node.criteria.empty() || node.never_holds) {
                    node_holds = Truth::kFalse;
                }
                const bool positive = node.negate == configuration.negate;
                for (const std::uint32_t c : node.criteria) {
                    const Truth entry = criterion_for(a, c, truths);
                    node_holds = node.all ? t_and(node_holds, entry) : t_or(node_holds, entry);
                    if (positive && (*criteria_)[c].vulnerable) {
                        blamed = t_or(blamed, entry);
                    }
                }
                if (node.negate) {
                    node_holds = t_not(node_holds);
                }
                holds = configuration.all ? t_and(holds, node_holds) : t_or(holds, node_holds);
            }
            if (configuration.negate) {
                holds = t_not(holds);
            }
            const std::uint8_t value = value_of(t_and(holds, blamed));
            if (value > result_[a]) {
                if (result_[a] == 0) {
                    result_touched_.push_back(a);
                }
                result_[a] = value;
            }
        }
    }

    // One criterion for one asset: true when any of its names makes it true.
    Truth criterion_for(std::uint32_t asset,
                        std::uint32_t criterion,
                        const std::vector<std::pair<std::uint64_t, Truth>>& truths) const {
        Truth result = Truth::kFalse;
        for (std::uint64_t k = estate_.offsets[asset]; k < estate_.offsets[asset + 1]; ++k) {
            const std::uint64_t key =
                (static_cast<std::uint64_t>(estate_.ids[k]) << 32U) | criterion;
            const auto found =
                std::lower_bound(truths.begin(), truths.end(), key,
                                 [](const std::pair<std::uint64_t, Truth>& entry,
                                    std::uint64_t value) { return entry.first < value; });
            if (found != truths.end() && found->first == key) {
                result = t_or(result, found->second);
            }
        }
        return result;
    }

    const Estate& estate_;
    const std::vector<wardround::match::Criterion>* criteria_ = nullptr;
    std::unordered_map<std::string, std::size_t> products_;
    std::vector<std::vector<std::uint32_t>> product_names_;
    std::vector<std::uint64_t> name_offsets_;
    std::vector<std::uint32_t> name_assets_;
    std::vector<std::uint8_t> result_;
    std::vector<std::uint8_t> acc_;
    std::vector<std::uint8_t> term_;
    std::vector<std::uint32_t> result_touched_;
    std::vector<std::uint32_t> acc_touched_;
    std::vector<std::uint32_t> term_touched_;
};

struct Latency {
    std::string label;
    std::string cve;
    std::int64_t affected = 0;
    std::int64_t not_evaluable = 0;
    std::int64_t full_match = -1;  // the full match's count, -1 for the new CVE
    double p50_ms = 0;
    double max_ms = 0;
};

Latency time_affected(AffectedIndex& affected,
                      const NvdIndex& index,
                      std::uint32_t cve,
                      const std::string& label,
                      int repeats) {
    Latency latency;
    latency.label = label;
    latency.cve = index.cves()[cve].id;
    std::vector<double> times;
    for (int r = 0; r < repeats; ++r) {
        const auto started = Clock::now();
        const auto answer = affected.affected(index, cve);
        times.push_back(seconds_since(started) * 1000.0);
        latency.affected = answer.affected;
        latency.not_evaluable = answer.not_evaluable;
    }
    std::sort(times.begin(), times.end());
    latency.p50_ms = times[times.size() / 2];
    latency.max_ms = times.back();
    return latency;
}

// The CVE of a product (part:vendor:product of its first criterion) the most or fewest assets have.
std::optional<std::uint32_t> pick_cve(const NvdIndex& index,
                                      const MatchResult& match,
                                      std::string_view product,
                                      bool most) {
    std::optional<std::uint32_t> best;
    for (std::uint32_t c = 0; c < index.cves().size(); ++c) {
        const auto& cve = index.cves()[c];
        if (cve.configurations.empty() || cve.configurations[0].nodes.empty() ||
            cve.configurations[0].nodes[0].criteria.empty()) {
            continue;
        }
        const auto& criterion = index.criteria()[cve.configurations[0].nodes[0].criteria[0]];
        if (!product.empty() &&
            wardround::vuln::to_cpe23_value(criterion.cpe.product()) != product) {
            continue;
        }
        const std::uint32_t count = match.affected_per_cve[c];
        if (count == 0) {
            continue;
        }
        if (!best || (most ? count > match.affected_per_cve[*best]
                           : count < match.affected_per_cve[*best])) {
            best = c;
        }
    }
    return best;
}

// ---- The report
// ------------------------------------------------------------------------------------

std::string thousands(double value) {
    const auto whole = static_cast<std::int64_t>(value + 0.5);
    std::string digits = std::to_string(whole < 0 ? -whole : whole);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    return whole < 0 ? "-" + out : out;
}

struct Options {
    std::int64_t assets = 1'300'000;
    std::int64_t orgs = 0;
    std::uint64_t seed = 1;
    std::int64_t cves = 400'000;
    std::int64_t filler_products = 150'000;
    int threads = 2;
    std::size_t naive_assets = 200;
    std::size_t naive_stride = 200;
    std::size_t sql_assets = 2'000;
    int repeats = 21;
    bool list_names = false;
};

int run(const Options& options) {
    const auto total_started = Clock::now();
    note(fmt::format("knowledge base: {} CVEs, {} filler products", options.cves,
                     options.filler_products));
    auto started = Clock::now();
    KnowledgeBase kb = build_knowledge_base(options.cves, options.filler_products, options.seed);
    const double kb_generate_seconds = seconds_since(started);
    started = Clock::now();
    NvdIndex index;
    for (const CveSpec& cve : kb.cves) {
        index.add(cve);
    }
    const double kb_compile_seconds = seconds_since(started);
    const double rss_after_kb = peak_rss_mib();

    note("estate: generate, resolve each distinct name once, intern");
    started = Clock::now();
    wardround::inventory::KnownProducts known(kb.products);
    wardround::inventory::IdentityResolver resolver(std::move(known), {});
    wardround::synth::SynthOptions synth_options;
    synth_options.endpoints = options.assets;
    synth_options.orgs =
        options.orgs > 0 ? options.orgs : std::max<std::int64_t>(1, options.assets / 143);
    synth_options.seed = options.seed;
    auto synth = wardround::synth::SynthEstate::create(synth_options);
    if (!synth) {
        fmt::print(stderr, "wardround-match-bench: {}\n", synth.error().message);
        return 2;
    }
    Estate estate;
    build_estate(*synth, resolver, options.threads, estate);
    const double estate_seconds = seconds_since(started);

    if (options.list_names) {
        std::vector<std::uint64_t> uses(estate.names.names().size(), 0);
        for (const std::uint32_t id : estate.ids) {
            ++uses[id];
        }
        for (std::size_t n = 0; n < uses.size(); ++n) {
            fmt::print("{}\t{}\t{}\n", uses[n], estate.names.names()[n],
                       index
                           .criteria_for(estate.names.software()[n].cpe.part().text.empty()
                                             ? 'a'
                                             : estate.names.software()[n].cpe.part().text[0],
                                         estate.names.software()[n].cpe.vendor().text,
                                         estate.names.software()[n].cpe.product().text)
                           .size());
        }
        return 0;
    }

    note("full match: each distinct name, then each asset");
    const MatchResult match = full_match(index, estate, options.threads);
    const double asset_seconds = match.asset_seconds;
    const double match_seconds = match.software_seconds + asset_seconds;
    const double rss_after_match = peak_rss_mib();

    note(fmt::format("naive baseline: reference_match, {} assets, every {}th CVE",
                     options.naive_assets, options.naive_stride));
    const NaiveResult naive = naive_baseline(kb, index, estate, match, options.naive_assets,
                                             options.naive_stride, options.threads, options.seed);
    note(fmt::format("SQL baseline: {} assets in SQLite", options.sql_assets));
    const SqlResult sql = sql_baseline(index, estate, options.sql_assets, options.seed);

    note("affected: in-memory index");
    started = Clock::now();
    AffectedIndex affected(estate);
    affected.bind(index);
    const double affected_build_seconds = seconds_since(started);
    std::vector<Latency> latencies;
    std::int64_t mismatches = 0;
    const auto measure = [&](std::optional<std::uint32_t> cve, const std::string& label) {
        if (!cve) {
            return;
        }
        Latency latency = time_affected(affected, index, *cve, label, options.repeats);
        latency.full_match = match.affected_per_cve[*cve];
        mismatches += latency.full_match == latency.affected ? 0 : 1;
        latencies.push_back(std::move(latency));
    };
    measure(pick_cve(index, match, "chrome", true), "Chrome, the most assets");
    measure(pick_cve(index, match, "windows_10_22h2", true), "Windows 10 22H2, the most assets");
    measure(pick_cve(index, match, "windows_server_2019", true), "Windows Server 2019");
    measure(pick_cve(index, match, "", false), "rare: the fewest assets above none");
    // A CVE published after the match: added to the index, answered without matching again.
    {
        CveSpec fresh;
        fresh.id = "CVE-2026-999999";
        wardround::match::NodeSpec node;
        CpeMatchSpec spec;
        spec.criteria = cpe_name('a', "google", "chrome", "*");
        spec.version_end_excluding = "131.0.6778.69";
        node.matches.push_back(spec);
        wardround::match::ConfigurationSpec configuration;
        configuration.nodes.push_back(std::move(node));
        fresh.configurations.push_back(std::move(configuration));
        const auto added = Clock::now();
        index.add(fresh);
        affected.bind(index);
        const double add_ms = seconds_since(added) * 1000.0;
        Latency latency = time_affected(
            affected, index, static_cast<std::uint32_t>(index.cves().size() - 1),
            fmt::format("new CVE added after the match (add: {:.3f} ms)", add_ms), options.repeats);
        latencies.push_back(std::move(latency));
    }
    const double total_seconds = seconds_since(total_started);
    const double peak = peak_rss_mib();

    const auto assets = static_cast<double>(estate.assets());
    const auto rows = static_cast<double>(estate.component_rows);
    std::string out;
    const auto line = [&out](const std::string& text) {
        out += text + "\n";
    };
    line(
        fmt::format("Matching benchmark: {} assets ({} organisations, seed {}), {} component rows; "
                    "{} CVEs with {} criteria; {} threads.",
                    thousands(assets), thousands(static_cast<double>(synth_options.orgs)),
                    options.seed, thousands(rows), thousands(static_cast<double>(kb.cves.size())),
                    thousands(static_cast<double>(kb.criteria)), options.threads));
    line(
        fmt::format("machine: {} cores; peak RSS {:.0f} MiB (after the knowledge base {:.0f} MiB, "
                    "after the match {:.0f} MiB).",
                    std::thread::hardware_concurrency(), peak, rss_after_kb, rss_after_match));
    line("");
    line("| step | seconds | rate |");
    line("|---|---|---|");
    line(fmt::format("| knowledge base: generate CveSpecs | {:.1f} | {} CVEs/s |",
                     kb_generate_seconds,
                     thousands(static_cast<double>(kb.cves.size()) / kb_generate_seconds)));
    line(fmt::format("| knowledge base: compile (NvdIndex::add) | {:.1f} | {} criteria/s |",
                     kb_compile_seconds,
                     thousands(static_cast<double>(kb.criteria) / kb_compile_seconds)));
    line(fmt::format("| estate: generate + resolve names + intern | {:.1f} | {} rows/s |",
                     estate_seconds, thousands(rows / estate_seconds)));
    line(fmt::format(
        "| match: evaluate_software, {} distinct names | {:.2f} | {} names/s |",
        thousands(static_cast<double>(estate.names.names().size())), match.software_seconds,
        thousands(static_cast<double>(estate.names.names().size()) / match.software_seconds)));
    line(fmt::format("| match: AssetMatcher, every asset | {:.1f} | {} assets/s |", asset_seconds,
                     thousands(assets / asset_seconds)));
    line(fmt::format("| **full match** (the two steps) | **{:.1f}** | **{} rows/s, {} assets/s** |",
                     match_seconds, thousands(rows / match_seconds),
                     thousands(assets / match_seconds)));
    line(fmt::format(
        "| everything above, end to end (the baselines too: whole run {:.0f} s measured) | "
        "{:.1f} | {} rows/s |",
        total_seconds, kb_generate_seconds + kb_compile_seconds + estate_seconds + match_seconds,
        thousands(rows /
                  (kb_generate_seconds + kb_compile_seconds + estate_seconds + match_seconds))));
    line("");
    line(fmt::format(
        "Knowledge base: {} CVEs of the estate's real products, {} Windows (Patch Tuesday across "
        "releases), {} filler CVEs over {} products nobody runs; {} criteria ({:.1f} per CVE), "
        "{} that did not compile.",
        thousands(static_cast<double>(kb.real_cves)),
        thousands(static_cast<double>(kb.windows_cves)),
        thousands(static_cast<double>(kb.filler_cves)),
        thousands(static_cast<double>(kb.filler_products)),
        thousands(static_cast<double>(kb.criteria)),
        static_cast<double>(kb.criteria) / static_cast<double>(kb.cves.size()),
        index.notes().bad_criteria));
    line(fmt::format(
        "Estate: {} endpoints, {} servers, {} network devices, {} medical devices; {} of {} "
        "component rows resolved to a CPE name ({:.1f}%); {} distinct names; {} name uses per "
        "asset on average (components, aliases, operating system, services).",
        thousands(static_cast<double>(estate.counts.endpoints)),
        thousands(static_cast<double>(estate.counts.servers)),
        thousands(static_cast<double>(estate.counts.network_devices)),
        thousands(static_cast<double>(estate.counts.medical_devices)),
        thousands(static_cast<double>(estate.resolved_rows)), thousands(rows),
        100.0 * static_cast<double>(estate.resolved_rows) / rows,
        thousands(static_cast<double>(estate.names.names().size())),
        fmt::format("{:.1f}", static_cast<double>(estate.ids.size()) / assets)));
    line(
        fmt::format("Outcome: {} affected (asset, CVE) pairs on {} assets, {} not evaluable; "
                    "{} (name, criterion) verdicts not false.",
                    thousands(static_cast<double>(match.affected)),
                    thousands(static_cast<double>(match.assets_affected)),
                    thousands(static_cast<double>(match.not_evaluable)),
                    thousands(static_cast<double>(match.verdicts))));
    line("");
    line(
        "Baselines, measured on samples in this run and **extrapolated** to the whole estate "
        "(marked *):");
    line("");
    line("| approach | measured | seconds measured | whole estate, seconds | time / full match |");
    line("|---|---|---|---|---|");
    line(fmt::format(
        "| full match (index, each distinct name once) | everything | {:.1f} | {:.1f} | 1x |",
        match_seconds, match_seconds));
    line(
        fmt::format("| naive: `reference_match`, every CVE per asset | {} assets x {} CVEs (every "
                    "{}th) | {:.1f} | {}* | {}x* |",
                    naive.assets, thousands(static_cast<double>(naive.cves)), options.naive_stride,
                    naive.seconds, thousands(naive.extrapolated),
                    thousands(naive.extrapolated / match_seconds)));
    if (sql.error.empty()) {
        line(fmt::format(
            "| SQL join on (part, vendor, product) in SQLite, versions in C++ per row | {} assets "
            "({} component rows) x {} cve_cpe_match rows | {:.1f} | {}* | {}x* |",
            thousands(static_cast<double>(sql.assets)),
            thousands(static_cast<double>(sql.component_rows)),
            thousands(static_cast<double>(sql.match_rows)), sql.join_seconds,
            thousands(sql.extrapolated), thousands(sql.extrapolated / match_seconds)));
    } else {
        line(fmt::format("| SQL join | failed: {} | | | |", sql.error));
    }
    line("");
    line(fmt::format(
        "Naive: {} (asset, CVE) pairs compared, {} affected; the engine gave the same outcome on "
        "{} ({:.3f}%). SQL: loading the sample and all criteria took {:.1f} s (not counted); the "
        "join gave {} rows and {} (asset, CVE) pairs with a vulnerable criterion true; it reads "
        "each name's text per row but uses the compiled bounds (flattering the SQL approach) and "
        "does not evaluate configurations (AND, platform context), which the full match does.",
        thousands(static_cast<double>(naive.pairs)), thousands(static_cast<double>(naive.affected)),
        thousands(static_cast<double>(naive.agree)),
        naive.pairs == 0
            ? 0.0
            : 100.0 * static_cast<double>(naive.agree) / static_cast<double>(naive.pairs),
        sql.load_seconds, thousands(static_cast<double>(sql.joined_rows)),
        thousands(static_cast<double>(sql.pairs))));
    line("");
    line(
        fmt::format("`affected` from the in-memory index (product -> distinct names -> assets; "
                    "built in {:.2f} s), {} repeats each:",
                    affected_build_seconds, options.repeats));
    line("");
    line("| CVE | which | assets affected | not evaluable | full match said | p50 ms | max ms |");
    line("|---|---|---|---|---|---|---|");
    for (const Latency& latency : latencies) {
        line(fmt::format("| {} | {} | {} | {} | {} | {:.2f} | {:.2f} |", latency.cve, latency.label,
                         thousands(static_cast<double>(latency.affected)),
                         thousands(static_cast<double>(latency.not_evaluable)),
                         latency.full_match < 0
                             ? std::string("-")
                             : thousands(static_cast<double>(latency.full_match)),
                         latency.p50_ms, latency.max_ms));
    }
    line("");
    double worst = 0;
    for (const Latency& latency : latencies) {
        worst = std::max(worst, latency.max_ms);
    }
    // The size is about 100 million component rows (1.3 million assets): a smaller run
    // is scaled to it linearly (both steps are per name and per asset), and says so.
    const double full_size_rows = 100e6;
    const bool small = rows < 0.95 * full_size_rows;
    const double scaled = small ? match_seconds * full_size_rows / rows : match_seconds;
    if (small) {
        line(
            fmt::format("Scaled linearly to 100,000,000 component rows (about 1.3 million assets): "
                        "full match about {:.0f} s* (extrapolated, not measured).",
                        scaled));
        line("");
    }
    line(
        fmt::format("Targets: full match under 120 s: {} ({:.1f} s{}); `affected` under 100 ms: {} "
                    "(worst {:.2f} ms); the index agrees with the full match: {}.",
                    scaled < 120 ? "met" : "missed", scaled, small ? "*, extrapolated" : "",
                    worst < 100 ? "met" : "missed", worst, mismatches == 0 ? "yes" : "no"));
    fmt::print("{}", out);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "Wardround matching benchmark: a full-size synthetic knowledge base and estate "
        "matched in memory, against the naive reference matcher and a SQL join"};
    Options options;
    app.add_option("--assets", options.assets, "assets in the synthetic estate")
        ->check(CLI::Range(1, 100'000'000));
    app.add_option("--orgs", options.orgs, "organisations (default: one per 143 assets)");
    app.add_option("--seed", options.seed, "seed of the estate and the knowledge base");
    app.add_option("--cves", options.cves, "CVEs in the knowledge base")
        ->check(CLI::Range(10'000, 10'000'000));
    app.add_option("--filler-products", options.filler_products,
                   "products in the knowledge base that nobody runs")
        ->check(CLI::Range(1, 10'000'000));
    app.add_option("--threads", options.threads, "threads")->check(CLI::Range(1, 256));
    app.add_option("--naive-assets", options.naive_assets, "assets the naive matcher runs on");
    app.add_option("--naive-stride", options.naive_stride,
                   "the naive matcher sees every Nth CVE (time scaled by N)")
        ->check(CLI::Range(1, 1'000'000));
    app.add_option("--sql-assets", options.sql_assets, "assets put into SQLite for the join");
    app.add_option("--repeats", options.repeats, "repeats of each `affected` query")
        ->check(CLI::Range(1, 10'000));
    app.add_flag("--list-names", options.list_names,
                 "print each distinct name with its uses and criteria, then stop");
    CLI11_PARSE(app, argc, argv);
    try {
        return run(options);
    } catch (const std::exception& e) {
        fmt::print(stderr, "wardround-match-bench: {}\n", e.what());
        return 1;
    }
}

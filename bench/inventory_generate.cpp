// SPDX-License-Identifier: Apache-2.0
// wardround-inventory-generate: a synthetic estate as an inventory CSV (docs/inventory-csv.md),
// one row per installed component, for the inventory import benchmark. Workstations and servers
// carry the software names Windows' "Add/Remove Programs" really shows (with their publishers,
// architecture and language suffixes, and versions embedded in names), in realistic proportions,
// plus in-house clinical applications no public dictionary knows. Deterministic for a given seed.
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

namespace {

struct Software {
    const char* vendor;
    const char* product;  // may hold {v}: the version, embedded as Windows shows it
    std::vector<const char*> versions;
    int weight;  // how many estates' machines carry it, relatively
};

// Publishers and names as Windows lists them; versions are real releases.
const std::vector<Software>& catalogue() {
    static const std::vector<Software> kCatalogue = {
        {"Google LLC", "Google Chrome", {"119.0.6045.160", "120.0.6099.130", "131.0.6778.86"}, 90},
        {"Microsoft Corporation", "Microsoft Edge", {"119.0.2151.72", "131.0.2903.70"}, 95},
        {"Mozilla", "Mozilla Firefox (x64 en-GB)", {"115.5.0", "120.0.1", "128.5.1"}, 40},
        {"Mozilla", "Mozilla Maintenance Service", {"115.5.0", "128.5.1"}, 40},
        {"Igor Pavlov", "7-Zip {v} (x64)", {"19.00", "22.01", "23.01"}, 60},
        {"Adobe", "Adobe Acrobat Reader DC", {"23.006.20360", "24.004.20220"}, 70},
        {"Oracle Corporation", "Java 8 Update {v}", {"351", "381", "391"}, 45},
        {"Citrix Systems, Inc.", "Citrix Workspace {v}", {"2203", "2309", "2405"}, 50},
        {"Microsoft Corporation",
         "Microsoft 365 Apps for enterprise - en-gb",
         {"16.0.16731.20398", "16.0.17029.20108"},
         85},
        {"Notepad++ Team", "Notepad++ (64-bit x64)", {"8.5.8", "8.6"}, 25},
        {"VideoLAN", "VLC media player", {"3.0.18", "3.0.20"}, 20},
        {"Microsoft Corporation",
         "Microsoft Visual C++ 2015-2022 Redistributable (x64) - {v}",
         {"14.36.32532", "14.38.33130"},
         90},
        {"Zoom Video Communications, Inc.", "Zoom", {"5.15.7", "5.16.10"}, 35},
        {"Microsoft Corporation", "Microsoft Teams", {"1.6.00.4472", "1.7.00.7956"}, 60},
        {"The Wireshark developer community", "Wireshark {v} 64-bit", {"3.6.16", "4.0.10"}, 3},
        {"Simon Tatham", "PuTTY release {v} (64-bit)", {"0.78", "0.79"}, 8},
        {"Martin Prikryl", "WinSCP {v}", {"5.21.8", "6.1.2"}, 6},
        {"Python Software Foundation", "Python {v} (64-bit)", {"3.9.13", "3.11.6"}, 5},
        {"TeamViewer", "TeamViewer", {"15.40.8", "15.48.4"}, 10},
        {"Cisco Systems, Inc.", "Cisco Secure Client - AnyConnect VPN", {"5.0.03072"}, 30},
        {"Microsoft Corporation", "Microsoft .NET Runtime - {v} (x64)", {"6.0.25", "8.0.0"}, 70},
        {"Dell Inc.", "Dell Command | Update", {"4.8.0", "5.1.0"}, 30},
        {"Apache Software Foundation", "Apache Tomcat 9.0 Tomcat9", {"9.0.80"}, 4},
        {"Microsoft Corporation", "Microsoft SQL Server 2019 (64-bit)", {"15.0.2000.5"}, 4},
        {"Intel Corporation", "Intel(R) Management Engine Components", {"2219.3.5.0"}, 40},
        // In-house and niche clinical software: no public dictionary has these.
        {"ExampleSoft Ltd", "Ward Whiteboard Client", {"5.1.3", "5.2.0"}, 30},
        {"Example Health Systems", "Bleep Manager", {"2.4.1"}, 15},
        {"Pathology Partnership", "Results Viewer {v}", {"7.2", "7.3"}, 20},
        {"Example Imaging", "PACS Viewer Workstation", {"12.1.0.44"}, 10},
    };
    return kCatalogue;
}

std::string expand(const char* pattern, const std::string& version) {
    std::string text = pattern;
    const std::size_t at = text.find("{v}");
    if (at != std::string::npos) {
        text.replace(at, 3, version);
    }
    return text;
}

// A CSV field, quoted only when it must be.
std::string csv(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) {
        return text;
    }
    std::string quoted = "\"";
    for (const char c : text) {
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return quoted + "\"";
}

}  // namespace

int run(int argc, char** argv) {
    CLI::App app{"Generate a synthetic estate as a Wardround inventory CSV"};
    std::int64_t rows = 1000000;
    std::string out = "-";
    unsigned seed = 1;
    app.add_option("--rows", rows, "component rows to write (about 50 per asset)");
    app.add_option("--out", out, "file to write, - for standard output");
    app.add_option("--seed", seed, "random seed");
    CLI11_PARSE(app, argc, argv);

    std::FILE* file = out == "-" ? stdout : std::fopen(out.c_str(), "w");
    if (file == nullptr) {
        fmt::print(stderr, "cannot write {}\n", out);
        return 1;
    }
    std::mt19937_64 random(seed);
    const auto& software = catalogue();
    std::vector<int> weights;
    weights.reserve(software.size());
    for (const auto& item : software) {
        weights.push_back(item.weight);
    }
    std::discrete_distribution<std::size_t> pick(weights.begin(), weights.end());
    const std::vector<const char*> sites = {"Main Hospital", "North Wing", "Community Hub",
                                            "Day Surgery Unit"};
    const std::vector<const char*> departments = {"Radiology",   "Pharmacy",  "Ward 7", "ICU",
                                                  "Outpatients", "Pathology", "Estates"};

    fmt::print(file,
               "asset_id,hostname,kind,ip,mac,os,os_version,site,department,vendor,product,"
               "version,component_type\n");
    std::int64_t written = 0;
    for (std::int64_t asset = 1; written < rows; ++asset) {
        const bool server = asset % 12 == 0;
        const std::string id = fmt::format("{}-{:06}", server ? "SRV" : "WS", asset);
        const std::string host = fmt::format("wrd-{}-{:06}", server ? "srv" : "ws", asset);
        const std::string ip =
            fmt::format("10.{}.{}.{}", (asset >> 16) & 255, (asset >> 8) & 255, asset & 255);
        const std::string mac =
            fmt::format("02:a0:{:02x}:{:02x}:{:02x}:{:02x}", (asset >> 24) & 255,
                        (asset >> 16) & 255, (asset >> 8) & 255, asset & 255);
        const char* os = server ? "Windows Server 2019 Standard" : "Windows 10 Enterprise";
        const char* os_version = server ? "10.0.17763.5206" : "10.0.19045.3803";
        const std::string prefix = fmt::format(
            "{},{},{},{},{},{},{},{},{},", id, host, server ? "server" : "workstation", ip, mac, os,
            os_version, sites[asset % sites.size()], departments[asset % departments.size()]);
        const int components = 30 + static_cast<int>(random() % 41);  // 30 to 70
        for (int c = 0; c < components && written < rows; ++c, ++written) {
            const Software& item = software[pick(random)];
            const std::string version = item.versions[random() % item.versions.size()];
            fmt::print(file, "{}{},{},{},application\n", prefix, csv(item.vendor),
                       csv(expand(item.product, version)), csv(version));
        }
    }
    if (file != stdout) {
        std::fclose(file);
    }
    return 0;
}

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& error) {
        // Errors are reported as values; this only catches an allocation failure or a bug.
        std::fprintf(stderr, "%s: internal error: %s\n", "wardround-inventory-generate",
                     error.what());
        return 1;
    }
}

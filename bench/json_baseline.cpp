// SPDX-License-Identifier: Apache-2.0
// wardround-json-baseline: the naive baseline the NVD importer is compared with. Parses every file
// of a feed with a bare simdjson DOM parser (--mode parse) or also walks every field the importer
// stores (--mode extract), and reports bytes, records, time, MB/s, records/s and peak memory.
#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "feed_scan.h"

namespace {

using wardround::bench::ScanMode;
using wardround::bench::ScanReport;

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

double per_second(double amount, double seconds) {
    return seconds > 0 ? amount / seconds : 0;
}

nlohmann::json counts_json(const wardround::bench::ExtractCounts& counts) {
    nlohmann::json statuses = nlohmann::json::object();
    for (std::size_t i = 0; i < counts.by_status.size(); ++i) {
        statuses[wardround::bench::kStatusNames[i]] = counts.by_status[i];
    }
    return {
        {"by_status", statuses},
        {"english_descriptions", counts.english_descriptions},
        {"cve_tags", counts.cve_tags},
        {"kev", counts.kev},
        {"metrics_v40", counts.metrics_v40},
        {"metrics_v31", counts.metrics_v31},
        {"metrics_v30", counts.metrics_v30},
        {"metrics_v2", counts.metrics_v2},
        {"metrics_primary", counts.metrics_primary},
        {"metrics_secondary", counts.metrics_secondary},
        {"metrics_other", counts.metrics_other},
        {"weaknesses", counts.weaknesses},
        {"cwe_values", counts.cwe_values},
        {"references", counts.references},
        {"reference_tags", counts.reference_tags},
        {"with_configurations", counts.with_configurations},
        {"configurations", counts.configurations},
        {"and_configurations", counts.and_configurations},
        {"nodes", counts.nodes},
        {"cpe_matches", counts.cpe_matches},
        {"not_vulnerable", counts.not_vulnerable},
        {"version_start_including", counts.start_including},
        {"version_start_excluding", counts.start_excluding},
        {"version_end_including", counts.end_including},
        {"version_end_excluding", counts.end_excluding},
        {"escaped_criteria", counts.escaped_criteria},
        {"max_matches_per_cve", counts.max_matches_per_cve},
    };
}

void print_json(const ScanReport& report, ScanMode mode, unsigned threads, std::uint64_t rss) {
    nlohmann::json out = {
        {"mode", mode == ScanMode::kParse ? "parse" : "extract"},
        {"threads", threads},
        {"files", report.files},
        {"records", report.records},
        {"bytes", report.bytes},
        {"seconds", report.seconds},
        {"read_seconds", report.read_seconds},
        {"parse_seconds", report.parse_seconds},
        {"mb_per_second", per_second(static_cast<double>(report.bytes) / 1e6, report.seconds)},
        {"records_per_second", per_second(static_cast<double>(report.records), report.seconds)},
        {"peak_rss_bytes", rss},
        {"id_checksum", report.id_checksum},
    };
    if (mode == ScanMode::kExtract) {
        out["counts"] = counts_json(report.counts);
    }
    fmt::print("{}\n", out.dump(2));
}

void print_text(const ScanReport& report, ScanMode mode, unsigned threads, std::uint64_t rss) {
    const double megabytes = static_cast<double>(report.bytes) / 1e6;
    fmt::print("mode           {} ({} thread{})\n", mode == ScanMode::kParse ? "parse" : "extract",
               threads, threads == 1 ? "" : "s");
    fmt::print("files          {}\n", report.files);
    fmt::print("records        {}\n", report.records);
    fmt::print("json bytes     {} ({:.1f} MB)\n", report.bytes, megabytes);
    fmt::print("seconds        {:.3f} wall (reading {:.3f}, parsing {:.3f}, summed over threads)\n",
               report.seconds, report.read_seconds, report.parse_seconds);
    fmt::print("throughput     {:.0f} MB/s, {:.0f} records/s\n",
               per_second(megabytes, report.seconds),
               per_second(static_cast<double>(report.records), report.seconds));
    fmt::print("peak RSS       {:.1f} MB\n", static_cast<double>(rss) / 1e6);
    fmt::print("id checksum    {}\n", report.id_checksum);
    if (mode != ScanMode::kExtract) {
        return;
    }
    const auto& c = report.counts;
    fmt::print("statuses      ");
    for (std::size_t i = 0; i < c.by_status.size(); ++i) {
        if (c.by_status[i] > 0) {
            fmt::print(" {}={}", wardround::bench::kStatusNames[i], c.by_status[i]);
        }
    }
    fmt::print(
        "\nmetrics        v4.0={} v3.1={} v3.0={} v2={} (Primary {}, Secondary {}; {} "
        "other entries skipped)\n",
        c.metrics_v40, c.metrics_v31, c.metrics_v30, c.metrics_v2, c.metrics_primary,
        c.metrics_secondary, c.metrics_other);
    fmt::print("weaknesses     {} entries, {} CWE values\n", c.weaknesses, c.cwe_values);
    fmt::print("references     {} ({} tags)\n", c.references, c.reference_tags);
    fmt::print("configurations {} in {} CVEs ({} AND), {} nodes\n", c.configurations,
               c.with_configurations, c.and_configurations, c.nodes);
    fmt::print("cpeMatch       {} ({} vulnerable:false, {} with escapes, at most {} in one CVE)\n",
               c.cpe_matches, c.not_vulnerable, c.escaped_criteria, c.max_matches_per_cve);
    fmt::print(
        "bounds         startIncluding={} startExcluding={} endIncluding={} "
        "endExcluding={}\n",
        c.start_including, c.start_excluding, c.end_including, c.end_excluding);
    fmt::print("other          {} English descriptions, {} KEV, {} with cveTags\n",
               c.english_descriptions, c.kev, c.cve_tags);
}

int run(const std::string& path, ScanMode mode, unsigned threads, bool json) {
    const auto files = wardround::bench::feed_files(path);
    if (!files) {
        fmt::print(stderr, "wardround-json-baseline: {}\n", files.error().to_string());
        return kExitFailed;
    }
    const auto report = wardround::bench::scan_feed(*files, {mode, threads});
    if (!report) {
        fmt::print(stderr, "wardround-json-baseline: {}\n", report.error().to_string());
        return kExitFailed;
    }
    const std::uint64_t rss = wardround::bench::peak_rss_bytes();
    if (json) {
        print_json(*report, mode, threads, rss);
    } else {
        print_text(*report, mode, threads, rss);
    }
    return kExitOk;
}

int parse_and_run(int argc, char** argv) {
    std::string path;
    ScanMode mode = ScanMode::kParse;
    unsigned threads = 1;
    bool json = false;

    CLI::App app{
        "Parses an NVD feed (CVE API 2.0 pages, a single response, .json or .json.gz) with a "
        "bare simdjson DOM parser: the baseline the importer's speed is compared with."};
    app.add_option("path", path, "a feed directory from wardround-nvd-generate, or one file")
        ->required();
    app.add_option("--mode", mode,
                   "parse: parse and read each id; extract: also walk every field the importer "
                   "stores")
        ->transform(CLI::CheckedTransformer(std::map<std::string, ScanMode>{
            {"parse", ScanMode::kParse}, {"extract", ScanMode::kExtract}}));
    app.add_option("--threads", threads, "files parsed in parallel (default 1)")
        ->check(CLI::Range(1U, 256U));
    app.add_flag("--json", json, "print the report as JSON");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error) == 0 ? kExitOk : kExitUsage;
    }
    return run(path, mode, threads, json);
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return parse_and_run(argc, argv);
    } catch (const std::exception& error) {
        // The scan reports errors as values; this only catches an allocation failure or a
        // bug.
        fmt::print(stderr, "wardround-json-baseline: internal error: {}\n", error.what());
        return kExitFailed;
    }
}

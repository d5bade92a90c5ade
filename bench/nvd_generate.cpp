// SPDX-License-Identifier: Apache-2.0
// wardround-nvd-generate: writes a synthetic NVD as CVE API 2.0 response pages for the ingest
// benchmark. Parses arguments, calls nvd_feed.h and prints a summary; bench/README.md has the
// details.
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "nvd_feed.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

int run(const wardround::bench::FeedOptions& options, const std::string& directory) {
    const auto start = std::chrono::steady_clock::now();
    const auto summary = wardround::bench::write_feed(options, directory);
    if (!summary) {
        fmt::print(stderr, "wardround-nvd-generate: {}\n", summary.error().to_string());
        return kExitFailed;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double megabytes = static_cast<double>(summary->json_bytes) / 1e6;
    fmt::print("directory      {}\n", directory);
    fmt::print("files          {}\n", summary->files.size());
    fmt::print("records        {}\n", summary->records);
    fmt::print("json bytes     {} ({:.1f} MB, {:.0f} bytes per record)\n", summary->json_bytes,
               megabytes,
               static_cast<double>(summary->json_bytes) / static_cast<double>(summary->records));
    if (options.gzip) {
        fmt::print("on disk        {} ({:.1f} MB gzip)\n", summary->file_bytes,
                   static_cast<double>(summary->file_bytes) / 1e6);
    }
    fmt::print("seconds        {:.2f} ({:.0f} MB/s of JSON)\n", seconds, megabytes / seconds);
    return kExitOk;
}

int parse_and_run(int argc, char** argv) {
    wardround::bench::FeedOptions options;
    std::string directory;

    CLI::App app{
        "Writes a synthetic NVD (CVE API 2.0 response pages of 2,000 records) shaped like the "
        "real feed, for the ingest benchmark. The same seed always gives the same bytes."};
    app.add_option("--out", directory, "output directory (created when missing)")->required();
    app.add_option("--count", options.count,
                   "number of CVE records (default 400000, about the whole NVD in 2026)")
        ->check(CLI::Range(std::uint64_t{1}, wardround::bench::kMaxRecords));
    app.add_option("--seed", options.seed, "random seed (default 1)");
    app.add_option("--page-size", options.page_size,
                   "records per page (default and API maximum 2000)")
        ->check(CLI::Range(std::uint32_t{1}, wardround::bench::kApiMaxPageSize));
    app.add_flag("--single-file", options.single_file,
                 "write one response holding every record (nvd-all.json) instead of pages");
    app.add_flag("--gzip", options.gzip, "gzip each file (level 6)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error) == 0 ? kExitOk : kExitUsage;
    }
    return run(options, directory);
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return parse_and_run(argc, argv);
    } catch (const std::exception& error) {
        // write_feed reports errors as values; this only catches an allocation failure or a
        // bug.
        fmt::print(stderr, "wardround-nvd-generate: internal error: {}\n", error.what());
        return kExitFailed;
    }
}

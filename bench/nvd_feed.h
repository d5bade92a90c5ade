// SPDX-License-Identifier: Apache-2.0
// A synthetic NVD in CVE API 2.0 form for the ingest benchmark: records shaped like the real feed
// (sizes, statuses, metrics, configurations; bench/README.md says what was measured) written as the
// API's 2,000-record response pages. The same seed gives the same bytes on every machine and
// compiler: the generator uses its own random numbers and integer arithmetic, not <random>.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/result.h>

namespace wardround::bench {

// The CVE API never returns more than this many records per response.
inline constexpr std::uint32_t kApiMaxPageSize = 2000;
// The plan keeps 16 bytes per record in memory; this keeps it under 400 MB.
inline constexpr std::uint64_t kMaxRecords = 25'000'000;

// "page-00042.json" (".json.gz" when compressed).
[[nodiscard]] std::string page_file_name(std::uint64_t page, bool gzip);
// "nvd-all.json" (".json.gz" when compressed).
[[nodiscard]] std::string single_file_name(bool gzip);

class FeedGenerator {
public:
    // Plans `count` unique CVE ids with their publication times, in feed order (publication
    // order, as the API returns them). Errors: kInvalidArgument when count is 0 or above
    // kMaxRecords.
    [[nodiscard]] static Result<FeedGenerator> create(std::uint64_t count, std::uint64_t seed);

    FeedGenerator(FeedGenerator&&) noexcept;
    FeedGenerator& operator=(FeedGenerator&&) noexcept;
    ~FeedGenerator();

    [[nodiscard]] std::uint64_t size() const;

    // Appends record `index` (0-based, feed order; must be below size()) as compact JSON
    // {"cve":{...}}. The record depends only on the seed and its CVE id, and the call is safe from
    // several threads at once.
    void append_record(std::uint64_t index, std::string& out) const;

    // Appends the response envelope up to and including `"vulnerabilities":[`. `page` numbers the
    // response (its timestamp is the snapshot time plus 1.2 s per page, as paced requests would
    // see); records_in_page is its resultsPerPage.
    void append_page_header(std::uint64_t page,
                            std::uint64_t start_index,
                            std::uint64_t records_in_page,
                            std::string& out) const;

    // Appends `]}` and a newline, closing what append_page_header opened.
    static void append_page_footer(std::string& out);

private:
    struct Plan;
    explicit FeedGenerator(std::unique_ptr<Plan> plan);
    std::unique_ptr<Plan> plan_;
};

struct FeedOptions {
    std::uint64_t count = 400'000;
    std::uint64_t seed = 1;
    std::uint32_t page_size = kApiMaxPageSize;
    bool single_file = false;  // one response holding every record instead of pages
    bool gzip = false;         // compress each file (gzip level 6, the gzip tool's default)
};

struct FeedSummary {
    std::vector<std::string> files;  // paths, in feed order
    std::uint64_t records = 0;
    std::uint64_t json_bytes = 0;  // uncompressed
    std::uint64_t file_bytes = 0;  // on disk: json_bytes unless compressed
};

// Writes the feed into `directory`, creating it when missing and replacing files of the same
// names. Memory stays bounded: records are streamed through a few megabytes of buffer.
// Errors: kInvalidArgument (count as in FeedGenerator::create, page_size 0 or above
// kApiMaxPageSize), kPermissionDenied or kUnavailable (the directory or a file cannot be
// created or written).
[[nodiscard]] Result<FeedSummary> write_feed(const FeedOptions& options,
                                             const std::string& directory);

}  // namespace wardround::bench

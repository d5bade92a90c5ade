// SPDX-License-Identifier: Apache-2.0
// The ingest benchmark's baseline: reading NVD CVE API 2.0 responses with a bare simdjson DOM
// parser, either only parsing (touching each record's id) or also walking every field the
// importer stores (ids, dates, descriptions, metrics, weaknesses, references, configurations and
// cpeMatch). The importer's speed is reported as a ratio to these numbers.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <wardround/core/result.h>

namespace wardround::bench {

enum class ScanMode {
    kParse,    // parse each file and read each record's id
    kExtract,  // also walk and decode every field the knowledge-base tables need
};

struct ScanOptions {
    ScanMode mode = ScanMode::kParse;
    unsigned threads = 1;  // files are shared out between this many parsers
};

// The seven vulnStatus values NVD uses, and everything else.
inline constexpr std::array<const char*, 8> kStatusNames = {
    "Received",
    "Awaiting Analysis",
    "Undergoing Analysis",
    "Analyzed",
    "Modified",
    "Deferred",
    "Rejected",
    "other",
};

// What the extract walk saw. All zero in parse mode.
struct ExtractCounts {
    std::array<std::uint64_t, kStatusNames.size()> by_status{};
    std::uint64_t english_descriptions = 0;
    std::uint64_t cve_tags = 0;  // records with at least one tag
    std::uint64_t kev = 0;       // records with cisaExploitAdd
    std::uint64_t metrics_v40 = 0;
    std::uint64_t metrics_v31 = 0;
    std::uint64_t metrics_v30 = 0;
    std::uint64_t metrics_v2 = 0;
    std::uint64_t metrics_primary = 0;
    std::uint64_t metrics_secondary = 0;
    std::uint64_t metrics_other = 0;  // entries under other keys (ssvcV203), skipped
    std::uint64_t weaknesses = 0;     // weakness entries
    std::uint64_t cwe_values = 0;
    std::uint64_t references = 0;
    std::uint64_t reference_tags = 0;
    std::uint64_t with_configurations = 0;
    std::uint64_t configurations = 0;
    std::uint64_t and_configurations = 0;
    std::uint64_t nodes = 0;
    std::uint64_t cpe_matches = 0;
    std::uint64_t not_vulnerable = 0;
    std::uint64_t start_including = 0;
    std::uint64_t start_excluding = 0;
    std::uint64_t end_including = 0;
    std::uint64_t end_excluding = 0;
    std::uint64_t escaped_criteria = 0;  // criteria with a backslash escape
    std::uint64_t max_matches_per_cve = 0;
};

struct ScanReport {
    std::uint64_t files = 0;
    std::uint64_t bytes = 0;  // JSON bytes parsed (decompressed)
    std::uint64_t records = 0;
    std::uint64_t id_checksum = 0;  // keeps the id reads observable, so they are not optimised away
    double seconds = 0;             // wall clock for the whole scan
    double read_seconds = 0;        // summed over threads: reading (and decompressing) files
    double parse_seconds = 0;       // summed over threads: parsing and walking
    ExtractCounts counts;
};

// The files of a feed at `path`: a directory's page-NNNNN.json or .json.gz files in name order
// (else its nvd-all.json[.gz]), or `path` itself when it is a file.
// Errors: kNotFound (nothing at `path`, or a directory without feed files).
[[nodiscard]] Result<std::vector<std::string>> feed_files(const std::string& path);

// Reads and parses every file, in parallel when options.threads > 1, stopping at the first error.
// Errors: kInvalidArgument (options.threads is 0; a file is not valid JSON or not a CVE API 2.0
// response; a record has no cve.id; in extract mode, a missing or malformed field the
// knowledge base requires: vulnStatus, lastModified, a metric's cvssData or a cpeMatch's
// criteria), kDataLoss (resultsPerPage disagrees with the records present, or compressed data is
// corrupt), kNotFound or kUnavailable (a file cannot be read). Messages name the file and record.
[[nodiscard]] Result<ScanReport> scan_feed(const std::vector<std::string>& files,
                                           const ScanOptions& options);

// Peak resident memory of this process (VmHWM), in bytes; 0 where /proc is unavailable.
[[nodiscard]] std::uint64_t peak_rss_bytes();

}  // namespace wardround::bench

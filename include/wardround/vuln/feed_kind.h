// SPDX-License-Identifier: Apache-2.0
// Which feed a file holds, told from its content rather than its name (files arrive renamed,
// compressed, or as API responses saved by hand).
#pragma once

#include <optional>
#include <string_view>

#include <wardround/core/input_file.h>
#include <wardround/core/result.h>

namespace wardround::vuln {

enum class FeedKind {
    kNvd,     // NVD CVE API 2.0 page, or one CVE record (one-file-per-CVE trees)
    kKev,     // CISA KEV catalogue, JSON
    kKevCsv,  // CISA KEV catalogue, CSV
    kEpss,    // FIRST EPSS CSV
    kCsaf,    // CSAF 2.0 advisory or VEX document
    kOsv,     // OSV record, or an array of them
};

[[nodiscard]] std::string_view feed_kind_name(FeedKind kind);
// Accepts the names above ("nvd", "kev", "kev-csv", "epss", "csaf", "osv"); "kev" also covers the
// CSV when the content says so.
[[nodiscard]] std::optional<FeedKind> parse_feed_kind(std::string_view name);
// The feed a kind belongs to (kev-csv is the kev feed).
[[nodiscard]] std::string_view feed_name(FeedKind kind);

// What the start of a file shows. `kind` is empty for a file that is none of the feeds; `note` then
// says what it looks like (a JSON schema, a ROLIE feed, ...), for the message.
struct Detection {
    std::optional<FeedKind> kind;
    std::string note;
};

// Looks at the first bytes of `file` (without consuming them). Errors: those of reading.
[[nodiscard]] Result<Detection> detect_feed_kind(InputFile& file);

// Detection on bytes already in memory (the start of a document); used by the above and by tests.
[[nodiscard]] Detection detect_feed_kind(std::string_view head);

}  // namespace wardround::vuln

// SPDX-License-Identifier: Apache-2.0
// The test server's emulation of the NVD CVE API 2.0 over the records of real API pages:
// startIndex/resultsPerPage paging, lastModStartDate/lastModEndDate filtering on each record's
// lastModified, an optional required apiKey, and NVD's way of refusing a request (a bare 404 with
// the reason in a "message" header).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace feed_server {

struct Reply {
    unsigned status = 200;
    std::string content_type = "text/plain";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    bool may_encode = true;  // false for bodies that are already gzip
};

struct NvdRecord {
    std::string id;
    std::int64_t last_modified_ms = 0;
    std::string json;  // the whole {"cve": {...}} item
};

// "2023-10-18T18:04:18.493" (NVD record times, no zone: UTC) to milliseconds since the epoch.
std::optional<std::int64_t> parse_record_time(const std::string& text);

// lastModStartDate/lastModEndDate values as the NVD accepts them since July 2025: seconds,
// optional fraction, and a mandatory numeric offset ("2024-01-01T00:00:00.000+00:00").
std::optional<std::int64_t> parse_query_time(const std::string& text);

class NvdApi {
public:
    // Loads every record of the given API pages, in file order. Throws std::runtime_error.
    void load(const std::string& path);

    // Answers one request. `hide_last` drops the newest records of the result set, to make
    // totalResults grow between pages; `empty_page` sends the page with no records but the true
    // totals, as the NVD has been seen to do under load.
    [[nodiscard]] Reply answer(const std::map<std::string, std::string>& query,
                               const std::optional<std::string>& api_key_header,
                               std::size_t hide_last,
                               bool empty_page) const;

    std::size_t page_cap = 2000;
    std::optional<std::string> required_api_key;

    [[nodiscard]] std::size_t size() const { return records_.size(); }

private:
    std::vector<NvdRecord> records_;
};

}  // namespace feed_server

// SPDX-License-Identifier: Apache-2.0
#include "nvd_api.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace feed_server {
namespace {

constexpr std::int64_t kMaxWindowMs = std::int64_t{120} * 24 * 3600 * 1000;
constexpr std::size_t kMaxResultsPerPage = 2000;

// NVD's refusals as seen in the wild: 404, no body, the reason in a "message" header.
// "Invalid ISO 8601 date/time format, see documentation." and "Invalid apiKey." are quoted from
// responses reported by API users; the wording for a range over 120 days is ours.
Reply refuse(const std::string& message) {
    Reply reply;
    reply.status = 404;
    if (!message.empty()) {
        reply.headers.emplace_back("message", message);
    }
    return reply;
}

bool digits(const std::string& text, std::size_t at, std::size_t count, int& value) {
    if (at + count > text.size()) {
        return false;
    }
    const char* begin = text.data() + at;
    const auto [end, error] = std::from_chars(begin, begin + count, value);
    return error == std::errc() && end == begin + count;
}

// Reads "YYYY-MM-DDTHH:MM:SS" and an optional ".fff..." fraction; `at` ends after them.
std::optional<std::int64_t> parse_local(const std::string& text, std::size_t& at) {
    int year = 0;
    int month = 0;
    int day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (text.size() < 19 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
        text[13] != ':' || text[16] != ':' || !digits(text, 0, 4, year) ||
        !digits(text, 5, 2, month) || !digits(text, 8, 2, day) || !digits(text, 11, 2, hour) ||
        !digits(text, 14, 2, minute) || !digits(text, 17, 2, second)) {
        return std::nullopt;
    }
    const std::chrono::year_month_day date{std::chrono::year{year},
                                           std::chrono::month{static_cast<unsigned>(month)},
                                           std::chrono::day{static_cast<unsigned>(day)}};
    if (!date.ok() || hour > 23 || minute > 59 || second > 59) {
        return std::nullopt;
    }
    at = 19;
    std::int64_t millis = 0;
    if (at < text.size() && text[at] == '.') {
        ++at;
        int scale = 100;
        const std::size_t first = at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
            millis += (text[at] - '0') * scale;
            scale /= 10;
            ++at;
        }
        if (at == first) {
            return std::nullopt;
        }
    }
    const std::int64_t days = std::chrono::sys_days{date}.time_since_epoch().count();
    return ((days * 24 + hour) * 60 + minute) * 60000 + second * 1000 + millis;
}

std::string now_nvd_style() {
    const auto now =
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    const auto days = std::chrono::floor<std::chrono::days>(now);
    const std::chrono::year_month_day date{days};
    const std::chrono::hh_mm_ss time{now - days};
    char text[40];
    std::snprintf(
        text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03d", static_cast<int>(date.year()),
        static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
        static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
        static_cast<int>(time.seconds().count()), static_cast<int>(time.subseconds().count()));
    return text;
}

std::optional<std::size_t> parse_count(const std::map<std::string, std::string>& query,
                                       const std::string& name,
                                       std::size_t fallback) {
    const auto it = query.find(name);
    if (it == query.end()) {
        return fallback;
    }
    std::size_t value = 0;
    const std::string& text = it->second;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

std::optional<std::int64_t> parse_record_time(const std::string& text) {
    std::size_t at = 0;
    auto value = parse_local(text, at);
    if (!value || at != text.size()) {
        return std::nullopt;
    }
    return value;
}

std::optional<std::int64_t> parse_query_time(const std::string& text) {
    std::size_t at = 0;
    auto value = parse_local(text, at);
    int hours = 0;
    int minutes = 0;
    if (!value || text.size() != at + 6 || (text[at] != '+' && text[at] != '-') ||
        text[at + 3] != ':' || !digits(text, at + 1, 2, hours) ||
        !digits(text, at + 4, 2, minutes) || hours > 23 || minutes > 59) {
        return std::nullopt;
    }
    const std::int64_t offset = (hours * 60 + minutes) * 60000;
    return text[at] == '+' ? *value - offset : *value + offset;
}

void NvdApi::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot open " + path);
    }
    const nlohmann::json page = nlohmann::json::parse(in);
    for (const nlohmann::json& item : page.at("vulnerabilities")) {
        const nlohmann::json& cve = item.at("cve");
        NvdRecord record;
        record.id = cve.at("id").get<std::string>();
        const auto modified = parse_record_time(cve.at("lastModified").get<std::string>());
        if (!modified) {
            throw std::runtime_error(path + ": bad lastModified in " + record.id);
        }
        record.last_modified_ms = *modified;
        record.json = item.dump();
        records_.push_back(std::move(record));
    }
}

Reply NvdApi::answer(const std::map<std::string, std::string>& query,
                     const std::optional<std::string>& api_key_header,
                     std::size_t hide_last,
                     bool empty_page) const {
    if (required_api_key && api_key_header != required_api_key) {
        return refuse("Invalid apiKey.");
    }
    const auto start_it = query.find("lastModStartDate");
    const auto end_it = query.find("lastModEndDate");
    const bool has_start = start_it != query.end();
    const bool has_end = end_it != query.end();
    std::optional<std::int64_t> from;
    std::optional<std::int64_t> until;
    if (has_start != has_end) {
        // Reported by API users: one date without the other gets a bare 404.
        return refuse("");
    }
    if (has_start) {
        from = parse_query_time(start_it->second);
        until = parse_query_time(end_it->second);
        if (!from || !until) {
            return refuse("Invalid ISO 8601 date/time format, see documentation.");
        }
        if (*until < *from || *until - *from > kMaxWindowMs) {
            return refuse(
                "The lastModStartDate and lastModEndDate range must be 120 days or less.");
        }
    }
    const auto start_index = parse_count(query, "startIndex", 0);
    const auto per_page = parse_count(query, "resultsPerPage", kMaxResultsPerPage);
    if (!start_index || !per_page) {
        return refuse("Invalid startIndex or resultsPerPage, see documentation.");
    }

    std::vector<const NvdRecord*> matching;
    for (const NvdRecord& record : records_) {
        if (!from || (record.last_modified_ms >= *from && record.last_modified_ms <= *until)) {
            matching.push_back(&record);
        }
    }
    matching.resize(matching.size() - std::min(hide_last, matching.size()));
    const std::size_t page = std::min({*per_page, page_cap, kMaxResultsPerPage});
    const std::size_t first = std::min(*start_index, matching.size());
    const std::size_t last = empty_page ? first : std::min(matching.size(), first + page);

    std::string body;
    body.reserve(4096 + (last - first) * 16384);
    body += "{\"resultsPerPage\":" + std::to_string(last - first) +
            ",\"startIndex\":" + std::to_string(*start_index) +
            ",\"totalResults\":" + std::to_string(matching.size()) +
            ",\"format\":\"NVD_CVE\",\"version\":\"2.0\",\"timestamp\":\"" + now_nvd_style() +
            "\",\"vulnerabilities\":[";
    for (std::size_t i = first; i < last; ++i) {
        if (i != first) {
            body += ',';
        }
        body += matching[i]->json;
    }
    body += "]}";
    Reply reply;
    reply.content_type = "application/json";
    reply.body = std::move(body);
    return reply;
}

}  // namespace feed_server

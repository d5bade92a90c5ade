// SPDX-License-Identifier: Apache-2.0
// The checks a download must pass before it may replace or join the data the importers read.
// They look at shape and completeness only: field-level problems are the importers' diagnostics.
#include <array>
#include <filesystem>
#include <system_error>

#include <simdjson.h>

#include <wardround/core/input_file.h>
#include <wardround/core/text.h>
#include <wardround/fetch/fetch.h>
#include <wardround/vuln/nvd.h>

#include "fetch/fetch_internal.h"

namespace wardround::fetch {
namespace {

tl::unexpected<Error> data_loss(std::string message, std::string where = {}) {
    return make_error(ErrorCode::kDataLoss, std::move(message), std::move(where));
}

// Why a body is not JSON, in words a person can act on: a proxy or CDN error page is the usual
// culprit, and simdjson's message alone ("tape error") would not say so.
std::string not_json(std::string_view body, simdjson::error_code error) {
    const std::string_view start = trim(body.substr(0, 512));
    if (start.empty()) {
        return "the response is empty";
    }
    if (start.front() == '<') {
        return "the response is an HTML or XML page, not JSON";
    }
    return std::string("the response is not complete JSON (") + simdjson::error_message(error) +
           ")";
}

// Files that cannot be opened get the codes InputFile uses.
Status check_readable(const std::string& path) {
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (error || !std::filesystem::exists(status)) {
        return make_error(ErrorCode::kNotFound, "no such file", path);
    }
    if (!std::filesystem::is_regular_file(status)) {
        return make_error(ErrorCode::kInvalidArgument, "not a regular file", path);
    }
    return {};
}

std::string_view first_line(std::string_view text, std::size_t& next) {
    const std::size_t end = text.find('\n');
    next = end == std::string_view::npos ? text.size() : end + 1;
    std::string_view line = text.substr(0, end == std::string_view::npos ? text.size() : end);
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    return line;
}

}  // namespace

namespace detail {

Result<NvdPageInfo> inspect_nvd_page(simdjson::dom::parser& parser,
                                     const std::string& body,
                                     std::int64_t start_index,
                                     std::int64_t results_per_page) {
    simdjson::dom::element root;
    if (const auto error = parser.parse(body).get(root); error) {
        return data_loss(not_json(body, error));
    }
    simdjson::dom::object page;
    if (root.get_object().get(page)) {
        return data_loss("the response is JSON but not an object");
    }
    std::string_view format;
    if (page["format"].get_string().get(format) || format != "NVD_CVE") {
        return data_loss("the response is not an NVD CVE API page (format is not \"NVD_CVE\")");
    }
    std::int64_t start = 0;
    std::int64_t per_page = 0;
    NvdPageInfo info;
    if (page["startIndex"].get_int64().get(start) ||
        page["resultsPerPage"].get_int64().get(per_page) ||
        page["totalResults"].get_int64().get(info.total_results)) {
        return data_loss("the page lacks integer startIndex, resultsPerPage or totalResults");
    }
    if (start != start_index) {
        return data_loss("the page starts at index " + std::to_string(start) + ", not " +
                         std::to_string(start_index));
    }
    simdjson::dom::array records;
    if (page["vulnerabilities"].get_array().get(records)) {
        return data_loss("the page has no \"vulnerabilities\" array");
    }
    info.records = static_cast<std::int64_t>(records.size());
    if (info.records > results_per_page) {
        return data_loss("the page holds " + std::to_string(info.records) +
                         " records, more than the " + std::to_string(results_per_page) +
                         " asked for");
    }
    // The NVD has answered with an empty page mid-way under load: that is a failed attempt, or
    // paging would stop short or never advance.
    if (info.records == 0 && start < info.total_results) {
        return data_loss("the page has no records at startIndex " + std::to_string(start) +
                         " although totalResults is " + std::to_string(info.total_results));
    }
    if (info.total_results < 0 || (info.records > 0 && start + info.records > info.total_results)) {
        return data_loss("the page's records (" + std::to_string(start) + " + " +
                         std::to_string(info.records) + ") pass its totalResults (" +
                         std::to_string(info.total_results) + ")");
    }
    std::int64_t index = 0;
    for (const simdjson::dom::element record : records) {
        std::string_view id;
        if (record["cve"]["id"].get_string().get(id)) {
            return data_loss("vulnerabilities[" + std::to_string(index) +
                             R"(] has no "cve" object with a string "id")");
        }
        ++index;
    }
    std::string_view timestamp;
    if (!page["timestamp"].get_string().get(timestamp)) {
        info.timestamp = std::string(timestamp);
    }
    // Last, the importer's own reader must accept the page to its end, so that a page that
    // counts as fetched can never be refused at import. Records it would skip are reported then.
    InputFile file = InputFile::from_memory("page", body);
    Diagnostics diagnostics;
    auto reader = vuln::NvdReader::open(file, diagnostics);
    if (!reader) {
        return data_loss("the importer cannot read the page: " + reader.error().to_string());
    }
    vuln::CveRecord record;
    for (;;) {
        auto more = reader->next(record);
        if (!more) {
            return data_loss("the importer cannot read the page: " + more.error().to_string());
        }
        if (!*more) {
            break;
        }
    }
    return info;
}

}  // namespace detail

Status check_nvd_page(const std::string& body,
                      std::int64_t start_index,
                      std::int64_t results_per_page) {
    simdjson::dom::parser parser;
    WARDROUND_TRY(detail::inspect_nvd_page(parser, body, start_index, results_per_page));
    return {};
}

Status check_kev_file(const std::string& path) {
    WARDROUND_TRY(check_readable(path));
    simdjson::padded_string text;
    if (simdjson::padded_string::load(path).get(text)) {
        return make_error(ErrorCode::kUnavailable, "cannot read the file", path);
    }
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (const auto error = parser.parse(text).get(root); error) {
        return data_loss(not_json(std::string_view(text.data(), text.size()), error), path);
    }
    simdjson::dom::array entries;
    if (root["vulnerabilities"].get_array().get(entries)) {
        return data_loss("not a KEV catalogue: no \"vulnerabilities\" array", path);
    }
    std::size_t index = 0;
    for (const simdjson::dom::element entry : entries) {
        if (!entry.is_object()) {
            return data_loss("vulnerabilities[" + std::to_string(index) + "] is not an object",
                             path);
        }
        ++index;
    }
    // "count" is the catalogue's own statement of its size: a catalogue cut short but still valid
    // JSON would disagree with it.
    std::int64_t count = 0;
    if (!root["count"].get_int64().get(count) && count != static_cast<std::int64_t>(index)) {
        return data_loss("the catalogue says it has " + std::to_string(count) +
                             " entries but holds " + std::to_string(index),
                         path);
    }
    return {};
}

Status check_epss_file(const std::string& path) {
    WARDROUND_TRY(check_readable(path));
    auto input = InputFile::open(path);
    if (!input) {
        return propagate(std::move(input).error());
    }
    auto head = input->peek(4096);
    if (!head) {
        return propagate(std::move(head).error());
    }
    std::size_t next = 0;
    std::string_view line = first_line(*head, next);
    if (line.starts_with("#")) {
        if (!line.starts_with("#model_version")) {
            return data_loss("not an EPSS file: the first line is a comment but not #model_version",
                             path);
        }
        line = first_line(head->substr(next), next);
    }
    if (line != "cve,epss,percentile") {
        return data_loss("not an EPSS file: the header is not \"cve,epss,percentile\"", path);
    }
    // Reading to the end checks the gzip stream whole, CRC included: a cut download fails here.
    std::array<char, 1 << 16> buffer{};
    for (;;) {
        auto got = input->read(buffer);
        if (!got) {
            return propagate(std::move(got).error());
        }
        if (*got == 0) {
            return {};
        }
    }
}

}  // namespace wardround::fetch

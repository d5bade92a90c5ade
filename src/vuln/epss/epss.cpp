// SPDX-License-Identifier: Apache-2.0
#include <charconv>
#include <unordered_set>

#include <wardround/core/csv.h>
#include <wardround/core/identifiers.h>
#include <wardround/core/text.h>
#include <wardround/core/time.h>
#include <wardround/vuln/epss.h>

namespace wardround::vuln {
namespace {

// "#model_version:v2023.03.01,score_date:2025-02-20T00:00:00+0000"
Result<EpssHeader> parse_comment(const std::vector<std::string>& fields, const std::string& where) {
    EpssHeader header;
    for (const std::string& field : fields) {
        std::string_view part = trim(field);
        if (!part.empty() && part.front() == '#') {
            part.remove_prefix(1);
        }
        const std::size_t colon = part.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        const std::string_view key = trim(part.substr(0, colon));
        const std::string_view value = trim(part.substr(colon + 1));
        if (key == "model_version") {
            header.model_version = std::string(value);
        } else if (key == "score_date") {
            auto date = parse_timestamp(value);
            if (!date) {
                return make_error(ErrorCode::kInvalidArgument,
                                  "score_date: " + date.error().message, where);
            }
            header.score_date = format_timestamp(*date);
        }
    }
    if (header.model_version.empty() || header.score_date.empty()) {
        return make_error(
            ErrorCode::kInvalidArgument,
            "the first line must be #model_version:...,score_date:... (both are needed "
            "to order scores and compare percentiles)",
            where);
    }
    return header;
}

bool parse_probability(std::string_view text, double& value) {
    text = trim(text);
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    return result.ec == std::errc() && result.ptr == text.data() + text.size() && value >= 0.0 &&
           value <= 1.0;
}

// The first two lines: the model comment, then the column header "cve,epss,percentile".
Result<EpssHeader> read_header(CsvReader& reader,
                               std::vector<std::string>& fields,
                               InputFile& file) {
    auto more = reader.next(fields);
    if (!more) {
        return propagate(more.error());
    }
    if (!*more || fields.empty() || !trim(fields[0]).starts_with("#")) {
        return make_error(
            ErrorCode::kInvalidArgument,
            "not an EPSS file: the first line must be #model_version:...,score_date:...",
            file.name() + ":1");
    }
    auto header = parse_comment(fields, file.name() + ":1");
    if (!header) {
        return propagate(header.error());
    }
    more = reader.next(fields);
    if (!more) {
        return propagate(more.error());
    }
    if (!*more || fields.size() < 3 || trim(fields[0]) != "cve" || trim(fields[1]) != "epss" ||
        trim(fields[2]) != "percentile") {
        return make_error(ErrorCode::kInvalidArgument,
                          "not an EPSS file: the header must be cve,epss,percentile",
                          file.name() + ":" + std::to_string(reader.line()));
    }
    return header;
}

}  // namespace

Status parse_epss(InputFile& file,
                  Diagnostics& diagnostics,
                  const std::function<Status(const EpssHeader&)>& on_header,
                  const std::function<Status(const EpssScore&)>& on_score) {
    CsvReader reader(file);
    std::vector<std::string> fields;
    auto header = read_header(reader, fields, file);
    if (!header) {
        return propagate(header.error());
    }
    WARDROUND_TRY(on_header(*header));
    std::unordered_set<std::string> seen;
    EpssScore score;
    for (;;) {
        auto more = reader.next(fields);
        if (!more) {
            return propagate(more.error());
        }
        if (!*more) {
            return {};
        }
        const std::string location = "line " + std::to_string(reader.line());
        score.cve_id = fields.empty() ? "" : std::string(trim(fields[0]));
        if (fields.size() < 3 || !is_cve_id(score.cve_id) ||
            !parse_probability(fields[1], score.epss) ||
            !parse_probability(fields[2], score.percentile)) {
            diagnostics.add(Severity::kError, "epss.bad_row", file.name(), location,
                            "expected a CVE id and two numbers between 0 and 1");
            continue;
        }
        if (!seen.insert(score.cve_id).second) {
            diagnostics.add(Severity::kError, "epss.duplicate", file.name(), location,
                            score.cve_id + " is scored twice; the first score is kept");
            continue;
        }
        WARDROUND_TRY(on_score(score));
    }
}

}  // namespace wardround::vuln

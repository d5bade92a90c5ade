// SPDX-License-Identifier: Apache-2.0
#include "vuln/osv/cvss.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <utility>

namespace wardround::vuln::detail {
namespace {

// One metric of a vector: its abbreviation, the values it may take, and whether the base score
// needs it. The tables transcribe the metric tables of the CVSS v2, v3.1 and v4.0 specifications.
struct MetricSpec {
    std::string_view name;
    std::string_view values;  // "L|A|N"
    bool required;
};

// clang-format off
constexpr std::array<MetricSpec, 14> kV2Metrics{{
    {"AV", "L|A|N", true},
    {"AC", "H|M|L", true},
    {"Au", "M|S|N", true},
    {"C", "N|P|C", true},
    {"I", "N|P|C", true},
    {"A", "N|P|C", true},
    {"E", "U|POC|F|H|ND", false},
    {"RL", "OF|TF|W|U|ND", false},
    {"RC", "UC|UR|C|ND", false},
    {"CDP", "N|L|LM|MH|H|ND", false},
    {"TD", "N|L|M|H|ND", false},
    {"CR", "L|M|H|ND", false},
    {"IR", "L|M|H|ND", false},
    {"AR", "L|M|H|ND", false},
}};

constexpr std::array<MetricSpec, 22> kV3Metrics{{
    {"AV", "N|A|L|P", true},
    {"AC", "L|H", true},
    {"PR", "N|L|H", true},
    {"UI", "N|R", true},
    {"S", "U|C", true},
    {"C", "H|L|N", true},
    {"I", "H|L|N", true},
    {"A", "H|L|N", true},
    {"E", "X|H|F|P|U", false},
    {"RL", "X|U|W|T|O", false},
    {"RC", "X|C|R|U", false},
    {"CR", "X|H|M|L", false},
    {"IR", "X|H|M|L", false},
    {"AR", "X|H|M|L", false},
    {"MAV", "X|N|A|L|P", false},
    {"MAC", "X|L|H", false},
    {"MPR", "X|N|L|H", false},
    {"MUI", "X|N|R", false},
    {"MS", "X|U|C", false},
    {"MC", "X|H|L|N", false},
    {"MI", "X|H|L|N", false},
    {"MA", "X|H|L|N", false},
}};

constexpr std::array<MetricSpec, 32> kV4Metrics{{
    {"AV", "N|A|L|P", true},
    {"AC", "L|H", true},
    {"AT", "N|P", true},
    {"PR", "N|L|H", true},
    {"UI", "N|P|A", true},
    {"VC", "H|L|N", true},
    {"VI", "H|L|N", true},
    {"VA", "H|L|N", true},
    {"SC", "H|L|N", true},
    {"SI", "H|L|N", true},
    {"SA", "H|L|N", true},
    {"E", "X|A|P|U", false},
    {"CR", "X|H|M|L", false},
    {"IR", "X|H|M|L", false},
    {"AR", "X|H|M|L", false},
    {"MAV", "X|N|A|L|P", false},
    {"MAC", "X|L|H", false},
    {"MAT", "X|N|P", false},
    {"MPR", "X|N|L|H", false},
    {"MUI", "X|N|P|A", false},
    {"MVC", "X|H|L|N", false},
    {"MVI", "X|H|L|N", false},
    {"MVA", "X|H|L|N", false},
    {"MSC", "X|H|L|N", false},
    {"MSI", "X|S|H|L|N", false},
    {"MSA", "X|S|H|L|N", false},
    {"S", "X|N|P", false},
    {"AU", "X|N|Y", false},
    {"R", "X|A|U|I", false},
    {"V", "X|D|C", false},
    {"RE", "X|L|M|H", false},
    {"U", "X|Clear|Green|Amber|Red", false},
}};
// clang-format on

constexpr std::size_t kMaxMetrics = 32;

bool is_one_of(std::string_view list, std::string_view value) {
    std::size_t start = 0;
    for (;;) {
        const std::size_t bar = list.find('|', start);
        if (list.substr(start, bar == std::string_view::npos ? bar : bar - start) == value) {
            return true;
        }
        if (bar == std::string_view::npos) {
            return false;
        }
        start = bar + 1;
    }
}

tl::unexpected<Error> bad_vector(std::string_view vector, const std::string& why) {
    return make_error(ErrorCode::kInvalidArgument,
                      "CVSS vector '" + std::string(vector) + "': " + why);
}

// Splits "K:V/K:V/..." (the part after any "CVSS:x.y/" prefix) and checks every metric against
// `specs`. On success values[i] holds the value of specs[i] ("" for an optional metric left out).
Status read_metrics(std::string_view vector,
                    std::string_view metrics,
                    std::span<const MetricSpec> specs,
                    std::array<std::string_view, kMaxMetrics>& values) {
    values.fill({});
    if (metrics.empty()) {
        return bad_vector(vector, "it has no metrics");
    }
    std::size_t start = 0;
    while (start <= metrics.size()) {
        const std::size_t slash = metrics.find('/', start);
        const std::size_t end = slash == std::string_view::npos ? metrics.size() : slash;
        const std::string_view part = metrics.substr(start, end - start);
        const std::size_t colon = part.find(':');
        if (colon == std::string_view::npos || colon == 0 || colon + 1 == part.size()) {
            return bad_vector(vector, "'" + std::string(part) + "' is not METRIC:VALUE");
        }
        const std::string_view name = part.substr(0, colon);
        const std::string_view value = part.substr(colon + 1);
        std::size_t index = 0;
        while (index < specs.size() && specs[index].name != name) {
            ++index;
        }
        if (index == specs.size()) {
            return bad_vector(vector, "unknown metric '" + std::string(name) + "'");
        }
        if (!values[index].empty()) {
            return bad_vector(vector, "metric '" + std::string(name) + "' is given twice");
        }
        if (!is_one_of(specs[index].values, value)) {
            return bad_vector(vector, "'" + std::string(value) + "' is not a value of metric '" +
                                          std::string(name) + "'");
        }
        values[index] = value;
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    for (std::size_t i = 0; i < specs.size(); ++i) {
        if (specs[i].required && values[i].empty()) {
            return bad_vector(vector,
                              "base metric '" + std::string(specs[i].name) + "' is missing");
        }
    }
    return {};
}

// CVSS v3.1 Appendix A: rounds up to one decimal in integer arithmetic, so that results do not
// depend on how the platform's floating point represents values such as 4.000000000000001.
double roundup_v31(double value) {
    const long long scaled = std::llround(value * 100000.0);
    if (scaled % 10000 == 0) {
        return static_cast<double>(scaled) / 100000.0;
    }
    const long long tenths = scaled / 10000 + 1;  // floor, then up by one tenth
    return static_cast<double>(tenths) / 10.0;
}

// CVSS v3.0 defines Roundup as the smallest one-decimal number not below the input; FIRST's v3.0
// calculator (and hence published v3.0 scores) computes it as ceil(x * 10) / 10 in doubles.
double roundup_v30(double value) {
    return std::ceil(value * 10.0) / 10.0;
}

double weight(std::string_view value,
              std::initializer_list<std::pair<std::string_view, double>> table) {
    for (const auto& [name, number] : table) {
        if (name == value) {
            return number;
        }
    }
    return 0.0;
}

}  // namespace

Result<CvssV3Score> cvss_v3_base_score(std::string_view vector) {
    bool v31 = false;
    if (vector.starts_with("CVSS:3.1/")) {
        v31 = true;
    } else if (!vector.starts_with("CVSS:3.0/")) {
        return bad_vector(vector, "it does not start with CVSS:3.0/ or CVSS:3.1/");
    }
    std::array<std::string_view, kMaxMetrics> values;
    WARDROUND_TRY(read_metrics(vector, vector.substr(9), kV3Metrics, values));
    // Indexes follow kV3Metrics.
    const bool changed = values[4] == "C";
    const double av = weight(values[0], {{"N", 0.85}, {"A", 0.62}, {"L", 0.55}, {"P", 0.2}});
    const double ac = weight(values[1], {{"L", 0.77}, {"H", 0.44}});
    const double pr = changed ? weight(values[2], {{"N", 0.85}, {"L", 0.68}, {"H", 0.5}})
                              : weight(values[2], {{"N", 0.85}, {"L", 0.62}, {"H", 0.27}});
    const double ui = weight(values[3], {{"N", 0.85}, {"R", 0.62}});
    const auto cia = [](std::string_view value) {
        return weight(value, {{"H", 0.56}, {"L", 0.22}, {"N", 0.0}});
    };
    const double iss =
        1.0 - (1.0 - cia(values[5])) * (1.0 - cia(values[6])) * (1.0 - cia(values[7]));
    const double impact =
        changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15.0) : 6.42 * iss;
    const double exploitability = 8.22 * av * ac * pr * ui;
    double score = 0.0;
    if (impact > 0.0) {
        const double raw = changed ? std::min(1.08 * (impact + exploitability), 10.0)
                                   : std::min(impact + exploitability, 10.0);
        score = v31 ? roundup_v31(raw) : roundup_v30(raw);
    }
    return CvssV3Score{score, cvss_severity_rating(score)};
}

Status check_cvss_v2_vector(std::string_view vector) {
    std::array<std::string_view, kMaxMetrics> values;
    return read_metrics(vector, vector, kV2Metrics, values);
}

Status check_cvss_v4_vector(std::string_view vector) {
    if (!vector.starts_with("CVSS:4.0/")) {
        return bad_vector(vector, "it does not start with CVSS:4.0/");
    }
    std::array<std::string_view, kMaxMetrics> values;
    return read_metrics(vector, vector.substr(9), kV4Metrics, values);
}

std::string_view cvss_severity_rating(double score) {
    if (score <= 0.0) {
        return "NONE";
    }
    if (score < 4.0) {
        return "LOW";
    }
    if (score < 7.0) {
        return "MEDIUM";
    }
    if (score < 9.0) {
        return "HIGH";
    }
    return "CRITICAL";
}

}  // namespace wardround::vuln::detail

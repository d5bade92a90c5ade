// SPDX-License-Identifier: Apache-2.0
// CVSS vector strings as OSV severity entries carry them: the v3.0/v3.1 base score computed with
// the specification's formula, and shape checks for v2 and v4 vectors, whose scores we do not
// compute (v4 needs FIRST's macro-vector table; v2 is left to the NVD record that publishes it).
#pragma once

#include <string_view>

#include <wardround/core/result.h>

namespace wardround::vuln::detail {

struct CvssV3Score {
    double base_score = 0.0;    // 0.0 to 10.0, one decimal
    std::string_view severity;  // NONE | LOW | MEDIUM | HIGH | CRITICAL
};

// Scores "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" (or CVSS:3.0/...). Temporal and
// environmental metrics are checked but do not change the result, which is the base score.
// Errors: kInvalidArgument naming the first problem (unknown prefix or metric, a bad value, a
// metric given twice, a base metric missing).
[[nodiscard]] Result<CvssV3Score> cvss_v3_base_score(std::string_view vector);

// Checks "AV:N/AC:L/Au:N/C:P/I:P/A:P" (optionally with temporal and environmental metrics).
// Errors: kInvalidArgument as for cvss_v3_base_score.
[[nodiscard]] Status check_cvss_v2_vector(std::string_view vector);

// Checks "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N" with any supplemental,
// threat or environmental metrics. Errors: kInvalidArgument as for cvss_v3_base_score.
[[nodiscard]] Status check_cvss_v4_vector(std::string_view vector);

// The qualitative rating CVSS v3 and v4 give a score: NONE (0.0), LOW, MEDIUM, HIGH, CRITICAL.
[[nodiscard]] std::string_view cvss_severity_rating(double score);

}  // namespace wardround::vuln::detail

// SPDX-License-Identifier: Apache-2.0
// FIRST's Exploit Prediction Scoring System daily CSV: a "#model_version:...,score_date:..." line,
// the header cve,epss,percentile, then one row per CVE (about 300,000 a day, usually gzipped).
// Percentiles compare only within one model version, so the model is kept with every score.
#pragma once

#include <functional>
#include <string>

#include <wardround/core/diagnostic.h>
#include <wardround/core/input_file.h>
#include <wardround/core/result.h>

namespace wardround::vuln {

struct EpssHeader {
    std::string model_version;  // "v2023.03.01"
    std::string score_date;     // canonical UTC timestamp
};

struct EpssScore {
    std::string cve_id;
    double epss = 0;        // probability of exploitation activity in the next 30 days, 0..1
    double percentile = 0;  // 0..1, within the model version
};

// Streams the scores of an EPSS CSV. `on_header` runs once before the first score; `on_score` once
// per usable row (rows that are not usable become `epss.*` diagnostics). Errors (kInvalidArgument,
// naming the file and line): no #model_version line with a score_date, a header other than
// cve,epss,percentile, broken CSV quoting; errors returned by the callbacks stop the parse.
[[nodiscard]] Status parse_epss(InputFile& file,
                                Diagnostics& diagnostics,
                                const std::function<Status(const EpssHeader&)>& on_header,
                                const std::function<Status(const EpssScore&)>& on_score);

}  // namespace wardround::vuln

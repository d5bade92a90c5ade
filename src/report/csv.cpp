// SPDX-License-Identifier: Apache-2.0
// The open findings as CSV, one row each, for people who work in a spreadsheet.
#include <fmt/core.h>

#include <wardround/report/report.h>

#include "report/report_internal.h"

namespace wardround::report {

std::string render_csv(const ReportData& data) {
    using detail::csv_cell;
    std::string out =
        "finding_id,org,asset_id,hostname,site,kind,vendor,product,version,vulnerability,status,"
        "priority,due_date,overdue,kev,reasons\r\n";
    for (const ReportFinding& finding : data.findings) {
        out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", finding.id,
                           csv_cell(finding.org_code), finding.asset_id, csv_cell(finding.hostname),
                           csv_cell(finding.site), csv_cell(finding.kind), csv_cell(finding.vendor),
                           csv_cell(finding.product), csv_cell(finding.version),
                           csv_cell(finding.vulnerability), csv_cell(finding.status),
                           csv_cell(finding.priority), csv_cell(finding.due_date),
                           finding.overdue ? "yes" : "no", finding.kev ? "yes" : "no",
                           csv_cell(finding.reasons_summary()));
    }
    return out;
}

}  // namespace wardround::report

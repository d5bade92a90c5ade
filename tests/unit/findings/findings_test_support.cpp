// SPDX-License-Identifier: Apache-2.0
#include "findings_test_support.h"

#include <algorithm>

#include <wardround/core/input_file.h>
#include <wardround/inventory/inventory_store.h>
#include <wardround/org/org_import.h>
#include <wardround/vuln/feed_import.h>

#include "support/test_support.h"

namespace wardround::findings::testing {

std::string findings_fixture(const std::string& name) {
    return ::wardround::testing::fixture("findings/" + name);
}

Timestamp at(const std::string& text) {
    auto parsed = parse_timestamp(text);
    if (!parsed) {
        ADD_FAILURE() << text << ": " << parsed.error().to_string();
        return Timestamp{};
    }
    return *parsed;
}

void import_organisations(store::Database& database, const std::string& path) {
    auto file = InputFile::open(path);
    if (!file) {
        ADD_FAILURE() << path << ": " << file.error().to_string();
        return;
    }
    auto imported = org::import_organisations(database, *file);
    if (!imported) {
        ADD_FAILURE() << path << ": " << imported.error().to_string();
        return;
    }
    EXPECT_EQ(imported->run.counts.rejected, 0) << path;
}

void import_feeds(store::Database& database, const std::vector<std::string>& paths) {
    auto report = vuln::import_feeds(database, paths);
    if (!report) {
        ADD_FAILURE() << report.error().to_string();
        return;
    }
    EXPECT_FALSE(report->has_rejections());
}

void import_fixture_knowledge(store::Database& database) {
    import_feeds(database, {findings_fixture("nvd-page.json"), findings_fixture("kev.json"),
                            findings_fixture("epss.csv")});
}

void import_fixture_organisations(store::Database& database) {
    import_organisations(database, findings_fixture("organisations.csv"));
}

void import_estate(store::Database& database,
                   const std::string& path,
                   const std::string& org_code,
                   const std::string& source) {
    inventory::InventoryImporter importer(database);
    inventory::InventoryImportOptions options;
    options.org_code = org_code;
    options.source = source;
    auto report = importer.import_file(path, options);
    if (!report) {
        ADD_FAILURE() << path << ": " << report.error().to_string();
    }
}

ScanSummary scan(store::Database& database,
                 const std::string& when,
                 const std::string& org_code,
                 const PriorityPolicy& policy) {
    ScanOptions options;
    options.org_code = org_code;
    options.policy = policy;
    options.now = at(when);
    options.threads = 2;
    auto summary = run_scan(database, options);
    if (!summary) {
        ADD_FAILURE() << "scan at " << when << ": " << summary.error().to_string();
        return ScanSummary{};
    }
    return *summary;
}

std::vector<FindingRow> all_findings(store::Database& database, const std::string& org_code) {
    FindingFilter filter;
    filter.org_code = org_code;
    filter.statuses = {"new",      "open",           "fixed",       "reopened",
                       "accepted", "false_positive", "not_affected"};
    auto rows = list_findings(database, filter);
    if (!rows) {
        ADD_FAILURE() << rows.error().to_string();
        return {};
    }
    return *rows;
}

FindingRow finding(store::Database& database,
                   const std::string& hostname,
                   const std::string& vuln_id) {
    std::vector<FindingRow> found;
    for (FindingRow& row : all_findings(database)) {
        if (row.hostname == hostname && row.vuln_id == vuln_id) {
            found.push_back(std::move(row));
        }
    }
    if (found.size() != 1) {
        ADD_FAILURE() << found.size() << " findings for " << hostname << " " << vuln_id;
        return FindingRow{};
    }
    return found.front();
}

FindingDetail finding_detail(store::Database& database, std::int64_t id) {
    auto found = get_finding(database, id);
    if (!found) {
        ADD_FAILURE() << found.error().to_string();
        return FindingDetail{};
    }
    return *found;
}

std::vector<std::string> event_trail(const FindingDetail& detail) {
    std::vector<std::string> out;
    for (const FindingEvent& event : detail.events) {
        out.push_back(event.from_status + ">" + event.to_status +
                      (event.reason.empty() ? "" : " (" + event.reason + ")"));
    }
    return out;
}

std::vector<std::string> picture(const std::vector<FindingRow>& rows) {
    std::vector<std::string> out;
    for (const FindingRow& row : rows) {
        out.push_back(row.hostname + " " + row.vuln_id + " " + row.status + " " + row.priority);
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace wardround::findings::testing

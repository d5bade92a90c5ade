// SPDX-License-Identifier: Apache-2.0
// What the scan and findings suites share: the fixtures in tests/data/findings imported with the
// real importers (organisations, feeds, inventory files), a scan at a given time, and findings read
// back by host name and vulnerability. Helpers report failures with ADD_FAILURE; the assertions
// stay in the tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/core/time.h>
#include <wardround/findings/findings_queries.h>
#include <wardround/findings/scan.h>
#include <wardround/store/database.h>

namespace wardround::findings::testing {

// Path of a fixture in tests/data/findings.
std::string findings_fixture(const std::string& name);

// A moment given as text ("2026-01-12T09:00:00Z"); a test failure and the epoch when it does not
// parse.
Timestamp at(const std::string& text);

// Imports an organisation file.
void import_organisations(store::Database& database, const std::string& path);

// Imports feed files or directories in one call.
void import_feeds(store::Database& database, const std::vector<std::string>& paths);

// The knowledge base of the small fixtures: the NVD page, the KEV catalogue and the EPSS scores.
void import_fixture_knowledge(store::Database& database);

// The organisation tree of the fixtures (FE1 > FR1 > FQ1 > FT1, FT2; FE1 > FR2 > FQ2 > FT3).
void import_fixture_organisations(store::Database& database);

// Imports an inventory file into `org_code`'s estate (source "csv" for the CSV fixtures, so a
// later file replaces an earlier one's components).
void import_estate(store::Database& database,
                   const std::string& path,
                   const std::string& org_code,
                   const std::string& source = "");

// Runs a scan at `when` over `org_code` ("" for every organisation) with the default policy;
// a test failure and an empty summary when it fails.
ScanSummary scan(store::Database& database,
                 const std::string& when,
                 const std::string& org_code = "",
                 const PriorityPolicy& policy = {});

// Every finding of every status (of `org_code` and beneath, "" for all), in list order.
std::vector<FindingRow> all_findings(store::Database& database, const std::string& org_code = "");

// The finding on the asset with `hostname` for `vuln_id`; a test failure and an empty row when
// there is not exactly one.
FindingRow finding(store::Database& database,
                   const std::string& hostname,
                   const std::string& vuln_id);

// The finding's detail (events, decision); a test failure and an empty detail when it fails.
FindingDetail finding_detail(store::Database& database, std::int64_t id);

// "from>to (reason)" of each of the finding's events, in order: "" for no from status, and no
// parentheses for no reason.
std::vector<std::string> event_trail(const FindingDetail& detail);

// "hostname vuln status priority" of each finding, sorted: a whole picture in one comparison.
std::vector<std::string> picture(const std::vector<FindingRow>& rows);

}  // namespace wardround::findings::testing

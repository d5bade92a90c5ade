// SPDX-License-Identifier: Apache-2.0
// CISA's Known Exploited Vulnerabilities catalogue, from its JSON (with catalogVersion and
// dateReleased) or its CSV (the same columns, no catalogue metadata). KEV has no product
// applicability of its own: it is joined to NVD and CSAF records by CVE id.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <wardround/core/diagnostic.h>
#include <wardround/core/input_file.h>
#include <wardround/core/result.h>

namespace wardround::vuln {

struct KevEntry {
    std::string cve_id;
    std::string vendor_project;
    std::string product;
    std::string vulnerability_name;
    std::string date_added;  // YYYY-MM-DD
    std::string short_description;
    std::string required_action;
    std::string due_date;  // YYYY-MM-DD; can be earlier than date_added (pre-catalogue deadlines)
    std::string known_ransomware_use;  // "Known" | "Unknown"
    std::string notes;                 // as published: several URLs separated by " ; "
    std::vector<std::string> cwes;

    bool operator==(const KevEntry&) const = default;
};

struct KevCatalogue {
    std::string title;
    // Ordering key of catalogues: catalogVersion ("2025.08.25"), then dateReleased (canonical UTC;
    // "" for a CSV, which carries neither, so its version is derived from the newest dateAdded).
    std::string catalog_version;
    std::string date_released;
    std::optional<std::int64_t> declared_count;
    bool from_csv = false;
    std::vector<KevEntry> entries;
    // CVE ids of entries rejected as unusable: they are not "removed from the catalogue".
    std::set<std::string> rejected_ids;
    // True when an entry was rejected before its CVE id could be read: removals are then
    // unknowable.
    bool rejected_without_id = false;
    std::int64_t rejected = 0;  // entries reported as error diagnostics and left out
};

// Parses a KEV JSON catalogue. Errors (kInvalidArgument, where = file and JSON path or byte
// offset): not JSON, not a KEV catalogue (no catalogVersion or no vulnerabilities array). Entries
// with missing or malformed fields become `kev.*` diagnostics and are left out.
[[nodiscard]] Result<KevCatalogue> parse_kev_json(InputFile& file, Diagnostics& diagnostics);

// Parses the KEV CSV (header cveID,vendorProject,...). Errors: kInvalidArgument for a missing
// required column or broken quoting.
[[nodiscard]] Result<KevCatalogue> parse_kev_csv(InputFile& file, Diagnostics& diagnostics);

}  // namespace wardround::vuln

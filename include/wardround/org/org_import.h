// SPDX-License-Identifier: Apache-2.0
// Importing organisations from CSV: Wardround's documented format and the real NHS publications
// (DSPT status snapshots, the ONS sub-ICB/ICB/region lookup, ODS trust lists). The format is
// detected from the header. One import is one transaction.
#pragma once

#include <string_view>

#include <wardround/core/diagnostic.h>
#include <wardround/core/input_file.h>
#include <wardround/core/result.h>
#include <wardround/store/database.h>
#include <wardround/store/provenance.h>

namespace wardround::org {

enum class OrgFileFormat {
    kWardround,  // code,name,type,parent_code[,ons_code,sector,latitude,longitude,opened_on,closed_on]
    kDsptTrusts,  // DSPT trust snapshot: Code, National Grouping, High Level Health Geography,
                  // Status, ...
    kDsptIcbs,    // DSPT ICB snapshot: ICB23CD, ICB23CDH, ICB23NM, Status, ...
    kDsptOrganisations,  // DSPT snapshot of other bodies (CSUs): Code, Organisation Name, Status,
                         // ...
    kDsptTrustDevices,   // DSPT 2021-22 trust snapshot with Windows endpoint counts: ODS Code,
                         // Status
    kOnsLookup,          // ONS Sub-ICB location to ICB to NHS England region lookup
    kOdsTrusts,          // ODS etr/ect extract: no header, 27 quoted columns
};

[[nodiscard]] std::string_view org_file_format_name(OrgFileFormat format);

struct OrgImportReport {
    OrgFileFormat format = OrgFileFormat::kWardround;
    store::ImportRun run;
    Diagnostics diagnostics;
    std::int64_t dspt_statuses_added = 0;
    std::int64_t parents_created = 0;  // regions and ICBs made from a trust row's codes
};

// Imports `file` into `database` in one transaction. Structural problems (no recognisable header,
// unreadable file) fail with kInvalidArgument naming the file and line, and change nothing; bad
// rows become diagnostics (org.*) and the rest is imported.
[[nodiscard]] Result<OrgImportReport> import_organisations(store::Database& database,
                                                           InputFile& file);

}  // namespace wardround::org

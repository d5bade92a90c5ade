// SPDX-License-Identifier: Apache-2.0
// CycloneDX VEX: a manufacturer's or a team's analysis of whether a vulnerability affects a product
// (`vulnerabilities[].analysis.state`). not_affected and false_positive suppress the matching
// findings with the reason; resolved marks them fixed for that product. Statements are kept per
// organisation and applied by every later scan.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/diagnostic.h>
#include <wardround/core/result.h>
#include <wardround/store/database.h>

namespace wardround::findings {

struct VexStatement {
    std::string vuln_id;        // CVE-2020-25649
    std::string state;          // not_affected | false_positive | resolved | exploitable | ...
    std::string justification;  // code_not_reachable, ...
    std::string detail;
    std::vector<std::string> refs;  // affects[].ref as written
    std::string location;           // "$.vulnerabilities[3]"
};

// Reads the vulnerabilities of a CycloneDX document (a VEX, or an SBOM that carries them). Entries
// without an id or an analysis state are diagnostics (vex.missing_id, vex.missing_state) and left
// out. Errors (kInvalidArgument, naming the JSON path): not JSON, not a CycloneDX document, a
// `vulnerabilities` that is not an array. Documents are read whole: at most 64 MiB.
[[nodiscard]] Result<std::vector<VexStatement>> parse_cyclonedx_vex(std::string_view json,
                                                                    Diagnostics& diagnostics);
inline constexpr std::size_t kVexMaxBytes = 64U << 20U;

// The package URL an affects ref names: the ref itself when it is one, or the part after '#' of a
// BOM-Link (urn:cdx:serial/version#pkg:...); "" otherwise.
[[nodiscard]] std::string vex_ref_purl(std::string_view ref);

struct VexImportReport {
    std::string file;
    std::int64_t statements = 0;   // stored
    std::int64_t suppressing = 0;  // not_affected, false_positive or resolved
    Diagnostics diagnostics;
};

// Stores a file's statements for the organisation, for one asset (id, serial or host name) when
// `asset` is given; without it only statements that name a package URL are kept, for every asset
// with that package. Re-importing the same file replaces its statements. Errors (nothing changed):
// kNotFound for an unknown organisation or asset; those of parse_cyclonedx_vex with the file name;
// file and backend errors.
[[nodiscard]] Result<VexImportReport> import_vex_file(store::Database& database,
                                                      const std::string& path,
                                                      const std::string& org_code,
                                                      const std::string& asset);

}  // namespace wardround::findings

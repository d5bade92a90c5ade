// SPDX-License-Identifier: Apache-2.0
// Writing the synthetic estate as the files an organisation would import: the organisation tree
// as Wardround's organisation CSV, and for each organisation its inventory CSV (endpoints, servers,
// appliances with their posture columns, and the medical devices that run an embedded Windows or
// have a network segment), its medical device register CSV and an nmap XML scan of the hosts with
// listening services. Files are written streaming, one asset at a time, and are byte-identical
// for the same options.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/synth/synth.h>

namespace wardround::synth {

// What writing one organisation produced. A file is only named when it has at least one asset.
struct SynthFiles {
    std::string org_code;
    std::string inventory_csv;  // <dir>/<code>-inventory.csv
    std::string register_csv;   // <dir>/<code>-register.csv
    std::string scan_xml;       // <dir>/<code>-scan.xml
    SynthCounts counts;
};

// Writes <directory>/organisations.csv (code,name,type,parent_code,sector) and returns its path.
// Errors: kUnavailable when the file cannot be written.
[[nodiscard]] Result<std::string> write_organisations_csv(const SynthEstate& estate,
                                                          const std::string& directory);

// Writes the files of organisations()[org_index] into `directory` (which must exist), replacing
// files of the same names. Errors: kUnavailable when a file cannot be written.
[[nodiscard]] Result<SynthFiles> write_organisation_files(const SynthEstate& estate,
                                                          std::size_t org_index,
                                                          const std::string& directory);

}  // namespace wardround::synth

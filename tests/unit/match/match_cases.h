// SPDX-License-Identifier: Apache-2.0
// Reading matching case files (tests/data/match/README.md) into NVD specs, assets and expected
// outcomes; shared by the case runner and the differential test.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/match/nvd_index.h>

namespace wardround::match::testing {

struct CaseAsset {
    std::string name;
    std::vector<std::string> cpes;
};

struct CaseFile {
    std::vector<CveSpec> cves;
    std::vector<CaseAsset> assets;
    // (asset, cve) -> "affected" | "not-evaluable" | "unaffected"
    std::map<std::pair<std::string, std::string>, std::string> expected;
};

// Reads a case file. Errors name the file and line of a malformed line.
Result<CaseFile> read_case_file(const std::string& path);

}  // namespace wardround::match::testing

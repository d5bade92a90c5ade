// SPDX-License-Identifier: Apache-2.0
// Reading what matching needs from the knowledge base: NVD's configurations compiled into an index,
// and the facts priority is computed from (KEV, EPSS, CVSS).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/findings/policy.h>
#include <wardround/match/csaf_matcher.h>
#include <wardround/match/nvd_index.h>
#include <wardround/match/osv_matcher.h>
#include <wardround/store/database.h>

namespace wardround::findings::detail {

struct KnowledgeState {
    std::string version;  // "nvd 2026-06-01T..., kev 2025.08.25, epss v2025.03.14/2026-05-18"
    std::string newest;   // newest NVD last_modified
    bool demo = false;    // the newest NVD import was the demo pack
    std::int64_t cves_without_configurations = 0;
};

[[nodiscard]] Result<KnowledgeState> read_knowledge_state(store::Database& database);

// Every CVE with configurations (`only_cve` set: that one alone), compiled.
[[nodiscard]] Result<match::NvdIndex> load_nvd_index(store::Database& database,
                                                     const std::string& only_cve = {});

// Every OSV affected entry of records not withdrawn, with its ranges; each named by the CVE it is
// an alias of where it has one.
[[nodiscard]] Result<match::OsvIndex> load_osv_index(store::Database& database);

// Every CSAF product named by vendor and product text (no CPE or purl: device advisories), with
// what each vulnerability's product_status says of it.
[[nodiscard]] Result<match::CsafIndex> load_csaf_index(store::Database& database);

// KEV, EPSS and CVSS for the CVEs priority asks about, read once per CVE (vuln::find_cve) and
// cached.
class VulnerabilityFacts {
public:
    explicit VulnerabilityFacts(store::Database& database) : database_(database) {}
    // Fills the vulnerability's side of `facts`. Errors: backend errors.
    [[nodiscard]] Status fill(const std::string& cve, PriorityFacts& facts);

private:
    store::Database& database_;
    std::unordered_map<std::string, PriorityFacts> cache_;
};

}  // namespace wardround::findings::detail

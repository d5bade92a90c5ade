// SPDX-License-Identifier: Apache-2.0
// Reading the knowledge base back for people: each feed's state and age, and everything known about
// one CVE from every feed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/core/time.h>
#include <wardround/store/database.h>
#include <wardround/vuln/kev.h>

namespace wardround::vuln {

struct FeedStatus {
    std::string feed;            // nvd | kev | epss | csaf | osv
    std::int64_t records = 0;    // CVEs, listed KEV entries, scored CVEs, advisories
    std::int64_t extra = 0;      // nvd: without configurations; kev: removed; others: 0
    std::string newest;          // the newest data: last modified, catalogue release, score date
    std::string version;         // kev catalogue version, epss model version; "" otherwise
    std::int64_t imports = 0;    // provenance records
    std::string last_import_at;  // finished_at of the latest import, "" when never imported
    std::string last_source;
    std::string last_outcome;
    std::optional<double> age_days;  // now - newest; empty when nothing is imported
    bool stale = false;              // age past the limit, or never imported
    bool demo = false;               // the latest import was the demo pack, not a real feed
};

// True when an import's source is the demo knowledge pack shipped in data/demo/kb (its folder, or
// one of its files, all named wardround-demo-*): a small subset written for demonstrations, never
// to be mistaken for a feed.
[[nodiscard]] bool is_demo_pack_source(std::string_view source);

struct StaleLimits {
    double default_days = 7;
    std::map<std::string, double> per_feed;  // feed -> days
    [[nodiscard]] double for_feed(const std::string& feed) const;
};

// One status per feed, in the order nvd, kev, epss, csaf, osv, whether imported or not.
[[nodiscard]] Result<std::vector<FeedStatus>> feed_status(store::Database& database,
                                                          Timestamp now,
                                                          const StaleLimits& limits = {});

struct CveMetricView {
    std::string cvss_version;
    std::string source;
    std::string type;  // Primary | Secondary
    std::string vector;
    double base_score = 0;
    std::string base_severity;
    bool from_nvd = false;  // source is nvd@nist.gov
};

struct CpeMatchView {
    bool vulnerable = true;
    std::string criteria;
    std::string version_start_including;
    std::string version_start_excluding;
    std::string version_end_including;
    std::string version_end_excluding;
};

struct CveNodeView {
    std::string op;
    bool negate = false;
    std::vector<CpeMatchView> matches;
};

struct CveConfigurationView {
    std::string op;
    bool negate = false;
    std::vector<CveNodeView> nodes;
};

struct AdvisoryMention {
    std::string format;  // csaf | osv
    std::string publisher;
    std::string source_id;
    std::string title;
    std::string modified;
    std::map<std::string, std::int64_t> product_status_counts;  // CSAF: status -> products
};

struct KevView {
    KevEntry entry;
    std::string first_catalog_version;
    std::string catalog_version;
    std::string removed_in_catalog;
};

struct EpssView {
    double epss = 0;
    double percentile = 0;
    std::string model_version;
    std::string score_date;
};

struct CveDetails {
    std::string id;
    bool in_nvd = false;
    std::string vuln_status;
    std::string source_identifier;
    std::string published;
    std::string last_modified;
    std::string description;
    std::vector<CveMetricView> metrics;     // NVD order: v4.0, v3.1, v3.0, v2; Primary first
    std::optional<CveMetricView> headline;  // NVD primary of the newest version, else the CNA's
    std::vector<std::string> cwes;
    std::vector<std::string> references;
    std::vector<CveConfigurationView> configurations;
    std::optional<KevView> kev;
    std::optional<EpssView> epss;
    std::vector<AdvisoryMention> advisories;
};

// Everything about `cve_id` from every feed. Errors: kInvalidArgument for something that is not a
// CVE id; kNotFound when no feed mentions it.
[[nodiscard]] Result<CveDetails> find_cve(store::Database& database, const std::string& cve_id);

}  // namespace wardround::vuln

// SPDX-License-Identifier: Apache-2.0
#include <algorithm>

#include <simdjson.h>

#include <wardround/core/identifiers.h>
#include <wardround/vuln/knowledge_base.h>

namespace wardround::vuln {
namespace {

using store::Value;

struct FeedQueries {
    const char* feed;
    const char* records;  // count
    const char* extra;    // a second count, or nullptr
    const char* newest;   // newest data, as canonical text
};

// The newest data of each feed, for its age: NVD records' lastModified, the KEV catalogue's release
// (or for a CSV, its newest dateAdded), the EPSS score date, advisories' modified times.
constexpr FeedQueries kFeeds[] = {
    {"nvd", "SELECT COUNT(*) FROM cve", "SELECT COUNT(*) FROM cve WHERE has_configurations = 0",
     "SELECT MAX(last_modified) FROM cve"},
    {"kev", "SELECT COUNT(*) FROM kev_entry WHERE removed_in_catalog IS NULL",
     "SELECT COUNT(*) FROM kev_entry WHERE removed_in_catalog IS NOT NULL",
     "SELECT MAX(CASE WHEN date_released = '' THEN replace(catalog_version, '.', '-') "
     "ELSE date_released END) FROM kev_catalog"},
    {"epss", "SELECT COUNT(*) FROM epss_score", nullptr, "SELECT MAX(score_date) FROM epss_score"},
    {"csaf", "SELECT COUNT(*) FROM advisory WHERE format = 'csaf'", nullptr,
     "SELECT MAX(modified) FROM advisory WHERE format = 'csaf'"},
    {"osv", "SELECT COUNT(*) FROM advisory WHERE format = 'osv'", nullptr,
     "SELECT MAX(modified) FROM advisory WHERE format = 'osv'"},
};

Result<std::int64_t> count(store::Database& database, const char* sql) {
    auto value = database.query_value(sql);
    if (!value) {
        return propagate(value.error());
    }
    return *value ? std::get<std::int64_t>(**value) : 0;
}

Result<std::string> text(store::Database& database,
                         const char* sql,
                         std::span<const Value> params = {}) {
    auto value = database.query_value(sql, params);
    if (!value) {
        return propagate(value.error());
    }
    if (!*value || !std::holds_alternative<std::string>(**value)) {
        return std::string();
    }
    return std::get<std::string>(**value);
}

int version_rank(const std::string& version) {
    if (version == "4.0") {
        return 0;
    }
    if (version == "3.1") {
        return 1;
    }
    if (version == "3.0") {
        return 2;
    }
    return 3;
}

// The URLs of a record's references, from the JSON list stored with it.
Status read_references(store::Database& database,
                       std::span<const Value> id,
                       std::vector<std::string>& urls) {
    std::string list;
    WARDROUND_TRY(database.query("SELECT reference_list FROM cve WHERE id = ?", id,
                                 [&](const store::Row& row) -> Status {
                                     list = row.get_text(0);
                                     return {};
                                 }));
    if (list.empty()) {
        return {};
    }
    simdjson::dom::parser parser;
    simdjson::dom::array references;
    if (parser.parse(list).get(references) != simdjson::SUCCESS) {
        return make_error(ErrorCode::kDataLoss, "the stored reference list is not JSON",
                          "cve.reference_list");
    }
    for (simdjson::dom::element reference : references) {
        std::string_view url;
        if (reference["url"].get(url) == simdjson::SUCCESS) {
            urls.emplace_back(url);
        }
    }
    return {};
}

Status read_last_import(store::Database& database,
                        std::span<const Value> feed,
                        FeedStatus& status) {
    WARDROUND_TRY(database.query("SELECT COUNT(*), MAX(finished_at) FROM import_run WHERE kind = ?",
                                 feed, [&](const store::Row& row) -> Status {
                                     status.imports = row.get_int(0);
                                     status.last_import_at = row.get_text(1);
                                     return {};
                                 }));
    return database.query(
        "SELECT source, outcome FROM import_run WHERE kind = ? ORDER BY "
        "finished_at DESC, id DESC "
        "LIMIT 1",
        feed, [&](const store::Row& row) -> Status {
            status.last_source = row.get_text(0);
            status.last_outcome = row.get_text(1);
            return {};
        });
}

// The version of the snapshot held, for the feeds that are snapshots (KEV, EPSS); "" for others.
Result<std::string> feed_version(store::Database& database,
                                 const std::string& name,
                                 std::span<const Value> feed) {
    if (name != "kev" && name != "epss") {
        return std::string();
    }
    auto version = text(database, "SELECT version FROM feed_state WHERE feed = ?", feed);
    if (!version) {
        return propagate(version.error());
    }
    // kev: "2025.08.25|<released>"; epss: "<score date>|v2023.03.01".
    const std::size_t bar = version->find('|');
    return bar == std::string::npos ? *version
           : name == "kev"          ? version->substr(0, bar)
                                    : version->substr(bar + 1);
}

Result<FeedStatus> read_feed_status(store::Database& database,
                                    const FeedQueries& queries,
                                    Timestamp now,
                                    const StaleLimits& limits) {
    FeedStatus status;
    status.feed = queries.feed;
    auto records = count(database, queries.records);
    if (!records) {
        return propagate(records.error());
    }
    status.records = *records;
    if (queries.extra != nullptr) {
        auto extra = count(database, queries.extra);
        if (!extra) {
            return propagate(extra.error());
        }
        status.extra = *extra;
    }
    auto newest = text(database, queries.newest);
    if (!newest) {
        return propagate(newest.error());
    }
    status.newest = *newest;
    const Value feed[] = {Value{status.feed}};
    WARDROUND_TRY(read_last_import(database, feed, status));
    auto version = feed_version(database, status.feed, feed);
    if (!version) {
        return propagate(version.error());
    }
    status.version = std::move(*version);
    if (auto newest_time = parse_timestamp(status.newest)) {
        status.age_days =
            static_cast<double>(now.ms_since_epoch - newest_time->ms_since_epoch) / 86'400'000.0;
    }
    status.stale = !status.age_days || *status.age_days > limits.for_feed(status.feed);
    status.demo = is_demo_pack_source(status.last_source);
    return status;
}

Status read_nvd_record(store::Database& database, std::span<const Value> id, CveDetails& details) {
    return database.query(
        "SELECT vuln_status, COALESCE(source_identifier, ''), COALESCE(published, ''), "
        "last_modified, COALESCE(description, '') FROM cve WHERE id = ?",
        id, [&](const store::Row& row) -> Status {
            details.in_nvd = true;
            details.vuln_status = row.get_text(0);
            details.source_identifier = row.get_text(1);
            details.published = row.get_text(2);
            details.last_modified = row.get_text(3);
            details.description = row.get_text(4);
            return {};
        });
}

// Every CVSS metric, newest version and primary first, and the headline among them.
Status read_metrics(store::Database& database, std::span<const Value> id, CveDetails& details) {
    WARDROUND_TRY(database.query(
        "SELECT cvss_version, source, type, vector, base_score, COALESCE(base_severity, '') "
        "FROM cve_metric WHERE cve_id = ? ORDER BY seq",
        id, [&](const store::Row& row) -> Status {
            CveMetricView metric{row.get_text(0),
                                 row.get_text(1),
                                 row.get_text(2),
                                 row.get_text(3),
                                 row.get_double(4),
                                 row.get_text(5),
                                 false};
            metric.from_nvd = metric.source == "nvd@nist.gov";
            details.metrics.push_back(std::move(metric));
            return {};
        }));
    std::stable_sort(details.metrics.begin(), details.metrics.end(),
                     [](const CveMetricView& a, const CveMetricView& b) {
                         return std::pair(version_rank(a.cvss_version), a.type != "Primary") <
                                std::pair(version_rank(b.cvss_version), b.type != "Primary");
                     });
    // The headline score: NVD's own assessment of the newest CVSS version it gave, else the CNA's.
    for (bool want_nvd : {true, false}) {
        for (const CveMetricView& metric : details.metrics) {
            if (metric.from_nvd == want_nvd && !details.headline) {
                details.headline = metric;
            }
        }
    }
    return {};
}

// The applicability tree, rebuilt from its cpeMatch rows (each carries its node's and
// configuration's operator and negate).
Status read_configurations(store::Database& database,
                           std::span<const Value> id,
                           CveDetails& details) {
    return database.query(
        "SELECT config_index, node_index, config_operator, config_negate, node_operator, "
        "node_negate, vulnerable, criteria, COALESCE(version_start_including, ''), "
        "COALESCE(version_start_excluding, ''), COALESCE(version_end_including, ''), "
        "COALESCE(version_end_excluding, '') FROM cve_cpe_match WHERE cve_id = ? "
        "ORDER BY config_index, node_index, match_index",
        id, [&](const store::Row& row) -> Status {
            const auto config = static_cast<std::size_t>(row.get_int(0));
            const auto node = static_cast<std::size_t>(row.get_int(1));
            if (config >= details.configurations.size()) {
                details.configurations.resize(config + 1);
                details.configurations[config].op = row.get_text(2);
                details.configurations[config].negate = row.get_int(3) != 0;
            }
            auto& nodes = details.configurations[config].nodes;
            if (node >= nodes.size()) {
                nodes.resize(node + 1);
                nodes[node].op = row.get_text(4);
                nodes[node].negate = row.get_int(5) != 0;
            }
            nodes[node].matches.push_back({row.get_int(6) != 0, row.get_text(7), row.get_text(8),
                                           row.get_text(9), row.get_text(10), row.get_text(11)});
            return {};
        });
}

// Everything the NVD record holds: its text, scores, weaknesses, references and configurations.
Status read_nvd(store::Database& database, std::span<const Value> id, CveDetails& details) {
    WARDROUND_TRY(read_nvd_record(database, id, details));
    WARDROUND_TRY(read_metrics(database, id, details));
    WARDROUND_TRY(
        database.query("SELECT DISTINCT cwe_id FROM cve_weakness WHERE cve_id = ? ORDER BY cwe_id",
                       id, [&](const store::Row& row) -> Status {
                           details.cwes.push_back(row.get_text(0));
                           return {};
                       }));
    WARDROUND_TRY(read_references(database, id, details.references));
    return read_configurations(database, id, details);
}

Status read_kev(store::Database& database, std::span<const Value> id, CveDetails& details) {
    return database.query(
        "SELECT vendor_project, product, vulnerability_name, date_added, due_date, "
        "short_description, "
        "required_action, known_ransomware_use, COALESCE(notes, ''), first_catalog_version, "
        "catalog_version, COALESCE(removed_in_catalog, '') FROM kev_entry WHERE cve_id = ?",
        id, [&](const store::Row& row) -> Status {
            KevView kev;
            kev.entry.cve_id = details.id;
            kev.entry.vendor_project = row.get_text(0);
            kev.entry.product = row.get_text(1);
            kev.entry.vulnerability_name = row.get_text(2);
            kev.entry.date_added = row.get_text(3);
            kev.entry.due_date = row.get_text(4);
            kev.entry.short_description = row.get_text(5);
            kev.entry.required_action = row.get_text(6);
            kev.entry.known_ransomware_use = row.get_text(7);
            kev.entry.notes = row.get_text(8);
            kev.first_catalog_version = row.get_text(9);
            kev.catalog_version = row.get_text(10);
            kev.removed_in_catalog = row.get_text(11);
            details.kev = std::move(kev);
            return {};
        });
}

// The advisories that name the CVE, each with its count of products per CSAF status.
Status read_advisories(store::Database& database, std::span<const Value> id, CveDetails& details) {
    std::map<std::int64_t, std::size_t> advisory_index;
    WARDROUND_TRY(
        database.query("SELECT a.id, a.format, a.publisher, a.source_id, COALESCE(a.title, "
                       "COALESCE(a.summary, '')), "
                       "a.modified FROM advisory a WHERE a.id IN (SELECT advisory_id FROM "
                       "advisory_cve WHERE cve_id = ?) "
                       "ORDER BY a.format, a.publisher, a.source_id",
                       id, [&](const store::Row& row) -> Status {
                           advisory_index[row.get_int(0)] = details.advisories.size();
                           details.advisories.push_back({row.get_text(1),
                                                         row.get_text(2),
                                                         row.get_text(3),
                                                         row.get_text(4),
                                                         row.get_text(5),
                                                         {}});
                           return {};
                       }));
    return database.query(
        "SELECT s.advisory_id, s.status, COUNT(*) FROM csaf_product_status s "
        "JOIN csaf_vulnerability v ON v.advisory_id = s.advisory_id AND v.vuln_index = "
        "s.vuln_index "
        "WHERE v.cve = ? GROUP BY s.advisory_id, s.status",
        id, [&](const store::Row& row) -> Status {
            const auto found = advisory_index.find(row.get_int(0));
            if (found != advisory_index.end()) {
                details.advisories[found->second].product_status_counts[row.get_text(1)] =
                    row.get_int(2);
            }
            return {};
        });
}

}  // namespace

double StaleLimits::for_feed(const std::string& feed) const {
    const auto found = per_feed.find(feed);
    return found == per_feed.end() ? default_days : found->second;
}

bool is_demo_pack_source(std::string_view source) {
    while (!source.empty() && source.back() == '/') {
        source.remove_suffix(1);
    }
    const std::size_t slash = source.rfind('/');
    const std::string_view name =
        slash == std::string_view::npos ? source : source.substr(slash + 1);
    const std::string_view folder = "demo/kb";
    return name.substr(0, 15) == "wardround-demo-" ||
           (source.size() >= folder.size() &&
            source.substr(source.size() - folder.size()) == folder);
}

Result<std::vector<FeedStatus>> feed_status(store::Database& database,
                                            Timestamp now,
                                            const StaleLimits& limits) {
    std::vector<FeedStatus> statuses;
    for (const FeedQueries& queries : kFeeds) {
        auto status = read_feed_status(database, queries, now, limits);
        if (!status) {
            return propagate(status.error());
        }
        statuses.push_back(std::move(*status));
    }
    return statuses;
}

Result<CveDetails> find_cve(store::Database& database, const std::string& cve_id) {
    if (!is_cve_id(cve_id)) {
        return make_error(ErrorCode::kInvalidArgument,
                          "'" + cve_id + "' is not a CVE id (CVE-YYYY-NNNN)");
    }
    CveDetails details;
    details.id = cve_id;
    const Value id[] = {Value{cve_id}};
    WARDROUND_TRY(read_nvd(database, id, details));
    WARDROUND_TRY(read_kev(database, id, details));
    WARDROUND_TRY(database.query(
        "SELECT epss, percentile, model_version, score_date FROM epss_score WHERE cve_id = ?", id,
        [&](const store::Row& row) -> Status {
            details.epss =
                EpssView{row.get_double(0), row.get_double(1), row.get_text(2), row.get_text(3)};
            return {};
        }));
    WARDROUND_TRY(read_advisories(database, id, details));
    if (!details.in_nvd && !details.kev && !details.epss && details.advisories.empty()) {
        return make_error(ErrorCode::kNotFound, "no imported feed mentions " + cve_id);
    }
    return details;
}

}  // namespace wardround::vuln

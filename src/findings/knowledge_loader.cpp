// SPDX-License-Identifier: Apache-2.0
#include "findings/knowledge_loader.h"

#include <map>
#include <optional>
#include <utility>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <wardround/core/text.h>
#include <wardround/vuln/knowledge_base.h>

namespace wardround::findings::detail {

using store::Value;

namespace {

// The strings of a JSON array, in order; none when it is not an array.
std::vector<std::string> json_strings(const nlohmann::json& array) {
    std::vector<std::string> out;
    if (!array.is_array()) {
        return out;
    }
    for (const auto& item : array) {
        if (item.is_string()) {
            out.push_back(item.get<std::string>());
        }
    }
    return out;
}

// The CVE each OSV record is an alias of, by advisory row (the lowest when several).
Result<std::unordered_map<std::int64_t, std::string>> read_advisory_cves(
    store::Database& database) {
    std::unordered_map<std::int64_t, std::string> cves;
    WARDROUND_TRY(
        database.query("SELECT advisory_id, MIN(cve_id) FROM advisory_cve GROUP BY advisory_id", {},
                       [&cves](const store::Row& row) -> Status {
                           cves[row.get_int(0)] = row.get_text(1);
                           return {};
                       }));
    return cves;
}

// One OSV range (columns 6 and 7: type and events) of a row.
match::OsvRangeSpec osv_range(const store::Row& row) {
    match::OsvRangeSpec range;
    range.type = row.get_text(6);
    const nlohmann::json events = nlohmann::json::parse(row.get_text(7), nullptr, false);
    if (!events.is_array()) {
        return range;
    }
    for (const auto& event : events) {
        if (!event.is_object()) {
            continue;
        }
        for (const auto& [kind, value] : event.items()) {
            if (value.is_string()) {
                range.events.emplace_back(kind, value.get<std::string>());
            }
        }
    }
    return range;
}

// Folds the rows of affected entries joined with their ranges, ordered by entry, into the index:
// one entry per (advisory, affected index), with each of its ranges.
class OsvEntryReader {
public:
    explicit OsvEntryReader(std::unordered_map<std::int64_t, std::string> cves)
        : cves_(std::move(cves)) {}

    Status add(const store::Row& row) {
        const std::pair<std::int64_t, std::int64_t> key{row.get_int(0), row.get_int(1)};
        if (key != current_key_) {
            start(key, row);
        }
        if (row.is_null(6)) {
            return {};
        }
        current_->ranges.push_back(osv_range(row));
        return {};
    }

    match::OsvIndex finish() {
        if (current_) {
            index_.add(std::move(*current_));
        }
        return std::move(index_);
    }

private:
    void start(const std::pair<std::int64_t, std::int64_t>& key, const store::Row& row) {
        if (current_) {
            index_.add(std::move(*current_));
        }
        current_key_ = key;
        current_ = match::OsvAffectedSpec{};
        current_->advisory = row.get_text(2);
        const auto cve = cves_.find(key.first);
        current_->vuln_id = cve == cves_.end() ? current_->advisory : cve->second;
        current_->ecosystem = row.get_text(3);
        current_->name = row.get_text(4);
        current_->versions = json_strings(nlohmann::json::parse(row.get_text(5), nullptr, false));
    }

    std::unordered_map<std::int64_t, std::string> cves_;
    match::OsvIndex index_;
    std::optional<match::OsvAffectedSpec> current_;
    std::pair<std::int64_t, std::int64_t> current_key_{-1, -1};
};

// (advisory row, vulnerability index) -> the vulnerability's flag label.
using CsafFlags = std::map<std::pair<std::int64_t, std::int64_t>, std::string>;
// (advisory row, product id) -> what the advisory's vulnerabilities say of the product.
using CsafStatements =
    std::map<std::pair<std::int64_t, std::string>, std::vector<match::CsafStatement>>;

Result<CsafFlags> read_csaf_flags(store::Database& database) {
    CsafFlags flags;
    WARDROUND_TRY(database.query(
        "SELECT advisory_id, vuln_index, label FROM csaf_flag ORDER BY advisory_id, vuln_index, "
        "seq",
        {}, [&flags](const store::Row& row) -> Status {
            flags.emplace(std::pair{row.get_int(0), row.get_int(1)}, row.get_text(2));
            return {};
        }));
    return flags;
}

// What each vulnerability's product_status says of each product, with the vulnerability's flag.
Result<CsafStatements> read_csaf_statements(store::Database& database, const CsafFlags& flags) {
    CsafStatements statements;
    WARDROUND_TRY(database.query(
        "SELECT s.advisory_id, s.product_id, s.status, s.vuln_index, COALESCE(v.cve, ''), "
        "a.source_id FROM csaf_product_status s JOIN csaf_vulnerability v ON "
        "v.advisory_id = s.advisory_id AND v.vuln_index = s.vuln_index JOIN advisory a ON "
        "a.id = s.advisory_id",
        {}, [&](const store::Row& row) -> Status {
            std::string vuln = row.get_text(4);
            if (vuln.empty()) {
                vuln = row.get_text(5) + "#" + std::to_string(row.get_int(3));
            }
            const auto flag = flags.find({row.get_int(0), row.get_int(3)});
            statements[{row.get_int(0), row.get_text(1)}].push_back(
                {std::move(vuln), row.get_text(2), flag == flags.end() ? "" : flag->second});
            return {};
        }));
    return statements;
}

// A device product of an advisory (a csaf_product row) with what the advisory says of it.
match::CsafProductSpec csaf_product(const store::Row& row,
                                    const std::vector<match::CsafStatement>& statements) {
    match::CsafProductSpec product;
    product.advisory = row.get_text(1);
    product.publisher = row.get_text(2);
    product.product_id = row.get_text(3);
    product.text.vendor = row.get_text(4);
    product.text.product_family = row.get_text(5);
    product.text.product_name = row.get_text(6);
    product.text.version_text = row.get_text(7);
    const nlohmann::json helper = nlohmann::json::parse(row.get_text(8), nullptr, false);
    if (helper.is_object() && helper.contains("model_numbers")) {
        product.text.model_numbers = json_strings(helper["model_numbers"]);
    }
    product.statements = statements;
    return product;
}

}  // namespace

Result<KnowledgeState> read_knowledge_state(store::Database& database) {
    KnowledgeState state;
    std::vector<std::string> parts;
    WARDROUND_TRY(database.query("SELECT feed, version FROM feed_state ORDER BY feed", {},
                                 [&parts](const store::Row& row) -> Status {
                                     parts.push_back(
                                         fmt::format("{} {}", row.get_text(0), row.get_text(1)));
                                     return {};
                                 }));
    for (const std::string& part : parts) {
        state.version += (state.version.empty() ? "" : ", ") + part;
    }
    auto newest = database.query_value("SELECT MAX(last_modified) FROM cve");
    WARDROUND_TRY(newest);
    if (*newest && std::holds_alternative<std::string>(**newest)) {
        state.newest = std::get<std::string>(**newest);
    }
    auto source = database.query_value(
        "SELECT source FROM import_run WHERE kind = 'nvd' AND outcome = 'applied' "
        "ORDER BY finished_at DESC, id DESC LIMIT 1");
    WARDROUND_TRY(source);
    if (*source && std::holds_alternative<std::string>(**source)) {
        state.demo = vuln::is_demo_pack_source(std::get<std::string>(**source));
    }
    auto without = database.query_value("SELECT COUNT(*) FROM cve WHERE has_configurations = 0");
    WARDROUND_TRY(without);
    if (*without && std::holds_alternative<std::int64_t>(**without)) {
        state.cves_without_configurations = std::get<std::int64_t>(**without);
    }
    return state;
}

Result<match::NvdIndex> load_nvd_index(store::Database& database, const std::string& only_cve) {
    match::NvdIndex index;
    match::CveSpec current;
    int config = -1;
    int node = -1;
    const auto flush = [&] {
        if (!current.id.empty()) {
            index.add(current);
        }
        current = {};
        config = -1;
        node = -1;
    };
    const std::string columns =
        "SELECT cve_id, config_index, node_index, config_operator, config_negate, "
        "node_operator, node_negate, vulnerable, criteria, COALESCE(version_start_including, ''), "
        "COALESCE(version_start_excluding, ''), COALESCE(version_end_including, ''), "
        "COALESCE(version_end_excluding, '') FROM cve_cpe_match ";
    const std::string order = " ORDER BY cve_id, config_index, node_index, match_index";
    const auto on_row = [&](const store::Row& row) -> Status {
        std::string id = row.get_text(0);
        if (id != current.id) {
            flush();
            current.id = std::move(id);
        }
        const auto config_index = static_cast<int>(row.get_int(1));
        const auto node_index = static_cast<int>(row.get_int(2));
        if (config_index != config) {
            match::ConfigurationSpec spec;
            spec.all = row.get_text(3) == "AND";
            spec.negate = row.get_int(4) != 0;
            current.configurations.push_back(std::move(spec));
            config = config_index;
            node = -1;
        }
        if (node_index != node) {
            match::NodeSpec spec;
            spec.all = row.get_text(5) == "AND";
            spec.negate = row.get_int(6) != 0;
            current.configurations.back().nodes.push_back(std::move(spec));
            node = node_index;
        }
        match::CpeMatchSpec entry;
        entry.vulnerable = row.get_int(7) != 0;
        entry.criteria = row.get_text(8);
        entry.version_start_including = row.get_text(9);
        entry.version_start_excluding = row.get_text(10);
        entry.version_end_including = row.get_text(11);
        entry.version_end_excluding = row.get_text(12);
        current.configurations.back().nodes.back().matches.push_back(std::move(entry));
        return {};
    };
    if (only_cve.empty()) {
        WARDROUND_TRY(database.query(columns + order, {}, on_row));
    } else {
        const Value id[] = {Value{only_cve}};
        WARDROUND_TRY(database.query(columns + "WHERE cve_id = ?" + order, id, on_row));
    }
    flush();
    return index;
}

Result<match::OsvIndex> load_osv_index(store::Database& database) {
    auto cves = read_advisory_cves(database);
    WARDROUND_TRY(cves);
    OsvEntryReader reader(std::move(*cves));
    WARDROUND_TRY(database.query(
        "SELECT oa.advisory_id, oa.affected_index, a.source_id, COALESCE(oa.ecosystem, ''), "
        "COALESCE(oa.name, ''), oa.versions, r.type, r.events FROM osv_affected oa "
        "JOIN advisory a ON a.id = oa.advisory_id LEFT JOIN osv_range r ON "
        "r.advisory_id = oa.advisory_id AND r.affected_index = oa.affected_index "
        "WHERE a.format = 'osv' AND a.withdrawn IS NULL "
        "ORDER BY oa.advisory_id, oa.affected_index, r.range_index",
        {}, [&reader](const store::Row& row) -> Status { return reader.add(row); }));
    return reader.finish();
}

Result<match::CsafIndex> load_csaf_index(store::Database& database) {
    auto flags = read_csaf_flags(database);
    WARDROUND_TRY(flags);
    auto statements = read_csaf_statements(database, *flags);
    WARDROUND_TRY(statements);
    match::CsafIndex index;
    WARDROUND_TRY(database.query(
        "SELECT p.advisory_id, a.source_id, a.publisher, p.product_id, p.vendor, "
        "COALESCE(p.product_family, ''), COALESCE(p.product_name, ''), "
        "COALESCE(p.product_version, p.product_version_range, ''), COALESCE(p.helper, '') "
        "FROM csaf_product p JOIN advisory a ON a.id = p.advisory_id WHERE a.format = 'csaf' "
        "AND p.vendor IS NOT NULL AND p.cpe IS NULL AND p.purl IS NULL",
        {}, [&](const store::Row& row) -> Status {
            const auto found = statements->find({row.get_int(0), row.get_text(3)});
            if (found == statements->end()) {
                return {};  // the advisory says nothing about it
            }
            index.add(csaf_product(row, found->second));
            return {};
        }));
    return index;
}

Status VulnerabilityFacts::fill(const std::string& cve, PriorityFacts& facts) {
    auto cached = cache_.find(cve);
    if (cached == cache_.end()) {
        PriorityFacts known;
        auto details = vuln::find_cve(database_, cve);
        if (details) {
            if (details->kev && details->kev->removed_in_catalog.empty()) {
                known.kev = true;
                known.kev_due_date = details->kev->entry.due_date;
                known.ransomware = details->kev->entry.known_ransomware_use == "Known";
            }
            if (details->epss) {
                known.epss = details->epss->epss;
                known.epss_percentile = details->epss->percentile;
            }
            if (details->headline) {
                known.cvss = details->headline->base_score;
                known.cvss_version = details->headline->cvss_version;
                known.cvss_source = details->headline->source;
            }
            for (const vuln::CveMetricView& metric : details->metrics) {
                const std::string severity = to_upper(metric.base_severity);
                if (!metric.from_nvd && (severity == "HIGH" || severity == "CRITICAL")) {
                    known.vendor_high = true;
                }
            }
        } else if (details.error().code != ErrorCode::kNotFound) {
            return propagate(details.error());
        }
        cached = cache_.emplace(cve, std::move(known)).first;
    }
    const PriorityFacts& known = cached->second;
    facts.kev = known.kev;
    facts.kev_due_date = known.kev_due_date;
    facts.ransomware = known.ransomware;
    facts.epss = known.epss;
    facts.epss_percentile = known.epss_percentile;
    facts.cvss = known.cvss;
    facts.cvss_version = known.cvss_version;
    facts.cvss_source = known.cvss_source;
    facts.vendor_high = known.vendor_high;
    return {};
}

}  // namespace wardround::findings::detail

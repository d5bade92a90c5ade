// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include <wardround/checks/checks.h>
#include <wardround/store/database.h>

#include "checks/runner/asset_facts.h"

namespace wardround::checks {
namespace {

using detail::AssetRecord;
using store::Row;
using store::Value;

Result<std::int64_t> org_id_of(store::Database& database, const std::string& code) {
    const Value params[] = {Value{code}};
    auto id = database.query_value("SELECT id FROM organisation WHERE code = ?", params);
    WARDROUND_TRY(id);
    if (!*id || !std::holds_alternative<std::int64_t>(**id)) {
        return make_error(ErrorCode::kNotFound, "no organisation has the code " + code);
    }
    return std::get<std::int64_t>(**id);
}

std::optional<bool> optional_bool(const Row& row, std::size_t column) {
    return row.is_null(column) ? std::nullopt : std::optional<bool>(row.get_int(column) != 0);
}

std::string text(const Row& row, std::size_t column) {
    return row.is_null(column) ? std::string() : row.get_text(column);
}

// One organisation's assets with everything the rules read: held for one organisation at a time.
class EstateLoader {
public:
    EstateLoader(store::Database& database, std::int64_t org_id)
        : database_(database), org_id_(org_id) {}

    Result<std::vector<AssetRecord>> load() {
        WARDROUND_TRY(load_assets());
        WARDROUND_TRY(load_services());
        WARDROUND_TRY(load_components());
        WARDROUND_TRY(load_facts());
        link_segments();
        return std::move(assets_);
    }

private:
    AssetRecord* find(std::int64_t id) {
        const auto found = index_.find(id);
        return found == index_.end() ? nullptr : &assets_[found->second];
    }

    Status each(std::string_view sql, const std::function<void(AssetRecord&, const Row&)>& use) {
        const Value params[] = {Value{org_id_}};
        return database_.query(sql, params, [&](const Row& row) -> Status {
            if (AssetRecord* asset = find(row.get_int(0))) {
                use(*asset, row);
            }
            return {};
        });
    }

    Status load_assets() {
        const Value params[] = {Value{org_id_}};
        return database_.query(
            "SELECT id, kind, hostname, os_name, os_version, os_build, os_cpe, manufacturer, "
            "model, site, department, criticality, internet_facing, network_connected, "
            "supported_until, last_seen, stale FROM asset WHERE org_id = ? ORDER BY id",
            params, [&](const Row& row) -> Status {
                AssetRecord asset;
                asset.id = row.get_int(0);
                asset.kind = text(row, 1);
                asset.hostname = text(row, 2);
                asset.os_name = text(row, 3);
                asset.os_version = text(row, 4);
                asset.os_build = text(row, 5);
                asset.os_cpe = text(row, 6);
                asset.manufacturer = text(row, 7);
                asset.model = text(row, 8);
                asset.site = text(row, 9);
                asset.department = text(row, 10);
                asset.criticality = text(row, 11);
                asset.internet_facing = optional_bool(row, 12);
                asset.network_connected = optional_bool(row, 13);
                asset.supported_until = text(row, 14);
                asset.last_seen = text(row, 15);
                asset.stale = row.get_int(16) != 0;
                index_.emplace(asset.id, assets_.size());
                assets_.push_back(std::move(asset));
                return {};
            });
    }

    Status load_services() {
        // Sources that scan or list an asset's listening ports: for their assets a port that is
        // not listed is closed; for the others it is unknown.
        WARDROUND_TRY(
            each("SELECT DISTINCT asset_id FROM asset_source WHERE org_id = ? AND "
                 "source IN ('nmap', 'osquery') AND stale = 0",
                 [](AssetRecord& asset, const Row&) { asset.services_known = true; }));
        return each(
            "SELECT asset_id, port, protocol, service FROM exposure WHERE org_id = ? AND "
            "(state IS NULL OR state IN ('open', 'listening'))",
            [](AssetRecord& asset, const Row& row) {
                asset.services_known = true;
                asset.services.push_back({row.get_int(1), text(row, 2), text(row, 3)});
            });
    }

    Status load_components() {
        return each(
            "SELECT c.asset_id, c.vendor, c.product, c.version, p.cpe_vendor, p.cpe_product "
            "FROM component c JOIN product_identity p ON p.id = c.identity_id "
            "WHERE c.org_id = ?",
            [](AssetRecord& asset, const Row& row) {
                std::string name =
                    text(row, 1).empty() ? text(row, 2) : text(row, 1) + " " + text(row, 2);
                if (!text(row, 3).empty()) {
                    name += " " + text(row, 3);
                }
                asset.components.push_back(
                    {std::move(name), text(row, 4), text(row, 5), text(row, 3)});
            });
    }

    Status load_facts() {
        return each("SELECT asset_id, name, value FROM asset_fact WHERE org_id = ?",
                    [](AssetRecord& asset, const Row& row) {
                        asset.facts.emplace_back(text(row, 1), text(row, 2));
                    });
    }

    // For each asset whose segment is known, how many endpoints and servers other than itself
    // share it (the device standard's "segmented" requirement).
    void link_segments() {
        std::map<std::string, std::int64_t> general;
        const auto segment_of = [](const AssetRecord& asset) -> std::string {
            for (const auto& [name, value] : asset.facts) {
                if (name == "network_segment") {
                    return value;
                }
            }
            return {};
        };
        const auto is_general = [](const AssetRecord& asset) {
            return asset.kind == "endpoint" || asset.kind == "server";
        };
        for (const AssetRecord& asset : assets_) {
            if (const std::string segment = segment_of(asset);
                !segment.empty() && is_general(asset)) {
                ++general[segment];
            }
        }
        for (AssetRecord& asset : assets_) {
            if (const std::string segment = segment_of(asset); !segment.empty()) {
                asset.segment_neighbours = general[segment] - (is_general(asset) ? 1 : 0);
            }
        }
    }

    store::Database& database_;
    std::int64_t org_id_;
    std::vector<AssetRecord> assets_;
    std::unordered_map<std::int64_t, std::size_t> index_;
};

bool applies(const Rule& rule, const AssetRecord& asset, const detail::AssetFacts& facts) {
    const auto listed = [](const std::vector<std::string>& list, const std::string& value) {
        return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
    };
    if (!listed(rule.kinds, asset.kind) || !listed(rule.os_families, detail::os_family(asset))) {
        return false;
    }
    if (rule.tags.empty()) {
        return true;
    }
    const std::vector<std::string> tags = facts.values("tag");
    return std::any_of(rule.tags.begin(), rule.tags.end(), [&](const std::string& tag) {
        return std::find(tags.begin(), tags.end(), tag) != tags.end();
    });
}

const Rule* find_rule(const std::vector<RulePack>& packs, const std::string& id) {
    for (const RulePack& pack : packs) {
        for (const Rule& rule : pack.rules) {
            if (rule.id == id) {
                return &rule;
            }
        }
    }
    return nullptr;
}

// The rules to run for the organisation, with its severities, and the ones it disabled.
struct Plan {
    std::vector<std::pair<const Rule*, Severity>> rules;
    std::vector<std::string> disabled;
};

Result<Plan> plan(const std::vector<RulePack>& packs,
                  const std::vector<RuleOverride>& overrides,
                  const std::vector<std::string>& wanted) {
    for (const std::string& id : wanted) {
        if (find_rule(packs, id) == nullptr) {
            return make_error(ErrorCode::kNotFound, "no rule has the id " + id);
        }
    }
    Plan result;
    for (const RulePack& pack : packs) {
        for (const Rule& rule : pack.rules) {
            if (!wanted.empty() &&
                std::find(wanted.begin(), wanted.end(), rule.id) == wanted.end()) {
                continue;
            }
            const auto tailored = std::find_if(overrides.begin(), overrides.end(),
                                               [&](const auto& o) { return o.rule_id == rule.id; });
            if (tailored != overrides.end() && !tailored->enabled) {
                result.disabled.push_back(rule.id + ": " + tailored->reason);
                continue;
            }
            const Severity severity = tailored != overrides.end() && tailored->severity
                                          ? *tailored->severity
                                          : rule.severity;
            result.rules.emplace_back(&rule, severity);
        }
    }
    return result;
}

}  // namespace

Result<std::vector<RulePack>> builtin_rule_packs() {
    return parse_rule_packs(builtin_rule_files(), asset_fact_catalogue());
}

Result<CheckReport> run_checks(store::Database& database,
                               const std::vector<RulePack>& packs,
                               const CheckOptions& options) {
    auto org_id = org_id_of(database, options.org_code);
    WARDROUND_TRY(org_id);
    auto overrides = rule_overrides(database, options.org_code);
    WARDROUND_TRY(overrides);
    auto rules = plan(packs, *overrides, options.rule_ids);
    WARDROUND_TRY(rules);
    auto assets = EstateLoader(database, *org_id).load();
    WARDROUND_TRY(assets);

    CheckReport report;
    report.org_code = options.org_code;
    report.assets = static_cast<std::int64_t>(assets->size());
    report.disabled = rules->disabled;
    for (const auto& [rule, severity] : rules->rules) {
        report.rules.push_back({rule->id, severity, 0, 0, 0, 0});
    }
    const Date today = date_of(options.now);
    for (const AssetRecord& asset : *assets) {
        const detail::AssetFacts facts(asset, EolCatalogue::builtin(), today);
        for (std::size_t r = 0; r < rules->rules.size(); ++r) {
            const auto& [rule, severity] = rules->rules[r];
            RuleCounts& counts = report.rules[r];
            if (!applies(*rule, asset, facts)) {
                ++counts.not_applicable;
                continue;
            }
            ConditionResult result = rule->when.evaluate(facts);
            if (result.verdict == Verdict::kFalse) {
                ++counts.passed;
                continue;
            }
            ++(result.verdict == Verdict::kTrue ? counts.failed : counts.not_evaluable);
            report.results.push_back({rule->id, asset.id, asset.hostname, result.verdict, severity,
                                      std::move(result.steps)});
        }
    }
    return report;
}

Result<std::vector<RuleOverride>> rule_overrides(store::Database& database,
                                                 const std::string& org_code) {
    auto org_id = org_id_of(database, org_code);
    WARDROUND_TRY(org_id);
    std::vector<RuleOverride> overrides;
    const Value params[] = {Value{*org_id}};
    WARDROUND_TRY(database.query(
        "SELECT rule_id, enabled, severity, reason, decided_by, decided_at FROM rule_override "
        "WHERE org_id = ? ORDER BY rule_id",
        params, [&](const Row& row) -> Status {
            overrides.push_back({text(row, 0), row.get_int(1) != 0, parse_severity(text(row, 2)),
                                 text(row, 3), text(row, 4), text(row, 5)});
            return {};
        }));
    return overrides;
}

Status set_rule_override(store::Database& database,
                         const std::vector<RulePack>& packs,
                         const std::string& org_code,
                         const RuleOverride& override_) {
    if (find_rule(packs, override_.rule_id) == nullptr) {
        return make_error(ErrorCode::kNotFound, "no rule has the id " + override_.rule_id);
    }
    if (override_.reason.empty() || override_.decided_by.empty()) {
        return make_error(ErrorCode::kInvalidArgument,
                          "tailoring a rule needs the reason and who decided");
    }
    auto org_id = org_id_of(database, org_code);
    WARDROUND_TRY(org_id);
    auto transaction = store::Transaction::begin(database);
    WARDROUND_TRY(transaction);
    const Value key[] = {Value{*org_id}, Value{override_.rule_id}};
    WARDROUND_TRY(
        database.execute("DELETE FROM rule_override WHERE org_id = ? AND rule_id = ?", key));
    const Value row[] = {
        Value{*org_id},
        Value{override_.rule_id},
        Value{std::int64_t{override_.enabled ? 1 : 0}},
        override_.severity ? Value{std::string(severity_name(*override_.severity))} : Value{},
        Value{override_.reason},
        Value{override_.decided_by},
        Value{override_.decided_at}};
    WARDROUND_TRY(database.execute(
        "INSERT INTO rule_override (org_id, rule_id, enabled, severity, reason, decided_by, "
        "decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        row));
    return transaction->commit();
}

}  // namespace wardround::checks

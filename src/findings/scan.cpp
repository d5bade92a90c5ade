// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <wardround/findings/scan.h>
#include <wardround/match/asset_matcher.h>
#include <wardround/vuln/advisory_text.h>

#include "findings/estate.h"
#include "findings/finding_store.h"
#include "findings/incremental.h"
#include "findings/knowledge_loader.h"
#include "findings/scope.h"

namespace wardround::findings {
namespace {

using detail::Estate;
using detail::EstateAsset;
using match::CriterionVerdict;
using match::CveOutcome;
using match::Truth;
using Json = nlohmann::ordered_json;

constexpr std::size_t kGapExamples = 5;

// Runs fn(i) for i in [0, count) on `threads` threads; each i exactly once.
template <typename Fn>
void parallel_for(std::size_t count, int threads, Fn fn) {
    const int workers = std::max(1, std::min<int>(threads, static_cast<int>(count)));
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
        for (std::size_t i = next++; i < count; i = next++) {
            fn(i);
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < workers; ++t) {
        pool.emplace_back(work);
    }
    work();
    for (std::thread& thread : pool) {
        thread.join();
    }
}

int thread_count(int asked) {
    if (asked > 0) {
        return asked;
    }
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : static_cast<int>(cores);
}

Json bounds_json(const match::Criterion& criterion) {
    Json bounds = Json::object();
    if (criterion.start) {
        bounds[criterion.start->inclusive ? "versionStartIncluding" : "versionStartExcluding"] =
            criterion.start->text;
    }
    if (criterion.end) {
        bounds[criterion.end->inclusive ? "versionEndIncluding" : "versionEndExcluding"] =
            criterion.end->text;
    }
    return bounds;
}

// Every step of one match, for `findings explain` and the audit trail.
Json explain_match(const match::NvdIndex& index,
                   const Estate& estate,
                   const EstateAsset& asset,
                   const CveOutcome& outcome,
                   const detail::SoftwareUse& use) {
    const match::CompiledCve& cve = index.cves()[outcome.cve];
    const match::CompiledConfiguration& configuration = cve.configurations[outcome.configuration];
    const match::Software& software = estate.software[use.software];
    Json explanation;
    explanation["vulnerability"] = cve.id;
    explanation["software"] = {{"cpe", estate.software_names[use.software]},
                               {"origin", use.origin},
                               {"reported_version", use.version},
                               {"identity", use.identity},
                               {"version_scheme", vuln::version_scheme_name(software.scheme)}};
    explanation["configuration"] = {{"index", outcome.configuration},
                                    {"operator", configuration.all ? "AND" : "OR"},
                                    {"negate", configuration.negate},
                                    {"of", cve.configurations.size()}};
    Json matched = Json::array();
    Json platform = Json::array();
    for (const match::CompiledNode& node : configuration.nodes) {
        for (const std::uint32_t id : node.criteria) {
            const match::Criterion& criterion = index.criteria()[id];
            if (criterion.vulnerable) {
                const match::CriterionExplanation steps =
                    match::explain_criterion(criterion, software);
                if (steps.truth == Truth::kTrue) {
                    matched.push_back({{"criteria", criterion.criteria},
                                       {"bounds", bounds_json(criterion)},
                                       {"node", criterion.node},
                                       {"steps", steps.steps}});
                }
                continue;
            }
            for (const std::uint32_t other : outcome.platform_software) {
                const detail::SoftwareUse& context = asset.uses[other];
                if (match::decide_criterion(criterion, estate.software[context.software]) ==
                    Truth::kTrue) {
                    platform.push_back({{"criteria", criterion.criteria},
                                        {"satisfied_by", estate.software_names[context.software]},
                                        {"origin", context.origin}});
                    break;
                }
            }
        }
    }
    explanation["matched"] = std::move(matched);
    explanation["platform"] = std::move(platform);
    return explanation;
}

// Why a name left CVEs undecided: the last step of its first criterion that is not evaluable.
std::string gap_reason(const match::NvdIndex& index,
                       const match::Software& software,
                       const match::SoftwareVerdicts& verdicts) {
    for (const CriterionVerdict& verdict : verdicts.criteria) {
        if (verdict.truth == Truth::kUnknown) {
            const auto explanation =
                match::explain_criterion(index.criteria()[verdict.criterion], software);
            if (!explanation.steps.empty()) {
                return explanation.steps.back();
            }
        }
    }
    return "not evaluable";
}

struct Gap {
    std::string software;
    std::int64_t vulnerabilities = 0;
    std::vector<std::string> examples;
};

using GapKey = std::tuple<std::int64_t, std::string, std::string>;

// What a scan could not decide, by asset, product and reason. A finding the asset already has for
// the pair is held: undecided is never fixed.
class Gaps {
public:
    explicit Gaps(detail::FindingStore& findings) : findings_(findings) {}

    Status undecided(std::int64_t asset_id,
                     const std::string& product_key,
                     const std::string& reason,
                     const std::string& software,
                     const std::string& vuln_id) {
        WARDROUND_TRY(findings_.hold(asset_id, vuln_id, product_key));
        Gap& gap = gaps_[{asset_id, product_key, reason}];
        gap.software = software;
        ++gap.vulnerabilities;
        if (gap.examples.size() < kGapExamples) {
            gap.examples.push_back(vuln_id);
        }
        return {};
    }

    [[nodiscard]] const std::map<GapKey, Gap>& all() const { return gaps_; }

private:
    detail::FindingStore& findings_;
    std::map<GapKey, Gap> gaps_;
};

// The OSV side of one asset: its packages' verdicts become findings, except where NVD already
// found the same CVE on the same component; undecided ones become gaps.
struct PackagePass {
    const match::OsvIndex& index;
    const Estate& estate;
    const std::vector<std::vector<match::OsvVerdict>>& verdicts;
    detail::FindingStore& findings;
    detail::VulnerabilityFacts& facts_of;
    Gaps& gaps;

    Status run(const EstateAsset& asset,
               const std::set<std::pair<std::int64_t, std::string>>& nvd_found,
               const std::map<std::string, std::string>& suppressed) {
        for (const detail::PackageUse& use : asset.packages) {
            const detail::EstatePackage& package = estate.packages[use.package];
            const std::string product_key = "purl:" + package.purl.substr(4);
            for (const match::OsvVerdict& verdict : verdicts[use.package]) {
                const match::OsvAffectedSpec& entry = index.entries()[verdict.entry];
                if (verdict.truth == Truth::kUnknown) {
                    WARDROUND_TRY(gaps.undecided(
                        asset.id, product_key,
                        verdict.steps.empty() ? "not evaluable" : verdict.steps.back(),
                        package.purl + "@" + package.version, entry.vuln_id));
                    continue;
                }
                if (nvd_found.count({use.component_id, entry.vuln_id}) > 0) {
                    continue;  // NVD's finding on the same component says it already
                }
                const auto reason = suppressed.find(entry.vuln_id);
                WARDROUND_TRY(record(asset, use, package, product_key, entry, verdict,
                                     reason == suppressed.end() ? "" : reason->second));
            }
        }
        return {};
    }

    Status record(const EstateAsset& asset,
                  const detail::PackageUse& use,
                  const detail::EstatePackage& package,
                  const std::string& product_key,
                  const match::OsvAffectedSpec& entry,
                  const match::OsvVerdict& verdict,
                  const std::string& suppressed) {
        detail::MatchedFinding matched;
        matched.suppressed = suppressed;
        matched.org_id = asset.org_id;
        matched.asset_id = asset.id;
        matched.vuln_id = entry.vuln_id;
        matched.source = "osv";
        matched.product_key = product_key;
        matched.vendor = package.osv.ecosystem;
        matched.product = package.osv.name;
        matched.version = package.version;
        matched.software = package.purl + "@" + package.version;
        matched.component_id = use.component_id;
        WARDROUND_TRY(facts_of.fill(entry.vuln_id, matched.facts));
        matched.facts.internet_facing = asset.internet_facing;
        matched.facts.criticality = asset.criticality;
        Json explanation;
        explanation["vulnerability"] = entry.vuln_id;
        explanation["advisory"] = {{"format", "osv"}, {"id", entry.advisory}};
        explanation["package"] = {{"purl", package.purl},
                                  {"ecosystem", package.osv.ecosystem},
                                  {"name", package.osv.name},
                                  {"version", package.version},
                                  {"identity", use.identity}};
        explanation["steps"] = verdict.steps;
        matched.explanation = explanation.dump();
        return findings.record(std::move(matched));
    }
};

// What a vulnerability statement says of a product's version, when it is not "affected".
bool resolves(const std::string& status) {
    return status == "known_not_affected" || status == "fixed" || status == "first_fixed";
}

bool affects(const std::string& status) {
    return status == "known_affected" || status == "first_affected" || status == "last_affected";
}

using Suppressions = std::map<std::string, std::string>;  // vulnerability -> why it does not apply

// The CSAF side of one asset: its devices' firmware against device advisories.
struct DevicePass {
    const match::CsafIndex& index;
    const Estate& estate;
    const std::vector<std::vector<match::CsafVerdict>>& verdicts;
    detail::FindingStore& findings;
    detail::VulnerabilityFacts& facts_of;
    Gaps& gaps;

    // VEX: what the advisories say does not apply to this asset's devices at their versions.
    [[nodiscard]] Suppressions suppressions(const EstateAsset& asset) const {
        Suppressions out;
        for (const detail::DeviceUse& use : asset.devices) {
            const match::CsafDevice& device = estate.devices[use.device];
            for (const match::CsafVerdict& verdict : verdicts[use.device]) {
                if (verdict.truth != Truth::kTrue) {
                    continue;
                }
                const match::CsafProductSpec& product = index.products()[verdict.product];
                for (const match::CsafStatement& statement : product.statements) {
                    if (!resolves(statement.status)) {
                        continue;
                    }
                    out.emplace(
                        statement.vuln_id,
                        fmt::format(
                            "{} says {} {} {} is {}{}", product.advisory, device.manufacturer,
                            device.model, device.version,
                            statement.status == "known_not_affected" ? "not affected" : "fixed",
                            statement.detail.empty() ? std::string()
                                                     : " (" + statement.detail + ")"));
                }
            }
        }
        return out;
    }

    Status run(const EstateAsset& asset, const Suppressions& suppressed) {
        for (const detail::DeviceUse& use : asset.devices) {
            const match::CsafDevice& device = estate.devices[use.device];
            const std::string product_key =
                "csaf:" + vuln::normalise_vendor_name(device.manufacturer) + "|" +
                vuln::normalise_product_text(device.model);
            for (const match::CsafVerdict& verdict : verdicts[use.device]) {
                const match::CsafProductSpec& product = index.products()[verdict.product];
                for (const match::CsafStatement& statement : product.statements) {
                    if (!affects(statement.status)) {
                        continue;
                    }
                    if (verdict.truth == Truth::kUnknown) {
                        WARDROUND_TRY(gaps.undecided(
                            asset.id, product_key, verdict.steps.back(),
                            device.manufacturer + " " + device.model + " " + device.version,
                            statement.vuln_id));
                        continue;
                    }
                    WARDROUND_TRY(record(asset, use, device, product, product_key, statement,
                                         verdict, suppressed));
                }
            }
        }
        return {};
    }

    Status record(const EstateAsset& asset,
                  const detail::DeviceUse& use,
                  const match::CsafDevice& device,
                  const match::CsafProductSpec& product,
                  const std::string& product_key,
                  const match::CsafStatement& statement,
                  const match::CsafVerdict& verdict,
                  const Suppressions& suppressed) {
        detail::MatchedFinding matched;
        matched.org_id = asset.org_id;
        matched.asset_id = asset.id;
        matched.vuln_id = statement.vuln_id;
        matched.source = "csaf";
        matched.product_key = product_key;
        matched.vendor = device.manufacturer;
        matched.product = device.model;
        matched.version = device.version;
        matched.software = device.manufacturer + " " + device.model;
        matched.component_id = use.component_id;
        WARDROUND_TRY(facts_of.fill(statement.vuln_id, matched.facts));
        matched.facts.internet_facing = asset.internet_facing;
        matched.facts.criticality = asset.criticality;
        if (const auto found = suppressed.find(statement.vuln_id); found != suppressed.end()) {
            matched.suppressed = found->second;
        }
        Json explanation;
        explanation["vulnerability"] = statement.vuln_id;
        explanation["advisory"] = {{"format", "csaf"},
                                   {"id", product.advisory},
                                   {"publisher", product.publisher},
                                   {"product_id", product.product_id},
                                   {"status", statement.status}};
        explanation["package"] = {{"purl", ""},
                                  {"ecosystem", product.text.vendor},
                                  {"name", product.text.product_name},
                                  {"version", device.version},
                                  {"identity", product.text.version_text}};
        explanation["steps"] = verdict.steps;
        matched.explanation = explanation.dump();
        return findings.record(std::move(matched));
    }
};

// CycloneDX VEX statements that suppress: per asset, the vulnerabilities they say do not apply.
Result<std::unordered_map<std::int64_t, Suppressions>> load_vex(
    store::Database& database, const std::vector<std::int64_t>& org_ids) {
    std::unordered_map<std::int64_t, Suppressions> by_asset;
    std::string sql =
        "SELECT COALESCE(asset_id, 0), vuln_id, state, COALESCE(justification, ''), "
        "COALESCE(detail, ''), source, COALESCE(purl, '') FROM vex_statement WHERE state IN "
        "('not_affected', 'false_positive', 'resolved')";
    if (!org_ids.empty()) {
        sql += " AND org_id IN " + detail::id_list(org_ids);
    }
    struct Statement {
        std::int64_t asset = 0;
        std::string vuln;
        std::string reason;
        std::string purl;
    };
    std::vector<Statement> statements;
    WARDROUND_TRY(database.query(sql, {}, [&statements](const store::Row& row) -> Status {
        std::string reason =
            fmt::format("CycloneDX VEX ({}): {}{}{}",
                        std::filesystem::path(row.get_text(5)).filename().string(), row.get_text(2),
                        row.get_text(3).empty() ? "" : " (" + row.get_text(3) + ")",
                        row.get_text(4).empty() ? "" : ": " + row.get_text(4));
        statements.push_back({row.get_int(0), row.get_text(1), std::move(reason), row.get_text(6)});
        return {};
    }));
    for (const Statement& statement : statements) {
        if (statement.asset != 0) {
            by_asset[statement.asset].emplace(statement.vuln, statement.reason);
            continue;
        }
        // A package named without a device: every asset that has it.
        const store::Value params[] = {store::Value{statement.purl}, store::Value{statement.purl}};
        WARDROUND_TRY(
            database.query("SELECT DISTINCT c.asset_id FROM component c JOIN product_identity p ON "
                           "p.id = c.identity_id WHERE c.purl = ? OR p.purl = ?",
                           params, [&](const store::Row& row) -> Status {
                               by_asset[row.get_int(0)].emplace(statement.vuln, statement.reason);
                               return {};
                           }));
    }
    return by_asset;
}

}  // namespace

Result<ScanSummary> run_scan(store::Database& database,
                             const ScanOptions& options,
                             Progress* progress) {
    const Timestamp now = options.now.value_or(now_utc());
    ScanSummary summary;
    summary.started_at = format_timestamp(now);
    auto scope = detail::resolve_scope(database, options.org_code);
    WARDROUND_TRY(scope);
    auto state = detail::read_knowledge_state(database);
    WARDROUND_TRY(state);
    summary.kb_version = state->version;
    summary.kb_newest = state->newest;
    summary.kb_demo = state->demo;
    summary.cves_without_configurations = state->cves_without_configurations;
    if (!state->newest.empty()) {
        if (auto newest = parse_timestamp(state->newest)) {
            summary.kb_age_days =
                static_cast<double>(now.ms_since_epoch - newest->ms_since_epoch) / 86'400'000.0;
        }
    }

    auto index = detail::load_nvd_index(database);
    WARDROUND_TRY(index);
    summary.cves = static_cast<std::int64_t>(index->cves().size());
    auto osv = detail::load_osv_index(database);
    WARDROUND_TRY(osv);
    auto csaf = detail::load_csaf_index(database);
    WARDROUND_TRY(csaf);
    if (index->cves().empty() && summary.cves_without_configurations == 0 && osv->size() == 0 &&
        csaf->products().empty()) {
        return make_error(ErrorCode::kFailedPrecondition,
                          "the knowledge base is empty: import a feed first "
                          "(wardround feeds import FILE, or the demo pack in data/demo/kb)");
    }
    const std::string policy = policy_json(options.policy);
    auto mark = detail::current_mark(database, policy);
    WARDROUND_TRY(mark);
    detail::ChangeSet changes;
    changes.reason = options.full ? "a full scan was asked for" : "no earlier scan of this scope";
    if (!options.full) {
        auto previous = detail::last_scan(database, scope->org_id);
        WARDROUND_TRY(previous);
        if (*previous) {
            auto narrowed = detail::changes_since(database, **previous, *mark, *index,
                                                  scope->org_ids, format_date(date_of(now)));
            WARDROUND_TRY(narrowed);
            changes = std::move(*narrowed);
        }
    }
    summary.incremental = !changes.full;
    summary.scope_reason = changes.reason;
    detail::EstateFilter filter{scope->org_ids, {}};
    if (!changes.full) {
        filter.asset_ids = changes.asset_ids;
    }
    auto estate = !changes.full && changes.asset_ids.empty()
                      ? Result<detail::Estate>(detail::Estate{})
                      : detail::load_estate(database, filter);
    WARDROUND_TRY(estate);
    summary.assets = static_cast<std::int64_t>(estate->assets.size());
    summary.software = static_cast<std::int64_t>(estate->software.size());
    summary.unresolved_components = estate->unresolved_components;

    // Each distinct name once, then each asset from its names' verdicts.
    const int threads = thread_count(options.threads);
    std::vector<match::SoftwareVerdicts> verdicts(estate->software.size());
    parallel_for(estate->software.size(), threads, [&](std::size_t i) {
        verdicts[i] = match::evaluate_software(*index, estate->software[i]);
    });
    std::vector<match::AssetOutcomes> outcomes(estate->assets.size());
    parallel_for(estate->assets.size(), threads, [&](std::size_t i) {
        std::vector<const match::SoftwareVerdicts*> names;
        names.reserve(estate->assets[i].uses.size());
        for (const detail::SoftwareUse& use : estate->assets[i].uses) {
            names.push_back(&verdicts[use.software]);
        }
        outcomes[i] = match::evaluate_asset(*index, names);
    });

    std::vector<std::vector<match::OsvVerdict>> package_verdicts(estate->packages.size());
    parallel_for(estate->packages.size(), threads, [&](std::size_t i) {
        package_verdicts[i] = osv->evaluate(estate->packages[i].osv, estate->packages[i].version);
    });

    std::vector<std::vector<match::CsafVerdict>> device_verdicts(estate->devices.size());
    parallel_for(estate->devices.size(), threads,
                 [&](std::size_t i) { device_verdicts[i] = csaf->evaluate(estate->devices[i]); });

    auto vex = load_vex(database, scope->org_ids);
    WARDROUND_TRY(vex);

    auto transaction = store::Transaction::begin(database);
    WARDROUND_TRY(transaction);
    detail::FindingStore findings(database, now, options.policy, summary.kb_version);
    WARDROUND_TRY(findings.begin_scan(scope->org_id, changes.full ? "full" : "incremental",
                                      mark->kb_import_id, mark->inventory_import_id,
                                      mark->identity_mark, mark->vex_mark, policy));
    if (changes.full || !changes.asset_ids.empty()) {
        WARDROUND_TRY(findings.load_existing(scope->org_ids, filter.asset_ids));
    }
    detail::VulnerabilityFacts facts_of(database);
    Gaps gaps(findings);
    std::unordered_map<std::uint32_t, std::string> gap_reasons;

    PackagePass packages{*osv, *estate, package_verdicts, findings, facts_of, gaps};
    DevicePass devices{*csaf, *estate, device_verdicts, findings, facts_of, gaps};
    for (std::size_t a = 0; a < estate->assets.size(); ++a) {
        const EstateAsset& asset = estate->assets[a];
        Suppressions suppressed = devices.suppressions(asset);
        if (const auto stated = vex->find(asset.id); stated != vex->end()) {
            suppressed.insert(stated->second.begin(), stated->second.end());
        }
        std::set<std::pair<std::int64_t, std::string>> nvd_found;
        for (const CveOutcome& outcome : outcomes[a]) {
            const std::string& cve = index->cves()[outcome.cve].id;
            if (outcome.truth == Truth::kUnknown) {
                for (const std::uint32_t u : outcome.vulnerable_software) {
                    const detail::SoftwareUse& use = asset.uses[u];
                    auto reason = gap_reasons.find(use.software);
                    if (reason == gap_reasons.end()) {
                        reason = gap_reasons
                                     .emplace(use.software,
                                              gap_reason(*index, estate->software[use.software],
                                                         verdicts[use.software]))
                                     .first;
                    }
                    const std::string product_key =
                        "cpe:" + detail::product_of(estate->software[use.software].cpe);
                    WARDROUND_TRY(gaps.undecided(asset.id, product_key, reason->second,
                                                 estate->software_names[use.software], cve));
                }
                continue;
            }
            std::set<std::string> seen;
            for (const std::uint32_t u : outcome.vulnerable_software) {
                const detail::SoftwareUse& use = asset.uses[u];
                const match::Software& software = estate->software[use.software];
                const std::string product = detail::product_of(software.cpe);
                if (!seen.insert(product).second) {
                    continue;  // two sources reported the same product: one finding
                }
                detail::MatchedFinding matched;
                matched.org_id = asset.org_id;
                matched.asset_id = asset.id;
                matched.vuln_id = cve;
                matched.source = "nvd";
                matched.product_key = "cpe:" + product;
                matched.vendor = vuln::to_cpe23_value(software.cpe.vendor());
                matched.product = vuln::to_cpe23_value(software.cpe.product());
                matched.version = use.version.empty() ? vuln::to_cpe23_value(software.cpe.version())
                                                      : use.version;
                matched.software = estate->software_names[use.software];
                matched.component_id = use.component_id;
                nvd_found.insert({use.component_id, cve});
                if (const auto found = suppressed.find(cve); found != suppressed.end()) {
                    matched.suppressed = found->second;
                }
                WARDROUND_TRY(facts_of.fill(cve, matched.facts));
                matched.facts.internet_facing = asset.internet_facing;
                matched.facts.criticality = asset.criticality;
                matched.facts.listening_service =
                    use.origin == "service" ||
                    std::find(asset.service_products.begin(), asset.service_products.end(),
                              product) != asset.service_products.end();
                matched.explanation = explain_match(*index, *estate, asset, outcome, use).dump();
                WARDROUND_TRY(findings.record(std::move(matched)));
            }
        }
        WARDROUND_TRY(packages.run(asset, nvd_found, suppressed));
        WARDROUND_TRY(devices.run(asset, suppressed));
        if (progress != nullptr && (a % 1000 == 0 || a + 1 == estate->assets.size())) {
            progress->update({"scan", "assets", 0, 0, static_cast<std::uint64_t>(a + 1)});
        }
    }
    WARDROUND_TRY(findings.close_unmatched());
    if (!changes.full) {
        WARDROUND_TRY(findings.confirm_unchanged(scope->org_ids));
    }

    const auto write_gaps = [&gaps](const detail::GapSink& sink) -> Status {
        for (const auto& [key, gap] : gaps.all()) {
            const auto& [asset_id, product_key, reason] = key;
            WARDROUND_TRY(sink(asset_id, product_key, gap.software, reason, gap.vulnerabilities,
                               Json(gap.examples).dump()));
        }
        return {};
    };
    if (changes.full || !changes.asset_ids.empty()) {
        WARDROUND_TRY(findings.replace_gaps(scope->org_ids, filter.asset_ids, write_gaps));
    }
    WARDROUND_TRY(findings.count_scope(scope->org_ids));

    const detail::FindingCounts& counts = findings.counts();
    summary.findings_new = counts.created;
    summary.findings_reopened = counts.reopened;
    summary.findings_fixed = counts.fixed;
    summary.findings_open = counts.open;
    summary.acceptances_expired = counts.acceptances_expired;
    summary.suppressed = counts.suppressed;
    summary.not_evaluable = counts.not_evaluable;
    summary.open_by_priority = counts.open_by_priority;
    summary.open_kev = counts.open_kev;
    summary.finished_at = format_timestamp(now_utc());
    Json notes;
    notes["open_by_priority"] = summary.open_by_priority;
    notes["open_kev"] = summary.open_kev;
    notes["unresolved_components"] = summary.unresolved_components;
    notes["cves_without_configurations"] = summary.cves_without_configurations;
    notes["kb_demo"] = summary.kb_demo;
    notes["index"] = {{"cves", index->notes().cves},
                      {"criteria", index->notes().criteria},
                      {"bad_criteria", index->notes().bad_criteria},
                      {"unparsed_bounds", index->notes().unparsed_bounds}};
    WARDROUND_TRY(findings.finish_scan(summary, notes.dump()));
    summary.scan_id = findings.scan_id();
    WARDROUND_TRY(transaction->commit());
    if (progress != nullptr) {
        progress->done();
    }
    return summary;
}

}  // namespace wardround::findings

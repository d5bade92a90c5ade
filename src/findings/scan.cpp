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

    // Each gap, to the sink that stores it.
    [[nodiscard]] Status write(const detail::GapSink& sink) const {
        for (const auto& [key, gap] : gaps_) {
            const auto& [asset_id, product_key, reason] = key;
            WARDROUND_TRY(sink(asset_id, product_key, gap.software, reason, gap.vulnerabilities,
                               Json(gap.examples).dump()));
        }
        return {};
    }

private:
    detail::FindingStore& findings_;
    std::map<GapKey, Gap> gaps_;
};

using Suppressions = std::map<std::string, std::string>;  // vulnerability -> why it does not apply

// Why the vulnerability does not apply to the asset, or "" when nothing says so.
std::string suppression_of(const Suppressions& suppressed, const std::string& vuln_id) {
    const auto found = suppressed.find(vuln_id);
    return found == suppressed.end() ? std::string() : found->second;
}

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
               const Suppressions& suppressed) {
        for (const detail::PackageUse& use : asset.packages) {
            WARDROUND_TRY(run_package(asset, use, nvd_found, suppressed));
        }
        return {};
    }

    // One package of the asset against the OSV entries for its ecosystem and name.
    Status run_package(const EstateAsset& asset,
                       const detail::PackageUse& use,
                       const std::set<std::pair<std::int64_t, std::string>>& nvd_found,
                       const Suppressions& suppressed) {
        const detail::EstatePackage& package = estate.packages[use.package];
        const std::string product_key = "purl:" + package.purl.substr(4);
        for (const match::OsvVerdict& verdict : verdicts[use.package]) {
            const match::OsvAffectedSpec& entry = index.entries()[verdict.entry];
            if (verdict.truth == Truth::kUnknown) {
                WARDROUND_TRY(gaps.undecided(asset.id, product_key, last_step(verdict),
                                             package.purl + "@" + package.version, entry.vuln_id));
                continue;
            }
            if (nvd_found.count({use.component_id, entry.vuln_id}) > 0) {
                continue;  // NVD's finding on the same component says it already
            }
            WARDROUND_TRY(record(asset, use, package, product_key, entry, verdict,
                                 suppression_of(suppressed, entry.vuln_id)));
        }
        return {};
    }

    static std::string last_step(const match::OsvVerdict& verdict) {
        return verdict.steps.empty() ? "not evaluable" : verdict.steps.back();
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
        return findings.record(matched);
    }
};

// What a vulnerability statement says of a product's version, when it is not "affected".
bool resolves(const std::string& status) {
    return status == "known_not_affected" || status == "fixed" || status == "first_fixed";
}

bool affects(const std::string& status) {
    return status == "known_affected" || status == "first_affected" || status == "last_affected";
}

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
            WARDROUND_TRY(run_device(asset, use, suppressed));
        }
        return {};
    }

    // One device of the asset against the advisories' products it may be.
    Status run_device(const EstateAsset& asset,
                      const detail::DeviceUse& use,
                      const Suppressions& suppressed) {
        const match::CsafDevice& device = estate.devices[use.device];
        const std::string product_key = "csaf:" + vuln::normalise_vendor_name(device.manufacturer) +
                                        "|" + vuln::normalise_product_text(device.model);
        for (const match::CsafVerdict& verdict : verdicts[use.device]) {
            WARDROUND_TRY(run_verdict(asset, use, device, product_key, verdict, suppressed));
        }
        return {};
    }

    // What an advisory's product, matched (or undecided) against the device, says affects it.
    Status run_verdict(const EstateAsset& asset,
                       const detail::DeviceUse& use,
                       const match::CsafDevice& device,
                       const std::string& product_key,
                       const match::CsafVerdict& verdict,
                       const Suppressions& suppressed) {
        const match::CsafProductSpec& product = index.products()[verdict.product];
        for (const match::CsafStatement& statement : product.statements) {
            if (!affects(statement.status)) {
                continue;
            }
            if (verdict.truth == Truth::kUnknown) {
                WARDROUND_TRY(
                    gaps.undecided(asset.id, product_key, verdict.steps.back(),
                                   device.manufacturer + " " + device.model + " " + device.version,
                                   statement.vuln_id));
                continue;
            }
            WARDROUND_TRY(
                record(asset, use, device, product, product_key, statement, verdict, suppressed));
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
        matched.suppressed = suppression_of(suppressed, statement.vuln_id);
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
        return findings.record(matched);
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

// The NVD side of one asset: each CVE that holds becomes a finding per product that makes it hold;
// each undecided one becomes a gap.
class NvdPass {
public:
    NvdPass(const match::NvdIndex& index,
            const Estate& estate,
            const std::vector<match::SoftwareVerdicts>& verdicts,
            detail::FindingStore& findings,
            detail::VulnerabilityFacts& facts_of,
            Gaps& gaps)
        : index_(index),
          estate_(estate),
          verdicts_(verdicts),
          findings_(findings),
          facts_of_(facts_of),
          gaps_(gaps) {}

    // Adds the (component, CVE) pairs it found to `found`, for the OSV side.
    Status run(const EstateAsset& asset,
               const match::AssetOutcomes& outcomes,
               const Suppressions& suppressed,
               std::set<std::pair<std::int64_t, std::string>>& found) {
        for (const CveOutcome& outcome : outcomes) {
            if (outcome.truth == Truth::kUnknown) {
                WARDROUND_TRY(undecided(asset, outcome));
                continue;
            }
            WARDROUND_TRY(affected(asset, outcome, suppressed, found));
        }
        return {};
    }

private:
    Status undecided(const EstateAsset& asset, const CveOutcome& outcome) {
        const std::string& cve = index_.cves()[outcome.cve].id;
        for (const std::uint32_t u : outcome.vulnerable_software) {
            const detail::SoftwareUse& use = asset.uses[u];
            const std::string& reason = reason_for(use.software);
            const std::string product_key =
                "cpe:" + detail::product_of(estate_.software[use.software].cpe);
            WARDROUND_TRY(gaps_.undecided(asset.id, product_key, reason,
                                          estate_.software_names[use.software], cve));
        }
        return {};
    }

    // Why a name left CVEs undecided, worked out once per name.
    const std::string& reason_for(std::uint32_t software) {
        auto reason = gap_reasons_.find(software);
        if (reason == gap_reasons_.end()) {
            reason = gap_reasons_
                         .emplace(software, gap_reason(index_, estate_.software[software],
                                                       verdicts_[software]))
                         .first;
        }
        return reason->second;
    }

    Status affected(const EstateAsset& asset,
                    const CveOutcome& outcome,
                    const Suppressions& suppressed,
                    std::set<std::pair<std::int64_t, std::string>>& found) {
        const std::string& cve = index_.cves()[outcome.cve].id;
        std::set<std::string> seen;
        for (const std::uint32_t u : outcome.vulnerable_software) {
            const detail::SoftwareUse& use = asset.uses[u];
            const std::string product = detail::product_of(estate_.software[use.software].cpe);
            if (!seen.insert(product).second) {
                continue;  // two sources reported the same product: one finding
            }
            found.insert({use.component_id, cve});
            WARDROUND_TRY(record(asset, outcome, use, product, suppression_of(suppressed, cve)));
        }
        return {};
    }

    Status record(const EstateAsset& asset,
                  const CveOutcome& outcome,
                  const detail::SoftwareUse& use,
                  const std::string& product,
                  const std::string& suppressed) {
        const std::string& cve = index_.cves()[outcome.cve].id;
        const match::Software& software = estate_.software[use.software];
        detail::MatchedFinding matched;
        matched.org_id = asset.org_id;
        matched.asset_id = asset.id;
        matched.vuln_id = cve;
        matched.source = "nvd";
        matched.product_key = "cpe:" + product;
        matched.vendor = vuln::to_cpe23_value(software.cpe.vendor());
        matched.product = vuln::to_cpe23_value(software.cpe.product());
        matched.version =
            use.version.empty() ? vuln::to_cpe23_value(software.cpe.version()) : use.version;
        matched.software = estate_.software_names[use.software];
        matched.component_id = use.component_id;
        matched.suppressed = suppressed;
        WARDROUND_TRY(facts_of_.fill(cve, matched.facts));
        matched.facts.internet_facing = asset.internet_facing;
        matched.facts.criticality = asset.criticality;
        matched.facts.listening_service =
            use.origin == "service" ||
            std::find(asset.service_products.begin(), asset.service_products.end(), product) !=
                asset.service_products.end();
        matched.explanation = explain_match(index_, estate_, asset, outcome, use).dump();
        return findings_.record(matched);
    }

    const match::NvdIndex& index_;
    const Estate& estate_;
    const std::vector<match::SoftwareVerdicts>& verdicts_;
    detail::FindingStore& findings_;
    detail::VulnerabilityFacts& facts_of_;
    Gaps& gaps_;
    std::unordered_map<std::uint32_t, std::string> gap_reasons_;
};

// How old the newest NVD record is, in days; unknown without one.
std::optional<double> age_in_days(const std::string& newest, Timestamp now) {
    if (newest.empty()) {
        return std::nullopt;
    }
    const auto parsed = parse_timestamp(newest);
    if (!parsed) {
        return std::nullopt;
    }
    return static_cast<double>(now.ms_since_epoch - parsed->ms_since_epoch) / 86'400'000.0;
}

// One scan, phase by phase. Everything is read and matched before the transaction begins, and
// every write happens inside it, so a scan that fails leaves the database as it was.
class ScanRun {
public:
    ScanRun(store::Database& database, const ScanOptions& options, Progress* progress)
        : database_(database),
          options_(options),
          progress_(progress),
          now_(options.now.value_or(now_utc())) {
        summary_.started_at = format_timestamp(now_);
    }

    Result<ScanSummary> run() {
        WARDROUND_TRY(prepare());
        auto transaction = store::Transaction::begin(database_);
        WARDROUND_TRY(transaction);
        detail::FindingStore findings(database_, now_, options_.policy, summary_.kb_version);
        WARDROUND_TRY(write(findings));
        WARDROUND_TRY(transaction->commit());
        if (progress_ != nullptr) {
            progress_->done();
        }
        return summary_;
    }

private:
    // The reading phases: nothing is written.
    Status prepare() {
        auto scope = detail::resolve_scope(database_, options_.org_code);
        WARDROUND_TRY(scope);
        scope_ = std::move(*scope);
        WARDROUND_TRY(read_knowledge_state());
        WARDROUND_TRY(load_knowledge());
        WARDROUND_TRY(resolve_changes());
        WARDROUND_TRY(load_estate());
        match_estate();
        auto vex = load_vex(database_, scope_.org_ids);
        WARDROUND_TRY(vex);
        vex_ = std::move(*vex);
        return {};
    }

    // The writing phases, inside the transaction.
    Status write(detail::FindingStore& findings) {
        WARDROUND_TRY(begin(findings));
        Gaps gaps(findings);
        WARDROUND_TRY(write_assets(findings, gaps));
        WARDROUND_TRY(close(findings, gaps));
        return finish(findings);
    }

    Status read_knowledge_state() {
        auto state = detail::read_knowledge_state(database_);
        WARDROUND_TRY(state);
        summary_.kb_version = state->version;
        summary_.kb_newest = state->newest;
        summary_.kb_demo = state->demo;
        summary_.cves_without_configurations = state->cves_without_configurations;
        summary_.kb_age_days = age_in_days(state->newest, now_);
        return {};
    }

    Status load_knowledge() {
        auto index = detail::load_nvd_index(database_);
        WARDROUND_TRY(index);
        index_ = std::move(*index);
        summary_.cves = static_cast<std::int64_t>(index_.cves().size());
        auto osv = detail::load_osv_index(database_);
        WARDROUND_TRY(osv);
        osv_ = std::move(*osv);
        auto csaf = detail::load_csaf_index(database_);
        WARDROUND_TRY(csaf);
        csaf_ = std::move(*csaf);
        if (index_.cves().empty() && summary_.cves_without_configurations == 0 &&
            osv_.size() == 0 && csaf_.products().empty()) {
            return make_error(ErrorCode::kFailedPrecondition,
                              "the knowledge base is empty: import a feed first "
                              "(wardround feeds import FILE, or the demo pack in data/demo/kb)");
        }
        return {};
    }

    // Full, or the assets that changed since the last scan of the same scope.
    Status resolve_changes() {
        policy_ = policy_json(options_.policy);
        auto mark = detail::current_mark(database_, policy_);
        WARDROUND_TRY(mark);
        mark_ = std::move(*mark);
        changes_.reason =
            options_.full ? "a full scan was asked for" : "no earlier scan of this scope";
        if (!options_.full) {
            WARDROUND_TRY(narrow_changes());
        }
        summary_.incremental = !changes_.full;
        summary_.scope_reason = changes_.reason;
        filter_ = detail::EstateFilter{scope_.org_ids, {}};
        if (!changes_.full) {
            filter_.asset_ids = changes_.asset_ids;
        }
        return {};
    }

    Status narrow_changes() {
        auto previous = detail::last_scan(database_, scope_.org_id);
        WARDROUND_TRY(previous);
        if (!*previous) {
            return {};
        }
        auto narrowed = detail::changes_since(database_, **previous, mark_, index_, scope_.org_ids,
                                              format_date(date_of(now_)));
        WARDROUND_TRY(narrowed);
        changes_ = std::move(*narrowed);
        return {};
    }

    // Whether the scan matches any asset: an incremental one that found no change does not.
    [[nodiscard]] bool matches_assets() const {
        return changes_.full || !changes_.asset_ids.empty();
    }

    Status load_estate() {
        if (matches_assets()) {
            auto estate = detail::load_estate(database_, filter_);
            WARDROUND_TRY(estate);
            estate_ = std::move(*estate);
        }
        summary_.assets = static_cast<std::int64_t>(estate_.assets.size());
        summary_.software = static_cast<std::int64_t>(estate_.software.size());
        summary_.unresolved_components = estate_.unresolved_components;
        return {};
    }

    // Each distinct name once, then each asset from its names' verdicts; each distinct package and
    // device once.
    void match_estate() {
        const int threads = thread_count(options_.threads);
        verdicts_.resize(estate_.software.size());
        parallel_for(estate_.software.size(), threads, [&](std::size_t i) {
            verdicts_[i] = match::evaluate_software(index_, estate_.software[i]);
        });
        outcomes_.resize(estate_.assets.size());
        parallel_for(estate_.assets.size(), threads, [&](std::size_t i) {
            std::vector<const match::SoftwareVerdicts*> names;
            names.reserve(estate_.assets[i].uses.size());
            for (const detail::SoftwareUse& use : estate_.assets[i].uses) {
                names.push_back(&verdicts_[use.software]);
            }
            outcomes_[i] = match::evaluate_asset(index_, names);
        });
        package_verdicts_.resize(estate_.packages.size());
        parallel_for(estate_.packages.size(), threads, [&](std::size_t i) {
            package_verdicts_[i] =
                osv_.evaluate(estate_.packages[i].osv, estate_.packages[i].version);
        });
        device_verdicts_.resize(estate_.devices.size());
        parallel_for(estate_.devices.size(), threads, [&](std::size_t i) {
            device_verdicts_[i] = csaf_.evaluate(estate_.devices[i]);
        });
    }

    Status begin(detail::FindingStore& findings) {
        WARDROUND_TRY(findings.begin_scan(scope_.org_id, changes_.full ? "full" : "incremental",
                                          mark_.kb_import_id, mark_.inventory_import_id,
                                          mark_.identity_mark, mark_.vex_mark, policy_));
        if (matches_assets()) {
            WARDROUND_TRY(findings.load_existing(scope_.org_ids, filter_.asset_ids));
        }
        return {};
    }

    // NVD, then OSV (where NVD did not already find the same CVE on the same component), then
    // CSAF, asset by asset.
    Status write_assets(detail::FindingStore& findings, Gaps& gaps) {
        detail::VulnerabilityFacts facts_of(database_);
        NvdPass nvd(index_, estate_, verdicts_, findings, facts_of, gaps);
        PackagePass packages{osv_, estate_, package_verdicts_, findings, facts_of, gaps};
        DevicePass devices{csaf_, estate_, device_verdicts_, findings, facts_of, gaps};
        for (std::size_t a = 0; a < estate_.assets.size(); ++a) {
            const EstateAsset& asset = estate_.assets[a];
            const Suppressions suppressed = suppressions(devices, asset);
            std::set<std::pair<std::int64_t, std::string>> nvd_found;
            WARDROUND_TRY(nvd.run(asset, outcomes_[a], suppressed, nvd_found));
            WARDROUND_TRY(packages.run(asset, nvd_found, suppressed));
            WARDROUND_TRY(devices.run(asset, suppressed));
            report_progress(a);
        }
        return {};
    }

    // What does not apply to the asset: its devices' advisories first, then VEX statements.
    [[nodiscard]] Suppressions suppressions(const DevicePass& devices,
                                            const EstateAsset& asset) const {
        Suppressions suppressed = devices.suppressions(asset);
        if (const auto stated = vex_.find(asset.id); stated != vex_.end()) {
            suppressed.insert(stated->second.begin(), stated->second.end());
        }
        return suppressed;
    }

    void report_progress(std::size_t asset_index) const {
        if (progress_ != nullptr &&
            (asset_index % 1000 == 0 || asset_index + 1 == estate_.assets.size())) {
            progress_->update(
                {"scan", "assets", 0, 0, static_cast<std::uint64_t>(asset_index + 1)});
        }
    }

    // Findings no longer matched are fixed, an incremental scan confirms the rest of its scope,
    // the matched assets' gaps are replaced, and the scope is counted.
    Status close(detail::FindingStore& findings, const Gaps& gaps) {
        WARDROUND_TRY(findings.close_unmatched());
        if (!changes_.full) {
            WARDROUND_TRY(findings.confirm_unchanged(scope_.org_ids));
        }
        if (matches_assets()) {
            WARDROUND_TRY(findings.replace_gaps(
                scope_.org_ids, filter_.asset_ids,
                [&gaps](const detail::GapSink& sink) { return gaps.write(sink); }));
        }
        return findings.count_scope(scope_.org_ids);
    }

    Status finish(detail::FindingStore& findings) {
        const detail::FindingCounts& counts = findings.counts();
        summary_.findings_new = counts.created;
        summary_.findings_reopened = counts.reopened;
        summary_.findings_fixed = counts.fixed;
        summary_.findings_open = counts.open;
        summary_.acceptances_expired = counts.acceptances_expired;
        summary_.suppressed = counts.suppressed;
        summary_.not_evaluable = counts.not_evaluable;
        summary_.open_by_priority = counts.open_by_priority;
        summary_.open_kev = counts.open_kev;
        summary_.finished_at = format_timestamp(now_utc());
        WARDROUND_TRY(findings.finish_scan(summary_, notes().dump()));
        summary_.scan_id = findings.scan_id();
        return {};
    }

    // What the scan record keeps beside the summary's columns.
    [[nodiscard]] Json notes() const {
        Json notes;
        notes["open_by_priority"] = summary_.open_by_priority;
        notes["open_kev"] = summary_.open_kev;
        notes["unresolved_components"] = summary_.unresolved_components;
        notes["cves_without_configurations"] = summary_.cves_without_configurations;
        notes["kb_demo"] = summary_.kb_demo;
        notes["index"] = {{"cves", index_.notes().cves},
                          {"criteria", index_.notes().criteria},
                          {"bad_criteria", index_.notes().bad_criteria},
                          {"unparsed_bounds", index_.notes().unparsed_bounds}};
        return notes;
    }

    store::Database& database_;
    const ScanOptions& options_;
    Progress* progress_;
    Timestamp now_;
    ScanSummary summary_;
    detail::Scope scope_;
    match::NvdIndex index_;
    match::OsvIndex osv_;
    match::CsafIndex csaf_;
    std::string policy_;
    detail::ScanMark mark_;
    detail::ChangeSet changes_;
    detail::EstateFilter filter_;
    Estate estate_;
    std::vector<match::SoftwareVerdicts> verdicts_;
    std::vector<match::AssetOutcomes> outcomes_;
    std::vector<std::vector<match::OsvVerdict>> package_verdicts_;
    std::vector<std::vector<match::CsafVerdict>> device_verdicts_;
    std::unordered_map<std::int64_t, Suppressions> vex_;
};

}  // namespace

Result<ScanSummary> run_scan(store::Database& database,
                             const ScanOptions& options,
                             Progress* progress) {
    return ScanRun(database, options, progress).run();
}

}  // namespace wardround::findings

// SPDX-License-Identifier: Apache-2.0
// The hygiene-checks benchmark: every built-in rule pack and the medical-device standard run over
// every organisation of an estate already in a database (scripts/bench-checks imports one with
// `wardround synth`), the way `wardround checks run` and `wardround devices standard` run them:
// each organisation's estate loaded in one batch of queries, then each asset's facts given to each
// rule. Timed (wall time, assets per second, peak memory) against a naive baseline measured in the
// same run on a random sample of assets: the rule packs parsed afresh for each asset, and for each
// rule the asset's record, services, components, facts, SBOMs, MDS2 form, overdue KEV findings and
// segment neighbours read again with queries of their own. The naive verdicts are compared with the
// batch run's. Prints a Markdown report on stdout and progress on stderr.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <sys/resource.h>

#include <wardround/checks/checks.h>
#include <wardround/checks/device_standard.h>
#include <wardround/checks/eol.h>
#include <wardround/store/open.h>

// The baseline evaluates with the runner's own fact source and reads rows as its loader does, so
// that only the loading differs.
#include "checks/runner/asset_facts.h"
#include "checks/runner/estate_loader.h"
#include "checks/runner/rule_plan.h"

namespace {

using wardround::Result;
using wardround::Status;
using wardround::Timestamp;
using wardround::checks::Verdict;
using wardround::checks::detail::AssetRecord;
using wardround::checks::detail::text;
using wardround::store::Database;
using wardround::store::Row;
using wardround::store::Value;
namespace checks = wardround::checks;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double peak_rss_mib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void note(const std::string& text) {
    fmt::print(stderr, "== {}\n", text);
}

[[noreturn]] void fail(const wardround::Error& error) {
    fmt::print(stderr, "checks bench: {}\n", error.to_string());
    std::exit(1);
}

template <typename T>
T need(Result<T> result) {
    if (!result) {
        fail(result.error());
    }
    return std::move(*result);
}

void need(const Status& status) {
    if (!status) {
        fail(status.error());
    }
}

struct Organisation {
    std::int64_t id = 0;
    std::string code;
    std::int64_t assets = 0;
    std::int64_t medical_devices = 0;
};

struct SampleAsset {
    std::int64_t id = 0;
    std::int64_t org_id = 0;
    std::string org_code;
};

// A verdict that is not a pass: (asset, rule id) -> "fails" or "unknown" (for the standard,
// "not-met" or "not-determined").
using Outcomes = std::map<std::pair<std::int64_t, std::string>, std::string>;

// ---- The batch run: what the commands do -------------------------------------------------------

struct RuleTotals {
    std::int64_t failed = 0;
    std::int64_t passed = 0;
    std::int64_t not_evaluable = 0;
    std::int64_t not_applicable = 0;
};

struct BatchResult {
    double seconds = 0;
    std::int64_t assets = 0;
    std::int64_t devices = 0;
    std::map<std::string, RuleTotals> rules;
    std::vector<std::string> rule_order;
    std::map<std::string, std::int64_t> requirement_not_met;
    checks::StandardSummary standard;
    Outcomes sampled;  // the outcomes of the sampled assets, for the comparison
};

// Runs `work(connection, org)` for each organisation on `threads` threads, one connection each.
template <typename Work>
double over_organisations(const std::string& location,
                          const std::vector<Organisation>& orgs,
                          int threads,
                          const Work& work) {
    std::atomic<std::size_t> next{0};
    std::vector<std::unique_ptr<Database>> connections;
    connections.reserve(static_cast<std::size_t>(threads));
    for (int t = 0; t < threads; ++t) {
        connections.push_back(need(wardround::store::open_database(location)));
    }
    const auto started = Clock::now();
    const auto run = [&](std::size_t thread) {
        for (std::size_t i = next++; i < orgs.size(); i = next++) {
            work(*connections[thread], orgs[i]);
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) {
        pool.emplace_back(run, static_cast<std::size_t>(t));
    }
    run(0);
    for (std::thread& thread : pool) {
        thread.join();
    }
    return seconds_since(started);
}

BatchResult run_rules(const std::string& location,
                      const std::vector<Organisation>& orgs,
                      const std::vector<checks::RulePack>& packs,
                      const std::set<std::int64_t>& sample,
                      Timestamp now,
                      int threads) {
    BatchResult result;
    for (const checks::RulePack& pack : packs) {
        for (const checks::Rule& rule : pack.rules) {
            result.rule_order.push_back(rule.id);
        }
    }
    std::mutex mutex;
    result.seconds =
        over_organisations(location, orgs, threads, [&](Database& db, const Organisation& org) {
            checks::CheckOptions options;
            options.org_code = org.code;
            options.now = now;
            const checks::CheckReport report = need(checks::run_checks(db, packs, options));
            const std::lock_guard lock(mutex);
            result.assets += report.assets;
            for (const checks::RuleCounts& counts : report.rules) {
                RuleTotals& totals = result.rules[counts.rule_id];
                totals.failed += counts.failed;
                totals.passed += counts.passed;
                totals.not_evaluable += counts.not_evaluable;
                totals.not_applicable += counts.not_applicable;
            }
            for (const checks::RuleResult& rule : report.results) {
                if (sample.count(rule.asset_id) != 0) {
                    result.sampled[{rule.asset_id, rule.rule_id}] =
                        rule.verdict == Verdict::kTrue ? "fails" : "unknown";
                }
            }
        });
    return result;
}

void run_standard(const std::string& location,
                  const std::vector<Organisation>& orgs,
                  const checks::RulePack& standard,
                  const std::set<std::int64_t>& sample,
                  Timestamp now,
                  int threads,
                  BatchResult& result) {
    std::vector<Organisation> with_devices;
    std::copy_if(orgs.begin(), orgs.end(), std::back_inserter(with_devices),
                 [](const Organisation& org) { return org.medical_devices > 0; });
    std::mutex mutex;
    result.seconds = over_organisations(
        location, with_devices, threads, [&](Database& db, const Organisation& org) {
            checks::CheckOptions options;
            options.org_code = org.code;
            options.now = now;
            const checks::StandardReport report =
                need(checks::assess_device_standard(db, standard, options));
            const std::lock_guard lock(mutex);
            for (const auto& [department, summary] : report.by_department) {
                result.standard.devices += summary.devices;
                result.standard.meeting += summary.meeting;
                result.standard.short_of += summary.short_of;
                result.standard.undetermined += summary.undetermined;
            }
            for (const auto& [id, count] : report.not_met_by_requirement) {
                result.requirement_not_met[id] += count;
            }
            for (const checks::DeviceAssessment& device : report.devices) {
                ++result.devices;
                if (sample.count(device.asset_id) == 0) {
                    continue;
                }
                for (const checks::RequirementResult& r : device.requirements) {
                    if (r.status != checks::RequirementStatus::kMet) {
                        result.sampled[{device.asset_id, r.requirement_id}] =
                            std::string(checks::requirement_status_name(r.status));
                    }
                }
            }
        });
}

// ---- The naive baseline ------------------------------------------------------------------------

// Everything the rules read about one asset, with a query of its own for each part: what a
// per-asset, per-rule evaluation does when nothing is loaded in batches.
AssetRecord load_one(Database& db, const SampleAsset& sample, const std::string& today) {
    AssetRecord asset;
    const Value id[] = {Value{sample.id}};
    need(db.query(fmt::format("SELECT {} FROM asset WHERE id = ?", checks::detail::kAssetColumns),
                  id, [&](const Row& row) -> Status {
                      asset = checks::detail::asset_from_row(row);
                      return {};
                  }));
    need(db.query(
        "SELECT 1 FROM asset_source WHERE asset_id = ? AND source IN ('nmap', 'osquery') AND "
        "stale = 0 LIMIT 1",
        id, [&](const Row&) -> Status {
            asset.services_known = true;
            return {};
        }));
    need(
        db.query("SELECT port, protocol, service FROM exposure WHERE asset_id = ? AND "
                 "(state IS NULL OR state IN ('open', 'listening'))",
                 id, [&](const Row& row) -> Status {
                     asset.services_known = true;
                     asset.services.push_back({row.get_int(0), text(row, 1), text(row, 2)});
                     return {};
                 }));
    need(db.query(fmt::format("SELECT {} FROM component c JOIN product_identity p ON p.id = "
                              "c.identity_id WHERE c.asset_id = ?",
                              checks::detail::kComponentColumns),
                  id, [&](const Row& row) -> Status {
                      asset.components.push_back(checks::detail::component_from_row(row, 0));
                      return {};
                  }));
    need(db.query("SELECT name, value FROM asset_fact WHERE asset_id = ?", id,
                  [&](const Row& row) -> Status {
                      asset.facts.emplace_back(text(row, 0), text(row, 1));
                      return {};
                  }));
    need(db.query(
        "SELECT 1 FROM asset_source WHERE asset_id = ? AND format IN ('cyclonedx', 'spdx') LIMIT 1",
        id, [&](const Row&) -> Status {
            asset.sbom_provided = true;
            return {};
        }));
    if (!asset.manufacturer.empty() || !asset.model.empty()) {
        const Value model[] = {Value{sample.org_id},
                               Value{checks::detail::name_key(asset.manufacturer)},
                               Value{checks::detail::name_key(asset.model)}};
        std::optional<std::int64_t> form;
        need(db.query(
            "SELECT id, manufacturer, model, document_id, source_file FROM mds2_form WHERE "
            "org_id = ? AND manufacturer_key = ? AND model_key = ? ORDER BY id DESC LIMIT 1",
            model, [&](const Row& row) -> Status {
                form = row.get_int(0);
                const std::string document = text(row, 3).empty() ? text(row, 4) : text(row, 3);
                asset.mds2_form =
                    "MDS2 " + text(row, 1) + " " + text(row, 2) + " (" + document + ")";
                return {};
            }));
        if (form) {
            const Value form_id[] = {Value{*form}};
            need(db.query("SELECT question_id, answer FROM mds2_answer WHERE form_id = ?", form_id,
                          [&](const Row& row) -> Status {
                              asset.mds2_answers.emplace_back(text(row, 0), text(row, 1));
                              return {};
                          }));
        }
    }
    need(db.query(
        "SELECT f.due_date FROM finding f JOIN kev_entry k ON k.cve_id = f.vuln_id WHERE "
        "f.asset_id = ? AND f.status IN ('new', 'open', 'reopened') AND f.due_date IS NOT NULL",
        id, [&](const Row& row) -> Status {
            asset.kev_overdue += text(row, 0) < today ? 1 : 0;
            return {};
        }));
    const auto segment = std::find_if(asset.facts.begin(), asset.facts.end(), [](const auto& fact) {
        return fact.first == "network_segment";
    });
    if (segment != asset.facts.end()) {
        const Value params[] = {Value{sample.org_id}, Value{segment->second}, Value{sample.id}};
        auto neighbours = need(db.query_value(
            "SELECT COUNT(DISTINCT a.id) FROM asset a JOIN asset_fact f ON f.asset_id = a.id "
            "WHERE a.org_id = ? AND a.kind IN ('endpoint', 'server') AND "
            "f.name = 'network_segment' AND f.value = ? AND a.id <> ?",
            params));
        asset.segment_neighbours = neighbours && std::holds_alternative<std::int64_t>(*neighbours)
                                       ? std::get<std::int64_t>(*neighbours)
                                       : 0;
    }
    return asset;
}

struct NaiveResult {
    double seconds = 0;
    std::int64_t assets = 0;
    std::int64_t evaluations = 0;  // (asset, rule) pairs, loads included
    Outcomes outcomes;
};

// One rule for one asset, its facts loaded for it alone; records an outcome that is not a pass.
void evaluate_alone(Database& db,
                    const SampleAsset& entry,
                    const checks::Rule& rule,
                    bool requirement,
                    wardround::Date today,
                    NaiveResult& result,
                    std::string& kind) {
    const AssetRecord asset = load_one(db, entry, wardround::format_date(today));
    kind = asset.kind;
    const checks::detail::AssetFacts facts(asset, checks::EolCatalogue::builtin(), today);
    ++result.evaluations;
    if (!checks::detail::applies(rule, asset, facts)) {
        return;
    }
    const Verdict verdict = rule.when.evaluate(facts).verdict;
    if (verdict == Verdict::kFalse) {
        return;
    }
    const bool fails = verdict == Verdict::kTrue;
    result.outcomes[{entry.id, rule.id}] =
        requirement ? (fails ? "not-met" : "not-determined") : (fails ? "fails" : "unknown");
}

NaiveResult run_naive(const std::string& location,
                      const std::vector<SampleAsset>& sample,
                      Timestamp now) {
    NaiveResult result;
    auto db = need(wardround::store::open_database(location));
    const wardround::Date today = wardround::date_of(now);
    const auto started = Clock::now();
    for (const SampleAsset& entry : sample) {
        // Parsed afresh, as a script that checks one asset at a time would.
        const std::vector<checks::RulePack> packs = need(checks::builtin_rule_packs());
        const checks::RulePack standard = need(checks::builtin_device_standard());
        const auto overrides = need(checks::rule_overrides(*db, entry.org_code));
        const auto plan = need(checks::detail::plan(packs, overrides, {}));
        const auto standard_plan =
            need(checks::detail::plan(std::span(&standard, 1), overrides, {}));
        std::string kind;
        for (const auto& [rule, severity] : plan.rules) {
            evaluate_alone(*db, entry, *rule, false, today, result, kind);
        }
        if (kind == "medical-device") {
            for (const auto& [rule, severity] : standard_plan.rules) {
                evaluate_alone(*db, entry, *rule, true, today, result, kind);
            }
        }
        ++result.assets;
    }
    result.seconds = seconds_since(started);
    return result;
}

// ---- The estate and the report -----------------------------------------------------------------

std::vector<Organisation> organisations(Database& db) {
    std::vector<Organisation> orgs;
    need(db.query(
        "SELECT o.id, o.code, COUNT(*), CAST(SUM(CASE WHEN a.kind = 'medical-device' THEN 1 ELSE 0 "
        "END) AS BIGINT) FROM asset a JOIN organisation o ON o.id = a.org_id GROUP BY o.id, o.code "
        "ORDER BY COUNT(*) DESC, o.code",
        {}, [&](const Row& row) -> Status {
            orgs.push_back({row.get_int(0), row.get_text(1), row.get_int(2), row.get_int(3)});
            return {};
        }));
    return orgs;
}

// `count` assets drawn uniformly without replacement (SplitMix64, seeded), in id order.
std::vector<SampleAsset> draw_sample(Database& db, std::size_t count, std::uint64_t seed) {
    std::vector<SampleAsset> all;
    need(
        db.query("SELECT a.id, a.org_id, o.code FROM asset a JOIN organisation o ON "
                 "o.id = a.org_id ORDER BY a.id",
                 {}, [&](const Row& row) -> Status {
                     all.push_back({row.get_int(0), row.get_int(1), row.get_text(2)});
                     return {};
                 }));
    std::uint64_t state = seed;
    const auto next = [&state] {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31U);
    };
    count = std::min(count, all.size());
    for (std::size_t i = 0; i < count; ++i) {
        std::swap(all[i], all[i + next() % (all.size() - i)]);
    }
    all.resize(count);
    std::sort(all.begin(), all.end(),
              [](const SampleAsset& a, const SampleAsset& b) { return a.id < b.id; });
    return all;
}

struct Options {
    std::string location;
    std::string now_text = "2024-11-01T00:00:00Z";
    std::size_t sample_size = 500;
    std::uint64_t seed = 1;
    int threads = 1;
};

// The estate's size, from the organisations.
struct EstateSize {
    std::int64_t assets = 0;
    std::int64_t devices = 0;
    std::int64_t device_org_assets = 0;  // assets of the organisations holding medical devices
    std::int64_t device_orgs = 0;
    std::int64_t largest = 0;
};

EstateSize size_of(const std::vector<Organisation>& orgs) {
    EstateSize size;
    for (const Organisation& org : orgs) {
        size.assets += org.assets;
        size.devices += org.medical_devices;
        size.largest = std::max(size.largest, org.assets);
        if (org.medical_devices > 0) {
            size.device_org_assets += org.assets;
            ++size.device_orgs;
        }
    }
    return size;
}

struct Measured {
    std::size_t orgs = 0;
    EstateSize size;
    std::int64_t rule_count = 0;
    std::size_t packs = 0;
    std::size_t requirements = 0;
    double parse_seconds = 0;
    double rules_rss = 0;
    double batch_rss = 0;
    BatchResult rules;
    BatchResult devices;
    NaiveResult naive;
    std::size_t compared = 0;
    bool same = false;
};

void print_timings(const Options& options, const Measured& m) {
    const double both = m.rules.seconds + m.devices.seconds;
    const double naive_per_asset =
        m.naive.seconds / static_cast<double>(std::max<std::int64_t>(1, m.naive.assets));
    const double naive_whole = naive_per_asset * static_cast<double>(m.size.assets);
    fmt::print(
        "Hygiene checks over {} organisations, {} assets ({} medical devices; the largest "
        "organisation {} assets), judged on {}; {} rules in {} packs and the {}-requirement "
        "medical-device standard; {} thread(s).\n\n",
        m.orgs, m.size.assets, m.size.devices, m.size.largest, options.now_text.substr(0, 10),
        m.rule_count, m.packs, m.requirements, options.threads);
    fmt::print(
        "| run | seconds | assets/s | peak RSS (MB) | time / batch |\n|---|---|---|---|---|\n");
    fmt::print(
        "| every rule pack, every organisation (`checks run`) | {:.1f} | {:.0f} | {:.0f} | |\n",
        m.rules.seconds, static_cast<double>(m.rules.assets) / m.rules.seconds, m.rules_rss);
    fmt::print(
        "| the device standard, {} organisations with devices (`devices standard`) | {:.1f} "
        "| {:.0f} | {:.0f} | |\n",
        m.size.device_orgs, m.devices.seconds,
        static_cast<double>(m.size.device_org_assets) / m.devices.seconds, m.batch_rss);
    fmt::print("| **batch: both** | **{:.1f}** | **{:.0f}** | {:.0f} | 1x |\n", both,
               static_cast<double>(m.size.assets) / both, m.batch_rss);
    fmt::print(
        "| naive: per asset, packs parsed afresh, facts reloaded per rule ({} assets, "
        "{} evaluations, {:.1f} s; scaled) | {:.0f}* | {:.1f} | - | **{:.0f}x slower*** |\n",
        m.naive.assets, m.naive.evaluations, m.naive.seconds, naive_whole, 1.0 / naive_per_asset,
        naive_whole / both);
    fmt::print(
        "\n\\* extrapolated linearly from the sample to all {} assets. Packs parsed once: "
        "{:.3f} s. Verdicts on the sample: {} (asset, rule) outcomes that are not a pass, "
        "the same in both: {}.\n\n",
        m.size.assets, m.parse_seconds, m.compared, m.same ? "true" : "false");
}

void print_outcomes(const Measured& m) {
    fmt::print(
        "| rule | failed | passed | not evaluable | not applicable |\n|---|---|---|---|---|\n");
    for (const std::string& id : m.rules.rule_order) {
        const auto found = m.rules.rules.find(id);
        const RuleTotals t = found == m.rules.rules.end() ? RuleTotals{} : found->second;
        fmt::print("| {} | {} | {} | {} | {} |\n", id, t.failed, t.passed, t.not_evaluable,
                   t.not_applicable);
    }
    const checks::StandardSummary& standard = m.devices.standard;
    fmt::print(
        "\nMedical-device standard: {} devices, {} meeting, {} short of it, {} undetermined; "
        "not met most: ",
        standard.devices, standard.meeting, standard.short_of, standard.undetermined);
    std::vector<std::pair<std::int64_t, std::string>> most;
    most.reserve(m.devices.requirement_not_met.size());
    for (const auto& [id, count] : m.devices.requirement_not_met) {
        most.emplace_back(count, id);
    }
    std::sort(most.rbegin(), most.rend());
    for (std::size_t i = 0; i < most.size() && i < 4; ++i) {
        fmt::print("{}{} {}", i == 0 ? "" : ", ", most[i].second, most[i].first);
    }
    fmt::print(".\n");
}

// The (asset, rule) outcomes on which the batch run and the baseline disagree, on stderr.
void print_differences(const Outcomes& batch, const Outcomes& naive) {
    for (const auto& [key, outcome] : batch) {
        const auto found = naive.find(key);
        if (found == naive.end() || found->second != outcome) {
            fmt::print(stderr, "differs: asset {} {}: batch {}, naive {}\n", key.first, key.second,
                       outcome, found == naive.end() ? "pass" : found->second);
        }
    }
    for (const auto& [key, outcome] : naive) {
        if (batch.count(key) == 0) {
            fmt::print(stderr, "differs: asset {} {}: batch pass, naive {}\n", key.first,
                       key.second, outcome);
        }
    }
}

int run(const Options& options, Timestamp now) {
    auto db = need(wardround::store::open_database(options.location));
    note("reading the organisations and drawing the sample");
    const std::vector<Organisation> orgs = organisations(*db);
    const std::vector<SampleAsset> sample = draw_sample(*db, options.sample_size, options.seed);
    std::set<std::int64_t> sampled;
    for (const SampleAsset& entry : sample) {
        sampled.insert(entry.id);
    }
    Measured m;
    m.orgs = orgs.size();
    m.size = size_of(orgs);

    const auto parse_started = Clock::now();
    const std::vector<checks::RulePack> packs = need(checks::builtin_rule_packs());
    const checks::RulePack standard = need(checks::builtin_device_standard());
    m.parse_seconds = seconds_since(parse_started);
    m.packs = packs.size();
    m.requirements = standard.rules.size();
    for (const checks::RulePack& pack : packs) {
        m.rule_count += static_cast<std::int64_t>(pack.rules.size());
    }

    note(fmt::format("every rule pack over {} organisations, {} assets, {} thread(s)", orgs.size(),
                     m.size.assets, options.threads));
    m.rules = run_rules(options.location, orgs, packs, sampled, now, options.threads);
    m.rules_rss = peak_rss_mib();
    note("the device standard over the organisations with medical devices");
    run_standard(options.location, orgs, standard, sampled, now, options.threads, m.devices);
    m.batch_rss = peak_rss_mib();
    note(fmt::format("naive baseline on {} sampled assets", sample.size()));
    m.naive = run_naive(options.location, sample, now);

    Outcomes batch = m.rules.sampled;
    batch.insert(m.devices.sampled.begin(), m.devices.sampled.end());
    m.compared = batch.size();
    m.same = batch == m.naive.outcomes;
    print_timings(options, m);
    print_outcomes(m);
    if (!m.same) {
        print_differences(batch, m.naive.outcomes);
        return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        CLI::App app{
            "Hygiene checks over every organisation of a database, against a naive "
            "baseline"};
        Options options;
        app.add_option("--db", options.location, "the database (SQLite file or PostgreSQL URL)")
            ->required();
        app.add_option("--now", options.now_text, "the day dates are judged on (synth's date)");
        app.add_option("--sample", options.sample_size, "assets the naive baseline evaluates");
        app.add_option("--seed", options.seed, "the sample's seed");
        app.add_option("--threads", options.threads,
                       "organisations checked at once, one connection each")
            ->check(CLI::Range(1, 64));
        CLI11_PARSE(app, argc, argv);
        const auto now = wardround::parse_timestamp(options.now_text);
        if (!now) {
            fmt::print(stderr, "checks bench: --now is not a timestamp: {}\n", options.now_text);
            return 2;
        }
        return run(options, *now);
    } catch (const std::exception& error) {
        std::fputs(error.what(), stderr);
        std::fputs("\n", stderr);
        return 1;
    }
}

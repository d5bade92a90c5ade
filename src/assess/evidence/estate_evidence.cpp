// SPDX-License-Identifier: Apache-2.0
// The estate's figures: the assets of every organisation in scope read in one query and judged
// against the end-of-life catalogue (for the supported share) and the register's fields (for
// completeness); then, per organisation holding assets, the end-of-life rules and the
// medical-device standard run through the checks module, as the report runs them, so that the
// figures and the report agree on what is unsupported and which devices meet the standard.
#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include <wardround/checks/checks.h>
#include <wardround/checks/device_standard.h>
#include <wardround/checks/end_of_life_rules.h>
#include <wardround/checks/eol.h>

#include "assess/evidence/evidence_internal.h"

namespace wardround::assess::detail {
namespace {

using store::Row;
using store::Value;

namespace end_of_life = checks::end_of_life;

// The device standard's requirement that manufacturer support has not ended: an exception to it is
// the device's approved plan.
constexpr std::string_view kDeviceSupportRequirement = "MDS-01";
constexpr std::string_view kMedicalDevice = "medical-device";
constexpr int kRecentDays = 30;

struct OsVerdict {
    bool recognised = false;
    checks::SupportState state = checks::SupportState::kSupported;
    bool assumed = false;
};

// The catalogue's verdict on an operating system as recorded, remembered by the record's fields:
// an estate holds few distinct ones.
class OsJudge {
public:
    explicit OsJudge(Date today) : today_(today) {}

    const OsVerdict& judge(const std::string& name,
                           const std::string& version,
                           const std::string& build,
                           const std::string& cpe) {
        std::string key = name + '\x1f' + version + '\x1f' + build + '\x1f' + cpe;
        const auto found = verdicts_.find(key);
        if (found != verdicts_.end()) {
            return found->second;
        }
        OsVerdict verdict;
        const auto match = checks::EolCatalogue::builtin().find_os(name, version, build, cpe);
        if (match && match->release != nullptr) {
            verdict.recognised = true;
            verdict.state = checks::support_state(*match->release, today_);
            verdict.assumed = match->assumed;
        }
        return verdicts_.emplace(std::move(key), verdict).first->second;
    }

private:
    Date today_;
    std::unordered_map<std::string, OsVerdict> verdicts_;
};

struct EstateTally {
    // Operating systems, medical devices aside.
    std::int64_t os_assets = 0;
    std::int64_t supported = 0;
    std::int64_t extended = 0;
    std::int64_t unsupported = 0;
    std::int64_t assumed = 0;
    std::int64_t no_os = 0;
    std::int64_t unrecognised = 0;
    // The register, every asset.
    std::int64_t assets = 0;
    std::int64_t with_owner = 0;
    std::int64_t with_os = 0;
    std::int64_t seen_30_days = 0;
    std::int64_t not_stale = 0;
    std::int64_t current = 0;
    std::int64_t complete = 0;
    std::string newest_import;
};

struct AssetRecord {
    std::string kind;
    std::string os_name;
    std::string os_version;
    std::string os_build;
    std::string os_cpe;
    bool has_owner = false;
    bool has_make = false;  // manufacturer and model
    std::string last_seen;
    bool stale = false;
};

void count_os(const AssetRecord& asset, OsJudge& judge, EstateTally& tally) {
    if (asset.kind == kMedicalDevice) {
        return;  // judged by the device standard (MDS-01, MDS-02)
    }
    ++tally.os_assets;
    if (asset.os_name.empty() && asset.os_cpe.empty()) {
        ++tally.no_os;
        return;
    }
    const OsVerdict& verdict =
        judge.judge(asset.os_name, asset.os_version, asset.os_build, asset.os_cpe);
    if (!verdict.recognised) {
        ++tally.unrecognised;
        return;
    }
    tally.assumed += verdict.assumed ? 1 : 0;
    switch (verdict.state) {
        case checks::SupportState::kSupported:
            ++tally.supported;
            break;
        case checks::SupportState::kExtended:
            ++tally.extended;
            break;
        case checks::SupportState::kUnsupported:
            ++tally.unsupported;
            break;
    }
}

void count_register(const AssetRecord& asset, const std::string& recent_from, EstateTally& tally) {
    ++tally.assets;
    // A medical device's register gives its make and model rather than an operating system.
    const bool has_os = asset.kind == kMedicalDevice
                            ? asset.has_make
                            : !asset.os_name.empty() || !asset.os_cpe.empty();
    const bool seen = asset.last_seen.substr(0, 10) >= recent_from;
    tally.with_owner += asset.has_owner ? 1 : 0;
    tally.with_os += has_os ? 1 : 0;
    tally.seen_30_days += seen ? 1 : 0;
    tally.not_stale += asset.stale ? 0 : 1;
    tally.current += seen && !asset.stale ? 1 : 0;
    tally.complete += asset.has_owner && has_os && seen && !asset.stale ? 1 : 0;
}

// Every asset in scope in one query, counted as it streams; the organisations holding them.
Status tally_assets(store::Database& database,
                    const EvidenceScope& scope,
                    EstateTally& tally,
                    std::vector<OrgHoldings>& holdings) {
    OsJudge judge(scope.today);
    const std::string recent_from = format_date(Date{scope.today.days_since_epoch - kRecentDays});
    std::map<std::int64_t, OrgHoldings> by_org;
    WARDROUND_TRY(database.query(
        "SELECT org_id, kind, COALESCE(os_name, ''), COALESCE(os_version, ''), "
        "COALESCE(os_build, ''), COALESCE(os_cpe, ''), COALESCE(owner, ''), "
        "COALESCE(department, ''), COALESCE(manufacturer, ''), COALESCE(model, ''), last_seen, "
        "stale FROM asset WHERE org_id IN (" +
            scope.id_list + ")",
        {}, [&](const Row& row) -> Status {
            AssetRecord asset;
            asset.kind = row.get_text(1);
            asset.os_name = row.get_text(2);
            asset.os_version = row.get_text(3);
            asset.os_build = row.get_text(4);
            asset.os_cpe = row.get_text(5);
            asset.has_owner = !row.get_text(6).empty() || !row.get_text(7).empty();
            asset.has_make = !row.get_text(8).empty() && !row.get_text(9).empty();
            asset.last_seen = row.get_text(10);
            asset.stale = row.get_int(11) != 0;
            count_os(asset, judge, tally);
            count_register(asset, recent_from, tally);
            OrgHoldings& org = by_org[row.get_int(0)];
            ++org.assets;
            org.medical_devices += asset.kind == kMedicalDevice ? 1 : 0;
            return {};
        }));
    for (const org::OrgRef& member : scope.members) {
        const auto found = by_org.find(member.id);
        if (found != by_org.end()) {
            holdings.push_back(
                {member.id, member.code, found->second.assets, found->second.medical_devices});
        }
    }
    auto newest = database.query_value(
        "SELECT MAX(COALESCE(observed_at, finished_at)) FROM import_run WHERE scope IS NOT NULL "
        "AND org_id IN (" +
        scope.id_list + ")");
    WARDROUND_TRY(newest);
    if (*newest && std::holds_alternative<std::string>(**newest)) {
        tally.newest_import = std::get<std::string>(**newest);
    }
    return {};
}

// What the end-of-life rules and the device standard found, summed over the organisations.
struct HygieneTally {
    std::map<std::int64_t, std::set<std::string>> failing;  // asset to the rules it fails
    std::map<std::string, std::int64_t> not_evaluable;      // by rule
    std::vector<std::string> disabled;                      // "CODE: RULE: reason"
    std::set<std::int64_t> support_excepted;  // devices with a current MDS-01 exception
    checks::StandardSummary devices;
    std::set<std::pair<std::int64_t, std::string>> accepted;  // (asset, rule) risk accepted
};

checks::CheckOptions options_for(const OrgHoldings& org, Timestamp now) {
    checks::CheckOptions options;
    options.org_code = org.code;
    options.now = now;
    for (const std::string_view rule : end_of_life::kUnsupportedRules) {
        options.rule_ids.emplace_back(rule);
    }
    return options;
}

Status run_end_of_life_rules(store::Database& database,
                             const EvidenceScope& scope,
                             const std::vector<OrgHoldings>& holdings,
                             HygieneTally& tally) {
    auto packs = checks::builtin_rule_packs();
    if (!packs) {
        return make_error(ErrorCode::kInternal,
                          "the built-in rule packs do not load: " + packs.error().message);
    }
    for (const OrgHoldings& org : holdings) {
        auto report = checks::run_checks(database, *packs, options_for(org, scope.as_of));
        WARDROUND_TRY(report);
        for (const checks::RuleResult& result : report->results) {
            if (result.verdict == checks::Verdict::kTrue) {
                tally.failing[result.asset_id].insert(result.rule_id);
            }
        }
        for (const checks::RuleCounts& counts : report->rules) {
            tally.not_evaluable[counts.rule_id] += counts.not_evaluable;
        }
        for (const std::string& disabled : report->disabled) {
            tally.disabled.push_back(org.code + ": " + disabled);
        }
    }
    return {};
}

// One device's outcome, and whether a current exception covers its manufacturer's support.
void count_device(const checks::DeviceAssessment& device, HygieneTally& tally) {
    ++tally.devices.devices;
    const bool short_of =
        std::any_of(device.requirements.begin(), device.requirements.end(),
                    [](const checks::RequirementResult& result) {
                        return result.status == checks::RequirementStatus::kNotMet;
                    });
    tally.devices.meeting += device.meets() ? 1 : 0;
    tally.devices.short_of += short_of ? 1 : 0;
    tally.devices.undetermined += !device.meets() && !short_of ? 1 : 0;
    for (const checks::RequirementResult& result : device.requirements) {
        if (result.requirement_id == kDeviceSupportRequirement &&
            result.status == checks::RequirementStatus::kExcepted) {
            tally.support_excepted.insert(device.asset_id);
        }
    }
}

Status assess_devices(store::Database& database,
                      const EvidenceScope& scope,
                      const std::vector<OrgHoldings>& holdings,
                      HygieneTally& tally) {
    auto standard = checks::builtin_device_standard();
    if (!standard) {
        return make_error(ErrorCode::kInternal,
                          "the built-in medical-device standard does not "
                          "load: " +
                              standard.error().message);
    }
    for (const OrgHoldings& org : holdings) {
        if (org.medical_devices == 0) {
            continue;
        }
        checks::CheckOptions options;
        options.org_code = org.code;
        options.now = scope.as_of;
        auto report = checks::assess_device_standard(database, *standard, options);
        WARDROUND_TRY(report);
        for (const checks::DeviceAssessment& device : report->devices) {
            count_device(device, tally);
        }
    }
    return {};
}

// The end-of-life check findings whose risk a person accepted, until a date not yet passed.
Status read_acceptances(store::Database& database,
                        const EvidenceScope& scope,
                        HygieneTally& tally) {
    const Value params[] = {Value{scope.today_text}};
    return database.query(
        "SELECT asset_id, vuln_id FROM finding WHERE org_id IN (" + scope.id_list +
            ") AND source = 'check' AND status = 'accepted' AND decision_until >= ?",
        params, [&tally](const Row& row) -> Status {
            std::string rule = row.get_text(1);
            if (end_of_life::counts_as_unsupported(rule)) {
                tally.accepted.emplace(row.get_int(0), std::move(rule));
            }
            return {};
        });
}

std::string kind_counts_text(const EstateTally& tally) {
    return fmt::format(
        "{} with no operating system recorded and {} whose operating system the "
        "end-of-life catalogue does not recognise",
        tally.no_os, tally.unrecognised);
}

EvidenceFigure supported_os_figure(const EstateTally& tally, const EvidenceScope& scope) {
    EvidenceFigure figure = make_figure("supported-os-share");
    const std::int64_t known = tally.supported + tally.extended + tally.unsupported;
    figure.as_of = tally.newest_import;
    figure.numerator = tally.supported;
    figure.denominator = known;
    figure.value = share(tally.supported, known);
    figure.measures = {{"known", static_cast<double>(known)},
                       {"supported", static_cast<double>(tally.supported)},
                       {"extended", static_cast<double>(tally.extended)},
                       {"unsupported", static_cast<double>(tally.unsupported)},
                       {"no_os", static_cast<double>(tally.no_os)},
                       {"unrecognised", static_cast<double>(tally.unrecognised)}};
    figure.determinable = known > 0;
    if (!figure.determinable) {
        figure.detail = tally.os_assets == 0
                            ? fmt::format(
                                  "no assets other than medical devices are recorded "
                                  "for {} or the organisations beneath it",
                                  scope.org_code)
                            : fmt::format(
                                  "none of the {} assets has an operating system the "
                                  "end-of-life catalogue recognises: {}",
                                  tally.os_assets, kind_counts_text(tally));
        return figure;
    }
    figure.detail = fmt::format(
        "{} of {} assets whose operating system the end-of-life catalogue recognises are on a "
        "release their vendor still supports on {} ({} of them assumed from an incomplete "
        "version, the longest-supported release it allows); {} are past support with only paid "
        "extended updates, counted as not supported since no inventory says they were bought; {} "
        "are past all support. Not counted: {}. Medical devices are left to the device standard.",
        tally.supported, known, scope.today_text, tally.assumed, tally.extended, tally.unsupported,
        kind_counts_text(tally));
    return figure;
}

// Whether every rule the asset fails is covered by a current accepted risk or, for a device past
// the manufacturer's support, by a current exception to MDS-01.
bool has_plan(std::int64_t asset_id,
              const std::set<std::string>& rules,
              const HygieneTally& tally) {
    return std::all_of(rules.begin(), rules.end(), [&](const std::string& rule) {
        return tally.accepted.count({asset_id, rule}) != 0 ||
               (rule == end_of_life::kMedicalDevice && tally.support_excepted.count(asset_id) != 0);
    });
}

EvidenceFigure unsupported_figure(const EstateTally& estate,
                                  const HygieneTally& tally,
                                  const EvidenceScope& scope) {
    EvidenceFigure figure = make_figure("unsupported-systems");
    figure.as_of = estate.newest_import;
    std::int64_t with_plan = 0;
    for (const auto& [asset_id, rules] : tally.failing) {
        with_plan += has_plan(asset_id, rules, tally) ? 1 : 0;
    }
    const auto count = static_cast<std::int64_t>(tally.failing.size());
    figure.value = static_cast<double>(count);
    figure.numerator = count;
    figure.measures = {{"with_plan", static_cast<double>(with_plan)},
                       {"without_plan", static_cast<double>(count - with_plan)}};
    // Zero unsupported systems means something only when some asset could be judged.
    figure.determinable =
        estate.supported + estate.extended + estate.unsupported > 0 || tally.devices.devices > 0;
    if (!figure.determinable) {
        figure.detail = estate.assets == 0
                            ? fmt::format(
                                  "no assets are recorded for {} or the organisations "
                                  "beneath it",
                                  scope.org_code)
                            : fmt::format("no asset could be judged: {}, and no medical devices",
                                          kind_counts_text(estate));
        return figure;
    }
    std::vector<std::string> undecided;
    for (const auto& [rule, assets] : tally.not_evaluable) {
        undecided.push_back(fmt::format("{} {}", rule, assets));
    }
    figure.detail = fmt::format(
        "{} assets fail WR-EOL-001 (operating system past all support), WR-EOL-003 (software past "
        "support) or WR-EOL-004 (medical device past the manufacturer's support) on {}; {} have "
        "an approved plan (an accepted risk on each such check finding, or a current exception "
        "to MDS-01, not expired) and {} have none. Assets the rules could not judge are not "
        "counted and make this a lower bound: {}.{}",
        count, scope.today_text, with_plan, count - with_plan,
        undecided.empty() ? std::string("none") : fmt::format("{}", fmt::join(undecided, ", ")),
        tally.disabled.empty()
            ? std::string()
            : fmt::format(" Rules turned off: {}.", fmt::join(tally.disabled, "; ")));
    return figure;
}

EvidenceFigure devices_figure(const EstateTally& estate,
                              const HygieneTally& tally,
                              const EvidenceScope& scope) {
    EvidenceFigure figure = make_figure("medical-device-standard");
    figure.as_of = estate.newest_import;
    const checks::StandardSummary& devices = tally.devices;
    const std::int64_t determined = devices.meeting + devices.short_of;
    figure.numerator = devices.meeting;
    figure.denominator = determined;
    figure.value = share(devices.meeting, determined);
    figure.measures = {{"devices", static_cast<double>(devices.devices)},
                       {"meeting", static_cast<double>(devices.meeting)},
                       {"short_of", static_cast<double>(devices.short_of)},
                       {"undetermined", static_cast<double>(devices.undetermined)}};
    figure.determinable = determined > 0;
    const std::string counts = fmt::format(
        "{} medical devices: {} meet the medical-device minimum standard (every requirement met "
        "or excepted), {} fall short of a requirement, {} could not be determined (no MDS2 form, "
        "no segment recorded and the like) and are not counted",
        devices.devices, devices.meeting, devices.short_of, devices.undetermined);
    if (devices.devices == 0) {
        figure.detail =
            fmt::format("no medical devices are recorded for {} or the organisations beneath it",
                        scope.org_code);
    } else if (!figure.determinable) {
        figure.detail = "no device could be determined either way: " + counts;
    } else {
        figure.detail = fmt::format("{} of {} devices determined meet the standard on {}; {}",
                                    devices.meeting, determined, scope.today_text, counts);
    }
    return figure;
}

EvidenceFigure register_figure(const EstateTally& tally, const EvidenceScope& scope) {
    EvidenceFigure figure = make_figure("asset-register-completeness");
    figure.as_of = tally.newest_import;
    figure.numerator = tally.complete;
    figure.denominator = tally.assets;
    figure.value = share(tally.complete, tally.assets);
    figure.measures = {{"with_owner", share(tally.with_owner, tally.assets)},
                       {"with_os", share(tally.with_os, tally.assets)},
                       {"seen_30_days", share(tally.seen_30_days, tally.assets)},
                       {"not_stale", share(tally.not_stale, tally.assets)},
                       {"current", share(tally.current, tally.assets)}};
    figure.determinable = tally.assets > 0;
    if (!figure.determinable) {
        figure.detail = fmt::format("no assets are recorded for {} or the organisations beneath it",
                                    scope.org_code);
        return figure;
    }
    figure.detail = fmt::format(
        "{} of {} assets have every field judged: an owner or department ({} have), an operating "
        "system (for medical devices, manufacturer and model) ({}), last seen within {} days of "
        "{} ({}), and not stale ({}).",
        tally.complete, tally.assets, tally.with_owner, tally.with_os, kRecentDays,
        scope.today_text, tally.seen_30_days, tally.not_stale);
    return figure;
}

}  // namespace

Result<std::vector<EvidenceFigure>> estate_figures(store::Database& database,
                                                   const EvidenceScope& scope,
                                                   std::vector<OrgHoldings>& holdings) {
    EstateTally estate;
    WARDROUND_TRY(tally_assets(database, scope, estate, holdings));
    HygieneTally hygiene;
    WARDROUND_TRY(run_end_of_life_rules(database, scope, holdings, hygiene));
    WARDROUND_TRY(assess_devices(database, scope, holdings, hygiene));
    WARDROUND_TRY(read_acceptances(database, scope, hygiene));
    std::vector<EvidenceFigure> figures;
    figures.push_back(supported_os_figure(estate, scope));
    figures.push_back(unsupported_figure(estate, hygiene, scope));
    figures.push_back(devices_figure(estate, hygiene, scope));
    figures.push_back(register_figure(estate, scope));
    return figures;
}

}  // namespace wardround::assess::detail

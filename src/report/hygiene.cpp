// SPDX-License-Identifier: Apache-2.0
// The report's hygiene sections: the end-of-life rules (the built-in unsupported-systems pack) and
// the medical-device standard, run through the checks module for each organisation in scope that
// holds assets, each with its own tailoring, then summed. The checks decide every verdict; this
// only counts and groups them and keeps the first rows of the long lists, so that memory follows
// the largest organisation rather than the region.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>

#include <wardround/checks/checks.h>
#include <wardround/checks/device_standard.h>
#include <wardround/checks/end_of_life_rules.h>
#include <wardround/checks/eol.h>
#include <wardround/core/text.h>

#include "report/report_internal.h"

namespace wardround::report::detail {
namespace {

using store::Row;
using store::Value;

namespace end_of_life = checks::end_of_life;

// The operating-system rules, whose lists show the release.
bool is_os_rule(std::string_view rule_id) {
    return rule_id == end_of_life::kOperatingSystem || rule_id == end_of_life::kExtendedUpdatesOnly;
}

// What the lists show of an asset beyond what the checks return.
struct AssetDetails {
    std::string site;
    std::string kind;
    std::string manufacturer;
    std::string model;
    std::string os_name;
    std::string os_version;
    std::string os_build;
    std::string os_cpe;
};

// The details of the organisation's assets named in `wanted`, in one query.
Result<std::unordered_map<std::int64_t, AssetDetails>> asset_details(
    store::Database& database, std::int64_t org_id, const std::set<std::int64_t>& wanted) {
    std::unordered_map<std::int64_t, AssetDetails> details;
    if (wanted.empty()) {
        return details;
    }
    const Value params[] = {Value{org_id}};
    WARDROUND_TRY(database.query(
        "SELECT id, COALESCE(site, ''), kind, COALESCE(manufacturer, ''), COALESCE(model, ''), "
        "COALESCE(os_name, ''), COALESCE(os_version, ''), COALESCE(os_build, ''), "
        "COALESCE(os_cpe, '') FROM asset WHERE org_id = ?",
        params, [&](const Row& row) -> Status {
            const std::int64_t id = row.get_int(0);
            if (wanted.count(id) != 0) {
                details.emplace(id, AssetDetails{row.get_text(1), row.get_text(2), row.get_text(3),
                                                 row.get_text(4), row.get_text(5), row.get_text(6),
                                                 row.get_text(7), row.get_text(8)});
            }
            return {};
        }));
    return details;
}

// The catalogue's release for the asset's operating system, looked up from the same record fields
// the checks read (so it is the release their verdict was about), or the name as recorded.
std::string release_of(const AssetDetails& asset) {
    if (!asset.os_name.empty() || !asset.os_cpe.empty()) {
        const auto found = checks::EolCatalogue::builtin().find_os(asset.os_name, asset.os_version,
                                                                   asset.os_build, asset.os_cpe);
        if (found && found->release != nullptr) {
            return found->release->label();
        }
    }
    return asset.os_name;
}

std::string os_as_recorded(const AssetDetails& asset) {
    return std::string(trim(asset.os_name + " " + asset.os_version));
}

// Keeps the first `limit` of `items` in the order `before` gives.
template <typename T, typename Less>
void keep_first(std::vector<T>& items, std::size_t limit, Less before) {
    if (items.size() <= limit) {
        return;
    }
    std::partial_sort(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(limit),
                      items.end(), before);
    items.resize(limit);
}

void add(RuleTotals& into, const checks::RuleCounts& counts) {
    into.failed += counts.failed;
    into.passed += counts.passed;
    into.not_evaluable += counts.not_evaluable;
    into.not_applicable += counts.not_applicable;
}

void add(DeviceCounts& into, const checks::StandardSummary& summary) {
    into.devices += summary.devices;
    into.meeting += summary.meeting;
    into.short_of += summary.short_of;
    into.undetermined += summary.undetermined;
}

void add(DeviceCounts& into, const DeviceCounts& counts) {
    into.devices += counts.devices;
    into.meeting += counts.meeting;
    into.short_of += counts.short_of;
    into.undetermined += counts.undetermined;
}

// Most devices first, then by organisation and name.
void sort_groups(std::vector<DeviceGroup>& groups) {
    std::sort(groups.begin(), groups.end(), [](const DeviceGroup& a, const DeviceGroup& b) {
        return std::tie(b.counts.devices, a.org_code, a.name) <
               std::tie(a.counts.devices, b.org_code, b.name);
    });
}

// The results of one organisation's run folded into the section.
class UnsupportedCollector {
public:
    UnsupportedCollector(const std::vector<checks::RulePack>& packs, UnsupportedSection& section)
        : section_(section) {
        for (const checks::RulePack& pack : packs) {
            if (pack.id != end_of_life::kPack) {
                continue;
            }
            for (const checks::Rule& rule : pack.rules) {
                rule_ids_.push_back(rule.id);
                order_[rule.id] = section_.rules.size();
                section_.rules.push_back(
                    {rule.id, rule.title, end_of_life::counts_as_unsupported(rule.id)});
            }
        }
    }

    [[nodiscard]] const std::vector<std::string>& rule_ids() const { return rule_ids_; }

    Status add_organisation(store::Database& database,
                            const ScopeOrganisation& org,
                            const checks::CheckReport& report) {
        UnsupportedOrganisation summary{org.code, org.name, report.assets, 0, {}, report.disabled};
        for (const checks::RuleCounts& counts : report.rules) {
            add(summary.rules[counts.rule_id], counts);
            add(section_.totals[counts.rule_id], counts);
        }
        std::set<std::int64_t> wanted;
        for (const checks::RuleResult& result : report.results) {
            wanted.insert(result.asset_id);
        }
        auto details = asset_details(database, org.id, wanted);
        WARDROUND_TRY(details);
        std::set<std::int64_t> unsupported;
        for (const checks::RuleResult& result : report.results) {
            const AssetDetails& asset = (*details)[result.asset_id];
            if (result.verdict != checks::Verdict::kTrue) {
                if (result.rule_id == end_of_life::kOperatingSystem) {
                    ++unrecognised_[os_as_recorded(asset)];
                }
                continue;
            }
            if (end_of_life::counts_as_unsupported(result.rule_id)) {
                unsupported.insert(result.asset_id);
            }
            std::string system;
            if (is_os_rule(result.rule_id)) {
                system = release_of(asset);
                ++releases_[{system, result.rule_id}];
            } else if (result.rule_id == end_of_life::kMedicalDevice) {
                system = std::string(trim(asset.manufacturer + " " + asset.model));
            }
            ++section_.systems_total;
            section_.systems.push_back({result.asset_id, org.code, result.hostname, asset.site,
                                        asset.kind, result.rule_id, std::move(system),
                                        join(result.steps, "; ")});
        }
        summary.unsupported = static_cast<std::int64_t>(unsupported.size());
        unsupported_assets_ += summary.unsupported;
        section_.organisations.push_back(std::move(summary));
        keep_first(section_.systems, kAssetsListed,
                   [this](const auto& a, const auto& b) { return earlier(a, b); });
        return {};
    }

    // Sorts what is kept; returns the distinct unsupported assets.
    std::int64_t finish() {
        std::sort(section_.systems.begin(), section_.systems.end(),
                  [this](const auto& a, const auto& b) { return earlier(a, b); });
        for (const auto& [key, assets] : releases_) {
            section_.releases.push_back({key.first, key.second, assets});
        }
        std::stable_sort(
            section_.releases.begin(), section_.releases.end(),
            [](const ReleaseCount& a, const ReleaseCount& b) { return a.assets > b.assets; });
        for (const auto& [os, assets] : unrecognised_) {
            section_.unrecognised.push_back({os, assets});
        }
        std::stable_sort(
            section_.unrecognised.begin(), section_.unrecognised.end(),
            [](const UnrecognisedOs& a, const UnrecognisedOs& b) { return a.assets > b.assets; });
        if (section_.unrecognised.size() > kGapsListed) {
            section_.unrecognised.resize(kGapsListed);
        }
        return unsupported_assets_;
    }

private:
    // Rules in pack order, then organisation, host name and asset.
    [[nodiscard]] bool earlier(const UnsupportedSystem& a, const UnsupportedSystem& b) const {
        const std::size_t rule_a = order_.at(a.rule_id);
        const std::size_t rule_b = order_.at(b.rule_id);
        return std::tie(rule_a, a.org_code, a.hostname, a.asset_id) <
               std::tie(rule_b, b.org_code, b.hostname, b.asset_id);
    }

    UnsupportedSection& section_;
    std::vector<std::string> rule_ids_;
    std::map<std::string, std::size_t> order_;
    std::map<std::pair<std::string, std::string>, std::int64_t> releases_;
    std::map<std::string, std::int64_t> unrecognised_;
    std::int64_t unsupported_assets_ = 0;
};

class DeviceCollector {
public:
    DeviceCollector(const checks::RulePack& standard, std::string today, DeviceSection& section)
        : today_(std::move(today)), section_(section) {
        for (const checks::Rule& rule : standard.rules) {
            index_[rule.id] = section_.requirements.size();
            section_.requirements.push_back({rule.id, rule.title, 0, 0, 0, 0});
        }
    }

    void add_organisation(const ScopeOrganisation& org, const checks::StandardReport& report) {
        DeviceCounts counts;
        for (const auto& [department, summary] : report.by_department) {
            add(counts, summary);
            DeviceGroup group{org.code, department, {}};
            add(group.counts, summary);
            section_.by_department.push_back(std::move(group));
        }
        for (const auto& [model, summary] : report.by_model) {
            add(models_[model], summary);
        }
        add(section_.summary, counts);
        section_.by_organisation.emplace_back(org.code, counts);
        for (const std::string& disabled : report.disabled) {
            section_.disabled.push_back(org.code + ": " + disabled);
        }
        std::unordered_map<std::int64_t, std::string> hostnames;
        for (const checks::DeviceAssessment& device : report.devices) {
            hostnames.emplace(device.asset_id, device.hostname);
            add_device(org, device);
        }
        for (const checks::DeviceException& exception : report.exceptions) {
            DeviceExceptionEntry entry;
            entry.id = exception.id;
            entry.org_code = org.code;
            entry.asset_id = exception.asset_id;
            if (exception.asset_id) {
                entry.hostname = hostnames[*exception.asset_id];
            }
            entry.manufacturer = exception.manufacturer;
            entry.model = exception.model;
            entry.requirement_id = exception.requirement_id;
            entry.reason = exception.reason;
            entry.owner = exception.owner;
            entry.until = exception.until;
            entry.expired = exception.until < today_;
            section_.exceptions.push_back(std::move(entry));
        }
        keep_first(section_.short_of, kAssetsListed, before);
    }

    void finish() {
        for (auto& [model, counts] : models_) {
            section_.by_model.push_back({"", model, counts});
        }
        sort_groups(section_.by_model);
        sort_groups(section_.by_department);
        std::sort(section_.short_of.begin(), section_.short_of.end(), before);
    }

private:
    void add_device(const ScopeOrganisation& org, const checks::DeviceAssessment& device) {
        DeviceShortfall shortfall{
            device.asset_id,   org.code, device.hostname, device.manufacturer, device.model,
            device.department, {}};
        for (const checks::RequirementResult& result : device.requirements) {
            const auto found = index_.find(result.requirement_id);
            if (found == index_.end()) {
                continue;
            }
            RequirementCount& count = section_.requirements[found->second];
            switch (result.status) {
                case checks::RequirementStatus::kMet:
                    ++count.met;
                    break;
                case checks::RequirementStatus::kNotMet:
                    ++count.not_met;
                    shortfall.not_met.emplace_back(result.requirement_id, join(result.steps, "; "));
                    break;
                case checks::RequirementStatus::kNotDetermined:
                    ++count.not_determined;
                    break;
                case checks::RequirementStatus::kExcepted:
                    ++count.excepted;
                    break;
            }
        }
        if (!shortfall.not_met.empty()) {
            ++section_.short_of_total;
            section_.short_of.push_back(std::move(shortfall));
        }
    }

    static bool before(const DeviceShortfall& a, const DeviceShortfall& b) {
        return std::tie(a.org_code, a.hostname, a.asset_id) <
               std::tie(b.org_code, b.hostname, b.asset_id);
    }

    std::string today_;
    DeviceSection& section_;
    std::map<std::string, std::size_t> index_;
    std::map<std::string, DeviceCounts> models_;
};

checks::CheckOptions options_for(const ScopeOrganisation& org,
                                 std::vector<std::string> rule_ids,
                                 Timestamp now) {
    checks::CheckOptions options;
    options.org_code = org.code;
    options.rule_ids = std::move(rule_ids);
    options.now = now;
    return options;
}

}  // namespace

Status collect_unsupported(store::Database& database,
                           const std::vector<ScopeOrganisation>& organisations,
                           Timestamp now,
                           ReportData& data) {
    auto packs = checks::builtin_rule_packs();
    if (!packs) {
        return make_error(ErrorCode::kInternal,
                          "the built-in rule packs do not load: " + packs.error().message);
    }
    UnsupportedCollector collector(*packs, data.unsupported);
    if (collector.rule_ids().empty()) {
        return make_error(ErrorCode::kInternal, "the built-in unsupported-systems pack is missing");
    }
    for (const ScopeOrganisation& org : organisations) {
        if (org.assets == 0) {
            continue;
        }
        auto report =
            checks::run_checks(database, *packs, options_for(org, collector.rule_ids(), now));
        WARDROUND_TRY(report);
        WARDROUND_TRY(collector.add_organisation(database, org, *report));
    }
    data.headline.unsupported_systems = collector.finish();
    return {};
}

Status collect_medical_devices(store::Database& database,
                               const std::vector<ScopeOrganisation>& organisations,
                               Timestamp now,
                               ReportData& data) {
    auto standard = checks::builtin_device_standard();
    if (!standard) {
        return make_error(ErrorCode::kInternal,
                          "the built-in medical-device standard does not "
                          "load: " +
                              standard.error().message);
    }
    DeviceCollector collector(*standard, data.report_date, data.medical_devices);
    for (const ScopeOrganisation& org : organisations) {
        if (org.medical_devices == 0) {
            continue;
        }
        auto report =
            checks::assess_device_standard(database, *standard, options_for(org, {}, now));
        WARDROUND_TRY(report);
        collector.add_organisation(org, *report);
    }
    collector.finish();
    return {};
}

}  // namespace wardround::report::detail

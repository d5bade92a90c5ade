// SPDX-License-Identifier: Apache-2.0
// Every rule of the built-in packs and every requirement of the device standard against the case
// files in tests/data/checks/cases (format in their README): assets described by their facts,
// the outcome expected of named rules. The facts are built exactly as the runner builds them from
// the database (AssetFacts over an AssetRecord), so these cases test the rules and the facts, and
// the database tests test the loading.
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <wardround/checks/checks.h>
#include <wardround/checks/device_standard.h>

#include "checks/runner/asset_facts.h"
#include "checks/runner/rule_plan.h"
#include "support/test_support.h"

namespace wardround::checks {
namespace {

using detail::AssetRecord;

const std::filesystem::path kCaseDir = ::wardround::testing::fixture("checks/cases");

std::vector<std::string> case_files() {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(kCaseDir)) {
        if (entry.path().extension() == ".yaml") {
            names.push_back(entry.path().filename().string());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string scalar(const YAML::Node& node, const char* key) {
    return node[key] ? node[key].as<std::string>() : std::string();
}

std::optional<bool> flag(const YAML::Node& node, const char* key) {
    return node[key] ? std::optional<bool>(node[key].as<bool>()) : std::nullopt;
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(separator, start);
        std::string part = text.substr(start, end - start);
        part.erase(0, part.find_first_not_of(' '));
        part.erase(part.find_last_not_of(' ') + 1);
        parts.push_back(part);
        if (end == std::string::npos) {
            return parts;
        }
        start = end + 1;
    }
}

AssetRecord record_of(const YAML::Node& asset) {
    AssetRecord record;
    const YAML::Node fields = asset["record"];
    record.kind = scalar(fields, "kind");
    record.hostname = scalar(asset, "name");
    record.os_name = scalar(fields, "os_name");
    record.os_version = scalar(fields, "os_version");
    record.os_build = scalar(fields, "os_build");
    record.manufacturer = scalar(fields, "manufacturer");
    record.model = scalar(fields, "model");
    record.supported_until = scalar(fields, "supported_until");
    record.last_seen = scalar(fields, "last_seen");
    record.internet_facing = flag(fields, "internet_facing");
    if (asset["services"]) {
        record.services_known = true;
        for (const YAML::Node& service : asset["services"]) {
            // "445/tcp microsoft-ds"
            const auto words = split(service.as<std::string>(), ' ');
            const auto port = split(words[0], '/');
            record.services.push_back({std::stoll(port[0]), port.size() > 1 ? port[1] : "tcp",
                                       words.size() > 1 ? words[1] : ""});
        }
    }
    for (const auto& fact : asset["facts"]) {
        const auto name = fact.first.as<std::string>();
        const std::string stored = name == "hotfixes" ? "hotfix" : name;
        if (fact.second.IsSequence()) {
            for (const YAML::Node& value : fact.second) {
                record.facts.emplace_back(stored, value.as<std::string>());
            }
        } else {
            record.facts.emplace_back(stored, fact.second.as<std::string>());
        }
    }
    for (const YAML::Node& component : asset["components"]) {
        const auto parts = split(component.as<std::string>(), '|');
        record.components.push_back({parts[0], parts[1], parts[2], parts[3]});
    }
    if (asset["segment_neighbours"]) {
        record.segment_neighbours = asset["segment_neighbours"].as<std::int64_t>();
    }
    record.sbom_provided = asset["sbom"] && asset["sbom"].as<bool>();
    record.kev_overdue = asset["kev_overdue"] ? asset["kev_overdue"].as<std::int64_t>() : 0;
    if (asset["mds2"]) {
        record.mds2_form = "MDS2 case form";
        for (const auto& answer : asset["mds2"]) {
            record.mds2_answers.emplace_back(answer.first.as<std::string>(),
                                             answer.second.as<std::string>());
        }
    }
    return record;
}

std::string outcome(const Rule& rule, const AssetRecord& record, const detail::AssetFacts& facts) {
    if (!detail::applies(rule, record, facts)) {
        return "not-applicable";
    }
    switch (rule.when.evaluate(facts).verdict) {
        case Verdict::kTrue:
            return "fails";
        case Verdict::kFalse:
            return "passes";
        case Verdict::kUnknown:
            return "unknown";
    }
    return "unknown";
}

class RuleCaseTest : public ::testing::TestWithParam<std::string> {};

TEST_P(RuleCaseTest, EveryExpectedOutcome) {
    auto packs = builtin_rule_packs();
    ASSERT_TRUE(packs) << packs.error().to_string();
    auto standard = builtin_device_standard();
    ASSERT_TRUE(standard) << standard.error().to_string();
    packs->push_back(std::move(*standard));

    const YAML::Node file = YAML::LoadFile((kCaseDir / GetParam()).string());
    const Date today = date_of(*parse_timestamp(file["today"].as<std::string>()));
    ASSERT_GT(file["assets"].size(), 0U);
    for (const YAML::Node& asset : file["assets"]) {
        const AssetRecord record = record_of(asset);
        const detail::AssetFacts facts(record, EolCatalogue::builtin(), today);
        ASSERT_TRUE(asset["expect"]) << record.hostname;
        for (const auto& expected : asset["expect"]) {
            const auto rule_id = expected.first.as<std::string>();
            const Rule* rule = detail::find_rule(*packs, rule_id);
            ASSERT_NE(rule, nullptr) << record.hostname << ": no rule " << rule_id;
            EXPECT_EQ(outcome(*rule, record, facts), expected.second.as<std::string>())
                << record.hostname << " " << rule_id << " (" << rule->when.text()
                << "): " << ::testing::PrintToString(rule->when.evaluate(facts).steps);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(CaseFiles,
                         RuleCaseTest,
                         ::testing::ValuesIn(case_files()),
                         [](const ::testing::TestParamInfo<std::string>& case_info) {
                             std::string name =
                                 case_info.param.substr(0, case_info.param.find('.'));
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name;
                         });

// Every rule and requirement is named by at least one case that fails and one that does not.
TEST(RuleCaseCoverageTest, EveryRuleHasAFailingAndAPassingCase) {
    auto packs = builtin_rule_packs();
    ASSERT_TRUE(packs);
    auto standard = builtin_device_standard();
    ASSERT_TRUE(standard);
    packs->push_back(std::move(*standard));
    std::map<std::string, std::set<std::string>> seen;
    for (const std::string& name : case_files()) {
        const YAML::Node file = YAML::LoadFile((kCaseDir / name).string());
        for (const YAML::Node& asset : file["assets"]) {
            for (const auto& expected : asset["expect"]) {
                seen[expected.first.as<std::string>()].insert(expected.second.as<std::string>());
            }
        }
    }
    for (const RulePack& pack : *packs) {
        for (const Rule& rule : pack.rules) {
            const auto& outcomes = seen[rule.id];
            EXPECT_TRUE(outcomes.count("fails") > 0) << rule.id << " has no failing case";
            EXPECT_TRUE(outcomes.count("passes") > 0) << rule.id << " has no passing case";
        }
    }
}

}  // namespace
}  // namespace wardround::checks

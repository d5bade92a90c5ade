// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <wardround/core/text.h>
#include <wardround/core/time.h>
#include <wardround/findings/policy.h>

namespace wardround::findings {
namespace {

using Json = nlohmann::json;

Status read_number(const Json& value, const std::string& where, double& out) {
    if (!value.is_number()) {
        return make_error(ErrorCode::kInvalidArgument, "expected a number", where);
    }
    const double number = value.get<double>();
    if (number < 0) {
        return make_error(ErrorCode::kInvalidArgument, "must not be negative", where);
    }
    out = number;
    return {};
}

Status read_days(const Json& value, const std::string& where, int& out) {
    if (!value.is_number_integer() || value.get<std::int64_t>() < 0 ||
        value.get<std::int64_t>() > 3650) {
        return make_error(ErrorCode::kInvalidArgument, "expected whole days from 0 to 3650", where);
    }
    out = value.get<int>();
    return {};
}

// Reads one object of the policy: each key must be one of `fields`.
Status read_object(const Json& object,
                   const std::string& path,
                   const std::map<std::string, double*>& numbers,
                   const std::map<std::string, int*>& days,
                   const std::string& where) {
    if (!object.is_object()) {
        return make_error(ErrorCode::kInvalidArgument, "expected an object",
                          fmt::format("{} {}", where, path));
    }
    for (const auto& [key, value] : object.items()) {
        const std::string at = fmt::format("{} {}.{}", where, path, key);
        if (const auto number = numbers.find(key); number != numbers.end()) {
            WARDROUND_TRY(read_number(value, at, *number->second));
        } else if (const auto day = days.find(key); day != days.end()) {
            WARDROUND_TRY(read_days(value, at, *day->second));
        } else {
            return make_error(ErrorCode::kInvalidArgument, "unknown key", at);
        }
    }
    return {};
}

std::string one_decimal(double value) {
    return fmt::format("{:.1f}", value);
}

// The policy file parsed; errors when it cannot be read or is not JSON.
Result<Json> read_policy_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        return make_error(ErrorCode::kNotFound, "cannot read the policy file", path);
    }
    std::stringstream text;
    text << in.rdbuf();
    Json json = Json::parse(text.str(), nullptr, false);
    if (json.is_discarded()) {
        return make_error(ErrorCode::kInvalidArgument, "not valid JSON", path);
    }
    return json;
}

// $.high_criticality: criticality words, kept lower-case.
Status read_high_criticality(const Json& value,
                             const std::string& path,
                             std::vector<std::string>& out) {
    if (!value.is_array() || !std::all_of(value.begin(), value.end(),
                                          [](const Json& item) { return item.is_string(); })) {
        return make_error(ErrorCode::kInvalidArgument, "expected an array of strings",
                          path + " $.high_criticality");
    }
    out.clear();
    for (const Json& item : value) {
        out.push_back(to_lower(item.get<std::string>()));
    }
    return {};
}

// One key of the policy's top-level object.
Status read_member(const std::string& key,
                   const Json& value,
                   const std::string& path,
                   PriorityPolicy& policy) {
    if (key == "points") {
        const std::map<std::string, double*> points{
            {"kev", &policy.kev},
            {"ransomware", &policy.ransomware},
            {"epss", &policy.epss},
            {"cvss", &policy.cvss},
            {"internet_facing", &policy.internet_facing},
            {"listening_service", &policy.listening_service},
            {"critical_asset", &policy.critical_asset}};
        return read_object(value, "$.points", points, {}, path);
    }
    if (key == "thresholds") {
        const std::map<std::string, double*> thresholds{
            {"p1", &policy.p1}, {"p2", &policy.p2}, {"p3", &policy.p3}};
        return read_object(value, "$.thresholds", thresholds, {}, path);
    }
    if (key == "due_days") {
        const std::map<std::string, int*> due_days{{"high", &policy.high_days},
                                                   {"medium", &policy.medium_days},
                                                   {"low", &policy.low_days}};
        return read_object(value, "$.due_days", {}, due_days, path);
    }
    if (key == "high_criticality") {
        return read_high_criticality(value, path, policy.high_criticality);
    }
    return make_error(ErrorCode::kInvalidArgument, "unknown key",
                      fmt::format("{} $.{}", path, key));
}

}  // namespace

Result<PriorityPolicy> load_priority_policy(const std::string& path) {
    auto json = read_policy_file(path);
    WARDROUND_TRY(json);
    if (!json->is_object()) {
        return make_error(ErrorCode::kInvalidArgument, "expected a JSON object", path + " $");
    }
    PriorityPolicy policy;
    for (const auto& [key, value] : json->items()) {
        WARDROUND_TRY(read_member(key, value, path, policy));
    }
    if (!(policy.p1 > policy.p2 && policy.p2 > policy.p3)) {
        return make_error(ErrorCode::kInvalidArgument, "thresholds must fall: p1 > p2 > p3",
                          path + " $.thresholds");
    }
    return policy;
}

std::string policy_json(const PriorityPolicy& policy) {
    nlohmann::ordered_json json;
    json["points"] = {{"kev", policy.kev},
                      {"ransomware", policy.ransomware},
                      {"epss", policy.epss},
                      {"cvss", policy.cvss},
                      {"internet_facing", policy.internet_facing},
                      {"listening_service", policy.listening_service},
                      {"critical_asset", policy.critical_asset}};
    json["thresholds"] = {{"p1", policy.p1}, {"p2", policy.p2}, {"p3", policy.p3}};
    json["due_days"] = {
        {"high", policy.high_days}, {"medium", policy.medium_days}, {"low", policy.low_days}};
    json["high_criticality"] = policy.high_criticality;
    return json.dump();
}

Priority assess_priority(const PriorityFacts& facts, const PriorityPolicy& policy) {
    Priority priority;
    const auto add = [&priority](std::string factor, double points, std::string detail) {
        priority.score += points;
        priority.reasons.push_back({std::move(factor), points, std::move(detail)});
    };
    if (facts.kev) {
        add("kev", policy.kev,
            facts.kev_due_date.empty()
                ? std::string("listed in CISA KEV")
                : fmt::format("listed in CISA KEV, due {}", facts.kev_due_date));
        if (facts.ransomware) {
            add("ransomware", policy.ransomware, "known use in ransomware campaigns");
        }
    }
    if (facts.epss) {
        const std::string percentile =
            facts.epss_percentile
                ? fmt::format(" ({:.1f}th percentile)", *facts.epss_percentile * 100)
                : std::string();
        add("epss", policy.epss * *facts.epss,
            fmt::format("EPSS {:.3f}{}", *facts.epss, percentile));
    }
    if (facts.cvss) {
        add("cvss", policy.cvss * *facts.cvss,
            fmt::format("CVSS {} {} ({})", facts.cvss_version, one_decimal(*facts.cvss),
                        facts.cvss_source));
    }
    if (facts.internet_facing) {
        add("internet-facing", policy.internet_facing, "the asset is reachable from the internet");
    }
    if (facts.listening_service) {
        add("listening-service", policy.listening_service,
            "the affected product is a service the asset exposes");
    }
    const std::string criticality = to_lower(facts.criticality);
    if (!criticality.empty() &&
        std::find(policy.high_criticality.begin(), policy.high_criticality.end(), criticality) !=
            policy.high_criticality.end()) {
        add("criticality", policy.critical_asset,
            fmt::format("asset criticality {}", facts.criticality));
    }
    if (priority.score >= policy.p1) {
        priority.level = "P1";
    } else if (priority.score >= policy.p2) {
        priority.level = "P2";
    } else if (priority.score >= policy.p3) {
        priority.level = "P3";
    } else {
        priority.level = "P4";
    }
    return priority;
}

std::string due_date(const PriorityFacts& facts,
                     const PriorityPolicy& policy,
                     const std::string& since) {
    if (facts.kev && !facts.kev_due_date.empty()) {
        return facts.kev_due_date;
    }
    const auto start = parse_date(since.substr(0, 10));
    if (!start) {
        return {};
    }
    int days = policy.low_days;
    if ((facts.cvss && *facts.cvss >= 7.0) || facts.vendor_high) {
        days = policy.high_days;
    } else if (facts.cvss && *facts.cvss >= 4.0) {
        days = policy.medium_days;
    }
    return format_date(Date{start->days_since_epoch + days});
}

}  // namespace wardround::findings

// SPDX-License-Identifier: Apache-2.0
// Every version NVD really publishes in the shared data orders: each range bound and each exact
// criteria version parses in the scheme scheme_for_cpe() picks for its criteria (or is listed
// below as deliberately not orderable, with the reason), equals itself, sorts above the version
// one lower in its last non-zero number and below the version one higher, and every range's start
// sorts before its end. Counts were measured with python3 over the two files.
#include <cstddef>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <wardround/vuln/cpe.h>
#include <wardround/vuln/version.h>

#include "support/test_support.h"

namespace wardround::vuln {
namespace {

// Versions in NVD's data that are not orderable in their criteria's scheme, and why.
const std::map<std::pair<VersionScheme, std::string>, std::string>& not_orderable() {
    static const std::map<std::pair<VersionScheme, std::string>, std::string> kList = {
        {{VersionScheme::kWindows, "r2"},
         "Windows Server 2008 R2 and 2012 R2: NVD puts the release name in the version field; it "
         "is not a build number, so a build cannot be ordered against it"},
    };
    return kList;
}

struct Bound {
    std::string cve;
    std::string criteria;
    std::string field;  // versionStartIncluding, ..., or "criteria" for an exact version
    std::string text;
    VersionScheme scheme = VersionScheme::kGeneric;
};

struct Range {
    std::string cve;
    std::string criteria;
    std::string start;
    std::string end;
    bool inclusive = false;  // both ends included: start may equal end
    VersionScheme scheme = VersionScheme::kGeneric;
};

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void collect(const std::string& path, std::vector<Bound>& bounds, std::vector<Range>& ranges) {
    const nlohmann::json page = nlohmann::json::parse(read_text(path));
    for (const auto& item : page.at("vulnerabilities")) {
        const auto& cve = item.at("cve");
        if (!cve.contains("configurations")) {
            continue;
        }
        const std::string id = cve.at("id").get<std::string>();
        for (const auto& configuration : cve.at("configurations")) {
            for (const auto& node : configuration.at("nodes")) {
                for (const auto& match : node.at("cpeMatch")) {
                    const std::string criteria = match.at("criteria").get<std::string>();
                    auto cpe = parse_cpe23(criteria);
                    if (!cpe) {
                        ADD_FAILURE() << criteria << ": " << cpe.error().message;
                        continue;
                    }
                    const VersionScheme scheme =
                        scheme_for_cpe(cpe->vendor().text, cpe->product().text);
                    if (cpe->version().kind == CpeValueKind::kValue) {
                        bounds.push_back(
                            {id, criteria, "criteria", std::string(cpe->version().text), scheme});
                    }
                    Range range{id, criteria, "", "", false, scheme};
                    for (const char* field : {"versionStartIncluding", "versionStartExcluding",
                                              "versionEndIncluding", "versionEndExcluding"}) {
                        if (!match.contains(field)) {
                            continue;
                        }
                        const std::string text = match.at(field).get<std::string>();
                        bounds.push_back({id, criteria, field, text, scheme});
                        (std::string(field).rfind("versionStart", 0) == 0 ? range.start
                                                                          : range.end) = text;
                    }
                    range.inclusive = match.contains("versionStartIncluding") &&
                                      match.contains("versionEndIncluding");
                    if (!range.start.empty() && !range.end.empty()) {
                        ranges.push_back(range);
                    }
                }
            }
        }
    }
}

// The text with its last non-zero run of digits changed by one (down or up); std::nullopt when
// every number is zero (going down) or there is no number.
std::optional<std::string> step(const std::string& text, bool down) {
    std::size_t end = text.size();
    while (end > 0) {
        while (end > 0 && (text[end - 1] < '0' || text[end - 1] > '9')) {
            --end;
        }
        std::size_t begin = end;
        while (begin > 0 && text[begin - 1] >= '0' && text[begin - 1] <= '9') {
            --begin;
        }
        const std::string digits = text.substr(begin, end - begin);
        if (digits.empty()) {
            return std::nullopt;
        }
        if (down && digits.find_first_not_of('0') == std::string::npos) {
            end = begin;
            continue;
        }
        std::string changed = digits;
        std::size_t i = changed.size();
        if (down) {
            while (changed[--i] == '0') {
                changed[i] = '9';
            }
            --changed[i];
        } else {
            while (i > 0 && changed[i - 1] == '9') {
                changed[--i] = '0';
            }
            if (i == 0) {
                changed.insert(changed.begin(), '1');
            } else {
                ++changed[i - 1];
            }
        }
        return text.substr(0, begin) + changed + text.substr(end);
    }
    return std::nullopt;
}

std::string where(const Bound& bound) {
    return bound.cve + " " + bound.criteria + " " + bound.field + "=" + bound.text + " (" +
           std::string(version_scheme_name(bound.scheme)) + ")";
}

void check_bounds(const std::vector<Bound>& bounds, std::size_t& parsed, std::size_t& listed) {
    for (const Bound& bound : bounds) {
        auto version = parse_version(bound.scheme, bound.text);
        const auto listed_reason = not_orderable().find({bound.scheme, bound.text});
        if (listed_reason != not_orderable().end()) {
            EXPECT_FALSE(version.has_value()) << where(bound) << " is listed but parses";
            ++listed;
            continue;
        }
        if (!version) {
            ADD_FAILURE() << where(bound) << ": " << version.error().message;
            continue;
        }
        ++parsed;
        EXPECT_EQ(compare_versions(*version, *version), 0) << where(bound);
        if (const auto below = step(bound.text, true)) {
            auto lower = parse_version(bound.scheme, *below);
            ASSERT_TRUE(lower.has_value()) << *below << ": " << lower.error().message;
            EXPECT_EQ(compare_versions(*version, *lower), 1) << where(bound) << " vs " << *below;
            EXPECT_EQ(compare_versions(*lower, *version), -1) << where(bound) << " vs " << *below;
        }
        if (const auto above = step(bound.text, false)) {
            auto higher = parse_version(bound.scheme, *above);
            if (higher) {  // one higher can leave a date's range (2021-12-31)
                EXPECT_EQ(compare_versions(*version, *higher), -1)
                    << where(bound) << " vs " << *above;
            }
        }
    }
}

void check_ranges(const std::vector<Range>& ranges) {
    for (const Range& range : ranges) {
        auto start = parse_version(range.scheme, range.start);
        auto end = parse_version(range.scheme, range.end);
        ASSERT_TRUE(start && end) << range.cve << " " << range.criteria;
        const auto order = compare_versions(*start, *end);
        ASSERT_TRUE(order.has_value()) << range.cve << " " << range.start << " .. " << range.end;
        if (range.inclusive) {
            EXPECT_LE(*order, 0) << range.cve << " " << range.start << " .. " << range.end;
        } else {
            EXPECT_LT(*order, 0) << range.cve << " " << range.start << " .. " << range.end;
        }
    }
}

TEST(VersionNvdData, CuratedRecords) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nvd/nvd-curated.json");
    std::vector<Bound> bounds;
    std::vector<Range> ranges;
    collect(path, bounds, ranges);
    EXPECT_EQ(bounds.size(), 464U + 836U);
    EXPECT_EQ(ranges.size(), 123U);
    std::size_t parsed = 0;
    std::size_t listed = 0;
    check_bounds(bounds, parsed, listed);
    EXPECT_EQ(parsed + listed, bounds.size());
    EXPECT_GT(listed, 0U);
    check_ranges(ranges);
}

TEST(VersionNvdData, VunnelFixturePage) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nvd/vunnel-fixture-page.json");
    std::vector<Bound> bounds;
    std::vector<Range> ranges;
    collect(path, bounds, ranges);
    EXPECT_EQ(bounds.size(), 19U + 17U);
    EXPECT_EQ(ranges.size(), 2U);
    std::size_t parsed = 0;
    std::size_t listed = 0;
    check_bounds(bounds, parsed, listed);
    EXPECT_EQ(parsed + listed, bounds.size());
    check_ranges(ranges);
}

// The bounds the brief names as typical of NVD, in the order a matcher needs.
TEST(VersionNvdData, TypicalBounds) {
    const auto order = [](const char* a, const char* b) {
        return compare_version_text(VersionScheme::kGeneric, a, b);
    };
    EXPECT_EQ(order("2.0-beta9", "2.0"), -1);
    EXPECT_EQ(order("9.8p1", "9.8"), 1);
    EXPECT_EQ(order("1.0.1g", "1.0.1"), 1);
    EXPECT_EQ(order("13.1-49.13", "13.1-49.15"), -1);
    EXPECT_EQ(order("2019.1", "2019.0.9"), 1);
    EXPECT_EQ(order("10.0.19045.2251", "10.0.19045.2250"), 1);
    EXPECT_EQ(order("5.4.0.1", "5.4"), 1);
    EXPECT_EQ(order("R2", "R1"), 1);
    EXPECT_EQ(order("3.6.12-rc1", "3.6.12"), -1);
    EXPECT_FALSE(order("2021-12-13", "2.15.0").has_value());
}

}  // namespace
}  // namespace wardround::vuln

// SPDX-License-Identifier: Apache-2.0
// The case files in tests/data/advisory_text: vendor keys, product text matches and version
// ranges, written so that an analyst can read and extend them without touching C++.
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/core/text.h>
#include <wardround/vuln/advisory_text.h>

#include "support/test_support.h"
#include "unit/vuln/advisory_text/dotted_comparator.h"

namespace wardround::vuln {
namespace {

std::vector<std::string> read_lines(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << path;
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        lines.push_back(line);
    }
    return lines;
}

// A block of "key: value" lines; the first line's number names the case in failures.
struct Block {
    int line = 0;
    std::map<std::string, std::string> fields;
};

std::vector<Block> read_blocks(const std::string& path) {
    std::vector<Block> blocks;
    Block current;
    int number = 0;
    for (const std::string& line : read_lines(path)) {
        ++number;
        if (!line.empty() && line.front() == '#') {
            continue;
        }
        if (trim(line).empty()) {
            if (!current.fields.empty()) {
                blocks.push_back(std::move(current));
                current = Block{};
            }
            continue;
        }
        const std::size_t colon = line.find(':');
        if (colon == std::string::npos) {
            ADD_FAILURE() << path << ":" << number << ": no 'key:' in " << line;
            continue;
        }
        if (current.fields.empty()) {
            current.line = number;
        }
        std::string value = line.substr(colon + 1);
        if (!value.empty() && value.front() == ' ') {
            value.erase(0, 1);
        }
        current.fields[line.substr(0, colon)] = value;
    }
    if (!current.fields.empty()) {
        blocks.push_back(std::move(current));
    }
    return blocks;
}

// "vendor=BD; name=Alaris PC Unit" -> {vendor: BD, name: Alaris PC Unit}.
std::map<std::string, std::string> settings(const std::string& text) {
    std::map<std::string, std::string> out;
    for (std::string_view item : split(text, ';')) {
        item = trim(item);
        const std::size_t equals = item.find('=');
        if (equals == std::string_view::npos) {
            continue;
        }
        out[std::string(trim(item.substr(0, equals)))] = std::string(trim(item.substr(equals + 1)));
    }
    return out;
}

std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    for (std::string_view word : split(text, ' ')) {
        if (!word.empty()) {
            out.emplace_back(word);
        }
    }
    return out;
}

TEST(AdvisoryTextCases, VendorNames) {
    const std::string path = testing::fixture("advisory_text/vendors.txt");
    int cases = 0;
    int number = 0;
    for (const std::string& line : read_lines(path)) {
        ++number;
        if (line.empty() || line.front() == '#') {
            continue;
        }
        const std::size_t tab = line.find('\t');
        ASSERT_NE(tab, std::string::npos) << "vendors.txt:" << number;
        EXPECT_EQ(normalise_vendor_name(line.substr(0, tab)), line.substr(tab + 1))
            << "vendors.txt:" << number << " " << line.substr(0, tab);
        ++cases;
    }
    EXPECT_GE(cases, 50);
}

TEST(AdvisoryTextCases, ProductTexts) {
    const std::string path = testing::fixture("advisory_text/products.txt");
    int cases = 0;
    for (const Block& block : read_blocks(path)) {
        const std::string where = "products.txt:" + std::to_string(block.line);
        ASSERT_TRUE(block.fields.contains("advisory") && block.fields.contains("device") &&
                    block.fields.contains("expect"))
            << where;
        auto advisory_fields = settings(block.fields.at("advisory"));
        auto device_fields = settings(block.fields.at("device"));
        AdvisoryProductText advisory;
        advisory.vendor = advisory_fields["vendor"];
        advisory.product_family = advisory_fields["family"];
        advisory.product_name = advisory_fields["name"];
        advisory.version_text = advisory_fields["version"];
        for (std::string_view model : split(advisory_fields["models"], ',')) {
            if (!trim(model).empty()) {
                advisory.model_numbers.emplace_back(trim(model));
            }
        }
        const DeviceText device{device_fields["manufacturer"], device_fields["model"],
                                device_fields["product"]};

        const std::string& expect = block.fields.at("expect");
        const std::size_t bar = expect.find('|');
        const std::vector<std::string> flags = words(expect.substr(0, bar));
        const std::string reason_part =
            bar == std::string::npos ? "" : std::string(trim(expect.substr(bar + 1)));
        ASSERT_FALSE(flags.empty()) << where;
        const std::map<std::string, ProductTextMatch::Kind> kinds = {
            {"exact", ProductTextMatch::kExact},
            {"contains", ProductTextMatch::kContains},
            {"none", ProductTextMatch::kNone}};
        ASSERT_TRUE(kinds.contains(flags.front())) << where;
        const bool names_model = flags.size() > 1 && flags[1] == "names-model";

        const ProductTextMatch match = match_product_text(advisory, device);
        EXPECT_EQ(match.kind, kinds.at(flags.front())) << where << ": " << match.reason;
        EXPECT_EQ(match.version_names_model, names_model) << where << ": " << match.reason;
        EXPECT_FALSE(match.reason.empty()) << where;
        if (!reason_part.empty()) {
            EXPECT_NE(match.reason.find(reason_part), std::string::npos)
                << where << ": reason '" << match.reason << "' lacks '" << reason_part << "'";
        }
        ++cases;
    }
    EXPECT_GE(cases, 25);
}

TEST(AdvisoryTextCases, VersionRanges) {
    const std::string path = testing::fixture("advisory_text/ranges.txt");
    const VersionComparator compare = advisory_test::dotted_comparator();
    int cases = 0;
    for (const Block& block : read_blocks(path)) {
        const std::string where = "ranges.txt:" + std::to_string(block.line);
        ASSERT_TRUE(block.fields.contains("range") && block.fields.contains("parse")) << where;
        const std::string& text = block.fields.at("range");
        const std::string& expected = block.fields.at("parse");
        const auto range = parse_version_range_text(text);
        ++cases;
        if (expected.starts_with("not evaluable: ")) {
            ASSERT_FALSE(range.has_value())
                << where << ": '" << text << "' read as " << describe_version_range(*range);
            EXPECT_EQ(range.error().code, ErrorCode::kInvalidArgument) << where;
            EXPECT_TRUE(range.error().message.starts_with("not evaluable: ")) << where;
            const std::string reason = expected.substr(15);
            EXPECT_NE(range.error().message.find(reason), std::string::npos)
                << where << ": '" << range.error().message << "' lacks '" << reason << "'";
            continue;
        }
        ASSERT_TRUE(range.has_value()) << where << ": " << range.error().message;
        EXPECT_EQ(describe_version_range(*range), expected) << where;
        const std::pair<const char*, RangeVerdict> verdicts[] = {
            {"inside", RangeVerdict::kInside},
            {"outside", RangeVerdict::kOutside},
            {"unknown", RangeVerdict::kNotEvaluable}};
        for (const auto& [key, verdict] : verdicts) {
            if (!block.fields.contains(key)) {
                continue;
            }
            for (const std::string& version : words(block.fields.at(key))) {
                const RangeEvaluation evaluation = evaluate_version_range(*range, version, compare);
                EXPECT_EQ(evaluation.verdict, verdict) << where << ": " << version << " against '"
                                                       << text << "': " << evaluation.reason;
                EXPECT_FALSE(evaluation.reason.empty()) << where << " " << version;
            }
        }
    }
    EXPECT_GE(cases, 60);
}

}  // namespace
}  // namespace wardround::vuln

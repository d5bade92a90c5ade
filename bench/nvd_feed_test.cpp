// SPDX-License-Identifier: Apache-2.0
// The synthetic NVD generator: API-shaped pages, determinism (the benchmark compares runs and
// machines), and record shapes the importer must handle. Exact counts for seed 1 were measured
// on the generated files with python3's json module.
#include "nvd_feed.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <wardround/core/identifiers.h>
#include <wardround/core/input_file.h>
#include <wardround/core/time.h>

namespace wardround::bench {
namespace {

namespace fs = std::filesystem;
namespace dom = simdjson::dom;

class TempDir {
public:
    TempDir() {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        // Parameterised tests are named "Test/Param": one directory, not two.
        std::string name = test->name();
        std::replace(name.begin(), name.end(), '/', '_');
        path_ = fs::temp_directory_path() /
                ("wardround-bench-" + std::to_string(getpid()) + "-" + name);
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] std::string str() const { return path_.string(); }
    [[nodiscard]] std::string sub(const std::string& name) const { return (path_ / name).string(); }

private:
    fs::path path_;
};

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string generate(std::uint64_t count, std::uint64_t seed) {
    auto generator = FeedGenerator::create(count, seed);
    EXPECT_TRUE(generator.has_value());
    std::string out;
    for (std::uint64_t i = 0; i < generator->size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        generator->append_record(i, out);
    }
    return out;
}

std::string as_array(const std::string& records) {
    std::string array = "[";
    array += records;
    array += ']';
    return array;
}

// The ids, in order, of every record in the given feed files.
std::vector<std::string> ids_of(const std::vector<std::string>& files) {
    std::vector<std::string> ids;
    dom::parser parser;
    for (const std::string& file : files) {
        dom::element page = parser.load(file).value();
        // Named, not iterated as a temporary: value() on a temporary result returns a reference
        // into it.
        const dom::array vulnerabilities = page["vulnerabilities"].get_array().value();
        for (const dom::element item : vulnerabilities) {
            const dom::object cve = item["cve"].get_object().value();
            ids.emplace_back(cve["id"].get_string().value());
        }
    }
    return ids;
}

TEST(NvdFeed, WritesApiResponsePagesOf2000Records) {
    TempDir dir;
    FeedOptions options;
    options.count = 4500;
    options.seed = 7;
    const auto summary = write_feed(options, dir.str());
    ASSERT_TRUE(summary.has_value()) << summary.error().to_string();

    ASSERT_EQ(summary->files.size(), 3U);
    EXPECT_EQ(summary->records, 4500U);
    const std::uint64_t expected_sizes[] = {2000, 2000, 500};
    std::uint64_t bytes = 0;
    dom::parser parser;
    for (std::size_t page = 0; page < 3; ++page) {
        EXPECT_EQ(summary->files[page], dir.sub(page_file_name(page, false)));
        EXPECT_EQ(fs::path(summary->files[page]).filename(),
                  "page-0000" + std::to_string(page) + ".json");
        bytes += fs::file_size(summary->files[page]);
        dom::element root = parser.load(summary->files[page]).value();
        EXPECT_EQ(root["resultsPerPage"].get_uint64().value(), expected_sizes[page]);
        EXPECT_EQ(root["startIndex"].get_uint64().value(), page * 2000);
        EXPECT_EQ(root["totalResults"].get_uint64().value(), 4500U);
        EXPECT_EQ(root["format"].get_string().value(), "NVD_CVE");
        EXPECT_EQ(root["version"].get_string().value(), "2.0");
        // NVD's form: no zone. Paced requests: 1.2 s apart from the snapshot time.
        const auto timestamp = parse_timestamp(root["timestamp"].get_string().value());
        ASSERT_TRUE(timestamp.has_value());
        EXPECT_EQ(format_timestamp(*timestamp), page == 0   ? "2026-10-01T00:00:00.000Z"
                                                : page == 1 ? "2026-10-01T00:00:01.200Z"
                                                            : "2026-10-01T00:00:02.400Z");
        EXPECT_EQ(root["vulnerabilities"].get_array().value().size(), expected_sizes[page]);
    }
    EXPECT_EQ(summary->json_bytes, bytes);
    EXPECT_EQ(summary->file_bytes, bytes);
}

TEST(NvdFeed, IdsAreUniqueRealShapedAndInPublicationOrder) {
    const std::string records = as_array(generate(20000, 1));
    dom::parser parser;
    const dom::array array = parser.parse(records).get_array().value();
    std::set<std::string> ids;
    std::map<std::string, int> years;
    std::string previous_published;
    std::size_t out_of_id_order = 0;
    std::string previous_id_key;
    const Timestamp snapshot = parse_timestamp("2026-10-01T00:00:00").value();
    for (const dom::element item : array) {
        const dom::object cve = item["cve"].get_object().value();
        const std::string id(cve["id"].get_string().value());
        EXPECT_TRUE(is_cve_id(id)) << id;
        EXPECT_TRUE(ids.insert(id).second) << "duplicate " << id;
        const std::string year = id.substr(4, 4);
        ++years[year];
        const std::string number = id.substr(9);
        // Ids had four digits before 2014.
        if (year < "2014") {
            EXPECT_EQ(number.size(), 4U) << id;
        }

        const std::string published(cve["published"].get_string().value());
        const std::string modified(cve["lastModified"].get_string().value());
        // Fixed-width NVD timestamps compare as text; the API lists records by publication.
        EXPECT_LE(previous_published, published) << id;
        EXPECT_LE(published, modified) << id;
        EXPECT_LT(parse_timestamp(modified).value(), snapshot) << id;
        previous_published = published;
        std::ostringstream key;
        key << year << std::string(7 - number.size(), '0') << number;
        out_of_id_order += key.str() < previous_id_key ? 1 : 0;
        previous_id_key = key.str();
    }
    EXPECT_EQ(ids.size(), 20000U);
    EXPECT_EQ(years.size(), 28U);  // 1999 to 2026
    EXPECT_EQ(years["1999"], 77);
    EXPECT_EQ(years["2017"], 905);
    EXPECT_EQ(years["2026"], 3221);
    // Publication order is not id order (the fixture page shows it).
    EXPECT_EQ(out_of_id_order, 9885U);
}

// At full scale 2026 ids pass 100,000 as the real ones do (CVE-2026-103096). Only the plan and the
// newest 300 records are built.
TEST(NvdFeed, FullScaleIdsReachSixDigits) {
    auto generator = FeedGenerator::create(400'000, 1);
    ASSERT_TRUE(generator.has_value());
    ASSERT_EQ(generator->size(), 400'000U);
    std::string records = "[";
    for (std::uint64_t i = generator->size() - 300; i < generator->size(); ++i) {
        if (records.size() > 1) {
            records += ',';
        }
        generator->append_record(i, records);
    }
    records += ']';
    dom::parser parser;
    std::size_t six_digits = 0;
    std::size_t from_2026 = 0;
    const dom::array array = parser.parse(records).get_array().value();
    for (const dom::element item : array) {
        const dom::object cve = item["cve"].get_object().value();
        const std::string_view id = cve["id"].get_string().value();

        six_digits += id.size() == 15 ? 1 : 0;
        from_2026 += id.substr(4, 4) == "2026" ? 1 : 0;
    }
    EXPECT_EQ(from_2026, 286U);
    EXPECT_EQ(six_digits, 93U);
}

TEST(NvdFeed, SameSeedGivesTheSameBytesAndAnotherSeedDoesNot) {
    const std::string first = generate(3000, 1);
    EXPECT_EQ(first, generate(3000, 1));
    EXPECT_NE(first, generate(3000, 2));
    // Pinned so that a change of compiler or standard library cannot silently change the feed
    // that benchmark numbers are compared on (GCC 12 and Clang 14 agree).
    EXPECT_EQ(first.size(), 14796663U);
    EXPECT_EQ(sha256_hex(first),
              "9e18173d8fd6f823caeb85577608ff723bcc6a3d738884efb61847dca5ca0282");
}

TEST(NvdFeed, GzipFilesHoldTheSameBytes) {
    TempDir dir;
    FeedOptions options;
    options.count = 2500;
    options.page_size = 1000;
    const auto plain = write_feed(options, dir.sub("plain"));
    options.gzip = true;
    const auto packed = write_feed(options, dir.sub("gzip"));
    ASSERT_TRUE(plain.has_value()) << plain.error().to_string();
    ASSERT_TRUE(packed.has_value()) << packed.error().to_string();
    ASSERT_EQ(packed->files.size(), 3U);
    EXPECT_EQ(fs::path(packed->files[2]).filename(), "page-00002.json.gz");
    EXPECT_EQ(packed->json_bytes, plain->json_bytes);
    // Measured: gzip -6 keeps about a sixth of the JSON.
    EXPECT_LT(packed->file_bytes * 4, plain->json_bytes);
    for (std::size_t i = 0; i < 3; ++i) {
        auto input = InputFile::open(packed->files[i]);
        ASSERT_TRUE(input.has_value());
        EXPECT_EQ(input->compression(), Compression::kGzip);
        EXPECT_EQ(input->read_all(std::size_t{1} << 30U).value(), read_text(plain->files[i]));
    }
}

TEST(NvdFeed, SingleFileHoldsEveryRecordInOneResponse) {
    TempDir dir;
    FeedOptions options;
    options.count = 4100;
    const auto pages = write_feed(options, dir.sub("pages"));
    options.single_file = true;
    const auto single = write_feed(options, dir.sub("single"));
    ASSERT_TRUE(pages.has_value() && single.has_value());
    ASSERT_EQ(single->files.size(), 1U);
    EXPECT_EQ(fs::path(single->files[0]).filename(), "nvd-all.json");
    dom::parser parser;
    dom::element root = parser.load(single->files[0]).value();
    EXPECT_EQ(root["resultsPerPage"].get_uint64().value(), 4100U);
    EXPECT_EQ(root["totalResults"].get_uint64().value(), 4100U);
    EXPECT_EQ(root["startIndex"].get_uint64().value(), 0U);
    EXPECT_EQ(ids_of(single->files), ids_of(pages->files));
}

// The shapes the importer must handle, checked over 6,000 records.
TEST(NvdFeed, RecordsHaveTheShapesOfTheRealFeed) {
    const std::string records = as_array(generate(6000, 1));
    dom::parser parser;
    const dom::array array = parser.parse(records).get_array().value();
    std::map<std::string, int> statuses;
    std::map<std::string, std::string> match_ids;  // criteria and bounds -> matchCriteriaId
    std::size_t matches = 0;
    std::size_t ranges = 0;
    for (const dom::element item : array) {
        const dom::object cve = item["cve"].get_object().value();
        const std::string id(cve["id"].get_string().value());
        const std::string status(cve["vulnStatus"].get_string().value());
        ++statuses[status];
        dom::array configurations;
        const bool configured = !cve["configurations"].get_array().get(configurations);
        if (status == "Awaiting Analysis" || status == "Received" || status == "Rejected") {
            EXPECT_FALSE(configured) << id << " is " << status << " but has configurations";
        }
        if (status == "Rejected") {
            EXPECT_EQ(cve["metrics"].get_object().value().size(), 0U) << id;
            EXPECT_EQ(cve["references"].get_array().value().size(), 0U) << id;
        }
        if (!configured) {
            continue;
        }
        for (const dom::element configuration : configurations) {
            std::string_view op;
            if (configuration["operator"].get_string().get(op)) {
                op = "OR";  // NVD's default when absent
            }
            const dom::array nodes = configuration["nodes"].get_array().value();
            EXPECT_EQ(nodes.size(), op == "AND" ? 2U : 1U) << id;
            for (const dom::element node : nodes) {
                EXPECT_EQ(node["operator"].get_string().value(), "OR") << id;
                EXPECT_FALSE(node["negate"].get_bool().value()) << id;
                const dom::array cpe_matches = node["cpeMatch"].get_array().value();
                for (const dom::element match : cpe_matches) {
                    ++matches;
                    const std::string criteria(match["criteria"].get_string().value());
                    // 13 fields when backslash escapes are respected.
                    std::size_t fields = 1;
                    std::string version;
                    std::size_t field_start = 0;
                    for (std::size_t i = 0; i < criteria.size(); ++i) {
                        if (criteria[i] == '\\') {
                            ++i;
                        } else if (criteria[i] == ':') {
                            if (fields == 6) {  // the colon that ends the version

                                version = criteria.substr(field_start, i - field_start);
                            }
                            ++fields;
                            field_start = i + 1;
                        }
                    }
                    EXPECT_EQ(fields, 13U) << criteria;
                    EXPECT_EQ(criteria.rfind("cpe:2.3:", 0), 0U) << criteria;
                    const bool vulnerable = match["vulnerable"].get_bool().value();
                    EXPECT_TRUE(vulnerable || op == "AND") << id << " " << criteria;
                    std::string key = criteria;
                    bool bounded = false;
                    for (const char* bound : {"versionStartIncluding", "versionStartExcluding",
                                              "versionEndIncluding", "versionEndExcluding"}) {
                        std::string_view value;
                        if (!match[bound].get_string().get(value)) {
                            bounded = true;
                            key += '|';
                            key += bound;
                            key += value;
                        }
                    }
                    // Ranges go with the ANY version only.
                    if (bounded) {
                        ++ranges;
                        EXPECT_EQ(version, "*") << criteria;
                    }
                    const std::string match_id(match["matchCriteriaId"].get_string().value());
                    EXPECT_EQ(match_id.size(), 36U);
                    const auto [it, inserted] = match_ids.emplace(key, match_id);
                    EXPECT_EQ(it->second, match_id) << "same criteria, different id: " << key;
                }
            }
        }
    }
    EXPECT_EQ(statuses["Analyzed"], 1820);
    EXPECT_EQ(statuses["Modified"], 1462);
    EXPECT_EQ(statuses["Deferred"], 1474);
    EXPECT_EQ(statuses["Awaiting Analysis"], 916);
    EXPECT_EQ(statuses["Undergoing Analysis"], 46);
    EXPECT_EQ(statuses["Received"], 27);
    EXPECT_EQ(statuses["Rejected"], 255);
    EXPECT_EQ(matches, 48016U);
    EXPECT_EQ(ranges, 10271U);
}

TEST(NvdFeedErrors, CountMustBeBetweenOneAndTheMaximum) {
    EXPECT_EQ(FeedGenerator::create(0, 1).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(FeedGenerator::create(kMaxRecords + 1, 1).error().code, ErrorCode::kInvalidArgument);
    TempDir dir;
    FeedOptions options;
    options.count = 0;
    EXPECT_EQ(write_feed(options, dir.str()).error().code, ErrorCode::kInvalidArgument);
}

TEST(NvdFeedErrors, PageSizeMustBeWithinTheApiLimit) {
    TempDir dir;
    FeedOptions options;
    options.count = 10;
    options.page_size = 0;
    EXPECT_EQ(write_feed(options, dir.str()).error().code, ErrorCode::kInvalidArgument);
    options.page_size = kApiMaxPageSize + 1;
    const auto result = write_feed(options, dir.str());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(result.error().message.find("2000"), std::string::npos);
}

TEST(NvdFeedErrors, OutputDirectoryThatIsAFileIsRefused) {
    TempDir dir;
    std::ofstream(dir.sub("taken")) << "x";
    FeedOptions options;
    options.count = 10;
    const auto result = write_feed(options, dir.sub("taken"));
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(result.error().where, dir.sub("taken"));
}

TEST(NvdFeedErrors, PageThatCannotBeCreatedIsReported) {
    TempDir dir;
    // A directory where the first page should go: neither fopen nor gzopen can create it.
    fs::create_directories(dir.sub("plain/page-00000.json"));
    fs::create_directories(dir.sub("gzip/page-00000.json.gz"));
    FeedOptions options;
    options.count = 10;
    auto result = write_feed(options, dir.sub("plain"));
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(result.error().where, dir.sub("plain/page-00000.json"));
    options.gzip = true;
    result = write_feed(options, dir.sub("gzip"));
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(result.error().where, dir.sub("gzip/page-00000.json.gz"));
}

}  // namespace
}  // namespace wardround::bench

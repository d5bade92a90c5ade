// SPDX-License-Identifier: Apache-2.0
// Inputs the parser must refuse (tests/data/inventory/nmap/malformed and the two files of
// ../shared/data/nmap/malformed): each gives an Error of the expected code whose `where` names the
// file and the byte, and never a crash.
#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "support/test_support.h"
#include "unit/inventory/nmap/nmap_test_support.h"

namespace wardround::inventory {
namespace {

struct MalformedCase {
    const char* file;
    ErrorCode code;
    const char* where;    // after the file name in Error::where
    const char* message;  // part of Error::message
    std::size_t assets;   // reached the sink before the error
};

void PrintTo(const MalformedCase& entry, std::ostream* out) {
    *out << entry.file;
}

constexpr MalformedCase kCorpus[] = {
    {"truncated-in-host.xml", ErrorCode::kDataLoss, "byte 2600",
     "the file ends inside an attribute value of <osclass> opened at byte 2584, in <host> opened "
     "at byte 1235, before </nmaprun>: the scan was interrupted",
     0},
    {"truncated-after-host.xml", ErrorCode::kDataLoss, "byte 2799",
     "the file ends inside <nmaprun> opened at byte 309, before </nmaprun>", 1},
    {"empty.xml", ErrorCode::kInvalidArgument, "byte 0", "not XML: the file is empty", 0},
    {"not-xml.txt", ErrorCode::kInvalidArgument, "byte 0", "not XML: '#' where markup was expected",
     0},
    {"binary.png", ErrorCode::kInvalidArgument, "byte 0",
     "not XML: byte 0x89 where markup was expected", 0},
    {"utf16.xml", ErrorCode::kInvalidArgument, "byte 0", "UTF-16 byte order mark", 0},
    {"wrong-root.xml", ErrorCode::kInvalidArgument, "byte 22",
     "not an nmap report: the root element is <NessusClientData_v2>, not <nmaprun>", 0},
    {"billion-laughs.xml", ErrorCode::kInvalidArgument, "byte 22",
     "the DOCTYPE has an internal subset: DTDs and entities are refused", 0},
    {"doctype-system.xml", ErrorCode::kInvalidArgument, "byte 22",
     "the DOCTYPE names an external DTD", 0},
    {"entity-in-root.xml", ErrorCode::kInvalidArgument, "byte 126",
     "an <!ENTITY> declaration: entities are refused, never resolved", 0},
    {"mismatched-tag.xml", ErrorCode::kInvalidArgument, "byte 258",
     "</ports> does not close <port> opened at byte 204", 0},
    {"bad-attribute.xml", ErrorCode::kInvalidArgument, "byte 146",
     "not well-formed XML: Error parsing element attribute", 0},
    {"content-after-root.xml", ErrorCode::kInvalidArgument, "byte 215",
     "content after the root element", 1},
    {"deep-nesting.xml", ErrorCode::kInvalidArgument, "byte 887",
     "elements are nested deeper than 100 levels", 0},
    {"huge-attribute.xml.gz", ErrorCode::kInvalidArgument, "byte 208",
     "the <script> start tag is longer than 4 MiB", 0},
};

class NmapMalformed : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(NmapMalformed, IsRefusedNamingFileAndByte) {
    const MalformedCase& entry = GetParam();
    const std::string path =
        testing::fixture(std::string("inventory/nmap/malformed/") + entry.file);
    const auto run = testing::run_nmap_file(path);
    ASSERT_FALSE(run.report.has_value()) << entry.file << " was accepted";
    EXPECT_TRUE(
        testing::error_is(run.report.error(), entry.code, path + " " + entry.where, entry.message));
    EXPECT_EQ(run.assets.size(), entry.assets);
}

INSTANTIATE_TEST_SUITE_P(Corpus,
                         NmapMalformed,
                         ::testing::ValuesIn(kCorpus),
                         testing::file_case_name<MalformedCase>);

TEST(NmapMalformedCorpus, EveryFileHasACase) {
    std::set<std::string> listed = {"bad-fields.xml"};  // imports with diagnostics (fixture test)
    for (const MalformedCase& entry : kCorpus) {
        listed.insert(entry.file);
    }
    const std::string folder = testing::fixture("inventory/nmap/malformed");
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        ++files;
        EXPECT_TRUE(listed.count(entry.path().filename().string()) == 1)
            << entry.path() << " has no expectation";
    }
    EXPECT_EQ(files, listed.size());
}

TEST(NmapMalformedShared, ExternalEntityIsRefused) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nmap/malformed/defused_et_local_includer.xml");
    const auto run = testing::run_nmap_file(path);
    ASSERT_FALSE(run.report.has_value());
    EXPECT_TRUE(testing::error_is(run.report.error(), ErrorCode::kInvalidArgument,
                                  path + " byte 22", "the DOCTYPE has an internal subset"));
}

TEST(NmapMalformedShared, OtherRootIsNotAnNmapReport) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nmap/malformed/defused_et_included.xml");
    const auto run = testing::run_nmap_file(path);
    ASSERT_FALSE(run.report.has_value());
    EXPECT_TRUE(
        testing::error_is(run.report.error(), ErrorCode::kInvalidArgument, path + " byte 17"));
    EXPECT_EQ(run.report.error().message,
              "not an nmap report: the root element is <root>, not <nmaprun>");
}

TEST(NmapMalformedGenerated, EveryCutOfAReportIsDataLossOrRefused) {
    // Whatever byte a report is cut at, the parse fails: never a silently short import.
    const std::string path = testing::fixture("inventory/nmap/ward7-ipv6.xml");
    auto file = InputFile::open(path);
    ASSERT_TRUE(file.has_value());
    auto whole = file->read_all(1 << 20);
    ASSERT_TRUE(whole.has_value());
    const std::size_t end = whole->rfind("</nmaprun>");
    ASSERT_NE(end, std::string::npos);
    const std::size_t root = whole->find("<nmaprun");
    for (std::size_t cut = 0; cut <= end; ++cut) {
        const auto run = testing::run_nmap_bytes(whole->substr(0, cut));
        ASSERT_FALSE(run.report.has_value()) << "cut at " << cut;
        if (cut > root) {
            EXPECT_TRUE(testing::error_is(run.report.error(), ErrorCode::kDataLoss,
                                          "scan.xml byte " + std::to_string(cut)));
        }
    }
}

TEST(NmapMalformedGenerated, StrayMarkupAndNulBytes) {
    const std::string head = R"(<nmaprun scanner="nmap" start="1741684442" version="7.95">)";
    const struct {
        std::string body;
        const char* message;
    } cases[] = {
        {"<host><!DOCTYPE x></host>", "unexpected '<!' markup"},
        {"<host><1/></host>", "'<' is followed by '1', not by an element name"},
        {"<host a=1></host>", "not well-formed XML: Error parsing element attribute"},
        {std::string("<host>\0</host>", 14), "a NUL byte"},
        {"<host></hostx>", "</hostx> does not close <host>"},
        {"</other>", "</other> does not close <nmaprun> opened at byte 0"},
    };
    for (const auto& entry : cases) {
        const auto run = testing::run_nmap_bytes(head + entry.body + "</nmaprun>");
        ASSERT_FALSE(run.report.has_value()) << entry.body;
        EXPECT_EQ(run.report.error().code, ErrorCode::kInvalidArgument) << entry.body;
        EXPECT_NE(run.report.error().message.find(entry.message), std::string::npos)
            << entry.body << ": " << run.report.error().message;
    }
}

}  // namespace
}  // namespace wardround::inventory

// SPDX-License-Identifier: Apache-2.0
#include <string>

#include <gtest/gtest.h>

#include <wardround/core/input_file.h>

#include "support/compression.h"

namespace wardround {
namespace {

using testing::gzip;
using testing::xz;

std::string big_text() {
    std::string text;
    for (int i = 0; i < 50000; ++i) {
        text += "line " + std::to_string(i) + " of a text that compresses well\n";
    }
    return text;
}

std::string read_everything(InputFile& file) {
    auto all = file.read_all(std::size_t{1} << 30);
    EXPECT_TRUE(all.has_value()) << (all ? "" : all.error().to_string());
    return all ? *all : "";
}

TEST(InputFile, ReadsPlainGzipAndXzAlike) {
    const std::string text = big_text();
    for (auto [name, bytes, compression] : {std::tuple{"plain", text, Compression::kNone},
                                            std::tuple{"gz", gzip(text), Compression::kGzip},
                                            std::tuple{"xz", xz(text), Compression::kXz}}) {
        InputFile file = InputFile::from_memory(name, bytes);
        EXPECT_EQ(file.compression(), compression) << name;
        EXPECT_EQ(read_everything(file), text) << name;
        EXPECT_EQ(*file.sha256_hex(), sha256_hex(bytes)) << name;
    }
}

TEST(InputFile, ConcatenatedGzipMembersAreOneStream) {
    InputFile file = InputFile::from_memory("two.gz", gzip("first\n") + gzip("second\n"));
    EXPECT_EQ(read_everything(file), "first\nsecond\n");
}

TEST(InputFile, PeekDoesNotConsume) {
    InputFile file = InputFile::from_memory("x.gz", gzip("{\"catalogVersion\": 1}"));
    auto head = file.peek(5);
    ASSERT_TRUE(head.has_value());
    EXPECT_EQ(*head, "{\"cat");
    EXPECT_EQ(read_everything(file), "{\"catalogVersion\": 1}");
}

TEST(InputFile, TruncatedCompressedDataIsDataLoss) {
    const std::string text = big_text();
    for (const std::string& whole : {gzip(text), xz(text)}) {
        InputFile file = InputFile::from_memory("cut", whole.substr(0, whole.size() / 2));
        auto all = file.read_all(std::size_t{1} << 30);
        ASSERT_FALSE(all.has_value());
        EXPECT_EQ(all.error().code, ErrorCode::kDataLoss);
        EXPECT_NE(all.error().message.find("truncated"), std::string::npos) << all.error().message;
        EXPECT_EQ(all.error().where, "cut");
    }
}

TEST(InputFile, CorruptGzipNamesTheByte) {
    std::string bytes = gzip(big_text());
    bytes[40] = static_cast<char>(bytes[40] ^ 0xff);
    bytes[41] = static_cast<char>(bytes[41] ^ 0xff);
    InputFile file = InputFile::from_memory("bad.gz", bytes);
    auto all = file.read_all(std::size_t{1} << 30);
    ASSERT_FALSE(all.has_value());
    EXPECT_EQ(all.error().code, ErrorCode::kDataLoss);
    EXPECT_NE(all.error().message.find("compressed byte"), std::string::npos)
        << all.error().message;
}

TEST(InputFile, ReadAllEnforcesItsLimit) {
    InputFile file = InputFile::from_memory("big", std::string(3 << 20, 'x'));
    auto all = file.read_all(1 << 20);
    ASSERT_FALSE(all.has_value());
    EXPECT_EQ(all.error().code, ErrorCode::kInvalidArgument);
}

TEST(InputFile, OpenReportsMissingFilesAndDirectories) {
    auto missing = InputFile::open("/nonexistent/wardround/file.json");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    auto directory = InputFile::open("/");
    ASSERT_FALSE(directory.has_value());
    EXPECT_EQ(directory.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace wardround

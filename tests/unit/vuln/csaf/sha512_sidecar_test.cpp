// SPDX-License-Identifier: Apache-2.0
// SHA-512 sidecars: every CISA ICSMA document matches its .sha512, and each way a sidecar can be
// wrong gives its own error.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include <wardround/vuln/csaf.h>

#include "support/test_support.h"

namespace wardround::vuln {
namespace {

namespace fs = std::filesystem;

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

TEST(Sha512Sidecar, EveryIcsmaDocumentMatchesItsSidecar) {
    WARDROUND_SHARED_DATA_OR_SKIP(folder, "csaf/icsma");
    std::size_t verified = 0;
    for (const auto& entry : fs::directory_iterator(folder)) {
        if (entry.path().extension() != ".json") {
            continue;
        }
        const Status status = verify_sha512_sidecar(entry.path().string());
        EXPECT_TRUE(status.has_value()) << status.error().to_string();
        ++verified;
    }
    EXPECT_EQ(verified, 144U);
}

// A scratch folder holding a copy of the minimal fixture as doc.json and its correct hash.
class Sha512SidecarErrors : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("wardround_sha512_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
        document_ = (dir_ / "doc.json").string();
        fs::copy_file(testing::fixture("csaf/minimal.json"), document_,
                      fs::copy_options::overwrite_existing);
        const std::string fixture_sidecar = read_text(testing::fixture("csaf/minimal.json.sha512"));
        hash_ = fixture_sidecar.substr(0, 128);
    }
    void TearDown() override { fs::remove_all(dir_); }

    void write_sidecar(const std::string& text) { write_text(document_ + ".sha512", text); }

    fs::path dir_;
    std::string document_;
    std::string hash_;
};

TEST(Sha512Sidecar, TheFixtureMatchesItsCoreutilsSidecar) {
    const Status status = verify_sha512_sidecar(testing::fixture("csaf/minimal.json"));
    EXPECT_TRUE(status.has_value()) << status.error().to_string();
}

TEST_F(Sha512SidecarErrors, AcceptedForms) {
    for (const std::string& form :
         {hash_ + "  doc.json", hash_ + "  doc.json\n", hash_ + " *doc.json", [&] {
              std::string upper = hash_;
              std::transform(upper.begin(), upper.end(), upper.begin(),
                             [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
              return upper + "  doc.json";
          }()}) {
        write_sidecar(form);
        const Status status = verify_sha512_sidecar(document_);
        EXPECT_TRUE(status.has_value()) << form << ": " << status.error().to_string();
    }
}

TEST_F(Sha512SidecarErrors, MissingSidecarIsNotFound) {
    const Status status = verify_sha512_sidecar(document_);
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(status.error().where, document_ + ".sha512");
}

TEST_F(Sha512SidecarErrors, MissingDocumentIsNotFound) {
    write_text(dir_ / "gone.json.sha512", hash_ + "  gone.json");
    const Status status = verify_sha512_sidecar((dir_ / "gone.json").string());
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(status.error().where, (dir_ / "gone.json").string());
}

TEST_F(Sha512SidecarErrors, ADirectoryIsNotADocument) {
    fs::create_directories(dir_ / "folder.json");
    write_text(dir_ / "folder.json.sha512", hash_ + "  folder.json");
    const Status status = verify_sha512_sidecar((dir_ / "folder.json").string());
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(Sha512SidecarErrors, MalformedSidecarsAreInvalidArguments) {
    for (const std::string& bad :
         {std::string(""), std::string("not a hash  doc.json"), hash_.substr(0, 127) + "  doc.json",
          hash_.substr(0, 127) + "g  doc.json", hash_ + "doc.json", hash_ + "\tdoc.json",
          std::string(5000, 'a')}) {
        write_sidecar(bad);
        const Status status = verify_sha512_sidecar(document_);
        ASSERT_FALSE(status.has_value()) << bad;
        EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument) << bad;
        EXPECT_EQ(status.error().where, document_ + ".sha512");
    }
}

TEST_F(Sha512SidecarErrors, ASidecarForAnotherFileIsAnInvalidArgument) {
    write_sidecar(hash_ + "  other.json");
    const Status status = verify_sha512_sidecar(document_);
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(status.error().message.find("'other.json', not 'doc.json'"), std::string::npos);
}

TEST_F(Sha512SidecarErrors, ADifferentHashIsDataLoss) {
    std::string wrong = hash_;
    wrong[0] = wrong[0] == '0' ? '1' : '0';
    write_sidecar(wrong + "  doc.json");
    const Status status = verify_sha512_sidecar(document_);
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().code, ErrorCode::kDataLoss);
    EXPECT_EQ(status.error().where, document_);

    // A document changed after hashing is caught the same way.
    write_sidecar(hash_ + "  doc.json");
    write_text(document_, read_text(document_) + " ");
    const Status changed = verify_sha512_sidecar(document_);
    ASSERT_FALSE(changed.has_value());
    EXPECT_EQ(changed.error().code, ErrorCode::kDataLoss);
}

}  // namespace
}  // namespace wardround::vuln

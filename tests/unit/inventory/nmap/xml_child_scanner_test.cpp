// SPDX-License-Identifier: Apache-2.0
// The streaming cutter under the nmap parser: the same children whatever the chunk size (so no
// construct is mis-read across a chunk boundary), and memory bounded by one child, not the file.
#include "inventory/nmap/xml_child_scanner.h"

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/test_support.h"
#include "unit/inventory/nmap/nmap_test_support.h"

namespace wardround::inventory::detail {
namespace {

struct Cut {
    std::string root;
    std::vector<XmlChild> children;
    std::string error;
};

Cut cut(const std::string& bytes, XmlScanLimits limits) {
    InputFile file = InputFile::from_memory("scan.xml", bytes);
    XmlChildScanner scanner(file, limits);
    Cut out;
    auto root = scanner.read_root();
    if (!root) {
        out.error = root.error().to_string();
        return out;
    }
    out.root = root->text;
    for (;;) {
        auto child = scanner.next_child([](std::string_view name) { return name != "scaninfo"; });
        if (!child) {
            out.error = child.error().to_string();
            return out;
        }
        if (!*child) {
            break;
        }
        out.children.push_back(std::move(**child));
    }
    if (auto finished = scanner.finish(); !finished) {
        out.error = finished.error().to_string();
    }
    return out;
}

std::vector<std::string> inputs() {
    std::vector<std::string> paths = {
        wardround::testing::fixture("inventory/nmap/ward7-sv-os.xml"),
        wardround::testing::fixture("inventory/nmap/ward7-ipv6.xml"),
        wardround::testing::fixture("inventory/nmap/malformed/truncated-in-host.xml"),
        wardround::testing::fixture("inventory/nmap/malformed/mismatched-tag.xml"),
        wardround::testing::fixture("inventory/nmap/malformed/content-after-root.xml"),
    };
    const std::string shared = wardround::testing::shared_data("nmap/dionaea_scan.xml");
    if (!shared.empty()) {
        paths.push_back(shared);
        paths.push_back(wardround::testing::shared_data("nmap/full_sudo5.xml"));
    }
    std::vector<std::string> out;
    for (const std::string& path : paths) {
        auto file = InputFile::open(path);
        EXPECT_TRUE(file.has_value()) << path;
        if (file) {
            auto bytes = file->read_all(1 << 24);
            EXPECT_TRUE(bytes.has_value());
            out.push_back(bytes ? *bytes : "");
        }
    }
    // Markup that must not be mistaken for a boundary.
    out.emplace_back(
        "<?xml version=\"1.0\"?><!-- <nmaprun> --><!DOCTYPE nmaprun >\n<nmaprun a='>'>"
        "<!-- </nmaprun> --><?pi </host>?><host x=\"</host>\" y='\"'><![CDATA[</host>]]>"
        "<a/><b c=\"1\"/></host><scaninfo><x></x></scaninfo ></nmaprun>\n<!-- end -->");
    return out;
}

TEST(XmlChildScanner, SameChildrenWhateverTheChunkSize) {
    for (const std::string& bytes : inputs()) {
        const Cut reference = cut(bytes, XmlScanLimits{});
        for (std::size_t chunk : {1, 2, 3, 5, 7, 64, 4093}) {
            XmlScanLimits limits;
            limits.chunk = chunk;
            const Cut other = cut(bytes, limits);
            EXPECT_EQ(other.error, reference.error) << "chunk " << chunk;
            EXPECT_EQ(other.root, reference.root) << "chunk " << chunk;
            ASSERT_EQ(other.children.size(), reference.children.size()) << "chunk " << chunk;
            for (std::size_t i = 0; i < other.children.size(); ++i) {
                EXPECT_EQ(other.children[i].name, reference.children[i].name);
                EXPECT_EQ(other.children[i].offset, reference.children[i].offset);
                EXPECT_EQ(other.children[i].text, reference.children[i].text);
            }
        }
    }
}

TEST(XmlChildScanner, TricksyMarkupIsCutWhole) {
    const std::string bytes = inputs().back();
    const Cut result = cut(bytes, XmlScanLimits{});
    ASSERT_EQ(result.error, "");
    EXPECT_EQ(result.root, "<nmaprun a='>'>");
    ASSERT_EQ(result.children.size(), 2U);
    EXPECT_EQ(result.children[0].name, "host");
    EXPECT_EQ(result.children[0].text,
              "<host x=\"</host>\" y='\"'><![CDATA[</host>]]><a/><b c=\"1\"/></host>");
    EXPECT_EQ(result.children[0].offset, bytes.find("<host"));
    EXPECT_EQ(result.children[1].name, "scaninfo");
    EXPECT_EQ(result.children[1].text, "");  // not asked for: skipped
}

TEST(XmlChildScanner, MemoryIsBoundedByOneHost) {
    // 40 000 hosts (about 7 MB) pass with the buffer capped at 4 KiB per tag and 8 KiB per host:
    // the cutter never holds more than the host it is returning and one chunk.
    std::string hosts;
    for (int i = 0; i < 40000; ++i) {
        hosts += R"(<host starttime="1741684443"><status state="up"/><address addr="10.)" +
                 std::to_string(i / 256 % 256) + "." + std::to_string(i % 256) +
                 R"(.1" addrtype="ipv4"/><ports><port protocol="tcp" portid="22">)"
                 R"(<state state="open"/><service name="ssh"/></port></ports></host>)"
                 "\n";
    }
    const std::string bytes = wardround::testing::nmap_report(hosts);
    XmlScanLimits limits;
    limits.max_tag = 4096;
    limits.max_captured = 8192;
    limits.chunk = 1024;
    const Cut result = cut(bytes, limits);
    EXPECT_EQ(result.error, "");
    EXPECT_EQ(result.children.size(), 40001U);  // and runstats

    // The same limits refuse a host larger than the cap, naming where it starts.
    const std::string big =
        wardround::testing::nmap_report("<host>" + std::string(20000, ' ') + "</host>");
    const Cut refused = cut(big, limits);
    EXPECT_NE(refused.error.find("the <host> element is larger than"), std::string::npos)
        << refused.error;
}

}  // namespace
}  // namespace wardround::inventory::detail

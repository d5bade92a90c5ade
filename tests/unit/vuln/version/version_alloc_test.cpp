// SPDX-License-Identifier: Apache-2.0
// compare_versions must not allocate: the matcher compares millions of pairs. This binary
// replaces the global operator new to count allocations made while the comparisons run.
#include <cstddef>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/vuln/version.h>

namespace {
std::size_t g_allocations = 0;  // NOLINT(cppcoreguidelines-avoid-non-const-global-variables)
}  // namespace

void* operator new(std::size_t size) {
    ++g_allocations;
    if (void* memory = std::malloc(size == 0 ? 1 : size)) {
        return memory;
    }
    throw std::bad_alloc();
}

void operator delete(void* memory) noexcept {
    std::free(memory);
}

void operator delete(void* memory, std::size_t /*size*/) noexcept {
    std::free(memory);
}

// The array forms too, so that every allocation and release goes through malloc and free.
void* operator new[](std::size_t size) {
    return operator new(size);
}

void operator delete[](void* memory) noexcept {
    std::free(memory);
}

void operator delete[](void* memory, std::size_t /*size*/) noexcept {
    std::free(memory);
}

void* operator new(std::size_t size, const std::nothrow_t& /*tag*/) noexcept {
    ++g_allocations;
    return std::malloc(size == 0 ? 1 : size);
}

void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
    return operator new(size, tag);
}

void operator delete(void* memory, const std::nothrow_t& /*tag*/) noexcept {
    std::free(memory);
}

void operator delete[](void* memory, const std::nothrow_t& /*tag*/) noexcept {
    std::free(memory);
}

namespace wardround::vuln {
namespace {

struct SchemePair {
    VersionScheme scheme;
    const char* a;
    const char* b;
};

TEST(VersionAllocation, CompareDoesNotAllocate) {
    const std::vector<SchemePair> pairs = {
        {VersionScheme::kGeneric, "2.0-beta9", "2.0.0-rc1.5.7"},
        {VersionScheme::kGeneric, "1.0.1g", "1.0.1h"},
        {VersionScheme::kGeneric, "2021-12-13", "2.15.0"},
        {VersionScheme::kGeneric, "123456789012345678901234567890.1",
         "123456789012345678901234567890"},
        {VersionScheme::kSemver, "1.0.0-alpha.beta.1", "1.0.0-alpha.beta.2"},
        {VersionScheme::kDebian, "1:2.7.15-4ubuntu4~18.04", "1:2.7.15~rc1-1ubuntu0.1"},
        {VersionScheme::kRpm, "0:1.0^git1~pre-1.el9", "1.0^git1-1.el9_2"},
        {VersionScheme::kWindows, "10.0.19045.3803", "10.0.19045"},
        {VersionScheme::kNuget, "1.0.0.1-Beta.2", "1.0.0.1-beta.10"},
        {VersionScheme::kMaven, "1.0-alpha-1-SNAPSHOT", "1.0.0.RC1"},
        {VersionScheme::kPypi, "1!2.0.post1.dev3+ubuntu.1", "1!2.0rc1"},
        {VersionScheme::kRubyGems, "1.2.0.pre.1", "1.2.a"},
        {VersionScheme::kAlpine, "1.2.3_rc1-r0", "1.2.3-r1"},
    };
    std::vector<Version> versions;
    for (const auto& pair : pairs) {
        auto a = parse_version(pair.scheme, pair.a);
        auto b = parse_version(pair.scheme, pair.b);
        if (!a || !b) {
            continue;  // a scheme not implemented here
        }
        versions.push_back(*std::move(a));
        versions.push_back(*std::move(b));
    }
    ASSERT_GE(versions.size(), 18U);
    int total = 0;
    const std::size_t before = g_allocations;
    for (const Version& a : versions) {
        for (const Version& b : versions) {
            const auto order = compare_versions(a, b);
            total += order ? *order : 7;
        }
    }
    const std::size_t after = g_allocations;
    EXPECT_EQ(after - before, 0U);
    EXPECT_NE(total, 0);
}

}  // namespace
}  // namespace wardround::vuln

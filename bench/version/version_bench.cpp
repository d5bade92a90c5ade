// SPDX-License-Identifier: Apache-2.0
// How fast versions parse and compare. The matcher parses every range bound and installed
// version once and then compares many pairs, so compares per second matter most. The inputs are
// shaped like NVD's bounds (dotted releases, pre-release words, letter suffixes, Windows builds)
// and are generated, not read, so the benchmark needs no data.
#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include <wardround/vuln/version.h>

namespace {

using wardround::vuln::Version;
using wardround::vuln::VersionScheme;

std::vector<std::string> generic_texts(std::size_t count) {
    std::mt19937 random(42);
    std::uniform_int_distribution<int> small(0, 20);
    std::uniform_int_distribution<int> large(0, 30000);
    std::uniform_int_distribution<int> shape(0, 5);
    std::vector<std::string> texts;
    texts.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        std::string text = std::to_string(small(random)) + "." + std::to_string(small(random));
        switch (shape(random)) {
            case 0:
                text += "." + std::to_string(small(random));
                break;
            case 1:
                text += "-rc" + std::to_string(small(random));
                break;
            case 2:
                text += "." + std::to_string(small(random)) + "g";
                break;
            case 3:
                text =
                    "10.0." + std::to_string(large(random)) + "." + std::to_string(large(random));
                break;
            case 4:
                text += "-beta" + std::to_string(small(random));
                break;
            default:
                text += "p" + std::to_string(small(random));
                break;
        }
        texts.push_back(text);
    }
    return texts;
}

std::vector<Version> parse_all(VersionScheme scheme, const std::vector<std::string>& texts) {
    std::vector<Version> versions;
    versions.reserve(texts.size());
    for (const auto& text : texts) {
        auto version = wardround::vuln::parse_version(scheme, text);
        if (version) {
            versions.push_back(*std::move(version));
        }
    }
    return versions;
}

void parse_generic(benchmark::State& state) {
    const auto texts = generic_texts(4096);
    std::size_t i = 0;
    for (auto _ : state) {
        auto version = wardround::vuln::parse_version(VersionScheme::kGeneric, texts[i++ & 4095]);
        benchmark::DoNotOptimize(version);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(parse_generic);

void compare_generic(benchmark::State& state) {
    const auto versions = parse_all(VersionScheme::kGeneric, generic_texts(4096));
    std::size_t i = 0;
    for (auto _ : state) {
        const auto order =
            wardround::vuln::compare_versions(versions[i & 4095], versions[(i * 7 + 1) & 4095]);
        benchmark::DoNotOptimize(order);
        ++i;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(compare_generic);

// The package schemes on typical texts of theirs.
void compare_scheme(benchmark::State& state, VersionScheme scheme, std::vector<std::string> texts) {
    const auto versions = parse_all(scheme, texts);
    std::size_t i = 0;
    for (auto _ : state) {
        const auto order = wardround::vuln::compare_versions(versions[i % versions.size()],
                                                             versions[(i + 1) % versions.size()]);
        benchmark::DoNotOptimize(order);
        ++i;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(compare_scheme,
                  debian,
                  VersionScheme::kDebian,
                  {"1:2.7.15-4ubuntu4~18.04", "2.7.15~rc1-1ubuntu0.1", "1.1.1f-1ubuntu2.16",
                   "1.2.3-1+deb12u1"});
BENCHMARK_CAPTURE(compare_scheme,
                  rpm,
                  VersionScheme::kRpm,
                  {"0:3.0.7-24.el9", "3.0.7-25.el9", "1.0^git1-1.el9_2", "4.18.0-513.5.1.el8_9"});
BENCHMARK_CAPTURE(compare_scheme,
                  semver,
                  VersionScheme::kSemver,
                  {"1.0.0-alpha.1", "1.0.0-beta.11", "1.0.0", "2.1.3+build.5"});
BENCHMARK_CAPTURE(compare_scheme,
                  maven,
                  VersionScheme::kMaven,
                  {"2.15.0", "2.0-beta9", "5.3.18.RELEASE", "9.4.43.v20210629"});
BENCHMARK_CAPTURE(compare_scheme,
                  pypi,
                  VersionScheme::kPypi,
                  {"1.0.post456.dev34", "1.0rc2", "2.31.0", "1!1.0+ubuntu.1"});

}  // namespace

BENCHMARK_MAIN();

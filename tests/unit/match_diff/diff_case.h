// SPDX-License-Identifier: Apache-2.0
// Random matching cases for the differential test and fuzz target: a small knowledge base in
// NVD's terms and a few assets named by CPE, drawn from pools small enough that products, versions
// and qualifiers collide, with the shapes that make matching hard (2.0 against 2.0.0, 2.0-beta9,
// 9.8p1 split into version and update, dates, Windows builds with and without the revision, `*`,
// `-`, words, wildcards, bounds of every kind, negation at both levels, platform entries). Both
// matchers run on a case; a case where they disagree is shrunk and printed as a case file
// (tests/data/match/README.md) that can be added to the corpus.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/match/nvd_index.h>
#include <wardround/match/reference_matcher.h>

namespace wardround::match::testing {

// Where the generator's choices come from: a seeded PRNG in the unit test, the fuzzer's bytes in
// the fuzz target.
class Chooser {
public:
    virtual ~Chooser() = default;
    // A number in [0, n); 0 when n is 0.
    virtual std::size_t below(std::size_t n) = 0;
    // True with the given chance in percent.
    bool percent(std::size_t chance) { return below(100) < chance; }
    template <typename T>
    const T& pick(const std::vector<T>& pool) {
        return pool[below(pool.size())];
    }
};

// std::mt19937_64 with a bounded draw of our own (rejection sampling), so that a seed gives the
// same case with every standard library (std::uniform_int_distribution's output is not specified).
class SeededChooser final : public Chooser {
public:
    explicit SeededChooser(std::uint64_t seed) : engine_(seed) {}
    std::size_t below(std::size_t n) override;

private:
    std::mt19937_64 engine_;
};

// Reads choices from bytes, one byte per choice (two for ranges over 256); 0 once they run out, so
// every input makes a small, valid case.
class ByteChooser final : public Chooser {
public:
    explicit ByteChooser(std::string_view bytes) : bytes_(bytes) {}
    std::size_t below(std::size_t n) override;

private:
    std::string_view bytes_;
    std::size_t next_ = 0;
};

struct DiffAsset {
    std::string name;
    std::vector<std::string> cpes;
};

struct DiffCase {
    std::vector<CveSpec> cves;
    std::vector<DiffAsset> assets;
};

// What the generator may produce. Everything is on by default; the differential test switches off
// what is known to make the fast engine disagree (see match_diff_test.cpp), until it is fixed.
struct GeneratorOptions {
    std::size_t max_assets = 3;
    bool negation = true;  // `negate` on configurations and nodes
    // Platform entries anywhere (beside vulnerable ones in a node, in OR configurations); when
    // off, as NVD publishes them: in nodes of their own in AND configurations, and negated nodes
    // only there too.
    bool platform_anywhere = true;
    bool vulnerable_under_negation = true;  // vulnerable entries inside a negated node or
                                            // configuration (platform entries only otherwise)
    bool malformed_criteria = true;         // criteria that are not CPE 2.3
    bool open_criteria = true;              // part or vendor `*`, product with a wildcard
    bool wildcard_names = true;             // asset names with wildcards in version or product
};

// Everything but the shapes on which the fast engine is known to be wrong (cases/divergences.test
// has one case of each): what the differential test and the fuzz target generate. Switch each back
// on once the fast engine agrees on its cases.
[[nodiscard]] GeneratorOptions agreed_shapes();

// A knowledge base of 1 to 5 CVEs and 1 to `options.max_assets` assets of 1 to 6 names each.
[[nodiscard]] DiffCase generate_case(Chooser& chooser, const GeneratorOptions& options = {});

// The fast engine's outcome for each CVE of `cves` (NvdIndex, evaluate_software per name,
// evaluate_asset). Errors: kInvalidArgument when a name is not CPE 2.3.
[[nodiscard]] Result<std::vector<ReferenceOutcome>> fast_match(
    const std::vector<CveSpec>& cves, const std::vector<std::string>& asset_cpes);

// One asset and CVE on which the two matchers disagree.
struct Difference {
    std::string asset;
    std::string cve;
    ReferenceOutcome fast = ReferenceOutcome::kUnaffected;
    ReferenceOutcome reference = ReferenceOutcome::kUnaffected;
};

// Every disagreement in the case. Errors: those of fast_match and reference_match.
[[nodiscard]] Result<std::vector<Difference>> compare_matchers(const DiffCase& diff_case);

// The smallest case found by removing CVEs, configurations, nodes, entries, bounds, assets and
// names one at a time while the matchers still disagree. `diff_case` must show a difference.
[[nodiscard]] DiffCase shrink(DiffCase diff_case);

// The case in the case-file format, with the reference's outcomes as the expectations and the fast
// engine's, where they differ, in a comment.
[[nodiscard]] std::string format_case(const DiffCase& diff_case, std::string_view title);

}  // namespace wardround::match::testing

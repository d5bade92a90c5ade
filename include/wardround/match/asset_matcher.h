// SPDX-License-Identifier: Apache-2.0
// Deciding an asset's CVEs from the verdicts of its distinct software names (cpe_matcher.h), in
// three-valued logic: a criterion is true when any of the asset's names makes it true, unknown when
// none does and one could not be evaluated; a configuration joins them as NVD says.
//
// Most CVEs are self-contained (every configuration one OR node of vulnerable entries): their
// outcome for each name was settled by evaluate_software, and an asset only merges its names'
// lists. The rest (AND, platform context, negation) are evaluated per asset. The result is flat (no
// allocation per CVE) because an endpoint is typically affected by a couple of thousand CVEs.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include <wardround/match/cpe_matcher.h>
#include <wardround/match/nvd_index.h>

namespace wardround::match {

// What an asset's software makes of one CVE. The spans point into the AssetOutcomes that holds it.
struct CveOutcome {
    std::uint32_t cve = 0;
    Truth truth = Truth::kFalse;
    // The configuration that holds (the first one), or, when the outcome is unknown, the first
    // that could not be decided.
    std::uint16_t configuration = 0;
    // Indexes into the asset's software list of the names that satisfy a vulnerable entry of the
    // deciding configuration (they make the findings), and of those that satisfy its platform
    // context. For kUnknown: the names whose criteria could not be evaluated. Ascending.
    std::span<const std::uint32_t> vulnerable_software;
    std::span<const std::uint32_t> platform_software;
};

// Every CVE that is true or unknown for one asset, in CVE index order. Movable, not copyable (the
// outcomes' spans point into its own storage).
class AssetOutcomes {
public:
    AssetOutcomes() = default;
    AssetOutcomes(AssetOutcomes&&) noexcept = default;
    AssetOutcomes& operator=(AssetOutcomes&&) noexcept = default;
    AssetOutcomes(const AssetOutcomes&) = delete;
    AssetOutcomes& operator=(const AssetOutcomes&) = delete;
    ~AssetOutcomes() = default;

    [[nodiscard]] std::size_t size() const { return outcomes_.size(); }
    [[nodiscard]] bool empty() const { return outcomes_.empty(); }
    [[nodiscard]] const CveOutcome& operator[](std::size_t i) const { return outcomes_[i]; }
    [[nodiscard]] std::vector<CveOutcome>::const_iterator begin() const {
        return outcomes_.begin();
    }
    [[nodiscard]] std::vector<CveOutcome>::const_iterator end() const { return outcomes_.end(); }

private:
    friend class AssetMatcher;
    std::vector<CveOutcome> outcomes_;
    std::vector<std::uint32_t> software_;  // what the spans point into
};

// Decides assets one after another, reusing its working memory; one per thread.
class AssetMatcher {
public:
    explicit AssetMatcher(const NvdIndex& index);
    ~AssetMatcher();
    AssetMatcher(AssetMatcher&&) noexcept;
    AssetMatcher& operator=(AssetMatcher&&) = delete;
    AssetMatcher(const AssetMatcher&) = delete;
    AssetMatcher& operator=(const AssetMatcher&) = delete;

    // The asset's software: one entry per name (evaluate_software's result for it), in the asset's
    // order. Replaces what `into` held.
    void evaluate(std::span<const SoftwareVerdicts* const> software, AssetOutcomes& into);

private:
    struct Scratch;
    const NvdIndex* index_;
    std::unique_ptr<Scratch> scratch_;
};

// One asset, for callers that decide few.
[[nodiscard]] AssetOutcomes evaluate_asset(const NvdIndex& index,
                                           std::span<const SoftwareVerdicts* const> software);

}  // namespace wardround::match

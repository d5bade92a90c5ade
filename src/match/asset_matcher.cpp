// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <utility>

#include <wardround/match/asset_matcher.h>

namespace wardround::match {
namespace {

// Kleene logic for AND, OR and NOT.
Truth truth_and(Truth a, Truth b) {
    if (a == Truth::kFalse || b == Truth::kFalse) {
        return Truth::kFalse;
    }
    return a == Truth::kTrue && b == Truth::kTrue ? Truth::kTrue : Truth::kUnknown;
}
Truth truth_or(Truth a, Truth b) {
    if (a == Truth::kTrue || b == Truth::kTrue) {
        return Truth::kTrue;
    }
    return a == Truth::kFalse && b == Truth::kFalse ? Truth::kFalse : Truth::kUnknown;
}
Truth truth_not(Truth a) {
    if (a == Truth::kUnknown) {
        return a;
    }
    return a == Truth::kTrue ? Truth::kFalse : Truth::kTrue;
}

// What one of the asset's names makes of a criterion of a CVE that is decided per asset; the
// verdicts on one criterion are chained.
struct AssetVerdict {
    std::uint32_t software = 0;
    Truth truth = Truth::kFalse;
    std::uint32_t next =
        0;  // 1 + the index of the next verdict on the same criterion; 0 at the end
};

// The asset's verdicts, found by criterion in constant time: the criteria of one configuration are
// looked up for every CVE an asset touches, thousands per asset.
class AssetVerdicts {
public:
    // Makes room for every criterion of the index (which may have grown since the last asset).
    void fit(std::size_t criteria) {
        if (head_.size() < criteria) {
            head_.resize(criteria, 0);
        }
    }

    void add(std::uint32_t criterion, std::uint32_t software, Truth truth) {
        std::uint32_t& head = head_[criterion];
        if (head == 0) {
            used_.push_back(criterion);
        }
        verdicts_.push_back({software, truth, head});
        head = static_cast<std::uint32_t>(verdicts_.size());
    }

    void clear() {
        for (const std::uint32_t criterion : used_) {
            head_[criterion] = 0;
        }
        used_.clear();
        verdicts_.clear();
    }

    // True when any name makes the criterion true, unknown when none does and one is unknown.
    [[nodiscard]] Truth truth(std::uint32_t criterion) const {
        Truth result = Truth::kFalse;
        for (std::uint32_t at = head_[criterion]; at != 0; at = verdicts_[at - 1].next) {
            result = truth_or(result, verdicts_[at - 1].truth);
        }
        return result;
    }

    void collect(std::uint32_t criterion, Truth truth, std::vector<std::uint32_t>& out) const {
        for (std::uint32_t at = head_[criterion]; at != 0; at = verdicts_[at - 1].next) {
            if (verdicts_[at - 1].truth == truth) {
                out.push_back(verdicts_[at - 1].software);
            }
        }
    }

private:
    std::vector<std::uint32_t> head_;  // per criterion of the index: 1 + its last verdict, or 0
    std::vector<std::uint32_t> used_;  // the criteria whose head is set, to clear them
    std::vector<AssetVerdict> verdicts_;
};

Truth evaluate_node(const CompiledNode& node, const AssetVerdicts& asset) {
    if (node.criteria.empty() || node.never_holds) {
        // Every entry failed to compile, or an AND node lost one: it can never hold.
        return node.negate ? Truth::kTrue : Truth::kFalse;
    }
    Truth value = node.all ? Truth::kTrue : Truth::kFalse;
    for (const std::uint32_t criterion : node.criteria) {
        const Truth truth = asset.truth(criterion);
        value = node.all ? truth_and(value, truth) : truth_or(value, truth);
    }
    return node.negate ? truth_not(value) : value;
}

Truth evaluate_configuration(const CompiledConfiguration& configuration,
                             const AssetVerdicts& asset) {
    Truth value = configuration.all ? Truth::kTrue : Truth::kFalse;
    for (const CompiledNode& node : configuration.nodes) {
        const Truth truth = evaluate_node(node, asset);
        value = configuration.all ? truth_and(value, truth) : truth_or(value, truth);
    }
    return configuration.negate ? truth_not(value) : value;
}

void dedupe(std::vector<std::uint32_t>& values) {
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
}

// An outcome while it is built: its software as offsets into the shared list, because the list
// grows (and moves) until the asset is done.
struct PendingOutcome {
    std::uint32_t cve = 0;
    Truth truth = Truth::kFalse;
    std::uint16_t configuration = 0;
    std::uint32_t vulnerable_begin = 0;
    std::uint32_t platform_begin = 0;
    std::uint32_t platform_end = 0;
};

// One name's list of self-contained outcomes, as the merge walks it.
struct Cursor {
    const NameOutcome* next = nullptr;
    const NameOutcome* end = nullptr;
    std::uint32_t software = 0;
};

}  // namespace

struct AssetMatcher::Scratch {
    std::vector<PendingOutcome> pending;
    std::vector<Cursor> cursors;
    AssetVerdicts asset;
    std::vector<std::uint32_t> touched;
    std::vector<std::uint32_t> vulnerable_true;
    std::vector<std::uint32_t> vulnerable_unknown;
    std::vector<std::uint32_t> platform_true;
    std::vector<std::uint32_t> platform_unknown;

    // Self-contained CVEs: each name's outcome is settled, so a CVE holds for the asset when it
    // holds for any name. As in the general case, the first configuration that holds decides and
    // names the software that satisfies it; failing that, the first that is undecided. A name's
    // first such configuration is the asset's when it is the smallest of all names' (a name that
    // satisfies the asset's deciding configuration has no earlier one).
    void merge_self_contained(std::span<const SoftwareVerdicts* const> software,
                              std::vector<std::uint32_t>& names) {
        cursors.clear();
        for (std::size_t s = 0; s < software.size(); ++s) {
            const auto& list = software[s]->self_contained;
            if (!list.empty()) {
                cursors.push_back(
                    {list.data(), list.data() + list.size(), static_cast<std::uint32_t>(s)});
            }
        }
        while (!cursors.empty()) {
            std::uint32_t cve = cursors.front().next->cve;
            for (const Cursor& cursor : cursors) {
                cve = std::min(cve, cursor.next->cve);
            }
            PendingOutcome outcome{cve, Truth::kUnknown, UINT16_MAX, 0, 0, 0};
            for (const Cursor& cursor : cursors) {
                const NameOutcome& here = *cursor.next;
                if (here.cve != cve) {
                    continue;
                }
                if (here.truth == Truth::kTrue && outcome.truth != Truth::kTrue) {
                    outcome.truth = Truth::kTrue;
                    outcome.configuration = here.configuration;
                } else if (here.truth == outcome.truth) {
                    outcome.configuration = std::min(outcome.configuration, here.configuration);
                }
            }
            outcome.vulnerable_begin = static_cast<std::uint32_t>(names.size());
            for (Cursor& cursor : cursors) {
                const NameOutcome& here = *cursor.next;
                if (here.cve != cve) {
                    continue;
                }
                if (here.truth == outcome.truth && here.configuration == outcome.configuration) {
                    names.push_back(cursor.software);  // cursors are in software order
                }
                ++cursor.next;
            }
            outcome.platform_begin = outcome.platform_end =
                static_cast<std::uint32_t>(names.size());
            pending.push_back(outcome);
            std::erase_if(cursors, [](const Cursor& cursor) { return cursor.next == cursor.end; });
        }
    }

    // The CVEs that are not self-contained, from the criteria verdicts of all the asset's names.
    void evaluate_combined(const NvdIndex& index,
                           std::span<const SoftwareVerdicts* const> software,
                           std::vector<std::uint32_t>& names) {
        asset.clear();
        asset.fit(index.criteria().size());
        touched.clear();
        for (std::size_t s = 0; s < software.size(); ++s) {
            for (const CriterionVerdict& verdict : software[s]->combined) {
                asset.add(verdict.criterion, static_cast<std::uint32_t>(s), verdict.truth);
                // Only a vulnerable entry that is not false can make a CVE apply or leave it open.
                if (verdict.vulnerable) {
                    touched.push_back(verdict.cve);
                }
            }
        }
        if (touched.empty()) {
            return;
        }
        dedupe(touched);
        for (const std::uint32_t cve : touched) {
            const CompiledCve& compiled = index.cves()[cve];
            bool have_unknown = false;
            for (std::size_t c = 0; c < compiled.configurations.size(); ++c) {
                const CompiledConfiguration& configuration = compiled.configurations[c];
                const Truth truth = evaluate_configuration(configuration, asset);
                if (truth == Truth::kFalse) {
                    continue;
                }
                const Truth decided = attribute(index, configuration, truth);
                if (decided == Truth::kFalse || (decided == Truth::kUnknown && have_unknown)) {
                    continue;  // the first undecided configuration stands until one holds
                }
                if (have_unknown) {
                    // This one holds: it replaces the undecided one, the last written.
                    names.resize(pending.back().vulnerable_begin);
                    pending.pop_back();
                }
                add_outcome(cve, decided, c, names);
                if (decided == Truth::kTrue) {
                    break;
                }
                have_unknown = true;
            }
        }
    }

    void add_outcome(std::uint32_t cve,
                     Truth truth,
                     std::size_t configuration,
                     std::vector<std::uint32_t>& names) {
        const bool holds = truth == Truth::kTrue;
        const std::vector<std::uint32_t>& vulnerable = holds ? vulnerable_true : vulnerable_unknown;
        const std::vector<std::uint32_t>& platform = holds ? platform_true : platform_unknown;
        PendingOutcome outcome{cve, truth, static_cast<std::uint16_t>(configuration), 0, 0, 0};
        outcome.vulnerable_begin = static_cast<std::uint32_t>(names.size());
        names.insert(names.end(), vulnerable.begin(), vulnerable.end());
        outcome.platform_begin = static_cast<std::uint32_t>(names.size());
        names.insert(names.end(), platform.begin(), platform.end());
        outcome.platform_end = static_cast<std::uint32_t>(names.size());
        pending.push_back(outcome);
    }

    // Which of the asset's names put a configuration that is not false in the CVE's favour, into
    // the four lists; returns what the outcome is: true when it holds with a vulnerable name that
    // is true, unknown when vulnerable names may make it hold, false when it holds only through
    // negation (nothing on the asset to blame).
    Truth attribute(const NvdIndex& index,
                    const CompiledConfiguration& configuration,
                    Truth truth) {
        vulnerable_true.clear();
        vulnerable_unknown.clear();
        platform_true.clear();
        platform_unknown.clear();
        for (const CompiledNode& node : configuration.nodes) {
            // Only entries in a positive position (not negated, or negated twice) can put the
            // asset's software in the configuration's favour.
            if (node.negate != configuration.negate) {
                continue;
            }
            for (const std::uint32_t criterion : node.criteria) {
                const bool vulnerable = index.criteria()[criterion].vulnerable;
                asset.collect(criterion, Truth::kTrue,
                              vulnerable ? vulnerable_true : platform_true);
                asset.collect(criterion, Truth::kUnknown,
                              vulnerable ? vulnerable_unknown : platform_unknown);
            }
        }
        dedupe(vulnerable_true);
        dedupe(platform_true);
        if (truth == Truth::kTrue && !vulnerable_true.empty()) {
            return Truth::kTrue;
        }
        if (vulnerable_true.empty() && vulnerable_unknown.empty()) {
            return Truth::kFalse;
        }
        // It holds or may hold, and the software that would make it a finding is undecided.
        vulnerable_unknown.insert(vulnerable_unknown.end(), vulnerable_true.begin(),
                                  vulnerable_true.end());
        dedupe(vulnerable_unknown);
        dedupe(platform_unknown);
        return Truth::kUnknown;
    }
};

AssetMatcher::AssetMatcher(const NvdIndex& index)
    : index_(&index), scratch_(std::make_unique<Scratch>()) {}
AssetMatcher::~AssetMatcher() = default;
AssetMatcher::AssetMatcher(AssetMatcher&&) noexcept = default;

void AssetMatcher::evaluate(std::span<const SoftwareVerdicts* const> software,
                            AssetOutcomes& into) {
    Scratch& scratch = *scratch_;
    scratch.pending.clear();
    into.software_.clear();
    scratch.merge_self_contained(software, into.software_);
    const auto self_count = static_cast<std::ptrdiff_t>(scratch.pending.size());
    scratch.evaluate_combined(*index_, software, into.software_);
    // Both parts are in CVE order, and no CVE is in both.
    std::inplace_merge(
        scratch.pending.begin(), scratch.pending.begin() + self_count, scratch.pending.end(),
        [](const PendingOutcome& a, const PendingOutcome& b) { return a.cve < b.cve; });
    into.outcomes_.clear();
    into.outcomes_.reserve(scratch.pending.size());
    const std::uint32_t* names = into.software_.data();
    for (const PendingOutcome& outcome : scratch.pending) {
        into.outcomes_.push_back(
            {outcome.cve, outcome.truth, outcome.configuration,
             std::span(names + outcome.vulnerable_begin, names + outcome.platform_begin),
             std::span(names + outcome.platform_begin, names + outcome.platform_end)});
    }
}

AssetOutcomes evaluate_asset(const NvdIndex& index,
                             std::span<const SoftwareVerdicts* const> software) {
    AssetMatcher matcher(index);
    AssetOutcomes outcomes;
    matcher.evaluate(software, outcomes);
    return outcomes;
}

}  // namespace wardround::match

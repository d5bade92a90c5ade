// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>

#include <fmt/core.h>

#include <wardround/match/nvd_index.h>

namespace wardround::match {
namespace {

constexpr std::size_t kNoteExamples = 10;

std::string product_key(char part, std::string_view vendor, std::string_view product) {
    std::string key;
    key.reserve(vendor.size() + product.size() + 3);
    key.push_back(part);
    key.push_back(':');
    key.append(vendor);
    key.push_back(':');
    key.append(product);
    return key;
}

std::optional<Bound> make_bound(const std::string& text,
                                bool inclusive,
                                vuln::VersionScheme scheme) {
    if (text.empty()) {
        return std::nullopt;
    }
    Bound bound;
    bound.text = text;
    bound.inclusive = inclusive;
    auto parsed = vuln::parse_version(scheme, text);
    if (parsed) {
        bound.version = std::move(*parsed);
    } else {
        bound.parse_error = parsed.error().message;
    }
    return bound;
}

}  // namespace

struct NvdIndex::State {
    std::vector<CompiledCve> cves;
    std::vector<Criterion> criteria;
    std::unordered_map<std::string, std::vector<std::uint32_t>> by_product;
    std::vector<std::uint32_t> open;
    std::unordered_map<std::string, std::uint32_t> by_id;
    CompileNotes notes;
    std::vector<std::uint32_t> none;

    void note(std::string example) {
        if (notes.examples.size() < kNoteExamples) {
            notes.examples.push_back(std::move(example));
        }
    }
};

NvdIndex::NvdIndex() : state_(std::make_unique<State>()) {}
NvdIndex::~NvdIndex() = default;
NvdIndex::NvdIndex(NvdIndex&&) noexcept = default;
NvdIndex& NvdIndex::operator=(NvdIndex&&) noexcept = default;

void NvdIndex::add(const CveSpec& cve) {
    State& state = *state_;
    const auto cve_index = static_cast<std::uint32_t>(state.cves.size());
    CompiledCve compiled;
    compiled.id = cve.id;
    ++state.notes.cves;
    for (std::size_t c = 0; c < cve.configurations.size(); ++c) {
        const ConfigurationSpec& configuration = cve.configurations[c];
        CompiledConfiguration out;
        out.all = configuration.all;
        out.negate = configuration.negate;
        bool every_entry_vulnerable = true;
        for (std::size_t n = 0; n < configuration.nodes.size(); ++n) {
            const NodeSpec& node = configuration.nodes[n];
            CompiledNode compiled_node;
            compiled_node.all = node.all;
            compiled_node.negate = node.negate;
            for (std::size_t m = 0; m < node.matches.size(); ++m) {
                const CpeMatchSpec& spec = node.matches[m];
                ++state.notes.criteria;
                every_entry_vulnerable = every_entry_vulnerable && spec.vulnerable;
                auto cpe = vuln::parse_cpe23(spec.criteria);
                if (!cpe) {
                    // Kept out of the index: it can never hold.
                    ++state.notes.bad_criteria;
                    state.note(
                        fmt::format("{}: {}: {}", cve.id, spec.criteria, cpe.error().message));
                    compiled_node.never_holds = compiled_node.never_holds || node.all;
                    continue;
                }
                Criterion criterion;
                criterion.cve = cve_index;
                criterion.configuration = static_cast<std::uint16_t>(c);
                criterion.node = static_cast<std::uint16_t>(n);
                criterion.position = static_cast<std::uint16_t>(m);
                criterion.vulnerable = spec.vulnerable;
                criterion.criteria = spec.criteria;
                criterion.cpe = std::move(*cpe);
                const vuln::CpeValue vendor = criterion.cpe.vendor();
                const vuln::CpeValue product = criterion.cpe.product();
                criterion.scheme = vuln::scheme_for_cpe(vendor.text, product.text);
                if (!spec.version_start_including.empty()) {
                    criterion.start =
                        make_bound(spec.version_start_including, true, criterion.scheme);
                } else {
                    criterion.start =
                        make_bound(spec.version_start_excluding, false, criterion.scheme);
                }
                if (!spec.version_end_including.empty()) {
                    criterion.end = make_bound(spec.version_end_including, true, criterion.scheme);
                } else {
                    criterion.end = make_bound(spec.version_end_excluding, false, criterion.scheme);
                }
                const vuln::CpeValue version = criterion.cpe.version();
                if (version.kind == vuln::CpeValueKind::kValue && !version.has_wildcards()) {
                    auto exact = vuln::parse_version(criterion.scheme, version.text);
                    if (exact) {
                        criterion.exact_version = std::move(*exact);
                    }
                }
                for (const auto* bound : {&criterion.start, &criterion.end}) {
                    if (bound->has_value() && !(*bound)->version) {
                        ++state.notes.unparsed_bounds;
                        state.note(fmt::format("{}: {} bound {}: {}", cve.id, spec.criteria,
                                               (*bound)->text, (*bound)->parse_error));
                    }
                }
                const auto criterion_index = static_cast<std::uint32_t>(state.criteria.size());
                const bool plain_name =
                    vendor.kind == vuln::CpeValueKind::kValue && !vendor.has_wildcards() &&
                    product.kind == vuln::CpeValueKind::kValue && !product.has_wildcards();
                criterion.open_name = !plain_name;
                const vuln::CpeValue part = criterion.cpe.part();
                if (plain_name && part.kind == vuln::CpeValueKind::kValue) {
                    state.by_product[product_key(part.text.front(), vendor.text, product.text)]
                        .push_back(criterion_index);
                } else {
                    state.open.push_back(criterion_index);
                }
                state.criteria.push_back(std::move(criterion));
                compiled_node.criteria.push_back(criterion_index);
            }
            out.nodes.push_back(std::move(compiled_node));
        }
        out.self_contained = out.nodes.size() == 1 && !out.nodes.front().all &&
                             !out.nodes.front().negate && !out.negate && every_entry_vulnerable;
        compiled.configurations.push_back(std::move(out));
    }
    compiled.self_contained =
        !compiled.configurations.empty() &&
        std::all_of(compiled.configurations.begin(), compiled.configurations.end(),
                    [](const CompiledConfiguration& configuration) {
                        return configuration.self_contained;
                    });
    state.by_id.emplace(compiled.id, cve_index);
    state.cves.push_back(std::move(compiled));
}

const std::vector<CompiledCve>& NvdIndex::cves() const {
    return state_->cves;
}

const std::vector<Criterion>& NvdIndex::criteria() const {
    return state_->criteria;
}

const std::vector<std::uint32_t>& NvdIndex::criteria_for(char part,
                                                         std::string_view vendor,
                                                         std::string_view product) const {
    const auto found = state_->by_product.find(product_key(part, vendor, product));
    return found == state_->by_product.end() ? state_->none : found->second;
}

const std::vector<std::uint32_t>& NvdIndex::open_criteria() const {
    return state_->open;
}

std::optional<std::uint32_t> NvdIndex::find_cve(std::string_view id) const {
    const auto found = state_->by_id.find(std::string(id));
    if (found == state_->by_id.end()) {
        return std::nullopt;
    }
    return found->second;
}

const CompileNotes& NvdIndex::notes() const {
    return state_->notes;
}

}  // namespace wardround::match

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

bool is_plain(const vuln::CpeValue& value) {
    return value.kind == vuln::CpeValueKind::kValue && !value.has_wildcards();
}

// A compiled criterion and where the index files it: under its (part, vendor, product) key, or
// among the open criteria when the key is empty.
struct FiledCriterion {
    Criterion criterion;
    std::string product_key;
};

// One cpeMatch entry whose CPE name parsed: its scheme, bounds and exact version. Its position
// (CVE, configuration, node, entry) is the caller's to set.
FiledCriterion compile_criterion(const CpeMatchSpec& spec, vuln::Cpe&& cpe) {
    FiledCriterion out;
    Criterion& criterion = out.criterion;
    criterion.vulnerable = spec.vulnerable;
    criterion.criteria = spec.criteria;
    criterion.cpe = std::move(cpe);
    const vuln::CpeValue vendor = criterion.cpe.vendor();
    const vuln::CpeValue product = criterion.cpe.product();
    criterion.scheme = vuln::scheme_for_cpe(vendor.text, product.text);
    criterion.start = spec.version_start_including.empty()
                          ? make_bound(spec.version_start_excluding, false, criterion.scheme)
                          : make_bound(spec.version_start_including, true, criterion.scheme);
    criterion.end = spec.version_end_including.empty()
                        ? make_bound(spec.version_end_excluding, false, criterion.scheme)
                        : make_bound(spec.version_end_including, true, criterion.scheme);
    const vuln::CpeValue version = criterion.cpe.version();
    if (is_plain(version)) {
        auto exact = vuln::parse_version(criterion.scheme, version.text);
        if (exact) {
            criterion.exact_version = std::move(*exact);
        }
    }
    const bool plain_name = is_plain(vendor) && is_plain(product);
    criterion.open_name = !plain_name;
    const vuln::CpeValue part = criterion.cpe.part();
    if (plain_name && part.kind == vuln::CpeValueKind::kValue) {
        out.product_key = product_key(part.text.front(), vendor.text, product.text);
    }
    return out;
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

    void note_unparsed_bounds(const CveSpec& cve,
                              const CpeMatchSpec& spec,
                              const Criterion& criterion);
    std::uint32_t file(FiledCriterion&& filed);
    CompiledNode compile_node(const CveSpec& cve,
                              std::uint32_t cve_index,
                              std::size_t c,
                              std::size_t n,
                              bool& every_entry_vulnerable);
    CompiledConfiguration compile_configuration(const CveSpec& cve,
                                                std::uint32_t cve_index,
                                                std::size_t c);
};

void NvdIndex::State::note_unparsed_bounds(const CveSpec& cve,
                                           const CpeMatchSpec& spec,
                                           const Criterion& criterion) {
    for (const auto* bound : {&criterion.start, &criterion.end}) {
        if (bound->has_value() && !(*bound)->version) {
            ++notes.unparsed_bounds;
            note(fmt::format("{}: {} bound {}: {}", cve.id, spec.criteria, (*bound)->text,
                             (*bound)->parse_error));
        }
    }
}

// Files a criterion under the (part, vendor, product) it names, or among the open criteria when
// it names no plain one; returns its index.
std::uint32_t NvdIndex::State::file(FiledCriterion&& filed) {
    const auto criterion_index = static_cast<std::uint32_t>(criteria.size());
    if (!filed.product_key.empty()) {
        by_product[std::move(filed.product_key)].push_back(criterion_index);
    } else {
        open.push_back(criterion_index);
    }
    criteria.push_back(std::move(filed.criterion));
    return criterion_index;
}

// Node n of configuration c; clears `every_entry_vulnerable` at an entry that is not.
CompiledNode NvdIndex::State::compile_node(const CveSpec& cve,
                                           std::uint32_t cve_index,
                                           std::size_t c,
                                           std::size_t n,
                                           bool& every_entry_vulnerable) {
    const NodeSpec& node = cve.configurations[c].nodes[n];
    CompiledNode compiled_node;
    compiled_node.all = node.all;
    compiled_node.negate = node.negate;
    for (std::size_t m = 0; m < node.matches.size(); ++m) {
        const CpeMatchSpec& spec = node.matches[m];
        ++notes.criteria;
        every_entry_vulnerable = every_entry_vulnerable && spec.vulnerable;
        auto cpe = vuln::parse_cpe23(spec.criteria);
        if (!cpe) {
            // Kept out of the index: it can never hold.
            ++notes.bad_criteria;
            note(fmt::format("{}: {}: {}", cve.id, spec.criteria, cpe.error().message));
            compiled_node.never_holds = compiled_node.never_holds || node.all;
            continue;
        }
        FiledCriterion filed = compile_criterion(spec, std::move(*cpe));
        Criterion& criterion = filed.criterion;
        criterion.cve = cve_index;
        criterion.configuration = static_cast<std::uint16_t>(c);
        criterion.node = static_cast<std::uint16_t>(n);
        criterion.position = static_cast<std::uint16_t>(m);
        note_unparsed_bounds(cve, spec, criterion);
        compiled_node.criteria.push_back(file(std::move(filed)));
    }
    return compiled_node;
}

CompiledConfiguration NvdIndex::State::compile_configuration(const CveSpec& cve,
                                                             std::uint32_t cve_index,
                                                             std::size_t c) {
    const ConfigurationSpec& configuration = cve.configurations[c];
    CompiledConfiguration out;
    out.all = configuration.all;
    out.negate = configuration.negate;
    bool every_entry_vulnerable = true;
    for (std::size_t n = 0; n < configuration.nodes.size(); ++n) {
        out.nodes.push_back(compile_node(cve, cve_index, c, n, every_entry_vulnerable));
    }
    out.self_contained = out.nodes.size() == 1 && !out.nodes.front().all &&
                         !out.nodes.front().negate && !out.negate && every_entry_vulnerable;
    return out;
}

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
        compiled.configurations.push_back(state.compile_configuration(cve, cve_index, c));
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

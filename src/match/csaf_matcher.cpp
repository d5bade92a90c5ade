// SPDX-License-Identifier: Apache-2.0
#include <map>
#include <optional>

#include <fmt/core.h>

#include <wardround/match/csaf_matcher.h>
#include <wardround/vuln/version.h>

namespace wardround::match {
namespace {

// Firmware versions as advisories write them order like NVD's: the generic scheme.
std::optional<int> compare_generic(std::string_view a, std::string_view b) {
    auto order = vuln::compare_version_text(vuln::VersionScheme::kGeneric, a, b);
    if (!order) {
        return std::nullopt;
    }
    return *order;
}

// A product name that is the device's model followed by a release line ("IntelliSpace Portal
// 8.0.x" for the model "IntelliSpace Portal"): the line, read as a version range.
struct ReleaseLine {
    std::string text;
    std::optional<vuln::ParsedVersionRange> range;
};

ReleaseLine release_line(std::string_view product_name, const std::string& device_name) {
    const std::size_t space = product_name.find_last_of(' ');
    if (space == std::string_view::npos) {
        return {};
    }
    const std::string_view last = product_name.substr(space + 1);
    if (last.find_first_of("0123456789") == std::string_view::npos ||
        vuln::normalise_product_text(product_name.substr(0, space)) != device_name) {
        return {};
    }
    auto range = vuln::parse_version_range_text(last);
    if (!range) {
        return {};
    }
    return ReleaseLine{std::string(last), std::move(*range)};
}

struct CompiledProduct {
    std::optional<vuln::ParsedVersionRange> range;  // empty: no version text (every version)
    std::string range_error;                        // why the text cannot be read
};

// A product whose name ends with a release line ("IntelliSpace Portal 8.0.x"): where the device's
// version falls against the line it covers, explained in `steps`.
vuln::RangeVerdict judge_release_line(const ReleaseLine& line,
                                      const CsafDevice& device,
                                      std::vector<std::string>& steps) {
    const vuln::RangeEvaluation in_line =
        vuln::evaluate_version_range(*line.range, device.version, compare_generic);
    steps.push_back(fmt::format("the advisory's product name ends with the release line '{}': {}",
                                line.text, in_line.reason));
    return in_line.verdict;
}

// The product's version text against the device's firmware version, explained in `steps`; nothing
// when the version falls outside the product's range.
std::optional<Truth> judge_product_version(const CsafProductSpec& product,
                                           const CompiledProduct& compiled,
                                           const vuln::ProductTextMatch& fit,
                                           const CsafDevice& device,
                                           std::vector<std::string>& steps) {
    if (fit.version_names_model || product.text.version_text.empty()) {
        steps.emplace_back("the advisory names the product without a version range: every version");
        return Truth::kTrue;
    }
    if (!compiled.range) {
        steps.push_back(fmt::format("version text '{}' cannot be read ({})",
                                    product.text.version_text, compiled.range_error));
        return Truth::kUnknown;
    }
    if (device.version.empty()) {
        steps.push_back(
            fmt::format("the device's firmware version is not known; the advisory covers {}",
                        vuln::describe_version_range(*compiled.range)));
        return Truth::kUnknown;
    }
    const vuln::RangeEvaluation evaluation =
        vuln::evaluate_version_range(*compiled.range, device.version, compare_generic);
    steps.push_back(fmt::format("firmware {} against '{}': {}", device.version,
                                product.text.version_text, evaluation.reason));
    if (evaluation.verdict == vuln::RangeVerdict::kOutside) {
        return std::nullopt;
    }
    return evaluation.verdict == vuln::RangeVerdict::kInside ? Truth::kTrue : Truth::kUnknown;
}

// One advisory product (whose vendor matched the device's as `relation` says) against the device:
// the verdict, or nothing when the product does not cover the device.
std::optional<CsafVerdict> judge_product(std::uint32_t id,
                                         const CsafProductSpec& product,
                                         const CompiledProduct& compiled,
                                         const CsafDevice& device,
                                         const vuln::DeviceText& text,
                                         const std::string& relation) {
    const vuln::ProductTextMatch fit = vuln::match_product_text(product.text, text);
    if (fit.kind == vuln::ProductTextMatch::kNone) {
        return std::nullopt;
    }
    CsafVerdict verdict;
    verdict.product = id;
    verdict.steps.push_back(
        fmt::format("vendor '{}' {} '{}'", device.manufacturer, relation, product.text.vendor));
    verdict.steps.push_back(fit.reason);
    const std::string advisory_name = vuln::normalise_product_text(product.text.product_name);
    const std::string device_name = vuln::normalise_product_text(device.model);
    const ReleaseLine line = release_line(product.text.product_name, device_name);
    if (line.range) {
        // "IntelliSpace Portal 8.0.x": the name ends with the release line it covers.
        const vuln::RangeVerdict in_line = judge_release_line(line, device, verdict.steps);
        if (in_line == vuln::RangeVerdict::kOutside) {
            return std::nullopt;
        }
        if (in_line == vuln::RangeVerdict::kNotEvaluable) {
            verdict.truth = Truth::kUnknown;
            return verdict;
        }
    }
    if (!line.range && fit.kind == vuln::ProductTextMatch::kContains &&
        device_name.size() < advisory_name.size() &&
        advisory_name.find(device_name) != std::string::npos) {
        // The register names the device less precisely than the advisory does
        // ("Alaris Gateway Workstation" against "... Alaris GS/GH/CC/TIVA").
        verdict.truth = Truth::kUnknown;
        verdict.steps.push_back(
            fmt::format("the advisory names a more specific product ('{}') than the register "
                        "('{}'): not evaluable",
                        product.text.product_name, device.model));
        return verdict;
    }
    const std::optional<Truth> truth =
        judge_product_version(product, compiled, fit, device, verdict.steps);
    if (!truth) {
        return std::nullopt;
    }
    verdict.truth = *truth;
    return verdict;
}

}  // namespace

struct CsafIndex::State {
    std::vector<CsafProductSpec> products;
    std::vector<CompiledProduct> compiled;
    // Vendor key -> products; a field naming several companies is filed under each.
    std::map<std::string, std::vector<std::uint32_t>> by_vendor;
};

CsafIndex::CsafIndex() : state_(std::make_unique<State>()) {}
CsafIndex::~CsafIndex() = default;
CsafIndex::CsafIndex(CsafIndex&&) noexcept = default;
CsafIndex& CsafIndex::operator=(CsafIndex&&) noexcept = default;

void CsafIndex::add(CsafProductSpec product) {
    const auto id = static_cast<std::uint32_t>(state_->products.size());
    CompiledProduct compiled;
    if (!product.text.version_text.empty()) {
        auto range = vuln::parse_version_range_text(product.text.version_text);
        if (range) {
            compiled.range = std::move(*range);
        } else {
            compiled.range_error = range.error().message;
        }
    }
    for (const std::string& key : vuln::vendor_keys(product.text.vendor)) {
        if (!key.empty()) {
            state_->by_vendor[key].push_back(id);
        }
    }
    state_->products.push_back(std::move(product));
    state_->compiled.push_back(std::move(compiled));
}

const std::vector<CsafProductSpec>& CsafIndex::products() const {
    return state_->products;
}

std::vector<CsafVerdict> CsafIndex::evaluate(const CsafDevice& device) const {
    std::vector<CsafVerdict> verdicts;
    std::vector<bool> done(state_->products.size(), false);
    const vuln::DeviceText text{device.manufacturer, device.model, {}};
    for (const std::string& device_key : vuln::vendor_keys(device.manufacturer)) {
        for (const auto& [advisory_key, ids] : state_->by_vendor) {
            std::string relation;
            if (!vuln::vendor_keys_match(advisory_key, device_key, &relation)) {
                continue;
            }
            for (const std::uint32_t id : ids) {
                if (done[id]) {
                    continue;
                }
                done[id] = true;
                std::optional<CsafVerdict> verdict = judge_product(
                    id, state_->products[id], state_->compiled[id], device, text, relation);
                if (verdict) {
                    verdicts.push_back(std::move(*verdict));
                }
            }
        }
    }
    return verdicts;
}

}  // namespace wardround::match

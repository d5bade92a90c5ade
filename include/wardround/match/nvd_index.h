// SPDX-License-Identifier: Apache-2.0
// NVD applicability compiled for matching: every CVE's configurations, with each cpeMatch parsed
// once (its CPE, its version bounds in the scheme its product orders by) and indexed by the
// (part, vendor, product) it names. Built once per scan from the knowledge base, then read-only
// and shared between threads.
//
// Semantics (NVD CVE API 2.0): a CVE applies when any configuration holds; a configuration joins
// its nodes with its operator (OR when absent) and a node joins its cpeMatch entries with its own;
// `negate` inverts a node or a configuration. Entries with `vulnerable: false` are platform context
// ("running on"): they must hold for the same asset but never make a finding themselves.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/vuln/cpe.h>
#include <wardround/vuln/version.h>

namespace wardround::match {

// One cpeMatch entry as published, before compiling.
struct CpeMatchSpec {
    bool vulnerable = true;
    std::string criteria;  // CPE 2.3 formatted string
    std::string version_start_including;
    std::string version_start_excluding;
    std::string version_end_including;
    std::string version_end_excluding;
};

struct NodeSpec {
    bool all = false;  // operator AND; OR otherwise
    bool negate = false;
    std::vector<CpeMatchSpec> matches;
};

struct ConfigurationSpec {
    bool all = false;  // operator AND; OR (NVD's default) otherwise
    bool negate = false;
    std::vector<NodeSpec> nodes;
};

struct CveSpec {
    std::string id;
    std::vector<ConfigurationSpec> configurations;
};

// A version bound of a criterion, parsed in the criterion's scheme.
struct Bound {
    std::string text;
    bool inclusive = false;
    std::optional<vuln::Version> version;  // empty when the text does not parse in the scheme
    std::string parse_error;               // why, when it does not
};

// A compiled cpeMatch entry.
struct Criterion {
    std::uint32_t cve = 0;  // index into NvdIndex::cves()
    std::uint16_t configuration = 0;
    std::uint16_t node = 0;
    std::uint16_t position = 0;  // within the node
    bool vulnerable = true;
    vuln::Cpe cpe;
    std::string criteria;  // as published
    vuln::VersionScheme scheme = vuln::VersionScheme::kGeneric;
    std::optional<Bound> start;
    std::optional<Bound> end;
    // The vendor or product is ANY or a wildcard: the version scheme is then the matched
    // software's, and the bounds are read in it when they are compared.
    bool open_name = false;
    // The criterion's own version when it names one exactly (not `*`, `-` or a wildcard), parsed
    // in the scheme; empty when it does not parse (then only equal text matches).
    std::optional<vuln::Version> exact_version;

    [[nodiscard]] bool has_bounds() const { return start.has_value() || end.has_value(); }
};

struct CompiledNode {
    bool all = false;
    bool negate = false;
    // An AND node with an entry that is not a CPE 2.3 name can never hold (before negation).
    bool never_holds = false;
    std::vector<std::uint32_t> criteria;  // indexes into NvdIndex::criteria()
};

struct CompiledConfiguration {
    bool all = false;
    bool negate = false;
    std::vector<CompiledNode> nodes;
    // True when the configuration's outcome depends on one piece of software alone: one node,
    // OR, no negation, every entry vulnerable. Such configurations are decided per distinct
    // software name and fanned out; the rest are decided per asset.
    bool self_contained = false;
};

struct CompiledCve {
    std::string id;
    std::vector<CompiledConfiguration> configurations;
    // Every configuration is self-contained: whether the CVE applies to an asset follows from each
    // of its names alone, so an asset only gathers its names' results (most NVD records are so).
    bool self_contained = false;
};

// Problems met while compiling: criteria that do not parse are kept out of matching and counted
// here so that a scan can say how much of the knowledge base it could not use.
struct CompileNotes {
    std::int64_t cves = 0;
    std::int64_t criteria = 0;
    std::int64_t bad_criteria = 0;  // not CPE 2.3: their configurations can never hold
    std::int64_t unparsed_bounds = 0;
    std::vector<std::string> examples;  // a few "CVE-x: criteria: reason", for people
};

class NvdIndex {
public:
    NvdIndex();
    ~NvdIndex();
    NvdIndex(NvdIndex&&) noexcept;
    NvdIndex& operator=(NvdIndex&&) noexcept;
    NvdIndex(const NvdIndex&) = delete;
    NvdIndex& operator=(const NvdIndex&) = delete;

    // Adds one CVE. A criterion that is not a CPE 2.3 name is recorded in notes() and compiled as
    // an entry that never holds (so an AND configuration that needs it never holds either).
    void add(const CveSpec& cve);

    [[nodiscard]] const std::vector<CompiledCve>& cves() const;
    [[nodiscard]] const std::vector<Criterion>& criteria() const;
    // Criteria naming this part, vendor and product (CPE-bound, lower case: "a", "7-zip",
    // "7-zip"); empty when none.
    [[nodiscard]] const std::vector<std::uint32_t>& criteria_for(char part,
                                                                 std::string_view vendor,
                                                                 std::string_view product) const;
    // Criteria whose vendor or product is not a plain value (ANY or a wildcard): checked against
    // every name. NVD publishes almost none.
    [[nodiscard]] const std::vector<std::uint32_t>& open_criteria() const;
    [[nodiscard]] std::optional<std::uint32_t> find_cve(std::string_view id) const;
    [[nodiscard]] const CompileNotes& notes() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace wardround::match

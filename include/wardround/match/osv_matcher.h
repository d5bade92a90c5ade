// SPDX-License-Identifier: Apache-2.0
// OSV advisories against packages named by package URL (npm, Maven, PyPI, Go, NuGet, crates.io,
// RubyGems, Packagist, Debian): the package's purl gives the OSV ecosystem and name, its version is
// ordered in that ecosystem's scheme, and an advisory's affected entry holds when the version is in
// its explicit list or inside a SEMVER or ECOSYSTEM range (introduced, fixed, last_affected events,
// evaluated in version order as the OSV schema defines). GIT ranges name commits, not versions, and
// are left to the explicit list.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/match/cpe_matcher.h>

namespace wardround::match {

// A package URL split into its parts, percent-decoded (pkg:type/namespace/name@version?q#subpath).
struct PackageUrl {
    std::string type;  // lower case
    std::string namespace_;
    std::string name;
    std::string version;
    std::vector<std::pair<std::string, std::string>> qualifiers;

    [[nodiscard]] std::string qualifier(std::string_view key) const;
};

// Errors (kInvalidArgument): not "pkg:", no type or name, bad percent-encoding.
[[nodiscard]] Result<PackageUrl> parse_package_url(std::string_view purl);

// The OSV ecosystem and package name a purl corresponds to ("Maven" and
// "org.apache.logging.log4j:log4j-core"; "Debian:12" and "openssl" with distro=debian-12), or
// std::nullopt for a type Wardround does not map (the package is then not matched against OSV).
struct OsvPackage {
    std::string ecosystem;
    std::string name;
};
[[nodiscard]] std::optional<OsvPackage> osv_package_for(const PackageUrl& purl);

// One affected entry of an OSV record, as stored.
struct OsvRangeSpec {
    std::string type;  // SEMVER | ECOSYSTEM | GIT
    std::vector<std::pair<std::string, std::string>>
        events;  // ("introduced", "0"), ("fixed", "1.2")
};

struct OsvAffectedSpec {
    std::string advisory;  // the OSV id (GHSA-..., PYSEC-...)
    std::string vuln_id;   // the CVE it is an alias of, else the OSV id
    std::string ecosystem;
    std::string name;
    std::vector<std::string> versions;
    std::vector<OsvRangeSpec> ranges;
};

struct OsvVerdict {
    std::uint32_t entry = 0;  // index into OsvIndex::entries()
    Truth truth = Truth::kFalse;
    std::vector<std::string> steps;  // why, in words
};

class OsvIndex {
public:
    OsvIndex();
    ~OsvIndex();
    OsvIndex(OsvIndex&&) noexcept;
    OsvIndex& operator=(OsvIndex&&) noexcept;
    OsvIndex(const OsvIndex&) = delete;
    OsvIndex& operator=(const OsvIndex&) = delete;

    void add(OsvAffectedSpec entry);
    [[nodiscard]] const std::vector<OsvAffectedSpec>& entries() const;
    [[nodiscard]] std::size_t size() const;

    // Every entry for the package that is true or not evaluable for the version.
    [[nodiscard]] std::vector<OsvVerdict> evaluate(const OsvPackage& package,
                                                   std::string_view version) const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace wardround::match

// SPDX-License-Identifier: Apache-2.0
// The estate as matching sees it: each asset with the CPE names of its software (components, its
// operating system, the services it exposes), every distinct name parsed once.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/match/cpe_matcher.h>
#include <wardround/match/csaf_matcher.h>
#include <wardround/match/osv_matcher.h>
#include <wardround/store/database.h>

namespace wardround::findings::detail {

// Where a name on an asset came from.
struct SoftwareUse {
    std::uint32_t software = 0;     // index into Estate::software
    std::int64_t component_id = 0;  // 0 for the operating system and services
    std::string origin;             // component | os | service
    std::string version;            // as the source reported it
    std::string identity;           // how the name was resolved: "alias 85", "explicit-cpe 100"
};

// A component named by package URL, for OSV advisories.
struct PackageUse {
    std::uint32_t package = 0;  // index into Estate::packages
    std::int64_t component_id = 0;
    std::string identity;
};

// A distinct package and version.
struct EstatePackage {
    std::string purl;  // as given, without its version
    match::OsvPackage osv;
    std::string version;
};

// A device's firmware as a register reports it, for advisories that name devices by text.
struct DeviceUse {
    std::uint32_t device = 0;  // index into Estate::devices
    std::int64_t component_id = 0;
};

struct EstateAsset {
    std::int64_t id = 0;
    std::int64_t org_id = 0;
    std::string hostname;
    bool internet_facing = false;
    std::string criticality;
    std::vector<SoftwareUse> uses;
    std::vector<PackageUse> packages;
    std::vector<DeviceUse> devices;
    // "part:vendor:product" of the services it exposes, for the listening-service factor.
    std::vector<std::string> service_products;
};

struct Estate {
    std::vector<EstateAsset> assets;
    std::vector<match::Software> software;
    std::vector<std::string> software_names;  // the CPE 2.3 text of each, as stored
    std::vector<EstatePackage> packages;
    std::vector<match::CsafDevice> devices;
    std::int64_t unresolved_components = 0;  // neither a CPE nor a purl OSV can use: not matched
};

// "part:vendor:product" of a CPE name ("a:apache:log4j").
[[nodiscard]] std::string product_of(const vuln::Cpe& cpe);

// Adds the assets running the product a CPE names (its part, vendor and product): components
// resolved to it, and operating systems named by it (a range over asset.os_cpe, since every CPE
// 2.3 name of the product starts with the same prefix).
[[nodiscard]] Status assets_running(store::Database& database,
                                    const vuln::Cpe& cpe,
                                    std::set<std::int64_t>& assets);

// Which assets to load: those of some organisations (all when empty), or, when `asset_ids` is not
// empty, exactly those assets.
struct EstateFilter {
    std::vector<std::int64_t> org_ids;
    std::vector<std::int64_t> asset_ids;
};

// The assets the filter names, with their software.
[[nodiscard]] Result<Estate> load_estate(store::Database& database, const EstateFilter& filter);

}  // namespace wardround::findings::detail

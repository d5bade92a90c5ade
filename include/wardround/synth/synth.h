// SPDX-License-Identifier: Apache-2.0
// The synthetic estate: a deterministic organisation tree and, for each organisation, its assets
// (Windows endpoints, Windows and Linux servers, network appliances, medical devices) with the
// software, firmware, listening services and posture facts (endpoint protection, disk encryption,
// SMBv1, the MS17-010 updates, local administrator use, network segment) an inventory source would
// report, drawn from the catalogue in data/synth. Every asset is a pure function of (seed,
// organisation index, asset index), so any part of the estate can be generated alone, in any order,
// on any thread, and the same options always give the same estate. Nothing here touches a database
// or prints.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/inventory/observation.h>

namespace wardround::synth {

struct SynthOptions {
    // Organisations that hold assets (trusts and GP practices). The regions and ICBs above them
    // are added on top: one ICB per 150 organisations, one region per 6 ICBs.
    std::int64_t orgs = 20;
    // Assets of every kind across all organisations together (endpoints, servers, appliances and
    // medical devices), shared out by organisation size; at least one per organisation.
    std::int64_t endpoints = 2000;
    std::uint64_t seed = 1;
    // The day the estate describes (YYYY-MM-DD): last-seen times fall in the 30 days before it.
    std::string as_of = "2024-11-01";
};

// One organisation of the synthetic tree. Codes: regions "SYR01", ICBs "SYI001", trusts
// "SYT0001", GP practices "SYP00001" (see data/synth/README.md); none has the shape of an ODS code.
struct SynthOrganisation {
    std::string code;
    std::string name;
    std::string level;             // "region", "icb" or "organisation"
    std::string type;              // "region", "icb", "trust", "ambulance-trust" or "gp-practice"
    std::string sector;            // "acute", "community", "ambulance", "primary care"; "" above
    std::string parent_code;       // regions hang from England, E92000001
    std::int64_t assets = 0;       // 0 for regions and ICBs
    std::int64_t first_asset = 0;  // ordinal of its first asset across the whole estate
};

// Counts of what was generated, by kind.
struct SynthCounts {
    std::int64_t assets = 0;
    std::int64_t endpoints = 0;
    std::int64_t servers = 0;
    std::int64_t network_devices = 0;
    std::int64_t medical_devices = 0;
    std::int64_t components = 0;
    std::int64_t exposures = 0;

    void add(const inventory::ObservedAsset& asset);
    SynthCounts& operator+=(const SynthCounts& other);
};

namespace detail {
struct Catalogue;
}

class SynthEstate {
public:
    // Builds the organisation tree and loads the compiled-in catalogue. Errors: kInvalidArgument
    // when orgs < 1, endpoints < orgs, orgs > 1,000,000 or as_of is not a date; kInternal when
    // the compiled-in catalogue is malformed (a build problem).
    [[nodiscard]] static Result<SynthEstate> create(const SynthOptions& options);

    SynthEstate(SynthEstate&&) noexcept;
    SynthEstate& operator=(SynthEstate&&) noexcept;
    ~SynthEstate();

    [[nodiscard]] const SynthOptions& options() const { return options_; }
    // Regions first, then ICBs, then the organisations holding assets: parents before children.
    [[nodiscard]] const std::vector<SynthOrganisation>& organisations() const {
        return organisations_;
    }
    // Assets of organisations()[org_index]; 0 for regions and ICBs.
    [[nodiscard]] std::int64_t asset_count(std::size_t org_index) const;

    // One asset, from (seed, org_index, asset_index) alone. Thread-safe. `asset` is overwritten
    // (its buffers reused). Precondition: org_index < organisations().size(), asset_index <
    // asset_count(org_index).
    void generate_asset(std::size_t org_index,
                        std::int64_t asset_index,
                        inventory::ObservedAsset& asset) const;

    // Every asset of one organisation in order, each passed to `sink`. Thread-safe: different
    // organisations may be generated at once on different threads.
    void generate(std::size_t org_index,
                  const std::function<void(inventory::ObservedAsset&&)>& sink) const;

private:
    SynthEstate() = default;

    SynthOptions options_;
    std::vector<SynthOrganisation> organisations_;
    std::int64_t as_of_days_ = 0;  // days since 1970-01-01
    std::unique_ptr<const detail::Catalogue> catalogue_;
};

}  // namespace wardround::synth

// SPDX-License-Identifier: Apache-2.0
// The synthetic estate's catalogue (data/synth/*.csv, compiled in), parsed once into tables the
// generator indexes by number: no string look-ups per asset.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <wardround/core/result.h>

#include "synth/random.h"

namespace wardround::synth::detail {

extern const char* const kOperatingSystemsCsv;
extern const char* const kPackagesCsv;
extern const char* const kSoftwareCsv;
extern const char* const kAppliancesCsv;
extern const char* const kMedicalDevicesCsv;

// Cumulative weights for a weighted pick among entries 0..n-1.
class WeightedTable {
public:
    void add(std::uint32_t weight) {
        total_ += weight;
        cumulative_.push_back(total_);
    }
    [[nodiscard]] std::size_t pick(Rng& rng) const {
        const std::uint32_t draw = rng.below(total_);
        std::size_t i = 0;
        while (cumulative_[i] <= draw) {
            ++i;
        }
        return i;
    }
    [[nodiscard]] std::size_t size() const { return cumulative_.size(); }
    [[nodiscard]] std::uint32_t total() const { return total_; }

private:
    std::vector<std::uint32_t> cumulative_;
    std::uint32_t total_ = 0;
};

enum class OsRole { kEndpoint, kWindowsServer, kLinuxServer, kEmbedded };
inline constexpr std::size_t kOsRoles = 4;

struct OsEntry {
    std::string name;
    std::string vendor;
    std::string family;
    std::string version;
    std::string build;  // Windows: the third part of the version; "" elsewhere
};

struct Service {
    std::uint16_t port = 0;
    std::string service;
    std::string product;
    std::string version;  // "" = the component's version
};

struct SoftwareVersion {
    std::string vendor;
    std::string product;
    std::string version;
    std::string type;
    std::string cpe;
    std::string purl;
};

// Machine roles that carry packages.
enum class PackageRole { kEndpoint, kWindowsServer, kLinuxServer };
inline constexpr std::size_t kPackageRoles = 3;

struct Package {
    std::string name;
    std::array<std::uint32_t, kPackageRoles> percent{};
    std::vector<Service> services;
    std::vector<SoftwareVersion> versions;
    WeightedTable weights;
};

struct Appliance {
    std::string manufacturer;
    std::string model;
    std::string os;
    std::string version;
    bool internet_facing = false;
    std::vector<Service> services;
    std::string cpe;
};

struct MedicalDevice {
    std::string manufacturer;
    std::string model;
    std::string version;
    std::vector<std::string> departments;
    std::ptrdiff_t embedded_os = -1;  // index into Catalogue::os, or -1
    std::string supported_until;
};

// A Windows endpoint has between these many components (both included).
inline constexpr std::uint32_t kMinEndpointComponents = 60;
inline constexpr std::uint32_t kMaxEndpointComponents = 140;
// Each endpoint draws a target in [kTargetLow, kTargetHigh] and packages are kept with their
// catalogue share scaled to meet it.
inline constexpr std::uint32_t kTargetLow = 64;
inline constexpr std::uint32_t kTargetHigh = 116;

struct Catalogue {
    std::vector<OsEntry> os;
    std::array<std::vector<std::size_t>, kOsRoles> os_by_role;
    std::array<WeightedTable, kOsRoles> os_weights;

    std::vector<Package> packages;
    // Per role: the packages every machine has, and the others with their share.
    std::array<std::vector<std::size_t>, kPackageRoles> mandatory;
    std::array<std::vector<std::size_t>, kPackageRoles> optional;
    // Endpoints: for each target count (kTargetLow..kTargetHigh), the chance (out of 2^32) of each
    // optional endpoint package, so that the expected count meets the target.
    std::vector<std::vector<std::uint32_t>> endpoint_thresholds;

    std::vector<Appliance> appliances;
    WeightedTable appliance_weights;
    std::vector<MedicalDevice> medical_devices;
    WeightedTable medical_weights;
};

// Parses the compiled-in tables. Errors: kInternal naming the table and line of the first
// problem (a malformed catalogue is a build problem, not the user's).
[[nodiscard]] Result<Catalogue> load_catalogue();

}  // namespace wardround::synth::detail

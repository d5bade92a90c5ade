// SPDX-License-Identifier: Apache-2.0
// One asset as the rules see it: its record, services, components and reported posture facts
// (loaded by estate_loader), answering the facts and functions of asset_fact_catalogue().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <wardround/checks/condition.h>
#include <wardround/checks/eol.h>
#include <wardround/core/time.h>

namespace wardround::checks::detail {

struct ListeningService {
    std::int64_t port = 0;
    std::string protocol;
    std::string service;
    bool operator==(const ListeningService&) const = default;
};

struct InstalledComponent {
    std::string name;  // "vendor product version" as reported, for explanations
    std::string cpe_vendor;
    std::string cpe_product;
    std::string version;
    bool operator==(const InstalledComponent&) const = default;
};

struct AssetRecord {
    std::int64_t id = 0;
    std::string kind;
    std::string hostname;
    std::string os_name;
    std::string os_version;
    std::string os_build;
    std::string os_cpe;
    std::string manufacturer;
    std::string model;
    std::string site;
    std::string department;
    std::string criticality;
    std::optional<bool> internet_facing;
    std::optional<bool> network_connected;
    std::string supported_until;  // YYYY-MM-DD or ""
    std::string last_seen;        // canonical timestamp
    bool stale = false;
    // Whether any source reports listening services for it (nmap, osquery): without one, a port
    // that is not listed is unknown, not closed.
    bool services_known = false;
    std::vector<ListeningService> services;
    std::vector<InstalledComponent> components;
    std::vector<std::pair<std::string, std::string>> facts;  // (name, value), every source
    // Other assets of the organisation in the same network segment that are general endpoints
    // or servers; nullopt when the asset's segment is not known.
    std::optional<std::int64_t> segment_neighbours;
    // A software bill of materials (CycloneDX, SPDX) was imported for it.
    bool sbom_provided = false;
    // The MDS2 form of its manufacturer and model, when the organisation imported one: answers by
    // question id ("AUTH-1" -> "yes"), and the form's document id or file for explanations.
    std::optional<std::string> mds2_form;
    std::vector<std::pair<std::string, std::string>> mds2_answers;
    // Open findings of KEV-listed vulnerabilities past their due date, at the last scan.
    std::int64_t kev_overdue = 0;
    bool operator==(const AssetRecord&) const = default;
};

// The key a manufacturer or model name is compared by: lower case, letters and digits, one space
// between words ("Philips Healthcare" and "PHILIPS  healthcare" agree).
[[nodiscard]] std::string name_key(std::string_view text);

// The operating system family rules' `applies_to.os` names: "windows", "linux", "macos",
// "other"; "" when the record has no operating system.
[[nodiscard]] std::string os_family(const AssetRecord& asset);

// The end-of-life catalogue's answers over one estate, each distinct operating system and
// component decided once: an organisation's assets repeat the same few releases and components
// thousands of times, and an answer depends on nothing but the catalogue and the arguments. For
// one thread; its matches point into the catalogue, which must outlive it.
class ReleaseCache {
public:
    explicit ReleaseCache(const EolCatalogue& catalogue) : catalogue_(catalogue) {}

    [[nodiscard]] const EolCatalogue& catalogue() const { return catalogue_; }

    // EolCatalogue::find_os and find_product, remembered by their arguments. The reference stays
    // valid as long as the cache.
    [[nodiscard]] const std::optional<EolMatch>& find_os(std::string_view name,
                                                         std::string_view version,
                                                         std::string_view build,
                                                         std::string_view cpe);
    [[nodiscard]] const std::optional<EolMatch>& find_product(std::string_view cpe_vendor,
                                                              std::string_view cpe_product,
                                                              std::string_view version);

private:
    // The arguments as one key, each preceded by its length so that no two lists of arguments
    // share a key; built in one buffer kept between calls, so that a hit allocates nothing.
    const std::string& key_of(std::initializer_list<std::string_view> arguments);

    const EolCatalogue& catalogue_;
    std::string key_;
    std::unordered_map<std::string, std::optional<EolMatch>> os_;
    std::unordered_map<std::string, std::optional<EolMatch>> products_;
};

class AssetFacts : public FactSource {
public:
    // Asks the catalogue on every lookup.
    AssetFacts(const AssetRecord& asset, const EolCatalogue& catalogue, Date today);
    // Asks through `releases`, which the caller keeps for the whole estate.
    AssetFacts(const AssetRecord& asset, ReleaseCache& releases, Date today);

    [[nodiscard]] FactValue fact(std::string_view name) const override;
    [[nodiscard]] FactValue call(std::string_view function,
                                 std::span<const FactValue> arguments) const override;

    // The values of a posture fact from every source ("tag" facts for applies_to.tags).
    [[nodiscard]] std::vector<std::string> values(std::string_view name) const;
    // os_family of the asset, worked out once: every rule's applies_to asks for it.
    [[nodiscard]] const std::string& os_family() const { return os_family_; }

private:
    [[nodiscard]] FactValue record_fact(std::string_view name) const;
    [[nodiscard]] FactValue os_support_fact(std::string_view name) const;
    [[nodiscard]] FactValue device_support_fact(std::string_view name) const;
    [[nodiscard]] FactValue posture_fact(std::string_view name) const;
    [[nodiscard]] FactValue unsupported_software() const;
    [[nodiscard]] FactValue ms17_010() const;
    [[nodiscard]] FactValue listening(std::span<const FactValue> arguments) const;
    [[nodiscard]] FactValue service(std::span<const FactValue> arguments) const;
    [[nodiscard]] FactValue mds2(std::span<const FactValue> arguments) const;
    [[nodiscard]] FactValue device_fact(std::string_view name) const;

    [[nodiscard]] std::optional<EolMatch> find_os() const;
    // The catalogue's release of an installed component; nullptr when it has none.
    [[nodiscard]] const EolRelease* component_release(const InstalledComponent& component) const;

    const AssetRecord& asset_;
    const EolCatalogue& catalogue_;
    ReleaseCache* releases_ = nullptr;  // nullptr: no cache, the catalogue is asked directly
    Date today_;
    std::optional<EolMatch> os_release_;
    std::string os_family_;
};

}  // namespace wardround::checks::detail

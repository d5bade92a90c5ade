// SPDX-License-Identifier: Apache-2.0
// One asset as the rules see it: its record, services, components and reported posture facts
// (loaded by estate_loader), answering the facts and functions of asset_fact_catalogue().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
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
};

struct InstalledComponent {
    std::string name;  // "vendor product version" as reported, for explanations
    std::string cpe_vendor;
    std::string cpe_product;
    std::string version;
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
};

// The key a manufacturer or model name is compared by: lower case, letters and digits, one space
// between words ("Philips Healthcare" and "PHILIPS  healthcare" agree).
[[nodiscard]] std::string name_key(std::string_view text);

// The operating system family rules' `applies_to.os` names: "windows", "linux", "macos",
// "other"; "" when the record has no operating system.
[[nodiscard]] std::string os_family(const AssetRecord& asset);

class AssetFacts : public FactSource {
public:
    AssetFacts(const AssetRecord& asset, const EolCatalogue& catalogue, Date today);

    [[nodiscard]] FactValue fact(std::string_view name) const override;
    [[nodiscard]] FactValue call(std::string_view function,
                                 std::span<const FactValue> arguments) const override;

    // The values of a posture fact from every source ("tag" facts for applies_to.tags).
    [[nodiscard]] std::vector<std::string> values(std::string_view name) const;

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

    const AssetRecord& asset_;
    const EolCatalogue& catalogue_;
    Date today_;
    std::optional<EolMatch> os_release_;
};

}  // namespace wardround::checks::detail

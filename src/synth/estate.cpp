// SPDX-License-Identifier: Apache-2.0
// The organisation tree and the per-asset generator. Each asset starts from its own seed,
// derive_seed(derive_seed(seed, org), asset), and draws everything from that stream, so an asset
// never depends on any other and parts of the estate can be generated in parallel.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string_view>

#include <wardround/core/time.h>
#include <wardround/synth/synth.h>

#include "synth/catalogue.h"
#include "synth/random.h"

namespace wardround::synth {
namespace {

using detail::Catalogue;
using detail::OsRole;
using detail::PackageRole;
using detail::Rng;
using inventory::AssetKind;
using inventory::ObservedAsset;
using inventory::ObservedComponent;
using inventory::ObservedExposure;
using inventory::ObservedOs;

constexpr std::int64_t kOrgsPerIcb = 150;
constexpr std::int64_t kIcbsPerRegion = 6;
constexpr std::int64_t kMaxOrgs = 1'000'000;
constexpr std::uint64_t kTreeStream = 0x5EED0F0126ULL;  // separates the tree's draws from assets'
// Separates an asset's posture facts from its other draws: they come from a stream of their own,
// so adding them left every other field of every asset as it was for the same seed.
constexpr std::uint64_t kPostureStream = 0x9057C4ECULL;

// What kind of organisation holds the assets; decides its size and its mix of asset kinds.
enum class OrgProfile { kAcute, kCommunity, kAmbulance, kPractice };

struct ProfileFacts {
    std::string_view type;
    std::string_view sector;
    std::string_view name;
    double size;  // typical number of assets, before scaling to --endpoints
    // Percent of assets by kind: endpoints, servers, network devices, medical devices.
    std::array<std::uint32_t, 4> mix;
};

constexpr std::array<ProfileFacts, 4> kProfiles{{
    {"trust", "acute", "Synthetic Acute Hospitals NHS Trust", 5000.0, {80, 5, 2, 13}},
    {"trust", "community", "Synthetic Community Health NHS Trust", 1500.0, {88, 5, 2, 5}},
    {"ambulance-trust",
     "ambulance",
     "Synthetic Ambulance Service NHS Trust",
     1200.0,
     {90, 6, 3, 1}},
    {"gp-practice", "primary care", "Synthetic Medical Practice", 30.0, {92, 3, 3, 2}},
}};

constexpr std::array<std::string_view, 12> kEndpointDepartments{
    "ED",       "Wards", "Outpatients",     "Radiology", "Pathology", "Pharmacy",
    "Theatres", "ICU",   "Medical Records", "Finance",   "IT",        "Estates"};
constexpr std::array<std::string_view, 3> kSiteSuffixes{"Main Site", "North Site",
                                                        "Community Site"};

struct Hardware {
    std::string_view manufacturer;
    std::string_view model;
};
constexpr std::array<Hardware, 6> kEndpointHardware{{{"Dell Inc.", "OptiPlex 7090"},
                                                     {"Dell Inc.", "Latitude 5420"},
                                                     {"HP", "EliteDesk 800 G6"},
                                                     {"HP", "EliteBook 840 G8"},
                                                     {"LENOVO", "ThinkCentre M70q"},
                                                     {"LENOVO", "ThinkPad T14"}}};
constexpr std::array<Hardware, 3> kServerHardware{{{"Dell Inc.", "PowerEdge R740"},
                                                   {"HPE", "ProLiant DL380 Gen10"},
                                                   {"VMware, Inc.", "VMware7,1"}}};

std::string padded(std::string_view prefix, std::int64_t number, int width) {
    std::array<char, 32> digits{};
    const int length = std::snprintf(digits.data(), digits.size(), "%0*lld", width,
                                     static_cast<long long>(number));
    return std::string(prefix) + std::string(digits.data(), static_cast<std::size_t>(length));
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return text;
}

OrgProfile profile_of(const SynthOrganisation& org) {
    if (org.type == "gp-practice") {
        return OrgProfile::kPractice;
    }
    if (org.type == "ambulance-trust") {
        return OrgProfile::kAmbulance;
    }
    return org.sector == "acute" ? OrgProfile::kAcute : OrgProfile::kCommunity;
}

// Shares `total` out in proportion to `weights`, at least one each (total >= weights.size()):
// the floors first, then the remainder by largest fraction, ties to the lower index.
std::vector<std::int64_t> share_out(const std::vector<double>& weights, std::int64_t total) {
    const auto n = static_cast<std::int64_t>(weights.size());
    double sum = 0;
    for (const double w : weights) {
        sum += w;
    }
    const auto spare = static_cast<double>(total - n);
    std::vector<std::int64_t> counts(weights.size(), 1);
    std::vector<std::pair<double, std::size_t>> fractions;
    fractions.reserve(weights.size());
    std::int64_t given = n;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const double exact = spare * weights[i] / sum;
        const double whole = std::floor(exact);
        counts[i] += static_cast<std::int64_t>(whole);
        given += static_cast<std::int64_t>(whole);
        fractions.emplace_back(exact - whole, i);
    }
    std::stable_sort(fractions.begin(), fractions.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t k = 0; given < total; ++k, ++given) {
        ++counts[fractions[k % fractions.size()].second];
    }
    return counts;
}

std::vector<SynthOrganisation> build_tree(const SynthOptions& options) {
    const std::int64_t n = options.orgs;
    const std::int64_t trusts = n == 1 ? 1 : std::max<std::int64_t>(1, n * 3 / 100);
    const std::int64_t ambulance = n / 150;
    const std::int64_t icbs = (n + kOrgsPerIcb - 1) / kOrgsPerIcb;
    const std::int64_t regions = (icbs + kIcbsPerRegion - 1) / kIcbsPerRegion;

    std::vector<SynthOrganisation> tree;
    tree.reserve(static_cast<std::size_t>(regions + icbs + n));
    for (std::int64_t r = 0; r < regions; ++r) {
        tree.push_back({padded("SYR", r + 1, 2), "Synthetic Region " + std::to_string(r + 1),
                        "region", "region", "", "E92000001", 0, 0});
    }
    for (std::int64_t i = 0; i < icbs; ++i) {
        tree.push_back({padded("SYI", i + 1, 3),
                        "NHS Synthetic Integrated Care Board " + std::to_string(i + 1), "icb",
                        "icb", "", tree[static_cast<std::size_t>(i % regions)].code, 0, 0});
    }
    Rng rng(detail::derive_seed(options.seed, kTreeStream));
    std::vector<double> weights;
    weights.reserve(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) {
        OrgProfile profile = OrgProfile::kPractice;
        std::string code;
        if (i < trusts) {
            profile = (i % 10 < 7) ? OrgProfile::kAcute : OrgProfile::kCommunity;
            code = padded("SYT", i + 1, 4);
        } else if (i < trusts + ambulance) {
            profile = OrgProfile::kAmbulance;
            code = padded("SYT", i + 1, 4);
        } else {
            code = padded("SYP", i - trusts - ambulance + 1, 5);
        }
        const ProfileFacts& facts = kProfiles[static_cast<std::size_t>(profile)];
        const auto parent = static_cast<std::size_t>(regions + i % icbs);
        tree.push_back({code, std::string(facts.name) + " " + code.substr(3), "organisation",
                        std::string(facts.type), std::string(facts.sector), tree[parent].code, 0,
                        0});
        // A long-tailed size: most organisations near their typical size, a few several times it.
        const double u = static_cast<double>(rng.below(1'000'000)) / 1'000'000.0;
        weights.push_back(facts.size * (0.3 + 2.7 * u * u * u));
    }
    const std::vector<std::int64_t> counts = share_out(weights, options.endpoints);
    std::int64_t ordinal = 0;
    for (std::int64_t i = 0; i < n; ++i) {
        SynthOrganisation& org = tree[static_cast<std::size_t>(regions + icbs + i)];
        org.assets = counts[static_cast<std::size_t>(i)];
        org.first_asset = ordinal;
        ordinal += org.assets;
    }
    return tree;
}

// The generator for one asset: its stream, the catalogue and where to write.
class AssetBuilder {
public:
    AssetBuilder(const Catalogue& catalogue,
                 const SynthOrganisation& org,
                 std::int64_t asset_index,
                 std::int64_t as_of_days,
                 std::uint64_t seed,
                 ObservedAsset& asset)
        : catalogue_(catalogue),
          org_(org),
          index_(asset_index),
          as_of_days_(as_of_days),
          rng_(seed),
          posture_(detail::derive_seed(seed, kPostureStream)),
          asset_(asset) {}

    void build() {
        reset();
        const ProfileFacts& facts = kProfiles[static_cast<std::size_t>(profile_of(org_))];
        std::uint32_t draw = rng_.below(100);
        std::size_t kind = 0;
        while (kind < 3 && draw >= facts.mix[kind]) {
            draw -= facts.mix[kind];
            ++kind;
        }
        common();
        switch (kind) {
            case 0:
                endpoint();
                break;
            case 1:
                server();
                break;
            case 2:
                network_device();
                break;
            default:
                medical_device();
                break;
        }
        posture();
    }

private:
    void reset() {
        asset_.source_key.clear();
        asset_.location.clear();
        asset_.hostname.clear();
        asset_.fqdn.clear();
        asset_.ips.clear();
        asset_.macs.clear();
        asset_.mac_vendors.clear();
        asset_.serial.clear();
        asset_.os.clear();
        asset_.manufacturer.clear();
        asset_.model.clear();
        asset_.site.clear();
        asset_.department.clear();
        asset_.owner.clear();
        asset_.internet_facing.reset();
        asset_.criticality.clear();
        asset_.network_connected.reset();
        asset_.supported_until.clear();
        asset_.mds2.clear();
        asset_.first_seen.clear();
        asset_.last_seen.clear();
        asset_.exposures.clear();
        asset_.dependencies.clear();
        asset_.facts.clear();
        used_components_ = 0;
        laptop_ = false;
    }

    // Identity, place and time, common to every kind.
    void common() {
        const std::int64_t ordinal = org_.first_asset + index_;
        const auto address = static_cast<std::uint32_t>(ordinal % 0xFFFFFE) + 1;
        asset_.ips.push_back("10." + std::to_string((address >> 16U) & 0xFFU) + "." +
                             std::to_string((address >> 8U) & 0xFFU) + "." +
                             std::to_string(address & 0xFFU));
        // A locally administered unicast MAC from the stream (02:...): it names no real vendor.
        const std::uint64_t bits = rng_.next();
        std::array<char, 18> mac{};
        std::snprintf(mac.data(), mac.size(), "02:%02x:%02x:%02x:%02x:%02x",
                      static_cast<unsigned>((bits >> 32U) & 0xFFU),
                      static_cast<unsigned>((bits >> 24U) & 0xFFU),
                      static_cast<unsigned>((bits >> 16U) & 0xFFU),
                      static_cast<unsigned>((bits >> 8U) & 0xFFU),
                      static_cast<unsigned>(bits & 0xFFU));
        asset_.macs.emplace_back(mac.data(), 17);
        asset_.site =
            org_.type == "gp-practice"
                ? org_.name
                : org_.code + " " + std::string(kSiteSuffixes[rng_.below(kSiteSuffixes.size())]);
        const auto day = as_of_days_ - 1 - static_cast<std::int64_t>(rng_.below(30));
        const auto second = static_cast<std::int64_t>(rng_.below(86'400));
        asset_.last_seen = format_timestamp(Timestamp{(day * 86'400 + second) * 1000});
    }

    void name(std::string_view role) {
        asset_.source_key = padded(org_.code + "-", index_ + 1, 6);
        asset_.hostname =
            lower(org_.code) + "-" + std::string(role) + "-" + padded("", index_ + 1, 6);
        asset_.fqdn = asset_.hostname + "." + lower(org_.code) + ".synth.invalid";
        asset_.serial = padded("SYN", org_.first_asset + index_ + 1, 10);
    }

    void set_os(std::size_t index) {
        const detail::OsEntry& entry = catalogue_.os[index];
        ObservedOs os;
        os.name = entry.name;
        os.version = entry.version;
        os.build = entry.build;
        os.vendor = entry.vendor;
        os.family = entry.family;
        asset_.os.push_back(std::move(os));
    }

    std::size_t pick_os(OsRole role) {
        const auto r = static_cast<std::size_t>(role);
        return catalogue_.os_by_role[r][catalogue_.os_weights[r].pick(rng_)];
    }

    // The next component slot, reusing the strings of a previous asset where there are any.
    ObservedComponent& next_component() {
        if (used_components_ == asset_.components.size()) {
            asset_.components.emplace_back();
        }
        return asset_.components[used_components_++];
    }

    void add_package(std::size_t index) {
        const detail::Package& package = catalogue_.packages[index];
        const detail::SoftwareVersion& version =
            package.versions[package.weights.size() == 1 ? 0 : package.weights.pick(rng_)];
        ObservedComponent& component = next_component();
        component.type = version.type;
        component.vendor = version.vendor;
        component.product = version.product;
        component.version = version.version;
        component.cpe = version.cpe;
        component.purl = version.purl;
        component.ref.clear();
        component.parent_ref.clear();
        component.location.clear();
        for (const detail::Service& service : package.services) {
            add_exposure(service, version.version);
        }
    }

    void add_exposure(const detail::Service& service, const std::string& version) {
        ObservedExposure exposure;
        exposure.port = service.port;
        exposure.protocol = "tcp";
        exposure.state = "open";
        exposure.service = service.service;
        exposure.product = service.product;
        exposure.version = service.version.empty() ? version : service.version;
        asset_.exposures.push_back(std::move(exposure));
    }

    void finish_components() { asset_.components.resize(used_components_); }

    void endpoint() {
        asset_.kind = AssetKind::kEndpoint;
        // Desktops at even places in kEndpointHardware, laptops at odd ones.
        const std::uint32_t model = rng_.below(kEndpointHardware.size());
        const Hardware& hardware = kEndpointHardware[model];
        laptop_ = model % 2 == 1;
        name(laptop_ ? "lt" : "ws");
        asset_.manufacturer = hardware.manufacturer;
        asset_.model = hardware.model;
        asset_.department = kEndpointDepartments[rng_.below(kEndpointDepartments.size())];
        asset_.internet_facing = false;
        set_os(pick_os(OsRole::kEndpoint));

        const auto role = static_cast<std::size_t>(PackageRole::kEndpoint);
        const std::uint32_t target =
            detail::kTargetLow + rng_.below(detail::kTargetHigh - detail::kTargetLow + 1);
        const std::vector<std::uint32_t>& thresholds =
            catalogue_.endpoint_thresholds[target - detail::kTargetLow];
        for (const std::size_t index : catalogue_.mandatory[role]) {
            add_package(index);
        }
        const std::vector<std::size_t>& optional = catalogue_.optional[role];
        // Which optional packages this endpoint has, so the top-up below adds no package twice.
        std::vector<bool> chosen(optional.size(), false);
        for (std::size_t k = 0; k < optional.size(); ++k) {
            if (rng_.chance(thresholds[k])) {
                chosen[k] = true;
                add_package(optional[k]);
            }
        }
        // Top up to the minimum from a random starting point, so no endpoint falls short.
        std::size_t k = rng_.below(static_cast<std::uint32_t>(optional.size()));
        for (std::size_t tried = 0;
             used_components_ < detail::kMinEndpointComponents && tried < optional.size();
             ++tried, k = (k + 1) % optional.size()) {
            if (!chosen[k]) {
                chosen[k] = true;
                add_package(optional[k]);
            }
        }
        finish_components();
    }

    void packages_for(PackageRole role) {
        const auto r = static_cast<std::size_t>(role);
        for (const std::size_t index : catalogue_.mandatory[r]) {
            add_package(index);
        }
        for (const std::size_t index : catalogue_.optional[r]) {
            if (rng_.percent(catalogue_.packages[index].percent[r])) {
                add_package(index);
            }
        }
        finish_components();
    }

    void server() {
        asset_.kind = AssetKind::kServer;
        name("srv");
        const Hardware& hardware = kServerHardware[rng_.below(kServerHardware.size())];
        asset_.manufacturer = hardware.manufacturer;
        asset_.model = hardware.model;
        asset_.department = "IT";
        asset_.criticality = rng_.percent(30) ? "high" : "medium";
        asset_.internet_facing = rng_.percent(4);
        if (rng_.percent(70)) {
            set_os(pick_os(OsRole::kWindowsServer));
            static const detail::Service kSmb{445, "microsoft-ds", "", ""};
            static const detail::Service kRdp{3389, "ms-wbt-server", "Microsoft Terminal Services",
                                              ""};
            add_exposure(kSmb, "");
            add_exposure(kRdp, "");
            packages_for(PackageRole::kWindowsServer);
        } else {
            set_os(pick_os(OsRole::kLinuxServer));
            packages_for(PackageRole::kLinuxServer);
        }
        std::sort(asset_.exposures.begin(), asset_.exposures.end(),
                  [](const auto& a, const auto& b) { return a.port < b.port; });
        // One service per port: the first package to open it keeps it.
        asset_.exposures.erase(
            std::unique(asset_.exposures.begin(), asset_.exposures.end(),
                        [](const auto& a, const auto& b) { return a.port == b.port; }),
            asset_.exposures.end());
    }

    void network_device() {
        asset_.kind = AssetKind::kNetworkDevice;
        const detail::Appliance& appliance =
            catalogue_.appliances[catalogue_.appliance_weights.pick(rng_)];
        name("net");
        asset_.manufacturer = appliance.manufacturer;
        asset_.model = appliance.model;
        asset_.department = "IT";
        asset_.criticality = "high";
        asset_.internet_facing = appliance.internet_facing;
        ObservedOs os;
        os.name = appliance.os;
        os.version = appliance.version;
        os.vendor = appliance.manufacturer;
        asset_.os.push_back(std::move(os));
        ObservedComponent& component = next_component();
        component = ObservedComponent{};
        component.type = "firmware";
        component.vendor = appliance.manufacturer;
        component.product = appliance.os;
        component.version = appliance.version;
        component.cpe = appliance.cpe;
        finish_components();
        for (const detail::Service& service : appliance.services) {
            add_exposure(service, "");
        }
    }

    void medical_device() {
        asset_.kind = AssetKind::kMedicalDevice;
        const detail::MedicalDevice& device =
            catalogue_.medical_devices[catalogue_.medical_weights.pick(rng_)];
        asset_.serial = padded("MD", org_.first_asset + index_ + 1, 10);
        asset_.source_key = asset_.serial;
        asset_.manufacturer = device.manufacturer;
        asset_.model = device.model;
        asset_.department = device.departments[rng_.below(device.departments.size())];
        asset_.supported_until = device.supported_until;
        asset_.mds2 = rng_.percent(60) ? "yes" : "no";
        asset_.network_connected = device.embedded_os >= 0 || rng_.percent(85);
        if (*asset_.network_connected) {
            asset_.hostname = lower(org_.code) + "-med-" + padded("", index_ + 1, 6);
        } else {
            asset_.ips.clear();
            asset_.macs.clear();
        }
        if (device.embedded_os >= 0) {
            set_os(static_cast<std::size_t>(device.embedded_os));
        }
        ObservedComponent& component = next_component();
        component = ObservedComponent{};
        component.type = "firmware";
        component.vendor = device.manufacturer;
        component.product = device.model;
        component.version = device.version;
        finish_components();
    }

    // ---- Posture facts (docs/asset-facts.md), from their own stream ----------------------------
    //
    // What a CMDB or management agent export (and, for medical devices, the register) says of
    // protection, encryption, SMBv1, the March 2017 SMB updates, default passwords and the network
    // segment. The shares are invented but shaped like an NHS estate:
    // a few percent of endpoints unprotected or with stale signatures, desktops less often
    // encrypted than laptops, SMBv1 still on much legacy Windows, medical devices on their own VLAN
    // except some left on the clinical desktop VLAN, and a share of assets no agent reports on.

    // True with probability per_mille / 1000.
    bool per_mille(std::uint32_t per_mille) { return posture_.below(1000) < per_mille; }

    void fact(std::string_view name, std::string value) {
        inventory::add_fact(asset_, name, std::move(value), "");
    }

    // The site's VLAN in the one spelling the importers give segments (canonical_segment), so the
    // estate in memory is what its files import as.
    [[nodiscard]] std::string segment(std::string_view vlan) const {
        const std::string text = asset_.site + " " + std::string(vlan);
        return inventory::canonical_segment(text).value_or(text);
    }

    [[nodiscard]] std::string_view os_name() const {
        return asset_.os.empty() ? std::string_view() : std::string_view(asset_.os.front().name);
    }
    [[nodiscard]] bool os_named(std::string_view part) const {
        return os_name().find(part) != std::string_view::npos;
    }
    // Windows releases past their support that the estate still has.
    [[nodiscard]] bool legacy_windows() const {
        return os_named("Windows XP") || os_named("Windows 7") || os_named("Server 2008");
    }

    // endpoint_protection (active, inactive or none, per mille), its product and signatures.
    void protection(std::uint32_t inactive, std::uint32_t none, std::uint32_t stale) {
        const std::uint32_t draw = posture_.below(1000);
        if (draw < none) {
            fact(inventory::kFactEndpointProtection, "none");
            return;
        }
        constexpr std::array<std::string_view, 3> kProducts{
            "Microsoft Defender Antivirus", "Sophos Intercept X", "Trellix Endpoint Security"};
        const std::uint32_t product = posture_.below(100);
        fact(inventory::kFactEndpointProtectionProduct, std::string(kProducts[product < 65   ? 0
                                                                              : product < 90 ? 1
                                                                                             : 2]));
        if (draw < none + inactive) {
            fact(inventory::kFactEndpointProtection, "inactive");
            return;
        }
        fact(inventory::kFactEndpointProtection, "active");
        fact(inventory::kFactEndpointProtectionUpdated, per_mille(stale) ? "no" : "yes");
    }

    // disk_encryption: on, partial or off, per mille.
    void encryption(std::uint32_t on, std::uint32_t partial) {
        const std::uint32_t draw = posture_.below(1000);
        fact(inventory::kFactDiskEncryption, draw < on             ? "on"
                                             : draw < on + partial ? "partial"
                                                                   : "off");
    }

    // The March 2017 update that fixed MS17-010 on this release (Microsoft bulletin MS17-010:
    // the security-only update or the monthly rollup), on `per_mille` of the machines.
    void ms17_010_update(std::uint32_t per_mille_installed) {
        std::array<std::string_view, 2> updates{};
        if (os_named("Windows XP")) {
            updates = {"KB4012598", "KB4012598"};
        } else if (os_named("Windows 7") || os_named("Server 2008 R2")) {
            updates = {"KB4012212", "KB4012215"};
        } else if (os_named("Server 2012 R2")) {
            updates = {"KB4012213", "KB4012216"};
        } else {
            return;
        }
        if (per_mille(per_mille_installed)) {
            fact(inventory::kFactHotfix, std::string(updates[posture_.below(2)]));
        }
    }

    void posture() {
        switch (asset_.kind) {
            case AssetKind::kEndpoint:
                endpoint_posture();
                break;
            case AssetKind::kServer:
                server_posture();
                break;
            case AssetKind::kNetworkDevice:
                fact(inventory::kFactNetworkSegment, segment("VLAN 10 Management"));
                fact(inventory::kFactDefaultCredentials, per_mille(30) ? "yes" : "no");
                break;
            case AssetKind::kMedicalDevice:
                medical_posture();
                break;
            default:
                break;
        }
    }

    void endpoint_posture() {
        if (per_mille(60)) {
            return;  // no agent reports on it: every posture rule is not evaluable
        }
        const bool legacy = legacy_windows();
        if (legacy) {
            protection(50, 100, 300);
            encryption(200, 0);
            fact(inventory::kFactSmb1, per_mille(650) ? "enabled" : "disabled");
            ms17_010_update(750);
            fact(inventory::kFactLocalAdminUse, per_mille(250) ? "yes" : "no");
        } else {
            protection(15, 25, 50);
            if (laptop_) {
                encryption(920, 30);
            } else {
                encryption(700, 40);
            }
            fact(inventory::kFactSmb1, per_mille(30) ? "enabled" : "disabled");
            fact(inventory::kFactLocalAdminUse, per_mille(70) ? "yes" : "no");
        }
        constexpr std::array<std::string_view, 4> kCorporate{"Finance", "IT", "Estates",
                                                             "Medical Records"};
        const bool corporate =
            std::find(kCorporate.begin(), kCorporate.end(), asset_.department) != kCorporate.end();
        fact(inventory::kFactNetworkSegment,
             segment(corporate ? "VLAN 120 Corporate Desktops" : "VLAN 110 Clinical Desktops"));
    }

    void server_posture() {
        if (per_mille(30)) {
            return;
        }
        if (asset_.os.front().family == "Windows") {
            protection(10, 20, 40);
            encryption(350, 0);
            const std::uint32_t smb1 = os_named("Server 2008") ? 450
                                       : os_named("2012 R2")   ? 150
                                                               : 20;
            fact(inventory::kFactSmb1, per_mille(smb1) ? "enabled" : "disabled");
            ms17_010_update(850);
        } else {
            protection(0, 450, 50);
            encryption(250, 0);
        }
        fact(inventory::kFactNetworkSegment,
             asset_.internet_facing.value_or(false) ? segment("DMZ") : segment("VLAN 200 Servers"));
    }

    void medical_posture() {
        if (!asset_.network_connected.value_or(false)) {
            return;
        }
        const std::uint32_t draw = posture_.below(100);
        if (draw < 70) {
            fact(inventory::kFactNetworkSegment, segment("VLAN 300 Medical Devices"));
        } else if (draw < 90) {
            // Left on the clinical desktop VLAN: what WR-SEG-001 looks for.
            fact(inventory::kFactNetworkSegment, segment("VLAN 110 Clinical Desktops"));
        }
        // The register records default passwords for most devices; some are still set.
        const std::uint32_t credentials = posture_.below(100);
        if (credentials < 75) {
            fact(inventory::kFactDefaultCredentials, credentials < 15 ? "yes" : "no");
        }
        if (!asset_.os.empty()) {
            // Embedded Windows: manufacturers often allow no antivirus, and old builds keep SMBv1.
            fact(inventory::kFactEndpointProtection, per_mille(300) ? "active" : "none");
            fact(inventory::kFactSmb1, per_mille(700) ? "enabled" : "disabled");
        }
    }

    const Catalogue& catalogue_;
    const SynthOrganisation& org_;
    std::int64_t index_;
    std::int64_t as_of_days_;
    Rng rng_;
    Rng posture_;
    ObservedAsset& asset_;
    std::size_t used_components_ = 0;
    bool laptop_ = false;
};

}  // namespace

void SynthCounts::add(const inventory::ObservedAsset& asset) {
    ++assets;
    switch (asset.kind) {
        case AssetKind::kEndpoint:
            ++endpoints;
            break;
        case AssetKind::kServer:
            ++servers;
            break;
        case AssetKind::kNetworkDevice:
            ++network_devices;
            break;
        case AssetKind::kMedicalDevice:
            ++medical_devices;
            break;
        default:
            break;
    }
    components += static_cast<std::int64_t>(asset.components.size());
    exposures += static_cast<std::int64_t>(asset.exposures.size());
}

SynthCounts& SynthCounts::operator+=(const SynthCounts& other) {
    assets += other.assets;
    endpoints += other.endpoints;
    servers += other.servers;
    network_devices += other.network_devices;
    medical_devices += other.medical_devices;
    components += other.components;
    exposures += other.exposures;
    return *this;
}

Result<SynthEstate> SynthEstate::create(const SynthOptions& options) {
    if (options.orgs < 1 || options.orgs > kMaxOrgs) {
        return make_error(ErrorCode::kInvalidArgument,
                          "--orgs must be between 1 and " + std::to_string(kMaxOrgs));
    }
    if (options.endpoints < options.orgs) {
        return make_error(ErrorCode::kInvalidArgument,
                          "--endpoints must be at least --orgs (every organisation has an asset)");
    }
    auto as_of = parse_date(options.as_of);
    if (!as_of) {
        return make_error(ErrorCode::kInvalidArgument,
                          "the estate's date '" + options.as_of + "' is not YYYY-MM-DD");
    }
    auto catalogue = detail::load_catalogue();
    if (!catalogue) {
        return propagate(catalogue.error());
    }
    SynthEstate estate;
    estate.options_ = options;
    estate.as_of_days_ = as_of->days_since_epoch;
    estate.organisations_ = build_tree(options);
    estate.catalogue_ = std::make_unique<const Catalogue>(std::move(*catalogue));
    return estate;
}

SynthEstate::SynthEstate(SynthEstate&&) noexcept = default;
SynthEstate& SynthEstate::operator=(SynthEstate&&) noexcept = default;
SynthEstate::~SynthEstate() = default;

std::int64_t SynthEstate::asset_count(std::size_t org_index) const {
    return org_index < organisations_.size() ? organisations_[org_index].assets : 0;
}

void SynthEstate::generate_asset(std::size_t org_index,
                                 std::int64_t asset_index,
                                 inventory::ObservedAsset& asset) const {
    const std::uint64_t org_seed = detail::derive_seed(options_.seed, org_index);
    AssetBuilder builder(*catalogue_, organisations_[org_index], asset_index, as_of_days_,
                         detail::derive_seed(org_seed, static_cast<std::uint64_t>(asset_index)),
                         asset);
    builder.build();
}

void SynthEstate::generate(std::size_t org_index,
                           const std::function<void(inventory::ObservedAsset&&)>& sink) const {
    inventory::ObservedAsset asset;
    const std::int64_t count = asset_count(org_index);
    for (std::int64_t i = 0; i < count; ++i) {
        generate_asset(org_index, i, asset);
        sink(std::move(asset));
    }
}

}  // namespace wardround::synth

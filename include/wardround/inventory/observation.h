// SPDX-License-Identifier: Apache-2.0
// What one inventory source says about the estate, before it is merged: every importer (CSV,
// Defender, CycloneDX, SPDX, nmap, osquery, the medical device register) turns its file into
// ObservedAssets in this one shape, and the inventory store merges them into one record per real
// device. Nothing here touches a database.
//
// Field values are kept as the source spelled them except where a canonical form is documented
// (MACs, times, CPEs): identity resolution and merging work on the raw text and record how they
// interpreted it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/result.h>

namespace wardround::inventory {

enum class AssetKind {
    kUnknown,
    kEndpoint,       // a workstation or laptop
    kServer,         //
    kNetworkDevice,  // switch, router, firewall, printer server, wireless controller
    kMedicalDevice,  // anything on the medical device register
    kIot,            // building management, cameras, badge readers
    kVirtual,        // a virtual machine or container host known as such
};

// "endpoint", "server", "network-device", "medical-device", "iot", "virtual", "unknown".
[[nodiscard]] std::string_view asset_kind_name(AssetKind kind);
// Parses the names above and common spellings ("workstation", "laptop", "desktop" -> endpoint;
// "network", "router", "switch", "firewall" -> network device; "medical", "medical device" ->
// medical device; "vm" -> virtual), case-insensitive. nullopt when unrecognised.
[[nodiscard]] std::optional<AssetKind> parse_asset_kind(std::string_view text);

// A piece of software, firmware, an operating system or a library on an asset.
struct ObservedComponent {
    // "application", "operating-system", "firmware", "library", "device", "framework", "container",
    // "file", as the source calls it (CycloneDX's types; other sources map to these). "" unknown.
    std::string type;
    std::string vendor;  // publisher, manufacturer, supplier, namespace: as the source says
    std::string product;
    std::string version;
    std::string cpe;   // CPE 2.3 formatted string when the source gave one (2.2 URIs converted)
    std::string purl;  // package URL when the source gave one, as given
    // The source's own id of the component (CycloneDX bom-ref, SPDX SPDXID) and of the component it
    // is nested in, so dependencies and nesting survive; "" when the source has none.
    std::string ref;
    std::string parent_ref;
    std::string location;  // where in the file: "line 12", "$.components[3].components[0]"

    bool operator==(const ObservedComponent&) const = default;
};

// A listening network service on an asset (nmap's open ports, osquery's listening_ports).
struct ObservedExposure {
    std::uint16_t port = 0;
    std::string protocol;           // "tcp", "udp", "sctp"
    std::string state;              // "open", "open|filtered", "listening"
    std::string service;            // "http", "ssh"
    std::string product;            // "OpenSSH"
    std::string version;            // "7.4"
    std::string extra;              // nmap's extrainfo ("protocol 2.0")
    std::vector<std::string> cpes;  // CPE 2.3 formatted strings (nmap's 2.2 URIs converted)
    std::string address;            // the address it listens on, when known ("0.0.0.0", "::")

    bool operator==(const ObservedExposure&) const = default;
};

// An operating system guess or report. nmap gives several guesses with an accuracy; other sources
// give one with accuracy 100.
struct ObservedOs {
    std::string name;               // "Microsoft Windows 10", "Linux 2.6.32 - 3.10", "Ubuntu"
    std::string version;            // "10.0.19045", "22.04"
    std::string build;              // "19045" (Windows), "" elsewhere
    std::string vendor;             // "Microsoft"
    std::string family;             // "Windows", "Linux"
    std::vector<std::string> cpes;  // CPE 2.3 formatted strings
    int accuracy = 100;             // 0..100

    bool operator==(const ObservedOs&) const = default;
};

// A dependency edge between two components of the same asset, by their `ref`s.
struct ObservedDependency {
    std::string from_ref;
    std::string to_ref;

    bool operator==(const ObservedDependency&) const = default;
};

// A fact about an asset's security posture, as one source reports it (docs/asset-facts.md lists
// the names, their canonical values and which source gives each from which field). Importers only
// emit canonical values: a source value they do not recognise is a diagnostic (inventory.bad_fact)
// and the fact is left out, never guessed. A name may have several values (one `hotfix` fact per
// installed update; one `endpoint_protection_product` per product).
struct ObservedFact {
    std::string name;      // "endpoint_protection", "hotfix", ... (the kFact* names below)
    std::string value;     // canonical: "active", "KB4012212", ...; free text where documented
    std::string location;  // where in the file: "line 12", "$.value[3].defenderAvStatus"

    bool operator==(const ObservedFact&) const = default;
};

// Fact names. Values in brackets; free text where none are listed.
inline constexpr std::string_view kFactEndpointProtection =
    "endpoint_protection";  // active|inactive|none
inline constexpr std::string_view kFactEndpointProtectionProduct = "endpoint_protection_product";
inline constexpr std::string_view kFactEndpointProtectionUpdated =
    "endpoint_protection_updated";                                          // yes|no
inline constexpr std::string_view kFactDiskEncryption = "disk_encryption";  // on|off|partial
inline constexpr std::string_view kFactSmb1 = "smb1";                       // enabled|disabled
inline constexpr std::string_view kFactHotfix = "hotfix";                   // KB4012212
inline constexpr std::string_view kFactLocalAdminUse = "local_admin_use";   // yes|no
// VLAN name or CIDR, in canonical_segment's form: "vlan 120 clinical", "10.20.30.0/24".
inline constexpr std::string_view kFactNetworkSegment = "network_segment";
// Default, installer or service passwords are still set on the device.
inline constexpr std::string_view kFactDefaultCredentials = "default_credentials";  // yes|no
// A label an organisation gives the asset (Defender's machineTags), one fact per tag, trimmed and
// otherwise as written. The checks' applies_to.tags read this name and match it exactly, case
// included, so importers must not respell it.
inline constexpr std::string_view kFactTag = "tag";

// True when `value` is a canonical value of the fact `name`: one of the listed words; for the
// free-text facts (endpoint_protection_product, tag) non-empty UTF-8 of at most 4096 bytes with no
// surrounding spaces; for network_segment what canonical_segment makes of it. False for an
// unknown name.
[[nodiscard]] bool is_canonical_fact(std::string_view name, std::string_view value);

// A network segment as one text however people typed it: surrounding spaces trimmed, each run of
// spaces, tabs or line breaks inside made one space, ASCII letters in lower case
// (" ICU-VLAN " and "icu-vlan" -> "icu-vlan"; "VLAN  120\tClinical" -> "vlan 120 clinical"). The
// checks group assets by this text, so two spellings of one segment must become one. nullopt for
// text that is blank, not UTF-8, or longer than 4096 bytes.
[[nodiscard]] std::optional<std::string> canonical_segment(std::string_view text);

// An installed update's id as "KB" and its digits (1 to 10), upper case: " kb4012212 " ->
// "KB4012212". nullopt for anything else: a bare number is not taken for a KB, since it could be
// anything.
[[nodiscard]] std::optional<std::string> canonical_hotfix(std::string_view text);

struct ObservedAsset {
    // The source's own id for the asset: Defender's machine id, an nmap host's address, a CSV's
    // asset_id, a CycloneDX serialNumber or metadata.component bom-ref. "" when it has none.
    std::string source_key;
    std::string location;  // where in the file the asset starts: "line 7", "$.value[3]", "host 2"

    AssetKind kind = AssetKind::kUnknown;
    std::string hostname;  // as reported; may be a short name or an FQDN
    std::string fqdn;
    std::vector<std::string> ips;   // textual IPv4/IPv6 as reported, validated
    std::vector<std::string> macs;  // canonical: lower-case, colon-separated ("00:1a:2b:3c:4d:5e")
    // Vendor of each MAC where the source names it (nmap's OUI lookup), parallel to `macs` when
    // present, else empty.
    std::vector<std::string> mac_vendors;
    std::string serial;

    std::vector<ObservedOs> os;  // best guess first
    std::string manufacturer;
    std::string model;

    std::string site;
    std::string department;
    std::string owner;
    std::optional<bool> internet_facing;
    std::string criticality;  // as given: "high", "3", "patient-critical"

    // Medical device register facts.
    std::optional<bool> network_connected;
    std::string supported_until;  // YYYY-MM-DD
    std::string mds2;             // MDS2 form reference or "yes"/"no" as kept by the register

    // When the source saw the asset (canonical UTC, core/time.h); "" when it does not say, and the
    // import's time is used.
    std::string first_seen;
    std::string last_seen;

    std::vector<ObservedComponent> components;
    std::vector<ObservedExposure> exposures;
    std::vector<ObservedDependency> dependencies;
    // Posture facts, each (name, value) once; add_fact keeps them so.
    std::vector<ObservedFact> facts;
};

// Appends the fact unless the asset already has that name with that value.
void add_fact(ObservedAsset& asset, std::string_view name, std::string value, std::string location);

// Facts about the file as a whole.
struct ObservedReport {
    std::string format;       // "csv", "defender-machines", ... (InventoryFormat names)
    std::string observed_at;  // when the report was made (nmap start, SBOM timestamp); "" unknown
    std::string tool;         // "nmap 7.91", "Microsoft.SBOMTool", "" unknown
    std::int64_t assets = 0;  // assets passed to the sink
    std::int64_t components = 0;
    std::int64_t exposures = 0;
    std::int64_t skipped = 0;  // assets left out on purpose (nmap hosts that are down)
};

// Receives assets one at a time, so a file of any size is imported with bounded memory. An error
// returned by the sink stops the parse and is passed back.
using AssetSink = std::function<Status(ObservedAsset&&)>;

// Canonical MAC: 12 hex digits in any of the usual spellings (colons, hyphens, Cisco dots, bare)
// become "aa:bb:cc:dd:ee:ff"; nullopt when it is not a MAC.
[[nodiscard]] std::optional<std::string> canonical_mac(std::string_view text);
// True for a textual IPv4 or IPv6 address.
[[nodiscard]] bool is_ip_address(std::string_view text);
// True for a loopback (127.0.0.0/8, ::1) or link-local (169.254.0.0/16, fe80::/10) address: these
// are on every machine and name none of them. An IPv6 zone index ("fe80::1%en0") is ignored. False
// for anything that is not an IP address.
[[nodiscard]] bool is_loopback_or_link_local(std::string_view address);

}  // namespace wardround::inventory

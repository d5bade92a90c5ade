// SPDX-License-Identifier: Apache-2.0
// Microsoft Defender for Endpoint exports, as a security team saves the API's JSON responses to
// files: the machine list and the per-device software inventory assessment. Each becomes
// ObservedAssets; neither talks to the API.
//
// Fields relied on, from Microsoft Learn (Defender for Endpoint API reference):
//
// "List machines API" (GET /api/machines) and "Machine resource type": the response is
//   {"@odata.context": ..., "value": [machine, ...], "@odata.nextLink": ...}; each machine has
//   id, computerDnsName, firstSeen, lastSeen, osPlatform ("Windows10", "Windows11",
//   "WindowsServer2019", "Linux", "macOS", ...), version ("22H2"), osBuild (nullable long),
//   osProcessor, osArchitecture ("64-bit"), lastIpAddress, lastExternalIpAddress, healthStatus
//   (Active, Inactive, ImpairedCommunication, NoSensorData, ...), rbacGroupName, rbacGroupId,
//   riskScore, exposureLevel, deviceValue (Normal, Low, High), aadDeviceId, machineTags, and
//   ipAddresses[] of {ipAddress, macAddress (bare hex, "8CEC4B897E73", or null), type
//   ("Ethernet", "SoftwareLoopback"), operationalStatus}. The response also carries
//   onboardingStatus and defenderAvStatus ("Updated", "NotUpdated", "Disabled", "NotSupported",
//   "Unknown"), which the resource page omits but Microsoft's "Update machine" example shows;
//   Graph's deviceEvidence documents the defenderAvStatus enum (notReporting, disabled, notUpdated,
//   updated, unknown, notSupported).
//
// "Export software inventory assessment per device", JSON response
//   (GET /api/machines/SoftwareInventoryByMachine): {"@odata.context", "value": [row, ...],
//   "@odata.nextLink"}, one row per unique (deviceId, softwareVendor, softwareName,
//   softwareVersion) with deviceId, deviceName (FQDN), rbacGroupName, osPlatform, softwareVendor
//   and softwareName (lower-case CPE-style tokens: "microsoft", ".net_framework"),
//   softwareVersion, numberOfWeaknesses, diskPaths[], registryPaths[],
//   softwareFirstSeenTimestamp ("2020-12-30 11:07:15"), endOfSupportStatus ("None",
//   "EOS Version", "Upcoming EOS Version", "EOS Software", "Upcoming EOS Software") and
//   endOfSupportDate (ISO date-time or null).
//
// Each page of a paginated response (@odata.nextLink) is saved and imported as its own file.
#pragma once

#include <wardround/core/diagnostic.h>
#include <wardround/core/input_file.h>
#include <wardround/core/result.h>
#include <wardround/inventory/observation.h>

namespace wardround::inventory {

// Parses a saved List machines response (the {"value": [...]} page, or a bare JSON array of
// machine objects) and passes one asset per machine to `sink`, in file order:
//   source_key = id; hostname and fqdn = computerDnsName (hostname is its first label when it is
//   an FQDN); first_seen/last_seen = firstSeen/lastSeen (canonical UTC);
//   os = {name "Windows 10" / "Windows Server 2019" / "Linux" / "macOS" ..., version = version,
//   build = osBuild, vendor "Microsoft" for Windows, family "Windows"/"Linux"/"macOS"...};
//   ips = lastIpAddress then ipAddresses[].ipAddress (duplicates, loopback and link-local left
//   out: they name no device on the network); macs = ipAddresses[].macAddress (canonical);
//   criticality = deviceValue as given; department = rbacGroupName (Defender's device groups are
//   how an organisation carves its estate for access, usually by site or service);
//   kind: WindowsServer* -> server, Windows 10/11, macOS, iOS, Android -> endpoint, else unknown;
//   facts from defenderAvStatus (any case): Updated -> endpoint_protection active and
//   endpoint_protection_updated yes; NotUpdated -> active and updated no; Disabled -> inactive;
//   each with endpoint_protection_product "Microsoft Defender Antivirus"; NotSupported, Unknown,
//   NotReporting -> no fact (they say nothing about protection); anything else ->
//   inventory.bad_fact. healthStatus is the EDR sensor's state, not the antivirus's, and gives
//   none. Each string of machineTags is a `tag` fact, trimmed and otherwise as written (rules'
//   applies_to.tags match it exactly); blank ones give none, and a machineTags that is not an
//   array, an element that is not a string or one over 4096 bytes is inventory.bad_value at
//   $.value[N].machineTags[I] (or at machineTags), and that tag is left out.
// lastExternalIpAddress is ignored: it is the NAT address the machine reached the internet
// through, shared by many machines, not an address of this one, and it does not make the machine
// internet-facing. internet_facing stays unset (the machine entity has no such property).
// healthStatus Inactive and the like are facts about the sensor, not deletions: the asset is
// emitted. The list response is streamed (memory bounded by one machine); a bare array is read
// whole, up to 256 MiB.
//
// Errors (where = "<file> $.value[3] (byte N)" or "<file> byte N"): kDataLoss for truncated
// input; kInvalidArgument for input that is not JSON, a root that is neither an object with a
// "value" array nor an array, an element that is not valid JSON, nesting or an element too large;
// the sink's own error. Row problems are diagnostics: inventory.missing_identity (a machine with
// no id, name or address is left out), inventory.bad_ip, inventory.bad_mac, inventory.bad_date,
// inventory.bad_value, inventory.bad_fact, defender.bad_machine (an element that is not an object,
// left out).
[[nodiscard]] Result<ObservedReport> parse_defender_machines(InputFile& file,
                                                             Diagnostics& diagnostics,
                                                             const AssetSink& sink);

// Parses a saved SoftwareInventoryByMachine response (or a bare array of its rows). Consecutive
// rows of the same deviceId become one asset (source_key = deviceId, hostname = deviceName) with
// one component per row: type "application", vendor = softwareVendor, product = softwareName,
// version = softwareVersion, all as given (Defender's tokens are already CPE-style and lower
// case). A later, non-consecutive run of the same deviceId is emitted again as another asset with
// the same source key: the inventory store unions assets that share a source key within one
// import, so memory stays bounded by one device's rows. The osPlatform of the first row gives the
// asset's kind. endOfSupportStatus and endOfSupportDate are not kept: ObservedComponent has no
// place for them yet.
//
// Errors: as parse_defender_machines. Row diagnostics: inventory.missing_identity (no deviceId
// and no deviceName), inventory.missing_product (no softwareName: the row is left out),
// inventory.missing_version (kept), inventory.bad_value, defender.bad_row (not an object).
[[nodiscard]] Result<ObservedReport> parse_defender_software(InputFile& file,
                                                             Diagnostics& diagnostics,
                                                             const AssetSink& sink);

}  // namespace wardround::inventory

// SPDX-License-Identifier: Apache-2.0
// osquery's results log (osqueryd.results.log / osqueryd.snapshots.log from the filesystem logger)
// replayed into one ObservedAsset per host: installed software, OS, hardware identity, addresses,
// listening ports and posture facts, from the scheduled queries of a small set of well-known
// tables.
//
// Formats relied on, from osquery's documentation (docs/wiki/deployment/logging.md, "Schedule
// results"): one JSON object per line, with name (the scheduled query, "pack" + delimiter + pack
// + delimiter + query when from a pack), hostIdentifier, calendarTime, unixTime, epoch, counter
// (strings or numbers, by version), numerics, decorations {host_uuid, hostname, ...} and either
//   "columns": {...}, "action": "added" | "removed"       (event format, one row per line)
//   "snapshot": [{...}, ...], "action": "snapshot"        (snapshot queries)
//   "diffResults": {"added": [...], "removed": [...]}     (batch format, --logger_event_type=false)
// Column values are strings, or numbers when osquery logs numerics. A counter of 0 marks a
// query's initial run (first run, or the epoch changed): its "added" rows are the whole result.
//
// Tables and columns used (osquery specs/*.table):
//   programs (Windows):     name, version, publisher
//   deb_packages:           name, version, revision, arch, maintainer
//   rpm_packages:           name, version, release, epoch, arch, vendor
//   os_version:             name, version, build, platform, major, minor
//   system_info:            hostname, computer_name, hardware_vendor, hardware_model,
//                           hardware_serial, uuid
//   listening_ports:        port, protocol (6 tcp, 17 udp), address, family
//   interface_addresses:    interface, address, mask
//   interface_details:      interface, mac
//   windows_security_products (Windows clients): type (Firewall, Antivirus, Antispyware), name,
//                           state (On, Off, Snoozed, Expired, Unknown), signatures_up_to_date (1/0)
//   bitlocker_info (Windows): device_id, drive_letter, conversion_status (0..5),
//                           protection_status (0 off, 1 on, 2 unknown)
//   disk_encryption (Linux, macOS): name, uuid, encrypted (1/0), type, filevault_status (macOS:
//                           on, off, unknown)
//   windows_optional_features: name, caption, state (1 Enabled, 2 Disabled, 3 Absent), statename
//   patches (Windows):      hotfix_id ("KB4012212")
#pragma once

#include <wardround/core/diagnostic.h>
#include <wardround/core/input_file.h>
#include <wardround/core/result.h>
#include <wardround/inventory/observation.h>

namespace wardround::inventory {

// Replays an osquery results log and passes one asset per hostIdentifier to `sink` at the end of
// the file, in order of first appearance. The table of each query is recognised from the end of
// its name ("programs", "pack_inventory_programs", "pack/inventory/deb_packages") or, failing
// that, from the columns of its rows; rows of other queries are skipped with one info diagnostic
// osquery.unknown_query per query name.
//
// Replay: per host and query, "added" rows are added and "removed" rows remove an equal earlier
// row, in file order; a snapshot replaces the query's rows; an added event with counter 0 that
// starts a new run (initial run after an epoch change) replaces them too. Memory is bounded by
// hosts x rows kept (only the used columns of recognised tables are held), not by the file.
//
// Each asset: source_key = hostIdentifier; hostname = decorations.hostname, else system_info's
// hostname, else hostIdentifier unless it is a UUID; serial, manufacturer, model from
// system_info; os and an "operating-system" component from os_version; components (type
// "application") from programs, deb_packages (purl pkg:deb/<distro>/name@version?arch= when
// os_version names the distribution) and rpm_packages (pkg:rpm/...); ips from
// interface_addresses (loopback and link-local left out); macs from interface_details (all-zero
// left out); exposures from listening_ports (loopback binds left out: nothing off the host can
// reach them); last_seen from the newest unixTime among the host's events. Posture facts
// (docs/asset-facts.md): endpoint_protection from the Antivirus rows of windows_security_products
// (active when one is On, with endpoint_protection_updated yes only when every running one has
// signatures_up_to_date 1; else inactive when one is Off, Snoozed or Expired; none when the query
// answered with no antivirus on a Windows client, since servers have no Security Center) and an
// endpoint_protection_product per product behind that state; disk_encryption from bitlocker_info
// and disk_encryption (on when every volume is protected, off when none is, partial otherwise or
// while one converts; BitLocker volumes without a drive letter left out when others have one);
// smb1 from the SMB1Protocol row of windows_optional_features (Absent counts as disabled); one
// hotfix per patches row. Only the SMB1Protocol row of windows_optional_features is held.
//
// Errors (where = "<file> line N"): kInvalidArgument when a complete line is not a JSON object
// (the log is machine-written, so a broken line means a broken file), when it has no name or
// hostIdentifier, or has neither columns, snapshot nor diffResults of the right type, or is
// longer than 64 MiB; kDataLoss/kUnavailable from the file; the sink's own error. The last line
// is different: a final line without its newline that does not parse is what a copy of a live
// log looks like, so it is dropped with the warning osquery.truncated_line and the rest imports.
// Row diagnostics: osquery.unknown_query (info), osquery.bad_port, osquery.bad_action,
// inventory.bad_ip, inventory.bad_mac, inventory.missing_product, inventory.missing_version,
// inventory.bad_value, inventory.missing_identity, inventory.bad_fact (a posture value osquery does
// not write: that fact, volume or product is left out).
[[nodiscard]] Result<ObservedReport> parse_osquery_results(InputFile& file,
                                                           Diagnostics& diagnostics,
                                                           const AssetSink& sink);

}  // namespace wardround::inventory

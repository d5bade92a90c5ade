// SPDX-License-Identifier: Apache-2.0
// nmap XML (-oX). The shape, as nmap 5.x to 7.9x writes it:
//
//   <nmaprun scanner="nmap" args="..." start="1607282135" version="7.91" ...>
//     <scaninfo/> <verbose/> <debugging/> <taskbegin/>... <hosthint>...
//     <host starttime="..." endtime="...">
//       <status state="up|down|unknown|skipped" reason="..."/>
//       <address addr="192.0.2.10" addrtype="ipv4|ipv6|mac" vendor="(OUI owner, for a MAC)"/>
//       <hostnames><hostname name="..." type="user|PTR"/></hostnames>
//       <ports><extraports state="closed" count="994"/>
//         <port protocol="tcp" portid="22"><state state="open"/>
//           <service name="ssh" product="OpenSSH" version="7.4" extrainfo="protocol 2.0">
//             <cpe>cpe:/a:openbsd:openssh:7.4</cpe></service><script/></port></ports>
//       <os><portused/>
//         nmap >= 6: <osmatch name accuracy><osclass type vendor osfamily osgen accuracy>
//                      <cpe>cpe:/o:...</cpe></osclass></osmatch>
//         nmap 5.x:  <osclass .../> ... <osmatch name accuracy/> ... (siblings, not nested)
//       </os> <uptime/> <distance/> <times/>
//     </host>
//     <runstats><finished time="..." exit="success|error" errormsg="..."/>
//       <hosts up="4" down="252" total="256"/></runstats>
//   </nmaprun>
//
// The root is read by XmlChildScanner, and each <host> (and <runstats>) is parsed alone by pugixml,
// so memory is bounded by the largest host rather than the scan.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <pugixml.hpp>

#include <wardround/core/text.h>
#include <wardround/core/time.h>
#include <wardround/inventory/nmap.h>
#include <wardround/vuln/cpe.h>

#include "inventory/nmap/xml_child_scanner.h"

namespace wardround::inventory {
namespace {

// Longer field values are cut (with a warning): no real banner, name or product comes close.
constexpr std::size_t kMaxFieldBytes = 1024;
// Unix seconds up to 9999-12-31.
constexpr std::int64_t kMaxUnixSeconds = 253402300799;

// nmap's device types (the osclass "type" attribute, nmap-os-db "Class" lines) and the asset kind
// each implies. nmap cannot tell a server from a workstation, so "general purpose" says nothing.
struct DeviceType {
    std::string_view type;
    AssetKind kind;
};
constexpr DeviceType kDeviceTypes[] = {
    {"general purpose", AssetKind::kUnknown},
    // Network infrastructure, and a print server (observation.h counts it there).
    {"router", AssetKind::kNetworkDevice},
    {"broadband router", AssetKind::kNetworkDevice},
    {"switch", AssetKind::kNetworkDevice},
    {"firewall", AssetKind::kNetworkDevice},
    {"WAP", AssetKind::kNetworkDevice},
    {"load balancer", AssetKind::kNetworkDevice},
    {"bridge", AssetKind::kNetworkDevice},
    {"hub", AssetKind::kNetworkDevice},
    {"proxy server", AssetKind::kNetworkDevice},
    {"terminal server", AssetKind::kNetworkDevice},
    {"print server", AssetKind::kNetworkDevice},
    {"security-misc", AssetKind::kNetworkDevice},  // IDS/IPS, VPN and other security appliances
    {"telecom-misc", AssetKind::kNetworkDevice},   // DSLAMs, telecom switching gear
    // Embedded and special-purpose devices.
    {"printer", AssetKind::kIot},
    {"specialized", AssetKind::kIot},
    {"media device", AssetKind::kIot},
    {"webcam", AssetKind::kIot},
    {"power-device", AssetKind::kIot},
    {"PBX", AssetKind::kIot},
    {"VoIP phone", AssetKind::kIot},
    {"VoIP adapter", AssetKind::kIot},
    {"game console", AssetKind::kIot},
    {"remote management", AssetKind::kIot},  // lights-out boards, KVM and power controllers
    // A person's own device.
    {"phone", AssetKind::kEndpoint},
    {"PDA", AssetKind::kEndpoint},
    {"terminal", AssetKind::kEndpoint},
    // Network storage appliances.
    {"storage-misc", AssetKind::kServer},
};

AssetKind kind_of_device_type(std::string_view type) {
    for (const DeviceType& entry : kDeviceTypes) {
        if (iequals(entry.type, trim(type))) {
            return entry.kind;
        }
    }
    return AssetKind::kUnknown;
}

std::string at_byte(std::uint64_t offset) {
    return "(byte " + std::to_string(offset) + ")";
}

// "1607282135" -> canonical UTC text; nullopt when it is not Unix seconds.
std::optional<std::string> unix_time(std::string_view text) {
    text = trim(text);
    std::int64_t seconds = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || seconds < 0 ||
        seconds > kMaxUnixSeconds) {
        return std::nullopt;
    }
    return format_timestamp(Timestamp{seconds * 1000});
}

std::optional<int> parse_int(std::string_view text) {
    text = trim(text);
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// A CPE as nmap writes it (a 2.2 URI; a 2.3 string is taken too) as a CPE 2.3 formatted string.
Result<std::string> cpe23_of(std::string_view text) {
    text = trim(text);
    auto cpe =
        starts_with_icase(text, "cpe:2.3:") ? vuln::parse_cpe23(text) : vuln::parse_cpe22_uri(text);
    if (!cpe) {
        return propagate(cpe.error());
    }
    return vuln::to_cpe23(*cpe);
}

struct ScanFacts {
    std::string source;      // file name, for diagnostics
    std::string started_at;  // canonical UTC; "" when unknown
};

struct OsGuess {
    ObservedOs os;
    std::string type;  // osclass type of the guess's best class; "" for a 5.x osmatch
};

// Turns one parsed <host> into an asset, or explains why not.
class HostReader {
public:
    HostReader(const ScanFacts& scan, Diagnostics& diagnostics, std::string location)
        : scan_(scan), diagnostics_(diagnostics), location_(std::move(location)) {}

    // nullopt when the host is not imported (the caller counts why, from `was_up()`).
    std::optional<ObservedAsset> read(pugi::xml_node host) {
        const pugi::xml_node status = host.child("status");
        if (!status) {
            warn("nmap.missing_status", location_,
                 "the host has no <status>; taken as up, since it is listed");
        } else if (std::string_view(status.attribute("state").value()) != "up") {
            return std::nullopt;
        }
        was_up_ = true;
        ObservedAsset asset;
        asset.location = location_;
        read_addresses(host, asset);
        read_hostnames(host, asset);
        if (asset.hostname.empty() && asset.ips.empty() && asset.macs.empty()) {
            diagnostics_.add(Severity::kError, "inventory.missing_identity", scan_.source,
                             location_,
                             "the host has no usable address or name, so it cannot be told apart "
                             "from any other; left out");
            return std::nullopt;
        }
        read_times(host, asset);
        read_os(host.child("os"), asset);
        read_ports(host.child("ports"), asset);
        return asset;
    }

    [[nodiscard]] bool was_up() const { return was_up_; }

private:
    void warn(std::string code, const std::string& location, std::string message) {
        diagnostics_.add(Severity::kWarning, std::move(code), scan_.source, location,
                         std::move(message));
    }

    // An attribute's value for the model: valid UTF-8, at most kMaxFieldBytes.
    std::string text(pugi::xml_attribute attribute, const std::string& location) {
        const std::string_view value = trim(attribute.value());
        if (!is_valid_utf8(value)) {
            warn("inventory.bad_text", location,
                 std::string(attribute.name()) + " is not valid UTF-8; dropped");
            return {};
        }
        if (value.size() > kMaxFieldBytes) {
            warn("inventory.bad_value", location,
                 std::string(attribute.name()) + " is " + std::to_string(value.size()) +
                     " bytes long; cut after " + std::to_string(kMaxFieldBytes));
            return truncate_utf8(value, kMaxFieldBytes);
        }
        return std::string(value);
    }

    static std::string shown(std::string_view value) {
        return truncate_utf8(is_valid_utf8(value) ? value : "?", 64);
    }

    void add_ip(std::string_view type,
                std::string_view addr,
                const std::string& where,
                ObservedAsset& asset) {
        if (!is_ip_address(addr)) {
            warn("inventory.bad_ip", where,
                 "the " + std::string(type) + " address is not an IP address; dropped");
            return;
        }
        std::string& first = type == "ipv4" ? first_ipv4_ : first_ipv6_;
        if (first.empty()) {
            first = std::string(addr);
        }
        if (std::find(asset.ips.begin(), asset.ips.end(), addr) == asset.ips.end()) {
            asset.ips.emplace_back(addr);
        }
    }

    void add_mac(pugi::xml_node address,
                 std::string_view addr,
                 const std::string& where,
                 ObservedAsset& asset) {
        auto mac = canonical_mac(addr);
        if (!mac) {
            warn("inventory.bad_mac", where, "the MAC address is not a MAC; dropped");
            return;
        }
        if (std::find(asset.macs.begin(), asset.macs.end(), *mac) != asset.macs.end()) {
            return;
        }
        asset.macs.push_back(std::move(*mac));
        // Parallel to macs; kept only if some MAC has a vendor.
        asset.mac_vendors.push_back(text(address.attribute("vendor"), where));
    }

    void read_addresses(pugi::xml_node host, ObservedAsset& asset) {
        for (pugi::xml_node address : host.children("address")) {
            const std::string_view type = address.attribute("addrtype").value();
            const std::string_view addr = trim(address.attribute("addr").value());
            const std::string where = location_ + " address '" + shown(addr) + "'";
            if (type == "ipv4" || type == "ipv6") {
                add_ip(type, addr, where, asset);
            } else if (type == "mac") {
                add_mac(address, addr, where, asset);
            } else {
                warn("inventory.bad_value", where,
                     "addrtype '" + shown(type) +
                         "' is none of ipv4, ipv6, mac; the address is "
                         "dropped");
            }
        }
        if (std::all_of(asset.mac_vendors.begin(), asset.mac_vendors.end(),
                        [](const std::string& vendor) { return vendor.empty(); })) {
            asset.mac_vendors.clear();
        }
        // The MAC identifies the device across DHCP leases; else the address nmap scanned.
        if (!asset.macs.empty()) {
            asset.source_key = asset.macs.front();
        } else if (!first_ipv4_.empty()) {
            asset.source_key = first_ipv4_;
        } else {
            asset.source_key = first_ipv6_;
        }
        scanned_address_ = !first_ipv4_.empty() ? first_ipv4_ : first_ipv6_;
    }

    void read_hostnames(pugi::xml_node host, ObservedAsset& asset) {
        for (pugi::xml_node hostname : host.child("hostnames").children("hostname")) {
            std::string name = text(hostname.attribute("name"), location_ + " hostname");
            if (name.empty()) {
                continue;
            }
            if (asset.fqdn.empty() && name.find('.') != std::string::npos) {
                asset.fqdn = name;
            }
            if (asset.hostname.empty()) {
                asset.hostname = std::move(name);
            }
        }
    }

    void read_times(pugi::xml_node host, ObservedAsset& asset) {
        for (const char* name : {"endtime", "starttime"}) {
            const pugi::xml_attribute attribute = host.attribute(name);
            if (!attribute) {
                continue;
            }
            if (auto time = unix_time(attribute.value())) {
                asset.last_seen = std::move(*time);
                return;
            }
            warn("inventory.bad_date", location_,
                 std::string(name) + " is not a time in Unix seconds; ignored");
        }
        asset.last_seen = scan_.started_at;
    }

    int accuracy(pugi::xml_node node, const std::string& location) {
        const pugi::xml_attribute attribute = node.attribute("accuracy");
        if (!attribute) {
            return 0;
        }
        auto value = parse_int(attribute.value());
        if (!value || *value < 0 || *value > 100) {
            warn("inventory.bad_value", location,
                 "accuracy is not a number from 0 to 100; taken as 0");
            return 0;
        }
        return *value;
    }

    void add_cpes(pugi::xml_node parent,
                  const std::string& location,
                  std::vector<std::string>& out) {
        for (pugi::xml_node node : parent.children("cpe")) {
            const std::string_view raw = node.child_value();
            auto cpe = cpe23_of(raw);
            if (!cpe) {
                warn("nmap.bad_cpe", location,
                     "'" + truncate_utf8(is_valid_utf8(raw) ? raw : "?", 200) +
                         "' is not a CPE name (" + cpe.error().message + "); dropped");
                continue;
            }
            if (std::find(out.begin(), out.end(), *cpe) == out.end()) {
                out.push_back(std::move(*cpe));
            }
        }
    }

    // Fills vendor, family and version from an osclass; returns its type.
    std::string apply_osclass(pugi::xml_node osclass, const std::string& location, ObservedOs& os) {
        os.vendor = text(osclass.attribute("vendor"), location);
        os.family = text(osclass.attribute("osfamily"), location);
        os.version = text(osclass.attribute("osgen"), location);
        return text(osclass.attribute("type"), location);
    }

    void read_os(pugi::xml_node os_node, ObservedAsset& asset) {
        std::vector<OsGuess> guesses;
        std::size_t index = 0;
        // Both layouts: an osmatch is one guess. nmap >= 6 nests its classes; the first (most
        // accurate) gives vendor, family and generation, and every class's CPEs belong to it.
        for (pugi::xml_node osmatch : os_node.children("osmatch")) {
            const std::string location = location_ + " osmatch " + std::to_string(++index);
            OsGuess guess;
            guess.os.name = text(osmatch.attribute("name"), location);
            guess.os.accuracy = accuracy(osmatch, location);
            bool first = true;
            for (pugi::xml_node osclass : osmatch.children("osclass")) {
                if (first) {
                    guess.type = apply_osclass(osclass, location, guess.os);
                    first = false;
                }
                add_cpes(osclass, location, guess.os.cpes);
            }
            guesses.push_back(std::move(guess));
        }
        // nmap 5.x lists its classes beside the matches without saying which belongs to which, so
        // each class is a guess of its own, named from its parts ("Linux 2.6.X").
        index = 0;
        for (pugi::xml_node osclass : os_node.children("osclass")) {
            const std::string location = location_ + " osclass " + std::to_string(++index);
            OsGuess guess;
            guess.type = apply_osclass(osclass, location, guess.os);
            guess.os.accuracy = accuracy(osclass, location);
            std::vector<std::string> parts{guess.os.vendor};
            if (!iequals(guess.os.family, guess.os.vendor)) {
                parts.push_back(guess.os.family);
            }
            parts.push_back(guess.os.version);
            parts.erase(std::remove(parts.begin(), parts.end(), std::string()), parts.end());
            guess.os.name = join(parts, " ");
            add_cpes(osclass, location, guess.os.cpes);
            guesses.push_back(std::move(guess));
        }
        // Best first; at equal accuracy a named match before a bare class, then file order.
        std::stable_sort(guesses.begin(), guesses.end(), [](const OsGuess& a, const OsGuess& b) {
            return a.os.accuracy > b.os.accuracy;
        });
        for (OsGuess& guess : guesses) {
            if (asset.kind == AssetKind::kUnknown && kind_type_.empty() && !guess.type.empty()) {
                kind_type_ = guess.type;
                asset.kind = kind_of_device_type(guess.type);
            }
            asset.os.push_back(std::move(guess.os));
        }
    }

    void read_ports(pugi::xml_node ports, ObservedAsset& asset) {
        for (pugi::xml_node port : ports.children("port")) {
            const std::string_view state = port.child("state").attribute("state").value();
            if (state != "open" && state != "open|filtered") {
                continue;  // closed and filtered ports expose nothing
            }
            const std::string_view portid = trim(port.attribute("portid").value());
            const std::string protocol = text(port.attribute("protocol"), location_);
            const std::string location = location_ + " port " +
                                         truncate_utf8(is_valid_utf8(portid) ? portid : "?", 32) +
                                         "/" + protocol;
            auto number = parse_int(portid);
            if (!number || *number < 1 || *number > 65535) {
                warn("nmap.bad_port", location,
                     "portid is not a port number from 1 to 65535; the "
                     "port is dropped");
                continue;
            }
            ObservedExposure exposure;
            exposure.port = static_cast<std::uint16_t>(*number);
            exposure.protocol = protocol;
            exposure.state = std::string(state);
            exposure.address = scanned_address_;
            const pugi::xml_node service = port.child("service");
            exposure.service = text(service.attribute("name"), location);
            exposure.product = text(service.attribute("product"), location);
            exposure.version = text(service.attribute("version"), location);
            exposure.extra = text(service.attribute("extrainfo"), location);
            add_cpes(service, location, exposure.cpes);
            asset.exposures.push_back(std::move(exposure));
        }
    }

    const ScanFacts& scan_;
    Diagnostics& diagnostics_;
    std::string location_;
    std::string first_ipv4_;
    std::string first_ipv6_;
    std::string scanned_address_;
    std::string kind_type_;
    bool was_up_ = false;
};

// Parses one element cut out of the stream. Errors name the byte in the whole file.
Result<pugi::xml_node> parse_fragment(pugi::xml_document& document,
                                      const std::string& text,
                                      std::uint64_t offset,
                                      const std::string& source) {
    // pugixml reads values as C strings: a NUL would silently end one.
    if (const std::size_t nul = text.find('\0'); nul != std::string::npos) {
        return make_error(ErrorCode::kInvalidArgument, "a NUL byte: not XML text",
                          source + " byte " + std::to_string(offset + nul));
    }
    const pugi::xml_parse_result result =
        document.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!result) {
        return make_error(
            ErrorCode::kInvalidArgument,
            std::string("not well-formed XML: ") + result.description(),
            source + " byte " + std::to_string(offset + static_cast<std::uint64_t>(result.offset)));
    }
    return document.document_element();
}

struct RunStats {
    std::uint64_t offset = 0;
    std::string exit;
    std::string errormsg;
    std::optional<int> hosts_up;
};

Result<RunStats> read_runstats(const detail::XmlChild& child, const std::string& source) {
    pugi::xml_document document;
    auto root = parse_fragment(document, child.text, child.offset, source);
    if (!root) {
        return propagate(root.error());
    }
    RunStats stats;
    stats.offset = child.offset;
    const pugi::xml_node finished = root->child("finished");
    stats.exit = finished.attribute("exit").value();
    stats.errormsg = truncate_utf8(finished.attribute("errormsg").value(), kMaxFieldBytes);
    if (!is_valid_utf8(stats.errormsg)) {
        stats.errormsg = "?";
    }
    if (const pugi::xml_attribute up = root->child("hosts").attribute("up")) {
        stats.hosts_up = parse_int(up.value());
    }
    return stats;
}

void check_runstats(const std::optional<RunStats>& stats,
                    std::int64_t hosts_up,
                    const std::string& source,
                    Diagnostics& diagnostics) {
    if (!stats) {
        return;
    }
    const std::string location = "runstats " + at_byte(stats->offset);
    if (stats->exit == "error") {
        diagnostics.add(Severity::kWarning, "nmap.scan_failed", source, location,
                        "nmap stopped on an error (" + stats->errormsg +
                            "); the hosts it listed are imported, the last may be incomplete");
    }
    if (stats->hosts_up && *stats->hosts_up != hosts_up) {
        diagnostics.add(Severity::kWarning, "nmap.count_mismatch", source, location,
                        "runstats says " + std::to_string(*stats->hosts_up) +
                            " hosts were up but the report lists " + std::to_string(hosts_up));
    }
}

// Reads the <nmaprun> start tag's attributes into the report.
Status read_run(const detail::XmlStartTag& tag,
                const std::string& source,
                Diagnostics& diagnostics,
                ObservedReport& report,
                ScanFacts& scan) {
    if (tag.name != "nmaprun") {
        return make_error(ErrorCode::kInvalidArgument,
                          "not an nmap report: the root element is <" +
                              truncate_utf8(is_valid_utf8(tag.name) ? tag.name : "?", 64) +
                              ">, not <nmaprun>",
                          source + " byte " + std::to_string(tag.offset));
    }
    std::string alone = tag.text;
    if (!tag.self_closing) {
        alone.insert(alone.size() - 1, "/");
    }
    pugi::xml_document document;
    auto root = parse_fragment(document, alone, tag.offset, source);
    if (!root) {
        return propagate(root.error());
    }
    const std::string location = "nmaprun " + at_byte(tag.offset);
    std::string scanner = root->attribute("scanner").value();
    std::string version = root->attribute("version").value();
    if (!is_valid_utf8(scanner) || !is_valid_utf8(version)) {
        diagnostics.add(Severity::kWarning, "inventory.bad_text", source, location,
                        "scanner or version is not valid UTF-8; dropped");
        scanner.clear();
        version.clear();
    }
    scanner = truncate_utf8(trim(scanner), 64);
    version = truncate_utf8(trim(version), 64);
    if (!scanner.empty() && scanner != "nmap") {
        diagnostics.add(Severity::kWarning, "nmap.unknown_scanner", source, location,
                        "the report was written by '" + scanner + "', not nmap; read as nmap XML");
    }
    report.tool = scanner.empty() ? "nmap" : scanner;
    if (!version.empty()) {
        report.tool += " " + version;
    }
    const pugi::xml_attribute start = root->attribute("start");
    if (auto started = unix_time(start.value())) {
        report.observed_at = *started;
        scan.started_at = std::move(*started);
    } else {
        diagnostics.add(Severity::kWarning, "inventory.bad_date", source, location,
                        start ? "start is not a time in Unix seconds; the scan time is unknown"
                              : "start is missing; the scan time is unknown");
    }
    return {};
}

// Parses one <host> and hands its asset to the sink, counting it in the report.
Status read_host(const detail::XmlChild& child,
                 std::int64_t index,
                 const ScanFacts& scan,
                 Diagnostics& diagnostics,
                 const AssetSink& sink,
                 ObservedReport& report,
                 std::int64_t& hosts_up) {
    pugi::xml_document document;
    auto host = parse_fragment(document, child.text, child.offset, scan.source);
    if (!host) {
        return propagate(host.error());
    }
    HostReader reader(scan, diagnostics,
                      "host " + std::to_string(index) + " " + at_byte(child.offset));
    std::optional<ObservedAsset> asset = reader.read(*host);
    if (!reader.was_up()) {
        ++report.skipped;
        return {};
    }
    ++hosts_up;
    if (!asset) {
        return {};
    }
    ++report.assets;
    report.exposures += static_cast<std::int64_t>(asset->exposures.size());
    return sink(std::move(*asset));
}

Error explain_cut(Error error) {
    if (error.code == ErrorCode::kDataLoss) {
        error.message +=
            ": the scan was interrupted before it finished (nmap closes the report even "
            "when it fails) or the file was cut short";
    }
    return error;
}

}  // namespace

Result<ObservedReport> parse_nmap_xml(InputFile& file,
                                      Diagnostics& diagnostics,
                                      const AssetSink& sink) {
    const std::string& source = file.name();
    detail::XmlChildScanner scanner(file);
    auto root = scanner.read_root();
    if (!root) {
        return propagate(explain_cut(root.error()));
    }
    ObservedReport report;
    report.format = "nmap";
    ScanFacts scan{source, {}};
    if (auto run = read_run(*root, source, diagnostics, report, scan); !run) {
        return propagate(run.error());
    }
    const auto keep = [](std::string_view name) {
        return name == "host" || name == "runstats";
    };
    std::int64_t hosts = 0;
    std::int64_t hosts_up = 0;
    std::optional<RunStats> runstats;
    for (;;) {
        auto child = scanner.next_child(keep);
        if (!child) {
            return propagate(explain_cut(child.error()));
        }
        if (!*child) {
            break;
        }
        if ((*child)->name == "host") {
            WARDROUND_TRY(read_host(**child, ++hosts, scan, diagnostics, sink, report, hosts_up));
        } else if ((*child)->name == "runstats") {
            auto stats = read_runstats(**child, source);
            if (!stats) {
                return propagate(stats.error());
            }
            runstats = std::move(*stats);
        }
    }
    WARDROUND_TRY(scanner.finish());
    check_runstats(runstats, hosts_up, source, diagnostics);
    return report;
}

}  // namespace wardround::inventory

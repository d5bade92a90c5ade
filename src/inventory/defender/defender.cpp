// SPDX-License-Identifier: Apache-2.0
// Defender for Endpoint machine list and software inventory responses (field names and sources in
// include/wardround/inventory/defender.h). The {"value": [...]} page is streamed element by
// element with JsonArrayStream; each element is parsed with simdjson's DOM.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

#include <wardround/core/json_stream.h>
#include <wardround/core/text.h>
#include <wardround/core/time.h>
#include <wardround/inventory/defender.h>

namespace wardround::inventory {
namespace {

static_assert(kJsonPadding >= simdjson::SIMDJSON_PADDING);

// A machine record is about 2 KB and a software row 0.5 KB: anything near these limits is
// corruption or an attack, not data.
constexpr std::size_t kMaxElementBytes = std::size_t{16} << 20;
constexpr std::size_t kMaxBareArrayBytes = std::size_t{256} << 20;
constexpr std::size_t kMaxFieldBytes = 4096;

// Where diagnostics go and what they name.
struct Context {
    const std::string& source;
    Diagnostics& diagnostics;

    void warn(std::string code, std::string location, std::string message) const {
        diagnostics.add(Severity::kWarning, std::move(code), source, std::move(location),
                        std::move(message));
    }
    void reject(std::string code, std::string location, std::string message) const {
        diagnostics.add(Severity::kError, std::move(code), source, std::move(location),
                        std::move(message));
    }
};

std::string field_path(const std::string& element, std::string_view key) {
    return element + "." + std::string(key);
}

// An optional text member: "" when absent or null; a warning (and "") for another type or an
// absurd length. simdjson has already checked that the text is UTF-8.
std::string text_member(simdjson::dom::object object,
                        std::string_view key,
                        const std::string& element,
                        const Context& context) {
    simdjson::dom::element value;
    if (object[key].get(value) != simdjson::SUCCESS || value.is_null()) {
        return {};
    }
    std::string_view text;
    if (value.get(text) != simdjson::SUCCESS) {
        context.warn("inventory.bad_value", field_path(element, key),
                     std::string(key) + " is not a string; ignored");
        return {};
    }
    if (text.size() > kMaxFieldBytes) {
        context.warn(
            "inventory.bad_value", field_path(element, key),
            std::string(key) + " is " + std::to_string(text.size()) + " bytes long; ignored");
        return {};
    }
    return std::string(trim(text));
}

// osBuild is a nullable long; accept the same number written as a string.
std::string build_member(simdjson::dom::object object,
                         std::string_view key,
                         const std::string& element,
                         const Context& context) {
    simdjson::dom::element value;
    if (object[key].get(value) != simdjson::SUCCESS || value.is_null()) {
        return {};
    }
    std::int64_t number = 0;
    if (value.get(number) == simdjson::SUCCESS && number >= 0) {
        return std::to_string(number);
    }
    std::string_view text;
    if (value.get(text) == simdjson::SUCCESS && !text.empty() && text.size() <= 20 &&
        text.find_first_not_of("0123456789") == std::string_view::npos) {
        return std::string(text);
    }
    context.warn("inventory.bad_value", field_path(element, key),
                 std::string(key) + " is not a build number; ignored");
    return {};
}

std::string timestamp_member(simdjson::dom::object object,
                             std::string_view key,
                             const std::string& element,
                             const Context& context) {
    const std::string text = text_member(object, key, element, context);
    if (text.empty()) {
        return {};
    }
    auto timestamp = parse_timestamp(text);
    if (!timestamp) {
        context.warn("inventory.bad_date", field_path(element, key),
                     std::string(key) + " '" + text + "' is not a date-time; ignored");
        return {};
    }
    return format_timestamp(*timestamp);
}

void add_ip(ObservedAsset& asset,
            const std::string& address,
            const std::string& location,
            const Context& context) {
    if (address.empty()) {
        return;
    }
    if (!is_ip_address(address)) {
        context.warn("inventory.bad_ip", location, "'" + address + "' is not an IP address");
        return;
    }
    if (is_loopback_or_link_local(address)) {
        return;
    }
    if (std::find(asset.ips.begin(), asset.ips.end(), address) == asset.ips.end()) {
        asset.ips.push_back(address);
    }
}

void add_mac(ObservedAsset& asset,
             const std::string& text,
             const std::string& location,
             const Context& context) {
    if (text.empty()) {
        return;
    }
    auto mac = canonical_mac(text);
    if (!mac) {
        context.warn("inventory.bad_mac", location, "'" + text + "' is not a MAC address");
        return;
    }
    if (*mac == "00:00:00:00:00:00") {
        return;  // a placeholder some adapters report, not an identity
    }
    if (std::find(asset.macs.begin(), asset.macs.end(), *mac) == asset.macs.end()) {
        asset.macs.push_back(*mac);
    }
}

// "mymachine1.contoso.com" -> hostname "mymachine1", fqdn as given; a single label is a hostname.
void set_names(ObservedAsset& asset, const std::string& dns_name) {
    if (dns_name.empty()) {
        return;
    }
    const auto dot = dns_name.find('.');
    if (dot == std::string::npos || dot == 0 || is_ip_address(dns_name)) {
        asset.hostname = dns_name;
        return;
    }
    asset.hostname = dns_name.substr(0, dot);
    asset.fqdn = dns_name;
}

// osPlatform values are run together ("WindowsServer2012R2", "Windows10"); spell them as people
// and the CPE dictionary do.
ObservedOs observed_os(const std::string& platform) {
    ObservedOs os;
    if (starts_with_icase(platform, "WindowsServer")) {
        std::string rest = platform.substr(13);
        if (rest.size() > 2 && iequals(rest.substr(rest.size() - 2), "R2")) {
            rest = rest.substr(0, rest.size() - 2) + " R2";
        }
        os.name = rest.empty() ? "Windows Server" : "Windows Server " + rest;
        os.vendor = "Microsoft";
        os.family = "Windows";
    } else if (starts_with_icase(platform, "Windows")) {
        const std::string rest = platform.substr(7);
        os.name = rest.empty() ? "Windows" : "Windows " + rest;
        os.vendor = "Microsoft";
        os.family = "Windows";
    } else if (iequals(platform, "macOS") || iequals(platform, "MacOS") ||
               iequals(platform, "iOS")) {
        os.name = iequals(platform, "iOS") ? "iOS" : "macOS";
        os.vendor = "Apple";
        os.family = os.name;
    } else if (iequals(platform, "Android")) {
        os.name = "Android";
        os.vendor = "Google";
        os.family = "Android";
    } else if (iequals(platform, "Linux")) {
        os.name = "Linux";
        os.family = "Linux";
    } else {
        os.name = platform;
    }
    return os;
}

// Servers by their platform; workstations, laptops and phones as endpoints. Defender's "Linux"
// covers both desktops and servers, so it stays unknown.
AssetKind kind_of(const std::string& platform) {
    if (starts_with_icase(platform, "WindowsServer")) {
        return AssetKind::kServer;
    }
    if (starts_with_icase(platform, "Windows") || iequals(platform, "macOS") ||
        iequals(platform, "iOS") || iequals(platform, "Android")) {
        return AssetKind::kEndpoint;
    }
    return AssetKind::kUnknown;
}

// defenderAvStatus: the state of Microsoft Defender Antivirus on the machine. The List machines
// response carries it although the Machine resource page does not list it (Microsoft's own Update
// machine example shows "defenderAvStatus": "Updated"); Graph's deviceEvidence documents the same
// enum: notReporting, disabled, notUpdated, updated, unknown, notSupported. Compared ignoring case.
// NotSupported, Unknown and NotReporting say nothing about protection (people report NotSupported
// for machines whose antivirus runs, MicrosoftDocs/microsoft-365-docs issue 13100), so they give
// no fact. Disabled is about Defender only: another product may protect the machine, which is why
// the product is named with the state.
void add_antivirus_facts(ObservedAsset& asset,
                         const std::string& status,
                         const std::string& location,
                         const Context& context) {
    static constexpr std::string_view kProduct = "Microsoft Defender Antivirus";
    const std::string key = to_lower(status);
    if (key.empty() || key == "notsupported" || key == "unknown" || key == "notreporting" ||
        key == "unknownfuturevalue") {
        return;
    }
    if (key == "updated" || key == "notupdated") {
        add_fact(asset, kFactEndpointProtection, "active", location);
        add_fact(asset, kFactEndpointProtectionUpdated, key == "updated" ? "yes" : "no", location);
    } else if (key == "disabled") {
        add_fact(asset, kFactEndpointProtection, "inactive", location);
    } else {
        context.warn("inventory.bad_fact", location,
                     "defenderAvStatus '" + truncate_utf8(status, 64) +
                         "' is not a known antivirus state; no endpoint protection fact is kept");
        return;
    }
    add_fact(asset, kFactEndpointProtectionProduct, std::string(kProduct), location);
}

// machineTags: labels the organisation gives machines in the Defender portal or through the API
// ("ward-7", "imaging"), an array of strings. Each becomes a `tag` fact, trimmed but otherwise as
// written, since rules' applies_to.tags match tags exactly. A tag that is not text is reported,
// not skipped: a machine silently losing a tag silently falls out of the rules meant for it.
void add_tag_facts(ObservedAsset& asset,
                   simdjson::dom::object machine,
                   const std::string& element,
                   const Context& context) {
    simdjson::dom::element value;
    if (machine["machineTags"].get(value) != simdjson::SUCCESS || value.is_null()) {
        return;
    }
    const std::string path = field_path(element, "machineTags");
    simdjson::dom::array tags;
    if (value.get(tags) != simdjson::SUCCESS) {
        context.warn("inventory.bad_value", path, "machineTags is not an array; no tag is kept");
        return;
    }
    std::size_t index = 0;
    for (simdjson::dom::element entry : tags) {
        const std::string location = path + "[" + std::to_string(index++) + "]";
        std::string_view text;
        if (entry.get(text) != simdjson::SUCCESS) {
            context.warn("inventory.bad_value", location,
                         "the tag is not a string; it is left out");
            continue;
        }
        text = trim(text);
        if (text.empty()) {
            continue;  // an empty label names nothing a rule could select
        }
        if (text.size() > kMaxFieldBytes) {
            context.warn(
                "inventory.bad_value", location,
                "the tag is " + std::to_string(text.size()) + " bytes long; it is left out");
            continue;
        }
        add_fact(asset, kFactTag, std::string(text), location);
    }
}

bool has_identity(const ObservedAsset& asset) {
    return !asset.source_key.empty() || !asset.hostname.empty() || !asset.serial.empty() ||
           !asset.macs.empty() || !asset.ips.empty();
}

// Hands each array element to `handle` as raw JSON followed by kJsonPadding readable bytes.
using ElementHandler =
    std::function<Status(std::string_view bytes, const std::string& path, std::uint64_t offset)>;

std::string byte_where(const std::string& source, const std::string& path, std::uint64_t offset) {
    return source + (path.empty() ? "" : " " + path) + " (byte " + std::to_string(offset) + ")";
}

Status stream_value_array(InputFile& file, const ElementHandler& handle) {
    JsonStreamOptions options;
    options.max_element_bytes = kMaxElementBytes;
    auto stream = JsonArrayStream::open(file, {"value"}, options);
    if (!stream) {
        return propagate(stream.error());
    }
    for (;;) {
        auto element = stream->next();
        if (!element) {
            return propagate(element.error());
        }
        if (!*element) {
            return {};
        }
        const JsonElement& bytes = **element;
        WARDROUND_TRY(handle(bytes.bytes, stream->element_path(bytes.index), bytes.offset));
    }
}

Error ondemand_error(simdjson::error_code error,
                     const std::string& source,
                     const std::string& path,
                     std::uint64_t offset) {
    const bool truncated = error == simdjson::INCOMPLETE_ARRAY_OR_OBJECT ||
                           error == simdjson::UNCLOSED_STRING || error == simdjson::EMPTY;
    return Error{truncated ? ErrorCode::kDataLoss : ErrorCode::kInvalidArgument,
                 std::string(truncated ? "the input ends early: " : "not valid JSON: ") +
                     simdjson::error_message(error),
                 byte_where(source, path, offset)};
}

// The raw text of one array element (consumed).
simdjson::simdjson_result<std::string_view> raw_element(simdjson::ondemand::value value) {
    simdjson::ondemand::json_type type{};
    if (auto error = value.type().get(type); error != simdjson::SUCCESS) {
        return error;
    }
    if (type == simdjson::ondemand::json_type::object) {
        simdjson::ondemand::object object;
        if (auto error = value.get_object().get(object); error != simdjson::SUCCESS) {
            return error;
        }
        return object.raw_json();
    }
    if (type == simdjson::ondemand::json_type::array) {
        simdjson::ondemand::array array;
        if (auto error = value.get_array().get(array); error != simdjson::SUCCESS) {
            return error;
        }
        return array.raw_json();
    }
    return value.raw_json_token();
}

// A bare JSON array of machines or rows (what `$response.value | ConvertTo-Json` saves). It is read
// whole, up to kMaxBareArrayBytes, and walked with simdjson On-Demand so that only the raw text is
// held, not a DOM of the whole file.
Status walk_bare_array(InputFile& file, const ElementHandler& handle) {
    auto text = file.read_all(kMaxBareArrayBytes);
    if (!text) {
        return propagate(text.error());
    }
    if (std::string_view(*text).substr(0, 3) == "\xEF\xBB\xBF") {
        text->replace(0, 3, "   ");  // keeps byte offsets true
    }
    const simdjson::padded_string padded(*text);
    const char* base = padded.data();
    simdjson::ondemand::parser parser;
    simdjson::ondemand::document document;
    if (auto error = parser.iterate(padded).get(document); error != simdjson::SUCCESS) {
        // The first pass finds no place more precise than the end of the input.
        return propagate(ondemand_error(error, file.name(), "$", text->size()));
    }
    auto where_now = [&]() -> std::uint64_t {
        const char* location = nullptr;
        if (document.current_location().get(location) == simdjson::SUCCESS) {
            return static_cast<std::uint64_t>(location - base);
        }
        return padded.size();
    };
    // A first pass over the whole array finds where it ends, so that data after it is refused
    // before any element is handed out.
    simdjson::ondemand::array array;
    std::string_view whole;
    if (auto error = document.get_array().get(array); error != simdjson::SUCCESS) {
        return propagate(ondemand_error(error, file.name(), "$", where_now()));
    }
    if (auto error = array.raw_json().get(whole); error != simdjson::SUCCESS) {
        return propagate(ondemand_error(error, file.name(), "$", where_now()));
    }
    const auto end = static_cast<std::size_t>(whole.data() + whole.size() - base);
    const auto trailing = std::string_view(*text).find_first_not_of(" \t\r\n", end);
    if (trailing != std::string_view::npos) {
        return make_error(ErrorCode::kInvalidArgument, "unexpected data after the root array",
                          byte_where(file.name(), "", trailing));
    }
    document.rewind();
    if (auto error = document.get_array().get(array); error != simdjson::SUCCESS) {
        return propagate(ondemand_error(error, file.name(), "$", where_now()));
    }
    std::size_t index = 0;
    for (auto item : array) {
        const std::string path = "$[" + std::to_string(index) + "]";
        simdjson::ondemand::value value;
        if (auto error = item.get(value); error != simdjson::SUCCESS) {
            return propagate(ondemand_error(error, file.name(), path, where_now()));
        }
        std::string_view raw;
        if (auto error = raw_element(value).get(raw); error != simdjson::SUCCESS) {
            return propagate(ondemand_error(error, file.name(), path, where_now()));
        }
        const auto offset = static_cast<std::uint64_t>(raw.data() - base);
        if (raw.size() > kMaxElementBytes) {
            return make_error(ErrorCode::kInvalidArgument, "the element is larger than 16 MiB",
                              byte_where(file.name(), path, offset));
        }
        WARDROUND_TRY(handle(raw, path, offset));
        ++index;
    }
    return {};
}

// The {"value": [...]} page, or a bare array: decided by the first byte that is not whitespace
// (or a UTF-8 byte-order mark).
Status for_each_element(InputFile& file, const ElementHandler& handle) {
    auto head = file.peek(4096);
    if (!head) {
        return propagate(head.error());
    }
    std::string_view view = *head;
    if (view.substr(0, 3) == "\xEF\xBB\xBF") {
        view.remove_prefix(3);
    }
    const auto first = view.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && view[first] == '[') {
        return walk_bare_array(file, handle);
    }
    return stream_value_array(file, handle);
}

// Parses one element with simdjson's DOM; a parse failure breaks the document.
Result<simdjson::dom::element> parse_element(simdjson::dom::parser& parser,
                                             std::string_view bytes,
                                             const std::string& source,
                                             const std::string& path,
                                             std::uint64_t offset) {
    simdjson::dom::element root;
    if (auto error = parser.parse(bytes.data(), bytes.size(), false).get(root);
        error != simdjson::SUCCESS) {
        return make_error(ErrorCode::kInvalidArgument,
                          std::string("not valid JSON: ") + simdjson::error_message(error),
                          byte_where(source, path, offset));
    }
    return root;
}

Status read_machine(simdjson::dom::element root,
                    const std::string& path,
                    const Context& context,
                    ObservedReport& report,
                    const AssetSink& sink) {
    simdjson::dom::object machine;
    if (root.get(machine) != simdjson::SUCCESS) {
        context.reject("defender.bad_machine", path, "the machine is not a JSON object; left out");
        return {};
    }
    ObservedAsset asset;
    asset.location = path;
    asset.source_key = text_member(machine, "id", path, context);
    set_names(asset, text_member(machine, "computerDnsName", path, context));
    asset.first_seen = timestamp_member(machine, "firstSeen", path, context);
    asset.last_seen = timestamp_member(machine, "lastSeen", path, context);

    const std::string platform = text_member(machine, "osPlatform", path, context);
    asset.kind = kind_of(platform);
    if (!platform.empty()) {
        ObservedOs os = observed_os(platform);
        os.version = text_member(machine, "version", path, context);
        os.build = build_member(machine, "osBuild", path, context);
        asset.os.push_back(std::move(os));
    }

    add_ip(asset, text_member(machine, "lastIpAddress", path, context),
           field_path(path, "lastIpAddress"), context);
    // lastExternalIpAddress is deliberately not read: it is the NAT address the machine reached
    // the internet through, shared by every machine behind it, and says nothing about whether
    // this machine can be reached from the internet.
    simdjson::dom::element addresses_value;
    if (machine["ipAddresses"].get(addresses_value) == simdjson::SUCCESS &&
        !addresses_value.is_null()) {
        simdjson::dom::array addresses;
        if (addresses_value.get(addresses) != simdjson::SUCCESS) {
            context.warn("inventory.bad_value", field_path(path, "ipAddresses"),
                         "ipAddresses is not an array; ignored");
        } else {
            std::size_t index = 0;
            for (simdjson::dom::element entry : addresses) {
                const std::string entry_path =
                    field_path(path, "ipAddresses") + "[" + std::to_string(index++) + "]";
                simdjson::dom::object address;
                if (entry.get(address) != simdjson::SUCCESS) {
                    context.warn("inventory.bad_value", entry_path,
                                 "the address entry is not an object; ignored");
                    continue;
                }
                add_ip(asset, text_member(address, "ipAddress", entry_path, context),
                       field_path(entry_path, "ipAddress"), context);
                add_mac(asset, text_member(address, "macAddress", entry_path, context),
                        field_path(entry_path, "macAddress"), context);
            }
        }
    }
    asset.criticality = text_member(machine, "deviceValue", path, context);
    // Device groups are how an organisation carves its estate for access and automation, which in
    // a trust means by site or service: the nearest thing the record has to a department.
    asset.department = text_member(machine, "rbacGroupName", path, context);
    add_antivirus_facts(asset, text_member(machine, "defenderAvStatus", path, context),
                        field_path(path, "defenderAvStatus"), context);
    add_tag_facts(asset, machine, path, context);

    if (!has_identity(asset)) {
        context.reject("inventory.missing_identity", path,
                       "the machine has no id, computerDnsName or address; left out");
        return {};
    }
    ++report.assets;
    return sink(std::move(asset));
}

// Rows of one device seen one after another.
class SoftwareRun {
public:
    SoftwareRun(const Context& context, ObservedReport& report, const AssetSink& sink)
        : context_(context), report_(report), sink_(sink) {}

    Status add(simdjson::dom::element root, const std::string& path) {
        simdjson::dom::object row;
        if (root.get(row) != simdjson::SUCCESS) {
            context_.reject("defender.bad_row", path, "the row is not a JSON object; left out");
            return {};
        }
        const std::string device_id = text_member(row, "deviceId", path, context_);
        const std::string device_name = text_member(row, "deviceName", path, context_);
        if (device_id.empty() && device_name.empty()) {
            context_.reject("inventory.missing_identity", path,
                            "the row has neither deviceId nor deviceName; left out");
            return {};
        }
        const std::string key = device_id.empty() ? "name:" + device_name : "id:" + device_id;
        if (!open_ || key != key_) {
            WARDROUND_TRY(flush());
            start(row, path, device_id, device_name);
            key_ = key;
        }
        ObservedComponent component;
        component.type = "application";
        component.vendor = text_member(row, "softwareVendor", path, context_);
        component.product = text_member(row, "softwareName", path, context_);
        component.version = text_member(row, "softwareVersion", path, context_);
        component.location = path;
        if (component.product.empty()) {
            context_.reject("inventory.missing_product", field_path(path, "softwareName"),
                            "the row has no softwareName; left out");
            return {};
        }
        if (component.version.empty()) {
            context_.warn("inventory.missing_version", field_path(path, "softwareVersion"),
                          component.product + " has no softwareVersion; kept without one");
        }
        asset_.components.push_back(std::move(component));
        return {};
    }

    // Emits the run in progress, if any.
    Status flush() {
        if (!open_) {
            return {};
        }
        open_ = false;
        ++report_.assets;
        report_.components += static_cast<std::int64_t>(asset_.components.size());
        return sink_(std::exchange(asset_, ObservedAsset{}));
    }

private:
    void start(simdjson::dom::object row,
               const std::string& path,
               const std::string& device_id,
               const std::string& device_name) {
        open_ = true;
        asset_.source_key = device_id;
        asset_.location = path;
        set_names(asset_, device_name);
        const std::string platform = text_member(row, "osPlatform", path, context_);
        asset_.kind = kind_of(platform);
        if (!platform.empty()) {
            ObservedOs os = observed_os(platform);
            os.version = text_member(row, "osVersion", path, context_);
            asset_.os.push_back(std::move(os));
        }
        asset_.department = text_member(row, "rbacGroupName", path, context_);
    }

    const Context& context_;
    ObservedReport& report_;
    const AssetSink& sink_;
    bool open_ = false;
    std::string key_;
    ObservedAsset asset_;
};

}  // namespace

Result<ObservedReport> parse_defender_machines(InputFile& file,
                                               Diagnostics& diagnostics,
                                               const AssetSink& sink) {
    ObservedReport report;
    report.format = "defender-machines";
    report.tool = "Microsoft Defender for Endpoint";
    const Context context{file.name(), diagnostics};
    simdjson::dom::parser parser;
    const Status walked = for_each_element(
        file, [&](std::string_view bytes, const std::string& path, std::uint64_t offset) {
            auto root = parse_element(parser, bytes, file.name(), path, offset);
            if (!root) {
                return Status(propagate(root.error()));
            }
            return read_machine(*root, path, context, report, sink);
        });
    if (!walked) {
        return propagate(walked.error());
    }
    return report;
}

Result<ObservedReport> parse_defender_software(InputFile& file,
                                               Diagnostics& diagnostics,
                                               const AssetSink& sink) {
    ObservedReport report;
    report.format = "defender-software";
    report.tool = "Microsoft Defender for Endpoint";
    const Context context{file.name(), diagnostics};
    simdjson::dom::parser parser;
    SoftwareRun run(context, report, sink);
    const Status walked = for_each_element(
        file, [&](std::string_view bytes, const std::string& path, std::uint64_t offset) {
            auto root = parse_element(parser, bytes, file.name(), path, offset);
            if (!root) {
                return Status(propagate(root.error()));
            }
            return run.add(*root, path);
        });
    if (!walked) {
        return propagate(walked.error());
    }
    WARDROUND_TRY(run.flush());
    return report;
}

}  // namespace wardround::inventory

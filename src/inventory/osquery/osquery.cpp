// SPDX-License-Identifier: Apache-2.0
// osquery results log replay (formats and columns in include/wardround/inventory/osquery.h).
// The log is a sequence of changes, not a list of hosts, so every host's state is held until the
// end of the file: for each host and scheduled query, the rows it has now. Only the columns used
// below are kept, and only for the tables we know.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <simdjson.h>

#include <wardround/core/text.h>
#include <wardround/core/time.h>
#include <wardround/inventory/osquery.h>

namespace wardround::inventory {
namespace {

constexpr std::size_t kMaxLineBytes = std::size_t{64} << 20;
constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
constexpr std::size_t kMaxFieldBytes = 4096;
// More rows than this for one query of one host is a runaway log, not an inventory.
constexpr std::size_t kMaxRowsPerQuery = 200000;

enum class Table {
    kUnknown,
    kPrograms,
    kDebPackages,
    kRpmPackages,
    kOsVersion,
    kSystemInfo,
    kListeningPorts,
    kInterfaceAddresses,
    kInterfaceDetails,
    kWindowsSecurityProducts,
    kBitlockerInfo,
    kDiskEncryption,
    kWindowsOptionalFeatures,
    kPatches,
};

struct TableSpec {
    Table table;
    std::string_view name;
    std::vector<std::string_view> used;   // columns kept, in this order in Row::values
    std::vector<std::string_view> shape;  // columns that together recognise the table
    // Which rows are worth holding (by their used values); nullptr: all of them.
    bool (*keep)(const std::vector<std::string>& values) = nullptr;
};

// Of the hundred-odd optional features a Windows host lists, only SMBv1's is read.
bool is_smb1_feature(const std::vector<std::string>& values) {
    return iequals(values[0], "SMB1Protocol");
}

const std::vector<TableSpec>& table_specs() {
    static const std::vector<TableSpec> kSpecs = {
        {Table::kPrograms,
         "programs",
         {"name", "version", "publisher"},
         {"name", "version", "publisher", "identifying_number"}},
        {Table::kDebPackages,
         "deb_packages",
         {"name", "version", "revision", "arch", "maintainer"},
         {"name", "version", "revision", "arch", "maintainer"}},
        {Table::kRpmPackages,
         "rpm_packages",
         {"name", "version", "release", "epoch", "arch", "vendor"},
         {"name", "version", "release", "arch"}},
        {Table::kOsVersion,
         "os_version",
         {"name", "version", "build", "platform"},
         {"name", "version", "major", "minor", "platform"}},
        {Table::kSystemInfo,
         "system_info",
         {"hostname", "computer_name", "hardware_vendor", "hardware_model", "hardware_serial"},
         {"hostname", "uuid", "cpu_brand", "hardware_serial"}},
        {Table::kListeningPorts,
         "listening_ports",
         {"port", "protocol", "address", "family", "path"},
         {"pid", "port", "protocol", "family", "address"}},
        {Table::kInterfaceAddresses,
         "interface_addresses",
         {"interface", "address"},
         {"interface", "address", "mask"}},
        {Table::kInterfaceDetails, "interface_details", {"interface", "mac"}, {"interface", "mac"}},
        {Table::kWindowsSecurityProducts,
         "windows_security_products",
         {"type", "name", "state", "signatures_up_to_date"},
         {"type", "name", "state", "signatures_up_to_date"}},
        {Table::kBitlockerInfo,
         "bitlocker_info",
         {"drive_letter", "conversion_status", "protection_status"},
         {"device_id", "drive_letter", "conversion_status", "protection_status"}},
        {Table::kDiskEncryption,
         "disk_encryption",
         {"name", "encrypted", "filevault_status"},
         {"name", "uuid", "encrypted", "type"}},
        {Table::kWindowsOptionalFeatures,
         "windows_optional_features",
         {"name", "state", "statename"},
         {"name", "caption", "state", "statename"},
         is_smb1_feature},
        {Table::kPatches, "patches", {"hotfix_id"}, {"hotfix_id"}},
    };
    return kSpecs;
}

const TableSpec& spec_of(Table table) {
    for (const TableSpec& spec : table_specs()) {
        if (spec.table == table) {
            return spec;
        }
    }
    return table_specs().front();  // not reached: callers pass known tables
}

// "programs", "pack_inventory_programs", "pack/inventory/deb_packages", "pack:x:os_version": the
// table name ends the query name, after a separator (pack delimiters are user-chosen; "_" and "/"
// are the usual ones).
Table table_from_name(std::string_view name) {
    for (const TableSpec& spec : table_specs()) {
        if (name.size() < spec.name.size() ||
            name.substr(name.size() - spec.name.size()) != spec.name) {
            continue;
        }
        if (name.size() == spec.name.size()) {
            return spec.table;
        }
        const char before = name[name.size() - spec.name.size() - 1];
        if (before == '_' || before == '/' || before == ':' || before == '-' || before == '.' ||
            before == ' ') {
            return spec.table;
        }
    }
    return Table::kUnknown;
}

Table table_from_columns(simdjson::dom::object row) {
    for (const TableSpec& spec : table_specs()) {
        const bool all = std::all_of(spec.shape.begin(), spec.shape.end(), [&](auto column) {
            return row[column].error() == simdjson::SUCCESS;
        });
        if (all) {
            return spec.table;
        }
    }
    return Table::kUnknown;
}

struct Row {
    std::vector<std::string> values;  // parallel to TableSpec::used
    std::size_t line = 0;
};

struct QueryState {
    Table table = Table::kUnknown;
    std::vector<Row> rows;
    std::optional<std::string> initial_run;  // epoch/unixTime of the counter-0 run being read
    bool warned_full = false;
};

struct HostState {
    std::string id;
    std::size_t first_line = 0;
    std::string hostname;  // decorations.hostname, the latest seen
    std::optional<std::int64_t> newest_unix_time;
    std::map<std::string, QueryState> queries;  // by query name: sorted, so output is stable
};

// Lines of the log, read in chunks so that memory is bounded by the longest line.
class LineReader {
public:
    struct Line {
        std::string_view text;
        std::size_t number = 0;
        bool terminated = true;  // false for a last line without its newline
    };

    explicit LineReader(InputFile& file) : file_(file) {}

    Result<std::optional<Line>> next() {
        for (;;) {
            const auto newline = buffer_.find('\n', scan_from_);
            if (newline != std::string::npos) {
                Line line{std::string_view(buffer_).substr(pos_, newline - pos_), ++number_};
                pos_ = newline + 1;
                scan_from_ = pos_;
                return strip(line);
            }
            scan_from_ = buffer_.size();
            if (eof_) {
                if (pos_ >= buffer_.size()) {
                    return std::optional<Line>();
                }
                Line line{std::string_view(buffer_).substr(pos_), ++number_, false};
                pos_ = buffer_.size();
                return strip(line);
            }
            buffer_.erase(0, pos_);
            scan_from_ -= pos_;
            pos_ = 0;
            if (buffer_.size() > kMaxLineBytes) {
                return make_error(ErrorCode::kInvalidArgument,
                                  "the line is longer than 64 MiB: not an osquery results log",
                                  file_.name() + " line " + std::to_string(number_ + 1));
            }
            const std::size_t old_size = buffer_.size();
            buffer_.resize(old_size + kChunkBytes);
            auto got = file_.read(std::span<char>(buffer_.data() + old_size, kChunkBytes));
            if (!got) {
                return propagate(got.error());
            }
            buffer_.resize(old_size + *got);
            eof_ = *got == 0;
        }
    }

private:
    static std::optional<Line> strip(Line line) {
        if (!line.text.empty() && line.text.back() == '\r') {
            line.text.remove_suffix(1);
        }
        return line;
    }

    InputFile& file_;
    std::string buffer_;
    std::size_t pos_ = 0;
    std::size_t scan_from_ = 0;
    std::size_t number_ = 0;
    bool eof_ = false;
};

// A scalar member as text: strings as they are, numbers as written (numerics logging), true/false
// as 1/0. nullopt for anything else.
std::optional<std::string> scalar_text(simdjson::dom::element value) {
    switch (value.type()) {
        case simdjson::dom::element_type::STRING:
            return std::string(value.get_string().value_unsafe());
        case simdjson::dom::element_type::INT64:
            return std::to_string(value.get_int64().value_unsafe());
        case simdjson::dom::element_type::UINT64:
            return std::to_string(value.get_uint64().value_unsafe());
        case simdjson::dom::element_type::DOUBLE: {
            const double number = value.get_double().value_unsafe();
            std::array<char, 32> text{};
            const auto result = std::to_chars(text.data(), text.data() + text.size(), number);
            return std::string(text.data(), result.ptr);
        }
        case simdjson::dom::element_type::BOOL:
            return std::string(value.get_bool().value_unsafe() ? "1" : "0");
        case simdjson::dom::element_type::NULL_VALUE:
            return std::string();
        default:
            return std::nullopt;
    }
}

std::optional<std::int64_t> parse_int(std::string_view text) {
    std::int64_t number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
        return std::nullopt;
    }
    return number;
}

bool is_uuid(std::string_view text) {
    if (text.size() != 36) {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? text[i] != '-' : std::isxdigit(static_cast<unsigned char>(text[i])) == 0) {
            return false;
        }
    }
    return true;
}

// Package URL components: everything but unreserved characters percent-encoded (a Debian epoch's
// ':' and a version's '+' included).
std::string purl_encode(std::string_view text) {
    static constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0 || c == '.' || c == '-' || c == '_' || c == '~') {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[byte >> 4]);
            out.push_back(kHex[byte & 0x0f]);
        }
    }
    return out;
}

// Values that firmware writes where a serial number should be: they would make unrelated
// machines look like one.
bool is_placeholder_serial(std::string_view serial) {
    static constexpr std::array<std::string_view, 9> kPlaceholders = {"0",
                                                                      "none",
                                                                      "default string",
                                                                      "to be filled by o.e.m.",
                                                                      "system serial number",
                                                                      "not specified",
                                                                      "not applicable",
                                                                      "n/a",
                                                                      "0123456789"};
    const std::string lower = to_lower(trim(serial));
    return std::find(kPlaceholders.begin(), kPlaceholders.end(), lower) != kPlaceholders.end();
}

class Replay {
public:
    Replay(const std::string& source, Diagnostics& diagnostics)
        : source_(source), diagnostics_(diagnostics) {}

    // One complete, parsed line.
    Status apply(simdjson::dom::element root, std::size_t line) {
        const std::string where = source_ + " line " + std::to_string(line);
        simdjson::dom::object event;
        if (root.get(event) != simdjson::SUCCESS) {
            return make_error(ErrorCode::kInvalidArgument,
                              "the line is not a JSON object: not an osquery results log", where);
        }
        std::string_view name;
        std::string_view host_identifier;
        if (event["name"].get(name) != simdjson::SUCCESS ||
            event["hostIdentifier"].get(host_identifier) != simdjson::SUCCESS) {
            return make_error(ErrorCode::kInvalidArgument,
                              "the line has no name or hostIdentifier string: not an osquery "
                              "results log",
                              where);
        }
        Event parsed;
        WARDROUND_TRY(read_rows(event, where, parsed));

        HostState& host = host_for(std::string(host_identifier), line);
        note_time(event, host, line);
        simdjson::dom::object decorations;
        std::string_view decorated;
        if (event["decorations"].get(decorations) == simdjson::SUCCESS &&
            decorations["hostname"].get(decorated) == simdjson::SUCCESS &&
            !trim(decorated).empty() && decorated.size() <= kMaxFieldBytes) {
            host.hostname = std::string(trim(decorated));
        }

        const Table table = recognise(std::string(name), parsed, line);
        if (table == Table::kUnknown) {
            return {};
        }
        QueryState& query = host.queries[std::string(name)];
        query.table = table;
        const TableSpec& spec = spec_of(table);
        if (parsed.snapshot) {
            query.rows.clear();
            add_rows(query, spec, parsed.added, line);
            return {};
        }
        restart_if_initial_run(event, query);
        for (simdjson::dom::object row : parsed.removed) {
            remove_row(query, to_row(row, spec, line));
        }
        add_rows(query, spec, parsed.added, line);
        return {};
    }

    // Every host, in order of first appearance.
    Status emit(ObservedReport& report, const AssetSink& sink) {
        for (HostState& host : hosts_) {
            ObservedAsset asset = build(host);
            if (asset.source_key.empty() && asset.hostname.empty() && asset.serial.empty() &&
                asset.macs.empty() && asset.ips.empty()) {
                reject("inventory.missing_identity", "line " + std::to_string(host.first_line),
                       "a host with an empty hostIdentifier and nothing else to identify it; "
                       "left out");
                continue;
            }
            ++report.assets;
            report.components += static_cast<std::int64_t>(asset.components.size());
            report.exposures += static_cast<std::int64_t>(asset.exposures.size());
            WARDROUND_TRY(sink(std::move(asset)));
            host.queries.clear();
        }
        if (newest_unix_time_) {
            report.observed_at = format_timestamp(Timestamp{*newest_unix_time_ * 1000});
        }
        return {};
    }

private:
    struct Event {
        bool snapshot = false;
        std::vector<simdjson::dom::object> added;  // or the snapshot's rows
        std::vector<simdjson::dom::object> removed;
    };

    void warn(std::string code, std::string location, std::string message) {
        diagnostics_.add(Severity::kWarning, std::move(code), source_, std::move(location),
                         std::move(message));
    }
    void reject(std::string code, std::string location, std::string message) {
        diagnostics_.add(Severity::kError, std::move(code), source_, std::move(location),
                         std::move(message));
    }

    // Rows of an array member, each of which must be an object.
    static Status object_rows(simdjson::dom::element value,
                              std::string_view member,
                              const std::string& where,
                              std::vector<simdjson::dom::object>& rows) {
        simdjson::dom::array array;
        if (value.get(array) != simdjson::SUCCESS) {
            return make_error(ErrorCode::kInvalidArgument, std::string(member) + " is not an array",
                              where);
        }
        for (simdjson::dom::element item : array) {
            simdjson::dom::object row;
            if (item.get(row) != simdjson::SUCCESS) {
                return make_error(ErrorCode::kInvalidArgument,
                                  "a row of " + std::string(member) + " is not an object", where);
            }
            rows.push_back(row);
        }
        return {};
    }

    static Status read_diff(simdjson::dom::element value, const std::string& where, Event& parsed) {
        simdjson::dom::object diff;
        if (value.get(diff) != simdjson::SUCCESS) {
            return make_error(ErrorCode::kInvalidArgument, "diffResults is not an object", where);
        }
        simdjson::dom::element part;
        if (diff["added"].get(part) == simdjson::SUCCESS) {
            WARDROUND_TRY(object_rows(part, "diffResults.added", where, parsed.added));
        }
        if (diff["removed"].get(part) == simdjson::SUCCESS) {
            WARDROUND_TRY(object_rows(part, "diffResults.removed", where, parsed.removed));
        }
        return {};
    }

    Status read_event(simdjson::dom::object event,
                      simdjson::dom::element value,
                      const std::string& where,
                      Event& parsed) {
        simdjson::dom::object columns;
        if (value.get(columns) != simdjson::SUCCESS) {
            return make_error(ErrorCode::kInvalidArgument, "columns is not an object", where);
        }
        std::string_view action;
        if (event["action"].get(action) != simdjson::SUCCESS) {
            return make_error(ErrorCode::kInvalidArgument,
                              "an event with columns has no action string", where);
        }
        if (action == "added") {
            parsed.added.push_back(columns);
        } else if (action == "removed") {
            parsed.removed.push_back(columns);
        } else {
            warn("osquery.bad_action", where.substr(where.rfind("line ")),
                 "action '" + truncate_utf8(action, 64) +
                     "' is neither added nor removed; the row is ignored");
        }
        return {};
    }

    Status read_rows(simdjson::dom::object event, const std::string& where, Event& parsed) {
        simdjson::dom::element value;
        if (event["diffResults"].get(value) == simdjson::SUCCESS) {
            return read_diff(value, where, parsed);
        }
        if (event["snapshot"].get(value) == simdjson::SUCCESS) {
            parsed.snapshot = true;
            return object_rows(value, "snapshot", where, parsed.added);
        }
        if (event["columns"].get(value) == simdjson::SUCCESS) {
            return read_event(event, value, where, parsed);
        }
        return make_error(ErrorCode::kInvalidArgument,
                          "the line has no columns, snapshot or diffResults: not an osquery "
                          "results log",
                          where);
    }

    HostState& host_for(const std::string& id, std::size_t line) {
        auto [it, inserted] = host_index_.try_emplace(id, hosts_.size());
        if (inserted) {
            hosts_.push_back(HostState{id, line, {}, {}, {}});
        }
        return hosts_[it->second];
    }

    void note_time(simdjson::dom::object event, HostState& host, std::size_t line) {
        simdjson::dom::element value;
        if (event["unixTime"].get(value) != simdjson::SUCCESS) {
            return;
        }
        const auto text = scalar_text(value);
        const auto seconds = text ? parse_int(*text) : std::nullopt;
        // Up to the end of year 9999, which canonical text can still write.
        if (!seconds || *seconds < 0 || *seconds > 253402300799) {
            warn("inventory.bad_date", "line " + std::to_string(line) + " unixTime",
                 "unixTime is not a time in seconds; ignored");
            return;
        }
        host.newest_unix_time = std::max(host.newest_unix_time.value_or(*seconds), *seconds);
        newest_unix_time_ = std::max(newest_unix_time_.value_or(*seconds), *seconds);
    }

    Table recognise(const std::string& name, const Event& parsed, std::size_t line) {
        if (auto known = table_by_query_.find(name); known != table_by_query_.end()) {
            return known->second;
        }
        Table table = table_from_name(name);
        if (table == Table::kUnknown) {
            const auto& rows = parsed.added.empty() ? parsed.removed : parsed.added;
            if (rows.empty()) {
                return Table::kUnknown;  // nothing to learn from, and nothing lost
            }
            table = table_from_columns(rows.front());
        }
        if (table == Table::kUnknown) {
            diagnostics_.add(Severity::kInfo, "osquery.unknown_query", source_,
                             "line " + std::to_string(line),
                             "the query '" + truncate_utf8(name, 200) +
                                 "' is not of a table this importer reads; its rows are skipped");
        }
        table_by_query_.emplace(name, table);
        return table;
    }

    // An "added" event with counter 0 is part of a query's initial run (its first, or the first
    // after the schedule epoch changed): the whole result set, with no "removed" rows for what
    // went before. All its lines share the epoch and unixTime.
    static void restart_if_initial_run(simdjson::dom::object event, QueryState& query) {
        simdjson::dom::element value;
        if (event["counter"].get(value) != simdjson::SUCCESS) {
            return;
        }
        const auto counter = scalar_text(value);
        if (!counter || *counter != "0") {
            query.initial_run.reset();
            return;
        }
        std::string run;
        for (std::string_view key : {"epoch", "unixTime"}) {
            if (event[key].get(value) == simdjson::SUCCESS) {
                run += scalar_text(value).value_or("?");
            }
            run += '/';
        }
        if (query.initial_run != run) {
            query.rows.clear();
            query.initial_run = run;
        }
    }

    Row to_row(simdjson::dom::object columns, const TableSpec& spec, std::size_t line) {
        Row row;
        row.line = line;
        row.values.reserve(spec.used.size());
        for (std::string_view column : spec.used) {
            simdjson::dom::element value;
            std::string text;
            if (columns[column].get(value) == simdjson::SUCCESS) {
                auto scalar = scalar_text(value);
                if (scalar && scalar->size() <= kMaxFieldBytes) {
                    text = trim(*scalar);
                } else {
                    warn("inventory.bad_value",
                         "line " + std::to_string(line) + " " + std::string(column),
                         std::string(column) + " is not a short scalar; ignored");
                }
            }
            row.values.push_back(std::move(text));
        }
        return row;
    }

    void add_rows(QueryState& query,
                  const TableSpec& spec,
                  const std::vector<simdjson::dom::object>& rows,
                  std::size_t line) {
        for (simdjson::dom::object columns : rows) {
            if (query.rows.size() >= kMaxRowsPerQuery) {
                if (!query.warned_full) {
                    warn("osquery.too_many_rows", "line " + std::to_string(line),
                         "more than " + std::to_string(kMaxRowsPerQuery) +
                             " rows for one query of one host; the rest are ignored");
                    query.warned_full = true;
                }
                return;
            }
            Row row = to_row(columns, spec, line);
            if (spec.keep == nullptr || spec.keep(row.values)) {
                query.rows.push_back(std::move(row));
            }
        }
    }

    // Removes one row equal to `row`; one the file never added (the log began later) is no loss.
    static void remove_row(QueryState& query, const Row& row) {
        const auto found = std::find_if(query.rows.begin(), query.rows.end(),
                                        [&](const Row& kept) { return kept.values == row.values; });
        if (found != query.rows.end()) {
            query.rows.erase(found);
        }
    }

    // True when some query of `table` reported on `host`, even with no rows.
    static bool has_query(const HostState& host, Table table) {
        return std::any_of(host.queries.begin(), host.queries.end(),
                           [table](const auto& query) { return query.second.table == table; });
    }

    // Rows of every query of `table` on `host`.
    static std::vector<const Row*> rows_of(const HostState& host, Table table) {
        std::vector<const Row*> rows;
        for (const auto& [name, query] : host.queries) {
            if (query.table == table) {
                for (const Row& row : query.rows) {
                    rows.push_back(&row);
                }
            }
        }
        return rows;
    }

    ObservedAsset build(const HostState& host) {
        ObservedAsset asset;
        asset.source_key = host.id;
        asset.location = "line " + std::to_string(host.first_line);
        if (host.newest_unix_time) {
            asset.last_seen = format_timestamp(Timestamp{*host.newest_unix_time * 1000});
        }
        std::string system_hostname;
        for (const Row* row : rows_of(host, Table::kSystemInfo)) {
            // hostname, computer_name, hardware_vendor, hardware_model, hardware_serial
            const auto& v = row->values;
            if (system_hostname.empty()) {
                system_hostname = !v[0].empty() ? v[0] : v[1];
            }
            if (asset.manufacturer.empty()) {
                asset.manufacturer = v[2];
            }
            if (asset.model.empty()) {
                asset.model = v[3];
            }
            if (asset.serial.empty() && !v[4].empty()) {
                if (is_placeholder_serial(v[4])) {
                    diagnostics_.add(Severity::kInfo, "osquery.placeholder_serial", source_,
                                     "line " + std::to_string(row->line),
                                     "hardware_serial '" + v[4] +
                                         "' is a firmware placeholder, not a serial; ignored");
                } else {
                    asset.serial = v[4];
                }
            }
        }
        std::string name = host.hostname;
        if (name.empty()) {
            name = system_hostname;
        }
        if (name.empty() && !is_uuid(host.id)) {
            name = host.id;
        }
        const auto dot = name.find('.');
        if (dot != std::string::npos && dot > 0 && !is_ip_address(name)) {
            asset.hostname = name.substr(0, dot);
            asset.fqdn = name;
        } else {
            asset.hostname = name;
        }

        std::string distro;
        add_os(host, asset, distro);
        add_packages(host, asset, distro);
        add_addresses(host, asset);
        add_exposures(host, asset);
        add_protection_facts(host, asset);
        add_encryption_fact(host, asset);
        add_smb1_fact(host, asset);
        add_hotfix_facts(host, asset);
        return asset;
    }

    void bad_fact(const Row& row, std::string message) {
        warn("inventory.bad_fact", "line " + std::to_string(row.line), std::move(message));
    }

    // windows_security_products (type, name, state, signatures_up_to_date): Windows Security
    // Center's registered products; its antivirus products decide endpoint_protection. osquery
    // writes state as On, Off, Snoozed or Expired (Unknown for anything else) and
    // signatures_up_to_date as 1 or 0.
    void add_protection_facts(const HostState& host, ObservedAsset& asset) {
        std::vector<const Row*> active;
        std::vector<const Row*> inactive;
        bool unreadable = false;
        for (const Row* row : rows_of(host, Table::kWindowsSecurityProducts)) {
            const auto& v = row->values;
            if (!iequals(v[0], "Antivirus")) {
                continue;  // firewalls and antispyware registrations
            }
            const std::string state = to_lower(v[2]);
            if (state == "on") {
                active.push_back(row);
            } else if (state == "off" || state == "snoozed" || state == "expired") {
                inactive.push_back(row);
            } else {
                unreadable = true;
                bad_fact(*row, "windows_security_products state '" + truncate_utf8(v[2], 64) +
                                   "' of '" + truncate_utf8(v[1], 200) +
                                   "' is not On, Off, Snoozed or Expired; the product is left out");
            }
        }
        if (!active.empty()) {
            add_products(active, "active", asset);
            add_signature_fact(active, asset);
        } else if (!inactive.empty()) {
            add_products(inactive, "inactive", asset);
        } else if (!unreadable && has_query(host, Table::kWindowsSecurityProducts) &&
                   asset.kind == AssetKind::kEndpoint && !asset.os.empty() &&
                   asset.os.front().family == "Windows") {
            // Security Center exists on Windows client editions only: an empty answer from a
            // server, or from a host whose system the log does not name, says nothing.
            add_fact(asset, kFactEndpointProtection, "none", asset.location);
        }
    }

    static void add_products(const std::vector<const Row*>& rows,
                             std::string_view state,
                             ObservedAsset& asset) {
        const std::string location = "line " + std::to_string(rows.front()->line);
        add_fact(asset, kFactEndpointProtection, std::string(state), location);
        for (const Row* row : rows) {
            if (!row->values[1].empty()) {
                add_fact(asset, kFactEndpointProtectionProduct, row->values[1],
                         "line " + std::to_string(row->line));
            }
        }
    }

    // Up to date only when every running antivirus says so.
    void add_signature_fact(const std::vector<const Row*>& active, ObservedAsset& asset) {
        bool all_current = true;
        for (const Row* row : active) {
            const std::string& value = row->values[3];
            if (value != "0" && value != "1") {
                bad_fact(*row, "windows_security_products signatures_up_to_date '" +
                                   truncate_utf8(value, 64) + "' of '" +
                                   truncate_utf8(row->values[1], 200) +
                                   "' is neither 1 nor 0; endpoint_protection_updated is left out");
                return;
            }
            all_current = all_current && value == "1";
        }
        add_fact(asset, kFactEndpointProtectionUpdated, all_current ? "yes" : "no",
                 "line " + std::to_string(active.front()->line));
    }

    enum class Volume { kOn, kOff, kPartial, kUnknown };

    // bitlocker_info (drive_letter, conversion_status, protection_status), from
    // Win32_EncryptableVolume: ConversionStatus 0 fully decrypted, 1 fully encrypted, 2..5
    // encrypting or decrypting (running or paused); ProtectionStatus 0 off, 1 on, 2 unknown (a
    // locked volume). Protection off on an encrypted volume (suspended) leaves the key in the clear
    // on the disk, so the volume counts as off.
    Volume bitlocker_volume(const Row& row) {
        const auto& v = row.values;
        const auto conversion = parse_int(v[1]);
        if (!conversion || *conversion < 0 || *conversion > 5) {
            bad_fact(row, "bitlocker_info conversion_status '" + truncate_utf8(v[1], 64) +
                              "' of drive '" + truncate_utf8(v[0], 64) +
                              "' is not 0 to 5; the volume is left out");
            return Volume::kUnknown;
        }
        if (*conversion >= 2) {
            return Volume::kPartial;
        }
        if (v[2] == "1") {
            return Volume::kOn;
        }
        if (v[2] == "0") {
            return Volume::kOff;
        }
        if (v[2] != "2") {
            bad_fact(row, "bitlocker_info protection_status '" + truncate_utf8(v[2], 64) +
                              "' of drive '" + truncate_utf8(v[0], 64) +
                              "' is not 0, 1 or 2; the volume is left out");
        }
        return Volume::kUnknown;
    }

    // disk_encryption (name, encrypted, filevault_status) on Linux and macOS: encrypted is 1 or
    // 0; on macOS filevault_status (on, off, unknown) decides.
    Volume posix_volume(const Row& row) {
        const auto& v = row.values;
        if (!v[2].empty()) {
            const std::string status = to_lower(v[2]);
            if (status == "on" || status == "off") {
                return status == "on" ? Volume::kOn : Volume::kOff;
            }
            if (status != "unknown") {
                bad_fact(row, "disk_encryption filevault_status '" + truncate_utf8(v[2], 64) +
                                  "' of '" + truncate_utf8(v[0], 200) +
                                  "' is not on, off or unknown; the disk is left out");
            }
            return Volume::kUnknown;
        }
        if (v[1] == "1" || v[1] == "0") {
            return v[1] == "1" ? Volume::kOn : Volume::kOff;
        }
        bad_fact(row, "disk_encryption encrypted '" + truncate_utf8(v[1], 64) + "' of '" +
                          truncate_utf8(v[0], 200) + "' is neither 1 nor 0; the disk is left out");
        return Volume::kUnknown;
    }

    // on when every volume the host reports is protected, off when none is, partial otherwise (or
    // while any converts). BitLocker volumes without a drive letter (recovery and system
    // partitions, which BitLocker does not encrypt) are left out when the host has lettered ones.
    void add_encryption_fact(const HostState& host, ObservedAsset& asset) {
        std::vector<Volume> volumes;
        std::size_t first_line = 0;
        const auto note = [&](Volume volume, std::size_t line) {
            if (volume != Volume::kUnknown) {
                volumes.push_back(volume);
                first_line = first_line == 0 ? line : std::min(first_line, line);
            }
        };
        const auto bitlocker = rows_of(host, Table::kBitlockerInfo);
        const bool lettered = std::any_of(bitlocker.begin(), bitlocker.end(),
                                          [](const Row* row) { return !row->values[0].empty(); });
        for (const Row* row : bitlocker) {
            if (!lettered || !row->values[0].empty()) {
                note(bitlocker_volume(*row), row->line);
            }
        }
        for (const Row* row : rows_of(host, Table::kDiskEncryption)) {
            note(posix_volume(*row), row->line);
        }
        if (volumes.empty()) {
            return;
        }
        const auto all = [&](Volume state) {
            return std::all_of(volumes.begin(), volumes.end(),
                               [state](Volume volume) { return volume == state; });
        };
        const std::string value = all(Volume::kOn) ? "on" : all(Volume::kOff) ? "off" : "partial";
        add_fact(asset, kFactDiskEncryption, value, "line " + std::to_string(first_line));
    }

    // windows_optional_features (name, state, statename), the SMB1Protocol row only: state 1
    // Enabled, 2 Disabled, 3 Absent (the feature's files removed), 4 Unknown (Win32_OptionalFeature
    // InstallState). A query that selected only the state's name is read by the name.
    static std::string feature_state(const Row& row) {
        const auto& v = row.values;
        if (!v[1].empty()) {
            return v[1];
        }
        static constexpr std::array<std::string_view, 4> kNames{"enabled", "disabled", "absent",
                                                                "unknown"};
        const std::string name = to_lower(v[2]);
        const auto found = std::find(kNames.begin(), kNames.end(), name);
        return found == kNames.end() ? v[2] : std::to_string(found - kNames.begin() + 1);
    }

    void add_smb1_fact(const HostState& host, ObservedAsset& asset) {
        for (const Row* row : rows_of(host, Table::kWindowsOptionalFeatures)) {
            const std::string state = feature_state(*row);
            if (state == "1" || state == "2" || state == "3") {
                add_fact(asset, kFactSmb1, state == "1" ? "enabled" : "disabled",
                         "line " + std::to_string(row->line));
            } else if (state != "4") {
                bad_fact(*row, "windows_optional_features state '" + truncate_utf8(state, 64) +
                                   "' of SMB1Protocol is not 1, 2 or 3 (Enabled, Disabled, "
                                   "Absent); smb1 is left out");
            }
        }
    }

    // patches (hotfix_id): Win32_QuickFixEngineering's updates, "KB4012212".
    void add_hotfix_facts(const HostState& host, ObservedAsset& asset) {
        for (const Row* row : rows_of(host, Table::kPatches)) {
            if (auto kb = canonical_hotfix(row->values[0])) {
                add_fact(asset, kFactHotfix, std::move(*kb), "line " + std::to_string(row->line));
            } else if (!row->values[0].empty()) {
                bad_fact(*row, "patches hotfix_id '" + truncate_utf8(row->values[0], 64) +
                                   "' is not an update id of the form KB4012212; it is left out");
            }
        }
    }

    void add_os(const HostState& host, ObservedAsset& asset, std::string& distro) {
        const auto rows = rows_of(host, Table::kOsVersion);
        if (rows.empty()) {
            return;
        }
        // name, version, build, platform
        const auto& v = rows.front()->values;
        const std::string platform = to_lower(v[3]);
        ObservedOs os;
        os.name = v[0];
        os.version = v[1];
        os.build = v[2];
        if (platform == "windows") {
            os.vendor = "Microsoft";
            os.family = "Windows";
        } else if (platform == "darwin") {
            os.vendor = "Apple";
            os.family = "macOS";
        } else if (platform == "freebsd") {
            os.family = "FreeBSD";
        } else if (!platform.empty()) {
            os.family = "Linux";
            distro = platform;  // "ubuntu", "debian", "rhel", "centos", "fedora", "amzn"
        }
        if (os.name.empty()) {
            reject("inventory.missing_product", "line " + std::to_string(rows.front()->line),
                   "os_version has no name; the operating system is left out");
            return;
        }
        ObservedComponent component;
        component.type = "operating-system";
        component.vendor = os.vendor;
        component.product = os.name;
        component.version = os.version;
        component.location = "line " + std::to_string(rows.front()->line);
        // Windows says which it is in its name; Macs are workstations and laptops; a Linux
        // distribution could be either.
        if (os.family == "Windows") {
            asset.kind = os.name.find("Server") != std::string::npos ? AssetKind::kServer
                                                                     : AssetKind::kEndpoint;
        } else if (os.family == "macOS") {
            asset.kind = AssetKind::kEndpoint;
        }
        asset.os.push_back(std::move(os));
        asset.components.push_back(std::move(component));
    }

    void add_component(ObservedAsset& asset,
                       std::set<std::string>& seen,
                       ObservedComponent component,
                       std::size_t line) {
        component.type = "application";
        component.location = "line " + std::to_string(line);
        if (component.product.empty()) {
            reject("inventory.missing_product", component.location,
                   "a package without a name is left out");
            return;
        }
        const std::string key = component.vendor + '\n' + component.product + '\n' +
                                component.version + '\n' + component.purl;
        if (!seen.insert(key).second) {
            return;  // the same package from two queries
        }
        if (component.version.empty()) {
            warn("inventory.missing_version", component.location,
                 component.product + " has no version; kept without one");
        }
        asset.components.push_back(std::move(component));
    }

    void add_packages(const HostState& host, ObservedAsset& asset, const std::string& distro) {
        std::set<std::string> seen;
        for (const Row* row : rows_of(host, Table::kPrograms)) {
            // name, version, publisher
            ObservedComponent component;
            component.product = row->values[0];
            component.version = row->values[1];
            component.vendor = row->values[2];
            add_component(asset, seen, std::move(component), row->line);
        }
        for (const Row* row : rows_of(host, Table::kDebPackages)) {
            add_component(asset, seen, deb_component(row->values, distro), row->line);
        }
        for (const Row* row : rows_of(host, Table::kRpmPackages)) {
            add_component(asset, seen, rpm_component(row->values, distro), row->line);
        }
    }

    // name, version, revision, arch, maintainer
    static ObservedComponent deb_component(const std::vector<std::string>& v,
                                           const std::string& distro) {
        ObservedComponent component;
        component.product = v[0];
        component.version = v[1];
        // osquery's version is the full Debian version; older builds left the revision out.
        if (!v[2].empty() && !component.version.empty() &&
            !component.version.ends_with("-" + v[2])) {
            component.version += "-" + v[2];
        }
        // "Ubuntu Developers <address>": the team, without the mail address.
        component.vendor = std::string(trim(v[4].substr(0, v[4].find('<'))));
        if (!distro.empty() && !component.product.empty() && !component.version.empty()) {
            component.purl = "pkg:deb/" + purl_encode(distro) + "/" +
                             purl_encode(component.product) + "@" + purl_encode(component.version);
            if (!v[3].empty()) {
                component.purl += "?arch=" + purl_encode(v[3]);
            }
        }
        return component;
    }

    // name, version, release, epoch, arch, vendor
    static ObservedComponent rpm_component(const std::vector<std::string>& v,
                                           const std::string& distro) {
        ObservedComponent component;
        component.product = v[0];
        component.version = v[1];
        if (!v[2].empty() && !component.version.empty()) {
            component.version += "-" + v[2];
        }
        component.vendor = v[5];
        if (!distro.empty() && !component.product.empty() && !component.version.empty()) {
            component.purl = "pkg:rpm/" + purl_encode(distro) + "/" +
                             purl_encode(component.product) + "@" + purl_encode(component.version);
            std::vector<std::string> qualifiers;  // sorted by key, as purl asks
            if (!v[4].empty()) {
                qualifiers.push_back("arch=" + purl_encode(v[4]));
            }
            if (!v[3].empty() && v[3] != "0") {
                qualifiers.push_back("epoch=" + purl_encode(v[3]));
            }
            if (!qualifiers.empty()) {
                component.purl += "?" + join(qualifiers, "&");
            }
        }
        return component;
    }

    void add_addresses(const HostState& host, ObservedAsset& asset) {
        for (const Row* row : rows_of(host, Table::kInterfaceAddresses)) {
            const std::string& address = row->values[1];
            if (address.empty() || is_loopback_or_link_local(address)) {
                continue;
            }
            if (!is_ip_address(address)) {
                warn("inventory.bad_ip", "line " + std::to_string(row->line),
                     "interface address '" + address + "' is not an IP address; dropped");
                continue;
            }
            if (std::find(asset.ips.begin(), asset.ips.end(), address) == asset.ips.end()) {
                asset.ips.push_back(address);
            }
        }
        for (const Row* row : rows_of(host, Table::kInterfaceDetails)) {
            const std::string& text = row->values[1];
            if (text.empty()) {
                continue;  // loopback and tunnels have none
            }
            const auto mac = canonical_mac(text);
            if (!mac) {
                warn("inventory.bad_mac", "line " + std::to_string(row->line),
                     "interface MAC '" + text + "' is not a MAC address; dropped");
                continue;
            }
            if (*mac != "00:00:00:00:00:00" &&
                std::find(asset.macs.begin(), asset.macs.end(), *mac) == asset.macs.end()) {
                asset.macs.push_back(*mac);
            }
        }
    }

    void add_exposures(const HostState& host, ObservedAsset& asset) {
        for (const Row* row : rows_of(host, Table::kListeningPorts)) {
            // port, protocol, address, family, path
            const auto& v = row->values;
            const std::string location = "line " + std::to_string(row->line);
            if (!v[4].empty() || v[3] == "1") {
                continue;  // a UNIX domain socket: not on the network
            }
            // A service bound to loopback cannot be reached from another machine, so it is not
            // an exposure of the asset.
            if (!v[2].empty() && is_loopback_or_link_local(v[2])) {
                continue;
            }
            const auto port = parse_int(v[0]);
            if (!port || *port < 1 || *port > 65535) {
                warn("osquery.bad_port", location,
                     "listening port '" + v[0] + "' is not a port number; dropped");
                continue;
            }
            ObservedExposure exposure;
            exposure.port = static_cast<std::uint16_t>(*port);
            if (v[1] == "6") {
                exposure.protocol = "tcp";
            } else if (v[1] == "17") {
                exposure.protocol = "udp";
            } else if (v[1] == "132") {
                exposure.protocol = "sctp";
            } else {
                warn("osquery.bad_port", location,
                     "protocol '" + v[1] + "' of port " + v[0] +
                         " is not TCP, UDP or SCTP; "
                         "dropped");
                continue;
            }
            exposure.state = "listening";
            if (!v[2].empty()) {
                if (is_ip_address(v[2])) {
                    exposure.address = v[2];
                } else {
                    warn("inventory.bad_ip", location,
                         "listening address '" + v[2] + "' is not an IP address; dropped");
                }
            }
            if (std::find(asset.exposures.begin(), asset.exposures.end(), exposure) ==
                asset.exposures.end()) {
                asset.exposures.push_back(std::move(exposure));
            }
        }
    }

    const std::string& source_;
    Diagnostics& diagnostics_;
    std::vector<HostState> hosts_;
    std::unordered_map<std::string, std::size_t> host_index_;
    std::unordered_map<std::string, Table> table_by_query_;
    std::optional<std::int64_t> newest_unix_time_;
};

}  // namespace

Result<ObservedReport> parse_osquery_results(InputFile& file,
                                             Diagnostics& diagnostics,
                                             const AssetSink& sink) {
    ObservedReport report;
    report.format = "osquery";
    report.tool = "osquery";
    LineReader reader(file);
    Replay replay(file.name(), diagnostics);
    simdjson::dom::parser parser;
    bool first = true;
    for (;;) {
        auto next = reader.next();
        if (!next) {
            return propagate(next.error());
        }
        if (!*next) {
            break;
        }
        LineReader::Line line = **next;
        if (first && line.text.substr(0, 3) == "\xEF\xBB\xBF") {
            line.text.remove_prefix(3);
        }
        first = false;
        if (trim(line.text).empty()) {
            continue;
        }
        simdjson::dom::element root;
        if (auto error = parser.parse(line.text.data(), line.text.size(), true).get(root);
            error != simdjson::SUCCESS) {
            if (!line.terminated) {
                diagnostics.add(Severity::kWarning, "osquery.truncated_line", file.name(),
                                "line " + std::to_string(line.number),
                                "the last line is cut short (a copy of a log being written); "
                                "it is ignored");
                break;
            }
            return make_error(ErrorCode::kInvalidArgument,
                              std::string("not valid JSON: ") + simdjson::error_message(error),
                              file.name() + " line " + std::to_string(line.number));
        }
        WARDROUND_TRY(replay.apply(root, line.number));
    }
    WARDROUND_TRY(replay.emit(report, sink));
    return report;
}

}  // namespace wardround::inventory

// SPDX-License-Identifier: Apache-2.0
// Files as the real formats lay them out: the inventory CSV repeats the asset's fields on each of
// its component rows (docs/inventory-csv.md), the register has one row per device, and the scan is
// nmap's -oX XML with one <host> per machine that has listening services.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <span>
#include <string_view>

#include <wardround/core/time.h>
#include <wardround/inventory/device_register.h>
#include <wardround/inventory/inventory_csv.h>
#include <wardround/synth/synth_writer.h>

namespace wardround::synth {
namespace {

using inventory::AssetKind;
using inventory::ObservedAsset;

// RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled.
void append_field(std::string& line, std::string_view value) {
    if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
        line += value;
        return;
    }
    line += '"';
    for (const char c : value) {
        if (c == '"') {
            line += '"';
        }
        line += c;
    }
    line += '"';
}

void append_xml(std::string& out, std::string_view value) {
    for (const char c : value) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
}

std::string joined(const std::vector<std::string>& values) {
    std::string text;
    for (const std::string& value : values) {
        text += (text.empty() ? "" : ";") + value;
    }
    return text;
}

std::string_view flag(const std::optional<bool>& value) {
    if (!value) {
        return "";
    }
    return *value ? "yes" : "no";
}

// A file written through a buffer; errors surface at close.
class OutputFile {
public:
    explicit OutputFile(std::string path) : path_(std::move(path)) {}

    [[nodiscard]] Status open() {
        stream_.open(path_, std::ios::binary | std::ios::trunc);
        if (!stream_) {
            return make_error(ErrorCode::kUnavailable, "cannot create the file", path_);
        }
        return {};
    }
    void write(const std::string& text) {
        stream_.write(text.data(), static_cast<std::streamsize>(text.size()));
    }
    [[nodiscard]] Status close() {
        stream_.close();
        if (!stream_) {
            return make_error(ErrorCode::kUnavailable, "writing the file failed", path_);
        }
        return {};
    }
    [[nodiscard]] const std::string& path() const { return path_; }

private:
    std::string path_;
    std::ofstream stream_;
};

std::string header(std::span<const std::string_view> columns) {
    std::string line;
    for (const std::string_view column : columns) {
        if (!line.empty()) {
            line += ',';
        }
        line += column;
    }
    return line + "\n";
}

// The asset's columns of the inventory CSV (asset_id .. last_seen), ending with a comma.
void asset_fields(const ObservedAsset& asset, std::string& line) {
    const bool keyed_by_serial = asset.kind == AssetKind::kMedicalDevice;
    const std::string_view os_name =
        asset.os.empty() ? std::string_view() : std::string_view(asset.os.front().name);
    const std::string_view os_version =
        asset.os.empty() ? std::string_view() : std::string_view(asset.os.front().version);
    for (const std::string_view value :
         {keyed_by_serial ? std::string_view() : std::string_view(asset.source_key),
          std::string_view(asset.hostname), std::string_view(asset.fqdn),
          inventory::asset_kind_name(asset.kind)}) {
        append_field(line, value);
        line += ',';
    }
    append_field(line, joined(asset.ips));
    line += ',';
    append_field(line, joined(asset.macs));
    line += ',';
    for (const std::string_view value :
         {std::string_view(asset.serial), os_name, os_version, std::string_view(asset.manufacturer),
          std::string_view(asset.model), std::string_view(asset.site),
          std::string_view(asset.department), std::string_view(asset.owner),
          flag(asset.internet_facing), std::string_view(asset.criticality),
          std::string_view(asset.last_seen)}) {
        append_field(line, value);
        line += ',';
    }
}

// The fact a posture column holds: the column's name, but for "hotfixes" (one "hotfix" fact each).
std::string_view fact_of_column(std::string_view column) {
    return column == "hotfixes" ? inventory::kFactHotfix : column;
}

// True when the device register has a column for the fact: a medical device's such facts are
// written there, not in the inventory CSV.
bool register_fact(std::string_view name) {
    const auto& columns = inventory::kDeviceRegisterColumns;
    return std::find(columns.begin(), columns.end(), name) != columns.end();
}

// The fact columns of `columns` from index `first` on, each with its leading comma: the asset's
// values of that fact joined with "; ", or empty; facts the register carries are left out when
// `without_register_facts`. "" when no fact is written (the row may then stop short: the importers
// read missing trailing columns as empty).
std::string fact_fields(const ObservedAsset& asset,
                        std::span<const std::string_view> columns,
                        std::size_t first,
                        bool without_register_facts) {
    std::string line;
    bool any = false;
    for (std::size_t i = first; i < columns.size(); ++i) {
        const std::string_view name = fact_of_column(columns[i]);
        std::string value;
        if (!without_register_facts || !register_fact(name)) {
            for (const inventory::ObservedFact& fact : asset.facts) {
                if (fact.name == name) {
                    value += (value.empty() ? "" : "; ") + fact.value;
                }
            }
        }
        any = any || !value.empty();
        line += ',';
        append_field(line, value);
    }
    return any ? line : std::string();
}

std::size_t column_index(std::span<const std::string_view> columns, std::string_view name) {
    return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), name) -
                                    columns.begin());
}

// The inventory CSV's posture columns (endpoint_protection onwards). A medical device's facts that
// the register carries are left to the register.
std::string posture_fields(const ObservedAsset& asset) {
    const auto& columns = inventory::kInventoryCsvColumns;
    return fact_fields(asset, columns, column_index(columns, "endpoint_protection"),
                       asset.kind == AssetKind::kMedicalDevice);
}

// The asset's rows; its posture columns on the first only (a later row may leave them blank).
void inventory_rows(const ObservedAsset& asset, std::string& out) {
    std::string prefix;
    asset_fields(asset, prefix);
    const std::string posture = posture_fields(asset);
    // Medical devices are on the register; only their embedded operating system (and what its
    // agent reports) is listed here.
    if (asset.components.empty() || asset.kind == AssetKind::kMedicalDevice) {
        out += prefix;
        out += ",,,,,";
        out += posture;
        out += '\n';
        return;
    }
    bool first = true;
    for (const inventory::ObservedComponent& component : asset.components) {
        out += prefix;
        for (const std::string_view value :
             {std::string_view(component.vendor), std::string_view(component.product),
              std::string_view(component.version), std::string_view(component.cpe),
              std::string_view(component.purl)}) {
            append_field(out, value);
            out += ',';
        }
        append_field(out, component.type);
        if (first) {
            out += posture;
            first = false;
        }
        out += '\n';
    }
}

void register_row(const ObservedAsset& asset, std::string& out) {
    // Named, so the views below outlive the loop (temporaries in its list would not).
    const std::string ips = joined(asset.ips);
    const std::string macs = joined(asset.macs);
    const std::string_view version =
        asset.components.empty() ? "" : std::string_view(asset.components.front().version);
    bool first = true;
    for (const std::string_view value :
         {std::string_view(asset.serial), std::string_view(asset.manufacturer),
          std::string_view(asset.model), version, std::string_view(asset.hostname),
          std::string_view(ips), std::string_view(macs), std::string_view(asset.site),
          std::string_view(asset.department), flag(asset.network_connected),
          std::string_view(asset.supported_until), std::string_view(asset.mds2)}) {
        if (!first) {
            out += ',';
        }
        first = false;
        append_field(out, value);
    }
    // The posture columns after mds2 (network_segment, default_credentials).
    const auto& columns = inventory::kDeviceRegisterColumns;
    out += fact_fields(asset, columns, column_index(columns, "mds2") + 1, false);
    out += '\n';
}

void scan_host(const ObservedAsset& asset, std::string& out) {
    out += R"(<host><status state="up" reason="arp-response"/>)";
    out += '\n';
    for (const std::string& ip : asset.ips) {
        out += "<address addr=\"" + ip + "\" addrtype=\"ipv4\"/>\n";
    }
    for (const std::string& mac : asset.macs) {
        out += "<address addr=\"" + mac + "\" addrtype=\"mac\"/>\n";
    }
    if (!asset.fqdn.empty()) {
        out += "<hostnames><hostname name=\"";
        append_xml(out, asset.fqdn);
        out += "\" type=\"PTR\"/></hostnames>\n";
    }
    out += "<ports>\n";
    for (const inventory::ObservedExposure& exposure : asset.exposures) {
        out += "<port protocol=\"" + exposure.protocol + "\" portid=\"" +
               std::to_string(exposure.port) + "\"><state state=\"" + exposure.state +
               R"(" reason="syn-ack"/><service name=")";
        append_xml(out, exposure.service);
        out += '"';
        if (!exposure.product.empty()) {
            out += " product=\"";
            append_xml(out, exposure.product);
            out += '"';
        }
        if (!exposure.version.empty()) {
            out += " version=\"";
            append_xml(out, exposure.version);
            out += '"';
        }
        out += " method=\"probed\" conf=\"10\"/></port>\n";
    }
    out += "</ports></host>\n";
}

std::string path_in(const std::string& directory, const std::string& name) {
    return (std::filesystem::path(directory) / name).string();
}

// The three files of one organisation, written as assets arrive.
class OrganisationWriter {
public:
    OrganisationWriter(const std::string& directory, std::string code)
        : code_(std::move(code)),
          inventory_(path_in(directory, code_ + "-inventory.csv")),
          register_(path_in(directory, code_ + "-register.csv")),
          scan_(path_in(directory, code_ + "-scan.xml")) {}

    [[nodiscard]] Status open(const std::string& as_of) {
        WARDROUND_TRY(inventory_.open());
        WARDROUND_TRY(register_.open());
        WARDROUND_TRY(scan_.open());
        inventory_.write(header(inventory::kInventoryCsvColumns));
        register_.write(header(inventory::kDeviceRegisterColumns));
        // The scan's start is the estate's day at 00:00 UTC, so the file is the same every run.
        const auto start = parse_timestamp(as_of);
        start_ = std::to_string(start ? start->ms_since_epoch / 1000 : std::int64_t{0});
        scan_.write(R"(<?xml version="1.0" encoding="UTF-8"?>)"
                    "\n"
                    R"(<nmaprun scanner="nmap" args="nmap -sV -oX )" +
                    code_ + R"(-scan.xml" start=")" + start_ +
                    R"(" version="7.94" xmloutputversion="1.05">)" + "\n");
        return {};
    }

    void add(const ObservedAsset& asset) {
        counts_.add(asset);
        buffer_.clear();
        if (asset.kind == AssetKind::kMedicalDevice) {
            register_row(asset, buffer_);
            register_.write(buffer_);
            ++register_assets_;
            buffer_.clear();
        }
        // Medical devices are on the register; those with an embedded Windows are listed here too.
        if (asset.kind != AssetKind::kMedicalDevice || !asset.os.empty()) {
            inventory_rows(asset, buffer_);
            inventory_.write(buffer_);
            ++inventory_assets_;
            buffer_.clear();
        }
        if (!asset.exposures.empty()) {
            scan_host(asset, buffer_);
            scan_.write(buffer_);
            ++scanned_;
        }
    }

    [[nodiscard]] Result<SynthFiles> finish() {
        const std::string hosts = std::to_string(scanned_);
        scan_.write(R"(<runstats><finished time=")" + start_ + R"(" exit="success"/><hosts up=")" +
                    hosts + R"(" down="0" total=")" + hosts + R"("/></runstats>)" +
                    "\n</nmaprun>\n");
        WARDROUND_TRY(inventory_.close());
        WARDROUND_TRY(register_.close());
        WARDROUND_TRY(scan_.close());
        SynthFiles files;
        files.org_code = code_;
        files.counts = counts_;
        files.inventory_csv = keep(inventory_assets_, inventory_.path());
        files.register_csv = keep(register_assets_, register_.path());
        files.scan_xml = keep(scanned_, scan_.path());
        return files;
    }

private:
    // A file with no asset is removed, so an import never sees a header-only file.
    static std::string keep(std::int64_t assets, const std::string& path) {
        if (assets > 0) {
            return path;
        }
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
        return {};
    }

    std::string code_;
    OutputFile inventory_;
    OutputFile register_;
    OutputFile scan_;
    std::string start_;
    std::string buffer_;
    SynthCounts counts_;
    std::int64_t inventory_assets_ = 0;
    std::int64_t register_assets_ = 0;
    std::int64_t scanned_ = 0;
};

}  // namespace

Result<std::string> write_organisations_csv(const SynthEstate& estate,
                                            const std::string& directory) {
    OutputFile file(path_in(directory, "organisations.csv"));
    WARDROUND_TRY(file.open());
    std::string text = "code,name,type,parent_code,sector\n";
    for (const SynthOrganisation& org : estate.organisations()) {
        bool first = true;
        for (const std::string* value :
             {&org.code, &org.name, &org.type, &org.parent_code, &org.sector}) {
            if (!first) {
                text += ',';
            }
            first = false;
            append_field(text, *value);
        }
        text += '\n';
    }
    file.write(text);
    WARDROUND_TRY(file.close());
    return file.path();
}

Result<SynthFiles> write_organisation_files(const SynthEstate& estate,
                                            std::size_t org_index,
                                            const std::string& directory) {
    const SynthOrganisation& org = estate.organisations().at(org_index);
    OrganisationWriter writer(directory, org.code);
    WARDROUND_TRY(writer.open(estate.options().as_of));
    estate.generate(org_index, [&writer](ObservedAsset&& asset) { writer.add(asset); });
    return writer.finish();
}

}  // namespace wardround::synth

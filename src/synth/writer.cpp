// SPDX-License-Identifier: Apache-2.0
// Files as the real formats lay them out: the inventory CSV repeats the asset's fields on each of
// its component rows (docs/inventory-csv.md), the register has one row per device, and the scan is
// nmap's -oX XML with one <host> per machine that has listening services.
#include <filesystem>
#include <fstream>
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
         {std::string_view(keyed_by_serial ? "" : asset.source_key),
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

void inventory_rows(const ObservedAsset& asset, std::string& out) {
    std::string prefix;
    asset_fields(asset, prefix);
    // Medical devices are on the register; only their embedded operating system is listed here.
    if (asset.components.empty() || asset.kind == AssetKind::kMedicalDevice) {
        out += prefix;
        out += ",,,,,\n";
        return;
    }
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
    out += '\n';
}

void scan_host(const ObservedAsset& asset, std::string& out) {
    out += "<host><status state=\"up\" reason=\"arp-response\"/>\n";
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
               "\" reason=\"syn-ack\"/><service name=\"";
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
    SynthFiles files;
    files.org_code = org.code;
    OutputFile inventory_file(path_in(directory, org.code + "-inventory.csv"));
    OutputFile register_file(path_in(directory, org.code + "-register.csv"));
    OutputFile scan_file(path_in(directory, org.code + "-scan.xml"));
    WARDROUND_TRY(inventory_file.open());
    WARDROUND_TRY(register_file.open());
    WARDROUND_TRY(scan_file.open());
    inventory_file.write(header(inventory::kInventoryCsvColumns));
    register_file.write(header(inventory::kDeviceRegisterColumns));
    // The scan's start is the estate's day at 00:00 UTC, so the file is the same on every run.
    const auto start = parse_timestamp(estate.options().as_of);
    const std::string start_text =
        std::to_string(start ? start->ms_since_epoch / 1000 : std::int64_t{0});
    scan_file.write(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<nmaprun scanner=\"nmap\" args=\"nmap "
        "-sV -oX " +
        org.code + "-scan.xml\" start=\"" + start_text +
        "\" version=\"7.94\" xmloutputversion=\"1.05\">\n");

    std::int64_t inventory_assets = 0;
    std::int64_t register_assets = 0;
    std::int64_t scanned = 0;
    std::string buffer;
    estate.generate(org_index, [&](ObservedAsset&& asset) {
        files.counts.add(asset);
        buffer.clear();
        if (asset.kind == AssetKind::kMedicalDevice) {
            register_row(asset, buffer);
            register_file.write(buffer);
            ++register_assets;
            buffer.clear();
        }
        if (asset.kind != AssetKind::kMedicalDevice || !asset.os.empty()) {
            inventory_rows(asset, buffer);
            inventory_file.write(buffer);
            ++inventory_assets;
            buffer.clear();
        }
        if (!asset.exposures.empty()) {
            scan_host(asset, buffer);
            scan_file.write(buffer);
            ++scanned;
        }
    });
    scan_file.write("<runstats><finished time=\"" + start_text +
                    "\" exit=\"success\"/><hosts up=\"" + std::to_string(scanned) +
                    "\" down=\"0\" total=\"" + std::to_string(scanned) +
                    "\"/></runstats>\n</nmaprun>\n");
    WARDROUND_TRY(inventory_file.close());
    WARDROUND_TRY(register_file.close());
    WARDROUND_TRY(scan_file.close());
    // Files with no asset are left out, so an import never sees a header-only file.
    const auto keep = [](std::int64_t count, const std::string& path, std::string& name) {
        if (count > 0) {
            name = path;
        } else {
            std::error_code ignored;
            std::filesystem::remove(path, ignored);
        }
    };
    keep(inventory_assets, inventory_file.path(), files.inventory_csv);
    keep(register_assets, register_file.path(), files.register_csv);
    keep(scanned, scan_file.path(), files.scan_xml);
    return files;
}

}  // namespace wardround::synth

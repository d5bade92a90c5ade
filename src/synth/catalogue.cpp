// SPDX-License-Identifier: Apache-2.0
// The catalogue tables are small CSV files (a '#' comment line, a header, rows) read with the
// project's CSV reader. Every row is checked here, once, so the generator can trust them.
#include "synth/catalogue.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>
#include <utility>

#include <wardround/core/csv.h>
#include <wardround/core/input_file.h>
#include <wardround/core/text.h>

namespace wardround::synth::detail {
namespace {

using Row = std::vector<std::string>;

Error table_error(std::string_view table, std::size_t line, const std::string& message) {
    return Error{ErrorCode::kInternal, "synthetic estate catalogue: " + message,
                 "data/synth/" + std::string(table) + ".csv line " + std::to_string(line)};
}

// Calls `row` for every data row (comment and header lines skipped) with exactly `columns` fields.
Status read_table(const char* text,
                  std::string_view table,
                  std::size_t columns,
                  const std::function<Status(const Row&, std::size_t)>& row) {
    InputFile file = InputFile::from_memory(std::string(table) + ".csv", text);
    CsvReader reader(file);
    Row fields;
    bool header_seen = false;
    while (true) {
        auto more = reader.next(fields);
        if (!more) {
            return propagate(more.error());
        }
        if (!*more) {
            break;
        }
        if (!fields.empty() && fields.front().starts_with('#')) {
            continue;
        }
        if (fields.size() != columns) {
            return propagate(table_error(
                table, reader.line(),
                std::to_string(fields.size()) + " fields, expected " + std::to_string(columns)));
        }
        if (!header_seen) {
            header_seen = true;
            continue;
        }
        WARDROUND_TRY(row(fields, reader.line()));
    }
    if (!header_seen) {
        return propagate(table_error(table, 0, "no header"));
    }
    return {};
}

Result<std::uint32_t> number(const std::string& text, std::string_view table, std::size_t line) {
    std::uint32_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc() || ptr != end) {
        return propagate(table_error(table, line, "'" + text + "' is not a whole number"));
    }
    return value;
}

// "22/ssh/OpenSSH;443/https/Microsoft IIS httpd/10.0"
Result<std::vector<Service>> services(const std::string& text,
                                      std::string_view table,
                                      std::size_t line) {
    std::vector<Service> list;
    if (text.empty()) {
        return list;
    }
    for (const std::string_view item : split(text, ';')) {
        const std::vector<std::string_view> parts = split(item, '/');
        if (parts.size() < 3 || parts.size() > 4) {
            return propagate(table_error(
                table, line,
                "service '" + std::string(item) + "' is not port/service/product[/version]"));
        }
        auto port = number(std::string(parts[0]), table, line);
        if (!port || *port == 0 || *port > 65535) {
            return propagate(table_error(table, line, "bad port in '" + std::string(item) + "'"));
        }
        list.push_back(Service{static_cast<std::uint16_t>(*port), std::string(parts[1]),
                               std::string(parts[2]),
                               parts.size() == 4 ? std::string(parts[3]) : std::string()});
    }
    return list;
}

std::optional<OsRole> os_role(std::string_view name) {
    if (name == "endpoint") {
        return OsRole::kEndpoint;
    }
    if (name == "windows-server") {
        return OsRole::kWindowsServer;
    }
    if (name == "linux-server") {
        return OsRole::kLinuxServer;
    }
    if (name == "embedded") {
        return OsRole::kEmbedded;
    }
    return std::nullopt;
}

Status load_operating_systems(Catalogue& catalogue) {
    constexpr std::string_view kTable = "operating_systems";
    WARDROUND_TRY(read_table(kOperatingSystemsCsv, kTable, 6, [&](const Row& f, std::size_t line) {
        const auto role = os_role(f[0]);
        auto weight = number(f[5], kTable, line);
        if (!role || !weight || *weight == 0) {
            return Status(propagate(table_error(kTable, line, "bad role or weight")));
        }
        OsEntry entry{f[1], f[2], f[3], f[4], ""};
        if (entry.family == "Windows") {
            const std::vector<std::string_view> parts = split(entry.version, '.');
            if (parts.size() >= 3) {
                entry.build = std::string(parts[2]);
            }
        }
        const auto r = static_cast<std::size_t>(*role);
        catalogue.os_by_role[r].push_back(catalogue.os.size());
        catalogue.os_weights[r].add(*weight);
        catalogue.os.push_back(std::move(entry));
        return Status{};
    }));
    for (std::size_t r = 0; r < kOsRoles; ++r) {
        if (catalogue.os_by_role[r].empty()) {
            return propagate(table_error(kTable, 0, "a role has no operating system"));
        }
    }
    return {};
}

Status sort_packages_by_role(Catalogue& catalogue);

Status load_packages(Catalogue& catalogue) {
    constexpr std::string_view kPackages = "packages";
    std::map<std::string, std::size_t, std::less<>> index;
    WARDROUND_TRY(read_table(kPackagesCsv, kPackages, 5, [&](const Row& f, std::size_t line) {
        Package package;
        package.name = f[0];
        for (std::size_t r = 0; r < kPackageRoles; ++r) {
            auto percent = number(f[1 + r], kPackages, line);
            if (!percent || *percent > 100) {
                return Status(propagate(table_error(kPackages, line, "bad share")));
            }
            package.percent[r] = *percent;
        }
        auto list = services(f[4], kPackages, line);
        if (!list) {
            return Status(propagate(list.error()));
        }
        package.services = std::move(*list);
        if (!index.emplace(package.name, catalogue.packages.size()).second) {
            return Status(propagate(table_error(kPackages, line, "duplicate package")));
        }
        catalogue.packages.push_back(std::move(package));
        return Status{};
    }));
    constexpr std::string_view kSoftware = "software";
    WARDROUND_TRY(read_table(kSoftwareCsv, kSoftware, 8, [&](const Row& f, std::size_t line) {
        const auto found = index.find(f[0]);
        auto weight = number(f[4], kSoftware, line);
        if (found == index.end() || !weight || *weight == 0 || f[2].empty() || f[3].empty()) {
            return Status(propagate(table_error(
                kSoftware, line, "unknown package, bad weight, or no product or version")));
        }
        Package& package = catalogue.packages[found->second];
        package.versions.push_back(SoftwareVersion{f[1], f[2], f[3], f[5], f[6], f[7]});
        package.weights.add(*weight);
        return Status{};
    }));
    return sort_packages_by_role(catalogue);
}

// Every package needs a version; each role's packages are mandatory (100%) or optional.
Status sort_packages_by_role(Catalogue& catalogue) {
    for (std::size_t i = 0; i < catalogue.packages.size(); ++i) {
        const Package& package = catalogue.packages[i];
        if (package.versions.empty()) {
            return propagate(
                table_error("software", 0, "package " + package.name + " has no rows"));
        }
        for (std::size_t r = 0; r < kPackageRoles; ++r) {
            if (package.percent[r] == 100) {
                catalogue.mandatory[r].push_back(i);
            } else if (package.percent[r] > 0) {
                catalogue.optional[r].push_back(i);
            }
        }
    }
    return {};
}

// For each endpoint target count, the scale k that makes the expected number of components
// (mandatory + sum of min(1, k * share)) meet it, found by bisection, as per-package thresholds.
Status endpoint_thresholds(Catalogue& catalogue) {
    const auto endpoint = static_cast<std::size_t>(PackageRole::kEndpoint);
    const std::vector<std::size_t>& optional = catalogue.optional[endpoint];
    const auto mandatory = static_cast<double>(catalogue.mandatory[endpoint].size());
    if (mandatory + static_cast<double>(optional.size()) < kTargetHigh || mandatory > kTargetLow) {
        return propagate(table_error("packages", 0,
                                     "the endpoint packages cannot give " +
                                         std::to_string(kTargetLow) + " to " +
                                         std::to_string(kTargetHigh) + " components"));
    }
    const auto expected = [&](double k) {
        double sum = mandatory;
        for (const std::size_t i : optional) {
            sum += std::min(1.0, k * catalogue.packages[i].percent[endpoint] / 100.0);
        }
        return sum;
    };
    constexpr double kTwoTo32 = 4294967296.0;
    for (std::uint32_t target = kTargetLow; target <= kTargetHigh; ++target) {
        double low = 0.0;
        double high = 100.0;
        for (int step = 0; step < 60; ++step) {
            const double middle = (low + high) / 2;
            (expected(middle) < target ? low : high) = middle;
        }
        std::vector<std::uint32_t> thresholds;
        thresholds.reserve(optional.size());
        for (const std::size_t i : optional) {
            const double p = std::min(1.0, high * catalogue.packages[i].percent[endpoint] / 100.0);
            thresholds.push_back(p >= 1.0 ? UINT32_MAX : static_cast<std::uint32_t>(p * kTwoTo32));
        }
        catalogue.endpoint_thresholds.push_back(std::move(thresholds));
    }
    return {};
}

Status load_appliances(Catalogue& catalogue) {
    constexpr std::string_view kTable = "appliances";
    return read_table(kAppliancesCsv, kTable, 8, [&](const Row& f, std::size_t line) {
        auto weight = number(f[4], kTable, line);
        auto list = services(f[6], kTable, line);
        if (!weight || *weight == 0 || !list || (f[5] != "yes" && f[5] != "no")) {
            return Status(propagate(table_error(kTable, line, "bad weight, services or flag")));
        }
        catalogue.appliances.push_back(
            Appliance{f[0], f[1], f[2], f[3], f[5] == "yes", std::move(*list), f[7]});
        catalogue.appliance_weights.add(*weight);
        return Status{};
    });
}

Status load_medical_devices(Catalogue& catalogue) {
    constexpr std::string_view kTable = "medical_devices";
    return read_table(kMedicalDevicesCsv, kTable, 10, [&](const Row& f, std::size_t line) {
        auto weight = number(f[3], kTable, line);
        if (!weight || *weight == 0 || f[4].empty()) {
            return Status(propagate(table_error(kTable, line, "bad weight or no department")));
        }
        MedicalDevice device;
        device.manufacturer = f[0];
        device.model = f[1];
        device.version = f[2];
        for (const std::string_view department : split(f[4], ';')) {
            device.departments.emplace_back(department);
        }
        if (!f[5].empty()) {
            const auto& embedded =
                catalogue.os_by_role[static_cast<std::size_t>(OsRole::kEmbedded)];
            const auto found = std::find_if(embedded.begin(), embedded.end(), [&](std::size_t i) {
                return catalogue.os[i].name == f[5] && catalogue.os[i].version == f[6];
            });
            if (found == embedded.end()) {
                return Status(propagate(table_error(kTable, line, "unknown embedded OS")));
            }
            device.embedded_os = static_cast<std::ptrdiff_t>(*found);
        }
        device.supported_until = f[7];
        catalogue.medical_devices.push_back(std::move(device));
        catalogue.medical_weights.add(*weight);
        return Status{};
    });
}

}  // namespace

Result<Catalogue> load_catalogue() {
    Catalogue catalogue;
    WARDROUND_TRY(load_operating_systems(catalogue));
    WARDROUND_TRY(load_packages(catalogue));
    WARDROUND_TRY(endpoint_thresholds(catalogue));
    WARDROUND_TRY(load_appliances(catalogue));
    WARDROUND_TRY(load_medical_devices(catalogue));
    if (catalogue.appliances.empty() || catalogue.medical_devices.empty()) {
        return propagate(table_error("appliances", 0, "no appliances or medical devices"));
    }
    return catalogue;
}

}  // namespace wardround::synth::detail

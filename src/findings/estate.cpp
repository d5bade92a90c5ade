// SPDX-License-Identifier: Apache-2.0
#include "findings/estate.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "findings/scope.h"

namespace wardround::findings::detail {
namespace {

std::string id_filter(const std::vector<std::int64_t>& ids,
                      std::size_t begin,
                      std::size_t end,
                      const char* column) {
    return ids.empty() ? std::string()
                       : std::string(" WHERE ") + column + " IN " + id_list(ids, begin, end);
}

// The position just after the `count`th unescaped ':' of a CPE 2.3 string, or npos.
std::size_t after_colons(std::string_view cpe, int count) {
    for (std::size_t i = 0; i < cpe.size(); ++i) {
        if (cpe[i] == '\\') {
            ++i;
        } else if (cpe[i] == ':' && --count == 0) {
            return i + 1;
        }
    }
    return std::string_view::npos;
}

class EstateBuilder {
public:
    explicit EstateBuilder(Estate& estate) : estate_(estate) {}

    // The index of a distinct name, parsing it the first time; -1 when it does not parse.
    std::int64_t intern(const std::string& cpe) {
        const auto found = index_.find(cpe);
        if (found != index_.end()) {
            return found->second;
        }
        auto software = match::Software::from_cpe(cpe);
        std::int64_t id = -1;
        if (software) {
            id = static_cast<std::int64_t>(estate_.software.size());
            estate_.software.push_back(std::move(*software));
            estate_.software_names.push_back(cpe);
        }
        index_.emplace(cpe, id);
        return id;
    }

    void use(EstateAsset& asset, const std::string& cpe, SoftwareUse use) {
        const std::int64_t id = intern(cpe);
        if (id >= 0) {
            use.software = static_cast<std::uint32_t>(id);
            asset.uses.push_back(std::move(use));
        }
    }

    // The same name under the other vendor:product names NVD files the product under (Microsoft
    // Edge is both microsoft:edge and microsoft:edge_chromium).
    void use_aliases(EstateAsset& asset,
                     const std::string& cpe,
                     const std::string& also,
                     const SoftwareUse& use) {
        if (also.empty()) {
            return;
        }
        const nlohmann::json names = nlohmann::json::parse(also, nullptr, false);
        const std::size_t tail = after_colons(cpe, 5);
        if (!names.is_array() || tail == std::string::npos) {
            return;
        }
        for (const auto& name : names) {
            if (!name.is_string()) {
                continue;
            }
            const std::string text = name.get<std::string>();
            const std::size_t colon = text.find(':');
            if (colon == std::string::npos) {
                continue;
            }
            this->use(asset, cpe.substr(0, after_colons(cpe, 3)) + text + ":" + cpe.substr(tail),
                      use);
        }
    }

    // A component's package URL, when OSV knows its ecosystem; false otherwise.
    bool use_package(EstateAsset& asset,
                     const std::string& purl,
                     const std::string& reported_version,
                     std::int64_t component_id,
                     const std::string& identity) {
        auto parsed = match::parse_package_url(purl);
        if (!parsed) {
            return false;
        }
        const auto osv = match::osv_package_for(*parsed);
        if (!osv) {
            return false;
        }
        const std::string version = parsed->version.empty() ? reported_version : parsed->version;
        const std::string key = osv->ecosystem + "|" + osv->name + "|" + version;
        auto found = packages_.find(key);
        if (found == packages_.end()) {
            const std::string bare = purl.substr(0, purl.find('@'));
            found =
                packages_.emplace(key, static_cast<std::uint32_t>(estate_.packages.size())).first;
            estate_.packages.push_back(EstatePackage{bare, *osv, version});
        }
        asset.packages.push_back(PackageUse{found->second, component_id, identity});
        return true;
    }

    // Firmware named by manufacturer and model: what medical-device advisories match.
    void use_device(EstateAsset& asset,
                    const std::string& manufacturer,
                    const std::string& model,
                    const std::string& version,
                    std::int64_t component_id) {
        if (manufacturer.empty() || model.empty()) {
            return;
        }
        const std::string key = manufacturer + "|" + model + "|" + version;
        auto found = devices_.find(key);
        if (found == devices_.end()) {
            found = devices_.emplace(key, static_cast<std::uint32_t>(estate_.devices.size())).first;
            estate_.devices.push_back(match::CsafDevice{manufacturer, model, version});
        }
        asset.devices.push_back(DeviceUse{found->second, component_id});
    }

private:
    Estate& estate_;
    std::unordered_map<std::string, std::int64_t> index_;
    std::unordered_map<std::string, std::uint32_t> packages_;
    std::unordered_map<std::string, std::uint32_t> devices_;
};

// One part of the estate (the assets of some ids) read into it: the assets with their operating
// systems, then their components, then the services they expose.
class PartLoader {
public:
    PartLoader(store::Database& database,
               EstateBuilder& builder,
               std::unordered_map<std::int64_t, std::size_t>& by_id,
               Estate& estate)
        : database_(database), builder_(builder), by_id_(by_id), estate_(estate) {}

    Status assets(const std::string& filter) {
        return database_.query(
            "SELECT id, org_id, COALESCE(hostname, fqdn, ''), internet_facing, "
            "COALESCE(criticality, ''), COALESCE(os_cpe, ''), COALESCE(os_version, '') FROM asset" +
                filter + " ORDER BY id",
            {}, [this](const store::Row& row) -> Status { return add_asset(row); });
    }

    Status components(const std::string& filter) {
        return database_.query(
            "SELECT c.asset_id, c.id, COALESCE(p.cpe, ''), COALESCE(c.version, ''), "
            "COALESCE(p.method, ''), p.confidence, COALESCE(p.also, ''), "
            "COALESCE(c.purl, p.purl, ''), COALESCE(c.type, ''), COALESCE(c.vendor, ''), "
            "COALESCE(c.product, '') FROM component c "
            "JOIN product_identity p ON p.id = c.identity_id" +
                filter,
            {}, [this](const store::Row& row) -> Status { return add_component(row); });
    }

    Status exposures(const std::string& filter) {
        return database_.query(
            "SELECT asset_id, COALESCE(cpes, '[]'), COALESCE(version, ''), port, protocol "
            "FROM exposure" +
                filter,
            {}, [this](const store::Row& row) -> Status { return add_exposure(row); });
    }

private:
    Status add_asset(const store::Row& row) {
        EstateAsset asset;
        asset.id = row.get_int(0);
        asset.org_id = row.get_int(1);
        asset.hostname = row.get_text(2);
        asset.internet_facing = !row.is_null(3) && row.get_int(3) != 0;
        asset.criticality = row.get_text(4);
        const std::string os = row.get_text(5);
        if (!os.empty()) {
            builder_.use(asset, os, SoftwareUse{0, 0, "os", row.get_text(6), "operating system"});
        }
        by_id_.emplace(asset.id, estate_.assets.size());
        estate_.assets.push_back(std::move(asset));
        return {};
    }

    Status add_component(const store::Row& row) {
        EstateAsset* asset = loaded(row.get_int(0));
        if (asset == nullptr) {
            return {};
        }
        const std::string cpe = row.get_text(2);
        const std::string identity = row.get_text(4) + " " + std::to_string(row.get_int(5));
        const bool packaged = builder_.use_package(*asset, row.get_text(7), row.get_text(3),
                                                   row.get_int(1), identity);
        const bool device =
            row.get_text(8) == "firmware" && !row.get_text(9).empty() && !row.get_text(10).empty();
        if (device) {
            builder_.use_device(*asset, row.get_text(9), row.get_text(10), row.get_text(3),
                                row.get_int(1));
        }
        if (cpe.empty()) {
            estate_.unresolved_components += packaged || device ? 0 : 1;
            return {};
        }
        SoftwareUse use{0, row.get_int(1), "component", row.get_text(3), identity};
        builder_.use(*asset, cpe, use);
        builder_.use_aliases(*asset, cpe, row.get_text(6), use);
        return {};
    }

    Status add_exposure(const store::Row& row) {
        EstateAsset* asset = loaded(row.get_int(0));
        if (asset == nullptr) {
            return {};
        }
        const nlohmann::json cpes = nlohmann::json::parse(row.get_text(1), nullptr, false);
        if (!cpes.is_array()) {
            return {};
        }
        for (const auto& cpe : cpes) {
            if (!cpe.is_string()) {
                continue;
            }
            const std::string name = cpe.get<std::string>();
            builder_.use(
                *asset, name,
                SoftwareUse{0, 0, "service", row.get_text(2),
                            "service " + std::to_string(row.get_int(3)) + "/" + row.get_text(4)});
            if (const std::int64_t id = builder_.intern(name); id >= 0) {
                asset->service_products.push_back(
                    product_of(estate_.software[static_cast<std::size_t>(id)].cpe));
            }
        }
        return {};
    }

    // The asset a component or exposure row belongs to; nullptr when this part did not load it.
    EstateAsset* loaded(std::int64_t asset_id) {
        const auto found = by_id_.find(asset_id);
        return found == by_id_.end() ? nullptr : &estate_.assets[found->second];
    }

    store::Database& database_;
    EstateBuilder& builder_;
    std::unordered_map<std::int64_t, std::size_t>& by_id_;
    Estate& estate_;
};

}  // namespace

Status load_part(store::Database& database,
                 const std::string& asset_filter,
                 const std::string& component_filter,
                 const std::string& exposure_filter,
                 EstateBuilder& builder,
                 std::unordered_map<std::int64_t, std::size_t>& by_id,
                 Estate& estate);

Status assets_running(store::Database& database,
                      const vuln::Cpe& cpe,
                      std::set<std::int64_t>& assets) {
    const std::string part = vuln::to_cpe23_value(cpe.part());
    const std::string vendor = vuln::to_cpe23_value(cpe.vendor());
    const std::string product = vuln::to_cpe23_value(cpe.product());
    const auto add = [&assets](const store::Row& row) -> Status {
        assets.insert(row.get_int(0));
        return {};
    };
    const store::Value names[] = {store::Value{vendor}, store::Value{product}, store::Value{part}};
    WARDROUND_TRY(database.query(
        "SELECT DISTINCT c.asset_id FROM product_identity p JOIN component c ON "
        "c.identity_id = p.id WHERE p.cpe_vendor = ? AND p.cpe_product = ? AND p.cpe_part = ?",
        names, add));
    const std::string prefix = "cpe:2.3:" + part + ":" + vendor + ":" + product + ":";
    std::string after = prefix;
    after.back() = ';';  // the character after ':'
    const store::Value range[] = {store::Value{prefix}, store::Value{after}};
    return database.query("SELECT id FROM asset WHERE os_cpe >= ? AND os_cpe < ?", range, add);
}

std::string product_of(const vuln::Cpe& cpe) {
    return vuln::to_cpe23_value(cpe.part()) + ":" + vuln::to_cpe23_value(cpe.vendor()) + ":" +
           vuln::to_cpe23_value(cpe.product());
}

Result<Estate> load_estate(store::Database& database, const EstateFilter& filter) {
    Estate estate;
    EstateBuilder builder(estate);
    std::unordered_map<std::int64_t, std::size_t> by_id;
    const bool by_asset = !filter.asset_ids.empty();
    const std::vector<std::int64_t>& ids = by_asset ? filter.asset_ids : filter.org_ids;
    const std::size_t step = by_asset ? kIdsPerQuery : std::max<std::size_t>(ids.size(), 1);
    for (std::size_t begin = 0; begin < std::max<std::size_t>(ids.size(), 1); begin += step) {
        const std::size_t end = std::min(ids.size(), begin + step);
        WARDROUND_TRY(load_part(database, id_filter(ids, begin, end, by_asset ? "id" : "org_id"),
                                id_filter(ids, begin, end, by_asset ? "c.asset_id" : "c.org_id"),
                                id_filter(ids, begin, end, by_asset ? "asset_id" : "org_id"),
                                builder, by_id, estate));
    }
    return estate;
}

Status load_part(store::Database& database,
                 const std::string& asset_filter,
                 const std::string& component_filter,
                 const std::string& exposure_filter,
                 EstateBuilder& builder,
                 std::unordered_map<std::int64_t, std::size_t>& by_id,
                 Estate& estate) {
    PartLoader loader(database, builder, by_id, estate);
    WARDROUND_TRY(loader.assets(asset_filter));
    WARDROUND_TRY(loader.components(component_filter));
    return loader.exposures(exposure_filter);
}

}  // namespace wardround::findings::detail

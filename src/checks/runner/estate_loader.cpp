// SPDX-License-Identifier: Apache-2.0
#include "checks/runner/estate_loader.h"

#include <map>
#include <optional>

namespace wardround::checks::detail {

using store::Row;
using store::Value;

Result<std::int64_t> org_id_of(store::Database& database, const std::string& code) {
    const Value params[] = {Value{code}};
    auto id = database.query_value("SELECT id FROM organisation WHERE code = ?", params);
    WARDROUND_TRY(id);
    if (!*id || !std::holds_alternative<std::int64_t>(**id)) {
        return make_error(ErrorCode::kNotFound, "no organisation has the code " + code);
    }
    return std::get<std::int64_t>(**id);
}

namespace {

std::optional<bool> optional_bool(const Row& row, std::size_t column) {
    return row.is_null(column) ? std::nullopt : std::optional<bool>(row.get_int(column) != 0);
}

}  // namespace

std::string text(const Row& row, std::size_t column) {
    return row.is_null(column) ? std::string() : row.get_text(column);
}

EstateLoader::EstateLoader(store::Database& database, std::int64_t org_id, Date today)
    : database_(database), org_id_(org_id), today_(today) {}

Result<std::vector<AssetRecord>> EstateLoader::load() {
    WARDROUND_TRY(load_assets());
    WARDROUND_TRY(load_services());
    WARDROUND_TRY(load_components());
    WARDROUND_TRY(load_facts());
    WARDROUND_TRY(load_sboms());
    WARDROUND_TRY(load_mds2());
    WARDROUND_TRY(load_kev_overdue());
    link_segments();
    return std::move(assets_);
}

AssetRecord* EstateLoader::find(std::int64_t id) {
    const auto found = index_.find(id);
    return found == index_.end() ? nullptr : &assets_[found->second];
}

Status EstateLoader::each(std::string_view sql, const Use& use) {
    const Value params[] = {Value{org_id_}};
    return database_.query(sql, params, [&](const Row& row) -> Status {
        if (AssetRecord* asset = find(row.get_int(0))) {
            use(*asset, row);
        }
        return {};
    });
}

Status EstateLoader::load_assets() {
    const Value params[] = {Value{org_id_}};
    return database_.query(
        "SELECT id, kind, hostname, os_name, os_version, os_build, os_cpe, manufacturer, "
        "model, site, department, criticality, internet_facing, network_connected, "
        "supported_until, last_seen, stale FROM asset WHERE org_id = ? ORDER BY id",
        params, [&](const Row& row) -> Status {
            AssetRecord asset;
            asset.id = row.get_int(0);
            asset.kind = text(row, 1);
            asset.hostname = text(row, 2);
            asset.os_name = text(row, 3);
            asset.os_version = text(row, 4);
            asset.os_build = text(row, 5);
            asset.os_cpe = text(row, 6);
            asset.manufacturer = text(row, 7);
            asset.model = text(row, 8);
            asset.site = text(row, 9);
            asset.department = text(row, 10);
            asset.criticality = text(row, 11);
            asset.internet_facing = optional_bool(row, 12);
            asset.network_connected = optional_bool(row, 13);
            asset.supported_until = text(row, 14);
            asset.last_seen = text(row, 15);
            asset.stale = row.get_int(16) != 0;
            index_.emplace(asset.id, assets_.size());
            assets_.push_back(std::move(asset));
            return {};
        });
}

Status EstateLoader::load_services() {
    // Sources that scan or list an asset's listening ports: for their assets a port that is
    // not listed is closed; for the others it is unknown.
    WARDROUND_TRY(
        each("SELECT DISTINCT asset_id FROM asset_source WHERE org_id = ? AND "
             "source IN ('nmap', 'osquery') AND stale = 0",
             [](AssetRecord& asset, const Row&) { asset.services_known = true; }));
    return each(
        "SELECT asset_id, port, protocol, service FROM exposure WHERE org_id = ? AND "
        "(state IS NULL OR state IN ('open', 'listening'))",
        [](AssetRecord& asset, const Row& row) {
            asset.services_known = true;
            asset.services.push_back({row.get_int(1), text(row, 2), text(row, 3)});
        });
}

Status EstateLoader::load_components() {
    return each(
        "SELECT c.asset_id, c.vendor, c.product, c.version, p.cpe_vendor, p.cpe_product "
        "FROM component c JOIN product_identity p ON p.id = c.identity_id "
        "WHERE c.org_id = ?",
        [](AssetRecord& asset, const Row& row) {
            // "Mozilla Firefox", not "Mozilla Mozilla Firefox": products often repeat the vendor.
            const std::string vendor = text(row, 1);
            const std::string product = text(row, 2);
            std::string name =
                vendor.empty() || product.starts_with(vendor) ? product : vendor + " " + product;
            if (!text(row, 3).empty()) {
                name += " " + text(row, 3);
            }
            asset.components.push_back({std::move(name), text(row, 4), text(row, 5), text(row, 3)});
        });
}

Status EstateLoader::load_facts() {
    return each("SELECT asset_id, name, value FROM asset_fact WHERE org_id = ?",
                [](AssetRecord& asset, const Row& row) {
                    asset.facts.emplace_back(text(row, 1), text(row, 2));
                });
}

// The newest MDS2 form of each manufacturer and model, for the assets of that model.
Status EstateLoader::load_mds2() {
    std::map<std::pair<std::string, std::string>, std::int64_t> newest;
    std::map<std::int64_t, std::string> label;
    std::map<std::int64_t, std::vector<std::pair<std::string, std::string>>> answers;
    const Value params[] = {Value{org_id_}};
    WARDROUND_TRY(database_.query(
        "SELECT id, manufacturer_key, model_key, manufacturer, model, document_id, source_file "
        "FROM mds2_form WHERE org_id = ? ORDER BY id",
        params, [&](const Row& row) -> Status {
            const std::int64_t id = row.get_int(0);
            newest[{text(row, 1), text(row, 2)}] = id;
            const std::string document = text(row, 5).empty() ? text(row, 6) : text(row, 5);
            label[id] = "MDS2 " + text(row, 3) + " " + text(row, 4) + " (" + document + ")";
            return {};
        }));
    if (newest.empty()) {
        return {};
    }
    WARDROUND_TRY(database_.query(
        "SELECT a.form_id, a.question_id, a.answer FROM mds2_answer a JOIN mds2_form f ON "
        "f.id = a.form_id WHERE f.org_id = ?",
        params, [&](const Row& row) -> Status {
            answers[row.get_int(0)].emplace_back(text(row, 1), text(row, 2));
            return {};
        }));
    for (AssetRecord& asset : assets_) {
        const auto form = newest.find({name_key(asset.manufacturer), name_key(asset.model)});
        if (form != newest.end()) {
            asset.mds2_form = label[form->second];
            asset.mds2_answers = answers[form->second];
        }
    }
    return {};
}

Status EstateLoader::load_sboms() {
    return each(
        "SELECT DISTINCT asset_id FROM asset_source WHERE org_id = ? AND "
        "format IN ('cyclonedx', 'spdx')",
        [](AssetRecord& asset, const Row&) { asset.sbom_provided = true; });
}

Status EstateLoader::load_kev_overdue() {
    const std::string today = format_date(today_);
    return each(
        "SELECT f.asset_id, f.due_date FROM finding f JOIN kev_entry k ON k.cve_id = f.vuln_id "
        "WHERE f.org_id = ? AND f.status IN ('new', 'open', 'reopened') AND f.due_date IS NOT "
        "NULL",
        [&today](AssetRecord& asset, const Row& row) {
            if (text(row, 1) < today) {
                ++asset.kev_overdue;
            }
        });
}

// For each asset whose segment is known, how many endpoints and servers other than itself
// share it (the device standard's "segmented" requirement).
void EstateLoader::link_segments() {
    std::map<std::string, std::int64_t> general;
    const auto segment_of = [](const AssetRecord& asset) -> std::string {
        for (const auto& [name, value] : asset.facts) {
            if (name == "network_segment") {
                return value;
            }
        }
        return {};
    };
    const auto is_general = [](const AssetRecord& asset) {
        return asset.kind == "endpoint" || asset.kind == "server";
    };
    for (const AssetRecord& asset : assets_) {
        if (const std::string segment = segment_of(asset); !segment.empty() && is_general(asset)) {
            ++general[segment];
        }
    }
    for (AssetRecord& asset : assets_) {
        if (const std::string segment = segment_of(asset); !segment.empty()) {
            asset.segment_neighbours = general[segment] - (is_general(asset) ? 1 : 0);
        }
    }
}

}  // namespace wardround::checks::detail

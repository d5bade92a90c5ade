// SPDX-License-Identifier: Apache-2.0
#include "checks/runner/estate_loader.h"

#include <map>
#include <optional>

#include <fmt/format.h>

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

AssetRecord asset_from_row(const Row& row) {
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
    return asset;
}

InstalledComponent component_from_row(const Row& row, std::size_t first) {
    const std::string vendor = text(row, first);
    std::string product = text(row, first + 1);
    std::string version = text(row, first + 2);
    // "Mozilla Firefox", not "Mozilla Mozilla Firefox": products often repeat the vendor.
    std::string name =
        vendor.empty() || product.starts_with(vendor) ? std::move(product) : vendor + " " + product;
    if (!version.empty()) {
        name += ' ';
        name += version;
    }
    return {std::move(name), text(row, first + 3), text(row, first + 4), std::move(version)};
}

EstateLoader::EstateLoader(store::Database& database,
                           std::int64_t org_id,
                           Date today,
                           std::string kind)
    : database_(database), org_id_(org_id), today_(today), kind_(std::move(kind)) {}

Result<std::vector<AssetRecord>> EstateLoader::load() {
    WARDROUND_TRY(load_assets());
    WARDROUND_TRY(load_services());
    WARDROUND_TRY(load_components());
    WARDROUND_TRY(load_facts());
    WARDROUND_TRY(load_sboms());
    WARDROUND_TRY(load_mds2());
    WARDROUND_TRY(load_kev_overdue());
    WARDROUND_TRY(link_segments());
    return std::move(assets_);
}

AssetRecord* EstateLoader::find(std::int64_t id) {
    const auto found = index_.find(id);
    return found == index_.end() ? nullptr : &assets_[found->second];
}

Status EstateLoader::each(std::string_view sql, const Use& use) {
    const Value params[] = {Value{org_id_}};
    return each(sql, params, use);
}

Status EstateLoader::each(std::string_view sql, std::span<const Value> params, const Use& use) {
    return database_.query(sql, params, [&](const Row& row) -> Status {
        if (AssetRecord* asset = find(row.get_int(0))) {
            use(*asset, row);
        }
        return {};
    });
}

Status EstateLoader::each_loaded(std::string_view select,
                                 std::string_view table,
                                 std::string_view order_by,
                                 const Use& use) {
    std::string sql(select);
    std::vector<Value> params = {Value{org_id_}};
    if (kind_.empty()) {
        sql += fmt::format(" WHERE {}.org_id = ?", table);
    } else {
        // By asset alone, so that the database reads only these assets' rows (an asset's rows
        // carry its organisation: the inventory store writes them under the one it matched in).
        sql += fmt::format(
            " WHERE {}.asset_id IN (SELECT id FROM asset WHERE org_id = ? AND kind = ?)", table);
        params.emplace_back(kind_);
    }
    if (!order_by.empty()) {
        sql += fmt::format(" ORDER BY {}", order_by);
    }
    return each(sql, params, use);
}

Status EstateLoader::load_assets() {
    std::string sql = fmt::format("SELECT {} FROM asset WHERE org_id = ?", kAssetColumns);
    std::vector<Value> params = {Value{org_id_}};
    if (!kind_.empty()) {
        sql += " AND kind = ?";
        params.emplace_back(kind_);
    }
    sql += " ORDER BY id";
    return database_.query(sql, params, [&](const Row& row) -> Status {
        AssetRecord asset = asset_from_row(row);
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
    // The whole organisation's come in the order of the index on the organisation, by id; a load
    // of one kind asks for that order, so that an asset lists its components alike either way. The
    // whole organisation's are not sorted: millions of rows for the largest.
    return each_loaded(fmt::format("SELECT c.asset_id, {} FROM component c JOIN product_identity p "
                                   "ON p.id = c.identity_id",
                                   kComponentColumns),
                       "c", kind_.empty() ? "" : "c.id", [](AssetRecord& asset, const Row& row) {
                           asset.components.push_back(component_from_row(row, 1));
                       });
}

Status EstateLoader::load_facts() {
    // The order of the index on the organisation and name, which SQLite reads them by anyway: an
    // asset's facts, and so its segment (the first network_segment), then come alike on every
    // backend and in a load of one kind.
    return each_loaded("SELECT asset_id, name, value FROM asset_fact", "asset_fact",
                       "name, asset_id, source, value", [](AssetRecord& asset, const Row& row) {
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
// share it (the device standard's "segmented" requirement). An asset's segment is its first
// network_segment fact in load_facts' order. The endpoints and servers are counted from their
// facts in the database, as a load of one kind holds none of them.
Status EstateLoader::link_segments() {
    std::map<std::string, std::int64_t> general;
    std::optional<std::int64_t> counted;
    const Value params[] = {Value{org_id_}};
    WARDROUND_TRY(database_.query(
        "SELECT f.asset_id, f.value FROM asset_fact f JOIN asset a ON a.id = f.asset_id WHERE "
        "f.org_id = ? AND a.org_id = f.org_id AND f.name = 'network_segment' AND a.kind IN "
        "('endpoint', 'server') ORDER BY f.asset_id, f.source, f.value",
        params, [&](const Row& row) -> Status {
            if (counted != row.get_int(0)) {
                counted = row.get_int(0);
                if (const std::string segment = text(row, 1); !segment.empty()) {
                    ++general[segment];
                }
            }
            return {};
        }));
    const auto segment_of = [](const AssetRecord& asset) -> std::string {
        for (const auto& [name, value] : asset.facts) {
            if (name == "network_segment") {
                return value;
            }
        }
        return {};
    };
    for (AssetRecord& asset : assets_) {
        if (const std::string segment = segment_of(asset); !segment.empty()) {
            const bool is_general = asset.kind == "endpoint" || asset.kind == "server";
            asset.segment_neighbours = general[segment] - (is_general ? 1 : 0);
        }
    }
    return {};
}

}  // namespace wardround::checks::detail

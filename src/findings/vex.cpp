// SPDX-License-Identifier: Apache-2.0
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <utility>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <wardround/core/text.h>
#include <wardround/core/time.h>
#include <wardround/findings/vex.h>

#include "findings/scope.h"

namespace wardround::findings {
namespace {

using Json = nlohmann::json;
using store::Value;

std::string text_at(const Json& object, const char* key) {
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// An asset of the organisation by id, serial or host name.
Result<std::int64_t> find_asset(store::Database& database,
                                std::int64_t org_id,
                                const std::string& asset) {
    const Value params[] = {Value{org_id}, Value{asset}, Value{to_upper(asset)},
                            Value{to_lower(asset)}};
    auto id = database.query_value(
        "SELECT id FROM asset WHERE org_id = ? AND (CAST(id AS TEXT) = ? OR serial = ? OR "
        "hostname = ?) ORDER BY id LIMIT 1",
        params);
    WARDROUND_TRY(id);
    if (!*id) {
        return make_error(
            ErrorCode::kNotFound,
            "the organisation has no asset with the id, serial or host name " + asset);
    }
    return std::get<std::int64_t>(**id);
}

// The asset named on the command line, when one was.
Result<std::optional<std::int64_t>> find_named_asset(store::Database& database,
                                                     std::int64_t org_id,
                                                     const std::string& asset) {
    if (asset.empty()) {
        return std::optional<std::int64_t>();
    }
    auto found = find_asset(database, org_id, asset);
    WARDROUND_TRY(found);
    return std::optional<std::int64_t>(*found);
}

bool suppresses(const std::string& state) {
    return state == "not_affected" || state == "false_positive" || state == "resolved";
}

// Stores a file's statements for an organisation (about one asset when given), replacing what the
// same file stated before.
class VexWriter {
public:
    VexWriter(store::Database& database,
              std::int64_t org_id,
              std::optional<std::int64_t> asset_id,
              std::string path)
        : database_(database), org_id_(org_id), asset_id_(asset_id), path_(std::move(path)) {}

    Status replace(const std::vector<VexStatement>& statements, VexImportReport& report) {
        const Value earlier[] = {Value{org_id_}, Value{path_}};
        WARDROUND_TRY(database_.execute("DELETE FROM vex_statement WHERE org_id = ? AND source = ?",
                                        earlier));
        now_ = format_timestamp(now_utc());
        for (const VexStatement& statement : statements) {
            auto stored = insert(statement);
            WARDROUND_TRY(stored);
            if (!*stored) {
                report.diagnostics.add(Severity::kWarning, "vex.unbound", path_, statement.location,
                                       statement.vuln_id +
                                           " names no package URL: give --asset to say which "
                                           "device it is about");
                continue;
            }
            ++report.statements;
            report.suppressing += suppresses(statement.state) ? 1 : 0;
        }
        return {};
    }

private:
    // One row per package the statement names, or one for the asset; false when it names neither.
    Result<bool> insert(const VexStatement& statement) {
        std::vector<std::string> refs = statement.refs;
        if (refs.empty()) {
            refs.emplace_back();
        }
        bool stored = false;
        for (const std::string& ref : refs) {
            const std::string purl = vex_ref_purl(ref);
            if (!asset_id_ && purl.empty()) {
                continue;  // names neither an asset nor a package: nothing to apply it to
            }
            const Value row[] = {Value{org_id_},
                                 asset_id_ ? Value{*asset_id_} : Value{},
                                 Value{statement.vuln_id},
                                 Value{statement.state},
                                 store::text_or_null(statement.justification),
                                 store::text_or_null(statement.detail),
                                 store::text_or_null(ref),
                                 store::text_or_null(purl),
                                 Value{path_},
                                 Value{now_}};
            WARDROUND_TRY(database_.execute(
                "INSERT INTO vex_statement (org_id, asset_id, vuln_id, state, justification, "
                "detail, ref, purl, source, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row));
            stored = true;
        }
        return stored;
    }

    store::Database& database_;
    std::int64_t org_id_;
    std::optional<std::int64_t> asset_id_;
    std::string path_;
    std::string now_;
};

}  // namespace

std::string vex_ref_purl(std::string_view ref) {
    if (ref.rfind("urn:cdx:", 0) == 0) {
        const std::size_t hash = ref.find('#');
        ref = hash == std::string_view::npos ? std::string_view() : ref.substr(hash + 1);
    }
    return ref.rfind("pkg:", 0) == 0 ? std::string(ref) : std::string();
}

Result<std::vector<VexStatement>> parse_cyclonedx_vex(std::string_view json,
                                                      Diagnostics& diagnostics) {
    if (json.size() > kVexMaxBytes) {
        return make_error(ErrorCode::kInvalidArgument,
                          fmt::format("larger than {} MiB", kVexMaxBytes >> 20U));
    }
    const Json document = Json::parse(json, nullptr, false);
    if (document.is_discarded()) {
        return make_error(ErrorCode::kInvalidArgument, "not valid JSON", "$");
    }
    if (!document.is_object() || text_at(document, "bomFormat") != "CycloneDX") {
        return make_error(ErrorCode::kInvalidArgument,
                          "not a CycloneDX document (bomFormat is not \"CycloneDX\")", "$");
    }
    std::vector<VexStatement> statements;
    const auto vulnerabilities = document.find("vulnerabilities");
    if (vulnerabilities == document.end()) {
        return statements;
    }
    if (!vulnerabilities->is_array()) {
        return make_error(ErrorCode::kInvalidArgument, "expected an array", "$.vulnerabilities");
    }
    for (std::size_t i = 0; i < vulnerabilities->size(); ++i) {
        const Json& entry = (*vulnerabilities)[i];
        const std::string where = fmt::format("$.vulnerabilities[{}]", i);
        if (!entry.is_object()) {
            diagnostics.add(Severity::kError, "vex.bad_entry", "", where, "not an object");
            continue;
        }
        VexStatement statement;
        statement.location = where;
        statement.vuln_id = text_at(entry, "id");
        if (statement.vuln_id.empty()) {
            diagnostics.add(Severity::kError, "vex.missing_id", "", where + ".id",
                            "a vulnerability without an id is left out");
            continue;
        }
        const auto analysis = entry.find("analysis");
        if (analysis == entry.end() || !analysis->is_object() ||
            text_at(*analysis, "state").empty()) {
            diagnostics.add(Severity::kWarning, "vex.missing_state", "", where + ".analysis",
                            statement.vuln_id + " has no analysis state: it states nothing");
            continue;
        }
        statement.state = text_at(*analysis, "state");
        statement.justification = text_at(*analysis, "justification");
        statement.detail = text_at(*analysis, "detail");
        const auto affects = entry.find("affects");
        if (affects != entry.end() && affects->is_array()) {
            for (const Json& affected : *affects) {
                if (affected.is_object() && !text_at(affected, "ref").empty()) {
                    statement.refs.push_back(text_at(affected, "ref"));
                }
            }
        }
        statements.push_back(std::move(statement));
    }
    return statements;
}

namespace {

// The file's statements; errors when it cannot be read, is too large or is not CycloneDX.
Result<std::vector<VexStatement>> read_vex_file(const std::string& path, Diagnostics& diagnostics) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_error(ErrorCode::kNotFound, "cannot read the file", path);
    }
    std::error_code size_error;
    if (std::filesystem::file_size(path, size_error) > kVexMaxBytes) {
        return make_error(ErrorCode::kInvalidArgument,
                          fmt::format("larger than {} MiB", kVexMaxBytes >> 20U), path);
    }
    std::stringstream bytes;
    bytes << in.rdbuf();
    auto statements = parse_cyclonedx_vex(bytes.str(), diagnostics);
    if (!statements) {
        return make_error(statements.error().code, statements.error().message,
                          path + " " + statements.error().where);
    }
    return statements;
}

}  // namespace

Result<VexImportReport> import_vex_file(store::Database& database,
                                        const std::string& path,
                                        const std::string& org_code,
                                        const std::string& asset) {
    auto scope = detail::resolve_scope(database, org_code);
    WARDROUND_TRY(scope);
    VexImportReport report;
    report.file = path;
    auto statements = read_vex_file(path, report.diagnostics);
    WARDROUND_TRY(statements);
    auto asset_id = find_named_asset(database, *scope->org_id, asset);
    WARDROUND_TRY(asset_id);
    auto transaction = store::Transaction::begin(database);
    WARDROUND_TRY(transaction);
    VexWriter writer(database, *scope->org_id, *asset_id, path);
    WARDROUND_TRY(writer.replace(*statements, report));
    WARDROUND_TRY(transaction->commit());
    return report;
}

}  // namespace wardround::findings

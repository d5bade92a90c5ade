// SPDX-License-Identifier: Apache-2.0

#include <algorithm>

#include <fmt/format.h>

#include <wardround/checks/device_standard.h>
#include <wardround/core/input_file.h>
#include <wardround/inventory/mds2.h>
#include <wardround/store/provenance.h>

#include "checks/runner/asset_facts.h"
#include "checks/runner/estate_loader.h"

namespace wardround::checks {
namespace {

using store::Value;

// The file's SHA-256, for provenance: the form is small (the parser caps it), so read once more.
Result<std::string> file_sha256(const std::string& path) {
    auto file = InputFile::open(path);
    WARDROUND_TRY(file);
    constexpr std::size_t kLimit = 256U << 20U;
    WARDROUND_TRY(file->read_all(kLimit));
    return file->sha256_hex();
}

Status store_answers(store::Database& database,
                     std::int64_t form_id,
                     const inventory::Mds2Form& form,
                     std::int64_t& stored) {
    for (const inventory::Mds2Answer& answer : form.answers) {
        const bool free_text = answer.kind == inventory::Mds2AnswerKind::kOther;
        const Value row[] = {
            Value{form_id}, Value{answer.question_id},
            Value{free_text ? answer.answer
                            : std::string(inventory::mds2_answer_kind_name(answer.kind))},
            store::text_or_null(answer.note)};
        WARDROUND_TRY(database.execute(
            "INSERT INTO mds2_answer (form_id, question_id, answer, note) VALUES (?, ?, ?, ?)",
            row));
        ++stored;
    }
    return {};
}

Status check_usable(const inventory::Mds2Form& form,
                    const Mds2ImportReport& report,
                    const std::string& path) {
    if (detail::name_key(report.manufacturer).empty() || detail::name_key(report.model).empty()) {
        return make_error(ErrorCode::kInvalidArgument,
                          "the form does not name the device's manufacturer and model; give "
                          "--manufacturer and --model",
                          path);
    }
    const bool answered = std::any_of(form.answers.begin(), form.answers.end(), [](const auto& a) {
        return a.kind != inventory::Mds2AnswerKind::kOther &&
               a.kind != inventory::Mds2AnswerKind::kUnanswered;
    });
    if (!answered) {
        // A form without answers would count as "held" while saying nothing about the device.
        return make_error(ErrorCode::kInvalidArgument,
                          "the form answers none of the security questions", path);
    }
    return {};
}

// The import run, the form and its answers, inside the caller's transaction.
Status record_form(store::Database& database,
                   std::int64_t org_id,
                   const std::string& path,
                   const std::string& sha256,
                   const inventory::Mds2Form& form,
                   Timestamp now,
                   Mds2ImportReport& report) {
    store::ImportRun run;
    run.kind = "mds2";
    run.source = path;
    run.sha256 = sha256;
    run.started_at = now;
    run.finished_at = now;
    run.org_id = org_id;
    run.scope = "mds2/form";
    auto import_id = store::begin_import_run(database, run);
    WARDROUND_TRY(import_id);
    run.id = *import_id;
    const Value row[] = {Value{org_id},
                         Value{report.manufacturer},
                         Value{report.model},
                         Value{detail::name_key(report.manufacturer)},
                         Value{detail::name_key(report.model)},
                         store::text_or_null(form.document_id),
                         store::text_or_null(form.form_date),
                         Value{path},
                         Value{sha256},
                         Value{*import_id},
                         Value{format_timestamp(now)}};
    auto form_id = database.query_value(
        "INSERT INTO mds2_form (org_id, manufacturer, model, manufacturer_key, model_key, "
        "document_id, form_date, source_file, sha256, import_id, imported_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        row);
    WARDROUND_TRY(form_id);
    if (!*form_id || !std::holds_alternative<std::int64_t>(**form_id)) {
        return make_error(ErrorCode::kInternal, "the MDS2 form was not recorded", path);
    }
    report.form_id = std::get<std::int64_t>(**form_id);
    report.import_id = *import_id;
    WARDROUND_TRY(store_answers(database, report.form_id, form, report.answers));
    run.counts.records = static_cast<std::int64_t>(form.answers.size());
    run.counts.inserted = report.answers;
    return store::finish_import_run(database, run, form.diagnostics);
}

// The form in one transaction: all of it or nothing.
Status store_form(store::Database& database,
                  std::int64_t org_id,
                  const std::string& path,
                  const inventory::Mds2Form& form,
                  Timestamp now,
                  Mds2ImportReport& report) {
    auto sha256 = file_sha256(path);
    WARDROUND_TRY(sha256);
    auto transaction = store::Transaction::begin(database);
    WARDROUND_TRY(transaction);
    WARDROUND_TRY(record_form(database, org_id, path, *sha256, form, now, report));
    return transaction->commit();
}

// The organisation's medical devices the form applies to.
Result<std::int64_t> count_devices(store::Database& database,
                                   std::int64_t org_id,
                                   const Mds2ImportReport& report) {
    std::int64_t devices = 0;
    const Value params[] = {Value{org_id}};
    WARDROUND_TRY(database.query(
        "SELECT manufacturer, model FROM asset WHERE org_id = ? AND kind = 'medical-device'",
        params, [&](const store::Row& row) -> Status {
            if (detail::name_key(detail::text(row, 0)) == detail::name_key(report.manufacturer) &&
                detail::name_key(detail::text(row, 1)) == detail::name_key(report.model)) {
                ++devices;
            }
            return {};
        }));
    return devices;
}

}  // namespace

Result<Mds2ImportReport> import_mds2_form(store::Database& database,
                                          const std::string& org_code,
                                          const std::string& path,
                                          const std::string& manufacturer,
                                          const std::string& model,
                                          Timestamp now) {
    auto org_id = detail::org_id_of(database, org_code);
    WARDROUND_TRY(org_id);
    auto form = inventory::read_mds2_file(path);
    WARDROUND_TRY(form);
    Mds2ImportReport report;
    report.manufacturer = manufacturer.empty() ? form->manufacturer : manufacturer;
    report.model = model.empty() ? form->model : model;
    WARDROUND_TRY(check_usable(*form, report, path));
    WARDROUND_TRY(store_form(database, *org_id, path, *form, now, report));
    auto devices = count_devices(database, *org_id, report);
    WARDROUND_TRY(devices);
    report.devices = *devices;
    report.diagnostics = std::move(form->diagnostics);
    return report;
}

}  // namespace wardround::checks

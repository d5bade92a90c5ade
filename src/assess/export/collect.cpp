// SPDX-License-Identifier: Apache-2.0
// Gathering an assessment for export, deterministic UUIDs, and writing files whole.
#include <algorithm>
#include <array>
#include <set>

#include <fmt/format.h>
#include <openssl/evp.h>

#include <wardround/assess/assessment_export.h>
#include <wardround/core/output_file.h>

#include "assess/export/export_internal.h"

namespace wardround::assess {

std::optional<ExportFormat> parse_export_format(std::string_view text) {
    if (text == "oscal") {
        return ExportFormat::kOscalJson;
    }
    if (text == "xlsx") {
        return ExportFormat::kXlsx;
    }
    return std::nullopt;
}

Result<std::string> oscal_assessment_results(store::Database& database,
                                             const AssessmentRef& ref,
                                             Timestamp now,
                                             std::optional<int> revision) {
    auto data = detail::collect_export(database, ref, now, revision);
    if (!data) {
        return tl::unexpected(data.error());
    }
    return detail::oscal_json_text(*data);
}

Result<Assessment> write_assessment_export(store::Database& database,
                                           const AssessmentRef& ref,
                                           ExportFormat format,
                                           const std::string& path,
                                           Timestamp now,
                                           std::optional<int> revision) {
    auto data = detail::collect_export(database, ref, now, revision);
    if (!data) {
        return tl::unexpected(data.error());
    }
    const Status written = format == ExportFormat::kXlsx
                               ? detail::write_xlsx(*data, path)
                               : write_file_whole(path, detail::oscal_json_text(*data));
    if (!written) {
        return tl::unexpected(written.error());
    }
    return data->assessment();
}

namespace detail {
namespace {

// Our namespace for name-based UUIDs; fixed for ever, since changing it changes every UUID.
constexpr std::array<unsigned char, 16> kUuidNamespace = {
    0x8f, 0x0c, 0x2a, 0x3e, 0x5b, 0x7d, 0x4c, 0x1e, 0x9a, 0x6f, 0x3d, 0x2b, 0x1e, 0x0c, 0x4a, 0x59};

std::string item_text(const Framework& framework, const std::string& id) {
    if (const Indicator* indicator = framework.find_indicator(id)) {
        return indicator->text;
    }
    if (const Node* node = framework.find(id)) {
        return node->title.empty() ? node->text : node->title;
    }
    return {};
}

// The newest revision of each piece of evidence by the items of this assessment it supports.
std::map<std::string, std::vector<const EvidenceRecord*>> evidence_by_item(
    const std::vector<EvidenceRecord>& evidence) {
    std::map<std::string, std::vector<const EvidenceRecord*>> by_item;
    for (const EvidenceRecord& record : evidence) {
        for (const std::string& item : record.items) {
            by_item[item].push_back(&record);
        }
    }
    return by_item;
}

std::string latest_change(const ExportData& data) {
    if (data.assessment().signed_off()) {
        return data.assessment().signed_off_at;
    }
    // Stored timestamps share one fixed-width form, so text order is time order.
    std::string latest = data.assessment().started_at;
    for (const ExportedAnswer& answer : data.answers) {
        latest = std::max(latest, answer.answer.answered_at);
    }
    for (const EvidenceRecord& record : data.evidence) {
        latest = std::max(latest, record.uploaded_at);
    }
    for (const PlanItem& item : data.plan) {
        latest = std::max(latest, item.created_at);
    }
    for (const CertificationDeclaration& declared : data.status.certifications) {
        latest = std::max(latest, declared.declared_at);
    }
    return latest;
}

Status gather_answers(store::Database& database,
                      const AssessmentRef& ref,
                      const Framework& framework,
                      ExportData& data) {
    const int revision = data.assessment().revision;
    const auto linked = evidence_by_item(data.evidence);
    for (const NodeStatus& node : data.status.nodes) {
        for (const ItemStatus& item : node.items) {
            if (item.value.empty()) {
                continue;
            }
            auto history = answer_history(database, ref, item.id, revision);
            if (!history) {
                return tl::unexpected(history.error());
            }
            const auto current = std::find_if(
                history->rbegin(), history->rend(),
                [](const AnswerRecord& record) { return record.superseded_at.empty(); });
            if (current == history->rend()) {
                continue;
            }
            ExportedAnswer answer{
                node.id, item_text(framework, item.id), *current, item.support, {}};
            if (const auto found = linked.find(item.id); found != linked.end()) {
                answer.evidence = found->second;
            }
            data.answers.push_back(std::move(answer));
        }
    }
    return {};
}

}  // namespace

const EvidenceRecord* ExportData::find_evidence(const std::string& key) const {
    const auto found =
        std::find_if(evidence.begin(), evidence.end(),
                     [&key](const EvidenceRecord& record) { return record.key == key; });
    return found == evidence.end() ? nullptr : &*found;
}

std::size_t ExportData::evidence_count(const NodeStatus& node) const {
    std::set<std::string> keys;
    for (const ExportedAnswer& answer : answers) {
        if (answer.node_id == node.id) {
            for (const EvidenceRecord* record : answer.evidence) {
                keys.insert(record->key);
            }
        }
    }
    return keys.size();
}

Result<ExportData> collect_export(store::Database& database,
                                  const AssessmentRef& ref,
                                  Timestamp now,
                                  std::optional<int> revision) {
    ExportData data;
    auto status = assessment_status(database, ref, now, revision);
    if (!status) {
        return tl::unexpected(status.error());
    }
    data.status = std::move(*status);
    auto library = FrameworkLibrary::load(database);
    if (!library) {
        return tl::unexpected(library.error());
    }
    const Framework* framework = library->find_framework(data.assessment().framework);
    if (framework == nullptr) {
        return make_error(ErrorCode::kDataLoss,
                          "the assessment's framework is no longer in the library",
                          data.assessment().framework);
    }
    // Every read below names the revision the status found, so that a revision started meanwhile
    // cannot mix into the export.
    const int found = data.assessment().revision;
    auto evidence = list_evidence(database, ref, now, found);
    if (!evidence) {
        return tl::unexpected(evidence.error());
    }
    // Only what this assessment cites, through its items or its certifications (a certificate is
    // often linked to no item): the organisation's other evidence belongs to other frameworks or
    // years.
    std::set<std::string> certificates;
    for (const CertificationDeclaration& declared : data.status.certifications) {
        certificates.insert(declared.evidence_key);
    }
    std::copy_if(evidence->begin(), evidence->end(), std::back_inserter(data.evidence),
                 [&certificates](const EvidenceRecord& record) {
                     return !record.items.empty() || certificates.count(record.key) > 0;
                 });
    auto plan = list_plan_items(database, ref, now, found);
    if (!plan) {
        return tl::unexpected(plan.error());
    }
    data.plan = std::move(*plan);
    if (auto gathered = gather_answers(database, ref, *framework, data); !gathered) {
        return tl::unexpected(gathered.error());
    }
    data.last_modified = latest_change(data);
    return data;
}

std::string export_uuid(const Assessment& assessment, std::string_view kind, std::string_view id) {
    // The unit separator cannot occur in codes or ids, so distinct keys never join to one name.
    const std::string name =
        fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", assessment.org_code, assessment.framework,
                    assessment.period, assessment.revision, kind, id);
    std::string input(kUuidNamespace.begin(), kUuidNamespace.end());
    input += name;
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EVP_Digest(input.data(), input.size(), digest.data(), &length, EVP_sha1(), nullptr);
    // RFC 4122 section 4.3: the version in the high nibble of byte 6, the variant in byte 8.
    digest[6] = static_cast<unsigned char>((digest[6] & 0x0FU) | 0x50U);
    digest[8] = static_cast<unsigned char>((digest[8] & 0x3FU) | 0x80U);
    std::string text;
    for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            text += '-';
        }
        text += fmt::format("{:02x}", digest[i]);
    }
    return text;
}

}  // namespace detail
}  // namespace wardround::assess

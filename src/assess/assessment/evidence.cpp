// SPDX-License-Identifier: Apache-2.0
// Evidence: files, links and notes an organisation holds, revised under a stable key, with the date
// each was true (its effective date, not the upload time) and the date it stops supporting answers.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <openssl/evp.h>

#include <wardround/assess/assessment.h>
#include <wardround/core/input_file.h>

#include "assess/assessment/assessment_internal.h"

namespace wardround::assess {
namespace {

using detail::OpenAssessment;
using store::Value;

// The store has no blob type, so file bytes are kept as base64 text (a third larger).
std::string encode_base64(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3), '\0');
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): OpenSSL works on bytes
    auto* target = reinterpret_cast<unsigned char*>(out.data());
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): as above
    const auto* source = reinterpret_cast<const unsigned char*>(bytes.data());
    const int written = EVP_EncodeBlock(target, source, static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(std::max(written, 0)));
    return out;
}

Result<std::string> decode_base64(std::string_view text, const std::string& where) {
    if (text.size() % 4 != 0) {
        return make_error(ErrorCode::kDataLoss, "stored evidence is not base64", where);
    }
    std::string out(3 * (text.size() / 4), '\0');
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): OpenSSL works on bytes
    auto* target = reinterpret_cast<unsigned char*>(out.data());
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): as above
    const auto* source = reinterpret_cast<const unsigned char*>(text.data());
    const int written = EVP_DecodeBlock(target, source, static_cast<int>(text.size()));
    if (written < 0) {
        return make_error(ErrorCode::kDataLoss, "stored evidence is not base64", where);
    }
    // EVP_DecodeBlock counts the padding as zero bytes; drop one per '='.
    const auto padding = static_cast<std::size_t>(
        std::count(text.end() - std::min<std::size_t>(2, text.size()), text.end(), '='));
    out.resize(static_cast<std::size_t>(written) - padding);
    return out;
}

struct FileBytes {
    std::string name;
    std::string bytes;
};

Result<FileBytes> read_evidence_file(const std::string& path) {
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    if (error) {
        return make_error(ErrorCode::kNotFound, "cannot read the file: " + error.message(), path);
    }
    if (size > kMaxEvidenceFileBytes) {
        return make_error(ErrorCode::kInvalidArgument,
                          fmt::format("the file has {} bytes; evidence files are limited to {} "
                                      "(link to a larger document instead)",
                                      size, kMaxEvidenceFileBytes),
                          path);
    }
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
        return make_error(ErrorCode::kNotFound, "cannot read the file", path);
    }
    return FileBytes{std::filesystem::path(path).filename().string(), std::move(bytes)};
}

Status check_kind_content(const EvidenceContent& content) {
    if (content.kind == "file") {
        return detail::require(content.file_path, "--file");
    }
    if (content.kind == "link") {
        const bool web =
            content.url.rfind("https://", 0) == 0 || content.url.rfind("http://", 0) == 0;
        if (!web) {
            return make_error(ErrorCode::kInvalidArgument,
                              "'" + content.url + "' is not an http(s) URL", "--link");
        }
        return {};
    }
    if (content.kind == "note") {
        return detail::require(content.note, "--note");
    }
    return make_error(ErrorCode::kInvalidArgument,
                      "'" + content.kind + "' is not a kind of evidence: file, link or note",
                      "kind");
}

// Effective dates record when something was true, so one in the future is a mistake; an expiry
// before it would make evidence that never supported anything.
Status check_content(const EvidenceContent& content, Timestamp now) {
    WARDROUND_TRY(check_kind_content(content));
    WARDROUND_TRY(detail::require(content.title, "--title"));
    WARDROUND_TRY(detail::require(content.collected_by, "--collected-by"));
    auto effective = detail::parse_day(content.effective_on, "--effective");
    WARDROUND_TRY(effective);
    if (*effective > date_of(now)) {
        return make_error(ErrorCode::kInvalidArgument,
                          fmt::format("the effective date {} is after today ({}): it is when the "
                                      "evidence was true",
                                      content.effective_on, format_date(date_of(now))),
                          "--effective");
    }
    if (!content.expires_on.empty()) {
        auto expires = detail::parse_day(content.expires_on, "--expires");
        WARDROUND_TRY(expires);
        if (*expires < *effective) {
            return make_error(ErrorCode::kInvalidArgument,
                              "the expiry date is before the effective date", "--expires");
        }
    }
    return {};
}

bool expired_on(const std::string& expires_on, Timestamp now) {
    return !expires_on.empty() && expires_on < format_date(date_of(now));
}

Status insert_revision(store::Database& database,
                       std::int64_t org_id,
                       const std::string& key,
                       int revision,
                       const EvidenceContent& content,
                       const FileBytes* file,
                       Timestamp now) {
    const bool is_file = file != nullptr;
    const Value insert[] = {
        Value{org_id},
        Value{key},
        Value{std::int64_t{revision}},
        Value{content.kind},
        Value{content.title},
        is_file ? Value{file->name} : Value{},
        is_file ? Value{sha256_hex(file->bytes)} : Value{},
        is_file ? Value{static_cast<std::int64_t>(file->bytes.size())} : Value{},
        is_file ? Value{encode_base64(file->bytes)} : Value{},
        content.kind == "link" ? Value{content.url} : Value{},
        content.kind == "note" ? Value{content.note} : Value{},
        Value{content.effective_on},
        store::text_or_null(content.expires_on),
        Value{content.collected_by},
        store::text_or_null(content.collected_from),
        Value{format_timestamp(now)},
    };
    WARDROUND_TRY(database.execute(
        "INSERT INTO evidence (org_id, evidence_key, revision, kind, title, file_name, sha256, "
        "size_bytes, content_base64, url, note_text, effective_on, expires_on, collected_by, "
        "collected_from, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        insert));
    return {};
}

// Resolves every item first, so that one unknown item refuses the whole write.
Result<std::vector<std::string>> resolve_items(const Framework& framework,
                                               const std::vector<std::string>& items) {
    std::vector<std::string> ids;
    for (const std::string& item : items) {
        auto resolved = detail::resolve_item(framework, item);
        WARDROUND_TRY(resolved);
        ids.push_back(resolved->id);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

Status insert_links(store::Database& database,
                    std::int64_t assessment_id,
                    const std::string& key,
                    const std::vector<std::string>& item_ids,
                    const std::string& by,
                    Timestamp now) {
    for (const std::string& item : item_ids) {
        const Value link[] = {Value{assessment_id}, Value{item}, Value{key}};
        WARDROUND_TRY(database.execute(
            "DELETE FROM evidence_link WHERE assessment_id = ? AND item_id = ? AND "
            "evidence_key = ?",
            link));
        const Value insert[] = {Value{assessment_id}, Value{item}, Value{key}, Value{by},
                                Value{format_timestamp(now)}};
        WARDROUND_TRY(database.execute(
            "INSERT INTO evidence_link (assessment_id, item_id, evidence_key, linked_by, "
            "linked_at) VALUES (?, ?, ?, ?, ?)",
            insert));
    }
    return {};
}

Result<int> newest_revision_of(store::Database& database,
                               std::int64_t org_id,
                               const std::string& key) {
    const Value params[] = {Value{org_id}, Value{key}};
    auto revision = database.query_value(
        "SELECT MAX(revision) FROM evidence WHERE org_id = ? AND evidence_key = ?", params);
    WARDROUND_TRY(revision);
    if (!*revision || std::holds_alternative<std::monostate>(**revision)) {
        return 0;
    }
    return static_cast<int>(std::get<std::int64_t>(**revision));
}

Result<std::string> next_key(store::Database& database, std::int64_t org_id) {
    const Value params[] = {Value{org_id}};
    auto count = database.query_value(
        "SELECT COUNT(DISTINCT evidence_key) FROM evidence WHERE org_id = ?", params);
    WARDROUND_TRY(count);
    return fmt::format("EV-{}", std::get<std::int64_t>(**count) + 1);
}

constexpr const char* kEvidenceColumns =
    "e.evidence_key, e.revision, e.kind, e.title, e.file_name, e.sha256, e.size_bytes, e.url, "
    "e.note_text, e.effective_on, e.expires_on, e.collected_by, e.collected_from, e.uploaded_at";

EvidenceRecord read_evidence(const store::Row& row, Timestamp now) {
    EvidenceRecord record;
    record.key = row.get_text(0);
    record.revision = static_cast<int>(row.get_int(1));
    record.kind = row.get_text(2);
    record.title = row.get_text(3);
    record.file_name = row.get_text(4);
    record.sha256 = row.get_text(5);
    record.size_bytes = row.get_int(6);
    record.url = row.get_text(7);
    record.note = row.get_text(8);
    record.effective_on = row.get_text(9);
    record.expires_on = row.get_text(10);
    record.collected_by = row.get_text(11);
    record.collected_from = row.get_text(12);
    record.uploaded_at = row.get_text(13);
    record.expired = expired_on(record.expires_on, now);
    return record;
}

// The newest revision of each key of the organisation, with the assessment's links.
Result<std::vector<EvidenceRecord>> newest_evidence(store::Database& database,
                                                    const Assessment& assessment,
                                                    Timestamp now) {
    std::vector<EvidenceRecord> records;
    const Value params[] = {Value{assessment.org_id}};
    WARDROUND_TRY(database.query(
        fmt::format("SELECT {} FROM evidence e WHERE e.org_id = ? AND e.revision = (SELECT "
                    "MAX(n.revision) FROM evidence n WHERE n.org_id = e.org_id AND "
                    "n.evidence_key = e.evidence_key)",
                    kEvidenceColumns),
        params, [&records, now](const store::Row& row) -> Status {
            records.push_back(read_evidence(row, now));
            return {};
        }));
    std::map<std::string, std::vector<std::string>> links;
    const Value link_params[] = {Value{assessment.id}};
    WARDROUND_TRY(database.query(
        "SELECT evidence_key, item_id FROM evidence_link WHERE assessment_id = ? ORDER BY item_id",
        link_params, [&links](const store::Row& row) -> Status {
            links[row.get_text(0)].push_back(row.get_text(1));
            return {};
        }));
    for (EvidenceRecord& record : records) {
        record.items = links[record.key];
    }
    // "EV-2" before "EV-10".
    std::sort(records.begin(), records.end(), [](const EvidenceRecord& a, const EvidenceRecord& b) {
        return a.key.size() != b.key.size() ? a.key.size() < b.key.size() : a.key < b.key;
    });
    return records;
}

Result<EvidenceRecord> find_record(store::Database& database,
                                   const Assessment& assessment,
                                   const std::string& key,
                                   Timestamp now) {
    auto records = newest_evidence(database, assessment, now);
    WARDROUND_TRY(records);
    for (EvidenceRecord& record : *records) {
        if (record.key == key) {
            return std::move(record);
        }
    }
    return make_error(ErrorCode::kNotFound,
                      fmt::format("{} has no evidence {}", assessment.org_code, key), key);
}

Result<std::optional<FileBytes>> read_content_file(const EvidenceContent& content) {
    if (content.kind != "file") {
        return std::optional<FileBytes>{};
    }
    auto read = read_evidence_file(content.file_path);
    WARDROUND_TRY(read);
    return std::optional<FileBytes>{std::move(*read)};
}

struct KeyRevision {
    std::string key;
    int revision = 1;
};

// The key and revision number a write adds: a new key at revision 1 when `key` is empty, else the
// next revision of `key`.
Result<KeyRevision> key_and_revision(store::Database& database,
                                     const Assessment& assessment,
                                     const std::string& key) {
    if (key.empty()) {
        auto fresh = next_key(database, assessment.org_id);
        WARDROUND_TRY(fresh);
        return KeyRevision{*fresh, 1};
    }
    auto revision = newest_revision_of(database, assessment.org_id, key);
    WARDROUND_TRY(revision);
    if (*revision == 0) {
        return make_error(ErrorCode::kNotFound,
                          fmt::format("{} has no evidence {}", assessment.org_code, key), key);
    }
    return KeyRevision{key, *revision + 1};
}

// Adds evidence under a new key (`key` empty) or a revision of `key`, and links it to the items.
Result<EvidenceRecord> store_evidence(store::Database& database,
                                      const Assessment& assessment,
                                      const std::string& key,
                                      const EvidenceContent& content,
                                      const std::optional<FileBytes>& file,
                                      const std::vector<std::string>& item_ids,
                                      Timestamp now) {
    auto transaction = store::Transaction::begin(database);
    WARDROUND_TRY(transaction);
    auto target = key_and_revision(database, assessment, key);
    WARDROUND_TRY(target);
    WARDROUND_TRY(insert_revision(database, assessment.org_id, target->key, target->revision,
                                  content, file ? &*file : nullptr, now));
    WARDROUND_TRY(
        insert_links(database, assessment.id, target->key, item_ids, content.collected_by, now));
    auto record = find_record(database, assessment, target->key, now);
    WARDROUND_TRY(record);
    WARDROUND_TRY(transaction->commit());
    return record;
}

}  // namespace

Result<EvidenceRecord> add_evidence(store::Database& database,
                                    const AssessmentRef& ref,
                                    const EvidenceContent& content,
                                    const std::vector<std::string>& items,
                                    Timestamp now) {
    WARDROUND_TRY(check_content(content, now));
    auto open = detail::open_draft(database, ref);
    WARDROUND_TRY(open);
    auto item_ids = resolve_items(*open->framework, items);
    WARDROUND_TRY(item_ids);
    auto file = read_content_file(content);
    WARDROUND_TRY(file);
    return store_evidence(database, open->assessment, {}, content, *file, *item_ids, now);
}

Result<EvidenceRecord> revise_evidence(store::Database& database,
                                       const AssessmentRef& ref,
                                       const std::string& key,
                                       const EvidenceContent& content,
                                       Timestamp now) {
    WARDROUND_TRY(check_content(content, now));
    auto open = detail::open_draft(database, ref);
    WARDROUND_TRY(open);
    auto file = read_content_file(content);
    WARDROUND_TRY(file);
    return store_evidence(database, open->assessment, key, content, *file, {}, now);
}

Status link_evidence(store::Database& database,
                     const AssessmentRef& ref,
                     const std::string& key,
                     const std::vector<std::string>& items,
                     const std::string& by,
                     Timestamp now) {
    WARDROUND_TRY(detail::require(by, "--by"));
    auto open = detail::open_draft(database, ref);
    WARDROUND_TRY(open);
    auto item_ids = resolve_items(*open->framework, items);
    WARDROUND_TRY(item_ids);
    if (item_ids->empty()) {
        return make_error(ErrorCode::kInvalidArgument, "name at least one item to link", "--item");
    }
    auto revision = newest_revision_of(database, open->assessment.org_id, key);
    WARDROUND_TRY(revision);
    if (*revision == 0) {
        return make_error(ErrorCode::kNotFound,
                          fmt::format("{} has no evidence {}", ref.org_code, key), key);
    }
    auto transaction = store::Transaction::begin(database);
    WARDROUND_TRY(transaction);
    WARDROUND_TRY(insert_links(database, open->assessment.id, key, *item_ids, by, now));
    return transaction->commit();
}

Result<std::vector<EvidenceRecord>> list_evidence(store::Database& database,
                                                  const AssessmentRef& ref,
                                                  Timestamp now) {
    auto open = detail::open_assessment(database, ref);
    WARDROUND_TRY(open);
    return newest_evidence(database, open->assessment, now);
}

Result<std::string> evidence_file_bytes(store::Database& database,
                                        const std::string& org_code,
                                        const std::string& key,
                                        std::optional<int> revision) {
    auto org_id = detail::organisation_id(database, org_code);
    WARDROUND_TRY(org_id);
    const Value params[] = {Value{*org_id}, Value{key}, Value{std::int64_t{revision.value_or(0)}},
                            Value{std::int64_t{revision.value_or(0)}}};
    std::optional<std::pair<std::string, std::string>> stored;
    WARDROUND_TRY(database.query(
        "SELECT content_base64, sha256 FROM evidence WHERE org_id = ? AND evidence_key = ? AND "
        "kind = 'file' AND (? = 0 OR revision = ?) ORDER BY revision DESC LIMIT 1",
        params, [&stored](const store::Row& row) -> Status {
            stored.emplace(row.get_text(0), row.get_text(1));
            return {};
        }));
    if (!stored) {
        return make_error(ErrorCode::kNotFound,
                          fmt::format("{} has no file evidence {}", org_code, key), key);
    }
    auto bytes = decode_base64(stored->first, key);
    WARDROUND_TRY(bytes);
    if (sha256_hex(*bytes) != stored->second) {
        return make_error(ErrorCode::kDataLoss,
                          "the stored file does not match its SHA-256 any more", key);
    }
    return bytes;
}

}  // namespace wardround::assess

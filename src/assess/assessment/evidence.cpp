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
    if (content.kind.empty()) {
        return make_error(ErrorCode::kInvalidArgument,
                          "give the evidence: --file, --link or --note", "--file");
    }
    return make_error(ErrorCode::kInvalidArgument,
                      "'" + content.kind + "' is not a kind of evidence: file, link or note",
                      "kind");
}

// Effective dates record when something was true, so one in the future is a mistake; an expiry
// before it would make evidence that never supported anything.
Status check_dates(const std::string& effective_on, const std::string& expires_on, Timestamp now) {
    auto effective = detail::parse_day(effective_on, "--effective");
    WARDROUND_TRY(effective);
    if (*effective > date_of(now)) {
        return make_error(ErrorCode::kInvalidArgument,
                          fmt::format("the effective date {} is after today ({}): it is when the "
                                      "evidence was true",
                                      effective_on, format_date(date_of(now))),
                          "--effective");
    }
    if (!expires_on.empty()) {
        auto expires = detail::parse_day(expires_on, "--expires");
        WARDROUND_TRY(expires);
        if (*expires < *effective) {
            return make_error(ErrorCode::kInvalidArgument,
                              "the expiry date is before the effective date", "--expires");
        }
    }
    return {};
}

Status check_content(const EvidenceContent& content, Timestamp now) {
    WARDROUND_TRY(check_kind_content(content));
    WARDROUND_TRY(detail::require(content.title, "--title"));
    WARDROUND_TRY(detail::require(content.collected_by, "--collected-by"));
    return check_dates(content.effective_on, content.expires_on, now);
}

tl::unexpected<Error> no_evidence(const std::string& org_code, const std::string& key) {
    return make_error(ErrorCode::kNotFound, fmt::format("{} has no evidence {}", org_code, key),
                      key);
}

// One revision as stored: the record's columns, and the file's bytes in base64, which records
// leave out because listing evidence never needs them. What add_evidence builds from the content
// given, and what revise_evidence starts from (the previous revision) before applying the change.
struct StoredRevision {
    EvidenceRecord record;
    std::string content_base64;
};

// Puts the file, link or note of `content` in place of whatever `stored` held.
void set_content(StoredRevision& stored,
                 const EvidenceContent& content,
                 const std::optional<FileBytes>& file) {
    EvidenceRecord& record = stored.record;
    record.kind = content.kind;
    record.file_name = file ? file->name : std::string();
    record.sha256 = file ? sha256_hex(file->bytes) : std::string();
    record.size_bytes = file ? static_cast<std::int64_t>(file->bytes.size()) : 0;
    stored.content_base64 = file ? encode_base64(file->bytes) : std::string();
    record.url = content.kind == "link" ? content.url : std::string();
    record.note = content.kind == "note" ? content.note : std::string();
}

// Adds the revision under its record's key and revision number.
Status insert_revision(store::Database& database,
                       std::int64_t org_id,
                       const StoredRevision& stored,
                       Timestamp now) {
    const EvidenceRecord& record = stored.record;
    const Value insert[] = {
        Value{org_id},
        Value{record.key},
        Value{std::int64_t{record.revision}},
        Value{record.kind},
        Value{record.title},
        store::text_or_null(record.file_name),
        store::text_or_null(record.sha256),
        record.kind == "file" ? Value{record.size_bytes} : Value{},
        store::text_or_null(stored.content_base64),
        store::text_or_null(record.url),
        store::text_or_null(record.note),
        Value{record.effective_on},
        store::text_or_null(record.expires_on),
        Value{record.collected_by},
        store::text_or_null(record.collected_from),
        Value{format_timestamp(now)},
        store::text_or_null(record.revised_by),
        store::text_or_null(record.revision_reason),
    };
    WARDROUND_TRY(database.execute(
        "INSERT INTO evidence (org_id, evidence_key, revision, kind, title, file_name, sha256, "
        "size_bytes, content_base64, url, note_text, effective_on, expires_on, collected_by, "
        "collected_from, uploaded_at, revised_by, revision_reason) VALUES (?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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

// As resolve_items, for linking and unlinking, which mean nothing without an item.
Result<std::vector<std::string>> resolve_named_items(const Framework& framework,
                                                     const std::vector<std::string>& items) {
    if (items.empty()) {
        return make_error(ErrorCode::kInvalidArgument, "name at least one item (--item)", "--item");
    }
    return resolve_items(framework, items);
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

Result<std::string> next_key(store::Database& database, std::int64_t org_id) {
    const Value params[] = {Value{org_id}};
    auto count = database.query_value(
        "SELECT COUNT(DISTINCT evidence_key) FROM evidence WHERE org_id = ?", params);
    WARDROUND_TRY(count);
    return fmt::format("EV-{}", std::get<std::int64_t>(**count) + 1);
}

constexpr const char* kEvidenceColumns =
    "e.evidence_key, e.revision, e.kind, e.title, e.file_name, e.sha256, e.size_bytes, e.url, "
    "e.note_text, e.effective_on, e.expires_on, e.collected_by, e.collected_from, e.uploaded_at, "
    "e.revised_by, e.revision_reason";

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
    record.revised_by = row.get_text(14);
    record.revision_reason = row.get_text(15);
    record.expired = detail::expired_on(record.expires_on, now);
    return record;
}

// The newest revision of the organisation's evidence `key`, with the file's bytes.
Result<StoredRevision> newest_stored(store::Database& database,
                                     const Assessment& assessment,
                                     const std::string& key,
                                     Timestamp now) {
    const Value params[] = {Value{assessment.org_id}, Value{key}};
    std::optional<StoredRevision> newest;
    WARDROUND_TRY(database.query(
        fmt::format("SELECT {}, e.content_base64 FROM evidence e WHERE e.org_id = ? AND "
                    "e.evidence_key = ? ORDER BY e.revision DESC LIMIT 1",
                    kEvidenceColumns),
        params, [&newest, now](const store::Row& row) -> Status {
            newest = StoredRevision{read_evidence(row, now), row.get_text(16)};
            return {};
        }));
    if (!newest) {
        return no_evidence(assessment.org_code, key);
    }
    return std::move(*newest);
}

// The newest revision of each key of the organisation, with the assessment's links.
Result<std::vector<EvidenceRecord>> newest_evidence(store::Database& database,
                                                    const Assessment& assessment,
                                                    Timestamp now) {
    std::vector<EvidenceRecord> records;
    auto revision = detail::evidence_revision_read_by(assessment);
    WARDROUND_TRY(revision);
    const Value params[] = {Value{assessment.org_id}};
    WARDROUND_TRY(database.query(fmt::format("SELECT {} FROM evidence e WHERE e.org_id = ? AND {}",
                                             kEvidenceColumns, *revision),
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
    return no_evidence(assessment.org_code, key);
}

Result<std::optional<FileBytes>> read_content_file(const EvidenceContent& content) {
    if (content.kind != "file") {
        return std::optional<FileBytes>{};
    }
    auto read = read_evidence_file(content.file_path);
    WARDROUND_TRY(read);
    return std::optional<FileBytes>{std::move(*read)};
}

// A revision changes what it is given and keeps the rest, so it must be given something.
Status check_revision(const EvidenceRevision& revision) {
    WARDROUND_TRY(detail::require(revision.by, "--by"));
    WARDROUND_TRY(detail::require(revision.reason, "--reason"));
    const EvidenceContent& change = revision.content;
    if (!change.kind.empty()) {
        WARDROUND_TRY(check_kind_content(change));
    }
    if (revision.remove_expiry && !change.expires_on.empty()) {
        return make_error(ErrorCode::kInvalidArgument,
                          "--expires and --no-expiry contradict each other", "--no-expiry");
    }
    const bool anything = !change.kind.empty() || !change.title.empty() ||
                          !change.effective_on.empty() || !change.expires_on.empty() ||
                          revision.remove_expiry || !change.collected_by.empty() ||
                          !change.collected_from.empty();
    if (!anything) {
        return make_error(ErrorCode::kInvalidArgument,
                          "nothing to revise: give new content (--file, --link or --note), "
                          "--title, --effective, --expires or --no-expiry",
                          revision.key);
    }
    return {};
}

// The next revision: the previous one with the change applied (what is given replaces, what is
// empty is kept).
StoredRevision revised(StoredRevision stored,
                       const EvidenceRevision& revision,
                       const std::optional<FileBytes>& file) {
    const EvidenceContent& change = revision.content;
    if (!change.kind.empty()) {
        set_content(stored, change, file);
    }
    const auto replace = [](std::string& kept, const std::string& given) {
        if (!given.empty()) {
            kept = given;
        }
    };
    EvidenceRecord& record = stored.record;
    replace(record.title, change.title);
    replace(record.effective_on, change.effective_on);
    replace(record.expires_on, change.expires_on);
    if (revision.remove_expiry) {
        record.expires_on.clear();
    }
    replace(record.collected_by, change.collected_by);
    replace(record.collected_from, change.collected_from);
    ++record.revision;
    record.revised_by = revision.by;
    record.revision_reason = revision.reason;
    return stored;
}

StoredRevision first_revision(const EvidenceContent& content,
                              const std::optional<FileBytes>& file) {
    StoredRevision stored;
    set_content(stored, content, file);
    EvidenceRecord& record = stored.record;
    record.revision = 1;
    record.title = content.title;
    record.effective_on = content.effective_on;
    record.expires_on = content.expires_on;
    record.collected_by = content.collected_by;
    record.collected_from = content.collected_from;
    return stored;
}

// Adds the evidence under the organisation's next key, linked to the items by its collector.
Result<EvidenceRecord> insert_evidence(store::Database& database,
                                       const Assessment& assessment,
                                       StoredRevision stored,
                                       const std::vector<std::string>& item_ids,
                                       Timestamp now) {
    auto key = next_key(database, assessment.org_id);
    WARDROUND_TRY(key);
    stored.record.key = *key;
    WARDROUND_TRY(insert_revision(database, assessment.org_id, stored, now));
    WARDROUND_TRY(
        insert_links(database, assessment.id, *key, item_ids, stored.record.collected_by, now));
    return find_record(database, assessment, *key, now);
}

// Adds the next revision of the evidence: the newest one with the change applied.
Result<EvidenceRecord> insert_next_revision(store::Database& database,
                                            const Assessment& assessment,
                                            const EvidenceRevision& revision,
                                            const std::optional<FileBytes>& file,
                                            Timestamp now) {
    auto previous = newest_stored(database, assessment, revision.key, now);
    WARDROUND_TRY(previous);
    const StoredRevision next = revised(std::move(*previous), revision, file);
    // The dates as they will stand: a new expiry is checked against the kept effective date.
    WARDROUND_TRY(check_dates(next.record.effective_on, next.record.expires_on, now));
    WARDROUND_TRY(insert_revision(database, assessment.org_id, next, now));
    return find_record(database, assessment, revision.key, now);
}

// Linking and unlinking: the draft and the items named (at least one, every one answered in the
// framework), then `change(assessment, evidence, item_ids)` inside the draft's transaction; the
// evidence as it then stands. Errors: kNotFound for an unknown key, and as `change` returns.
template <typename Change>
Result<EvidenceRecord> change_links(store::Database& database,
                                    const AssessmentRef& ref,
                                    const std::string& key,
                                    const std::vector<std::string>& items,
                                    Timestamp now,
                                    Change&& change) {
    auto open = detail::open_draft(database, ref);
    WARDROUND_TRY(open);
    auto item_ids = resolve_named_items(*open->framework, items);
    WARDROUND_TRY(item_ids);
    const Assessment& assessment = open->assessment;
    return detail::write_in_draft(database, assessment, [&]() -> Result<EvidenceRecord> {
        auto record = find_record(database, assessment, key, now);
        WARDROUND_TRY(record);
        WARDROUND_TRY(change(assessment, *record, *item_ids));
        return find_record(database, assessment, key, now);
    });
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
    const StoredRevision stored = first_revision(content, *file);
    return detail::write_in_draft(database, open->assessment, [&] {
        return insert_evidence(database, open->assessment, stored, *item_ids, now);
    });
}

Result<EvidenceRecord> revise_evidence(store::Database& database,
                                       const AssessmentRef& ref,
                                       const EvidenceRevision& revision,
                                       Timestamp now) {
    WARDROUND_TRY(check_revision(revision));
    auto open = detail::open_draft(database, ref);
    WARDROUND_TRY(open);
    auto file = read_content_file(revision.content);
    WARDROUND_TRY(file);
    return detail::write_in_draft(database, open->assessment, [&] {
        return insert_next_revision(database, open->assessment, revision, *file, now);
    });
}

Result<EvidenceRecord> link_evidence(store::Database& database,
                                     const AssessmentRef& ref,
                                     const std::string& key,
                                     const std::vector<std::string>& items,
                                     const std::string& by,
                                     Timestamp now) {
    WARDROUND_TRY(detail::require(by, "--by"));
    return change_links(database, ref, key, items, now,
                        [&](const Assessment& assessment, const EvidenceRecord&,
                            const std::vector<std::string>& item_ids) {
                            return insert_links(database, assessment.id, key, item_ids, by, now);
                        });
}

Result<EvidenceRecord> unlink_evidence(store::Database& database,
                                       const AssessmentRef& ref,
                                       const std::string& key,
                                       const std::vector<std::string>& items,
                                       Timestamp now) {
    return change_links(
        database, ref, key, items, now,
        [&](const Assessment& assessment, const EvidenceRecord& record,
            const std::vector<std::string>& item_ids) -> Status {
            // Every item first, so that one not linked refuses the whole unlink.
            for (const std::string& item : item_ids) {
                if (std::find(record.items.begin(), record.items.end(), item) ==
                    record.items.end()) {
                    return make_error(ErrorCode::kNotFound,
                                      fmt::format("{} is not linked to {}", key, item),
                                      detail::describe(assessment));
                }
            }
            for (const std::string& item : item_ids) {
                const Value link[] = {Value{assessment.id}, Value{item}, Value{key}};
                WARDROUND_TRY(database.execute(
                    "DELETE FROM evidence_link WHERE assessment_id = ? AND item_id = ? AND "
                    "evidence_key = ?",
                    link));
            }
            return {};
        });
}

Result<std::vector<EvidenceRecord>> list_evidence(store::Database& database,
                                                  const AssessmentRef& ref,
                                                  Timestamp now,
                                                  std::optional<int> revision) {
    auto open = detail::open_assessment(database, ref, revision);
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

namespace detail {

Result<std::string> evidence_revision_read_by(const Assessment& assessment) {
    const std::string newest =
        "e.revision = (SELECT MAX(n.revision) FROM evidence n WHERE n.org_id = e.org_id AND "
        "n.evidence_key = e.evidence_key";
    if (assessment.signed_off_at.empty()) {
        return newest + ")";
    }
    // Parsed and formatted again, so that the text written into the SQL is digits and separators.
    auto signed_off = parse_timestamp(assessment.signed_off_at);
    if (!signed_off) {
        return make_error(ErrorCode::kDataLoss,
                          "the sign-off time '" + assessment.signed_off_at + "' does not parse",
                          detail::describe(assessment));
    }
    return fmt::format("{} AND n.uploaded_at <= '{}')", newest, format_timestamp(*signed_off));
}

Status require_evidence(store::Database& database,
                        const Assessment& assessment,
                        const std::string& key) {
    const Value params[] = {Value{assessment.org_id}, Value{key}};
    auto count = database.query_value(
        "SELECT COUNT(*) FROM evidence WHERE org_id = ? AND evidence_key = ?", params);
    WARDROUND_TRY(count);
    if (std::get<std::int64_t>(**count) == 0) {
        return no_evidence(assessment.org_code, key);
    }
    return {};
}

bool expired_on(const std::string& expires_on, Timestamp now) {
    return !expires_on.empty() && expires_on < format_date(date_of(now));
}

}  // namespace detail

}  // namespace wardround::assess

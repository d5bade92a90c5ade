// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include <wardround/assess/framework_library.h>
#include <wardround/assess/framework_yaml.h>
#include <wardround/core/input_file.h>
#include <wardround/store/provenance.h>

#include "assess/library/library_documents.h"

namespace wardround::assess {
namespace {

using store::Value;

// Frameworks as large as NIST SP 800-53 with every enhancement are a few MiB; anything far beyond
// is not a framework (and profiles and crosswalks are far smaller).
constexpr std::size_t kMaxDocumentBytes = 64U << 20U;

// A stored document, parsed when its base (if it extends one) is in the library.
struct StoredDocument {
    std::string qualified_id;
    std::string format;
    std::string file_name;
    OscalNaming naming;
    std::string content;
    std::string sha256;
    std::string imported_at;
};

// What parsing sees of the library: everything but the documents not yet parsed, so that an
// extension of an imported framework waits for it rather than finding the built-in one.
class LoadingResolver final : public FrameworkResolver {
public:
    LoadingResolver(const std::vector<LibraryEntry>& entries,
                    const std::vector<std::string>& hidden)
        : entries_(entries), hidden_(hidden) {}

    [[nodiscard]] const Framework* find_framework(std::string_view qualified_id) const override {
        if (std::find(hidden_.begin(), hidden_.end(), qualified_id) != hidden_.end()) {
            return nullptr;
        }
        for (const LibraryEntry& entry : entries_) {
            if (entry.framework.qualified_id() == qualified_id) {
                return &entry.framework;
            }
        }
        return nullptr;
    }

private:
    const std::vector<LibraryEntry>& entries_;
    const std::vector<std::string>& hidden_;
};

// OSCAL is XML or JSON; our libraries are YAML, which never starts with either.
bool is_oscal(std::string_view bytes) {
    constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
    if (bytes.starts_with(kByteOrderMark)) {
        bytes.remove_prefix(kByteOrderMark.size());
    }
    const std::size_t first = bytes.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && (bytes[first] == '<' || bytes[first] == '{');
}

// Reads a document: a framework, with the format it was in and what an OSCAL import skipped.
Result<FrameworkImport> parse_document(std::string_view bytes,
                                       std::string_view file_name,
                                       const OscalNaming& naming,
                                       const FrameworkResolver& library) {
    if (is_oscal(bytes)) {
        return parse_oscal_catalog(bytes, file_name, naming);
    }
    auto framework = parse_framework_yaml(bytes, file_name, &library);
    WARDROUND_TRY(framework);
    FrameworkImport parsed;
    parsed.framework = std::move(*framework);
    return parsed;
}

std::string format_name(std::string_view bytes, OscalFormat format) {
    if (!is_oscal(bytes)) {
        return "yaml";
    }
    return format == OscalFormat::kXml ? "oscal-xml" : "oscal-json";
}

Result<std::vector<StoredDocument>> stored_documents(store::Database& database) {
    std::vector<StoredDocument> documents;
    WARDROUND_TRY(database.query(
        "SELECT qualified_id, format, file_name, COALESCE(naming_id, ''), "
        "COALESCE(naming_version, ''), content, sha256, imported_at FROM framework_document "
        "ORDER BY import_id",
        {}, [&](const store::Row& row) -> Status {
            documents.push_back({row.get_text(0),
                                 row.get_text(1),
                                 row.get_text(2),
                                 {row.get_text(3), row.get_text(4)},
                                 row.get_text(5),
                                 row.get_text(6),
                                 row.get_text(7)});
            return {};
        }));
    return documents;
}

// Puts `entry` in the library, over a built-in library of the same id.
void place_entry(std::vector<LibraryEntry>& entries, LibraryEntry entry) {
    const std::string id = entry.framework.qualified_id();
    const auto same = std::find_if(entries.begin(), entries.end(), [&](const LibraryEntry& e) {
        return e.framework.qualified_id() == id;
    });
    if (same == entries.end()) {
        entries.push_back(std::move(entry));
        return;
    }
    entry.replaces_builtin = same->builtin;
    *same = std::move(entry);
}

// Parses the stored documents, each extension after its base, in as many passes as it takes.
Status add_stored(std::vector<LibraryEntry>& entries, std::vector<StoredDocument> pending) {
    while (!pending.empty()) {
        std::vector<std::string> unparsed;
        unparsed.reserve(pending.size());
        for (const StoredDocument& document : pending) {
            unparsed.push_back(document.qualified_id);
        }
        std::vector<StoredDocument> waiting;
        for (StoredDocument& document : pending) {
            std::erase(unparsed, document.qualified_id);
            LoadingResolver resolver(entries, unparsed);
            auto parsed =
                parse_document(document.content, document.file_name, document.naming, resolver);
            if (!parsed && parsed.error().code == ErrorCode::kNotFound) {
                unparsed.push_back(document.qualified_id);
                waiting.push_back(std::move(document));
                continue;
            }
            if (!parsed) {
                return make_error(ErrorCode::kDataLoss,
                                  fmt::format("the stored framework {} no longer loads: {}",
                                              document.qualified_id, parsed.error().to_string()));
            }
            place_entry(entries, {std::move(parsed->framework), false, document.format,
                                  document.imported_at, document.sha256, false});
        }
        if (waiting.size() == pending.size()) {
            return make_error(ErrorCode::kDataLoss,
                              fmt::format("the stored framework {} extends one the library lacks",
                                          waiting.front().qualified_id));
        }
        pending = std::move(waiting);
    }
    return {};
}

// The built-in libraries are compiled in and never change, so they are parsed once per process
// (a status or a report loads the library several times); each library gets its own copy.
const Result<std::vector<Framework>>& parsed_builtins() {
    static const Result<std::vector<Framework>> kParsed = builtin_frameworks();
    return kParsed;
}

}  // namespace

Result<FrameworkLibrary> FrameworkLibrary::load(store::Database& database) {
    const Result<std::vector<Framework>>& builtins = parsed_builtins();
    if (!builtins) {
        return propagate(builtins.error());
    }
    FrameworkLibrary library;
    for (const Framework& framework : *builtins) {
        library.entries_.push_back({framework, true, "yaml", "", "", false});
    }
    auto documents = stored_documents(database);
    WARDROUND_TRY(documents);
    WARDROUND_TRY(add_stored(library.entries_, std::move(*documents)));
    auto rules_documents = detail::stored_rules_documents(database);
    WARDROUND_TRY(rules_documents);
    library.rules_documents_ = std::move(*rules_documents);
    std::sort(library.entries_.begin(), library.entries_.end(),
              [](const LibraryEntry& a, const LibraryEntry& b) {
                  return a.framework.qualified_id() < b.framework.qualified_id();
              });
    return library;
}

const LibraryEntry* FrameworkLibrary::find_entry(std::string_view qualified_id) const {
    for (const LibraryEntry& entry : entries_) {
        if (entry.framework.qualified_id() == qualified_id) {
            return &entry;
        }
    }
    return nullptr;
}

const Framework* FrameworkLibrary::find_framework(std::string_view qualified_id) const {
    const LibraryEntry* entry = find_entry(qualified_id);
    return entry == nullptr ? nullptr : &entry->framework;
}

namespace {

// Keeps the document, replacing an earlier one of the same id, with its import run.
Status store_document(store::Database& database,
                      const FrameworkImportReport& report,
                      const FrameworkImportOptions& options,
                      const std::string& content,
                      store::ImportRun& run) {
    return detail::store_with_import_run(database, run, report.diagnostics, [&]() -> Status {
        const Value key[] = {Value{report.qualified_id}};
        WARDROUND_TRY(
            database.execute("DELETE FROM framework_document WHERE qualified_id = ?", key));
        const Value row[] = {Value{report.qualified_id},
                             Value{report.format},
                             Value{report.file},
                             store::text_or_null(options.naming.id),
                             store::text_or_null(options.naming.version),
                             Value{content},
                             Value{run.sha256},
                             Value{run.id},
                             Value{format_timestamp(run.started_at)}};
        WARDROUND_TRY(database.execute(
            "INSERT INTO framework_document (qualified_id, format, file_name, naming_id, "
            "naming_version, content, sha256, import_id, imported_at) VALUES (?, ?, ?, ?, ?, ?, "
            "?, ?, ?)",
            row));
        return {};
    });
}

}  // namespace

Result<detail::DocumentFile> detail::read_document_file(const std::string& path,
                                                        std::string_view kind) {
    DocumentFile document;
    document.run.kind = std::string(kind);
    document.run.source = path;
    document.run.started_at = now_utc();
    auto file = InputFile::open(path);
    WARDROUND_TRY(file);
    auto content = file->read_all(kMaxDocumentBytes);
    WARDROUND_TRY(content);
    auto sha256 = file->sha256_hex();
    WARDROUND_TRY(sha256);
    document.content = std::move(*content);
    document.run.sha256 = *sha256;
    document.run.compression = std::string(compression_name(file->compression()));
    document.run.bytes = file->raw_bytes_read();
    return document;
}

Status detail::store_with_import_run(store::Database& database,
                                     store::ImportRun& run,
                                     const Diagnostics& diagnostics,
                                     const std::function<Status()>& write) {
    auto transaction = store::Transaction::begin(database);
    WARDROUND_TRY(transaction);
    auto run_id = store::begin_import_run(database, run);
    WARDROUND_TRY(run_id);
    run.id = *run_id;
    WARDROUND_TRY(write());
    run.finished_at = now_utc();
    WARDROUND_TRY(store::finish_import_run(database, run, diagnostics));
    return transaction->commit();
}

Result<FrameworkImportReport> import_framework_file(store::Database& database,
                                                    const std::string& path,
                                                    const FrameworkImportOptions& options) {
    auto document = detail::read_document_file(path, "framework");
    WARDROUND_TRY(document);
    store::ImportRun& run = document->run;
    const std::string& content = document->content;

    auto library = FrameworkLibrary::load(database);
    WARDROUND_TRY(library);
    auto parsed = parse_document(content, path, options.naming, *library);
    WARDROUND_TRY(parsed);
    FrameworkImportReport report;
    report.file = path;
    report.qualified_id = parsed->framework.qualified_id();
    report.format = format_name(content, parsed->format);
    report.nodes = parsed->framework.nodes.size();
    report.answered = parsed->framework.answered_items().size();
    report.skipped = parsed->skipped;
    report.diagnostics = std::move(parsed->diagnostics);
    if (const LibraryEntry* existing = library->find_entry(report.qualified_id)) {
        report.replaced_builtin = existing->builtin;
        report.replaced_import = !existing->builtin;
    }
    run.feed_version = report.qualified_id;
    run.counts.records = static_cast<std::int64_t>(report.nodes);
    run.counts.inserted = 1;
    WARDROUND_TRY(store_document(database, report, options, content, run));
    report.import_id = run.id;
    return report;
}

}  // namespace wardround::assess

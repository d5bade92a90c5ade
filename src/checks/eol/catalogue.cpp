// SPDX-License-Identifier: Apache-2.0
// Reading the end-of-life catalogue. Input: RFC 4180 CSV with a header row naming the columns
// (data/eol/README.md); records whose first field starts with '#' are comments. Lists inside a
// field (names, builds, versions, cpes) are separated by '|'. Every problem stops the parse: the
// catalogue is our own data, so a bad row is a bug to fix, not input to skip.
#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include <wardround/checks/eol.h>
#include <wardround/core/csv.h>
#include <wardround/core/text.h>

#include "checks/eol/eol_internal.h"

namespace wardround::checks {

namespace {

constexpr std::array<std::string_view, 5> kEditions = {"", "home-pro", "enterprise-education",
                                                       "ltsc", "iot-ltsc"};

constexpr std::array<std::string_view, 5> kRequiredColumns = {"product", "release", "title",
                                                              "support_end", "source"};

std::string_view edition_label(std::string_view edition) {
    if (edition == "home-pro") {
        return "Home/Pro";
    }
    if (edition == "enterprise-education") {
        return "Enterprise/Education";
    }
    if (edition == "ltsc") {
        return "LTSC";
    }
    if (edition == "iot-ltsc") {
        return "IoT Enterprise LTSC";
    }
    return "";
}

bool all_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_product_key(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

// Reads one catalogue row; `where` is "file:line" for messages.
class RowReader {
public:
    RowReader(const CsvHeader& header, const std::vector<std::string>& record, std::string where)
        : header_(header), record_(record), where_(std::move(where)) {}

    [[nodiscard]] Result<EolRelease> read(std::size_t line) {
        EolRelease row;
        row.line = line;
        row.product = field("product");
        row.release = field("release");
        row.edition = field("edition");
        row.title = field("title");
        row.support_end = field("support_end");
        row.extended_end = field("extended_end");
        row.extended_name = field("extended_name");
        row.source = field("source");
        row.note = field("note");
        WARDROUND_TRY(check_keys(row));
        WARDROUND_TRY(read_dates(row));
        auto names = list("names", row.names);
        WARDROUND_TRY(names);
        auto builds = list("builds", row.builds);
        WARDROUND_TRY(builds);
        auto versions = list("versions", row.versions);
        WARDROUND_TRY(versions);
        auto cpes = list("cpes", row.cpes);
        WARDROUND_TRY(cpes);
        WARDROUND_TRY(check_recognition(row));
        return row;
    }

private:
    [[nodiscard]] std::string field(std::string_view column) const {
        return std::string(trim(header_.get(record_, column)));
    }

    [[nodiscard]] tl::unexpected<Error> fail(const std::string& message) const {
        return make_error(ErrorCode::kInvalidArgument, message, where_);
    }

    [[nodiscard]] Status check_keys(const EolRelease& row) const {
        if (!is_product_key(row.product)) {
            return fail("product '" + row.product +
                        "' is not a key of lower-case letters, digits and '_'");
        }
        if (row.release.empty()) {
            return fail("release is empty");
        }
        if (row.title.empty()) {
            return fail("title is empty");
        }
        if (std::find(kEditions.begin(), kEditions.end(), row.edition) == kEditions.end()) {
            return fail("edition '" + row.edition +
                        "' is not one of home-pro, enterprise-education, ltsc, iot-ltsc or empty");
        }
        if (!starts_with_icase(row.source, "https://") || row.source.size() <= 8) {
            return fail("source '" + row.source + "' is not an https URL");
        }
        return {};
    }

    [[nodiscard]] Status read_dates(EolRelease& row) const {
        if (!row.support_end.empty()) {
            auto date = parse_date(row.support_end);
            if (!date) {
                return fail("support_end: " + date.error().message);
            }
            row.support_end_date = *date;
        }
        if (row.extended_end.empty()) {
            return {};
        }
        auto date = parse_date(row.extended_end);
        if (!date) {
            return fail("extended_end: " + date.error().message);
        }
        if (!row.support_end_date ||
            date->days_since_epoch < row.support_end_date->days_since_epoch) {
            return fail("extended_end " + row.extended_end + " needs a support_end before it");
        }
        row.extended_end_date = *date;
        return {};
    }

    // Splits a '|' list; every entry must be non-empty and of its column's form.
    [[nodiscard]] Status list(std::string_view column, std::vector<std::string>& out) const {
        const std::string text = field(column);
        if (text.empty()) {
            return {};
        }
        for (const auto part : split(text, '|')) {
            const std::string entry(trim(part));
            if (entry.empty()) {
                return fail(std::string(column) + " has an empty entry in '" + text + "'");
            }
            WARDROUND_TRY(check_entry(column, entry));
            out.push_back(column == "names" ? join(detail::tokens_of(entry), " ") : entry);
        }
        return {};
    }

    [[nodiscard]] Status check_entry(std::string_view column, const std::string& entry) const {
        if (column == "names" && detail::tokens_of(entry).empty()) {
            return fail("names entry '" + entry + "' has no letters or digits");
        }
        if (column == "builds" && !all_digits(entry)) {
            return fail("builds entry '" + entry + "' is not a number");
        }
        if (column == "cpes" && !detail::parse_cpe_entry(entry)) {
            return fail("cpes entry '" + entry + "' is not vendor:product[:version]");
        }
        return {};
    }

    [[nodiscard]] Status check_recognition(const EolRelease& row) const {
        if (row.names.empty() && row.builds.empty() && row.cpes.empty()) {
            return fail("the row has no names, builds or cpes to recognise it by");
        }
        return {};
    }

    const CsvHeader& header_;
    const std::vector<std::string>& record_;
    std::string where_;
};

Result<CsvHeader> read_header(const std::vector<std::string>& record, const std::string& where) {
    CsvHeader header(record);
    for (const auto column : kRequiredColumns) {
        if (!header.has(column)) {
            return make_error(ErrorCode::kInvalidArgument,
                              "missing column '" + std::string(column) + "'", where);
        }
    }
    return header;
}

bool is_comment(const std::vector<std::string>& record) {
    return !record.empty() && !trim(record.front()).empty() && trim(record.front()).front() == '#';
}

}  // namespace

std::string EolRelease::label() const {
    if (edition.empty() || edition == "ltsc" || edition == "iot-ltsc") {
        return title;
    }
    return title + " (" + std::string(edition_label(edition)) + ")";
}

std::string_view support_state_name(SupportState state) {
    switch (state) {
        case SupportState::kSupported:
            return "supported";
        case SupportState::kExtended:
            return "extended";
        case SupportState::kUnsupported:
            return "unsupported";
    }
    return "unsupported";
}

SupportState support_state(const EolRelease& release, Date date) {
    if (!release.support_end_date ||
        date.days_since_epoch <= release.support_end_date->days_since_epoch) {
        return SupportState::kSupported;
    }
    if (release.extended_end_date &&
        date.days_since_epoch <= release.extended_end_date->days_since_epoch) {
        return SupportState::kExtended;
    }
    return SupportState::kUnsupported;
}

Result<SupportState> support_state(const EolRelease& release, std::string_view date) {
    auto parsed = parse_date(trim(date));
    if (!parsed) {
        return propagate(parsed.error());
    }
    return support_state(release, *parsed);
}

std::string_view EolCatalogue::builtin_csv() {
    return detail::kEolCatalogueCsv;
}

const EolCatalogue& EolCatalogue::builtin() {
    // The embedded text is checked by the tests; a broken build yields an empty catalogue rather
    // than an abort (the library never aborts).
    static const EolCatalogue kCatalogue =
        parse(builtin_csv(), "data/eol/catalogue.csv").value_or(EolCatalogue{});
    return kCatalogue;
}

Result<EolCatalogue> EolCatalogue::parse(std::string_view csv, std::string_view file_name) {
    InputFile file = InputFile::from_memory(std::string(file_name), std::string(csv));
    CsvReader reader(file);
    const std::string name(file_name);
    const auto where = [&](std::size_t line) {
        return name + ":" + std::to_string(line);
    };
    std::optional<CsvHeader> header;
    EolCatalogue catalogue;
    std::map<std::string, std::size_t, std::less<>> seen;  // product/release/edition -> line
    std::vector<std::string> record;
    for (;;) {
        auto more = reader.next(record);
        if (!more) {
            return propagate(more.error());
        }
        if (!*more) {
            break;
        }
        if (is_comment(record)) {
            continue;
        }
        if (!header) {
            auto read = read_header(record, where(reader.line()));
            if (!read) {
                return propagate(read.error());
            }
            header = std::move(*read);
            continue;
        }
        if (record.size() != header->names().size()) {
            return make_error(ErrorCode::kInvalidArgument,
                              "expected " + std::to_string(header->names().size()) +
                                  " fields, found " + std::to_string(record.size()),
                              where(reader.line()));
        }
        auto row = RowReader(*header, record, where(reader.line())).read(reader.line());
        if (!row) {
            return propagate(row.error());
        }
        const std::string key = row->product + "/" + row->release + "/" + row->edition;
        if (const auto it = seen.find(key); it != seen.end()) {
            return make_error(
                ErrorCode::kInvalidArgument,
                "product/release/edition " + key + " already on line " + std::to_string(it->second),
                where(reader.line()));
        }
        seen.emplace(key, reader.line());
        catalogue.releases_.push_back(std::move(*row));
    }
    if (!header) {
        return make_error(ErrorCode::kInvalidArgument, "no header row", where(1));
    }
    catalogue.index_rows();
    return catalogue;
}

void EolCatalogue::index_rows() {
    for (std::size_t i = 0; i < releases_.size(); ++i) {
        for (const auto& phrase : releases_[i].names) {
            phrases_.push_back(Phrase{i, detail::tokens_of(phrase)});
        }
        for (const auto& text : releases_[i].cpes) {
            // RowReader accepted only entries that parse.
            if (auto entry = detail::parse_cpe_entry(text)) {
                product_entries_[entry->vendor + ":" + entry->product].push_back(
                    ProductEntry{i, std::move(entry->version)});
            }
        }
    }
}

}  // namespace wardround::checks

// SPDX-License-Identifier: Apache-2.0
// The assessment as an XLSX workbook (libxlsxwriter): Summary, Outcomes, Answers, Evidence and
// Improvement plan sheets, each with a formatted, frozen header row, an autofilter and dates as
// dates. Every text goes in with worksheet_write_string, never as a formula, so an answer reading
// "=HYPERLINK(...)" stays text in any spreadsheet.
#include <charconv>
#include <memory>
#include <vector>

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <wardround/core/output_file.h>

#include "assess/export/export_internal.h"

namespace wardround::assess::detail {
namespace {

struct WorkbookCloser {
    void operator()(lxw_workbook* workbook) const { workbook_close(workbook); }
};

struct Formats {
    lxw_format* header = nullptr;
    lxw_format* date = nullptr;
    lxw_format* date_time = nullptr;
};

int digits(std::string_view text, std::size_t at, std::size_t length) {
    int value = 0;
    std::from_chars(text.data() + at, text.data() + at + length, value);
    return value;
}

// "2025-01-11" or a stored timestamp, as the spreadsheet's date; nullopt when it is neither.
std::optional<lxw_datetime> spreadsheet_time(const std::string& text) {
    auto parsed = parse_timestamp(text);
    if (!parsed) {
        return std::nullopt;
    }
    const std::string fixed = format_timestamp(*parsed);  // "2023-10-18T18:04:18.493Z"
    return lxw_datetime{digits(fixed, 0, 4),  digits(fixed, 5, 2),
                        digits(fixed, 8, 2),  digits(fixed, 11, 2),
                        digits(fixed, 14, 2), static_cast<double>(digits(fixed, 17, 2))};
}

// One sheet being filled row by row.
class Sheet {
public:
    Sheet(lxw_workbook* workbook, const char* name, const Formats& formats)
        : sheet_(workbook_add_worksheet(workbook, name)), formats_(formats) {}

    // The header row, with each column's width.
    void header(std::initializer_list<std::pair<const char*, double>> columns) {
        lxw_col_t column = 0;
        for (const auto& [title, width] : columns) {
            worksheet_write_string(sheet_, 0, column, title, formats_.header);
            worksheet_set_column(sheet_, column, column, width, nullptr);
            ++column;
        }
        columns_ = column;
        worksheet_freeze_panes(sheet_, 1, 0);
        row_ = 1;
    }

    Sheet& text(const std::string& value) {
        if (!value.empty()) {
            worksheet_write_string(sheet_, row_, column_, value.c_str(), nullptr);
        }
        ++column_;
        return *this;
    }
    Sheet& number(double value) {
        worksheet_write_number(sheet_, row_, column_, value, nullptr);
        ++column_;
        return *this;
    }
    Sheet& yes_no(bool value) { return text(value ? "yes" : "no"); }
    // A date (YYYY-MM-DD) or a moment; text when it is neither, blank when empty.
    Sheet& when(const std::string& value, bool with_time = false) {
        if (auto time = spreadsheet_time(value)) {
            worksheet_write_datetime(sheet_, row_, column_, &*time,
                                     with_time ? formats_.date_time : formats_.date);
            ++column_;
            return *this;
        }
        return text(value);
    }
    void end_row() {
        ++row_;
        column_ = 0;
    }
    // The autofilter over the header and every row written.
    void finish() {
        if (columns_ > 0) {
            worksheet_autofilter(sheet_, 0, 0, row_ > 1 ? row_ - 1 : 1,
                                 static_cast<lxw_col_t>(columns_ - 1));
        }
    }

private:
    lxw_worksheet* sheet_;
    const Formats& formats_;
    lxw_row_t row_ = 0;
    lxw_col_t column_ = 0;
    lxw_col_t columns_ = 0;
};

std::string joined(const std::vector<std::string>& values) {
    return fmt::format("{}", fmt::join(values, ", "));
}

// The certifications declared, beside the DSPT status they lift: a few rows each, every field
// starting with the certification's name, so that filtering the Field column keeps one whole.
// Only standards frameworks take certifications; there, none declared is said, since it is why the
// status stops at Standards Met.
void certification_lines(Sheet& sheet, const AssessmentStatus& s) {
    if (s.kind == "standards" && s.certifications.empty()) {
        sheet.text("Certifications").text("none declared").end_row();
    }
    for (const CertificationDeclaration& declared : s.certifications) {
        const std::string field = "Certification " + declared.certification;
        sheet.text(field + ": evidence").text(declared.evidence_key).end_row();
        sheet.text(field + ": evidence title").text(declared.evidence_title).end_row();
        sheet.text(field + ": expires");
        if (declared.expires_on.empty()) {
            sheet.text("no expiry date");
        } else {
            sheet.when(declared.expires_on);
        }
        sheet.end_row();
        sheet.text(field + ": counts?").yes_no(declared.counts).end_row();
        sheet.text(field + ": why").text(declared.why).end_row();
    }
}

void summary_sheet(lxw_workbook* workbook, const Formats& formats, const ExportData& data) {
    Sheet sheet(workbook, "Summary", formats);
    // Wide enough for the longest field, "Certification cyber-essentials-plus: evidence title".
    sheet.header({{"Field", 50}, {"Value", 60}});
    const Assessment& a = data.assessment();
    const AssessmentStatus& s = data.status;
    const auto line = [&sheet](const std::string& field, const std::string& value) {
        sheet.text(field).text(value).end_row();
    };
    const auto count = [&sheet](const std::string& field, std::size_t value) {
        sheet.text(field).number(static_cast<double>(value)).end_row();
    };
    line("Organisation", a.org_code);
    line("Framework", a.framework);
    line("Period", a.period);
    sheet.text("Revision").number(a.revision).end_row();
    line("Status", a.status);
    line("Category", a.category);
    line("Profile", a.profile);
    line("Started by", a.started_by);
    sheet.text("Started at").when(a.started_at, true).end_row();
    line("Signed off by", a.signed_off_by);
    line("Signer role", a.signer_role);
    sheet.text("Signed off at").when(a.signed_off_at, true).end_row();
    line("Sign-off statement", a.signoff_statement);
    count("Items", s.items);
    count("Answered", s.answered);
    count("Required for sign-off", s.required);
    count("Required answered", s.required_answered);
    count("Unsupported answers", s.unsupported);
    count("Expired evidence", s.evidence_expired);
    count("Open plan items", s.plan_open);
    count("Overdue plan items", s.plan_overdue);
    if (!s.dspt_status.empty() || !s.dspt_reason.empty()) {
        line("DSPT status", s.dspt_status.empty() ? "not judged" : s.dspt_status);
        line("DSPT status reason", s.dspt_reason);
    }
    certification_lines(sheet, s);
    for (const auto& [status, nodes] : s.by_status) {
        count(fmt::format("{} with status {}", s.kind, status), nodes);
    }
    if (!a.profile.empty()) {
        std::map<std::string, std::size_t> by_standing;
        for (const NodeStatus& node : s.nodes) {
            ++by_standing[node.standing.empty() ? "no-expectation" : node.standing];
        }
        for (const auto& [standing, nodes] : by_standing) {
            count(fmt::format("Profile comparison: {}", standing), nodes);
        }
    }
    sheet.finish();
}

void outcomes_sheet(lxw_workbook* workbook, const Formats& formats, const ExportData& data) {
    Sheet sheet(workbook, "Outcomes", formats);
    sheet.header({{"Id", 12},
                  {"Title", 40},
                  {"Type", 12},
                  {"Owner", 18},
                  {"Status", 20},
                  {"Complete", 10},
                  {"Expected level", 20},
                  {"Meets?", 16},
                  {"Answered", 10},
                  {"Items", 8},
                  {"Evidence", 10},
                  {"Unsupported answers", 12}});
    for (const NodeStatus& node : data.status.nodes) {
        sheet.text(node.id).text(node.title).text(node.type).text(node.owner).text(node.status);
        sheet.yes_no(node.complete).text(node.expected).text(node.standing);
        sheet.number(static_cast<double>(node.answered))
            .number(static_cast<double>(node.items.size()));
        sheet.number(static_cast<double>(data.evidence_count(node)));
        sheet.number(static_cast<double>(node.unsupported)).end_row();
    }
    sheet.finish();
}

void answers_sheet(lxw_workbook* workbook, const Formats& formats, const ExportData& data) {
    Sheet sheet(workbook, "Answers", formats);
    sheet.header({{"Item", 14},
                  {"Node", 10},
                  {"Text", 50},
                  {"Answer", 16},
                  {"Reason", 30},
                  {"Comment", 30},
                  {"By", 16},
                  {"At", 18},
                  {"Support", 12},
                  {"Evidence", 24}});
    for (const ExportedAnswer& exported : data.answers) {
        std::vector<std::string> keys;
        for (const EvidenceRecord* record : exported.evidence) {
            keys.push_back(record->expired ? record->key + " (expired)" : record->key);
        }
        const AnswerRecord& answer = exported.answer;
        sheet.text(answer.item_id).text(exported.node_id).text(exported.text).text(answer.value);
        sheet.text(answer.reason).text(answer.comment).text(answer.answered_by);
        sheet.when(answer.answered_at, true).text(exported.support).text(joined(keys)).end_row();
    }
    sheet.finish();
}

void evidence_sheet(lxw_workbook* workbook, const Formats& formats, const ExportData& data) {
    Sheet sheet(workbook, "Evidence", formats);
    sheet.header({{"Key", 8},
                  {"Revision", 9},
                  {"Kind", 6},
                  {"Title", 36},
                  {"Effective", 12},
                  {"Expires", 12},
                  {"Expired?", 9},
                  {"Collected by", 16},
                  {"Collected from", 24},
                  {"SHA-256", 66},
                  {"Items", 24}});
    for (const EvidenceRecord& record : data.evidence) {
        sheet.text(record.key).number(record.revision).text(record.kind).text(record.title);
        sheet.when(record.effective_on).when(record.expires_on).yes_no(record.expired);
        sheet.text(record.collected_by).text(record.collected_from).text(record.sha256);
        sheet.text(joined(record.items)).end_row();
    }
    sheet.finish();
}

void plan_sheet(lxw_workbook* workbook, const Formats& formats, const ExportData& data) {
    Sheet sheet(workbook, "Improvement plan", formats);
    sheet.header({{"Number", 8},
                  {"What", 40},
                  {"Items", 24},
                  {"Owner", 16},
                  {"Due", 12},
                  {"Status", 10},
                  {"Overdue?", 9}});
    for (const PlanItem& item : data.plan) {
        sheet.number(item.number).text(item.action).text(joined(item.items)).text(item.owner);
        sheet.when(item.due_on).text(item.status).yes_no(item.overdue).end_row();
    }
    sheet.finish();
}

}  // namespace

Status write_xlsx(const ExportData& data, const std::string& path) {
    const std::string temporary = partial_path(path);
    lxw_workbook* workbook = workbook_new(temporary.c_str());
    if (workbook == nullptr) {
        return make_error(ErrorCode::kInvalidArgument, "cannot start the workbook", path);
    }
    Formats formats;
    formats.header = workbook_add_format(workbook);
    format_set_bold(formats.header);
    format_set_bg_color(formats.header, 0xD9E1F2);  // NOLINT(readability-magic-numbers): light blue
    format_set_bottom(formats.header, LXW_BORDER_THIN);
    formats.date = workbook_add_format(workbook);
    format_set_num_format(formats.date, "yyyy-mm-dd");
    formats.date_time = workbook_add_format(workbook);
    format_set_num_format(formats.date_time, "yyyy-mm-dd hh:mm");

    summary_sheet(workbook, formats, data);
    outcomes_sheet(workbook, formats, data);
    answers_sheet(workbook, formats, data);
    evidence_sheet(workbook, formats, data);
    plan_sheet(workbook, formats, data);

    // workbook_close writes the file and frees the workbook whatever it returns.
    const lxw_error closed = workbook_close(workbook);
    if (closed != LXW_NO_ERROR) {
        std::remove(temporary.c_str());
        return make_error(ErrorCode::kInvalidArgument,
                          fmt::format("cannot write the workbook: {}", lxw_strerror(closed)), path);
    }
    return commit_partial(path);
}

}  // namespace wardround::assess::detail

// SPDX-License-Identifier: Apache-2.0
// The assessments section of the HTML page: one overview row per assessment for the board, then
// per assessment its sign-off and what falls short, with who owns it.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "report/html_page.h"

namespace wardround::report::detail {
namespace {

// How many organisations without an assessment are named; the JSON names every one.
constexpr std::size_t kWithoutListed = 100;

// "partially-achieved" -> "partially achieved".
std::string in_words(std::string text) {
    for (char& c : text) {
        c = c == '-' ? ' ' : c;
    }
    return text;
}

std::string title_of(const AssessmentOrganisation& org, const ReportAssessment& assessment) {
    return fmt::format("{} {}: {}, {}, revision {}", org.org_code, org.org_name,
                       assessment.framework, assessment.period, assessment.revision);
}

std::string sign_off_text(const ReportAssessment& assessment) {
    if (assessment.signed_off) {
        return fmt::format("signed off on {} by {} ({})", assessment.signed_off_at.substr(0, 10),
                           assessment.signed_off_by, assessment.signer_role);
    }
    return fmt::format("draft, started on {} by {}", assessment.started_at.substr(0, 10),
                       assessment.started_by);
}

// The assessment's result in a few words: the outcomes by level, the DSPT status, or the standards
// or controls by status.
std::string result_text(const ReportAssessment& assessment) {
    if (!assessment.problem.empty()) {
        return "not judged (below)";
    }
    if (assessment.kind == "outcomes") {
        return fmt::format(
            "{} achieved, {} partially achieved, {} not achieved, {} not yet decided",
            assessment.achieved, assessment.partially_achieved, assessment.not_achieved,
            assessment.undecided);
    }
    std::string text = fmt::format("{} met, {} not met, {} incomplete", assessment.met,
                                   assessment.not_met, assessment.incomplete);
    if (assessment.kind == "standards") {
        text =
            "DSPT: " +
            (assessment.dspt_status.empty() ? std::string("not judged") : assessment.dspt_status) +
            "; " + text;
    }
    return text;
}

// A count that is bad news when above zero is marked as overdue findings are.
void alert_cell(Page& page, std::int64_t value) {
    page.raw(fmt::format("<td class=\"num{}\">{}</td>", value > 0 ? " overdue" : "", value));
}

// Nine columns, the sign-off inside the assessment's cell, so that the table fits an A4 page.
void overview_table(Page& page, const AssessmentSection& section) {
    page.raw("<table>\n");
    page.element("caption",
                 fmt::format("Self-assessments, the newest revision of each ({})", section.total));
    header_row(page, {{"Organisation", false},
                      {"Assessment", false},
                      {"Result", false},
                      {"Short of profile", true},
                      {"Items answered", true},
                      {"Evidence expired", true},
                      {fmt::format("Evidence expiring in {} days", kEvidenceExpiringDays), true},
                      {"Plan items open", true},
                      {"Plan items overdue", true}});
    page.raw("<tbody>\n");
    for (const AssessmentOrganisation& org : section.organisations) {
        for (const ReportAssessment& assessment : org.assessments) {
            page.raw("<tr>");
            page.element("th", org.org_code + " " + org.org_name, "scope=\"row\"");
            cell(page,
                 fmt::format("{} {}, revision {}: {}", assessment.framework, assessment.period,
                             assessment.revision, sign_off_text(assessment)));
            cell(page, result_text(assessment));
            if (!assessment.problem.empty()) {
                for (int i = 0; i < 6; ++i) {
                    cell(page, "-", "class=\"num\"");
                }
                page.raw("</tr>\n");
                continue;
            }
            if (assessment.short_of_profile) {
                alert_cell(page, *assessment.short_of_profile);
            } else {
                cell(page, "no profile", "class=\"num\"");
            }
            cell(page, fmt::format("{} of {}", assessment.answered, assessment.items),
                 "class=\"num\"");
            alert_cell(page, assessment.evidence_expired);
            num_cell(page, assessment.evidence_expiring);
            num_cell(page, assessment.plan_open);
            alert_cell(page, assessment.plan_overdue);
            page.raw("</tr>\n");
        }
    }
    page.raw("</tbody>\n</table>\n");
}

// What the assessment says beyond the overview row: its category, profile, the DSPT status's
// reason, and how far the items sign-off needs are answered.
std::string detail_text(const ReportAssessment& assessment) {
    std::string text = "This revision is " + sign_off_text(assessment) + ". ";
    text += assessment.category.empty() ? "No organisation category was given"
                                        : "Organisation category: " + assessment.category;
    text += assessment.profile.empty()
                ? "; no profile is compared against. "
                : "; compared against the profile " + assessment.profile + ". ";
    if (assessment.kind == "standards") {
        text +=
            "DSPT status: " +
            (assessment.dspt_status.empty() ? std::string("not judged") : assessment.dspt_status) +
            " (" + assessment.dspt_reason + "). ";
    }
    text += fmt::format(
        "Items sign-off needs: {} of {} answered. Answers resting only on expired evidence: {}.",
        assessment.required_answered, assessment.required, assessment.unsupported_answers);
    return text;
}

std::string shortfall_status(const AssessmentShortfall& shortfall) {
    return shortfall.decided ? in_words(shortfall.status)
                             : in_words(shortfall.status) + " so far (not yet decided)";
}

void shortfall_table(Page& page, const ReportAssessment& assessment) {
    const bool outcomes = assessment.kind == "outcomes";
    if (assessment.shortfalls.empty()) {
        empty_note(page, outcomes ? "No outcome falls short of the profile or is decided not "
                                    "achieved."
                                  : "No standard or control is not met.");
        return;
    }
    page.raw("<table>\n");
    page.element("caption", outcomes
                                ? fmt::format("Outcomes short of the profile or not achieved ({})",
                                              assessment.shortfalls.size())
                                : fmt::format("Not met ({})", assessment.shortfalls.size()));
    std::vector<std::pair<std::string, bool>> headers{
        {outcomes ? "Outcome" : "Standard or control", false}, {"Title", false}, {"Status", false}};
    if (outcomes) {
        headers.emplace_back("Profile expects", false);
    }
    headers.emplace_back("Owner", false);
    header_row(page, headers);
    page.raw("<tbody>\n");
    for (const AssessmentShortfall& shortfall : assessment.shortfalls) {
        page.raw("<tr>");
        page.element("th", shortfall.node_id, "scope=\"row\"");
        cell(page, shortfall.title);
        cell(page, shortfall_status(shortfall));
        if (outcomes) {
            cell(page, or_dash(in_words(shortfall.expected)));
        }
        cell(page, shortfall.owner.empty() ? std::string("(no owner)") : shortfall.owner);
        page.raw("</tr>\n");
    }
    page.raw("</tbody>\n</table>\n");
}

void without_note(Page& page, const AssessmentSection& section) {
    if (section.without.empty()) {
        return;
    }
    std::string names;
    const std::size_t listed = std::min(section.without.size(), kWithoutListed);
    for (std::size_t i = 0; i < listed; ++i) {
        names += fmt::format("{}{} {}", i == 0 ? "" : "; ", section.without[i].first,
                             section.without[i].second);
    }
    if (listed < section.without.size()) {
        names += fmt::format("; and {} more (the JSON form names every one)",
                             section.without.size() - listed);
    }
    page.element("p", fmt::format("{} no self-assessment: {}.",
                                  section.without.size() == 1 ? std::string("1 organisation has")
                                                              : fmt::format("{} organisations have",
                                                                            section.without.size()),
                                  names));
}

}  // namespace

void assessments_section(Page& page, const ReportData& data) {
    const AssessmentSection& section = data.assessments;
    page.raw("<section id=\"assessments\" aria-labelledby=\"assessments-heading\">\n");
    page.element("h2", "Self-assessments", "id=\"assessments-heading\"");
    page.element(
        "p",
        fmt::format(
            "Each organisation's self-assessments (the Data Security and Protection Toolkit, the "
            "Cyber Assessment Framework, Cyber Essentials), the newest revision of each, judged on "
            "the report date as wardround assess status judges it. An outcome counts at a level "
            "once its answers decide it; until then it is not yet decided, and short of its "
            "profile unless the answers so far meet it. Evidence counts when it is linked to the "
            "assessment: expired, or expiring within {} days.",
            kEvidenceExpiringDays));
    if (section.total == 0) {
        empty_note(page,
                   "No organisation in the report has a self-assessment (wardround assess start "
                   "begins one).");
        page.raw("</section>\n");
        return;
    }
    overview_table(page, section);
    without_note(page, section);
    for (const AssessmentOrganisation& org : section.organisations) {
        for (const ReportAssessment& assessment : org.assessments) {
            page.element("h3", title_of(org, assessment));
            if (!assessment.problem.empty()) {
                page.element("p", "This assessment could not be judged: " + assessment.problem,
                             "class=\"notice\"");
                continue;
            }
            page.element("p", detail_text(assessment));
            shortfall_table(page, assessment);
        }
    }
    page.raw("</section>\n");
}

}  // namespace wardround::report::detail

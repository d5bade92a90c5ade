// SPDX-License-Identifier: Apache-2.0
// The report as one HTML page. Everything it needs is inside it: the styles in one <style>
// element, the charts as inline SVG drawn here, no scripts, fonts, images or links to anything
// outside the page, and a Content-Security-Policy that forbids fetching any, so it opens on an
// isolated network and prints as it shows. Every value from the database goes through escape().
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/core.h>

#include <wardround/core/text.h>
#include <wardround/report/report.h>

#include "report/html_page.h"

namespace wardround::report {
namespace {

using detail::cell;
using detail::empty_note;
using detail::figure_tile;
using detail::header_row;
using detail::num_cell;
using detail::or_dash;
using detail::Page;

constexpr std::array<const char*, 4> kPriorities{"P1", "P2", "P3", "P4"};
// Priority colours, dark enough for white text and distinct in grey print; the tables beside
// every chart give the same figures as text.
constexpr std::array<const char*, 4> kPriorityColours{"#a1111d", "#c45508", "#8a6d00", "#4a5d78"};
// How many groups a bar chart draws; its table lists them all.
constexpr std::size_t kBarsDrawn = 15;

constexpr const char* kStyle = R"(
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: #1d1d1f;
  margin: 0 auto; max-width: 72rem; padding: 1.5rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #1d1d1f; }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
.meta { color: #444; margin: 0; }
.notice { border-left: 6px solid #c45508; background: #fff4e5; padding: .5rem .75rem; margin: 1rem 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
  gap: .5rem; margin: 0; }
.figure { border: 1px solid #bbb; border-radius: 4px; padding: .5rem .75rem; break-inside: avoid; }
.figure dt { font-size: .85rem; color: #444; }
.figure dd { margin: 0; font-size: 1.6rem; font-weight: 700; }
.figure.alert dd { color: #a1111d; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #ccc; padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #eef0f3; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.p1 { color: #a1111d; font-weight: 700; }
.overdue { color: #a1111d; font-weight: 700; }
ul.reasons { margin: 0; padding-left: 1rem; }
figure { margin: .5rem 0; }
figcaption { font-size: .85rem; color: #444; }
svg { max-width: 100%; height: auto; font-family: inherit; }
.empty { color: #444; font-style: italic; }
footer { margin-top: 2rem; font-size: .85rem; color: #444; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  tr, figure, .figure { break-inside: avoid; }
  thead { display: table-header-group; }
  .notice { background: none; }
}
)";

std::string number(std::int64_t value) {
    return std::to_string(value);
}

std::string asset_label(const ReportFinding& finding) {
    return finding.hostname.empty() ? "asset " + std::to_string(finding.asset_id)
                                    : finding.hostname;
}

std::string software_label(const std::string& vendor,
                           const std::string& product,
                           const std::string& version) {
    std::string label = vendor;
    for (const std::string* part : {&product, &version}) {
        if (!part->empty()) {
            label += (label.empty() ? "" : " ") + *part;
        }
    }
    return label;
}

void priority_cell(Page& page, const std::string& priority) {
    page.element("td", priority, priority == "P1" ? "class=\"p1\"" : "");
}

void due_cell(Page& page, const ReportFinding& finding) {
    page.element("td", or_dash(finding.due_date) + (finding.overdue ? " (overdue)" : ""),
                 finding.overdue ? "class=\"overdue\"" : "");
}

// A horizontal bar per group, stacked by priority, the longest as wide as the plot.
void bar_chart(Page& page,
               std::string_view id,
               const std::string& title,
               const std::vector<GroupCount>& groups,
               const std::string& unnamed) {
    const std::size_t drawn = std::min(groups.size(), kBarsDrawn);
    if (drawn == 0) {
        return;
    }
    constexpr int kWidth = 720;
    constexpr int kLabelWidth = 220;
    constexpr int kBarHeight = 18;
    constexpr int kRowHeight = 26;
    constexpr int kTop = 30;
    constexpr int kPlotWidth = kWidth - kLabelWidth - 60;
    const int height = kTop + static_cast<int>(drawn) * kRowHeight + 10;
    std::int64_t largest = 1;
    for (std::size_t i = 0; i < drawn; ++i) {
        largest = std::max(largest, groups[i].open);
    }
    std::string description;
    for (std::size_t i = 0; i < drawn; ++i) {
        description +=
            fmt::format("{}{}: {} open", i == 0 ? "" : "; ",
                        groups[i].name.empty() ? unnamed : groups[i].name, groups[i].open);
    }
    page.raw("<figure>\n");
    page.raw(fmt::format(
        "<svg role=\"img\" aria-labelledby=\"{0}-title {0}-desc\" viewBox=\"0 0 {1} {2}\" "
        "width=\"{1}\" height=\"{2}\">\n",
        id, kWidth, height));
    page.element("title", title, fmt::format("id=\"{}-title\"", id));
    page.element("desc", description + ".", fmt::format("id=\"{}-desc\"", id));
    page.raw("\n");
    // Legend.
    for (std::size_t p = 0; p < kPriorities.size(); ++p) {
        const int x = kLabelWidth + static_cast<int>(p) * 70;
        page.raw(
            fmt::format("<rect x=\"{}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{}\"></rect>"
                        "<text x=\"{}\" y=\"16\" font-size=\"12\">{}</text>\n",
                        x, kPriorityColours[p], x + 16, kPriorities[p]));
    }
    for (std::size_t i = 0; i < drawn; ++i) {
        const GroupCount& group = groups[i];
        const int y = kTop + static_cast<int>(i) * kRowHeight;
        std::string name = group.name.empty() ? unnamed : group.name;
        if (name.size() > 32) {
            name = name.substr(0, 30) + "...";
        }
        page.raw(fmt::format(R"(<text x="{}" y="{}" font-size="12" text-anchor="end">)",
                             kLabelWidth - 8, y + 13));
        page.text(name);
        page.raw("</text>\n");
        double x = kLabelWidth;
        for (std::size_t p = 0; p < kPriorities.size(); ++p) {
            const auto found = group.by_priority.find(kPriorities[p]);
            const std::int64_t count = found == group.by_priority.end() ? 0 : found->second;
            if (count == 0) {
                continue;
            }
            const double width =
                static_cast<double>(count) * kPlotWidth / static_cast<double>(largest);
            page.raw(fmt::format(
                R"(<rect x="{:.1f}" y="{}" width="{:.1f}" height="{}" fill="{}"><title>)", x, y,
                width, kBarHeight, kPriorityColours[p]));
            page.text(fmt::format("{}: {} {}", name, count, kPriorities[p]));
            page.raw("</title></rect>\n");
            x += width;
        }
        page.raw(fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"12\">{}</text>\n", x + 6,
                             y + 13, group.open));
    }
    page.raw("</svg>\n<figcaption>");
    page.text(title +
              (groups.size() > drawn
                   ? fmt::format(" (the {} with most open findings; the table lists all)", drawn)
                   : std::string(" (the table gives the same figures)")));
    page.raw("</figcaption>\n</figure>\n");
}

void group_table(Page& page,
                 const std::string& caption,
                 const std::string& column,
                 const std::vector<GroupCount>& groups,
                 const std::string& unnamed) {
    page.raw("<table>\n");
    page.element("caption", caption);
    header_row(page, {{column, false},
                      {"Open", true},
                      {"P1", true},
                      {"P2", true},
                      {"P3", true},
                      {"P4", true},
                      {"KEV", true},
                      {"Assets affected", true}});
    page.raw("<tbody>\n");
    for (const GroupCount& group : groups) {
        page.raw("<tr>");
        page.element("th", group.name.empty() ? unnamed : group.name, "scope=\"row\"");
        num_cell(page, group.open);
        for (const char* priority : kPriorities) {
            const auto found = group.by_priority.find(priority);
            num_cell(page, found == group.by_priority.end() ? 0 : found->second);
        }
        num_cell(page, group.kev);
        num_cell(page, group.assets);
        page.raw("</tr>\n");
    }
    page.raw("</tbody>\n</table>\n");
}

// Open findings after each scan as a line over the scans in order, evenly spaced.
void trend_chart(Page& page, const std::vector<TrendPoint>& trend) {
    constexpr int kWidth = 720;
    constexpr int kHeight = 240;
    constexpr int kLeft = 56;
    constexpr int kRight = 24;
    constexpr int kTop = 16;
    constexpr int kBottom = 40;
    constexpr int kPlotWidth = kWidth - kLeft - kRight;
    constexpr int kPlotHeight = kHeight - kTop - kBottom;
    std::int64_t largest = 1;
    for (const TrendPoint& point : trend) {
        largest = std::max(largest, point.open);
    }
    const auto x_of = [&trend](std::size_t i) {
        return trend.size() == 1 ? kLeft + kPlotWidth / 2.0
                                 : kLeft + static_cast<double>(i) * kPlotWidth /
                                               static_cast<double>(trend.size() - 1);
    };
    const auto y_of = [largest](std::int64_t value) {
        return kTop + kPlotHeight -
               static_cast<double>(value) * kPlotHeight / static_cast<double>(largest);
    };
    std::string description;
    for (std::size_t i = 0; i < trend.size(); ++i) {
        description += fmt::format("{}{}: {} open", i == 0 ? "" : "; ", trend[i].at.substr(0, 10),
                                   trend[i].open);
    }
    page.raw("<figure>\n");
    page.raw(fmt::format(
        "<svg role=\"img\" aria-labelledby=\"trend-title trend-desc\" viewBox=\"0 0 {0} {1}\" "
        "width=\"{0}\" height=\"{1}\">\n",
        kWidth, kHeight));
    page.element("title", "Open findings after each scan", "id=\"trend-title\"");
    page.element("desc", description + ".", "id=\"trend-desc\"");
    page.raw("\n");
    // Axes, with the scale's ends and middle.
    page.raw(
        fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#444\"></line>"
                    "<line x1=\"{0}\" y1=\"{2}\" x2=\"{3}\" y2=\"{2}\" stroke=\"#444\"></line>\n",
                    kLeft, kTop, kTop + kPlotHeight, kLeft + kPlotWidth));
    for (const std::int64_t tick : {std::int64_t{0}, largest / 2, largest}) {
        page.raw(fmt::format(
            "<text x=\"{}\" y=\"{:.1f}\" font-size=\"12\" text-anchor=\"end\">{}</text>"
            "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#ddd\"></line>\n",
            kLeft - 6, y_of(tick) + 4, tick, kLeft + 1, y_of(tick), kLeft + kPlotWidth,
            y_of(tick)));
    }
    std::string points;
    for (std::size_t i = 0; i < trend.size(); ++i) {
        points += fmt::format("{}{:.1f},{:.1f}", i == 0 ? "" : " ", x_of(i), y_of(trend[i].open));
    }
    page.raw(fmt::format(
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#a1111d\" stroke-width=\"2\"></polyline>\n",
        points));
    // Every point is marked; dates are written under the first, the last and a few between.
    const std::size_t label_every = std::max<std::size_t>(1, (trend.size() + 5) / 6);
    for (std::size_t i = 0; i < trend.size(); ++i) {
        page.raw(fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="4" fill="#a1111d"><title>)",
                             x_of(i), y_of(trend[i].open)));
        page.text(fmt::format("scan {} on {}: {} open, {} new, {} fixed", trend[i].scan_id,
                              trend[i].at.substr(0, 10), trend[i].open, trend[i].new_findings,
                              trend[i].fixed));
        page.raw("</title></circle>\n");
        if (i % label_every == 0 || i + 1 == trend.size()) {
            page.raw(
                fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"12\" "
                            "text-anchor=\"middle\">",
                            x_of(i), kTop + kPlotHeight + 18));
            page.text(trend[i].at.substr(0, 10));
            page.raw("</text>\n");
        }
    }
    page.raw(
        "</svg>\n<figcaption>Open findings after each scan (the table gives the same "
        "figures).</figcaption>\n</figure>\n");
}

void findings_table(Page& page,
                    const std::string& caption,
                    const std::vector<ReportFinding>& findings,
                    bool with_reasons) {
    page.raw("<table>\n");
    page.element("caption", caption);
    std::vector<std::pair<std::string, bool>> headers{
        {"Priority", false}, {"Vulnerability or rule", false}, {"Asset", false},
        {"Site", false},     {"Software or check", false},     {"Due", false},
        {"KEV", false}};
    if (with_reasons) {
        headers.emplace_back("Why this priority", false);
    }
    header_row(page, headers);
    page.raw("<tbody>\n");
    for (const ReportFinding& finding : findings) {
        page.raw("<tr>");
        priority_cell(page, finding.priority);
        page.element("th", finding.vulnerability, "scope=\"row\"");
        cell(page, asset_label(finding) + " (" + finding.org_code + ", " + finding.kind + ")");
        cell(page, or_dash(finding.site));
        cell(page, software_label(finding.vendor, finding.product, finding.version));
        due_cell(page, finding);
        cell(page, finding.kev ? "yes" : "no");
        if (with_reasons) {
            page.raw("<td>");
            page.text(fmt::format("score {:.1f}", finding.priority_score));
            page.raw("<ul class=\"reasons\">");
            for (const PriorityReason& reason : finding.reasons) {
                page.element("li",
                             fmt::format("+{:.1f} {}", reason.points,
                                         reason.detail.empty() ? reason.factor : reason.detail));
            }
            page.raw("</ul></td>");
        }
        page.raw("</tr>\n");
    }
    page.raw("</tbody>\n</table>\n");
}

void headline_section(Page& page, const ReportData& data) {
    const Headline& headline = data.headline;
    page.raw("<section id=\"headline\" aria-labelledby=\"headline-heading\">\n");
    page.element("h2", "Headline figures", "id=\"headline-heading\"");
    page.raw("<dl class=\"figures\">\n");
    figure_tile(page, "open", "Open findings", headline.open);
    for (const char* priority : kPriorities) {
        const auto found = headline.open_by_priority.find(priority);
        figure_tile(page, to_lower(priority), std::string("Open ") + priority,
                    found == headline.open_by_priority.end() ? 0 : found->second,
                    std::string_view(priority) == "P1");
    }
    figure_tile(page, "kev", "Open known-exploited (KEV)", headline.open_kev, true);
    figure_tile(page, "kev-overdue", "KEV past due date", headline.open_kev_overdue, true);
    figure_tile(page, "overdue", "Open findings past due date", headline.open_overdue, true);
    figure_tile(page, "fixed", "Fixed in the latest scan", headline.fixed_in_latest_scan);
    figure_tile(page, "new", "New or reopened in the latest scan", headline.new_in_latest_scan);
    figure_tile(page, "unsupported", "Unsupported systems", headline.unsupported_systems, true);
    figure_tile(page, "not-evaluable", "Not evaluable (asset, product, vulnerability)",
                headline.not_evaluable_pairs, true);
    figure_tile(page, "without-cpe", "Components without a CPE name",
                headline.components_without_cpe);
    figure_tile(page, "assets", "Assets", headline.assets);
    page.raw("</dl>\n");

    page.raw("<table>\n");
    page.element("caption", "Assets by kind");
    header_row(page, {{"Kind", false}, {"Assets", true}});
    page.raw("<tbody>\n");
    for (const auto& [kind, count] : headline.assets_by_kind) {
        page.raw("<tr>");
        page.element("th", kind, "scope=\"row\"");
        num_cell(page, count);
        page.raw("</tr>\n");
    }
    page.raw("</tbody>\n</table>\n");
    page.element("p", fmt::format("{} of the {} assets are stale: no source has reported them "
                                  "lately. They are counted above and still scanned.",
                                  headline.assets_stale, headline.assets));

    const KnowledgeBaseInfo& kb = data.knowledge_base;
    page.raw("<h3>Knowledge base</h3>\n<p>");
    page.text(fmt::format(
        "The latest scan (number {}, {}) used the knowledge base {}. Its newest vulnerability "
        "record is from {}{}.",
        data.latest_scan.id, data.latest_scan.at, or_dash(kb.version),
        kb.newest_record.empty() ? std::string("an unknown date") : kb.newest_record,
        kb.age_days ? fmt::format(", {:.1f} days before this report", *kb.age_days)
                    : std::string()));
    page.raw("</p>\n");
    if (kb.age_days && *kb.age_days > 7) {
        page.element("p",
                     fmt::format("The knowledge base is {:.0f} days old: vulnerabilities "
                                 "published since then are not in this report. Import the "
                                 "current feeds and scan again.",
                                 *kb.age_days),
                     "class=\"notice\"");
    }
    page.element(
        "p", fmt::format("Not evaluable: {} asset and product entries leave {} vulnerabilities "
                         "undecided (an unknown or unorderable version). They are never counted "
                         "as safe. {} components have no CPE name and could not be matched at "
                         "all (wardround inventory unresolved lists them).",
                         headline.not_evaluable_entries, headline.not_evaluable_pairs,
                         headline.components_without_cpe));
    page.raw("</section>\n");
}

constexpr std::size_t kKevRowsShown = 100;

// One row per KEV vulnerability: how many assets, the due date, whether it is overdue.
void kev_summary_table(Page& page, const std::vector<ReportFinding>& findings) {
    struct Row {
        std::string due;
        bool overdue = false;
        std::set<std::int64_t> assets;
        std::set<std::string> software;
    };
    std::map<std::string, Row> rows;
    for (const ReportFinding& finding : findings) {
        Row& row = rows[finding.vulnerability];
        row.due = finding.due_date;
        row.overdue = row.overdue || finding.overdue;
        row.assets.insert(finding.asset_id);
        row.software.insert(software_label(finding.vendor, finding.product, {}));
    }
    page.raw("<table>\n");
    page.element("caption", fmt::format("{} known-exploited vulnerabilities open", rows.size()));
    header_row(page,
               {{"Vulnerability", false}, {"Assets", true}, {"Products", false}, {"Due", false}});
    page.raw("<tbody>\n");
    for (const auto& [vulnerability, row] : rows) {
        page.raw("<tr>");
        page.element("th", vulnerability, "scope=\"row\"");
        num_cell(page, static_cast<std::int64_t>(row.assets.size()));
        std::string products;
        for (const std::string& product : row.software) {
            products += (products.empty() ? "" : ", ") + product;
        }
        cell(page, products);
        cell(page, row.due.empty() ? "-" : row.due + (row.overdue ? " (overdue)" : ""),
             row.overdue ? "class=\"overdue\"" : "");
        page.raw("</tr>\n");
    }
    page.raw("</tbody></table>\n");
}

void kev_section(Page& page, const ReportData& data) {
    page.raw("<section id=\"kev\" aria-labelledby=\"kev-heading\">\n");
    page.element("h2", "Known exploited vulnerabilities (CISA KEV)", "id=\"kev-heading\"");
    page.element("p",
                 "Vulnerabilities attackers are known to use. Each has a remediation due date "
                 "set by CISA; overdue ones come first.");
    if (data.kev.empty()) {
        empty_note(page, "No open finding is listed in CISA KEV.");
    } else {
        kev_summary_table(page, data.kev);
        // A board reads the summary; the first rows show where, and the CSV has every one.
        const std::size_t shown = std::min(data.kev.size(), kKevRowsShown);
        const std::vector<ReportFinding> first(data.kev.begin(),
                                               data.kev.begin() + static_cast<long>(shown));
        findings_table(
            page,
            fmt::format("{} open KEV findings, {} past their due date{}", data.headline.open_kev,
                        data.headline.open_kev_overdue,
                        shown < data.kev.size()
                            ? fmt::format(" (the first {}; the CSV report lists all)", shown)
                            : std::string()),
            first, false);
    }
    page.raw("</section>\n");
}

void top_risks_section(Page& page, const ReportData& data) {
    page.raw("<section id=\"top-risks\" aria-labelledby=\"top-risks-heading\">\n");
    page.element("h2", "Top risks", "id=\"top-risks-heading\"");
    page.element("p", fmt::format("The {} highest-priority open findings, with the points each "
                                  "factor added to the priority score.",
                                  data.top_risks.size()));
    if (data.top_risks.empty()) {
        empty_note(page, "There are no open findings.");
    } else {
        findings_table(page, "Highest-priority open findings", data.top_risks, true);
    }
    page.raw("</section>\n");
}

std::string asset_name(const std::string& hostname, std::int64_t asset_id) {
    return hostname.empty() ? "asset " + std::to_string(asset_id) : hostname;
}

// A tile id from a rule id: "WR-EOL-001" -> "wr-eol-001".
std::string rule_figure(const std::string& rule_id) {
    return to_lower(rule_id);
}

const RuleTotals& totals_of(const std::map<std::string, RuleTotals>& rules, const std::string& id) {
    static const RuleTotals kNone;
    const auto found = rules.find(id);
    return found == rules.end() ? kNone : found->second;
}

void unsupported_by_organisation(Page& page, const UnsupportedSection& section) {
    page.raw("<table>\n");
    page.element("caption", "Assets failing each rule, by organisation");
    std::vector<std::pair<std::string, bool>> headers{{"Organisation", false}, {"Assets", true}};
    for (const CheckRule& rule : section.rules) {
        headers.emplace_back(rule.id, true);
    }
    headers.emplace_back("Operating system not evaluable", true);
    headers.emplace_back("Unsupported assets", true);
    header_row(page, headers);
    page.raw("<tbody>\n");
    const auto row = [&](const std::string& name, std::int64_t assets,
                         const std::map<std::string, RuleTotals>& rules, std::int64_t unsupported) {
        page.raw("<tr>");
        page.element("th", name, "scope=\"row\"");
        num_cell(page, assets);
        for (const CheckRule& rule : section.rules) {
            num_cell(page, totals_of(rules, rule.id).failed);
        }
        num_cell(page, totals_of(rules, section.rules.front().id).not_evaluable);
        num_cell(page, unsupported);
        page.raw("</tr>\n");
    };
    std::int64_t assets = 0;
    std::int64_t unsupported = 0;
    for (const UnsupportedOrganisation& org : section.organisations) {
        row(org.org_code + " " + org.org_name, org.assets, org.rules, org.unsupported);
        assets += org.assets;
        unsupported += org.unsupported;
    }
    page.raw("</tbody>\n");
    if (section.organisations.size() > 1) {
        page.raw("<tfoot>\n");
        row("All organisations", assets, section.totals, unsupported);
        page.raw("</tfoot>\n");
    }
    page.raw("</table>\n");
}

void unsupported_releases(Page& page, const UnsupportedSection& section) {
    if (section.releases.empty()) {
        return;
    }
    page.raw("<table>\n");
    page.element("caption", "Operating-system releases past support");
    header_row(page, {{"Release", false}, {"Rule", false}, {"Assets", true}});
    page.raw("<tbody>\n");
    for (const ReleaseCount& release : section.releases) {
        page.raw("<tr>");
        page.element("th", or_dash(release.release), "scope=\"row\"");
        cell(page, release.rule_id);
        num_cell(page, release.assets);
        page.raw("</tr>\n");
    }
    page.raw("</tbody>\n</table>\n");
}

void unsupported_unrecognised(Page& page, const UnsupportedSection& section) {
    if (section.rules.empty()) {
        return;
    }
    const std::string& os_rule = section.rules.front().id;
    const std::int64_t undecided = totals_of(section.totals, os_rule).not_evaluable;
    page.element(
        "p",
        fmt::format("Not evaluable: {} could not decide for {} of the assets, because no source "
                    "reports their operating system or it is not in the end-of-life "
                    "catalogue. They are not counted as supported.",
                    os_rule, undecided));
    if (section.unrecognised.empty()) {
        return;
    }
    page.raw("<table>\n");
    page.element("caption",
                 fmt::format("Operating systems not evaluable (at most {})", kGapsListed));
    header_row(page, {{"Operating system as recorded", false}, {"Assets", true}});
    page.raw("<tbody>\n");
    for (const UnrecognisedOs& os : section.unrecognised) {
        page.raw("<tr>");
        page.element("th", os.os.empty() ? std::string("(none reported)") : os.os, "scope=\"row\"");
        num_cell(page, os.assets);
        page.raw("</tr>\n");
    }
    page.raw("</tbody>\n</table>\n");
}

void unsupported_systems_table(Page& page, const UnsupportedSection& section) {
    if (section.systems.empty()) {
        empty_note(page, "No asset fails an end-of-life rule.");
        return;
    }
    page.raw("<table>\n");
    page.element(
        "caption",
        fmt::format("{} failures of the end-of-life rules{}", section.systems_total,
                    section.systems.size() < static_cast<std::size_t>(section.systems_total)
                        ? fmt::format(" (the first {}; wardround checks run --org CODE --json "
                                      "lists every one)",
                                      section.systems.size())
                        : std::string()));
    header_row(page, {{"Asset", false},
                      {"Organisation", false},
                      {"Site", false},
                      {"Kind", false},
                      {"Rule", false},
                      {"System", false},
                      {"Why", false}});
    page.raw("<tbody>\n");
    for (const UnsupportedSystem& system : section.systems) {
        page.raw("<tr>");
        page.element("th", asset_name(system.hostname, system.asset_id), "scope=\"row\"");
        cell(page, system.org_code);
        cell(page, or_dash(system.site));
        cell(page, system.kind);
        cell(page, system.rule_id);
        cell(page, or_dash(system.system));
        cell(page, system.reason);
        page.raw("</tr>\n");
    }
    page.raw("</tbody>\n</table>\n");
}

void unsupported_section(Page& page, const ReportData& data) {
    const UnsupportedSection& section = data.unsupported;
    page.raw("<section id=\"unsupported\" aria-labelledby=\"unsupported-heading\">\n");
    page.element("h2", "Unsupported systems", "id=\"unsupported-heading\"");
    page.element(
        "p",
        "Systems that no longer get security updates, by the built-in end-of-life rules over the "
        "end-of-life catalogue and the device register's support dates (wardround checks show ID "
        "gives each rule in full). The DSPT asks that none is in use, or that each has a plan "
        "owned by a risk owner. An asset failing a rule marked counted is an unsupported system; "
        "one supported only by paid extended updates is shown but not counted, as no inventory "
        "says whether they were bought.");
    page.raw("<ul>\n");
    for (const CheckRule& rule : section.rules) {
        page.raw("<li>");
        page.element("code", rule.id);
        page.text(": " + rule.title + (rule.counted ? " (counted)." : " (not counted)."));
        page.raw("</li>\n");
    }
    page.raw("</ul>\n<dl class=\"figures\">\n");
    figure_tile(page, "unsupported-assets", "Unsupported assets", data.headline.unsupported_systems,
                true);
    for (const CheckRule& rule : section.rules) {
        figure_tile(page, rule_figure(rule.id), rule.id + ": " + rule.title,
                    totals_of(section.totals, rule.id).failed, rule.counted);
    }
    if (!section.rules.empty()) {
        figure_tile(page, "os-not-evaluable", "Operating system not evaluable",
                    totals_of(section.totals, section.rules.front().id).not_evaluable, true);
    }
    page.raw("</dl>\n");
    if (section.organisations.empty()) {
        empty_note(page, "No organisation in the report holds assets.");
        page.raw("</section>\n");
        return;
    }
    unsupported_by_organisation(page, section);
    for (const UnsupportedOrganisation& org : section.organisations) {
        for (const std::string& disabled : org.disabled) {
            page.element("p", org.org_code + " has turned off " + disabled, "class=\"notice\"");
        }
    }
    unsupported_releases(page, section);
    unsupported_unrecognised(page, section);
    unsupported_systems_table(page, section);
    page.raw("</section>\n");
}

// One row of device counts: the name as the row header, then devices, meeting, short, undetermined.
void device_counts_row(Page& page,
                       const std::vector<std::string>& names,
                       const DeviceCounts& counts) {
    page.raw("<tr>");
    for (std::size_t i = 0; i < names.size(); ++i) {
        page.element(i == 0 ? "th" : "td", names[i], i == 0 ? "scope=\"row\"" : "");
    }
    num_cell(page, counts.devices);
    num_cell(page, counts.meeting);
    num_cell(page, counts.short_of);
    num_cell(page, counts.undetermined);
    page.raw("</tr>\n");
}

void device_groups_table(Page& page,
                         const std::string& caption,
                         const std::vector<std::string>& columns,
                         const std::vector<DeviceGroup>& groups) {
    page.raw("<table>\n");
    page.element("caption", caption);
    std::vector<std::pair<std::string, bool>> headers;
    headers.reserve(columns.size() + 4);
    for (const std::string& column : columns) {
        headers.emplace_back(column, false);
    }
    for (const char* figure : {"Devices", "Meeting", "Short of", "Undetermined"}) {
        headers.emplace_back(figure, true);
    }
    header_row(page, headers);
    page.raw("<tbody>\n");
    for (const DeviceGroup& group : groups) {
        const std::string name = group.name.empty() ? std::string("(not recorded)") : group.name;
        device_counts_row(page,
                          columns.size() == 1 ? std::vector<std::string>{name}
                                              : std::vector<std::string>{group.org_code, name},
                          group.counts);
    }
    page.raw("</tbody>\n</table>\n");
}

void device_requirements_table(Page& page, const DeviceSection& section) {
    page.raw("<table>\n");
    page.element("caption", "Devices by requirement");
    header_row(page, {{"Requirement", false},
                      {"Title", false},
                      {"Not met", true},
                      {"Not determined", true},
                      {"Excepted", true},
                      {"Met", true}});
    page.raw("<tbody>\n");
    for (const RequirementCount& requirement : section.requirements) {
        page.raw("<tr>");
        page.element("th", requirement.id, "scope=\"row\"");
        cell(page, requirement.title);
        num_cell(page, requirement.not_met);
        num_cell(page, requirement.not_determined);
        num_cell(page, requirement.excepted);
        num_cell(page, requirement.met);
        page.raw("</tr>\n");
    }
    page.raw("</tbody>\n</table>\n");
}

void device_exceptions_table(Page& page, const DeviceSection& section) {
    if (section.exceptions.empty()) {
        empty_note(page, "The exceptions register is empty.");
        return;
    }
    page.raw("<table>\n");
    page.element("caption",
                 fmt::format("Exceptions register ({} entries)", section.exceptions.size()));
    header_row(page, {{"Organisation", false},
                      {"Applies to", false},
                      {"Requirement", false},
                      {"Reason", false},
                      {"Owner", false},
                      {"Until", false}});
    page.raw("<tbody>\n");
    for (const DeviceExceptionEntry& exception : section.exceptions) {
        page.raw("<tr>");
        page.element("th", exception.org_code, "scope=\"row\"");
        cell(page, exception.asset_id
                       ? "device " + asset_name(exception.hostname, *exception.asset_id)
                       : "every " + exception.manufacturer + " " + exception.model);
        cell(page, exception.requirement_id);
        cell(page, exception.reason);
        cell(page, exception.owner);
        cell(page, exception.until + (exception.expired ? " (expired)" : ""),
             exception.expired ? "class=\"overdue\"" : "");
        page.raw("</tr>\n");
    }
    page.raw("</tbody>\n</table>\n");
}

void devices_short_table(Page& page, const DeviceSection& section) {
    if (section.short_of.empty()) {
        return;
    }
    page.raw("<table>\n");
    page.element(
        "caption",
        fmt::format("{} devices short of the standard{}", section.short_of_total,
                    section.short_of.size() < static_cast<std::size_t>(section.short_of_total)
                        ? fmt::format(" (the first {}; wardround devices standard --org "
                                      "CODE --json lists every one)",
                                      section.short_of.size())
                        : std::string()));
    header_row(page, {{"Device", false},
                      {"Organisation", false},
                      {"Model", false},
                      {"Department", false},
                      {"Requirements not met", false}});
    page.raw("<tbody>\n");
    for (const DeviceShortfall& device : section.short_of) {
        page.raw("<tr>");
        page.element("th", asset_name(device.hostname, device.asset_id), "scope=\"row\"");
        cell(page, device.org_code);
        cell(page, or_dash(std::string(trim(device.manufacturer + " " + device.model))));
        cell(page, or_dash(device.department));
        page.raw("<td><ul class=\"reasons\">");
        for (const auto& [requirement, reasons] : device.not_met) {
            std::string item = requirement;
            item.append(": ").append(reasons);
            page.element("li", item);
        }
        page.raw("</ul></td></tr>\n");
    }
    page.raw("</tbody>\n</table>\n");
}

void medical_devices_section(Page& page, const ReportData& data) {
    const DeviceSection& section = data.medical_devices;
    page.raw("<section id=\"medical-devices\" aria-labelledby=\"medical-devices-heading\">\n");
    page.element("h2", "Medical devices against the minimum standard",
                 "id=\"medical-devices-heading\"");
    page.element("p",
                 "Each medical device assessed against the built-in medical-device minimum "
                 "standard, from the device register, MDS2 forms, SBOMs, network segments and "
                 "overdue KEV findings. A device meets it when every requirement is met or covered "
                 "by a current exception; it is short of it when one is not met, and undetermined "
                 "when none fails but one could not be decided from what the sources say.");
    page.raw("<dl class=\"figures\">\n");
    figure_tile(page, "devices", "Medical devices", section.summary.devices);
    figure_tile(page, "devices-meeting", "Meeting the standard", section.summary.meeting);
    figure_tile(page, "devices-short-of", "Short of the standard", section.summary.short_of, true);
    figure_tile(page, "devices-undetermined", "Undetermined", section.summary.undetermined, true);
    page.raw("</dl>\n");
    for (const std::string& disabled : section.disabled) {
        page.element("p", "Requirement turned off: " + disabled, "class=\"notice\"");
    }
    if (section.summary.devices == 0) {
        empty_note(page, "No organisation in the report holds medical devices.");
        device_exceptions_table(page, section);
        page.raw("</section>\n");
        return;
    }
    device_requirements_table(page, section);
    if (section.by_organisation.size() > 1) {
        page.raw("<table>\n");
        page.element("caption", "Devices by organisation");
        header_row(page, {{"Organisation", false},
                          {"Devices", true},
                          {"Meeting", true},
                          {"Short of", true},
                          {"Undetermined", true}});
        page.raw("<tbody>\n");
        for (const auto& [org, counts] : section.by_organisation) {
            device_counts_row(page, {org}, counts);
        }
        page.raw("</tbody>\n</table>\n");
    }
    device_groups_table(page, "Devices by model", {"Model"}, section.by_model);
    device_groups_table(page, "Devices by department", {"Organisation", "Department"},
                        section.by_department);
    device_exceptions_table(page, section);
    devices_short_table(page, section);
    page.raw("</section>\n");
}

void groups_section(Page& page, const ReportData& data) {
    page.raw("<section id=\"by-site\" aria-labelledby=\"by-site-heading\">\n");
    page.element("h2", "Open findings by site", "id=\"by-site-heading\"");
    if (data.by_site.empty()) {
        empty_note(page, "There are no open findings.");
    } else {
        bar_chart(page, "by-site-chart", "Open findings by site, by priority", data.by_site,
                  "(no site recorded)");
        group_table(page, "Open findings by site", "Site", data.by_site, "(no site recorded)");
    }
    page.raw("</section>\n");
    page.raw("<section id=\"by-kind\" aria-labelledby=\"by-kind-heading\">\n");
    page.element("h2", "Open findings by asset kind", "id=\"by-kind-heading\"");
    if (data.by_kind.empty()) {
        empty_note(page, "There are no open findings.");
    } else {
        bar_chart(page, "by-kind-chart", "Open findings by asset kind, by priority", data.by_kind,
                  "unknown");
        group_table(page, "Open findings by asset kind", "Kind", data.by_kind, "unknown");
    }
    page.raw("</section>\n");
}

void trend_section(Page& page, const ReportData& data) {
    page.raw("<section id=\"trend\" aria-labelledby=\"trend-heading\">\n");
    page.element("h2", "Trend across scans", "id=\"trend-heading\"");
    page.element("p",
                 "Open findings of this organisation after each scan that covered it, and "
                 "what each scan found new (or reopened) and fixed.");
    trend_chart(page, data.trend);
    page.raw("<table>\n");
    page.element("caption", "Findings per scan");
    header_row(page, {{"Scan", false},
                      {"Date (UTC)", false},
                      {"Open after", true},
                      {"New or reopened", true},
                      {"Fixed", true}});
    page.raw("<tbody>\n");
    for (const TrendPoint& point : data.trend) {
        page.raw("<tr>");
        page.element("th", number(point.scan_id), "scope=\"row\"");
        cell(page, point.at);
        num_cell(page, point.open);
        num_cell(page, point.new_findings);
        num_cell(page, point.fixed);
        page.raw("</tr>\n");
    }
    page.raw("</tbody>\n</table>\n</section>\n");
}

void gaps_section(Page& page, const ReportData& data) {
    page.raw("<section id=\"not-evaluable\" aria-labelledby=\"not-evaluable-heading\">\n");
    page.element("h2", "Not evaluable", "id=\"not-evaluable-heading\"");
    page.element("p",
                 "Software whose exposure the scan could not decide. These are not safe: "
                 "they are unknown until the version is known or can be ordered.");
    if (data.gaps.empty()) {
        empty_note(page, "The scan decided every vulnerability for every asset.");
    } else {
        page.raw("<table>\n");
        page.element("caption", fmt::format("Undecided software (at most {})", kGapsListed));
        header_row(page, {{"Software", false},
                          {"Reason", false},
                          {"Assets", true},
                          {"Vulnerabilities undecided", true}});
        page.raw("<tbody>\n");
        for (const GapGroup& gap : data.gaps) {
            page.raw("<tr>");
            page.element("th", gap.software, "scope=\"row\"");
            cell(page, gap.reason);
            num_cell(page, gap.assets);
            num_cell(page, gap.vulnerabilities);
            page.raw("</tr>\n");
        }
        page.raw("</tbody>\n</table>\n");
    }
    page.raw("</section>\n");
}

}  // namespace

std::string render_html(const ReportData& data) {
    Page page;
    const ReportOrganisation& org = data.organisation;
    page.raw(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"wardround report\">\n");
    page.element("title",
                 fmt::format("Security report: {} ({}), {}", org.name, org.code, data.report_date));
    page.raw("\n<style>");
    page.raw(kStyle);
    page.raw("</style>\n</head>\n<body>\n<header>\n");
    page.element("h1", "Security report: " + org.name);
    page.raw("\n<p class=\"meta\">");
    const std::string beneath =
        data.organisations_covered > 1
            ? fmt::format(", with the {} organisations beneath it", data.organisations_covered - 1)
            : std::string();
    page.text(fmt::format("{} ({}, {}){}. Report date {}; generated {}.", org.code, org.level,
                          org.type, beneath, data.report_date, data.generated_at));
    page.raw("</p>\n");
    if (data.knowledge_base.demo) {
        page.element("p",
                     "Demo data: the knowledge base used is the demo subset shipped with "
                     "Wardround, not the full NVD and KEV feeds. Most real vulnerabilities are "
                     "missing from this report.",
                     R"(class="notice" id="demo-notice")");
    }
    page.raw("</header>\n<main>\n");
    headline_section(page, data);
    kev_section(page, data);
    top_risks_section(page, data);
    unsupported_section(page, data);
    medical_devices_section(page, data);
    detail::assessments_section(page, data);
    groups_section(page, data);
    trend_section(page, data);
    gaps_section(page, data);
    page.raw("</main>\n<footer>\n");
    page.element("p", fmt::format("Produced by wardround report from the findings of scan {}. "
                                  "Every open finding is in the CSV form of this report "
                                  "(wardround report --format csv); wardround findings explain "
                                  "ID shows how any one was decided.",
                                  data.latest_scan.id));
    page.raw("</footer>\n</body>\n</html>\n");
    return page.take();
}

}  // namespace wardround::report

// SPDX-License-Identifier: Apache-2.0
// Proposals and projection on both backends. Proposals run over trust ET1 of
// tests/data/assess/evidence (as auto_evidence_test.cpp sets it up, without the decisions and
// exceptions), judged on 2026-03-01, where every figure is determinable: its Windows 7 PCs make
// the supported-OS share and the device standard both propose false for CAF B4.d.A.4. What each
// item is proposed is checked against compute_auto_evidence on the same estate, so the test holds
// propose to the figures rather than to numbers copied from them. Projection answers B4.d of a
// CAF 3.2 assessment and checks coverage of Cyber Essentials against what the crosswalk file
// itself says, read line by line here; a CAF-aligned DSPT assessment projects through the CAF 3.2
// crosswalks it inherits, onto ISO 27001 in two steps through CSF 2.0, and past a crosswalk that an
// imported framework does not fit.
#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/assess/assessment.h>
#include <wardround/assess/assessment_projection.h>
#include <wardround/assess/auto_evidence.h>
#include <wardround/assess/framework.h>
#include <wardround/assess/framework_library.h>
#include <wardround/core/input_file.h>
#include <wardround/findings/scan.h>
#include <wardround/inventory/inventory_store.h>
#include <wardround/org/org_import.h>
#include <wardround/vuln/feed_import.h>

#include "support/test_support.h"

namespace wardround::assess {
namespace {

using ::wardround::testing::at;
using ::wardround::testing::dump_database;
using ::wardround::testing::fixture;

const AssessmentRef kCaf{"ET1", "CAF-3.2", "2025-26"};
const AssessmentRef kDsptCaf{"ET1", "DSPT-CAF-2024-25", "2024-25"};
const char* const kFirstRun = "2026-03-01T00:00:00Z";
const char* const kSecondRun = "2026-03-02T00:00:00Z";

class ProposalsTest : public ::wardround::testing::BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        auto file = InputFile::open(fixture("assess/evidence/organisations.csv"));
        ASSERT_TRUE(file) << file.error().to_string();
        ASSERT_TRUE(org::import_organisations(*database_, *file));
    }

    void import(const std::string& name,
                inventory::InventoryFormat format = inventory::InventoryFormat::kCsv) {
        inventory::InventoryImporter importer(*database_);
        inventory::InventoryImportOptions options;
        options.org_code = "ET1";
        options.format = format;
        options.source = format == inventory::InventoryFormat::kCsv ? "csv" : "register";
        auto report = importer.import_file(fixture("assess/evidence/" + name), options);
        ASSERT_TRUE(report) << name << ": " << report.error().to_string();
    }

    void scan(const std::string& when) {
        findings::ScanOptions options;
        options.now = at(when);
        options.threads = 2;
        auto summary = findings::run_scan(*database_, options);
        ASSERT_TRUE(summary) << summary.error().to_string();
    }

    void build_estate() {
        auto feeds = vuln::import_feeds(
            *database_, {fixture("findings/nvd-page.json"), fixture("findings/kev.json"),
                         fixture("findings/epss.csv")});
        ASSERT_TRUE(feeds) << feeds.error().to_string();
        import("inventory-et1-v1.csv");
        import("devices-et1.csv", inventory::InventoryFormat::kDeviceRegister);
        scan("2026-01-05T09:00:00Z");
        import("inventory-et1-v2.csv");
        scan("2026-01-12T09:00:00Z");
    }

    void start(const AssessmentRef& ref) {
        auto started = start_assessment(*database_, {ref, {}, {}, "ian.governance"},
                                        at("2026-02-01T09:00:00Z"));
        ASSERT_TRUE(started) << started.error().to_string();
    }

    ProposalRun propose(const AssessmentRef& ref, const char* now) {
        auto run = propose_answers(*database_, ref, at(now));
        EXPECT_TRUE(run) << run.error().to_string();
        return run ? *run : ProposalRun{};
    }

    Result<AnswerRecord> answer(const std::string& item,
                                const std::string& value,
                                const std::string& reason,
                                bool accept = false) {
        AnswerRequest request;
        request.item_id = item;
        request.value = value;
        request.reason = reason;
        request.by = "cara.cyber";
        request.accept_proposal = accept;
        return answer_item(*database_, kCaf, request, at("2026-03-03T09:00:00Z"));
    }

    // Answers every indicator of an outcome, all of them: achieved (every Achieved and Partially
    // achieved indicator true) or partially achieved (the Achieved ones false); no Not-achieved
    // indicator true. Complete either way.
    void answer_outcome(const AssessmentRef& ref, const std::string& outcome, Achievement level) {
        auto library = FrameworkLibrary::load(*database_);
        ASSERT_TRUE(library) << library.error().to_string();
        for (const Indicator& indicator :
             library->find_framework(ref.framework)->find(outcome)->indicators) {
            const bool holds =
                indicator.column == IndicatorColumn::kPartiallyAchieved ||
                (indicator.column == IndicatorColumn::kAchieved && level == Achievement::kAchieved);
            AnswerRequest request;
            request.item_id = indicator.id;
            request.value = holds ? "true" : "false";
            request.by = "cara.cyber";
            auto answered = answer_item(*database_, ref, request, at("2026-03-03T09:00:00Z"));
            ASSERT_TRUE(answered) << answered.error().to_string();
        }
    }

    std::int64_t count(const std::string& sql) {
        auto value = database_->query_value(sql);
        EXPECT_TRUE(value && *value);
        return value && *value ? std::get<std::int64_t>(**value) : -1;
    }
};

const ItemProposal* find_item(const ProposalRun& run, const std::string& id) {
    for (const ItemProposal& item : run.items) {
        if (item.item_id == id) {
            return &item;
        }
    }
    return nullptr;
}

TEST_P(ProposalsTest, ProposesForTheAssessmentsFrameworkAsTheFiguresSayAndKeepsEveryRun) {
    build_estate();
    start(kCaf);
    const ProposalRun run = propose(kCaf, kFirstRun);

    // What the figures say for CAF-3.2 items, by item and figure.
    auto figures = compute_auto_evidence(*database_, "ET1", at(kFirstRun));
    ASSERT_TRUE(figures) << figures.error().to_string();
    std::map<std::string, std::map<std::string, std::string>> expected;
    std::size_t determinable = 0;
    for (const EvidenceFigure& figure : *figures) {
        for (const InformedItem& informed : figure.informs) {
            if (informed.qualified_id.rfind("CAF-3.2:", 0) == 0) {
                expected[informed.qualified_id.substr(8)][figure.id] = informed.proposed;
                determinable += informed.proposed.empty() ? 0 : 1;
            }
        }
    }
    ASSERT_FALSE(expected.empty());
    ASSERT_EQ(run.items.size(), expected.size());
    for (const ItemProposal& item : run.items) {
        ASSERT_TRUE(expected.count(item.item_id)) << item.item_id << " is not a CAF-3.2 item";
        std::map<std::string, std::string> got;
        for (const FigureProposal& figure : item.figures) {
            got[figure.figure_id] = figure.proposed;
            EXPECT_FALSE(figure.detail.empty()) << item.item_id;
        }
        EXPECT_EQ(got, expected[item.item_id]) << item.item_id;
        EXPECT_EQ(item.current, "");
        EXPECT_TRUE(item.standing == "unanswered" || item.standing == "no-proposal")
            << item.standing;
    }
    EXPECT_EQ(run.stored, determinable);

    // Windows 7 on two PCs: both the OS share and the device standard propose false.
    const ItemProposal* supported = find_item(run, "B4.d.A.4");
    ASSERT_NE(supported, nullptr);
    EXPECT_EQ(supported->proposed, "false");
    EXPECT_EQ(supported->figures.size(), 2U);
    EXPECT_FALSE(supported->figures[0].as_of.empty());

    // A second run adds rows; the first run's stay.
    const ProposalRun again = propose(kCaf, kSecondRun);
    EXPECT_EQ(again.stored, run.stored);
    EXPECT_EQ(count("SELECT COUNT(*) FROM evidence_proposal"),
              static_cast<std::int64_t>(2 * run.stored));
    EXPECT_EQ(count("SELECT COUNT(*) FROM evidence_proposal WHERE computed_at = '" +
                    format_timestamp(at(kFirstRun)) + "'"),
              static_cast<std::int64_t>(run.stored));
    EXPECT_EQ(count("SELECT COUNT(*) FROM assessment_answer"), 0);  // nothing answered
}

TEST_P(ProposalsTest, TheCafAlignedDsptIsProposedForUnderItsOwnIds) {
    build_estate();
    start(kDsptCaf);
    const ProposalRun run = propose(kDsptCaf, kFirstRun);
    ASSERT_FALSE(run.items.empty());
    const ItemProposal* supported = find_item(run, "B4.d.A.4");
    ASSERT_NE(supported, nullptr);
    EXPECT_EQ(supported->proposed, "false");
    // The device standard informs only CAF-3.2:B4.d.A.4, so here the OS share speaks alone.
    ASSERT_EQ(supported->figures.size(), 1U);
    EXPECT_EQ(supported->figures[0].figure_id, "supported-os-share");
    EXPECT_EQ(find_item(run, "A3.a.A.5"), nullptr);  // informed for CAF-3.2 only
}

TEST_P(ProposalsTest, AnUndeterminableFigureProposesNothingAndSaysWhy) {
    start(kCaf);  // no estate at all
    const ProposalRun run = propose(kCaf, kFirstRun);
    ASSERT_FALSE(run.items.empty());
    EXPECT_EQ(run.stored, 0U);
    for (const ItemProposal& item : run.items) {
        EXPECT_EQ(item.proposed, "") << item.item_id;
        EXPECT_EQ(item.standing, "no-proposal");
        EXPECT_EQ(item.why_none, "no figure informing it is determinable");
        for (const FigureProposal& figure : item.figures) {
            EXPECT_FALSE(figure.determinable);
            EXPECT_EQ(figure.reason.rfind("not determinable: ", 0), 0U) << figure.reason;
        }
    }
    EXPECT_EQ(count("SELECT COUNT(*) FROM evidence_proposal"), 0);
}

TEST_P(ProposalsTest, AcceptingAndOverridingTheNewestProposal) {
    build_estate();
    start(kCaf);
    propose(kCaf, kFirstRun);
    propose(kCaf, kSecondRun);

    // Accept: the proposal's value, linked to the newest run's row.
    auto accepted = answer("B4.d.A.4", "", "", true);
    ASSERT_TRUE(accepted) << accepted.error().to_string();
    EXPECT_EQ(accepted->value, "false");
    EXPECT_EQ(count("SELECT COUNT(*) FROM evidence_proposal WHERE id = " +
                    std::to_string(accepted->proposal_id) + " AND item_id = 'B4.d.A.4' AND " +
                    "computed_at = '" + format_timestamp(at(kSecondRun)) + "'"),
              1);

    // Override without a reason: refused, nothing changed; with one: kept, naming the proposal.
    const std::string before = dump_database(*database_);
    auto refused = answer("B4.d.A.4", "true", "");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(refused.error().message.find("needs --reason"), std::string::npos);
    auto different = answer("B4.d.A.4", "true", "", true);
    ASSERT_FALSE(different);
    EXPECT_NE(different.error().message.find("the proposal is false, not true"), std::string::npos);
    EXPECT_EQ(dump_database(*database_), before);
    auto overridden = answer("B4.d.A.4", "true", "Replacement PCs installed on 2026-03-02");
    ASSERT_TRUE(overridden) << overridden.error().to_string();
    EXPECT_NE(overridden->proposal_id, 0);

    // An item no figure informs has nothing to accept.
    auto nothing = answer("A1.a.A.1", "", "", true);
    ASSERT_FALSE(nothing);
    EXPECT_NE(nothing.error().message.find("no proposal to accept"), std::string::npos);

    // The next run shows the answer against the proposal.
    const ProposalRun third = propose(kCaf, "2026-03-04T00:00:00Z");
    EXPECT_EQ(find_item(third, "B4.d.A.4")->standing, "differs");
    EXPECT_EQ(find_item(third, "B4.d.A.4")->current, "true");
}

TEST_P(ProposalsTest, FiguresThatDisagreeLeaveNothingToAccept) {
    start(kCaf);
    auto id = database_->query_value("SELECT id FROM assessment");
    ASSERT_TRUE(id && *id);
    const std::string assessment = std::to_string(std::get<std::int64_t>(**id));
    for (const char* row : {"'true', 'kev-overdue'", "'false', 'critical-fixed-within-14-days'"}) {
        ASSERT_TRUE(database_->execute(
            "INSERT INTO evidence_proposal (assessment_id, item_id, proposed_value, figure_id, "
            "as_of, computed_at) VALUES (" +
            assessment + ", 'B4.d.A.2', " + row + ", '2026-03-01', '2026-03-01T00:00:00.000Z')"));
    }
    auto accepted = answer("B4.d.A.2", "", "", true);
    ASSERT_FALSE(accepted);
    EXPECT_NE(accepted.error().message.find("the figures disagree"), std::string::npos)
        << accepted.error().message;
    EXPECT_FALSE(answer("B4.d.A.2", "true", ""));  // differs from one of them
    EXPECT_TRUE(answer("B4.d.A.2", "true", "KEV item closed; the late fix was a test host"));
}

TEST_P(ProposalsTest, ASignedOffRevisionIsNotProposedFor) {
    start(kCaf);
    auto library = FrameworkLibrary::load(*database_);
    ASSERT_TRUE(library);
    const Framework& caf = *library->find_framework("CAF-3.2");
    // Every indicator answered straight into the table: through answer_item, which loads the
    // library for each answer, 449 answers take seconds, and answering is tested elsewhere.
    auto id = database_->query_value("SELECT id FROM assessment");
    ASSERT_TRUE(id && *id);
    for (const AnsweredItem& item : caf.answered_items()) {
        ASSERT_NE(item.indicator, nullptr);
        const store::Value row[] = {**id, store::Value{item.indicator->id}};
        ASSERT_TRUE(database_->execute(
            "INSERT INTO assessment_answer (assessment_id, item_id, value, answered_by, "
            "answered_at) VALUES (?, ?, 'true', 'cara.cyber', '2026-03-03T09:00:00.000Z')",
            row));
    }
    auto signed_off = sign_off(*database_, kCaf, {"sam.siro", "SIRO", "A true account."},
                               at("2026-03-05T09:00:00Z"));
    ASSERT_TRUE(signed_off) << signed_off.error().to_string();
    auto run = propose_answers(*database_, kCaf, at("2026-03-06T00:00:00Z"));
    ASSERT_FALSE(run);
    EXPECT_EQ(run.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(count("SELECT COUNT(*) FROM evidence_proposal"), 0);
}

// The pairs of a crosswalk file, read with a pattern rather than the library's reader.
std::vector<std::array<std::string, 3>> crosswalk_pairs(const std::string& path) {
    std::ifstream in(path);
    const std::regex pair(R"(\{from: ([^,]+), to: ([^,]+), relation: ([a-z]+))");
    std::vector<std::array<std::string, 3>> pairs;
    std::string line;
    while (std::getline(in, line)) {
        std::smatch match;
        if (std::regex_search(line, match, pair)) {
            pairs.push_back({match[1].str(), match[2].str(), match[3].str()});
        }
    }
    return pairs;
}

TEST_P(ProposalsTest, ACafAssessmentProjectedOntoCyberEssentials) {
    start(kCaf);
    // B4.d achieved: every Achieved indicator holds and no Not-achieved one does.
    auto library = FrameworkLibrary::load(*database_);
    ASSERT_TRUE(library);
    const Node& outcome = *library->find_framework("CAF-3.2")->find("B4.d");
    for (const Indicator& indicator : outcome.indicators) {
        const bool holds = indicator.column != IndicatorColumn::kNotAchieved;
        ASSERT_TRUE(answer(indicator.id, holds ? "true" : "false", {}));
    }

    auto projected = project_assessment(*database_, kCaf, "CE-3.2", at("2026-03-05T09:00:00Z"));
    ASSERT_TRUE(projected) << projected.error().to_string();
    ASSERT_EQ(projected->projections.size(), 1U);
    const Projection& projection = projected->projections[0];

    // Independently: a CE requirement is covered through equal or superset from an achieved
    // outcome, partial through a weaker relation from it, else a gap. Only B4.d is achieved.
    std::set<std::string> covered;
    std::set<std::string> partial;
    for (const auto& [from, to, relation] :
         crosswalk_pairs(fixture("../../data/crosswalks/caf-3.2--ce-3.2.yaml"))) {
        if (from == "B4.d") {
            (relation == "equal" || relation == "superset" ? covered : partial).insert(to);
        }
    }
    for (const std::string& id : covered) {
        partial.erase(id);
    }
    ASSERT_FALSE(partial.empty() && covered.empty());
    const std::size_t total = library->find_framework("CE-3.2")->answered_items().size();
    EXPECT_EQ(projection.total, total);
    EXPECT_EQ(projection.covered, covered.size());
    EXPECT_EQ(projection.partial, partial.size());
    EXPECT_EQ(projection.gaps, total - covered.size() - partial.size());
    for (const ProjectedNode& node : projection.nodes) {
        const std::string_view expected = covered.count(node.target_node)   ? "covered"
                                          : partial.count(node.target_node) ? "partial"
                                                                            : "gap";
        EXPECT_EQ(coverage_name(node.coverage), expected) << node.target_node;
    }

    // Unknown targets, and targets no crosswalk reaches, are refused naming what exists.
    auto unknown = project_assessment(*database_, kCaf, "NOPE-1", at("2026-03-05T09:00:00Z"));
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.error().message.find("CE-3.2"), std::string::npos);
    auto unreached =
        project_assessment(*database_, kCaf, "ISO-27001-2022", at("2026-03-05T09:00:00Z"));
    ASSERT_FALSE(unreached);
    EXPECT_NE(unreached.error().message.find("crosswalks reach CE-3.2"), std::string::npos)
        << unreached.error().message;
    EXPECT_NE(unreached.error().message.find("unavailable"), std::string::npos);

    // Without a target: every framework reached, the CSF ones reported unavailable.
    auto every = project_assessment(*database_, kCaf, "", at("2026-03-05T09:00:00Z"));
    ASSERT_TRUE(every) << every.error().to_string();
    EXPECT_FALSE(every->unavailable.empty());
}

std::vector<std::string> targets_of(const AssessmentProjection& projected) {
    std::vector<std::string> targets;
    for (const Projection& projection : projected.projections) {
        targets.push_back(projection.target);
    }
    return targets;
}

const ProjectedNode& node_of(const Projection& projection, const std::string& id) {
    const auto found =
        std::find_if(projection.nodes.begin(), projection.nodes.end(),
                     [&](const ProjectedNode& node) { return node.target_node == id; });
    EXPECT_NE(found, projection.nodes.end()) << id;
    return found != projection.nodes.end() ? *found : projection.nodes.front();
}

// A CAF-aligned DSPT assessment through the CAF 3.2 crosswalk it inherits. B4.d achieved and B2.a
// partially achieved, both complete. By hand from data/crosswalks/caf-3.2--ce-3.2.yaml, every pair
// `intersects`: B4.d reaches SUM.1 to SUM.5 and B2.a reaches SC.5, UAC.1, UAC.2, UAC.6, UAC.7 and
// UAC.8, and achieved or partially achieved through `intersects` is partial: 11 of Cyber
// Essentials' 30 requirements partial, none covered, 19 gaps.
TEST_P(ProposalsTest, ACafAlignedDsptAssessmentProjectedThroughTheCrosswalksItInherits) {
    start(kDsptCaf);
    answer_outcome(kDsptCaf, "B4.d", Achievement::kAchieved);
    answer_outcome(kDsptCaf, "B2.a", Achievement::kPartiallyAchieved);
    const Timestamp now = at("2026-03-05T09:00:00Z");

    auto projected = project_assessment(*database_, kDsptCaf, "CE-3.2", now);
    ASSERT_TRUE(projected) << projected.error().to_string();
    ASSERT_EQ(projected->projections.size(), 1U);
    const Projection& projection = projected->projections[0];
    EXPECT_EQ(projection.source, "DSPT-CAF-2024-25");
    EXPECT_EQ(projection.crosswalks,
              std::vector<std::string>{"CAF-3.2--CE-3.2 (inherited by DSPT-CAF-2024-25)"});
    EXPECT_EQ(projection.covered, 0U);
    EXPECT_EQ(projection.partial, 11U);
    EXPECT_EQ(projection.gaps, 19U);
    EXPECT_EQ(projection.total, 30U);
    EXPECT_EQ(projection.relations_not_inherited, 0U);
    const ProjectedNode& update = node_of(projection, "SUM.1");
    ASSERT_EQ(update.evidence.size(), 1U);
    EXPECT_EQ(update.evidence[0].source_node, "B4.d");
    EXPECT_EQ(update.evidence[0].state.describe(), "achieved");
    EXPECT_EQ(node_of(projection, "UAC.1").evidence[0].state.describe(), "partially-achieved");
    EXPECT_EQ(coverage_name(node_of(projection, "FW.1").coverage), "gap");

    // Its base is not a target: the DSPT answers CAF 3.2's outcomes as they are.
    auto onto_base = project_assessment(*database_, kDsptCaf, "CAF-3.2", now);
    ASSERT_FALSE(onto_base);
    EXPECT_EQ(onto_base.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(onto_base.error().where, "--to CAF-3.2");

    // Every target without the CSF catalogue: Cyber Essentials, and the classic DSPT through its
    // crosswalk onto this one read backwards; the two CSF crosswalks unavailable.
    auto every = project_assessment(*database_, kDsptCaf, "", now);
    ASSERT_TRUE(every) << every.error().to_string();
    EXPECT_EQ(targets_of(*every), (std::vector<std::string>{"CE-3.2", "DSPT-2023-24"}));
    EXPECT_EQ(every->unavailable.size(), 2U);
}

// With NIST's CSF 2.0 catalogue imported, the same assessment reaches ISO/IEC 27001 in two steps:
// CAF-3.2--CSF-2.0 (inherited) then CSF-2.0--ISO-27001-2022. By hand from the two files: every
// pair in both is `intersects`, and `intersects` then `intersects` says nothing certain, so each
// of the 488 pairs of pairs meeting at a CSF subcategory (for each subcategory, the CAF pairs onto
// it times the ISO pairs from it, summed) is dropped, and all 93 Annex A controls are gaps. CSF
// itself is reached through the inherited crosswalk: B4.d's four subcategories (ID.RA-01,
// ID.RA-06, PR.PS-02, PR.PS-03) and B2.a's five (PR.AA-01 to -03, -05, -06) partial, of 106.
TEST_P(ProposalsTest, ACafAlignedDsptAssessmentProjectedOntoIso27001ThroughCsf) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "frameworks/nist-csf-2.0/NIST_CSF_v2.0_catalog.xml");
    auto imported = import_framework_file(*database_, path);
    ASSERT_TRUE(imported) << imported.error().to_string();
    start(kDsptCaf);
    answer_outcome(kDsptCaf, "B4.d", Achievement::kAchieved);
    answer_outcome(kDsptCaf, "B2.a", Achievement::kPartiallyAchieved);
    const Timestamp now = at("2026-03-05T09:00:00Z");

    auto projected = project_assessment(*database_, kDsptCaf, "ISO-27001-2022", now);
    ASSERT_TRUE(projected) << projected.error().to_string();
    ASSERT_EQ(projected->projections.size(), 1U);
    const Projection& iso = projected->projections[0];
    EXPECT_EQ(iso.crosswalks, std::vector<std::string>{
                                  "via CSF-2.0: CAF-3.2--CSF-2.0 (inherited by DSPT-CAF-2024-25), "
                                  "then CSF-2.0--ISO-27001-2022"});
    EXPECT_EQ(iso.covered, 0U);
    EXPECT_EQ(iso.partial, 0U);
    EXPECT_EQ(iso.gaps, 93U);
    EXPECT_EQ(iso.total, 93U);
    EXPECT_EQ(iso.compositions_dropped, 488U);
    EXPECT_EQ(iso.relations_not_on_answered_nodes, 0U);

    auto every = project_assessment(*database_, kDsptCaf, "", now);
    ASSERT_TRUE(every) << every.error().to_string();
    EXPECT_EQ(targets_of(*every),
              (std::vector<std::string>{"CE-3.2", "CSF-2.0", "DSPT-2023-24", "ISO-27001-2022"}));
    EXPECT_TRUE(every->unavailable.empty());
    const Projection& csf = every->projections[1];
    EXPECT_EQ(csf.crosswalks,
              std::vector<std::string>{"CAF-3.2--CSF-2.0 (inherited by DSPT-CAF-2024-25)"});
    EXPECT_EQ(csf.covered, 0U);
    EXPECT_EQ(csf.partial, 9U);
    EXPECT_EQ(csf.total, 106U);
}

// An organisation imports its own Cyber Essentials v3.2 without SUM.1: the CAF 3.2 crosswalk onto
// it no longer fits and is reported unavailable, with the file, the pair's line and why, while the
// assessment still projects through the other crosswalks.
TEST_P(ProposalsTest, ACrosswalkAnImportedFrameworkDoesNotFitIsUnavailableAndTheRestProject) {
    std::ifstream builtin(fixture("../../data/frameworks/cyber-essentials-3.2.yaml"));
    std::ostringstream text;
    text << builtin.rdbuf();
    // The SUM.1 entry runs from its "- id:" line to the next one.
    const std::string own = std::regex_replace(
        text.str(), std::regex(R"(      - id: SUM\.1\n(?:        [^\n]*\n)*)"), "");
    ASSERT_NE(own, text.str());
    const std::string path = ::testing::TempDir() + "own-cyber-essentials-3.2.yaml";
    std::ofstream(path) << own;
    auto imported = import_framework_file(*database_, path);
    ASSERT_TRUE(imported) << imported.error().to_string();
    ASSERT_TRUE(imported->replaced_builtin);
    start(kDsptCaf);
    answer_outcome(kDsptCaf, "B4.d", Achievement::kAchieved);

    auto every = project_assessment(*database_, kDsptCaf, "", at("2026-03-05T09:00:00Z"));
    ASSERT_TRUE(every) << every.error().to_string();
    EXPECT_EQ(targets_of(*every), std::vector<std::string>{"DSPT-2023-24"});
    const auto unfit = std::find_if(
        every->unavailable.begin(), every->unavailable.end(),
        [](const std::string& reason) { return reason.starts_with("caf-3.2--ce-3.2.yaml: "); });
    ASSERT_NE(unfit, every->unavailable.end());
    EXPECT_NE(unfit->find("caf-3.2--ce-3.2.yaml line 42: relations: B4.d -> SUM.1: 'SUM.1' is not "
                          "a node of CE-3.2: the framework loaded under that id does not fit"),
              std::string::npos)
        << *unfit;
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         ProposalsTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         ::wardround::testing::backend_test_name);

}  // namespace
}  // namespace wardround::assess

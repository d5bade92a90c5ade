// SPDX-License-Identifier: Apache-2.0
// wardround assess start|owner|answer|evidence|certify|plan|status|propose|project|signoff: an
// organisation's self-assessment against a framework for a period (docs/assessments.md). Thin: each
// command parses, calls the assessment module and prints.
#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <wardround/assess/answer_file.h>
#include <wardround/assess/assessment.h>
#include <wardround/assess/assessment_projection.h>
#include <wardround/assess/assessment_rules.h>
#include <wardround/core/input_file.h>

#include "cli/cli.h"

namespace wardround::cli {

void add_assessment_ref_options(CLI::App* command, assess::AssessmentRef& ref) {
    command->add_option("--org", ref.org_code, "the organisation's code")->required();
    command->add_option("--framework", ref.framework, "the framework's qualified id")->required();
    command->add_option("--period", ref.period, "the period (2024-25)")->required();
}

namespace {

using assess::AssessmentRef;

// Lists longer than this are cut in text output, with a pointer to --json.
constexpr std::size_t kTextRows = 40;

// What add_assess_command fills for every subcommand; each command's arguments add their own.
struct AssessArguments {
    AssessmentRef ref;
    bool json = false;
};

// A command that takes nothing but the assessment: `read`, a library read of the database, the
// assessment and the day (today), runs and its result is printed. A read that also takes a revision
// is given none (`Revision{}` is std::nullopt): the newest.
template <typename T, typename... Revision>
void add_assess_view(
    CLI::App* parent,
    Context& context,
    const std::string& name,
    const std::string& description,
    Result<T> (*read)(store::Database&, const AssessmentRef&, Timestamp, Revision...),
    Json (*to_json)(const T&),
    void (*print)(const T&)) {
    add_assess_command(
        parent, context, name, description, std::make_shared<AssessArguments>(),
        [read](store::Database& database, const AssessArguments& a) {
            return read(database, a.ref, now_utc(), Revision{}...);
        },
        to_json, print);
}

// --by: who does what the command records.
void add_by_option(CLI::App* command, std::string& by, const std::string& who) {
    command->add_option("--by", by, who)->required();
}

Json or_null(const std::string& text) {
    return text.empty() ? Json(nullptr) : Json(text);
}

// Each of `items` as JSON by `each`.
template <typename T, typename Each>
Json json_array(const std::vector<T>& items, Each each) {
    Json out = Json::array();
    for (const T& item : items) {
        out.push_back(each(item));
    }
    return out;
}

Json assessment_json(const assess::Assessment& a) {
    return Json{{"org", a.org_code},
                {"framework", a.framework},
                {"period", a.period},
                {"revision", a.revision},
                {"status", a.status},
                {"category", or_null(a.category)},
                {"profile", or_null(a.profile)},
                {"started_at", a.started_at},
                {"started_by", a.started_by},
                {"signed_off_at", or_null(a.signed_off_at)},
                {"signed_off_by", or_null(a.signed_off_by)},
                {"signer_role", or_null(a.signer_role)},
                {"statement", or_null(a.signoff_statement)}};
}

void print_assessment(const assess::Assessment& a) {
    fmt::print("{} {} {} revision {}: {}{}\n", a.org_code, a.framework, a.period, a.revision,
               a.status,
               a.signed_off() ? fmt::format(" on {} by {} ({})", a.signed_off_at.substr(0, 10),
                                            a.signed_off_by, a.signer_role)
                              : std::string());
}

struct StartArguments : AssessArguments {
    assess::StartRequest request;
};

void add_start(CLI::App* assess, Context& context) {
    auto arguments = std::make_shared<StartArguments>();
    auto* command = add_assess_command(
        assess, context, "start",
        "Start an assessment, or after sign-off its next revision (a copy to revise)", arguments,
        [](store::Database& database, StartArguments& a) {
            a.request.ref = a.ref;
            return assess::start_assessment(database, a.request, now_utc());
        },
        assessment_json, print_assessment);
    command->add_option("--category", arguments->request.category,
                        "the organisation's category in the framework (mandatory items)");
    command->add_option(
        "--profile", arguments->request.profile,
        "the profile to compare outcomes with (of this framework or one it extends)");
    add_by_option(command, arguments->request.by, "who starts it");
}

struct OwnerArguments : AssessArguments {
    std::string node;
    std::string owner;
    std::string by;
};

void add_owner(CLI::App* assess, Context& context) {
    auto arguments = std::make_shared<OwnerArguments>();
    auto* command = add_assess_command(
        assess, context, "owner", "Make someone answer for a node", arguments,
        [](store::Database& database, OwnerArguments& a) {
            if (a.by.empty()) {
                a.by = a.owner;
            }
            return assess::set_owner(database, a.ref, a.node, a.owner, a.by, now_utc())
                .transform([&a] { return a; });
        },
        [](const OwnerArguments& a) {
            return Json{{"node", a.node}, {"owner", a.owner}, {"by", a.by}};
        },
        [](const OwnerArguments& a) { fmt::print("{} is owned by {}\n", a.node, a.owner); });
    command->add_option("node", arguments->node, "the node (A2.a, 1.1)")->required();
    command->add_option("--owner", arguments->owner, "who answers for it")->required();
    command->add_option("--by", arguments->by, "who assigns it (default: the owner)");
}

struct AnswerArguments : AssessArguments {
    assess::AnswerRequest request;
};

void add_answer(CLI::App* assess, Context& context) {
    auto arguments = std::make_shared<AnswerArguments>();
    auto* command = add_assess_command(
        assess, context, "answer",
        "Answer an item (an indicator, evidence item, requirement or outcome)", arguments,
        [](store::Database& database, AnswerArguments& a) {
            return assess::answer_item(database, a.ref, a.request, now_utc());
        },
        [](const assess::AnswerRecord& answered) {
            return Json{{"item", answered.item_id},
                        {"value", answered.value},
                        {"proposal_id",
                         answered.proposal_id == 0 ? Json(nullptr) : Json(answered.proposal_id)},
                        {"reason", answered.reason},
                        {"comment", answered.comment},
                        {"by", answered.answered_by},
                        {"at", answered.answered_at}};
        },
        [](const assess::AnswerRecord& answered) {
            fmt::print("{}: {}\n", answered.item_id, answered.value);
        });
    command->add_option("item", arguments->request.item_id, "the item's id")->required();
    command->add_option("value", arguments->request.value,
                        "true|false|not-applicable, met|not-met|not-applicable, or a level");
    command->add_option("--reason", arguments->request.reason,
                        "why (required for not-applicable and for overriding a proposal)");
    command->add_option("--comment", arguments->request.comment, "a comment");
    add_by_option(command, arguments->request.by, "who answers");
    command->add_flag("--accept-proposal", arguments->request.accept_proposal,
                      "confirm the auto-evidence proposal");
}

struct ImportAnswersArguments : AssessArguments {
    std::string path;
    std::string by;
};

void add_import_answers(CLI::App* assess, Context& context) {
    auto arguments = std::make_shared<ImportAnswersArguments>();
    auto* command = add_assess_command(
        assess, context, "import-answers",
        "Answer many items from a CSV (Item, Answer, Reason, Comment: the workbook's Answers "
        "sheet), all or none",
        arguments,
        [](store::Database& database, ImportAnswersArguments& a) -> Result<assess::AnswerImport> {
            auto file = InputFile::open(a.path);
            WARDROUND_TRY(file);
            auto answers = assess::read_answer_file(*file);
            WARDROUND_TRY(answers);
            return assess::import_answers(database, a.ref, *answers, a.by, now_utc());
        },
        [](const assess::AnswerImport& done) {
            return Json{
                {"answered", done.answered}, {"unchanged", done.unchanged}, {"blank", done.blank}};
        },
        [](const assess::AnswerImport& done) {
            fmt::print("{} answered, {} unchanged, {} without an answer (left as they were)\n",
                       done.answered, done.unchanged, done.blank);
        });
    command->add_option("file", arguments->path, "the CSV file")->required();
    add_by_option(command, arguments->by, "who answers");
}

// ---------------------------------------------------------------------------------------------
// Evidence

Json evidence_json(const assess::EvidenceRecord& e) {
    return Json{{"key", e.key},
                {"revision", e.revision},
                {"revised_by", or_null(e.revised_by)},
                {"revision_reason", or_null(e.revision_reason)},
                {"kind", e.kind},
                {"title", e.title},
                {"file_name", e.file_name},
                {"sha256", e.sha256},
                {"size_bytes", e.size_bytes},
                {"url", e.url},
                {"note", e.note},
                {"effective_on", e.effective_on},
                {"expires_on", or_null(e.expires_on)},
                {"expired", e.expired},
                {"collected_by", e.collected_by},
                {"collected_from", e.collected_from},
                {"uploaded_at", e.uploaded_at},
                {"items", e.items}};
}

void print_evidence(const assess::EvidenceRecord& e) {
    fmt::print(
        "{} revision {}: {} ({}{}{}), linked to {}\n", e.key, e.revision, e.title, e.kind,
        e.expires_on.empty() ? std::string() : ", expires " + e.expires_on,
        e.expired ? ", expired" : "",
        e.items.empty() ? std::string("no item") : fmt::format("{}", fmt::join(e.items, ", ")));
}

Json evidence_list_json(const std::vector<assess::EvidenceRecord>& listed) {
    return Json{{"evidence", json_array(listed, evidence_json)}};
}

void print_evidence_list(const std::vector<assess::EvidenceRecord>& listed) {
    Table table({"KEY", "REV", "KIND", "EFFECTIVE", "EXPIRES", "ITEMS", "TITLE"});
    for (std::size_t i = 0; i < listed.size() && i < kTextRows; ++i) {
        const auto& e = listed[i];
        table.add({e.key, std::to_string(e.revision), e.kind, e.effective_on,
                   e.expires_on + (e.expired ? " (expired)" : ""), std::to_string(e.items.size()),
                   e.title});
    }
    table.print();
    if (listed.size() > kTextRows) {
        fmt::print("... {} more (--json lists them all)\n", listed.size() - kTextRows);
    }
}

// The evidence itself (--file, --link or --note, at most one) with its title, dates and
// collector: what `evidence add` requires and `evidence revise` may change.
struct ContentOptions {
    CLI::Option* file = nullptr;
    CLI::Option* link = nullptr;
    CLI::Option* note = nullptr;
    CLI::Option* title = nullptr;
    CLI::Option* effective = nullptr;
    CLI::Option* collected_by = nullptr;

    // The kind of evidence the options given name; empty when none is given.
    [[nodiscard]] std::string kind() const {
        if (file->count() > 0) {
            return "file";
        }
        if (link->count() > 0) {
            return "link";
        }
        return note->count() > 0 ? "note" : "";
    }
};

ContentOptions add_content_options(CLI::App* command, assess::EvidenceContent& content) {
    ContentOptions options;
    options.file = command->add_option("--file", content.file_path, "a file to keep");
    options.link = command->add_option("--link", content.url, "a URL");
    options.note = command->add_option("--note", content.note, "a note");
    options.file->excludes(options.link)->excludes(options.note);
    options.link->excludes(options.note);
    options.title = command->add_option("--title", content.title, "what it is");
    options.effective =
        command->add_option("--effective", content.effective_on, "when it was true (YYYY-MM-DD)");
    command->add_option("--expires", content.expires_on,
                        "when it stops supporting answers (YYYY-MM-DD)");
    options.collected_by =
        command->add_option("--collected-by", content.collected_by, "who collected it");
    command->add_option("--from", content.collected_from, "where it came from");
    return options;
}

struct EvidenceArguments : AssessArguments {
    assess::EvidenceContent content;
    std::string key;
    std::vector<std::string> items;
    std::string by;
};

void add_evidence_add(CLI::App* evidence, Context& context) {
    auto arguments = std::make_shared<EvidenceArguments>();
    auto options = std::make_shared<ContentOptions>();
    auto* command = add_assess_command(
        evidence, context, "add", "Add evidence and link it to items", arguments,
        [options](store::Database& database, EvidenceArguments& a) {
            a.content.kind = options->kind();
            return assess::add_evidence(database, a.ref, a.content, a.items, now_utc());
        },
        evidence_json, print_evidence);
    *options = add_content_options(command, arguments->content);
    options->title->required();
    options->effective->required();
    options->collected_by->required();
    command->add_option("--item", arguments->items, "an item it supports (repeatable)");
}

struct RevisionArguments : AssessArguments {
    assess::EvidenceRevision revision;
};

void add_evidence_revise(CLI::App* evidence, Context& context) {
    auto arguments = std::make_shared<RevisionArguments>();
    auto options = std::make_shared<ContentOptions>();
    auto* command = add_assess_command(
        evidence, context, "revise",
        "Add a revision of evidence (what is not given is kept; earlier revisions stay)", arguments,
        [options](store::Database& database, RevisionArguments& a) {
            a.revision.content.kind = options->kind();
            return assess::revise_evidence(database, a.ref, a.revision, now_utc());
        },
        evidence_json, print_evidence);
    command->add_option("key", arguments->revision.key, "the evidence (EV-3)")->required();
    *options = add_content_options(command, arguments->revision.content);
    command->add_flag("--no-expiry", arguments->revision.remove_expiry,
                      "the new revision has no expiry date");
    add_by_option(command, arguments->revision.by, "who revises it");
    command->add_option("--reason", arguments->revision.reason, "why")->required();
}

void add_evidence_link(CLI::App* evidence, Context& context) {
    auto arguments = std::make_shared<EvidenceArguments>();
    auto* command = add_assess_command(
        evidence, context, "link",
        "Link the organisation's evidence (one collected for another assessment, say) to items",
        arguments,
        [](store::Database& database, EvidenceArguments& a) {
            return assess::link_evidence(database, a.ref, a.key, a.items, a.by, now_utc());
        },
        evidence_json, print_evidence);
    command->add_option("key", arguments->key, "the evidence (EV-3)")->required();
    command->add_option("--item", arguments->items, "an item it supports (repeatable)")->required();
    add_by_option(command, arguments->by, "who links it");
}

void add_evidence_unlink(CLI::App* evidence, Context& context) {
    auto arguments = std::make_shared<EvidenceArguments>();
    auto* command = add_assess_command(
        evidence, context, "unlink", "Remove links from items to evidence (the evidence stays)",
        arguments,
        [](store::Database& database, EvidenceArguments& a) {
            return assess::unlink_evidence(database, a.ref, a.key, a.items, now_utc());
        },
        evidence_json, print_evidence);
    command->add_option("key", arguments->key, "the evidence (EV-3)")->required();
    command->add_option("--item", arguments->items, "an item to unlink (repeatable)")->required();
}

void add_evidence_commands(CLI::App* assess, Context& context) {
    auto* evidence = assess->add_subcommand("evidence", "Evidence: files, links and notes");
    evidence->require_subcommand(1);
    add_evidence_add(evidence, context);
    add_evidence_revise(evidence, context);
    add_evidence_link(evidence, context);
    add_evidence_unlink(evidence, context);
    add_assess_view(evidence, context, "list", "The organisation's evidence, newest revisions",
                    assess::list_evidence, evidence_list_json, print_evidence_list);
}

// ---------------------------------------------------------------------------------------------
// Certifications

Json certification_json(const assess::CertificationDeclaration& c) {
    return Json{{"certification", c.certification},
                {"evidence", c.evidence_key},
                {"evidence_title", c.evidence_title},
                {"expires_on", or_null(c.expires_on)},
                {"declared_by", c.declared_by},
                {"declared_at", c.declared_at},
                {"withdrawn_at", or_null(c.withdrawn_at)},
                {"withdrawn_by", or_null(c.withdrawn_by)},
                {"withdrawal_reason", or_null(c.withdrawal_reason)},
                {"counts", c.counts},
                {"why", c.why}};
}

void print_certification(const assess::CertificationDeclaration& c) {
    if (!c.withdrawn_at.empty()) {
        fmt::print("{} withdrawn by {}: {}\n", c.certification, c.withdrawn_by,
                   c.withdrawal_reason);
        return;
    }
    fmt::print("{} declared on {} by {}: {} ({})\n", c.certification, c.evidence_key, c.declared_by,
               c.counts ? "counts" : "does not count", c.why);
}

struct CertifyArguments : AssessArguments {
    std::string certification;
    std::string evidence;
    bool withdraw = false;
    std::string reason;
    std::string by;
};

void add_certify(CLI::App* assess, Context& context) {
    auto arguments = std::make_shared<CertifyArguments>();
    auto* command = add_assess_command(
        assess, context, "certify",
        "Declare a certification backed by evidence (Standards Exceeded), or withdraw it",
        arguments,
        [](store::Database& database, const CertifyArguments& a) {
            if (a.withdraw) {
                return assess::withdraw_certification(database, a.ref, a.certification, a.reason,
                                                      a.by, now_utc());
            }
            return assess::declare_certification(database, a.ref,
                                                 {a.certification, a.evidence, a.by}, now_utc());
        },
        certification_json, print_certification);
    const std::vector<std::string> names{
        std::string(assess::certification_name(assess::Certification::kCyberEssentialsPlus)),
        std::string(assess::certification_name(assess::Certification::kIso27001))};
    command->add_option("--cert", arguments->certification, "the certification")
        ->required()
        ->check(CLI::IsMember(names));
    // Declaring names the evidence; withdrawing says why. Exactly one of the two.
    auto* action = command->add_option_group("declare or withdraw");
    auto* evidence = action->add_option("--evidence", arguments->evidence,
                                        "the evidence that backs it: the certificate (EV-4)");
    auto* withdraw = action->add_flag("--withdraw", arguments->withdraw, "withdraw it");
    action->require_option(1);
    command->add_option("--reason", arguments->reason, "why it is withdrawn")
        ->needs(withdraw)
        ->excludes(evidence);
    add_by_option(command, arguments->by, "who declares or withdraws it");
}

// ---------------------------------------------------------------------------------------------
// Improvement plan

Json plan_json(const assess::PlanItem& item) {
    return Json{{"number", item.number},   {"items", item.items},          {"action", item.action},
                {"owner", item.owner},     {"due_on", item.due_on},        {"status", item.status},
                {"overdue", item.overdue}, {"created_by", item.created_by}};
}

void print_plan_item(const assess::PlanItem& item) {
    fmt::print("plan item {} ({}): {}, owner {}, due {}\n", item.number, item.status, item.action,
               item.owner, item.due_on);
}

Json plan_list_json(const std::vector<assess::PlanItem>& listed) {
    return Json{{"plan", json_array(listed, plan_json)}};
}

void print_plan_list(const std::vector<assess::PlanItem>& listed) {
    Table table({"#", "STATUS", "DUE", "OWNER", "ITEMS", "ACTION"});
    for (const auto& item : listed) {
        table.add({std::to_string(item.number), item.status + (item.overdue ? " (overdue)" : ""),
                   item.due_on, item.owner, fmt::format("{}", fmt::join(item.items, " ")),
                   item.action});
    }
    table.print();
}

struct PlanArguments : AssessArguments {
    assess::PlanItemRequest request;
    int number = 0;
    std::string status;
    std::string note;
};

void add_plan_status(CLI::App* plan, Context& context, const char* name, const char* status) {
    auto arguments = std::make_shared<PlanArguments>();
    arguments->status = status;
    auto* command = add_assess_command(
        plan, context, name, fmt::format("Mark a plan item {} (with --note why)", status),
        arguments,
        [](store::Database& database, const PlanArguments& a) {
            return assess::set_plan_item_status(database, a.ref, a.number, a.status, a.note,
                                                a.request.by, now_utc());
        },
        plan_json, print_plan_item);
    command->add_option("number", arguments->number, "the plan item's number")->required();
    command->add_option("--note", arguments->note, "why (required to drop)");
    add_by_option(command, arguments->request.by, "who");
}

void add_plan_commands(CLI::App* assess, Context& context) {
    auto* plan = assess->add_subcommand("plan", "The improvement plan");
    plan->require_subcommand(1);

    auto arguments = std::make_shared<PlanArguments>();
    auto* add = add_assess_command(
        plan, context, "add", "Add an action against items", arguments,
        [](store::Database& database, const PlanArguments& a) {
            return assess::add_plan_item(database, a.ref, a.request, now_utc());
        },
        plan_json, print_plan_item);
    add->add_option("--item", arguments->request.items, "an item it addresses (repeatable)")
        ->required();
    add->add_option("--action", arguments->request.action, "what will be done")->required();
    add->add_option("--owner", arguments->request.owner, "who does it")->required();
    add->add_option("--due", arguments->request.due_on, "by when (YYYY-MM-DD)")->required();
    add_by_option(add, arguments->request.by, "who adds it");
    add_plan_status(plan, context, "done", "done");
    add_plan_status(plan, context, "drop", "dropped");
    add_plan_status(plan, context, "reopen", "open");
    add_assess_view(plan, context, "list", "The plan, with overdue items marked",
                    assess::list_plan_items, plan_list_json, print_plan_list);
}

// ---------------------------------------------------------------------------------------------
// Status

Json status_json(const assess::AssessmentStatus& status) {
    Json nodes = Json::array();
    for (const auto& node : status.nodes) {
        Json items = Json::array();
        for (const auto& item : node.items) {
            items.push_back({{"id", item.id},
                             {"value", or_null(item.value)},
                             {"answered_by", item.answered_by},
                             {"support", item.support},
                             {"evidence", item.evidence},
                             {"required", item.required}});
        }
        nodes.push_back({{"id", node.id},
                         {"type", node.type},
                         {"title", node.title},
                         {"owner", node.owner},
                         {"status", node.status},
                         {"complete", node.complete},
                         {"reason", node.reason},
                         {"expected", node.expected},
                         {"standing", node.standing},
                         {"answered", node.answered},
                         {"unsupported", node.unsupported},
                         {"items", items}});
    }
    return Json{{"assessment", assessment_json(status.assessment)},
                {"kind", status.kind},
                {"items", status.items},
                {"answered", status.answered},
                {"required", status.required},
                {"required_answered", status.required_answered},
                {"unsupported", status.unsupported},
                {"evidence_expired", status.evidence_expired},
                {"plan_open", status.plan_open},
                {"plan_overdue", status.plan_overdue},
                {"by_status", status.by_status},
                {"dspt_status", status.dspt_status},
                {"dspt_reason", status.dspt_reason},
                {"certifications", json_array(status.certifications, certification_json)},
                {"nodes", nodes}};
}

void print_status(const assess::AssessmentStatus& status) {
    print_assessment(status.assessment);
    fmt::print(
        "{} of {} items answered; {} of {} required for sign-off; {} answers unsupported "
        "(their evidence expired); plan: {} open, {} overdue\n",
        status.answered, status.items, status.required_answered, status.required,
        status.unsupported, status.plan_open, status.plan_overdue);
    if (!status.dspt_status.empty() || !status.dspt_reason.empty()) {
        fmt::print("DSPT status: {} ({})\n",
                   status.dspt_status.empty() ? "not judged" : status.dspt_status,
                   status.dspt_reason);
    }
    for (const auto& certification : status.certifications) {
        fmt::print("certification ");
        print_certification(certification);
    }
    Table table({"NODE", "STATUS", "EXPECTED", "ANSWERED", "UNSUPPORTED", "OWNER", "TITLE"});
    std::size_t shown = 0;
    for (const auto& node : status.nodes) {
        if (shown++ == kTextRows) {
            break;
        }
        table.add({node.id, node.status + (node.complete ? "" : " (incomplete)"),
                   node.expected.empty() ? "-" : node.expected + " (" + node.standing + ")",
                   fmt::format("{}/{}", node.answered, node.items.size()),
                   std::to_string(node.unsupported), node.owner, node.title});
    }
    table.print();
    if (status.nodes.size() > kTextRows) {
        fmt::print("... {} more (--json lists them all)\n", status.nodes.size() - kTextRows);
    }
}

void add_status(CLI::App* assess, Context& context) {
    add_assess_view(assess, context, "status", "Per node: answers, status, evidence",
                    assess::assessment_status, status_json, print_status);
}

Json proposal_run_json(const assess::ProposalRun& run) {
    Json items = Json::array();
    for (const auto& item : run.items) {
        Json figures = Json::array();
        for (const auto& figure : item.figures) {
            figures.push_back({{"figure", figure.figure_id},
                               {"title", figure.title},
                               {"determinable", figure.determinable},
                               {"value", or_null(figure.value)},
                               {"detail", figure.detail},
                               {"as_of", or_null(figure.as_of)},
                               {"proposed", or_null(figure.proposed)},
                               {"reason", figure.reason}});
        }
        items.push_back({{"item", item.item_id},
                         {"proposed", or_null(item.proposed)},
                         {"why_none", or_null(item.why_none)},
                         {"current", or_null(item.current)},
                         {"standing", item.standing},
                         {"figures", figures}});
    }
    return Json{{"assessment", assessment_json(run.assessment)},
                {"computed_at", run.computed_at},
                {"stored", run.stored},
                {"items", items}};
}

void print_proposal_run(const assess::ProposalRun& run) {
    print_assessment(run.assessment);
    fmt::print(
        "auto-evidence computed {}: {} proposals kept for {} items (nothing is answered; "
        "confirm with assess answer ITEM --accept-proposal)\n",
        run.computed_at, run.stored, run.items.size());
    for (const auto& item : run.items) {
        fmt::print(
            "\n{}: {} (current answer: {}, {})\n", item.item_id,
            item.proposed.empty() ? "no proposal: " + item.why_none : "proposes " + item.proposed,
            item.current.empty() ? "none" : item.current, item.standing);
        for (const auto& figure : item.figures) {
            fmt::print("  {} {}: {}\n    {}{}\n", figure.figure_id,
                       figure.determinable ? "= " + figure.value : "(not determinable)",
                       figure.determinable ? figure.proposed : std::string("nothing proposed"),
                       figure.detail,
                       figure.as_of.empty() ? std::string() : " (as of " + figure.as_of + ")");
            fmt::print("    {}\n", figure.reason);
        }
    }
}

void add_propose(CLI::App* assess, Context& context) {
    add_assess_view(assess, context, "propose",
                    "Propose answers from auto-evidence (kept, never answered for you)",
                    assess::propose_answers, proposal_run_json, print_proposal_run);
}

Json projection_json(const assess::Projection& projection) {
    Json nodes = Json::array();
    for (const auto& node : projection.nodes) {
        Json evidence = Json::array();
        for (const auto& from : node.evidence) {
            evidence.push_back({{"source_node", from.source_node},
                                {"relation", assess::relation_name(from.relation)},
                                {"state", from.state.describe()},
                                {"gives", assess::coverage_name(from.gives)},
                                {"crosswalk", from.crosswalk},
                                {"note", from.note}});
        }
        nodes.push_back({{"node", node.target_node},
                         {"coverage", assess::coverage_name(node.coverage)},
                         {"evidence", evidence}});
    }
    return Json{{"source", projection.source},
                {"target", projection.target},
                {"crosswalks", projection.crosswalks},
                {"covered", projection.covered},
                {"partial", projection.partial},
                {"gaps", projection.gaps},
                {"total", projection.total},
                {"share_covered", projection.share_covered()},
                {"relations_not_on_answered_nodes", projection.relations_not_on_answered_nodes},
                {"relations_not_inherited", projection.relations_not_inherited},
                {"compositions_dropped", projection.compositions_dropped},
                {"nodes", nodes}};
}

void print_projection(const assess::Projection& projection) {
    fmt::print("\n{} -> {} through {}: {} covered, {} partial, {} gaps of {} ({:.0f}% covered)\n",
               projection.source, projection.target, fmt::join(projection.crosswalks, ", "),
               projection.covered, projection.partial, projection.gaps, projection.total,
               projection.share_covered() * 100);
    if (projection.compositions_dropped > 0) {
        fmt::print(
            "{} pairs of relations meet at an intermediate framework but together say nothing "
            "certain (such as intersects then intersects), so they give no coverage\n",
            projection.compositions_dropped);
    }
    if (projection.relations_not_inherited > 0) {
        fmt::print(
            "{} relations left out: the inheriting framework lacks or redefines their node\n",
            projection.relations_not_inherited);
    }
    Table table({"NODE", "COVERAGE", "FROM"});
    std::size_t shown = 0;
    for (const auto& node : projection.nodes) {
        if (shown++ == kTextRows) {
            break;
        }
        std::vector<std::string> sources;
        for (const auto& from : node.evidence) {
            // A two-step relation's note names the intermediate node it passed through.
            const bool two_step = from.note.rfind("via ", 0) == 0;
            sources.push_back(fmt::format(
                "{} {} ({}){}", from.source_node, assess::relation_name(from.relation),
                from.state.describe(),
                two_step ? " " + from.note.substr(0, from.note.find(';')) : std::string()));
        }
        table.add(
            {node.target_node, std::string(assess::coverage_name(node.coverage)),
             sources.empty() ? std::string("-") : fmt::format("{}", fmt::join(sources, "; "))});
    }
    table.print();
    if (projection.nodes.size() > kTextRows) {
        fmt::print("... {} more (--json lists them all)\n", projection.nodes.size() - kTextRows);
    }
}

struct ProjectArguments {
    AssessmentRef ref;
    std::string target;
    bool json = false;
};

void add_project(CLI::App* assess, Context& context) {
    auto* command = assess->add_subcommand(
        "project", "Show the answers against another framework through the crosswalks");
    auto arguments = std::make_shared<ProjectArguments>();
    add_assessment_ref_options(command, arguments->ref);
    command->add_option("--to", arguments->target,
                        "the target framework (default: every one a crosswalk reaches)");
    command->add_flag("--json", arguments->json, "JSON output");
    command->callback([&context, arguments] {
        context.run = [&context, arguments] {
            return with_database(context, [&](store::Database& database) {
                auto projected = assess::project_assessment(database, arguments->ref,
                                                            arguments->target, now_utc());
                if (!projected) {
                    return report_error(projected.error());
                }
                if (arguments->json) {
                    Json projections = Json::array();
                    for (const auto& projection : projected->projections) {
                        projections.push_back(projection_json(projection));
                    }
                    print_json(Json{{"assessment", assessment_json(projected->assessment)},
                                    {"projections", projections},
                                    {"unavailable", projected->unavailable}});
                    return static_cast<int>(kExitOk);
                }
                print_assessment(projected->assessment);
                for (const auto& projection : projected->projections) {
                    print_projection(projection);
                }
                for (const auto& reason : projected->unavailable) {
                    fmt::print("crosswalk unavailable: {}\n", reason);
                }
                return static_cast<int>(kExitOk);
            });
        };
    });
}

struct SignOffArguments : AssessArguments {
    assess::SignOffRequest request;
};

void add_signoff(CLI::App* assess, Context& context) {
    auto arguments = std::make_shared<SignOffArguments>();
    auto* command = add_assess_command(
        assess, context, "signoff", "Sign the draft off; it is read-only afterwards", arguments,
        [](store::Database& database, const SignOffArguments& a) {
            return assess::sign_off(database, a.ref, a.request, now_utc());
        },
        assessment_json, print_assessment);
    add_by_option(command, arguments->request.by, "the signer");
    command->add_option("--role", arguments->request.role, "the signer's role (SIRO)")->required();
    command->add_option("--statement", arguments->request.statement, "what the signer attests")
        ->required();
}

}  // namespace

void add_assess_commands(CLI::App& app, Context& context) {
    auto* assess = app.add_subcommand(
        "assess", "Self-assessments: answers, evidence, improvement plan, sign-off");
    assess->require_subcommand(1);
    add_start(assess, context);
    add_owner(assess, context);
    add_answer(assess, context);
    add_import_answers(assess, context);
    add_evidence_commands(assess, context);
    add_certify(assess, context);
    add_plan_commands(assess, context);
    add_status(assess, context);
    add_propose(assess, context);
    add_project(assess, context);
    add_signoff(assess, context);
    add_assess_export_command(assess, context);
}

}  // namespace wardround::cli

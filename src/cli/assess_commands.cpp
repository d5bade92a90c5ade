// SPDX-License-Identifier: Apache-2.0
// wardround assess start|owner|answer|evidence|plan|status|propose|project|signoff: an
// organisation's self-assessment against a framework for a period (docs/assessments.md). Thin: each
// command parses, calls the assessment module and prints.
#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <wardround/assess/assessment.h>
#include <wardround/assess/assessment_projection.h>

#include "cli/cli.h"

namespace wardround::cli {
namespace {

using assess::AssessmentRef;

// Lists longer than this are cut in text output, with a pointer to --json.
constexpr std::size_t kTextRows = 40;

void add_ref_options(CLI::App* command, AssessmentRef& ref) {
    command->add_option("--org", ref.org_code, "the organisation's code")->required();
    command->add_option("--framework", ref.framework, "the framework's qualified id")->required();
    command->add_option("--period", ref.period, "the period (2024-25)")->required();
}

// Opens the database and runs `body` with it, turning errors into the documented exit status.
template <typename Body>
int with_database(Context& context, Body&& body) {
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    return body(**database);
}

Json assessment_json(const assess::Assessment& a) {
    const auto or_null = [](const std::string& text) {
        return text.empty() ? Json(nullptr) : Json(text);
    };
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

struct StartArguments {
    assess::StartRequest request;
    bool json = false;
};

void add_start(CLI::App* assess, Context& context) {
    auto* command = assess->add_subcommand(
        "start", "Start an assessment, or after sign-off its next revision (a copy to revise)");
    auto arguments = std::make_shared<StartArguments>();
    add_ref_options(command, arguments->request.ref);
    command->add_option("--category", arguments->request.category,
                        "the organisation's category in the framework (mandatory items)");
    command->add_option("--profile", arguments->request.profile,
                        "the profile to compare outcomes with");
    command->add_option("--by", arguments->request.by, "who starts it")->required();
    command->add_flag("--json", arguments->json, "JSON output");
    command->callback([&context, arguments] {
        context.run = [&context, arguments] {
            return with_database(context, [&](store::Database& database) {
                auto started = assess::start_assessment(database, arguments->request, now_utc());
                if (!started) {
                    return report_error(started.error());
                }
                if (arguments->json) {
                    print_json(assessment_json(*started));
                } else {
                    print_assessment(*started);
                }
                return static_cast<int>(kExitOk);
            });
        };
    });
}

struct OwnerArguments {
    AssessmentRef ref;
    std::string node;
    std::string owner;
    std::string by;
};

void add_owner(CLI::App* assess, Context& context) {
    auto* command = assess->add_subcommand("owner", "Make someone answer for a node");
    auto arguments = std::make_shared<OwnerArguments>();
    add_ref_options(command, arguments->ref);
    command->add_option("node", arguments->node, "the node (A2.a, 1.1)")->required();
    command->add_option("--owner", arguments->owner, "who answers for it")->required();
    command->add_option("--by", arguments->by, "who assigns it (default: the owner)");
    command->callback([&context, arguments] {
        context.run = [&context, arguments] {
            return with_database(context, [&](store::Database& database) {
                const std::string by = arguments->by.empty() ? arguments->owner : arguments->by;
                auto set = assess::set_owner(database, arguments->ref, arguments->node,
                                             arguments->owner, by, now_utc());
                if (!set) {
                    return report_error(set.error());
                }
                fmt::print("{} is owned by {}\n", arguments->node, arguments->owner);
                return static_cast<int>(kExitOk);
            });
        };
    });
}

struct AnswerArguments {
    AssessmentRef ref;
    assess::AnswerRequest request;
    bool json = false;
};

void add_answer(CLI::App* assess, Context& context) {
    auto* command = assess->add_subcommand(
        "answer", "Answer an item (an indicator, evidence item, requirement or outcome)");
    auto arguments = std::make_shared<AnswerArguments>();
    add_ref_options(command, arguments->ref);
    command->add_option("item", arguments->request.item_id, "the item's id")->required();
    command->add_option("value", arguments->request.value,
                        "true|false|not-applicable, met|not-met|not-applicable, or a level");
    command->add_option("--reason", arguments->request.reason,
                        "why (required for not-applicable and for overriding a proposal)");
    command->add_option("--comment", arguments->request.comment, "a comment");
    command->add_option("--by", arguments->request.by, "who answers")->required();
    command->add_flag("--accept-proposal", arguments->request.accept_proposal,
                      "confirm the auto-evidence proposal");
    command->add_flag("--json", arguments->json, "JSON output");
    command->callback([&context, arguments] {
        context.run = [&context, arguments] {
            return with_database(context, [&](store::Database& database) {
                auto answered =
                    assess::answer_item(database, arguments->ref, arguments->request, now_utc());
                if (!answered) {
                    return report_error(answered.error());
                }
                if (arguments->json) {
                    print_json(Json{
                        {"item", answered->item_id},
                        {"value", answered->value},
                        {"proposal_id",
                         answered->proposal_id == 0 ? Json(nullptr) : Json(answered->proposal_id)},
                        {"reason", answered->reason},
                        {"comment", answered->comment},
                        {"by", answered->answered_by},
                        {"at", answered->answered_at}});
                } else {
                    fmt::print("{}: {}\n", answered->item_id, answered->value);
                }
                return static_cast<int>(kExitOk);
            });
        };
    });
}

Json evidence_json(const assess::EvidenceRecord& e) {
    return Json{{"key", e.key},
                {"revision", e.revision},
                {"kind", e.kind},
                {"title", e.title},
                {"file_name", e.file_name},
                {"sha256", e.sha256},
                {"size_bytes", e.size_bytes},
                {"url", e.url},
                {"note", e.note},
                {"effective_on", e.effective_on},
                {"expires_on", e.expires_on.empty() ? Json(nullptr) : Json(e.expires_on)},
                {"expired", e.expired},
                {"collected_by", e.collected_by},
                {"collected_from", e.collected_from},
                {"uploaded_at", e.uploaded_at},
                {"items", e.items}};
}

struct EvidenceArguments {
    AssessmentRef ref;
    assess::EvidenceContent content;
    std::vector<std::string> items;
    bool json = false;
};

int run_evidence_add(Context& context, const EvidenceArguments& arguments) {
    return with_database(context, [&](store::Database& database) {
        auto added = assess::add_evidence(database, arguments.ref, arguments.content,
                                          arguments.items, now_utc());
        if (!added) {
            return report_error(added.error());
        }
        if (arguments.json) {
            print_json(evidence_json(*added));
            return static_cast<int>(kExitOk);
        }
        fmt::print("{} revision {}: {} ({}), linked to {}\n", added->key, added->revision,
                   added->title, added->kind,
                   added->items.empty() ? std::string("no item")
                                        : fmt::format("{}", fmt::join(added->items, ", ")));
        return static_cast<int>(kExitOk);
    });
}

int run_evidence_list(Context& context, const EvidenceArguments& arguments) {
    return with_database(context, [&](store::Database& database) {
        auto listed = assess::list_evidence(database, arguments.ref, now_utc());
        if (!listed) {
            return report_error(listed.error());
        }
        if (arguments.json) {
            Json out = Json::array();
            for (const auto& e : *listed) {
                out.push_back(evidence_json(e));
            }
            print_json(Json{{"evidence", out}});
            return static_cast<int>(kExitOk);
        }
        Table table({"KEY", "REV", "KIND", "EFFECTIVE", "EXPIRES", "ITEMS", "TITLE"});
        for (std::size_t i = 0; i < listed->size() && i < kTextRows; ++i) {
            const auto& e = (*listed)[i];
            table.add({e.key, std::to_string(e.revision), e.kind, e.effective_on,
                       e.expires_on + (e.expired ? " (expired)" : ""),
                       std::to_string(e.items.size()), e.title});
        }
        table.print();
        if (listed->size() > kTextRows) {
            fmt::print("... {} more (--json lists them all)\n", listed->size() - kTextRows);
        }
        return static_cast<int>(kExitOk);
    });
}

void add_evidence_commands(CLI::App* assess, Context& context) {
    auto* evidence = assess->add_subcommand("evidence", "Evidence: files, links and notes");
    evidence->require_subcommand(1);

    auto* add = evidence->add_subcommand("add", "Add evidence and link it to items");
    auto arguments = std::make_shared<EvidenceArguments>();
    add_ref_options(add, arguments->ref);
    auto* file = add->add_option("--file", arguments->content.file_path, "a file to keep");
    auto* link = add->add_option("--link", arguments->content.url, "a URL");
    auto* note = add->add_option("--note", arguments->content.note, "a note");
    file->excludes(link)->excludes(note);
    link->excludes(note);
    add->add_option("--title", arguments->content.title, "what it is")->required();
    add->add_option("--effective", arguments->content.effective_on, "when it was true (YYYY-MM-DD)")
        ->required();
    add->add_option("--expires", arguments->content.expires_on,
                    "when it stops supporting answers (YYYY-MM-DD)");
    add->add_option("--collected-by", arguments->content.collected_by, "who collected it")
        ->required();
    add->add_option("--from", arguments->content.collected_from, "where it came from");
    add->add_option("--item", arguments->items, "an item it supports (repeatable)");
    add->add_flag("--json", arguments->json, "JSON output");
    add->callback([&context, arguments, file, link] {
        arguments->content.kind = file->count() > 0 ? "file" : link->count() > 0 ? "link" : "note";
        context.run = [&context, arguments] {
            return run_evidence_add(context, *arguments);
        };
    });

    auto* list = evidence->add_subcommand("list", "The organisation's evidence, newest revisions");
    auto list_arguments = std::make_shared<EvidenceArguments>();
    add_ref_options(list, list_arguments->ref);
    list->add_flag("--json", list_arguments->json, "JSON output");
    list->callback([&context, list_arguments] {
        context.run = [&context, list_arguments] {
            return run_evidence_list(context, *list_arguments);
        };
    });
}

Json plan_json(const assess::PlanItem& item) {
    return Json{{"number", item.number},   {"items", item.items},          {"action", item.action},
                {"owner", item.owner},     {"due_on", item.due_on},        {"status", item.status},
                {"overdue", item.overdue}, {"created_by", item.created_by}};
}

struct PlanArguments {
    AssessmentRef ref;
    assess::PlanItemRequest request;
    int number = 0;
    std::string status;
    std::string note;
    bool json = false;
};

int print_plan_item(const Result<assess::PlanItem>& item, bool json) {
    if (!item) {
        return report_error(item.error());
    }
    if (json) {
        print_json(plan_json(*item));
    } else {
        fmt::print("plan item {} ({}): {}, owner {}, due {}\n", item->number, item->status,
                   item->action, item->owner, item->due_on);
    }
    return kExitOk;
}

void add_plan_status(CLI::App* plan, Context& context, const char* name, const char* status) {
    auto* command =
        plan->add_subcommand(name, fmt::format("Mark a plan item {} (with --note why)", status));
    auto arguments = std::make_shared<PlanArguments>();
    arguments->status = status;
    add_ref_options(command, arguments->ref);
    command->add_option("number", arguments->number, "the plan item's number")->required();
    command->add_option("--note", arguments->note, "why (required to drop)");
    command->add_option("--by", arguments->request.by, "who")->required();
    command->add_flag("--json", arguments->json, "JSON output");
    command->callback([&context, arguments] {
        context.run = [&context, arguments] {
            return with_database(context, [&](store::Database& database) {
                return print_plan_item(
                    assess::set_plan_item_status(database, arguments->ref, arguments->number,
                                                 arguments->status, arguments->note,
                                                 arguments->request.by, now_utc()),
                    arguments->json);
            });
        };
    });
}

void add_plan_commands(CLI::App* assess, Context& context) {
    auto* plan = assess->add_subcommand("plan", "The improvement plan");
    plan->require_subcommand(1);

    auto* add = plan->add_subcommand("add", "Add an action against items");
    auto arguments = std::make_shared<PlanArguments>();
    add_ref_options(add, arguments->ref);
    add->add_option("--item", arguments->request.items, "an item it addresses (repeatable)")
        ->required();
    add->add_option("--action", arguments->request.action, "what will be done")->required();
    add->add_option("--owner", arguments->request.owner, "who does it")->required();
    add->add_option("--due", arguments->request.due_on, "by when (YYYY-MM-DD)")->required();
    add->add_option("--by", arguments->request.by, "who adds it")->required();
    add->add_flag("--json", arguments->json, "JSON output");
    add->callback([&context, arguments] {
        context.run = [&context, arguments] {
            return with_database(context, [&](store::Database& database) {
                return print_plan_item(
                    assess::add_plan_item(database, arguments->ref, arguments->request, now_utc()),
                    arguments->json);
            });
        };
    });
    add_plan_status(plan, context, "done", "done");
    add_plan_status(plan, context, "drop", "dropped");
    add_plan_status(plan, context, "reopen", "open");

    auto* list = plan->add_subcommand("list", "The plan, with overdue items marked");
    auto list_arguments = std::make_shared<PlanArguments>();
    add_ref_options(list, list_arguments->ref);
    list->add_flag("--json", list_arguments->json, "JSON output");
    list->callback([&context, list_arguments] {
        context.run = [&context, list_arguments] {
            return with_database(context, [&](store::Database& database) {
                auto listed = assess::list_plan_items(database, list_arguments->ref, now_utc());
                if (!listed) {
                    return report_error(listed.error());
                }
                if (list_arguments->json) {
                    Json out = Json::array();
                    for (const auto& item : *listed) {
                        out.push_back(plan_json(item));
                    }
                    print_json(Json{{"plan", out}});
                    return static_cast<int>(kExitOk);
                }
                Table table({"#", "STATUS", "DUE", "OWNER", "ITEMS", "ACTION"});
                for (const auto& item : *listed) {
                    table.add({std::to_string(item.number),
                               item.status + (item.overdue ? " (overdue)" : ""), item.due_on,
                               item.owner, fmt::format("{}", fmt::join(item.items, " ")),
                               item.action});
                }
                table.print();
                return static_cast<int>(kExitOk);
            });
        };
    });
}

Json status_json(const assess::AssessmentStatus& status) {
    Json nodes = Json::array();
    for (const auto& node : status.nodes) {
        Json items = Json::array();
        for (const auto& item : node.items) {
            items.push_back({{"id", item.id},
                             {"value", item.value.empty() ? Json(nullptr) : Json(item.value)},
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

struct StatusArguments {
    AssessmentRef ref;
    bool json = false;
};

void add_status(CLI::App* assess, Context& context) {
    auto* command = assess->add_subcommand("status", "Per node: answers, status, evidence");
    auto arguments = std::make_shared<StatusArguments>();
    add_ref_options(command, arguments->ref);
    command->add_flag("--json", arguments->json, "JSON output");
    command->callback([&context, arguments] {
        context.run = [&context, arguments] {
            return with_database(context, [&](store::Database& database) {
                auto status = assess::assessment_status(database, arguments->ref, now_utc());
                if (!status) {
                    return report_error(status.error());
                }
                if (arguments->json) {
                    print_json(status_json(*status));
                } else {
                    print_status(*status);
                }
                return static_cast<int>(kExitOk);
            });
        };
    });
}

Json proposal_run_json(const assess::ProposalRun& run) {
    const auto or_null = [](const std::string& text) {
        return text.empty() ? Json(nullptr) : Json(text);
    };
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
    auto* command = assess->add_subcommand(
        "propose", "Propose answers from auto-evidence (kept, never answered for you)");
    auto arguments = std::make_shared<StatusArguments>();
    add_ref_options(command, arguments->ref);
    command->add_flag("--json", arguments->json, "JSON output");
    command->callback([&context, arguments] {
        context.run = [&context, arguments] {
            return with_database(context, [&](store::Database& database) {
                auto run = assess::propose_answers(database, arguments->ref, now_utc());
                if (!run) {
                    return report_error(run.error());
                }
                if (arguments->json) {
                    print_json(proposal_run_json(*run));
                } else {
                    print_proposal_run(*run);
                }
                return static_cast<int>(kExitOk);
            });
        };
    });
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
                {"nodes", nodes}};
}

void print_projection(const assess::Projection& projection) {
    fmt::print("\n{} -> {} through {}: {} covered, {} partial, {} gaps of {} ({:.0f}% covered)\n",
               projection.source, projection.target, fmt::join(projection.crosswalks, ", "),
               projection.covered, projection.partial, projection.gaps, projection.total,
               projection.share_covered() * 100);
    Table table({"NODE", "COVERAGE", "FROM"});
    std::size_t shown = 0;
    for (const auto& node : projection.nodes) {
        if (shown++ == kTextRows) {
            break;
        }
        std::vector<std::string> sources;
        for (const auto& from : node.evidence) {
            sources.push_back(fmt::format("{} {} ({})", from.source_node,
                                          assess::relation_name(from.relation),
                                          from.state.describe()));
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
    add_ref_options(command, arguments->ref);
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

struct SignOffArguments {
    AssessmentRef ref;
    assess::SignOffRequest request;
    bool json = false;
};

void add_signoff(CLI::App* assess, Context& context) {
    auto* command =
        assess->add_subcommand("signoff", "Sign the draft off; it is read-only afterwards");
    auto arguments = std::make_shared<SignOffArguments>();
    add_ref_options(command, arguments->ref);
    command->add_option("--by", arguments->request.by, "the signer")->required();
    command->add_option("--role", arguments->request.role, "the signer's role (SIRO)")->required();
    command->add_option("--statement", arguments->request.statement, "what the signer attests")
        ->required();
    command->add_flag("--json", arguments->json, "JSON output");
    command->callback([&context, arguments] {
        context.run = [&context, arguments] {
            return with_database(context, [&](store::Database& database) {
                auto signed_off =
                    assess::sign_off(database, arguments->ref, arguments->request, now_utc());
                if (!signed_off) {
                    return report_error(signed_off.error());
                }
                if (arguments->json) {
                    print_json(assessment_json(*signed_off));
                } else {
                    print_assessment(*signed_off);
                }
                return static_cast<int>(kExitOk);
            });
        };
    });
}

}  // namespace

void add_assess_commands(CLI::App& app, Context& context) {
    auto* assess = app.add_subcommand(
        "assess", "Self-assessments: answers, evidence, improvement plan, sign-off");
    assess->require_subcommand(1);
    add_start(assess, context);
    add_owner(assess, context);
    add_answer(assess, context);
    add_evidence_commands(assess, context);
    add_plan_commands(assess, context);
    add_status(assess, context);
    add_propose(assess, context);
    add_project(assess, context);
    add_signoff(assess, context);
    add_assess_export_command(assess, context);
}

}  // namespace wardround::cli

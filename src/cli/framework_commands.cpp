// SPDX-License-Identifier: Apache-2.0
// wardround framework list|show|import: the frameworks the installation knows (built-in, and
// imported from our YAML or OSCAL catalogues), a framework's tree or one of its nodes.
#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <wardround/assess/framework_library.h>

#include "cli/cli.h"

namespace wardround::cli {
namespace {

using assess::Framework;
using assess::FrameworkLibrary;
using assess::LibraryEntry;
using assess::Node;

std::string origin(const LibraryEntry& entry) {
    if (entry.builtin) {
        return "built-in";
    }
    return fmt::format("imported {}{}", entry.imported_at.substr(0, 10),
                       entry.replaces_builtin ? " (replaces the built-in)" : "");
}

Json entry_json(const LibraryEntry& entry) {
    const Framework& framework = entry.framework;
    return Json{
        {"id", framework.qualified_id()},
        {"framework", framework.id},
        {"version", framework.version},
        {"title", framework.title},
        {"kind", assess::framework_kind_name(framework.kind)},
        {"publisher", framework.publisher},
        {"published", framework.published},
        {"source", framework.source},
        {"extends", framework.extends},
        {"nodes", framework.nodes.size()},
        {"answered_items", framework.answered_items().size()},
        {"builtin", entry.builtin},
        {"format", entry.format},
        {"imported_at", entry.imported_at.empty() ? Json(nullptr) : Json(entry.imported_at)},
        {"sha256", entry.sha256.empty() ? Json(nullptr) : Json(entry.sha256)}};
}

Result<FrameworkLibrary> open_library(Context& context) {
    auto database = open_database(context);
    WARDROUND_TRY(database);
    return FrameworkLibrary::load(**database);
}

int run_list(Context& context, bool json) {
    auto library = open_library(context);
    if (!library) {
        return report_error(library.error());
    }
    if (json) {
        Json out = Json::array();
        for (const LibraryEntry& entry : library->entries()) {
            out.push_back(entry_json(entry));
        }
        print_json(Json{{"frameworks", out}});
        return kExitOk;
    }
    Table table({"ID", "KIND", "NODES", "ANSWERED", "ORIGIN", "TITLE"});
    for (const LibraryEntry& entry : library->entries()) {
        const Framework& framework = entry.framework;
        table.add(
            {framework.qualified_id(), std::string(assess::framework_kind_name(framework.kind)),
             std::to_string(framework.nodes.size()),
             std::to_string(framework.answered_items().size()), origin(entry), framework.title});
    }
    table.print();
    return kExitOk;
}

Json node_json(const Framework& framework, const Node& node) {
    Json indicators = Json::array();
    for (const assess::Indicator& indicator : node.indicators) {
        indicators.push_back({{"id", framework.qualified(indicator.id)},
                              {"column", assess::indicator_column_name(indicator.column)},
                              {"text", indicator.text}});
    }
    Json mandatory = Json::array();
    for (const assess::MandatoryFlag& flag : node.mandatory) {
        mandatory.push_back({{"categories", flag.categories}, {"periods", flag.periods}});
    }
    Json children = Json::array();
    for (const std::size_t child : node.children) {
        children.push_back(framework.qualified(framework.nodes[child].id));
    }
    return Json{{"id", framework.qualified(node.id)},
                {"type", assess::node_type_name(node.type)},
                {"title", node.title},
                {"summary", node.summary},
                {"text", node.text},
                {"partially_achieved", node.partially_achieved},
                {"mandatory", mandatory},
                {"indicators", indicators},
                {"children", children},
                {"defined_in", node.defined_in}};
}

void print_node(const Framework& framework, const Node& node) {
    fmt::print("{} ({}): {}\n", framework.qualified(node.id), assess::node_type_name(node.type),
               node.title);
    for (const std::string* text : {&node.summary, &node.text}) {
        if (!text->empty()) {
            fmt::print("  {}\n", *text);
        }
    }
    if (node.type == assess::NodeType::kOutcome && !node.partially_achieved) {
        fmt::print("  no Partially achieved column\n");
    }
    for (const assess::MandatoryFlag& flag : node.mandatory) {
        fmt::print("  mandatory for {} in {}\n", fmt::join(flag.categories, ", "),
                   flag.periods.empty() ? std::string("every period")
                                        : fmt::format("{}", fmt::join(flag.periods, ", ")));
    }
    for (const assess::Indicator& indicator : node.indicators) {
        fmt::print("  [{}] {} {}\n", assess::indicator_column_name(indicator.column), indicator.id,
                   indicator.text);
    }
    for (const std::size_t child : node.children) {
        fmt::print("  - {} {}\n", framework.nodes[child].id, framework.nodes[child].title);
    }
}

int show_node(const Framework& framework, const std::string& node_id, bool json) {
    const Node* node = framework.find(node_id);
    if (node == nullptr) {
        return report_error(
            Error{ErrorCode::kNotFound,
                  fmt::format("{} has no node {}", framework.qualified_id(), node_id),
                  {}});
    }
    if (json) {
        print_json(node_json(framework, *node));
    } else {
        print_node(framework, *node);
    }
    return kExitOk;
}

void print_tree(const LibraryEntry& entry) {
    const Framework& framework = entry.framework;
    fmt::print("{}: {} ({}, {})\n", framework.qualified_id(), framework.title,
               assess::framework_kind_name(framework.kind), origin(entry));
    if (!framework.note.empty()) {
        fmt::print("{}\n", framework.note);
    }
    for (const Node& node : framework.nodes) {
        fmt::print("{:{}}{} {}{}\n", "", 2 * (node.depth + 1), node.id, node.title,
                   node.indicators.empty()
                       ? std::string()
                       : fmt::format(" ({} indicators)", node.indicators.size()));
    }
}

int run_show(Context& context, const std::string& id, bool json) {
    auto library = open_library(context);
    if (!library) {
        return report_error(library.error());
    }
    auto qualified = assess::parse_qualified_id(id);
    const std::string framework_id = qualified ? qualified->framework : id;
    const LibraryEntry* entry = library->find_entry(framework_id);
    if (entry == nullptr) {
        return report_error(Error{
            ErrorCode::kNotFound,
            "no framework has the id " + framework_id + " (wardround framework list names them)",
            {}});
    }
    if (qualified && !qualified->node.empty()) {
        return show_node(entry->framework, qualified->node, json);
    }
    if (json) {
        Json out = entry_json(*entry);
        Json nodes = Json::array();
        for (const Node& node : entry->framework.nodes) {
            nodes.push_back(node_json(entry->framework, node));
        }
        out["note"] = entry->framework.note;
        out["tree"] = std::move(nodes);
        print_json(out);
        return kExitOk;
    }
    print_tree(*entry);
    return kExitOk;
}

struct ImportArguments {
    std::string file;
    std::string id;
    std::string version;
    bool json = false;
};

int run_import(Context& context, const ImportArguments& arguments) {
    auto database = open_database(context);
    if (!database) {
        return report_error(database.error());
    }
    assess::FrameworkImportOptions options;
    options.naming = {arguments.id, arguments.version};
    auto report = assess::import_framework_file(**database, arguments.file, options);
    if (!report) {
        return report_error(report.error());
    }
    if (arguments.json) {
        print_json(Json{{"file", report->file},
                        {"id", report->qualified_id},
                        {"format", report->format},
                        {"nodes", report->nodes},
                        {"answered_items", report->answered},
                        {"skipped", report->skipped},
                        {"replaced_builtin", report->replaced_builtin},
                        {"replaced_import", report->replaced_import},
                        {"import_id", report->import_id},
                        {"diagnostics", report->diagnostics.count_by_code()}});
        return kExitOk;
    }
    fmt::print("{} ({}): {} as {}: {} nodes, {} answered items{}\n", report->file, report->format,
               report->qualified_id,
               report->replaced_builtin  ? "a replacement for the built-in library"
               : report->replaced_import ? "a replacement for the earlier import"
                                         : "a new framework",
               report->nodes, report->answered,
               report->skipped > 0 ? fmt::format(", {} entries skipped", report->skipped) : "");
    print_diagnostics(report->diagnostics);
    return kExitOk;
}

}  // namespace

void add_framework_commands(CLI::App& app, Context& context) {
    auto* framework = app.add_subcommand(
        "framework", "Frameworks as data: the built-in libraries and those imported");
    framework->require_subcommand(1);

    auto* list = framework->add_subcommand("list", "Every framework the installation knows");
    auto list_json = std::make_shared<bool>(false);
    list->add_flag("--json", *list_json, "JSON output");
    list->callback([&context, list_json] {
        context.run = [&context, list_json] {
            return run_list(context, *list_json);
        };
    });

    auto* show = framework->add_subcommand(
        "show", "A framework's tree (CAF-3.2), or one node with its indicators (CAF-3.2:B4.d)");
    auto show_id = std::make_shared<std::string>();
    auto show_json = std::make_shared<bool>(false);
    show->add_option("id", *show_id, "the framework's qualified id, or a node's")->required();
    show->add_flag("--json", *show_json, "JSON output");
    show->callback([&context, show_id, show_json] {
        context.run = [&context, show_id, show_json] {
            return run_show(context, *show_id, *show_json);
        };
    });

    auto* import = framework->add_subcommand(
        "import", "Import a framework library (our YAML) or an OSCAL catalogue (XML or JSON)");
    auto import_arguments = std::make_shared<ImportArguments>();
    import->add_option("file", import_arguments->file, "the file")->required();
    import->add_option("--id", import_arguments->id,
                       "OSCAL: the framework's id, over the catalogue's (CSF)");
    import->add_option("--version", import_arguments->version,
                       "OSCAL: the framework's version, over the catalogue's (2.0)");
    import->add_flag("--json", import_arguments->json, "JSON output");
    import->callback([&context, import_arguments] {
        context.run = [&context, import_arguments] {
            return run_import(context, *import_arguments);
};
}  // namespace wardround::cli
);
}

}  // namespace wardround::cli

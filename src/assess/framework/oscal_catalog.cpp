// SPDX-License-Identifier: Apache-2.0
// From an OSCAL catalogue (read by oscal_xml.cpp or oscal_json.cpp) to a framework of kind
// `controls`. The rules, documented in docs/frameworks.md:
// - types: a `class` naming one of our control types is kept ("subcategory" is a requirement);
//   otherwise a group holding groups is a function and any other group a category, a control
//   holding controls is a control and any other control a requirement;
// - an entry whose `status` prop is "withdrawn" is skipped with everything under it;
// - the NIST CSF 2.0 catalogue (metadata props framework-identifier "CSF", framework-version-
//   identifier "CSF_2...") also carries CSF 1.1's categories and subcategories, unmarked. The file
//   itself tells them apart: a CSF 1.1 category has an empty statement, and a subcategory of CSF
//   2.0 has implementation examples (parts named "example") where a withdrawn one has none. The
//   published list of the 22 categories of CSF 2.0 checks the result.
// Every skipped entry is a `framework.withdrawn` diagnostic, counted in FrameworkImport::skipped.
#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <utility>

#include <fmt/format.h>

#include <wardround/assess/oscal_catalog.h>

#include "assess/framework/oscal_entry.h"

namespace wardround::assess {
namespace detail {

std::string normalise_space(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool space = false;
    for (const char c : text) {
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            space = !out.empty();
            continue;
        }
        if (space) {
            out += ' ';
            space = false;
        }
        out += c;
    }
    return out;
}

}  // namespace detail

namespace {

using detail::OscalCatalog;
using detail::OscalEntry;

// NIST CSF 2.0's categories as published (NIST CSWP 29, appendix A), to check the rule above.
constexpr std::array<std::string_view, 22> kCsf2Categories = {
    "GV.OC", "GV.RM", "GV.RR", "GV.PO", "GV.OV", "GV.SC", "ID.AM", "ID.RA",
    "ID.IM", "PR.AA", "PR.AT", "PR.DS", "PR.PS", "PR.IR", "DE.CM", "DE.AE",
    "RS.MA", "RS.AN", "RS.CO", "RS.MI", "RC.RP", "RC.CO"};

std::string prop(const std::vector<std::pair<std::string, std::string>>& props,
                 std::string_view name) {
    for (const auto& [key, value] : props) {
        if (key == name) {
            return value;
        }
    }
    return {};
}

bool is_framework_id(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    });
}

bool is_token(std::string_view text) {
    return !text.empty() && std::none_of(text.begin(), text.end(), [](char c) {
        return std::isspace(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '/';
    });
}

// "NIST Special Publication 800-53" -> "NIST-SPECIAL-PUBLICATION-800-53".
std::string id_from_title(std::string_view title) {
    std::string out;
    for (const char c : title) {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        } else if (!out.empty() && out.back() != '-') {
            out += '-';
        }
    }
    while (!out.empty() && out.back() == '-') {
        out.pop_back();
    }
    return out;
}

// "CSF_2_0_0" (with id "CSF") -> "2.0": the framework's own version, not the OSCAL document's.
std::string version_from_identifier(std::string_view identifier, std::string_view id) {
    std::string rest(identifier);
    if (rest.starts_with(std::string(id) + "_")) {
        rest.erase(0, id.size() + 1);
    }
    std::replace(rest.begin(), rest.end(), '_', '.');
    while (std::count(rest.begin(), rest.end(), '.') > 1 && rest.ends_with(".0")) {
        rest.resize(rest.size() - 2);
    }
    return rest;
}

NodeType type_of(const OscalEntry& entry) {
    if (entry.class_name == "subcategory") {
        return NodeType::kRequirement;
    }
    const auto named = parse_node_type(entry.class_name);
    if (named && node_type_kind(*named) == FrameworkKind::kControls) {
        return *named;
    }
    if (entry.is_group) {
        const bool holds_groups = std::any_of(entry.children.begin(), entry.children.end(),
                                              [](const OscalEntry& e) { return e.is_group; });
        return holds_groups ? NodeType::kFunction : NodeType::kCategory;
    }
    return entry.children.empty() ? NodeType::kRequirement : NodeType::kControl;
}

class CatalogueBuilder {
public:
    CatalogueBuilder(std::string_view file_name, const OscalCatalog& catalog, FrameworkImport& out)
        : file_name_(file_name), catalog_(catalog), out_(out) {
        csf2_ = prop(catalog.props, "framework-identifier") == "CSF" &&
                prop(catalog.props, "framework-version-identifier").starts_with("CSF_2");
    }

    Status build() {
        for (const OscalEntry& entry : catalog_.entries) {
            WARDROUND_TRY(add(entry, kNoParent));
        }
        if (csf2_) {
            check_csf2();
        }
        return {};
    }

private:
    // Why a CSF 2.0 catalogue entry is not CSF 2.0, or "" when it is.
    [[nodiscard]] std::string csf_legacy_reason(const OscalEntry& entry) const {
        if (!csf2_) {
            return {};
        }
        if (entry.class_name == "category" && entry.statement.empty()) {
            return "a CSF 1.1 category that CSF 2.0 does not have (its statement is empty)";
        }
        if (entry.class_name == "subcategory" && !entry.has_example) {
            return "a CSF 1.1 subcategory withdrawn in CSF 2.0 (it has no implementation "
                   "examples)";
        }
        return {};
    }

    void skip(const OscalEntry& entry, const std::string& reason) {
        ++out_.skipped;
        out_.diagnostics.add(Severity::kWarning, "framework.withdrawn", std::string(file_name_),
                             entry.place, fmt::format("{}: skipped: {}", entry.id, reason));
        for (const OscalEntry& child : entry.children) {
            skip(child, fmt::format("under {}, which is skipped", entry.id));
        }
    }

    Status add(const OscalEntry& entry, std::size_t parent) {
        if (prop(entry.props, "status") == "withdrawn") {
            skip(entry, "its status is withdrawn");
            return {};
        }
        if (const std::string reason = csf_legacy_reason(entry); !reason.empty()) {
            skip(entry, reason);
            return {};
        }
        std::string id = entry.id;
        if (id.empty() && entry.is_group) {
            // OSCAL makes a group's id optional; ours is needed to name it.
            id = fmt::format("group-{}", ++unnamed_groups_);
            out_.diagnostics.add(Severity::kInfo, "framework.group_without_id",
                                 std::string(file_name_), entry.place,
                                 fmt::format("a group without an id is named {}", id));
        }
        if (!is_token(id)) {
            return make_error(ErrorCode::kInvalidArgument,
                              fmt::format("id '{}' is empty or holds spaces, ':' or '/'", id),
                              fmt::format("{} {}", file_name_, entry.place));
        }
        if (!ids_.insert(id).second) {
            return make_error(ErrorCode::kInvalidArgument,
                              fmt::format("id '{}' is used twice in the catalogue", id),
                              fmt::format("{} {}", file_name_, entry.place));
        }
        Framework& framework = out_.framework;
        Node node;
        node.id = std::move(id);
        node.type = type_of(entry);
        node.title = entry.title.empty() ? node.id : entry.title;
        node.text = entry.statement;
        node.parent = parent;
        node.depth = parent == kNoParent ? 0 : framework.nodes[parent].depth + 1;
        node.location = fmt::format("{} {}", file_name_, entry.place);
        const std::size_t index = framework.nodes.size();
        if (parent != kNoParent) {
            framework.nodes[parent].children.push_back(index);
        }
        framework.nodes.push_back(std::move(node));
        for (const OscalEntry& child : entry.children) {
            WARDROUND_TRY(add(child, index));
        }
        return {};
    }

    // The rule's result against the published list: a difference means NIST changed the file's
    // conventions, and the import says so rather than quietly keeping the wrong set.
    void check_csf2() {
        std::set<std::string> kept;
        for (const Node& node : out_.framework.nodes) {
            if (node.type == NodeType::kCategory) {
                kept.insert(node.id);
            }
        }
        const std::set<std::string> published(kCsf2Categories.begin(), kCsf2Categories.end());
        if (kept != published) {
            std::vector<std::string> difference;
            std::set_symmetric_difference(kept.begin(), kept.end(), published.begin(),
                                          published.end(), std::back_inserter(difference));
            out_.diagnostics.add(Severity::kWarning, "framework.csf_check", std::string(file_name_),
                                 "",
                                 fmt::format("the categories kept differ from the 22 of CSF 2.0 "
                                             "as published: {}",
                                             fmt::join(difference, ", ")));
        }
    }

    std::string_view file_name_;
    const OscalCatalog& catalog_;
    FrameworkImport& out_;
    bool csf2_ = false;
    std::set<std::string, std::less<>> ids_;
    std::size_t unnamed_groups_ = 0;
};

// The framework's id and version: the caller's, else the catalogue's CPRT props (NIST's
// reference-data identifiers), else the title and the metadata version.
Status name_framework(const OscalCatalog& catalog,
                      const OscalNaming& naming,
                      std::string_view file_name,
                      Framework& framework) {
    const std::string identifier = prop(catalog.props, "framework-identifier");
    framework.id = !naming.id.empty()    ? naming.id
                   : !identifier.empty() ? identifier
                                         : id_from_title(catalog.title);
    const std::string version_identifier = prop(catalog.props, "framework-version-identifier");
    framework.version = !naming.version.empty() ? naming.version
                        : !version_identifier.empty()
                            ? version_from_identifier(version_identifier, identifier)
                            : catalog.version;
    if (!is_framework_id(framework.id)) {
        return make_error(ErrorCode::kInvalidArgument,
                          fmt::format("framework id '{}' is not upper-case letters, digits and "
                                      "hyphens: name it",
                                      framework.id),
                          std::string(file_name));
    }
    if (!is_token(framework.version)) {
        return make_error(ErrorCode::kInvalidArgument,
                          fmt::format("version '{}' is empty or holds spaces, ':' or '/': name "
                                      "it",
                                      framework.version),
                          std::string(file_name));
    }
    return {};
}

}  // namespace

Result<FrameworkImport> parse_oscal_catalog(std::string_view bytes,
                                            std::string_view file_name,
                                            const OscalNaming& naming) {
    std::string_view content = bytes;
    if (content.starts_with("\xEF\xBB\xBF")) {
        content.remove_prefix(3);  // a UTF-8 byte order mark
    }
    const auto first = content.find_first_not_of(" \t\r\n");
    const char lead = first == std::string_view::npos ? '\0' : content[first];
    if (lead != '<' && lead != '{') {
        return make_error(ErrorCode::kInvalidArgument,
                          "neither XML nor JSON: an OSCAL catalogue starts with '<' or '{'",
                          std::string(file_name));
    }
    FrameworkImport out;
    out.format = lead == '<' ? OscalFormat::kXml : OscalFormat::kJson;
    auto catalog = out.format == OscalFormat::kXml ? detail::read_oscal_xml(bytes, file_name)
                                                   : detail::read_oscal_json(content, file_name);
    WARDROUND_TRY(catalog);
    Framework& framework = out.framework;
    WARDROUND_TRY(name_framework(*catalog, naming, file_name, framework));
    framework.title = catalog->title.empty() ? framework.id : catalog->title;
    framework.kind = FrameworkKind::kControls;
    framework.published = catalog->published.substr(0, 10);
    framework.note = fmt::format(
        "Imported from the OSCAL catalogue {} (OSCAL {}, document version "
        "{}).",
        file_name, catalog->oscal_version, catalog->version);
    framework.file = std::string(file_name);
    WARDROUND_TRY(CatalogueBuilder(file_name, *catalog, out).build());
    return out;
}

}  // namespace wardround::assess

// SPDX-License-Identifier: Apache-2.0
// OSCAL catalogue XML (https://pages.nist.gov/OSCAL/reference/latest/catalog/xml-reference/):
// <catalog> holds <metadata>, then <group>s and <control>s; a group holds groups and controls, a
// control holds controls (enhancements, subcategories). Each may have <title>, <prop name value>
// and <part name="statement|example|...">, whose prose is <p>, <ol>/<li> and sub-<part>s with
// inline markup. Element names are compared without any namespace prefix.
#include <algorithm>
#include <cstring>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "assess/framework/oscal_entry.h"

namespace wardround::assess::detail {
namespace {

std::string_view local_name(const pugi::xml_node& node) {
    const std::string_view name = node.name();
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Elements that start a new paragraph of prose.
bool is_block(std::string_view name) {
    return name == "p" || name == "li" || name == "part" || name == "h1" || name == "h2" ||
           name == "h3" || name == "h4" || name == "h5" || name == "h6" || name == "tr";
}

// Inside prose these hold no prose of their own (a part's props and title are not its text).
bool is_skipped(std::string_view name) {
    return name == "prop" || name == "link" || name == "title" || name == "remarks";
}

class XmlReader {
public:
    XmlReader(std::string_view bytes, std::string_view file_name)
        : bytes_(bytes), file_name_(file_name) {
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            if (bytes[i] == '\n') {
                line_starts_.push_back(i + 1);
            }
        }
    }

    Result<OscalCatalog> read() {
        pugi::xml_document document;
        const pugi::xml_parse_result parsed = document.load_buffer(
            bytes_.data(), bytes_.size(), pugi::parse_default, pugi::encoding_auto);
        if (!parsed) {
            return make_error(ErrorCode::kInvalidArgument,
                              fmt::format("not valid XML: {}", parsed.description()),
                              place_of_offset(static_cast<std::size_t>(parsed.offset)));
        }
        const pugi::xml_node root = document.document_element();
        if (local_name(root) != "catalog") {
            return make_error(
                ErrorCode::kInvalidArgument,
                fmt::format("the document is <{}>, not an OSCAL <catalog>", root.name()),
                place(root));
        }
        OscalCatalog catalog;
        read_metadata(root, catalog);
        for (const pugi::xml_node& child : root.children()) {
            const auto name = local_name(child);
            if (name == "group" || name == "control") {
                auto entry = read_entry(child, 1);
                WARDROUND_TRY(entry);
                catalog.entries.push_back(std::move(*entry));
            }
        }
        return catalog;
    }

private:
    // "line 40 (byte 1234)": the line for people, the byte for tools.
    [[nodiscard]] std::string position(std::size_t offset) const {
        const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
        const auto line = static_cast<std::size_t>(after - line_starts_.begin());
        return fmt::format("line {} (byte {})", line, offset);
    }

    [[nodiscard]] std::string position(const pugi::xml_node& node) const {
        const auto offset = node.offset_debug();
        return offset < 0 ? std::string() : position(static_cast<std::size_t>(offset));
    }

    [[nodiscard]] std::string place_of_offset(std::size_t offset) const {
        return fmt::format("{} {}", file_name_, position(offset));
    }

    [[nodiscard]] std::string place(const pugi::xml_node& node) const {
        return fmt::format("{} {}", file_name_, position(node));
    }

    static pugi::xml_node child(const pugi::xml_node& node, std::string_view name) {
        for (const pugi::xml_node& item : node.children()) {
            if (local_name(item) == name) {
                return item;
            }
        }
        return {};
    }

    static std::string text_of(const pugi::xml_node& node) {
        return node ? normalise_space(prose(node)) : std::string();
    }

    static void read_props(const pugi::xml_node& node,
                           std::vector<std::pair<std::string, std::string>>& props) {
        for (const pugi::xml_node& item : node.children()) {
            if (local_name(item) == "prop") {
                props.emplace_back(item.attribute("name").value(), item.attribute("value").value());
            }
        }
    }

    static void read_metadata(const pugi::xml_node& root, OscalCatalog& catalog) {
        const pugi::xml_node metadata = child(root, "metadata");
        catalog.title = text_of(child(metadata, "title"));
        catalog.version = text_of(child(metadata, "version"));
        catalog.published = text_of(child(metadata, "published"));
        catalog.oscal_version = text_of(child(metadata, "oscal-version"));
        read_props(metadata, catalog.props);
    }

    // Adds what `node` contributes on the way in; true when its children are prose too.
    template <typename Flush>
    static bool enter(const pugi::xml_node& node, const Flush& flush, std::string& current) {
        if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
            current += node.value();
            return false;
        }
        const auto name = local_name(node);
        if (node.type() != pugi::node_element || is_skipped(name)) {
            return false;
        }
        if (is_block(name)) {
            flush();
        }
        if (name == "part") {
            current += label_of(node);
        } else if (name == "insert") {
            current += fmt::format(" {{{{ insert: {}, {} }}}} ", node.attribute("type").value(),
                                   node.attribute("id-ref").value());
        }
        return true;
    }

    // The prose under `top`, paragraph by paragraph, walked without recursion so that no nesting
    // of markup can exhaust the stack. A sub-part's label ("a.") heads its paragraph.
    static std::string prose(const pugi::xml_node& top) {
        std::vector<std::string> paragraphs;
        std::string current;
        const auto flush = [&] {
            std::string text = normalise_space(current);
            if (!text.empty()) {
                paragraphs.push_back(std::move(text));
            }
            current.clear();
        };
        pugi::xml_node node = top.first_child();
        while (node && node != top) {
            const bool descend = enter(node, flush, current);
            if (descend && node.first_child()) {
                node = node.first_child();
                continue;
            }
            // Up until there is a next sibling, ending each paragraph on the way out.
            while (node && node != top && !node.next_sibling()) {
                node = node.parent();
                if (is_block(local_name(node))) {
                    flush();
                }
            }
            if (node && node != top) {
                node = node.next_sibling();
            }
        }
        flush();
        std::string out;
        for (const std::string& paragraph : paragraphs) {
            out += out.empty() ? "" : "\n";
            out += paragraph;
        }
        return out;
    }

    static std::string label_of(const pugi::xml_node& part) {
        for (const pugi::xml_node& item : part.children()) {
            if (local_name(item) == "prop" &&
                std::strcmp(item.attribute("name").value(), "label") == 0) {
                return std::string(item.attribute("value").value()) + " ";
            }
        }
        return {};
    }

    void read_parts(const pugi::xml_node& node, OscalEntry& entry) const {
        for (const pugi::xml_node& item : node.children()) {
            if (local_name(item) != "part") {
                continue;
            }
            const std::string_view part_name = item.attribute("name").value();
            if (part_name == "statement" && !entry.has_statement) {
                entry.has_statement = true;
                entry.statement = prose(item);
            } else if (part_name == "example") {
                entry.has_example = true;
            }
        }
    }

    [[nodiscard]] Result<OscalEntry> read_entry(const pugi::xml_node& node,
                                                std::size_t depth) const {
        if (depth > kMaxOscalDepth) {
            return make_error(
                ErrorCode::kInvalidArgument,
                fmt::format("groups and controls nest deeper than {} levels", kMaxOscalDepth),
                place(node));
        }
        OscalEntry entry;
        entry.is_group = local_name(node) == "group";
        entry.id = node.attribute("id").value();
        entry.class_name = node.attribute("class").value();
        entry.title = text_of(child(node, "title"));
        entry.place = position(node);
        read_props(node, entry.props);
        read_parts(node, entry);
        for (const pugi::xml_node& item : node.children()) {
            const auto name = local_name(item);
            if (name == "control" || (entry.is_group && name == "group")) {
                auto sub = read_entry(item, depth + 1);
                WARDROUND_TRY(sub);
                entry.children.push_back(std::move(*sub));
            }
        }
        return entry;
    }

    std::string_view bytes_;
    std::string_view file_name_;
    std::vector<std::size_t> line_starts_{0};
};

}  // namespace

Result<OscalCatalog> read_oscal_xml(std::string_view bytes, std::string_view file_name) {
    return XmlReader(bytes, file_name).read();
}

}  // namespace wardround::assess::detail

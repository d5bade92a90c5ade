// SPDX-License-Identifier: Apache-2.0
// OSCAL catalogue JSON (https://pages.nist.gov/OSCAL/reference/latest/catalog/json-reference/):
// {"catalog": {"metadata": {...}, "groups": [...], "controls": [...]}}; a group has "groups" and
// "controls", a control "controls"; each has "id", "class", "title", "props" [{name, value}] and
// "parts" [{name, prose, props, parts}]. Errors name the JSON path of what is wrong.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "assess/framework/oscal_entry.h"

namespace wardround::assess::detail {
namespace {

using Json = nlohmann::json;

class JsonReader {
public:
    explicit JsonReader(std::string_view file_name) : file_name_(file_name) {}

    [[nodiscard]] Result<OscalCatalog> read(std::string_view bytes) const {
        Json document;
        try {
            document = Json::parse(bytes.begin(), bytes.end());
        } catch (const Json::parse_error& error) {
            // The library's message holds the byte position and what it expected.
            return make_error(ErrorCode::kInvalidArgument,
                              fmt::format("not valid JSON: {}", error.what()),
                              fmt::format("{} byte {}", file_name_, error.byte));
        }
        if (!document.is_object() || !document.contains("catalog") ||
            !document["catalog"].is_object()) {
            return fail("$", "the document has no \"catalog\" object: not an OSCAL catalogue");
        }
        const Json& catalog_json = document["catalog"];
        OscalCatalog catalog;
        WARDROUND_TRY(read_metadata(catalog_json, catalog));
        for (const char* key : {"groups", "controls"}) {
            auto entries = read_list(catalog_json, key, "$.catalog", 1);
            WARDROUND_TRY(entries);
            for (OscalEntry& entry : *entries) {
                catalog.entries.push_back(std::move(entry));
            }
        }
        return catalog;
    }

private:
    [[nodiscard]] tl::unexpected<Error> fail(const std::string& path, std::string message) const {
        return make_error(ErrorCode::kInvalidArgument, std::move(message),
                          fmt::format("{} {}", file_name_, path));
    }

    // A string member, "" when absent.
    [[nodiscard]] Result<std::string> text(const Json& object,
                                           const char* key,
                                           const std::string& path) const {
        const auto found = object.find(key);
        if (found == object.end()) {
            return std::string();
        }
        if (!found->is_string()) {
            return fail(path + "." + key, "is not a string");
        }
        return found->get<std::string>();
    }

    Status read_props(const Json& object,
                      const std::string& path,
                      std::vector<std::pair<std::string, std::string>>& props) const {
        const auto found = object.find("props");
        if (found == object.end()) {
            return {};
        }
        if (!found->is_array()) {
            return fail(path + ".props", "is not an array");
        }
        for (std::size_t i = 0; i < found->size(); ++i) {
            const Json& prop = (*found)[i];
            const std::string at = fmt::format("{}.props[{}]", path, i);
            if (!prop.is_object()) {
                return fail(at, "is not an object");
            }
            auto name = text(prop, "name", at);
            WARDROUND_TRY(name);
            auto value = text(prop, "value", at);
            WARDROUND_TRY(value);
            props.emplace_back(std::move(*name), std::move(*value));
        }
        return {};
    }

    Status read_metadata(const Json& catalog_json, OscalCatalog& catalog) const {
        const auto found = catalog_json.find("metadata");
        if (found == catalog_json.end() || !found->is_object()) {
            return fail("$.catalog.metadata", "is required (an object)");
        }
        const std::string path = "$.catalog.metadata";
        auto title = text(*found, "title", path);
        WARDROUND_TRY(title);
        auto version = text(*found, "version", path);
        WARDROUND_TRY(version);
        auto published = text(*found, "published", path);
        WARDROUND_TRY(published);
        auto oscal_version = text(*found, "oscal-version", path);
        WARDROUND_TRY(oscal_version);
        catalog.title = normalise_space(*title);
        catalog.version = std::move(*version);
        catalog.published = std::move(*published);
        catalog.oscal_version = std::move(*oscal_version);
        return read_props(*found, path, catalog.props);
    }

    // The prose of a part and its sub-parts, one paragraph each, a sub-part's label first.
    Status prose(const Json& part,
                 const std::string& path,
                 std::size_t depth,
                 std::vector<std::string>& paragraphs) const {
        if (depth > kMaxOscalDepth) {
            return fail(path, fmt::format("parts nest deeper than {} levels", kMaxOscalDepth));
        }
        std::vector<std::pair<std::string, std::string>> props;
        WARDROUND_TRY(read_props(part, path, props));
        auto text_value = text(part, "prose", path);
        WARDROUND_TRY(text_value);
        std::string label;
        for (const auto& [name, value] : props) {
            if (name == "label") {
                label = value + " ";
            }
        }
        std::string paragraph = normalise_space(label + *text_value);
        if (!paragraph.empty()) {
            paragraphs.push_back(std::move(paragraph));
        }
        const auto parts = part.find("parts");
        if (parts == part.end()) {
            return {};
        }
        if (!parts->is_array()) {
            return fail(path + ".parts", "is not an array");
        }
        for (std::size_t i = 0; i < parts->size(); ++i) {
            const std::string at = fmt::format("{}.parts[{}]", path, i);
            if (!(*parts)[i].is_object()) {
                return fail(at, "is not an object");
            }
            WARDROUND_TRY(prose((*parts)[i], at, depth + 1, paragraphs));
        }
        return {};
    }

    Status read_parts(const Json& object, const std::string& path, OscalEntry& entry) const {
        const auto parts = object.find("parts");
        if (parts == object.end()) {
            return {};
        }
        if (!parts->is_array()) {
            return fail(path + ".parts", "is not an array");
        }
        for (std::size_t i = 0; i < parts->size(); ++i) {
            const Json& part = (*parts)[i];
            const std::string at = fmt::format("{}.parts[{}]", path, i);
            if (!part.is_object()) {
                return fail(at, "is not an object");
            }
            auto name = text(part, "name", at);
            WARDROUND_TRY(name);
            if (*name == "statement" && !entry.has_statement) {
                std::vector<std::string> paragraphs;
                WARDROUND_TRY(prose(part, at, 1, paragraphs));
                entry.has_statement = true;
                entry.statement = fmt::format("{}", fmt::join(paragraphs, "\n"));
            } else if (*name == "example") {
                entry.has_example = true;
            }
        }
        return {};
    }

    Result<std::vector<OscalEntry>> read_list(const Json& object,
                                              const char* key,
                                              const std::string& path,
                                              std::size_t depth) const {
        std::vector<OscalEntry> out;
        const auto found = object.find(key);
        if (found == object.end()) {
            return out;
        }
        const std::string list_path = path + "." + key;
        if (!found->is_array()) {
            return fail(list_path, "is not an array");
        }
        if (depth > kMaxOscalDepth) {
            return fail(list_path, fmt::format("groups and controls nest deeper than {} levels",
                                               kMaxOscalDepth));
        }
        const bool is_group = std::string_view(key) == "groups";
        for (std::size_t i = 0; i < found->size(); ++i) {
            auto entry =
                read_entry((*found)[i], is_group, fmt::format("{}[{}]", list_path, i), depth);
            WARDROUND_TRY(entry);
            out.push_back(std::move(*entry));
        }
        return out;
    }

    [[nodiscard]] Result<OscalEntry> read_entry(const Json& object,
                                                bool is_group,
                                                const std::string& path,
                                                std::size_t depth) const {
        if (!object.is_object()) {
            return fail(path, "is not an object");
        }
        OscalEntry entry;
        entry.is_group = is_group;
        entry.place = path;
        auto id = text(object, "id", path);
        WARDROUND_TRY(id);
        auto class_name = text(object, "class", path);
        WARDROUND_TRY(class_name);
        auto title = text(object, "title", path);
        WARDROUND_TRY(title);
        entry.id = std::move(*id);
        entry.class_name = std::move(*class_name);
        entry.title = normalise_space(*title);
        WARDROUND_TRY(read_props(object, path, entry.props));
        WARDROUND_TRY(read_parts(object, path, entry));
        WARDROUND_TRY(read_children(object, path, depth, entry));
        return entry;
    }

    // A group's groups, then its controls, or a control's controls (enhancements).
    Status read_children(const Json& object,
                         const std::string& path,
                         std::size_t depth,
                         OscalEntry& entry) const {
        for (const char* key : {"groups", "controls"}) {
            if (!entry.is_group && std::string_view(key) == "groups") {
                continue;
            }
            auto children = read_list(object, key, path, depth + 1);
            WARDROUND_TRY(children);
            for (OscalEntry& child : *children) {
                entry.children.push_back(std::move(child));
            }
        }
        return {};
    }

    std::string_view file_name_;
};

}  // namespace

Result<OscalCatalog> read_oscal_json(std::string_view bytes, std::string_view file_name) {
    return JsonReader(file_name).read(bytes);
}

}  // namespace wardround::assess::detail

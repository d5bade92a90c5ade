// SPDX-License-Identifier: Apache-2.0
// CycloneDX JSON (ECMA-424; schema bom-1.2 to bom-1.6.schema.json). The parts read here:
//   { "bomFormat": "CycloneDX", "specVersion": "1.4", "serialNumber": "urn:uuid:...",
//     "metadata": { "timestamp": "...", "tools": [...] | {"components": [...], "services": [...]},
//                   "component": {...}, "manufacture" (1.2-1.5) | "manufacturer" (1.6): {name},
//                   "supplier": {name} },
//     "components": [ { "type", "bom-ref", "publisher", "supplier": {name},
//                       "manufacturer": {name} (1.6), "author", "authors": [{name}] (1.6),
//                       "group", "name", "version", "cpe", "purl", "components": [...] } ],
//     "dependencies": [ { "ref", "dependsOn": [ref, ...] } ],
//     "vulnerabilities": [...] (VEX, not read) }
#include <algorithm>
#include <cstddef>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

#include <wardround/core/text.h>
#include <wardround/inventory/cyclonedx.h>

#include "inventory/cyclonedx/sbom_json.h"

namespace wardround::inventory {
namespace {

using detail::FieldReader;
using detail::index_path;
using detail::member_path;
using detail::shape_error;

// Real SBOMs nest components two or three levels (npm bundles, fat jars); deeper is an attack.
constexpr std::size_t kMaxComponentDepth = 64;
constexpr std::string_view kMetadataComponentPath = "$.metadata.component";

bool supported_spec_version(std::string_view version) {
    return version == "1.2" || version == "1.3" || version == "1.4" || version == "1.5" ||
           version == "1.6";
}

std::string quote_text(std::string_view text) {
    return "'" + truncate_utf8(text, 64) + "'";
}

class BomReader {
public:
    BomReader(const std::string& source, Diagnostics& diagnostics)
        : fields_(source, diagnostics), source_(source) {}

    Result<ObservedAsset> read(simdjson::dom::element root, ObservedReport& report) {
        simdjson::dom::object object;
        if (root.get_object().get(object) != simdjson::SUCCESS) {
            return shape_error(source_, "$",
                               "not a CycloneDX document: the top level is " +
                                   std::string(detail::json_type_name(root)) + ", not an object");
        }
        WARDROUND_TRY(check_format(object));
        ObservedAsset asset;
        asset.location = "$";
        auto subject = read_metadata(object, asset, report);
        if (!subject) {
            return propagate(subject.error());
        }
        if (const auto components = FieldReader::member(object, "components")) {
            WARDROUND_TRY(read_components(*components, "$.components", "", 1, asset));
        }
        WARDROUND_TRY(read_dependencies(object));
        add_subject(std::move(*subject), asset);
        link_dependencies(asset);
        if (const auto vulnerabilities = FieldReader::member(object, "vulnerabilities")) {
            simdjson::dom::array statements;
            const std::string count =
                vulnerabilities->get_array().get(statements) == simdjson::SUCCESS
                    ? std::to_string(statements.size()) + " "
                    : "";
            fields_.add(Severity::kInfo, "cyclonedx.vex_ignored", "$.vulnerabilities",
                        "the document's " + count +
                            "VEX statements are not inventory and are not imported here; "
                            "import the file as an advisory to use them");
        }
        return asset;
    }

private:
    Status check_format(simdjson::dom::object root) {
        std::string_view format;
        const auto format_value = FieldReader::member(root, "bomFormat");
        if (!format_value) {
            return shape_error(source_, "$.bomFormat",
                               "not a CycloneDX document: bomFormat is missing");
        }
        if (format_value->get_string().get(format) != simdjson::SUCCESS || format != "CycloneDX") {
            return shape_error(source_, "$.bomFormat",
                               "not a CycloneDX document: bomFormat is " +
                                   (format_value->is_string()
                                        ? quote_text(format)
                                        : std::string(detail::json_type_name(*format_value))) +
                                   ", not 'CycloneDX'");
        }
        const auto spec_value = FieldReader::member(root, "specVersion");
        if (!spec_value) {
            return shape_error(source_, "$.specVersion", "CycloneDX specVersion is missing");
        }
        std::string_view spec;
        if (spec_value->get_string().get(spec) != simdjson::SUCCESS) {
            return shape_error(source_, "$.specVersion",
                               "CycloneDX specVersion is " +
                                   std::string(detail::json_type_name(*spec_value)) +
                                   ", not a string such as \"1.4\"");
        }
        if (!supported_spec_version(spec)) {
            return shape_error(
                source_, "$.specVersion",
                "CycloneDX specVersion " + quote_text(spec) + " is not supported (1.2 to 1.6 are)");
        }
        return {};
    }

    // An organizationalEntity's name ({"name": ..., "url": [...]}); "" when absent.
    std::string organisation(simdjson::dom::object object,
                             std::string_view key,
                             const std::string& path) {
        const auto value = FieldReader::member(object, key);
        if (!value || value->is_null()) {
            return {};
        }
        simdjson::dom::object entity;
        if (value->get_object().get(entity) != simdjson::SUCCESS) {
            fields_.add(Severity::kWarning, "inventory.bad_value", member_path(path, key),
                        std::string(key) + " is " + std::string(detail::json_type_name(*value)) +
                            ", not an object with a name; ignored");
            return {};
        }
        return fields_.text(entity, "name", member_path(path, key));
    }

    // The first name in a 1.6 "authors" array of organizationalContacts.
    std::string first_author(simdjson::dom::object object, const std::string& path) {
        const auto value = FieldReader::member(object, "authors");
        simdjson::dom::array authors;
        if (!value || value->get_array().get(authors) != simdjson::SUCCESS) {
            return {};
        }
        std::size_t index = 0;
        for (simdjson::dom::element author : authors) {
            simdjson::dom::object contact;
            if (author.get_object().get(contact) == simdjson::SUCCESS) {
                std::string name =
                    fields_.text(contact, "name", index_path(member_path(path, "authors"), index));
                if (!name.empty()) {
                    return name;
                }
            }
            ++index;
        }
        return {};
    }

    std::string component_vendor(simdjson::dom::object object, const std::string& path) {
        // Every candidate is read (so each bad one is reported), then the first non-empty wins.
        std::string candidates[] = {fields_.text(object, "publisher", path),
                                    organisation(object, "supplier", path),
                                    organisation(object, "manufacturer", path),
                                    fields_.text(object, "author", path),
                                    first_author(object, path),
                                    fields_.text(object, "group", path)};
        for (std::string& candidate : candidates) {
            if (!candidate.empty()) {
                return std::move(candidate);
            }
        }
        return {};
    }

    // Everything but the nesting; product is "" when the name is missing (the caller decides).
    ObservedComponent build_component(simdjson::dom::object object,
                                      const std::string& path,
                                      const std::string& parent_ref) {
        ObservedComponent component;
        component.location = path;
        component.parent_ref = parent_ref;
        component.type = fields_.text(object, "type", path);
        component.vendor = component_vendor(object, path);
        component.product = fields_.text(object, "name", path);
        component.version = fields_.text(object, "version", path);
        component.ref = fields_.text(object, "bom-ref", path);
        if (component.ref.empty()) {
            component.ref = path;
        }
        const std::string cpe = fields_.text(object, "cpe", path);
        if (!cpe.empty()) {
            if (auto canonical = detail::canonical_cpe(cpe)) {
                component.cpe = std::move(*canonical);
            } else {
                fields_.add(Severity::kWarning, "cyclonedx.bad_cpe", member_path(path, "cpe"),
                            "cpe " + quote_text(cpe) + " is not a CPE (" +
                                canonical.error().message + "); dropped");
            }
        }
        std::string purl = fields_.text(object, "purl", path);
        if (!purl.empty()) {
            if (starts_with_icase(purl, "pkg:")) {
                component.purl = std::move(purl);
            } else {
                fields_.add(Severity::kWarning, "cyclonedx.bad_purl", member_path(path, "purl"),
                            "purl " + quote_text(purl) +
                                " is not a package URL (it must start with \"pkg:\"); dropped");
            }
        }
        return component;
    }

    // Adds a component to the asset after the checks every component gets; false when it is left
    // out.
    bool accept(ObservedComponent component, ObservedAsset& asset) {
        if (component.product.empty()) {
            fields_.add(Severity::kError, "inventory.missing_product", component.location,
                        "the component has no name; left out");
            return false;
        }
        if (component.version.empty()) {
            fields_.add(Severity::kWarning, "inventory.missing_version", component.location,
                        "component " + quote_text(component.product) +
                            " has no version; kept, but it cannot be matched to versioned "
                            "vulnerabilities");
        }
        if (!refs_.insert(component.ref).second) {
            fields_.add(Severity::kWarning, "cyclonedx.duplicate_ref", component.location,
                        "bom-ref " + quote_text(component.ref) +
                            " is used by an earlier component too; dependencies naming it are "
                            "ambiguous");
        }
        asset.components.push_back(std::move(component));
        return true;
    }

    Status read_components(simdjson::dom::element value,
                           const std::string& path,
                           const std::string& parent_ref,
                           std::size_t depth,
                           ObservedAsset& asset) {
        if (value.is_null()) {
            return {};
        }
        simdjson::dom::array components;
        if (value.get_array().get(components) != simdjson::SUCCESS) {
            return shape_error(
                source_, path,
                "components is " + std::string(detail::json_type_name(value)) + ", not an array");
        }
        if (depth > kMaxComponentDepth) {
            return shape_error(source_, path,
                               "components are nested deeper than " +
                                   std::to_string(kMaxComponentDepth) + " levels");
        }
        std::size_t index = 0;
        for (simdjson::dom::element element : components) {
            const std::string element_path = index_path(path, index++);
            simdjson::dom::object object;
            if (element.get_object().get(object) != simdjson::SUCCESS) {
                return shape_error(source_, element_path,
                                   "a component is " +
                                       std::string(detail::json_type_name(element)) +
                                       ", not an object");
            }
            ObservedComponent component = build_component(object, element_path, parent_ref);
            // Children of a component that is left out hang from its nearest kept ancestor.
            const std::string ref = component.ref;
            const bool kept = accept(std::move(component), asset);
            if (const auto nested = FieldReader::member(object, "components")) {
                WARDROUND_TRY(read_components(*nested, member_path(element_path, "components"),
                                              kept ? ref : parent_ref, depth + 1, asset));
            }
        }
        return {};
    }

    std::string tool_text(simdjson::dom::element tool, const std::string& path) {
        simdjson::dom::object object;
        if (tool.get_object().get(object) != simdjson::SUCCESS) {
            fields_.add(Severity::kWarning, "inventory.bad_value", path,
                        "a tool is " + std::string(detail::json_type_name(tool)) +
                            ", not an object; ignored");
            return {};
        }
        std::string name = fields_.text(object, "name", path);
        if (name.empty()) {
            name = fields_.text(object, "vendor", path);
        }
        const std::string version = fields_.text(object, "version", path);
        if (name.empty() || version.empty()) {
            return name;
        }
        return name + " " + version;
    }

    void append_tools(simdjson::dom::element list,
                      const std::string& path,
                      std::vector<std::string>& names) {
        simdjson::dom::array tools;
        if (list.get_array().get(tools) != simdjson::SUCCESS) {
            fields_.add(Severity::kWarning, "inventory.bad_value", path,
                        "the tool list is " + std::string(detail::json_type_name(list)) +
                            ", not an array; ignored");
            return;
        }
        std::size_t index = 0;
        for (simdjson::dom::element tool : tools) {
            std::string name = tool_text(tool, index_path(path, index++));
            if (!name.empty()) {
                names.push_back(std::move(name));
            }
        }
    }

    // metadata.tools: an array of {vendor, name, version} up to 1.4; from 1.5 an object whose
    // components and services list the tools.
    std::string tools(simdjson::dom::object metadata) {
        const auto value = FieldReader::member(metadata, "tools");
        if (!value || value->is_null()) {
            return {};
        }
        const std::string path = "$.metadata.tools";
        std::vector<std::string> names;
        simdjson::dom::object object;
        if (value->get_object().get(object) == simdjson::SUCCESS) {
            for (std::string_view key : {"components", "services"}) {
                if (const auto list = FieldReader::member(object, key)) {
                    append_tools(*list, member_path(path, key), names);
                }
            }
        } else {
            append_tools(*value, path, names);
        }
        return join(names, ", ");
    }

    // Fills the asset from metadata; returns metadata.component as a component candidate.
    Result<std::optional<ObservedComponent>> read_metadata(simdjson::dom::object root,
                                                           ObservedAsset& asset,
                                                           ObservedReport& report) {
        asset.source_key = fields_.text(root, "serialNumber", "$");
        const auto value = FieldReader::member(root, "metadata");
        simdjson::dom::object metadata;
        std::optional<simdjson::dom::element> component;
        if (value && !value->is_null()) {
            if (value->get_object().get(metadata) != simdjson::SUCCESS) {
                return shape_error(source_, "$.metadata",
                                   "metadata is " + std::string(detail::json_type_name(*value)) +
                                       ", not an object");
            }
            report.observed_at = fields_.timestamp(metadata, "timestamp", "$.metadata");
            report.tool = tools(metadata);
            component = FieldReader::member(metadata, "component");
        }
        if (!component || component->is_null()) {
            fields_.add(Severity::kInfo, "cyclonedx.no_subject", "$.metadata",
                        "the document does not say what it describes (no metadata.component): "
                        "the asset has no model");
            return std::optional<ObservedComponent>();
        }
        simdjson::dom::object object;
        if (component->get_object().get(object) != simdjson::SUCCESS) {
            return shape_error(source_, std::string(kMetadataComponentPath),
                               "metadata.component is " +
                                   std::string(detail::json_type_name(*component)) +
                                   ", not an object");
        }
        return describe(object, metadata, asset);
    }

    // The asset as metadata.component describes it; the component itself is returned.
    Result<std::optional<ObservedComponent>> describe(simdjson::dom::object component,
                                                      simdjson::dom::object metadata,
                                                      ObservedAsset& asset) {
        const std::string path(kMetadataComponentPath);
        ObservedComponent subject = build_component(component, path, "");
        // The subject's own parts (an assembly's subcomponents) hang from it.
        if (const auto nested = FieldReader::member(component, "components")) {
            const std::size_t before = asset.components.size();
            WARDROUND_TRY(
                read_components(*nested, member_path(path, "components"), subject.ref, 1, asset));
            subject_has_parts_ = asset.components.size() > before;
        }
        asset.location = path;
        asset.model = subject.product;
        std::string manufacturers[] = {organisation(component, "manufacturer", path),
                                       organisation(metadata, "manufacturer", "$.metadata"),
                                       organisation(metadata, "manufacture", "$.metadata"),
                                       organisation(component, "supplier", path),
                                       organisation(metadata, "supplier", "$.metadata"),
                                       fields_.text(component, "publisher", path)};
        const auto named = std::find_if(std::begin(manufacturers), std::end(manufacturers),
                                        [](const std::string& name) { return !name.empty(); });
        if (named != std::end(manufacturers)) {
            asset.manufacturer = std::move(*named);
        }
        if (asset.source_key.empty() && subject.ref != path) {
            asset.source_key = subject.ref;
        } else if (asset.source_key.empty() && !subject.product.empty()) {
            asset.source_key =
                subject.version.empty() ? subject.product : subject.product + "@" + subject.version;
        }
        return std::optional<ObservedComponent>(std::move(subject));
    }

    void add_dependency_issue(const std::string& location, const std::string& what) {
        fields_.add(Severity::kWarning, "cyclonedx.bad_dependency", location,
                    what + "; the entry's edges are ignored");
    }

    Status read_dependencies(simdjson::dom::object root) {
        auto dependencies_array = detail::root_array(root, "dependencies", source_);
        if (!dependencies_array) {
            return propagate(dependencies_array.error());
        }
        if (!*dependencies_array) {
            return {};
        }
        const simdjson::dom::array entries = **dependencies_array;
        std::set<std::pair<std::string, std::string>> seen;
        std::size_t index = 0;
        for (simdjson::dom::element entry : entries) {
            const std::string path = index_path("$.dependencies", index++);
            simdjson::dom::object object;
            if (entry.get_object().get(object) != simdjson::SUCCESS) {
                add_dependency_issue(path, "the entry is " +
                                               std::string(detail::json_type_name(entry)) +
                                               ", not an object");
                continue;
            }
            const std::string from = fields_.text(object, "ref", path);
            if (from.empty()) {
                add_dependency_issue(path, "the entry has no ref");
                continue;
            }
            const auto depends_on = FieldReader::member(object, "dependsOn");
            if (!depends_on || depends_on->is_null()) {
                continue;
            }
            simdjson::dom::array targets;
            if (depends_on->get_array().get(targets) != simdjson::SUCCESS) {
                add_dependency_issue(member_path(path, "dependsOn"),
                                     "dependsOn is " +
                                         std::string(detail::json_type_name(*depends_on)) +
                                         ", not an array");
                continue;
            }
            std::size_t target_index = 0;
            for (simdjson::dom::element target : targets) {
                const std::string target_path =
                    index_path(member_path(path, "dependsOn"), target_index++);
                std::string to = fields_.text(target, "a dependsOn item", target_path);
                if (to.empty()) {
                    continue;
                }
                if (seen.emplace(from, to).second) {
                    edges_.push_back(Edge{from, std::move(to), target_path});
                }
            }
        }
        return {};
    }

    // metadata.component joins the components when it names something matchable, has parts or
    // the graph needs it; it goes first, as the root of the graph.
    void add_subject(std::optional<ObservedComponent> subject, ObservedAsset& asset) {
        if (!subject) {
            return;
        }
        bool named_by_graph = false;
        for (const Edge& edge : edges_) {
            named_by_graph = named_by_graph || edge.from == subject->ref || edge.to == subject->ref;
        }
        if (subject->version.empty() && subject->cpe.empty() && subject->purl.empty() &&
            !named_by_graph && !subject_has_parts_) {
            return;
        }
        const std::string ref = subject->ref;
        if (!accept(std::move(*subject), asset)) {
            // Its parts become top-level components rather than point at nothing.
            for (ObservedComponent& component : asset.components) {
                if (component.parent_ref == ref) {
                    component.parent_ref.clear();
                }
            }
            return;
        }
        std::vector<ObservedComponent> components;
        components.reserve(asset.components.size());
        components.push_back(std::move(asset.components.back()));
        asset.components.pop_back();
        for (ObservedComponent& component : asset.components) {
            components.push_back(std::move(component));
        }
        asset.components = std::move(components);
    }

    void link_dependencies(ObservedAsset& asset) {
        for (Edge& edge : edges_) {
            const bool from_known = refs_.count(edge.from) > 0;
            if (!from_known || refs_.count(edge.to) == 0) {
                fields_.add(Severity::kWarning, "cyclonedx.unknown_ref", edge.location,
                            "the dependency of " + quote_text(edge.from) + " on " +
                                quote_text(edge.to) + " names no component (" +
                                quote_text(from_known ? edge.to : edge.from) + "); dropped");
                continue;
            }
            asset.dependencies.push_back(
                ObservedDependency{std::move(edge.from), std::move(edge.to)});
        }
    }

    struct Edge {
        std::string from;
        std::string to;
        std::string location;
    };

    FieldReader fields_;
    std::string source_;
    std::set<std::string> refs_;
    std::vector<Edge> edges_;
    bool subject_has_parts_ = false;
};

}  // namespace

Result<ObservedReport> parse_cyclonedx_json(InputFile& file,
                                            Diagnostics& diagnostics,
                                            const AssetSink& sink) {
    return detail::parse_sbom<BomReader>(file, diagnostics, sink, "cyclonedx",
                                         "a CycloneDX document");
}

}  // namespace wardround::inventory

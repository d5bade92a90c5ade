// SPDX-License-Identifier: Apache-2.0
// SPDX 2.2 / 2.3 JSON (spdx-schema.json of each version). The parts read here:
//   { "spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "documentNamespace": "https://...",
//     "creationInfo": { "created": "2022-11-03T07:10:10Z", "creators": ["Tool: x", ...] },
//     "documentDescribes": ["SPDXRef-..."] (2.2; still accepted in 2.3),
//     "packages": [ { "SPDXID", "name", "versionInfo", "supplier", "originator",
//                     "primaryPackagePurpose" (2.3),
//                     "externalRefs": [ { "referenceCategory", "referenceType",
//                                         "referenceLocator" } ] } ],
//     "relationships": [ { "spdxElementId", "relationshipType", "relatedSpdxElement" } ] }
#include <algorithm>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

#include <wardround/core/text.h>
#include <wardround/inventory/spdx.h>

#include "inventory/cyclonedx/sbom_json.h"

namespace wardround::inventory {
namespace {

using detail::FieldReader;
using detail::index_path;
using detail::member_path;
using detail::shape_error;

std::string quote_text(std::string_view text) {
    return "'" + truncate_utf8(text, 64) + "'";
}

// "Organization: SPDX (spdx-tech@example.org)" -> "SPDX"; "NOASSERTION" -> "".
std::string party_name(std::string_view text) {
    text = trim(text);
    if (text == "NOASSERTION" || text == "NONE") {
        return {};
    }
    for (std::string_view prefix : {"Organization:", "Person:", "Tool:"}) {
        if (starts_with_icase(text, prefix)) {
            text = trim(text.substr(prefix.size()));
            break;
        }
    }
    const std::size_t open = text.rfind(" (");
    if (open != std::string_view::npos && text.back() == ')' &&
        text.substr(open).find('@') != std::string_view::npos) {
        text = trim(text.substr(0, open));
    }
    return std::string(text);
}

// primaryPackagePurpose in the component type words of observation.h.
std::string purpose_type(std::string_view purpose) {
    for (std::string_view type : {"application", "framework", "library", "container",
                                  "operating-system", "device", "firmware", "file"}) {
        if (iequals(purpose, type)) {
            return std::string(type);
        }
    }
    return {};
}

enum class EdgeDirection { kNone, kForward, kReverse };

// Which relationships are dependency edges, and which way round: "A DEPENDS_ON B" is A -> B,
// "A DEPENDENCY_OF B" is B -> A.
EdgeDirection edge_direction(std::string_view type) {
    for (std::string_view forward :
         {"DEPENDS_ON", "CONTAINS", "DYNAMIC_LINK", "STATIC_LINK", "HAS_PREREQUISITE"}) {
        if (iequals(type, forward)) {
            return EdgeDirection::kForward;
        }
    }
    for (std::string_view reverse :
         {"DEPENDENCY_OF", "BUILD_DEPENDENCY_OF", "DEV_DEPENDENCY_OF", "OPTIONAL_DEPENDENCY_OF",
          "PROVIDED_DEPENDENCY_OF", "RUNTIME_DEPENDENCY_OF", "TEST_DEPENDENCY_OF", "CONTAINED_BY",
          "PREREQUISITE_FOR"}) {
        if (iequals(type, reverse)) {
            return EdgeDirection::kReverse;
        }
    }
    return EdgeDirection::kNone;
}

class SpdxReader {
public:
    SpdxReader(const std::string& source, Diagnostics& diagnostics)
        : fields_(source, diagnostics), source_(source) {}

    Result<ObservedAsset> read(simdjson::dom::element root, ObservedReport& report) {
        simdjson::dom::object object;
        if (root.get_object().get(object) != simdjson::SUCCESS) {
            return shape_error(source_, "$",
                               "not an SPDX 2 document: the top level is " +
                                   std::string(detail::json_type_name(root)) + ", not an object");
        }
        WARDROUND_TRY(check_version(object));
        document_id_ = fields_.text(object, "SPDXID", "$");
        if (document_id_.empty()) {
            document_id_ = "SPDXRef-DOCUMENT";
        }
        read_creation_info(object, report);
        ObservedAsset asset;
        asset.location = "$";
        WARDROUND_TRY(read_packages(object, asset));
        read_document_describes(object);
        WARDROUND_TRY(read_relationships(object, asset));
        describe(object, asset);
        return asset;
    }

private:
    Status check_version(simdjson::dom::object root) {
        const auto value = FieldReader::member(root, "spdxVersion");
        if (!value) {
            return shape_error(source_, "$.spdxVersion",
                               "not an SPDX 2 document: spdxVersion is missing");
        }
        std::string_view version;
        if (value->get_string().get(version) != simdjson::SUCCESS) {
            return shape_error(source_, "$.spdxVersion",
                               "not an SPDX 2 document: spdxVersion is " +
                                   std::string(detail::json_type_name(*value)) +
                                   ", not a string such as \"SPDX-2.3\"");
        }
        if (version.substr(0, 7) != "SPDX-2.") {
            return shape_error(source_, "$.spdxVersion",
                               "not an SPDX 2 document: spdxVersion " + quote_text(version) +
                                   " is not supported (SPDX-2.2 and SPDX-2.3 are)");
        }
        return {};
    }

    void read_creation_info(simdjson::dom::object root, ObservedReport& report) {
        const auto value = FieldReader::member(root, "creationInfo");
        simdjson::dom::object info;
        if (!value || value->get_object().get(info) != simdjson::SUCCESS) {
            if (value && !value->is_null()) {
                fields_.add(Severity::kWarning, "inventory.bad_value", "$.creationInfo",
                            "creationInfo is " + std::string(detail::json_type_name(*value)) +
                                ", not an object; ignored");
            }
            return;
        }
        const std::string path = "$.creationInfo";
        report.observed_at = fields_.timestamp(info, "created", path);
        const auto creators_value = FieldReader::member(info, "creators");
        simdjson::dom::array creators;
        if (!creators_value || creators_value->get_array().get(creators) != simdjson::SUCCESS) {
            return;
        }
        std::vector<std::string> tools;
        std::size_t index = 0;
        for (simdjson::dom::element creator : creators) {
            const std::string text = fields_.text(
                creator, "a creator", index_path(member_path(path, "creators"), index++));
            if (starts_with_icase(text, "Tool:")) {
                std::string tool(trim(std::string_view(text).substr(5)));
                if (!tool.empty()) {
                    tools.push_back(std::move(tool));
                }
            }
        }
        report.tool = join(tools, ", ");
    }

    void keep_identifier(std::string& slot,
                         std::string value,
                         const std::string& location,
                         std::string_view kind) {
        if (slot.empty()) {
            slot = std::move(value);
        } else if (slot != value) {
            fields_.add(Severity::kInfo, "spdx.extra_ref", location,
                        "the package has a second " + std::string(kind) + " " + quote_text(value) +
                            "; only the first, " + quote_text(slot) + ", is kept");
        }
    }

    void read_external_ref(simdjson::dom::object ref,
                           const std::string& path,
                           ObservedComponent& component) {
        const std::string category = fields_.text(ref, "referenceCategory", path);
        const std::string type = fields_.text(ref, "referenceType", path);
        const std::string locator = fields_.text(ref, "referenceLocator", path);
        // CPEs are filed under SECURITY, purls under PACKAGE-MANAGER (PACKAGE_MANAGER in 2.2):
        // the type decides, not the category.
        const bool identifier = type == "purl" || type == "cpe23Type" || type == "cpe22Type";
        if (!identifier && iequals(category, "SECURITY")) {
            fields_.add(Severity::kInfo, "spdx.security_ref_ignored", path,
                        "the " + (type.empty() ? std::string("security") : type) + " reference " +
                            quote_text(locator) +
                            " is not inventory and is not imported (advisories are imported as "
                            "such)");
            return;
        }
        if (!identifier || locator.empty()) {
            return;
        }
        const std::string location = member_path(path, "referenceLocator");
        if (type == "purl") {
            if (!starts_with_icase(locator, "pkg:")) {
                fields_.add(Severity::kWarning, "spdx.bad_purl", location,
                            "purl " + quote_text(locator) +
                                " is not a package URL (it must start with \"pkg:\"); dropped");
                return;
            }
            keep_identifier(component.purl, locator, location, "purl");
        } else if (type == "cpe23Type" || type == "cpe22Type") {
            auto canonical = detail::canonical_cpe(locator);
            if (!canonical) {
                fields_.add(Severity::kWarning, "spdx.bad_cpe", location,
                            type + " " + quote_text(locator) + " is not a CPE (" +
                                canonical.error().message + "); dropped");
                return;
            }
            keep_identifier(component.cpe, std::move(*canonical), location, "CPE");
        }
    }

    void read_external_refs(simdjson::dom::object package,
                            const std::string& path,
                            ObservedComponent& component) {
        const auto value = FieldReader::member(package, "externalRefs");
        if (!value || value->is_null()) {
            return;
        }
        const std::string refs_path = member_path(path, "externalRefs");
        simdjson::dom::array refs;
        if (value->get_array().get(refs) != simdjson::SUCCESS) {
            fields_.add(Severity::kWarning, "inventory.bad_value", refs_path,
                        "externalRefs is " + std::string(detail::json_type_name(*value)) +
                            ", not an array; ignored");
            return;
        }
        std::size_t index = 0;
        for (simdjson::dom::element element : refs) {
            const std::string ref_path = index_path(refs_path, index++);
            simdjson::dom::object ref;
            if (element.get_object().get(ref) != simdjson::SUCCESS) {
                fields_.add(Severity::kWarning, "inventory.bad_value", ref_path,
                            "an external reference is " +
                                std::string(detail::json_type_name(element)) +
                                ", not an object; ignored");
                continue;
            }
            read_external_ref(ref, ref_path, component);
        }
    }

    ObservedComponent build_component(simdjson::dom::object package, const std::string& path) {
        ObservedComponent component;
        component.location = path;
        component.ref = fields_.text(package, "SPDXID", path);
        if (component.ref.empty()) {
            component.ref = path;
        }
        component.product = fields_.text(package, "name", path);
        component.version = fields_.text(package, "versionInfo", path);
        if (component.version == "NOASSERTION") {
            component.version.clear();
        }
        component.vendor = party_name(fields_.text(package, "supplier", path));
        if (component.vendor.empty()) {
            component.vendor = party_name(fields_.text(package, "originator", path));
        }
        component.type = purpose_type(fields_.text(package, "primaryPackagePurpose", path));
        read_external_refs(package, path, component);
        return component;
    }

    Status read_packages(simdjson::dom::object root, ObservedAsset& asset) {
        auto packages_array = detail::root_array(root, "packages", source_);
        if (!packages_array) {
            return propagate(packages_array.error());
        }
        if (!*packages_array) {
            return {};
        }
        const simdjson::dom::array packages = **packages_array;
        std::size_t index = 0;
        for (simdjson::dom::element element : packages) {
            const std::string path = index_path("$.packages", index++);
            simdjson::dom::object package;
            if (element.get_object().get(package) != simdjson::SUCCESS) {
                return shape_error(source_, path,
                                   "a package is " + std::string(detail::json_type_name(element)) +
                                       ", not an object");
            }
            ObservedComponent component = build_component(package, path);
            if (component.product.empty()) {
                fields_.add(Severity::kError, "inventory.missing_product", path,
                            "package " + quote_text(component.ref) + " has no name; left out");
                continue;
            }
            if (component.version.empty()) {
                fields_.add(Severity::kWarning, "inventory.missing_version", path,
                            "package " + quote_text(component.product) +
                                " has no versionInfo; kept, but it cannot be matched to "
                                "versioned vulnerabilities");
            }
            if (!packages_.emplace(component.ref, asset.components.size()).second) {
                fields_.add(Severity::kWarning, "spdx.duplicate_id", path,
                            "SPDXID " + quote_text(component.ref) +
                                " is used by an earlier package too; relationships naming it "
                                "go to the first");
            }
            asset.components.push_back(std::move(component));
        }
        return {};
    }

    void add_described(std::string id) {
        if (std::find(described_.begin(), described_.end(), id) == described_.end()) {
            described_.push_back(std::move(id));
        }
    }

    void read_document_describes(simdjson::dom::object root) {
        const auto value = FieldReader::member(root, "documentDescribes");
        simdjson::dom::array ids;
        if (!value || value->is_null()) {
            return;
        }
        if (value->get_array().get(ids) != simdjson::SUCCESS) {
            fields_.add(Severity::kWarning, "inventory.bad_value", "$.documentDescribes",
                        "documentDescribes is " + std::string(detail::json_type_name(*value)) +
                            ", not an array; ignored");
            return;
        }
        std::size_t index = 0;
        for (simdjson::dom::element id : ids) {
            std::string text = fields_.text(id, "a documentDescribes item",
                                            index_path("$.documentDescribes", index++));
            if (!text.empty()) {
                add_described(std::move(text));
            }
        }
    }

    Status read_relationships(simdjson::dom::object root, ObservedAsset& asset) {
        auto relationships_array = detail::root_array(root, "relationships", source_);
        if (!relationships_array) {
            return propagate(relationships_array.error());
        }
        if (!*relationships_array) {
            return {};
        }
        const simdjson::dom::array relationships = **relationships_array;
        std::set<std::pair<std::string, std::string>> seen;
        std::size_t index = 0;
        for (simdjson::dom::element element : relationships) {
            const std::string path = index_path("$.relationships", index++);
            simdjson::dom::object relationship;
            if (element.get_object().get(relationship) != simdjson::SUCCESS) {
                fields_.add(Severity::kWarning, "spdx.bad_relationship", path,
                            "the relationship is " + std::string(detail::json_type_name(element)) +
                                ", not an object; ignored");
                continue;
            }
            const std::string element_id = fields_.text(relationship, "spdxElementId", path);
            const std::string type = fields_.text(relationship, "relationshipType", path);
            const std::string related = fields_.text(relationship, "relatedSpdxElement", path);
            if (element_id.empty() || type.empty() || related.empty()) {
                fields_.add(Severity::kWarning, "spdx.bad_relationship", path,
                            "the relationship lacks spdxElementId, relationshipType or "
                            "relatedSpdxElement; ignored");
                continue;
            }
            if (iequals(type, "DESCRIBES") && element_id == document_id_) {
                add_described(related);
            } else if (iequals(type, "DESCRIBED_BY") && related == document_id_) {
                add_described(element_id);
            }
            const EdgeDirection direction = edge_direction(type);
            if (direction == EdgeDirection::kNone || packages_.count(element_id) == 0 ||
                packages_.count(related) == 0) {
                continue;
            }
            std::pair<std::string, std::string> edge = direction == EdgeDirection::kForward
                                                           ? std::pair{element_id, related}
                                                           : std::pair{related, element_id};
            if (seen.insert(edge).second) {
                asset.dependencies.push_back(
                    ObservedDependency{std::move(edge.first), std::move(edge.second)});
            }
        }
        return {};
    }

    void describe(simdjson::dom::object root, ObservedAsset& asset) {
        for (const std::string& id : described_) {
            const auto found = packages_.find(id);
            if (found == packages_.end()) {
                continue;
            }
            const ObservedComponent& subject = asset.components[found->second];
            asset.model = subject.product;
            asset.manufacturer = subject.vendor;
            asset.source_key =
                subject.version.empty() ? subject.product : subject.product + "@" + subject.version;
            asset.location = subject.location;
            return;
        }
        asset.source_key = fields_.text(root, "documentNamespace", "$");
        fields_.add(Severity::kInfo, "spdx.no_subject", "$.documentDescribes",
                    "the document does not describe any of its packages (no documentDescribes "
                    "or DESCRIBES relationship names one): the asset has no model");
    }

    FieldReader fields_;
    std::string source_;
    std::string document_id_;
    std::map<std::string, std::size_t> packages_;  // SPDXID -> index in the asset's components
    std::vector<std::string> described_;
};

}  // namespace

Result<ObservedReport> parse_spdx_json(InputFile& file,
                                       Diagnostics& diagnostics,
                                       const AssetSink& sink) {
    return detail::parse_sbom<SpdxReader>(file, diagnostics, sink, "spdx", "an SPDX document");
}

}  // namespace wardround::inventory

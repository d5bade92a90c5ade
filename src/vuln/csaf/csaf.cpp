// SPDX-License-Identifier: Apache-2.0
// CSAF 2.0 (OASIS, csaf-v2.0-os) read with simdjson's DOM: documents are small and are visited in
// an order of our choosing (the product tree before the vulnerabilities that refer to it), which a
// streaming parser could not give.
#include <algorithm>
#include <exception>
#include <functional>
#include <new>
#include <string>
#include <unordered_set>
#include <utility>

#include <simdjson.h>

#include <wardround/core/identifiers.h>
#include <wardround/core/text.h>
#include <wardround/vuln/csaf.h>

namespace wardround::vuln {
namespace {

using JsonElement = simdjson::dom::element;
using JsonObject = simdjson::dom::object;
using JsonArray = simdjson::dom::array;

// Longer texts are cut: a single field should never hold more than a human could read, and the
// product tree copies branch names into every product below them.
constexpr std::size_t kMaxTextBytes = std::size_t{1} << 20;
// Real trees are 2 to 4 levels deep; CSAF defines 12 branch categories.
constexpr std::size_t kMaxBranchDepth = 32;
// Flattening copies each branch name into every leaf beneath it, so a hostile tree could turn a
// small file into gigabytes. Real documents flatten to under a third of their size.
constexpr std::size_t kFlattenFactor = 16;
constexpr std::size_t kMinFlattenBudget = std::size_t{1} << 20;
// Keys taken from the input are cut in JSON paths, so a hostile key cannot bloat diagnostics.
constexpr std::size_t kMaxKeyInPath = 64;

constexpr std::string_view kStatusNames[kCsafProductStatusCount] = {
    "first_affected",     "first_fixed",   "fixed",       "known_affected",
    "known_not_affected", "last_affected", "recommended", "under_investigation",
};

bool is_standard_category(std::string_view category) {
    return category == "csaf_base" || category == "csaf_security_incident_response" ||
           category == "csaf_informational_advisory" || category == "csaf_security_advisory" ||
           category == "csaf_vex";
}

std::string_view json_type_name(JsonElement element) {
    switch (element.type()) {
        case simdjson::dom::element_type::ARRAY:
            return "an array";
        case simdjson::dom::element_type::OBJECT:
            return "an object";
        case simdjson::dom::element_type::INT64:
        case simdjson::dom::element_type::UINT64:
        case simdjson::dom::element_type::DOUBLE:
            return "a number";
        case simdjson::dom::element_type::STRING:
            return "a string";
        case simdjson::dom::element_type::BOOL:
            return "a boolean";
        case simdjson::dom::element_type::NULL_VALUE:
            return "null";
    }
    return "a value";
}

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
        return std::hash<std::string_view>{}(text);
    }
};
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

// The JSON path of the value being read ("$.vulnerabilities[3].remediations[0]"), grown and shrunk
// as the reader descends, so that a diagnostic or error can name its place in the document.
class JsonPath {
public:
    class [[nodiscard]] Scope {
    public:
        Scope(std::string& text, std::size_t keep) : text_(text), keep_(keep) {}
        ~Scope() { text_.resize(keep_); }
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        std::string& text_;
        std::size_t keep_;
    };

    JsonPath() : text_("$") {}

    Scope key(std::string_view name) {
        const std::size_t keep = text_.size();
        text_ += '.';
        if (name.size() > kMaxKeyInPath) {
            text_ += truncate_utf8(name, kMaxKeyInPath);
        } else {
            text_ += name;
        }
        return {text_, keep};
    }
    Scope index(std::size_t position) {
        const std::size_t keep = text_.size();
        append_index(text_, position);
        return {text_, keep};
    }

    [[nodiscard]] const std::string& str() const { return text_; }
    [[nodiscard]] std::string with_index(std::size_t position) const {
        std::string out = text_;
        append_index(out, position);
        return out;
    }
    [[nodiscard]] std::string with_key(std::string_view name) const {
        return text_ + "." + std::string(name);
    }

private:
    static void append_index(std::string& text, std::size_t position) {
        text += '[';
        text += std::to_string(position);
        text += ']';
    }

    std::string text_;
};

enum class RefKind { kProduct, kGroup };

// Reads one parsed document. Errors stop the document; everything else is a diagnostic.
class DocumentReader {
public:
    DocumentReader(std::string_view source, std::size_t input_bytes, Diagnostics& diagnostics)
        : source_(source),
          diagnostics_(diagnostics),
          flatten_budget_(std::max(kMinFlattenBudget, input_bytes * kFlattenFactor)) {}

    Result<CsafDocument> read(JsonElement root) {
        CsafDocument out;
        JsonObject top;
        if (root.get(top) != simdjson::SUCCESS) {
            return fail(std::string("not a CSAF document: the top level is ") +
                        std::string(json_type_name(root)) + ", not an object");
        }
        JsonObject document;
        {
            auto scope = path_.key("document");
            auto value = member(top, "document");
            if (!value || value->get(document) != simdjson::SUCCESS) {
                return fail(
                    "not a CSAF document: it has no document object with csaf_version and "
                    "tracking");
            }
        }
        WARDROUND_TRY(read_document(document, out));
        if (auto tree = object_member(top, "product_tree")) {
            auto scope = path_.key("product_tree");
            WARDROUND_TRY(read_product_tree(*tree, out));
        }
        if (auto vulnerabilities = array_member(top, "vulnerabilities")) {
            auto scope = path_.key("vulnerabilities");
            std::size_t position = 0;
            for (JsonElement item : *vulnerabilities) {
                auto index_scope = path_.index(position++);
                JsonObject object;
                if (!expect_object(item, object)) {
                    continue;
                }
                out.vulnerabilities.push_back(read_vulnerability(object));
            }
        }
        return out;
    }

private:
    // --- Reporting -------------------------------------------------------------------------

    tl::unexpected<Error> fail(std::string message) const {
        return make_error(ErrorCode::kInvalidArgument, std::move(message),
                          source_ + " " + path_.str());
    }

    void report(Severity severity, std::string code, std::string location, std::string message) {
        diagnostics_.add(severity, std::move(code), source_, std::move(location),
                         std::move(message));
    }
    void warn(std::string code, std::string message) {
        report(Severity::kWarning, std::move(code), path_.str(), std::move(message));
    }
    void wrong_type(std::string location, std::string_view expected, JsonElement found) {
        report(Severity::kWarning, "csaf.wrong_type", std::move(location),
               "expected " + std::string(expected) + ", found " +
                   std::string(json_type_name(found)) + "; ignored");
    }
    void missing(std::string_view key) {
        report(Severity::kWarning, "csaf.missing_field", path_.with_key(key),
               std::string(key) + " is missing, although CSAF requires it");
    }

    // --- Field access ----------------------------------------------------------------------

    static std::optional<JsonElement> member(JsonObject object, std::string_view key) {
        JsonElement value;
        if (object.at_key(key).get(value) != simdjson::SUCCESS) {
            return std::nullopt;
        }
        return value;
    }

    bool expect_object(JsonElement element, JsonObject& out) {
        if (element.get(out) != simdjson::SUCCESS) {
            wrong_type(path_.str(), "an object", element);
            return false;
        }
        return true;
    }

    std::optional<JsonObject> object_member(JsonObject object, std::string_view key) {
        auto value = member(object, key);
        if (!value) {
            return std::nullopt;
        }
        JsonObject out;
        if (value->get(out) != simdjson::SUCCESS) {
            wrong_type(path_.with_key(key), "an object", *value);
            return std::nullopt;
        }
        return out;
    }

    std::optional<JsonArray> array_member(JsonObject object, std::string_view key) {
        auto value = member(object, key);
        if (!value) {
            return std::nullopt;
        }
        JsonArray out;
        if (value->get(out) != simdjson::SUCCESS) {
            wrong_type(path_.with_key(key), "an array", *value);
            return std::nullopt;
        }
        return out;
    }

    // `location` is only called for a text that is too long: building paths for every field would
    // cost more than the copy.
    template <typename Location>
    std::string text(std::string_view value, Location&& location) {
        if (value.size() <= kMaxTextBytes) {
            return std::string(value);
        }
        report(Severity::kWarning, "csaf.text_too_long", location(),
               "a text of " + std::to_string(value.size()) + " bytes was cut to 1 MiB");
        return truncate_utf8(value, kMaxTextBytes);
    }
    auto at_key(std::string_view key) const {
        return [this, key] {
            return path_.with_key(key);
        };
    }
    auto at_index(std::size_t position) const {
        return [this, position] {
            return path_.with_index(position);
        };
    }
    auto here() const {
        return [this] {
            return path_.str();
        };
    }

    // Copies a string member into `out`; false when it is absent or not a string (reported, as is
    // the absence of a required one).
    bool text_member(JsonObject object,
                     std::string_view key,
                     std::string& out,
                     bool required = false) {
        auto value = member(object, key);
        if (!value) {
            if (required) {
                missing(key);
            }
            return false;
        }
        std::string_view content;
        if (value->get_string().get(content) != simdjson::SUCCESS) {
            wrong_type(path_.with_key(key), "a string", *value);
            return false;
        }
        out = text(content, at_key(key));
        return true;
    }

    void required_text_member(JsonObject object, std::string_view key, std::string& out) {
        text_member(object, key, out, true);
    }

    void date_member(JsonObject object, std::string_view key, std::optional<Timestamp>& out) {
        auto value = member(object, key);
        if (!value) {
            return;
        }
        std::string_view raw;
        if (value->get_string().get(raw) != simdjson::SUCCESS) {
            wrong_type(path_.with_key(key), "a string", *value);
            return;
        }
        auto parsed = parse_timestamp(raw);
        if (!parsed) {
            report(Severity::kWarning, "csaf.bad_date", path_.with_key(key),
                   bad_date_message(raw) + "; left empty");
            return;
        }
        out = *parsed;
    }

    // The date is quoted only when short: a megabyte of junk does not belong in every message.
    static std::string bad_date_message(std::string_view raw) {
        if (raw.size() > kMaxKeyInPath) {
            return "a text of " + std::to_string(raw.size()) +
                   " bytes is not an ISO 8601 date-time";
        }
        return "'" + std::string(raw) + "' is not an ISO 8601 date-time";
    }

    // Reads an array of product or group ids, reporting items that are not strings and ids the
    // product tree does not define. Unknown ids are kept: the publisher's statement still stands.
    void id_list_member(JsonObject object,
                        std::string_view key,
                        RefKind kind,
                        std::vector<std::string>& out) {
        if (auto value = member(object, key)) {
            id_list(*value, key, kind, out);
        }
    }

    void id_list(JsonElement value,
                 std::string_view key,
                 RefKind kind,
                 std::vector<std::string>& out) {
        JsonArray values;
        if (value.get(values) != simdjson::SUCCESS) {
            wrong_type(path_.with_key(key), "an array", value);
            return;
        }
        auto scope = path_.key(key);
        std::size_t position = 0;
        for (JsonElement item : values) {
            std::string_view id;
            if (item.get_string().get(id) != simdjson::SUCCESS) {
                wrong_type(path_.with_index(position++), "a string", item);
                continue;
            }
            check_reference(id, kind, position);
            out.push_back(text(id, at_index(position)));
            ++position;
        }
    }

    void check_reference(std::string_view id, RefKind kind, std::size_t position) {
        if (kind == RefKind::kProduct && !product_ids_.contains(id)) {
            report(Severity::kWarning, "csaf.unknown_product", path_.with_index(position),
                   "product " + truncate_utf8(id, kMaxKeyInPath) +
                       " is not defined in the product tree");
        } else if (kind == RefKind::kGroup && !group_ids_.contains(id)) {
            report(Severity::kWarning, "csaf.unknown_group", path_.with_index(position),
                   "product group " + truncate_utf8(id, kMaxKeyInPath) +
                       " is not defined in the product tree");
        }
    }

    // A member without which the document cannot be identified or ordered: absence is an Error.
    Result<std::string> identity_text(JsonObject object, std::string_view key) {
        auto scope = path_.key(key);
        auto value = member(object, key);
        if (!value) {
            return fail(std::string(key) +
                        " is missing; CSAF requires it to identify the document");
        }
        std::string_view content;
        if (value->get_string().get(content) != simdjson::SUCCESS) {
            return fail(std::string(key) + " must be a string, not " +
                        std::string(json_type_name(*value)));
        }
        if (trim(content).empty()) {
            return fail(std::string(key) + " is empty");
        }
        return text(content, here());
    }

    Result<JsonObject> identity_object(JsonObject object, std::string_view key) {
        auto scope = path_.key(key);
        auto value = member(object, key);
        if (!value) {
            return fail(std::string(key) + " is missing; CSAF requires it");
        }
        JsonObject out;
        if (value->get(out) != simdjson::SUCCESS) {
            return fail(std::string(key) + " must be an object, not " +
                        std::string(json_type_name(*value)));
        }
        return out;
    }

    std::vector<CsafReference> read_references(JsonObject object) {
        std::vector<CsafReference> out;
        auto values = array_member(object, "references");
        if (!values) {
            return out;
        }
        auto scope = path_.key("references");
        std::size_t position = 0;
        for (JsonElement item : *values) {
            auto index_scope = path_.index(position++);
            JsonObject reference;
            if (!expect_object(item, reference)) {
                continue;
            }
            CsafReference entry;
            required_text_member(reference, "url", entry.url);
            text_member(reference, "category", entry.category);
            required_text_member(reference, "summary", entry.summary);
            out.push_back(std::move(entry));
        }
        return out;
    }

    // --- document --------------------------------------------------------------------------

    Status read_document(JsonObject document, CsafDocument& out) {
        auto scope = path_.key("document");
        if (!member(document, "csaf_version") || !member(document, "tracking")) {
            return fail(
                "not a CSAF document: document.csaf_version or document.tracking is "
                "missing");
        }
        auto version = identity_text(document, "csaf_version");
        if (!version) {
            return propagate(version.error());
        }
        if (*version != "2.0") {
            auto version_scope = path_.key("csaf_version");
            return fail("CSAF version " + truncate_utf8(*version, kMaxKeyInPath) +
                        " is not supported; only 2.0 is");
        }
        out.csaf_version = std::move(*version);

        auto category = identity_text(document, "category");
        if (!category) {
            return propagate(category.error());
        }
        out.category = std::move(*category);
        out.standard_category = is_standard_category(out.category);
        if (!out.standard_category) {
            // CSAF allows other categories (they get the csaf_base profile); Cisco uses one.
            report(Severity::kInfo, "csaf.nonstandard_category", path_.with_key("category"),
                   "category '" + truncate_utf8(out.category, kMaxKeyInPath) +
                       "' is not one CSAF 2.0 defines; only the base profile applies");
        }

        auto publisher = identity_object(document, "publisher");
        if (!publisher) {
            return propagate(publisher.error());
        }
        {
            auto publisher_scope = path_.key("publisher");
            auto namespace_uri = identity_text(*publisher, "namespace");
            if (!namespace_uri) {
                return propagate(namespace_uri.error());
            }
            out.publisher.namespace_uri = std::move(*namespace_uri);
            required_text_member(*publisher, "category", out.publisher.category);
            required_text_member(*publisher, "name", out.publisher.name);
        }

        auto tracking = identity_object(document, "tracking");
        if (!tracking) {
            return propagate(tracking.error());
        }
        WARDROUND_TRY(read_tracking(*tracking, out.tracking));

        required_text_member(document, "title", out.title);
        text_member(document, "lang", out.lang);
        if (auto distribution = object_member(document, "distribution")) {
            auto distribution_scope = path_.key("distribution");
            if (auto tlp = object_member(*distribution, "tlp")) {
                auto tlp_scope = path_.key("tlp");
                text_member(*tlp, "label", out.tlp_label);
            }
        }
        if (auto severity = object_member(document, "aggregate_severity")) {
            auto severity_scope = path_.key("aggregate_severity");
            required_text_member(*severity, "text", out.aggregate_severity);
        }
        out.notes = read_notes(document);
        out.references = read_references(document);
        return {};
    }

    Status read_tracking(JsonObject tracking, CsafTracking& out) {
        auto scope = path_.key("tracking");
        auto id = identity_text(tracking, "id");
        if (!id) {
            return propagate(id.error());
        }
        out.id = std::move(*id);
        auto version = identity_text(tracking, "version");
        if (!version) {
            return propagate(version.error());
        }
        out.version = std::move(*version);
        auto status = identity_text(tracking, "status");
        if (!status) {
            return propagate(status.error());
        }
        out.status = std::move(*status);
        if (out.status != "final" && out.status != "interim" && out.status != "draft") {
            report(Severity::kWarning, "csaf.unknown_tracking_status", path_.with_key("status"),
                   "status '" + truncate_utf8(out.status, kMaxKeyInPath) +
                       "' is not final, interim or draft; kept");
        }
        auto current = identity_text(tracking, "current_release_date");
        if (!current) {
            return propagate(current.error());
        }
        auto current_time = parse_timestamp(*current);
        if (!current_time) {
            auto date_scope = path_.key("current_release_date");
            return fail(bad_date_message(*current) + "; it orders revisions of the document");
        }
        out.current_release_date = *current_time;

        if (!member(tracking, "initial_release_date")) {
            missing("initial_release_date");
        } else {
            date_member(tracking, "initial_release_date", out.initial_release_date);
        }
        if (!member(tracking, "revision_history")) {
            missing("revision_history");
        } else if (auto history = array_member(tracking, "revision_history")) {
            out.revision_count = history->size();
        }
        if (auto aliases = array_member(tracking, "aliases")) {
            auto aliases_scope = path_.key("aliases");
            std::size_t position = 0;
            for (JsonElement item : *aliases) {
                std::string_view alias;
                if (item.get_string().get(alias) != simdjson::SUCCESS) {
                    wrong_type(path_.with_index(position++), "a string", item);
                    continue;
                }
                out.aliases.push_back(text(alias, at_index(position++)));
            }
        }
        return {};
    }

    std::vector<CsafNote> read_notes(JsonObject object) {
        std::vector<CsafNote> out;
        auto values = array_member(object, "notes");
        if (!values) {
            return out;
        }
        auto scope = path_.key("notes");
        std::size_t position = 0;
        for (JsonElement item : *values) {
            auto index_scope = path_.index(position++);
            JsonObject note;
            if (!expect_object(item, note)) {
                continue;
            }
            CsafNote entry;
            required_text_member(note, "category", entry.category);
            required_text_member(note, "text", entry.text);
            text_member(note, "title", entry.title);
            text_member(note, "audience", entry.audience);
            out.push_back(std::move(entry));
        }
        return out;
    }

    // --- product_tree ----------------------------------------------------------------------

    Status read_product_tree(JsonObject tree, CsafDocument& out) {
        if (auto branches = array_member(tree, "branches")) {
            auto scope = path_.key("branches");
            std::vector<CsafBranchLevel> stack;
            WARDROUND_TRY(read_branches(*branches, stack, out));
        }
        if (auto names = array_member(tree, "full_product_names")) {
            read_full_product_names(*names, out);
        }
        if (auto relationships = array_member(tree, "relationships")) {
            read_relationships(*relationships, out);
        }
        if (auto groups = array_member(tree, "product_groups")) {
            read_product_groups(*groups, out);
        }
        return {};
    }

    void read_full_product_names(JsonArray names, CsafDocument& out) {
        auto scope = path_.key("full_product_names");
        std::size_t position = 0;
        for (JsonElement item : names) {
            auto index_scope = path_.index(position++);
            JsonObject object;
            if (!expect_object(item, object)) {
                continue;
            }
            if (auto product = read_product(object, CsafProductOrigin::kFullProductName)) {
                add_product(std::move(*product), out);
            }
        }
    }

    void read_relationships(JsonArray relationships, CsafDocument& out) {
        auto scope = path_.key("relationships");
        std::vector<std::size_t> positions;
        std::size_t position = 0;
        for (JsonElement item : relationships) {
            auto index_scope = path_.index(position);
            JsonObject object;
            if (expect_object(item, object) && read_relationship(object, out)) {
                positions.push_back(position);
            }
            ++position;
        }
        // References are checked once every product is known: a relationship may build on a
        // product that a later relationship defines.
        for (std::size_t i = 0; i < out.relationships.size(); ++i) {
            const CsafRelationship& relationship = out.relationships[i];
            auto index_scope = path_.index(positions[i]);
            check_relationship_end("product_reference", relationship.product_reference);
            check_relationship_end("relates_to_product_reference",
                                   relationship.relates_to_product_reference);
        }
    }

    void read_product_groups(JsonArray groups, CsafDocument& out) {
        auto scope = path_.key("product_groups");
        std::size_t position = 0;
        for (JsonElement item : groups) {
            auto index_scope = path_.index(position++);
            JsonObject object;
            if (expect_object(item, object)) {
                read_group(object, out);
            }
        }
    }

    Status read_branches(JsonArray branches,
                         std::vector<CsafBranchLevel>& stack,
                         CsafDocument& out) {
        if (stack.size() >= kMaxBranchDepth) {
            return fail("the product tree is nested deeper than " +
                        std::to_string(kMaxBranchDepth) + " branches");
        }
        std::size_t position = 0;
        for (JsonElement item : branches) {
            auto index_scope = path_.index(position++);
            JsonObject branch;
            if (!expect_object(item, branch)) {
                continue;
            }
            WARDROUND_TRY(read_branch(branch, stack, out));
        }
        return {};
    }

    // A branch's level is on the stack while its product or its child branches are read.
    Status read_branch(JsonObject branch, std::vector<CsafBranchLevel>& stack, CsafDocument& out) {
        CsafBranchLevel level;
        required_text_member(branch, "category", level.category);
        required_text_member(branch, "name", level.name);
        stack.push_back(std::move(level));
        auto product = object_member(branch, "product");
        auto children = array_member(branch, "branches");
        if (product) {
            auto scope = path_.key("product");
            if (auto leaf = read_product(*product, CsafProductOrigin::kBranch)) {
                WARDROUND_TRY(place_in_tree(*leaf, stack));
                add_product(std::move(*leaf), out);
            }
        }
        if (children) {
            auto scope = path_.key("branches");
            WARDROUND_TRY(read_branches(*children, stack, out));
        }
        if (!product && !children && !member(branch, "product") && !member(branch, "branches")) {
            warn("csaf.missing_field", "a branch has neither product nor branches");
        }
        stack.pop_back();
        return {};
    }

    // Fills the fields a leaf takes from the branches above it, within the flattening budget.
    Status place_in_tree(CsafProduct& product, const std::vector<CsafBranchLevel>& stack) {
        product.branch_path = stack;
        std::size_t bytes = 0;
        for (const CsafBranchLevel& level : stack) {
            bytes += level.category.size() + level.name.size();
            if (level.category == "vendor") {
                product.vendor = level.name;
            } else if (level.category == "product_family") {
                if (!product.product_family.empty()) {
                    product.product_family += " / ";
                }
                product.product_family += level.name;
            } else if (level.category == "product_name") {
                product.product_name = level.name;
            } else if (level.category == "product_version") {
                product.product_version = level.name;
            } else if (level.category == "product_version_range") {
                product.product_version_range = level.name;
            }
        }
        flattened_bytes_ += 2 * bytes;
        if (flattened_bytes_ > flatten_budget_) {
            return fail("the product tree flattens to more than " +
                        std::to_string(flatten_budget_ >> 20) +
                        " MiB (16 times the document); refusing a tree built to exhaust memory");
        }
        return {};
    }

    // Reads a full_product_name object (the shape of branch products, full_product_names and the
    // products relationships define). nullopt when it has no usable product_id.
    std::optional<CsafProduct> read_product(JsonObject object, CsafProductOrigin origin) {
        CsafProduct product;
        product.origin = origin;
        auto id = member(object, "product_id");
        std::string_view id_text;
        if (!id || id->get_string().get(id_text) != simdjson::SUCCESS || id_text.empty()) {
            report(Severity::kError, "csaf.missing_product_id", path_.with_key("product_id"),
                   id ? "product_id must be a non-empty string, not " +
                            std::string(json_type_name(*id)) + "; the product is left out"
                      : "a product without product_id cannot be referred to; it is left out");
            return std::nullopt;
        }
        product.product_id = text(id_text, at_key("product_id"));
        required_text_member(object, "name", product.name);
        if (auto helper = object_member(object, "product_identification_helper")) {
            auto scope = path_.key("product_identification_helper");
            text_member(*helper, "cpe", product.cpe);
            text_member(*helper, "purl", product.purl);
            product.helper_json = simdjson::to_string(*helper);
        }
        return product;
    }

    bool add_product(CsafProduct product, CsafDocument& out) {
        if (!product_ids_.insert(product.product_id).second) {
            report(Severity::kError, "csaf.duplicate_product", path_.with_key("product_id"),
                   "product " + truncate_utf8(product.product_id, kMaxKeyInPath) +
                       " is defined twice; the later definition is left out");
            return false;
        }
        out.products.push_back(std::move(product));
        return true;
    }

    void check_relationship_end(std::string_view key, const std::string& id) {
        if (!id.empty() && !product_ids_.contains(id)) {
            report(Severity::kWarning, "csaf.unknown_product", path_.with_key(key),
                   "relationship refers to product " + truncate_utf8(id, kMaxKeyInPath) +
                       ", which the product tree does not define");
        }
    }

    bool read_relationship(JsonObject object, CsafDocument& out) {
        CsafRelationship relationship;
        required_text_member(object, "category", relationship.category);
        required_text_member(object, "product_reference", relationship.product_reference);
        required_text_member(object, "relates_to_product_reference",
                             relationship.relates_to_product_reference);
        auto name = member(object, "full_product_name");
        JsonObject name_object;
        if (!name || name->get(name_object) != simdjson::SUCCESS) {
            report(Severity::kError, "csaf.missing_product_id", path_.with_key("full_product_name"),
                   "a relationship without a full_product_name object defines no product; it is "
                   "left out");
            return false;
        }
        auto scope = path_.key("full_product_name");
        auto product = read_product(name_object, CsafProductOrigin::kRelationship);
        if (!product) {
            return false;
        }
        relationship.product_id = product->product_id;
        relationship.name = product->name;
        add_product(std::move(*product), out);
        out.relationships.push_back(std::move(relationship));
        return true;
    }

    void read_group(JsonObject object, CsafDocument& out) {
        CsafProductGroup group;
        std::string_view id;
        auto value = member(object, "group_id");
        if (!value || value->get_string().get(id) != simdjson::SUCCESS || id.empty()) {
            report(Severity::kError, "csaf.missing_group_id", path_.with_key("group_id"),
                   "a product group without a group_id string cannot be referred to; it is left "
                   "out");
            return;
        }
        group.group_id = text(id, at_key("group_id"));
        text_member(object, "summary", group.summary);
        if (!member(object, "product_ids")) {
            missing("product_ids");
        }
        id_list_member(object, "product_ids", RefKind::kProduct, group.product_ids);
        if (!group_ids_.insert(group.group_id).second) {
            report(Severity::kError, "csaf.duplicate_group", path_.with_key("group_id"),
                   "product group " + truncate_utf8(group.group_id, kMaxKeyInPath) +
                       " is defined twice; the later definition is left out");
            return;
        }
        out.product_groups.push_back(std::move(group));
    }

    // --- vulnerabilities -------------------------------------------------------------------

    CsafVulnerability read_vulnerability(JsonObject object) {
        CsafVulnerability out;
        if (text_member(object, "cve", out.cve) && !is_cve_id(out.cve)) {
            report(Severity::kWarning, "csaf.bad_cve", path_.with_key("cve"),
                   "'" + truncate_utf8(out.cve, kMaxKeyInPath) +
                       "' is not of the form CVE-YYYY-NNNN; kept");
        }
        text_member(object, "title", out.title);
        if (auto cwe = object_member(object, "cwe")) {
            auto scope = path_.key("cwe");
            required_text_member(*cwe, "id", out.cwe_id);
            required_text_member(*cwe, "name", out.cwe_name);
        }
        date_member(object, "discovery_date", out.discovery_date);
        date_member(object, "release_date", out.release_date);
        if (auto ids = array_member(object, "ids")) {
            auto scope = path_.key("ids");
            std::size_t position = 0;
            for (JsonElement item : *ids) {
                auto index_scope = path_.index(position++);
                JsonObject id;
                if (!expect_object(item, id)) {
                    continue;
                }
                CsafVulnerabilityId entry;
                required_text_member(id, "system_name", entry.system_name);
                required_text_member(id, "text", entry.text);
                out.ids.push_back(std::move(entry));
            }
        }
        if (out.cve.empty() && out.ids.empty()) {
            warn("csaf.missing_vulnerability_id",
                 "the vulnerability has neither cve nor ids, so nothing can refer to it");
        }
        if (auto notes = array_member(object, "notes")) {
            out.notes_json = simdjson::to_string(*notes);
        }
        out.references = read_references(object);
        if (auto status = object_member(object, "product_status")) {
            auto scope = path_.key("product_status");
            for (auto field : *status) {
                const auto which = csaf_product_status_from_name(field.key);
                if (!which) {
                    report(Severity::kWarning, "csaf.unknown_status",
                           path_.with_key(truncate_utf8(field.key, kMaxKeyInPath)),
                           "'" + truncate_utf8(field.key, kMaxKeyInPath) +
                               "' is not a CSAF 2.0 product status; its products are ignored");
                    continue;
                }
                id_list(field.value, field.key, RefKind::kProduct,
                        out.product_status[static_cast<std::size_t>(*which)]);
            }
        }
        read_remediations(object, out.remediations);
        read_scores(object, out.scores);
        read_flags(object, out.flags);
        read_threats(object, out.threats);
        return out;
    }

    // Remediations, flags and threats apply to products, to groups, or to both.
    void read_targets(JsonObject object,
                      std::vector<std::string>& product_ids,
                      std::vector<std::string>& group_ids) {
        id_list_member(object, "product_ids", RefKind::kProduct, product_ids);
        id_list_member(object, "group_ids", RefKind::kGroup, group_ids);
        if (!member(object, "product_ids") && !member(object, "group_ids")) {
            warn("csaf.missing_field", "names neither product_ids nor group_ids");
        }
    }

    void read_remediations(JsonObject object, std::vector<CsafRemediation>& out) {
        auto values = array_member(object, "remediations");
        if (!values) {
            return;
        }
        auto scope = path_.key("remediations");
        std::size_t position = 0;
        for (JsonElement item : *values) {
            auto index_scope = path_.index(position++);
            JsonObject remediation;
            if (!expect_object(item, remediation)) {
                continue;
            }
            CsafRemediation entry;
            required_text_member(remediation, "category", entry.category);
            required_text_member(remediation, "details", entry.details);
            text_member(remediation, "url", entry.url);
            date_member(remediation, "date", entry.date);
            read_targets(remediation, entry.product_ids, entry.group_ids);
            out.push_back(std::move(entry));
        }
    }

    void read_cvss(JsonObject block,
                   CsafScoreScheme scheme,
                   const std::vector<std::string>& products,
                   std::vector<CsafScore>& out) {
        CsafScore score;
        score.scheme = scheme;
        score.product_ids = products;
        required_text_member(block, "version", score.version);
        required_text_member(block, "vectorString", score.vector);
        if (auto base = member(block, "baseScore")) {
            double value = 0;
            if (base->get_double().get(value) != simdjson::SUCCESS) {
                wrong_type(path_.with_key("baseScore"), "a number", *base);
            } else if (!(value >= 0.0 && value <= 10.0)) {
                report(Severity::kWarning, "csaf.bad_score", path_.with_key("baseScore"),
                       "base score " + std::to_string(value) + " is outside 0..10; left empty");
            } else {
                score.base_score = value;
            }
        } else {
            missing("baseScore");
        }
        if (scheme == CsafScoreScheme::kCvssV3) {
            required_text_member(block, "baseSeverity", score.base_severity);
        }
        out.push_back(std::move(score));
    }

    void read_scores(JsonObject object, std::vector<CsafScore>& out) {
        auto values = array_member(object, "scores");
        if (!values) {
            return;
        }
        auto scope = path_.key("scores");
        std::size_t position = 0;
        for (JsonElement item : *values) {
            auto index_scope = path_.index(position++);
            JsonObject entry;
            if (!expect_object(item, entry)) {
                continue;
            }
            std::vector<std::string> products;
            if (!member(entry, "products")) {
                missing("products");
            }
            id_list_member(entry, "products", RefKind::kProduct, products);
            auto v2 = object_member(entry, "cvss_v2");
            auto v3 = object_member(entry, "cvss_v3");
            if (v2) {
                auto scope_v2 = path_.key("cvss_v2");
                read_cvss(*v2, CsafScoreScheme::kCvssV2, products, out);
            }
            if (v3) {
                auto scope_v3 = path_.key("cvss_v3");
                read_cvss(*v3, CsafScoreScheme::kCvssV3, products, out);
            }
            if (!v2 && !v3) {
                warn("csaf.empty_score", "the score has neither cvss_v2 nor cvss_v3; ignored");
            }
        }
    }

    void read_flags(JsonObject object, std::vector<CsafFlag>& out) {
        auto values = array_member(object, "flags");
        if (!values) {
            return;
        }
        auto scope = path_.key("flags");
        std::size_t position = 0;
        for (JsonElement item : *values) {
            auto index_scope = path_.index(position++);
            JsonObject flag;
            if (!expect_object(item, flag)) {
                continue;
            }
            CsafFlag entry;
            required_text_member(flag, "label", entry.label);
            date_member(flag, "date", entry.date);
            read_targets(flag, entry.product_ids, entry.group_ids);
            out.push_back(std::move(entry));
        }
    }

    void read_threats(JsonObject object, std::vector<CsafThreat>& out) {
        auto values = array_member(object, "threats");
        if (!values) {
            return;
        }
        auto scope = path_.key("threats");
        std::size_t position = 0;
        for (JsonElement item : *values) {
            auto index_scope = path_.index(position++);
            JsonObject threat;
            if (!expect_object(item, threat)) {
                continue;
            }
            CsafThreat entry;
            required_text_member(threat, "category", entry.category);
            required_text_member(threat, "details", entry.details);
            date_member(threat, "date", entry.date);
            id_list_member(threat, "product_ids", RefKind::kProduct, entry.product_ids);
            id_list_member(threat, "group_ids", RefKind::kGroup, entry.group_ids);
            out.push_back(std::move(entry));
        }
    }

    std::string source_;
    Diagnostics& diagnostics_;
    JsonPath path_;
    StringSet product_ids_;
    StringSet group_ids_;
    std::size_t flatten_budget_;
    std::size_t flattened_bytes_ = 0;
};

}  // namespace

std::string_view csaf_product_origin_name(CsafProductOrigin origin) {
    switch (origin) {
        case CsafProductOrigin::kBranch:
            return "branch";
        case CsafProductOrigin::kFullProductName:
            return "full_product_name";
        case CsafProductOrigin::kRelationship:
            return "relationship";
    }
    return "branch";
}

std::string_view csaf_product_status_name(CsafProductStatus status) {
    return kStatusNames[static_cast<std::size_t>(status)];
}

std::optional<CsafProductStatus> csaf_product_status_from_name(std::string_view name) {
    for (std::size_t i = 0; i < kCsafProductStatusCount; ++i) {
        if (kStatusNames[i] == name) {
            return static_cast<CsafProductStatus>(i);
        }
    }
    return std::nullopt;
}

std::string_view csaf_score_scheme_name(CsafScoreScheme scheme) {
    return scheme == CsafScoreScheme::kCvssV2 ? "CVSS_V2" : "CVSS_V3";
}

std::vector<std::string> CsafDocument::cves() const {
    std::vector<std::string> out;
    out.reserve(vulnerabilities.size());
    for (const CsafVulnerability& vulnerability : vulnerabilities) {
        if (!vulnerability.cve.empty()) {
            out.push_back(vulnerability.cve);
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

struct CsafParser::State {
    simdjson::dom::parser json{kCsafMaxDocumentBytes};
};

CsafParser::CsafParser() : state_(std::make_unique<State>()) {}
CsafParser::~CsafParser() = default;
CsafParser::CsafParser(CsafParser&&) noexcept = default;
CsafParser& CsafParser::operator=(CsafParser&&) noexcept = default;

Result<CsafDocument> CsafParser::parse(InputFile& file, Diagnostics& diagnostics) {
    auto bytes = file.read_all(kCsafMaxDocumentBytes);
    if (!bytes) {
        return propagate(bytes.error());
    }
    return parse(*bytes, file.name(), diagnostics);
}

Result<CsafDocument> CsafParser::parse(std::string_view json,
                                       std::string_view source,
                                       Diagnostics& diagnostics) {
    if (json.size() > kCsafMaxDocumentBytes) {
        return make_error(ErrorCode::kInvalidArgument,
                          "larger than the " + std::to_string(kCsafMaxDocumentBytes >> 20) +
                              " MiB a CSAF document may have",
                          std::string(source));
    }
    try {
        JsonElement root;
        // The copy into simdjson's padded buffer reuses the parser's allocation.
        if (const auto error = state_->json.parse(json.data(), json.size(), true).get(root);
            error != simdjson::SUCCESS) {
            const std::string reason =
                error == simdjson::UTF8_ERROR
                    ? "not valid UTF-8"
                    : std::string("not valid JSON: ") + simdjson::error_message(error);
            return make_error(ErrorCode::kInvalidArgument, reason, std::string(source));
        }
        return DocumentReader(source, json.size(), diagnostics).read(root);
    } catch (const std::bad_alloc&) {
        return make_error(ErrorCode::kInternal, "out of memory while reading a CSAF document",
                          std::string(source));
    } catch (const std::exception& e) {
        return make_error(ErrorCode::kInternal,
                          std::string("unexpected failure reading a CSAF document: ") + e.what(),
                          std::string(source));
    }
}

Result<CsafDocument> parse_csaf_file(const std::string& path, Diagnostics& diagnostics) {
    auto file = InputFile::open(path);
    if (!file) {
        return propagate(file.error());
    }
    CsafParser parser;
    return parser.parse(*file, diagnostics);
}

}  // namespace wardround::vuln

// SPDX-License-Identifier: Apache-2.0
// What the CycloneDX and SPDX importers share: loading a whole SBOM into simdjson's DOM under a
// size ceiling, pointing at the byte where a broken document goes wrong, and reading the optional
// text fields that go into the inventory model with the shared diagnostics. Internal: the SPDX
// module links this one for it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <simdjson.h>

#include <wardround/core/diagnostic.h>
#include <wardround/core/input_file.h>
#include <wardround/core/result.h>
#include <wardround/inventory/observation.h>

namespace wardround::inventory::detail {

// An SBOM is one JSON document, parsed whole; this is the memory bound of both importers. The
// largest public SBOMs (container images with tens of thousands of packages) are under 100 MiB.
inline constexpr std::size_t kSbomMaxDocumentBytes = std::size_t{512} << 20;
// JSON nesting deeper than this is refused (simdjson's own limit).
inline constexpr std::size_t kSbomMaxDepth = 1024;
// A text field longer than this is not a name, version or identifier: it is dropped.
inline constexpr std::size_t kSbomMaxFieldBytes = 8192;

// Reads all of `file` and parses it into `parser`. Errors:
//   kInvalidArgument  larger than kSbomMaxDocumentBytes; not JSON, invalid UTF-8, nesting over
//                     kSbomMaxDepth, data after the document (where = "<file> byte N" or
//                     "<file> <path> (byte N)");
//   kDataLoss         the document ends early (truncated or empty), where as above;
//   InputFile's read errors.
// The file's bytes are released once parsed: the DOM holds its own copy of every string.
[[nodiscard]] Result<simdjson::dom::element> load_sbom_document(InputFile& file,
                                                                simdjson::dom::parser& parser);

// Explains why `json` is not one JSON document: the byte and path of the first fault, found by a
// small validator of our own because simdjson reports only an error code. kDataLoss when the text
// ends early, else kInvalidArgument. `error` is simdjson's verdict, used when the validator
// finds nothing (a number simdjson cannot represent).
[[nodiscard]] Error locate_json_error(std::string_view json,
                                      const std::string& source,
                                      simdjson::error_code error);

// "$.components[3]".
[[nodiscard]] std::string index_path(const std::string& parent, std::size_t index);
// "$.metadata.component", "$[\"bom-ref\"]".
[[nodiscard]] std::string member_path(const std::string& parent, std::string_view key);

// kInvalidArgument with where = "<source> <path>".
[[nodiscard]] tl::unexpected<Error> shape_error(const std::string& source,
                                                const std::string& path,
                                                std::string message);

// The array under `key` of the document's root: nullopt when absent or null, a shape error
// ("<key> is a string, not an array" at "$.<key>") when it is something else.
[[nodiscard]] Result<std::optional<simdjson::dom::array>> root_array(simdjson::dom::object root,
                                                                     std::string_view key,
                                                                     const std::string& source);

// "a string", "a number", "an array": for messages about wrong types.
[[nodiscard]] std::string_view json_type_name(simdjson::dom::element element);

// A CPE 2.3 formatted string or 2.2 URI as the canonical CPE 2.3 string, or the reason it is not
// one.
[[nodiscard]] Result<std::string> canonical_cpe(std::string_view text);

// Reads optional text members for the model, reporting what it cannot use and carrying on.
class FieldReader {
public:
    FieldReader(std::string source, Diagnostics& diagnostics)
        : source_(std::move(source)), diagnostics_(diagnostics) {}

    // The member `key` of `object` when present, else nullopt.
    [[nodiscard]] static std::optional<simdjson::dom::element> member(simdjson::dom::object object,
                                                                      std::string_view key);

    // The string at `key`, trimmed; "" when absent or null. A value of another type, longer than
    // kSbomMaxFieldBytes (inventory.bad_value), not UTF-8 or holding a control character
    // (inventory.bad_text) is reported as a warning at `path`.key and read as "".
    [[nodiscard]] std::string text(simdjson::dom::object object,
                                   std::string_view key,
                                   const std::string& path);
    // The same for a value already looked up; `location` is its path.
    [[nodiscard]] std::string text(simdjson::dom::element value,
                                   std::string_view label,
                                   const std::string& location);

    // A timestamp as canonical UTC text; inventory.bad_date (warning) and "" when unparseable.
    [[nodiscard]] std::string timestamp(simdjson::dom::object object,
                                        std::string_view key,
                                        const std::string& path);

    void add(Severity severity, std::string code, std::string location, std::string message) {
        diagnostics_.add(severity, std::move(code), source_, std::move(location),
                         std::move(message));
    }

    [[nodiscard]] const std::string& source() const { return source_; }

private:
    std::string source_;
    Diagnostics& diagnostics_;
};

// The whole of an SBOM import: loads `file` (load_sbom_document), has a `Reader` (constructed from
// the source name and `diagnostics`, with `Result<ObservedAsset> read(simdjson::dom::element,
// ObservedReport&)`) turn it into one asset, and hands that to `sink`. `format` names the report;
// `document` ("a CycloneDX document") names the input in the out-of-memory error. Errors: those of
// load_sbom_document and of the reader, kInternal when memory runs out, and the sink's.
template <typename Reader>
[[nodiscard]] Result<ObservedReport> parse_sbom(InputFile& file,
                                                Diagnostics& diagnostics,
                                                const AssetSink& sink,
                                                std::string format,
                                                std::string_view document) {
    ObservedReport report;
    report.format = std::move(format);
    ObservedAsset asset;
    try {
        simdjson::dom::parser parser(kSbomMaxDocumentBytes);
        auto root = load_sbom_document(file, parser);
        if (!root) {
            return propagate(root.error());
        }
        Reader reader(file.name(), diagnostics);
        auto read = reader.read(*root, report);
        if (!read) {
            return propagate(read.error());
        }
        asset = std::move(*read);
    } catch (const std::bad_alloc&) {
        return make_error(ErrorCode::kInternal,
                          "out of memory while reading " + std::string(document), file.name());
    }
    report.assets = 1;
    report.components = static_cast<std::int64_t>(asset.components.size());
    // The document's time is when its maker last saw the product: it orders this SBOM against
    // another of the same product (a re-import of an older one must not replace a newer one).
    asset.last_seen = report.observed_at;
    WARDROUND_TRY(sink(std::move(asset)));
    return report;
}

}  // namespace wardround::inventory::detail

// SPDX-License-Identifier: Apache-2.0
// Turns one NVD `cve` object, already split out of its file, into a CveRecord with simdjson's DOM
// parser (one parser reused for every record, so its buffers are allocated once).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <simdjson.h>

#include <wardround/core/diagnostic.h>
#include <wardround/core/result.h>
#include <wardround/vuln/nvd.h>

namespace wardround::vuln::detail {

// How the record is laid out in its element.
enum class RecordShape {
    kWrapped,  // {"cve": {...}}: API pages
    kBare,     // {...}: release files
    kEither,   // one-record files: bare, or wrapped when the root has "cve" and no "id"
};

// Where an element sits in its file; paths are built only when something is reported.
struct RecordPlace {
    std::string_view source;      // the file's name
    std::string_view array_path;  // "$.vulnerabilities"; "" for a one-record file
    std::size_t index = 0;
    std::uint64_t offset = 0;
    RecordShape shape = RecordShape::kWrapped;

    // "$.vulnerabilities[12]", or "$" for a one-record file.
    [[nodiscard]] std::string element_path() const;
};

class CveParser {
public:
    // Parses `json`, which must be followed by kJsonPadding readable bytes when `padded` (else it
    // is copied first), into `record`. Returns false when the record is skipped: an error
    // Diagnostic says why. Errors: kInvalidArgument when `json` is not well-formed JSON (kInternal
    // when simdjson cannot allocate), where = "<source> <element path> (byte N)".
    [[nodiscard]] Result<bool> parse(std::string_view json,
                                     bool padded,
                                     const RecordPlace& place,
                                     Diagnostics& diagnostics,
                                     CveRecord& record);

private:
    simdjson::dom::parser parser_;
};

}  // namespace wardround::vuln::detail

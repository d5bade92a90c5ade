// SPDX-License-Identifier: Apache-2.0
// OSCAL catalogues (XML or JSON, OSCAL 1.0 and 1.1) read into the framework model: groups become
// functions and categories, controls become controls and requirements, each with its title and its
// statement as written. Entries the catalogue marks withdrawn, or that the NIST CSF 2.0 catalogue
// carries over from CSF 1.1, are skipped and reported (diagnostic `framework.withdrawn`), never
// dropped silently. The rules are in docs/frameworks.md.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <wardround/assess/framework.h>
#include <wardround/core/diagnostic.h>
#include <wardround/core/result.h>

namespace wardround::assess {

enum class OscalFormat : std::uint8_t { kXml, kJson };

// What the caller may say about the catalogue, over what its metadata says.
struct OscalNaming {
    std::string id;       // "CSF"; empty: from the metadata (see docs/frameworks.md)
    std::string version;  // "2.0"; empty: from the metadata
};

struct FrameworkImport {
    Framework framework;  // kind `controls`
    OscalFormat format = OscalFormat::kXml;
    std::size_t skipped = 0;  // groups and controls left out (each one a diagnostic)
    Diagnostics diagnostics;
};

// Reads an OSCAL catalogue, telling XML from JSON by its first non-blank byte.
// Errors: kInvalidArgument for bytes that are neither, malformed XML or JSON, a document that is
// not a catalogue, a group or control without an id, an id used twice, or an id or version that
// is not valid (the caller can name them); the place is the file and the XML line (byte offset) or
// the JSON path.
[[nodiscard]] Result<FrameworkImport> parse_oscal_catalog(std::string_view bytes,
                                                          std::string_view file_name,
                                                          const OscalNaming& naming = {});

}  // namespace wardround::assess

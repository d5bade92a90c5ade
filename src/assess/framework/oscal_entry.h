// SPDX-License-Identifier: Apache-2.0
// What the XML and JSON readers of an OSCAL catalogue hand to the one builder that turns it into a
// framework, so the rules on types, withdrawn entries and CSF 2.0 live in one place.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <wardround/core/result.h>

namespace wardround::assess::detail {

// A group or a control, with only what the framework keeps or the rules look at.
struct OscalEntry {
    bool is_group = false;
    std::string id;
    std::string class_name;  // OSCAL `class`: "function", "category", "subcategory", "SP800-53"
    std::string title;
    std::vector<std::pair<std::string, std::string>> props;  // (name, value)
    bool has_statement = false;
    std::string statement;     // the prose of the part named "statement", sub-parts included
    bool has_example = false;  // a part named "example" (CSF 2.0's implementation examples)
    std::string place;         // "line 40" or "$.catalog.groups[0].controls[2]"
    std::vector<OscalEntry> children;
};

struct OscalCatalog {
    std::string title;
    std::string version;
    std::string published;
    std::string oscal_version;
    std::vector<std::pair<std::string, std::string>> props;  // the metadata's (name, value)
    std::vector<OscalEntry> entries;  // top-level groups and controls, in order
};

// Deeper than this is not a catalogue anyone publishes (NIST's go three levels down); refusing it
// keeps the recursive walks' stack bounded whatever the input.
inline constexpr std::size_t kMaxOscalDepth = 32;

// The two readers. Errors: kInvalidArgument, placed in the file ("catalog.xml line 40 (byte 1234)",
// "catalog.json $.catalog.groups[0]").
Result<OscalCatalog> read_oscal_xml(std::string_view bytes, std::string_view file_name);
Result<OscalCatalog> read_oscal_json(std::string_view bytes, std::string_view file_name);

// Collapses runs of white space to one space and trims: OSCAL prose is wrapped for the eye.
std::string normalise_space(std::string_view text);

}  // namespace wardround::assess::detail

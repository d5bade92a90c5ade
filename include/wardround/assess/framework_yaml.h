// SPDX-License-Identifier: Apache-2.0
// Framework libraries in YAML (docs/frameworks.md): a file is checked whole and refused whole, with
// an error naming the file, the line and the node's path. The built-in libraries in
// data/frameworks are compiled in and loaded base first, so that an extension finds its base.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <wardround/assess/framework.h>
#include <wardround/core/result.h>

namespace wardround::assess {

// Reads one library. `for_extends` resolves `extends`; it may be null when the file extends
// nothing. An extension's result holds a copy of its base's nodes (Node::defined_in naming the
// base) followed by its own, so that it can be walked and answered on its own.
// Errors: kInvalidArgument for a file that breaks the schema or a check ("caf-3.2.yaml line 212:
// A/A2/A2.b: ..."); kNotFound when `extends` names a framework the resolver does not have.
[[nodiscard]] Result<Framework> parse_framework_yaml(std::string_view text,
                                                     std::string_view file_name,
                                                     const FrameworkResolver* for_extends);

// Reads several libraries, each extension after its base whatever the order given, and checks
// that no two share a qualified id. Errors: as parse_framework_yaml, and kInvalidArgument for an
// id loaded twice or extensions that never find their base (a cycle or a missing file).
[[nodiscard]] Result<std::vector<Framework>> parse_framework_files(
    const std::vector<std::pair<std::string, std::string>>& files);  // (file name, YAML text)

// The libraries shipped in data/frameworks, as (file name, YAML text), by file name.
[[nodiscard]] const std::vector<std::pair<std::string, std::string>>& builtin_framework_files();

// The built-in libraries, loaded base first. Errors: as parse_framework_files (a bad built-in
// file is a bug the tests catch).
[[nodiscard]] Result<std::vector<Framework>> builtin_frameworks();

}  // namespace wardround::assess

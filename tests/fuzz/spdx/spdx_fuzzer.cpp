// SPDX-License-Identifier: Apache-2.0
// SPDX documents from arbitrary bytes: the checks shared with the other SBOM format are in
// tests/fuzz/sbom_checks.h.
#include <cstddef>
#include <cstdint>

#include <wardround/inventory/spdx.h>

#include "fuzz/sbom_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return wardround::fuzzing::fuzz_sbom(wardround::inventory::parse_spdx_json, data, size);
}

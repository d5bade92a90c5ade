// SPDX-License-Identifier: Apache-2.0
// CycloneDX documents from arbitrary bytes: the checks shared with the other SBOM format are in
// tests/fuzz/sbom_checks.h.
#include <cstddef>
#include <cstdint>

#include <wardround/inventory/cyclonedx.h>

#include "fuzz/sbom_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return wardround::fuzzing::fuzz_sbom(wardround::inventory::parse_cyclonedx_json, data, size);
}

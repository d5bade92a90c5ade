// SPDX-License-Identifier: Apache-2.0
// Any bytes through format detection and then the importer it picks, as `inventory import` does
// without --format: never crash, and a file is either refused or gives assets with an identity
// or a source key.
#include <cstdint>
#include <cstdlib>
#include <string>

#include <wardround/core/input_file.h>
#include <wardround/inventory/formats.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wardround;
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    auto file = InputFile::from_memory("fuzz", bytes);
    auto format = inventory::detect_inventory_format(file);
    if (!format) {
        return 0;
    }
    Diagnostics diagnostics;
    const auto sink = [](inventory::ObservedAsset&& asset) -> Status {
        for (const auto& component : asset.components) {
            if (component.product.empty() && component.cpe.empty() && component.purl.empty()) {
                std::abort();
            }
        }
        return {};
    };
    (void)inventory::parse_inventory(*format, file, diagnostics, sink);
    return 0;
}

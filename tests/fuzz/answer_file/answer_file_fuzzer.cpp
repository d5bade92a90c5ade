// SPDX-License-Identifier: Apache-2.0
// The answers file reader from arbitrary bytes: never crash, and whatever it accepts keeps its
// promises: every row names an item and an answer, once, in increasing line order.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>

#include <wardround/assess/answer_file.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    wardround::InputFile file = wardround::InputFile::from_memory(
        "fuzz.csv", std::string(reinterpret_cast<const char*>(data), size));
    auto read = wardround::assess::read_answer_file(file);
    if (!read) {
        if (read.error().where.rfind("fuzz.csv", 0) != 0) {
            std::abort();  // every refusal names the file
        }
        return 0;
    }
    std::set<std::string> items;
    std::size_t line = 0;
    for (const auto& row : read->rows) {
        if (row.item.empty() || row.value.empty() || !items.insert(row.item).second ||
            row.line <= line) {
            std::abort();
        }
        line = row.line;
    }
    return 0;
}

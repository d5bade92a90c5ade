// SPDX-License-Identifier: Apache-2.0
// Organisation CSV import from arbitrary bytes, into an in-memory SQLite database: never crash, and
// when the import fails the database holds nothing.
#include <cstdint>
#include <cstdlib>
#include <string>

#include <wardround/org/org_import.h>
#include <wardround/store/open.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto database = wardround::store::open_database(":memory:");
    if (!database) {
        std::abort();
    }
    wardround::InputFile file = wardround::InputFile::from_memory(
        "fuzz.csv", std::string(reinterpret_cast<const char*>(data), size));
    auto report = wardround::org::import_organisations(**database, file);
    if (!report) {
        auto rows = (*database)->query_value("SELECT COUNT(*) FROM organisation");
        if (!rows || !*rows || std::get<std::int64_t>(**rows) != 0) {
            std::abort();
        }
    }
    return 0;
}

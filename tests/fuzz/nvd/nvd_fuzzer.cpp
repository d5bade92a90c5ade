// SPDX-License-Identifier: Apache-2.0
// NVD files (pages, release files, one-record files) from arbitrary bytes: never crash, the same
// records and the same error whatever the chunk size, and every record returned is usable (a CVE
// id, a status, the configurations flag agreeing with the list, every cpeMatch with criteria).
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <wardround/core/identifiers.h>
#include <wardround/vuln/nvd.h>

namespace {

struct Outcome {
    std::vector<std::string> ids;
    std::size_t matches = 0;
    std::size_t diagnostics = 0;
    std::optional<wardround::Error> error;
};

void check(const wardround::vuln::CveRecord& record) {
    if (!wardround::is_cve_id(record.id) || record.vuln_status.empty() ||
        record.has_configurations == record.configurations.empty()) {
        std::abort();
    }
}

Outcome read(const std::string& bytes, std::size_t chunk) {
    wardround::InputFile file = wardround::InputFile::from_memory("fuzz", bytes);
    wardround::Diagnostics diagnostics;
    wardround::vuln::NvdReadOptions options;
    options.stream.chunk_bytes = chunk;
    options.stream.max_element_bytes = 1 << 20;
    Outcome out;
    auto reader = wardround::vuln::NvdReader::open(file, diagnostics, options);
    if (!reader) {
        out.error = reader.error();
        return out;
    }
    wardround::vuln::CveRecord record;
    for (;;) {
        auto more = reader->next(record);
        if (!more) {
            out.error = more.error();
            break;
        }
        if (!*more) {
            break;
        }
        check(record);
        out.ids.push_back(record.id);
        for (const auto& configuration : record.configurations) {
            for (const auto& node : configuration.nodes) {
                out.matches += node.matches.size();
            }
        }
    }
    out.diagnostics = diagnostics.total();
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    const Outcome whole = read(bytes, std::size_t{1} << 20);
    // Tiny chunks put boundaries everywhere; on large inputs they would only slow the search.
    const Outcome chunked = read(bytes, (size < 65536 ? 1 : 509) + size % 5);
    if (whole.ids != chunked.ids || whole.matches != chunked.matches ||
        whole.diagnostics != chunked.diagnostics ||
        whole.error.has_value() != chunked.error.has_value() ||
        (whole.error && whole.error->where != chunked.error->where)) {
        std::abort();
    }
    return 0;
}

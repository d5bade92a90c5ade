// SPDX-License-Identifier: Apache-2.0
// CSAF documents from arbitrary bytes: never crash, never fail without saying where, and every
// accepted document has what identifies it and products with distinct ids.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include <wardround/vuln/csaf.h>

namespace {

void check(const wardround::vuln::CsafDocument& document) {
    if (document.csaf_version != "2.0" || document.category.empty() ||
        document.publisher.namespace_uri.empty() || document.tracking.id.empty() ||
        document.tracking.version.empty() || document.tracking.status.empty()) {
        std::abort();
    }
    std::set<std::string_view> ids;
    for (const auto& product : document.products) {
        if (product.product_id.empty() || !ids.insert(product.product_id).second) {
            std::abort();
        }
    }
    (void)document.cves();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static wardround::vuln::CsafParser parser;  // reused, as an importer would
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    wardround::Diagnostics diagnostics;
    auto document = parser.parse(bytes, "fuzz", diagnostics);
    if (document) {
        check(*document);
    } else if (document.error().where.rfind("fuzz", 0) != 0) {
        std::abort();
    }
    return 0;
}

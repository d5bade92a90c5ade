// SPDX-License-Identifier: Apache-2.0
// What the fetcher accepts from a server before anything is written: an NVD page (any bytes a
// server or a proxy's error page might send) and a Retry-After header. Never crash; a page that
// passes must be JSON the NVD reader then accepts.
#include <cstdint>
#include <cstdlib>
#include <string>

#include <wardround/fetch/fetch.h>
#include <wardround/fetch/retry.h>
#include <wardround/vuln/nvd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string body(reinterpret_cast<const char*>(data), size);
    if (wardround::fetch::check_nvd_page(body, 0, 2000)) {
        wardround::InputFile file = wardround::InputFile::from_memory("page", body);
        wardround::Diagnostics diagnostics;
        auto reader = wardround::vuln::NvdReader::open(file, diagnostics);
        if (!reader) {
            std::abort();
        }
    }
    (void)wardround::fetch::parse_retry_after(body, wardround::Timestamp{1'700'000'000'000});
    return 0;
}

// SPDX-License-Identifier: Apache-2.0
// Feed kind detection looks at the first bytes of anything a user points it at: never crash, and a
// file that is not a feed always says why.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <wardround/vuln/feed_kind.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto detection = wardround::vuln::detect_feed_kind(
        std::string_view(reinterpret_cast<const char*>(data), size));
    if (!detection.kind && detection.note.empty()) {
        std::abort();
    }
    return 0;
}

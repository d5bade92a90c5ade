// SPDX-License-Identifier: Apache-2.0
// The fast matcher against the reference matcher on cases drawn from the fuzzer's bytes (one byte
// per choice of the differential test's generator, tests/unit/match_diff/diff_case.h): both must
// give the same outcome for every asset and CVE. On a disagreement the shrunk case is written to
// stderr in the case-file format before aborting, ready to add to tests/data/match.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "unit/match_diff/diff_case.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace testing = wardround::match::testing;
    testing::ByteChooser chooser(std::string_view(reinterpret_cast<const char*>(data), size));
    const testing::DiffCase diff_case = testing::generate_case(chooser, testing::agreed_shapes());
    auto differences = testing::compare_matchers(diff_case);
    if (!differences) {
        std::fprintf(stderr, "%s\n", differences.error().to_string().c_str());
        std::abort();
    }
    if (!differences->empty()) {
        const std::string text =
            testing::format_case(testing::shrink(diff_case), "differential case from the fuzzer");
        std::fprintf(stderr, "%s", text.c_str());
        std::abort();
    }
    return 0;
}

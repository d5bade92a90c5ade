// SPDX-License-Identifier: Apache-2.0
// Alpine versions: ordering not implemented yet; every version is refused rather than guessed.
#include <string_view>

#include "vuln/version/version_internal.h"

namespace wardround::vuln::detail {

Result<Version> parse_alpine(std::string_view /*text*/) {
    return make_error(ErrorCode::kUnimplemented, "ordering for alpine is not implemented");
}

int compare_alpine(const Version& /*a*/, const Version& /*b*/) {
    return 0;
}

}  // namespace wardround::vuln::detail

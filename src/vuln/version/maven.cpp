// SPDX-License-Identifier: Apache-2.0
// Maven versions: ordering not implemented yet; every version is refused rather than guessed.
#include <string_view>

#include "vuln/version/version_internal.h"

namespace wardround::vuln::detail {

Result<Version> parse_maven(std::string_view /*text*/) {
    return make_error(ErrorCode::kUnimplemented, "ordering for maven is not implemented");
}

int compare_maven(const Version& /*a*/, const Version& /*b*/) {
    return 0;
}

}  // namespace wardround::vuln::detail

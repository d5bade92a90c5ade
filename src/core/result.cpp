// SPDX-License-Identifier: Apache-2.0
#include <wardround/core/result.h>

namespace wardround {

std::string_view error_code_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return "invalid_argument";
        case ErrorCode::kNotFound:
            return "not_found";
        case ErrorCode::kAlreadyExists:
            return "already_exists";
        case ErrorCode::kFailedPrecondition:
            return "failed_precondition";
        case ErrorCode::kUnavailable:
            return "unavailable";
        case ErrorCode::kPermissionDenied:
            return "permission_denied";
        case ErrorCode::kDataLoss:
            return "data_loss";
        case ErrorCode::kInternal:
            return "internal";
        case ErrorCode::kUnimplemented:
            return "unimplemented";
    }
    return "internal";
}

std::string Error::to_string() const {
    if (where.empty()) {
        return message;
    }
    return where + ": " + message;
}

}  // namespace wardround

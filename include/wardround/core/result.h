// SPDX-License-Identifier: Apache-2.0
// Result<T>: the one way a Wardround operation reports that it could not complete.
// Errors carry a canonical code (mapped once to CLI exit status and, later, HTTP status), a message
// for people and the place in the input where it went wrong. Partial problems that do not stop the
// work are Diagnostics (diagnostic.h), not Errors.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace wardround {

// Modelled on absl::StatusCode; keep it small so every front end can map it with one table.
enum class ErrorCode {
    kInvalidArgument,     // the caller's input is wrong (bad file, bad option)
    kNotFound,            // a named thing does not exist
    kAlreadyExists,       //
    kFailedPrecondition,  // the system is not in a state to do this (schema too new, not
                          // initialised)
    kUnavailable,         // a service or network peer could not be reached; retrying may help
    kPermissionDenied,    //
    kDataLoss,            // stored data is corrupt or was truncated
    kInternal,            // a bug or an unexpected library failure
    kUnimplemented,       //
};

std::string_view error_code_name(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;  // for humans; never secrets or patient data
    std::string where;    // "nvd/2024.json $.vulnerabilities[12].cve.id (byte 4711)", "orgs.csv:7"

    // "where: message", or just the message when there is no place.
    [[nodiscard]] std::string to_string() const;
};

template <typename T>
using Result = tl::expected<T, Error>;
using Status = Result<void>;

inline tl::unexpected<Error> make_error(ErrorCode code,
                                        std::string message,
                                        std::string where = {}) {
    return tl::unexpected<Error>(Error{code, std::move(message), std::move(where)});
}

inline tl::unexpected<Error> propagate(Error error) {
    return tl::unexpected<Error>(std::move(error));
}

// Returns early with the error of a failed Result. The only macro of its kind in the project.
#define WARDROUND_TRY(expr)                                                          \
    do {                                                                             \
        auto&& wardround_try_result_ = (expr);                                       \
        if (!wardround_try_result_) {                                                \
            return ::wardround::propagate(std::move(wardround_try_result_).error()); \
        }                                                                            \
    } while (false)

}  // namespace wardround

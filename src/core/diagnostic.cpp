// SPDX-License-Identifier: Apache-2.0
#include <utility>

#include <wardround/core/diagnostic.h>

namespace wardround {

std::string_view severity_name(Severity severity) {
    switch (severity) {
        case Severity::kInfo:
            return "info";
        case Severity::kWarning:
            return "warning";
        case Severity::kError:
            return "error";
    }
    return "error";
}

void Diagnostics::add(Diagnostic diagnostic) {
    ++total_;
    ++by_severity_[static_cast<int>(diagnostic.severity)];
    std::size_t& seen = count_by_code_[diagnostic.code];
    ++seen;
    if (seen <= kept_per_code_) {
        kept_.push_back(std::move(diagnostic));
    }
}

void Diagnostics::add(Severity severity,
                      std::string code,
                      std::string source,
                      std::string location,
                      std::string message) {
    add(Diagnostic{severity, std::move(code), std::move(source), std::move(location),
                   std::move(message)});
}

std::size_t Diagnostics::count(Severity severity) const {
    return by_severity_[static_cast<int>(severity)];
}

}  // namespace wardround

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

void Diagnostics::merge(const Diagnostics& other) {
    std::map<std::string, std::size_t> kept_of_code;
    std::map<std::string, Severity> severity_of_code;
    for (const Diagnostic& diagnostic : other.kept_) {
        ++kept_of_code[diagnostic.code];
        severity_of_code.emplace(diagnostic.code, diagnostic.severity);
        add(diagnostic);
    }
    // Every counted code has at least one kept diagnostic, which gives its severity.
    for (const auto& [code, count] : other.count_by_code_) {
        const std::size_t only_counted = count - kept_of_code[code];
        count_by_code_[code] += only_counted;
        total_ += only_counted;
        by_severity_[static_cast<int>(severity_of_code[code])] += only_counted;
    }
}

std::size_t Diagnostics::count(Severity severity) const {
    return by_severity_[static_cast<int>(severity)];
}

}  // namespace wardround

// SPDX-License-Identifier: Apache-2.0
// Diagnostics: problems with part of an input that do not stop the work (Zeek's "weirds").
// Every rejected row or ignored field becomes one, with a stable code that tests, the database and
// people can rely on, so that nothing is ever dropped silently.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace wardround {

enum class Severity {
    kInfo,     // worth knowing, nothing lost (a KEV due date earlier than its date added)
    kWarning,  // part of a row was ignored (an unknown column, an unparseable optional field)
    kError,    // a row was rejected
};

std::string_view severity_name(Severity severity);

struct Diagnostic {
    Severity severity = Severity::kWarning;
    std::string code;      // stable, dotted: "kev.bad_date", "org.unknown_parent"
    std::string source;    // file or URL
    std::string location;  // "line 7", "$.vulnerabilities[3].dueDate"
    std::string message;
};

// Collects diagnostics with bounded memory: every one is counted, the first `kept_per_code` of each
// code are kept in full. A file with a million bad rows must not exhaust memory.
class Diagnostics {
public:
    explicit Diagnostics(std::size_t kept_per_code = 200) : kept_per_code_(kept_per_code) {}

    void add(Diagnostic diagnostic);
    void add(Severity severity,
             std::string code,
             std::string source,
             std::string location,
             std::string message);
    // Adds everything `other` holds: its kept diagnostics (within this one's limit) and the counts
    // of those it only counted. For work split across threads, each with its own Diagnostics.
    void merge(const Diagnostics& other);

    [[nodiscard]] const std::vector<Diagnostic>& kept() const { return kept_; }
    [[nodiscard]] const std::map<std::string, std::size_t>& count_by_code() const {
        return count_by_code_;
    }
    [[nodiscard]] std::size_t total() const { return total_; }
    [[nodiscard]] std::size_t count(Severity severity) const;
    [[nodiscard]] bool empty() const { return total_ == 0; }
    // True when a row was rejected: the front end then exits with "done with diagnostics".
    [[nodiscard]] bool has_errors() const { return count(Severity::kError) > 0; }

private:
    std::size_t kept_per_code_;
    std::vector<Diagnostic> kept_;
    std::map<std::string, std::size_t> count_by_code_;
    std::size_t total_ = 0;
    std::size_t by_severity_[3] = {0, 0, 0};
};

}  // namespace wardround

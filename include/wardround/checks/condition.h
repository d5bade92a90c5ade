// SPDX-License-Identifier: Apache-2.0
// The condition language of hygiene rules: a small expression over an asset's facts, written in a
// rule file's `when:` field, true when the problem the rule describes is present. docs/checks.md
// is its reference; in short:
//
//   expression  := or
//   or          := and ("or" and)*
//   and         := not ("and" not)*
//   not         := "not" not | comparison
//   comparison  := term [("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "contains") term]
//   term        := "(" expression ")" | call | fact | string | number | "true" | "false" | list
//   call        := name "(" [term ("," term)*] ")"        listening(445), count(hotfixes)
//   fact        := name ("." name)*                       os.family, fact.disk_encryption
//   list        := "[" [term ("," term)*] "]"             ["telnet", "ftp"]
//
// count(list) is the language's own; every other function and fact is the evaluator's.
//
// Logic is three-valued, as matching is: a fact the sources did not report is unknown, a
// comparison with an unknown side is unknown, and `and`/`or`/`not` follow Kleene. A rule whose
// condition is unknown for an asset is reported as not evaluable, never as passed.
//
// Conditions are checked when they are parsed: every fact and function must be one the evaluator
// provides (a FactCatalogue), with the right number of arguments, so a typo in a rule file is an
// error naming the rule, not a rule that silently never fires.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/result.h>

namespace wardround::checks {

enum class Verdict : std::uint8_t { kFalse, kTrue, kUnknown };

[[nodiscard]] std::string_view verdict_name(Verdict verdict);  // "false", "true", "unknown"

enum class ValueKind : std::uint8_t { kUnknown, kBool, kNumber, kText, kList };

// A fact's value for one asset, with where it came from ("Defender: defenderAvStatus Disabled",
// "build 19045 is Windows 10 22H2"), for explanations.
struct FactValue {
    ValueKind kind = ValueKind::kUnknown;
    bool boolean = false;
    double number = 0;
    std::string text;
    std::vector<std::string> list;
    std::string why;

    [[nodiscard]] static FactValue unknown(std::string why = {});
    [[nodiscard]] static FactValue of(bool value, std::string why = {});
    [[nodiscard]] static FactValue of(double value, std::string why = {});
    [[nodiscard]] static FactValue of(std::string value, std::string why = {});
    [[nodiscard]] static FactValue of(std::vector<std::string> values, std::string why = {});

    // "true", "3", "\"22H2\"", "[\"KB4012212\"]", "unknown".
    [[nodiscard]] std::string shown() const;
};

// What a condition may name: the facts and functions an evaluator provides.
struct FactSpec {
    std::string name;  // "os.family"
    ValueKind kind = ValueKind::kText;
    std::string description;
};
struct FunctionSpec {
    std::string name;  // "listening"
    std::size_t min_arguments = 0;
    std::size_t max_arguments = 0;
    ValueKind kind = ValueKind::kBool;
    std::string description;  // "listening(port[, protocol]): a service listens on the port"
};
struct FactCatalogue {
    std::vector<FactSpec> facts;
    std::vector<FunctionSpec> functions;

    [[nodiscard]] const FactSpec* fact(std::string_view name) const;
    [[nodiscard]] const FunctionSpec* function(std::string_view name) const;
};

// Gives one asset's facts to an evaluation.
class FactSource {
public:
    virtual ~FactSource() = default;
    [[nodiscard]] virtual FactValue fact(std::string_view name) const = 0;
    [[nodiscard]] virtual FactValue call(std::string_view function,
                                         std::span<const FactValue> arguments) const = 0;
};

// What a condition came to for one asset, and the facts it read on the way ("os.eol.ended =
// true (Windows 7: support ended 2020-01-14)"), in the order read.
struct ConditionResult {
    Verdict verdict = Verdict::kUnknown;
    std::vector<std::string> steps;
};

class Condition {
public:
    // Errors: kInvalidArgument with the column ("column 14: unknown fact 'os.nme'").
    [[nodiscard]] static Result<Condition> parse(std::string_view text,
                                                 const FactCatalogue& catalogue);

    Condition(Condition&&) noexcept;
    Condition& operator=(Condition&&) noexcept;
    Condition(const Condition&) = delete;
    Condition& operator=(const Condition&) = delete;
    ~Condition();

    [[nodiscard]] ConditionResult evaluate(const FactSource& facts) const;
    [[nodiscard]] const std::string& text() const;
    // The facts and functions it names, for documentation and for loading only what is needed.
    [[nodiscard]] const std::vector<std::string>& names() const;

    struct Node;

private:
    Condition(std::string text, std::unique_ptr<Node> root, std::vector<std::string> names);
    std::string text_;
    std::unique_ptr<Node> root_;
    std::vector<std::string> names_;
};

}  // namespace wardround::checks

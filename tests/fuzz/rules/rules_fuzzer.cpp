// SPDX-License-Identifier: Apache-2.0
// Rule files and conditions from arbitrary bytes: the input is parsed as a rule pack and, whole, as
// a condition. Nothing may crash; a condition that parses evaluates to one of the three verdicts
// against facts that are all unknown and against facts that are all known, and lists only steps
// that name what it read.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <wardround/checks/rule_pack.h>

namespace {

using wardround::checks::Condition;
using wardround::checks::FactCatalogue;
using wardround::checks::FactSource;
using wardround::checks::FactValue;
using wardround::checks::ValueKind;

const FactCatalogue& catalogue() {
    static const FactCatalogue kCatalogue = {
        {{"kind", ValueKind::kText, ""},
         {"os.build", ValueKind::kText, ""},
         {"os.support_ended", ValueKind::kBool, ""},
         {"days_since_seen", ValueKind::kNumber, ""},
         {"hotfixes", ValueKind::kList, ""}},
        {{"listening", 1, 2, ValueKind::kBool, ""}, {"mds2", 1, 1, ValueKind::kText, ""}}};
    return kCatalogue;
}

// Every fact known (of its catalogue kind) or every fact unknown.
class Facts : public FactSource {
public:
    explicit Facts(bool known) : known_(known) {}
    [[nodiscard]] FactValue fact(std::string_view name) const override {
        if (!known_) {
            return FactValue::unknown();
        }
        switch (catalogue().fact(name)->kind) {
            case ValueKind::kBool:
                return FactValue::of(true);
            case ValueKind::kNumber:
                return FactValue::of(3.0);
            case ValueKind::kList:
                return FactValue::of(std::vector<std::string>{"KB1", "kb2"});
            default:
                return FactValue::of(std::string("10.0.19045"));
        }
    }
    [[nodiscard]] FactValue call(std::string_view function,
                                 std::span<const FactValue> /*arguments*/) const override {
        if (!known_) {
            return FactValue::unknown();
        }
        return function == "mds2" ? FactValue::of(std::string("yes")) : FactValue::of(false);
    }

private:
    bool known_;
};

void check(const Condition& condition) {
    for (const bool known : {false, true}) {
        const auto result = condition.evaluate(Facts(known));
        if (static_cast<int>(result.verdict) > 2) {
            std::abort();
        }
        for (const std::string& step : result.steps) {
            if (step.find(" = ") == std::string::npos) {
                std::abort();
            }
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto pack = wardround::checks::parse_rule_pack(text, "fuzz.yaml", catalogue());
    if (pack) {
        for (const auto& rule : pack->rules) {
            check(rule.when);
        }
    } else if (pack.error().message.empty()) {
        std::abort();
    }
    auto condition = Condition::parse(text, catalogue());
    if (condition) {
        check(*condition);
    }
    return 0;
}

// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <utility>

#include <fmt/core.h>

#include <wardround/checks/condition.h>

namespace wardround::checks {

// ---- Values -------------------------------------------------------------------------------------

std::string_view verdict_name(Verdict verdict) {
    switch (verdict) {
        case Verdict::kFalse:
            return "false";
        case Verdict::kTrue:
            return "true";
        case Verdict::kUnknown:
            return "unknown";
    }
    return "unknown";
}

FactValue FactValue::unknown(std::string why) {
    FactValue value;
    value.why = std::move(why);
    return value;
}
FactValue FactValue::of(bool value, std::string why) {
    FactValue result;
    result.kind = ValueKind::kBool;
    result.boolean = value;
    result.why = std::move(why);
    return result;
}
FactValue FactValue::of(double value, std::string why) {
    FactValue result;
    result.kind = ValueKind::kNumber;
    result.number = value;
    result.why = std::move(why);
    return result;
}
FactValue FactValue::of(std::string value, std::string why) {
    FactValue result;
    result.kind = ValueKind::kText;
    result.text = std::move(value);
    result.why = std::move(why);
    return result;
}
FactValue FactValue::of(std::vector<std::string> values, std::string why) {
    FactValue result;
    result.kind = ValueKind::kList;
    result.list = std::move(values);
    result.why = std::move(why);
    return result;
}

std::string FactValue::shown() const {
    switch (kind) {
        case ValueKind::kUnknown:
            return "unknown";
        case ValueKind::kBool:
            return boolean ? "true" : "false";
        case ValueKind::kNumber:
            return fmt::format("{}", number);
        case ValueKind::kText:
            return "\"" + text + "\"";
        case ValueKind::kList: {
            std::string out = "[";
            for (std::size_t i = 0; i < list.size(); ++i) {
                out += (i == 0 ? "\"" : ", \"") + list[i] + "\"";
            }
            return out + "]";
        }
    }
    return "unknown";
}

const FactSpec* FactCatalogue::fact(std::string_view name) const {
    const auto found = std::find_if(facts.begin(), facts.end(),
                                    [&](const FactSpec& spec) { return spec.name == name; });
    return found == facts.end() ? nullptr : &*found;
}

const FunctionSpec* FactCatalogue::function(std::string_view name) const {
    const auto found = std::find_if(functions.begin(), functions.end(),
                                    [&](const FunctionSpec& spec) { return spec.name == name; });
    return found == functions.end() ? nullptr : &*found;
}

// ---- Syntax tree --------------------------------------------------------------------------------

struct Condition::Node {
    enum class Type { kOr, kAnd, kNot, kCompare, kFact, kCall, kCount, kLiteral, kList };
    Type type = Type::kLiteral;
    std::string name;  // fact or function name, or the comparison operator
    FactValue literal;
    ValueKind kind = ValueKind::kUnknown;  // what it evaluates to
    std::vector<std::unique_ptr<Node>> children;
};

namespace {

using Node = Condition::Node;

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view kind_name(ValueKind kind) {
    switch (kind) {
        case ValueKind::kUnknown:
            return "unknown";
        case ValueKind::kBool:
            return "true/false";
        case ValueKind::kNumber:
            return "a number";
        case ValueKind::kText:
            return "text";
        case ValueKind::kList:
            return "a list";
    }
    return "unknown";
}

// ---- Lexer --------------------------------------------------------------------------------------

struct Token {
    enum class Type { kEnd, kName, kString, kNumber, kSymbol };
    Type type = Type::kEnd;
    std::string text;
    std::size_t column = 0;  // 1-based
};

bool is_name_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}
bool is_name_char(char c) {
    return is_name_start(c) || std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '.';
}

class Lexer {
public:
    explicit Lexer(std::string_view text) : text_(text) {}

    Result<std::vector<Token>> tokens() {
        std::vector<Token> out;
        while (true) {
            skip_space();
            if (at_ >= text_.size()) {
                out.push_back({Token::Type::kEnd, "", at_ + 1});
                return out;
            }
            auto token = next();
            WARDROUND_TRY(token);
            out.push_back(std::move(*token));
        }
    }

private:
    void skip_space() {
        while (at_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[at_])) != 0) {
            ++at_;
        }
    }

    Result<Token> next() {
        const std::size_t start = at_;
        const char c = text_[at_];
        if (is_name_start(c)) {
            while (at_ < text_.size() && is_name_char(text_[at_])) {
                ++at_;
            }
            return Token{Token::Type::kName, std::string(text_.substr(start, at_ - start)),
                         start + 1};
        }
        if (std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '-') {
            return number(start);
        }
        if (c == '"' || c == '\'') {
            return string(start, c);
        }
        for (const std::string_view symbol : {"==", "!=", "<=", ">="}) {
            if (text_.substr(at_, 2) == symbol) {
                at_ += 2;
                return Token{Token::Type::kSymbol, std::string(symbol), start + 1};
            }
        }
        if (std::string_view("<>()[],").find(c) != std::string_view::npos) {
            ++at_;
            return Token{Token::Type::kSymbol, std::string(1, c), start + 1};
        }
        return error(start, fmt::format("unexpected character '{}'", c));
    }

    Result<Token> number(std::size_t start) {
        ++at_;
        while (at_ < text_.size() &&
               (std::isdigit(static_cast<unsigned char>(text_[at_])) != 0 || text_[at_] == '.')) {
            ++at_;
        }
        const std::string_view digits = text_.substr(start, at_ - start);
        double value = 0;
        const auto [end, code] =
            std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (code != std::errc() || end != digits.data() + digits.size()) {
            return error(start, fmt::format("'{}' is not a number", digits));
        }
        return Token{Token::Type::kNumber, std::string(digits), start + 1};
    }

    Result<Token> string(std::size_t start, char quote) {
        std::string value;
        for (++at_; at_ < text_.size(); ++at_) {
            const char c = text_[at_];
            if (c == quote) {
                ++at_;
                return Token{Token::Type::kString, std::move(value), start + 1};
            }
            if (c == '\\' && at_ + 1 < text_.size()) {
                ++at_;
            }
            value += text_[at_];
        }
        return error(start, "the text is not closed");
    }

    static tl::unexpected<Error> error(std::size_t at, std::string message) {
        return make_error(ErrorCode::kInvalidArgument,
                          fmt::format("column {}: {}", at + 1, std::move(message)));
    }

    std::string_view text_;
    std::size_t at_ = 0;
};

// ---- Parser -------------------------------------------------------------------------------------

class Parser {
public:
    Parser(std::vector<Token> tokens, const FactCatalogue& catalogue)
        : tokens_(std::move(tokens)), catalogue_(catalogue) {}

    Result<std::unique_ptr<Node>> parse() {
        auto root = expression();
        WARDROUND_TRY(root);
        if (peek().type != Token::Type::kEnd) {
            return error(peek(), fmt::format("unexpected '{}'", peek().text));
        }
        WARDROUND_TRY(expect_kind(**root, ValueKind::kBool, "the condition"));
        return std::move(*root);
    }

    std::vector<std::string> names() && { return std::move(names_); }

private:
    [[nodiscard]] const Token& peek() const { return tokens_[at_]; }
    const Token& take() { return tokens_[at_ < tokens_.size() - 1 ? at_++ : at_]; }
    [[nodiscard]] bool at_word(std::string_view word) const {
        return peek().type == Token::Type::kName && lower(peek().text) == word;
    }
    [[nodiscard]] bool at_symbol(std::string_view symbol) const {
        return peek().type == Token::Type::kSymbol && peek().text == symbol;
    }

    static tl::unexpected<Error> error(const Token& token, std::string message) {
        return make_error(ErrorCode::kInvalidArgument,
                          fmt::format("column {}: {}", token.column, std::move(message)));
    }

    [[nodiscard]] Status expect_kind(const Node& node,
                                     ValueKind kind,
                                     std::string_view what) const {
        if (node.kind != kind) {
            return error(
                tokens_[std::min(at_, tokens_.size() - 1)],
                fmt::format("{} must be {}, not {}", what, kind_name(kind), kind_name(node.kind)));
        }
        return {};
    }

    // Nesting is bounded so that no input can exhaust the stack; real conditions nest a few deep.
    [[nodiscard]] Status deeper() {
        constexpr int kMaxDepth = 64;
        if (++depth_ > kMaxDepth) {
            return error(peek(), "the condition nests too deep");
        }
        return {};
    }

    static std::unique_ptr<Node> join(Node::Type type,
                                      std::unique_ptr<Node> left,
                                      std::unique_ptr<Node> right) {
        auto node = std::make_unique<Node>();
        node->type = type;
        node->kind = ValueKind::kBool;
        node->children.push_back(std::move(left));
        node->children.push_back(std::move(right));
        return node;
    }

    Result<std::unique_ptr<Node>> expression() {
        return logical("or", Node::Type::kOr, [this] { return logical_and(); });
    }
    Result<std::unique_ptr<Node>> logical_and() {
        return logical("and", Node::Type::kAnd, [this] { return negation(); });
    }

    template <typename Next>
    Result<std::unique_ptr<Node>> logical(std::string_view word, Node::Type type, Next next) {
        auto left = next();
        WARDROUND_TRY(left);
        while (at_word(word)) {
            WARDROUND_TRY(
                expect_kind(**left, ValueKind::kBool, fmt::format("the left side of '{}'", word)));
            take();
            auto right = next();
            WARDROUND_TRY(right);
            WARDROUND_TRY(expect_kind(**right, ValueKind::kBool,
                                      fmt::format("the right side of '{}'", word)));
            left = join(type, std::move(*left), std::move(*right));
        }
        return left;
    }

    Result<std::unique_ptr<Node>> negation() {
        if (!at_word("not")) {
            return comparison();
        }
        WARDROUND_TRY(deeper());
        take();
        auto operand = negation();
        WARDROUND_TRY(operand);
        --depth_;
        WARDROUND_TRY(expect_kind(**operand, ValueKind::kBool, "what 'not' negates"));
        auto node = std::make_unique<Node>();
        node->type = Node::Type::kNot;
        node->kind = ValueKind::kBool;
        node->children.push_back(std::move(*operand));
        return node;
    }

    [[nodiscard]] std::string comparison_operator() const {
        if (peek().type == Token::Type::kSymbol &&
            (peek().text == "==" || peek().text == "!=" || peek().text == "<" ||
             peek().text == "<=" || peek().text == ">" || peek().text == ">=")) {
            return peek().text;
        }
        if (at_word("in") || at_word("contains")) {
            return lower(peek().text);
        }
        return {};
    }

    Result<std::unique_ptr<Node>> comparison() {
        auto left = term();
        WARDROUND_TRY(left);
        const std::string op = comparison_operator();
        if (op.empty()) {
            return left;
        }
        const Token& at = take();
        auto right = term();
        WARDROUND_TRY(right);
        WARDROUND_TRY(check_operands(op, **left, **right, at));
        auto node = join(Node::Type::kCompare, std::move(*left), std::move(*right));
        node->name = op;
        return node;
    }

    [[nodiscard]] Status check_operands(const std::string& op,
                                        const Node& left,
                                        const Node& right,
                                        const Token& at) const {
        if (op == "in") {
            if (right.kind != ValueKind::kList || left.kind == ValueKind::kList) {
                return error(at, "'in' needs a single value on its left and a list on its right");
            }
            return {};
        }
        if (op == "contains") {
            if ((left.kind != ValueKind::kText && left.kind != ValueKind::kList) ||
                right.kind == ValueKind::kList) {
                return error(at,
                             "'contains' needs text or a list on its left and one value on "
                             "its right");
            }
            return {};
        }
        if (left.kind == ValueKind::kList || right.kind == ValueKind::kList) {
            return error(at,
                         fmt::format("'{}' does not compare lists (use 'in' or 'contains')", op));
        }
        const bool ordering = op != "==" && op != "!=";
        if (ordering && (left.kind == ValueKind::kBool || right.kind == ValueKind::kBool)) {
            return error(at, fmt::format("'{}' does not order true/false", op));
        }
        if (left.kind == ValueKind::kBool && right.kind != ValueKind::kBool) {
            return error(
                at, fmt::format("'{}' compares true/false with {}", op, kind_name(right.kind)));
        }
        return {};
    }

    Result<std::unique_ptr<Node>> term() {
        const Token& token = peek();
        if (at_symbol("(")) {
            WARDROUND_TRY(deeper());
            take();
            auto inner = expression();
            WARDROUND_TRY(inner);
            --depth_;
            if (!at_symbol(")")) {
                return error(peek(), "')' expected");
            }
            take();
            return inner;
        }
        if (at_symbol("[")) {
            return list();
        }
        if (token.type == Token::Type::kString) {
            return literal(FactValue::of(std::string(take().text)));
        }
        if (token.type == Token::Type::kNumber) {
            return literal(FactValue::of(std::stod(take().text)));
        }
        if (at_word("true") || at_word("false")) {
            return literal(FactValue::of(lower(take().text) == "true"));
        }
        if (token.type == Token::Type::kName) {
            return name();
        }
        return error(token, token.type == Token::Type::kEnd
                                ? std::string("the condition ends too early")
                                : fmt::format("unexpected '{}'", token.text));
    }

    static std::unique_ptr<Node> literal(FactValue value) {
        auto node = std::make_unique<Node>();
        node->type = Node::Type::kLiteral;
        node->kind = value.kind;
        node->literal = std::move(value);
        return node;
    }

    Result<std::unique_ptr<Node>> list() {
        take();  // [
        std::vector<std::string> values;
        while (!at_symbol("]")) {
            const Token& token = take();
            if (token.type != Token::Type::kString && token.type != Token::Type::kNumber) {
                return error(token, "a list holds only text and numbers");
            }
            values.push_back(token.text);
            if (at_symbol(",")) {
                take();
            } else if (!at_symbol("]")) {
                return error(peek(), "',' or ']' expected");
            }
        }
        take();  // ]
        return literal(FactValue::of(std::move(values)));
    }

    Result<std::unique_ptr<Node>> name() {
        const Token& token = take();
        auto node = std::make_unique<Node>();
        node->name = token.text;
        if (!at_symbol("(")) {
            const FactSpec* spec = catalogue_.fact(token.text);
            if (spec == nullptr) {
                return error(token, fmt::format("unknown fact '{}'", token.text));
            }
            node->type = Node::Type::kFact;
            node->kind = spec->kind;
            note(token.text);
            return node;
        }
        if (token.text == "count") {
            return count(token);
        }
        const FunctionSpec* spec = catalogue_.function(token.text);
        if (spec == nullptr) {
            return error(token, fmt::format("unknown function '{}'", token.text));
        }
        take();  // (
        while (!at_symbol(")")) {
            auto argument = term();
            WARDROUND_TRY(argument);
            node->children.push_back(std::move(*argument));
            if (at_symbol(",")) {
                take();
            } else if (!at_symbol(")")) {
                return error(peek(), "',' or ')' expected");
            }
        }
        take();  // )
        if (node->children.size() < spec->min_arguments ||
            node->children.size() > spec->max_arguments) {
            return error(token, fmt::format("{}() takes {} to {} arguments, not {}", token.text,
                                            spec->min_arguments, spec->max_arguments,
                                            node->children.size()));
        }
        node->type = Node::Type::kCall;
        node->kind = spec->kind;
        note(token.text + "()");
        return node;
    }

    // count(list): the language's own function, the number of items of a list.
    Result<std::unique_ptr<Node>> count(const Token& token) {
        take();  // (
        auto argument = term();
        WARDROUND_TRY(argument);
        if ((*argument)->kind != ValueKind::kList || !at_symbol(")")) {
            return error(token, "count() takes one list");
        }
        take();  // )
        auto node = std::make_unique<Node>();
        node->type = Node::Type::kCount;
        node->kind = ValueKind::kNumber;
        node->children.push_back(std::move(*argument));
        return node;
    }

    void note(const std::string& name) {
        if (std::find(names_.begin(), names_.end(), name) == names_.end()) {
            names_.push_back(name);
        }
    }

    std::vector<Token> tokens_;
    std::size_t at_ = 0;
    int depth_ = 0;  // parentheses and 'not's open at this point
    const FactCatalogue& catalogue_;
    std::vector<std::string> names_;
};

// ---- Evaluation ---------------------------------------------------------------------------------

Verdict verdict_of(const FactValue& value) {
    if (value.kind != ValueKind::kBool) {
        return Verdict::kUnknown;
    }
    return value.boolean ? Verdict::kTrue : Verdict::kFalse;
}

FactValue value_of(Verdict verdict) {
    return verdict == Verdict::kUnknown ? FactValue::unknown()
                                        : FactValue::of(verdict == Verdict::kTrue);
}

std::optional<double> as_number(const FactValue& value) {
    if (value.kind == ValueKind::kNumber) {
        return value.number;
    }
    if (value.kind != ValueKind::kText || value.text.empty()) {
        return std::nullopt;
    }
    double number = 0;
    const char* end = value.text.data() + value.text.size();
    const auto [stop, code] = std::from_chars(value.text.data(), end, number);
    return code == std::errc() && stop == end ? std::optional<double>(number) : std::nullopt;
}

bool is_digit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// The run of digits starting at `at`, without leading zeros; moves `at` past it.
std::string_view digit_run(std::string_view text, std::size_t& at) {
    const std::size_t start = at;
    while (at < text.size() && is_digit(text[at])) {
        ++at;
    }
    std::string_view run = text.substr(start, at - start);
    run.remove_prefix(std::min(run.find_first_not_of('0'), run.size()));
    return run;
}

// Two runs of digits without leading zeros, as numbers of any length.
int compare_numbers(std::string_view x, std::string_view y) {
    if (x.size() != y.size()) {
        return x.size() < y.size() ? -1 : 1;
    }
    const int c = x.compare(y);
    return c == 0 ? 0 : (c < 0 ? -1 : 1);
}

// Text ordered segment by segment ("10.0.19045" < "10.0.22631", "2020-01-14" < "2023-10-10"):
// digit runs as numbers, the rest as lower-case text.
int compare_segments(std::string_view a, std::string_view b) {
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() && j < b.size()) {
        if (is_digit(a[i]) && is_digit(b[j])) {
            if (const int c = compare_numbers(digit_run(a, i), digit_run(b, j)); c != 0) {
                return c;
            }
            continue;
        }
        const auto ca = static_cast<char>(std::tolower(static_cast<unsigned char>(a[i++])));
        const auto cb = static_cast<char>(std::tolower(static_cast<unsigned char>(b[j++])));
        if (ca != cb) {
            return ca < cb ? -1 : 1;
        }
    }
    if (i < a.size() || j < b.size()) {
        return i < a.size() ? 1 : -1;
    }
    return 0;
}

int compare_values(const FactValue& a, const FactValue& b) {
    if (a.kind == ValueKind::kBool || b.kind == ValueKind::kBool) {
        return a.boolean == b.boolean ? 0 : (a.boolean ? 1 : -1);
    }
    const auto x = as_number(a);
    const auto y = as_number(b);
    if (x && y) {
        return *x == *y ? 0 : (*x < *y ? -1 : 1);
    }
    return compare_segments(a.kind == ValueKind::kNumber ? fmt::format("{}", a.number) : a.text,
                            b.kind == ValueKind::kNumber ? fmt::format("{}", b.number) : b.text);
}

bool same_text(std::string_view a, std::string_view b) {
    return lower(a) == lower(b);
}

Verdict compare(const std::string& op, const FactValue& left, const FactValue& right) {
    if (left.kind == ValueKind::kUnknown || right.kind == ValueKind::kUnknown) {
        return Verdict::kUnknown;
    }
    const auto verdict = [](bool holds) {
        return holds ? Verdict::kTrue : Verdict::kFalse;
    };
    if (op == "in") {
        const std::string shown =
            left.kind == ValueKind::kNumber ? fmt::format("{}", left.number) : left.text;
        return verdict(
            std::any_of(right.list.begin(), right.list.end(),
                        [&](const std::string& item) { return same_text(item, shown); }));
    }
    if (op == "contains") {
        if (left.kind == ValueKind::kList) {
            return verdict(std::any_of(left.list.begin(), left.list.end(), [&](const auto& item) {
                return same_text(item, right.text);
            }));
        }
        return verdict(lower(left.text).find(lower(right.text)) != std::string::npos);
    }
    const int order = compare_values(left, right);
    if (op == "==") {
        return verdict(order == 0);
    }
    if (op == "!=") {
        return verdict(order != 0);
    }
    if (op == "<") {
        return verdict(order < 0);
    }
    if (op == "<=") {
        return verdict(order <= 0);
    }
    if (op == ">") {
        return verdict(order > 0);
    }
    return verdict(order >= 0);
}

class Evaluator {
public:
    explicit Evaluator(const FactSource& facts) : facts_(facts) {}

    FactValue value(const Node& node) {
        switch (node.type) {
            case Node::Type::kOr:
            case Node::Type::kAnd:
                return logical(node);
            case Node::Type::kNot: {
                const Verdict inner = verdict_of(value(*node.children[0]));
                return inner == Verdict::kUnknown ? FactValue::unknown()
                                                  : FactValue::of(inner == Verdict::kFalse);
            }
            case Node::Type::kCompare:
                return value_of(
                    compare(node.name, value(*node.children[0]), value(*node.children[1])));
            case Node::Type::kFact:
                return read(node.name, facts_.fact(node.name));
            case Node::Type::kCall:
                return call(node);
            case Node::Type::kCount: {
                const FactValue list = value(*node.children[0]);
                return list.kind == ValueKind::kList
                           ? FactValue::of(static_cast<double>(list.list.size()))
                           : FactValue::unknown();
            }
            case Node::Type::kLiteral:
            case Node::Type::kList:
                return node.literal;
        }
        return FactValue::unknown();
    }

    std::vector<std::string> steps() && { return std::move(steps_); }

private:
    // Both sides are evaluated even when the first decides, so that the explanation lists every
    // fact the rule depends on.
    FactValue logical(const Node& node) {
        const Verdict a = verdict_of(value(*node.children[0]));
        const Verdict b = verdict_of(value(*node.children[1]));
        const bool is_and = node.type == Node::Type::kAnd;
        const Verdict dominant = is_and ? Verdict::kFalse : Verdict::kTrue;
        if (a == dominant || b == dominant) {
            return value_of(dominant);
        }
        if (a == Verdict::kUnknown || b == Verdict::kUnknown) {
            return FactValue::unknown();
        }
        return value_of(is_and ? Verdict::kTrue : Verdict::kFalse);
    }

    FactValue call(const Node& node) {
        std::vector<FactValue> arguments;
        std::string shown;
        for (const auto& child : node.children) {
            arguments.push_back(value(*child));
            shown += (shown.empty() ? "" : ", ") + arguments.back().shown();
        }
        return read(node.name + "(" + shown + ")", facts_.call(node.name, arguments));
    }

    FactValue read(const std::string& name, FactValue value) {
        std::string step = name + " = " + value.shown();
        if (!value.why.empty()) {
            step += " (" + value.why + ")";
        }
        if (std::find(steps_.begin(), steps_.end(), step) == steps_.end()) {
            steps_.push_back(std::move(step));
        }
        return value;
    }

    const FactSource& facts_;
    std::vector<std::string> steps_;
};

}  // namespace

// ---- Condition ----------------------------------------------------------------------------------

Condition::Condition(std::string text, std::unique_ptr<Node> root, std::vector<std::string> names)
    : text_(std::move(text)), root_(std::move(root)), names_(std::move(names)) {}
Condition::Condition(Condition&&) noexcept = default;
Condition& Condition::operator=(Condition&&) noexcept = default;
Condition::~Condition() = default;

Result<Condition> Condition::parse(std::string_view text, const FactCatalogue& catalogue) {
    auto tokens = Lexer(text).tokens();
    WARDROUND_TRY(tokens);
    Parser parser(std::move(*tokens), catalogue);
    auto root = parser.parse();
    WARDROUND_TRY(root);
    return Condition(std::string(text), std::move(*root), std::move(parser).names());
}

ConditionResult Condition::evaluate(const FactSource& facts) const {
    Evaluator evaluator(facts);
    const Verdict verdict = verdict_of(evaluator.value(*root_));
    return {verdict, std::move(evaluator).steps()};
}

const std::string& Condition::text() const {
    return text_;
}

const std::vector<std::string>& Condition::names() const {
    return names_;
}

}  // namespace wardround::checks

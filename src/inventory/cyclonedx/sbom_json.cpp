// SPDX-License-Identifier: Apache-2.0
#include "inventory/cyclonedx/sbom_json.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include <wardround/core/json_stream.h>
#include <wardround/core/text.h>
#include <wardround/core/time.h>
#include <wardround/vuln/cpe.h>

namespace wardround::inventory::detail {
namespace {

// Length of the well-formed UTF-8 sequence at `pos`, or 0 (overlongs, surrogates and code points
// above U+10FFFF are not well formed).
std::size_t utf8_sequence(std::string_view text, std::size_t pos) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (lead < 0x80) {
        return 1;
    }
    std::size_t length = 0;
    std::uint32_t code_point = 0;
    if ((lead & 0xE0U) == 0xC0U) {
        length = 2;
        code_point = lead & 0x1FU;
    } else if ((lead & 0xF0U) == 0xE0U) {
        length = 3;
        code_point = lead & 0x0FU;
    } else if ((lead & 0xF8U) == 0xF0U) {
        length = 4;
        code_point = lead & 0x07U;
    } else {
        return 0;
    }
    if (pos + length > text.size()) {
        return 0;
    }
    for (std::size_t i = 1; i < length; ++i) {
        const auto next = static_cast<unsigned char>(text[pos + i]);
        if ((next & 0xC0U) != 0x80U) {
            return 0;
        }
        code_point = (code_point << 6U) | (next & 0x3FU);
    }
    const bool overlong = (length == 2 && code_point < 0x80) ||
                          (length == 3 && code_point < 0x800) ||
                          (length == 4 && code_point < 0x10000);
    if (overlong || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
        return 0;
    }
    return length;
}

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// A strict JSON validator (RFC 8259) that stops at the first fault and says where it is. It runs
// only after simdjson has refused a document, so it favours clear messages over speed.
class JsonLocator {
public:
    explicit JsonLocator(std::string_view json) : json_(json) {}

    // True when a fault was found; then offset(), message(), truncated() and path() describe it.
    bool find_fault() {
        // simdjson skips a UTF-8 byte order mark; so does this.
        if (json_.substr(0, 3) == "\xEF\xBB\xBF") {
            pos_ = 3;
        }
        skip_space();
        if (pos_ >= json_.size()) {
            fail_at_end("the document is empty");
            return true;
        }
        if (!value(0)) {
            return true;
        }
        skip_space();
        if (pos_ < json_.size()) {
            fail("data after the end of the JSON document");
            return true;
        }
        return false;
    }

    [[nodiscard]] std::size_t offset() const { return pos_; }
    [[nodiscard]] const std::string& message() const { return message_; }
    [[nodiscard]] bool truncated() const { return truncated_; }
    [[nodiscard]] std::string path() const {
        std::string path = "$";
        for (const std::string& segment : path_) {
            path += segment;
        }
        return path;
    }

private:
    bool fail(std::string message) {
        message_ = std::move(message);
        return false;
    }
    bool fail_at_end(std::string expected) {
        truncated_ = true;
        pos_ = json_.size();
        message_ = "the document ends early (truncated?): " + std::move(expected);
        return false;
    }
    // Fails at the current byte, or as truncated when the input has ended.
    bool unexpected(const std::string& expected) {
        if (pos_ >= json_.size()) {
            return fail_at_end(expected);
        }
        const auto byte = static_cast<unsigned char>(json_[pos_]);
        std::string found;
        if (byte >= 0x20 && byte < 0x7F) {
            found = std::string("'") + json_[pos_] + "'";
        } else {
            static constexpr std::string_view kHex = "0123456789ABCDEF";
            found = std::string("byte 0x") + kHex[byte >> 4U] + kHex[byte & 0x0FU];
        }
        return fail(expected + ", not " + found);
    }

    void skip_space() {
        while (pos_ < json_.size() && (json_[pos_] == ' ' || json_[pos_] == '\t' ||
                                       json_[pos_] == '\n' || json_[pos_] == '\r')) {
            ++pos_;
        }
    }

    bool value(std::size_t depth) {
        skip_space();
        if (pos_ >= json_.size()) {
            return fail_at_end("a value was expected");
        }
        switch (json_[pos_]) {
            case '{':
            case '[':
                if (depth >= kSbomMaxDepth) {
                    return fail("nested deeper than " + std::to_string(kSbomMaxDepth) + " levels");
                }
                return json_[pos_] == '{' ? object(depth + 1) : array(depth + 1);
            case '"':
                return string(nullptr);
            case 't':
                return literal("true");
            case 'f':
                return literal("false");
            case 'n':
                return literal("null");
            default:
                if (json_[pos_] == '-' || is_digit(json_[pos_])) {
                    return number();
                }
                return unexpected("a value was expected");
        }
    }

    bool object(std::size_t depth) {
        ++pos_;
        skip_space();
        if (pos_ < json_.size() && json_[pos_] == '}') {
            ++pos_;
            return true;
        }
        for (;;) {
            skip_space();
            if (pos_ >= json_.size() || json_[pos_] != '"') {
                return unexpected("a member name in double quotes was expected");
            }
            std::string key;
            if (!string(&key)) {
                return false;
            }
            skip_space();
            if (pos_ >= json_.size() || json_[pos_] != ':') {
                return unexpected("':' was expected after the member name");
            }
            ++pos_;
            path_.push_back(json_member_path("", key));
            if (!value(depth)) {
                return false;
            }
            path_.pop_back();
            skip_space();
            if (pos_ < json_.size() && json_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (pos_ < json_.size() && json_[pos_] == '}') {
                ++pos_;
                return true;
            }
            return unexpected("',' or '}' was expected");
        }
    }

    bool array(std::size_t depth) {
        ++pos_;
        skip_space();
        if (pos_ < json_.size() && json_[pos_] == ']') {
            ++pos_;
            return true;
        }
        for (std::size_t index = 0;; ++index) {
            path_.push_back("[" + std::to_string(index) + "]");
            if (!value(depth)) {
                return false;
            }
            path_.pop_back();
            skip_space();
            if (pos_ < json_.size() && json_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (pos_ < json_.size() && json_[pos_] == ']') {
                ++pos_;
                return true;
            }
            return unexpected("',' or ']' was expected");
        }
    }

    // A \uXXXX escape at pos_ (just after the backslash and 'u'); its value in `unit`.
    bool hex4(std::uint32_t& unit) {
        unit = 0;
        for (int i = 0; i < 4; ++i) {
            if (pos_ >= json_.size() || !is_hex(json_[pos_])) {
                return unexpected("four hex digits were expected after \\u");
            }
            const char c = json_[pos_];
            const std::uint32_t digit = is_digit(c) ? static_cast<std::uint32_t>(c - '0')
                                        : (c >= 'a' && c <= 'f')
                                            ? static_cast<std::uint32_t>(c - 'a' + 10)
                                            : static_cast<std::uint32_t>(c - 'A' + 10);
            unit = (unit << 4U) | digit;
            ++pos_;
        }
        return true;
    }

    bool escape() {
        ++pos_;  // the backslash
        if (pos_ >= json_.size()) {
            return fail_at_end("an escape was expected");
        }
        const char c = json_[pos_];
        if (c != 'u') {
            if (std::string_view("\"\\/bfnrt").find(c) == std::string_view::npos) {
                return unexpected("an escape character was expected after '\\'");
            }
            ++pos_;
            return true;
        }
        ++pos_;
        std::uint32_t unit = 0;
        const std::size_t start = pos_ - 2;
        if (!hex4(unit)) {
            return false;
        }
        if (unit >= 0xDC00 && unit <= 0xDFFF) {
            pos_ = start;
            return fail("a lone low surrogate escape");
        }
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            if (json_.substr(pos_, 2) != "\\u") {
                pos_ = start;
                return fail("a high surrogate escape without its low half");
            }
            pos_ += 2;
            std::uint32_t low = 0;
            if (!hex4(low)) {
                return false;
            }
            if (low < 0xDC00 || low > 0xDFFF) {
                pos_ = start;
                return fail("a high surrogate escape without its low half");
            }
        }
        return true;
    }

    // A string at pos_ (on its opening quote); its decoded text in `decoded` when asked for.
    bool string(std::string* decoded) {
        const std::size_t start = pos_;
        ++pos_;
        for (;;) {
            if (pos_ >= json_.size()) {
                return fail_at_end("the string is not closed");
            }
            const auto byte = static_cast<unsigned char>(json_[pos_]);
            if (byte == '"') {
                ++pos_;
                break;
            }
            if (byte == '\\') {
                if (!escape()) {
                    return false;
                }
                continue;
            }
            if (byte < 0x20) {
                return fail("a control character inside a string (it must be escaped)");
            }
            const std::size_t length = utf8_sequence(json_, pos_);
            if (length == 0) {
                return fail("not valid UTF-8");
            }
            pos_ += length;
        }
        if (decoded != nullptr) {
            const std::string_view raw = json_.substr(start, pos_ - start);
            auto text = decode_json_string(raw);
            *decoded = text ? *text : std::string(raw.substr(1, raw.size() - 2));
        }
        return true;
    }

    bool digits(const char* expected) {
        if (pos_ >= json_.size() || !is_digit(json_[pos_])) {
            return unexpected(expected);
        }
        while (pos_ < json_.size() && is_digit(json_[pos_])) {
            ++pos_;
        }
        return true;
    }

    bool number() {
        if (json_[pos_] == '-') {
            ++pos_;
        }
        if (pos_ < json_.size() && json_[pos_] == '0') {
            ++pos_;
        } else if (!digits("a digit was expected")) {
            return false;
        }
        if (pos_ < json_.size() && json_[pos_] == '.') {
            ++pos_;
            if (!digits("a digit was expected after '.'")) {
                return false;
            }
        }
        if (pos_ < json_.size() && (json_[pos_] == 'e' || json_[pos_] == 'E')) {
            ++pos_;
            if (pos_ < json_.size() && (json_[pos_] == '+' || json_[pos_] == '-')) {
                ++pos_;
            }
            if (!digits("a digit was expected in the exponent")) {
                return false;
            }
        }
        return true;
    }

    bool literal(std::string_view word) {
        const std::string_view rest = json_.substr(pos_, word.size());
        if (rest == word) {
            pos_ += word.size();
            return true;
        }
        if (rest.size() < word.size() && word.substr(0, rest.size()) == rest) {
            return fail_at_end("'" + std::string(word) + "' was expected");
        }
        return unexpected("a value was expected");
    }

    std::string_view json_;
    std::size_t pos_ = 0;
    std::vector<std::string> path_;
    std::string message_;
    bool truncated_ = false;
};

}  // namespace

Error locate_json_error(std::string_view json,
                        const std::string& source,
                        simdjson::error_code error) {
    JsonLocator locator(json);
    if (!locator.find_fault()) {
        return Error{ErrorCode::kInvalidArgument,
                     std::string("not valid JSON: ") + simdjson::error_message(error), source};
    }
    const std::string path = locator.path();
    const std::string byte = "byte " + std::to_string(locator.offset());
    std::string where = path == "$" ? source + " " + byte : source + " " + path + " (" + byte + ")";
    const std::string message = locator.message() == "not valid UTF-8"
                                    ? locator.message()
                                    : "not valid JSON: " + locator.message();
    return Error{locator.truncated() ? ErrorCode::kDataLoss : ErrorCode::kInvalidArgument, message,
                 std::move(where)};
}

Result<simdjson::dom::element> load_sbom_document(InputFile& file, simdjson::dom::parser& parser) {
    auto bytes = file.read_all(kSbomMaxDocumentBytes);
    if (!bytes) {
        return propagate(bytes.error());
    }
    const std::size_t size = bytes->size();
    // simdjson reads up to SIMDJSON_PADDING bytes past the end; giving it them avoids a copy.
    bytes->resize(size + simdjson::SIMDJSON_PADDING, ' ');
    simdjson::dom::element root;
    if (const auto error = parser.parse(bytes->data(), size, false).get(root);
        error != simdjson::SUCCESS) {
        return tl::unexpected<Error>(
            locate_json_error(std::string_view(bytes->data(), size), file.name(), error));
    }
    return root;
}

std::string index_path(const std::string& parent, std::size_t index) {
    return parent + "[" + std::to_string(index) + "]";
}

std::string member_path(const std::string& parent, std::string_view key) {
    return json_member_path(parent, key);
}

tl::unexpected<Error> shape_error(const std::string& source,
                                  const std::string& path,
                                  std::string message) {
    return make_error(ErrorCode::kInvalidArgument, std::move(message), source + " " + path);
}

Result<std::optional<simdjson::dom::array>> root_array(simdjson::dom::object root,
                                                       std::string_view key,
                                                       const std::string& source) {
    simdjson::dom::element value;
    if (root.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) {
        return std::optional<simdjson::dom::array>{};
    }
    simdjson::dom::array array;
    if (value.get_array().get(array) != simdjson::SUCCESS) {
        return shape_error(
            source, member_path("$", key),
            std::string(key) + " is " + std::string(json_type_name(value)) + ", not an array");
    }
    return std::optional<simdjson::dom::array>{array};
}

std::string_view json_type_name(simdjson::dom::element element) {
    switch (element.type()) {
        case simdjson::dom::element_type::ARRAY:
            return "an array";
        case simdjson::dom::element_type::OBJECT:
            return "an object";
        case simdjson::dom::element_type::INT64:
        case simdjson::dom::element_type::UINT64:
        case simdjson::dom::element_type::DOUBLE:
            return "a number";
        case simdjson::dom::element_type::STRING:
            return "a string";
        case simdjson::dom::element_type::BOOL:
            return "a boolean";
        case simdjson::dom::element_type::NULL_VALUE:
            break;
    }
    return "null";
}

Result<std::string> canonical_cpe(std::string_view text) {
    if (starts_with_icase(text, "cpe:/")) {
        auto cpe = vuln::parse_cpe22_uri(text);
        if (!cpe) {
            return propagate(cpe.error());
        }
        return vuln::to_cpe23(*cpe);
    }
    auto cpe = vuln::parse_cpe23(text);
    if (!cpe) {
        return propagate(cpe.error());
    }
    return vuln::to_cpe23(*cpe);
}

std::optional<simdjson::dom::element> FieldReader::member(simdjson::dom::object object,
                                                          std::string_view key) {
    simdjson::dom::element value;
    if (object.at_key(key).get(value) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    return value;
}

std::string FieldReader::text(simdjson::dom::object object,
                              std::string_view key,
                              const std::string& path) {
    const auto value = member(object, key);
    if (!value) {
        return {};
    }
    return text(*value, key, member_path(path, key));
}

std::string FieldReader::text(simdjson::dom::element value,
                              std::string_view label,
                              const std::string& location) {
    if (value.is_null()) {
        return {};
    }
    std::string_view content;
    if (value.get_string().get(content) != simdjson::SUCCESS) {
        add(Severity::kWarning, "inventory.bad_value", location,
            std::string(label) + " is " + std::string(json_type_name(value)) +
                ", not a string; ignored");
        return {};
    }
    if (content.size() > kSbomMaxFieldBytes) {
        add(Severity::kWarning, "inventory.bad_value", location,
            std::string(label) + " of " + std::to_string(content.size()) +
                " bytes is longer than the " + std::to_string(kSbomMaxFieldBytes) +
                " a name, version or identifier may have; ignored");
        return {};
    }
    if (!is_valid_utf8(content)) {
        add(Severity::kWarning, "inventory.bad_text", location,
            std::string(label) + " is not valid UTF-8; ignored");
        return {};
    }
    // Escapes can smuggle control characters into a name; a NUL cannot even be stored in a
    // PostgreSQL text column.
    const bool has_control = std::any_of(content.begin(), content.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
    });
    if (has_control) {
        add(Severity::kWarning, "inventory.bad_text", location,
            std::string(label) + " contains a control character; ignored");
        return {};
    }
    return std::string(trim(content));
}

std::string FieldReader::timestamp(simdjson::dom::object object,
                                   std::string_view key,
                                   const std::string& path) {
    const std::string text_value = text(object, key, path);
    if (text_value.empty()) {
        return {};
    }
    auto parsed = parse_timestamp(text_value);
    if (!parsed) {
        add(Severity::kWarning, "inventory.bad_date", member_path(path, key),
            std::string(key) + " '" + truncate_utf8(text_value, 64) +
                "' is not an ISO 8601 date-time; ignored");
        return {};
    }
    return format_timestamp(*parsed);
}

}  // namespace wardround::inventory::detail

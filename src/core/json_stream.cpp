// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <wardround/core/json_stream.h>
#include <wardround/core/text.h>

namespace wardround {
namespace {

// The splitter is a state machine whose state (inside a string, after a backslash, the stack of
// open brackets) survives refills, so a chunk boundary may fall anywhere, even between a backslash
// and the character it escapes. Only four things matter for splitting: quotes, backslashes inside
// strings, brackets outside strings and, between elements, whitespace and separators. The hot
// loops skip everything else.
constexpr std::array<bool, 256> make_table(std::string_view bytes) {
    std::array<bool, 256> table{};
    for (char c : bytes) {
        table[static_cast<unsigned char>(c)] = true;
    }
    return table;
}
constexpr std::array<bool, 256> kStringStop = make_table("\"\\");
constexpr std::array<bool, 256> kStructural = make_table("\"{}[]");

// The first byte in [p, stop) that `table` marks, or stop. With SSE2 (every x86-64) sixteen bytes
// are tested at once: NVD records are mostly long strings and indentation, so this loop is where
// the splitter spends its time.
template <std::size_t N>
const char* find_first(const char* p,
                       const char* stop,
                       const std::array<bool, 256>& table,
                       const std::array<char, N>& bytes) {
#if defined(__SSE2__)
    __m128i wanted[N];  // a C array: std::array would drop the vector type's attributes
    for (std::size_t i = 0; i < N; ++i) {
        wanted[i] = _mm_set1_epi8(bytes[i]);
    }
    while (stop - p >= 16) {
        __m128i block;
        std::memcpy(&block, p, sizeof block);
        __m128i hits = _mm_cmpeq_epi8(block, wanted[0]);
        for (std::size_t i = 1; i < N; ++i) {
            hits = _mm_or_si128(hits, _mm_cmpeq_epi8(block, wanted[i]));
        }
        const int mask = _mm_movemask_epi8(hits);
        if (mask != 0) {
            return p + __builtin_ctz(static_cast<unsigned>(mask));
        }
        p += 16;
    }
#else
    (void)bytes;
#endif
    while (p < stop && !table[static_cast<unsigned char>(*p)]) {
        ++p;
    }
    return p;
}

const char* find_string_stop(const char* p, const char* stop) {
    return find_first(p, stop, kStringStop, std::array<char, 2>{'"', '\\'});
}

const char* find_structural(const char* p, const char* stop) {
    return find_first(p, stop, kStructural, std::array<char, 5>{'"', '{', '}', '[', ']'});
}

constexpr std::array<bool, 256> kDelimiter = make_table(" \t\r\n,]}[{:\"");

constexpr std::size_t kInitialBuffer = std::size_t{256} << 10;

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string describe(char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
        return std::string("'") + c + "'";
    }
    static constexpr char kDigits[] = "0123456789abcdef";
    return std::string("byte 0x") + kDigits[byte >> 4] + kDigits[byte & 0xf];
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Advances `i` over digits; how many there were.
std::size_t skip_digits(std::string_view text, std::size_t& i) {
    const std::size_t start = i;
    while (i < text.size() && is_digit(text[i])) {
        ++i;
    }
    return i - start;
}

bool next_is(std::string_view text, std::size_t i, std::string_view any_of) {
    return i < text.size() && any_of.find(text[i]) != std::string_view::npos;
}

// RFC 8259 number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_json_number(std::string_view text) {
    std::size_t i = next_is(text, 0, "-") ? 1 : 0;
    if (next_is(text, i, "0")) {
        ++i;
    } else if (skip_digits(text, i) == 0) {
        return false;
    }
    if (next_is(text, i, ".") && skip_digits(text, ++i) == 0) {
        return false;
    }
    if (next_is(text, i, "eE")) {
        i += next_is(text, i + 1, "+-") ? 2 : 1;
        if (skip_digits(text, i) == 0) {
            return false;
        }
    }
    return i == text.size();
}

bool is_json_literal(std::string_view text) {
    return text == "true" || text == "false" || text == "null" || is_json_number(text);
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// Four hex digits at text[at..at+4), or -1.
long hex4(std::string_view text, std::size_t at) {
    if (at + 4 > text.size()) {
        return -1;
    }
    long value = 0;
    for (std::size_t i = at; i < at + 4; ++i) {
        const int digit = hex_value(text[i]);
        if (digit < 0) {
            return -1;
        }
        value = value * 16 + digit;
    }
    return value;
}

void append_utf8(std::string& out, unsigned long code_point) {
    if (code_point < 0x80) {
        out.push_back(static_cast<char>(code_point));
    } else if (code_point < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
        out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    } else if (code_point < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
        out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
        out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    }
}

bool is_plain_identifier(std::string_view key) {
    if (key.empty() || is_digit(key.front())) {
        return false;
    }
    return std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' ||
               c == '$';
    });
}

tl::unexpected<Error> bad_string(const std::string& why) {
    return make_error(ErrorCode::kInvalidArgument, "not a well-formed JSON string: " + why);
}

// Decodes the \u escape whose 'u' is body[i] (a surrogate pair takes two), leaving `i` on its last
// character.
Status decode_unicode_escape(std::string_view body, std::size_t& i, std::string& out) {
    const long unit = hex4(body, i + 1);
    if (unit < 0) {
        return bad_string("\\u needs four hex digits");
    }
    i += 4;
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
        return bad_string("lone low surrogate");
    }
    auto code_point = static_cast<unsigned long>(unit);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
        const long low = body.substr(i + 1, 2) == "\\u" ? hex4(body, i + 3) : -1;
        if (low < 0xDC00 || low > 0xDFFF) {
            return bad_string("high surrogate without its low half");
        }
        i += 6;
        code_point =
            0x10000 + ((code_point - 0xD800) << 10) + (static_cast<unsigned long>(low) - 0xDC00);
    }
    append_utf8(out, code_point);
    return {};
}

// Decodes the escape whose backslash is body[i], leaving `i` on its last character.
Status decode_escape(std::string_view body, std::size_t& i, std::string& out) {
    if (++i == body.size()) {
        return bad_string("it ends with a lone backslash");
    }
    static constexpr std::string_view kFrom = "\"\\/bfnrt";
    static constexpr std::string_view kTo = "\"\\/\b\f\n\r\t";
    const char c = body[i];
    if (c == 'u') {
        return decode_unicode_escape(body, i, out);
    }
    const std::size_t simple = kFrom.find(c);
    if (simple == std::string_view::npos) {
        return bad_string("unknown escape \\" + std::string(1, c));
    }
    out.push_back(kTo[simple]);
    return {};
}

}  // namespace

Result<std::string> decode_json_string(std::string_view raw) {
    if (raw.size() < 2 || raw.front() != '"' || raw.back() != '"') {
        return bad_string("it must start and end with '\"'");
    }
    const std::string_view body = raw.substr(1, raw.size() - 2);
    std::string out;
    out.reserve(body.size());
    for (std::size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (static_cast<unsigned char>(c) < 0x20) {
            return bad_string("unescaped control character " + describe(c));
        }
        if (c == '"') {
            return bad_string("unescaped '\"' inside");
        }
        if (c == '\\') {
            WARDROUND_TRY(decode_escape(body, i, out));
        } else {
            out.push_back(c);
        }
    }
    if (!is_valid_utf8(out)) {
        return bad_string("invalid UTF-8");
    }
    return out;
}

std::string json_member_path(std::string_view parent, std::string_view key) {
    std::string path(parent);
    if (is_plain_identifier(key)) {
        path += '.';
        path += key;
        return path;
    }
    path += "[\"";
    for (char c : key) {
        if (c == '"' || c == '\\') {
            path += '\\';
        }
        path += c;
    }
    path += "\"]";
    return path;
}

struct JsonArrayStream::State {
    InputFile* file = nullptr;
    std::vector<std::string> keys;
    std::string array_key;
    std::string array_path;
    JsonStreamOptions options;
    std::vector<JsonMember> members;
    std::size_t member_bytes = 0;

    // buf[0, end) holds decompressed bytes not yet discarded; buf[0] is byte `base` of the
    // stream. Bytes before `keep` may be discarded at the next refill; `pos` is the scan position.
    // The allocation always has kJsonPadding bytes beyond `cap`.
    std::unique_ptr<char[]> buf;
    std::size_t cap = 0;
    std::size_t end = 0;
    std::size_t pos = 0;
    std::size_t keep = 0;
    std::uint64_t base = 0;
    bool eof = false;

    // Scanning state that must survive a refill in the middle of a value.
    std::vector<char> stack;  // open brackets
    bool in_string = false;
    bool escaped = false;  // the last byte before the refill was a backslash inside a string

    enum class Phase { kFirstElement, kAfterElement, kDone };
    Phase phase = Phase::kFirstElement;
    std::size_t index = 0;
    std::optional<Error> failed;

    [[nodiscard]] std::uint64_t offset_of(std::size_t at) const { return base + at; }
    [[nodiscard]] std::size_t at(const char* p) const {
        return static_cast<std::size_t>(p - buf.get());
    }

    tl::unexpected<Error> fail(ErrorCode code,
                               std::string message,
                               std::string_view path,
                               std::uint64_t offset) {
        return fail(Error{
            code, std::move(message),
            file->name() + " " + std::string(path) + " (byte " + std::to_string(offset) + ")"});
    }

    tl::unexpected<Error> fail(Error error) {
        failed = error;
        phase = Phase::kDone;
        return tl::unexpected<Error>(std::move(error));
    }

    tl::unexpected<Error> truncated(std::string_view what, std::string_view path) {
        return fail(ErrorCode::kDataLoss, "the input ends " + std::string(what), path,
                    offset_of(end));
    }

    tl::unexpected<Error> unexpected(std::string_view expected, char found, std::string_view path) {
        return fail(ErrorCode::kInvalidArgument,
                    "expected " + std::string(expected) + ", found " + describe(found), path,
                    offset_of(pos));
    }

    // Reads more input after buf[end]; false at the end of input. Discards bytes before `keep`
    // and grows the buffer only when the value being scanned fills it, so memory follows the
    // largest element.
    Result<bool> fill() {
        if (eof) {
            return false;
        }
        if (keep > 0) {
            std::memmove(buf.get(), buf.get() + keep, end - keep);
            pos -= keep;
            end -= keep;
            base += keep;
            keep = 0;
        }
        if (end == cap) {
            // Start small (InputFile hands out at most 64 KiB per read anyway) and double when an
            // element needs it.
            const std::size_t new_cap =
                cap == 0 ? std::clamp(options.chunk_bytes, std::size_t{256}, kInitialBuffer)
                         : cap * 2;
            auto bigger = std::make_unique<char[]>(new_cap + kJsonPadding);
            if (end > 0) {
                std::memcpy(bigger.get(), buf.get(), end);
            }
            buf = std::move(bigger);
            cap = new_cap;
        }
        const std::size_t want = std::min(options.chunk_bytes, cap - end);
        auto n = file->read(std::span<char>(buf.get() + end, want));
        if (!n) {
            return fail(n.error());
        }
        if (*n == 0) {
            eof = true;
            return false;
        }
        end += *n;
        return true;
    }

    // Skips whitespace and returns the next byte without consuming it; nullopt at the end.
    Result<std::optional<char>> peek_token() {
        for (;;) {
            while (pos < end && is_space(buf[pos])) {
                ++pos;
            }
            if (pos < end) {
                return std::optional<char>(buf[pos]);
            }
            keep = pos;
            auto more = fill();
            if (!more) {
                return propagate(more.error());
            }
            if (!*more) {
                return std::optional<char>();
            }
        }
    }

    // As peek_token, where the end of input means the document was cut `where_in`.
    Result<char> next_token(std::string_view where_in, std::string_view path) {
        auto token = peek_token();
        if (!token) {
            return propagate(token.error());
        }
        if (!*token) {
            return truncated(where_in, path);
        }
        return **token;
    }

    // Where scanning the value that starts at `keep` must stop: the end of the data, or one byte
    // past the size limit. Never reading past the limit makes the error for an oversized value
    // the same whatever the chunk size, even when it also holds a structural error further on.
    [[nodiscard]] std::size_t scan_end() const {
        return end - keep > options.max_element_bytes ? keep + options.max_element_bytes + 1 : end;
    }

    // The value starting at `keep` is too large once it passes max_element_bytes.
    Status check_size(std::string_view path) {
        if (pos - keep > options.max_element_bytes) {
            return fail(ErrorCode::kInvalidArgument,
                        "value larger than the limit of " +
                            std::to_string(options.max_element_bytes) + " bytes",
                        path, offset_of(keep));
        }
        return {};
    }

    // Called when the scan has used up buf[.., scan_end()): fails when that was the size limit,
    // else reads more and says whether there was more.
    Result<bool> refill(std::string_view path) {
        WARDROUND_TRY(check_size(path));
        return fill();
    }

    // Scans one JSON value starting at buf[pos] (not whitespace); on success it is buf[keep, pos).
    Status scan_value(std::string_view path) {
        keep = pos;
        const char first = buf[pos];
        if (first == '}' || first == ']' || first == ',' || first == ':') {
            return unexpected("a value", first, path);
        }
        if (first == '{' || first == '[') {
            WARDROUND_TRY(scan_container(path));
        } else if (first == '"') {
            WARDROUND_TRY(scan_string(path));
        } else {
            WARDROUND_TRY(scan_literal(path));
        }
        // A value that ends exactly one byte past the limit is complete but still too large.
        return check_size(path);
    }

    Status scan_literal(std::string_view path) {
        for (;;) {
            const std::size_t stop = scan_end();
            while (pos < stop && !kDelimiter[static_cast<unsigned char>(buf[pos])]) {
                ++pos;
            }
            if (pos < stop) {
                break;
            }
            auto more = refill(path);
            if (!more) {
                return propagate(more.error());
            }
            if (!*more) {
                break;
            }
        }
        const std::string_view text(buf.get() + keep, pos - keep);
        if (!is_json_literal(text)) {
            return fail(ErrorCode::kInvalidArgument,
                        "not a JSON value: '" + truncate_utf8(text, 40) + "'", path,
                        offset_of(keep));
        }
        return {};
    }

    // Steps through string content from `p` up to `stop`: past the closing quote (in_string
    // becomes false), or to `stop`, remembering a backslash whose escaped byte is not read yet.
    const char* skip_string_content(const char* p, const char* stop) {
        if (escaped && p < stop) {
            ++p;
            escaped = false;
        }
        while (p < stop) {
            p = find_string_stop(p, stop);
            if (p == stop) {
                break;
            }
            if (*p == '"') {
                in_string = false;
                return p + 1;
            }
            if (p + 1 == stop) {
                escaped = true;
                return stop;
            }
            p += 2;
        }
        return p;
    }

    Status scan_string(std::string_view path) {
        ++pos;  // the opening quote
        in_string = true;
        escaped = false;
        for (;;) {
            pos = at(skip_string_content(buf.get() + pos, buf.get() + scan_end()));
            if (!in_string) {
                return {};
            }
            auto more = refill(path);
            if (!more) {
                return propagate(more.error());
            }
            if (!*more) {
                return truncated("inside a string", path);
            }
        }
    }

    Status open_bracket(char c, const char* p, std::string_view path) {
        if (stack.size() >= options.max_depth) {
            return fail(ErrorCode::kInvalidArgument,
                        "nested deeper than " + std::to_string(options.max_depth) + " levels", path,
                        offset_of(at(p)));
        }
        stack.push_back(c);
        return {};
    }

    Status close_bracket(char c, const char* p, std::string_view path) {
        const char open = c == '}' ? '{' : '[';
        if (stack.back() != open) {
            return fail(ErrorCode::kInvalidArgument,
                        describe(c) + " closes " + describe(stack.back()), path, offset_of(at(p)));
        }
        stack.pop_back();
        return {};
    }

    // Handles the quote or bracket at `p`; true when it closes the outermost bracket.
    Result<bool> on_structural(const char* p, std::string_view path) {
        const char c = *p;
        if (c == '"') {
            in_string = true;
            return false;
        }
        if (c == '{' || c == '[') {
            WARDROUND_TRY(open_bracket(c, p, path));
            return false;
        }
        WARDROUND_TRY(close_bracket(c, p, path));
        return stack.empty();
    }

    // Scans buf[pos, scan_end()) of an object or array; true once its last bracket has closed.
    Result<bool> scan_container_part(std::string_view path) {
        const char* p = buf.get() + pos;
        const char* const stop = buf.get() + scan_end();
        while (p < stop) {
            if (in_string) {
                p = skip_string_content(p, stop);
                continue;
            }
            p = find_structural(p, stop);
            if (p == stop) {
                break;
            }
            auto closed = on_structural(p, path);
            if (!closed) {
                return propagate(closed.error());
            }
            ++p;
            if (*closed) {
                pos = at(p);
                return true;
            }
        }
        pos = at(p);
        return false;
    }

    // Scans an object or array, checking that brackets pair up and strings close.
    Status scan_container(std::string_view path) {
        stack.clear();
        in_string = false;
        escaped = false;
        for (;;) {
            auto closed = scan_container_part(path);
            if (!closed) {
                return propagate(closed.error());
            }
            if (*closed) {
                return {};
            }
            auto more = refill(path);
            if (!more) {
                return propagate(more.error());
            }
            if (!*more) {
                return truncated(
                    in_string ? "inside a string" : "inside an unclosed object or array", path);
            }
        }
    }

    // Reads one root member from its name (at `pos`). Returns true when it is the streamed array,
    // whose '[' is then consumed; other members are kept.
    Result<bool> read_member(bool after_array) {
        const std::uint64_t key_offset = offset_of(pos);
        keep = pos;
        WARDROUND_TRY(scan_string("$"));
        auto key = decode_json_string(std::string_view(buf.get() + keep, pos - keep));
        if (!key) {
            return fail(ErrorCode::kInvalidArgument, key.error().message, "$", key_offset);
        }
        const std::string path = json_member_path("$", *key);
        // The streamed array's key is only known once it has been seen (before that it is empty,
        // and an empty key is a legal member name).
        const bool duplicate = (after_array && *key == array_key) ||
                               std::any_of(members.begin(), members.end(),
                                           [&](const JsonMember& m) { return m.key == *key; });
        if (duplicate) {
            return fail(ErrorCode::kInvalidArgument, "duplicate key in the root object", path,
                        key_offset);
        }
        auto colon = next_token("after a member name", path);
        if (!colon) {
            return propagate(colon.error());
        }
        if (*colon != ':') {
            return unexpected("':' after the member name", *colon, path);
        }
        ++pos;
        auto first = next_token("before the member's value", path);
        if (!first) {
            return propagate(first.error());
        }
        if (!after_array && std::find(keys.begin(), keys.end(), *key) != keys.end()) {
            if (*first != '[') {
                return unexpected("an array", *first, path);
            }
            ++pos;
            array_key = std::move(*key);
            array_path = path;
            return true;
        }
        const std::uint64_t value_offset = offset_of(pos);
        WARDROUND_TRY(scan_value(path));
        const std::size_t size = pos - keep;
        member_bytes += size;
        if (member_bytes > options.max_element_bytes) {
            return fail(ErrorCode::kInvalidArgument,
                        "root members other than the array exceed the limit of " +
                            std::to_string(options.max_element_bytes) + " bytes",
                        path, value_offset);
        }
        members.push_back(
            JsonMember{std::move(*key), std::string(buf.get() + keep, size), value_offset});
        return false;
    }

    // Reads root members until the streamed array opens (returns true, `pos` after its '[') or
    // the root object closes (returns false, `pos` after its '}'). `after_array`: the first token
    // is ',' or '}' rather than a member.
    Result<bool> read_members(bool after_array) {
        bool need_separator = after_array;
        bool need_member = false;
        for (;;) {
            auto token = next_token("inside the root object", "$");
            if (!token) {
                return propagate(token.error());
            }
            if (*token == '}' && !need_member) {
                ++pos;
                return false;
            }
            if (need_separator) {
                if (*token != ',') {
                    return unexpected("',' or '}' in the root object", *token, "$");
                }
                ++pos;
                need_separator = false;
                need_member = true;
                continue;
            }
            if (*token != '"') {
                return unexpected("a member name in the root object", *token, "$");
            }
            auto opened = read_member(after_array);
            if (!opened || *opened) {
                return opened;
            }
            need_separator = true;
            need_member = false;
        }
    }

    Status open() {
        // A UTF-8 byte-order mark is allowed before the root (RFC 8259 lets parsers ignore it).
        while (end - pos < 3) {
            auto more = fill();
            if (!more) {
                return propagate(more.error());
            }
            if (!*more) {
                break;
            }
        }
        if (end - pos >= 3 && std::memcmp(buf.get() + pos, "\xEF\xBB\xBF", 3) == 0) {
            pos += 3;
        }
        auto token = peek_token();
        if (!token) {
            return propagate(token.error());
        }
        if (!*token) {
            return fail(ErrorCode::kDataLoss, "the input is empty", "$", offset_of(pos));
        }
        if (**token != '{') {
            return fail(ErrorCode::kInvalidArgument,
                        "the root is not an object (found " + describe(**token) + ")", "$",
                        offset_of(pos));
        }
        ++pos;
        auto found = read_members(false);
        if (!found) {
            return propagate(found.error());
        }
        if (!*found) {
            std::string names;
            for (const std::string& key : keys) {
                names += (names.empty() ? "\"" : " or \"") + key + "\"";
            }
            return fail(ErrorCode::kInvalidArgument, "the root object has no " + names + " array",
                        "$", offset_of(pos - 1));
        }
        return {};
    }

    // After the array's ']': the rest of the root object, then nothing but whitespace.
    Status finish() {
        auto more_members = read_members(true);
        if (!more_members) {
            return propagate(more_members.error());
        }
        auto token = peek_token();
        if (!token) {
            return propagate(token.error());
        }
        if (*token) {
            return fail(ErrorCode::kInvalidArgument,
                        "unexpected " + describe(**token) + " after the end of the root object",
                        "$", offset_of(pos));
        }
        phase = Phase::kDone;
        return {};
    }

    // Consumes what separates the previous element from the next; returns the next token, ']'
    // when the array ends.
    Result<char> separator() {
        auto token = next_token("inside the array", array_path);
        if (!token || phase == Phase::kFirstElement || *token == ']') {
            return token;
        }
        if (*token != ',') {
            return unexpected("',' or ']' after the element", *token,
                              array_path + "[" + std::to_string(index - 1) + "]");
        }
        ++pos;
        token = next_token("after ','", array_path);
        if (token && *token == ']') {
            return fail(ErrorCode::kInvalidArgument, "expected an element after ','", array_path,
                        offset_of(pos));
        }
        return token;
    }

    Result<std::optional<JsonElement>> next() {
        if (failed) {
            return tl::unexpected<Error>(*failed);
        }
        if (phase == Phase::kDone) {
            return std::optional<JsonElement>();
        }
        keep = pos;
        auto token = separator();
        if (!token) {
            return propagate(token.error());
        }
        if (*token == ']') {
            ++pos;
            WARDROUND_TRY(finish());
            return std::optional<JsonElement>();
        }
        const std::string path = array_path + "[" + std::to_string(index) + "]";
        WARDROUND_TRY(scan_value(path));
        // scan_value may have refilled and moved the buffer: the element starts at `keep`.
        JsonElement element{std::string_view(buf.get() + keep, pos - keep), index, offset_of(keep)};
        ++index;
        phase = Phase::kAfterElement;
        return std::optional<JsonElement>(element);
    }
};

JsonArrayStream::JsonArrayStream(std::unique_ptr<State> state) : state_(std::move(state)) {}
JsonArrayStream::JsonArrayStream(JsonArrayStream&&) noexcept = default;
JsonArrayStream& JsonArrayStream::operator=(JsonArrayStream&&) noexcept = default;
JsonArrayStream::~JsonArrayStream() = default;

Result<JsonArrayStream> JsonArrayStream::open(InputFile& file,
                                              std::vector<std::string> array_keys,
                                              JsonStreamOptions options) {
    if (array_keys.empty()) {
        return make_error(ErrorCode::kInvalidArgument, "no array key given", file.name());
    }
    auto state = std::make_unique<State>();
    state->file = &file;
    state->keys = std::move(array_keys);
    options.chunk_bytes = std::max<std::size_t>(options.chunk_bytes, 1);
    options.max_depth = std::max<std::size_t>(options.max_depth, 1);
    state->options = options;
    WARDROUND_TRY(state->open());
    return JsonArrayStream(std::move(state));
}

Result<std::optional<JsonElement>> JsonArrayStream::next() {
    return state_->next();
}

const std::string& JsonArrayStream::array_key() const {
    return state_->array_key;
}

const std::vector<JsonMember>& JsonArrayStream::members() const {
    return state_->members;
}

const JsonMember* JsonArrayStream::member(std::string_view key) const {
    for (const JsonMember& m : state_->members) {
        if (m.key == key) {
            return &m;
        }
    }
    return nullptr;
}

std::string JsonArrayStream::element_path(std::size_t index) const {
    return state_->array_path + "[" + std::to_string(index) + "]";
}

const std::string& JsonArrayStream::name() const {
    return state_->file->name();
}

std::uint64_t JsonArrayStream::bytes_consumed() const {
    return state_->offset_of(state_->pos);
}

}  // namespace wardround

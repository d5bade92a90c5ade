// SPDX-License-Identifier: Apache-2.0
// JsonArrayStream: hands out, one at a time, the raw bytes of each element of the array under one
// key of a JSON document's root object (NVD's "vulnerabilities", KEV's "vulnerabilities"), reading
// the file in chunks so that memory is bounded by the largest element, not the file. The root's
// other members (resultsPerPage, catalogVersion, ...) are kept as raw JSON text. Elements are
// checked only for what splitting needs (strings, brackets); a JSON parser validates the rest.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/input_file.h>
#include <wardround/core/result.h>

namespace wardround {

// Readable bytes guaranteed after the end of every element handed out, so that simdjson can parse
// it in place (equal to simdjson::SIMDJSON_PADDING; users static_assert that it is enough). Their
// content is unspecified.
inline constexpr std::size_t kJsonPadding = 64;

struct JsonStreamOptions {
    // An element (or a root member's value) larger than this is an error: a 100 MB string in a
    // feed is an attack or corruption, and holding it would break the memory budget.
    std::size_t max_element_bytes = std::size_t{64} << 20;
    // Bytes asked of the InputFile per read. Tests set 1 to put a chunk boundary everywhere.
    std::size_t chunk_bytes = std::size_t{1} << 20;
    // Deeper nesting is an error (simdjson's own default limit is 1024).
    std::size_t max_depth = 1024;
};

// One array element: valid until the next call to next(). `bytes` is followed by at least
// kJsonPadding readable bytes.
struct JsonElement {
    std::string_view bytes;
    std::size_t index = 0;     // position in the array, from 0
    std::uint64_t offset = 0;  // of its first byte in the decompressed stream
};

// A root member other than the streamed array, with its value as raw JSON text ("38",
// "\"2.0\"", "[...]").
struct JsonMember {
    std::string key;  // unescaped
    std::string value;
    std::uint64_t offset = 0;  // of the value's first byte
};

class JsonArrayStream {
public:
    // Reads `file` up to the opening '[' of the array under the first of `array_keys` the root
    // object has (several keys let one reader accept related layouts). `file` must outlive the
    // stream and not have been read from (peeking is fine). Errors, each with `where` =
    // "<file> <JSON path> (byte N)" (N counts decompressed bytes):
    //   kDataLoss        the input ends early (empty, truncated);
    //   kInvalidArgument the root is not an object, none of the keys is present, the key's value
    //                    is not an array, a duplicate root key, a structural character out of
    //                    place, a value over max_element_bytes (the root's other members count
    //                    together), nesting over max_depth, a malformed member name or scalar;
    //                    `array_keys` empty;
    //   InputFile's own read errors (kDataLoss for corrupt compressed data, kUnavailable).
    [[nodiscard]] static Result<JsonArrayStream> open(InputFile& file,
                                                      std::vector<std::string> array_keys,
                                                      JsonStreamOptions options = {});

    JsonArrayStream(JsonArrayStream&&) noexcept;
    JsonArrayStream& operator=(JsonArrayStream&&) noexcept;
    ~JsonArrayStream();

    // The next element, or nullopt once the array has ended; the root members after the array are
    // read and the end of input is checked before nullopt is returned. Errors as open(), for the
    // element (path "$.key[index]") or what follows the array, including data after the root
    // object. After an error every later call returns the same error.
    [[nodiscard]] Result<std::optional<JsonElement>> next();

    // The key whose array is streamed (one of `array_keys`).
    [[nodiscard]] const std::string& array_key() const;
    // Root members seen so far, in document order: those before the array after open(), all of
    // them once next() has returned nullopt.
    [[nodiscard]] const std::vector<JsonMember>& members() const;
    // The member named `key`, or nullptr.
    [[nodiscard]] const JsonMember* member(std::string_view key) const;
    // "$.vulnerabilities[12]": the path of element `index`, for messages about it.
    [[nodiscard]] std::string element_path(std::size_t index) const;
    [[nodiscard]] const std::string& name() const;
    // Decompressed bytes consumed so far (for progress).
    [[nodiscard]] std::uint64_t bytes_consumed() const;

private:
    struct State;
    explicit JsonArrayStream(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

// Decodes a raw JSON string literal, quotes included ("\"caf\\u00e9\"" -> "café"), into UTF-8.
// Errors: kInvalidArgument when it is not one well-formed string (missing quotes, a bad escape, a
// lone surrogate, a control character, invalid UTF-8).
[[nodiscard]] Result<std::string> decode_json_string(std::string_view raw);

// "$.key", or "$[\"odd key\"]" when the key is not a plain identifier.
[[nodiscard]] std::string json_member_path(std::string_view parent, std::string_view key);

}  // namespace wardround

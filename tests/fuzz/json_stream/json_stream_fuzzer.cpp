// SPDX-License-Identifier: Apache-2.0
// JsonArrayStream over arbitrary bytes: it must never crash or hang, must split the same way
// whatever the chunk size, and when it succeeds every element must be the exact bytes at its offset
// and the elements joined with commas must be the array's content, whitespace aside.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <wardround/core/json_stream.h>

namespace {

struct Outcome {
    std::vector<std::string> elements;
    std::vector<std::uint64_t> offsets;
    std::vector<wardround::JsonMember> members;
    std::optional<wardround::Error> error;
};

Outcome split(const std::string& bytes, std::size_t chunk) {
    wardround::InputFile file = wardround::InputFile::from_memory("fuzz", bytes);
    wardround::JsonStreamOptions options;
    options.chunk_bytes = chunk;
    options.max_element_bytes = 1 << 20;
    Outcome out;
    auto stream =
        wardround::JsonArrayStream::open(file, {"vulnerabilities", "cve_items", "items"}, options);
    if (!stream) {
        out.error = stream.error();
        return out;
    }
    for (;;) {
        auto element = stream->next();
        if (!element) {
            out.error = element.error();
            break;
        }
        if (!*element) {
            break;
        }
        out.elements.emplace_back((*element)->bytes);
        out.offsets.push_back((*element)->offset);
        if ((*element)->index + 1 != out.elements.size()) {
            std::abort();
        }
    }
    out.members = stream->members();
    return out;
}

// Drops JSON whitespace outside strings.
std::string compact(const std::string& text) {
    std::string out;
    bool in_string = false;
    bool escaped = false;
    for (char c : text) {
        if (in_string) {
            out.push_back(c);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            continue;
        }
        out.push_back(c);
        in_string = c == '"';
    }
    return out;
}

bool same(const Outcome& a, const Outcome& b) {
    if (a.elements != b.elements || a.offsets != b.offsets ||
        a.members.size() != b.members.size() || a.error.has_value() != b.error.has_value()) {
        return false;
    }
    for (std::size_t i = 0; i < a.members.size(); ++i) {
        if (a.members[i].key != b.members[i].key || a.members[i].value != b.members[i].value ||
            a.members[i].offset != b.members[i].offset) {
            return false;
        }
    }
    return !a.error || (a.error->code == b.error->code && a.error->where == b.error->where &&
                        a.error->message == b.error->message);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    const Outcome whole = split(bytes, std::size_t{1} << 20);
    // Tiny chunks put boundaries everywhere; on large inputs they would only slow the search.
    const Outcome chunked = split(bytes, (size < 65536 ? 1 : 509) + size % 7);
    if (!same(whole, chunked)) {
        std::abort();
    }
    for (std::size_t i = 0; i < whole.elements.size(); ++i) {
        if (bytes.compare(whole.offsets[i], whole.elements[i].size(), whole.elements[i]) != 0) {
            std::abort();
        }
    }
    for (const wardround::JsonMember& member : whole.members) {
        if (bytes.compare(member.offset, member.value.size(), member.value) != 0) {
            std::abort();
        }
    }
    if (!whole.error && !whole.elements.empty()) {
        const std::uint64_t begin = whole.offsets.front();
        const std::uint64_t end = whole.offsets.back() + whole.elements.back().size();
        std::string joined;
        for (const std::string& element : whole.elements) {
            joined += (joined.empty() ? "" : ",") + element;
        }
        if (compact(bytes.substr(begin, end - begin)) != compact(joined)) {
            std::abort();
        }
    }
    return 0;
}

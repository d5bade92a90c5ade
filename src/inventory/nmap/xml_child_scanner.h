// SPDX-License-Identifier: Apache-2.0
// Reads an XML document as its root's start tag and then the root's child elements one at a time,
// from a stream of any size: each child the caller asks for is returned as its own complete text
// (to be parsed alone), the others are checked for structure and skipped without being kept. The
// buffer holds at most the child being returned plus one chunk.
//
// It knows enough XML to find element boundaries safely: comments, CDATA sections, processing
// instructions and quoted attribute values (which may contain '>').
// It refuses DTDs beyond a bare `<!DOCTYPE name>` and every `<!ENTITY`, so no entity is ever
// defined and none can be resolved.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <wardround/core/input_file.h>
#include <wardround/core/result.h>

namespace wardround::inventory::detail {

struct XmlScanLimits {
    std::size_t max_tag = std::size_t{4} << 20;        // one start tag, attributes included
    std::size_t max_captured = std::size_t{64} << 20;  // one child element returned whole
    std::size_t max_depth = 100;                       // open elements, the root included
    std::size_t chunk = std::size_t{64} << 10;         // bytes asked of the file per read
};

struct XmlStartTag {
    std::string name;
    std::string text;          // "<nmaprun a='1'>" as written
    std::uint64_t offset = 0;  // of its '<'
    bool self_closing = false;
};

struct XmlChild {
    std::string name;
    std::uint64_t offset = 0;  // of its '<'
    std::string text;          // the whole element, when the caller asked for it; else ""
};

class XmlChildScanner {
public:
    explicit XmlChildScanner(InputFile& file, XmlScanLimits limits = {});

    // Skips the prolog (XML declaration, processing instructions, comments, a bare DOCTYPE) and
    // reads the root element's start tag. Errors: kInvalidArgument for what is not XML or a refused
    // DTD, kDataLoss when the file ends inside the prolog.
    [[nodiscard]] Result<XmlStartTag> read_root();

    // The root's next child element; its text is kept when `keep(name)` is true. nullopt once the
    // root's end tag has been read. Errors: kInvalidArgument for XML that is not well-formed or
    // passes a limit, kDataLoss when the file ends before the root's end tag.
    [[nodiscard]] Result<std::optional<XmlChild>> next_child(
        const std::function<bool(std::string_view)>& keep);

    // After the root: only whitespace, comments and processing instructions may follow.
    [[nodiscard]] Status finish();

private:
    enum class Markup { kSkipped, kStartTag, kEndTag };

    [[nodiscard]] Result<bool> read_more();
    [[nodiscard]] Result<bool> ensure(std::size_t count);
    // As ensure, but the end of the file is a cut: kDataLoss naming what it cut.
    [[nodiscard]] Status need(std::size_t count, std::string_view inside, std::uint64_t opened);
    // As need, inside a start tag: also refuses a tag longer than limits_.max_tag.
    [[nodiscard]] Status need_in_tag(std::size_t count, const XmlStartTag& tag);
    [[nodiscard]] Result<bool> skip_to(std::string_view needle);
    [[nodiscard]] Result<bool> skip_space();
    [[nodiscard]] Result<bool> starts_with(std::string_view prefix);
    // The end (relative to the cursor) of the name that starts `rel` bytes after it.
    [[nodiscard]] Result<std::size_t> scan_name(std::size_t rel, std::uint64_t start);
    // Past the quoted value whose opening quote is `rel` bytes after the cursor.
    [[nodiscard]] Result<std::size_t> skip_quoted(std::size_t rel, const XmlStartTag& tag);
    [[nodiscard]] Result<XmlStartTag> read_start_tag();
    [[nodiscard]] Result<std::string> read_end_tag();
    // Reads an end tag and checks that it closes the innermost open element.
    [[nodiscard]] Status close_innermost();
    // Skips a comment, CDATA section or processing instruction at the cursor; false when the
    // cursor is at none of them. `in_content` allows CDATA.
    [[nodiscard]] Result<bool> skip_misc(bool in_content);
    [[nodiscard]] Result<bool> skip_prolog_markup(bool& doctype_seen);
    [[nodiscard]] Status skip_doctype();
    // Moves to the next '<' inside an element, skipping text and comment-like markup.
    [[nodiscard]] Result<Markup> next_markup();
    [[nodiscard]] Status read_element_body(const XmlStartTag& start);
    [[nodiscard]] Result<XmlChild> read_child(const std::function<bool(std::string_view)>& keep);

    [[nodiscard]] std::uint64_t offset() const { return base_ + pos_; }
    [[nodiscard]] std::uint64_t end_offset() const { return base_ + buffer_.size(); }
    [[nodiscard]] tl::unexpected<Error> invalid(std::uint64_t at, std::string message) const;
    [[nodiscard]] tl::unexpected<Error> cut_short(const std::string& inside,
                                                  std::uint64_t opened) const;

    InputFile& file_;
    XmlScanLimits limits_;
    std::string buffer_;
    std::size_t pos_ = 0;     // cursor in buffer_
    std::size_t keep_ = 0;    // buffer_[keep_, ...) is still needed; the rest may be dropped
    std::uint64_t base_ = 0;  // offset of buffer_[0] in the stream
    bool eof_ = false;
    bool capturing_ = false;  // keep_ marks the start of the child being returned
    std::uint64_t capture_offset_ = 0;
    std::string capture_name_;
    // Open elements, the root first: name and the offset of its start tag.
    std::vector<std::pair<std::string, std::uint64_t>> open_;
    bool root_closed_ = false;
};

}  // namespace wardround::inventory::detail

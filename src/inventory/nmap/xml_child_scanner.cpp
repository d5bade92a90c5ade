// SPDX-License-Identifier: Apache-2.0
#include "inventory/nmap/xml_child_scanner.h"

#include <span>
#include <utility>

namespace wardround::inventory::detail {
namespace {

constexpr std::size_t kMaxNameLength = 1024;
constexpr std::size_t kMaxDoctypeLength = 4096;

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Bytes that end a name. Anything else is taken as part of it: well-formedness of the names inside
// a returned child is pugixml's job.
bool ends_name(char c) {
    return is_space(c) || c == '/' || c == '>' || c == '<' || c == '=' || c == '"' || c == '\'';
}

bool starts_name(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || byte >= 0x80;
}

std::string describe(char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
        return std::string("'") + c + "'";
    }
    constexpr std::string_view kDigits = "0123456789abcdef";
    return std::string("byte 0x") + kDigits[byte >> 4U] + kDigits[byte & 0xfU];
}

std::string mib(std::size_t bytes) {
    return std::to_string(bytes >> 20U) + " MiB";
}

}  // namespace

XmlChildScanner::XmlChildScanner(InputFile& file, XmlScanLimits limits)
    : file_(file), limits_(limits) {}

tl::unexpected<Error> XmlChildScanner::invalid(std::uint64_t at, std::string message) const {
    return make_error(ErrorCode::kInvalidArgument, std::move(message),
                      file_.name() + " byte " + std::to_string(at));
}

tl::unexpected<Error> XmlChildScanner::cut_short(const std::string& inside,
                                                 std::uint64_t opened) const {
    std::string message =
        "the file ends inside " + inside + " opened at byte " + std::to_string(opened);
    // Name the root's child it is in too (the <host> of a nested tag).
    if (open_.size() >= 2 && open_[1].second != opened) {
        message +=
            ", in <" + open_[1].first + "> opened at byte " + std::to_string(open_[1].second);
    }
    if (!open_.empty()) {
        message += ", before </" + open_.front().first + ">";
    }
    return make_error(ErrorCode::kDataLoss, std::move(message),
                      file_.name() + " byte " + std::to_string(end_offset()));
}

Result<bool> XmlChildScanner::read_more() {
    if (eof_) {
        return false;
    }
    if (keep_ > 0) {
        buffer_.erase(0, keep_);
        pos_ -= keep_;
        base_ += keep_;
        keep_ = 0;
    }
    if (capturing_ && buffer_.size() > limits_.max_captured) {
        return invalid(capture_offset_, "the <" + capture_name_ + "> element is larger than " +
                                            mib(limits_.max_captured));
    }
    if (!capturing_ && buffer_.size() > limits_.max_tag) {
        return invalid(base_, "a single piece of markup is larger than " + mib(limits_.max_tag));
    }
    const std::size_t old_size = buffer_.size();
    buffer_.resize(old_size + limits_.chunk);
    auto count = file_.read(std::span<char>(buffer_.data() + old_size, limits_.chunk));
    if (!count) {
        buffer_.resize(old_size);
        return propagate(count.error());
    }
    buffer_.resize(old_size + *count);
    if (*count == 0) {
        eof_ = true;
        return false;
    }
    return true;
}

Result<bool> XmlChildScanner::ensure(std::size_t count) {
    while (buffer_.size() - pos_ < count) {
        auto more = read_more();
        if (!more) {
            return propagate(more.error());
        }
        if (!*more) {
            return false;
        }
    }
    return true;
}

Result<bool> XmlChildScanner::starts_with(std::string_view prefix) {
    auto available = ensure(prefix.size());
    if (!available) {
        return propagate(available.error());
    }
    return *available && std::string_view(buffer_).substr(pos_, prefix.size()) == prefix;
}

Result<bool> XmlChildScanner::skip_to(std::string_view needle) {
    for (;;) {
        const std::size_t hit = std::string_view(buffer_).find(needle, pos_);
        if (hit != std::string_view::npos) {
            pos_ = hit;
            return true;
        }
        // Keep the last bytes, which may be the start of the needle.
        if (buffer_.size() >= needle.size()) {
            pos_ = std::max(pos_, buffer_.size() - needle.size() + 1);
        }
        if (!capturing_) {
            keep_ = pos_;
        }
        auto more = read_more();
        if (!more) {
            return propagate(more.error());
        }
        if (!*more) {
            return false;
        }
    }
}

Status XmlChildScanner::need(std::size_t count, std::string_view inside, std::uint64_t opened) {
    if (buffer_.size() - pos_ >= count) {
        return {};
    }
    auto available = ensure(count);
    if (!available) {
        return propagate(available.error());
    }
    if (!*available) {
        return cut_short(std::string(inside), opened);
    }
    return {};
}

Result<std::size_t> XmlChildScanner::scan_name(std::size_t rel, std::uint64_t start) {
    const std::size_t first = rel;
    for (;;) {
        if (auto more = need(rel + 1, "a tag", start); !more) {
            return propagate(more.error());
        }
        const char c = buffer_[pos_ + rel];
        if (ends_name(c)) {
            return rel;
        }
        if (rel == first && !starts_name(c)) {
            return invalid(start, "'<' is followed by " + describe(c) +
                                      ", not by an element name: not well-formed XML");
        }
        if (++rel - first > kMaxNameLength) {
            return invalid(start, "an element name is longer than " +
                                      std::to_string(kMaxNameLength) + " bytes");
        }
    }
}

Result<std::size_t> XmlChildScanner::skip_quoted(std::size_t rel, const XmlStartTag& tag) {
    const char quote = buffer_[pos_ + rel];
    std::size_t searched = rel + 1;
    for (;;) {
        const std::size_t close = buffer_.find(quote, pos_ + searched);
        if (close != std::string::npos) {
            return close - pos_ + 1;
        }
        searched = buffer_.size() - pos_;
        if (searched > limits_.max_tag) {
            return invalid(tag.offset, "the <" + tag.name + "> start tag is longer than " +
                                           mib(limits_.max_tag));
        }
        auto more = read_more();
        if (!more) {
            return propagate(more.error());
        }
        if (!*more) {
            return cut_short("an attribute value of <" + tag.name + ">", tag.offset);
        }
    }
}

Status XmlChildScanner::need_in_tag(std::size_t count, const XmlStartTag& tag) {
    if (count > limits_.max_tag) {
        return invalid(tag.offset,
                       "the <" + tag.name + "> start tag is longer than " + mib(limits_.max_tag));
    }
    return need(count, "a start tag", tag.offset);
}

Result<XmlStartTag> XmlChildScanner::read_start_tag() {
    XmlStartTag tag;
    tag.offset = offset();
    if (!capturing_) {
        keep_ = pos_;
    }
    auto name_end = scan_name(1, tag.offset);
    if (!name_end) {
        return propagate(name_end.error());
    }
    if (*name_end == 1) {
        return invalid(tag.offset, "'<' is not followed by an element name: not well-formed XML");
    }
    tag.name = buffer_.substr(pos_ + 1, *name_end - 1);
    // Attributes: only quotes and the tag's end matter here; a quoted value may hold '>'.
    std::size_t rel = *name_end;
    for (;;) {
        if (auto more = need_in_tag(rel + 1, tag); !more) {
            return propagate(more.error());
        }
        const char c = buffer_[pos_ + rel];
        if (c == '/') {
            if (auto more = need_in_tag(rel + 2, tag); !more) {
                return propagate(more.error());
            }
        }
        if (c == '"' || c == '\'') {
            auto after = skip_quoted(rel, tag);
            if (!after) {
                return propagate(after.error());
            }
            rel = *after;
        } else if (c == '>') {
            ++rel;
            break;
        } else if (c == '/' && buffer_[pos_ + rel + 1] == '>') {
            tag.self_closing = true;
            rel += 2;
            break;
        } else if (c == '<' || c == '/') {
            return invalid(offset() + rel, describe(c) + " inside the <" + tag.name +
                                               "> start tag: not well-formed XML");
        } else {
            ++rel;
        }
    }
    if (open_.empty()) {
        tag.text = buffer_.substr(pos_, rel);  // only the root's start tag is wanted whole
    }
    pos_ += rel;
    return tag;
}

Result<std::string> XmlChildScanner::read_end_tag() {
    const std::uint64_t start = offset();
    auto name_end = scan_name(2, start);
    if (!name_end) {
        return propagate(name_end.error());
    }
    std::size_t rel = *name_end;
    std::string name = buffer_.substr(pos_ + 2, rel - 2);
    for (;;) {
        if (auto more = need(rel + 1, "an end tag", start); !more) {
            return propagate(more.error());
        }
        const char c = buffer_[pos_ + rel];
        if (c == '>') {
            break;
        }
        if (!is_space(c) || rel > kMaxNameLength * 2) {
            return invalid(start, "a malformed end tag: not well-formed XML");
        }
        ++rel;
    }
    if (name.empty()) {
        return invalid(start, "an end tag without a name: not well-formed XML");
    }
    pos_ += rel + 1;
    return name;
}

Result<bool> XmlChildScanner::skip_misc(bool in_content) {
    struct Delimited {
        std::string_view open;
        std::string_view close;
        std::string_view what;
    };
    static constexpr Delimited kDelimited[] = {
        {"<!--", "-->", "a comment"},
        {"<?", "?>", "a processing instruction"},
        {"<![CDATA[", "]]>", "a CDATA section"},
    };
    for (const Delimited& markup : kDelimited) {
        auto found = starts_with(markup.open);
        if (!found) {
            return propagate(found.error());
        }
        if (!*found) {
            continue;
        }
        const std::uint64_t start = offset();
        if (markup.open == "<![CDATA[" && !in_content) {
            return invalid(start, "a CDATA section outside the root element: not well-formed XML");
        }
        pos_ += markup.open.size();
        auto closed = skip_to(markup.close);
        if (!closed) {
            return propagate(closed.error());
        }
        if (!*closed) {
            return cut_short(std::string(markup.what), start);
        }
        pos_ += markup.close.size();
        return true;
    }
    auto entity = starts_with("<!ENTITY");
    if (!entity) {
        return propagate(entity.error());
    }
    if (*entity) {
        return invalid(offset(),
                       "an <!ENTITY> declaration: entities are refused, never resolved (XXE, "
                       "entity expansion)");
    }
    auto other = starts_with("<!");
    if (!other) {
        return propagate(other.error());
    }
    if (*other) {
        return invalid(offset(), "unexpected '<!' markup: only comments" +
                                     std::string(in_content ? " and CDATA sections" : "") +
                                     " may appear here");
    }
    return false;
}

Status XmlChildScanner::skip_doctype() {
    // Accepted: `<!DOCTYPE name>`, which modern nmap writes. Refused: an internal subset ("[...]",
    // where entities are declared) and an external id (SYSTEM/PUBLIC, a DTD fetched from
    // elsewhere).
    const std::uint64_t start = offset();
    std::size_t rel = 9;  // "<!DOCTYPE"
    for (;;) {
        auto available = ensure(rel + 1);
        if (!available) {
            return propagate(available.error());
        }
        if (!*available) {
            return cut_short("the DOCTYPE", start);
        }
        const char c = buffer_[pos_ + rel];
        if (c == '>') {
            break;
        }
        if (c == '[' || c == '<' || rel > kMaxDoctypeLength) {
            return invalid(start,
                           "the DOCTYPE has an internal subset: DTDs and entities are refused, "
                           "never resolved (XXE, entity expansion)");
        }
        ++rel;
    }
    const std::string_view body = std::string_view(buffer_).substr(pos_ + 9, rel - 9);
    std::size_t i = 0;
    while (i < body.size() && is_space(body[i])) {
        ++i;
    }
    const std::size_t name_start = i;
    while (i < body.size() && !is_space(body[i])) {
        ++i;
    }
    const std::size_t name_end = i;
    while (i < body.size() && is_space(body[i])) {
        ++i;
    }
    if (name_start == 0 || name_end == name_start || i != body.size()) {
        return invalid(start,
                       "the DOCTYPE names an external DTD: DTDs and entities are refused, never "
                       "resolved (XXE, entity expansion)");
    }
    pos_ += rel + 1;
    return {};
}

Result<bool> XmlChildScanner::skip_space() {
    for (;;) {
        if (!capturing_) {
            keep_ = pos_;
        }
        auto available = ensure(1);
        if (!available) {
            return propagate(available.error());
        }
        if (!*available) {
            return false;
        }
        if (!is_space(buffer_[pos_])) {
            return true;
        }
        ++pos_;
    }
}

Result<bool> XmlChildScanner::skip_prolog_markup(bool& doctype_seen) {
    auto doctype = starts_with("<!DOCTYPE");
    if (!doctype) {
        return propagate(doctype.error());
    }
    if (!*doctype) {
        return skip_misc(false);
    }
    if (doctype_seen) {
        return invalid(offset(), "a second DOCTYPE: not well-formed XML");
    }
    doctype_seen = true;
    if (auto skipped = skip_doctype(); !skipped) {
        return propagate(skipped.error());
    }
    return true;
}

Result<XmlStartTag> XmlChildScanner::read_root() {
    auto head = ensure(3);
    if (!head) {
        return propagate(head.error());
    }
    const std::string_view start(buffer_);
    if (start.substr(0, 2) == "\xfe\xff" || start.substr(0, 2) == "\xff\xfe") {
        return invalid(0, "not XML in UTF-8: the file starts with a UTF-16 byte order mark");
    }
    if (start.substr(0, 3) == "\xef\xbb\xbf") {
        pos_ = 3;
    }
    bool doctype_seen = false;
    for (;;) {
        auto more = skip_space();
        if (!more) {
            return propagate(more.error());
        }
        if (!*more) {
            return invalid(offset(), end_offset() == 0 ? "not XML: the file is empty"
                                                       : "not XML: the file has no element");
        }
        if (buffer_[pos_] != '<') {
            return invalid(offset(),
                           "not XML: " + describe(buffer_[pos_]) + " where markup was expected");
        }
        auto skipped = skip_prolog_markup(doctype_seen);
        if (!skipped) {
            return propagate(skipped.error());
        }
        if (*skipped) {
            continue;
        }
        auto tag = read_start_tag();
        if (!tag) {
            return propagate(tag.error());
        }
        if (tag->self_closing) {
            root_closed_ = true;
        } else {
            open_.emplace_back(tag->name, tag->offset);
        }
        keep_ = pos_;
        return tag;
    }
}

Status XmlChildScanner::close_innermost() {
    const std::uint64_t at = offset();
    auto name = read_end_tag();
    if (!name) {
        return propagate(name.error());
    }
    if (*name != open_.back().first) {
        return invalid(at, "</" + *name + "> does not close <" + open_.back().first +
                               "> opened at byte " + std::to_string(open_.back().second) +
                               ": not well-formed XML");
    }
    open_.pop_back();
    return {};
}

Result<XmlChildScanner::Markup> XmlChildScanner::next_markup() {
    if (!capturing_) {
        keep_ = pos_;
    }
    auto found = skip_to("<");
    if (!found) {
        return propagate(found.error());
    }
    if (!*found) {
        return cut_short("<" + open_.back().first + ">", open_.back().second);
    }
    auto misc = skip_misc(true);
    if (!misc) {
        return propagate(misc.error());
    }
    if (*misc) {
        return Markup::kSkipped;
    }
    auto end = starts_with("</");
    if (!end) {
        return propagate(end.error());
    }
    return *end ? Markup::kEndTag : Markup::kStartTag;
}

Status XmlChildScanner::read_element_body(const XmlStartTag& start) {
    const std::size_t outer_depth = open_.size();
    open_.emplace_back(start.name, start.offset);
    while (open_.size() > outer_depth) {
        if (open_.size() > limits_.max_depth) {
            return invalid(open_.back().second, "elements are nested deeper than " +
                                                    std::to_string(limits_.max_depth) + " levels");
        }
        auto markup = next_markup();
        if (!markup) {
            return propagate(markup.error());
        }
        if (*markup == Markup::kEndTag) {
            if (auto closed = close_innermost(); !closed) {
                return closed;
            }
        } else if (*markup == Markup::kStartTag) {
            auto tag = read_start_tag();
            if (!tag) {
                return propagate(tag.error());
            }
            if (!tag->self_closing) {
                open_.emplace_back(std::move(tag->name), tag->offset);
            }
        }
    }
    return {};
}

Result<XmlChild> XmlChildScanner::read_child(const std::function<bool(std::string_view)>& keep) {
    auto tag = read_start_tag();  // keep_ now marks its '<'
    if (!tag) {
        return propagate(tag.error());
    }
    XmlChild child;
    child.offset = tag->offset;
    const bool kept = keep(tag->name);
    if (kept) {
        capturing_ = true;
        capture_offset_ = tag->offset;
        capture_name_ = tag->name;
    }
    if (!tag->self_closing) {
        if (auto body = read_element_body(*tag); !body) {
            capturing_ = false;
            return propagate(body.error());
        }
    }
    if (kept) {
        child.text = buffer_.substr(keep_, pos_ - keep_);
        capturing_ = false;
    }
    keep_ = pos_;
    child.name = std::move(tag->name);
    return child;
}

Result<std::optional<XmlChild>> XmlChildScanner::next_child(
    const std::function<bool(std::string_view)>& keep) {
    while (!root_closed_) {
        capturing_ = false;
        auto markup = next_markup();
        if (!markup) {
            return propagate(markup.error());
        }
        if (*markup == Markup::kEndTag) {
            if (auto closed = close_innermost(); !closed) {
                return propagate(closed.error());
            }
            root_closed_ = true;
        } else if (*markup == Markup::kStartTag) {
            auto child = read_child(keep);
            if (!child) {
                return propagate(child.error());
            }
            return std::optional<XmlChild>(std::move(*child));
        }
    }
    return std::optional<XmlChild>();
}

Status XmlChildScanner::finish() {
    for (;;) {
        keep_ = pos_;
        auto available = ensure(1);
        if (!available) {
            return propagate(available.error());
        }
        if (!*available) {
            return {};
        }
        if (is_space(buffer_[pos_])) {
            ++pos_;
            continue;
        }
        if (buffer_[pos_] == '<') {
            auto misc = skip_misc(false);
            if (!misc) {
                return propagate(misc.error());
            }
            if (*misc) {
                continue;
            }
        }
        return invalid(offset(), "content after the root element: not well-formed XML");
    }
}

}  // namespace wardround::inventory::detail

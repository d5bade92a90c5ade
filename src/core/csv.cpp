// SPDX-License-Identifier: Apache-2.0
#include <wardround/core/csv.h>
#include <wardround/core/text.h>

namespace wardround {

CsvReader::CsvReader(InputFile& file) : file_(file) {}

Result<int> CsvReader::get() {
    if (pos_ == buffer_.size()) {
        if (eof_) {
            return -1;
        }
        buffer_.resize(1 << 16);
        auto n = file_.read(buffer_);
        if (!n) {
            return propagate(n.error());
        }
        buffer_.resize(*n);
        pos_ = 0;
        if (*n == 0) {
            eof_ = true;
            return -1;
        }
    }
    return static_cast<unsigned char>(buffer_[pos_++]);
}

// The field being read, and what its record has shown so far.
struct CsvReader::FieldState {
    std::string field;
    bool in_quotes = false;
    bool was_quoted = false;   // the field's quotes have closed: a further '"' is data
    bool any_content = false;  // more than line ends: the record is not a blank line
};

Result<bool> CsvReader::next(std::vector<std::string>& fields) {
    fields.clear();
    if (at_start_) {
        at_start_ = false;
        WARDROUND_TRY(skip_byte_order_mark());
    }
    for (;;) {
        auto end = read_record(fields);
        if (!end) {
            return propagate(end.error());
        }
        if (*end != RecordEnd::kBlankLine) {
            return *end == RecordEnd::kRecord;
        }
    }
}

// Excel writes a UTF-8 byte-order mark and NHS exports keep it.
Status CsvReader::skip_byte_order_mark() {
    auto head = file_.peek(3);
    if (head && head->size() == 3 && *head == "\xEF\xBB\xBF") {
        for (int i = 0; i < 3; ++i) {
            WARDROUND_TRY(get());
        }
    }
    return {};
}

// The loop handles a character outside quotes itself: that is nearly every byte of a CSV file, and
// a call per byte would double the time a file takes.
Result<CsvReader::RecordEnd> CsvReader::read_record(std::vector<std::string>& fields) {
    record_line_ = line_;
    FieldState state;
    for (;;) {
        auto next_char = get();
        if (!next_char) {
            return propagate(next_char.error());
        }
        const int c = *next_char;
        if (c < 0) {
            return end_of_input(state, fields);
        }
        if (state.field.size() > kMaxFieldBytes) {
            return make_error(ErrorCode::kInvalidArgument,
                              "a field is longer than 1 MiB; is this really a CSV file?",
                              file_.name() + ":" + std::to_string(line_));
        }
        if (state.in_quotes) {
            auto quoted = read_quoted(c, state);
            if (!quoted) {
                return propagate(quoted.error());
            }
            continue;
        }
        if (c == '"' && !state.was_quoted && trim(state.field).empty()) {
            state.in_quotes = true;
            state.was_quoted = true;
            state.field.clear();
            state.any_content = true;
            continue;
        }
        if (c == ',') {
            fields.push_back(std::move(state.field));
            state.field.clear();
            state.was_quoted = false;
            state.any_content = true;
            continue;
        }
        if (c == '\r') {
            continue;  // CRLF line ends; a lone CR inside a field is dropped too
        }
        if (c == '\n') {
            return end_of_line(state, fields);
        }
        state.field.push_back(static_cast<char>(c));
        state.any_content = true;
    }
}

// Inside quotes a doubled quote is a literal one, a single quote closes the quotes, and a line
// break is data.
Status CsvReader::read_quoted(int c, FieldState& state) {
    if (c != '"') {
        if (c == '\n') {
            ++line_;
        }
        state.field.push_back(static_cast<char>(c));
        return {};
    }
    auto peeked = get();
    if (!peeked) {
        return propagate(peeked.error());
    }
    if (*peeked == '"') {
        state.field.push_back('"');
    } else {
        state.in_quotes = false;
        if (*peeked >= 0) {
            --pos_;  // look at it again outside the quotes
        }
    }
    return {};
}

// A line break outside quotes.
CsvReader::RecordEnd CsvReader::end_of_line(FieldState& state, std::vector<std::string>& fields) {
    ++line_;
    if (!state.any_content && state.field.empty() && fields.empty()) {
        return RecordEnd::kBlankLine;  // the caller starts the record again
    }
    fields.push_back(std::move(state.field));
    return RecordEnd::kRecord;
}

Result<CsvReader::RecordEnd> CsvReader::end_of_input(FieldState& state,
                                                     std::vector<std::string>& fields) const {
    if (state.in_quotes) {
        return make_error(
            ErrorCode::kInvalidArgument,
            "a quoted field opened on line " + std::to_string(record_line_) + " is never closed",
            file_.name() + ":" + std::to_string(line_));
    }
    if (!state.any_content && fields.empty()) {
        return RecordEnd::kEndOfInput;
    }
    fields.push_back(std::move(state.field));
    return RecordEnd::kRecord;
}

CsvHeader::CsvHeader(const std::vector<std::string>& names) {
    names_.reserve(names.size());
    for (const std::string& name : names) {
        names_.push_back(to_lower(trim(name)));
    }
}

std::optional<std::size_t> CsvHeader::find(std::string_view name) const {
    const std::string wanted = to_lower(trim(name));
    for (std::size_t i = 0; i < names_.size(); ++i) {
        if (names_[i] == wanted) {
            return i;
        }
    }
    return std::nullopt;
}

std::string_view CsvHeader::get(const std::vector<std::string>& record,
                                std::string_view name) const {
    const auto index = find(name);
    if (!index || *index >= record.size()) {
        return {};
    }
    return record[*index];
}

}  // namespace wardround

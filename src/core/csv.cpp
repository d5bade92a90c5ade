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

Result<bool> CsvReader::next(std::vector<std::string>& fields) {
    fields.clear();
    if (at_start_) {
        at_start_ = false;
        // Skip a UTF-8 byte-order mark: Excel writes one and NHS exports keep it.
        auto head = file_.peek(3);
        if (head && head->size() == 3 && *head == "\xEF\xBB\xBF") {
            for (int i = 0; i < 3; ++i) {
                WARDROUND_TRY(get());
            }
        }
    }
    for (;;) {
        record_line_ = line_;
        std::string field;
        bool in_quotes = false;
        bool was_quoted = false;
        bool any_content = false;
        for (;;) {
            auto next_char = get();
            if (!next_char) {
                return propagate(next_char.error());
            }
            const int c = *next_char;
            if (c < 0) {
                if (in_quotes) {
                    return make_error(ErrorCode::kInvalidArgument,
                                      "a quoted field opened on line " +
                                          std::to_string(record_line_) + " is never closed",
                                      file_.name() + ":" + std::to_string(line_));
                }
                if (!any_content && fields.empty()) {
                    return false;
                }
                fields.push_back(std::move(field));
                return true;
            }
            if (field.size() > max_field_bytes) {
                return make_error(ErrorCode::kInvalidArgument,
                                  "a field is longer than 1 MiB; is this really a CSV file?",
                                  file_.name() + ":" + std::to_string(line_));
            }
            if (in_quotes) {
                if (c == '"') {
                    auto peeked = get();
                    if (!peeked) {
                        return propagate(peeked.error());
                    }
                    if (*peeked == '"') {
                        field.push_back('"');
                    } else {
                        in_quotes = false;
                        if (*peeked >= 0) {
                            --pos_;  // look at it again outside the quotes
                        }
                    }
                } else {
                    if (c == '\n') {
                        ++line_;
                    }
                    field.push_back(static_cast<char>(c));
                }
                continue;
            }
            if (c == '"' && !was_quoted && trim(field).empty()) {
                in_quotes = true;
                was_quoted = true;
                field.clear();
                any_content = true;
                continue;
            }
            if (c == ',') {
                fields.push_back(std::move(field));
                field.clear();
                was_quoted = false;
                any_content = true;
                continue;
            }
            if (c == '\r') {
                continue;  // CRLF line ends; a lone CR inside a field is dropped too
            }
            if (c == '\n') {
                ++line_;
                if (!any_content && field.empty() && fields.empty()) {
                    break;  // blank line: start the record again
                }
                fields.push_back(std::move(field));
                return true;
            }
            field.push_back(static_cast<char>(c));
            any_content = true;
        }
    }
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

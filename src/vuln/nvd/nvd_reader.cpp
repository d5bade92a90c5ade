// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <array>
#include <charconv>

#include <wardround/core/json_stream.h>
#include <wardround/vuln/nvd.h>

#include "vuln/nvd/cve_parser.h"

namespace wardround::vuln {

std::string_view cvss_version_name(CvssVersion version) {
    switch (version) {
        case CvssVersion::kV2:
            return "2.0";
        case CvssVersion::kV30:
            return "3.0";
        case CvssVersion::kV31:
            return "3.1";
        case CvssVersion::kV40:
            return "4.0";
    }
    return "3.1";
}

std::string_view config_operator_name(ConfigOperator op) {
    return op == ConfigOperator::kAnd ? "AND" : "OR";
}

std::string_view nvd_file_kind_name(NvdFileKind kind) {
    switch (kind) {
        case NvdFileKind::kApiPage:
            return "api-page";
        case NvdFileKind::kFeedRelease:
            return "feed-release";
        case NvdFileKind::kRecord:
            return "record";
    }
    return "api-page";
}

namespace {

// Root member names of CVE API 2.0 pages and of fkie-cad release files; a `cve` object has none
// of them, so the first name in a file tells the layouts apart without reading further.
constexpr std::array<std::string_view, 11> kContainerKeys = {
    "resultsPerPage",  "startIndex", "totalResults", "format", "version",  "timestamp",
    "vulnerabilities", "cve_count",  "feed_name",    "source", "cve_items"};

// The first member name of the root object in `head`, if it shows one before any escape.
std::optional<std::string_view> first_root_key(std::string_view head) {
    std::size_t i = 0;
    if (head.substr(0, 3) == "\xEF\xBB\xBF") {
        i = 3;
    }
    auto skip_space = [&] {
        while (i < head.size() &&
               (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' || head[i] == '\r')) {
            ++i;
        }
    };
    skip_space();
    if (i == head.size() || head[i] != '{') {
        return std::nullopt;
    }
    ++i;
    skip_space();
    if (i == head.size() || head[i] != '"') {
        return std::nullopt;
    }
    const std::size_t start = ++i;
    while (i < head.size() && head[i] != '"' && head[i] != '\\') {
        ++i;
    }
    if (i == head.size() || head[i] != '"') {
        return std::nullopt;
    }
    return head.substr(start, i - start);
}

}  // namespace

struct NvdReader::State {
    InputFile* file = nullptr;
    Diagnostics* diagnostics = nullptr;
    NvdFileInfo info;
    std::optional<JsonArrayStream> stream;
    std::string array_path;
    std::string whole;  // a one-record file
    bool whole_done = false;
    std::size_t metadata_seen = 0;  // root members already turned into `info`
    std::size_t elements = 0;
    std::size_t skipped = 0;
    bool finished = false;
    std::optional<Error> failed;
    detail::CveParser parser;

    void warn(std::string_view code, const std::string& location, std::string message) {
        diagnostics->add(Severity::kWarning, std::string(code), file->name(), location,
                         std::move(message));
    }

    std::optional<std::int64_t> integer_member(const JsonMember& member) {
        std::int64_t value = 0;
        const char* first = member.value.data();
        const char* last = first + member.value.size();
        const auto [end, error] = std::from_chars(first, last, value);
        if (error != std::errc() || end != last) {
            warn("nvd.bad_field", json_member_path("$", member.key),
                 member.key + " is not an integer; ignored");
            return std::nullopt;
        }
        return value;
    }

    std::string string_member(const JsonMember& member) {
        auto text = decode_json_string(member.value);
        if (!text) {
            warn("nvd.bad_field", json_member_path("$", member.key),
                 member.key + " is not a string; ignored");
            return {};
        }
        return std::move(*text);
    }

    // Turns the root members read since the last call into `info`, and refuses files of another
    // API or version before any record is read from them.
    Status take_metadata() {
        const std::vector<JsonMember>& members = stream->members();
        for (; metadata_seen < members.size(); ++metadata_seen) {
            const JsonMember& member = members[metadata_seen];
            const std::string& key = member.key;
            if (key == "resultsPerPage") {
                info.results_per_page = integer_member(member);
            } else if (key == "startIndex") {
                info.start_index = integer_member(member);
            } else if (key == "totalResults") {
                info.total_results = integer_member(member);
            } else if (key == "cve_count") {
                info.cve_count = integer_member(member);
            } else if (key == "feed_name") {
                info.feed_name = string_member(member);
            } else if (key == "source") {
                info.source = string_member(member);
            } else if (key == "timestamp") {
                const std::string text = string_member(member);
                auto parsed = parse_timestamp(text);
                if (parsed) {
                    info.timestamp = *parsed;
                } else if (!text.empty()) {
                    warn("nvd.bad_field", "$.timestamp", parsed.error().message + "; ignored");
                }
            } else if (key == "format") {
                info.format = string_member(member);
                if (info.format != "NVD_CVE") {
                    return make_error(ErrorCode::kInvalidArgument,
                                      "format is \"" + info.format +
                                          R"(", not "NVD_CVE": not a CVE API response)",
                                      file->name() + " $.format");
                }
            } else if (key == "version") {
                info.version = string_member(member);
                if (info.version.substr(0, 2) != "2.") {
                    return make_error(
                        ErrorCode::kInvalidArgument,
                        "CVE API version \"" + info.version + "\" is not supported (2.x is)",
                        file->name() + " $.version");
                }
            }
        }
        return {};
    }

    void check_count() {
        const std::optional<std::int64_t> declared =
            info.kind == NvdFileKind::kApiPage ? info.results_per_page : info.cve_count;
        if (declared && *declared >= 0 && static_cast<std::size_t>(*declared) != elements) {
            const std::string key =
                info.kind == NvdFileKind::kApiPage ? "resultsPerPage" : "cve_count";
            warn("nvd.count_mismatch", "$." + key,
                 key + " is " + std::to_string(*declared) + " but the file holds " +
                     std::to_string(elements) + " records");
        }
    }

    Result<bool> next(CveRecord& record) {
        if (failed) {
            return tl::unexpected<Error>(*failed);
        }
        auto result = read_next(record);
        if (!result) {
            failed = result.error();
        }
        return result;
    }

    // Parses the next element into `record`: true when usable, false when skipped, nullopt at
    // the end of the file.
    Result<std::optional<bool>> parse_next(CveRecord& record) {
        detail::RecordPlace place;
        place.source = file->name();
        if (!stream) {
            if (whole_done) {
                return std::optional<bool>();
            }
            whole_done = true;
            place.shape = detail::RecordShape::kEither;
            ++elements;
            auto parsed = parser.parse(whole, false, place, *diagnostics, record);
            whole.clear();
            whole.shrink_to_fit();
            return parsed.transform([](bool usable) { return std::optional<bool>(usable); });
        }
        auto element = stream->next();
        if (!element) {
            return propagate(element.error());
        }
        if (!*element) {
            WARDROUND_TRY(take_metadata());
            check_count();
            return std::optional<bool>();
        }
        place.array_path = array_path;
        place.index = (*element)->index;
        place.offset = (*element)->offset;
        place.shape = info.kind == NvdFileKind::kApiPage ? detail::RecordShape::kWrapped
                                                         : detail::RecordShape::kBare;
        ++elements;
        return parser.parse((*element)->bytes, true, place, *diagnostics, record)
            .transform([](bool usable) { return std::optional<bool>(usable); });
    }

    Result<bool> read_next(CveRecord& record) {
        while (!finished) {
            auto parsed = parse_next(record);
            if (!parsed) {
                return propagate(parsed.error());
            }
            if (!*parsed) {
                finished = true;
            } else if (**parsed) {
                return true;
            } else {
                ++skipped;
            }
        }
        return false;
    }
};

NvdReader::NvdReader(std::unique_ptr<State> state) : state_(std::move(state)) {}
NvdReader::NvdReader(NvdReader&&) noexcept = default;
NvdReader& NvdReader::operator=(NvdReader&&) noexcept = default;
NvdReader::~NvdReader() = default;

Result<NvdReader> NvdReader::open(InputFile& file,
                                  Diagnostics& diagnostics,
                                  NvdReadOptions options) {
    auto state = std::make_unique<State>();
    state->file = &file;
    state->diagnostics = &diagnostics;

    auto head = file.peek(4096);
    if (!head) {
        return propagate(head.error());
    }
    const std::optional<std::string_view> key = first_root_key(*head);
    const bool container = !key || std::find(kContainerKeys.begin(), kContainerKeys.end(), *key) !=
                                       kContainerKeys.end();
    if (!container) {
        state->info.kind = NvdFileKind::kRecord;
        auto bytes = file.read_all(options.stream.max_element_bytes);
        if (!bytes) {
            return propagate(bytes.error());
        }
        state->whole = std::move(*bytes);
        return NvdReader(std::move(state));
    }
    // Anything that does not start like a single record goes to the splitter, whose errors say
    // precisely what is wrong with it (empty, not an object, no array).
    auto stream = JsonArrayStream::open(file, {"vulnerabilities", "cve_items"}, options.stream);
    if (!stream) {
        return propagate(stream.error());
    }
    state->info.kind = stream->array_key() == "vulnerabilities" ? NvdFileKind::kApiPage
                                                                : NvdFileKind::kFeedRelease;
    state->array_path = json_member_path("$", stream->array_key());
    state->stream.emplace(std::move(*stream));
    WARDROUND_TRY(state->take_metadata());
    return NvdReader(std::move(state));
}

Result<bool> NvdReader::next(CveRecord& record) {
    return state_->next(record);
}

const NvdFileInfo& NvdReader::info() const {
    return state_->info;
}

std::size_t NvdReader::elements_seen() const {
    return state_->elements;
}

std::size_t NvdReader::records_skipped() const {
    return state_->skipped;
}

}  // namespace wardround::vuln

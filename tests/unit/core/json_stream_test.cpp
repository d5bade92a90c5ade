// SPDX-License-Identifier: Apache-2.0
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/core/json_stream.h>

#include "support/compression.h"

namespace wardround {
namespace {

using testing::gzip;
using testing::xz;

// Every escape the splitter must step over, a bracket and a quote inside strings, scalars, empty
// containers and nesting, with members before and after the array.
const std::string kDocument =
    "{\"count\": 6, \"title\" : \"caf\\u00e9 \\\"KEV\\\"\",\n"
    " \"items\": [\n"
    "  {\"id\": \"a\\\\\", \"s\": \"]}{[\\\"\", \"n\": [1, 2.5e3, {\"x\": null}]},\n"
    "  \"plain \\\\\\\" string\",\n"
    "  -12.5E-2,\n"
    "  [],\n"
    "  {},\n"
    "  {\"emoji\": \"\\ud83d\\ude00\", \"t\": true, \"f\": false}\n"
    " ],\n"
    " \"meta\": {\"nested\": [\"]\"]}, \"done\": true\n"
    "}\n";

const std::vector<std::string> kElements = {
    "{\"id\": \"a\\\\\", \"s\": \"]}{[\\\"\", \"n\": [1, 2.5e3, {\"x\": null}]}",
    "\"plain \\\\\\\" string\"",
    "-12.5E-2",
    "[]",
    "{}",
    "{\"emoji\": \"\\ud83d\\ude00\", \"t\": true, \"f\": false}",
};

struct Split {
    std::vector<JsonElement> elements;  // views copied out below
    std::vector<std::string> texts;
    std::vector<JsonMember> members;
};

Result<Split> split(InputFile& file,
                    const std::vector<std::string>& keys,
                    JsonStreamOptions options) {
    auto stream = JsonArrayStream::open(file, keys, options);
    if (!stream) {
        return propagate(stream.error());
    }
    Split out;
    for (;;) {
        auto element = stream->next();
        if (!element) {
            return propagate(element.error());
        }
        if (!*element) {
            break;
        }
        out.texts.emplace_back((*element)->bytes);
        out.elements.push_back(**element);
    }
    out.members = stream->members();
    return out;
}

Result<Split> split_text(const std::string& text,
                         std::size_t chunk_bytes = std::size_t{1} << 20,
                         std::vector<std::string> keys = {"items"}) {
    InputFile file = InputFile::from_memory("doc.json", text);
    JsonStreamOptions options;
    options.chunk_bytes = chunk_bytes;
    return split(file, keys, options);
}

void expect_document_split(const Result<Split>& result, const std::string& label) {
    ASSERT_TRUE(result.has_value()) << label << ": " << result.error().to_string();
    EXPECT_EQ(result->texts, kElements) << label;
    ASSERT_EQ(result->elements.size(), kElements.size()) << label;
    for (std::size_t i = 0; i < kElements.size(); ++i) {
        EXPECT_EQ(result->elements[i].index, i) << label;
        EXPECT_EQ(result->elements[i].offset, kDocument.find(kElements[i])) << label << " " << i;
    }
    ASSERT_EQ(result->members.size(), 4u) << label;
    EXPECT_EQ(result->members[0].key, "count");
    EXPECT_EQ(result->members[0].value, "6");
    EXPECT_EQ(result->members[0].offset, kDocument.find('6'));
    EXPECT_EQ(result->members[1].key, "title");
    EXPECT_EQ(result->members[1].value, "\"caf\\u00e9 \\\"KEV\\\"\"");
    EXPECT_EQ(result->members[2].key, "meta");
    EXPECT_EQ(result->members[2].value, "{\"nested\": [\"]\"]}");
    EXPECT_EQ(result->members[3].key, "done");
    EXPECT_EQ(result->members[3].value, "true");
}

TEST(JsonArrayStream, SplitsEveryKindOfElementAndKeepsRootMembers) {
    expect_document_split(split_text(kDocument), "one chunk");
}

TEST(JsonArrayStream, ChunkBoundaryAnywhereGivesTheSameSplit) {
    // Chunk size 1 puts a boundary between every pair of bytes (inside escapes, \u sequences,
    // keys, literals); the other sizes move the boundaries across every position in turn.
    for (std::size_t chunk = 1; chunk <= kDocument.size() + 1; ++chunk) {
        expect_document_split(split_text(kDocument, chunk), "chunk " + std::to_string(chunk));
    }
}

TEST(JsonArrayStream, CompressedInputGivesTheSameSplit) {
    for (const auto& [label, bytes] :
         {std::pair{"gzip", gzip(kDocument)}, std::pair{"xz", xz(kDocument)}}) {
        for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 20}) {
            InputFile file = InputFile::from_memory(label, bytes);
            JsonStreamOptions options;
            options.chunk_bytes = chunk;
            expect_document_split(split(file, {"items"}, options), label);
        }
    }
}

TEST(JsonArrayStream, ElementsAreFollowedByReadablePadding) {
    InputFile file = InputFile::from_memory("doc.json", kDocument);
    JsonStreamOptions options;
    options.chunk_bytes = 3;  // elements end exactly at the buffer's end sometimes
    auto stream = JsonArrayStream::open(file, {"items"}, options);
    ASSERT_TRUE(stream.has_value());
    std::size_t count = 0;
    for (;;) {
        auto element = stream->next();
        ASSERT_TRUE(element.has_value());
        if (!*element) {
            break;
        }
        // Under AddressSanitizer this fails if the padding is not part of the allocation.
        unsigned sum = 0;
        const char* tail = (*element)->bytes.data() + (*element)->bytes.size();
        for (std::size_t i = 0; i < kJsonPadding; ++i) {
            sum += static_cast<unsigned char>(tail[i]);
        }
        EXPECT_GE(sum, 0u);
        ++count;
    }
    EXPECT_EQ(count, kElements.size());
}

TEST(JsonArrayStream, MembersBeforeTheArrayAreKnownAfterOpen) {
    InputFile file = InputFile::from_memory("doc.json", kDocument);
    auto stream = JsonArrayStream::open(file, {"items"});
    ASSERT_TRUE(stream.has_value());
    EXPECT_EQ(stream->array_key(), "items");
    EXPECT_EQ(stream->members().size(), 2u);
    ASSERT_NE(stream->member("count"), nullptr);
    EXPECT_EQ(stream->member("count")->value, "6");
    EXPECT_EQ(stream->member("meta"), nullptr);
    EXPECT_EQ(stream->element_path(37), "$.items[37]");
}

TEST(JsonArrayStream, TheFirstOfSeveralKeysPresentIsStreamed) {
    auto result = split_text("{\"cve_count\": 1, \"cve_items\": [{\"id\": 1}]}", 4,
                             {"vulnerabilities", "cve_items"});
    ASSERT_TRUE(result.has_value()) << result.error().to_string();
    EXPECT_EQ(result->texts, std::vector<std::string>{"{\"id\": 1}"});
}

TEST(JsonArrayStream, EmptyArrayAndByteOrderMark) {
    auto result = split_text("\xEF\xBB\xBF{\"items\":[]}");
    ASSERT_TRUE(result.has_value()) << result.error().to_string();
    EXPECT_TRUE(result->texts.empty());
    EXPECT_TRUE(result->members.empty());
}

TEST(JsonArrayStream, KeysWithEscapesAreCompared) {
    auto result = split_text("{\"it\\u0065ms\": [1]}");
    ASSERT_TRUE(result.has_value()) << result.error().to_string();
    EXPECT_EQ(result->texts, std::vector<std::string>{"1"});
}

// Found by fuzzing: an empty member name before the array was taken for a second array key.
TEST(JsonArrayStream, AnEmptyMemberNameBeforeTheArrayIsAllowed) {
    auto result = split_text("{\"\": 1, \"items\": [2], \"x\": 3}");
    ASSERT_TRUE(result.has_value()) << result.error().to_string();
    EXPECT_EQ(result->texts, std::vector<std::string>{"2"});
}

struct BadCase {
    const char* label;
    std::string text;
    ErrorCode code;
    std::string where;  // exact
};

TEST(JsonArrayStream, StructuralErrorsNamePathAndOffset) {
    const std::vector<BadCase> cases = {
        {"empty", "", ErrorCode::kDataLoss, "doc.json $ (byte 0)"},
        {"only whitespace", " \n ", ErrorCode::kDataLoss, "doc.json $ (byte 3)"},
        {"root is an array", "[1, 2]", ErrorCode::kInvalidArgument, "doc.json $ (byte 0)"},
        {"root is a string", " \"items\"", ErrorCode::kInvalidArgument, "doc.json $ (byte 1)"},
        {"key missing", "{\"other\": [1]}", ErrorCode::kInvalidArgument, "doc.json $ (byte 13)"},
        {"empty root", "{}", ErrorCode::kInvalidArgument, "doc.json $ (byte 1)"},
        {"not an array", "{\"items\": {\"a\": 1}}", ErrorCode::kInvalidArgument,
         "doc.json $.items (byte 10)"},
        {"array is null", "{\"items\": null}", ErrorCode::kInvalidArgument,
         "doc.json $.items (byte 10)"},
        {"truncated mid-string", "{\"items\": [{\"a\": \"abc", ErrorCode::kDataLoss,
         "doc.json $.items[0] (byte 21)"},
        {"truncated after backslash", "{\"items\": [\"ab\\", ErrorCode::kDataLoss,
         "doc.json $.items[0] (byte 15)"},
        {"truncated in nesting", "{\"items\": [{}, [[1]", ErrorCode::kDataLoss,
         "doc.json $.items[1] (byte 19)"},
        {"truncated between elements", "{\"items\": [{},", ErrorCode::kDataLoss,
         "doc.json $.items (byte 14)"},
        {"truncated after the array", "{\"items\": [] ", ErrorCode::kDataLoss,
         "doc.json $ (byte 13)"},
        {"truncated in a key", "{\"ite", ErrorCode::kDataLoss, "doc.json $ (byte 5)"},
        {"truncated before a value", "{\"a\": ", ErrorCode::kDataLoss, "doc.json $.a (byte 6)"},
        {"garbage after the end", "{\"items\": []} x", ErrorCode::kInvalidArgument,
         "doc.json $ (byte 14)"},
        {"second document", "{\"items\": []}{}", ErrorCode::kInvalidArgument,
         "doc.json $ (byte 13)"},
        {"bracket mismatch", "{\"items\": [{\"a\": [}]}", ErrorCode::kInvalidArgument,
         "doc.json $.items[0] (byte 18)"},
        {"missing comma", "{\"items\": [{} {}]}", ErrorCode::kInvalidArgument,
         "doc.json $.items[0] (byte 14)"},
        {"trailing comma", "{\"items\": [{}, ]}", ErrorCode::kInvalidArgument,
         "doc.json $.items (byte 15)"},
        {"leading comma", "{\"items\": [, {}]}", ErrorCode::kInvalidArgument,
         "doc.json $.items[0] (byte 11)"},
        {"colon in the array", "{\"items\": [{}: 1]}", ErrorCode::kInvalidArgument,
         "doc.json $.items[0] (byte 13)"},
        {"bad literal", "{\"items\": [tru]}", ErrorCode::kInvalidArgument,
         "doc.json $.items[0] (byte 11)"},
        {"bad number", "{\"items\": [01]}", ErrorCode::kInvalidArgument,
         "doc.json $.items[0] (byte 11)"},
        {"bad member value", "{\"n\": 1.e5, \"items\": []}", ErrorCode::kInvalidArgument,
         "doc.json $.n (byte 6)"},
        {"missing colon", "{\"items\" []}", ErrorCode::kInvalidArgument,
         "doc.json $.items (byte 9)"},
        {"member name not a string", "{items: []}", ErrorCode::kInvalidArgument,
         "doc.json $ (byte 1)"},
        {"comma before a member", "{\"a\": 1,, \"items\": []}", ErrorCode::kInvalidArgument,
         "doc.json $ (byte 8)"},
        {"missing comma after the array", "{\"items\": [] \"a\": 1}", ErrorCode::kInvalidArgument,
         "doc.json $ (byte 13)"},
        {"trailing comma in the root", "{\"items\": [],}", ErrorCode::kInvalidArgument,
         "doc.json $ (byte 13)"},
        {"bad escape in a key", "{\"\\x\": 1}", ErrorCode::kInvalidArgument, "doc.json $ (byte 1)"},
        {"control character in a key", "{\"a\tb\": 1}", ErrorCode::kInvalidArgument,
         "doc.json $ (byte 1)"},
        {"duplicate member", "{\"a\": 1, \"a\": 2, \"items\": []}", ErrorCode::kInvalidArgument,
         "doc.json $.a (byte 9)"},
        {"duplicate array key", "{\"items\": [], \"items\": []}", ErrorCode::kInvalidArgument,
         "doc.json $.items (byte 14)"},
        {"invalid UTF-8 in a key", "{\"\xC3\x28\": 1}", ErrorCode::kInvalidArgument,
         "doc.json $ (byte 1)"},
    };
    for (const BadCase& c : cases) {
        for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{1} << 20}) {
            auto result = split_text(c.text, chunk);
            ASSERT_FALSE(result.has_value()) << c.label;
            EXPECT_EQ(result.error().code, c.code) << c.label << ": " << result.error().to_string();
            EXPECT_EQ(result.error().where, c.where) << c.label << ": " << result.error().message;
        }
    }
}

TEST(JsonArrayStream, MessagesSayWhatWasFound) {
    auto result = split_text("{\"items\": [{} {}]}");
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().message, "expected ',' or ']' after the element, found '{'");
    result = split_text("{\"items\": [\x01]}");
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().message, "not a JSON value: '\x01'");
    result = split_text("[");
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().message, "the root is not an object (found '[')");
    result = split_text("{\"a\": 1}");
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().message, "the root object has no \"items\" array");
}

TEST(JsonArrayStream, AnErrorIsReturnedAgainAfterwards) {
    InputFile file = InputFile::from_memory("doc.json", "{\"items\": [{}, x]}");
    auto stream = JsonArrayStream::open(file, {"items"});
    ASSERT_TRUE(stream.has_value());
    auto first = stream->next();
    ASSERT_TRUE(first.has_value() && first->has_value());
    for (int i = 0; i < 2; ++i) {
        auto bad = stream->next();
        ASSERT_FALSE(bad.has_value());
        EXPECT_EQ(bad.error().where, "doc.json $.items[1] (byte 15)");
    }
}

TEST(JsonArrayStream, ElementOverTheLimitIsRejected) {
    const std::string big(5000, 'x');
    const std::string text = "{\"items\": [{}, {\"s\": \"" + big + "\"}]}";
    for (std::size_t chunk : {std::size_t{1}, std::size_t{64}, std::size_t{1} << 20}) {
        InputFile file = InputFile::from_memory("doc.json", text);
        JsonStreamOptions options;
        options.max_element_bytes = 4096;
        options.chunk_bytes = chunk;
        auto result = split(file, {"items"}, options);
        ASSERT_FALSE(result.has_value());
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(result.error().where, "doc.json $.items[1] (byte 15)");
        EXPECT_EQ(result.error().message, "value larger than the limit of 4096 bytes");
    }
}

TEST(JsonArrayStream, OversizeIsReportedBeforeDamageFurtherOn) {
    // The bracket mismatch lies past the limit: whatever the chunk size, the size is the error.
    const std::string text = "{\"items\": [[" + std::string(40, '1') + "}]}";
    for (std::size_t chunk : {std::size_t{1}, std::size_t{5}, std::size_t{1} << 20}) {
        InputFile file = InputFile::from_memory("doc.json", text);
        JsonStreamOptions options;
        options.max_element_bytes = 16;
        options.chunk_bytes = chunk;
        auto result = split(file, {"items"}, options);
        ASSERT_FALSE(result.has_value());
        EXPECT_EQ(result.error().where, "doc.json $.items[0] (byte 11)") << chunk;
        EXPECT_EQ(result.error().message, "value larger than the limit of 16 bytes") << chunk;
    }
}

TEST(JsonArrayStream, RootMemberOverTheLimitIsRejected) {
    const std::string text = "{\"title\": \"" + std::string(5000, 'x') + "\", \"items\": []}";
    InputFile file = InputFile::from_memory("doc.json", text);
    JsonStreamOptions options;
    options.max_element_bytes = 4096;
    auto result = split(file, {"items"}, options);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().where, "doc.json $.title (byte 10)");
}

TEST(JsonArrayStream, DeepNestingStopsAtTheDepthLimit) {
    constexpr std::size_t kLevels = 100000;
    const std::string deep = std::string(kLevels, '[') + std::string(kLevels, ']');
    // 1024 levels are accepted (simdjson's own limit); the 1025th bracket is refused.
    auto result = split_text("{\"items\": [" + deep + "]}");
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(result.error().where, "doc.json $.items[0] (byte " + std::to_string(11 + 1024) + ")");
    EXPECT_EQ(result.error().message, "nested deeper than 1024 levels");

    const std::string ok = std::string(1024, '[') + std::string(1024, ']');
    auto accepted = split_text("{\"items\": [" + ok + "]}");
    ASSERT_TRUE(accepted.has_value()) << accepted.error().to_string();
    EXPECT_EQ(accepted->texts, std::vector<std::string>{ok});

    auto member = split_text("{\"a\": " + deep + ", \"items\": []}");
    ASSERT_FALSE(member.has_value());
    EXPECT_EQ(member.error().where, "doc.json $.a (byte " + std::to_string(6 + 1024) + ")");
}

TEST(JsonArrayStream, CorruptCompressedInputIsDataLoss) {
    std::string big = "{\"items\": [";
    for (int i = 0; i < 20000; ++i) {
        big += "{\"n\": " + std::to_string(i) + "},";
    }
    big += "{}]}";
    const std::string packed = gzip(big);
    InputFile file = InputFile::from_memory("cut.json.gz", packed.substr(0, packed.size() / 2));
    auto result = split(file, {"items"}, {});
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kDataLoss);
}

TEST(JsonArrayStream, NoKeysIsAnError) {
    InputFile file = InputFile::from_memory("doc.json", "{}");
    auto stream = JsonArrayStream::open(file, {});
    ASSERT_FALSE(stream.has_value());
    EXPECT_EQ(stream.error().code, ErrorCode::kInvalidArgument);
}

TEST(DecodeJsonString, DecodesEscapesAndSurrogatePairs) {
    EXPECT_EQ(*decode_json_string("\"\""), "");
    EXPECT_EQ(*decode_json_string("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\""), "a\"b\\c/d\b\f\n\r\t");
    EXPECT_EQ(*decode_json_string("\"caf\\u00e9 \\u20AC\""), "caf\xC3\xA9 \xE2\x82\xAC");
    EXPECT_EQ(*decode_json_string("\"\\ud83d\\ude00\""), "\xF0\x9F\x98\x80");
    EXPECT_EQ(*decode_json_string("\"\xE2\x80\x99 kept\""), "\xE2\x80\x99 kept");
}

TEST(DecodeJsonString, RejectsWhatIsNotOneString) {
    for (const char* bad : {"", "\"", "abc", "\"abc", "abc\"", "\"a\"b\"", "\"\\x\"", "\"\\u12\"",
                            "\"\\u12g4\"", "\"\\ud83d\"", "\"\\ud83d\\u0041\"", "\"\\ude00\"",
                            "\"tab\there\"", "\"\xC3\x28\"", "\"ends\\\""}) {
        auto result = decode_json_string(bad);
        ASSERT_FALSE(result.has_value()) << bad;
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << bad;
    }
}

TEST(JsonMemberPath, QuotesKeysThatAreNotIdentifiers) {
    EXPECT_EQ(json_member_path("$", "vulnerabilities"), "$.vulnerabilities");
    EXPECT_EQ(json_member_path("$.a[3]", "cve_items"), "$.a[3].cve_items");
    EXPECT_EQ(json_member_path("$", "odd key"), "$[\"odd key\"]");
    EXPECT_EQ(json_member_path("$", "q\"b\\"), "$[\"q\\\"b\\\\\"]");
    EXPECT_EQ(json_member_path("$", "1st"), "$[\"1st\"]");
    EXPECT_EQ(json_member_path("$", ""), "$[\"\"]");
}

}  // namespace
}  // namespace wardround

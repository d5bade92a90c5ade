// SPDX-License-Identifier: Apache-2.0
// MDS2 forms from arbitrary bytes, read both as CSV and as an XLSX workbook: never crash, errors
// name the file, and every answer is one the model allows (a normalised, unique question id, a
// kind that agrees with the text, a place, valid UTF-8).
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include <wardround/core/text.h>
#include <wardround/inventory/mds2.h>

namespace {

using wardround::inventory::Mds2AnswerKind;
using wardround::inventory::Mds2Form;

void require(bool condition) {
    if (!condition) {
        std::abort();
    }
}

void check(const wardround::Result<Mds2Form>& form, std::string_view name) {
    if (!form) {
        require(form.error().where.starts_with(name));
        require(!form.error().message.empty());
        return;
    }
    std::set<std::string> ids;
    for (const auto& answer : form->answers) {
        require(wardround::inventory::is_mds2_question_id(answer.question_id));
        require(wardround::to_upper(answer.question_id) == answer.question_id);
        require(ids.insert(answer.question_id).second);
        require(!answer.location.empty());
        require((answer.kind == Mds2AnswerKind::kUnanswered) == answer.answer.empty());
        require(answer.answer == wardround::trim(answer.answer));
        require(wardround::is_valid_utf8(answer.answer) && wardround::is_valid_utf8(answer.note));
    }
    for (const std::string* text :
         {&form->manufacturer, &form->model, &form->document_id, &form->device_description,
          &form->manufacturer_contact, &form->form_date, &form->sheet}) {
        require(wardround::is_valid_utf8(*text));
    }
    for (const auto& diagnostic : form->diagnostics.kept()) {
        require(diagnostic.code.starts_with("mds2.") && diagnostic.source == name);
        require(wardround::is_valid_utf8(diagnostic.message));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    check(wardround::inventory::parse_mds2_csv(bytes, "fuzz.csv"), "fuzz.csv");
    check(wardround::inventory::parse_mds2_xlsx(bytes, "fuzz.xlsx"), "fuzz.xlsx");
    return 0;
}

// SPDX-License-Identifier: Apache-2.0
// RPM versions: [epoch:]version[-release], ordered as rpm orders them (rpm-version(7)). The epoch
// is a number (missing means 0). Version and release each compare with rpmvercmp: characters other
// than letters, digits, '~' and '^' only separate; the rest splits into runs of digits and runs of
// letters, compared pair by pair. Numbers compare by value (leading zeros ignored, 10.0001 ==
// 10.1), letters byte by byte (case matters), and a number sorts after letters. '~' sorts before
// everything, even the end (1.0~rc1 < 1.0); '^' sorts after the end but before anything else
// (1.0 < 1.0^git1 < 1.0.1). rpm compares releases only when both versions have one; that is not a
// total order, so here a missing release sorts before every release (1.0 < 1.0-1).
#include <optional>
#include <string_view>

#include "vuln/version/version_internal.h"

namespace wardround::vuln::detail {

namespace {

constexpr std::string_view kWhat = "RPM";

enum RpmPart : std::uint8_t { kEpoch = 0, kVersion = 1, kRelease = 2 };

bool is_separator(char c) {
    return !is_alnum(c) && c != '~' && c != '^';
}

// A position in one of the two strings rpmvercmp walks; reading past the end gives '\0'.
struct RpmCursor {
    std::string_view text;
    std::size_t at = 0;

    [[nodiscard]] bool done() const { return at == text.size(); }
    [[nodiscard]] char peek() const { return at < text.size() ? text[at] : '\0'; }
    void skip_separators() {
        while (at < text.size() && is_separator(text[at])) {
            ++at;
        }
    }
    // The run of digits (or of letters) at the cursor, which moves past it.
    std::string_view take_run(bool numeric) {
        const std::size_t begin = at;
        while (at < text.size() && (numeric ? is_digit(text[at]) : is_alpha(text[at]))) {
            ++at;
        }
        return text.substr(begin, at - begin);
    }
};

std::string_view without_leading_zeros(std::string_view digits) {
    while (!digits.empty() && digits.front() == '0') {
        digits.remove_prefix(1);
    }
    return digits;
}

// '~' sorts before everything, the end included: the order when only one side has it, or
// nothing (both move past it) when both do. Called when at least one side has one.
std::optional<int> tilde_order(RpmCursor& a, RpmCursor& b) {
    if (a.peek() != '~') {
        return 1;
    }
    if (b.peek() != '~') {
        return -1;
    }
    ++a.at;
    ++b.at;
    return std::nullopt;
}

// '^' sorts after the end but before everything else; as tilde_order.
std::optional<int> caret_order(RpmCursor& a, RpmCursor& b) {
    if (a.done()) {
        return -1;
    }
    if (b.done()) {
        return 1;
    }
    if (a.peek() != '^') {
        return 1;
    }
    if (b.peek() != '^') {
        return -1;
    }
    ++a.at;
    ++b.at;
    return std::nullopt;
}

// One run of digits or of letters, of the type a's run has; both cursors move past their runs.
int compare_runs(RpmCursor& a, RpmCursor& b) {
    const bool numeric = is_digit(a.peek());
    const std::string_view run_a = a.take_run(numeric);
    const std::string_view run_b = b.take_run(numeric);
    if (run_b.empty()) {
        // Different types: a number is newer than letters.
        return numeric ? 1 : -1;
    }
    if (numeric) {
        return compare_digits(without_leading_zeros(run_a), without_leading_zeros(run_b));
    }
    return compare_bytes(run_a, run_b);
}

}  // namespace

int rpm_compare(std::string_view a, std::string_view b) {
    if (a == b) {
        return 0;
    }
    RpmCursor x{a};
    RpmCursor y{b};
    while (!x.done() || !y.done()) {
        x.skip_separators();
        y.skip_separators();
        if (x.peek() == '~' || y.peek() == '~') {
            if (const std::optional<int> order = tilde_order(x, y)) {
                return *order;
            }
            continue;
        }
        if (x.peek() == '^' || y.peek() == '^') {
            if (const std::optional<int> order = caret_order(x, y)) {
                return *order;
            }
            continue;
        }
        if (x.done() || y.done()) {
            break;
        }
        if (const int order = compare_runs(x, y); order != 0) {
            return order;
        }
    }
    if (x.done() && y.done()) {
        return 0;
    }
    return x.done() ? -1 : 1;
}

Result<Version> parse_rpm(std::string_view text) {
    Version version = VersionAccess::make(VersionScheme::kRpm, text);
    auto& parts = VersionAccess::parts(version);
    std::size_t version_begin = 0;
    const std::size_t colon = text.find(':');
    if (colon != std::string_view::npos) {
        if (!all_digits(text.substr(0, colon))) {
            return bad_version(kWhat, text, "the epoch before ':' must be a number");
        }
        parts.push_back(number_part(text, 0, colon, kEpoch));
        version_begin = colon + 1;
    }
    for (const char c : text.substr(version_begin)) {
        if (c == ' ' || c == ':') {
            return bad_version(kWhat, text, "a space or a second ':'");
        }
    }
    const std::size_t hyphen = text.rfind('-');
    std::size_t version_end = text.size();
    if (hyphen != std::string_view::npos && hyphen >= version_begin) {
        version_end = hyphen;
        if (hyphen + 1 == text.size()) {
            return bad_version(kWhat, text, "empty release after the last '-'");
        }
    }
    const std::string_view body = text.substr(version_begin, version_end - version_begin);
    if (body.empty()) {
        return bad_version(kWhat, text, "empty version");
    }
    if (body.find('-') != std::string_view::npos) {
        return bad_version(kWhat, text, "a version with a '-' in it");
    }
    bool alnum = false;
    for (const char c : body) {
        alnum = alnum || is_alnum(c);
    }
    if (!alnum) {
        return bad_version(kWhat, text, "no letters or digits in the version");
    }
    parts.push_back(make_part(version_begin, body.size(), kVersion));
    if (version_end < text.size()) {
        parts.push_back(make_part(version_end + 1, text.size() - version_end - 1, kRelease));
    }
    return version;
}

int compare_rpm(const Version& a, const Version& b) {
    std::string_view epoch_a;
    std::string_view epoch_b;
    std::string_view body_a;
    std::string_view body_b;
    std::string_view release_a;
    std::string_view release_b;
    for (const auto& part : VersionAccess::parts(a)) {
        const std::string_view view = VersionAccess::view(a, part);
        (part.kind == kEpoch ? epoch_a : part.kind == kVersion ? body_a : release_a) = view;
    }
    for (const auto& part : VersionAccess::parts(b)) {
        const std::string_view view = VersionAccess::view(b, part);
        (part.kind == kEpoch ? epoch_b : part.kind == kVersion ? body_b : release_b) = view;
    }
    if (const int order = compare_digits(epoch_a, epoch_b); order != 0) {
        return order;
    }
    if (const int order = rpm_compare(body_a, body_b); order != 0) {
        return order;
    }
    return rpm_compare(release_a, release_b);
}

}  // namespace wardround::vuln::detail

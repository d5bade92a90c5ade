// SPDX-License-Identifier: Apache-2.0
// Maven versions, ordered as Maven's resolver orders them (ComparableVersion in maven-artifact
// 3.x). The text, read case-insensitively, becomes a list of items: '.' separates items, while
// '-' and each change between digits and other characters open a nested list holding the rest.
// Items are numbers, qualifiers and lists. Qualifiers order alpha < beta < milestone < rc == cr <
// snapshot < "" == ga == final == release < sp < any other word (alphabetically); a, b and m
// directly before a digit mean alpha, beta and milestone. Trailing "null" items (0, "", an empty
// list) are dropped from each list. Lists compare item by item, a missing item counting as null;
// across kinds a number beats a list, which beats a qualifier. Maven's own resolver differs in
// a few corners from the prose of the POM reference (1.foo sorts before 1-foo here, as in Maven).
#include <array>
#include <string_view>

#include "vuln/version/version_internal.h"

namespace wardround::vuln::detail {

namespace {

enum MavenKind : std::uint8_t { kInt = 0, kString = 1, kList = 2 };

constexpr std::uint8_t kReleaseRank = 5;
constexpr std::uint8_t kUnknownRank = 7;

struct Qualifier {
    std::string_view word;
    std::uint8_t rank;
};

constexpr std::array<Qualifier, 11> kQualifiers = {{
    {"alpha", 0},
    {"beta", 1},
    {"milestone", 2},
    {"rc", 3},
    {"cr", 3},
    {"snapshot", 4},
    {"", kReleaseRank},
    {"ga", kReleaseRank},
    {"final", kReleaseRank},
    {"release", kReleaseRank},
    {"sp", 6},
}};

std::uint8_t qualifier_rank(std::string_view word, bool followed_by_digit) {
    if (word.size() == 1 && followed_by_digit) {
        switch (to_lower(word[0])) {
            case 'a':
                return 0;
            case 'b':
                return 1;
            case 'm':
                return 2;
            default:
                break;
        }
    }
    for (const auto& qualifier : kQualifiers) {
        if (equals_folded(qualifier.word, word)) {
            return qualifier.rank;
        }
    }
    return kUnknownRank;
}

// The item tree while parsing; flattened into the Version's parts in pre-order afterwards, each
// list's part holding the number of parts below it in `size`.
struct Node {
    VersionPart part;
    std::vector<std::size_t> children;
};

class MavenParser {
public:
    explicit MavenParser(std::string_view text) : text_(text) { nodes_.push_back(Node{}); }

    void parse() {
        std::size_t list = 0;
        std::vector<std::size_t> stack{0};
        bool digit = false;
        std::size_t start = 0;
        for (std::size_t i = 0; i < text_.size(); ++i) {
            const char c = text_[i];
            if (c == '.' || c == '-') {
                if (i == start) {
                    add(list, make_part(i, 0, kInt));  // an empty item is 0
                } else {
                    add(list, item(digit, start, i, false));
                }
                start = i + 1;
                if (c == '-') {
                    list = open(list, stack);
                }
            } else if (is_digit(c)) {
                if (!digit && i > start) {
                    add(list, item(false, start, i, true));
                    start = i;
                    list = open(list, stack);
                }
                digit = true;
            } else {
                if (digit && i > start) {
                    add(list, item(true, start, i, false));
                    start = i;
                    list = open(list, stack);
                }
                digit = false;
            }
        }
        if (text_.size() > start) {
            add(list, item(digit, start, text_.size(), false));
        }
        while (!stack.empty()) {
            normalize(stack.back());
            stack.pop_back();
        }
    }

    void flatten(std::vector<VersionPart>& parts) const { flatten(0, parts); }

private:
    [[nodiscard]] VersionPart item(bool digit,
                                   std::size_t begin,
                                   std::size_t end,
                                   bool followed_by_digit) const {
        if (digit) {
            return number_part(text_, begin, end, kInt);
        }
        return make_part(begin, end - begin, kString,
                         qualifier_rank(text_.substr(begin, end - begin), followed_by_digit));
    }

    void add(std::size_t list, VersionPart part) {
        nodes_.push_back(Node{part, {}});
        nodes_[list].children.push_back(nodes_.size() - 1);
    }

    std::size_t open(std::size_t list, std::vector<std::size_t>& stack) {
        add(list, make_part(0, 0, kList));
        stack.push_back(nodes_.size() - 1);
        return nodes_.size() - 1;
    }

    [[nodiscard]] bool is_null(std::size_t node) const {
        const VersionPart& part = nodes_[node].part;
        switch (part.kind) {
            case kInt:
                return part.size == 0;
            case kString:
                return part.rank == kReleaseRank;
            default:
                return nodes_[node].children.empty();
        }
    }

    // Drops null items from the end of a list; a list item stops the walk only if it is not
    // empty (ComparableVersion looks past non-empty lists at the end).
    void normalize(std::size_t list) {
        auto& children = nodes_[list].children;
        for (std::size_t i = children.size(); i > 0; --i) {
            const std::size_t child = children[i - 1];
            if (is_null(child)) {
                children.erase(children.begin() + static_cast<long>(i - 1));
            } else if (nodes_[child].part.kind != kList) {
                break;
            }
        }
    }

    void flatten(std::size_t node, std::vector<VersionPart>& parts) const {
        for (const std::size_t child : nodes_[node].children) {
            const std::size_t at = parts.size();
            parts.push_back(nodes_[child].part);
            if (nodes_[child].part.kind == kList) {
                flatten(child, parts);
                parts[at].size = static_cast<std::uint16_t>(parts.size() - at - 1);
            }
        }
    }

    std::string_view text_;
    std::vector<Node> nodes_;
};

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

std::size_t subtree_end(const std::vector<VersionPart>& parts, std::size_t i) {
    return i + 1 + (parts[i].kind == kList ? parts[i].size : 0);
}

int compare_to_null(const Version& v, std::size_t i);

// Compares the lists whose items are parts[a_begin, a_end) and parts[b_begin, b_end).
int compare_lists(const Version& a,
                  std::size_t ai,
                  std::size_t a_end,
                  const Version& b,
                  std::size_t bi,
                  std::size_t b_end);

int compare_items(const Version& a, std::size_t i, const Version& b, std::size_t j) {
    const VersionPart& x = VersionAccess::parts(a)[i];
    const VersionPart& y = VersionAccess::parts(b)[j];
    switch (x.kind) {
        case kInt:
            return y.kind == kInt
                       ? compare_digits(VersionAccess::view(a, x), VersionAccess::view(b, y))
                       : 1;
        case kString:
            if (y.kind != kString) {
                return -1;
            }
            if (x.rank != y.rank) {
                return x.rank < y.rank ? -1 : 1;
            }
            return x.rank == kUnknownRank
                       ? compare_folded(VersionAccess::view(a, x), VersionAccess::view(b, y))
                       : 0;
        default:
            if (y.kind != kList) {
                return y.kind == kInt ? -1 : 1;
            }
            return compare_lists(a, i + 1, i + 1 + x.size, b, j + 1, j + 1 + y.size);
    }
}

int compare_to_null(const Version& v, std::size_t i) {
    const VersionPart& part = VersionAccess::parts(v)[i];
    switch (part.kind) {
        case kInt:
            return part.size == 0 ? 0 : 1;
        case kString:
            return part.rank == kReleaseRank ? 0 : (part.rank < kReleaseRank ? -1 : 1);
        default:
            return part.size == 0 ? 0 : compare_to_null(v, i + 1);
    }
}

int compare_lists(const Version& a,
                  std::size_t ai,
                  std::size_t a_end,
                  const Version& b,
                  std::size_t bi,
                  std::size_t b_end) {
    const auto& pa = VersionAccess::parts(a);
    const auto& pb = VersionAccess::parts(b);
    while (ai < a_end || bi < b_end) {
        const std::size_t x = ai < a_end ? ai : kNone;
        const std::size_t y = bi < b_end ? bi : kNone;
        int order = 0;
        if (x == kNone) {
            order = -compare_to_null(b, y);
        } else if (y == kNone) {
            order = compare_to_null(a, x);
        } else {
            order = compare_items(a, x, b, y);
        }
        if (order != 0) {
            return order;
        }
        ai = x == kNone ? ai : subtree_end(pa, x);
        bi = y == kNone ? bi : subtree_end(pb, y);
    }
    return 0;
}

}  // namespace

Result<Version> parse_maven(std::string_view text) {
    for (const char c : text) {
        if (c == ' ') {
            return bad_version("Maven", text, "a space inside the version");
        }
    }
    Version version = VersionAccess::make(VersionScheme::kMaven, text);
    MavenParser parser(text);
    parser.parse();
    parser.flatten(VersionAccess::parts(version));
    return version;
}

int compare_maven(const Version& a, const Version& b) {
    return compare_lists(a, 0, VersionAccess::parts(a).size(), b, 0,
                         VersionAccess::parts(b).size());
}

}  // namespace wardround::vuln::detail

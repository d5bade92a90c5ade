// SPDX-License-Identifier: Apache-2.0
#include "match_cases.h"

#include <fstream>
#include <sstream>

#include <fmt/core.h>

namespace wardround::match::testing {
namespace {

std::vector<std::string> words(const std::string& line) {
    std::istringstream stream(line);
    std::vector<std::string> out;
    std::string word;
    while (stream >> word) {
        out.push_back(word);
    }
    return out;
}

std::string trim(const std::string& text) {
    const auto begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos) {
        return {};
    }
    const auto end = text.find_last_not_of(" \t\r");
    return text.substr(begin, end - begin + 1);
}

Status read_entry(const std::vector<std::string>& parts, CpeMatchSpec& entry) {
    entry.vulnerable = parts[0] == "+";
    entry.criteria = parts[1];
    for (std::size_t i = 2; i + 1 < parts.size(); i += 2) {
        const std::string& op = parts[i];
        const std::string& value = parts[i + 1];
        if (op == ">=") {
            entry.version_start_including = value;
        } else if (op == ">") {
            entry.version_start_excluding = value;
        } else if (op == "<=") {
            entry.version_end_including = value;
        } else if (op == "<") {
            entry.version_end_excluding = value;
        } else {
            return make_error(ErrorCode::kInvalidArgument, "unknown bound operator " + op);
        }
    }
    if (parts.size() % 2 != 0) {
        return make_error(ErrorCode::kInvalidArgument, "a bound operator without a version");
    }
    return {};
}

}  // namespace

Result<CaseFile> read_case_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        return make_error(ErrorCode::kNotFound, "cannot open", path);
    }
    CaseFile file;
    bool results = false;
    std::string line;
    int number = 0;
    const auto fail = [&](const std::string& message) {
        return make_error(ErrorCode::kInvalidArgument, message, fmt::format("{}:{}", path, number));
    };
    while (std::getline(in, line)) {
        ++number;
        line = trim(line);
        if (line.empty() || line.front() == '#') {
            continue;
        }
        if (line == "----") {
            results = true;
            continue;
        }
        const std::vector<std::string> parts = words(line);
        // A file may hold several sections: a new CVE or asset ends the expectations before it.
        if (results && (parts[0] == "cve" || parts[0] == "asset")) {
            results = false;
        }
        if (results) {
            if (parts.size() != 3 || (parts[2] != "affected" && parts[2] != "not-evaluable" &&
                                      parts[2] != "unaffected")) {
                return fail("expected '<asset> <cve> affected|not-evaluable|unaffected'");
            }
            file.expected[{parts[0], parts[1]}] = parts[2];
            continue;
        }
        const std::string& keyword = parts[0];
        if (keyword == "cve" && parts.size() == 2) {
            file.cves.push_back(CveSpec{parts[1], {}});
        } else if (keyword == "config" && parts.size() >= 2) {
            if (file.cves.empty()) {
                return fail("config before any cve");
            }
            ConfigurationSpec configuration;
            configuration.all = parts[1] == "and";
            configuration.negate = parts.size() > 2 && parts[2] == "negate";
            file.cves.back().configurations.push_back(configuration);
        } else if (keyword == "node" && parts.size() >= 2) {
            if (file.cves.empty() || file.cves.back().configurations.empty()) {
                return fail("node before any config");
            }
            NodeSpec node;
            node.all = parts[1] == "and";
            node.negate = parts.size() > 2 && parts[2] == "negate";
            file.cves.back().configurations.back().nodes.push_back(node);
        } else if ((keyword == "+" || keyword == "~") && parts.size() >= 2) {
            if (file.cves.empty() || file.cves.back().configurations.empty() ||
                file.cves.back().configurations.back().nodes.empty()) {
                return fail("an entry before any node");
            }
            CpeMatchSpec entry;
            if (auto read = read_entry(parts, entry); !read) {
                return fail(read.error().message);
            }
            file.cves.back().configurations.back().nodes.back().matches.push_back(entry);
        } else if (keyword == "asset" && parts.size() >= 2) {
            const auto colon = line.find(':');
            CaseAsset asset;
            asset.name = trim(line.substr(6, colon - 6));
            std::istringstream names(line.substr(colon + 1));
            std::string cpe;
            while (std::getline(names, cpe, ';')) {
                if (!trim(cpe).empty()) {
                    asset.cpes.push_back(trim(cpe));
                }
            }
            file.assets.push_back(asset);
        } else {
            return fail("unknown line: " + line);
        }
    }
    return file;
}

}  // namespace wardround::match::testing

// SPDX-License-Identifier: Apache-2.0
#include "diff_case.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <limits>
#include <map>
#include <utility>

#include <fmt/core.h>

#include <wardround/match/asset_matcher.h>

namespace wardround::match::testing {
namespace {

// A product as criteria and names spell it, with versions and updates typical of it (drawn half
// of the time; the other half comes from every product's, so shapes meet that cannot be ordered).
struct Product {
    std::string part;
    std::string vendor;
    std::string product;  // CPE 2.3 formatted (quoted)
    std::vector<std::string> versions;
    std::vector<std::string> updates;
};

const std::vector<Product>& products() {
    static const std::vector<Product> kProducts{
        {"a",
         "apache",
         "log4j",
         {"2.0-beta9", "2.0-beta8", "2.0", "2.0.0", "2.3.1", "2.12.1"},
         {"beta9", "rc1"}},
        {"a", "openbsd", "openssh", {"9.8", "9.8p1", "9.8p2", "9.7"}, {"p1", "p2"}},
        {"a",
         "example",
         "viewer",
         {"1.0.1", "1.0.1g", "1.0.1f", "2.0", "2021-12-13", "2022-01-04"},
         {"beta1", "0"}},
        {"o",
         "microsoft",
         "windows_10_21h2",
         {"10.0.19044", "10.0.19044.1415", "10.0.19044.1288", "10.0.19045.3803", "10.0"},
         {"sp1"}},
        {"o", "microsoft", "windows_7", {"6.1", "6.1.7601", "6.1.7601.24546", "r2"}, {"sp1", "-"}},
        {"h", "example", "pump", {"2.6.9", "2.7.0", "2.7", "latest"}, {"rc1"}},
        {"a", "notepad-plus-plus", "notepad\\+\\+", {"8.4.9", "8.5.2", "8.5"}, {"beta1"}},
    };
    return kProducts;
}

const std::vector<std::string>& every_version() {
    static const std::vector<std::string> kVersions = [] {
        std::vector<std::string> all{"words", "1.0", "2.0.0.0"};
        for (const Product& product : products()) {
            all.insert(all.end(), product.versions.begin(), product.versions.end());
        }
        return all;
    }();
    return kVersions;
}

const std::vector<std::string> kUpdates{"p1", "p2", "sp1", "beta9", "beta1", "rc1", "0"};
const std::vector<std::string> kTargetSw{"node.js", "wordpress", "windows", "-"};
const std::vector<std::string> kTargetHw{"x64", "x86", "arm64", "-"};
const std::vector<std::string> kLanguages{"en", "de", "-"};

std::string version_for(Chooser& chooser, const Product& product) {
    return chooser.percent(50) ? chooser.pick(product.versions) : chooser.pick(every_version());
}

std::string update_for(Chooser& chooser, const Product& product) {
    return chooser.percent(50) ? chooser.pick(product.updates) : chooser.pick(kUpdates);
}

// A version pattern from a real version: `2.0*`, `1.0.?`, `*beta9`.
std::string version_pattern(Chooser& chooser, const std::string& version) {
    switch (chooser.below(3)) {
        case 0:
            return version.substr(0, 1 + chooser.below(version.size())) + "*";
        case 1:
            return version.substr(0, version.size() - 1) + "?";
        default:
            return "*" + version.substr(version.size() - std::min<std::size_t>(version.size(), 2));
    }
}

std::string join_cpe(const std::vector<std::string>& fields) {
    std::string out = "cpe:2.3";
    for (const std::string& field : fields) {
        out += ':';
        out += field;
    }
    return out;
}

// A qualifier: mostly ANY, sometimes a value or NA from the pool.
std::string qualifier(Chooser& chooser, std::size_t chance, const std::vector<std::string>& pool) {
    return chooser.percent(chance) ? chooser.pick(pool) : "*";
}

enum class Role : std::uint8_t { kEither, kVulnerable, kPlatform };

CpeMatchSpec make_entry(Chooser& chooser, const GeneratorOptions& options, Role role) {
    CpeMatchSpec entry;
    const bool vulnerable = chooser.percent(70);
    entry.vulnerable = role == Role::kEither ? vulnerable : role == Role::kVulnerable;
    if (chooser.percent(2) && options.malformed_criteria) {
        // Not CPE 2.3: a CPE 2.2 URI, or too few attributes.
        entry.criteria =
            chooser.percent(50) ? "cpe:/a:example:viewer:2.0" : "cpe:2.3:a:example:viewer";
        return entry;
    }
    const Product& product = chooser.pick(products());
    const bool open = options.open_criteria;
    std::string part = chooser.percent(3) && open ? "*" : product.part;
    std::string vendor = chooser.percent(4) && open ? "*" : product.vendor;
    std::string name = product.product;
    if (chooser.percent(4) && open) {
        name = name.substr(0, 3) + "*";
    }
    std::string version = "*";
    std::string update = "*";
    const std::size_t shape = chooser.below(100);
    if (shape < 40) {
        // ANY, with bounds most of the time.
        if (chooser.percent(75)) {
            const std::size_t start = chooser.below(3);
            const std::size_t end = chooser.below(3);
            if (start == 1) {
                entry.version_start_including = version_for(chooser, product);
            } else if (start == 2) {
                entry.version_start_excluding = version_for(chooser, product);
            }
            if (end == 1) {
                entry.version_end_including = version_for(chooser, product);
            } else if (end == 2) {
                entry.version_end_excluding = version_for(chooser, product);
            }
        }
    } else if (shape < 55) {
        version = "-";
    } else if (shape < 88) {
        version = version_for(chooser, product);
    } else {
        version = version_pattern(chooser, version_for(chooser, product));
    }
    const std::size_t update_shape = chooser.below(100);
    if (update_shape < 15) {
        update = "-";
    } else if (update_shape < 45) {
        update = update_for(chooser, product);
    }
    entry.criteria =
        join_cpe({part, vendor, name, version, update, "*", qualifier(chooser, 5, kLanguages), "*",
                  qualifier(chooser, 15, kTargetSw), qualifier(chooser, 15, kTargetHw), "*"});
    return entry;
}

std::string make_name(Chooser& chooser, const GeneratorOptions& options) {
    const Product& product = chooser.pick(products());
    std::string name = product.product;
    if (chooser.percent(2) && options.wildcard_names) {
        name = name.substr(0, 4) + "*";
    }
    std::string vendor = product.vendor;
    if (chooser.percent(3)) {
        vendor = "*";
    } else if (chooser.percent(5)) {
        for (char& c : vendor) {
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
    }
    std::string version;
    const std::size_t shape = chooser.below(100);
    if (shape < 12) {
        version = "*";
    } else if (shape < 20) {
        version = "-";
    } else if (shape < 23 && options.wildcard_names) {
        version = version_pattern(chooser, version_for(chooser, product));
    } else {
        version = version_for(chooser, product);
    }
    std::string update = "*";
    const std::size_t update_shape = chooser.below(100);
    if (update_shape < 10) {
        update = "-";
    } else if (update_shape < 35) {
        update = update_for(chooser, product);
    }
    return join_cpe({product.part, vendor, name, version, update, "*",
                     qualifier(chooser, 10, kLanguages), "*", qualifier(chooser, 30, kTargetSw),
                     qualifier(chooser, 30, kTargetHw), "*"});
}

std::size_t between(Chooser& chooser, std::size_t low, std::size_t high) {
    return low + chooser.below(high - low + 1);
}

std::string bound_text(const CpeMatchSpec& entry) {
    std::string out;
    const auto add = [&out](std::string_view op, const std::string& value) {
        if (!value.empty()) {
            out += fmt::format(" {} {}", op, value);
        }
    };
    add(">=", entry.version_start_including);
    add(">", entry.version_start_excluding);
    add("<=", entry.version_end_including);
    add("<", entry.version_end_excluding);
    return out;
}

// Calls `each` with every case one removal smaller than `diff_case`.
void for_each_smaller(const DiffCase& diff_case, const std::function<bool(DiffCase)>& each) {
    const auto remove_at = [](auto& list, std::size_t i) {
        list.erase(list.begin() + static_cast<std::ptrdiff_t>(i));
    };
    for (std::size_t a = 0; a < diff_case.assets.size(); ++a) {
        DiffCase smaller = diff_case;
        remove_at(smaller.assets, a);
        if (each(std::move(smaller))) {
            return;
        }
        for (std::size_t n = 0; n < diff_case.assets[a].cpes.size(); ++n) {
            smaller = diff_case;
            remove_at(smaller.assets[a].cpes, n);
            if (each(std::move(smaller))) {
                return;
            }
        }
    }
    for (std::size_t v = 0; v < diff_case.cves.size(); ++v) {
        DiffCase smaller = diff_case;
        remove_at(smaller.cves, v);
        if (each(std::move(smaller))) {
            return;
        }
        const CveSpec& cve = diff_case.cves[v];
        for (std::size_t c = 0; c < cve.configurations.size(); ++c) {
            smaller = diff_case;
            remove_at(smaller.cves[v].configurations, c);
            if (each(std::move(smaller))) {
                return;
            }
            const ConfigurationSpec& configuration = cve.configurations[c];
            // The last node of a configuration and the last entry of a node stay: NVD publishes
            // neither empty, and an empty one makes a case harder to read.
            for (std::size_t n = 0; n < configuration.nodes.size(); ++n) {
                smaller = diff_case;
                remove_at(smaller.cves[v].configurations[c].nodes, n);
                if (configuration.nodes.size() > 1 && each(std::move(smaller))) {
                    return;
                }
                const NodeSpec& node = configuration.nodes[n];
                for (std::size_t m = 0; m < node.matches.size(); ++m) {
                    smaller = diff_case;
                    remove_at(smaller.cves[v].configurations[c].nodes[n].matches, m);
                    if (node.matches.size() > 1 && each(std::move(smaller))) {
                        return;
                    }
                    for (std::string CpeMatchSpec::*bound :
                         {&CpeMatchSpec::version_start_including,
                          &CpeMatchSpec::version_start_excluding,
                          &CpeMatchSpec::version_end_including,
                          &CpeMatchSpec::version_end_excluding}) {
                        if ((node.matches[m].*bound).empty()) {
                            continue;
                        }
                        smaller = diff_case;
                        (smaller.cves[v].configurations[c].nodes[n].matches[m].*bound).clear();
                        if (each(std::move(smaller))) {
                            return;
                        }
                    }
                }
            }
        }
    }
}

bool differs(const DiffCase& diff_case) {
    auto differences = compare_matchers(diff_case);
    return differences.has_value() && !differences->empty();
}

}  // namespace

std::size_t SeededChooser::below(std::size_t n) {
    if (n <= 1) {
        return 0;
    }
    // Draws above the largest multiple of n would favour the small results: draw again.
    const std::uint64_t range = n;
    const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() -
                                std::numeric_limits<std::uint64_t>::max() % range;
    std::uint64_t draw = engine_();
    while (draw >= limit) {
        draw = engine_();
    }
    return static_cast<std::size_t>(draw % range);
}

std::size_t ByteChooser::below(std::size_t n) {
    if (n <= 1) {
        return 0;
    }
    std::size_t value = 0;
    const std::size_t bytes = n > 256 ? 2 : 1;
    for (std::size_t i = 0; i < bytes; ++i) {
        const std::size_t byte =
            next_ < bytes_.size() ? static_cast<unsigned char>(bytes_[next_++]) : 0;
        value = value * 256 + byte;
    }
    return value % n;
}

GeneratorOptions agreed_shapes() {
    GeneratorOptions options;
    options.platform_anywhere = true;
    options.vulnerable_under_negation = true;
    options.malformed_criteria = true;
    options.open_criteria = true;
    options.wildcard_names = false;  // the fast engine refuses such names: divergences.test
    return options;
}

DiffCase generate_case(Chooser& chooser, const GeneratorOptions& options) {
    DiffCase diff_case;
    const std::size_t cve_count = between(chooser, 1, 5);
    for (std::size_t v = 0; v < cve_count; ++v) {
        CveSpec cve;
        cve.id = fmt::format("CVE-2000-{:04}", v + 1);
        // Now and then no configurations at all: a CVE awaiting analysis.
        const std::size_t configurations = chooser.percent(5) ? 0 : between(chooser, 1, 3);
        for (std::size_t c = 0; c < configurations; ++c) {
            ConfigurationSpec configuration;
            configuration.all = chooser.percent(40);
            configuration.negate = chooser.percent(10) && options.negation;
            const std::size_t nodes = between(chooser, 1, 3);
            for (std::size_t n = 0; n < nodes; ++n) {
                NodeSpec node;
                node.all = chooser.percent(30);
                node.negate = chooser.percent(12) && options.negation;
                Role role = Role::kEither;
                const bool platform_node = chooser.percent(35);
                if (!options.platform_anywhere) {
                    node.negate = node.negate && configuration.all;
                    role = platform_node && configuration.all ? Role::kPlatform : Role::kVulnerable;
                }
                if ((node.negate || configuration.negate) && !options.vulnerable_under_negation) {
                    role = Role::kPlatform;
                }
                const std::size_t entries = between(chooser, 1, 3);
                for (std::size_t m = 0; m < entries; ++m) {
                    node.matches.push_back(make_entry(chooser, options, role));
                }
                configuration.nodes.push_back(std::move(node));
            }
            cve.configurations.push_back(std::move(configuration));
        }
        diff_case.cves.push_back(std::move(cve));
    }
    const std::size_t asset_count = between(chooser, 1, options.max_assets);
    for (std::size_t a = 0; a < asset_count; ++a) {
        DiffAsset asset;
        asset.name = fmt::format("asset-{}", a + 1);
        const std::size_t names = between(chooser, 1, 6);
        for (std::size_t n = 0; n < names; ++n) {
            asset.cpes.push_back(make_name(chooser, options));
        }
        diff_case.assets.push_back(std::move(asset));
    }
    return diff_case;
}

Result<std::vector<ReferenceOutcome>> fast_match(const std::vector<CveSpec>& cves,
                                                 const std::vector<std::string>& asset_cpes) {
    NvdIndex index;
    for (const CveSpec& cve : cves) {
        index.add(cve);
    }
    std::vector<SoftwareVerdicts> verdicts;
    for (const std::string& cpe : asset_cpes) {
        auto software = Software::from_cpe(cpe);
        if (!software) {
            return propagate(software.error());
        }
        verdicts.push_back(evaluate_software(index, *software));
    }
    std::vector<const SoftwareVerdicts*> pointers;
    pointers.reserve(verdicts.size());
    for (const auto& list : verdicts) {
        pointers.push_back(&list);
    }
    std::vector<ReferenceOutcome> outcomes(cves.size(), ReferenceOutcome::kUnaffected);
    for (const CveOutcome& outcome : evaluate_asset(index, pointers)) {
        outcomes[outcome.cve] = outcome.truth == Truth::kTrue ? ReferenceOutcome::kAffected
                                                              : ReferenceOutcome::kNotEvaluable;
    }
    return outcomes;
}

Result<std::vector<Difference>> compare_matchers(const DiffCase& diff_case) {
    std::vector<Difference> differences;
    for (const DiffAsset& asset : diff_case.assets) {
        auto fast = fast_match(diff_case.cves, asset.cpes);
        if (!fast) {
            return propagate(fast.error());
        }
        auto reference = reference_match(diff_case.cves, asset.cpes);
        if (!reference) {
            return propagate(reference.error());
        }
        for (std::size_t v = 0; v < diff_case.cves.size(); ++v) {
            if ((*fast)[v] != (*reference)[v]) {
                differences.push_back(
                    {asset.name, diff_case.cves[v].id, (*fast)[v], (*reference)[v]});
            }
        }
    }
    return differences;
}

DiffCase shrink(DiffCase diff_case) {
    bool smaller_found = true;
    while (smaller_found) {
        smaller_found = false;
        for_each_smaller(diff_case, [&](DiffCase smaller) {
            if (!differs(smaller)) {
                return false;
            }
            diff_case = std::move(smaller);
            smaller_found = true;
            return true;
        });
    }
    return diff_case;
}

std::string format_case(const DiffCase& diff_case, std::string_view title) {
    std::string out = fmt::format("# {}\n", title);
    for (const CveSpec& cve : diff_case.cves) {
        out += fmt::format("cve {}\n", cve.id);
        for (const ConfigurationSpec& configuration : cve.configurations) {
            out += fmt::format("config {}{}\n", configuration.all ? "and" : "or",
                               configuration.negate ? " negate" : "");
            for (const NodeSpec& node : configuration.nodes) {
                out += fmt::format("node {}{}\n", node.all ? "and" : "or",
                                   node.negate ? " negate" : "");
                for (const CpeMatchSpec& entry : node.matches) {
                    out += fmt::format("{} {}{}\n", entry.vulnerable ? "+" : "~", entry.criteria,
                                       bound_text(entry));
                }
            }
        }
    }
    out += "\n";
    std::map<std::pair<std::string, std::string>, std::string> fast_says;
    auto differences = compare_matchers(diff_case);
    if (differences) {
        for (const Difference& difference : *differences) {
            fast_says[{difference.asset, difference.cve}] =
                std::string(reference_outcome_name(difference.fast));
        }
    }
    std::string expectations;
    for (const DiffAsset& asset : diff_case.assets) {
        out += fmt::format("asset {}:", asset.name);
        for (std::size_t n = 0; n < asset.cpes.size(); ++n) {
            out += fmt::format("{} {}", n == 0 ? "" : ";", asset.cpes[n]);
        }
        out += "\n";
        auto reference = reference_match(diff_case.cves, asset.cpes);
        if (!reference) {
            continue;
        }
        for (std::size_t v = 0; v < diff_case.cves.size(); ++v) {
            const auto fast = fast_says.find({asset.name, diff_case.cves[v].id});
            if (fast != fast_says.end()) {
                expectations += fmt::format("# the fast engine says {}\n", fast->second);
            }
            if ((*reference)[v] != ReferenceOutcome::kUnaffected || fast != fast_says.end()) {
                expectations += fmt::format("{} {} {}\n", asset.name, diff_case.cves[v].id,
                                            reference_outcome_name((*reference)[v]));
            }
        }
    }
    return out + "----\n" + expectations;
}

}  // namespace wardround::match::testing

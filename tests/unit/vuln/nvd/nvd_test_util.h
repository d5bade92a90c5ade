// SPDX-License-Identifier: Apache-2.0
// Helpers for the NVD reader tests: reading a whole file into records, compressing at test time,
// and a text form of a record that covers every field (to compare two readings exactly).
#pragma once

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <wardround/core/diagnostic.h>
#include <wardround/core/input_file.h>
#include <wardround/core/time.h>
#include <wardround/vuln/nvd.h>

#include "support/compression.h"

namespace wardround::vuln::testing {

using wardround::testing::gzip;
using wardround::testing::xz;

struct FileReading {
    Status status;  // the first Error, if any
    std::vector<CveRecord> records;
    NvdFileInfo info;
    Diagnostics diagnostics;
    std::size_t elements = 0;
    std::size_t skipped = 0;

    [[nodiscard]] std::size_t count(std::string_view code) const {
        auto found = diagnostics.count_by_code().find(std::string(code));
        return found == diagnostics.count_by_code().end() ? 0 : found->second;
    }
    [[nodiscard]] const CveRecord* find(std::string_view id) const {
        for (const CveRecord& record : records) {
            if (record.id == id) {
                return &record;
            }
        }
        return nullptr;
    }
};

inline FileReading read_nvd(InputFile& file, NvdReadOptions options = {}) {
    FileReading out;
    auto reader = NvdReader::open(file, out.diagnostics, options);
    if (!reader) {
        out.status = tl::unexpected<Error>(reader.error());
        return out;
    }
    for (;;) {
        CveRecord record;
        auto more = reader->next(record);
        if (!more) {
            out.status = tl::unexpected<Error>(more.error());
            break;
        }
        if (!*more) {
            break;
        }
        out.records.push_back(std::move(record));
    }
    out.info = reader->info();
    out.elements = reader->elements_seen();
    out.skipped = reader->records_skipped();
    return out;
}

inline FileReading read_nvd_path(const std::string& path, NvdReadOptions options = {}) {
    auto file = InputFile::open(path);
    if (!file) {
        FileReading out;
        out.status = tl::unexpected<Error>(file.error());
        return out;
    }
    return read_nvd(*file, options);
}

inline FileReading read_nvd_bytes(const std::string& name,
                                  const std::string& bytes,
                                  NvdReadOptions options = {}) {
    InputFile file = InputFile::from_memory(name, bytes);
    return read_nvd(file, options);
}

inline std::string optional_text(const std::optional<std::string>& value) {
    return value ? "\"" + *value + "\"" : "-";
}

// Every field of a record, one per line.
inline std::string fingerprint(const CveRecord& r) {
    std::ostringstream out;
    out << r.id << '|' << r.source_identifier << '|'
        << (r.published ? format_timestamp(*r.published) : "-") << '|'
        << format_timestamp(r.last_modified) << '|' << r.vuln_status << '|' << r.description << '|'
        << r.cve_tags << '|' << (r.cisa_exploit_add ? format_date(*r.cisa_exploit_add) : "-") << '|'
        << (r.cisa_action_due ? format_date(*r.cisa_action_due) : "-") << '|'
        << r.cisa_required_action << '|' << r.cisa_vulnerability_name << '|' << r.evaluator_comment
        << '|' << r.evaluator_solution << '|' << r.evaluator_impact << '|' << r.has_configurations
        << '|' << r.element_index << '|' << r.byte_offset << '\n';
    for (const CvssMetric& m : r.metrics) {
        out << "metric " << cvss_version_name(m.version) << '|' << m.source << '|' << m.type << '|'
            << m.vector << '|' << m.base_score << '|' << m.base_severity << '|'
            << (m.exploitability_score ? std::to_string(*m.exploitability_score) : "-") << '|'
            << (m.impact_score ? std::to_string(*m.impact_score) : "-") << '\n';
    }
    for (const CveWeakness& w : r.weaknesses) {
        out << "weakness " << w.source << '|' << w.type << '|' << w.cwe_id << '\n';
    }
    for (const CveReference& ref : r.references) {
        out << "reference " << ref.url << '|' << ref.source;
        for (const std::string& tag : ref.tags) {
            out << '|' << tag;
        }
        out << '\n';
    }
    for (const Configuration& c : r.configurations) {
        out << "configuration " << config_operator_name(c.op) << '|' << c.negate << '\n';
        for (const ConfigNode& n : c.nodes) {
            out << " node " << config_operator_name(n.op) << '|' << n.negate << '\n';
            for (const CpeMatch& m : n.matches) {
                out << "  match " << m.vulnerable << '|' << m.criteria << '|' << m.match_criteria_id
                    << '|' << optional_text(m.version_start_including) << '|'
                    << optional_text(m.version_start_excluding) << '|'
                    << optional_text(m.version_end_including) << '|'
                    << optional_text(m.version_end_excluding) << '\n';
            }
        }
    }
    return out.str();
}

inline std::vector<std::string> fingerprints(const std::vector<CveRecord>& records) {
    std::vector<std::string> out;
    out.reserve(records.size());
    for (const CveRecord& record : records) {
        out.push_back(fingerprint(record));
    }
    return out;
}

// Tallies over a whole file, the numbers the tests compare with measurements made independently
// (python3 -m json on the same files).
struct Tally {
    std::size_t no_configurations = 0;
    std::size_t configurations = 0;
    std::size_t and_configurations = 0;
    std::size_t or_configurations = 0;
    std::size_t negated_configurations = 0;
    std::size_t nodes = 0;
    std::size_t or_nodes = 0;
    std::size_t negated_nodes = 0;
    std::size_t matches = 0;
    std::size_t not_vulnerable = 0;
    std::size_t start_including = 0;
    std::size_t start_excluding = 0;
    std::size_t end_including = 0;
    std::size_t end_excluding = 0;
    std::size_t metrics = 0;
    std::size_t weaknesses = 0;
    std::size_t references = 0;
    std::size_t reference_tags = 0;
    std::map<std::string, std::size_t> status;
    std::map<std::string, std::size_t> metric_versions;
};

inline Tally tally(const std::vector<CveRecord>& records) {
    Tally t;
    for (const CveRecord& r : records) {
        ++t.status[r.vuln_status];
        t.no_configurations += r.has_configurations ? 0 : 1;
        t.metrics += r.metrics.size();
        for (const CvssMetric& m : r.metrics) {
            ++t.metric_versions[std::string(cvss_version_name(m.version))];
        }
        t.weaknesses += r.weaknesses.size();
        t.references += r.references.size();
        for (const CveReference& ref : r.references) {
            t.reference_tags += ref.tags.size();
        }
        for (const Configuration& c : r.configurations) {
            ++t.configurations;
            t.and_configurations += c.op == ConfigOperator::kAnd ? 1 : 0;
            t.or_configurations += c.op == ConfigOperator::kOr ? 1 : 0;
            t.negated_configurations += c.negate ? 1 : 0;
            for (const ConfigNode& n : c.nodes) {
                ++t.nodes;
                t.or_nodes += n.op == ConfigOperator::kOr ? 1 : 0;
                t.negated_nodes += n.negate ? 1 : 0;
                for (const CpeMatch& m : n.matches) {
                    ++t.matches;
                    t.not_vulnerable += m.vulnerable ? 0 : 1;
                    t.start_including += m.version_start_including ? 1 : 0;
                    t.start_excluding += m.version_start_excluding ? 1 : 0;
                    t.end_including += m.version_end_including ? 1 : 0;
                    t.end_excluding += m.version_end_excluding ? 1 : 0;
                }
            }
        }
    }
    return t;
}

}  // namespace wardround::vuln::testing

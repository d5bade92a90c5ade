// SPDX-License-Identifier: Apache-2.0
// NVD CVE API 2.0 records, read one at a time from a file of any size: an API response page, a
// fkie-cad/nvd-json-data-feeds release file (CVE-2024.json.xz, CVE-all.json.xz) or one
// file of that project's one-file-per-CVE tree. A record with a bad required field is reported as a
// Diagnostic and skipped; JSON that is not well formed stops the file with an Error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/diagnostic.h>
#include <wardround/core/input_file.h>
#include <wardround/core/json_stream.h>
#include <wardround/core/result.h>
#include <wardround/core/time.h>

namespace wardround::vuln {

enum class CvssVersion { kV2, kV30, kV31, kV40 };

// "2.0", "3.0", "3.1", "4.0": the cve_metric.cvss_version column.
[[nodiscard]] std::string_view cvss_version_name(CvssVersion version);

// One entry of metrics.cvssMetricV40/V31/V30/V2, in the order NVD lists them.
struct CvssMetric {
    CvssVersion version = CvssVersion::kV31;  // from the list it is in
    std::string source;                       // "nvd@nist.gov" or the CNA's
    std::string type;                         // "Primary" | "Secondary"
    std::string vector;                       // cvssData.vectorString
    double base_score = 0;
    std::string base_severity;  // cvssData.baseSeverity (v2: next to cvssData); "" when absent
    std::optional<double> exploitability_score;  // absent in v4.0
    std::optional<double> impact_score;
};

// One CWE value of one weaknesses[] entry: an entry with two values gives two.
struct CveWeakness {
    std::string source;
    std::string type;    // "Primary" | "Secondary"
    std::string cwe_id;  // "CWE-79", "NVD-CWE-noinfo", "NVD-CWE-Other"
};

struct CveReference {
    std::string url;
    std::string source;             // "" when absent
    std::vector<std::string> tags;  // "Patch", "Vendor Advisory", ...
};

enum class ConfigOperator { kOr, kAnd };

// "OR" | "AND".
[[nodiscard]] std::string_view config_operator_name(ConfigOperator op);

// A cpeMatch entry exactly as published. Bounds apply only when the criteria's version is "*".
struct CpeMatch {
    bool vulnerable = false;        // false: platform context ("running on"), never a finding
    std::string criteria;           // CPE 2.3 formatted string
    std::string match_criteria_id;  // "" when absent
    std::optional<std::string> version_start_including;
    std::optional<std::string> version_start_excluding;
    std::optional<std::string> version_end_including;
    std::optional<std::string> version_end_excluding;
};

struct ConfigNode {
    ConfigOperator op = ConfigOperator::kOr;
    bool negate = false;
    std::vector<CpeMatch> matches;
};

// One applicability statement; the CVE applies when any of them is satisfied.
struct Configuration {
    ConfigOperator op = ConfigOperator::kOr;  // NVD omits it for OR
    bool negate = false;
    std::vector<ConfigNode> nodes;
};

// One `cve` object. Text fields absent from the record are "".
//
// Records are kept whatever their status. A Rejected record is returned like any other (status
// "Rejected", normally without configurations) so that importing it replaces the live record it
// retracts; matching skips it by status. A record without configurations (Received, Awaiting
// Analysis, Deferred ones that were never analysed, Rejected) has has_configurations false:
// matching must report it "not evaluable", never "not affected". When a configuration is malformed
// all of them are dropped (nvd.bad_field), because part of an applicability statement matches the
// wrong assets.
struct CveRecord {
    std::string id;  // CVE-2021-44228
    std::string source_identifier;
    std::optional<Timestamp> published;
    Timestamp last_modified;
    std::string vuln_status;  // Received | Awaiting Analysis | ... | Rejected
    std::string description;  // the first English description
    std::string cve_tags;     // cveTags as compact JSON ("[]"), "" when absent
    std::optional<Date> cisa_exploit_add;
    std::optional<Date> cisa_action_due;
    std::string cisa_required_action;
    std::string cisa_vulnerability_name;
    std::string evaluator_comment;
    std::string evaluator_solution;
    std::string evaluator_impact;
    std::vector<CvssMetric> metrics;  // V40, V31, V30, V2 lists in document order
    std::vector<CveWeakness> weaknesses;
    std::vector<CveReference> references;
    std::vector<Configuration> configurations;
    bool has_configurations = false;  // !configurations.empty()

    // Where the record is in its file, for later messages about it.
    std::size_t element_index = 0;  // index in the file's array (0 for a one-record file)
    std::uint64_t byte_offset = 0;  // of the record's element in the decompressed stream

    [[nodiscard]] bool rejected() const { return vuln_status == "Rejected"; }
};

enum class NvdFileKind {
    kApiPage,      // {"resultsPerPage":..., "vulnerabilities": [{"cve": {...}}, ...]}
    kFeedRelease,  // fkie-cad release: {"timestamp", "cve_count", "feed_name", "source",
                   // "cve_items": [{...}, ...]} with bare cve objects, sorted by id
    kRecord,       // one bare cve object (fkie-cad tree), or {"cve": {...}}
};

[[nodiscard]] std::string_view nvd_file_kind_name(NvdFileKind kind);

// The root members of a page or release file. Those before the array are known after open(), the
// rest once next() has returned false.
struct NvdFileInfo {
    NvdFileKind kind = NvdFileKind::kApiPage;
    std::optional<std::int64_t> results_per_page;
    std::optional<std::int64_t> start_index;
    std::optional<std::int64_t> total_results;
    std::string format;   // "NVD_CVE"
    std::string version;  // "2.0"
    std::optional<Timestamp> timestamp;
    std::optional<std::int64_t> cve_count;  // release files
    std::string feed_name;                  // release files: "CVE-2024", "CVE-all"
    std::string source;                     // release files: "fkie-cad/nvd-json-data-feeds"
};

struct NvdReadOptions {
    // max_element_bytes bounds one record, and a one-record file as a whole.
    JsonStreamOptions stream;
};

// Reads the records of one file. Diagnostics (source = the file's name, location = a JSON path
// such as "$.vulnerabilities[12].cve.lastModified"):
//   error    nvd.missing_field, nvd.bad_type, nvd.bad_value: a required field (id, lastModified,
//            vulnStatus) is absent, of the wrong type or unusable (an id that is not CVE-YYYY-N+,
//            a time that does not parse); also an element that is not an object. Record skipped.
//   warning  nvd.bad_field: an optional field of the wrong type or value, ignored (a malformed
//            metric, weakness or reference entry is dropped; for configurations see CveRecord).
//   warning  nvd.unknown_metric: a metrics list other than cvssMetricV40/V31/V30/V2 and the
//            SSVC list ssvcV203 (known, not stored: it is not a CVSS score).
//   warning  nvd.count_mismatch: the page says resultsPerPage (or cve_count) but holds another
//            number of records: the file was cut or edited.
//   info     nvd.ignored_field: a member of the cve object that NVD did not have when this was
//            written. The known members the schema has no column for ("affected", the CNA's
//            product text; "vendorComments") are skipped without a diagnostic.
class NvdReader {
public:
    // `file` and `diagnostics` must outlive the reader; `file` must not have been read from
    // (peeking, as feed detection does, is fine). The kind is told from the first member
    // name of the root object: page and release metadata names (resultsPerPage, timestamp, ...)
    // or an array name mean a page or release, anything else a one-record file.
    // Errors: those of JsonArrayStream::open (kDataLoss for truncation; kInvalidArgument for a
    // root that is not an object or has no "vulnerabilities"/"cve_items" array); kInvalidArgument
    // when "format" is not "NVD_CVE" or "version" is not 2.x, or a one-record file is larger
    // than max_element_bytes; InputFile's read errors.
    [[nodiscard]] static Result<NvdReader> open(InputFile& file,
                                                Diagnostics& diagnostics,
                                                NvdReadOptions options = {});

    NvdReader(NvdReader&&) noexcept;
    NvdReader& operator=(NvdReader&&) noexcept;
    ~NvdReader();

    // Replaces `record` with the next usable record and returns true; false at the end of the
    // file (after the root's trailing members and the end of input were checked). Records with
    // error diagnostics are skipped. Errors (the file must be abandoned; later calls return the
    // same error): an element that is not well-formed JSON (bad UTF-8, bad number, structure;
    // kInvalidArgument, where = file, element path and byte offset), every JsonArrayStream::next
    // error, and the format and version checks on members after the array.
    [[nodiscard]] Result<bool> next(CveRecord& record);

    [[nodiscard]] const NvdFileInfo& info() const;
    // Elements seen so far, usable or skipped.
    [[nodiscard]] std::size_t elements_seen() const;
    // Elements skipped with an error diagnostic.
    [[nodiscard]] std::size_t records_skipped() const;

private:
    struct State;
    explicit NvdReader(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace wardround::vuln

// SPDX-License-Identifier: Apache-2.0
// The bare-simdjson baseline. Input: CVE API 2.0 responses,
//   {"resultsPerPage":N,"startIndex":..,"totalResults":..,"format":"NVD_CVE","version":"2.0",
//    "timestamp":..,"vulnerabilities":[{"cve":{...}}, ...]}
// one DOM parse per file. The extract walk gathers each record into reused views (no copies but
// the lower-cased vendor and product the knowledge base indexes) the way an importer must before
// it can write rows, so that "parse and extract" is measured without any database.
#include "feed_scan.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <exception>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>

#include <simdjson.h>

#include <wardround/core/input_file.h>
#include <wardround/core/time.h>

namespace wardround::bench {
namespace {

namespace dom = simdjson::dom;
using Clock = std::chrono::steady_clock;

// Decompressed pages are small; a single-file feed of the whole NVD is about 2 GB.
constexpr std::size_t kMaxDocumentBytes = std::size_t{1} << 36U;

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::size_t status_index(std::string_view status) {
    for (std::size_t i = 0; i + 1 < kStatusNames.size(); ++i) {
        if (status == kStatusNames[i]) {
            return i;
        }
    }
    return kStatusNames.size() - 1;
}

// Reads a field the importer can do without: when it is absent (or of another type) `out` keeps
// its value.
template <typename T>
void optional_field(simdjson::simdjson_result<T>&& result, T& out) {
    T value{};
    if (std::move(result).get(value) == simdjson::SUCCESS) {
        out = value;
    }
}

// Views of one record, reused from record to record so that the walk allocates only when a record
// is larger than any before it.
struct MetricView {
    std::string_view key;
    std::string_view source;
    std::string_view type;
    std::string_view cvss_version;
    std::string_view vector;
    std::string_view severity;
    double base_score = 0;
    std::optional<double> exploitability;
    std::optional<double> impact;
};

struct WeaknessView {
    std::string_view source;
    std::string_view type;
    std::string_view cwe;
};

struct ReferenceView {
    std::string_view url;
    std::string_view source;
    std::size_t tags = 0;
};

struct NodeView {
    std::size_t configuration = 0;
    std::string_view op;
    bool negate = false;
};

struct MatchView {
    std::size_t node = 0;
    bool vulnerable = true;
    std::string_view criteria;
    std::string_view match_criteria_id;
    std::array<std::string_view, 4> bounds{};  // start incl./excl., end incl./excl.
    std::string_view part;
    std::string vendor;  // lower case, as the cve_cpe_match index wants
    std::string product;
};

struct CveView {
    std::string_view id;
    std::string_view source_identifier;
    std::string_view status;
    std::string_view description;
    std::optional<Timestamp> published;
    Timestamp last_modified;
    std::string_view kev_added;
    // The rest of the cve table's text columns: KEV details and NVD's evaluator notes.
    std::array<std::string_view, 6> notes{};
    std::vector<MetricView> metrics;
    std::vector<WeaknessView> weaknesses;
    std::vector<ReferenceView> references;
    std::vector<std::string_view> configuration_operators;
    std::vector<NodeView> nodes;
    std::vector<MatchView> matches;
    std::size_t match_count = 0;

    void clear() {
        description = {};
        source_identifier = {};
        published.reset();
        kev_added = {};
        notes = {};
        metrics.clear();
        weaknesses.clear();
        references.clear();
        configuration_operators.clear();
        nodes.clear();
        match_count = 0;
    }

    MatchView& next_match() {
        if (match_count == matches.size()) {
            matches.emplace_back();
        }
        return matches[match_count++];
    }
};

void assign_lower(std::string& out, std::string_view text) {
    out.resize(text.size());
    std::transform(text.begin(), text.end(), out.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
}

// Splits "cpe:2.3:part:vendor:product:..." at colons that are not escaped with a backslash.
void split_criteria(MatchView& match) {
    constexpr std::string_view kPrefix = "cpe:2.3:";
    match.part = {};
    match.vendor.clear();
    match.product.clear();
    const std::string_view criteria = match.criteria;
    if (criteria.substr(0, kPrefix.size()) != kPrefix) {
        return;
    }
    std::array<std::string_view, 3> fields{};
    std::size_t field = 0;
    std::size_t begin = kPrefix.size();
    for (std::size_t i = begin; i < criteria.size() && field < fields.size(); ++i) {
        if (criteria[i] == '\\') {
            ++i;
            continue;
        }
        if (criteria[i] == ':') {
            fields[field++] = criteria.substr(begin, i - begin);
            begin = i + 1;
        }
    }
    if (field < fields.size()) {
        return;
    }
    match.part = fields[0];
    assign_lower(match.vendor, fields[1]);
    assign_lower(match.product, fields[2]);
}

class Walker {
public:
    Walker(ScanMode mode, ScanReport& report) : mode_(mode), report_(report) {}

    Status scan_file(const std::string& path) {
        const auto read_start = Clock::now();
        auto text = load(path);
        const auto parse_start = Clock::now();
        report_.read_seconds += std::chrono::duration<double>(parse_start - read_start).count();
        if (!text) {
            return propagate(text.error());
        }
        report_.bytes += text->size();
        ++report_.files;
        path_ = &path;
        Status status = walk_document(*text);
        report_.parse_seconds += std::chrono::duration<double>(Clock::now() - parse_start).count();
        return status;
    }

private:
    static Result<simdjson::padded_string> load(const std::string& path) {
        if (!ends_with(path, ".gz") && !ends_with(path, ".xz")) {
            simdjson::padded_string text;
            const auto error = simdjson::padded_string::load(path).get(text);
            if (error) {
                std::error_code exists_error;
                const bool missing = !std::filesystem::exists(path, exists_error);
                return make_error(
                    missing ? ErrorCode::kNotFound : ErrorCode::kUnavailable,
                    std::string("cannot read the file: ") + simdjson::error_message(error), path);
            }
            return text;
        }
        auto input = InputFile::open(path);
        if (!input) {
            return propagate(input.error());
        }
        auto bytes = input->read_all(kMaxDocumentBytes);
        if (!bytes) {
            return propagate(bytes.error());
        }
        return simdjson::padded_string(*bytes);
    }

    [[nodiscard]] std::string where(std::size_t index, std::string_view field = {}) const {
        std::string text = *path_ + " $.vulnerabilities[" + std::to_string(index) + "]";
        if (!field.empty()) {
            text += '.';
            text += field;
        }
        return text;
    }

    [[nodiscard]] Status invalid(std::size_t index,
                                 std::string_view field,
                                 std::string message) const {
        return make_error(ErrorCode::kInvalidArgument, std::move(message), where(index, field));
    }

    Status walk_document(const simdjson::padded_string& text) {
        dom::element document;
        if (const auto error = parser_.parse(text).get(document); error) {
            return make_error(ErrorCode::kInvalidArgument,
                              std::string("not valid JSON: ") + simdjson::error_message(error),
                              *path_);
        }
        dom::array vulnerabilities;
        if (document["vulnerabilities"].get_array().get(vulnerabilities)) {
            return make_error(ErrorCode::kInvalidArgument,
                              "not a CVE API 2.0 response: no \"vulnerabilities\" array", *path_);
        }
        std::size_t index = 0;
        for (const dom::element item : vulnerabilities) {
            dom::object cve;
            if (item["cve"].get_object().get(cve)) {
                return invalid(index, "cve", "the record is not an object with a \"cve\" object");
            }
            std::string_view id;
            if (cve["id"].get_string().get(id) || id.empty()) {
                return invalid(index, "cve.id", "the record has no id");
            }
            report_.id_checksum += id.size() * 31 + static_cast<unsigned char>(id.back());
            if (mode_ == ScanMode::kExtract) {
                WARDROUND_TRY(extract(cve, id, index));
            }
            ++index;
        }
        report_.records += index;
        std::uint64_t claimed = 0;
        if (document["resultsPerPage"].get_uint64().get(claimed) == simdjson::SUCCESS &&
            claimed != index) {
            return make_error(ErrorCode::kDataLoss,
                              "resultsPerPage says " + std::to_string(claimed) + " but " +
                                  std::to_string(index) + " records are present",
                              *path_);
        }
        return {};
    }

    Status extract(const dom::object& cve, std::string_view id, std::size_t index) {
        record_.clear();
        record_.id = id;
        if (cve["vulnStatus"].get_string().get(record_.status)) {
            return invalid(index, "cve.vulnStatus", "vulnStatus is missing");
        }
        std::string_view text;
        if (cve["lastModified"].get_string().get(text)) {
            return invalid(index, "cve.lastModified", "lastModified is missing");
        }
        auto last_modified = parse_timestamp(text);
        if (!last_modified) {
            return invalid(index, "cve.lastModified", last_modified.error().message);
        }
        record_.last_modified = *last_modified;
        if (cve["published"].get_string().get(text) == simdjson::SUCCESS) {
            auto published = parse_timestamp(text);
            if (!published) {
                return invalid(index, "cve.published", published.error().message);
            }
            record_.published = *published;
        }
        optional_field(cve["sourceIdentifier"].get_string(), record_.source_identifier);
        optional_field(cve["cisaExploitAdd"].get_string(), record_.kev_added);
        constexpr std::array<const char*, 6> kNoteKeys = {
            "cisaActionDue",    "cisaRequiredAction", "cisaVulnerabilityName",
            "evaluatorComment", "evaluatorSolution",  "evaluatorImpact"};
        for (std::size_t n = 0; n < kNoteKeys.size(); ++n) {
            optional_field(cve[kNoteKeys[n]].get_string(), record_.notes[n]);
        }

        extract_description_and_tags(cve);
        WARDROUND_TRY(extract_metrics(cve, index));
        WARDROUND_TRY(extract_weaknesses(cve, index));
        WARDROUND_TRY(extract_references(cve, index));
        WARDROUND_TRY(extract_configurations(cve, index));
        count_record();
        return {};
    }

    void extract_description_and_tags(const dom::object& cve) {
        dom::array array;
        if (cve["descriptions"].get_array().get(array) == simdjson::SUCCESS) {
            for (const dom::element description : array) {
                std::string_view lang;
                if (description["lang"].get_string().get(lang) == simdjson::SUCCESS &&
                    lang == "en") {
                    optional_field(description["value"].get_string(), record_.description);
                    break;
                }
            }
        }
        if (cve["cveTags"].get_array().get(array) == simdjson::SUCCESS && array.size() > 0) {
            ++report_.counts.cve_tags;
        }
    }

    Status extract_metrics(const dom::object& cve, std::size_t index) {
        dom::object metrics;
        if (cve["metrics"].get_object().get(metrics)) {
            return {};
        }
        for (const auto [key, entries] : metrics) {
            dom::array array;
            if (entries.get_array().get(array)) {
                return invalid(index, "cve.metrics", "a metrics entry is not an array");
            }
            const bool cvss = key == "cvssMetricV40" || key == "cvssMetricV31" ||
                              key == "cvssMetricV30" || key == "cvssMetricV2";
            if (!cvss) {
                report_.counts.metrics_other += array.size();
                continue;
            }
            for (const dom::element entry : array) {
                MetricView metric;
                metric.key = key;
                dom::object data;
                if (entry["cvssData"].get_object().get(data) ||
                    data["version"].get_string().get(metric.cvss_version) ||
                    data["vectorString"].get_string().get(metric.vector) ||
                    data["baseScore"].get_double().get(metric.base_score) ||
                    entry["source"].get_string().get(metric.source) ||
                    entry["type"].get_string().get(metric.type)) {
                    return invalid(index, "cve.metrics",
                                   std::string(key) +
                                       " entry lacks source, type, version, vectorString or "
                                       "baseScore");
                }
                // CVSS v2 keeps baseSeverity beside cvssData, the later versions inside it.
                if (data["baseSeverity"].get_string().get(metric.severity)) {
                    optional_field(entry["baseSeverity"].get_string(), metric.severity);
                }
                double value = 0;
                if (entry["exploitabilityScore"].get_double().get(value) == simdjson::SUCCESS) {
                    metric.exploitability = value;
                }
                if (entry["impactScore"].get_double().get(value) == simdjson::SUCCESS) {
                    metric.impact = value;
                }
                record_.metrics.push_back(metric);
            }
        }
        return {};
    }

    Status extract_weaknesses(const dom::object& cve, std::size_t index) {
        dom::array weaknesses;
        if (cve["weaknesses"].get_array().get(weaknesses)) {
            return {};
        }
        for (const dom::element weakness : weaknesses) {
            WeaknessView view;
            optional_field(weakness["source"].get_string(), view.source);
            optional_field(weakness["type"].get_string(), view.type);
            dom::array descriptions;
            if (weakness["description"].get_array().get(descriptions)) {
                return invalid(index, "cve.weaknesses", "a weakness has no description array");
            }
            ++report_.counts.weaknesses;
            for (const dom::element description : descriptions) {
                if (description["value"].get_string().get(view.cwe)) {
                    return invalid(index, "cve.weaknesses", "a weakness description has no value");
                }
                record_.weaknesses.push_back(view);
            }
        }
        return {};
    }

    Status extract_references(const dom::object& cve, std::size_t index) {
        dom::array references;
        if (cve["references"].get_array().get(references)) {
            return {};
        }
        for (const dom::element reference : references) {
            ReferenceView view;
            if (reference["url"].get_string().get(view.url)) {
                return invalid(index, "cve.references", "a reference has no url");
            }
            optional_field(reference["source"].get_string(), view.source);
            dom::array tags;
            if (reference["tags"].get_array().get(tags) == simdjson::SUCCESS) {
                for (const dom::element tag : tags) {
                    std::string_view value;
                    if (tag.get_string().get(value) == simdjson::SUCCESS) {
                        ++view.tags;
                    }
                }
            }
            record_.references.push_back(view);
        }
        return {};
    }

    Status extract_configurations(const dom::object& cve, std::size_t index) {
        dom::array configurations;
        if (cve["configurations"].get_array().get(configurations)) {
            return {};
        }
        for (const dom::element configuration : configurations) {
            std::string_view op = "OR";  // NVD's default when absent
            optional_field(configuration["operator"].get_string(), op);
            record_.configuration_operators.push_back(op);
            dom::array nodes;
            if (configuration["nodes"].get_array().get(nodes)) {
                return invalid(index, "cve.configurations", "a configuration has no nodes");
            }
            for (const dom::element node : nodes) {
                NodeView node_view;
                node_view.configuration = record_.configuration_operators.size() - 1;
                optional_field(node["operator"].get_string(), node_view.op);
                optional_field(node["negate"].get_bool(), node_view.negate);
                record_.nodes.push_back(node_view);
                dom::array matches;
                if (node["cpeMatch"].get_array().get(matches)) {
                    return invalid(index, "cve.configurations", "a node has no cpeMatch array");
                }
                for (const dom::element entry : matches) {
                    MatchView& match = record_.next_match();
                    match.node = record_.nodes.size() - 1;
                    if (entry["criteria"].get_string().get(match.criteria) ||
                        entry["vulnerable"].get_bool().get(match.vulnerable)) {
                        return invalid(index, "cve.configurations",
                                       "a cpeMatch lacks criteria or vulnerable");
                    }
                    match.match_criteria_id = {};
                    optional_field(entry["matchCriteriaId"].get_string(), match.match_criteria_id);
                    constexpr std::array<const char*, 4> kBoundKeys = {
                        "versionStartIncluding", "versionStartExcluding", "versionEndIncluding",
                        "versionEndExcluding"};
                    for (std::size_t b = 0; b < kBoundKeys.size(); ++b) {
                        match.bounds[b] = {};
                        optional_field(entry[kBoundKeys[b]].get_string(), match.bounds[b]);
                    }
                    split_criteria(match);
                }
            }
        }
        return {};
    }

    void count_record() {
        ExtractCounts& counts = report_.counts;
        ++counts.by_status[status_index(record_.status)];
        counts.english_descriptions += record_.description.empty() ? 0 : 1;
        counts.kev += record_.kev_added.empty() ? 0 : 1;
        count_metrics(counts);
        counts.cwe_values += record_.weaknesses.size();
        counts.references += record_.references.size();
        for (const ReferenceView& reference : record_.references) {
            counts.reference_tags += reference.tags;
        }
        counts.with_configurations += record_.configuration_operators.empty() ? 0 : 1;
        counts.configurations += record_.configuration_operators.size();
        for (const std::string_view op : record_.configuration_operators) {
            counts.and_configurations += op == "AND" ? 1 : 0;
        }
        counts.nodes += record_.nodes.size();
        count_matches(counts);
    }

    void count_metrics(ExtractCounts& counts) const {
        for (const MetricView& metric : record_.metrics) {
            counts.metrics_v40 += metric.key == "cvssMetricV40" ? 1 : 0;
            counts.metrics_v31 += metric.key == "cvssMetricV31" ? 1 : 0;
            counts.metrics_v30 += metric.key == "cvssMetricV30" ? 1 : 0;
            counts.metrics_v2 += metric.key == "cvssMetricV2" ? 1 : 0;
            counts.metrics_primary += metric.type == "Primary" ? 1 : 0;
            counts.metrics_secondary += metric.type == "Secondary" ? 1 : 0;
        }
    }

    void count_matches(ExtractCounts& counts) const {
        counts.cpe_matches += record_.match_count;
        counts.max_matches_per_cve =
            std::max<std::uint64_t>(counts.max_matches_per_cve, record_.match_count);
        for (std::size_t m = 0; m < record_.match_count; ++m) {
            const MatchView& match = record_.matches[m];
            counts.not_vulnerable += match.vulnerable ? 0 : 1;
            counts.start_including += match.bounds[0].empty() ? 0 : 1;
            counts.start_excluding += match.bounds[1].empty() ? 0 : 1;
            counts.end_including += match.bounds[2].empty() ? 0 : 1;
            counts.end_excluding += match.bounds[3].empty() ? 0 : 1;
            counts.escaped_criteria += match.criteria.find('\\') == std::string_view::npos ? 0 : 1;
        }
    }

    ScanMode mode_;
    ScanReport& report_;
    dom::parser parser_;
    const std::string* path_ = nullptr;
    CveView record_;
};

void merge(ScanReport& into, const ScanReport& from) {
    into.files += from.files;
    into.bytes += from.bytes;
    into.records += from.records;
    into.id_checksum += from.id_checksum;
    into.read_seconds += from.read_seconds;
    into.parse_seconds += from.parse_seconds;
    ExtractCounts& a = into.counts;
    const ExtractCounts& b = from.counts;
    for (std::size_t i = 0; i < a.by_status.size(); ++i) {
        a.by_status[i] += b.by_status[i];
    }
    a.english_descriptions += b.english_descriptions;
    a.cve_tags += b.cve_tags;
    a.kev += b.kev;
    a.metrics_v40 += b.metrics_v40;
    a.metrics_v31 += b.metrics_v31;
    a.metrics_v30 += b.metrics_v30;
    a.metrics_v2 += b.metrics_v2;
    a.metrics_primary += b.metrics_primary;
    a.metrics_secondary += b.metrics_secondary;
    a.metrics_other += b.metrics_other;
    a.weaknesses += b.weaknesses;
    a.cwe_values += b.cwe_values;
    a.references += b.references;
    a.reference_tags += b.reference_tags;
    a.with_configurations += b.with_configurations;
    a.configurations += b.configurations;
    a.and_configurations += b.and_configurations;
    a.nodes += b.nodes;
    a.cpe_matches += b.cpe_matches;
    a.not_vulnerable += b.not_vulnerable;
    a.start_including += b.start_including;
    a.start_excluding += b.start_excluding;
    a.end_including += b.end_including;
    a.end_excluding += b.end_excluding;
    a.escaped_criteria += b.escaped_criteria;
    a.max_matches_per_cve = std::max(a.max_matches_per_cve, b.max_matches_per_cve);
}

}  // namespace

Result<std::vector<std::string>> feed_files(const std::string& path) {
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (error || !std::filesystem::exists(status)) {
        return make_error(ErrorCode::kNotFound, "no such file or directory", path);
    }
    if (!std::filesystem::is_directory(status)) {
        return std::vector<std::string>{path};
    }
    std::vector<std::string> pages;
    std::vector<std::string> single;
    for (const auto& entry : std::filesystem::directory_iterator(path, error)) {
        const std::string name = entry.path().filename().string();
        const bool json = ends_with(name, ".json") || ends_with(name, ".json.gz");
        if (json && name.rfind("page-", 0) == 0) {
            pages.push_back(entry.path().string());
        } else if (json && name.rfind("nvd-all.", 0) == 0) {
            single.push_back(entry.path().string());
        }
    }
    if (error) {
        return make_error(ErrorCode::kUnavailable, "cannot list the directory: " + error.message(),
                          path);
    }
    // Page numbers are zero-padded, so name order is page order.
    std::vector<std::string>& files = pages.empty() ? single : pages;
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        return make_error(ErrorCode::kNotFound,
                          "no feed files (page-NNNNN.json[.gz] or nvd-all.json[.gz]) in the "
                          "directory",
                          path);
    }
    return files;
}

Result<ScanReport> scan_feed(const std::vector<std::string>& files, const ScanOptions& options) {
    if (options.threads == 0) {
        return make_error(ErrorCode::kInvalidArgument, "at least one thread is needed");
    }
    const auto start = Clock::now();
    const unsigned threads = static_cast<unsigned>(
        std::min<std::size_t>(options.threads, std::max<std::size_t>(files.size(), 1)));
    std::vector<ScanReport> reports(threads);
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::mutex error_mutex;
    std::optional<Error> first_error;
    const auto fail = [&](Error error) {
        const std::lock_guard lock(error_mutex);
        if (!first_error) {
            first_error = std::move(error);
        }
        failed.store(true);
    };
    const auto work = [&](unsigned worker) {
        // An exception must not escape a thread (that would terminate the process): the only
        // ones possible here are allocation failures.
        try {
            Walker walker(options.mode, reports[worker]);
            while (!failed.load()) {
                const std::size_t index = next.fetch_add(1);
                if (index >= files.size()) {
                    return;
                }
                Status status = walker.scan_file(files[index]);
                if (!status) {
                    fail(status.error());
                    return;
                }
            }
        } catch (const std::exception& exception) {
            fail(Error{ErrorCode::kInternal, std::string("scan failed: ") + exception.what(), {}});
        }
    };
    std::vector<std::thread> pool;
    try {
        pool.reserve(threads);
        for (unsigned worker = 1; worker < threads; ++worker) {
            pool.emplace_back(work, worker);
        }
    } catch (const std::exception& exception) {
        // Starting a thread can fail (std::system_error); the threads already running stop at
        // their next file and are joined below.
        fail(Error{ErrorCode::kUnavailable,
                   std::string("cannot start a thread: ") + exception.what(),
                   {}});
    }
    work(0);
    for (std::thread& thread : pool) {
        thread.join();
    }

    if (first_error) {
        return propagate(*first_error);
    }
    ScanReport total;
    for (const ScanReport& report : reports) {
        merge(total, report);
    }
    total.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return total;
}

std::uint64_t peak_rss_bytes() {
    // "VmHWM:     123456 kB"
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) != 0) {
            continue;
        }
        const std::size_t digits = line.find_first_of("0123456789");
        std::uint64_t kilobytes = 0;
        if (digits != std::string::npos) {
            std::from_chars(line.data() + digits, line.data() + line.size(), kilobytes);
        }
        return kilobytes * 1024;
    }
    return 0;
}

}  // namespace wardround::bench

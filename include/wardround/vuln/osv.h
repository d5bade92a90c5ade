// SPDX-License-Identifier: Apache-2.0
// OSV advisories (https://ossf.github.io/osv-schema/), the format of OSV.dev, GitHub Security
// Advisories, the PyPI, Go and RustSec databases and the Debian, Ubuntu and Alpine trackers, parsed
// into typed records that carry everything the knowledge base stores for them (advisory,
// advisory_alias, advisory_cve, advisory_reference, advisory_score, osv_affected, osv_range).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/diagnostic.h>
#include <wardround/core/input_file.h>
#include <wardround/core/result.h>
#include <wardround/core/time.h>

namespace wardround::vuln {

// OSV files hold one record (a few KB; the largest, Linux kernel records, a few hundred KB) or,
// in some exports, an array of records.
inline constexpr std::size_t kOsvMaxDocumentBytes = std::size_t{256} << 20;
// summary and details longer than this are cut (on a UTF-8 boundary, "..." appended) and reported.
inline constexpr std::size_t kOsvMaxTextBytes = std::size_t{1} << 20;
// An id longer than this cannot be a database key and fails the document.
inline constexpr std::size_t kOsvMaxIdBytes = 255;

enum class OsvRangeType { kSemver, kEcosystem, kGit };
enum class OsvEventKind { kIntroduced, kFixed, kLastAffected, kLimit };
// How an id in aliases, related or upstream relates to the record (advisory_alias.relation).
enum class OsvRelation { kAlias, kRelated, kUpstream };

// "SEMVER" | "ECOSYSTEM" | "GIT".
[[nodiscard]] std::string_view osv_range_type_name(OsvRangeType type);
// "introduced" | "fixed" | "last_affected" | "limit": the event's key in OSV JSON.
[[nodiscard]] std::string_view osv_event_kind_name(OsvEventKind kind);
// "alias" | "related" | "upstream".
[[nodiscard]] std::string_view osv_relation_name(OsvRelation relation);

struct OsvEvent {
    OsvEventKind kind = OsvEventKind::kIntroduced;
    std::string version;  // "0" for introduced means "from the first version"

    bool operator==(const OsvEvent&) const = default;
};

// A range as published, with its events in published order (OSV does not require them sorted;
// ordering needs the ecosystem's version rules, which are the matcher's business).
struct OsvRange {
    OsvRangeType type = OsvRangeType::kEcosystem;
    std::string repo;  // the git repository; required for GIT, "" when absent
    std::vector<OsvEvent> events;
    std::string database_specific_json;  // compact JSON object, or "" when absent

    // [{"introduced":"0"},{"fixed":"1.2.3"}]: the osv_range.events column.
    [[nodiscard]] std::string events_json() const;
};

// A severity entry. For CVSS_V3 the base score and rating are computed from the vector with the
// CVSS 3.0/3.1 formula; nothing is computed for other types (CVSS_V4 needs FIRST's lookup table,
// Ubuntu priorities are words), so base_score stays empty.
struct OsvSeverity {
    std::string type;   // CVSS_V2 | CVSS_V3 | CVSS_V4 | Ubuntu (others kept as published)
    std::string score;  // the vector, or the Ubuntu priority ("medium"), as published
    std::optional<double> base_score;
    std::string base_severity;  // NONE | LOW | MEDIUM | HIGH | CRITICAL when base_score is set
};

struct OsvAffected {
    // package.ecosystem as published, release suffix included: "PyPI", "Debian:12",
    // "Ubuntu:22.04:LTS", "Alpine:v3.20". "" when the entry has no package (GIT-only entries).
    std::string ecosystem;
    std::string name;
    std::string purl;
    std::vector<std::string> versions;    // explicitly affected versions, as published
    std::vector<OsvRange> ranges;         // valid ranges only; malformed ones are reported
    std::vector<OsvSeverity> severity;    // per-package severity (OSV 1.5), rarely used
    std::string ecosystem_specific_json;  // compact JSON object, or ""
    std::string database_specific_json;   // compact JSON object, or ""

    // The ecosystem without its release suffix: "Debian" for "Debian:12", "Ubuntu" for
    // "Ubuntu:22.04:LTS", "Maven" for "Maven:https://maven.google.com".
    [[nodiscard]] std::string_view bare_ecosystem() const;
    // The suffix after the first ':' ("12", "22.04:LTS", "v3.20"), or "" when there is none.
    [[nodiscard]] std::string_view ecosystem_release() const;
    // ["1.0.0","1.0.1"]: the osv_affected.versions column.
    [[nodiscard]] std::string versions_json() const;
};

struct OsvAlias {
    std::string id;
    OsvRelation relation = OsvRelation::kAlias;

    bool operator==(const OsvAlias&) const = default;
};

struct OsvReference {
    std::string type;  // ADVISORY | ARTICLE | DETECTION | DISCUSSION | REPORT | FIX | ... | WEB
    std::string url;
};

struct OsvRecord {
    std::string id;              // "GHSA-67hx-6x53-jw92", "PYSEC-2023-192", "DSA-5532-1"
    std::string publisher;       // the id's database prefix: GHSA, PYSEC, DSA, CVE, SUSE-SU, ...
    std::string schema_version;  // "" when absent (OSV then means 1.0.0)
    Timestamp modified;          // newer replaces older
    std::optional<Timestamp> published;
    std::optional<Timestamp> withdrawn;
    std::string summary;
    std::string details;  // CommonMark
    // aliases, then related, then upstream, each in published order without repeats.
    std::vector<OsvAlias> aliases;
    // Every CVE id the record is about: its own id, its aliases and its upstream ids (distribution
    // records name the CVE they fix as upstream, not as an alias), in that order, without repeats.
    // Related ids are left out: OSV defines them as different vulnerabilities.
    std::vector<std::string> cve_ids;
    std::vector<OsvReference> references;
    std::vector<OsvSeverity> severity;
    std::vector<OsvAffected> affected;
    std::string database_specific_json;  // the record's own database_specific, or ""

    [[nodiscard]] bool is_withdrawn() const { return withdrawn.has_value(); }
};

// The ecosystem name without a ":release" suffix ("Debian:12" -> "Debian").
[[nodiscard]] std::string_view osv_bare_ecosystem(std::string_view ecosystem);

// The database prefix of an OSV id: the text before the first '-' ("GHSA", "PYSEC", "DSA",
// "UBUNTU" for "UBUNTU-CVE-2024-6119"), or before the second for the prefixes that contain one
// ("ASB-A", "PUB-A", "SUSE-SU", "SUSE-RU", "SUSE-FU", "SUSE-OU", "openSUSE-SU"). "" when the id has
// no prefix of letters and digits followed by '-' and more text.
[[nodiscard]] std::string_view osv_publisher(std::string_view id);

// Parses OSV documents: one record object, or an array of record objects. Reuses its JSON buffers
// from one document to the next (importing OSV.dev's hundreds of thousands of files should not
// allocate per file). Not thread-safe: use one per thread.
//
// Errors fail the whole document (nothing of it should be stored). They are kInvalidArgument with
// `where` = "<source> <JSON path>" ("$" for the document, "$[2].modified" for the third record of
// an array), for a document that: is larger than the limit; is not JSON, not UTF-8 or nested deeper
// than 1024 levels; is neither an object nor an array of objects; has a record without `id` (a KEV
// catalogue, say) or whose id is not a string of printable ASCII of at most kOsvMaxIdBytes with a
// database prefix (osv_publisher); or has a record without `modified`, or whose `modified` is not
// an RFC 3339 date-time ("2023-10-18T18:04:18Z", fraction and offset allowed).
//
// Problems inside a valid record do not fail it: they become `osv.*` diagnostics (source = the
// source name, location = JSON path) and the bad part is left out or kept as described:
//   osv.wrong_type (warning)     an optional field has the wrong JSON type; ignored. null counts as
//                                absent everywhere, as OSV's JSON schema allows
//   osv.duplicate_key (warning)  a key repeated in one object; the first is used
//   osv.bad_timestamp            published (warning) or withdrawn (error: the record then reads
//                                as not withdrawn) is not RFC 3339; left empty
//   osv.text_too_long (warning)  summary or details over kOsvMaxTextBytes; cut to that size and
//                                "..." appended
//   osv.bad_alias (warning)      an aliases/related/upstream entry that is not a non-empty string;
//                                left out
//   osv.duplicate_alias (info)   an id repeated in one list; the repeat is left out
//   osv.bad_reference (warning)  a reference that is not an object or has no url (left out), or
//                                has no type (kept with type "")
//   osv.bad_severity (warning)   a severity entry without a string type and score; left out
//   osv.unknown_severity_type (info)  a type other than CVSS_V2/V3/V4 and Ubuntu; kept
//   osv.bad_cvss (warning)       a CVSS vector that does not match its type's grammar; kept, with
//                                no base score
//   osv.bad_affected (error)     an affected entry that is not an object, or whose ranges or
//                                versions is not an array; the entry (or that list) is left out
//   osv.bad_package (warning)    package is not an object, or lacks ecosystem or name; the
//                                entry is kept with what there is
//   osv.bad_version (error)      a versions entry that is not a non-empty string; left out
//   osv.bad_range (error)        a range that is not an object, has no or an unknown type, has no
//                                events, an event that is not an object with exactly one of
//                                introduced/fixed/last_affected/limit set to a non-empty string, no
//                                introduced event, both fixed and last_affected, a limit outside
//                                a GIT range, or is a GIT range without repo; the range is left out
class OsvParser {
public:
    OsvParser();
    ~OsvParser();
    OsvParser(OsvParser&&) noexcept;
    OsvParser& operator=(OsvParser&&) noexcept;
    OsvParser(const OsvParser&) = delete;
    OsvParser& operator=(const OsvParser&) = delete;

    // Documents larger than `max_document_bytes` are refused (tests lower it).
    void set_max_document_bytes(std::size_t max_document_bytes);

    // Reads `file` whole (decompressing gzip/xz) and parses it; diagnostics name file.name().
    // Errors: as above, plus those of InputFile::read_all (kInvalidArgument over the limit,
    // kDataLoss, kUnavailable).
    [[nodiscard]] Result<std::vector<OsvRecord>> parse(InputFile& file, Diagnostics& diagnostics);

    // Parses JSON text already in memory; `source` names it in errors and diagnostics.
    // Errors: as above.
    [[nodiscard]] Result<std::vector<OsvRecord>> parse(std::string_view json,
                                                       std::string_view source,
                                                       Diagnostics& diagnostics);

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Opens `path` and parses it with a one-off parser. Errors: those of InputFile::open (kNotFound,
// kPermissionDenied, kInvalidArgument) and of OsvParser::parse.
[[nodiscard]] Result<std::vector<OsvRecord>> parse_osv_file(const std::string& path,
                                                            Diagnostics& diagnostics);

}  // namespace wardround::vuln
